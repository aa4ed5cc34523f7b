// Quotes: CRUD, pricing, approval, the state machine, revisions and acceptance into an order.
#include "sales/quotes.h"

#include "core/decimal_fields.h"
#include "invoicing/terms.h"
#include "party/facts.h"
#include "party/ownership.h"
#include "sales/settings.h"
#include "security/company.h"
#include "store/row_json.h"
#include "store/sequence.h"

namespace concord::sales {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "id, company_id, number, revision, party_id, opportunity_id, owner_user_id, department_id, "
    "currency, price_list_id, payment_term_id, date, valid_until, state, needs_approval, "
    "approved_by, approved_at, order_id, untaxed, tax, total, notes, version, created_at, "
    "updated_at";

std::optional<int64_t> OptId(const json& v) {
  return v.is_number() ? std::optional<int64_t>(v.get<int64_t>()) : std::nullopt;
}

PricingContext ContextOf(const json& q, Date date) {
  return PricingContext{q["company_id"], q["party_id"], q["currency"], date,
                        OptId(q["price_list_id"])};
}

// The allowed transitions: verb → (from states, to state).
struct Transition {
  std::vector<std::string> from;
  std::string to;
};
const std::map<std::string, Transition>& Transitions() {
  static const std::map<std::string, Transition> t = {
      {"send", {{"draft"}, "sent"}},          {"accept", {{"sent"}, "accepted"}},
      {"reject", {{"sent"}, "rejected"}},     {"expire", {{"sent"}, "expired"}},
      {"cancel", {{"draft"}, "cancelled"}},   {"approve", {{"draft"}, "draft"}},
      {"request-approval", {{"draft"}, "draft"}}};
  return t;
}

}  // namespace

Result<json> Quotes::Load(store::Tx& tx, int64_t company_id, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kColumns +
                                        " FROM quotes WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("quote");
  json out = store::RowJson(*row);
  std::string cur = row->Text("currency");
  for (const char* k : {"untaxed", "tax", "total"}) out[k] = MoneyText(row->Int(k), cur);
  out["needs_approval"] = row->Int("needs_approval") != 0;
  out["approved"] = !row->IsNull("approved_by");
  ASSIGN_OR_RETURN(auto lines, LoadLines(tx, "quote_id", id));
  out["lines"] = json::array();
  for (const auto& l : lines) out["lines"].push_back(LineJson(l, cur));
  out["max_discount_percent"] = FormatScaledTrimmed(MaxDiscount(lines), 4);
  return out;
}

Result<json> Quotes::LoadVisible(store::Tx& tx, const security::Access& who, int64_t id,
                                 const std::string& permission) const {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT company_id, owner_user_id, department_id FROM quotes "
                                    "WHERE id = ?",
                                    id));
  if (!row) return NotFound("quote");
  RETURN_IF_ERROR(
      who.CheckRecord(permission, {row->Int(0), row->OptInt(1), row->OptInt(2)}, "quote"));
  return Load(tx, who.company_id(), id);
}

Status Quotes::StoreLines(store::Tx& tx, int64_t company_id, int64_t id, std::vector<Line>& lines,
                          const std::string& currency) const {
  ASSIGN_OR_RETURN(auto totals, ComputeTotals(tx, d_.clock, company_id, currency, lines));
  RETURN_IF_ERROR(SaveLines(tx, company_id, "quote_id", id, lines));
  ASSIGN_OR_RETURN(auto settings, LoadSettings(tx, company_id));
  bool needs = MaxDiscount(lines) > settings.discount_approval;
  // New lines ask for approval again.
  return tx.Exec("UPDATE quotes SET untaxed = ?, tax = ?, total = ?, needs_approval = ?, "
                 "approved_by = NULL, approved_at = NULL WHERE id = ?",
                 totals.untaxed, totals.tax, totals.total, static_cast<int64_t>(needs), id)
      .status();
}

// Not Orders::kSorts: statics of other files may not be initialized yet.
const http::SortSpec Quotes::kSorts = {"id",
                                       {{"number", "number", http::SortKind::kText},
                                        {"date", "date", http::SortKind::kTimestamp},
                                        {"total", "total", http::SortKind::kMinorUnits},
                                        {"state", "state", http::SortKind::kText}}};

Result<json> Quotes::List(store::Tx& tx, const security::Access& who,
                          std::optional<int64_t> party_id, const std::string& state,
                          const http::ListPage& page) const {
  RETURN_IF_ERROR(who.Require("sales.quote.read"));
  auto vis = who.Visible("sales.quote.read");
  std::vector<store::Value> p = vis.params;
  std::string sql =
      page.Select(std::string("SELECT ") + kColumns + " FROM quotes WHERE " + vis.sql) +
      page.After(p);
  if (party_id) {
    sql += " AND party_id = ?";
    p.emplace_back(*party_id);
  }
  if (!state.empty()) {
    sql += " AND state = ?";
    p.emplace_back(state);
  }
  sql += page.OrderLimit(p);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, p));
  json items = json::array();
  for (const auto& r : rows) {
    json q = store::RowJson(r);
    for (const char* k : {"untaxed", "tax", "total"}) q[k] = MoneyText(r.Int(k), r.Text("currency"));
    q["needs_approval"] = r.Int("needs_approval") != 0;
    q["approved"] = !r.IsNull("approved_by");
    items.push_back(std::move(q));
  }
  return page.Body(std::move(items), rows);
}

Result<json> Quotes::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  return LoadVisible(tx, who, id, "sales.quote.read");
}

Result<json> Quotes::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("sales.quote.create"));
  int64_t co = who.company_id();
  Fields f(body);
  auto party_id = f.Int("party_id");
  auto opportunity_id = f.Int("opportunity_id");
  auto currency = f.Text("currency", {.max_chars = 3});
  auto date = f.Day("date");
  auto valid_until = f.Day("valid_until");
  auto price_list = f.Int("price_list_id");
  auto term = f.Int("payment_term_id");
  auto owner = f.Int("owner_user_id");
  auto notes = f.Text("notes", {.max_chars = 4000, .allow_empty = true});
  const json* lines = f.Raw("lines");
  RETURN_IF_ERROR(f.Finish());
  if (opportunity_id) {
    auto opp = d_.opportunities.Get(tx, who, *opportunity_id);
    if (!opp.ok()) return InvalidField("opportunity_id", "not_found", "No such opportunity.");
    if (!(*opp)["party_id"].is_number()) {
      return InvalidField("opportunity_id", "no_party", "The opportunity has no customer yet.");
    }
    if (party_id && *party_id != (*opp)["party_id"].get<int64_t>()) {
      return InvalidField("party_id", "mismatch", "The opportunity is another party's.");
    }
    party_id = (*opp)["party_id"].get<int64_t>();
  }
  if (!party_id) return InvalidField("party_id", "required", "party_id or opportunity_id is required.");
  RETURN_IF_ERROR(d_.parties.CheckLink(tx, who, *party_id, "party_id", "party.party.read"));
  if (term && !invoicing::PaymentTerm(tx, co, *term).ok()) {
    return InvalidField("payment_term_id", "not_found", "No such payment term.");
  }
  ASSIGN_OR_RETURN(auto facts, party::Facts(tx, co, *party_id));
  ASSIGN_OR_RETURN(auto company_currency, security::CompanyCurrency(tx, co));
  std::string cur = currency.value_or(facts.currency.empty() ? company_currency : facts.currency);
  if (!Currency::FromCode(cur).ok()) {
    return InvalidField("currency", "currency.unknown", "Not an ISO 4217 currency code.");
  }
  Date day;
  if (date) {
    day = *date;
  } else {
    ASSIGN_OR_RETURN(day, security::CompanyToday(tx, co, d_.clock));
  }
  ASSIGN_OR_RETURN(auto settings, LoadSettings(tx, co));
  Date until = valid_until.value_or(day.AddDays(static_cast<int32_t>(settings.quote_validity_days)));
  if (until < day) return InvalidField("valid_until", "before_date", "valid_until is before the date.");
  ASSIGN_OR_RETURN(auto own, party::ResolveOwner(tx, who, "sales.quote.create", owner));
  PricingContext ctx{co, *party_id, cur, day, price_list};
  ASSIGN_OR_RETURN(auto parsed, ReadLines(tx, d_.pricing, d_.products, ctx, lines ? *lines : json()));
  ASSIGN_OR_RETURN(auto number, store::NextNumber(tx, co, "quote", "QT-"));
  std::string now = d_.clock.Now().ToIso();
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO quotes (company_id, number, party_id, opportunity_id, owner_user_id, "
                "department_id, currency, price_list_id, payment_term_id, date, valid_until, "
                "state, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "'draft', ?, ?, ?) RETURNING id",
                co, number, *party_id, opportunity_id, own.user_id, own.department_id, cur,
                price_list, term, day.ToString(), until.ToString(), notes.value_or(""), now, now));
  RETURN_IF_ERROR(StoreLines(tx, co, id, parsed, cur));
  ASSIGN_OR_RETURN(json out, Load(tx, co, id));
  tx.Audit({"quote", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"quote.created", "quote", id, out});
  return out;
}

Result<json> Quotes::Update(store::Tx& tx, const security::Access& who, int64_t id,
                            const json& body, const VersionCheck& check) const {
  ASSIGN_OR_RETURN(json before, LoadVisible(tx, who, id, "sales.quote.update"));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  std::string state = before["state"];
  if (state != "draft" && state != "sent") {
    return Status(Code::kConflict, "quote.closed", "The quote is " + state + ".");
  }
  int64_t co = who.company_id();
  Fields f(body);
  f.Ignore("version");
  auto valid_until = f.Day("valid_until");
  auto notes = f.Text("notes", {.max_chars = 4000, .allow_empty = true});
  auto term = f.Int("payment_term_id");
  const json* lines = f.Raw("lines");
  RETURN_IF_ERROR(f.Finish());
  if (term && !invoicing::PaymentTerm(tx, co, *term).ok()) {
    return InvalidField("payment_term_id", "not_found", "No such payment term.");
  }
  ASSIGN_OR_RETURN(auto day, Date::Parse(before["date"].get<std::string>()));
  if (valid_until && *valid_until < day) {
    return InvalidField("valid_until", "before_date", "valid_until is before the date.");
  }
  std::string now = d_.clock.Now().ToIso();
  if (state == "sent") {  // the sent revision is kept; the edit starts the next one
    RETURN_IF_ERROR(tx.Exec("INSERT INTO quote_revisions (quote_id, revision, snapshot, user_id, "
                            "created_at) VALUES (?, ?, ?, ?, ?)",
                            id, before["revision"].get<int64_t>(), before.dump(), who.user_id(),
                            now)
                        .status());
    RETURN_IF_ERROR(tx.Exec("UPDATE quotes SET revision = revision + 1, state = 'draft', "
                            "approved_by = NULL, approved_at = NULL WHERE id = ?",
                            id)
                        .status());
  }
  if (valid_until) {
    RETURN_IF_ERROR(tx.Exec("UPDATE quotes SET valid_until = ? WHERE id = ?",
                            valid_until->ToString(), id).status());
  }
  if (notes) RETURN_IF_ERROR(tx.Exec("UPDATE quotes SET notes = ? WHERE id = ?", *notes, id).status());
  if (term) RETURN_IF_ERROR(tx.Exec("UPDATE quotes SET payment_term_id = ? WHERE id = ?", *term, id).status());
  if (lines) {
    ASSIGN_OR_RETURN(auto parsed, ReadLines(tx, d_.pricing, d_.products, ContextOf(before, day), *lines));
    RETURN_IF_ERROR(StoreLines(tx, co, id, parsed, before["currency"]));
    if (approval_.reset) RETURN_IF_ERROR(approval_.reset(tx, who, id));  // approve again
  }
  RETURN_IF_ERROR(tx.Exec("UPDATE quotes SET version = version + 1, updated_at = ? WHERE id = ?",
                          now, id).status());
  ASSIGN_OR_RETURN(json out, Load(tx, co, id));
  tx.Audit({"quote", id, "update", store::Changes(before, out)});
  tx.Emit({"quote.updated", "quote", id, out});
  return out;
}

Result<json> Quotes::Reprice(store::Tx& tx, const security::Access& who, int64_t id,
                             const VersionCheck& check) const {
  ASSIGN_OR_RETURN(json before, LoadVisible(tx, who, id, "sales.quote.update"));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  if (before["state"] != "draft") {
    return Status(Code::kConflict, "quote.not_draft", "Only a draft quote is re-priced.");
  }
  int64_t co = who.company_id();
  ASSIGN_OR_RETURN(auto today, security::CompanyToday(tx, co, d_.clock));
  ASSIGN_OR_RETURN(auto lines, LoadLines(tx, "quote_id", id));
  RETURN_IF_ERROR(sales::Reprice(tx, d_.pricing, d_.products, ContextOf(before, today), lines));
  RETURN_IF_ERROR(StoreLines(tx, co, id, lines, before["currency"]));
  if (approval_.reset) RETURN_IF_ERROR(approval_.reset(tx, who, id));
  RETURN_IF_ERROR(tx.Exec("UPDATE quotes SET date = ?, version = version + 1, updated_at = ? "
                          "WHERE id = ?",
                          today.ToString(), d_.clock.Now().ToIso(), id).status());
  ASSIGN_OR_RETURN(json out, Load(tx, co, id));
  tx.Audit({"quote", id, "reprice", store::Changes(before, out)});
  tx.Emit({"quote.updated", "quote", id, out});
  return out;
}

Result<json> Quotes::Accept(store::Tx& tx, const security::Access& who, const json& q) const {
  int64_t co = who.company_id();
  int64_t id = q["id"];
  ASSIGN_OR_RETURN(auto today, security::CompanyToday(tx, co, d_.clock));
  ASSIGN_OR_RETURN(auto until, Date::Parse(q["valid_until"].get<std::string>()));
  if (today > until) {
    return Status(Code::kConflict, "quote.expired",
                  "The quote was valid until " + until.ToString() + ": revise it and send it again.");
  }
  RETURN_IF_ERROR(who.Require("sales.order.create"));
  OrderDraft draft;
  draft.party_id = q["party_id"];
  draft.quote_id = id;
  draft.owner_user_id = OptId(q["owner_user_id"]);
  draft.department_id = OptId(q["department_id"]);
  draft.currency = q["currency"];
  draft.price_list_id = OptId(q["price_list_id"]);
  draft.payment_term_id = OptId(q["payment_term_id"]);
  draft.date = today;
  draft.notes = q["notes"];
  ASSIGN_OR_RETURN(auto lines, LoadLines(tx, "quote_id", id));
  draft.lines = CopyLines(lines);
  ASSIGN_OR_RETURN(int64_t order_id, d_.orders.CreateFromDraft(tx, who, std::move(draft)));
  RETURN_IF_ERROR(tx.Exec("UPDATE quotes SET order_id = ? WHERE id = ?", order_id, id).status());
  if (q["opportunity_id"].is_number()) {
    ASSIGN_OR_RETURN(json stages, d_.opportunities.ListStages(tx, who, false));
    const json& items = stages.contains("items") ? stages["items"] : stages;
    for (const auto& s : items) {
      if (s.value("outcome", "") != "won") continue;
      auto opp = d_.opportunities.Get(tx, who, q["opportunity_id"].get<int64_t>());
      if (opp.ok() && (*opp)["stage_id"] == s["id"]) break;
      RETURN_IF_ERROR(d_.opportunities
                          .MoveStage(tx, who, q["opportunity_id"].get<int64_t>(),
                                     {{"stage_id", s["id"]}}, nullptr)
                          .status());
      break;
    }
  }
  return json{{"order_id", order_id}};
}

Result<json> Quotes::Act(store::Tx& tx, const security::Access& who, int64_t id,
                         const std::string& verb, const VersionCheck& check) const {
  auto t = Transitions().find(verb);
  if (t == Transitions().end()) return NotFound("action");
  std::string permission = verb == "approve" ? "sales.quote.approve" : "sales.quote.update";
  ASSIGN_OR_RETURN(json before, LoadVisible(tx, who, id, permission));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  std::string state = before["state"];
  const auto& from = t->second.from;
  if (std::find(from.begin(), from.end(), state) == from.end()) {
    return FailedPrecondition("quote.invalid_transition",
                              "A " + state + " quote cannot be " + verb + "ed.");
  }
  std::string now = d_.clock.Now().ToIso();
  if (verb == "approve" || verb == "request-approval") {
    if (!before["needs_approval"].get<bool>()) {
      return FailedPrecondition("quote.no_approval_needed", "No discount needs approval.");
    }
    if (before["approved"].get<bool>()) {
      return FailedPrecondition("quote.already_approved", "The discount is approved already.");
    }
  }
  if (verb == "request-approval") {
    if (!approval_.request) return NotFound("action");
    RETURN_IF_ERROR(approval_.request(tx, who, id));
  }
  if (verb == "approve" && approval_.approve) RETURN_IF_ERROR(approval_.approve(tx, who, id));
  if (verb == "approve" && !approval_.approve) RETURN_IF_ERROR(MarkApproved(tx, who, id));
  if (verb == "send" && approval_.guard_send) RETURN_IF_ERROR(approval_.guard_send(tx, who, id));
  if (verb == "send" && before["needs_approval"].get<bool>() && !before["approved"].get<bool>()) {
    Status st(Code::kConflict, "quote.approval_required",
              "A discount of " + before["max_discount_percent"].get<std::string>() +
                  "% exceeds the threshold: request approval (request-approval) first.");
    return st;
  }
  if (verb == "accept") RETURN_IF_ERROR(Accept(tx, who, before).status());
  RETURN_IF_ERROR(tx.Exec("UPDATE quotes SET state = ?, version = version + 1, updated_at = ? "
                          "WHERE id = ?",
                          t->second.to, now, id).status());
  ASSIGN_OR_RETURN(json out, Load(tx, who.company_id(), id));
  tx.Audit({"quote", id, verb, store::Changes(before, out)});
  std::string event = t->second.to;
  if (verb == "approve" || verb == "request-approval") {
    event = out["approved"].get<bool>() ? "approved" : "approval_requested";
  }
  tx.Emit({"quote." + event, "quote", id, out});
  return out;
}

Status Quotes::MarkApproved(store::Tx& tx, const security::Access& who, int64_t id) const {
  return tx.Exec("UPDATE quotes SET approved_by = ?, approved_at = ? WHERE id = ? AND "
                 "company_id = ? AND needs_approval = 1",
                 who.user_id() ? std::optional<int64_t>(who.user_id()) : std::nullopt,
                 d_.clock.Now().ToIso(), id, who.company_id())
      .status();
}

Result<int64_t> Quotes::ExpireDue(store::Tx& tx, const security::Access& who) const {
  RETURN_IF_ERROR(who.Require("sales.quote.update"));
  ASSIGN_OR_RETURN(auto today, security::CompanyToday(tx, who.company_id(), d_.clock));
  auto vis = who.Visible("sales.quote.update");
  std::vector<store::Value> p = vis.params;
  p.emplace_back(today.ToString());
  ASSIGN_OR_RETURN(auto rows, tx.RowsV("SELECT id FROM quotes WHERE " + vis.sql +
                                           " AND state = 'sent' AND valid_until < ? ORDER BY id",
                                       p));
  for (const auto& r : rows) RETURN_IF_ERROR(Act(tx, who, r.Int(0), "expire", nullptr).status());
  return static_cast<int64_t>(rows.size());
}

Result<json> Quotes::Revisions(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(LoadVisible(tx, who, id, "sales.quote.read").status());
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT revision, snapshot, user_id, created_at FROM "
                                      "quote_revisions WHERE quote_id = ? ORDER BY revision",
                                      id));
  json items = json::array();
  for (const auto& r : rows) {
    items.push_back({{"revision", r.Int(0)},
                     {"quote", json::parse(r.Text(1))},
                     {"user_id", r.OptInt(2) ? json(*r.OptInt(2)) : json()},
                     {"replaced_at", r.Text(3)}});
  }
  return json{{"items", items}, {"next_cursor", nullptr}};
}

}  // namespace concord::sales

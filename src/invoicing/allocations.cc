#include "invoicing/allocations.h"

#include <algorithm>

#include "accounting/matching.h"
#include "core/json_input.h"
#include "core/money.h"
#include "invoicing/invoice_internal.h"
#include "invoicing/ledger_view.h"
#include "party/service.h"
#include "security/company.h"

namespace concord::invoicing {

using nlohmann::json;

namespace {

struct Side {
  DocRef ref;
  int64_t party_id = 0;
  std::string currency;
  int sign = 1;  // +1: its receivable lines are debits; -1: credits
  std::vector<int64_t> line_ids;
};

// A source (path id) is NotFound / FailedPrecondition; a target is a field error.
Status SideError(bool source, const std::string& field, const std::string& code,
                 const std::string& what, const std::string& message) {
  if (!source) return InvalidField(field, code, message);
  if (code == "not_found") return NotFound(what);
  return FailedPrecondition(code, message);
}

Result<Side> LoadInvoiceSide(store::Tx& tx, int64_t company_id, const DocRef& ref, bool source,
                             const std::string& field) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT kind, state, party_id, currency FROM invoices WHERE "
                                    "id = ? AND company_id = ?",
                                    ref.id, company_id));
  if (!row) return SideError(source, field, "not_found", "invoice", "No such invoice.");
  if (row->Text(1) != "posted" && row->Text(1) != "paid") {
    return SideError(source, field, "invoicing.not_posted", "invoice",
                     "Only posted invoices and credit notes are allocated.");
  }
  Side s{ref, row->Int(2), row->Text(3), row->Text(0) == "invoice" ? 1 : -1, {}};
  ASSIGN_OR_RETURN(auto lines, tx.Rows("SELECT line_id FROM invoice_instalments WHERE "
                                       "invoice_id = ? AND line_id IS NOT NULL ORDER BY seq",
                                       ref.id));
  for (const auto& l : lines) s.line_ids.push_back(l.Int(0));
  return s;
}

Result<Side> LoadSide(store::Tx& tx, int64_t company_id, const DocRef& ref, bool source,
                      const std::string& field) {
  if (ref.type == "invoice") return LoadInvoiceSide(tx, company_id, ref, source, field);
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT direction, state, party_id, currency, line_id FROM "
                                    "payments WHERE id = ? AND company_id = ?",
                                    ref.id, company_id));
  if (!row) return SideError(source, field, "not_found", "payment", "No such payment.");
  if (row->Text(1) != "posted" || row->IsNull(4)) {
    return SideError(source, field, "invoicing.not_posted", "payment",
                     "Only posted payments are allocated.");
  }
  return Side{ref, row->Int(2), row->Text(3), row->Text(0) == "outbound" ? 1 : -1, {row->Int(4)}};
}

Status CheckPair(const Side& a, const Side& b, const std::string& field) {
  if (a.sign == b.sign) {
    return InvalidField(field, "invoicing.same_side",
                        "Allocate a payment or credit note against an invoice or a refund.");
  }
  if (a.party_id != b.party_id) {
    return InvalidField(field, "invoicing.party_mismatch", "Both documents have one customer.");
  }
  if (a.currency != b.currency) {
    return InvalidField(field, "invoicing.currency_mismatch", "Both documents have one currency.");
  }
  return Status::Ok();
}

// The open lines of a side (residual in its direction), as (line id, open amount > 0).
Result<std::vector<std::pair<int64_t, int64_t>>> OpenLines(store::Tx& tx, int64_t company_id,
                                                           const Side& s) {
  ASSIGN_OR_RETURN(auto lines, ledger_view::Lines(tx, company_id, s.line_ids));
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const auto& l : lines) {
    int64_t open = s.sign * l.residual_currency;
    if (open > 0) out.push_back({l.id, open});
  }
  return out;
}

int64_t Sum(const std::vector<std::pair<int64_t, int64_t>>& lines) {
  int64_t sum = 0;
  for (const auto& l : lines) sum += l.second;
  return sum;
}

Status RefreshSides(store::Tx& tx, const Clock& clock, int64_t company_id, const DocRef& a,
                    const DocRef& b) {
  for (const DocRef* d : {&a, &b}) {
    if (d->type == "invoice") RETURN_IF_ERROR(internal::RefreshPaid(tx, clock, company_id, d->id));
  }
  return Status::Ok();
}

Result<Date> Today(store::Tx& tx, const Clock& clock, int64_t company_id) {
  ASSIGN_OR_RETURN(auto company, security::GetCompanyBasics(tx, company_id));
  return BusinessDate(clock.Now(), company.time_zone);
}

}  // namespace

namespace {

using OpenList = std::vector<std::pair<int64_t, int64_t>>;

// Matches `amount` of the debit lines against the credit lines, both oldest due first.
Result<std::vector<int64_t>> MatchOldestFirst(store::Tx& tx, const accounting::Matching& matching,
                                              int64_t company_id, OpenList debits, OpenList credits,
                                              int64_t amount, int64_t user_id) {
  std::vector<int64_t> matches;
  for (size_t i = 0, j = 0; amount > 0 && i < debits.size() && j < credits.size();) {
    int64_t a = std::min({amount, debits[i].second, credits[j].second});
    ASSIGN_OR_RETURN(int64_t m,
                     matching.Match(tx, company_id, debits[i].first, credits[j].first, a, user_id));
    matches.push_back(m);
    amount -= a;
    if ((debits[i].second -= a) == 0) ++i;
    if ((credits[j].second -= a) == 0) ++j;
  }
  return matches;
}

Result<int64_t> Record(store::Tx& tx, const Clock& clock, int64_t company_id, const Side& d,
                       const Side& c, const std::string& source_type, int64_t amount,
                       const std::vector<int64_t>& matches, int64_t user_id) {
  ASSIGN_OR_RETURN(Date today, Today(tx, clock, company_id));
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO allocations (company_id, party_id, currency, amount, "
                             "debit_type, debit_id, credit_type, credit_id, source_type, date, "
                             "created_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                             "?, ?, ?) RETURNING id",
                             company_id, d.party_id, d.currency, amount, d.ref.type, d.ref.id,
                             c.ref.type, c.ref.id, source_type, today.ToString(),
                             internal::UserValue(user_id), clock.Now().ToIso()));
  for (int64_t m : matches) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO allocation_matches (allocation_id, match_id) VALUES "
                            "(?, ?)",
                            id, m)
                        .status());
  }
  json payload = {{"id", id},
                  {"debit_type", d.ref.type},
                  {"debit_id", d.ref.id},
                  {"credit_type", c.ref.type},
                  {"credit_id", c.ref.id},
                  {"amount_minor", amount},
                  {"currency", d.currency}};
  tx.Audit({"allocation", id, "create", {{"amount", {nullptr, amount}}}, company_id});
  tx.Emit({"allocation.created", "allocation", id, payload, company_id});
  return id;
}

}  // namespace

Result<int64_t> Allocations::Allocate(store::Tx& tx, int64_t company_id, const DocRef& source,
                                      const DocRef& target, std::optional<int64_t> amount,
                                      int64_t user_id, const std::string& field) const {
  std::string target_field = field + (target.type == "invoice" ? "invoice_id" : "payment_id");
  ASSIGN_OR_RETURN(Side src, LoadSide(tx, company_id, source, true, ""));
  ASSIGN_OR_RETURN(Side tgt, LoadSide(tx, company_id, target, false, target_field));
  RETURN_IF_ERROR(CheckPair(src, tgt, target_field));
  const Side& d = src.sign > 0 ? src : tgt;
  const Side& c = src.sign > 0 ? tgt : src;
  ASSIGN_OR_RETURN(auto debits, OpenLines(tx, company_id, d));
  ASSIGN_OR_RETURN(auto credits, OpenLines(tx, company_id, c));
  int64_t most = std::min(Sum(debits), Sum(credits));
  if (!amount && most == 0) {
    return InvalidField(field + "amount", "invoicing.nothing_open", "Nothing is open to allocate.");
  }
  int64_t total = amount.value_or(most);
  if (total <= 0) return InvalidField(field + "amount", "positive", "amount is more than 0.");
  if (total > most) {
    return InvalidField(field + "amount", "invoicing.over_allocation",
                        "amount is more than what is open on one of the documents.");
  }
  accounting::Matching matching(clock_, ledger_);
  ASSIGN_OR_RETURN(auto matches,
                   MatchOldestFirst(tx, matching, company_id, debits, credits, total, user_id));
  ASSIGN_OR_RETURN(int64_t id,
                   Record(tx, clock_, company_id, d, c, source.type, total, matches, user_id));
  RETURN_IF_ERROR(RefreshSides(tx, clock_, company_id, d.ref, c.ref));
  return id;
}

Status Allocations::Undo(store::Tx& tx, int64_t company_id, int64_t allocation_id,
                         int64_t user_id) const {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT state, debit_type, debit_id, credit_type, credit_id "
                                    "FROM allocations WHERE id = ? AND company_id = ?",
                                    allocation_id, company_id));
  if (!row) return NotFound("allocation");
  if (row->Text(0) != "active") {
    return FailedPrecondition("invoicing.undone", "The allocation is already undone.");
  }
  ASSIGN_OR_RETURN(auto matches, tx.Rows("SELECT match_id FROM allocation_matches WHERE "
                                         "allocation_id = ? ORDER BY match_id DESC",
                                         allocation_id));
  accounting::Matching matching(clock_, ledger_);
  for (const auto& m : matches) {
    Status st = matching.Unmatch(tx, company_id, m.Int(0), user_id);
    if (!st.ok() && st.code() != Code::kNotFound) return st;
  }
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE allocations SET state = 'undone', undone_by_user_id = ?, "
                          "undone_at = ? WHERE id = ?",
                          internal::UserValue(user_id), now, allocation_id)
                      .status());
  tx.Audit({"allocation", allocation_id, "undo", {{"state", {"active", "undone"}}}, company_id});
  tx.Emit({"allocation.undone", "allocation", allocation_id, {{"id", allocation_id}}, company_id});
  return RefreshSides(tx, clock_, company_id, {row->Text(1), row->Int(2)},
                      {row->Text(3), row->Int(4)});
}

Result<json> Allocations::ParseTargets(const json* list, const std::string& currency) {
  json out = json::array();
  if (!list) return out;
  if (!list->is_array() || list->size() > 100) {
    return InvalidField("allocations", "type", "allocations is a list of up to 100 items.");
  }
  Status errors(Code::kInvalidArgument, "validation.failed", "The request has invalid fields.");
  for (size_t i = 0; i < list->size(); ++i) {
    std::string at = "allocations/" + std::to_string(i);
    if (!(*list)[i].is_object()) {
      errors.AddFieldError(at, "type", "An allocation is an object.");
      continue;
    }
    Fields f((*list)[i]);
    auto invoice = f.Int("invoice_id");
    auto payment = f.Int("payment_id");
    auto text = f.Text("amount", {.max_chars = 30});
    Status st = f.Finish();
    for (const auto& e : st.field_errors())
      errors.AddFieldError(at + "/" + e.field, e.code, e.message);
    if (!st.ok()) continue;
    if (invoice.has_value() == payment.has_value()) {
      errors.AddFieldError(at + "/invoice_id", "required", "Give invoice_id or payment_id.");
      continue;
    }
    json item = {{"type", invoice ? "invoice" : "payment"},
                 {"id", invoice ? *invoice : *payment},
                 {"amount", nullptr},
                 {"field", at + "/"}};
    if (text) {
      auto m = Money::Parse(*text, currency);
      if (!m.ok()) {
        errors.AddFieldError(at + "/amount", m.status().message_id(),
                             "amount is a decimal in " + currency + ".");
        continue;
      }
      item["amount"] = m->minor();
    }
    out.push_back(item);
  }
  if (!errors.field_errors().empty()) return errors;
  return out;
}

Status Allocations::AllocateAll(store::Tx& tx, int64_t company_id, const DocRef& source,
                                const json& targets, int64_t user_id) const {
  for (const auto& t : targets) {
    std::optional<int64_t> amount;
    if (t["amount"].is_number_integer()) amount = t["amount"].get<int64_t>();
    RETURN_IF_ERROR(Allocate(tx, company_id, source,
                             {t["type"].get<std::string>(), t["id"].get<int64_t>()}, amount,
                             user_id, t.value("field", ""))
                        .status());
  }
  return Status::Ok();
}

Status Allocations::ApiAllocate(store::Tx& tx, const security::Access& who, const DocRef& source,
                                const json& body) const {
  RETURN_IF_ERROR(who.Require("invoicing.payment.create"));
  ASSIGN_OR_RETURN(Side src, LoadSide(tx, who.company_id(), source, true, ""));
  Fields f(body);
  const json* list = f.Raw("allocations");
  if (!list) f.Error("allocations", "required", "allocations is required.");
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(json targets, ParseTargets(list, src.currency));
  if (targets.empty()) return InvalidField("allocations", "required", "Nothing to allocate.");
  return AllocateAll(tx, who.company_id(), source, targets, who.user_id());
}

Result<json> Allocations::ApiUndo(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("invoicing.payment.create"));
  RETURN_IF_ERROR(Undo(tx, who.company_id(), id, who.user_id()));
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, state, date, amount, currency, debit_type, "
                                    "debit_id, credit_type, credit_id, undone_at FROM "
                                    "allocations WHERE id = ?",
                                    id));
  return json{{"id", row->Int(0)},        {"state", row->Text(1)},
              {"date", row->Text(2)},     {"amount", internal::Fmt(row->Int(3), row->Text(4))},
              {"currency", row->Text(4)}, {"debit_type", row->Text(5)},
              {"debit_id", row->Int(6)},  {"credit_type", row->Text(7)},
              {"credit_id", row->Int(8)}, {"undone_at", row->Text(9)}};
}

}  // namespace concord::invoicing

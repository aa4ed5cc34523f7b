#include "invoicing/payments.h"

#include "accounting/accounts.h"
#include "accounting/currency_rates.h"
#include "core/json_input.h"
#include "core/money.h"
#include "invoicing/invoice_internal.h"
#include "invoicing/ledger_view.h"
#include "security/company.h"
#include "store/row_json.h"
#include "store/sequence.h"

namespace concord::invoicing {

using nlohmann::json;

namespace {

constexpr const char* kColumns =
    "id, number, state, direction, party_id, date, currency, rate, amount, amount_company, "
    "journal_id, account_id, reference, memo, planned, entry_id, entry_number, line_id, "
    "posted_at, version, created_at, updated_at";

struct Journal {
  int64_t id = 0;
  int64_t account_id = 0;
};

// The payment journal (kind bank or cash, active) and its money account (the journal's
// default account, else the company's account of that role).
Result<Journal> ResolveJournal(store::Tx& tx, const Clock& clock, int64_t company_id,
                               std::optional<int64_t> id) {
  if (!id) {
    ASSIGN_OR_RETURN(id, accounting::JournalByKind(tx, company_id, "bank"));
  }
  accounting::Accounts accounts(clock);
  ASSIGN_OR_RETURN(json list, accounts.ListJournals(tx, internal::SystemAccess(company_id, 0)));
  for (const auto& j : list["items"]) {
    if (j["id"] != *id) continue;
    std::string kind = j.value("kind", "");
    if ((kind != "bank" && kind != "cash") || j["active"] != 1) {
      return InvalidField("journal_id", "invoicing.journal_kind",
                          "Payments go through an active bank or cash journal.");
    }
    if (j["default_account_id"].is_number_integer()) {
      return Journal{*id, j["default_account_id"].get<int64_t>()};
    }
    ASSIGN_OR_RETURN(int64_t account, accounting::AccountByRole(tx, company_id, kind));
    return Journal{*id, account};
  }
  return InvalidField("journal_id", "not_found", "No such journal.");
}

struct PaymentBody {
  int64_t party_id = 0;
  std::string currency;
  int64_t amount = 0;
  Date date;
  std::optional<int64_t> journal_id;
  std::string direction = "inbound";
  std::string reference, memo;
  json targets = json::array();
  bool post = false;
};

Status ReadBody(const json& body, const std::string& own, PaymentBody& p) {
  Fields f(body);
  p.party_id = f.Int("party_id", true).value_or(0);
  p.currency = f.Text("currency", {.max_chars = 3}).value_or(own);
  auto amount = f.Text("amount", {.required = true, .max_chars = 30});
  if (auto d = f.Day("date")) p.date = *d;
  p.journal_id = f.Int("journal_id");
  p.direction = f.Enum("direction", {"inbound", "outbound"}).value_or("inbound");
  p.reference = f.Text("reference", {.max_chars = 100, .allow_empty = true}).value_or("");
  p.memo = f.Text("memo", {.max_chars = 500, .allow_empty = true}).value_or("");
  const json* list = f.Raw("allocations");
  p.post = f.Bool("post").value_or(false);
  if (!Currency::FromCode(p.currency).ok()) {
    f.Error("currency", "currency.unknown", "Not an ISO 4217 currency code.");
  } else if (amount) {
    auto m = Money::Parse(*amount, p.currency);
    if (!m.ok()) {
      f.Error("amount", m.status().message_id(), "amount is a decimal in " + p.currency + ".");
    } else if (m->minor() <= 0) {
      f.Error("amount", "positive", "amount is more than 0.");
    } else {
      p.amount = m->minor();
    }
  }
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(p.targets, Allocations::ParseTargets(list, p.currency));
  return Status::Ok();
}

Result<json> PaymentJson(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kColumns +
                                        " FROM payments WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("payment");
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, company_id));
  json j = store::RowJson(*row);
  std::string cur = row->Text("currency");
  j["amount"] = internal::Fmt(row->Int("amount"), cur);
  j["amount_company"] = internal::Fmt(row->Int("amount_company"), own);
  j["company_currency"] = own;
  json planned = json::parse(row->Text("planned"), nullptr, false);
  j["planned"] = json::array();
  for (const auto& t : planned.is_array() ? planned : json::array()) {
    j["planned"].push_back({{"type", t["type"]},
                            {"id", t["id"]},
                            {"amount", t["amount"].is_number_integer()
                                           ? json(internal::Fmt(t["amount"].get<int64_t>(), cur))
                                           : json()}});
  }
  j["unallocated"] = nullptr;
  if (!row->IsNull("line_id")) {
    ASSIGN_OR_RETURN(auto lines, ledger_view::Lines(tx, company_id, {row->Int("line_id")}));
    int64_t sign = row->Text("direction") == "inbound" ? -1 : 1;
    if (!lines.empty()) j["unallocated"] = internal::Fmt(sign * lines[0].residual_currency, cur);
  }
  ASSIGN_OR_RETURN(j["allocations"], internal::AllocationsJson(tx, company_id, "payment", id));
  return j;
}

Result<Date> Today(store::Tx& tx, const Clock& clock, int64_t company_id) {
  ASSIGN_OR_RETURN(auto company, security::GetCompanyBasics(tx, company_id));
  return BusinessDate(clock.Now(), company.time_zone);
}

}  // namespace

Result<json> Payments::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("invoicing.payment.create"));
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, who.company_id()));
  PaymentBody p;
  ASSIGN_OR_RETURN(p.date, Today(tx, clock_, who.company_id()));
  RETURN_IF_ERROR(ReadBody(body, own, p));
  if (p.post) RETURN_IF_ERROR(who.Require("invoicing.payment.approve"));
  RETURN_IF_ERROR(
      parties_.CheckLink(tx, internal::SystemAccess(who.company_id(), 0), p.party_id, "party_id"));
  ASSIGN_OR_RETURN(Journal journal, ResolveJournal(tx, clock_, who.company_id(), p.journal_id));
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO payments (company_id, state, direction, party_id, date, currency, "
                "amount, journal_id, account_id, reference, memo, planned, created_by_user_id, "
                "created_at, updated_at) VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?) RETURNING id",
                who.company_id(), p.direction, p.party_id, p.date.ToString(), p.currency, p.amount,
                journal.id, journal.account_id, p.reference, p.memo, p.targets.dump(),
                internal::UserValue(who.user_id()), now, now));
  tx.Audit({"payment", id, "create", {{"state", {nullptr, "draft"}}}});
  tx.Emit({"payment.created", "payment", id, {{"id", id}, {"direction", p.direction}}});
  if (p.post) RETURN_IF_ERROR(PostPayment(tx, who.company_id(), id, who.user_id()));
  return PaymentJson(tx, who.company_id(), id);
}

namespace {

// The payment's amount in the company currency at the rate of its date, and the rate text.
struct Converted {
  int64_t amount = 0;
  store::Value rate = nullptr;
};

Result<Converted> Convert(store::Tx& tx, int64_t company_id, const store::Record& row,
                          const std::string& own, Date date) {
  std::string cur = row.Text("currency");
  if (cur == own) return Converted{row.Int("amount"), nullptr};
  auto r = accounting::RateOn(tx, company_id, cur, date);
  if (!r.ok()) return internal::AsField(r.status(), "currency");
  ASSIGN_OR_RETURN(int64_t amount, accounting::ToCompany(row.Int("amount"), *r, own));
  return Converted{amount, r->text};
}

// Dr bank / Cr receivable (inbound) or the reverse; the receivable line first.
Result<accounting::PostingEntry> PaymentEntry(store::Tx& tx, int64_t company_id,
                                              const store::Record& row, Date date,
                                              const std::string& own, int64_t company_amount,
                                              const std::string& number) {
  accounting::PostingEntry e;
  e.company_id = company_id;
  e.journal_id = row.Int("journal_id");
  e.date = date;
  e.ref = number;
  bool inbound = row.Text("direction") == "inbound";
  e.description = (inbound ? "Payment " : "Refund ") + number;
  e.source_type = "payment";
  e.source_id = row.Int("id");
  ASSIGN_OR_RETURN(int64_t receivable, accounting::AccountByRole(tx, company_id, "receivable"));
  accounting::PostingLine control{.account_id = receivable, .party_id = row.Int("party_id")};
  accounting::PostingLine money{.account_id = row.Int("account_id")};
  (inbound ? control.credit : control.debit) = company_amount;
  (inbound ? money.debit : money.credit) = company_amount;
  std::string cur = row.Text("currency");
  if (cur != own) {
    control.currency = money.currency = cur;
    control.amount_currency = inbound ? -row.Int("amount") : row.Int("amount");
    money.amount_currency = -control.amount_currency;
  }
  control.description = money.description = number;
  e.lines = {control, money};
  return e;
}

}  // namespace

Status Payments::PostPayment(store::Tx& tx, int64_t company_id, int64_t id, int64_t user_id) const {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kColumns +
                                        " FROM payments WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("payment");
  if (row->Text("state") != "draft") {
    return FailedPrecondition("invoicing.not_draft", "Only a draft payment is posted.");
  }
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, company_id));
  ASSIGN_OR_RETURN(Date date, Date::Parse(row->Text("date")));
  ASSIGN_OR_RETURN(Converted c, Convert(tx, company_id, *row, own, date));
  ASSIGN_OR_RETURN(std::string number, store::NextNumber(tx, company_id, "payment", "PAY-"));
  ASSIGN_OR_RETURN(auto entry, PaymentEntry(tx, company_id, *row, date, own, c.amount, number));
  ASSIGN_OR_RETURN(accounting::Posted posted, ledger_.Post(tx, entry, user_id));
  ASSIGN_OR_RETURN(auto line_ids, ledger_view::EntryLineIds(tx, company_id, posted.entry_id));
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t n,
                   tx.Exec("UPDATE payments SET state = 'posted', number = ?, "
                           "entry_id = ?, entry_number = ?, line_id = ?, rate = ?, "
                           "amount_company = ?, posted_by_user_id = ?, posted_at = ?, "
                           "updated_at = ?, version = version + 1 WHERE id = ? AND "
                           "state = 'draft'",
                           number, posted.entry_id, posted.number, line_ids.at(0), c.rate, c.amount,
                           internal::UserValue(user_id), now, now, id));
  if (n != 1) return Conflict("invoicing.stale", "The payment changed meanwhile; read it again.");
  tx.Audit({"payment",
            id,
            "post",
            {{"state", {"draft", "posted"}}, {"number", {nullptr, number}}},
            company_id});
  tx.Emit({"payment.posted", "payment", id, {{"id", id}, {"number", number}}, company_id});
  json planned = json::parse(row->Text("planned"), nullptr, false);
  if (!planned.is_array()) return Status::Ok();
  return allocations_.AllocateAll(tx, company_id, {"payment", id}, planned, user_id);
}

Result<json> Payments::Post(store::Tx& tx, const security::Access& who, int64_t id,
                            const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("invoicing.payment.approve"));
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT version FROM payments WHERE id = ? AND company_id = ?",
                                    id, who.company_id()));
  if (!row) return NotFound("payment");
  if (check) RETURN_IF_ERROR(check(row->Int(0)));
  RETURN_IF_ERROR(PostPayment(tx, who.company_id(), id, who.user_id()));
  return PaymentJson(tx, who.company_id(), id);
}

Result<json> Payments::Cancel(store::Tx& tx, const security::Access& who, int64_t id,
                              const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("invoicing.payment.create"));
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT state, version FROM payments WHERE id = ? AND "
                                    "company_id = ?",
                                    id, who.company_id()));
  if (!row) return NotFound("payment");
  if (check) RETURN_IF_ERROR(check(row->Int(1)));
  if (row->Text(0) != "draft") {
    return FailedPrecondition("invoicing.not_draft",
                              "Only a draft payment is cancelled; undo its allocations and "
                              "reverse its entry otherwise.");
  }
  RETURN_IF_ERROR(tx.Exec("UPDATE payments SET state = 'cancelled', version = version + 1, "
                          "updated_at = ? WHERE id = ?",
                          clock_.Now().ToIso(), id)
                      .status());
  tx.Audit({"payment", id, "cancel", {{"state", {"draft", "cancelled"}}}});
  tx.Emit({"payment.cancelled", "payment", id, {{"id", id}}});
  return PaymentJson(tx, who.company_id(), id);
}

Result<json> Payments::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("invoicing.payment.read"));
  return PaymentJson(tx, who.company_id(), id);
}

const http::SortSpec Payments::kSorts = {"id",
                                         {{"date", "date", http::SortKind::kTimestamp},
                                          {"amount", "amount", http::SortKind::kMinorUnits}}};

Result<json> Payments::List(store::Tx& tx, const security::Access& who, const PaymentFilter& f,
                            const http::ListPage& page) const {
  RETURN_IF_ERROR(who.Require("invoicing.payment.read"));
  std::vector<store::Value> p = {who.company_id()};
  std::string sql = page.Select("SELECT id FROM payments WHERE company_id = ?") + page.After(p);
  auto add = [&](const std::string& cond, store::Value v) {
    sql += " AND " + cond;
    p.push_back(std::move(v));
  };
  if (f.party_id) add("party_id = ?", *f.party_id);
  if (!f.state.empty()) add("state = ?", f.state);
  if (!f.direction.empty()) add("direction = ?", f.direction);
  if (f.from) add("date >= ?", f.from->ToString());
  if (f.to) add("date <= ?", f.to->ToString());
  sql += page.OrderLimit(p);  // before p is passed: it adds the limit
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, p));
  json items = json::array();
  for (const auto& r : rows) {
    ASSIGN_OR_RETURN(json j, PaymentJson(tx, who.company_id(), r.Int("id")));
    items.push_back(std::move(j));
  }
  return page.Body(std::move(items), rows);
}

}  // namespace concord::invoicing

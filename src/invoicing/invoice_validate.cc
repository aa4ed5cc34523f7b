// Validation of an invoice input and the billing snapshot: every problem is reported at once
// as a field error ("party_id", "lines/0/quantity", "lines/1/tax_ids/0" ...).
#include <set>

#include "accounting/accounts.h"
#include "core/currency.h"
#include "core/json_input.h"
#include "core/money.h"
#include "invoicing/invoice_internal.h"
#include "party/facts.h"
#include "security/company.h"

namespace concord::invoicing::internal {
namespace {

using nlohmann::json;

constexpr size_t kMaxLines = 500;
const std::set<std::string> kAddressKeys = {"name",   "tax_id",      "line1",   "line2", "city",
                                            "region", "postal_code", "country", "email"};

class Errors {
 public:
  void Add(const std::string& field, const std::string& code, const std::string& message) {
    st_.AddFieldError(field, code, message);
  }
  // Adds the field errors of `st` (or one error under `field` for a plain status).
  void Merge(const Status& st, const std::string& field) {
    if (st.ok()) return;
    if (st.field_errors().empty()) {
      Add(field, st.message_id(), st.message());
      return;
    }
    for (const auto& e : st.field_errors()) Add(e.field, e.code, e.message);
  }
  bool empty() const { return st_.field_errors().empty(); }
  Status status() const { return st_; }

 private:
  Status st_{Code::kInvalidArgument, "validation.failed", "The request has invalid fields."};
};

bool TooLong(const std::string& s, size_t max) {
  auto n = Utf8Length(s);
  return !n || *n > max;
}

void CheckAddress(const json& a, Errors& e) {
  if (a.is_null()) return;
  if (!a.is_object()) return e.Add("address", "type", "address is an object.");
  for (auto it = a.begin(); it != a.end(); ++it) {
    std::string at = "address/" + it.key();
    if (!kAddressKeys.count(it.key())) {
      e.Add(at, "unknown_field", "Unknown field " + it.key() + ".");
    } else if (!it->is_string() && !it->is_null()) {
      e.Add(at, "type", it.key() + " must be a string.");
    } else if (it->is_string() && TooLong(it->get<std::string>(), 200)) {
      e.Add(at, "too_long", it.key() + " is longer than 200 characters.");
    }
  }
}

// The billing snapshot: the given address with the party's name filled in, or the party's
// name, tax id and billing address valid on the invoice date (party::AddressSnapshot).
Result<json> Snapshot(store::Tx& tx, const InvoiceInput& in) {
  if (!in.address.is_object()) {
    return party::AddressSnapshot(tx, in.company_id, in.party_id, "billing", in.date);
  }
  json out = in.address;
  if (!out.contains("name") || !out["name"].is_string()) {
    ASSIGN_OR_RETURN(auto facts, party::Facts(tx, in.company_id, in.party_id));
    out["name"] = facts.name;
  }
  return out;
}

void CheckHeader(store::Tx& tx, const InvoiceInput& in, const party::Parties& parties, Errors& e) {
  if (in.kind != "invoice" && in.kind != "credit_note") {
    e.Add("kind", "enum", "kind is invoice or credit_note.");
  }
  e.Merge(parties.CheckLink(tx, SystemAccess(in.company_id, 0), in.party_id, "party_id"),
          "party_id");
  if (in.department_id) {
    auto ok = security::DepartmentInCompany(tx, in.company_id, *in.department_id);
    if (!ok.ok() || !*ok) e.Add("department_id", "not_found", "No such department.");
  }
  if (TooLong(in.origin_type, 50)) e.Add("origin_type", "too_long", "At most 50 characters.");
  if (TooLong(in.origin_ref, 100)) e.Add("origin_ref", "too_long", "At most 100 characters.");
  if (in.origin_id && in.origin_type.empty()) {
    e.Add("origin_type", "required", "origin_id needs its origin_type.");
  }
  CheckAddress(in.address, e);
}

void CheckCreditOf(store::Tx& tx, const InvoiceInput& in, const std::string& currency, Errors& e) {
  if (!in.credit_of_id) return;
  if (in.kind != "credit_note") {
    return e.Add("credit_of_id", "invoicing.not_credit_note", "Only a credit note credits.");
  }
  auto row = tx.One(
      "SELECT kind, state, party_id, currency FROM invoices WHERE id = ? AND "
      "company_id = ?",
      *in.credit_of_id, in.company_id);
  if (!row.ok() || !*row) return e.Add("credit_of_id", "not_found", "No such invoice.");
  const auto& r = **row;
  if (r.Text(0) != "invoice" || (r.Text(1) != "posted" && r.Text(1) != "paid")) {
    return e.Add("credit_of_id", "invoicing.not_posted", "Only a posted invoice is credited.");
  }
  if (r.Int(2) != in.party_id || r.Text(3) != currency) {
    e.Add("credit_of_id", "invoicing.mismatch", "The invoice has another party or currency.");
  }
}

void CheckTerm(store::Tx& tx, const InvoiceInput& in, Resolved& r, Errors& e) {
  if (!in.payment_term_id) {
    auto def = DefaultPaymentTerm(tx, in.company_id);
    if (!def.ok()) return e.Merge(def.status(), "payment_term_id");
    r.term_id = *def;
  } else {
    r.term_id = *in.payment_term_id;
  }
  auto term = PaymentTerm(tx, in.company_id, r.term_id);
  if (!term.ok() || !term->active) {
    return e.Add("payment_term_id", "not_found", "No such active payment term.");
  }
  r.term = term->lines;
}

void CheckAccount(store::Tx& tx, const Clock& clock, int64_t company_id, int64_t id,
                  const std::string& at, Errors& e) {
  accounting::Accounts accounts(clock);
  auto a = accounts.Get(tx, SystemAccess(company_id, 0), id);
  if (!a.ok()) return e.Add(at, "not_found", "No such account.");
  if ((*a)["is_group"].get<bool>() || !(*a)["active"].get<bool>() ||
      (*a)["reconcilable"].get<bool>()) {
    e.Add(at, "invoicing.account",
          "A revenue line needs an active, postable, non-control account.");
  }
}

void CheckLine(const InvoiceLineInput& l, const std::string& at, const std::set<int64_t>& taxes,
               Errors& e) {
  if (l.description.empty()) e.Add(at + "description", "required", "description is required.");
  if (TooLong(l.description, 1000))
    e.Add(at + "description", "too_long", "At most 1000 characters.");
  if (TooLong(l.uom_code, 20)) e.Add(at + "uom_code", "too_long", "At most 20 characters.");
  if (l.quantity.scaled() <= 0) e.Add(at + "quantity", "positive", "quantity is more than 0.");
  if (l.unit_price.scaled() < 0)
    e.Add(at + "unit_price", "negative", "unit_price is not negative.");
  if (l.discount_ppm < 0 || l.discount_ppm > 1000000) {
    e.Add(at + "discount_percent", "range", "discount_percent is 0 to 100.");
  }
  std::set<int64_t> seen;
  for (size_t k = 0; k < l.tax_ids.size(); ++k) {
    std::string f = at + "tax_ids/" + std::to_string(k);
    if (!taxes.count(l.tax_ids[k])) e.Add(f, "tax.unknown", "No such active tax.");
    if (!seen.insert(l.tax_ids[k]).second) e.Add(f, "tax.duplicate", "A tax is applied once.");
  }
}

void CheckLines(store::Tx& tx, const Clock& clock, const InvoiceInput& in, Resolved& r, Errors& e) {
  if (in.lines.empty() || in.lines.size() > kMaxLines) {
    return e.Add("lines", "type", "lines is a list of 1 to 500 lines.");
  }
  std::set<int64_t> taxes;
  auto defs = accounting::Taxes(clock).Load(tx, in.company_id);
  if (defs.ok()) {
    for (const auto& d : *defs) taxes.insert(d.id);
  }
  std::optional<int64_t> revenue;
  for (size_t i = 0; i < in.lines.size(); ++i) {
    const auto& l = in.lines[i];
    std::string at = "lines/" + std::to_string(i) + "/";
    CheckLine(l, at, taxes, e);
    if (l.account_id) {
      CheckAccount(tx, clock, in.company_id, *l.account_id, at + "account_id", e);
      r.account_ids.push_back(*l.account_id);
      continue;
    }
    if (!revenue) {
      auto role = accounting::AccountByRole(tx, in.company_id, "revenue");
      if (!role.ok()) return e.Merge(role.status(), at + "account_id");
      revenue = *role;
    }
    r.account_ids.push_back(*revenue);
  }
}

}  // namespace

security::Access SystemAccess(int64_t company_id, int64_t user_id) {
  return security::Access(user_id, "invoicing", company_id, 0,
                          {{"party.party.read", security::Scope::kCompany},
                           {"accounting.account.read", security::Scope::kCompany},
                           {"accounting.journal.read", security::Scope::kCompany}});
}

std::string Fmt(int64_t minor, const std::string& currency) {
  auto c = Currency::FromCode(currency);
  return c.ok() ? Money::FromMinor(minor, *c).ToString() : std::to_string(minor);
}

std::string Truncate(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

Status AsField(const Status& st, const std::string& field) {
  if (st.ok() || !st.field_errors().empty()) return st;
  return InvalidField(field, st.message_id(), st.message());
}

Result<Resolved> Validate(store::Tx& tx, const InvoiceInput& in, const party::Parties& parties,
                          const Clock& clock) {
  Resolved r;
  Errors e;
  ASSIGN_OR_RETURN(r.company_currency, security::CompanyCurrency(tx, in.company_id));
  r.currency = in.currency.empty() ? r.company_currency : in.currency;
  if (!Currency::FromCode(r.currency).ok()) {
    e.Add("currency", "currency.unknown", "Not an ISO 4217 currency code.");
  }
  CheckHeader(tx, in, parties, e);
  CheckCreditOf(tx, in, r.currency, e);
  CheckTerm(tx, in, r, e);
  CheckLines(tx, clock, in, r, e);
  if (!e.empty()) return e.status();
  ASSIGN_OR_RETURN(r.address, Snapshot(tx, in));
  return r;
}

}  // namespace concord::invoicing::internal

// The invoice verbs of the API: JSON bodies read into InvoiceInput (every field error at
// once), permissions, versions, then the service.
#include "accounting/taxes.h"
#include "core/json_input.h"
#include "invoicing/invoice_internal.h"
#include "security/company.h"

namespace concord::invoicing {

using nlohmann::json;

namespace {

constexpr size_t kMaxBodyLines = 500;

// A decimal string field parsed by `parse`; errors carry the parser's code.
template <class T, class P>
std::optional<T> DecimalField(Fields& f, const std::string& name, bool required, P parse) {
  auto text = f.Text(name, {.required = required, .max_chars = 40});
  if (!text) return std::nullopt;
  auto v = parse(*text);
  if (!v.ok()) {
    f.Error(name, v.status().message_id(), name + " is a decimal string, e.g. \"12.5\".");
    return std::nullopt;
  }
  return *v;
}

std::vector<int64_t> TaxIds(Fields& f) {
  std::vector<int64_t> out;
  const json* raw = f.Raw("tax_ids");
  if (!raw) return out;
  if (!raw->is_array() || raw->size() > 20) {
    f.Error("tax_ids", "type", "tax_ids is a list of up to 20 tax ids.");
    return out;
  }
  for (size_t k = 0; k < raw->size(); ++k) {
    const json& v = (*raw)[k];
    if (!v.is_number_integer() || v.get<int64_t>() < 1) {
      f.Error("tax_ids/" + std::to_string(k), "type", "A tax id is a positive integer.");
    } else {
      out.push_back(v.get<int64_t>());
    }
  }
  return out;
}

InvoiceLineInput ReadLine(Fields& f) {
  InvoiceLineInput l;
  l.product_id = f.Int("product_id");
  l.description = f.Text("description", {.required = true, .max_chars = 1000}).value_or("");
  l.quantity = DecimalField<Quantity>(f, "quantity", true, Quantity::Parse).value_or(Quantity());
  l.uom_code = f.Text("uom_code", {.max_chars = 20, .allow_empty = true}).value_or("");
  l.unit_price =
      DecimalField<UnitPrice>(f, "unit_price", true, UnitPrice::Parse).value_or(UnitPrice());
  l.discount_ppm = DecimalField<int64_t>(f, "discount_percent", false, [](const std::string& s) {
                     return accounting::ParseRate(std::string_view(s));
                   }).value_or(0);
  l.tax_ids = TaxIds(f);
  l.account_id = f.Int("account_id");
  l.origin_line_id = f.Int("origin_line_id");
  return l;
}

void ReadLines(Fields& f, InvoiceInput& in) {
  const json* lines = f.Raw("lines");
  if (!lines) return;
  if (!lines->is_array() || lines->empty() || lines->size() > kMaxBodyLines) {
    return f.Error("lines", "type", "lines is a list of 1 to 500 lines.");
  }
  in.lines.clear();
  for (size_t i = 0; i < lines->size(); ++i) {
    std::string at = "lines/" + std::to_string(i) + "/";
    if (!(*lines)[i].is_object()) {
      f.Error("lines/" + std::to_string(i), "type", "A line is an object.");
      continue;
    }
    Fields g((*lines)[i]);
    in.lines.push_back(ReadLine(g));
    Status st = g.Finish();
    for (const auto& e : st.field_errors()) f.Error(at + e.field, e.code, e.message);
  }
}

// Fields present in `body` replace those of `in`. `post` is read when not null.
Status ReadBody(const json& body, InvoiceInput& in, bool create, bool* post) {
  Fields f(body);
  if (auto kind = f.Enum("kind", {"invoice", "credit_note"})) in.kind = *kind;
  auto party = f.Int("party_id", create);
  if (party && *party != in.party_id && !body.contains("address")) in.address = nullptr;
  if (party) in.party_id = *party;
  if (auto cur = f.Text("currency", {.max_chars = 3})) in.currency = *cur;
  if (auto date = f.Day("date")) in.date = *date;
  if (f.Has("payment_term_id")) in.payment_term_id = f.Int("payment_term_id");
  if (f.Has("address")) {
    const json* a = f.Raw("address");
    in.address = a ? *a : json(nullptr);
  }
  if (auto t = f.Text("origin_type", {.max_chars = 50, .allow_empty = true})) in.origin_type = *t;
  if (f.Has("origin_id")) in.origin_id = f.Int("origin_id");
  if (auto t = f.Text("origin_ref", {.max_chars = 100, .allow_empty = true})) in.origin_ref = *t;
  if (f.Has("department_id")) in.department_id = f.Int("department_id");
  if (f.Has("credit_of_id")) in.credit_of_id = f.Int("credit_of_id");
  if (create && !f.Has("lines")) f.Error("lines", "required", "lines is required.");
  ReadLines(f, in);
  if (post) {
    *post = f.Bool("post").value_or(false);
  }
  f.Ignore("version");
  return f.Finish();
}

Result<Date> Today(store::Tx& tx, const Clock& clock, int64_t company_id) {
  ASSIGN_OR_RETURN(auto company, security::GetCompanyBasics(tx, company_id));
  return BusinessDate(clock.Now(), company.time_zone);
}

}  // namespace

Result<json> Invoices::ApiCreate(store::Tx& tx, const security::Access& who,
                                 const json& body) const {
  RETURN_IF_ERROR(who.Require("invoicing.invoice.create"));
  InvoiceInput in;
  in.company_id = who.company_id();
  ASSIGN_OR_RETURN(in.date, Today(tx, clock_, who.company_id()));
  bool post = false;
  RETURN_IF_ERROR(ReadBody(body, in, true, &post));
  if (post) RETURN_IF_ERROR(who.Require("invoicing.invoice.approve"));
  ASSIGN_OR_RETURN(CreatedInvoice created, Create(tx, in, post, who.user_id()));
  return internal::InvoiceJson(tx, who.company_id(), created.id, true);
}

Result<json> Invoices::ApiUpdate(store::Tx& tx, const security::Access& who, int64_t id,
                                 const json& body, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("invoicing.invoice.update"));
  ASSIGN_OR_RETURN(internal::Stored s, internal::LoadStored(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(s.version));
  RETURN_IF_ERROR(internal::CheckTransition(s.state, "update"));
  ASSIGN_OR_RETURN(json before, internal::InvoiceJson(tx, who.company_id(), id, false));
  RETURN_IF_ERROR(ReadBody(body, s.input, false, nullptr));
  RETURN_IF_ERROR(Store(tx, s.input, id, who.user_id()).status());
  ASSIGN_OR_RETURN(json out, internal::InvoiceJson(tx, who.company_id(), id, true));
  json after = out;
  for (const char* k : {"lines", "taxes", "instalments", "allocations"}) after.erase(k);
  tx.Audit({"invoice", id, "update", store::Changes(before, after)});
  tx.Emit({"invoice.updated", "invoice", id, {{"id", id}}});
  return out;
}

Result<json> Invoices::ApiPost(store::Tx& tx, const security::Access& who, int64_t id,
                               const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("invoicing.invoice.approve"));
  ASSIGN_OR_RETURN(internal::Stored s, internal::LoadStored(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(s.version));
  RETURN_IF_ERROR(Post(tx, who.company_id(), id, who.user_id()).status());
  return internal::InvoiceJson(tx, who.company_id(), id, true);
}

Result<json> Invoices::ApiCancel(store::Tx& tx, const security::Access& who, int64_t id,
                                 const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("invoicing.invoice.update"));
  ASSIGN_OR_RETURN(internal::Stored s, internal::LoadStored(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(s.version));
  RETURN_IF_ERROR(internal::CheckTransition(s.state, "cancel"));
  RETURN_IF_ERROR(tx.Exec("UPDATE invoices SET state = 'cancelled', version = version + 1, "
                          "updated_at = ? WHERE id = ?",
                          clock_.Now().ToIso(), id)
                      .status());
  tx.Audit({"invoice", id, "cancel", {{"state", {s.state, "cancelled"}}}});
  tx.Emit({"invoice.cancelled", "invoice", id, {{"id", id}}});
  return internal::InvoiceJson(tx, who.company_id(), id, true);
}

Result<json> Invoices::ApiCredit(store::Tx& tx, const security::Access& who, int64_t id,
                                 const json& body) const {
  RETURN_IF_ERROR(who.Require("invoicing.invoice.create"));
  Fields f(body);
  auto date = f.Day("date");
  bool post = f.Bool("post").value_or(false);
  RETURN_IF_ERROR(f.Finish());
  if (post) RETURN_IF_ERROR(who.Require("invoicing.invoice.approve"));
  ASSIGN_OR_RETURN(internal::Stored s, internal::LoadStored(tx, who.company_id(), id));
  if (s.input.kind != "invoice" || (s.state != "posted" && s.state != "paid")) {
    return FailedPrecondition("invoicing.not_posted", "Only a posted invoice is credited.");
  }
  InvoiceInput in = s.input;
  in.kind = "credit_note";
  in.credit_of_id = id;
  in.payment_term_id.reset();
  if (date) {
    in.date = *date;
  } else {
    ASSIGN_OR_RETURN(in.date, Today(tx, clock_, who.company_id()));
  }
  ASSIGN_OR_RETURN(CreatedInvoice created, Create(tx, in, post, who.user_id()));
  return internal::InvoiceJson(tx, who.company_id(), created.id, true);
}

}  // namespace concord::invoicing

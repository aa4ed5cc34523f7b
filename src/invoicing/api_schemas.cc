// OpenAPI schemas of payment terms, invoices, payments, allocations and customer credit.
#include "http/schema.h"
#include "invoicing/invoicing.h"
#include "security/api.h"

namespace concord::invoicing {
namespace {

using nlohmann::json;
using security::Ref;
using namespace http::schema;  // NOLINT

const json kId = Nullable(kInt);

void TermSchemas(http::Api& api) {
  json line = Obj({{"percent", {{"type", "string"}, {"description", "\"50\" or \"balance\""}}},
                   {"days", kInt},
                   {"end_of_month", kBool}},
                  {"percent", "days"});
  api.AddSchema("PaymentTermInput", Obj({{"name", kStr},
                                         {"lines", ArrayOf(line)},
                                         {"advance_required", kBool},
                                         {"is_default", kBool},
                                         {"active", kBool}},
                                        {"name", "lines"}));
  api.AddSchema("PaymentTerm", Obj({{"id", kInt},
                                    {"name", kStr},
                                    {"lines", ArrayOf(line)},
                                    {"advance_required", kBool},
                                    {"is_default", kBool},
                                    {"active", kBool},
                                    {"version", kInt}}));
}

json LineInput() {
  return Obj({{"product_id", kId},
              {"description", kStr},
              {"quantity", kDecimal},
              {"uom_code", kStr},
              {"unit_price", kDecimal},
              {"discount_percent", kDecimal},
              {"tax_ids", ArrayOf(kInt)},
              {"account_id", kId},
              {"origin_line_id", kId}},
             {"description", "quantity", "unit_price"});
}

void InvoiceSchemas(http::Api& api) {
  api.AddSchema("InvoiceInput", Obj({{"kind", Enum({"invoice", "credit_note"})},
                                     {"party_id", kInt},
                                     {"currency", kStr},
                                     {"date", kDate},
                                     {"payment_term_id", kId},
                                     {"address", Nullable({{"type", "object"}})},
                                     {"origin_type", kStr},
                                     {"origin_id", kId},
                                     {"origin_ref", kStr},
                                     {"department_id", kId},
                                     {"credit_of_id", kId},
                                     {"lines", ArrayOf(LineInput())},
                                     {"post", kBool}},
                                    {"party_id", "lines"}));
  json line = LineInput();
  for (const char* k : {"untaxed", "tax", "total"}) line["properties"][k] = kDecimal;
  line["properties"]["id"] = kInt;
  line["properties"]["taxes"] = ArrayOf(json::object());
  json tax = Obj({{"tax_id", kInt},
                  {"code", kStr},
                  {"rate", kStr},
                  {"included", kBool},
                  {"base", kDecimal},
                  {"amount", kDecimal},
                  {"base_company", kDecimal},
                  {"amount_company", kDecimal}});
  json instalment = Obj({{"seq", kInt},
                         {"due_date", kDate},
                         {"amount", kDecimal},
                         {"residual", Nullable(kDecimal)},
                         {"line_id", kId}});
  api.AddSchema("Invoice", Obj({{"id", kInt},
                                {"kind", Enum({"invoice", "credit_note"})},
                                {"number", Nullable(kStr)},
                                {"state", Enum({"draft", "posted", "paid", "cancelled"})},
                                {"party_id", kInt},
                                {"party_name", kStr},
                                {"currency", kStr},
                                {"company_currency", kStr},
                                {"rate", Nullable(kStr)},
                                {"date", kDate},
                                {"payment_term_id", kId},
                                {"address", {{"type", "object"}}},
                                {"origin_type", kStr},
                                {"origin_id", kId},
                                {"origin_ref", kStr},
                                {"credit_of_id", kId},
                                {"untaxed", kDecimal},
                                {"tax", kDecimal},
                                {"total", kDecimal},
                                {"total_company", kDecimal},
                                {"residual", Nullable(kDecimal)},
                                {"residual_company", Nullable(kDecimal)},
                                {"entry_id", kId},
                                {"entry_number", Nullable(kStr)},
                                {"lines", ArrayOf(line)},
                                {"taxes", ArrayOf(tax)},
                                {"instalments", ArrayOf(instalment)},
                                {"allocations", ArrayOf(Ref("Allocation"))},
                                {"version", kInt}}));
  api.AddSchema("CreditInput", Obj({{"date", kDate}, {"post", kBool}}));
}

void PaymentSchemas(http::Api& api) {
  json target = Obj({{"invoice_id", kInt}, {"payment_id", kInt}, {"amount", kDecimal}});
  api.AddSchema("AllocateInput", Obj({{"allocations", ArrayOf(target)}}, {"allocations"}));
  api.AddSchema("PaymentInput", Obj({{"party_id", kInt},
                                     {"amount", kDecimal},
                                     {"currency", kStr},
                                     {"date", kDate},
                                     {"journal_id", kId},
                                     {"direction", Enum({"inbound", "outbound"})},
                                     {"reference", kStr},
                                     {"memo", kStr},
                                     {"allocations", ArrayOf(target)},
                                     {"post", kBool}},
                                    {"party_id", "amount"}));
  api.AddSchema("Allocation", Obj({{"id", kInt},
                                   {"state", Enum({"active", "undone"})},
                                   {"date", kDate},
                                   {"amount", kDecimal},
                                   {"currency", kStr},
                                   {"with_type", Enum({"invoice", "payment"})},
                                   {"with_id", kInt},
                                   {"with_number", Nullable(kStr)},
                                   {"undone_at", Nullable(kTime)}}));
  api.AddSchema("Payment", Obj({{"id", kInt},
                                {"number", Nullable(kStr)},
                                {"state", Enum({"draft", "posted", "cancelled"})},
                                {"direction", Enum({"inbound", "outbound"})},
                                {"party_id", kInt},
                                {"date", kDate},
                                {"currency", kStr},
                                {"amount", kDecimal},
                                {"amount_company", kDecimal},
                                {"rate", Nullable(kStr)},
                                {"journal_id", kInt},
                                {"account_id", kInt},
                                {"reference", kStr},
                                {"memo", kStr},
                                {"unallocated", Nullable(kDecimal)},
                                {"entry_id", kId},
                                {"entry_number", Nullable(kStr)},
                                {"planned", ArrayOf(json::object())},
                                {"allocations", ArrayOf(Ref("Allocation"))},
                                {"version", kInt}}));
  json open = Obj({{"id", kInt}, {"number", kStr}, {"date", kDate}, {"currency", kStr}});
  api.AddSchema("PartyCredit", Obj({{"party_id", kInt},
                                    {"currency", kStr},
                                    {"open_receivable", kDecimal},
                                    {"credit", kDecimal},
                                    {"payments", ArrayOf(open)},
                                    {"credit_notes", ArrayOf(open)}}));
}

}  // namespace

void RegisterSchemas(http::Api& api) {
  TermSchemas(api);
  InvoiceSchemas(api);
  PaymentSchemas(api);
}

}  // namespace concord::invoicing

// OpenAPI schemas of accounts, journals, fiscal years and periods, and journal entries.
#include "accounting/accounting.h"
#include "http/schema.h"
#include "security/api.h"

namespace concord::accounting {
namespace {

using nlohmann::json;
using security::Ref;
using namespace http::schema;  // NOLINT

const json kTypes = Enum({"asset", "liability", "equity", "income", "expense"});

json Account() {
  return Obj({{"id", kInt},
              {"code", kStr},
              {"name", kStr},
              {"name_zh", kStr},
              {"type", kTypes},
              {"role", kStr},
              {"reconcilable", kBool},
              {"is_group", kBool},
              {"parent_id", Nullable(kInt)},
              {"currency", Nullable(kStr)},
              {"active", kBool},
              {"version", kInt}});
}

json Period() {
  return Obj({{"id", kInt},
              {"fiscal_year_id", kInt},
              {"name", kStr},
              {"start_date", kDate},
              {"end_date", kDate},
              {"state", Enum({"open", "closed"})},
              {"closed_at", Nullable(kTime)},
              {"version", kInt}});
}

json EntryLineInput() {
  return Obj({{"account_id", kInt},
              {"party_id", Nullable(kInt)},
              {"department_id", Nullable(kInt)},
              {"debit", kDecimal},
              {"credit", kDecimal},
              {"currency", kStr},
              {"amount_currency", kDecimal},
              {"description", kStr},
              {"due_date", kDate}},
             {"account_id"});
}

json Entry() {
  json line = Obj({{"id", kInt},
                   {"line_no", kInt},
                   {"account_id", kInt},
                   {"account_code", kStr},
                   {"party_id", Nullable(kInt)},
                   {"department_id", Nullable(kInt)},
                   {"debit", kDecimal},
                   {"credit", kDecimal},
                   {"currency", kStr},
                   {"amount_currency", kDecimal},
                   {"residual", kDecimal},
                   {"due_date", Nullable(kDate)}});
  return Obj({{"id", kInt},
              {"journal_id", kInt},
              {"journal_code", kStr},
              {"number", Nullable(kStr)},
              {"date", kDate},
              {"state", Enum({"draft", "posted"})},
              {"kind", Enum({"normal", "reversal", "closing", "revaluation"})},
              {"ref", kStr},
              {"description", kStr},
              {"reversal_of_id", Nullable(kInt)},
              {"reversed_by_id", Nullable(kInt)},
              {"total", kDecimal},
              {"currency", kStr},
              {"version", kInt},
              {"lines", ArrayOf(line)}});
}

}  // namespace

void RegisterSchemas(http::Api& api) {
  api.AddSchema("Account", Account());
  api.AddSchema("AccountInput", Obj({{"code", kStr},
                                     {"name", kStr},
                                     {"name_zh", kStr},
                                     {"type", kTypes},
                                     {"role", kStr},
                                     {"reconcilable", kBool},
                                     {"is_group", kBool},
                                     {"parent_id", Nullable(kInt)},
                                     {"currency", Nullable(kStr)},
                                     {"active", kBool}}));
  api.AddSchema("Journal", Obj({{"id", kInt},
                                {"code", kStr},
                                {"name", kStr},
                                {"name_zh", kStr},
                                {"kind", kStr},
                                {"default_account_id", Nullable(kInt)},
                                {"active", kInt},
                                {"version", kInt}}));
  api.AddSchema("JournalInput",
                Obj({{"code", kStr},
                     {"name", kStr},
                     {"name_zh", kStr},
                     {"kind", Enum({"sale", "purchase", "bank", "cash", "stock", "general"})},
                     {"default_account_id", Nullable(kInt)}},
                    {"code", "name", "kind"}));
  api.AddSchema("FiscalPeriod", Period());
  api.AddSchema("FiscalYear", Obj({{"id", kInt},
                                   {"name", kStr},
                                   {"start_date", kDate},
                                   {"end_date", kDate},
                                   {"state", Enum({"open", "closed"})},
                                   {"closing_entry_id", Nullable(kInt)},
                                   {"version", kInt},
                                   {"periods", ArrayOf(Ref("FiscalPeriod"))}}));
  api.AddSchema("FiscalYearInput", Obj({{"start_date", kDate},
                                        {"end_date", kDate},
                                        {"name", kStr},
                                        {"period", Enum({"month", "quarter"})}},
                                       {"start_date"}));
  api.AddSchema("FiscalYearClose", Obj({{"journal_id", kInt}}));
  api.AddSchema("JournalEntry", Entry());
  api.AddSchema("JournalEntryInput", Obj({{"journal_id", kInt},
                                          {"date", kDate},
                                          {"ref", kStr},
                                          {"description", kStr},
                                          {"post", kBool},
                                          {"lines", ArrayOf(EntryLineInput())}},
                                         {"journal_id", "date", "lines"}));
  api.AddSchema("JournalEntryReverse", Obj({{"date", kDate}, {"description", kStr}}));
}

}  // namespace concord::accounting

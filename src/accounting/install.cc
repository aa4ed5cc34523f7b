#include "accounting/install.h"

#include <optional>
#include <unordered_map>

#include "accounting/templates.h"
#include "security/company.h"

namespace concord::accounting {
namespace {

// Ids of the rows installed so far, by template code.
using CodeIds = std::unordered_map<std::string_view, int64_t>;

// The id of `code` ("" = none). A code the template does not define is a defect of the
// template, which templates_test.cc rules out.
Result<std::optional<int64_t>> IdOf(const CodeIds& ids, std::string_view code,
                                    const ChartTemplate& chart) {
  if (code.empty()) return std::optional<int64_t>();
  auto it = ids.find(code);
  if (it == ids.end()) {
    return Internal("chart template " + std::string(chart.id) + " refers to unknown code " +
                    std::string(code));
  }
  return std::optional<int64_t>(it->second);
}

Status InsertAccounts(store::Tx& tx, int64_t company_id, const ChartTemplate& chart,
                      const std::string& now, CodeIds& ids) {
  for (const AccountTemplate& a : chart.accounts) {
    ASSIGN_OR_RETURN(std::optional<int64_t> parent, IdOf(ids, a.parent_code, chart));
    ASSIGN_OR_RETURN(
        int64_t id, tx.Insert("INSERT INTO accounts (company_id, code, name, name_zh, type, role, "
                              "reconcilable, is_group, parent_id, created_at, updated_at) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                              company_id, a.code, a.name, a.name_zh, a.type, a.role, a.reconcilable,
                              a.is_group, parent, now, now));
    ids[a.code] = id;
  }
  return Status::Ok();
}

Status InsertJournals(store::Tx& tx, int64_t company_id, const ChartTemplate& chart,
                      const std::string& now, const CodeIds& accounts) {
  for (const JournalTemplate& j : chart.journals) {
    ASSIGN_OR_RETURN(std::optional<int64_t> account, IdOf(accounts, j.default_account_code, chart));
    RETURN_IF_ERROR(tx.Exec("INSERT INTO journals (company_id, code, name, name_zh, kind, "
                            "default_account_id, created_at, updated_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            company_id, j.code, j.name, j.name_zh, j.kind, account, now, now)
                        .status());
  }
  return Status::Ok();
}

Status InsertTaxes(store::Tx& tx, int64_t company_id, const ChartTemplate& chart,
                   const std::string& now, const CodeIds& accounts, CodeIds& taxes) {
  for (const TaxTemplate& t : chart.taxes) {
    ASSIGN_OR_RETURN(std::optional<int64_t> collected,
                     IdOf(accounts, t.collected_account_code, chart));
    ASSIGN_OR_RETURN(std::optional<int64_t> paid, IdOf(accounts, t.paid_account_code, chart));
    ASSIGN_OR_RETURN(
        int64_t id, tx.Insert("INSERT INTO taxes (company_id, code, name, name_zh, rate, included, "
                              "collected_account_id, paid_account_id, created_at, updated_at) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                              company_id, t.code, t.name, t.name_zh, t.rate, t.included, collected,
                              paid, now, now));
    taxes[t.code] = id;
  }
  return Status::Ok();
}

Status InsertTaxGroups(store::Tx& tx, int64_t company_id, const ChartTemplate& chart,
                       const std::string& now, const CodeIds& taxes) {
  for (const TaxGroupTemplate& g : chart.tax_groups) {
    ASSIGN_OR_RETURN(int64_t group_id,
                     tx.Insert("INSERT INTO tax_groups (company_id, code, name, created_at, "
                               "updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                               company_id, g.code, g.name, now, now));
    int64_t sequence = 0;
    for (std::string_view code : g.tax_codes) {
      ASSIGN_OR_RETURN(std::optional<int64_t> tax_id, IdOf(taxes, code, chart));
      RETURN_IF_ERROR(tx.Exec("INSERT INTO tax_group_members (group_id, tax_id, sequence) "
                              "VALUES (?, ?, ?)",
                              group_id, tax_id, ++sequence)
                          .status());
    }
  }
  return Status::Ok();
}

// A settings row that exists without a chart (nothing creates one today) keeps its options.
Status UpsertSettings(store::Tx& tx, int64_t company_id, std::string_view template_id,
                      const std::string& now) {
  return tx
      .Exec(
          "INSERT INTO accounting_settings (company_id, chart_template, tax_rounding, "
          "updated_at) VALUES (?, ?, 'line', ?) ON CONFLICT (company_id) DO UPDATE SET "
          "chart_template = excluded.chart_template, updated_at = excluded.updated_at, "
          "version = accounting_settings.version + 1",
          company_id, template_id, now)
      .status();
}

Status CheckCompanyHasNoChart(store::Tx& tx, int64_t company_id) {
  RETURN_IF_ERROR(security::GetCompanyBasics(tx, company_id).status());
  ASSIGN_OR_RETURN(auto existing,
                   tx.One("SELECT id FROM accounts WHERE company_id = ? LIMIT 1", company_id));
  if (existing) {
    return FailedPrecondition("accounting.chart_exists",
                              "the company already has a chart of accounts");
  }
  return Status::Ok();
}

}  // namespace

Status InstallChart(store::Tx& tx, int64_t company_id, std::string_view template_id,
                    const std::string& now) {
  const ChartTemplate* chart = FindChartTemplate(template_id);
  if (chart == nullptr) {
    return InvalidField("template", "enum",
                        "unknown chart template \"" + std::string(template_id) + "\"");
  }
  RETURN_IF_ERROR(CheckCompanyHasNoChart(tx, company_id));
  CodeIds accounts;
  CodeIds taxes;
  RETURN_IF_ERROR(InsertAccounts(tx, company_id, *chart, now, accounts));
  RETURN_IF_ERROR(InsertJournals(tx, company_id, *chart, now, accounts));
  RETURN_IF_ERROR(InsertTaxes(tx, company_id, *chart, now, accounts, taxes));
  RETURN_IF_ERROR(InsertTaxGroups(tx, company_id, *chart, now, taxes));
  RETURN_IF_ERROR(UpsertSettings(tx, company_id, chart->id, now));
  const std::string id(chart->id);
  const auto n = static_cast<int64_t>(chart->accounts.size());
  tx.Audit(
      {"company", company_id, "chart_installed", {{"chart_template", {nullptr, id}}}, company_id});
  tx.Emit({"accounting.chart_installed",
           "company",
           company_id,
           {{"template", id}, {"accounts", n}},
           company_id});
  return Status::Ok();
}

std::string_view DefaultTemplateFor(std::string_view currency) {
  return currency == "CNY" ? "cn_cas" : "generic";
}

}  // namespace concord::accounting

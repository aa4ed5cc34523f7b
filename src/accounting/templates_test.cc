// Chart-of-accounts templates: the invariants of templates.h for every template, the CAS codes
// and names the issue names, and installing a template into a company (SQLite always,
// PostgreSQL when CONCORD_TEST_PG is set).
#include "accounting/templates.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "accounting/install.h"
#include "accounting/schema.h"
#include "core/decimal.h"
#include "party/schema.h"
#include "security/schema.h"
#include "store/database.h"
#include "store/platform_schema.h"
#include "store/scratch_db.h"

namespace concord::accounting {
namespace {

bool Contains(std::span<const std::string_view> list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::map<std::string_view, const AccountTemplate*> ByCode(const ChartTemplate& chart) {
  std::map<std::string_view, const AccountTemplate*> out;
  for (const AccountTemplate& a : chart.accounts) out.emplace(a.code, &a);
  return out;
}

// Expects `code` to name a postable account of `chart`.
void ExpectPostable(const ChartTemplate& chart, std::string_view code, std::string_view what) {
  auto accounts = ByCode(chart);
  auto it = accounts.find(code);
  ASSERT_NE(it, accounts.end()) << what << " names unknown account " << code;
  EXPECT_FALSE(it->second->is_group) << what << " names group account " << code;
}

class ChartTemplateTest : public ::testing::TestWithParam<std::string_view> {
 protected:
  void SetUp() override {
    chart_ = FindChartTemplate(GetParam());
    ASSERT_NE(chart_, nullptr);
  }
  const ChartTemplate* chart_ = nullptr;
};

TEST_P(ChartTemplateTest, CodesAreUniqueAndEveryRowIsNamed) {
  EXPECT_EQ(chart_->id, GetParam());
  std::set<std::string_view> codes;
  for (const AccountTemplate& a : chart_->accounts) {
    EXPECT_TRUE(codes.insert(a.code).second) << "duplicate account code " << a.code;
    EXPECT_FALSE(a.code.empty());
    EXPECT_FALSE(a.name.empty()) << a.code;
    EXPECT_FALSE(a.name_zh.empty()) << a.code;
  }
  std::set<std::string_view> journals, taxes, groups;
  for (const JournalTemplate& j : chart_->journals) {
    EXPECT_TRUE(journals.insert(j.code).second) << j.code;
    EXPECT_FALSE(j.name.empty() || j.name_zh.empty()) << j.code;
  }
  for (const TaxTemplate& t : chart_->taxes) {
    EXPECT_TRUE(taxes.insert(t.code).second) << t.code;
    EXPECT_FALSE(t.name.empty() || t.name_zh.empty()) << t.code;
  }
  for (const TaxGroupTemplate& g : chart_->tax_groups) {
    EXPECT_TRUE(groups.insert(g.code).second) << g.code;
  }
}

TEST_P(ChartTemplateTest, ParentsAreGroupsListedEarlier) {
  std::map<std::string_view, bool> seen;  // code -> is_group
  int top = 0;
  for (const AccountTemplate& a : chart_->accounts) {
    if (a.parent_code.empty()) {
      ++top;
      EXPECT_TRUE(a.is_group) << "top-level account " << a.code << " is not a group";
    } else {
      auto it = seen.find(a.parent_code);
      EXPECT_NE(it, seen.end()) << a.code << ": parent " << a.parent_code << " not listed before";
      if (it != seen.end()) {
        EXPECT_TRUE(it->second) << a.code << ": parent is not a group";
      }
    }
    seen.emplace(a.code, a.is_group);
  }
  EXPECT_GE(top, 4);
}

TEST_P(ChartTemplateTest, RolesAreKnownAndRequiredOnesOnExactlyOnePostableAccount) {
  std::map<std::string_view, int> count;
  for (const AccountTemplate& a : chart_->accounts) {
    if (a.role.empty()) continue;
    EXPECT_TRUE(Contains(kAccountRoles, a.role)) << a.code << ": unknown role " << a.role;
    EXPECT_FALSE(a.is_group) << a.code << ": a group carries role " << a.role;
    ++count[a.role];
  }
  for (std::string_view role : kRequiredRoles) {
    EXPECT_EQ(count[role], 1) << "required role " << role;
  }
  for (const auto& [role, n] : count) EXPECT_EQ(n, 1) << "role " << role;
}

TEST_P(ChartTemplateTest, TypesAreValidAndControlAccountsReconcilable) {
  for (const AccountTemplate& a : chart_->accounts) {
    EXPECT_TRUE(Contains(kAccountTypes, a.type)) << a.code << ": type " << a.type;
    if (a.is_group) {
      EXPECT_FALSE(a.reconcilable) << a.code;
    }
    const bool control = a.role == "receivable" || a.role == "payable" ||
                         a.role == "advance_received" || a.role == "advance_paid";
    if (control) {
      EXPECT_TRUE(a.reconcilable) << a.code << " (" << a.role << ")";
    }
  }
  // Role and type agree where the posting code depends on it.
  const std::map<std::string_view, std::string_view> kTypeOfRole = {{"receivable", "asset"},
                                                                    {"payable", "liability"},
                                                                    {"cash", "asset"},
                                                                    {"bank", "asset"},
                                                                    {"inventory", "asset"},
                                                                    {"revenue", "income"},
                                                                    {"cogs", "expense"},
                                                                    {"fx_gain", "income"},
                                                                    {"fx_loss", "expense"},
                                                                    {"retained_earnings", "equity"},
                                                                    {"current_earnings", "equity"}};
  for (const AccountTemplate& a : chart_->accounts) {
    auto it = kTypeOfRole.find(a.role);
    if (it != kTypeOfRole.end()) {
      EXPECT_EQ(a.type, it->second) << a.code;
    }
  }
}

TEST_P(ChartTemplateTest, JournalsCoverEveryKindWithPostableDefaults) {
  std::map<std::string_view, int> kinds;
  for (const JournalTemplate& j : chart_->journals) {
    EXPECT_TRUE(Contains(kJournalKinds, j.kind)) << j.code << ": kind " << j.kind;
    ++kinds[j.kind];
    if (j.kind != "general") {
      EXPECT_FALSE(j.default_account_code.empty()) << j.code;
    }
    if (!j.default_account_code.empty()) {
      ExpectPostable(*chart_, j.default_account_code, j.code);
    }
  }
  for (std::string_view kind : kJournalKinds) EXPECT_EQ(kinds[kind], 1) << kind;
}

TEST_P(ChartTemplateTest, TaxesArePercentagesBookedOnTaxAccounts) {
  auto accounts = ByCode(*chart_);
  ASSERT_FALSE(chart_->taxes.empty());
  for (const TaxTemplate& t : chart_->taxes) {
    auto rate = ParseScaled(t.rate, 4);
    ASSERT_TRUE(rate.ok()) << t.code << ": rate " << t.rate;
    EXPECT_GE(*rate, 0) << t.code;
    EXPECT_LE(*rate, 100 * 10000) << t.code;
    ASSERT_NO_FATAL_FAILURE(ExpectPostable(*chart_, t.collected_account_code, t.code));
    ASSERT_NO_FATAL_FAILURE(ExpectPostable(*chart_, t.paid_account_code, t.code));
    EXPECT_EQ(accounts[t.collected_account_code]->role, "tax_collected") << t.code;
    EXPECT_EQ(accounts[t.paid_account_code]->role, "tax_paid") << t.code;
  }
  std::set<std::string_view> taxes;
  for (const TaxTemplate& t : chart_->taxes) taxes.insert(t.code);
  for (const TaxGroupTemplate& g : chart_->tax_groups) {
    EXPECT_FALSE(g.tax_codes.empty()) << g.code;
    for (std::string_view code : g.tax_codes) EXPECT_TRUE(taxes.count(code)) << g.code << code;
  }
}

INSTANTIATE_TEST_SUITE_P(Templates, ChartTemplateTest, ::testing::Values("generic", "cn_cas"),
                         [](const auto& info) { return std::string(info.param); });

TEST(ChartTemplatesTest, LookupByIdAndCurrency) {
  ASSERT_EQ(ChartTemplates().size(), 2u);
  for (const ChartTemplate* chart : ChartTemplates()) {
    EXPECT_EQ(FindChartTemplate(chart->id), chart);
  }
  EXPECT_EQ(FindChartTemplate("CN_CAS"), nullptr);
  EXPECT_EQ(FindChartTemplate(""), nullptr);
  EXPECT_EQ(DefaultTemplateFor("CNY"), "cn_cas");
  EXPECT_EQ(DefaultTemplateFor("EUR"), "generic");
  EXPECT_EQ(DefaultTemplateFor("USD"), "generic");
}

TEST(ChartTemplatesTest, CasHasTheStandardCodesAndChineseNames) {
  const ChartTemplate* cas = FindChartTemplate("cn_cas");
  ASSERT_NE(cas, nullptr);
  auto accounts = ByCode(*cas);
  const std::map<std::string_view, std::string_view> kIssueNames = {
      {"1001", "库存现金"},     {"1002", "银行存款"},    {"1122", "应收账款"},
      {"1405", "库存商品"},     {"2202", "应付账款"},    {"2221", "应交税费"},
      {"6001", "主营业务收入"}, {"6401", "主营业务成本"}};
  for (const auto& [code, name] : kIssueNames) {
    ASSERT_TRUE(accounts.count(code)) << code;
    EXPECT_EQ(accounts[code]->name_zh, name) << code;
  }
  EXPECT_EQ(accounts["1001"]->role, "cash");
  EXPECT_EQ(accounts["1002"]->role, "bank");
  EXPECT_EQ(accounts["1122"]->role, "receivable");
  EXPECT_EQ(accounts["1405"]->role, "inventory");
  EXPECT_EQ(accounts["2202"]->role, "payable");
  EXPECT_TRUE(accounts["2221"]->is_group);
  EXPECT_EQ(accounts["222101"]->role, "tax_paid");
  EXPECT_EQ(accounts["222102"]->role, "tax_collected");
  EXPECT_EQ(accounts["6001"]->role, "revenue");
  EXPECT_EQ(accounts["6401"]->role, "cogs");
  EXPECT_EQ(accounts["4103"]->role, "current_earnings");
  EXPECT_EQ(accounts["4104"]->role, "retained_earnings");
  // Every four-digit account sits under the group of its class (the first digit).
  for (const AccountTemplate& a : cas->accounts) {
    if (a.code.size() == 4) {
      EXPECT_EQ(a.parent_code, a.code.substr(0, 1)) << a.code;
    }
  }
}

TEST(ChartTemplatesTest, CasTaxesAreChinaVat) {
  const ChartTemplate* cas = FindChartTemplate("cn_cas");
  ASSERT_NE(cas, nullptr);
  std::map<std::string_view, std::pair<std::string_view, bool>> got;
  for (const TaxTemplate& t : cas->taxes) got[t.code] = {t.rate, t.included};
  const std::map<std::string_view, std::pair<std::string_view, bool>> kWant = {
      {"VAT13", {"13", false}},
      {"VAT9", {"9", false}},
      {"VAT6", {"6", false}},
      {"VAT0", {"0", false}},
      {"VAT13_INC", {"13", true}}};
  EXPECT_EQ(got, kWant);
}

// --- Installing into a company -------------------------------------------------------------

store::MigrationSet InstallMigrations() {
  store::MigrationSet set;
  set.Add(store::PlatformMigrations());
  set.Add(security::Migrations());
  set.Add(party::Migrations());
  set.Add(Migrations());
  return set;
}

constexpr char kNow[] = "2026-03-01T10:00:00.000000Z";

class InstallChartTest : public store::MigratedDbTest {
 protected:
  InstallChartTest() : MigratedDbTest("acctinst", InstallMigrations()) {}

  int64_t NewCompany(const std::string& currency) {
    int64_t id = 0;
    EXPECT_OK(db_->Write([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(id, tx.Insert("INSERT INTO companies (name, currency, time_zone, settings, "
                                     "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                                     "Co " + currency, currency, "Asia/Shanghai", "{}", kNow));
      return Status::Ok();
    }));
    return id;
  }

  Status Install(int64_t company_id, std::string_view template_id) {
    return db_->Write([&](store::Tx& tx) {
      tx.set_actor({0, company_id, "req-1"});
      return InstallChart(tx, company_id, template_id, kNow);
    });
  }

  // One integer, e.g. a COUNT(*), with one company id parameter.
  int64_t Scalar(const std::string& sql, int64_t company_id) {
    int64_t out = -1;
    EXPECT_OK(db_->Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto row, tx.One(sql, company_id));
      if (row) out = row->Int(0);
      return Status::Ok();
    }));
    return out;
  }

  // Rows written for a company (accounts, journals, taxes, groups, settings, audit, events).
  int64_t RowsOf(int64_t company_id) {
    int64_t n = 0;
    for (const char* table : {"accounts", "journals", "taxes", "tax_groups", "accounting_settings",
                              "audit_log", "outbox"}) {
      n += Scalar(std::string("SELECT COUNT(*) FROM ") + table + " WHERE company_id = ?",
                  company_id);
    }
    return n + Scalar(
                   "SELECT COUNT(*) FROM tax_group_members m JOIN tax_groups g "
                   "ON g.id = m.group_id WHERE g.company_id = ?",
                   company_id);
  }

  // code -> the account's own columns as the template states them, read back.
  std::map<std::string, std::string> AccountsAsText(int64_t company_id) {
    std::map<std::string, std::string> out;
    EXPECT_OK(db_->Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT a.code, a.name, a.name_zh, a.type, a.role, "
                                          "a.reconcilable, a.is_group, p.code AS parent "
                                          "FROM accounts a LEFT JOIN accounts p "
                                          "ON p.id = a.parent_id WHERE a.company_id = ?",
                                          company_id));
      for (const auto& r : rows) {
        out[r.Text("code")] = r.Text("name") + "|" + r.Text("name_zh") + "|" + r.Text("type") +
                              "|" + r.Text("role") + "|" + std::to_string(r.Int("reconcilable")) +
                              std::to_string(r.Int("is_group")) + "|" +
                              r.OptText("parent").value_or("");
      }
      return Status::Ok();
    }));
    return out;
  }
};

std::map<std::string, std::string> TemplateAsText(const ChartTemplate& chart) {
  std::map<std::string, std::string> out;
  for (const AccountTemplate& a : chart.accounts) {
    out[std::string(a.code)] = std::string(a.name) + "|" + std::string(a.name_zh) + "|" +
                               std::string(a.type) + "|" + std::string(a.role) + "|" +
                               (a.reconcilable ? "1" : "0") + (a.is_group ? "1" : "0") + "|" +
                               std::string(a.parent_code);
  }
  return out;
}

TEST_P(InstallChartTest, InstallsTheCasChartWithParentsJournalsAndTaxes) {
  const int64_t company = NewCompany("CNY");
  ASSERT_OK(Install(company, DefaultTemplateFor("CNY")));
  const ChartTemplate& cas = CnCasChartTemplate();
  EXPECT_GT(cas.accounts.size(), 100u);
  EXPECT_EQ(AccountsAsText(company), TemplateAsText(cas));
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM journals WHERE company_id = ?", company), 6);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM taxes WHERE company_id = ?", company), 5);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM tax_groups WHERE company_id = ?", company), 1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM tax_group_members m JOIN taxes t ON t.id = m.tax_id "
                   "WHERE t.company_id = ? AND t.code = 'VAT13' AND m.sequence = 1",
                   company),
            1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM accounts a JOIN accounts p ON p.id = a.parent_id "
                   "WHERE a.company_id = ? AND a.code = '222101' AND p.code = '2221' "
                   "AND p.company_id = a.company_id",
                   company),
            1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM journals j JOIN accounts a ON a.id = j.default_account_id "
                   "WHERE j.company_id = ? AND ((j.code = 'SAL' AND j.kind = 'sale' AND "
                   "a.code = '1122') OR (j.code = 'PUR' AND a.code = '2202') OR "
                   "(j.code = 'BNK' AND a.code = '1002') OR (j.code = 'CSH' AND a.code = '1001') "
                   "OR (j.code = 'STK' AND a.code = '1405'))",
                   company),
            5);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM journals WHERE company_id = ? AND code = 'GEN' "
                   "AND kind = 'general' AND default_account_id IS NULL",
                   company),
            1);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM taxes t JOIN accounts c ON c.id = t.collected_account_id "
                   "JOIN accounts p ON p.id = t.paid_account_id WHERE t.company_id = ? "
                   "AND c.code = '222102' AND p.code = '222101'",
                   company),
            5);
  EXPECT_EQ(
      Scalar("SELECT included FROM taxes WHERE company_id = ? AND code = 'VAT13_INC'", company), 1);
  EXPECT_OK(db_->Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto s, tx.One("SELECT chart_template, tax_rounding FROM "
                                    "accounting_settings WHERE company_id = ?",
                                    company));
    EXPECT_TRUE(s && s->Text(0) == "cn_cas" && s->Text(1) == "line");
    ASSIGN_OR_RETURN(auto rate, tx.One("SELECT rate, name_zh FROM taxes WHERE company_id = ? "
                                       "AND code = 'VAT9'",
                                       company));
    EXPECT_TRUE(rate && rate->Text(0) == "9" && rate->Text(1) == "增值税9%");
    return Status::Ok();
  }));
}

TEST_P(InstallChartTest, EachCompanyGetsItsOwnChart) {
  const int64_t cn = NewCompany("CNY");
  const int64_t eu = NewCompany("EUR");
  ASSERT_OK(Install(cn, "cn_cas"));
  ASSERT_OK(Install(eu, DefaultTemplateFor("EUR")));
  EXPECT_EQ(AccountsAsText(eu), TemplateAsText(GenericChartTemplate()));
  EXPECT_EQ(AccountsAsText(cn), TemplateAsText(CnCasChartTemplate()));
  // No reference crosses companies.
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM accounts a JOIN accounts p ON p.id = a.parent_id "
                   "WHERE a.company_id = ? AND p.company_id <> a.company_id",
                   eu),
            0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM journals j JOIN accounts a ON a.id = j.default_account_id "
                   "WHERE j.company_id = ? AND a.company_id <> j.company_id",
                   eu),
            0);
  EXPECT_EQ(Scalar("SELECT COUNT(*) FROM taxes WHERE company_id = ?", eu), 5);
}

TEST_P(InstallChartTest, SecondInstallIsRefusedWithNothingWritten) {
  const int64_t company = NewCompany("CNY");
  ASSERT_OK(Install(company, "cn_cas"));
  const int64_t before = RowsOf(company);
  for (std::string_view id : {"cn_cas", "generic"}) {
    Status st = Install(company, id);
    EXPECT_EQ(st.code(), Code::kFailedPrecondition) << st.ToString();
    EXPECT_EQ(st.message_id(), "accounting.chart_exists");
  }
  EXPECT_EQ(RowsOf(company), before);
}

TEST_P(InstallChartTest, UnknownTemplateOrCompanyIsRefused) {
  const int64_t company = NewCompany("USD");
  Status st = Install(company, "us_gaap");
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  ASSERT_EQ(st.field_errors().size(), 1u) << st.ToString();
  EXPECT_EQ(st.field_errors()[0].field, "template");
  EXPECT_EQ(st.field_errors()[0].code, "enum");
  EXPECT_EQ(RowsOf(company), 0);
  st = Install(company + 1000, "generic");
  EXPECT_EQ(st.code(), Code::kNotFound) << st.ToString();
  EXPECT_EQ(RowsOf(company + 1000), 0);
}

TEST_P(InstallChartTest, WritesOneAuditRowAndOneEvent) {
  const int64_t company = NewCompany("CNY");
  ASSERT_OK(Install(company, "cn_cas"));
  EXPECT_OK(db_->Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto audit, tx.Rows("SELECT entity, entity_id, action, request_id "
                                         "FROM audit_log WHERE company_id = ?",
                                         company));
    EXPECT_EQ(audit.size(), 1u);
    if (!audit.empty()) {
      EXPECT_EQ(audit[0].Text("entity"), "company");
      EXPECT_EQ(audit[0].Int("entity_id"), company);
      EXPECT_EQ(audit[0].Text("action"), "chart_installed");
      EXPECT_EQ(audit[0].Text("request_id"), "req-1");
    }
    ASSIGN_OR_RETURN(auto events, tx.Rows("SELECT type, entity, entity_id, payload FROM outbox "
                                          "WHERE company_id = ?",
                                          company));
    EXPECT_EQ(events.size(), 1u);
    if (!events.empty()) {
      EXPECT_EQ(events[0].Text("type"), "accounting.chart_installed");
      EXPECT_EQ(events[0].Text("entity"), "company");
      EXPECT_EQ(events[0].Int("entity_id"), company);
      const auto payload = nlohmann::json::parse(events[0].Text("payload"));
      EXPECT_EQ(payload["template"], "cn_cas");
      EXPECT_EQ(payload["accounts"], CnCasChartTemplate().accounts.size());
    }
    return Status::Ok();
  }));
}

INSTANTIATE_TEST_SUITE_P(Dialects, InstallChartTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::kSqlite ? "Sqlite" : "Postgres";
                         });

}  // namespace
}  // namespace concord::accounting

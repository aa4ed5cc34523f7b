// Test support for the report and export tests only (needs gtest; never included by the
// library): a migrated scratch database with a CNY company on the CAS chart, an open fiscal
// year 2026 with monthly periods, two parties and a department, and helpers to post entries
// and run reports.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "accounting/install.h"
#include "accounting/ledger.h"
#include "accounting/reports.h"
#include "app/app.h"
#include "core/money.h"
#include "store/database.h"
#include "store/scratch_db.h"

namespace concord::accounting::test_support {

constexpr char kNow[] = "2026-01-01T08:00:00.000000Z";

inline Date D(const char* text) { return *Date::Parse(text); }

inline nlohmann::json Must(const Result<nlohmann::json>& r) {
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : nlohmann::json::object();
}

// Rows of a report array by their "code".
inline std::map<std::string, nlohmann::json> ByCode(const nlohmann::json& rows) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& r : rows) out[r["code"].get<std::string>()] = r;
  return out;
}

struct Line {
  std::string code;
  int64_t debit = 0;
  int64_t credit = 0;
  std::optional<int64_t> party_id;
  std::optional<int64_t> department_id;
  std::string description;
  std::string currency;  // foreign currency and its signed amount
  int64_t amount_currency = 0;
};

class ReportsFixture : public store::MigratedDbTest {
 protected:
  explicit ReportsFixture(std::string prefix)
      : MigratedDbTest(std::move(prefix), app::AllMigrations()),
        clock_(*Timestamp::ParseIso(kNow)) {}

  void SetUp() override {
    MigratedDbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(company_ = NewCompany("CNY", "cn_cas"));
    ASSERT_NO_FATAL_FAILURE(AddFiscalYear(2026));
    ASSERT_OK(db_->Write([&](store::Tx& tx) -> Status {
      tx.set_actor({0, company_, "test"});
      const char* party =
          "INSERT INTO parties (company_id, kind, name, name_key, name_sort, "
          "created_at, updated_at) VALUES (?, 'organization', ?, ?, ?, ?, ?) "
          "RETURNING id";
      ASSIGN_OR_RETURN(customer_,
                       tx.Insert(party, company_, "Customer", "customer", "customer", kNow, kNow));
      ASSIGN_OR_RETURN(supplier_,
                       tx.Insert(party, company_, "Supplier", "supplier", "supplier", kNow, kNow));
      ASSIGN_OR_RETURN(department_,
                       tx.Insert("INSERT INTO departments (company_id, name, created_at) "
                                 "VALUES (?, ?, ?) RETURNING id",
                                 company_, "Admin", kNow));
      return Status::Ok();
    }));
  }

  // A company with a chart installed; returns its id.
  int64_t NewCompany(const std::string& currency, const std::string& chart) {
    int64_t id = 0;
    EXPECT_OK(db_->Write([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(id, tx.Insert("INSERT INTO companies (name, currency, time_zone, settings, "
                                     "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
                                     "Co " + currency, currency, "Asia/Shanghai", "{}", kNow));
      tx.set_actor({0, id, "test"});
      return InstallChart(tx, id, chart, kNow);
    }));
    return id;
  }

  // An open calendar fiscal year with twelve open monthly periods.
  void AddFiscalYear(int year) {
    ASSERT_OK(db_->Write([&](store::Tx& tx) -> Status {
      std::string y = std::to_string(year);
      ASSIGN_OR_RETURN(int64_t fy, tx.Insert("INSERT INTO fiscal_years (company_id, name, "
                                             "start_date, end_date, created_at, updated_at) "
                                             "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                                             company_, y, y + "-01-01", y + "-12-31", kNow, kNow));
      Date start = *Date::FromYmd(year, 1, 1);
      for (int m = 0; m < 12; ++m) {
        Date first = start.AddMonths(m);
        Date last = start.AddMonths(m + 1).AddDays(-1);
        RETURN_IF_ERROR(tx.Exec("INSERT INTO fiscal_periods (company_id, fiscal_year_id, name, "
                                "start_date, end_date, created_at, updated_at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                company_, fy, first.ToString().substr(0, 7), first.ToString(),
                                last.ToString(), kNow, kNow)
                            .status());
      }
      return Status::Ok();
    }));
  }

  int64_t Account(const std::string& code) {
    int64_t id = 0;
    EXPECT_OK(db_->Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM accounts WHERE company_id = ? AND "
                                        "code = ?",
                                        company_, code));
      if (!row) return NotFound("account " + code);
      id = row->Int(0);
      return Status::Ok();
    }));
    return id;
  }

  // Posts an entry into the company's first journal of `kind` (entry kind `entry_kind`, empty:
  // normal); returns the entry id.
  int64_t Post(const std::string& kind, const char* date, const std::string& description,
               const std::vector<Line>& lines, const std::string& ref = "",
               const std::string& entry_kind = "") {
    PostingEntry e;
    e.kind = entry_kind;
    e.company_id = company_;
    e.date = D(date);
    e.description = description;
    e.ref = ref;
    for (const Line& l : lines) {
      PostingLine pl;
      pl.account_id = Account(l.code);
      pl.debit = l.debit;
      pl.credit = l.credit;
      pl.party_id = l.party_id;
      pl.department_id = l.department_id;
      pl.description = l.description;
      pl.currency = l.currency;
      pl.amount_currency = l.amount_currency;
      e.lines.push_back(pl);
    }
    int64_t id = 0;
    EXPECT_OK(db_->Write([&](store::Tx& tx) -> Status {
      tx.set_actor({0, company_, "test"});
      ASSIGN_OR_RETURN(e.journal_id, JournalByKind(tx, company_, kind));
      ASSIGN_OR_RETURN(Posted posted, Ledger(clock_).Post(tx, e, 0));
      id = posted.entry_id;
      return Status::Ok();
    }));
    return id;
  }

  void Reverse(int64_t entry_id, const char* date) {
    EXPECT_OK(db_->Write([&](store::Tx& tx) -> Status {
      tx.set_actor({0, company_, "test"});
      return Ledger(clock_).Reverse(tx, company_, entry_id, D(date), 0).status();
    }));
  }

  security::Access Who(int64_t company = 0) const {
    return security::Access(1, "accountant", company ? company : company_, 0,
                            {{"accounting.report.read", security::Scope::kCompany}});
  }

  // Runs a report in a read transaction.
  template <class F>
  Result<nlohmann::json> InRead(F f) {
    std::optional<Result<nlohmann::json>> out;
    Status st = db_->Read([&](store::Tx& tx) -> Status {
      out.emplace(f(tx));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return *out;
  }
  Result<nlohmann::json> TB(const TrialBalanceParams& p) { return TB(p, Who()); }
  Result<nlohmann::json> TB(const TrialBalanceParams& p, const security::Access& who) {
    return InRead([&](store::Tx& tx) { return reports_.TrialBalance(tx, who, p); });
  }
  Result<nlohmann::json> GL(const GeneralLedgerParams& p,
                            std::optional<security::Access> who = {}) {
    security::Access w = who ? *who : Who();
    return InRead([&](store::Tx& tx) { return reports_.GeneralLedger(tx, w, p); });
  }
  Result<nlohmann::json> PL(const ProfitAndLossParams& p) {
    return InRead([&](store::Tx& tx) { return reports_.ProfitAndLoss(tx, Who(), p); });
  }
  Result<nlohmann::json> BS(const BalanceSheetParams& p, std::optional<security::Access> who = {}) {
    security::Access w = who ? *who : Who();
    return InRead([&](store::Tx& tx) { return reports_.BalanceSheet(tx, w, p); });
  }
  Result<nlohmann::json> CF(const CashFlowParams& p, std::optional<security::Access> who = {}) {
    security::Access w = who ? *who : Who();
    return InRead([&](store::Tx& tx) { return reports_.CashFlow(tx, w, p); });
  }

  // Closing balance per account code straight from journal_lines (not ledger_daily), as
  // decimal strings; optionally one department's lines only.
  std::map<std::string, std::string> DirectClosingByCode(std::optional<int64_t> department) {
    std::map<std::string, std::string> out;
    EXPECT_OK(db_->Read([&](store::Tx& tx) -> Status {
      std::string sql =
          "SELECT a.code, CAST(SUM(l.debit) - SUM(l.credit) AS BIGINT) FROM journal_lines l "
          "JOIN accounts a ON a.id = l.account_id WHERE l.company_id = ? AND l.posted = 1";
      std::vector<store::Value> params = {company_};
      if (department) {
        sql += " AND l.department_id = ?";
        params.emplace_back(*department);
      }
      ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " GROUP BY a.code", params));
      Currency cny = Currency::FromCodeOrDie("CNY");
      for (const auto& r : rows) out[r.Text(0)] = Money::FromMinor(r.Int(1), cny).ToString();
      return Status::Ok();
    }));
    return out;
  }

  FakeClock clock_;
  Reports reports_;
  int64_t company_ = 0;
  int64_t customer_ = 0;
  int64_t supplier_ = 0;
  int64_t department_ = 0;
};

}  // namespace concord::accounting::test_support

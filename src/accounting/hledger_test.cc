// The hledger export checked by the real hledger (Debian package, 1.25): entries with awkward
// text (Chinese, ';', '|', double and ideographic spaces, newlines, odd account names) and a
// foreign-currency line; `hledger check --strict` must pass and hledger's balance of every
// account must equal the trial balance's closing figure to the cent, for the whole ledger and
// for a date range (carried in by an opening transaction). Skipped only when hledger is not
// installed. SQLite always, PostgreSQL when CONCORD_TEST_PG is set.
#include "accounting/hledger.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "accounting/report_test_support.h"

namespace concord::accounting {
namespace {

using nlohmann::json;
using test_support::D;
using test_support::Must;
using test_support::ReportsFixture;

// Runs a shell command; returns its exit code and standard output (with standard error).
std::pair<int, std::string> Shell(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, "popen failed"};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

bool HledgerInstalled() { return Shell("command -v hledger").first == 0; }

// "account","commodity","balance" rows of `hledger bal --flat -B -O csv --layout=bare`:
// account name -> balance in the company currency, as hledger prints it, commas removed.
std::map<std::string, std::string> ParseBalances(const std::string& csv) {
  std::map<std::string, std::string> out;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    for (size_t i = 0; i < line.size();) {
      size_t open = line.find('"', i), close = line.find('"', open + 1);
      if (open == std::string::npos || close == std::string::npos) break;
      cells.push_back(line.substr(open + 1, close - open - 1));
      i = close + 1;
    }
    if (cells.size() != 3 || cells[0] == "total") continue;
    std::string amount;
    for (char c : cells[2]) {
      if (c != ',') amount += c;
    }
    out[cells[0]] = amount;
  }
  return out;
}

class HledgerExportTest : public ReportsFixture {
 protected:
  HledgerExportTest() : ReportsFixture("accthl") {}

  void SetUp() override {
    if (!HledgerInstalled()) GTEST_SKIP() << "hledger is not installed";
    ReportsFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    file_ = (std::filesystem::temp_directory_path() /
             ("concord-hledger-" + store::RandomSuffix() + ".journal"))
                .string();
    ASSERT_OK(db_->Write([&](store::Tx& tx) -> Status {
      RETURN_IF_ERROR(
          tx.Exec("UPDATE companies SET name = ? WHERE id = ?", "Odd;\nCompany  | Ltd", company_)
              .status());
      RETURN_IF_ERROR(tx.Exec("UPDATE accounts SET name = ? WHERE company_id = ? AND code = ?",
                              "Bank; main  account:(x)\n\tsecond line 银行　　存款", company_,
                              "1002")
                          .status());
      ASSIGN_OR_RETURN(auto parent, tx.One("SELECT id FROM accounts WHERE company_id = ? AND "
                                           "code = '1'",
                                           company_));
      return tx
          .Exec(
              "INSERT INTO accounts (company_id, code, name, type, parent_id, created_at, "
              "updated_at) VALUES (?, ?, ?, 'asset', ?, ?, ?)",
              company_, "[9001", "  (virtual?) ", parent->Int(0), test_support::kNow,
              test_support::kNow)
          .status();
    }));
    Post("bank", "2026-01-02", "Capital 资本金; first | line\nsecond line",
         {{"1002", 10000000, 0}, {"4001", 0, 10000000}}, "REF;1|  x");
    Post("sale", "2026-01-10", "销售商品  含税\r\n发票",
         {{"1122", 1130000, 0, customer_, std::nullopt, "客户: 甲; party"},
          {"6001", 0, 1000000},
          {"222102", 0, 130000}});
    Post("sale", "2026-01-20", "Export sale in USD",
         {{"1122", 71234, 0, customer_, std::nullopt, "", "USD", 10000}, {"6001", 0, 71234}});
    Post("bank", "2026-02-05", "Receipt", {{"1002", 1130000, 0}, {"1122", 0, 1130000, customer_}});
    Post("cash", "2026-02-07", "Odd account", {{"[9001", 12345, 0}, {"1002", 0, 12345}});
    int64_t wrong =
        Post("cash", "2026-03-10", "Wrong; booking",
             {{"6601", 20000, 0, std::nullopt, department_, "dept line"}, {"1002", 0, 20000}});
    Reverse(wrong, "2026-03-12");
  }

  void TearDown() override {
    if (!file_.empty()) std::filesystem::remove(file_);
    ReportsFixture::TearDown();
  }

  std::string Export(std::optional<Date> from, std::optional<Date> to) {
    std::string text;
    EXPECT_OK(db_->Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(text, HledgerJournal(tx, company_, from, to));
      return Status::Ok();
    }));
    std::ofstream(file_, std::ios::binary | std::ios::trunc) << text;
    return text;
  }

  // hledger's balances must be the trial balance's closing figures, account by account.
  void ExpectBalancesMatch(std::optional<Date> from, Date to) {
    auto [rc, csv] = Shell("hledger -f '" + file_ + "' bal --flat -B -O csv --layout=bare");
    ASSERT_EQ(rc, 0) << csv;
    auto hledger = ParseBalances(csv);
    TrialBalanceParams p;
    p.from = from;
    p.to = to;
    json tb = Must(TB(p));
    ASSERT_TRUE(tb["balanced"].get<bool>());
    std::map<std::string, std::string> ours;
    for (const auto& row : tb["accounts"]) {
      if (row["closing"] == "0.00") continue;
      ours[HledgerAccountName(row["code"].get<std::string>(), row["name"].get<std::string>())] =
          row["closing"];
    }
    EXPECT_EQ(hledger, ours) << csv;
    EXPECT_GE(ours.size(), 5u);
  }

  std::string file_;
};

TEST_P(HledgerExportTest, HledgerChecksTheWholeLedgerAndAgreesWithTheTrialBalance) {
  std::string text = Export(std::nullopt, std::nullopt);
  auto [rc, out] = Shell("hledger -f '" + file_ + "' check --strict");
  ASSERT_EQ(rc, 0) << out << "\n" << text;
  auto [rc2, out2] = Shell("hledger -f '" + file_ + "' check ordereddates");
  EXPECT_EQ(rc2, 0) << out2;
  ASSERT_NO_FATAL_FAILURE(ExpectBalancesMatch(std::nullopt, D("2026-12-31")));
  // Nothing of the user text escaped its field: every line is a comment, a directive, a
  // transaction header or a four-space posting.
  std::istringstream in(text);
  std::string line;
  int headers = 0, postings = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == ';' || line.starts_with("commodity ") ||
        line.starts_with("account ")) {
      continue;
    }
    if (line.starts_with("2026-")) {
      ++headers;
      EXPECT_NE(line.find(" * ("), std::string::npos) << line;
    } else {
      ++postings;
      EXPECT_TRUE(line.starts_with("    ") && line[4] != ' ') << line;
    }
  }
  EXPECT_EQ(headers, 7);
  EXPECT_EQ(postings, 15);
  EXPECT_NE(text.find("commodity 1,000.00 CNY"), std::string::npos);
  EXPECT_NE(text.find("commodity 1,000.00 USD"), std::string::npos);
  EXPECT_NE(text.find("100.00 USD @@ 712.34 CNY"), std::string::npos);
  EXPECT_NE(text.find("(BNK/2026/000001) REF；1¦ x | Capital 资本金； first ¦ line second line"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    1122 Accounts receivable  11300.00 CNY  ; party:"), std::string::npos);
  EXPECT_NE(text.find("account 1002 Bank； main account：(x) second line 银行 存款  ; type: C"),
            std::string::npos);
  EXPECT_NE(text.find("account ［9001 (virtual?)  ; type: A"), std::string::npos);
}

TEST_P(HledgerExportTest, ARangeStartsWithOpeningBalances) {
  std::string text = Export(D("2026-02-01"), D("2026-02-28"));
  auto [rc, out] = Shell("hledger -f '" + file_ + "' check --strict");
  ASSERT_EQ(rc, 0) << out << "\n" << text;
  EXPECT_NE(text.find("2026-02-01 * (OPENING) Opening balances"), std::string::npos) << text;
  EXPECT_EQ(text.find("2026-03-"), std::string::npos);
  ASSERT_NO_FATAL_FAILURE(ExpectBalancesMatch(D("2026-02-01"), D("2026-02-28")));
}

TEST(HledgerTextTest, UserTextCannotBreakTheJournal) {
  EXPECT_EQ(HledgerText("  a;b|c  \n\r\td  "), "a；b¦c d");
  EXPECT_EQ(HledgerText("银行\u3000\u3000存款\u00a0\u00a0x\u2028y"), "银行 存款 x y");
  EXPECT_EQ(HledgerText("bad \xff\xfe end"), "bad \uFFFD\uFFFD end");
  EXPECT_EQ(HledgerText("\xe4\xb8"), "\uFFFD\uFFFD");            // truncated sequence
  EXPECT_EQ(HledgerText("\xc0\xaf"), "\uFFFD\uFFFD");            // overlong '/'
  EXPECT_EQ(HledgerText("\xed\xa0\x80"), "\uFFFD\uFFFD\uFFFD");  // a surrogate
  EXPECT_EQ(HledgerText("\n\n"), "");
  EXPECT_EQ(HledgerAccountName("1002", "Bank: main"), "1002 Bank： main");
  EXPECT_EQ(HledgerAccountName("(X", "y"), "（X y");
  EXPECT_EQ(HledgerAccountName("[X", "y"), "［X y");
  EXPECT_EQ(HledgerAccountName("", " "), "？");
}

INSTANTIATE_TEST_SUITE_P(Db, HledgerExportTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) {
                           return info.param == store::Dialect::kSqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace concord::accounting

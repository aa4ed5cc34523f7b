// The access layer on its own: scopes, SQL filters and single-record checks.
#include "security/access.h"

#include <gtest/gtest.h>

namespace concord::security {
namespace {

constexpr int64_t kCompany = 7;
constexpr int64_t kUser = 42;
constexpr int64_t kDepartment = 3;

Access Caller(std::map<std::string, Scope> grants, int64_t department = kDepartment) {
  return Access(kUser, "alice", kCompany, department, std::move(grants));
}

TEST(AccessTest, ScopesAndRequire) {
  Access a = Caller({{"crm.party.read", Scope::kOwn}, {"crm.party.update", Scope::kCompany}});
  EXPECT_EQ(a.ScopeOf("crm.party.read"), Scope::kOwn);
  EXPECT_EQ(a.ScopeOf("crm.party.update"), Scope::kCompany);
  EXPECT_EQ(a.ScopeOf("crm.party.delete"), Scope::kNone);
  EXPECT_TRUE(a.Require("crm.party.read").ok());
  uint64_t denied = DeniedCount();
  Status st = a.Require("crm.party.delete");
  EXPECT_EQ(st.code(), Code::kPermissionDenied);
  EXPECT_EQ(DeniedCount(), denied + 1) << "a denied access is counted";
}

TEST(AccessTest, ScopeNamesRoundTrip) {
  for (Scope s : {Scope::kOwn, Scope::kDepartment, Scope::kCompany}) {
    EXPECT_EQ(ParseScope(ScopeName(s)), s);
  }
  EXPECT_FALSE(ParseScope("everything").has_value());
  EXPECT_FALSE(ParseScope("").has_value());
}

TEST(AccessTest, VisibleAlwaysLimitsToTheCompany) {
  Access a = Caller({{"p.r.read", Scope::kCompany}});
  SqlFilter f = a.Visible("p.r.read", {}, "t.");
  EXPECT_EQ(f.sql, "(t.company_id = ?)");
  ASSERT_EQ(f.params.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(f.params[0]), kCompany);
}

TEST(AccessTest, VisibleOwnAndDepartment) {
  Access own = Caller({{"p.r.read", Scope::kOwn}});
  SqlFilter f = own.Visible("p.r.read");
  EXPECT_EQ(f.sql, "(company_id = ? AND owner_user_id = ?)");
  ASSERT_EQ(f.params.size(), 2u);
  EXPECT_EQ(std::get<int64_t>(f.params[1]), kUser);

  Access dept = Caller({{"p.r.read", Scope::kDepartment}});
  f = dept.Visible("p.r.read");
  EXPECT_EQ(f.sql, "(company_id = ? AND (owner_user_id = ? OR department_id = ?))");
  ASSERT_EQ(f.params.size(), 3u);
  EXPECT_EQ(std::get<int64_t>(f.params[2]), kDepartment);
}

TEST(AccessTest, VisibleMatchesNothingWithoutPermissionOrColumns) {
  Access none = Caller({});
  EXPECT_EQ(none.Visible("p.r.read").sql, "(company_id = ? AND 1 = 0)");
  // "own" on a table without an owner column shows nothing rather than everything.
  Access own = Caller({{"p.r.read", Scope::kOwn}});
  EXPECT_EQ(own.Visible("p.r.read", {"company_id", "", ""}).sql, "(company_id = ? AND 1 = 0)");
  // "department" for a caller without a department falls back to own records.
  Access nodept = Caller({{"p.r.read", Scope::kDepartment}}, 0);
  EXPECT_EQ(nodept.Visible("p.r.read").sql, "(company_id = ? AND (owner_user_id = ?))");
}

TEST(AccessTest, CheckRecordHidesOtherCompaniesAndOtherOwners) {
  Access own = Caller({{"p.r.read", Scope::kOwn}});
  EXPECT_TRUE(own.CheckRecord("p.r.read", {kCompany, kUser, std::nullopt}, "thing").ok());
  EXPECT_EQ(own.CheckRecord("p.r.read", {kCompany, kUser + 1, kDepartment}, "thing").code(),
            Code::kNotFound);
  EXPECT_EQ(own.CheckRecord("p.r.read", {kCompany + 1, kUser, std::nullopt}, "thing").code(),
            Code::kNotFound)
      << "another company's row looks like not found, even when it is the caller's";

  Access dept = Caller({{"p.r.read", Scope::kDepartment}});
  EXPECT_TRUE(dept.CheckRecord("p.r.read", {kCompany, 99, kDepartment}, "thing").ok());
  EXPECT_EQ(dept.CheckRecord("p.r.read", {kCompany, 99, kDepartment + 1}, "thing").code(),
            Code::kNotFound);

  Access company = Caller({{"p.r.read", Scope::kCompany}});
  EXPECT_TRUE(company.CheckRecord("p.r.read", {kCompany, 99, 98}, "thing").ok());
  EXPECT_EQ(company.CheckRecord("p.r.read", {kCompany + 1, 99, 98}, "thing").code(),
            Code::kNotFound);

  Access none = Caller({});
  EXPECT_EQ(none.CheckRecord("p.r.read", {kCompany, kUser, kDepartment}, "thing").code(),
            Code::kPermissionDenied);
}

}  // namespace
}  // namespace concord::security

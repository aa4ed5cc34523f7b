// First start (company + administrator) and demo data.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "app/app.h"
#include "security/crypto.h"

namespace concord::app {
namespace {

constexpr const char* kDemoPassword = "concord-demo-2026";

using security::Scope;

// Demo roles: what a small trading company starts with.
std::vector<std::pair<std::string, std::vector<std::pair<std::string, Scope>>>> DemoRoles() {
  return {
      {"Sales Rep",
       {{"security.user.read", Scope::kOwn},
        {"security.user.update", Scope::kOwn},
        {"security.department.read", Scope::kCompany}}},
      {"Sales Manager",
       {{"security.user.read", Scope::kDepartment},
        {"security.department.read", Scope::kCompany},
        {"security.audit.read", Scope::kCompany},
        {"security.event.read", Scope::kCompany}}},
      {"Accountant",
       {{"security.user.read", Scope::kCompany}, {"security.department.read", Scope::kCompany}}},
      {"Warehouse Clerk", {{"security.department.read", Scope::kCompany}}},
  };
}

}  // namespace

Result<App::AdminBootstrap> App::EnsureAdmin() {
  AdminBootstrap out;
  Status st = db_->Write([&](store::Tx& tx) -> Status {
    out = AdminBootstrap();
    ASSIGN_OR_RETURN(auto any, tx.One("SELECT COUNT(*) FROM users"));
    if (any && any->Int(0) > 0) return Status::Ok();
    const char* env = std::getenv("CONCORD_ADMIN_PASSWORD");
    std::string password = env && *env ? env : security::RandomToken(12);
    out.created = true;
    if (!env || !*env) out.generated_password = password;
    ASSIGN_OR_RETURN(auto ids, companies_->CreateSystem(tx, "My Company", "CNY", "Asia/Shanghai"));
    ASSIGN_OR_RETURN(int64_t admin,
                     directory_->CreateUserSystem(tx, ids.first, "admin", "Administrator", password,
                                                  {ids.second}));
    spdlog::info("created company {} and administrator user {} (admin)", ids.first, admin);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::string> App::LoadDemo() {
  std::string summary;
  Status st = db_->Write([&](store::Tx& tx) -> Status {
    summary.clear();
    ASSIGN_OR_RETURN(auto company, tx.One("SELECT MIN(id) FROM companies"));
    if (!company || company->IsNull(0)) {
      return FailedPrecondition("demo.no_company", "Start the server once (or run migrate) first.");
    }
    int64_t cid = company->Int(0);
    ASSIGN_OR_RETURN(
        auto loaded,
        tx.One("SELECT 1 FROM departments WHERE company_id = ? AND name = ?", cid, "Sales"));
    if (loaded) {
      summary = "demo data already loaded";
      return Status::Ok();
    }
    tx.set_actor({0, cid, "demo"});
    std::map<std::string, int64_t> dept;
    for (const char* name :
         {"Sales", "Warehouse", "Accounting", "Customer Service", "Production"}) {
      ASSIGN_OR_RETURN(dept[name],
                       tx.Insert("INSERT INTO departments (company_id, name, created_at) "
                                 "VALUES (?, ?, ?) RETURNING id",
                                 cid, name, clock_->Now().ToIso()));
      tx.Audit({"department", dept[name], "create", {{"name", {nullptr, name}}}, cid});
      tx.Emit({"department.created",
               "department",
               dept[name],
               {{"id", dept[name]}, {"name", name}},
               cid});
    }
    std::map<std::string, int64_t> role;
    for (const auto& [name, grants] : DemoRoles()) {
      ASSIGN_OR_RETURN(role[name], roles_->CreateSystem(tx, cid, name, false, grants));
    }
    struct DemoUser {
      const char* login;
      const char* name;
      const char* dept;
      const char* role;
    };
    const DemoUser users[] = {{"alice", "Alice Chen 陈爱丽", "Sales", "Sales Rep"},
                              {"bob", "Bob Wang 王博", "Sales", "Sales Manager"},
                              {"carol", "Carol Li 李卡罗", "Accounting", "Accountant"},
                              {"dave", "Dave Zhang 张大卫", "Warehouse", "Warehouse Clerk"}};
    for (const auto& u : users) {
      ASSIGN_OR_RETURN(int64_t id, directory_->CreateUserSystem(tx, cid, u.login, u.name,
                                                                kDemoPassword, {role[u.role]}));
      RETURN_IF_ERROR(tx.Exec("UPDATE company_members SET department_id = ? WHERE company_id = ? "
                              "AND user_id = ?",
                              dept[u.dept], cid, id)
                          .status());
    }
    summary = fmt::format("demo users alice, bob, carol, dave (password {})", kDemoPassword);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return summary;
}

}  // namespace concord::app

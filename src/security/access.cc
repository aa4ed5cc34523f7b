#include "security/access.h"

#include <spdlog/spdlog.h>

#include <atomic>

namespace concord::security {
namespace {
std::atomic<uint64_t> g_denied{0};
}  // namespace

const char* ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kNone: return "none";
    case Scope::kOwn: return "own";
    case Scope::kDepartment: return "department";
    case Scope::kCompany: return "company";
  }
  return "none";
}

std::optional<Scope> ParseScope(std::string_view name) {
  if (name == "own") return Scope::kOwn;
  if (name == "department") return Scope::kDepartment;
  if (name == "company") return Scope::kCompany;
  return std::nullopt;
}

void LogDenied(int64_t user_id, std::string_view permission, std::string_view what) {
  g_denied.fetch_add(1, std::memory_order_relaxed);
  spdlog::warn("access denied: user={} permission={} {}", user_id, permission, what);
}

uint64_t DeniedCount() { return g_denied.load(std::memory_order_relaxed); }

Access::Access(int64_t user_id, std::string login, int64_t company_id, int64_t department_id,
               std::map<std::string, Scope> grants)
    : user_id_(user_id),
      login_(std::move(login)),
      company_id_(company_id),
      department_id_(department_id),
      grants_(std::move(grants)) {
  grants_compat_.insert(grants_.begin(), grants_.end());
}

Scope Access::ScopeOf(std::string_view permission) const {
  auto it = grants_compat_.find(permission);
  return it == grants_compat_.end() ? Scope::kNone : it->second;
}

Status Access::Require(std::string_view permission) const {
  if (Has(permission)) return Status::Ok();
  LogDenied(user_id_, permission, "(missing permission)");
  return PermissionDenied("You do not have the permission " + std::string(permission) + ".");
}

SqlFilter Access::Visible(std::string_view permission, const RecordColumns& cols,
                          std::string_view alias) const {
  std::string a(alias);
  SqlFilter f;
  f.sql = "(" + a + cols.company + " = ?";
  f.params.push_back(company_id_);
  switch (ScopeOf(permission)) {
    case Scope::kNone: f.sql += " AND 1 = 0"; break;
    case Scope::kOwn:
      if (cols.owner.empty()) {
        f.sql += " AND 1 = 0";
      } else {
        f.sql += " AND " + a + cols.owner + " = ?";
        f.params.push_back(user_id_);
      }
      break;
    case Scope::kDepartment: {
      // Own records, plus records of the caller's department.
      std::vector<std::string> ors;
      if (!cols.owner.empty()) {
        ors.push_back(a + cols.owner + " = ?");
        f.params.push_back(user_id_);
      }
      if (!cols.department.empty() && department_id_ != 0) {
        ors.push_back(a + cols.department + " = ?");
        f.params.push_back(department_id_);
      }
      if (ors.empty()) {
        f.sql += " AND 1 = 0";
      } else {
        f.sql += " AND (" + ors[0] + (ors.size() > 1 ? " OR " + ors[1] : "") + ")";
      }
      break;
    }
    case Scope::kCompany: break;
  }
  f.sql += ")";
  return f;
}

Status Access::CheckRecord(std::string_view permission, const Ownership& row,
                           std::string_view entity) const {
  Scope scope = ScopeOf(permission);
  if (scope == Scope::kNone) return Require(permission);
  bool visible = row.company_id == company_id_;
  if (visible && scope == Scope::kOwn) visible = row.owner_user_id == user_id_;
  if (visible && scope == Scope::kDepartment) {
    visible = row.owner_user_id == user_id_ ||
              (department_id_ != 0 && row.department_id == department_id_);
  }
  if (!visible) {
    LogDenied(user_id_, permission, "record outside scope: " + std::string(entity));
    return NotFound(std::string(entity));
  }
  return Status::Ok();
}

}  // namespace concord::security

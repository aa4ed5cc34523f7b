// Shared by the engine's source files: the task row and the assignee of a task.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "workflow/engine.h"

namespace concord::workflow {

struct Workflows::Assigned {
  std::optional<int64_t> user_id, role_id, department_id;
  std::string permission;
  std::vector<int64_t> members;  // "all" tasks and user groups: who may decide
};

struct Workflows::TaskRow {
  int64_t id = 0, company_id = 0, instance_id = 0, version = 0;
  std::string step, name, state, approval, permission;
  std::vector<int64_t> members;
  std::optional<int64_t> user_id, role_id, department_id;
  bool escalated = false;
};

namespace internal {

inline constexpr const char* kTaskColumns =
    "id, company_id, instance_id, step, name, state, approval, members, user_id, role_id, "
    "department_id, permission, due_at, escalated, decided_by, decided_at, comment, version, "
    "created_at, updated_at";

// ",1,2," <-> {1, 2}: stored so that one LIKE finds a member.
std::string MembersText(const std::vector<int64_t>& ids);
std::vector<int64_t> ParseMembers(const std::string& text);
nlohmann::json TaskJson(const store::Record& r);
Workflows::TaskRow TaskOf(const store::Record& r);

}  // namespace internal
}  // namespace concord::workflow

// Process definitions as data. A definition is JSON:
//   {key, name, document_type, start_permission?, on_complete?: effect, steps: [step...],
//    guards: [guard...]}
// step: {key, name, assignee, approval?: "any"|"all", condition?, after?: [step keys],
//        due_hours?, on_timeout?: "escalate"|"reject", escalate_to?: assignee, effect?}
// assignee: exactly one of {user: id}, {users: [ids]}, {role: "name"}, {department: "name"},
//   {department_manager: "<document field holding a department id>"},
//   {field: "<document field holding a user id>"}, {permission: "area.resource.action"}.
// condition: {field, op: > >= < <= == !=, value | value_field}; numbers and decimal strings
//   compare exactly as decimals; other values compare as JSON for == and != only; a missing
//   or null field makes the condition false (the step is skipped).
// after: the steps that must be done (approved or skipped) before this one opens; omitted:
//   the previous step in the list (the first step: none); []: opens at the start. Steps
//   sharing predecessors run in parallel; a step with several predecessors joins them.
// guard: {transition, until: "<step key>" | "completion"}: while an instance runs, the
//   transition of its document is refused until that step is done (or the instance ends).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace concord::workflow {

struct Assignee {
  std::string kind;  // user | users | role | department | department_manager | field | permission
  nlohmann::json value;
  nlohmann::json ToJson() const { return {{kind, value}}; }
};

struct Condition {
  std::string field;
  std::string op;
  nlohmann::json value;      // when value_field is empty
  std::string value_field;   // compare with another field of the document
};

struct Step {
  std::string key, name;
  Assignee assignee;
  std::string approval = "any";
  std::optional<Condition> condition;
  std::vector<std::string> after;
  int64_t due_hours = 0;   // 0: no deadline
  std::string on_timeout;  // "" (no deadline), "escalate" or "reject"
  std::optional<Assignee> escalate_to;
  std::string effect;      // a registered effect run when the step is approved, or ""
};

struct Guard {
  std::string transition;
  std::string until;  // a step key or "completion"
};

struct Definition {
  std::string key, name, document_type, start_permission;
  std::string on_complete;  // an effect run when the instance completes, or ""
  std::vector<Step> steps;
  std::vector<Guard> guards;
  const Step* Find(const std::string& key) const;
};

using NameCheck = std::function<bool(const std::string&)>;

// Parses and validates a definition body; InvalidArgument with every field error (unknown
// fields, step references, cycles, unknown effects or document types, bad operators).
Result<Definition> ParseDefinition(const nlohmann::json& body, const NameCheck& effect_known,
                                   const NameCheck& document_known);

// Whether the document satisfies the condition (see above).
bool Holds(const Condition& c, const nlohmann::json& document);

}  // namespace concord::workflow

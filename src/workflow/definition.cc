#include "workflow/definition.h"

#include <map>
#include <set>

#include "core/decimal.h"

namespace concord::workflow {
namespace {

using nlohmann::json;

const std::set<std::string> kOps = {">", ">=", "<", "<=", "==", "!="};
const std::set<std::string> kAssigneeKinds = {"user", "users", "role", "department",
                                              "department_manager", "field", "permission"};
constexpr size_t kMaxSteps = 50;
constexpr int64_t kMaxDueHours = 24 * 366;

class Errors {
 public:
  void Add(const std::string& field, const std::string& code, const std::string& message) {
    status_.AddFieldError(field, code, message);
    any_ = true;
  }
  Status Finish() { return any_ ? status_ : Status::Ok(); }

 private:
  Status status_{Code::kInvalidArgument, "workflow.invalid_definition",
                 "The workflow definition is invalid."};
  bool any_ = false;
};

bool IsName(const json& v, size_t max = 100) {
  return v.is_string() && !v.get<std::string>().empty() && v.get<std::string>().size() <= max;
}

std::optional<Assignee> ReadAssignee(const json& v, const std::string& at, Errors& e) {
  if (!v.is_object() || v.size() != 1 || !kAssigneeKinds.count(v.begin().key())) {
    e.Add(at, "assignee.kind",
          "One of user, users, role, department, department_manager, field, permission.");
    return std::nullopt;
  }
  Assignee a{v.begin().key(), v.begin().value()};
  bool ok = true;
  if (a.kind == "user") ok = a.value.is_number_integer() && a.value.get<int64_t>() > 0;
  if (a.kind == "users") {
    ok = a.value.is_array() && !a.value.empty() && a.value.size() <= 100;
    for (const auto& u : a.value) ok = ok && u.is_number_integer() && u.get<int64_t>() > 0;
  }
  if (a.kind != "user" && a.kind != "users") ok = IsName(a.value);
  if (!ok) e.Add(at + "/" + a.kind, "assignee.value", "Not a valid " + a.kind + ".");
  return a;
}

std::optional<Condition> ReadCondition(const json& v, const std::string& at, Errors& e) {
  if (!v.is_object() || !IsName(v.value("field", json())) || !v.contains("op")) {
    e.Add(at, "condition.shape", "A condition is {field, op, value | value_field}.");
    return std::nullopt;
  }
  Condition c{v["field"].get<std::string>(), "", v.value("value", json()), ""};
  if (!v["op"].is_string() || !kOps.count(v["op"].get<std::string>())) {
    e.Add(at + "/op", "condition.op", "The operator is one of > >= < <= == !=.");
  } else {
    c.op = v["op"].get<std::string>();
  }
  if (v.contains("value_field")) {
    if (IsName(v["value_field"])) c.value_field = v["value_field"].get<std::string>();
    else e.Add(at + "/value_field", "condition.value_field", "A document field name.");
  } else if (!v.contains("value")) {
    e.Add(at + "/value", "required", "value or value_field is required.");
  }
  for (const auto& [k, _] : v.items()) {
    if (k != "field" && k != "op" && k != "value" && k != "value_field") {
      e.Add(at + "/" + k, "unknown_field", "Unknown field.");
    }
  }
  return c;
}

void ReadStepOptions(const json& s, const std::string& at, Step& step, Errors& e) {
  if (s.contains("approval")) {
    if (s["approval"] == "any" || s["approval"] == "all") step.approval = s["approval"].get<std::string>();
    else e.Add(at + "/approval", "approval", "approval is any or all.");
  }
  if (step.approval == "all" && step.assignee.kind != "users" && step.assignee.kind != "role" &&
      step.assignee.kind != "department" && step.assignee.kind != "permission") {
    e.Add(at + "/approval", "approval.group", "\"all\" needs a group assignee.");
  }
  if (s.contains("condition")) step.condition = ReadCondition(s["condition"], at + "/condition", e);
  if (s.contains("due_hours")) {
    const json& d = s["due_hours"];
    if (d.is_number_integer() && d.get<int64_t>() > 0 && d.get<int64_t>() <= kMaxDueHours) {
      step.due_hours = d.get<int64_t>();
    } else {
      e.Add(at + "/due_hours", "due_hours", "Hours between 1 and 8784.");
    }
  }
  if (s.contains("on_timeout")) {
    if (s["on_timeout"] == "escalate" || s["on_timeout"] == "reject") step.on_timeout = s["on_timeout"].get<std::string>();
    else e.Add(at + "/on_timeout", "on_timeout", "on_timeout is escalate or reject.");
  }
  if (step.due_hours > 0 && step.on_timeout.empty()) step.on_timeout = "reject";
  if (!step.on_timeout.empty() && step.due_hours == 0) {
    e.Add(at + "/due_hours", "required", "on_timeout needs due_hours.");
  }
  if (s.contains("escalate_to")) step.escalate_to = ReadAssignee(s["escalate_to"], at + "/escalate_to", e);
  if (step.on_timeout == "escalate" && !step.escalate_to) {
    e.Add(at + "/escalate_to", "required", "Escalation needs escalate_to.");
  }
}

std::optional<Step> ReadStep(const json& s, const std::string& at, Errors& e) {
  static const std::set<std::string> known = {"key", "name", "assignee", "approval", "condition",
                                              "after", "due_hours", "on_timeout",
                                              "escalate_to", "effect"};
  if (!s.is_object()) {
    e.Add(at, "type", "A step is an object.");
    return std::nullopt;
  }
  for (const auto& [k, _] : s.items()) {
    if (!known.count(k)) e.Add(at + "/" + k, "unknown_field", "Unknown field.");
  }
  Step step;
  if (IsName(s.value("key", json()), 50)) step.key = s["key"].get<std::string>();
  else e.Add(at + "/key", "required", "A step key of 1 to 50 characters.");
  step.name = IsName(s.value("name", json()), 200) ? s["name"].get<std::string>() : step.key;
  if (s.contains("assignee")) {
    if (auto a = ReadAssignee(s["assignee"], at + "/assignee", e)) step.assignee = *a;
  } else {
    e.Add(at + "/assignee", "required", "Every step has an assignee.");
  }
  ReadStepOptions(s, at, step, e);
  if (s.contains("effect")) {
    if (IsName(s["effect"])) step.effect = s["effect"].get<std::string>();
    else e.Add(at + "/effect", "type", "An effect name.");
  }
  if (s.contains("after")) {
    if (!s["after"].is_array()) e.Add(at + "/after", "type", "after is an array of step keys.");
    for (const auto& a : s["after"]) {
      if (a.is_string()) step.after.push_back(a.get<std::string>());
      else e.Add(at + "/after", "type", "after is an array of step keys.");
    }
  }
  return step;
}

// Depth-first search for a cycle through `after`.
bool HasCycle(const Definition& d) {
  std::map<std::string, int> mark;  // 1 visiting, 2 done
  std::function<bool(const std::string&)> visit = [&](const std::string& k) {
    if (mark[k] == 1) return true;
    if (mark[k] == 2) return false;
    mark[k] = 1;
    const Step* s = d.Find(k);
    for (const auto& a : s ? s->after : std::vector<std::string>{}) {
      if (visit(a)) return true;
    }
    mark[k] = 2;
    return false;
  };
  for (const auto& s : d.steps) {
    if (visit(s.key)) return true;
  }
  return false;
}

void CheckReferences(const json& body, Definition& d, const NameCheck& effect_known,
                     Errors& e) {
  std::set<std::string> keys;
  for (size_t i = 0; i < d.steps.size(); ++i) {
    Step& s = d.steps[i];
    std::string at = "steps/" + std::to_string(i);
    if (!keys.insert(s.key).second) e.Add(at + "/key", "duplicate", "Step keys are unique.");
    if (!body["steps"][i].contains("after") && i > 0) s.after = {d.steps[i - 1].key};
    for (const auto& a : s.after) {
      if (a == s.key || !d.Find(a)) e.Add(at + "/after", "unknown_step", "No such step: " + a);
    }
    if (!s.effect.empty() && !effect_known(s.effect)) {
      e.Add(at + "/effect", "unknown_effect", "No such effect: " + s.effect);
    }
  }
  if (HasCycle(d)) e.Add("steps", "cycle", "The steps' after lists form a cycle.");
  for (size_t i = 0; i < d.guards.size(); ++i) {
    const auto& g = d.guards[i];
    if (g.until != "completion" && !d.Find(g.until)) {
      e.Add("guards/" + std::to_string(i) + "/until", "unknown_step", "No such step: " + g.until);
    }
  }
}

}  // namespace

const Step* Definition::Find(const std::string& k) const {
  for (const auto& s : steps) {
    if (s.key == k) return &s;
  }
  return nullptr;
}

Result<Definition> ParseDefinition(const json& body, const NameCheck& effect_known,
                                   const NameCheck& document_known) {
  static const std::set<std::string> known = {"key", "name", "document_type", "start_permission",
                                              "steps", "guards", "version",
                                              "on_complete"};
  Errors e;
  Definition d;
  for (const auto& [k, _] : body.items()) {
    if (!known.count(k)) e.Add(k, "unknown_field", "Unknown field.");
  }
  const json key = body.value("key", json());
  if (IsName(key, 50)) d.key = key.get<std::string>();
  else e.Add("key", "required", "A key of 1 to 50 characters.");
  d.name = IsName(body.value("name", json()), 200) ? body["name"].get<std::string>() : d.key;
  const json type = body.value("document_type", json());
  if (!IsName(type) || !document_known(type.get<std::string>())) {
    e.Add("document_type", "unknown_document_type", "Not a document type workflows can bind.");
  } else {
    d.document_type = type.get<std::string>();
  }
  if (body.contains("start_permission")) {
    if (IsName(body["start_permission"])) d.start_permission = body["start_permission"].get<std::string>();
    else e.Add("start_permission", "type", "A permission name.");
  }
  if (body.contains("on_complete")) {
    if (IsName(body["on_complete"]) && effect_known(body["on_complete"].get<std::string>())) {
      d.on_complete = body["on_complete"].get<std::string>();
    } else {
      e.Add("on_complete", "unknown_effect", "No such effect.");
    }
  }
  const json steps = body.value("steps", json());
  if (!steps.is_array() || steps.empty() || steps.size() > kMaxSteps) {
    e.Add("steps", "required", "1 to 50 steps.");
    return e.Finish();
  }
  for (size_t i = 0; i < steps.size(); ++i) {
    if (auto s = ReadStep(steps[i], "steps/" + std::to_string(i), e)) d.steps.push_back(*s);
  }
  const json guards = body.value("guards", json::array());
  if (!guards.is_array()) e.Add("guards", "type", "guards is an array.");
  for (size_t i = 0; guards.is_array() && i < guards.size(); ++i) {
    const json& g = guards[i];
    if (!g.is_object() || !IsName(g.value("transition", json())) ||
        !IsName(g.value("until", json()))) {
      e.Add("guards/" + std::to_string(i), "guard.shape", "A guard is {transition, until}.");
      continue;
    }
    d.guards.push_back({g["transition"].get<std::string>(), g["until"].get<std::string>()});
  }
  if (d.steps.size() == steps.size()) CheckReferences(body, d, effect_known, e);
  RETURN_IF_ERROR(e.Finish());
  return d;
}

namespace {

std::optional<int64_t> AsDecimal(const json& v) {
  if (v.is_number_integer()) {
    int64_t x = v.get<int64_t>();
    if (x > INT64_MAX / 1000000 || x < INT64_MIN / 1000000) return std::nullopt;
    return x * 1000000;
  }
  if (!v.is_string()) return std::nullopt;
  auto r = ParseScaled(v.get<std::string>(), 6);
  if (!r.ok()) return std::nullopt;
  return *r;
}

}  // namespace

bool Holds(const Condition& c, const json& document) {
  if (!document.is_object() || !document.contains(c.field) || document[c.field].is_null()) {
    return false;
  }
  const json& left = document[c.field];
  json right = c.value;
  if (!c.value_field.empty()) {
    if (!document.contains(c.value_field)) return false;
    right = document[c.value_field];
  }
  auto l = AsDecimal(left);
  auto r = AsDecimal(right);
  if (l && r) {
    if (c.op == ">") return *l > *r;
    if (c.op == ">=") return *l >= *r;
    if (c.op == "<") return *l < *r;
    if (c.op == "<=") return *l <= *r;
    if (c.op == "==") return *l == *r;
    return *l != *r;
  }
  if (c.op == "==") return left == right;
  if (c.op == "!=") return left != right;
  return false;
}

}  // namespace concord::workflow

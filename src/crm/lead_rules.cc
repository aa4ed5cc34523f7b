#include "crm/lead_rules.h"

#include <algorithm>
#include <set>

#include "core/decimal.h"

namespace concord::crm {
namespace {

using nlohmann::json;

enum class Kind { kText, kInteger, kDecimal, kBool };

struct Spec {
  const char* name;
  Kind kind;
};

constexpr Spec kFitFields[] = {{"source", Kind::kText},
                               {"country", Kind::kText},
                               {"city", Kind::kText},
                               {"industry", Kind::kText},
                               {"company_name", Kind::kText},
                               {"contact_name", Kind::kText},
                               {"email", Kind::kText},
                               {"phone", Kind::kText},
                               {"employees", Kind::kInteger},
                               {"campaign_id", Kind::kInteger},
                               {"estimated_value", Kind::kDecimal}};
constexpr Spec kSignals[] = {{"activities_done", Kind::kInteger},
                             {"campaign_responded", Kind::kBool}};
constexpr Spec kWhenKeys[] = {{"source", Kind::kText},
                              {"country", Kind::kText},
                              {"city", Kind::kText},
                              {"industry", Kind::kText},
                              {"campaign_id", Kind::kInteger}};
constexpr int kDecimalScale = 4;
constexpr size_t kMaxRules = 100;
constexpr size_t kMaxUsers = 100;

template <size_t N>
const Spec* FindSpec(const Spec (&specs)[N], const std::string& name) {
  for (const auto& s : specs) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

std::string Lower(std::string s) {
  for (auto& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

bool IsList(const std::string& op) { return op == "in" || op == "not_in"; }
bool IsPresence(const std::string& op) { return op == "present" || op == "absent"; }
bool IsOrder(const std::string& op) { return op == ">" || op == ">=" || op == "<" || op == "<="; }

bool OpAllowed(Kind kind, const std::string& op) {
  if (kind == Kind::kBool) return op == "=";
  if (op == "=" || op == "!=" || IsList(op) || IsPresence(op)) return true;
  return IsOrder(op) && kind != Kind::kText;
}

// Collects field errors into one InvalidArgument status.
class Errors {
 public:
  explicit Errors(std::string prefix) : prefix_(std::move(prefix)) {}
  void Add(const std::string& path, const std::string& code, const std::string& message) {
    failed_ = true;
    st_.AddFieldError(prefix_ + path, code, message);
  }
  Status Done() { return failed_ ? st_ : Status::Ok(); }

 private:
  std::string prefix_;
  Status st_{Code::kInvalidArgument, "validation.failed", "The rules have invalid fields."};
  bool failed_ = false;
};

bool ScalarOk(Kind kind, const json& v) {
  switch (kind) {
    case Kind::kText:
      return v.is_string() && !v.get<std::string>().empty() && v.get<std::string>().size() <= 200;
    case Kind::kInteger: return v.is_number_integer();
    case Kind::kBool: return v.is_boolean();
    case Kind::kDecimal:
      if (v.is_number_integer()) return true;
      return v.is_string() && ParseScaled(v.get<std::string>(), kDecimalScale).ok();
  }
  return false;
}

// A value (or list of values for in/not_in) of the right kind.
void CheckValue(Errors& e, const std::string& path, Kind kind, const std::string& op,
                const json* value) {
  if (IsPresence(op)) {
    if (value) e.Add(path, "not_allowed", "Presence tests take no value.");
    return;
  }
  if (!value) return e.Add(path, "required", "The operator needs a value.");
  if (IsList(op)) {
    if (!value->is_array() || value->empty() || value->size() > kMaxRules) {
      return e.Add(path, "type", "in/not_in need a non-empty list of values.");
    }
    for (size_t i = 0; i < value->size(); ++i) {
      if (!ScalarOk(kind, (*value)[i]))
        e.Add(path + "/" + std::to_string(i), "type", "Wrong type of value.");
    }
    return;
  }
  if (!ScalarOk(kind, *value)) e.Add(path, "type", "Wrong type of value for this field.");
}

void CheckRule(Errors& e, const std::string& path, const json& rule, bool engagement) {
  if (!rule.is_object()) return e.Add(path, "type", "A rule is an object.");
  const char* key = engagement ? "signal" : "field";
  for (const auto& [k, v] : rule.items()) {
    if (k != key && k != "op" && k != "value" && k != "points" && k != "label")
      e.Add(path + "/" + k, "unknown_field", "Unknown key " + k + ".");
  }
  const Spec* spec = nullptr;
  auto name = rule.find(key);
  if (name == rule.end() || !name->is_string()) {
    e.Add(path + "/" + key, "required", std::string(key) + " is required.");
  } else {
    spec = engagement ? FindSpec(kSignals, name->get<std::string>())
                      : FindSpec(kFitFields, name->get<std::string>());
    if (!spec) e.Add(path + "/" + key, "unknown", "Unknown " + std::string(key) + ".");
  }
  auto points = rule.find("points");
  if (points == rule.end() || !points->is_number_integer() || points->get<int64_t>() < -1000 ||
      points->get<int64_t>() > 1000) {
    e.Add(path + "/points", "range", "points must be an integer in -1000..1000.");
  }
  auto label = rule.find("label");
  if (label != rule.end() && (!label->is_string() || label->get<std::string>().size() > 200))
    e.Add(path + "/label", "type", "label must be a short string.");
  auto op = rule.find("op");
  const json* value = rule.contains("value") ? &rule["value"] : nullptr;
  if (spec && spec->kind == Kind::kBool && op == rule.end()) {
    if (value) e.Add(path + "/value", "not_allowed", "Without op the rule takes no value.");
    return;
  }
  if (op == rule.end() || !op->is_string())
    return e.Add(path + "/op", "required", "op is required.");
  std::string o = op->get<std::string>();
  if (!spec) return;
  if (!OpAllowed(spec->kind, o)) return e.Add(path + "/op", "unknown", "Unknown op " + o + ".");
  CheckValue(e, path + "/value", spec->kind, o, value);
}

void CheckRuleList(Errors& e, const json& rules, const char* group) {
  if (!rules.contains(group) || rules[group].is_null()) return;
  const json& list = rules[group];
  if (!list.is_array() || list.size() > kMaxRules) {
    return e.Add(group, "type", std::string(group) + " must be a list of at most 100 rules.");
  }
  for (size_t i = 0; i < list.size(); ++i) {
    CheckRule(e, std::string(group) + "/" + std::to_string(i), list[i],
              std::string(group) == "engagement");
  }
}

int64_t DecimalOf(const json& v) {
  if (v.is_number_integer()) {
    auto r = Rescale(v.get<int64_t>(), 0, kDecimalScale, RoundingMode::kDown);
    return r.ok() ? *r : 0;
  }
  auto r = ParseScaled(v.get<std::string>(), kDecimalScale);
  return r.ok() ? *r : 0;
}

// -1, 0, 1 comparing actual with expected (both non-null and of `kind`).
int CompareValues(Kind kind, const json& actual, const json& expected) {
  auto sign = [](auto a, auto b) { return a < b ? -1 : a > b ? 1 : 0; };
  switch (kind) {
    case Kind::kText:
      return sign(Lower(actual.get<std::string>()), Lower(expected.get<std::string>()));
    case Kind::kInteger: return sign(actual.get<int64_t>(), expected.get<int64_t>());
    case Kind::kDecimal: return sign(DecimalOf(actual), DecimalOf(expected));
    case Kind::kBool: return sign(actual.get<bool>(), expected.get<bool>());
  }
  return 1;
}

bool ActualOk(Kind kind, const json& actual) {
  if (actual.is_null()) return false;
  if (kind == Kind::kDecimal) return ScalarOk(kind, actual);
  if (kind == Kind::kText) return actual.is_string();
  return ScalarOk(kind, actual);
}

bool Matches(Kind kind, const std::string& op, const json& actual, const json& value) {
  bool has = ActualOk(kind, actual) && !(actual.is_string() && actual.get<std::string>().empty());
  if (op == "present") return has;
  if (op == "absent") return !has;
  if (!has) return false;
  if (IsList(op)) {
    bool any = std::any_of(value.begin(), value.end(),
                           [&](const json& v) { return CompareValues(kind, actual, v) == 0; });
    return op == "in" ? any : !any;
  }
  int c = CompareValues(kind, actual, value);
  if (op == "=") return c == 0;
  if (op == "!=") return c != 0;
  if (op == ">") return c > 0;
  if (op == ">=") return c >= 0;
  if (op == "<") return c < 0;
  return c <= 0;  // "<="
}

json DetailItem(const char* group, const char* key, const json& rule) {
  json item = {{"group", group}, {key, rule[key]}, {"points", rule["points"]}};
  item["op"] = rule.value("op", "=");
  if (rule.contains("value")) item["value"] = rule["value"];
  if (rule.contains("label")) item["label"] = rule["label"];
  return item;
}

bool WhenMatches(const json& when, const json& fields) {
  for (const auto& [key, expected] : when.items()) {
    const Spec* spec = FindSpec(kWhenKeys, key);
    const json& actual = fields.contains(key) ? fields[key] : json();
    if (!spec || !ActualOk(spec->kind, actual)) return false;
    if (expected.is_array()) {
      if (!Matches(spec->kind, "in", actual, expected)) return false;
    } else if (!Matches(spec->kind, "=", actual, expected)) {
      return false;
    }
  }
  return true;
}

void CheckUserList(Errors& e, const json& rules, const char* key, bool required) {
  if (!rules.contains(key)) {
    if (required) e.Add(key, "required", std::string(key) + " is required.");
    return;
  }
  const json& users = rules[key];
  if (!users.is_array() || users.size() > kMaxUsers || (required && users.empty())) {
    return e.Add(key, "type", std::string(key) + " must be a list of 1..100 user ids.");
  }
  std::set<int64_t> seen;
  for (size_t i = 0; i < users.size(); ++i) {
    std::string path = std::string(key) + "/" + std::to_string(i);
    if (!users[i].is_number_integer() || users[i].get<int64_t>() <= 0) {
      e.Add(path, "type", "A user id is a positive integer.");
    } else if (!seen.insert(users[i].get<int64_t>()).second) {
      e.Add(path, "duplicate", "The user is listed twice.");
    }
  }
}

void CheckWhen(Errors& e, const std::string& path, const json& when) {
  if (!when.is_object() || when.empty()) {
    return e.Add(path, "type", "when is a non-empty object of conditions.");
  }
  for (const auto& [key, v] : when.items()) {
    const Spec* spec = FindSpec(kWhenKeys, key);
    if (!spec) {
      e.Add(path + "/" + key, "unknown_field", "Unknown condition " + key + ".");
    } else if (v.is_array()) {
      CheckValue(e, path + "/" + key, spec->kind, "in", &v);
    } else if (!ScalarOk(spec->kind, v)) {
      e.Add(path + "/" + key, "type", "Wrong type of value.");
    }
  }
}

void CheckCriteria(Errors& e, const json& rules) {
  if (!rules.contains("rules") || !rules["rules"].is_array() || rules["rules"].size() > kMaxRules) {
    return e.Add("rules", "type", "rules must be a list of at most 100 rules.");
  }
  const json& list = rules["rules"];
  for (size_t i = 0; i < list.size(); ++i) {
    std::string path = "rules/" + std::to_string(i);
    if (!list[i].is_object()) {
      e.Add(path, "type", "A rule is an object.");
      continue;
    }
    for (const auto& [k, v] : list[i].items()) {
      if (k != "when" && k != "user_id")
        e.Add(path + "/" + k, "unknown_field", "Unknown key " + k + ".");
    }
    CheckWhen(e, path + "/when", list[i].contains("when") ? list[i]["when"] : json());
    const json& user = list[i].contains("user_id") ? list[i]["user_id"] : json();
    if (!user.is_number_integer() || user.get<int64_t>() <= 0)
      e.Add(path + "/user_id", "required", "user_id is a positive integer.");
  }
}

}  // namespace

const std::vector<std::string>& LeadSources() {
  static const std::vector<std::string> kSources = {"web",       "referral", "event", "campaign",
                                                    "cold_call", "partner",  "other"};
  return kSources;
}

const std::vector<std::string>& LeadStatuses() {
  static const std::vector<std::string> kStatuses = {"new", "contacted", "qualified", "converted",
                                                     "disqualified"};
  return kStatuses;
}

bool LeadTransitionAllowed(std::string_view from, std::string_view to) {
  struct Transition {
    std::string_view from, to;
  };
  // A disqualified lead may be reopened as contacted or qualified.
  static constexpr Transition kAllowed[] = {
      {"new", "contacted"},          {"new", "qualified"},          {"new", "disqualified"},
      {"contacted", "qualified"},    {"contacted", "disqualified"}, {"qualified", "disqualified"},
      {"disqualified", "contacted"}, {"disqualified", "qualified"}};
  return std::any_of(std::begin(kAllowed), std::end(kAllowed),
                     [&](const Transition& t) { return t.from == from && t.to == to; });
}

bool LeadConvertible(std::string_view status) {
  return status == "new" || status == "contacted" || status == "qualified";
}

json DefaultScoringRules() {
  return {{"fit",
           {{{"field", "employees"}, {"op", ">="}, {"value", 50}, {"points", 10}},
            {{"field", "employees"}, {"op", ">="}, {"value", 500}, {"points", 10}},
            {{"field", "source"}, {"op", "in"}, {"value", {"referral", "partner"}}, {"points", 15}},
            {{"field", "source"}, {"op", "="}, {"value", "event"}, {"points", 10}},
            {{"field", "company_name"}, {"op", "present"}, {"points", 5}},
            {{"field", "email"}, {"op", "present"}, {"points", 5}},
            {{"field", "phone"}, {"op", "present"}, {"points", 5}}}},
          {"engagement",
           {{{"signal", "activities_done"}, {"op", ">="}, {"value", 1}, {"points", 10}},
            {{"signal", "activities_done"}, {"op", ">="}, {"value", 3}, {"points", 10}},
            {{"signal", "campaign_responded"}, {"points", 15}}}}};
}

Status ValidateScoringRules(const json& rules, const std::string& prefix) {
  Errors e(prefix);
  if (!rules.is_object()) {
    e.Add("", "type", "The rules are an object with fit and engagement lists.");
    return e.Done();
  }
  for (const auto& [k, v] : rules.items()) {
    if (k != "fit" && k != "engagement") e.Add(k, "unknown_field", "Unknown key " + k + ".");
  }
  CheckRuleList(e, rules, "fit");
  CheckRuleList(e, rules, "engagement");
  return e.Done();
}

LeadScore EvaluateScore(const json& rules, const LeadFacts& facts) {
  LeadScore out;
  if (rules.contains("fit") && rules["fit"].is_array()) {
    for (const auto& rule : rules["fit"]) {
      const Spec* spec = FindSpec(kFitFields, rule.value("field", ""));
      if (!spec) continue;
      const std::string name = spec->name;
      const json& actual = facts.fields.contains(name) ? facts.fields[name] : json();
      if (!Matches(spec->kind, rule["op"], actual, rule.value("value", json()))) continue;
      out.points += rule["points"].get<int64_t>();
      out.detail.push_back(DetailItem("fit", "field", rule));
    }
  }
  if (rules.contains("engagement") && rules["engagement"].is_array()) {
    for (const auto& rule : rules["engagement"]) {
      std::string signal = rule.value("signal", "");
      bool hit = false;
      if (signal == "activities_done") {
        hit = Matches(Kind::kInteger, rule["op"], facts.activities_done, rule["value"]);
      } else if (signal == "campaign_responded") {
        hit = facts.campaign_responded == rule.value("value", true);
      }
      if (!hit) continue;
      out.points += rule["points"].get<int64_t>();
      out.detail.push_back(DetailItem("engagement", "signal", rule));
    }
  }
  return out;
}

json DefaultAssignmentRules() { return {{"mode", "none"}}; }

Status ValidateAssignmentRules(const json& rules, const std::string& prefix) {
  Errors e(prefix);
  if (!rules.is_object()) {
    e.Add("", "type", "The rules are an object with a mode.");
    return e.Done();
  }
  std::string mode;
  if (rules.contains("mode") && rules["mode"].is_string()) mode = rules["mode"].get<std::string>();
  std::set<std::string> allowed = {"mode"};
  if (mode == "round_robin") {
    allowed.insert("users");
    CheckUserList(e, rules, "users", true);
  } else if (mode == "criteria") {
    allowed.insert({"rules", "fallback_users"});
    CheckCriteria(e, rules);
    CheckUserList(e, rules, "fallback_users", false);
  } else if (mode != "none") {
    e.Add("mode", "enum", "mode must be one of: none, round_robin, criteria.");
  }
  for (const auto& [k, v] : rules.items()) {
    if (!allowed.count(k)) e.Add(k, "unknown_field", "Unknown key " + k + " for this mode.");
  }
  return e.Done();
}

std::vector<std::pair<std::string, int64_t>> AssignmentUserRefs(const json& rules,
                                                                const std::string& prefix) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const char* key : {"users", "fallback_users"}) {
    if (!rules.contains(key)) continue;
    for (size_t i = 0; i < rules[key].size(); ++i)
      out.emplace_back(prefix + key + "/" + std::to_string(i), rules[key][i].get<int64_t>());
  }
  if (rules.contains("rules")) {
    for (size_t i = 0; i < rules["rules"].size(); ++i) {
      out.emplace_back(prefix + "rules/" + std::to_string(i) + "/user_id",
                       rules["rules"][i]["user_id"].get<int64_t>());
    }
  }
  return out;
}

AssignmentChoice ChooseAssignee(const json& rules, const json& fields) {
  AssignmentChoice out;
  std::string mode = rules.value("mode", "none");
  auto users_of = [&](const char* key) {
    std::vector<int64_t> users;
    if (rules.contains(key))
      for (const auto& u : rules[key]) users.push_back(u.get<int64_t>());
    return users;
  };
  if (mode == "round_robin") {
    out.rotation = users_of("users");
  } else if (mode == "criteria") {
    for (const auto& rule : rules["rules"]) {
      if (WhenMatches(rule["when"], fields)) {
        out.user_id = rule["user_id"].get<int64_t>();
        return out;
      }
    }
    out.rotation = users_of("fallback_users");
  }
  return out;
}

std::vector<int64_t> RotationOrder(const std::vector<int64_t>& users, int64_t position) {
  std::vector<int64_t> out;
  if (users.empty()) return out;
  int64_t n = static_cast<int64_t>(users.size());
  int64_t start = ((position % n) + n) % n;
  for (int64_t i = 0; i < n; ++i) out.push_back(users[(start + i) % n]);
  return out;
}

}  // namespace concord::crm

// Party filters: lists, search, segments and exports share one WHERE clause builder, so that
// every path applies the same record rules.
#include <sstream>

#include "core/json_input.h"
#include "http/api.h"
#include "party/internal.h"
#include "party/normalize.h"

namespace concord::party {

using namespace internal;  // NOLINT

Result<PartyFilter> ParseFilter(const nlohmann::json& j) {
  if (!j.is_object()) return InvalidField("filter", "type", "A filter is an object.");
  PartyFilter out;
  Fields f(j);
  out.q = f.Text("q", {.max_chars = 100, .allow_empty = true}).value_or("");
  out.role = f.Enum("role", {"prospect", "customer", "supplier"}).value_or("");
  out.tag = f.Text("tag", {.max_chars = 50}).value_or("");
  out.city = f.Text("city", {.max_chars = 100}).value_or("");
  out.country = f.Text("country", {.max_chars = 2, .min_chars = 2}).value_or("");
  out.lifecycle = f.Enum("lifecycle", {"prospect", "new", "active", "loyal", "at_risk", "churned"})
                      .value_or("");
  out.owner_user_id = f.Int("owner_user_id");
  out.department_id = f.Int("department_id");
  if (f.Has("active")) out.active = f.Bool("active");
  out.sort = f.Enum("sort", {"id", "name"}).value_or("id");
  RETURN_IF_ERROR(f.Finish());
  return out;
}

nlohmann::json FilterJson(const PartyFilter& f) {
  nlohmann::json j = nlohmann::json::object();
  auto text = [&](const char* k, const std::string& v) {
    if (!v.empty()) j[k] = v;
  };
  text("q", f.q);
  text("role", f.role);
  text("tag", f.tag);
  text("city", f.city);
  text("country", f.country);
  text("lifecycle", f.lifecycle);
  if (f.owner_user_id) j["owner_user_id"] = *f.owner_user_id;
  if (f.department_id) j["department_id"] = *f.department_id;
  j["active"] = f.active ? nlohmann::json(*f.active) : nlohmann::json(nullptr);
  if (f.sort != "id") j["sort"] = f.sort;
  return j;
}

namespace {

std::string NormalizeEmailPrefix(std::string_view q) {
  std::string out;
  for (char c : q) {
    if (c != ' ' && c != '\t')
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

security::SqlFilter Where(const security::Access& who, const PartyFilter& f) {
  security::SqlFilter w = who.Visible(kRead, {}, "p.");
  auto add = [&](const std::string& sql, store::Value v) {
    w.sql += " AND " + sql;
    w.params.push_back(std::move(v));
  };
  if (f.active) add("p.active = ?", static_cast<int64_t>(*f.active ? 1 : 0));
  if (!f.role.empty()) w.sql += " AND p.is_" + f.role + " = 1";  // role is an enum value
  if (!f.tag.empty()) {
    add("EXISTS (SELECT 1 FROM party_tags t WHERE t.party_id = p.id AND t.tag = ?)", f.tag);
  }
  if (!f.city.empty()) {
    add("EXISTS (SELECT 1 FROM party_addresses a WHERE a.party_id = p.id AND a.city_key = ?)",
        CityKey(f.city));
  }
  if (!f.country.empty()) {
    add("EXISTS (SELECT 1 FROM party_addresses a WHERE a.party_id = p.id AND a.country = ?)",
        f.country);
  }
  if (!f.lifecycle.empty()) add("p.lifecycle = ?", f.lifecycle);
  if (f.owner_user_id) add("p.owner_user_id = ?", *f.owner_user_id);
  if (f.department_id) add("p.department_id = ?", *f.department_id);
  // An e-mail prefix is one key; anything else is split into words that must all match.
  std::string query =
      f.q.find('@') != std::string::npos ? NormalizeEmailPrefix(f.q) : QueryKey(f.q);
  std::istringstream words(query);
  std::string word;
  for (int n = 0; words >> word && n < 5; ++n) {
    w.sql +=
        " AND p.id IN (SELECT k.party_id FROM party_search_keys k WHERE k.company_id = ? AND "
        "k.key >= ? AND k.key < ?)";
    w.params.emplace_back(who.company_id());
    w.params.emplace_back(word);
    w.params.emplace_back(PrefixEnd(word));
  }
  return w;
}

}  // namespace

Result<nlohmann::json> Parties::List(store::Tx& tx, const security::Access& who,
                                     const PartyFilter& f, int64_t limit,
                                     const std::string& cursor) const {
  security::SqlFilter w = Where(who, f);
  std::string order = " ORDER BY p.id";
  if (f.sort == "name") {
    order = " ORDER BY p.name_sort, p.id";
    if (!cursor.empty()) {
      size_t tilde = cursor.rfind('~');
      int64_t after = 0;
      if (tilde == std::string::npos || !(std::istringstream(cursor.substr(tilde + 1)) >> after)) {
        return InvalidField("cursor", "invalid", "Not a cursor of this list.");
      }
      w.sql += " AND (p.name_sort > ? OR (p.name_sort = ? AND p.id > ?))";
      w.params.emplace_back(cursor.substr(0, tilde));
      w.params.emplace_back(cursor.substr(0, tilde));
      w.params.emplace_back(after);
    }
  } else if (!cursor.empty()) {
    int64_t after = 0;
    if (!(std::istringstream(cursor) >> after) || after < 0) {
      return InvalidField("cursor", "invalid", "Not a cursor of this list.");
    }
    w.sql += " AND p.id > ?";
    w.params.emplace_back(after);
  }
  w.params.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(std::string("SELECT ") + kPartyColumns +
                                           " FROM parties p WHERE " + w.sql + order + " LIMIT ?",
                                       w.params));
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = 0; i < rows.size() && static_cast<int64_t>(i) < limit; ++i) {
    items.push_back(PartyScalars(rows[i]));
  }
  nlohmann::json next = nullptr;
  if (static_cast<int64_t>(rows.size()) > limit) {
    const auto& last = rows[limit - 1];
    next = f.sort == "name" ? last.Text("name_sort") + "~" + std::to_string(last.Int("id"))
                            : std::to_string(last.Int("id"));
  }
  return nlohmann::json{{"items", items}, {"next_cursor", next}};
}

Result<std::vector<int64_t>> Parties::MatchIds(store::Tx& tx, const security::Access& who,
                                               const PartyFilter& f, int64_t max_rows) const {
  security::SqlFilter w = Where(who, f);
  w.params.emplace_back(max_rows);
  ASSIGN_OR_RETURN(
      auto rows,
      tx.RowsV("SELECT p.id FROM parties p WHERE " + w.sql + " ORDER BY p.id LIMIT ?", w.params));
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

}  // namespace concord::party

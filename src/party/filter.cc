// Party filters: lists, search, segments and exports share one WHERE clause builder, so that
// every path applies the same record rules.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <sstream>
#include <string>
#include <vector>

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
  out.sort = f.Enum("sort", {"id", "name", "-name"}).value_or("id");
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

// An e-mail address or the start of one: it has an "@", or it is one token of letters with a
// "." or "_" in it ("john.k", "wen_c").
bool EmailLike(std::string_view q) {
  if (q.find('@') != std::string_view::npos) return true;
  bool letter = false;
  bool joiner = false;
  for (char c : q) {
    if (c == ' ' || c == '\t') return false;
    letter = letter || std::isalpha(static_cast<unsigned char>(c));
    joiner = joiner || c == '.' || c == '_';
  }
  return letter && joiner;
}

// The words of a query (at most five, no repeats): an e-mail prefix is one key; anything else is
// split into words that must all match.
std::vector<std::string> QueryWords(const std::string& q) {
  std::string query = EmailLike(q) ? NormalizeEmailPrefix(q) : QueryKey(q);
  std::istringstream in(query);
  std::vector<std::string> out;
  for (std::string word; in >> word && out.size() < 5;) {
    if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(word);
  }
  return out;
}

// Keys counted per word before the search is planned. Below it, the rarest word drives (its
// parties are read by id); at or above it the word is so common that reading the parties in
// list order while checking their keys finds a page sooner.
std::atomic<int64_t> dense_keys{15000};

// How many keys (up to `cap`) start with `word`: a bounded index range count.
Result<int64_t> KeyCount(store::Tx& tx, int64_t company_id, const std::string& word, int64_t cap) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT COUNT(*) FROM (SELECT 1 FROM party_search_keys "
                                    "WHERE company_id = ? AND key >= ? AND key < ? LIMIT ?) c",
                                    company_id, word, PrefixEnd(word), cap));
  return row->Int(0);
}

// A planned party query: FROM, WHERE, and the column that orders by id (and groups, when the
// parties are read through their keys).
struct PartyQuery {
  std::string from = "parties p";
  security::SqlFilter where;
  std::string id = "p.id";
  std::string group;
};

// The search part of the query, planned so that neither database reads the company's whole
// party list. SQLite has no statistics, so its planner is steered with unary `+`, which keeps a
// column off its indexes. Three shapes:
//  - the rarest word drives: its parties are read by id (company kept off its indexes);
//  - one common word, listed by id: the key index by party (party_id, key) is read in party
//    order, stopping after a page;
//  - one common word, listed by name: the name index is read in order, each party's keys
//    probed through the key index by party.
Status AddSearch(store::Tx& tx, const security::Access& who, const PartyFilter& f,
                 const std::vector<std::string>& words, bool narrowed, PartyQuery& q) {
  bool sqlite = tx.dialect() == store::Dialect::kSqlite;
  size_t driver = 0;
  int64_t cap = dense_keys.load();
  int64_t fewest = cap;
  for (size_t i = 0; i < words.size(); ++i) {
    ASSIGN_OR_RETURN(int64_t n, KeyCount(tx, who.company_id(), words[i], cap));
    if (i == 0 || n < fewest) {
      fewest = n;
      driver = i;
    }
  }
  // Reading in list order finds a page soon only when most parties are likely to match: one
  // common word. Several common words may still be a rare combination.
  bool dense = sqlite && fewest >= cap && !narrowed && words.size() == 1;
  std::string plus = sqlite ? "+" : "";
  if (dense && f.sort == "id") {
    q.from = "party_search_keys k JOIN parties p ON p.id = k.party_id";
    q.where = who.Visible(kRead, {}, "+p.");
    q.where.sql += " AND +k.key >= ? AND +k.key < ?";
    q.where.params.emplace_back(words[0]);
    q.where.params.emplace_back(PrefixEnd(words[0]));
    q.id = "k.party_id";
    q.group = " GROUP BY k.party_id";
    return Status::Ok();
  }
  q.where = who.Visible(kRead, {}, sqlite && !dense ? "+p." : "p.");
  for (size_t i = 0; i < words.size(); ++i) {
    if (i == driver && !dense) {
      q.where.sql +=
          " AND p.id IN (SELECT k.party_id FROM party_search_keys k WHERE k.company_id = ? AND "
          "k.key >= ? AND k.key < ?)";
      q.where.params.emplace_back(who.company_id());
    } else {
      q.where.sql += " AND EXISTS (SELECT 1 FROM party_search_keys k WHERE k.party_id = p.id AND " +
                     plus + "k.key >= ? AND " + plus + "k.key < ?)";
    }
    q.where.params.emplace_back(words[i]);
    q.where.params.emplace_back(PrefixEnd(words[i]));
  }
  return Status::Ok();
}

Result<PartyQuery> Plan(store::Tx& tx, const security::Access& who, const PartyFilter& f) {
  PartyQuery q;
  q.where = who.Visible(kRead, {}, "p.");
  std::vector<std::string> words = QueryWords(f.q);
  // Conditions that may keep most parties out: then reading parties in list order is no
  // shortcut, and the rarest word drives however common it is. (Most parties are active.)
  bool narrowed = who.ScopeOf(kRead) != security::Scope::kCompany || f.active == false ||
                  !f.role.empty() || !f.tag.empty() || !f.city.empty() || !f.country.empty() ||
                  !f.lifecycle.empty() || f.owner_user_id || f.department_id;
  if (!words.empty()) RETURN_IF_ERROR(AddSearch(tx, who, f, words, narrowed, q));
  security::SqlFilter& w = q.where;
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
  return q;
}

}  // namespace

void SetDenseSearchKeys(int64_t keys) { dense_keys.store(std::max<int64_t>(keys, 1)); }
int64_t DenseSearchKeys() { return dense_keys.load(); }

namespace {

// The page of a list: by id (q.id, the column that orders by id in the planned query), or by
// name_sort (pinyin order for Chinese names) through http::ListPage.
Result<http::ListPage> PartyPage(store::Tx& tx, const PartyQuery& q, const PartyFilter& f,
                                 int64_t limit, const std::string& cursor) {
  http::SortSpec spec = {q.id, {{"name", "p.name_sort", http::SortKind::kText}}};
  if (f.sort != "id") return http::ListPage::ByKey(spec, limit, f.sort, cursor, tx.dialect());
  int64_t after = 0;
  if (!cursor.empty() && (!(std::istringstream(cursor) >> after) || after < 0)) {
    return InvalidField("cursor", "invalid", "Not a cursor of this list.");
  }
  return http::ListPage::ById(spec, limit, after);
}

}  // namespace

Result<nlohmann::json> Parties::List(store::Tx& tx, const security::Access& who,
                                     const PartyFilter& f, int64_t limit,
                                     const std::string& cursor) const {
  ASSIGN_OR_RETURN(PartyQuery q, Plan(tx, who, f));
  security::SqlFilter& w = q.where;
  ASSIGN_OR_RETURN(http::ListPage page, PartyPage(tx, q, f, limit, cursor));
  // The first page by id has no condition on the id: the plans above are tuned without one.
  if (!page.by_id() || !cursor.empty()) w.sql += page.After(w.params);
  std::string sql = page.Select(std::string("SELECT ") + kPartyColumns + " FROM " + q.from +
                                " WHERE " + w.sql + q.group) +
                    page.OrderLimit(w.params);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, w.params));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) items.push_back(PartyScalars(r));
  return page.Body(std::move(items), rows);
}

Result<std::vector<int64_t>> Parties::MatchIds(store::Tx& tx, const security::Access& who,
                                               const PartyFilter& f, int64_t max_rows) const {
  ASSIGN_OR_RETURN(PartyQuery q, Plan(tx, who, f));
  q.where.params.emplace_back(max_rows);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV("SELECT " + q.id + " FROM " + q.from + " WHERE " +
                                           q.where.sql + q.group + " ORDER BY " + q.id + " LIMIT ?",
                                       q.where.params));
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

}  // namespace concord::party

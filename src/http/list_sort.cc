#include "http/list_sort.h"

#include <cassert>

#include "http/api.h"
#include "security/crypto.h"

namespace concord::http {
namespace {

// A cursor carries one name or title and two numbers; anything longer is not one.
constexpr size_t kMaxCursorChars = 4096;

Status BadCursor() {
  return InvalidField("cursor", "malformed",
                      "cursor is not valid: pass next_cursor of the previous page unchanged.");
}

bool IsInteger(SortKind kind) {
  return kind == SortKind::kInteger || kind == SortKind::kMinorUnits;
}

// The key expression as it goes into SQL: text compared bytewise on PostgreSQL too.
std::string KeySql(const SortKey& key, store::Dialect dialect) {
  if (IsInteger(key.kind) || dialect == store::Dialect::kSqlite) return "(" + key.sql + ")";
  return "((" + key.sql + ") COLLATE \"C\")";
}

bool TimestampText(const std::string& s) {
  if (s.empty() || s.size() > 40) return false;
  for (char c : s) {
    bool ok = (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '.' || c == 'T' || c == 'Z' ||
              c == '+';
    if (!ok) return false;
  }
  return true;
}

// The key value of a decoded cursor, if it is of the key's kind.
std::optional<store::Value> KeyValue(const nlohmann::json& v, SortKind kind) {
  if (IsInteger(kind)) {
    if (!v.is_number_integer()) return std::nullopt;
    return store::Value(v.get<int64_t>());
  }
  if (!v.is_string()) return std::nullopt;
  std::string s = v.get<std::string>();
  if (kind == SortKind::kTimestamp && !TimestampText(s)) return std::nullopt;
  return store::Value(std::move(s));
}

}  // namespace

std::vector<std::string> SortValues(const SortSpec& spec) {
  std::vector<std::string> out = {"id"};
  for (const auto& k : spec.keys) {
    out.push_back(k.name);
    out.push_back("-" + k.name);
  }
  return out;
}

ListPage ListPage::ById(const SortSpec& spec, int64_t limit, int64_t after) {
  ListPage page;
  page.limit_ = limit;
  page.id_ = spec.id;
  page.after_id_ = after;
  return page;
}

Result<ListPage> ListPage::ByKey(const SortSpec& spec, int64_t limit, std::string_view sort,
                                 std::string_view cursor, store::Dialect dialect) {
  ListPage page = ById(spec, limit, 0);
  page.descending_ = sort.starts_with('-');
  std::string_view name = page.descending_ ? sort.substr(1) : sort;
  const SortKey* key = nullptr;
  for (const auto& k : spec.keys) {
    if (k.name == name) key = &k;
  }
  if (!key) {
    std::string allowed;
    for (const auto& v : SortValues(spec)) allowed += (allowed.empty() ? "" : ", ") + v;
    return InvalidField("sort", "enum", "sort must be one of: " + allowed + ".");
  }
  page.key_ = KeySql(*key, dialect);
  page.token_ = std::string(sort);
  page.kind_ = key->kind;
  if (!cursor.empty()) RETURN_IF_ERROR(page.ReadCursor(cursor));
  return page;
}

Status ListPage::ReadCursor(std::string_view cursor) {
  if (cursor.size() > kMaxCursorChars) return BadCursor();
  auto raw = security::Base64UrlDecode(cursor);
  if (!raw.ok()) return BadCursor();
  nlohmann::json j = nlohmann::json::parse(*raw, nullptr, false);
  if (!j.is_array() || j.size() != 3 || !j[0].is_string() || !j[2].is_number_integer() ||
      j[2].get<int64_t>() <= 0) {
    return BadCursor();
  }
  if (j[0].get<std::string>() != token_) {
    return InvalidField("cursor", "other_sort",
                        "cursor belongs to another sort order; start again without a cursor.");
  }
  auto value = KeyValue(j[1], kind_);
  if (!value) return BadCursor();
  after_key_ = std::move(*value);
  after_id_ = j[2].get<int64_t>();
  return Status::Ok();
}

std::string ListPage::Select(std::string_view select) const {
  constexpr std::string_view kSelect = "SELECT ";
  assert(select.starts_with(kSelect));
  if (by_id() || !select.starts_with(kSelect)) return std::string(select);
  return std::string(kSelect) + key_ + " AS sort_key, " + id_ + " AS sort_id, " +
         std::string(select.substr(kSelect.size()));
}

std::string ListPage::After(std::vector<store::Value>& params) const {
  if (by_id()) {
    params.emplace_back(after_id_);
    return " AND " + id_ + " > ?";
  }
  if (after_id_ == 0) return "";
  params.push_back(after_key_);
  params.emplace_back(after_id_);
  return " AND (" + key_ + ", " + id_ + ") " + (descending_ ? "<" : ">") + " (?, ?)";
}

std::string ListPage::OrderLimit(std::vector<store::Value>& params) const {
  params.emplace_back(limit_ + 1);
  if (by_id()) return " ORDER BY " + id_ + " LIMIT ?";
  std::string dir = descending_ ? " DESC" : "";
  return " ORDER BY " + key_ + dir + ", " + id_ + dir + " LIMIT ?";
}

std::string ListPage::Cursor(const store::Record& row) const {
  nlohmann::json value =
      IsInteger(kind_) ? nlohmann::json(row.Int("sort_key")) : nlohmann::json(row.Text("sort_key"));
  nlohmann::json j = nlohmann::json::array({token_, value, row.Int("sort_id")});
  // Text from the database is valid UTF-8; were it not, a replaced character costs at most a
  // misplaced page boundary, where an exception would fail the request.
  return security::Base64UrlEncode(
      j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

nlohmann::json ListPage::Body(nlohmann::json items, const std::vector<store::Record>& rows) const {
  if (by_id()) return ListBody(std::move(items), limit_);
  nlohmann::json next = nullptr;
  if (static_cast<int64_t>(items.size()) > limit_) {
    items.erase(items.begin() + limit_, items.end());
    next = Cursor(rows.at(limit_ - 1));
  }
  for (auto& item : items) {
    item.erase("sort_key");
    item.erase("sort_id");
  }
  return {{"items", std::move(items)}, {"next_cursor", std::move(next)}};
}

}  // namespace concord::http

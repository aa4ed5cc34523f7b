#include "kb/articles.h"

#include <algorithm>
#include <cctype>

#include "core/json_input.h"
#include "kb/index.h"
#include "kb/text.h"

namespace concord::kb {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "a.id, a.company_id, a.owner_user_id, a.title, a.tags, a.language, a.status, "
    "a.helpful_count, a.unhelpful_count, a.version, a.published_at, a.created_at, a.updated_at";

const security::RecordColumns kRecord{"company_id", "owner_user_id", ""};

json ToJson(const store::Record& r) {
  json tags = json::parse(r.Text("tags"), nullptr, false);
  return {{"id", r.Int("id")},
          {"owner_user_id", r.OptInt("owner_user_id") ? json(r.Int("owner_user_id")) : json()},
          {"title", r.Text("title")},
          {"tags", tags.is_array() ? tags : json::array()},
          {"language", r.Text("language")},
          {"status", r.Text("status")},
          {"helpful_count", r.Int("helpful_count")},
          {"unhelpful_count", r.Int("unhelpful_count")},
          {"version", r.Int("version")},
          {"published_at", r.OptText("published_at") ? json(r.Text("published_at")) : json()},
          {"created_at", r.Text("created_at")},
          {"updated_at", r.Text("updated_at")}};
}

bool ValidLanguage(const std::string& s) {
  size_t dash = s.find('-');
  std::string main = s.substr(0, dash);
  if (main.size() < 2 || main.size() > 3) return false;
  if (!std::all_of(main.begin(), main.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    return false;
  }
  if (dash == std::string::npos) return true;
  std::string sub = s.substr(dash + 1);
  return sub.size() >= 2 && sub.size() <= 8 &&
         std::all_of(sub.begin(), sub.end(), [](char c) { return std::isalnum(c) != 0; });
}

void ReadLanguage(Fields& f, json& out) {
  auto lang = f.Text("language", {.max_chars = 12});
  if (!lang) return;
  std::string l = *lang;
  for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!ValidLanguage(l)) {
    f.Error("language", "format", "language is a code such as en, zh or zh-Hant.");
    return;
  }
  out["language"] = l;
}

void ReadTags(Fields& f, json& out) {
  const json* v = f.Raw("tags");
  if (!v) return;
  if (!v->is_array()) return f.Error("tags", "type", "tags must be an array of strings.");
  if (v->size() > kMaxTags) return f.Error("tags", "too_many", "At most 20 tags.");
  json tags = json::array();
  for (size_t i = 0; i < v->size(); ++i) {
    std::string field = "tags/" + std::to_string(i);
    json one = {{"t", (*v)[i]}};
    Fields tf(one);
    auto t = tf.Text("t", {.required = true, .max_chars = kMaxTagChars});
    if (!tf.Finish().ok()) {
      f.Error(field, "invalid", "A tag is a non-empty string of at most 50 characters.");
      continue;
    }
    if (std::find(tags.begin(), tags.end(), *t) == tags.end()) tags.push_back(*t);
  }
  out["tags"] = tags;
}

// Reads the editable fields present in `body` into `out`.
Status ReadFields(const json& body, json& out, bool create) {
  Fields f(body);
  if (!create) f.Ignore("version");
  if (auto t = f.Text("title", {.required = create, .max_chars = kMaxTitleChars})) out["title"] = *t;
  if (auto b = f.Text("body", {.max_chars = kMaxBodyChars, .allow_empty = true})) out["body"] = *b;
  ReadTags(f, out);
  ReadLanguage(f, out);
  if (create) {
    if (auto s = f.Enum("status", {"draft", "published"})) out["status"] = *s;
  }
  return f.Finish();
}

Status WriteTags(store::Tx& tx, int64_t company_id, int64_t id, const json& tags) {
  RETURN_IF_ERROR(tx.Exec("DELETE FROM kb_article_tags WHERE article_id = ?", id).status());
  for (const auto& t : tags) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO kb_article_tags (article_id, company_id, tag) VALUES "
                            "(?, ?, ?)",
                            id, company_id, t.get<std::string>())
                        .status());
  }
  return Status::Ok();
}

Status CheckWrite(const security::Access& who, const std::string& permission, const json& a) {
  security::Ownership own{who.company_id(), std::nullopt, std::nullopt};
  if (a["owner_user_id"].is_number()) own.owner_user_id = a["owner_user_id"].get<int64_t>();
  return who.CheckRecord(permission, own, "kb article");
}

}  // namespace

Result<json> Articles::Load(store::Tx& tx, const security::Access& who, int64_t id) {
  RETURN_IF_ERROR(who.Require("kb.article.read"));
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kColumns + ", a.body FROM "
                                        "kb_articles a WHERE a.id = ? AND a.company_id = ? AND "
                                        "a.deleted_at IS NULL",
                                    id, who.company_id()));
  if (!row) return NotFound("kb article");
  json out = ToJson(*row);
  RETURN_IF_ERROR(CheckWrite(who, "kb.article.read", out));
  out["body"] = row->Text("body");
  return out;
}

const http::SortSpec Articles::kSorts = {
    "a.id",
    {{"title", "lower(a.title)", http::SortKind::kText},
     {"updated_at", "a.updated_at", http::SortKind::kTimestamp}}};

Result<json> Articles::List(store::Tx& tx, const security::Access& who, const ArticleFilter& filter,
                            const http::ListPage& page) const {
  RETURN_IF_ERROR(who.Require("kb.article.read"));
  security::SqlFilter v = who.Visible("kb.article.read", kRecord, "a.");
  std::vector<store::Value> params = v.params;
  std::string sql =
      page.Select(std::string("SELECT ") + kColumns + (filter.q.empty() ? "" : ", a.body") +
                  " FROM kb_articles a WHERE " + v.sql + " AND a.deleted_at IS NULL") +
      page.After(params);
  if (!filter.language.empty()) {
    sql += " AND a.language = ?";
    params.push_back(filter.language);
  }
  if (!filter.status.empty()) {
    sql += " AND a.status = ?";
    params.push_back(filter.status);
  }
  if (!filter.tag.empty()) {
    sql += " AND EXISTS (SELECT 1 FROM kb_article_tags t WHERE t.article_id = a.id AND t.tag = ?)";
    params.push_back(filter.tag);
  }
  std::vector<Term> terms = QueryTerms(filter.q);
  if (!filter.q.empty()) {
    if (terms.empty()) return page.Body(json::array(), {});
    security::SqlFilter m = MatchFilter(tx.dialect(), terms);
    sql += " AND " + m.sql;
    params.insert(params.end(), m.params.begin(), m.params.end());
  }
  sql += page.OrderLimit(params);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, std::move(params)));
  json items = json::array();
  for (const auto& r : rows) {
    json item = ToJson(r);
    if (!filter.q.empty()) item["passage"] = Passage(r.Text("body"), terms);
    items.push_back(std::move(item));
  }
  return page.Body(std::move(items), rows);
}

Result<json> Articles::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  return Load(tx, who, id);
}

Result<json> Articles::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("kb.article.create"));
  json a = {{"body", ""}, {"tags", json::array()}, {"language", "en"}, {"status", "draft"}};
  RETURN_IF_ERROR(ReadFields(body, a, true));
  std::string now = clock_.Now().ToIso();
  bool published = a["status"] == "published";
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO kb_articles (company_id, owner_user_id, title, body, tags, language, "
                "status, published_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?) RETURNING id",
                who.company_id(), who.user_id(), a["title"].get<std::string>(),
                a["body"].get<std::string>(), a["tags"].dump(), a["language"].get<std::string>(),
                a["status"].get<std::string>(),
                published ? std::optional<std::string>(now) : std::nullopt, now, now));
  RETURN_IF_ERROR(WriteTags(tx, who.company_id(), id, a["tags"]));
  RETURN_IF_ERROR(IndexPut(tx, id, a["title"].get<std::string>(), a["body"].get<std::string>()));
  ASSIGN_OR_RETURN(json out, Load(tx, who, id));
  json logged = out;
  logged.erase("body");
  tx.Audit({"kb_article", id, "create", store::Changes(json::object(), logged)});
  tx.Emit({"kb_article.created", "kb_article", id, logged});
  return out;
}

Result<json> Articles::Save(store::Tx& tx, const security::Access& who, int64_t id,
                            const json& before, const json& after,
                            const std::string& action) const {
  std::string now = clock_.Now().ToIso();
  std::optional<std::string> published_at;
  if (after["published_at"].is_string()) published_at = after["published_at"].get<std::string>();
  RETURN_IF_ERROR(tx.Exec("UPDATE kb_articles SET title = ?, body = ?, tags = ?, language = ?, "
                          "status = ?, published_at = ?, version = version + 1, updated_at = ? "
                          "WHERE id = ? AND company_id = ?",
                          after["title"].get<std::string>(), after["body"].get<std::string>(),
                          after["tags"].dump(), after["language"].get<std::string>(),
                          after["status"].get<std::string>(), published_at, now, id,
                          who.company_id())
                      .status());
  if (after["tags"] != before["tags"]) {
    RETURN_IF_ERROR(WriteTags(tx, who.company_id(), id, after["tags"]));
  }
  if (after["title"] != before["title"] || after["body"] != before["body"]) {
    RETURN_IF_ERROR(
        IndexPut(tx, id, after["title"].get<std::string>(), after["body"].get<std::string>()));
  }
  ASSIGN_OR_RETURN(json out, Load(tx, who, id));
  json changes = store::Changes(before, out);
  if (changes.contains("body")) changes["body"] = {"(changed)", "(changed)"};
  tx.Audit({"kb_article", id, action, changes});
  json event = out;
  event.erase("body");
  tx.Emit({"kb_article." + action + (action.ends_with("e") ? "d" : "ed"), "kb_article", id, event});
  return out;
}

Result<json> Articles::Update(store::Tx& tx, const security::Access& who, int64_t id,
                              const json& body, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("kb.article.update"));
  ASSIGN_OR_RETURN(json before, Load(tx, who, id));
  RETURN_IF_ERROR(CheckWrite(who, "kb.article.update", before));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  json after = before;
  RETURN_IF_ERROR(ReadFields(body, after, false));
  return Save(tx, who, id, before, after, "update");
}

Result<json> Articles::Move(store::Tx& tx, const security::Access& who, int64_t id,
                            const std::string& verb, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("kb.article.update"));
  ASSIGN_OR_RETURN(json before, Load(tx, who, id));
  RETURN_IF_ERROR(CheckWrite(who, "kb.article.update", before));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  std::string from = before["status"].get<std::string>();
  struct Transition {
    const char* verb;
    const char* from;
    const char* to;
  };
  static constexpr Transition kTransitions[] = {{"publish", "draft", "published"},
                                                {"publish", "archived", "published"},
                                                {"unpublish", "published", "draft"},
                                                {"archive", "draft", "archived"},
                                                {"archive", "published", "archived"}};
  for (const auto& t : kTransitions) {
    if (verb != t.verb || from != t.from) continue;
    json after = before;
    after["status"] = t.to;
    if (verb == "publish") after["published_at"] = clock_.Now().ToIso();
    return Save(tx, who, id, before, after, verb);
  }
  return FailedPrecondition("kb.article.transition",
                            "An article in status " + from + " does not allow " + verb + ".");
}

Status Articles::Delete(store::Tx& tx, const security::Access& who, int64_t id,
                        const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("kb.article.delete"));
  ASSIGN_OR_RETURN(json before, Load(tx, who, id));
  RETURN_IF_ERROR(CheckWrite(who, "kb.article.delete", before));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE kb_articles SET deleted_at = ?, version = version + 1, "
                          "updated_at = ? WHERE id = ? AND company_id = ?",
                          now, now, id, who.company_id())
                      .status());
  RETURN_IF_ERROR(IndexRemove(tx, id));
  tx.Audit({"kb_article", id, "delete", {{"deleted_at", {nullptr, now}}}});
  tx.Emit({"kb_article.deleted", "kb_article", id, {{"id", id}}});
  return Status::Ok();
}

}  // namespace concord::kb

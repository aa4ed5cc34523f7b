// Knowledge base articles: title, body (plain text or light markdown), tags, language and a
// status moved by verbs (draft -> published -> archived; publish also from archived,
// unpublish back to draft). Company-scoped and versioned (ETag / If-Match on every change).
//
// Every method runs inside the caller's transaction and writes its audit record and outbox
// event there, together with the article's full-text index entry (kb/index.h). Reads go
// through Access::Visible / CheckRecord with kb.article.read (the owner is the author), so
// another company's article is "not found". Delete is logical: the row stays (audit trail,
// feedback) with deleted_at set, and leaves the index and every read.
// Thread-safety: stateless apart from the clock reference.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/status.h"
#include "core/time.h"
#include "http/list_sort.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::kb {

inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxBodyChars = 100000;
inline constexpr size_t kMaxTags = 20;
inline constexpr size_t kMaxTagChars = 50;

using VersionCheck = std::function<Status(int64_t current)>;

struct ArticleFilter {
  std::string q;         // full text (any matching article, ordered by id)
  std::string tag;       // exact tag
  std::string language;  // exact language code
  std::string status;    // draft | published | archived; empty: all
};

class Articles {
 public:
  explicit Articles(const Clock& clock) : clock_(clock) {}

  // What List sorts by: title (in any letter case), updated_at.
  static const http::SortSpec kSorts;
  // One page of articles: {"items", "next_cursor"}. With q, each item also has "passage"
  // (kb::Passage of its body).
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who,
                              const ArticleFilter& filter, const http::ListPage& page) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // {"title", "body", "tags", "language" (default "en"), "status" (draft | published)}.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  // Any of title, body, tags, language; the version check is required.
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body, const VersionCheck& check) const;
  // verb: "publish" | "unpublish" | "archive". FailedPrecondition "kb.article.transition"
  // when the status does not allow it. The version check is optional (may be null).
  Result<nlohmann::json> Move(store::Tx& tx, const security::Access& who, int64_t id,
                              const std::string& verb, const VersionCheck& check) const;
  Status Delete(store::Tx& tx, const security::Access& who, int64_t id,
                const VersionCheck& check) const;

  // The article as its JSON, or NotFound (other company, deleted, or outside the caller's
  // kb.article.read scope).
  static Result<nlohmann::json> Load(store::Tx& tx, const security::Access& who, int64_t id);

 private:
  Result<nlohmann::json> Save(store::Tx& tx, const security::Access& who, int64_t id,
                              const nlohmann::json& before, const nlohmann::json& after,
                              const std::string& action) const;

  const Clock& clock_;
};

}  // namespace concord::kb

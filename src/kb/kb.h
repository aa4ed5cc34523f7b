// The knowledge base area: articles in any language with full-text search in English and
// Chinese on both databases, ranked search, automatic answers to questions, and "was this
// helpful" feedback that the ranking uses. Other areas call kb::Answers (answers.h); never the
// tables. See docs/kb.md.
#pragma once

#include "core/time.h"
#include "http/api.h"
#include "kb/answers.h"
#include "kb/articles.h"
#include "security/journal.h"
#include "security/permissions.h"
#include "store/database.h"

namespace concord::kb {

struct Services {
  const Clock& clock;
  const Articles& articles;
  const Answers& answers;
};

// kb.article.read|create|update|delete
void RegisterPermissions(security::PermissionCatalog& catalog);
// kb_article, kb_feedback
void RegisterEntities(security::EntityRegistry& entities);
// Schemas and routes under /api/v1/kb/ (api.cc).
void RegisterRoutes(http::Api& api, const Services& s);

}  // namespace concord::kb

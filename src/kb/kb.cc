#include "kb/kb.h"

namespace concord::kb {

void RegisterPermissions(security::PermissionCatalog& catalog) {
  catalog.AddResource("kb.article", {"read", "create", "update", "delete"},
                      "knowledge base articles (read: also search, answers and feedback)");
}

void RegisterEntities(security::EntityRegistry& entities) {
  entities.Add("kb_article", "kb.article.read");
  entities.Add("kb_feedback", "kb.article.read");
}

}  // namespace concord::kb

// Reading the audit trail and the event outbox through the access layer.
//
// Both are company-scoped and need their own permission (security.audit.read,
// security.event.read); on top of that a row is shown only if the caller may read the entity it
// is about at company scope (a sales rep who sees only own customers does not get the audit
// trail or events of all customers). Entities map to their read permission in the registry
// that the areas fill at start-up.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "http/message.h"
#include "security/access.h"
#include "store/database.h"

namespace concord::security {

class EntityRegistry {
 public:
  void Add(const std::string& entity, const std::string& read_permission) {
    read_[entity] = read_permission;
  }
  // The entities whose rows `who` may see in the audit trail and the event stream.
  std::vector<std::string> ReadableByCompany(const Access& who) const;

 private:
  std::map<std::string, std::string> read_;
};

class Journal {
 public:
  explicit Journal(const EntityRegistry& entities) : entities_(entities) {}

  // Audit rows, newest first, optionally of one entity/id.
  Result<nlohmann::json> Audit(store::Tx& tx, const Access& who, const std::string& entity,
                               std::optional<int64_t> id, int64_t limit, int64_t before);
  // Events with id > after, oldest first.
  Result<nlohmann::json> Events(store::Tx& tx, const Access& who, int64_t after, int64_t limit);
  // The text of the SSE frames for events after `after`, read in a fresh snapshot.
  Result<http::SseBatch> StreamBatch(store::Database& db, const Access& who, int64_t after);

 private:
  const EntityRegistry& entities_;
};

}  // namespace concord::security

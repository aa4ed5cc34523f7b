// The store's own tables: audit log, outbox, document sequences, idempotency keys.
#pragma once

#include "store/migrate.h"

namespace concord::store {

AreaMigrations PlatformMigrations();

}  // namespace concord::store

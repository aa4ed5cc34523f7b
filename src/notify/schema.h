// Schema of notifications: in-app notifications, per-user preferences per kind, and the
// queue of e-mails waiting to be (or already) sent.
#pragma once

#include "store/migrate.h"

namespace concord::notify {

store::AreaMigrations Migrations();

}  // namespace concord::notify

// Routes of the kanban boards: GET /api/v1/boards/{board}, POST .../cards/{id}/move and the
// live stream GET .../stream (server-sent events from the process's EventHub).
#pragma once

#include "board/board.h"
#include "http/api.h"
#include "security/auth.h"
#include "security/journal.h"
#include "store/database.h"

namespace concord::board {

struct Services {
  store::Database& db;
  security::AuthService& auth;
  const Boards& boards;
  const security::EventHub* hub;  // may be null: streams then read the database
};

void RegisterSchemas(http::Api& api);
void RegisterRoutes(http::Api& api, Services s);

}  // namespace concord::board

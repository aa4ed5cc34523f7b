// Schema of the knowledge base: articles, their tags, "was this helpful" feedback, and the
// full-text indexes (SQLite: FTS5 tables; PostgreSQL: a tsvector column with a GIN index and,
// when the pg_trgm extension can be had, a trigram GIN index).
#pragma once

#include "store/migrate.h"

namespace concord::kb {

store::AreaMigrations Migrations();

}  // namespace concord::kb

#include "store/platform_schema.h"

namespace concord::store {

AreaMigrations PlatformMigrations() {
  AreaMigrations area{"platform", {}, {}};
  area.steps.push_back({"platform", 1, "audit log, outbox, sequences, idempotency keys", R"sql(
CREATE TABLE audit_log (
  id ${pk},
  company_id BIGINT,
  at TEXT NOT NULL,
  user_id BIGINT,
  request_id TEXT,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  changes TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (company_id, entity, entity_id, id);

CREATE TABLE outbox (
  id ${pk},
  company_id BIGINT,
  at TEXT NOT NULL,
  user_id BIGINT,
  request_id TEXT,
  type TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX outbox_company ON outbox (company_id, id);

CREATE TABLE doc_sequences (
  company_id BIGINT NOT NULL,
  doc_type TEXT NOT NULL,
  prefix TEXT NOT NULL,
  padding BIGINT NOT NULL,
  next_value BIGINT NOT NULL,
  PRIMARY KEY (company_id, doc_type)
);

CREATE TABLE idempotency_keys (
  user_id BIGINT NOT NULL,
  company_id BIGINT NOT NULL,
  idem_key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status BIGINT NOT NULL,
  content_type TEXT NOT NULL,
  etag TEXT NOT NULL,
  location TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, company_id, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
)sql",
                        "", ""});
  return area;
}

}  // namespace concord::store

#include "notify/schema.h"

namespace concord::notify {

store::AreaMigrations Migrations() {
  store::AreaMigrations area{"notify", {"security"}, {}};
  area.steps.push_back({"notify", 1, "notifications, preferences, mail queue", R"sql(
CREATE TABLE notifications (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  entity TEXT NOT NULL DEFAULT '',
  entity_id BIGINT,
  is_read BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  read_at TEXT
);
CREATE INDEX notifications_user ON notifications (company_id, user_id, id);

CREATE TABLE notification_preferences (
  company_id BIGINT NOT NULL REFERENCES companies (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL,
  in_app BIGINT NOT NULL,
  email BIGINT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (company_id, user_id, kind)
);

CREATE TABLE mail_queue (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  user_id BIGINT REFERENCES users (id),
  notification_id BIGINT REFERENCES notifications (id),
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued',
  attempts BIGINT NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT,
  CHECK (state IN ('queued', 'sent', 'failed'))
);
CREATE INDEX mail_queue_due ON mail_queue (state, next_attempt_at, id);
)sql",
                         "", ""});
  return area;
}

}  // namespace concord::notify

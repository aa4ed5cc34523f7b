#include "service/schema.h"

namespace concord::service {

// Timestamps are fixed-width UTC ISO text (they order as text); flags are 0/1. A calendar keeps
// its working days, hours and holidays as JSON text: they are read whole, never queried.
// Party, document and product links are plain ids checked through their areas' services.
store::AreaMigrations Migrations() {
  store::AreaMigrations area{"service", {"security", "party", "notify", "kb"}, {}};
  area.steps.push_back({"service", 1, "calendars, categories, tickets, entries, notifications",
                        R"sql(
CREATE TABLE service_calendars (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  working_days TEXT NOT NULL,
  hours TEXT NOT NULL,
  holidays TEXT NOT NULL,
  is_default BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, name)
);
CREATE UNIQUE INDEX service_calendars_default ON service_calendars (company_id)
  WHERE is_default = 1;

CREATE TABLE service_categories (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  max_processing_minutes BIGINT NOT NULL,
  first_response_minutes BIGINT,
  department_id BIGINT REFERENCES departments (id),
  default_priority TEXT NOT NULL DEFAULT 'normal',
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, name)
);

CREATE TABLE tickets (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  number TEXT NOT NULL,
  subject TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  party_id BIGINT NOT NULL,
  contact_id BIGINT,
  sales_order_id BIGINT,
  invoice_id BIGINT,
  delivery_id BIGINT,
  product_id BIGINT,
  lot_id BIGINT,
  channel TEXT NOT NULL,
  category_id BIGINT NOT NULL REFERENCES service_categories (id),
  priority TEXT NOT NULL,
  status TEXT NOT NULL,
  owner_user_id BIGINT REFERENCES users (id),
  department_id BIGINT REFERENCES departments (id),
  response_due_at TEXT,
  resolution_due_at TEXT NOT NULL,
  first_response_at TEXT,
  paused_at TEXT,
  resolved_at TEXT,
  closed_at TEXT,
  resolution TEXT,
  response_breached BIGINT NOT NULL DEFAULT 0,
  resolution_breached BIGINT NOT NULL DEFAULT 0,
  response_escalated BIGINT NOT NULL DEFAULT 0,
  resolution_escalated BIGINT NOT NULL DEFAULT 0,
  paused_business_seconds BIGINT NOT NULL DEFAULT 0,
  resolution_business_seconds BIGINT,
  credit_note_id BIGINT,
  survey_score BIGINT,
  survey_comment TEXT,
  surveyed_at TEXT,
  created_by_user_id BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, number)
);
CREATE INDEX tickets_party ON tickets (company_id, party_id);
CREATE INDEX tickets_order ON tickets (company_id, sales_order_id);
CREATE INDEX tickets_open ON tickets (status, resolution_due_at);

CREATE TABLE ticket_entries (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  ticket_id BIGINT NOT NULL REFERENCES tickets (id),
  text TEXT NOT NULL,
  visibility TEXT NOT NULL,
  author_user_id BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX ticket_entries_ticket ON ticket_entries (ticket_id, id);

CREATE TABLE service_notifications (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL,
  ticket_id BIGINT REFERENCES tickets (id),
  text TEXT NOT NULL,
  is_read BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  read_at TEXT
);
CREATE INDEX service_notifications_user ON service_notifications (company_id, user_id, id);
)sql",
                        "", ""});
  // Notifications moved to the notify area (e-mail and preferences); the answers the
  // knowledge base suggested for a ticket when it was created are kept with the ticket.
  area.steps.push_back({"service", 2, "suggested answers; notifications move to notify",
                        R"sql(
CREATE TABLE ticket_suggestions (
  ticket_id BIGINT NOT NULL REFERENCES tickets (id),
  ordinal BIGINT NOT NULL,
  article_id BIGINT NOT NULL REFERENCES kb_articles (id),
  title TEXT NOT NULL,
  language TEXT NOT NULL,
  score_micros BIGINT NOT NULL,
  passage TEXT NOT NULL,
  PRIMARY KEY (ticket_id, ordinal)
);
INSERT INTO notifications (company_id, user_id, kind, title, text, entity, entity_id, is_read,
                           created_at, read_at)
  SELECT company_id, user_id, kind, text, text, 'ticket', ticket_id, is_read, created_at, read_at
  FROM service_notifications ORDER BY id;
DROP TABLE service_notifications;
)sql",
                        "", ""});
  return area;
}

}  // namespace concord::service

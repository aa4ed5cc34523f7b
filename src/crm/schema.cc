#include "crm/schema.h"

namespace concord::crm {

store::AreaMigrations Migrations() {
  store::AreaMigrations area{"crm", {"party"}, {}};
  area.steps.push_back({"crm", 1, "segments, campaigns, leads, opportunities, activities", R"sql(
CREATE TABLE segments (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  name TEXT NOT NULL,
  filter TEXT NOT NULL,
  owner_user_id BIGINT REFERENCES users (id),
  department_id BIGINT REFERENCES departments (id),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  UNIQUE (company_id, name)
);

CREATE TABLE campaigns (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  name TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL,
  budget TEXT NOT NULL DEFAULT '0',
  currency TEXT NOT NULL,
  starts_on TEXT,
  ends_on TEXT,
  segment_id BIGINT REFERENCES segments (id),
  description TEXT NOT NULL DEFAULT '',
  owner_user_id BIGINT REFERENCES users (id),
  department_id BIGINT REFERENCES departments (id),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);

CREATE TABLE campaign_members (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
  party_id BIGINT NOT NULL REFERENCES parties (id),
  contact_id BIGINT REFERENCES party_contacts (id),
  status TEXT NOT NULL,
  sent_at TEXT,
  responded_at TEXT,
  converted_at TEXT,
  updated_at TEXT NOT NULL,
  UNIQUE (campaign_id, party_id)
);
CREATE INDEX campaign_members_party ON campaign_members (party_id);

CREATE TABLE leads (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  number TEXT NOT NULL,
  title TEXT NOT NULL,
  source TEXT NOT NULL,
  campaign_id BIGINT REFERENCES campaigns (id),
  company_name TEXT,
  contact_name TEXT,
  email TEXT,
  email_norm ${ctext},
  phone TEXT,
  phone_norm ${ctext},
  city TEXT,
  country TEXT,
  industry TEXT,
  employees BIGINT,
  estimated_value TEXT,
  currency TEXT,
  status TEXT NOT NULL,
  disqualify_reason TEXT,
  score BIGINT NOT NULL DEFAULT 0,
  score_detail TEXT NOT NULL DEFAULT '[]',
  notes TEXT NOT NULL DEFAULT '',
  owner_user_id BIGINT REFERENCES users (id),
  department_id BIGINT REFERENCES departments (id),
  party_id BIGINT REFERENCES parties (id),
  contact_id BIGINT REFERENCES party_contacts (id),
  opportunity_id BIGINT,
  converted_at TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, number)
);
CREATE INDEX leads_owner ON leads (company_id, owner_user_id);
CREATE INDEX leads_party ON leads (party_id);
CREATE INDEX leads_email ON leads (company_id, email_norm);

CREATE TABLE opportunity_stages (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  name TEXT NOT NULL,
  sequence BIGINT NOT NULL,
  probability BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  UNIQUE (company_id, name)
);

CREATE TABLE opportunities (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  number TEXT NOT NULL,
  name TEXT NOT NULL,
  party_id BIGINT NOT NULL REFERENCES parties (id),
  contact_id BIGINT REFERENCES party_contacts (id),
  lead_id BIGINT REFERENCES leads (id),
  campaign_id BIGINT REFERENCES campaigns (id),
  stage_id BIGINT NOT NULL REFERENCES opportunity_stages (id),
  status TEXT NOT NULL,
  amount TEXT NOT NULL DEFAULT '0',
  currency TEXT NOT NULL,
  probability BIGINT NOT NULL,
  expected_close TEXT,
  competitors TEXT NOT NULL DEFAULT '',
  lost_reason TEXT,
  owner_user_id BIGINT REFERENCES users (id),
  department_id BIGINT REFERENCES departments (id),
  closed_at TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, number)
);
CREATE INDEX opportunities_party ON opportunities (party_id);
CREATE INDEX opportunities_owner ON opportunities (company_id, owner_user_id);
CREATE INDEX opportunities_stage ON opportunities (company_id, stage_id);

CREATE TABLE opportunity_stage_history (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
  stage_id BIGINT NOT NULL REFERENCES opportunity_stages (id),
  entered_at TEXT NOT NULL,
  left_at TEXT,
  user_id BIGINT
);
CREATE INDEX opportunity_stage_history_opp ON opportunity_stage_history (opportunity_id, id);

CREATE TABLE activities (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  location TEXT,
  party_id BIGINT REFERENCES parties (id),
  contact_id BIGINT REFERENCES party_contacts (id),
  lead_id BIGINT REFERENCES leads (id),
  opportunity_id BIGINT REFERENCES opportunities (id),
  ref_type TEXT,
  ref_id BIGINT,
  due_at TEXT,
  ends_at TEXT,
  done_at TEXT,
  owner_user_id BIGINT REFERENCES users (id),
  department_id BIGINT REFERENCES departments (id),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX activities_owner_due ON activities (company_id, owner_user_id, due_at);
CREATE INDEX activities_party ON activities (party_id);
CREATE INDEX activities_lead ON activities (lead_id);
CREATE INDEX activities_opportunity ON activities (opportunity_id);

-- Secret per-user iCalendar feed URLs (stored hashed, like sessions).
CREATE TABLE calendar_feeds (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

-- Existing companies get the default stages; new ones get them from SeedDefaultStages.
INSERT INTO opportunity_stages (company_id, name, sequence, probability, outcome, created_at)
SELECT id, 'Qualification', 10, 10, 'open', created_at FROM companies;
INSERT INTO opportunity_stages (company_id, name, sequence, probability, outcome, created_at)
SELECT id, 'Needs analysis', 20, 25, 'open', created_at FROM companies;
INSERT INTO opportunity_stages (company_id, name, sequence, probability, outcome, created_at)
SELECT id, 'Proposal', 30, 50, 'open', created_at FROM companies;
INSERT INTO opportunity_stages (company_id, name, sequence, probability, outcome, created_at)
SELECT id, 'Negotiation', 40, 75, 'open', created_at FROM companies;
INSERT INTO opportunity_stages (company_id, name, sequence, probability, outcome, created_at)
SELECT id, 'Won', 90, 100, 'won', created_at FROM companies;
INSERT INTO opportunity_stages (company_id, name, sequence, probability, outcome, created_at)
SELECT id, 'Lost', 100, 0, 'lost', created_at FROM companies;
)sql"});
  // Global search finds leads by the start of their title and opportunities by the start of
  // their name, in any letter case. PostgreSQL orders the lowered text bytewise.
  area.steps.push_back({"crm", 2, "lead titles and opportunity names indexed for search", "",
                        R"sql(
CREATE INDEX leads_title_lower ON leads (company_id, lower(title));
CREATE INDEX opportunities_name_lower ON opportunities (company_id, lower(name));
)sql",
                        R"sql(
CREATE INDEX leads_title_lower ON leads (company_id, lower(title) COLLATE "C");
CREATE INDEX opportunities_name_lower ON opportunities (company_id, lower(name) COLLATE "C");
)sql"});
  return area;
}

}  // namespace concord::crm

#include "party/schema.h"

namespace concord::party {

store::AreaMigrations Migrations() {
  store::AreaMigrations area{"party", {"security"}, {}};
  area.steps.push_back({"party", 1, "parties, contacts, addresses, identifiers, consents", R"sql(
CREATE TABLE parties (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  name_key ${ctext} NOT NULL,
  name_sort ${ctext} NOT NULL,
  is_prospect BIGINT NOT NULL DEFAULT 0,
  is_customer BIGINT NOT NULL DEFAULT 0,
  is_supplier BIGINT NOT NULL DEFAULT 0,
  email TEXT,
  email_norm ${ctext},
  phone TEXT,
  phone_norm ${ctext},
  website TEXT,
  tax_id TEXT,
  tax_id_norm ${ctext},
  owner_user_id BIGINT REFERENCES users (id),
  department_id BIGINT REFERENCES departments (id),
  credit_limit TEXT,
  payment_term_days BIGINT,
  price_list_id BIGINT,
  currency TEXT,
  language TEXT,
  notes TEXT NOT NULL DEFAULT '',
  lifecycle TEXT NOT NULL DEFAULT 'prospect',
  lifecycle_at TEXT,
  active BIGINT NOT NULL DEFAULT 1,
  merged_into_id BIGINT REFERENCES parties (id),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX parties_owner ON parties (company_id, owner_user_id);
CREATE INDEX parties_department ON parties (company_id, department_id);
CREATE INDEX parties_email ON parties (company_id, email_norm);
CREATE INDEX parties_phone ON parties (company_id, phone_norm);
CREATE INDEX parties_tax ON parties (company_id, tax_id_norm);
CREATE INDEX parties_sort ON parties (company_id, name_sort, id);
CREATE INDEX parties_name_key ON parties (company_id, name_key);

-- Search keys: words of the name (and its pinyin), e-mail and phone digits; prefix range scans.
CREATE TABLE party_search_keys (
  company_id BIGINT NOT NULL,
  key ${ctext} NOT NULL,
  party_id BIGINT NOT NULL REFERENCES parties (id),
  PRIMARY KEY (company_id, key, party_id)
);
CREATE INDEX party_search_keys_party ON party_search_keys (party_id);

CREATE TABLE party_contacts (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  party_id BIGINT NOT NULL REFERENCES parties (id),
  name TEXT NOT NULL,
  job_title TEXT,
  roles TEXT NOT NULL DEFAULT '',
  email TEXT,
  email_norm ${ctext},
  phone TEXT,
  phone_norm ${ctext},
  mobile TEXT,
  language TEXT,
  notes TEXT NOT NULL DEFAULT '',
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE INDEX party_contacts_party ON party_contacts (party_id);
CREATE INDEX party_contacts_email ON party_contacts (company_id, email_norm);

CREATE TABLE party_addresses (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  party_id BIGINT NOT NULL REFERENCES parties (id),
  kind TEXT NOT NULL,
  line1 TEXT NOT NULL,
  line2 TEXT,
  city TEXT NOT NULL DEFAULT '',
  city_key ${ctext} NOT NULL DEFAULT '',
  region TEXT,
  postal_code TEXT,
  country TEXT NOT NULL,
  valid_from TEXT,
  valid_to TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE INDEX party_addresses_party ON party_addresses (party_id);
CREATE INDEX party_addresses_city ON party_addresses (company_id, city_key);

CREATE TABLE party_identifiers (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  party_id BIGINT NOT NULL REFERENCES parties (id),
  kind TEXT NOT NULL,
  system TEXT NOT NULL DEFAULT '',
  value TEXT NOT NULL,
  value_norm ${ctext} NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (company_id, kind, system, value_norm)
);
CREATE INDEX party_identifiers_party ON party_identifiers (party_id);

CREATE TABLE party_tags (
  company_id BIGINT NOT NULL,
  party_id BIGINT NOT NULL REFERENCES parties (id),
  tag TEXT NOT NULL,
  PRIMARY KEY (party_id, tag)
);
CREATE INDEX party_tags_tag ON party_tags (company_id, tag);

-- Append-only: the current consent of a purpose is its latest record.
CREATE TABLE party_consents (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  party_id BIGINT NOT NULL REFERENCES parties (id),
  contact_id BIGINT REFERENCES party_contacts (id),
  purpose TEXT NOT NULL,
  granted BIGINT NOT NULL,
  source TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL,
  user_id BIGINT
);
CREATE INDEX party_consents_party ON party_consents (party_id, purpose, id);

CREATE TABLE party_merges (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  survivor_id BIGINT NOT NULL REFERENCES parties (id),
  merged_id BIGINT NOT NULL REFERENCES parties (id),
  snapshot TEXT NOT NULL,
  moved TEXT NOT NULL,
  user_id BIGINT,
  merged_at TEXT NOT NULL
);
CREATE INDEX party_merges_survivor ON party_merges (survivor_id);

-- The purchase history that drives the lifecycle status: fed by the sales area (and by
-- imports of an earlier system's history).
CREATE TABLE party_purchases (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  party_id BIGINT NOT NULL REFERENCES parties (id),
  occurred_on TEXT NOT NULL,
  amount TEXT NOT NULL,
  currency TEXT NOT NULL,
  source TEXT NOT NULL,
  source_id BIGINT,
  created_at TEXT NOT NULL
);
CREATE INDEX party_purchases_party ON party_purchases (party_id, occurred_on);

-- Configuration per company and key (lifecycle thresholds, lead scoring, assignment ...).
CREATE TABLE area_settings (
  company_id BIGINT NOT NULL REFERENCES companies (id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  PRIMARY KEY (company_id, key)
);
)sql"});
  // Search probes a party's keys by party: with the key in the index they need no table reads.
  area.steps.push_back({"party", 2, "search keys indexed by party and key", R"sql(
DROP INDEX party_search_keys_party;
CREATE INDEX party_search_keys_party ON party_search_keys (party_id, key);
)sql"});
  // Global search finds contacts by the start of their name in any letter case and by the
  // start of their phone number (E.164). PostgreSQL orders the lowered name bytewise.
  area.steps.push_back({"party", 3, "contacts indexed by name and phone for search", "",
                        R"sql(
CREATE INDEX party_contacts_name ON party_contacts (company_id, lower(name));
CREATE INDEX party_contacts_phone ON party_contacts (company_id, phone_norm);
)sql",
                        R"sql(
CREATE INDEX party_contacts_name ON party_contacts (company_id, lower(name) COLLATE "C");
CREATE INDEX party_contacts_phone ON party_contacts (company_id, phone_norm);
)sql"});
  // Background imports (party/import_jobs.h): the state and result of each job, so that a
  // finished job's answer survives a restart. Unfinished jobs are found by state at startup.
  area.steps.push_back({"party", 4, "import jobs", R"sql(
CREATE TABLE import_jobs (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  dry_run BIGINT NOT NULL DEFAULT 0,
  total BIGINT NOT NULL,
  done BIGINT NOT NULL DEFAULT 0,
  report TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT
);
CREATE INDEX import_jobs_company ON import_jobs (company_id, id);
CREATE INDEX import_jobs_state ON import_jobs (state);
)sql"});
  return area;
}

}  // namespace concord::party

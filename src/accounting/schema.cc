#include "accounting/schema.h"

namespace concord::accounting {

// Amounts are BIGINT minor units: `debit`/`credit` in the company currency, `amount_currency`
// (signed, debit positive) in the line's currency, which is the company currency unless the
// line is in a foreign one. Dates are ISO text (YYYY-MM-DD), so they order as text.
store::AreaMigrations Migrations() {
  store::AreaMigrations area{"accounting", {"party"}, {}};
  area.steps.push_back({"accounting", 1, "accounts, journals, periods, entries, taxes, budgets",
                        R"sql(
CREATE TABLE accounts (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  code ${ctext} NOT NULL,
  name TEXT NOT NULL,
  name_zh TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT '',
  reconcilable BIGINT NOT NULL DEFAULT 0,
  is_group BIGINT NOT NULL DEFAULT 0,
  parent_id BIGINT REFERENCES accounts (id),
  currency TEXT,
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, code)
);
CREATE INDEX accounts_parent ON accounts (parent_id);
CREATE INDEX accounts_role ON accounts (company_id, role);

CREATE TABLE journals (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  code ${ctext} NOT NULL,
  name TEXT NOT NULL,
  name_zh TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  default_account_id BIGINT REFERENCES accounts (id),
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, code)
);

CREATE TABLE fiscal_years (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  name TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open',
  closing_entry_id BIGINT,
  closed_at TEXT,
  closed_by_user_id BIGINT REFERENCES users (id),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, start_date)
);

CREATE TABLE fiscal_periods (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  fiscal_year_id BIGINT NOT NULL REFERENCES fiscal_years (id),
  name TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open',
  closed_at TEXT,
  closed_by_user_id BIGINT REFERENCES users (id),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, start_date)
);
CREATE INDEX fiscal_periods_year ON fiscal_periods (fiscal_year_id);

CREATE TABLE journal_entries (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  journal_id BIGINT NOT NULL REFERENCES journals (id),
  number TEXT,
  date TEXT NOT NULL,
  period_id BIGINT REFERENCES fiscal_periods (id),
  state TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'normal',
  ref TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  source_type TEXT,
  source_id BIGINT,
  reversal_of_id BIGINT REFERENCES journal_entries (id),
  reversed_by_id BIGINT REFERENCES journal_entries (id),
  total BIGINT NOT NULL DEFAULT 0,
  created_by_user_id BIGINT REFERENCES users (id),
  posted_by_user_id BIGINT REFERENCES users (id),
  posted_at TEXT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX journal_entries_number ON journal_entries (company_id, journal_id, number);
CREATE INDEX journal_entries_date ON journal_entries (company_id, date);
CREATE INDEX journal_entries_source ON journal_entries (company_id, source_type, source_id);
-- Closing entries are left out of the P&L: found by kind, not by walking a year's entries.
CREATE INDEX journal_entries_kind ON journal_entries (company_id, kind, date);
-- The references between entries, so that deleting a draft checks them without a scan.
CREATE INDEX journal_entries_reversal_of ON journal_entries (reversal_of_id)
  WHERE reversal_of_id IS NOT NULL;
CREATE INDEX journal_entries_reversed_by ON journal_entries (reversed_by_id)
  WHERE reversed_by_id IS NOT NULL;

CREATE TABLE journal_lines (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  entry_id BIGINT NOT NULL REFERENCES journal_entries (id),
  line_no BIGINT NOT NULL,
  posted BIGINT NOT NULL DEFAULT 0,
  date TEXT NOT NULL,
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  party_id BIGINT REFERENCES parties (id),
  department_id BIGINT REFERENCES departments (id),
  debit BIGINT NOT NULL DEFAULT 0,
  credit BIGINT NOT NULL DEFAULT 0,
  currency TEXT NOT NULL,
  amount_currency BIGINT NOT NULL DEFAULT 0,
  description TEXT NOT NULL DEFAULT '',
  due_date TEXT,
  tax_id BIGINT,
  tax_base BIGINT,
  residual BIGINT NOT NULL DEFAULT 0,
  residual_currency BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX journal_lines_entry ON journal_lines (entry_id);
CREATE INDEX journal_lines_account ON journal_lines (company_id, account_id, date);
CREATE INDEX journal_lines_party ON journal_lines (company_id, party_id, date);
CREATE INDEX journal_lines_open ON journal_lines (company_id, account_id, party_id)
  WHERE residual <> 0;

-- Posted debits and credits per account, department (0: none) and day, kept by the posting
-- service in the entry's transaction: reports over any date range add up days, not lines.
CREATE TABLE ledger_daily (
  company_id BIGINT NOT NULL,
  account_id BIGINT NOT NULL,
  department_id BIGINT NOT NULL,
  date TEXT NOT NULL,
  debit BIGINT NOT NULL,
  credit BIGINT NOT NULL,
  PRIMARY KEY (company_id, account_id, department_id, date)
);

-- A match settles part of a debit line against part of a credit line of the same account and
-- party; `amount` in the company currency, `amount_currency` in the lines' currency.
CREATE TABLE line_matches (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  debit_line_id BIGINT NOT NULL REFERENCES journal_lines (id),
  credit_line_id BIGINT NOT NULL REFERENCES journal_lines (id),
  amount BIGINT NOT NULL,
  amount_currency BIGINT NOT NULL,
  currency TEXT NOT NULL,
  fx_entry_id BIGINT REFERENCES journal_entries (id),
  created_by_user_id BIGINT REFERENCES users (id),
  created_at TEXT NOT NULL
);
CREATE INDEX line_matches_debit ON line_matches (debit_line_id);
CREATE INDEX line_matches_credit ON line_matches (credit_line_id);
CREATE INDEX line_matches_fx ON line_matches (fx_entry_id) WHERE fx_entry_id IS NOT NULL;

-- Units of the company currency per one unit of `currency`, from `date` on.
CREATE TABLE currency_rates (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  currency TEXT NOT NULL,
  date TEXT NOT NULL,
  rate TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (company_id, currency, date)
);

CREATE TABLE taxes (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  code ${ctext} NOT NULL,
  name TEXT NOT NULL,
  name_zh TEXT NOT NULL DEFAULT '',
  rate TEXT NOT NULL,
  included BIGINT NOT NULL DEFAULT 0,
  collected_account_id BIGINT REFERENCES accounts (id),
  paid_account_id BIGINT REFERENCES accounts (id),
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, code)
);

CREATE TABLE tax_groups (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  code ${ctext} NOT NULL,
  name TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, code)
);

CREATE TABLE tax_group_members (
  group_id BIGINT NOT NULL REFERENCES tax_groups (id),
  tax_id BIGINT NOT NULL REFERENCES taxes (id),
  sequence BIGINT NOT NULL,
  PRIMARY KEY (group_id, tax_id)
);

CREATE TABLE budgets (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  name TEXT NOT NULL,
  fiscal_year_id BIGINT NOT NULL REFERENCES fiscal_years (id),
  version BIGINT NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (company_id, name)
);

CREATE TABLE budget_lines (
  id ${pk},
  company_id BIGINT NOT NULL REFERENCES companies (id),
  budget_id BIGINT NOT NULL REFERENCES budgets (id),
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  department_id BIGINT NOT NULL DEFAULT 0,
  period_id BIGINT NOT NULL REFERENCES fiscal_periods (id),
  amount BIGINT NOT NULL,
  UNIQUE (budget_id, account_id, department_id, period_id)
);

-- One row per company: which chart template it was set up from and its accounting options.
CREATE TABLE accounting_settings (
  company_id BIGINT PRIMARY KEY REFERENCES companies (id),
  chart_template TEXT NOT NULL,
  tax_rounding TEXT NOT NULL DEFAULT 'line',
  version BIGINT NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);
)sql"});
  return area;
}

}  // namespace concord::accounting

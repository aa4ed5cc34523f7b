// The posting service: the one way anything gets into the ledger. Sales, purchasing,
// inventory and manufacturing call Ledger::Post inside their own transaction, so a business
// event and its entry commit together or not at all; manual entries go through the same
// checks (entries.cc adds drafts and approval on top).
//
// Post refuses, with nothing written: an entry that does not balance to the minor unit, an
// empty entry or a line with both or neither of debit and credit, a date outside every fiscal
// period or in a closed one, an account, journal, party or department of another company, a
// group or inactive account, a line in a foreign currency without its amount, a reconcilable
// (receivable/payable) line without a party. Posted entries are never edited: Reverse posts
// the mirror entry and links both.
//
// Amounts are integer minor units: debit/credit in the company currency, amount_currency in
// the line's currency (signed, debit positive). Each posted line also adds to ledger_daily
// (account, department, day), which reports sum instead of lines.
//
// Thread-safety: stateless apart from the clock; every method runs in the caller's Tx.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "store/tx.h"

namespace concord::accounting {

struct PostingLine {
  int64_t account_id = 0;
  std::optional<int64_t> party_id;
  std::optional<int64_t> department_id;
  int64_t debit = 0;   // company currency, minor units, >= 0
  int64_t credit = 0;  // company currency, minor units, >= 0
  // Foreign currency: its code and the signed amount in its minor units (debit positive).
  // Empty: the company currency (amount_currency is then debit - credit).
  std::string currency;
  int64_t amount_currency = 0;
  std::string description;
  std::optional<Date> due_date;   // open items: when the receivable/payable falls due
  std::optional<int64_t> tax_id;  // a tax line: the tax it books ...
  int64_t tax_base = 0;           // ... and the base it was computed on (company currency)
};

struct PostingEntry {
  int64_t company_id = 0;
  int64_t journal_id = 0;
  Date date;
  std::string ref;  // e.g. the invoice number
  std::string description;
  std::string source_type;  // e.g. "invoice"; empty for manual entries
  std::optional<int64_t> source_id;
  std::vector<PostingLine> lines;
  // Set by the ledger itself (reversals, closing and revaluation entries); empty: "normal".
  std::string kind;
  std::optional<int64_t> reversal_of_id;
};

struct Posted {
  int64_t entry_id = 0;
  std::string number;  // gap-free per journal and year, e.g. "SAL/2026/000042"
};

class Ledger {
 public:
  explicit Ledger(const Clock& clock) : clock_(clock) {}

  // Validates and posts `entry` (state "posted", numbered). `user_id` is recorded as the
  // poster (0: the system). Audited and published as "journal_entry.posted".
  Result<Posted> Post(store::Tx& tx, const PostingEntry& entry, int64_t user_id) const;

  // Validates `entry` as Post does, without the period check when `check_period` is false,
  // and without writing. Used by drafts.
  Status Validate(store::Tx& tx, const PostingEntry& entry, bool check_period = true) const;

  // A draft (manual entries awaiting approval): validated like Post except for the period,
  // stored unnumbered with state "draft"; it touches no balance. The caller audits it.
  Result<int64_t> SaveDraft(store::Tx& tx, const PostingEntry& entry, int64_t user_id) const;
  // Posts draft `entry_id` as it stands, with every check of Post (the period included).
  Result<Posted> PostDraft(store::Tx& tx, int64_t company_id, int64_t entry_id,
                           int64_t user_id) const;

  // Posts the mirror of posted entry `entry_id` (debits and credits swapped) dated `date`
  // (default: the original date if its period is open, else refused), links both
  // (reversal_of_id / reversed_by_id) and undoes the original's matches. FailedPrecondition
  // if it is not posted or already reversed.
  Result<Posted> Reverse(store::Tx& tx, int64_t company_id, int64_t entry_id,
                         std::optional<Date> date, int64_t user_id,
                         const std::string& description = "") const;

  // The open fiscal period containing `date`: NotFound-like field errors
  // (accounting.no_period, accounting.period_closed) otherwise.
  Result<int64_t> OpenPeriod(store::Tx& tx, int64_t company_id, Date date) const;

 private:
  const Clock& clock_;
};

// The company's account with this role (e.g. "receivable"); the first by code if several.
Result<int64_t> AccountByRole(store::Tx& tx, int64_t company_id, const std::string& role);
// The company's journal with this kind ("sale", "purchase", "bank", "cash", "stock",
// "general"); the first by code if several.
Result<int64_t> JournalByKind(store::Tx& tx, int64_t company_id, const std::string& kind);

}  // namespace concord::accounting

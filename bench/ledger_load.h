// The ledger benchmark's data (bench/ledger_bench.cc): the company's bench parties and
// departments, synthetic 5-line entries (entry i is a pure function of i and of the ids read
// from the database), the bulk load of journal_entries / journal_lines / ledger_daily with
// direct SQL, and the validation of a cached database.
//
// The entries are those the posting service would write: balanced, numbered per journal and
// year, one per fiscal period that contains their date, residual = debit - credit on the lines
// of reconcilable accounts, and ledger_daily = the sums of the posted lines per company,
// account, department (0: none) and day. No audit rows or events are written for them.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "accounting/ledger.h"
#include "store/database.h"

namespace concord::bench {

inline constexpr int64_t kCompany = 1;
inline constexpr int64_t kBenchUser = 1;
inline constexpr int kLinesPerEntry = 5;
// The loaded entries are dated over three calendar (fiscal) years.
inline constexpr int kFirstYear = 2024;
inline constexpr int kLastYear = 2026;

// What entries refer to, read from the database (ids by code).
struct World {
  std::map<std::string, int64_t> accounts;  // by code
  std::map<std::string, int64_t> journals;  // by code (SAL, PUR, BNK, GEN ...)
  std::set<int64_t> reconcilable;           // accounts that keep open items
  std::vector<int64_t> customers, suppliers, departments;
  int64_t vat13 = 0;                       // tax id
  std::map<std::string, int64_t> periods;  // "YYYY-MM" -> fiscal period id
  int64_t Account(const std::string& code) const { return accounts.at(code); }
};

struct GenLine {
  int64_t account = 0;
  int64_t party = 0;       // 0: none
  int64_t department = 0;  // 0: none
  int64_t debit = 0;
  int64_t credit = 0;
  int due_days = -1;  // >= 0: due that many days after the entry date
  bool tax = false;   // a VAT line (tax_id = VAT13, tax_base = base)
  int64_t base = 0;
};

struct GenEntry {
  int kind = 0;  // index into kKindNames
  std::string journal;
  Date date;
  std::string description;
  std::array<GenLine, kLinesPerEntry> lines;
};

extern const char* const kKindNames[];

// Entry `i` (0-based) of `count`, dated `date`: a sale with its cost, a purchase, a customer
// receipt, an expense, a payroll or a supplier payment (5 lines each, balanced).
GenEntry Generate(int64_t i, Date date, const World& w);
// Its date when `count` entries are spread evenly over kFirstYear..kLastYear.
Date LoadedDate(int64_t i, int64_t count);

// The same entry as the posting service takes it.
accounting::PostingEntry ToPosting(const GenEntry& g, const World& w);

// Creates the bench parties and departments and the fiscal years kFirstYear..kLastYear + 1
// (the last one for the posting runs) where missing (idempotent), then reads the world.
Result<World> PrepareWorld(store::Database& db, const Clock& clock, int customers, int suppliers);

// Loads entries 0..count-1 into a company without entries. Prints progress.
Status Load(store::Database& db, const World& w, int64_t count);

// True if the database holds exactly what Load(count) writes (counts and a sample of entries).
Result<bool> Validate(store::Database& db, const World& w, int64_t count);

// Removes the entries (and their daily sums, numbers, audit rows and events) dated on or after
// `from`: what a posting run added to a cached database.
Status RemovePostedFrom(store::Database& db, Date from);

double MillisSince(std::chrono::steady_clock::time_point start);
[[noreturn]] void Die(const std::string& what, const Status& st);

}  // namespace concord::bench

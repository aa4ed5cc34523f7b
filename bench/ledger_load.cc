#include "ledger_load.h"

#include <fmt/format.h>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

#include "accounting/fiscal.h"
#include "party/normalize.h"
#include "store/sequence.h"

namespace concord::bench {

using SteadyClock = std::chrono::steady_clock;

double MillisSince(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

void Die(const std::string& what, const Status& st) {
  std::fprintf(stderr, "ledger_bench: %s: %s\n", what.c_str(), st.ToString().c_str());
  std::exit(1);
}

namespace {

// splitmix64, seeded per entry so that entry i needs no other entry.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int64_t Below(uint64_t n) { return static_cast<int64_t>(Next() % n); }
  // Minor units (fen) between lo and hi yuan.
  int64_t Amount(int64_t lo, int64_t hi) {
    return (lo + Below(static_cast<uint64_t>(hi - lo))) * 100 + Below(100);
  }
  // Skewed towards the front: a few big customers, a long tail.
  int64_t Skewed(const std::vector<int64_t>& v) {
    double u = static_cast<double>(Next() >> 11) / static_cast<double>(1ULL << 53);
    return v[std::min(v.size() - 1, static_cast<size_t>(static_cast<double>(v.size()) * u * u))];
  }

 private:
  uint64_t s_;
};

GenLine Dr(int64_t account, int64_t amount, int64_t party = 0, int64_t dept = 0) {
  return {account, party, dept, amount, 0};
}
GenLine Cr(int64_t account, int64_t amount, int64_t party = 0, int64_t dept = 0) {
  return {account, party, dept, 0, amount};
}
GenLine Due(GenLine l, int days) {
  l.due_days = days;
  return l;
}
GenLine Tax(GenLine l, int64_t base) {
  l.tax = true;
  l.base = base;
  return l;
}
int64_t Pct(int64_t amount, int64_t pct) { return (amount * pct + 50) / 100; }

// Departments: 0-3 sales regions, 4 administration, 5 logistics, 6 production, 7 R&D.
const char* const kDepartments[] = {
    "Bench Sales North",    "Bench Sales South", "Bench Sales East", "Bench Sales West",
    "Bench Administration", "Bench Logistics",   "Bench Production", "Bench R&D"};

}  // namespace

const char* const kKindNames[] = {"Sale",    "Purchase", "Customer receipt",
                                  "Expense", "Payroll",  "Supplier payment"};

GenEntry Generate(int64_t i, Date date, const World& w) {
  Rng rng(0x1ED6'E200'2026'0004ULL ^ (static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ULL));
  auto a = [&](const char* code) { return w.Account(code); };
  const auto& d = w.departments;
  int64_t sales = d[static_cast<size_t>(rng.Below(4))];
  int64_t other = d[static_cast<size_t>(4 + rng.Below(4))];
  int64_t pick = rng.Below(100);
  GenEntry g;
  g.date = date;
  g.kind = pick < 40 ? 0 : pick < 58 ? 1 : pick < 78 ? 2 : pick < 90 ? 3 : pick < 95 ? 4 : 5;
  g.description = kKindNames[g.kind];
  if (g.kind == 0) {  // a sale with its cost of goods
    int64_t net = rng.Amount(100, 50000), tax = Pct(net, 13), cost = Pct(net, 55 + rng.Below(25));
    g.journal = "SAL";
    g.lines = {Due(Dr(a("1122"), net + tax, rng.Skewed(w.customers)), 30),
               Cr(a("6001"), net, 0, sales), Tax(Cr(a("222102"), tax), net),
               Dr(a("6401"), cost, 0, sales), Cr(a("1405"), cost)};
  } else if (g.kind == 1) {  // goods and materials bought on credit, freight on top
    int64_t goods = rng.Amount(500, 80000), mat = rng.Amount(100, 20000);
    int64_t tax = Pct(goods + mat, 13), freight = rng.Amount(50, 2000);
    g.journal = "PUR";
    g.lines = {Dr(a("1405"), goods), Dr(a("1403"), mat), Tax(Dr(a("222101"), tax), goods + mat),
               Dr(a("6601"), freight, 0, d[5]),
               Due(Cr(a("2202"), goods + mat + tax + freight, rng.Skewed(w.suppliers)), 45)};
  } else if (g.kind == 2) {  // a customer pays three invoices, less the bank's fee
    int64_t c = rng.Skewed(w.customers), fee = rng.Amount(1, 50);
    int64_t x = rng.Amount(100, 30000), y = rng.Amount(100, 30000), z = rng.Amount(100, 30000);
    g.journal = "BNK";
    g.lines = {Dr(a("1002"), x + y + z - fee), Dr(a("660304"), fee), Cr(a("1122"), x, c),
               Cr(a("1122"), y, c), Cr(a("1122"), z, c)};
  } else if (g.kind == 3) {  // expenses, partly paid, the rest owed
    int64_t adm = rng.Amount(50, 5000), sell = rng.Amount(50, 5000), tax = Pct(adm + sell, 6);
    int64_t total = adm + sell + tax, paid = Pct(total, 30 + rng.Below(60));
    g.journal = "BNK";
    g.lines = {Dr(a("6602"), adm, 0, other), Dr(a("6601"), sell, 0, sales), Dr(a("222101"), tax),
               Cr(a("1002"), paid), Cr(a("2241"), total - paid)};
  } else if (g.kind == 4) {  // payroll of three departments, income tax withheld
    int64_t adm = rng.Amount(3000, 30000), sell = rng.Amount(3000, 30000);
    int64_t prod = rng.Amount(3000, 30000), iit = Pct(adm + sell + prod, 5);
    g.journal = "GEN";
    g.lines = {Dr(a("6602"), adm, 0, d[4]), Dr(a("6601"), sell, 0, sales),
               Dr(a("5001"), prod, 0, d[6]), Cr(a("2211"), adm + sell + prod - iit),
               Cr(a("222109"), iit)};
  } else {  // a supplier is paid three invoices, the bank's fee on top
    int64_t s = rng.Skewed(w.suppliers), fee = rng.Amount(1, 50);
    int64_t x = rng.Amount(500, 50000), y = rng.Amount(500, 50000), z = rng.Amount(500, 50000);
    g.journal = "BNK";
    g.lines = {Dr(a("2202"), x, s), Dr(a("2202"), y, s), Dr(a("2202"), z, s), Dr(a("660304"), fee),
               Cr(a("1002"), x + y + z + fee)};
  }
  return g;
}

Date LoadedDate(int64_t i, int64_t count) {
  Date first = *Date::FromYmd(kFirstYear, 1, 1);
  int64_t days = first.DaysUntil(*Date::FromYmd(kLastYear + 1, 1, 1));
  return first.AddDays(static_cast<int32_t>(i * days / count));
}

accounting::PostingEntry ToPosting(const GenEntry& g, const World& w) {
  accounting::PostingEntry e;
  e.company_id = kCompany;
  e.journal_id = w.journals.at(g.journal);
  e.date = g.date;
  e.description = g.description;
  for (const auto& l : g.lines) {
    accounting::PostingLine p;
    p.account_id = l.account;
    if (l.party) p.party_id = l.party;
    if (l.department) p.department_id = l.department;
    p.debit = l.debit;
    p.credit = l.credit;
    if (l.due_days >= 0) p.due_date = g.date.AddDays(l.due_days);
    if (l.tax) {
      p.tax_id = w.vat13;
      p.tax_base = l.base;
    }
    e.lines.push_back(std::move(p));
  }
  return e;
}

// ---------------------------------------------------------------------------------------------
// The world: parties, departments, fiscal years

namespace {

Status CreateParties(store::Tx& tx, const char* what, int n, const std::string& now) {
  ASSIGN_OR_RETURN(auto have, tx.One("SELECT COUNT(*) FROM parties WHERE company_id = ? AND "
                                     "name LIKE ?",
                                     kCompany, fmt::format("Bench {} %", what)));
  for (int k = static_cast<int>(have->Int(0)); k < n; ++k) {
    std::string name = fmt::format("Bench {} {:05}", what, k);
    bool customer = std::string(what) == "customer";
    RETURN_IF_ERROR(tx.Exec("INSERT INTO parties (company_id, kind, name, name_key, name_sort, "
                            "is_customer, is_supplier, currency, lifecycle, owner_user_id, "
                            "created_at, updated_at) VALUES (?, 'organization', ?, ?, ?, ?, ?, "
                            "'CNY', 'active', ?, ?, ?)",
                            kCompany, name, party::NameKey(name), party::SortKey(name),
                            int64_t{customer}, int64_t{!customer}, kBenchUser, now, now)
                        .status());
  }
  return Status::Ok();
}

Status CreateSetUp(store::Tx& tx, const Clock& clock, int customers, int suppliers) {
  std::string now = clock.Now().ToIso();
  for (const char* name : kDepartments) {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM departments WHERE company_id = ? AND "
                                      "name = ?",
                                      kCompany, name));
    if (row) continue;
    RETURN_IF_ERROR(tx.Exec("INSERT INTO departments (company_id, name, created_at) VALUES (?, "
                            "?, ?)",
                            kCompany, name, now)
                        .status());
  }
  RETURN_IF_ERROR(CreateParties(tx, "customer", customers, now));
  RETURN_IF_ERROR(CreateParties(tx, "supplier", suppliers, now));
  accounting::Ledger ledger(clock);
  accounting::Fiscal fiscal(clock, ledger);
  for (int y = kFirstYear; y <= kLastYear + 1; ++y) {
    Date start = *Date::FromYmd(y, 1, 1), end = *Date::FromYmd(y, 12, 31);
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM fiscal_years WHERE company_id = ? AND "
                                      "start_date <= ? AND end_date >= ?",
                                      kCompany, end.ToString(), start.ToString()));
    if (row) continue;
    RETURN_IF_ERROR(fiscal.CreateYearSystem(tx, kCompany, start, end, std::to_string(y)).status());
  }
  return Status::Ok();
}

Result<std::vector<int64_t>> Ids(store::Tx& tx, const std::string& sql, const std::string& like) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows(sql, kCompany, like));
  std::vector<int64_t> out;
  for (const auto& r : rows) out.push_back(r.Int(0));
  return out;
}

Status ReadWorld(store::Tx& tx, World& w) {
  ASSIGN_OR_RETURN(auto accounts, tx.Rows("SELECT id, code, reconcilable FROM accounts WHERE "
                                          "company_id = ?",
                                          kCompany));
  for (const auto& r : accounts) {
    w.accounts[r.Text(1)] = r.Int(0);
    if (r.Int(2)) w.reconcilable.insert(r.Int(0));
  }
  ASSIGN_OR_RETURN(auto journals,
                   tx.Rows("SELECT id, code FROM journals WHERE company_id = ?", kCompany));
  for (const auto& r : journals) w.journals[r.Text(1)] = r.Int(0);
  ASSIGN_OR_RETURN(auto tax, tx.One("SELECT id FROM taxes WHERE company_id = ? AND code = "
                                    "'VAT13'",
                                    kCompany));
  if (!tax) return FailedPrecondition("bench.no_tax", "the company has no VAT13 tax");
  w.vat13 = tax->Int(0);
  ASSIGN_OR_RETURN(auto periods, tx.Rows("SELECT id, start_date, end_date FROM fiscal_periods "
                                         "WHERE company_id = ?",
                                         kCompany));
  for (const auto& r : periods) {
    ASSIGN_OR_RETURN(Date from, Date::Parse(r.Text(1)));
    ASSIGN_OR_RETURN(Date to, Date::Parse(r.Text(2)));
    for (Date m = from; m <= to; m = m.AddMonths(1))
      w.periods[m.ToString().substr(0, 7)] = r.Int(0);
  }
  const char* parties = "SELECT id FROM parties WHERE company_id = ? AND name LIKE ? ORDER BY id";
  ASSIGN_OR_RETURN(w.customers, Ids(tx, parties, "Bench customer %"));
  ASSIGN_OR_RETURN(w.suppliers, Ids(tx, parties, "Bench supplier %"));
  ASSIGN_OR_RETURN(w.departments, Ids(tx,
                                      "SELECT id FROM departments WHERE company_id = ? AND "
                                      "name LIKE ? ORDER BY id",
                                      "Bench %"));
  if (w.departments.size() != std::size(kDepartments) || w.customers.empty() ||
      w.suppliers.empty() || !w.accounts.count("1122")) {
    return FailedPrecondition("bench.world", "the bench parties, departments or chart are missing");
  }
  return Status::Ok();
}

}  // namespace

Result<World> PrepareWorld(store::Database& db, const Clock& clock, int customers, int suppliers) {
  store::TxOptions opts;
  opts.actor = {kBenchUser, kCompany, "bench"};
  RETURN_IF_ERROR(
      db.Write([&](store::Tx& tx) { return CreateSetUp(tx, clock, customers, suppliers); }, opts));
  World w;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) { return ReadWorld(tx, w); }));
  return w;
}

// ---------------------------------------------------------------------------------------------
// Bulk load

namespace {

struct Batch {
  int64_t first = 0;  // entry index of entries[0]
  std::vector<GenEntry> entries;
  std::vector<std::string> numbers;
};

// Generation (one thread) overlaps with the inserts (the caller): a bounded queue of batches.
class BatchQueue {
 public:
  void Push(Batch batch) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return q_.size() < 3; });
    q_.push_back(std::move(batch));
    cv_.notify_all();
  }
  Batch Pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !q_.empty(); });
    Batch batch = std::move(q_.front());
    q_.pop_front();
    cv_.notify_all();
    return batch;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> q_;
};

// Inserts `count` rows: statements of `per` rows (`row` is one row's "(?, ...)"), the remainder
// one row at a time, so that the statement caches hold two texts per table.
template <class Append>
Status InsertRows(store::Tx& tx, const std::string& head, const std::string& row, size_t count,
                  size_t per, const Append& append) {
  std::string many = head + " VALUES " + row;
  for (size_t r = 1; r < per; ++r) many += ", " + row;
  std::vector<store::Value> params;
  for (size_t start = 0; start < count;) {
    size_t n = count - start >= per ? per : 1;
    params.clear();
    for (size_t i = start; i < start + n; ++i) append(params, i);
    RETURN_IF_ERROR(tx.ExecV(n == per ? many : head + " VALUES " + row, params).status());
    start += n;
  }
  return Status::Ok();
}

constexpr const char* kEntryHead =
    "INSERT INTO journal_entries (id, company_id, journal_id, number, date, period_id, state, "
    "kind, ref, description, total, created_by_user_id, posted_by_user_id, posted_at, "
    "created_at, updated_at)";
constexpr const char* kEntryRow = "(?, 1, ?, ?, ?, ?, 'posted', 'normal', '', ?, ?, 1, 1, ?, ?, ?)";
constexpr const char* kLineHead =
    "INSERT INTO journal_lines (id, company_id, entry_id, line_no, posted, date, account_id, "
    "party_id, department_id, debit, credit, currency, amount_currency, description, due_date, "
    "tax_id, tax_base, residual, residual_currency)";
constexpr const char* kLineRow = "(?, 1, ?, ?, 1, ?, ?, ?, ?, ?, ?, 'CNY', ?, '', ?, ?, ?, ?, ?)";

store::Value Opt(int64_t id) { return id ? store::Value(id) : store::Value(nullptr); }

Status WriteBatch(store::Database& db, const World& w, const Batch& b, const std::string& now) {
  return db.Write([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(
        InsertRows(tx, kEntryHead, kEntryRow, b.entries.size(), 200, [&](auto& v, size_t i) {
          const GenEntry& g = b.entries[i];
          int64_t total = 0;
          for (const auto& l : g.lines) total += l.debit;
          std::string day = g.date.ToString();
          v.insert(v.end(),
                   {b.first + static_cast<int64_t>(i) + 1, w.journals.at(g.journal), b.numbers[i],
                    day, w.periods.at(day.substr(0, 7)), g.description, total, now, now, now});
        }));
    size_t lines = b.entries.size() * kLinesPerEntry;
    return InsertRows(tx, kLineHead, kLineRow, lines, 400, [&](auto& v, size_t k) {
      const GenEntry& g = b.entries[k / kLinesPerEntry];
      const GenLine& l = g.lines[k % kLinesPerEntry];
      int64_t entry = b.first + static_cast<int64_t>(k / kLinesPerEntry) + 1;
      int64_t net = l.debit - l.credit, open = w.reconcilable.count(l.account) ? net : 0;
      v.insert(v.end(),
               {(entry - 1) * kLinesPerEntry + static_cast<int64_t>(k % 5) + 1, entry,
                static_cast<int64_t>(k % kLinesPerEntry) + 1, g.date.ToString(), l.account,
                Opt(l.party), Opt(l.department), l.debit, l.credit, net,
                l.due_days >= 0 ? store::Value(g.date.AddDays(l.due_days).ToString())
                                : store::Value(nullptr),
                l.tax ? store::Value(w.vat13) : store::Value(nullptr), l.base, open, open});
    });
  });
}

using Counters = std::map<std::string, int64_t>;  // "SAL.2024" -> entries numbered

// Generates batches on one thread while this one inserts them; returns the numbers taken.
Result<Counters> InsertAll(store::Database& db, const World& w, int64_t count) {
  constexpr int64_t kBatch = 10000;
  BatchQueue queue;
  Counters counters;
  std::thread producer([&] {
    for (int64_t start = 0; start < count; start += kBatch) {
      Batch b;
      b.first = start;
      for (int64_t i = start; i < std::min(count, start + kBatch); ++i) {
        b.entries.push_back(Generate(i, LoadedDate(i, count), w));
        const GenEntry& g = b.entries.back();
        std::string year = std::to_string(g.date.year());
        int64_t n = ++counters[g.journal + "." + year];
        b.numbers.push_back(fmt::format("{}/{}/{:06}", g.journal, year, n));
      }
      queue.Push(std::move(b));
    }
  });
  std::string now = SystemClock().Now().ToIso();
  auto start = SteadyClock::now();
  Status st;
  for (int64_t done = 0; done < count;) {
    Batch b = queue.Pop();
    if (st.ok()) st = WriteBatch(db, w, b, now);
    done += static_cast<int64_t>(b.entries.size());
    if (done % 200000 < kBatch || done == count) {
      double s = MillisSince(start) / 1000;
      std::printf("  inserted %lld entries (%lld lines) in %.0f s, %.0f lines/s\n",
                  static_cast<long long>(done), static_cast<long long>(done * kLinesPerEntry), s,
                  static_cast<double>(done * kLinesPerEntry) / s);
      std::fflush(stdout);
    }
  }
  producer.join();
  if (!st.ok()) return st;
  return counters;
}

Status SetLoadPragmas(store::Database& db, bool loading) {
  if (db.dialect() != store::Dialect::kSqlite) return Status::Ok();
  // For the load only: synchronous=OFF (the file is renamed into place only when complete)
  // and a 1 GiB page cache.
  return db.WithWriter([&](store::Connection& c) {
    return c.ExecScript(loading ? "PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;"
                                : "PRAGMA synchronous = FULL; PRAGMA cache_size = -2000; "
                                  "PRAGMA wal_checkpoint(TRUNCATE);");
  });
}

// The secondary indexes of the loaded tables are dropped for the load and created again from
// their own definitions after it (one sorted build each).
Result<std::vector<std::string>> DropIndexes(store::Database& db) {
  std::string sql = db.dialect() == store::Dialect::kPostgres
                        ? "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                          "current_schema() AND tablename IN ('journal_entries', "
                          "'journal_lines') AND indexname NOT IN (SELECT conname FROM "
                          "pg_constraint)"
                        : "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name "
                          "IN ('journal_entries', 'journal_lines') AND sql IS NOT NULL";
  std::vector<std::string> names, defs;
  RETURN_IF_ERROR(db.WithWriter([&](store::Connection& c) -> Status {
    RETURN_IF_ERROR(c.Query(sql, {}, [&](const store::Row& r) {
      names.emplace_back(r.Text(0));
      defs.emplace_back(r.Text(1));
      return Status::Ok();
    }));
    for (const auto& name : names) RETURN_IF_ERROR(c.ExecScript("DROP INDEX " + name));
    return Status::Ok();
  }));
  return defs;
}

Status RunTimed(store::Database& db, const std::string& what, const std::vector<std::string>& sql) {
  auto start = SteadyClock::now();
  RETURN_IF_ERROR(db.WithWriter([&](store::Connection& c) -> Status {
    for (const auto& s : sql) RETURN_IF_ERROR(c.ExecScript(s));
    return Status::Ok();
  }));
  std::printf("  %s in %.1f s\n", what.c_str(), MillisSince(start) / 1000);
  std::fflush(stdout);
  return Status::Ok();
}

// ledger_daily as the posting service keeps it: posted lines summed per company, account,
// department (0: none) and day.
constexpr const char* kFillDaily =
    "INSERT INTO ledger_daily (company_id, account_id, department_id, date, debit, credit) "
    "SELECT company_id, account_id, COALESCE(department_id, 0), date, SUM(debit), SUM(credit) "
    "FROM journal_lines WHERE posted = 1 GROUP BY company_id, account_id, "
    "COALESCE(department_id, 0), date";

// The journals' number sequences continue after the loaded entries.
Status SetSequences(store::Database& db, const Counters& counters) {
  return db.Write([&](store::Tx& tx) -> Status {
    for (const auto& [key, n] : counters) {
      std::string journal = key.substr(0, key.find('.')), year = key.substr(key.find('.') + 1);
      std::string type = "journal." + key;
      RETURN_IF_ERROR(store::ConfigureSequence(tx, kCompany, type, journal + "/" + year + "/", 6));
      RETURN_IF_ERROR(tx.Exec("UPDATE doc_sequences SET next_value = ? WHERE company_id = ? AND "
                              "doc_type = ?",
                              n + 1, kCompany, type)
                          .status());
    }
    return Status::Ok();
  });
}

}  // namespace

Status Load(store::Database& db, const World& w, int64_t count) {
  RETURN_IF_ERROR(SetLoadPragmas(db, true));
  ASSIGN_OR_RETURN(auto indexes, DropIndexes(db));
  ASSIGN_OR_RETURN(Counters counters, InsertAll(db, w, count));
  RETURN_IF_ERROR(RunTimed(db, "filled ledger_daily from the lines", {kFillDaily}));
  RETURN_IF_ERROR(RunTimed(db, fmt::format("created {} indexes", indexes.size()), indexes));
  RETURN_IF_ERROR(SetSequences(db, counters));
  RETURN_IF_ERROR(SetLoadPragmas(db, false));
  if (db.dialect() != store::Dialect::kPostgres) return Status::Ok();
  // Explicit ids bypass the identity sequences; autovacuum would analyze the new rows soon.
  return RunTimed(db, "ANALYZE",
                  {"SELECT setval(pg_get_serial_sequence('journal_entries', 'id'), (SELECT "
                   "MAX(id) FROM journal_entries))",
                   "SELECT setval(pg_get_serial_sequence('journal_lines', 'id'), (SELECT "
                   "MAX(id) FROM journal_lines))",
                   "ANALYZE"});
}

Result<bool> Validate(store::Database& db, const World& w, int64_t count) {
  bool ok = true;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto n, tx.One("SELECT COUNT(*), MAX(id) FROM journal_entries"));
    ASSIGN_OR_RETURN(auto lines, tx.One("SELECT MAX(id) FROM journal_lines"));
    ASSIGN_OR_RETURN(auto daily, tx.One("SELECT COUNT(*) FROM ledger_daily"));
    ok = n->Int(0) == count && n->OptInt(1) == count && lines->OptInt(0) == count * 5 &&
         daily->Int(0) > 0;
    for (int64_t k = 0; k < 64 && ok; ++k) {
      int64_t i = (k * 104729) % count;
      GenEntry g = Generate(i, LoadedDate(i, count), w);
      ASSIGN_OR_RETURN(auto head, tx.One("SELECT date, journal_id FROM journal_entries WHERE "
                                         "id = ?",
                                         i + 1));
      ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT account_id, COALESCE(party_id, 0), "
                                          "COALESCE(department_id, 0), debit, credit, residual "
                                          "FROM journal_lines WHERE entry_id = ? ORDER BY line_no",
                                          i + 1));
      ok = head && head->Text(0) == g.date.ToString() && head->Int(1) == w.journals.at(g.journal) &&
           rows.size() == kLinesPerEntry;
      for (size_t j = 0; j < rows.size() && ok; ++j) {
        const GenLine& l = g.lines[j];
        int64_t open = w.reconcilable.count(l.account) ? l.debit - l.credit : 0;
        ok = rows[j].Int(0) == l.account && rows[j].Int(1) == l.party &&
             rows[j].Int(2) == l.department && rows[j].Int(3) == l.debit &&
             rows[j].Int(4) == l.credit && rows[j].Int(5) == open;
      }
    }
    return Status::Ok();
  }));
  return ok;
}

// Deleting an entry makes the foreign-key check look for the entries and matches that refer to
// it (reversal_of_id, reversed_by_id, line_matches.fx_entry_id, none indexed): a scan of
// journal_entries per deleted entry. Hence these empty partial indexes, for the cleanup only.
constexpr const char* kCleanupIndexes[][2] = {
    {"bench_fk_reversal_of", "journal_entries (reversal_of_id) WHERE reversal_of_id IS NOT NULL"},
    {"bench_fk_reversed_by", "journal_entries (reversed_by_id) WHERE reversed_by_id IS NOT NULL"},
    {"bench_fk_fx_entry", "line_matches (fx_entry_id) WHERE fx_entry_id IS NOT NULL"},
};

Status RemovePostedFrom(store::Database& db, Date from) {
  std::string d = from.ToString();
  const char* entries = "(SELECT id FROM journal_entries WHERE company_id = ? AND date >= ?)";
  return db.Write([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto n, tx.One("SELECT COUNT(*) FROM journal_entries WHERE company_id = ? "
                                    "AND date >= ?",
                                    kCompany, d));
    if (n->Int(0) == 0) return Status::Ok();
    for (const auto& [name, def] : kCleanupIndexes) {
      RETURN_IF_ERROR(tx.Exec(fmt::format("CREATE INDEX {} ON {}", name, def)).status());
    }
    RETURN_IF_ERROR(
        tx.Exec(std::string("DELETE FROM journal_lines WHERE entry_id IN ") + entries, kCompany, d)
            .status());
    for (const char* table : {"audit_log", "outbox"}) {
      RETURN_IF_ERROR(tx.Exec(fmt::format("DELETE FROM {} WHERE company_id = ? AND entity = "
                                          "'journal_entry' AND entity_id IN {}",
                                          table, entries),
                              kCompany, kCompany, d)
                          .status());
    }
    for (const char* table : {"journal_entries", "ledger_daily"}) {
      RETURN_IF_ERROR(
          tx.Exec(fmt::format("DELETE FROM {} WHERE company_id = ? AND date >= ?", table), kCompany,
                  d)
              .status());
    }
    for (int y = from.year(); y <= from.year() + 1; ++y) {
      RETURN_IF_ERROR(tx.Exec("DELETE FROM doc_sequences WHERE company_id = ? AND doc_type LIKE ?",
                              kCompany, "journal.%." + std::to_string(y))
                          .status());
    }
    for (const auto& [name, def] : kCleanupIndexes) {
      RETURN_IF_ERROR(tx.Exec(std::string("DROP INDEX ") + name).status());
    }
    return Status::Ok();
  });
}

}  // namespace concord::bench

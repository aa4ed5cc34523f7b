// Benchmark of issue 3's figures: party search by name, pinyin, e-mail or phone prefix (Latin and
// Chinese names) over 1,000,000 parties, target p99 < 10 ms; the 360° overview of a party with
// 100 linked records, target p99 < 20 ms. Both are measured through the service
// (party::Parties::List / Overview inside Database::Read, as a request runs them, minus HTTP).
//
// The parties are bulk-loaded with direct SQL (the columns and search keys the service writes,
// computed by the same party/normalize.h functions) in transactions of 20,000 parties; no audit
// rows or events are written for them. Party i is a pure function of i (fixed seed), so a cached
// database is validated by recomputing a sample of rows and keys, and query sets are drawn
// without reading the database.
//
//   concord_party_bench [--parties N] [--db postgresql://...] [--reuse PATH.db]
//                       [--queries N] [--overview-runs N] [--set-seconds S] [--analyze]
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "app/app.h"
#include "crm/crm.h"
#include "party/normalize.h"
#include "party/registry.h"
#include "party/service.h"

namespace concord::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

double MillisSince(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

[[noreturn]] void Die(const std::string& what, const Status& st) {
  std::fprintf(stderr, "party_bench: %s: %s\n", what.c_str(), st.ToString().c_str());
  std::exit(1);
}

// ---------------------------------------------------------------------------------------------
// Synthetic parties

// splitmix64: small and fast; seeded per party so that party i needs no other party.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
  bool Chance(int pct) { return Below(100) < static_cast<uint64_t>(pct); }
  template <class T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }
  // Skewed towards the front, like real surname frequencies (the first of 30 gets ~10%).
  template <class T>
  const T& PickSkewed(const std::vector<T>& v) {
    double u = static_cast<double>(Next() >> 11) / static_cast<double>(1ULL << 53);
    double at = static_cast<double>(v.size()) * u * std::sqrt(u);
    return v[std::min(v.size() - 1, static_cast<size_t>(at))];
  }

 private:
  uint64_t s_;
};

std::vector<std::string> Words(std::string_view text, char sep = ' ') {
  std::vector<std::string> out;
  for (size_t start = 0; start <= text.size();) {
    size_t end = std::min(text.find(sep, start), text.size());
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Han characters with their pinyin, from "王wang 李li ...".
struct Han {
  std::string han, py;
};
std::vector<Han> HanList(std::string_view text) {
  std::vector<Han> out;
  for (const auto& w : Words(text)) {
    size_t ascii = w.find_first_of("abcdefghijklmnopqrstuvwxyz");
    out.push_back({w.substr(0, ascii), w.substr(ascii)});
  }
  return out;
}

// The most common surnames, most frequent first.
const auto kSurnames = HanList(
    "王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu "
    "胡hu 郭guo 何he 高gao 林lin 罗luo 郑zheng 梁liang 谢xie 宋song 唐tang 许xu 韩han 冯feng "
    "邓deng 曹cao");
const auto kGiven = HanList(
    "伟wei 芳fang 娜na 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong 艳yan 杰jie 娟juan "
    "涛tao 明ming 超chao 秀xiu 霞xia 平ping 刚gang 桂gui 英ying 华hua 玉yu 兰lan 建jian 国guo "
    "文wen 辉hui 鑫xin 宇yu 浩hao 欣xin 婷ting 晨chen 雪xue 琳lin 梅mei 海hai 波bo 志zhi 红hong "
    "小xiao 佳jia 子zi 思si 博bo 嘉jia 雨yu");
// Characters of company trade names (字号).
const auto kBrand = HanList(
    "华hua 盛sheng 鼎ding 恒heng 泰tai 隆long 兴xing 达da 鑫xin 源yuan 宏hong 远yuan 博bo 瑞rui "
    "德de 信xin 诚cheng 新xin 联lian 创chuang 嘉jia 和he 丰feng 汇hui 腾teng 飞fei 凯kai 富fu "
    "安an 康kang 金jin 银yin 星xing 天tian 通tong 永yong 成cheng 力li 佳jia 润run");
const auto kCities =
    Words("北京 上海 广州 深圳 杭州 南京 成都 武汉 苏州 天津 重庆 西安 青岛 厦门 宁波 长沙");
const auto kIndustries =
    Words("贸易 科技 电子 实业 物流 机械 食品 服饰 建材 医药 化工 网络 文化 环保");
const auto kHanForms = Words("有限公司 有限公司 有限公司 股份有限公司 集团有限公司");
const auto kFirst = Words(
    "James Mary John Patricia Robert Jennifer Michael Linda David Susan William Sarah Richard "
    "Karen Thomas Nancy Peter Laura Daniel Emma Lucas Sophie Oliver Chloe Hans Julia Pierre "
    "Claire Marco Giulia Carlos Lucia Ahmed Fatima Ivan Olga Kenji Yuki Arjun Priya");
const auto kLast = Words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
    "Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill "
    "Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Müller Schmidt "
    "Schneider Fischer Weber Meyer Wagner Becker Dubois Durand Lefebvre Moreau Rossi Russo "
    "Ferrari Esposito Bianchi Romano Kowalski Novak Ivanov Petrov Tanaka Suzuki Sato Kim Park "
    "Singh Patel Olsen");
const auto kTrades = Words(
    "Trading Industries Logistics Foods Electronics Textiles Machinery Systems Imports Supply "
    "Tools Pharma");
const auto kLatinForms = Words("Co., Ltd.|Ltd|Inc.|GmbH|LLC|S.A.|Pte Ltd", '|');
const auto kPersonDomains =
    Words("gmail.com outlook.com yahoo.com qq.com 163.com 126.com sina.com example.cn");
const auto kLifecycles = Words("new active active loyal at_risk churned");

enum class Kind { kCnPerson, kCnCompany, kLatinPerson, kLatinCompany };

struct GeneratedParty {
  Kind kind = Kind::kCnPerson;
  std::string name, email, phone, lifecycle = "prospect";
  int64_t prospect = 0, customer = 0, supplier = 0;
  std::string mobile;  // the 11 digits of the phone, however `phone` is formatted
  std::string word;    // Latin: the last name or the company's first word
  std::string han;     // surname + first given character, or the company's 字号 (+1 char)
  std::string pinyin;  // surname pinyin + the first letters of the given name's ("wangxi")
  bool IsPerson() const { return kind == Kind::kCnPerson || kind == Kind::kLatinPerson; }
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void ChinesePerson(GeneratedParty& p, Rng& rng, const std::string& n) {
  const Han& sur = rng.PickSkewed(kSurnames);
  const Han& g1 = rng.Pick(kGiven);
  const Han& g2 = rng.Pick(kGiven);
  bool two = rng.Chance(60);
  p.name = sur.han + g1.han + (two ? g2.han : "");
  p.han = sur.han + g1.han;
  p.pinyin = sur.py + g1.py.substr(0, 2);
  std::string given = g1.py + (two ? g2.py : "");
  p.email =
      (rng.Chance(60) ? sur.py + given : given + "." + sur.py) + n + "@" + rng.Pick(kPersonDomains);
}

void ChineseCompany(GeneratedParty& p, Rng& rng, const std::string& n) {
  const Han& b1 = rng.Pick(kBrand);
  const Han& b2 = rng.Pick(kBrand);
  const std::string& industry = rng.Pick(kIndustries);
  std::string brand = b1.han + b2.han;
  p.name = rng.Pick(kCities) + brand + industry + rng.Pick(kHanForms);
  p.han = rng.Chance(50) ? brand : brand + industry.substr(0, 3);  // + one UTF-8 Han character
  std::string py = b1.py + b2.py;
  p.email = py + n + "@" + (rng.Chance(50) ? py + ".cn" : rng.Pick(kPersonDomains));
}

void LatinPerson(GeneratedParty& p, Rng& rng, const std::string& n) {
  std::string first = rng.Pick(kFirst), last = rng.Pick(kLast);
  p.name = first + " " + last;
  p.word = last;
  std::string f = Lower(first), l = Lower(last == "Müller" ? "Mueller" : last);
  switch (rng.Below(3)) {
    case 0: p.email = f + "." + l + n; break;
    case 1: p.email = f.substr(0, 1) + l + n; break;
    default: p.email = f + "_" + l + n; break;
  }
  p.email += "@" + rng.Pick(kPersonDomains);
}

void LatinCompany(GeneratedParty& p, Rng& rng, const std::string& n) {
  std::string last = rng.Pick(kLast), trade = rng.Pick(kTrades);
  p.name = last + " " + trade + " " + rng.Pick(kLatinForms);
  p.word = last;
  std::string l = Lower(last == "Müller" ? "Mueller" : last);
  p.email = std::string(rng.Chance(50) ? "sales" : l) + n + "@" + l + Lower(trade) + ".com";
}

void Phone(GeneratedParty& p, Rng& rng) {
  p.mobile = "1" + std::to_string(3 + rng.Below(7));
  while (p.mobile.size() < 11) p.mobile += static_cast<char>('0' + rng.Below(10));
  const std::string& m = p.mobile;
  switch (rng.Below(4)) {
    case 0: p.phone = m; break;
    case 1: p.phone = m.substr(0, 3) + " " + m.substr(3, 4) + " " + m.substr(7); break;
    case 2: p.phone = m.substr(0, 3) + "-" + m.substr(3, 4) + "-" + m.substr(7); break;
    default: p.phone = "+86 " + m.substr(0, 3) + " " + m.substr(3, 4) + " " + m.substr(7); break;
  }
}

// Party number `id` (1-based): 25% each Chinese persons, Chinese companies, Latin persons,
// Latin companies; 85% with an e-mail, 90% with a mobile phone.
GeneratedParty GenerateParty(int64_t id) {
  Rng rng(0xC0C0'2026'0003ULL ^ (static_cast<uint64_t>(id) * 0x9E3779B97F4A7C15ULL));
  GeneratedParty p;
  p.kind = static_cast<Kind>(rng.Below(4));
  std::string n = std::to_string(id);
  switch (p.kind) {
    case Kind::kCnPerson: ChinesePerson(p, rng, n); break;
    case Kind::kCnCompany: ChineseCompany(p, rng, n); break;
    case Kind::kLatinPerson: LatinPerson(p, rng, n); break;
    case Kind::kLatinCompany: LatinCompany(p, rng, n); break;
  }
  if (!rng.Chance(85)) p.email.clear();
  if (rng.Chance(90)) Phone(p, rng);
  uint64_t role = rng.Below(10);
  p.prospect = role < 4;
  p.customer = role >= 4 && role < 9;
  p.supplier = role == 9;
  if (p.customer) p.lifecycle = rng.Pick(kLifecycles);
  return p;
}

const char* const kQuerySetNames[] = {"latin name",   "chinese name",  "chinese company",
                                      "pinyin",       "e-mail prefix", "e-mail full",
                                      "phone prefix", "phone full"};

// What a user would type to find `p`, per query set.
std::vector<std::pair<std::string, std::string>> SearchQueriesOf(const GeneratedParty& p,
                                                                 Rng& rng) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!p.word.empty()) {
    out.emplace_back("latin name", p.word.substr(0, std::min(p.word.size(), 3 + rng.Below(3))));
  }
  if (p.kind == Kind::kCnPerson) {
    out.emplace_back("chinese name", p.han);
    out.emplace_back("pinyin", p.pinyin);
  }
  if (p.kind == Kind::kCnCompany) out.emplace_back("chinese company", p.han);
  if (!p.email.empty()) {
    out.emplace_back("e-mail prefix", p.email.substr(0, 6));
    out.emplace_back("e-mail full", p.email);
  }
  if (!p.phone.empty()) {
    out.emplace_back("phone prefix", p.mobile.substr(0, 7));
    out.emplace_back("phone full", p.phone);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bulk load

// One party with every stored form computed (the expensive part: ICU collation, pinyin).
struct LoadRow {
  int64_t id = 0;
  GeneratedParty p;
  std::string name_key, name_sort;
  std::optional<std::string> email_norm, phone_norm;
  std::vector<std::string> keys;
};

LoadRow Prepare(int64_t id) {
  LoadRow r;
  r.id = id;
  r.p = GenerateParty(id);
  r.name_key = party::NameKey(r.p.name);
  r.name_sort = party::SortKey(r.p.name);
  if (!r.p.email.empty()) r.email_norm = party::NormalizeEmail(r.p.email);
  if (!r.p.phone.empty()) r.phone_norm = party::NormalizePhone(r.p.phone, "CN");
  r.keys = party::SearchKeys(r.p.name, r.email_norm.value_or(""), r.phone_norm.value_or(""));
  return r;
}

// "HEAD VALUES (?, ...), (?, ...)" for `rows` rows.
std::string MultiInsert(const std::string& head, int cols, size_t rows) {
  std::string one = "(";
  for (int c = 0; c < cols; ++c) one += c ? ", ?" : "?";
  one += ")";
  std::string sql = head + " VALUES ";
  for (size_t r = 0; r < rows; ++r) sql += (r ? ", " : "") + one;
  return sql;
}

constexpr const char* kPartyInsert =
    "INSERT INTO parties (id, company_id, kind, name, name_key, name_sort, is_prospect, "
    "is_customer, is_supplier, email, email_norm, phone, phone_norm, owner_user_id, currency, "
    "lifecycle, created_at, updated_at)";
constexpr int kPartyCols = 18;
constexpr const char* kKeyInsert = "INSERT INTO party_search_keys (company_id, key, party_id)";
constexpr int kKeyCols = 3;

void AppendParty(std::vector<store::Value>& v, const LoadRow& r, const std::string& now) {
  const GeneratedParty& p = r.p;
  auto opt = [](const std::string& s) { return s.empty() ? store::Value() : store::Value(s); };
  v.insert(v.end(), {r.id, int64_t{1}, p.IsPerson() ? "person" : "organization", p.name, r.name_key,
                     r.name_sort, p.prospect, p.customer, p.supplier, opt(p.email),
                     store::ToValue(r.email_norm), opt(p.phone), store::ToValue(r.phone_norm),
                     int64_t{1}, "CNY", p.lifecycle, now, now});
}

// Inserts `count` rows with statements of `per` rows; the remainder one row at a time (so that
// the connections' statement caches hold two texts per table, not one per remainder size).
template <class Append>
Status InsertChunked(store::Tx& tx, const std::string& head, int cols, size_t count, size_t per,
                     const Append& append) {
  std::vector<store::Value> params;
  for (size_t start = 0; start < count;) {
    size_t n = count - start >= per ? per : 1;
    params.clear();
    for (size_t i = start; i < start + n; ++i) append(params, i);
    RETURN_IF_ERROR(tx.ExecV(MultiInsert(head, cols, n), params).status());
    start += n;
  }
  return Status::Ok();
}

Status WriteBatch(store::Database& db, const std::vector<LoadRow>& rows, const std::string& now) {
  std::vector<std::pair<const std::string*, int64_t>> keys;
  for (const auto& r : rows) {
    for (const auto& k : r.keys) keys.emplace_back(&k, r.id);
  }
  // In key order: consecutive inserts land on the same pages of the key index.
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    return std::tie(*a.first, a.second) < std::tie(*b.first, b.second);
  });
  return db.Write([&](store::Tx& tx) -> Status {
    RETURN_IF_ERROR(InsertChunked(tx, kPartyInsert, kPartyCols, rows.size(), 50,
                                  [&](auto& v, size_t i) { AppendParty(v, rows[i], now); }));
    return InsertChunked(tx, kKeyInsert, kKeyCols, keys.size(), 300, [&](auto& v, size_t i) {
      v.insert(v.end(), {int64_t{1}, *keys[i].first, keys[i].second});
    });
  });
}

// Generation (one thread) overlaps with the inserts (the caller): a bounded queue of batches.
class BatchQueue {
 public:
  void Push(std::vector<LoadRow> batch) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return q_.size() < 3; });
    q_.push_back(std::move(batch));
    cv_.notify_all();
  }
  std::vector<LoadRow> Pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !q_.empty(); });
    auto batch = std::move(q_.front());
    q_.pop_front();
    cv_.notify_all();
    return batch;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<LoadRow>> q_;
};

Status SetLoadPragmas(store::Database& db, bool loading) {
  if (db.dialect() != store::Dialect::kSqlite) return Status::Ok();
  // For the load only: synchronous=OFF (the load writes a file that is renamed into place
  // only when complete) and a 1 GiB page cache for the random-order inserts into the key index.
  return db.WithWriter([&](store::Connection& c) {
    return c.ExecScript(loading ? "PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;"
                                : "PRAGMA synchronous = FULL; PRAGMA cache_size = -2000; "
                                  "PRAGMA wal_checkpoint(TRUNCATE);");
  });
}

// The secondary indexes of the two loaded tables are dropped for the load and created again
// after it: one sorted build each instead of millions of random-order inserts. Their
// definitions are read from the schema, so they are exactly the migrations' indexes.
Result<std::vector<std::string>> DropIndexes(store::Database& db) {
  std::string sql = db.dialect() == store::Dialect::kPostgres
                        ? "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                          "current_schema() AND tablename IN ('parties', 'party_search_keys') "
                          "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
                        : "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name "
                          "IN ('parties', 'party_search_keys') AND sql IS NOT NULL";
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

Status CreateIndexes(store::Database& db, const std::vector<std::string>& defs) {
  auto start = SteadyClock::now();
  RETURN_IF_ERROR(db.WithWriter([&](store::Connection& c) -> Status {
    for (const auto& def : defs) RETURN_IF_ERROR(c.ExecScript(def));
    return Status::Ok();
  }));
  std::printf("  created %zu indexes in %.1f s\n", defs.size(), MillisSince(start) / 1000);
  return Status::Ok();
}

// Generates batches on one thread while this one inserts them.
Status InsertAll(store::Database& db, const Clock& clock, int64_t n) {
  constexpr int64_t kBatch = 20000;
  BatchQueue queue;
  std::thread producer([&] {
    for (int64_t start = 1; start <= n; start += kBatch) {
      std::vector<LoadRow> batch;
      for (int64_t id = start; id < std::min(n + 1, start + kBatch); ++id) {
        batch.push_back(Prepare(id));
      }
      queue.Push(std::move(batch));
    }
  });
  std::string now = clock.Now().ToIso();
  auto start = SteadyClock::now();
  Status st;
  for (int64_t done = 0; done < n;) {
    auto batch = queue.Pop();
    if (st.ok()) st = WriteBatch(db, batch, now);
    done += static_cast<int64_t>(batch.size());
    if (done % 200000 < kBatch || done == n) {
      std::printf("  inserted %lld parties, %.0f/s\n", static_cast<long long>(done),
                  static_cast<double>(done) / (MillisSince(start) / 1000));
      std::fflush(stdout);
    }
  }
  producer.join();
  return st;
}

// Loads parties 1..n into an empty database.
Status Load(store::Database& db, const Clock& clock, int64_t n) {
  RETURN_IF_ERROR(SetLoadPragmas(db, true));
  ASSIGN_OR_RETURN(auto indexes, DropIndexes(db));
  RETURN_IF_ERROR(InsertAll(db, clock, n));
  RETURN_IF_ERROR(CreateIndexes(db, indexes));
  RETURN_IF_ERROR(SetLoadPragmas(db, false));
  if (db.dialect() != store::Dialect::kPostgres) return Status::Ok();
  // Explicit ids bypass the identity sequence. Autovacuum analyzes a table soon after a bulk
  // import; ANALYZE now so that the measured plans are the steady-state ones.
  return db.WithWriter([](store::Connection& c) {
    return c.ExecScript(
        "SELECT setval(pg_get_serial_sequence('parties', 'id'), (SELECT MAX(id) FROM parties)); "
        "ANALYZE;");
  });
}

// True if parties 1..n are what this generator and the current normalisation produce (checked
// on a sample); otherwise a cached database is stale.
Result<bool> Validate(store::Database& db, int64_t n) {
  bool ok = true;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto count, tx.One("SELECT COUNT(*) FROM parties WHERE id <= ?", n));
    ok = count->Int(0) == n;
    for (int64_t i = 0; i < 64 && ok; ++i) {
      LoadRow want = Prepare(1 + (i * 7919) % n);
      ASSIGN_OR_RETURN(auto row, tx.One("SELECT name, name_key, name_sort, email_norm, "
                                        "phone_norm FROM parties WHERE id = ?",
                                        want.id));
      ASSIGN_OR_RETURN(auto keys,
                       tx.Rows("SELECT key FROM party_search_keys WHERE party_id = ?", want.id));
      std::set<std::string> got;
      for (const auto& k : keys) got.insert(k.Text(0));
      ok = row && row->Text(0) == want.p.name && row->Text(1) == want.name_key &&
           row->Text(2) == want.name_sort && row->OptText(3) == want.email_norm &&
           row->OptText(4) == want.phone_norm &&
           got == std::set<std::string>(want.keys.begin(), want.keys.end());
    }
    return Status::Ok();
  }));
  return ok;
}

// ---------------------------------------------------------------------------------------------
// Measurement

// Wall time (what a caller waits, inflated when other processes compete for the 2 cores) and
// this thread's CPU time (the work itself; on PostgreSQL the server's share is not in it).
class Timer {
 public:
  Timer() : wall_(SteadyClock::now()), cpu_(ThreadCpuMs()) {}
  double WallMs() const { return MillisSince(wall_); }
  double CpuMs() const { return ThreadCpuMs() - cpu_; }

 private:
  static double ThreadCpuMs() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
  }
  SteadyClock::time_point wall_;
  double cpu_;
};

struct Samples {
  std::vector<double> wall, cpu;
  double hits = 0;
  std::vector<std::pair<double, std::string>> slowest;  // by CPU time, what was asked
  void Add(const Timer& t, size_t n, const std::string& what = "") {
    wall.push_back(t.WallMs());
    cpu.push_back(t.CpuMs());
    hits += static_cast<double>(n);
    slowest.emplace_back(cpu.back(), what);
    std::sort(slowest.rbegin(), slowest.rend());
    if (slowest.size() > 3) slowest.pop_back();
  }
};

struct Figures {
  size_t count = 0;
  double p50 = 0, p90 = 0, p99 = 0, max = 0, cpu_p50 = 0, cpu_p99 = 0, avg_hits = 0;
  std::vector<std::pair<double, std::string>> slowest;
};

double Percentile(std::vector<double>& v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

Figures Summarize(Samples s) {
  Figures f;
  f.count = s.wall.size();
  if (s.wall.empty()) return f;
  f.p50 = Percentile(s.wall, 0.50);
  f.p90 = Percentile(s.wall, 0.90);
  f.p99 = Percentile(s.wall, 0.99);
  f.max = s.wall.back();
  f.cpu_p50 = Percentile(s.cpu, 0.50);
  f.cpu_p99 = Percentile(s.cpu, 0.99);
  f.avg_hits = s.hits / static_cast<double>(f.count);
  f.slowest = std::move(s.slowest);
  return f;
}

void PrintFigures(const std::string& name, const Figures& f) {
  std::printf(
      "  %-16s n=%-5zu p50 %6.2f  p90 %6.2f  p99 %6.2f  max %7.2f | cpu p50 %6.2f  p99 %6.2f | "
      "hits %4.1f\n",
      name.c_str(), f.count, f.p50, f.p90, f.p99, f.max, f.cpu_p50, f.cpu_p99, f.avg_hits);
  if (f.cpu_p99 >= 5 && !f.slowest.empty() && !f.slowest[0].second.empty()) {
    std::printf("  %16s slowest (thread CPU):", "");
    for (const auto& [ms, what] : f.slowest) std::printf(" %s %.1f ms", what.c_str(), ms);
    std::printf("\n");
  }
  std::fflush(stdout);
}

using QuerySet = std::vector<std::pair<party::PartyFilter, std::string>>;  // filter, cursor

struct Bench {
  store::Database& db;
  const party::Parties& parties;
  const security::Access& who;
};

party::PartyFilter Query(std::string q, std::string sort = "id") {
  party::PartyFilter f;
  f.q = std::move(q);
  f.sort = std::move(sort);
  return f;
}

// One List call in its own read transaction, as a request runs it; returns the hits.
size_t Search(const Bench& b, const party::PartyFilter& f, const std::string& cursor,
              std::string* next = nullptr) {
  size_t hits = 0;
  Status st = b.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto page, b.parties.List(tx, b.who, f, 50, cursor));
    hits = page["items"].size();
    if (next && page["next_cursor"].is_string()) *next = page["next_cursor"].get<std::string>();
    return Status::Ok();
  });
  if (!st.ok()) Die("search \"" + f.q + "\" sort=" + f.sort, st);
  return hits;
}

// Times each query after a warm-up pass over the first quarter of them. A set stops early
// once it has run for `budget_s` seconds (n then says how many were timed), so that a slow
// search does not hold `make bench` for hours.
Figures RunSearch(const Bench& b, const QuerySet& qs, double budget_s) {
  auto start = SteadyClock::now();
  for (size_t i = 0; i < qs.size() / 4 && MillisSince(start) < budget_s * 250; ++i) {
    Search(b, qs[i].first, qs[i].second);
  }
  Samples s;
  for (const auto& [f, cursor] : qs) {
    if (MillisSince(start) > budget_s * 1000) break;
    Timer t;
    size_t hits = Search(b, f, cursor);
    s.Add(t, hits, "\"" + f.q + "\"");
  }
  return Summarize(std::move(s));
}

// Query sets drawn from parties 1..n (deterministic: a fixed seed picks the parties).
std::vector<std::pair<std::string, QuerySet>> QuerySets(int64_t n, int queries) {
  std::map<std::string, QuerySet> sets;
  Rng rng(20261122);
  for (int guard = 0; guard < queries * 40; ++guard) {
    GeneratedParty p = GenerateParty(1 + static_cast<int64_t>(rng.Below(static_cast<uint64_t>(n))));
    for (auto& [set, q] : SearchQueriesOf(p, rng)) {
      if (static_cast<int>(sets[set].size()) < queries) sets[set].emplace_back(Query(q), "");
    }
  }
  std::vector<std::pair<std::string, QuerySet>> out;
  for (const char* name : kQuerySetNames) out.emplace_back(name, std::move(sets[name]));
  return out;
}

// The name-sorted list without a query: alternately the first page and the second.
QuerySet NameListing(const Bench& b, int queries) {
  std::string second;
  Search(b, Query("", "name"), "", &second);
  QuerySet out;
  for (int i = 0; i < queries; ++i) out.emplace_back(Query("", "name"), i % 2 ? second : "");
  return out;
}

// ---------------------------------------------------------------------------------------------
// The 360° overview

constexpr int64_t kBenchUser = 1;

// The overview's 100 linked records: 10 contacts, 5 addresses (one expired), 10 consent
// records here; activities, leads, opportunities and campaign memberships below.
Status AttachProfile(store::Tx& tx, int64_t party, const Timestamp& now) {
  const std::string t = now.ToIso(), p = std::to_string(party);
  auto day = [&](int d) { return (now + std::chrono::hours(24 * d)).ToIso(); };
  for (int k = 0; k < 10; ++k) {
    std::string email = "contact" + std::to_string(k) + "." + p + "@example.cn";
    RETURN_IF_ERROR(tx.Exec("INSERT INTO party_contacts (company_id, party_id, name, job_title, "
                            "roles, email, email_norm, phone, phone_norm, created_at) VALUES (1, "
                            "?, ?, ?, 'billing', ?, ?, ?, ?, ?)",
                            party,
                            k % 2 ? "联系人" + std::to_string(k) : "Contact " + std::to_string(k),
                            "采购经理", email, email, "138 0000 00" + std::to_string(10 + k),
                            "+861380000001" + std::to_string(k), t)
                        .status());
  }
  const char* kinds[] = {"billing", "shipping", "shipping", "other", "billing"};
  for (int k = 0; k < 5; ++k) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO party_addresses (company_id, party_id, kind, line1, city, "
                            "city_key, country, valid_to, created_at) VALUES (1, ?, ?, ?, '上海', "
                            "?, 'CN', ?, ?)",
                            party, kinds[k], "浦东新区世纪大道 " + std::to_string(100 + k) + " 号",
                            party::CityKey("上海"),
                            k == 4 ? store::Value("2020-01-01") : store::Value(), t)
                        .status());
  }
  const char* purposes[] = {"marketing_email", "marketing_phone", "marketing_sms",
                            "data_processing", "profiling"};
  for (int k = 0; k < 10; ++k) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO party_consents (company_id, party_id, purpose, granted, "
                            "source, recorded_at, user_id) VALUES (1, ?, ?, ?, 'web form', ?, ?)",
                            party, purposes[k % 5], k < 5 ? 1 : k % 2, day(k - 20), kBenchUser)
                        .status());
  }
  return Status::Ok();
}

// 30 activities (half done, due dates around now) and 15 leads.
Status AttachActivities(store::Tx& tx, int64_t party, const Timestamp& now) {
  const std::string t = now.ToIso(), p = std::to_string(party);
  auto day = [&](int d) { return (now + std::chrono::hours(24 * d)).ToIso(); };
  const char* activity_kinds[] = {"call", "meeting", "email", "task", "note"};
  for (int k = 0; k < 30; ++k) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO activities (company_id, kind, subject, party_id, due_at, "
                            "done_at, owner_user_id, created_at, updated_at) VALUES (1, ?, ?, ?, "
                            "?, ?, ?, ?, ?)",
                            activity_kinds[k % 5], "跟进 follow-up " + std::to_string(k), party,
                            day(k - 15), k % 2 ? store::Value(day(k - 16)) : store::Value(),
                            kBenchUser, t, t)
                        .status());
  }
  for (int k = 0; k < 15; ++k) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO leads (company_id, number, title, source, status, "
                            "score, party_id, owner_user_id, created_at, updated_at) VALUES (1, "
                            "?, ?, 'web', ?, ?, ?, ?, ?, ?)",
                            "BENCH-L-" + p + "-" + std::to_string(k),
                            "询盘 inquiry " + std::to_string(k), k % 3 ? "qualified" : "converted",
                            40 + k, party, kBenchUser, t, t)
                        .status());
  }
  return Status::Ok();
}

// 20 opportunities (15 open) and 10 campaign memberships.
Status AttachPipeline(store::Tx& tx, int64_t party, const Timestamp& now) {
  const std::string t = now.ToIso(), p = std::to_string(party);
  ASSIGN_OR_RETURN(auto stages, tx.Rows("SELECT id, probability, outcome FROM opportunity_stages "
                                        "WHERE company_id = 1 ORDER BY sequence"));
  if (stages.empty()) return FailedPrecondition("bench.no_stages", "company 1 has no stages");
  for (int k = 0; k < 20; ++k) {
    const auto& s = stages[k < 15 ? k % std::min<size_t>(4, stages.size()) : stages.size() - 2];
    std::string status = k < 15 ? "open" : "won";
    RETURN_IF_ERROR(
        tx.Exec("INSERT INTO opportunities (company_id, number, name, party_id, "
                "stage_id, status, amount, currency, probability, expected_close, "
                "owner_user_id, created_at, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, "
                "'CNY', ?, ?, ?, ?, ?)",
                "BENCH-O-" + p + "-" + std::to_string(k), "项目 deal " + std::to_string(k), party,
                s.Int("id"), status, std::to_string(10000 + 1000 * k) + ".00", s.Int("probability"),
                (now + std::chrono::hours(24 * (10 + k))).ToIso().substr(0, 10), kBenchUser, t, t)
            .status());
  }
  for (int k = 0; k < 10; ++k) {
    ASSIGN_OR_RETURN(
        int64_t campaign,
        tx.Insert("INSERT INTO campaigns (company_id, name, channel, status, currency, "
                  "owner_user_id, created_at) VALUES (1, ?, 'email', 'active', "
                  "'CNY', ?, ?) RETURNING id",
                  "Bench campaign " + p + "-" + std::to_string(k), kBenchUser, t));
    RETURN_IF_ERROR(tx.Exec("INSERT INTO campaign_members (company_id, campaign_id, party_id, "
                            "status, sent_at, updated_at) VALUES (1, ?, ?, ?, ?, ?)",
                            campaign, party, k % 2 ? "responded" : "sent", t, t)
                        .status());
  }
  return Status::Ok();
}

// Creates the overview's party through the service, then its linked records.
int64_t OverviewParty(const Bench& b, const Clock& clock) {
  int64_t id = 0;
  nlohmann::json body = {{"kind", "organization"},
                         {"name", "上海概览基准贸易有限公司"},
                         {"email", "overview.bench@example.cn"},
                         {"phone", "021 5555 0100"},
                         {"roles", {"customer"}},
                         {"tags", {"bench", "vip"}},
                         {"allow_duplicates", true}};
  store::TxOptions opts;
  opts.actor = {kBenchUser, 1, "bench"};
  Status st = b.db.Write(
      [&](store::Tx& tx) -> Status {
        ASSIGN_OR_RETURN(auto party, b.parties.Create(tx, b.who, body));
        id = party["id"].get<int64_t>();
        RETURN_IF_ERROR(AttachProfile(tx, id, clock.Now()));
        RETURN_IF_ERROR(AttachActivities(tx, id, clock.Now()));
        return AttachPipeline(tx, id, clock.Now());
      },
      opts);
  if (!st.ok()) Die("creating the overview party", st);
  return id;
}

struct OverviewFigures {
  Figures f;
  size_t json_bytes = 0;
};

OverviewFigures RunOverview(const Bench& b, int64_t id, int runs) {
  Samples s;
  size_t bytes = 0;
  for (int i = 0; i < runs + runs / 4; ++i) {
    Timer t;
    Status st = b.db.Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto out, b.parties.Overview(tx, b.who, id));
      if (i == 0) bytes = out.dump().size();
      return Status::Ok();
    });
    if (!st.ok()) Die("overview", st);
    if (i >= runs / 4) s.Add(t, 0);
  }
  return {Summarize(std::move(s)), bytes};
}

// ---------------------------------------------------------------------------------------------
// Main

struct Options {
  int64_t parties = 1000000;
  std::string db;     // postgresql://... ; empty: SQLite
  std::string reuse;  // SQLite file kept between runs
  int queries = 2000;
  int overview_runs = 2000;
  double set_seconds = 120;
  bool analyze = false;
};

int64_t CountParties(store::Database& db) {
  int64_t total = 0;
  Status st = db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT COUNT(*) FROM parties"));
    total = row->Int(0);
    return Status::Ok();
  });
  if (!st.ok()) Die("counting parties", st);
  return total;
}

// The SQLite file: --reuse, or a temporary directory (set in `temp_dir`, removed at the end).
std::string SqlitePath(const Options& o, std::string* temp_dir) {
  if (!o.reuse.empty()) return o.reuse;
  char tmpl[] = "/tmp/concord-party-bench-XXXXXX";
  if (!mkdtemp(tmpl)) Die("mkdtemp", Internal("cannot create a temporary directory"));
  *temp_dir = tmpl;
  return *temp_dir + "/bench.db";
}

void RemoveSqlite(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

std::unique_ptr<app::App> OpenApp(const std::string& url) {
  app::Config config;
  config.db = url;
  auto app = app::App::Open(config);
  if (!app.ok()) Die("opening " + url, app.status());
  auto admin = (*app)->EnsureAdmin();
  if (!admin.ok()) Die("bootstrap", admin.status());
  return std::move(*app);
}

// SQLite statistics: the server never runs ANALYZE, so those of an earlier --analyze run are
// dropped, and created only with --analyze. On a connection of its own, before the App opens
// the file (its readers load statistics once, with the schema).
void SetStatistics(const std::string& path, bool analyze) {
  auto conn = store::OpenSqlite(path, {});
  if (!conn.ok()) Die("opening " + path, conn.status());
  auto start = SteadyClock::now();
  Status st = (*conn)->ExecScript(
      std::string("DROP TABLE IF EXISTS sqlite_stat1; DROP TABLE IF EXISTS sqlite_stat4;") +
      (analyze ? "ANALYZE;" : ""));
  if (!st.ok()) Die("statistics", st);
  if (analyze) std::printf("ANALYZE took %.1f s\n", MillisSince(start) / 1000);
}

void LoadOrDie(store::Database& db, int64_t n) {
  std::printf("loading %lld parties ...\n", static_cast<long long>(n));
  auto start = SteadyClock::now();
  SystemClock clock;
  Status st = Load(db, clock, n);
  if (!st.ok()) Die("loading", st);
  double secs = MillisSince(start) / 1000;
  std::printf("loaded %lld parties in %.1f s (%.0f parties/s)\n", static_cast<long long>(n), secs,
              static_cast<double>(n) / secs);
}

// Opens the database with parties 1..n loaded: reused when valid; else loaded (SQLite: into
// PATH.loading, renamed into place when complete, so a cache file is whole or absent).
std::unique_ptr<app::App> Prepared(const Options& o, const std::string& path) {
  bool pg = !o.db.empty();
  std::string url = pg ? o.db : "sqlite:" + path;
  if (!pg && std::filesystem::exists(path)) SetStatistics(path, o.analyze);
  auto app = OpenApp(url);
  auto valid = Validate(app->db(), o.parties);
  if (!valid.ok()) Die("validating the database", valid.status());
  if (*valid) {
    std::printf("reusing the parties loaded in %s\n", url.c_str());
    return app;
  }
  if (CountParties(app->db()) > 0 && (pg || o.reuse.empty())) {
    Die("loading", FailedPrecondition("bench.not_empty", "the database has other parties"));
  }
  if (pg) {
    LoadOrDie(app->db(), o.parties);
    return app;
  }
  app.reset();
  std::string loading = path + ".loading";
  RemoveSqlite(loading);
  app = OpenApp("sqlite:" + loading);
  LoadOrDie(app->db(), o.parties);
  app.reset();
  RemoveSqlite(path);
  std::filesystem::rename(loading, path);
  SetStatistics(path, o.analyze);
  return OpenApp(url);
}

std::string DbSize(store::Database& db, const std::string& path) {
  int64_t bytes = 0;
  if (db.dialect() == store::Dialect::kPostgres) {
    Status st = db.Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(auto row, tx.One("SELECT pg_database_size(current_database())"));
      bytes = row->Int(0);
      return Status::Ok();
    });
    if (!st.ok()) return "?";
  } else {
    std::error_code ec;
    for (const char* suffix : {"", "-wal"}) {
      auto size = std::filesystem::file_size(path + suffix, ec);
      if (!ec) bytes += static_cast<int64_t>(size);
    }
  }
  char out[32];
  std::snprintf(out, sizeof out, "%.0f MB", static_cast<double>(bytes) / 1e6);
  return out;
}

security::Access CompanyAdmin(app::App& app) {
  std::map<std::string, security::Scope> grants;
  for (const auto& p : app.security().catalog.All()) grants[p.name] = security::Scope::kCompany;
  return security::Access(kBenchUser, "admin", 1, 0, grants);
}

struct Results {
  std::vector<std::pair<std::string, Figures>> search;
  OverviewFigures overview;
};

Results Measure(const Bench& b, const Options& o, const Clock& clock) {
  Results r;
  std::printf("search through Parties::List (limit 50, company-wide admin), ms:\n");
  for (auto& [name, set] : QuerySets(o.parties, o.queries)) {
    r.search.emplace_back(name, RunSearch(b, set, o.set_seconds));
    PrintFigures(name, r.search.back().second);
  }
  r.search.emplace_back("sort=name", RunSearch(b, NameListing(b, o.queries / 4), o.set_seconds));
  PrintFigures("sort=name page", r.search.back().second);
  int64_t id = OverviewParty(b, clock);
  r.overview = RunOverview(b, id, o.overview_runs);
  std::printf("overview of party %lld (100 linked records), %zu bytes of JSON, ms:\n",
              static_cast<long long>(id), r.overview.json_bytes);
  PrintFigures("overview", r.overview.f);
  return r;
}

void PrintSummary(const Results& r, const std::string& what) {
  double worst = 0, worst_cpu = 0;
  std::string line;
  for (const auto& [name, f] : r.search) {
    worst = std::max(worst, f.p99);
    worst_cpu = std::max(worst_cpu, f.cpu_p99);
    char part[80];
    std::snprintf(part, sizeof part, "%s%s %.2f", line.empty() ? "" : ", ", name.c_str(), f.p99);
    line += part;
  }
  std::printf("\nparty search over %s: p99 ms: %s\n", what.c_str(), line.c_str());
  std::printf("  worst p99 %.2f ms (thread CPU %.2f ms), target < 10 ms: %s\n", worst, worst_cpu,
              worst < 10 ? "PASS" : "FAIL");
  const Figures& ov = r.overview.f;
  std::printf(
      "360° overview with 100 linked records: p50 %.2f ms, p99 %.2f ms (thread CPU "
      "%.2f ms), target < 20 ms: %s\n",
      ov.p50, ov.p99, ov.cpu_p99, ov.p99 < 20 ? "PASS" : "FAIL");
}

int Run(const Options& o) {
  std::string temp_dir;
  bool pg = !o.db.empty();
  std::string path = pg ? "" : SqlitePath(o, &temp_dir);
  auto app = Prepared(o, path);
  party::PartyRegistry registry;
  crm::RegisterPartyHooks(registry);
  SystemClock clock;
  party::Parties parties(clock, registry);
  security::Access who = CompanyAdmin(*app);
  Bench b{app->db(), parties, who};
  char what[160];
  std::snprintf(what, sizeof what, "%lld parties (%s, %u cores)",
                static_cast<long long>(CountParties(b.db)),
                pg          ? "PostgreSQL"
                : o.analyze ? "SQLite after ANALYZE"
                            : "SQLite",
                std::thread::hardware_concurrency());
  std::printf("database: %s, %s\n", what, DbSize(b.db, path).c_str());
  Results r = Measure(b, o, clock);
  PrintSummary(r, what);
  app.reset();
  if (!temp_dir.empty()) std::filesystem::remove_all(temp_dir);
  return 0;
}

}  // namespace
}  // namespace concord::bench

int main(int argc, char** argv) {
  concord::bench::Options o;
  CLI::App cli{"concord party search and 360° overview benchmark"};
  cli.add_option("--parties", o.parties, "parties to load")->check(CLI::Range(1000, 100000000));
  cli.add_option("--db", o.db, "postgresql://... (default: a temporary SQLite database)");
  cli.add_option("--reuse", o.reuse, "SQLite file kept between runs (loaded when missing)");
  cli.add_option("--queries", o.queries, "queries per search set")->check(CLI::Range(10, 1000000));
  cli.add_option("--overview-runs", o.overview_runs, "timed overview calls")
      ->check(CLI::Range(10, 1000000));
  cli.add_option("--set-seconds", o.set_seconds, "time budget of one query set")
      ->check(CLI::Range(1.0, 86400.0));
  cli.add_flag("--analyze", o.analyze,
               "SQLite: ANALYZE before measuring (the server never does; PostgreSQL is analyzed "
               "after the load)");
  CLI11_PARSE(cli, argc, argv);
  spdlog::set_level(spdlog::level::warn);
  return concord::bench::Run(o);
}

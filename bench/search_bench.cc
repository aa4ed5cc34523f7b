// Global search (search::Search::Run inside Database::Read, as GET /api/v1/search runs it,
// minus HTTP) over a party bench database: p50 / p99 / max per class of query, as a company-wide
// administrator and as a sales rep with own-scope grants.
//
//   concord_party_bench --parties 100000 --reuse /tmp/p100k.db --queries 10 --overview-runs 1
//   concord_search_bench --db sqlite:/tmp/p100k.db [--rounds 20]
//   concord_search_bench --db sqlite:/tmp/demo.db --demo      (on the demo data)
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>

#include "app/app.h"
#include "catalog/products.h"
#include "party/registry.h"
#include "party/service.h"
#include "search/search.h"

namespace concord::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& what, const Status& st) {
  std::fprintf(stderr, "search_bench: %s: %s\n", what.c_str(), st.ToString().c_str());
  std::exit(1);
}

security::Access WithScope(app::App& app, security::Scope scope, int64_t user) {
  std::map<std::string, security::Scope> grants;
  for (const auto& p : app.security().catalog.All()) grants[p.name] = scope;
  return security::Access(user, "bench", 1, 0, grants);
}

// Queries of each class: starts and whole names of parties spread over the table, numbers,
// bare numeric parts, a GTIN, a phone start.
std::map<std::string, std::vector<std::string>> Queries(store::Database& db) {
  std::map<std::string, std::vector<std::string>> out;
  Status st = db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto n, tx.One("SELECT COUNT(*) FROM parties"));
    int64_t step = std::max<int64_t>(1, n->Int(0) / 50);
    ASSIGN_OR_RETURN(auto rows,
                     tx.Rows("SELECT name FROM parties WHERE id % ? = 0 LIMIT 50", step));
    for (const auto& r : rows) {
      std::string name = r.Text(0);
      out["party name"].push_back(name);
      out["name start (3 bytes)"].push_back(name.substr(0, std::min<size_t>(3, name.size())));
    }
    return Status::Ok();
  });
  if (!st.ok()) Die("reading parties", st);
  out["number / numeric part"] = {"LEAD-000001", "lead-0000",        "1", "45", "000123",
                                  "SO-0000",     "OPPORTUNITY-00001"};
  out["gtin, phone, e-mail"] = {"4006381333931", "96385074", "+86 138",
                                "138 0013",      "li.wei@",  "a@"};
  out["one letter"] = {"a", "z", "m", "w"};
  return out;
}

// Runs `fn` (one search) for every query `rounds` times and prints the figures per class.
using SearchFn = std::function<Result<size_t>(store::Tx&, const std::string& q)>;
void Measure(store::Database& db, const SearchFn& fn, const std::string& who_name,
             const std::map<std::string, std::vector<std::string>>& qs, int rounds) {
  for (const auto& [cls, queries] : qs) {
    std::vector<double> ms;
    size_t hits = 0;
    for (int round = 0; round < rounds; ++round) {
      for (const auto& q : queries) {
        auto start = SteadyClock::now();
        Status st = db.Read([&](store::Tx& tx) -> Status {
          ASSIGN_OR_RETURN(size_t n, fn(tx, q));
          hits += n;
          return Status::Ok();
        });
        ms.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count());
        if (!st.ok()) Die("search " + q, st);
      }
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%-26s %-24s n=%5zu p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%.1f hits)\n",
                who_name.c_str(), cls.c_str(), ms.size(), ms[ms.size() / 2],
                ms[ms.size() * 99 / 100], ms.back(), static_cast<double>(hits) / ms.size());
  }
}

}  // namespace
}  // namespace concord::bench

int main(int argc, char** argv) {
  using namespace concord;  // NOLINT
  CLI::App cli{"Global search benchmark"};
  std::string db_url;
  int rounds = 20;
  cli.add_option("--db", db_url, "SQLite file or PostgreSQL URL (a party bench database)")
      ->required();
  cli.add_option("--rounds", rounds, "Rounds over every query");
  bool demo = false;
  cli.add_flag("--demo", demo, "Load the demo data first (concord demo)");
  CLI11_PARSE(cli, argc, argv);
  app::Config config;
  config.db = db_url;
  auto app = app::App::Open(config);
  if (!app.ok()) bench::Die("opening " + db_url, app.status());
  if (demo) {
    if (auto admin = (*app)->EnsureAdmin(); !admin.ok()) bench::Die("bootstrap", admin.status());
    if (auto loaded = (*app)->LoadDemo(); !loaded.ok()) bench::Die("demo", loaded.status());
  }
  SystemClock clock;
  party::PartyRegistry registry;
  party::Parties parties(clock, registry);
  catalog::Products products(clock);
  search::Search search(parties, products);
  auto queries = bench::Queries((*app)->db());
  auto admin = bench::WithScope(**app, security::Scope::kCompany, 1);
  auto rep = bench::WithScope(**app, security::Scope::kOwn, 2);
  for (const auto* who : {&admin, &rep}) {
    std::string name = who == &admin ? "company" : "own scope";
    bench::Measure((*app)->db(),
                   [&](store::Tx& tx, const std::string& q) -> Result<size_t> {
                     ASSIGN_OR_RETURN(auto r, search.Run(tx, *who, q, 8));
                     return r.items.size();
                   },
                   name, queries, rounds);
    // The party area's part alone (party::Parties::List, as the search calls it).
    bench::Measure((*app)->db(),
                   [&](store::Tx& tx, const std::string& q) -> Result<size_t> {
                     party::PartyFilter f;
                     f.q = q;
                     f.sort = "id";
                     ASSIGN_OR_RETURN(auto page, parties.List(tx, *who, f, 8, ""));
                     return page["items"].size();
                   },
                   name + " (parties only)", queries, rounds);
  }
  return 0;
}

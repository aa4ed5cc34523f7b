// Global search: the web UI's one search box. Finds parties, their contacts, products and
// documents (quotes, sales orders, invoices and credit notes, transfers, payments, tickets,
// leads, opportunities) by name or number, and resolves a scanned GTIN to its product.
//
// Every kind is searched only when the caller holds its area's read permission, and through the
// same record rules as the area's lists (security::Access::Visible: own / department / company
// scope); another company's rows never appear. Parties are found by the party area's own
// indexed search (party::Parties::List); the other kinds by indexed lookups of their numbers
// (exact, numeric part, case-insensitive prefix) and names (case-insensitive prefix).
//
// Thread-safety: stateless apart from references to immutable services.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/products.h"
#include "core/status.h"
#include "party/service.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::http {
class Api;
}

namespace concord::search {

namespace internal {
struct Query;
}

// How well a hit matches; lower is better.
enum class Tier {
  kExact = 0,    // the whole number, GTIN, SKU, e-mail or name (letter case ignored)
  kNumeric = 1,  // the numeric part of a document number ("45" -> SO-000045)
  kPrefix = 2,   // the start of a number, SKU, name, e-mail or phone
};

struct Hit {
  std::string kind;  // party | contact | product | quote | sales_order | invoice | transfer |
                     // payment | ticket | lead | opportunity
  int64_t id = 0;
  std::string title;
  std::string subtitle;
  std::string href;  // the web UI's route of the record
  Tier tier = Tier::kPrefix;
};

struct Results {
  std::vector<Hit> items;
  bool barcode = false;  // the query was a GTIN that resolved to a product (first item)
};

// True for an all-digit GTIN-8, -12, -13 or -14 whose last digit is its GS1 check digit.
bool IsGtin(std::string_view code);

// Ranks the hits of several kinds (each list already in its own best-first order) into at most
// `limit` items: better tiers first; within a tier the kinds take turns, in the order given, so
// that one common word does not fill the list with a single kind.
std::vector<Hit> Merge(const std::vector<std::vector<Hit>>& per_kind, int64_t limit);

nlohmann::json ToJson(const std::string& q, const Results& results);

class Search {
 public:
  Search(const party::Parties& parties, const catalog::Products& products)
      : parties_(parties), products_(products) {}

  // `q` is trimmed and 1..100 characters, `limit` 1..20 (InvalidArgument otherwise). At most
  // `limit` hits per kind are read, and `limit` are returned.
  Result<Results> Run(store::Tx& tx, const security::Access& who, const std::string& q,
                      int64_t limit) const;

 private:
  Result<std::vector<Hit>> Parties(store::Tx& tx, const security::Access& who, const std::string& q,
                                   int64_t limit) const;
  Result<std::vector<Hit>> Barcode(store::Tx& tx, const security::Access& who,
                                   const std::string& q) const;
  // The hits of every kind the caller may read, each list best first (see Merge).
  Result<std::vector<std::vector<Hit>>> PerKind(store::Tx& tx, const security::Access& who,
                                                const internal::Query& query) const;

  const party::Parties& parties_;
  const catalog::Products& products_;
};

// GET /api/v1/search (any signed-in user).
void RegisterRoutes(http::Api& api, const Search& search);

}  // namespace concord::search

// The search service: analyses the query, asks every kind the caller may read, ranks the hits.
#include "search/search.h"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>

#include "core/json_input.h"
#include "party/normalize.h"
#include "search/internal.h"

namespace concord::search {

using nlohmann::json;
using namespace internal;  // NOLINT

namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// Every spelling of the same GTIN a product may have been stored with: the digits without
// leading zeros, padded with zeros to each GTIN length that can hold them.
std::vector<std::string> GtinForms(const std::string& code) {
  size_t first = code.find_first_not_of('0');
  std::string core = first == std::string::npos ? "" : code.substr(first);
  std::vector<std::string> out = {code};
  for (size_t len : {8u, 12u, 13u, 14u}) {
    if (core.size() > len) continue;
    std::string form = std::string(len - core.size(), '0') + core;
    if (std::find(out.begin(), out.end(), form) == out.end()) out.push_back(form);
  }
  return out;
}

// A party's subtitle: its roles, then its e-mail or phone.
std::string PartySubtitle(const json& p) {
  std::string roles;
  if (p.contains("roles") && p["roles"].is_array()) {
    for (const auto& role : p["roles"])
      roles += (roles.empty() ? "" : ", ") + role.get<std::string>();
  }
  std::string reach = p.value("email", json()).is_string() ? p["email"].get<std::string>() : "";
  if (reach.empty() && p.value("phone", json()).is_string()) reach = p["phone"].get<std::string>();
  return Subtitle({roles, reach});
}

// A query that the party search would read as no words at all (only punctuation, such as
// "%" or "\") would list every party: it finds no party instead.
bool HasSearchableText(const std::string& q) {
  return std::any_of(q.begin(), q.end(),
                     [](unsigned char c) { return std::isalnum(c) != 0 || c >= 0x80 || c == '@'; });
}

}  // namespace

bool IsGtin(std::string_view code) {
  if (code.size() != 8 && code.size() != 12 && code.size() != 13 && code.size() != 14) {
    return false;
  }
  if (!AllDigits(code)) return false;
  // GS1: from the right, excluding the check digit, weights 3, 1, 3, 1 ...
  int sum = 0;
  for (size_t k = 1; k < code.size(); ++k) {
    int d = code[code.size() - 1 - k] - '0';
    sum += k % 2 == 1 ? 3 * d : d;
  }
  return (10 - sum % 10) % 10 == code.back() - '0';
}

std::vector<Hit> Merge(const std::vector<std::vector<Hit>>& per_kind, int64_t limit) {
  std::vector<Hit> out;
  for (Tier tier : {Tier::kExact, Tier::kNumeric, Tier::kPrefix}) {
    std::vector<std::vector<const Hit*>> queues(per_kind.size());
    for (size_t k = 0; k < per_kind.size(); ++k) {
      for (const Hit& h : per_kind[k]) {
        if (h.tier == tier) queues[k].push_back(&h);
      }
    }
    for (size_t round = 0;; ++round) {
      bool any = false;
      for (const auto& q : queues) {
        if (round >= q.size()) continue;
        any = true;
        if (static_cast<int64_t>(out.size()) >= limit) return out;
        out.push_back(*q[round]);
      }
      if (!any) break;
    }
  }
  return out;
}

json ToJson(const std::string& q, const Results& results) {
  json items = json::array();
  for (const Hit& h : results.items) {
    items.push_back({{"kind", h.kind},
                     {"id", h.id},
                     {"title", h.title},
                     {"subtitle", h.subtitle},
                     {"href", h.href}});
  }
  return {{"q", q}, {"items", std::move(items)}, {"barcode", results.barcode}};
}

namespace internal {

namespace {
std::mutex observer_mu;
StatementObserver observer;  // guarded by observer_mu
}  // namespace

void SetStatementObserver(StatementObserver fn) {
  std::lock_guard<std::mutex> lock(observer_mu);
  observer = std::move(fn);
}

Result<std::vector<store::Record>> Rows(store::Tx& tx, const std::string& sql,
                                        std::vector<store::Value> params) {
  {
    std::lock_guard<std::mutex> lock(observer_mu);
    if (observer) observer(sql, params);
  }
  return tx.RowsV(sql, std::move(params));
}

Query MakeQuery(const std::string& text, int64_t limit) {
  Query q;
  q.text = text;
  q.limit = limit;
  std::string upper = text, lower = text;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const std::string& v : {text, upper, lower}) {
    if (std::find(q.variants.begin(), q.variants.end(), v) == q.variants.end()) {
      q.variants.push_back(v);
    }
  }
  q.one_word = text.find_first_of(" \t\r\n") == std::string::npos;
  q.names = Utf8Length(text).value_or(0) >= 2 ||
            std::any_of(text.begin(), text.end(), [](unsigned char c) { return c >= 0x80; });
  return q;
}

void RankWithinKind(std::vector<Hit>& hits, int64_t limit) {
  std::stable_sort(hits.begin(), hits.end(),
                   [](const Hit& a, const Hit& b) { return a.tier < b.tier; });
  std::set<int64_t> seen;
  std::vector<Hit> out;
  for (Hit& h : hits) {
    if (static_cast<int64_t>(out.size()) >= limit) break;
    if (seen.insert(h.id).second) out.push_back(std::move(h));
  }
  hits = std::move(out);
}

std::string Subtitle(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += " · ";
    out += p;
  }
  return out;
}

}  // namespace internal

Result<std::vector<Hit>> Search::Parties(store::Tx& tx, const security::Access& who,
                                         const std::string& q, int64_t limit) const {
  std::vector<Hit> hits;
  // Digits are a phone number's start only from three on (party/normalize.h QueryKey); fewer
  // are a document's number.
  bool short_number = AllDigits(q) && q.size() < 3;
  if (!who.Has("party.party.read") || !HasSearchableText(q) || short_number) return hits;
  // In id order: the party list's fastest plan for a common word (in name order a
  // three-letter start took 70 ms at p99 over 100,000 parties on PostgreSQL, in id order 20).
  party::PartyFilter f;
  f.q = q;
  ASSIGN_OR_RETURN(json page, parties_.List(tx, who, f, limit, ""));
  std::string key = party::NameKey(q);
  json items = page["items"];
  for (const auto& p : items) {
    Hit h{"party",
          p["id"].get<int64_t>(),
          p["name"].get<std::string>(),
          PartySubtitle(p),
          "/customers/" + std::to_string(p["id"].get<int64_t>()),
          Tier::kPrefix};
    if (!key.empty() && party::NameKey(h.title) == key) h.tier = Tier::kExact;
    hits.push_back(std::move(h));
  }
  RankWithinKind(hits, limit);
  return hits;
}

// The products whose GTIN is this code, through the catalog's scan lookup (active products).
Result<std::vector<Hit>> Search::Barcode(store::Tx& tx, const security::Access& who,
                                         const std::string& q) const {
  std::vector<Hit> hits;
  if (!IsGtin(q) || !who.Has("catalog.product.read")) return hits;
  for (const std::string& form : GtinForms(q)) {
    auto product = products_.ByCode(tx, who.company_id(), form);
    if (!product.ok()) {
      if (product.status().code() == Code::kNotFound) continue;
      return product.status();
    }
    if (std::any_of(hits.begin(), hits.end(), [&](const Hit& h) { return h.id == product->id; })) {
      continue;
    }
    hits.push_back({"product", product->id, product->name, Subtitle({product->sku, form}),
                    "/products/" + std::to_string(product->id), Tier::kExact});
  }
  return hits;
}

Result<std::vector<std::vector<Hit>>> Search::PerKind(store::Tx& tx, const security::Access& who,
                                                      const Query& query) const {
  std::vector<std::vector<Hit>> per_kind;
  std::vector<Hit> parties;
  if (query.names) {
    ASSIGN_OR_RETURN(parties, Parties(tx, who, query.text, query.limit));
  }
  per_kind.push_back(std::move(parties));
  ASSIGN_OR_RETURN(auto contacts, SearchContacts(tx, who, query));
  per_kind.push_back(std::move(contacts));
  ASSIGN_OR_RETURN(auto products, SearchProducts(tx, who, query));
  per_kind.push_back(std::move(products));
  ASSIGN_OR_RETURN(auto sequences, LoadSequences(tx, who.company_id()));
  for (const DocSource& source : DocSources()) {
    ASSIGN_OR_RETURN(auto docs, SearchDocuments(tx, who, source, query, sequences));
    per_kind.push_back(std::move(docs));
  }
  return per_kind;
}

Result<Results> Search::Run(store::Tx& tx, const security::Access& who, const std::string& q,
                            int64_t limit) const {
  auto chars = Utf8Length(q);
  if (!chars || *chars < 1 || *chars > 100 || q.find_first_of(" \t\r\n") == 0 ||
      q.find_last_not_of(" \t\r\n") != q.size() - 1) {
    return InvalidField("q", "invalid", "q is trimmed text of 1..100 characters.");
  }
  if (limit < 1 || limit > 20) return InvalidField("limit", "range", "limit is 1..20.");
  Results out;
  ASSIGN_OR_RETURN(std::vector<Hit> scanned, Barcode(tx, who, q));
  out.barcode = !scanned.empty();
  ASSIGN_OR_RETURN(auto per_kind, PerKind(tx, who, MakeQuery(q, limit)));
  out.items = Merge(per_kind, limit);
  if (out.barcode) {
    // The scanned product leads; nothing else may push it out.
    std::vector<Hit> first = scanned;
    for (Hit& h : out.items) {
      bool dup = h.kind == "product" && std::any_of(scanned.begin(), scanned.end(),
                                                    [&](const Hit& s) { return s.id == h.id; });
      if (!dup) first.push_back(std::move(h));
    }
    first.resize(std::min<size_t>(first.size(), static_cast<size_t>(limit)));
    out.items = std::move(first);
  }
  return out;
}

}  // namespace concord::search

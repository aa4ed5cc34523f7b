// Products (SKU, name) and contacts (name, e-mail, phone) by prefix: index range scans on the
// catalog's SKU index and lowered-name index, and on the party area's contact indexes.
//
// Neither area's service has a prefix search that an index serves (the product list matches
// names anywhere in them), so the search reads these tables here, read only; contacts through
// their party's record rules (Access::Visible on party.party.read).
#include <algorithm>
#include <cctype>

#include "party/normalize.h"
#include "search/internal.h"

namespace concord::search::internal {

namespace {

// Above every character that can follow a prefix: U+10FFFF, the largest code point.
constexpr const char* kAfterEveryChar = "\xF4\x8F\xBF\xBF";

std::string AsciiLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Tier TierOf(bool exact) { return exact ? Tier::kExact : Tier::kPrefix; }

// Runs `sql` (ending in a WHERE clause's last condition) with ORDER BY `order` LIMIT and turns
// each row into a hit with `make`.
template <typename Make>
Status Collect(store::Tx& tx, const std::string& sql, std::vector<store::Value> params,
               const std::string& order, int64_t limit, Make make, std::vector<Hit>& out) {
  params.emplace_back(limit);
  ASSIGN_OR_RETURN(auto rows, Rows(tx, sql + " ORDER BY " + order + " LIMIT ?", std::move(params)));
  for (const auto& r : rows) out.push_back(make(r));
  return Status::Ok();
}

}  // namespace

std::string Lowered(store::Tx& tx, const std::string& column) {
  if (tx.dialect() == store::Dialect::kSqlite) return "lower(" + column + ")";
  return "(lower(" + column + ") COLLATE \"C\")";
}

std::string LowerPrefix(store::Tx& tx, const std::string& column) {
  std::string e = Lowered(tx, column);
  return e + " >= lower(CAST(? AS TEXT)) AND " + e +
         " < (lower(CAST(? AS TEXT)) || CAST(? AS TEXT))";
}

void AddLowerPrefixParams(const std::string& text, std::vector<store::Value>& params) {
  params.emplace_back(text);
  params.emplace_back(text);
  params.emplace_back(std::string(kAfterEveryChar));
}

Result<std::vector<Hit>> SearchProducts(store::Tx& tx, const security::Access& who,
                                        const Query& query) {
  std::vector<Hit> hits;
  if (!who.Has("catalog.product.read")) return hits;
  const std::string base =
      "SELECT t.id, t.sku, t.name, t.active, CASE WHEN lower(t.name) = lower(CAST(? AS TEXT)) "
      "THEN 1 ELSE 0 END AS exact_name FROM products t WHERE t.company_id = ? AND ";
  std::string upper = Upper(query.text);
  auto make = [&](const store::Record& r) {
    bool exact = Upper(r.Text("sku")) == upper || r.Int("exact_name") == 1;
    int64_t id = r.Int("id");
    return Hit{"product",
               id,
               r.Text("name"),
               Subtitle({r.Text("sku"), r.Int("active") == 1 ? "" : "archived"}),
               "/products/" + std::to_string(id),
               TierOf(exact)};
  };
  if (query.one_word) {
    for (const auto& v : query.variants) {
      RETURN_IF_ERROR(Collect(tx, base + "t.sku >= ? AND t.sku < ?",
                              {query.text, who.company_id(), v, party::PrefixEnd(v)}, "t.sku",
                              query.limit, make, hits));
    }
  }
  if (query.names) {
    std::vector<store::Value> params = {query.text, who.company_id()};
    AddLowerPrefixParams(query.text, params);
    RETURN_IF_ERROR(Collect(tx, base + LowerPrefix(tx, "t.name"), params, Lowered(tx, "t.name"),
                            query.limit, make, hits));
  }
  RankWithinKind(hits, query.limit);
  return hits;
}

Result<std::vector<Hit>> SearchContacts(store::Tx& tx, const security::Access& who,
                                        const Query& query) {
  std::vector<Hit> hits;
  if (!who.Has("party.party.read") || !query.names) return hits;
  bool sqlite = tx.dialect() == store::Dialect::kSqlite;
  // The party's columns stay off SQLite's index choice: the contact index drives.
  security::SqlFilter vis = who.Visible("party.party.read", {}, sqlite ? "+p." : "p.");
  const std::string base =
      "SELECT c.id, c.name, c.email_norm, c.phone_norm, c.party_id, p.name AS party_name, "
      "CASE WHEN lower(c.name) = lower(CAST(? AS TEXT)) THEN 1 ELSE 0 END AS exact_name "
      "FROM party_contacts c JOIN parties p ON p.id = c.party_id WHERE c.company_id = ? AND "
      "c.active = 1 AND " +
      std::string(sqlite ? "+" : "") + "p.active = 1 AND " + vis.sql + " AND ";
  std::vector<store::Value> head = {query.text, who.company_id()};
  head.insert(head.end(), vis.params.begin(), vis.params.end());
  std::string email = AsciiLower(query.text);
  std::string phone = party::QueryKey(query.text);
  bool phone_like = phone.size() >= 3 && std::all_of(phone.begin(), phone.end(), [](char c) {
                      return std::isdigit(static_cast<unsigned char>(c)) != 0;
                    });
  if (phone_like) phone = "+" + phone;
  auto make = [&](const store::Record& r) {
    bool exact = r.Int("exact_name") == 1 || r.Text("email_norm") == email ||
                 (phone_like && r.Text("phone_norm") == phone);
    return Hit{"contact",
               r.Int("id"),
               r.Text("name"),
               r.Text("party_name"),
               "/customers/" + std::to_string(r.Int("party_id")),
               TierOf(exact)};
  };
  std::vector<store::Value> params = head;
  AddLowerPrefixParams(query.text, params);
  RETURN_IF_ERROR(Collect(tx, base + LowerPrefix(tx, "c.name"), params, Lowered(tx, "c.name"),
                          query.limit, make, hits));
  if (query.one_word && !phone_like) {
    params = head;
    params.insert(params.end(), {email, party::PrefixEnd(email)});
    RETURN_IF_ERROR(Collect(tx, base + "c.email_norm >= ? AND c.email_norm < ?", params,
                            "c.email_norm", query.limit, make, hits));
  }
  if (phone_like) {
    params = head;
    params.insert(params.end(), {phone, party::PrefixEnd(phone)});
    RETURN_IF_ERROR(Collect(tx, base + "c.phone_norm >= ? AND c.phone_norm < ?", params,
                            "c.phone_norm", query.limit, make, hits));
  }
  RankWithinKind(hits, query.limit);
  return hits;
}

}  // namespace concord::search::internal

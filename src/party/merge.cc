// One record, never two: duplicate detection and merging.
#include <algorithm>
#include <map>

#include "party/internal.h"
#include "party/normalize.h"
#include "store/row_json.h"

namespace concord::party {

using namespace internal;  // NOLINT

namespace {

struct Candidate {
  std::string name;
  std::vector<std::string> reasons;
  double similarity = 0;
};

// Adds the visible active parties selected by `sql` (first column the party id) with a reason.
Status Collect(store::Tx& tx, const security::Access& who, const std::string& sql,
               std::vector<store::Value> params, const std::string& reason, int64_t exclude,
               std::map<int64_t, Candidate>& out) {
  security::SqlFilter f = who.Visible(kRead, {}, "p.");
  params.insert(params.end(), f.params.begin(), f.params.end());
  params.emplace_back(exclude);
  ASSIGN_OR_RETURN(auto rows,
                   tx.RowsV("SELECT p.id, p.name FROM parties p WHERE p.id IN (" + sql +
                                ") AND p.active = 1 AND " + f.sql + " AND p.id <> ? LIMIT 20",
                            params));
  for (const auto& r : rows) {
    auto& c = out[r.Int(0)];
    c.name = r.Text(1);
    if (std::find(c.reasons.begin(), c.reasons.end(), reason) == c.reasons.end()) {
      c.reasons.push_back(reason);
    }
  }
  return Status::Ok();
}

Result<std::string> ProbeCity(store::Tx& tx, const DuplicateProbe& probe) {
  if (!probe.city.empty() || probe.exclude_id == 0) return probe.city;
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT city FROM party_addresses WHERE party_id = ? AND city "
                                    "<> '' ORDER BY id LIMIT 1",
                                    probe.exclude_id));
  return row ? row->Text(0) : std::string();
}

// Parties in the same city whose name key starts with the probe's first word and is similar.
Status SimilarInCity(store::Tx& tx, const security::Access& who, const DuplicateProbe& probe,
                     const std::string& city, std::map<int64_t, Candidate>& out) {
  std::string key = NameKey(probe.name);
  if (key.empty() || city.empty()) return Status::Ok();
  std::string first = key.substr(0, key.find(' '));
  security::SqlFilter f = who.Visible(kRead, {}, "p.");
  std::vector<store::Value> params = {who.company_id(), first, PrefixEnd(first), CityKey(city)};
  params.insert(params.end(), f.params.begin(), f.params.end());
  params.emplace_back(probe.exclude_id);
  ASSIGN_OR_RETURN(auto rows,
                   tx.RowsV("SELECT p.id, p.name, p.name_key FROM parties p WHERE p.company_id = "
                            "? AND p.name_key >= ? AND p.name_key < ? AND p.active = 1 AND EXISTS "
                            "(SELECT 1 FROM party_addresses a WHERE a.party_id = p.id AND "
                            "a.city_key = ?) AND " +
                                f.sql + " AND p.id <> ? LIMIT 200",
                            params));
  for (const auto& r : rows) {
    double sim = NameSimilarity(key, r.Text(2));
    if (sim < 0.5) continue;
    auto& c = out[r.Int(0)];
    c.name = r.Text(1);
    c.reasons.push_back("name_city");
    c.similarity = sim;
  }
  return Status::Ok();
}

}  // namespace

Result<nlohmann::json> Parties::FindDuplicates(store::Tx& tx, const security::Access& who,
                                               const DuplicateProbe& probe) const {
  std::map<int64_t, Candidate> found;
  int64_t company = who.company_id();
  if (auto email = NormalizeEmail(probe.email)) {
    RETURN_IF_ERROR(Collect(tx, who,
                            "SELECT id FROM parties WHERE company_id = ? AND email_norm = ? UNION "
                            "SELECT party_id FROM party_contacts WHERE company_id = ? AND "
                            "email_norm = ?",
                            {company, *email, company, *email}, "email", probe.exclude_id, found));
  }
  ASSIGN_OR_RETURN(std::string country, DefaultCountry(tx, company));
  if (auto phone = NormalizePhone(probe.phone, country)) {
    RETURN_IF_ERROR(Collect(tx, who,
                            "SELECT id FROM parties WHERE company_id = ? AND phone_norm = ? UNION "
                            "SELECT party_id FROM party_contacts WHERE company_id = ? AND "
                            "phone_norm = ?",
                            {company, *phone, company, *phone}, "phone", probe.exclude_id, found));
  }
  if (std::string tax = QueryKey(probe.tax_id); !tax.empty()) {
    RETURN_IF_ERROR(Collect(tx, who,
                            "SELECT id FROM parties WHERE company_id = ? AND tax_id_norm = ?",
                            {company, tax}, "tax_id", probe.exclude_id, found));
  }
  ASSIGN_OR_RETURN(std::string city, ProbeCity(tx, probe));
  RETURN_IF_ERROR(SimilarInCity(tx, who, probe, city, found));
  std::vector<std::pair<int64_t, Candidate>> list(found.begin(), found.end());
  std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
    return a.second.reasons.size() != b.second.reasons.size()
               ? a.second.reasons.size() > b.second.reasons.size()
               : a.second.similarity > b.second.similarity;
  });
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < list.size() && i < 10; ++i) {
    const auto& [id, c] = list[i];
    out.push_back({{"id", id},
                   {"name", c.name},
                   {"reasons", c.reasons},
                   {"similarity_pct", static_cast<int64_t>(c.similarity * 100 + 0.5)}});
  }
  return out;
}

}  // namespace concord::party

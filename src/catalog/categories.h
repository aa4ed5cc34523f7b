// Product categories: a tree per company (e.g. Drinks / Tea). Pricing rules and promotions
// may target a category; they then apply to its products and those of its sub-categories.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::catalog {

class Categories {
 public:
  explicit Categories(const Clock& clock) : clock_(clock) {}

  // The category and its ancestors, nearest first (for matching rules); empty for none.
  static Result<std::vector<int64_t>> Lineage(store::Tx& tx, int64_t company_id,
                                              std::optional<int64_t> category_id);

  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who) const;
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body,
                                const std::function<Status(int64_t)>& check_version) const;

 private:
  const Clock& clock_;
};

}  // namespace concord::catalog

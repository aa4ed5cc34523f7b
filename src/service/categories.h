// Ticket categories: what a ticket is about (complaint, question, request), how long it may
// take (business minutes to resolve, optionally to respond first), and where it goes by
// default (department, priority).
//
// Every method runs inside the caller's transaction; routes check service.category.read /
// update. Another company's category is "not found".
// Thread-safety: stateless apart from the clock reference.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "security/access.h"
#include "security/directory.h"
#include "store/tx.h"

namespace concord::service {

inline const std::vector<std::string> kCategoryKinds = {"complaint", "question", "request"};
inline const std::vector<std::string> kPriorities = {"low", "normal", "high", "urgent"};
// A year of business minutes at most.
inline constexpr int64_t kMaxBusinessMinutes = 525600;

struct CategoryInfo {
  int64_t id = 0;
  std::string name, kind, default_priority;
  int64_t max_processing_minutes = 0;
  std::optional<int64_t> first_response_minutes;
  std::optional<int64_t> department_id;
  bool active = true;
};

class Categories {
 public:
  explicit Categories(const Clock& clock) : clock_(clock) {}

  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, int64_t limit,
                              int64_t after) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body,
                                const security::VersionCheck& check) const;

  // NotFound("category") for another company's or a missing category.
  static Result<CategoryInfo> Info(store::Tx& tx, int64_t company_id, int64_t id);

 private:
  const Clock& clock_;
};

}  // namespace concord::service

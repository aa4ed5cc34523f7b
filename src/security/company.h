// Companies: settings of the caller's company, the companies a user belongs to, new companies.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/time.h"
#include "security/access.h"
#include "security/directory.h"
#include "security/roles.h"
#include "store/tx.h"

namespace concord::security {

class Companies {
 public:
  Companies(Roles& roles, const Clock& clock) : roles_(roles), clock_(clock) {}

  // Called inside the transaction that creates a company, e.g. to seed the default pipeline
  // stages of the CRM area. Registered before serving.
  using Initializer = std::function<Status(store::Tx& tx, int64_t company_id)>;
  void AddInitializer(Initializer fn) { initializers_.push_back(std::move(fn)); }

  Result<nlohmann::json> Get(store::Tx& tx, int64_t company_id);
  Result<nlohmann::json> Update(store::Tx& tx, const Access& who, const nlohmann::json& body,
                                const VersionCheck& check);
  Result<nlohmann::json> ListForUser(store::Tx& tx, int64_t user_id);
  // The first company created (the one the command line and demo data work in), if any.
  Result<std::optional<int64_t>> FirstCompanyId(store::Tx& tx);
  // A new company; the caller becomes its administrator.
  Result<nlohmann::json> Create(store::Tx& tx, const Access& who, const nlohmann::json& body);
  // Bootstrap: a company with an Administrator role; returns {company id, admin role id}.
  Result<std::pair<int64_t, int64_t>> CreateSystem(store::Tx& tx, const std::string& name,
                                                   const std::string& currency,
                                                   const std::string& time_zone);

 private:
  Roles& roles_;
  const Clock& clock_;
  std::vector<Initializer> initializers_;
};

// For other areas: the company's currency code (NotFound if there is no such company), and
// whether a department belongs to the company.
Result<std::string> CompanyCurrency(store::Tx& tx, int64_t company_id);
struct CompanyBasics {
  std::string name, currency, time_zone, created_at;
};
Result<CompanyBasics> GetCompanyBasics(store::Tx& tx, int64_t company_id);
Result<bool> DepartmentInCompany(store::Tx& tx, int64_t company_id, int64_t department_id);
// Today in the company's time zone (the default date of its documents).
Result<Date> CompanyToday(store::Tx& tx, int64_t company_id, const Clock& clock);

}  // namespace concord::security

#include "crm/crm.h"

namespace concord::crm {

void RegisterOpportunityRoutes(http::Api& /*api*/, Services& /*s*/) {}

}  // namespace concord::crm

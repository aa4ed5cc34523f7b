#include "crm/crm.h"

namespace concord::crm {

void RegisterLeadRoutes(http::Api& /*api*/, Services& /*s*/) {}

}  // namespace concord::crm

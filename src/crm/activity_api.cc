#include "crm/crm.h"

namespace concord::crm {

void RegisterActivityRoutes(http::Api& /*api*/, Services& /*s*/) {}

}  // namespace concord::crm

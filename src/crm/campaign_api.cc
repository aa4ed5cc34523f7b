#include "crm/crm.h"

namespace concord::crm {

void RegisterCampaignRoutes(http::Api& /*api*/, Services& /*s*/) {}

}  // namespace concord::crm

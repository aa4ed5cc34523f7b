// Schema of the service area: business calendars, ticket categories, tickets with their
// progress entries, and in-app notifications written by the SLA job.
#pragma once

#include "store/migrate.h"

namespace concord::service {

store::AreaMigrations Migrations();

}  // namespace concord::service

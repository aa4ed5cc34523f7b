// Schema of the workflow area: process definitions (versioned JSON), instances bound to a
// document, their tasks and their history.
#pragma once

#include "store/migrate.h"

namespace concord::workflow {

store::AreaMigrations Migrations();

}  // namespace concord::workflow

// Shared between the board's files; not an interface for other areas.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::board {

// The sales-order column of a visible order (NotFound otherwise); "" when cancelled.
Result<std::string> OrderColumn(store::Tx& tx, const security::Access& who, int64_t id);

}  // namespace concord::board

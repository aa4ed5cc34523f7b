// Gap-free document numbers per company and document type ("SO-000042").
//
// The counter row is updated inside the caller's write transaction, so a rolled-back document
// gives its number back and committed numbers have no gaps. On PostgreSQL concurrent callers
// serialize on the counter row (the loser is retried by Database::Write).
#pragma once

#include <string>

#include "store/tx.h"

namespace concord::store {

// Configures prefix and padding for a sequence (created if missing; next value kept).
Status ConfigureSequence(Tx& tx, int64_t company_id, const std::string& doc_type,
                         const std::string& prefix, int padding);

// Takes the next number. A sequence that was never configured starts at 1 with 6 digits and
// the prefix `new_prefix`, or "<DOC_TYPE>-" when that is empty.
Result<std::string> NextNumber(Tx& tx, int64_t company_id, const std::string& doc_type,
                               const std::string& new_prefix = "");

}  // namespace concord::store

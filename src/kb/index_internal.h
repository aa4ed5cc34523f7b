// Internal to src/kb (index.cc, ranking.cc), not an interface: the single ranking query over
// every match of a question, and what the tiered plan of ranking.cc shares with it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "kb/index.h"
#include "kb/text.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::kb::internal {

// Each FTS5 query hands at most this many best rows to the join with kb_articles.
inline constexpr int64_t kIndexWindow = 1000;

// Whether pg_trgm is installed (probed once per process).
Result<bool> HasTrgm(store::Tx& tx);

// Rows (id, helpful_count, unhelpful_count, score) as candidates; a score <= 0 becomes 1e-9.
Result<std::vector<Candidate>> Collect(store::Tx& tx, std::string_view sql,
                                       std::vector<store::Value> params);

// Every article matching one of `terms` is scored by the database (bm25 / ts_rank_cd) in one
// query, best `limit` first: exact, and the cost grows with the number of matches.
Result<std::vector<Candidate>> RankAll(store::Tx& tx, const std::vector<Term>& terms,
                                       const security::SqlFilter& where, int64_t limit,
                                       bool substrings);

}  // namespace concord::kb::internal

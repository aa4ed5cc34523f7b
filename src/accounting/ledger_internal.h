// Shared by the posting service's files (ledger.cc, reverse.cc): field errors of a line, the
// daily balances, and the audit/event of a posted entry. Not for other areas.
#pragma once

#include <string>
#include <vector>

#include "accounting/ledger.h"

namespace concord::accounting::internal {

inline constexpr size_t kMaxLines = 1000;

// InvalidField("lines/<i>/<field>", code, message).
Status LineField(size_t i, const std::string& field, const std::string& code,
                 const std::string& message);

inline store::Value OptValue(const std::optional<int64_t>& v) {
  return v ? store::Value(*v) : store::Value(nullptr);
}
inline store::Value OptText(const std::string& s) {
  return s.empty() ? store::Value(nullptr) : store::Value(s);
}
// A user id, or NULL for the system (0).
inline store::Value UserValue(int64_t user_id) {
  return user_id > 0 ? store::Value(user_id) : store::Value(nullptr);
}

// Entry `id` of the company (any state) as a PostingEntry; NotFound if there is none.
Result<PostingEntry> LoadEntry(store::Tx& tx, int64_t company_id, int64_t id);

// Adds the lines' debits and credits to ledger_daily (per account, department and day).
Status AddToDaily(store::Tx& tx, int64_t company_id, Date date,
                  const std::vector<PostingLine>& lines);

// Audit row and "journal_entry.posted" event of a posted entry.
void RecordPosted(store::Tx& tx, const PostingEntry& e, int64_t id, const std::string& number,
                  int64_t total);

}  // namespace concord::accounting::internal

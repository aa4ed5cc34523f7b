#include "store/sequence.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace concord::store {
namespace {

std::string DefaultPrefix(const std::string& doc_type) {
  std::string p = doc_type;
  std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) {
    return c == '_' || c == '.' ? '-' : static_cast<char>(std::toupper(c));
  });
  return p + "-";
}

}  // namespace

Status ConfigureSequence(Tx& tx, int64_t company_id, const std::string& doc_type,
                         const std::string& prefix, int padding) {
  if (padding < 1 || padding > 18) return InvalidField("padding", "range", "padding is 1..18");
  ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE doc_sequences SET prefix = ?, padding = ? "
                                      "WHERE company_id = ? AND doc_type = ?",
                                      prefix, padding, company_id, doc_type));
  if (n == 0) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO doc_sequences (company_id, doc_type, prefix, padding, "
                            "next_value) VALUES (?, ?, ?, ?, 1)",
                            company_id, doc_type, prefix, padding)
                        .status());
  }
  return Status::Ok();
}

Result<std::string> NextNumber(Tx& tx, int64_t company_id, const std::string& doc_type,
                               const std::string& new_prefix) {
  constexpr std::string_view kTake =
      "UPDATE doc_sequences SET next_value = next_value + 1 WHERE company_id = ? AND doc_type = ? "
      "RETURNING next_value - 1, prefix, padding";
  ASSIGN_OR_RETURN(auto row, tx.One(kTake, company_id, doc_type));
  if (!row) {
    RETURN_IF_ERROR(ConfigureSequence(
        tx, company_id, doc_type, new_prefix.empty() ? DefaultPrefix(doc_type) : new_prefix, 6));
    ASSIGN_OR_RETURN(row, tx.One(kTake, company_id, doc_type));
    if (!row) return Internal("sequence row vanished");
  }
  return fmt::format("{}{:0{}}", row->Text(1), row->Int(0), static_cast<int>(row->Int(2)));
}

}  // namespace concord::store

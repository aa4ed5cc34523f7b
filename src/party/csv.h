// CSV (RFC 4180) for imports and exports. Reading accepts what spreadsheets write: quoted fields
// holding the delimiter, doubled quotes and line breaks; records ended by CRLF or LF (a lone CR
// inside a quoted field is kept as is); a UTF-8 byte order mark at the start is skipped; the last
// record may lack its line break. Writing quotes a cell only when it must, ends records with CRLF,
// and neutralises spreadsheet formulas (see CsvCell).
//
// Pure functions over strings; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace concord::party {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct CsvRecord {
  int64_t line = 0;  // 1-based line of the file where the record starts
  std::vector<std::string> cells;
};

// Every record of `text`, the header included. A record of one empty cell (an empty line) is
// kept, so that record numbers stay those a spreadsheet shows; callers skip it if they wish.
// InvalidArgument "csv.malformed" naming the line for a quote inside an unquoted cell, text
// after a closing quote, or a quote that is never closed; Code::kTooLarge "csv.too_many_records"
// when there are more than `max_records` records.
Result<std::vector<CsvRecord>> ParseCsv(std::string_view text, char delimiter = ',',
                                        size_t max_records = SIZE_MAX);

// One cell as written: quoted (quotes doubled) if it holds the delimiter, a quote, CR or LF, or
// starts or ends with a space. A cell starting with "=", "+", "-", "@", a tab or a CR, which a
// spreadsheet would run as a formula, gets a leading apostrophe ("'=1+2") -- except a plain
// number such as "-12.50" or "+8613800138000", which no spreadsheet reads as anything else.
std::string CsvCell(std::string_view value, char delimiter = ',');

// The inverse of the formula guard for importers: "'=x" -> "=x"; any other text unchanged.
std::string StripFormulaGuard(std::string_view cell);

// Builds a CSV document: optional UTF-8 BOM (so that Excel reads UTF-8, e.g. Chinese names),
// then one CRLF-terminated record per Row().
class CsvWriter {
 public:
  explicit CsvWriter(bool bom = true, char delimiter = ',');
  void Row(const std::vector<std::string>& cells);
  const std::string& text() const { return text_; }
  std::string Take() { return std::move(text_); }

 private:
  char delimiter_;
  std::string text_;
};

}  // namespace concord::party

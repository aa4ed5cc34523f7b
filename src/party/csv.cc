#include "party/csv.h"

#include <cctype>

namespace concord::party {
namespace {

Status Malformed(int64_t line, const std::string& what) {
  return InvalidArgument("csv.malformed", "CSV line " + std::to_string(line) + ": " + what);
}

// Reads records with a small state machine; one instance per ParseCsv call.
class Reader {
 public:
  Reader(std::string_view text, char delimiter, size_t max_records)
      : text_(text), delimiter_(delimiter), max_records_(max_records) {}

  Result<std::vector<CsvRecord>> Run() {
    while (pos_ < text_.size()) RETURN_IF_ERROR(Step());
    if (state_ == State::kQuoted) {
      return Malformed(quote_line_, "a quoted cell is never closed.");
    }
    if (state_ != State::kStart || !record_.cells.empty()) RETURN_IF_ERROR(EndRecord());
    return std::move(out_);
  }

 private:
  enum class State { kStart, kUnquoted, kQuoted, kAfterQuote };

  // A line break at pos_ (LF, CRLF or a lone CR): its length, else 0.
  size_t LineBreak() const {
    if (text_[pos_] == '\n') return 1;
    if (text_[pos_] != '\r') return 0;
    return pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n' ? 2 : 1;
  }

  Status Step() {
    char c = text_[pos_];
    switch (state_) {
      case State::kStart:
        if (c == '"') {
          state_ = State::kQuoted;
          quote_line_ = line_;
          ++pos_;
          return Status::Ok();
        }
        state_ = State::kUnquoted;
        return Step();
      case State::kUnquoted:
        if (c == '"') return Malformed(line_, "a quote inside an unquoted cell.");
        return Separator(c);
      case State::kQuoted: return Quoted(c);
      case State::kAfterQuote:
        if (c != delimiter_ && LineBreak() == 0) {
          return Malformed(line_, "text after the closing quote of a cell.");
        }
        return Separator(c);
    }
    return Status::Ok();
  }

  // The delimiter or a line break ends the cell (and the record); other characters are text.
  Status Separator(char c) {
    if (c == delimiter_) {
      EndCell();
      ++pos_;
      return Status::Ok();
    }
    if (size_t n = LineBreak()) {
      pos_ += n;
      RETURN_IF_ERROR(EndRecord());
      ++line_;
      return Status::Ok();
    }
    cell_ += c;
    ++pos_;
    return Status::Ok();
  }

  Status Quoted(char c) {
    if (c == '"') {
      if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
        cell_ += '"';
        pos_ += 2;
      } else {
        state_ = State::kAfterQuote;
        ++pos_;
      }
      return Status::Ok();
    }
    if (size_t n = LineBreak()) {  // kept as one LF whatever the file used
      cell_ += '\n';
      pos_ += n;
      ++line_;
      return Status::Ok();
    }
    cell_ += c;
    ++pos_;
    return Status::Ok();
  }

  void EndCell() {
    if (record_.cells.empty()) record_.line = record_line_;
    record_.cells.push_back(std::move(cell_));
    cell_.clear();
    state_ = State::kStart;
  }

  Status EndRecord() {
    EndCell();
    if (out_.size() >= max_records_) {
      return Status(Code::kTooLarge, "csv.too_many_records",
                    "The file has more than " + std::to_string(max_records_) + " records.");
    }
    out_.push_back(std::move(record_));
    record_ = CsvRecord();
    record_line_ = line_ + 1;
    return Status::Ok();
  }

  std::string_view text_;
  char delimiter_;
  size_t max_records_;
  size_t pos_ = 0;
  int64_t line_ = 1;
  int64_t record_line_ = 1;
  int64_t quote_line_ = 1;
  State state_ = State::kStart;
  std::string cell_;
  CsvRecord record_;
  std::vector<CsvRecord> out_;
};

bool IsPlainNumber(std::string_view v) {
  size_t i = v.size() > 1 && (v[0] == '+' || v[0] == '-') ? 1 : 0;
  bool digits = false;
  bool dot = false;
  for (; i < v.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(v[i]))) {
      digits = true;
    } else if (v[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

bool StartsFormula(std::string_view v) {
  if (v.empty()) return false;
  char c = v[0];
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

}  // namespace

Result<std::vector<CsvRecord>> ParseCsv(std::string_view text, char delimiter, size_t max_records) {
  if (text.starts_with(kUtf8Bom)) text.remove_prefix(kUtf8Bom.size());
  return Reader(text, delimiter, max_records).Run();
}

std::string CsvCell(std::string_view value, char delimiter) {
  std::string v;
  if (StartsFormula(value) && !IsPlainNumber(value)) v = "'";
  v.append(value);
  bool quote = !v.empty() && (v.front() == ' ' || v.back() == ' ');
  for (char c : v) quote = quote || c == delimiter || c == '"' || c == '\r' || c == '\n';
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string StripFormulaGuard(std::string_view cell) {
  if (cell.size() >= 2 && cell[0] == '\'' && StartsFormula(cell.substr(1))) {
    return std::string(cell.substr(1));
  }
  return std::string(cell);
}

CsvWriter::CsvWriter(bool bom, char delimiter) : delimiter_(delimiter) {
  if (bom) text_.append(kUtf8Bom);
}

void CsvWriter::Row(const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) text_ += delimiter_;
    text_ += CsvCell(cells[i], delimiter_);
  }
  text_ += "\r\n";
}

}  // namespace concord::party

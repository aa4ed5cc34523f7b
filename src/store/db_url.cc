// Database URL parsing and `?` -> `$n` placeholder rewriting (see store/db.h).
#include <cctype>
#include <string>
#include <string_view>

#include "store/db.h"

namespace concord::store {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr std::string_view kPostgresPrefixes[] = {"postgresql://", "postgres://"};

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Copies a quoted token that starts at sql[i] (the opening quote) to `out` and returns the
// index just past it. A doubled quote inside is an escaped quote; with `backslash_escapes`
// (PostgreSQL E'...' strings) a backslash escapes the next character. An unterminated token
// runs to the end of the text.
size_t CopyQuoted(std::string_view sql, size_t i, bool backslash_escapes, std::string& out) {
  const char quote = sql[i];
  size_t j = i + 1;
  while (j < sql.size()) {
    if (backslash_escapes && sql[j] == '\\' && j + 1 < sql.size()) {
      j += 2;
    } else if (sql[j] == quote) {
      if (j + 1 < sql.size() && sql[j + 1] == quote) {
        j += 2;
      } else {
        ++j;
        break;
      }
    } else {
      ++j;
    }
  }
  out.append(sql.substr(i, j - i));
  return j;
}

// Copies a `-- ...` comment up to (not including) the end of the line.
size_t CopyLineComment(std::string_view sql, size_t i, std::string& out) {
  size_t end = sql.find('\n', i);
  if (end == std::string_view::npos) end = sql.size();
  out.append(sql.substr(i, end - i));
  return end;
}

// Copies a `/* ... */` comment; PostgreSQL block comments nest.
size_t CopyBlockComment(std::string_view sql, size_t i, std::string& out) {
  int depth = 0;
  size_t j = i;
  while (j < sql.size()) {
    if (sql.compare(j, 2, "/*") == 0) {
      ++depth;
      j += 2;
    } else if (sql.compare(j, 2, "*/") == 0) {
      j += 2;
      if (--depth == 0) break;
    } else {
      ++j;
    }
  }
  out.append(sql.substr(i, j - i));
  return j;
}

// True if the quote at sql[i] opens an escape string literal (E'...' / e'...').
bool IsEscapeString(std::string_view sql, size_t i) {
  if (i == 0 || (sql[i - 1] != 'E' && sql[i - 1] != 'e')) return false;
  return i == 1 || !IsIdentChar(sql[i - 2]);
}

}  // namespace

Result<DbUrl> ParseDbUrl(std::string_view url) {
  if (url.starts_with(kSqlitePrefix)) {
    std::string_view path = url.substr(kSqlitePrefix.size());
    if (path.empty()) {
      return InvalidArgument("db.bad_url", "sqlite URL has no path (expected sqlite:PATH)");
    }
    return DbUrl{Dialect::kSqlite, std::string(path)};
  }
  for (std::string_view prefix : kPostgresPrefixes) {
    if (url.starts_with(prefix)) return DbUrl{Dialect::kPostgres, std::string(url)};
  }
  // The URL itself is not echoed: it may carry a password.
  return InvalidArgument("db.bad_url",
                         "unsupported database URL (expected sqlite:PATH or postgresql://...)");
}

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next_param = 1;
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'') {
      i = CopyQuoted(sql, i, IsEscapeString(sql, i), out);
    } else if (c == '"') {
      i = CopyQuoted(sql, i, false, out);
    } else if (c == '-' && sql.compare(i, 2, "--") == 0) {
      i = CopyLineComment(sql, i, out);
    } else if (c == '/' && sql.compare(i, 2, "/*") == 0) {
      i = CopyBlockComment(sql, i, out);
    } else if (c == '?') {
      out += '$';
      out += std::to_string(next_param++);
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

}  // namespace concord::store

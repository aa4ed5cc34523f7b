// An iCalendar (RFC 5545) writer for the activities feed: a VCALENDAR of VEVENTs (meetings and
// calls with a due time) and VTODOs (tasks, e-mails, calls without a time). Output is UTF-8
// with CRLF line ends, content lines folded at 75 octets without splitting a UTF-8 sequence,
// TEXT values escaped (backslash, semicolon, comma, newline) and every time in UTC
// ("YYYYMMDDTHHMMSSZ"). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace concord::crm::ical {

// One activity as a calendar component.
struct Item {
  int64_t id = 0;
  std::string kind;  // call | meeting | email | task | note (notes are not written)
  std::string subject;
  std::string description;
  std::string location;
  std::optional<Timestamp> due_at;
  std::optional<Timestamp> ends_at;
  std::optional<Timestamp> done_at;
  Timestamp created_at;
  Timestamp updated_at;  // DTSTAMP and LAST-MODIFIED (no METHOD: the last revision, 3.8.7.2)
};

// TEXT escaping (RFC 5545 3.3.11): "\" "\\", ";" "\;", "," "\,", a line break (LF, CRLF or a
// lone CR) "\n"; other control characters, which TEXT may not hold, are dropped.
std::string EscapeText(std::string_view text);

// One content line, folded (3.1): at most 75 octets per physical line, continuation lines
// start with a space, breaks fall between UTF-8 sequences. Ends with CRLF.
std::string FoldLine(std::string_view line);

// "20261122T192347Z" (DATE-TIME in UTC, form #2; fractions of a second are dropped).
std::string FormatUtc(Timestamp t);

// "activity-<id>@concord"
std::string Uid(int64_t id);

// The whole calendar. `name` becomes X-WR-CALNAME (shown by calendar apps).
std::string Calendar(const std::vector<Item>& items, std::string_view name);

}  // namespace concord::crm::ical

#include "crm/ical.h"

namespace concord::crm::ical {
namespace {

constexpr size_t kMaxOctets = 75;

bool IsContinuation(unsigned char c) { return (c & 0xc0) == 0x80; }

void Add(std::string& out, std::string_view name, std::string_view value) {
  std::string line(name);
  line += ':';
  line += value;
  out += FoldLine(line);
}

void AddText(std::string& out, std::string_view name, std::string_view text) {
  if (!text.empty()) Add(out, name, EscapeText(text));
}

void AddTime(std::string& out, std::string_view name, const std::optional<Timestamp>& t) {
  if (t) Add(out, name, FormatUtc(*t));
}

// A meeting or call with a time is an event in the calendar; everything else a to-do.
bool IsEvent(const Item& item) {
  return item.due_at && (item.kind == "meeting" || item.kind == "call");
}

void AddEvent(std::string& out, const Item& item) {
  AddTime(out, "DTSTART", item.due_at);
  if (item.ends_at && *item.ends_at > *item.due_at) {
    AddTime(out, "DTEND", item.ends_at);
  } else {
    Add(out, "DURATION", item.kind == "meeting" ? "PT1H" : "PT30M");
  }
  Add(out, "STATUS", "CONFIRMED");
}

void AddTodo(std::string& out, const Item& item) {
  AddTime(out, "DUE", item.due_at);
  if (item.done_at) {
    Add(out, "STATUS", "COMPLETED");
    AddTime(out, "COMPLETED", item.done_at);
  } else {
    Add(out, "STATUS", "NEEDS-ACTION");
  }
}

void AddItem(std::string& out, const Item& item) {
  const char* component = IsEvent(item) ? "VEVENT" : "VTODO";
  Add(out, "BEGIN", component);
  Add(out, "UID", Uid(item.id));
  Add(out, "DTSTAMP", FormatUtc(item.updated_at));
  Add(out, "CREATED", FormatUtc(item.created_at));
  Add(out, "LAST-MODIFIED", FormatUtc(item.updated_at));
  AddText(out, "SUMMARY", item.subject);
  AddText(out, "DESCRIPTION", item.description);
  AddText(out, "LOCATION", item.location);
  Add(out, "CATEGORIES", EscapeText(item.kind));
  if (IsEvent(item)) {
    AddEvent(out, item);
  } else {
    AddTodo(out, item);
  }
  Add(out, "END", component);
}

}  // namespace

std::string EscapeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r':
        out += "\\n";
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        break;
      default:
        // TEXT excludes the control characters other than HTAB (3.3.11, 3.1).
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) break;
        out.push_back(c);
    }
  }
  return out;
}

std::string FoldLine(std::string_view line) {
  std::string out;
  size_t limit = kMaxOctets;  // the first line has 75 octets; later ones 74 after the space
  while (line.size() > limit) {
    size_t cut = limit;
    while (cut > 0 && IsContinuation(static_cast<unsigned char>(line[cut]))) --cut;
    if (cut == 0) cut = limit;  // not UTF-8 at all: cut anyway rather than loop
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = kMaxOctets - 1;
  }
  out.append(line);
  out += "\r\n";
  return out;
}

std::string FormatUtc(Timestamp t) {
  std::string iso = t.ToIso();  // "2026-11-22T19:23:47.123456Z"
  return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + "T" + iso.substr(11, 2) +
         iso.substr(14, 2) + iso.substr(17, 2) + "Z";
}

std::string Uid(int64_t id) { return "activity-" + std::to_string(id) + "@concord"; }

std::string Calendar(const std::vector<Item>& items, std::string_view name) {
  std::string out;
  Add(out, "BEGIN", "VCALENDAR");
  Add(out, "VERSION", "2.0");
  Add(out, "PRODID", "-//concord//CRM activities//EN");
  Add(out, "CALSCALE", "GREGORIAN");
  AddText(out, "X-WR-CALNAME", name);
  for (const auto& item : items) {
    if (item.kind != "note") AddItem(out, item);
  }
  Add(out, "END", "VCALENDAR");
  return out;
}

}  // namespace concord::crm::ical

#include "party/vcard.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace concord::party::vcard {
namespace {

constexpr size_t kMaxOctets = 75;

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// ---- writing helpers

void Add(std::string& out, std::string_view line) { out += FoldLine(line); }

std::string Types(const std::vector<std::string>& types) {
  std::string out;
  for (const auto& t : types) out += (out.empty() ? ";TYPE=" : ",") + t;
  return out;
}

bool IsE164(std::string_view n) {
  if (n.size() < 7 || n.size() > 16 || n[0] != '+') return false;
  return std::all_of(n.begin() + 1, n.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

void WriteCard(std::string& out, const Card& card) {
  Add(out, "BEGIN:VCARD");
  Add(out, "VERSION:4.0");
  if (!card.uid.empty()) Add(out, "UID:" + card.uid);
  Add(out, "FN:" + EscapeText(card.full_name));
  auto [family, given] = card.family_name.empty() && card.given_name.empty()
                             ? SplitName(card.full_name)
                             : std::make_pair(card.family_name, card.given_name);
  Add(out, "N:" + EscapeText(family) + ";" + EscapeText(given) + ";;;");
  if (!card.org.empty()) Add(out, "ORG:" + EscapeText(card.org));
  if (!card.title.empty()) Add(out, "TITLE:" + EscapeText(card.title));
  for (const auto& [address, type] : card.emails) {
    Add(out, "EMAIL" + Types(type.empty() ? std::vector<std::string>{} : std::vector{type}) + ":" +
                 EscapeText(address));
  }
  for (const auto& tel : card.telephones) {
    if (IsE164(tel.number)) {
      Add(out, "TEL;VALUE=uri" + Types(tel.types) + ":tel:" + tel.number);
    } else {
      Add(out, "TEL" + Types(tel.types) + ":" + EscapeText(tel.number));
    }
  }
  for (const auto& a : card.addresses) {
    Add(out, "ADR" + Types(a.types) + ":;;" + EscapeText(a.street) + ";" + EscapeText(a.locality) +
                 ";" + EscapeText(a.region) + ";" + EscapeText(a.postal_code) + ";" +
                 EscapeText(a.country));
  }
  if (!card.language.empty()) Add(out, "LANG:" + card.language);
  if (!card.note.empty()) Add(out, "NOTE:" + EscapeText(card.note));
  Add(out, "END:VCARD");
}

// The first code point of `s` and its length in bytes; nullopt for invalid UTF-8.
std::optional<std::pair<char32_t, size_t>> FirstCodePoint(std::string_view s) {
  if (s.empty()) return std::nullopt;
  auto c = static_cast<unsigned char>(s[0]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || s.size() < len) return std::nullopt;
  char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
  for (size_t i = 1; i < len; ++i) {
    if (!IsContinuation(static_cast<unsigned char>(s[i]))) return std::nullopt;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  }
  return std::make_pair(cp, len);
}

bool IsHan(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x20000 && cp <= 0x2A6DF);
}

// ---- reading helpers

struct LogicalLine {
  int64_t line = 0;
  std::string text;
};

std::vector<LogicalLine> Unfold(std::string_view text) {
  std::vector<LogicalLine> out;
  int64_t number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    pos = end + 1;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !out.empty()) {
      out.back().text.append(line.substr(1));
    } else {
      out.push_back({number, std::string(line)});
    }
  }
  return out;
}

// Splits on `sep` outside double quotes.
std::vector<std::string_view> SplitOutsideQuotes(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  bool quoted = false;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"') quoted = !quoted;
    if (s[i] == sep && !quoted) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(s.substr(start));
  return out;
}

// A parameter value: surrounding quotes removed, RFC 6868 caret escapes decoded.
std::string ParamValue(std::string_view v) {
  v = Trim(v);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '^' && i + 1 < v.size() &&
        (v[i + 1] == 'n' || v[i + 1] == '^' || v[i + 1] == '\'')) {
      char next = v[++i];
      out += next == 'n' ? '\n' : next == '\'' ? '"' : '^';
    } else {
      out += v[i];
    }
  }
  return out;
}

bool ValidName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
}

// One content line; nullopt (with `error`) if it is not "name[;params]:value".
std::optional<Property> ParseLine(const LogicalLine& l, std::string& error) {
  bool quoted = false;
  size_t colon = std::string::npos;
  for (size_t i = 0; i < l.text.size() && colon == std::string::npos; ++i) {
    if (l.text[i] == '"') quoted = !quoted;
    if (l.text[i] == ':' && !quoted) colon = i;
  }
  if (colon == std::string::npos) {
    error = "line " + std::to_string(l.line) + " is not a vCard property (no \":\").";
    return std::nullopt;
  }
  Property p;
  p.line = l.line;
  p.value = l.text.substr(colon + 1);
  auto parts = SplitOutsideQuotes(std::string_view(l.text).substr(0, colon), ';');
  std::string_view name = Trim(parts[0]);
  if (size_t dot = name.find('.'); dot != std::string_view::npos) {
    p.group = std::string(name.substr(0, dot));
    name.remove_prefix(dot + 1);
  }
  if (!ValidName(name)) {
    error = "line " + std::to_string(l.line) + " has an invalid property name.";
    return std::nullopt;
  }
  p.name = Upper(name);
  for (size_t i = 1; i < parts.size(); ++i) {
    size_t eq = parts[i].find('=');
    if (eq == std::string_view::npos) {  // vCard 3.0 "TEL;WORK;VOICE:"
      p.params.emplace_back("TYPE", Lower(Trim(parts[i])));
      continue;
    }
    std::string pname = Upper(Trim(parts[i].substr(0, eq)));
    for (auto v : SplitOutsideQuotes(parts[i].substr(eq + 1), ',')) {
      std::string value = ParamValue(v);
      if (pname != "TYPE") {
        p.params.emplace_back(pname, value);
        continue;
      }
      for (auto t : SplitOutsideQuotes(value, ',')) p.params.emplace_back(pname, Lower(Trim(t)));
    }
  }
  return p;
}

bool IsCardMarker(const Property& p, std::string_view marker) {
  return p.name == marker && Upper(Trim(p.value)) == "VCARD";
}

void FinishCard(ParsedCard& card, std::vector<ParsedCard>& out) {
  if (card.error.empty()) {
    std::string v(Trim(card.version));
    if (v.empty()) {
      card.error = "VERSION is missing.";
      card.error_line = card.line;
    } else if (v != "3.0" && v != "4.0") {
      card.error = "vCard version " + v + " is not supported (3.0 and 4.0 are).";
      card.error_line = card.line;
    }
  }
  out.push_back(std::move(card));
}

void SetError(ParsedCard& card, int64_t line, const std::string& message) {
  if (!card.error.empty()) return;
  card.error = message;
  card.error_line = line;
}

}  // namespace

std::string EscapeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ',': out += "\\,"; break;
      case ';': out += "\\;"; break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n': out += "\\n"; break;
      default: {
        auto u = static_cast<unsigned char>(c);
        if ((u >= 0x20 && u != 0x7F) || c == '\t') out += c;
      }
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

std::pair<std::string, std::string> SplitName(std::string_view full_name) {
  std::string_view name = Trim(full_name);
  if (size_t space = name.rfind(' '); space != std::string_view::npos) {
    return {std::string(Trim(name.substr(space + 1))), std::string(Trim(name.substr(0, space)))};
  }
  auto first = FirstCodePoint(name);
  if (!first || !IsHan(first->first) || name.size() <= first->second)
    return {"", std::string(name)};
  static const char* const kCompound[] = {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫",
                                          "令狐", "慕容", "尉迟", "夏侯", "公孙", "轩辕",
                                          "长孙", "宇文", "司徒", "端木", "歐陽", "諸葛"};
  for (std::string_view compound : kCompound) {
    if (name.size() > compound.size() && name.starts_with(compound)) {
      return {std::string(compound), std::string(name.substr(compound.size()))};
    }
  }
  return {std::string(name.substr(0, first->second)), std::string(name.substr(first->second))};
}

std::string Write(const std::vector<Card>& cards) {
  std::string out;
  for (const auto& card : cards) WriteCard(out, card);
  return out;
}

bool Property::HasType(std::string_view type) const {
  std::string wanted = Lower(type);
  for (const auto& [name, value] : params) {
    if (name == "TYPE" && value == wanted) return true;
    if (name == "PREF" && wanted == "pref") return true;
  }
  return false;
}

std::string Property::Text() const { return UnescapeText(value); }

std::vector<std::string> Property::Components() const {
  std::vector<std::string> out;
  std::string current;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) {
      current += value[i];
      current += value[++i];
    } else if (value[i] == ';') {
      out.push_back(UnescapeText(current));
      current.clear();
    } else {
      current += value[i];
    }
  }
  out.push_back(UnescapeText(current));
  return out;
}

const Property* ParsedCard::First(std::string_view name) const {
  for (const auto& p : properties) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::vector<const Property*> ParsedCard::All(std::string_view name) const {
  std::vector<const Property*> out;
  for (const auto& p : properties) {
    if (p.name == name) out.push_back(&p);
  }
  return out;
}

ParseResult Parse(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  ParseResult out;
  std::optional<ParsedCard> card;
  int count = 0;
  for (const auto& l : Unfold(text)) {
    if (Trim(l.text).empty()) continue;
    std::string error;
    auto p = ParseLine(l, error);
    if (card && p && IsCardMarker(*p, "BEGIN")) {
      SetError(*card, l.line,
               "The card is not ended by END:VCARD before line " + std::to_string(l.line) + ".");
      FinishCard(*card, out.cards);
      card.reset();
    }
    if (!card) {
      if (p && IsCardMarker(*p, "BEGIN")) {
        card = ParsedCard{++count, l.line, "", {}, "", 0};
      } else {
        out.stray.push_back(
            {l.line, "Line " + std::to_string(l.line) + " is outside BEGIN:VCARD ... END:VCARD."});
      }
      continue;
    }
    if (!p) {
      SetError(*card, l.line, error);
    } else if (IsCardMarker(*p, "END")) {
      FinishCard(*card, out.cards);
      card.reset();
    } else if (p->name == "VERSION") {
      card->version = p->value;
    } else {
      card->properties.push_back(std::move(*p));
    }
  }
  if (card) {
    SetError(*card, card->line, "The card is never ended (END:VCARD is missing).");
    FinishCard(*card, out.cards);
  }
  return out;
}

std::string UnescapeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    char next = text[++i];
    out += next == 'n' || next == 'N' ? '\n' : next;
  }
  return out;
}

}  // namespace concord::party::vcard

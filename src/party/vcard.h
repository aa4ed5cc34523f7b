// vCard (RFC 6350) for exchanging contacts with address books and phones.
//
// Writing produces vCard 4.0: UTF-8, CRLF line ends, content lines folded at 75 octets without
// splitting a UTF-8 sequence, TEXT values escaped (backslash, comma, semicolon, line breaks),
// telephone numbers in E.164 as tel: URIs. Reading accepts vCard 3.0 and 4.0 as address books
// export them: several cards in one text, folded lines (CRLF or LF, continuation by a space or
// tab), property groups ("item1.EMAIL"), TYPE parameters in 4.0 form ("TYPE=work,voice") and in
// 3.0 bare form ("TEL;WORK;CELL"), quoted parameter values, RFC 6868 caret escapes.
//
// Pure functions over strings; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace concord::party::vcard {

// ---- writing

// TEXT escaping (RFC 6350 3.4): "\" "\\", "," "\,", ";" "\;", a line break (LF, CRLF or a lone
// CR) "\n"; other control characters, which TEXT may not hold, are dropped.
std::string EscapeText(std::string_view text);

// One content line folded (3.2): at most 75 octets per physical line, continuation lines start
// with a space, breaks fall between UTF-8 sequences. Ends with CRLF.
std::string FoldLine(std::string_view line);

struct Telephone {
  std::string number;              // E.164 ("+8613800138000") -> a tel: URI; anything else -> text
  std::vector<std::string> types;  // "work", "cell", "voice" ...
};

struct Address {
  std::vector<std::string> types;
  std::string street, locality, region, postal_code, country;
};

// One card. Empty members are not written.
struct Card {
  std::string uid;                      // a URI, e.g. "urn:uuid:..."
  std::string full_name;                // FN (required by the format; written even if empty)
  std::string family_name, given_name;  // N; both empty: derived with SplitName(full_name)
  std::string org;
  std::string title;
  std::vector<std::pair<std::string, std::string>> emails;  // {address, type}
  std::vector<Telephone> telephones;
  std::vector<Address> addresses;
  std::string language;  // LANG (a BCP 47 tag)
  std::string note;
};

// {family, given} of a full name: "Mary Ann Smith" -> {"Smith", "Mary Ann"}; a Chinese name
// without spaces "陈爱丽" -> {"陈", "爱丽"} (common two-character surnames such as 欧阳 kept
// whole); a single word -> {"", word}.
std::pair<std::string, std::string> SplitName(std::string_view full_name);

// The cards as one vCard 4.0 text.
std::string Write(const std::vector<Card>& cards);

// ---- reading

struct Property {
  int64_t line = 0;   // physical line where the property starts
  std::string group;  // "item1" of "item1.EMAIL"; usually empty
  std::string name;   // upper case
  std::vector<std::pair<std::string, std::string>> params;  // upper-case name, one per value
  std::string value;                                        // unfolded, still escaped

  // TYPE values (lower case), including the bare 3.0 form and PREF.
  bool HasType(std::string_view type) const;
  // The value unescaped as TEXT.
  std::string Text() const;
  // A structured value (N, ADR, ORG) split on unescaped ";", each component unescaped.
  std::vector<std::string> Components() const;
};

struct ParsedCard {
  int number = 0;    // 1-based position in the text
  int64_t line = 0;  // line of BEGIN:VCARD
  std::string version;
  std::vector<Property> properties;
  std::string error;  // the first structural problem, "" if none
  int64_t error_line = 0;

  const Property* First(std::string_view name) const;
  std::vector<const Property*> All(std::string_view name) const;
};

struct StrayText {
  int64_t line = 0;
  std::string message;
};

struct ParseResult {
  std::vector<ParsedCard> cards;
  std::vector<StrayText> stray;  // problems outside any card
};

// Every card of the text. Structural problems (a line without ":", BEGIN inside a card, a card
// never ended, a missing or unsupported VERSION) are reported on the card; non-blank text
// outside any card in `stray`.
ParseResult Parse(std::string_view text);

// Unescapes TEXT: "\\" "\,", "\;", "\n" and "\N"; an unknown escape keeps the character.
std::string UnescapeText(std::string_view text);

}  // namespace concord::party::vcard

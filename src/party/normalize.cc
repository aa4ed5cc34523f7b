#include "party/normalize.h"

#include <unicode/coll.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "party/phone.h"

namespace concord::party {
namespace {

// Text beyond this is ignored: no name is this long, and it bounds the work (and keeps every
// length within ICU's int32_t) for hostile input.
constexpr std::size_t kMaxInputBytes = 1 << 20;
constexpr std::size_t kMaxSearchKeyBytes = 64;
constexpr std::size_t kMaxHanSuffixes = 16;
// Names are collated on their first code points only; see SortKey.
constexpr int32_t kMaxSortKeyCodePoints = 128;
constexpr std::size_t kMaxEmailBytes = 254;
constexpr std::size_t kMaxEmailLocalBytes = 64;
constexpr std::size_t kMaxDomainLabelBytes = 63;
constexpr std::string_view kMaxCodePointUtf8 = "\xf4\x8f\xbf\xbf";  // U+10FFFF

// Legal-form words, removed only at the end of a name (after case folding and punctuation
// removal, so "Co.," is "co" and "S.A." is "s a").
constexpr auto kLegalForms = std::to_array<std::string_view>({
    "ab",   "ag",          "aps",  "as",   "asa",          "bhd", "bv",   "co",      "company",
    "corp", "corporation", "gmbh", "inc",  "incorporated", "kg",  "kgaa", "limited", "llc",
    "llp",  "lp",          "ltd",  "ltda", "nv",           "oy",  "oyj",  "plc",     "pte",
    "pty",  "pvt",         "sa",   "sarl", "sas",          "sdn", "se",   "spa",     "srl",
});

// Legal-form suffixes of Han names, longest first so the longest match wins. Traditional
// forms and the Japanese kabushiki/yugen kaisha are included: NFKC does not unify them.
constexpr auto kHanLegalSuffixes = std::to_array<std::string_view>({
    "股份有限公司",
    "有限责任公司",
    "有限責任公司",
    "有限公司",
    "株式会社",
    "有限会社",
    "集团",
    "集團",
    "公司",
});

std::string_view Clamp(std::string_view text) { return text.substr(0, kMaxInputBytes); }

bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsAscii(std::string_view text) {
  return std::none_of(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; });
}

std::string_view TrimAscii(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  return text;
}

// Decodes the code point at `*pos` and advances past it; an invalid sequence reads as U+FFFD.
UChar32 NextCodePoint(std::string_view text, std::size_t* pos) {
  int32_t i = static_cast<int32_t>(*pos);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
  *pos = static_cast<std::size_t>(i);
  return c < 0 ? 0xFFFD : c;
}

void AppendUtf8(UChar32 c, std::string* out) {
  uint8_t buffer[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(buffer, length, c);
  out->append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
}

// No Han character precedes U+2E80 (CJK Radicals Supplement); the check skips the property
// lookup for Latin text.
bool IsHan(UChar32 c) {
  return c >= 0x2E80 && u_getIntPropertyValue(c, UCHAR_SCRIPT) == USCRIPT_HAN;
}

bool ContainsHan(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<uint8_t>(text[i]) < 0x80) {
      ++i;
    } else if (IsHan(NextCodePoint(text, &i))) {
      return true;
    }
  }
  return false;
}

icu::UnicodeString FromUtf8(std::string_view text) {
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
}

// NFKC + full case folding of `source`. Falls back to plain case folding if the normalisation
// data is missing rather than failing.
icu::UnicodeString FoldCase(const icu::UnicodeString& source) {
  static const icu::Normalizer2* const kNfkcCasefold = [] {
    UErrorCode error = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(error);
    return U_SUCCESS(error) ? normalizer : nullptr;
  }();
  if (kNfkcCasefold != nullptr) {
    UErrorCode error = U_ZERO_ERROR;
    icu::UnicodeString folded = kNfkcCasefold->normalize(source, error);
    if (U_SUCCESS(error)) return folded;
  }
  icu::UnicodeString folded = source;
  return folded.foldCase();
}

// Punctuation, symbols (U+FFFD included), separators, controls and noncharacters all split
// words. Noncharacters must: U+10FFFF is PrefixEnd's bound and may not occur inside a key.
bool IsWordSeparator(UChar32 c) {
  constexpr uint32_t kSeparatorCategories = U_GC_P_MASK | U_GC_S_MASK | U_GC_Z_MASK | U_GC_CC_MASK;
  return (U_GET_GC_MASK(c) & kSeparatorCategories) != 0 || u_isUWhiteSpace(c) ||
         U_IS_UNICODE_NONCHAR(c) || U_IS_SURROGATE(c);
}

// Folds `text` and splits it into words at separators (see IsWordSeparator); format
// characters (Cf) that survive NFKC_Casefold are dropped.
std::vector<std::string> FoldedWords(std::string_view text) {
  std::vector<std::string> words;
  bool in_word = false;
  auto start_word = [&] {
    if (!in_word) words.emplace_back();
    in_word = true;
  };
  if (IsAscii(text)) {  // NFKC_Casefold of ASCII is ASCII lower-casing: skip ICU entirely.
    for (char c : text) {
      if (IsAsciiAlnum(c)) {
        start_word();
        words.back().push_back(AsciiLower(c));
      } else {
        in_word = false;
      }
    }
    return words;
  }
  // Separators are mapped before NFKC too: it would turn symbols into letters ("™" -> "tm",
  // "㎏" -> "kg"), and after it, as it also makes punctuation ("⑴" -> "(1)").
  icu::UnicodeString source = FromUtf8(text);
  for (int32_t i = 0; i < source.length();) {
    UChar32 c = source.char32At(i);
    int32_t length = U16_LENGTH(c);
    if (IsWordSeparator(c)) {
      source.replace(i, length, u' ');
      length = 1;
    }
    i += length;
  }
  icu::UnicodeString folded = FoldCase(source);
  for (int32_t i = 0; i < folded.length();) {
    UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if (IsWordSeparator(c)) {
      in_word = false;
    } else if ((U_GET_GC_MASK(c) & U_GC_CF_MASK) == 0) {
      start_word();
      AppendUtf8(c, &words.back());
    }
  }
  return words;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) {
    if (word.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out += word;
  }
  return out;
}

// Removes Han legal-form suffixes at the end of every Han run, longest first and repeatedly
// ("阿克米集团有限公司" -> "阿克米"), but never the whole name ("有限公司" stays).
void StripHanLegalSuffixes(std::vector<std::string>* words) {
  std::size_t total_bytes = 0;
  for (const std::string& word : *words) total_bytes += word.size();
  for (std::string& word : *words) {
    std::vector<std::size_t> run_ends;
    bool in_han = false;
    for (std::size_t i = 0; i < word.size();) {
      std::size_t here = i;
      bool han = IsHan(NextCodePoint(word, &i));
      if (in_han && !han) run_ends.push_back(here);
      in_han = han;
    }
    if (in_han) run_ends.push_back(word.size());
    // Back to front, so erasing does not move the run ends still to visit.
    for (auto end = run_ends.rbegin(); end != run_ends.rend(); ++end) {
      std::size_t at = *end;
      while (true) {
        auto suffix = std::find_if(
            kHanLegalSuffixes.begin(), kHanLegalSuffixes.end(), [&](std::string_view s) {
              return at >= s.size() && std::string_view(word).substr(at - s.size(), s.size()) == s;
            });
        if (suffix == kHanLegalSuffixes.end() || suffix->size() >= total_bytes) break;
        word.erase(at - suffix->size(), suffix->size());
        at -= suffix->size();
        total_bytes -= suffix->size();
      }
    }
  }
  std::erase_if(*words, [](const std::string& word) { return word.empty(); });
}

bool IsLegalForm(std::string_view word) {
  return std::find(kLegalForms.begin(), kLegalForms.end(), word) != kLegalForms.end();
}

bool IsSingleLetter(const std::string& word) {
  return word.size() == 1 && word[0] >= 'a' && word[0] <= 'z';
}

// Removes trailing legal-form words ("co ltd", "gmbh co kg", and dotted "s a" for "S.A."),
// always keeping the first word: "AG" alone stays "ag".
void StripLatinLegalForms(std::vector<std::string>* words) {
  constexpr std::size_t kMaxDottedLetters = 4;
  while (words->size() > 1) {
    if (IsLegalForm(words->back())) {
      words->pop_back();
      continue;
    }
    std::size_t letters = 0;
    while (letters < kMaxDottedLetters && letters + 1 < words->size() &&
           IsSingleLetter((*words)[words->size() - 1 - letters])) {
      ++letters;
    }
    bool stripped = false;
    for (std::size_t k = letters; k >= 2 && !stripped; --k) {
      std::string joined;
      for (std::size_t i = words->size() - k; i < words->size(); ++i) joined += (*words)[i];
      if (IsLegalForm(joined)) {
        words->resize(words->size() - k);
        stripped = true;
      }
    }
    if (!stripped) break;
  }
}

// The collator of this thread ("zh": pinyin order for Han); null if it cannot be created.
icu::Collator* PinyinCollator() {
  thread_local std::unique_ptr<icu::Collator> collator;
  thread_local bool tried = false;
  if (!tried) {
    tried = true;
    UErrorCode error = U_ZERO_ERROR;
    collator.reset(icu::Collator::createInstance(icu::Locale("zh"), error));
    if (U_FAILURE(error)) collator.reset();
  }
  return collator.get();
}

// Readings of ICU's Han-Latin context rules (ICU 72 has exactly these four): the first
// character reads differently before the second.
struct ContextReading {
  UChar32 han;
  UChar32 next;
  std::string_view reading;
};
constexpr auto kContextReadings = std::to_array<ContextReading>({
    {U'藏', U'文', "zang"},
    {U'重', U'庆', "chong"},
    {U'沈', U'阳', "shen"},
    {U'秘', U'鲁', "bi"},
});

// ASCII pinyin of Han characters, per thread. ICU's Han-Latin costs ~40 µs per character on
// a whole name (its passes rescan the text) but its readings are per character, apart from
// kContextReadings; so each character is transliterated once, alone, and remembered.
class PinyinTable {
 public:
  // This thread's table; null when ICU lacks the transliteration data (Pinyin is then "").
  // Creating the transliterators costs milliseconds, hence once per thread.
  static PinyinTable* ForThisThread() {
    thread_local std::unique_ptr<PinyinTable> table;
    thread_local bool tried = false;
    if (!tried) {
      tried = true;
      UErrorCode error = U_ZERO_ERROR;
      std::unique_ptr<icu::Transliterator> han(icu::Transliterator::createInstance(
          "Han-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, error));
      if (U_SUCCESS(error) && han != nullptr) {
        std::unique_ptr<icu::Transliterator> latin(
            icu::Transliterator::createInstance("Latin-ASCII", UTRANS_FORWARD, error));
        if (U_FAILURE(error)) latin.reset();
        table = std::make_unique<PinyinTable>(std::move(han), std::move(latin));
      }
    }
    return table.get();
  }

  PinyinTable(std::unique_ptr<icu::Transliterator> han, std::unique_ptr<icu::Transliterator> latin)
      : han_(std::move(han)), latin_(std::move(latin)) {}

  // The reading of Han character `han` when followed by `next` (-1 at the end); "" if ICU
  // has none. Valid until the next call.
  std::string_view Reading(UChar32 han, UChar32 next) {
    for (const ContextReading& context : kContextReadings) {
      if (context.han == han && context.next == next) return context.reading;
    }
    if (auto found = readings_.find(han); found != readings_.end()) return found->second;
    icu::UnicodeString text(han);
    han_->transliterate(text);
    std::vector<std::string> words;
    AppendAsciiWords(text, &words);
    scratch_ = Concat(words);
    // Room for the whole CJK Unified Ideographs block (~21k) at ~70 bytes each, but bounded:
    // there are ~100k Han code points, and hostile input could visit them all.
    constexpr std::size_t kMaxCachedReadings = 1 << 15;
    if (readings_.size() >= kMaxCachedReadings) return scratch_;
    return readings_.emplace(han, scratch_).first->second;
  }

  // Appends the words of non-Han `text`, folded to ASCII ("müller" -> "muller").
  void AppendFoldedWords(std::string_view text, std::vector<std::string>* words) const {
    icu::UnicodeString folded = FromUtf8(text);
    if (latin_ != nullptr && !IsAscii(text)) latin_->transliterate(folded);
    AppendAsciiWords(folded, words);
  }

 private:
  // ASCII letters and digits of `text`, lower-cased; anything else separates words.
  static void AppendAsciiWords(const icu::UnicodeString& text, std::vector<std::string>* words) {
    bool in_word = false;
    for (int32_t i = 0; i < text.length(); ++i) {
      char16_t c = text.charAt(i);
      if (c >= 0x80 || !IsAsciiAlnum(static_cast<char>(c))) {
        in_word = false;
        continue;
      }
      if (!in_word) words->emplace_back();
      in_word = true;
      words->back().push_back(AsciiLower(static_cast<char>(c)));
    }
  }

  static std::string Concat(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& word : words) out += word;
    return out;
  }

  std::unique_ptr<icu::Transliterator> han_;
  std::unique_ptr<icu::Transliterator> latin_;  // null if unavailable: non-ASCII is dropped
  std::unordered_map<UChar32, std::string> readings_;
  std::string scratch_;
};

struct PinyinParts {
  std::vector<std::string> words;      // all words, one per Han syllable
  std::vector<std::string> run_joins;  // each Han run's syllables without spaces
};

// The pinyin of `key` (a NameKey): Han characters by their readings, the text between Han
// runs folded to ASCII. nullopt without the transliteration data.
std::optional<PinyinParts> PinyinOf(std::string_view key) {
  PinyinTable* table = PinyinTable::ForThisThread();
  if (table == nullptr) return std::nullopt;
  struct CodePoint {
    UChar32 c;
    std::size_t offset;
    bool han;
  };
  std::vector<CodePoint> points;
  for (std::size_t i = 0; i < key.size();) {
    std::size_t offset = i;
    UChar32 c = NextCodePoint(key, &i);
    points.push_back({c, offset, IsHan(c)});
  }
  points.push_back({-1, key.size(), false});
  PinyinParts parts;
  std::string joined;
  std::size_t other_start = 0;
  for (std::size_t k = 0; k + 1 < points.size(); ++k) {
    if (!points[k].han) continue;
    if (other_start < points[k].offset) {
      table->AppendFoldedWords(key.substr(other_start, points[k].offset - other_start),
                               &parts.words);
    }
    other_start = points[k + 1].offset;
    std::string_view reading = table->Reading(points[k].c, points[k + 1].c);
    if (!reading.empty()) {
      parts.words.emplace_back(reading);
      joined += reading;
    }
    if (!points[k + 1].han && !joined.empty()) parts.run_joins.push_back(std::move(joined));
    if (!points[k + 1].han) joined.clear();
  }
  if (other_start < key.size()) table->AppendFoldedWords(key.substr(other_start), &parts.words);
  return parts;
}

// Search keys in first-seen order, each cut to kMaxSearchKeyBytes on a code point boundary.
class KeyList {
 public:
  void Add(std::string_view key) {
    if (key.size() > kMaxSearchKeyBytes) {
      std::size_t cut = kMaxSearchKeyBytes;
      while (cut > 0 && (static_cast<uint8_t>(key[cut]) & 0xC0) == 0x80) --cut;
      key = key.substr(0, cut);
    }
    if (key.empty() || std::find(keys_.begin(), keys_.end(), key) != keys_.end()) return;
    keys_.emplace_back(key);
  }
  std::vector<std::string> Take() { return std::move(keys_); }

 private:
  std::vector<std::string> keys_;
};

// The run itself and up to kMaxHanSuffixes of its proper suffixes, for every Han run.
void AddHanRunSuffixes(std::string_view key, KeyList* keys) {
  std::vector<std::size_t> starts;  // code point offsets of the current run
  auto flush = [&](std::size_t end) {
    for (std::size_t n = 0; n < starts.size() && n <= kMaxHanSuffixes; ++n) {
      keys->Add(key.substr(starts[n], end - starts[n]));
    }
    starts.clear();
  };
  for (std::size_t i = 0; i < key.size();) {
    std::size_t here = i;
    if (IsHan(NextCodePoint(key, &i))) {
      starts.push_back(here);
    } else {
      flush(here);
    }
  }
  flush(key.size());
}

std::string Hex(const uint8_t* bytes, std::size_t size) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0xF]);
  }
  return out;
}

bool IsValidDomain(std::string_view domain) {
  std::size_t labels = 0;
  std::string_view last;
  while (true) {
    std::size_t dot = domain.find('.');
    std::string_view label = domain.substr(0, dot);
    if (label.empty() || label.size() > kMaxDomainLabelBytes || label.front() == '-' ||
        label.back() == '-') {
      return false;
    }
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  // "a@1.2.3.4" is not a mail domain: a top-level domain has a letter.
  return labels >= 2 && !std::all_of(last.begin(), last.end(), IsAsciiDigit);
}

}  // namespace

std::optional<std::string> NormalizeEmail(std::string_view raw) {
  std::string_view text = TrimAscii(raw);
  if (text.empty() || text.size() > kMaxEmailBytes) return std::nullopt;
  std::size_t at = text.find('@');
  if (at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  if (at == 0 || at > kMaxEmailLocalBytes || !IsValidDomain(text.substr(at + 1))) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t here = i;
    UChar32 c = NextCodePoint(text, &i);
    // U+FFFD also stands for an invalid byte: neither belongs in an address.
    if (c == 0xFFFD || c <= 0x20 || c == 0x7F || u_iscntrl(c) || u_isUWhiteSpace(c) ||
        U_IS_UNICODE_NONCHAR(c) ||
        (c < 0x80 &&
         std::string_view("<>()[]\\,;:\"").find(static_cast<char>(c)) != std::string_view::npos)) {
      return std::nullopt;
    }
    if (c < 0x80) {
      out.push_back(AsciiLower(static_cast<char>(c)));
    } else {
      out.append(text.substr(here, i - here));
    }
  }
  return out;
}

std::string NameKey(std::string_view name) {
  std::vector<std::string> words = FoldedWords(Clamp(name));
  StripHanLegalSuffixes(&words);
  StripLatinLegalForms(&words);
  return Join(words);
}

std::string CityKey(std::string_view city) {
  icu::UnicodeString folded = FoldCase(FromUtf8(Clamp(city)));
  std::string out;
  bool pending_space = false;
  for (int32_t i = 0; i < folded.length();) {
    UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    if (u_isUWhiteSpace(c) || u_iscntrl(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    AppendUtf8(c, &out);
  }
  constexpr std::string_view kCitySuffix = "市";
  if (out.size() > kCitySuffix.size() && out.ends_with(kCitySuffix)) {
    out.resize(out.size() - kCitySuffix.size());
    out = std::string(TrimAscii(out));
  }
  return out;
}

// Only the first kMaxSortKeyCodePoints code points are collated: the key must stay short
// enough for a database index, and names that long differ earlier in practice.
std::string SortKey(std::string_view name) {
  icu::UnicodeString text = FromUtf8(Clamp(name));
  text.trim();
  text.truncate(text.moveIndex32(0, kMaxSortKeyCodePoints));
  icu::Collator* collator = PinyinCollator();
  if (collator == nullptr) {  // Without collation data: code point order of the folded name.
    std::string key = NameKey(name);
    return Hex(reinterpret_cast<const uint8_t*>(key.data()), key.size());
  }
  std::vector<uint8_t> buffer(512);
  int32_t size = collator->getSortKey(text, buffer.data(), static_cast<int32_t>(buffer.size()));
  if (size > static_cast<int32_t>(buffer.size())) {
    buffer.resize(static_cast<std::size_t>(size));
    size = collator->getSortKey(text, buffer.data(), size);
  }
  // The trailing 0 terminator adds nothing to the order of the hex strings.
  if (size > 0 && buffer[static_cast<std::size_t>(size) - 1] == 0) --size;
  return Hex(buffer.data(), static_cast<std::size_t>(std::max(size, 0)));
}

std::string Pinyin(std::string_view name) {
  std::string key = NameKey(name);
  if (!ContainsHan(key)) return "";
  std::optional<PinyinParts> parts = PinyinOf(key);
  return parts ? Join(parts->words) : "";
}

std::vector<std::string> SearchKeys(std::string_view name, std::string_view email_norm,
                                    std::string_view phone_e164) {
  KeyList keys;
  std::string key = NameKey(name);
  std::size_t start = 0;
  while (start < key.size()) {
    std::size_t space = std::min(key.find(' ', start), key.size());
    keys.Add(std::string_view(key).substr(start, space - start));
    start = space + 1;
  }
  if (ContainsHan(key)) {
    AddHanRunSuffixes(key, &keys);
    if (std::optional<PinyinParts> parts = PinyinOf(key)) {
      for (const std::string& word : parts->words) keys.Add(word);
      for (const std::string& joined : parts->run_joins) keys.Add(joined);
    }
  }
  if (!email_norm.empty()) {
    keys.Add(email_norm);
    keys.Add(email_norm.substr(0, email_norm.find('@')));
  }
  std::string digits;
  for (char c : phone_e164.substr(0, kMaxInputBytes)) {
    if (IsAsciiDigit(c)) digits.push_back(c);
  }
  keys.Add(digits);
  std::size_t code_length = CallingCodeLength(digits);
  if (code_length > 0) keys.Add(std::string_view(digits).substr(code_length));
  return keys.Take();
}

std::string QueryKey(std::string_view query) {
  query = Clamp(query);
  std::string text;
  if (IsAscii(query)) {
    text = query;
  } else {  // Full-width digits and "＋" typed with a CJK input method are phone characters too.
    UErrorCode error = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(error);
    if (U_SUCCESS(error)) nfkc->normalize(FromUtf8(query), error).toUTF8String(text);
  }
  std::string digits;
  bool phone_like = true;
  for (char c : text) {
    if (IsAsciiDigit(c)) {
      digits.push_back(c);
    } else if (std::string_view(" \t+-().").find(c) == std::string_view::npos) {
      phone_like = false;
      break;
    }
  }
  constexpr std::size_t kMinPhoneQueryDigits = 3;
  if (phone_like && digits.size() >= kMinPhoneQueryDigits) {
    std::size_t first = digits.find_first_not_of('0');
    return first == std::string::npos ? digits : digits.substr(first);
  }
  return NameKey(query);
}

double NameSimilarity(std::string_view key_a, std::string_view key_b) {
  auto trigrams = [](std::string_view key, std::vector<UChar32>* code_points) {
    key = Clamp(key);
    for (std::size_t i = 0; i < key.size();) code_points->push_back(NextCodePoint(key, &i));
    std::vector<uint64_t> grams;
    for (std::size_t i = 0; i + 2 < code_points->size(); ++i) {
      grams.push_back(static_cast<uint64_t>((*code_points)[i]) << 42 |
                      static_cast<uint64_t>((*code_points)[i + 1]) << 21 |
                      static_cast<uint64_t>((*code_points)[i + 2]));
    }
    std::sort(grams.begin(), grams.end());
    grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
    return grams;
  };
  std::vector<UChar32> points_a;
  std::vector<UChar32> points_b;
  std::vector<uint64_t> grams_a = trigrams(key_a, &points_a);
  std::vector<uint64_t> grams_b = trigrams(key_b, &points_b);
  if (points_a.size() < 3 || points_b.size() < 3) return points_a == points_b ? 1.0 : 0.0;
  std::size_t common = 0;
  for (auto a = grams_a.begin(), b = grams_b.begin(); a != grams_a.end() && b != grams_b.end();) {
    if (*a < *b) {
      ++a;
    } else if (*b < *a) {
      ++b;
    } else {
      ++common;
      ++a;
      ++b;
    }
  }
  return static_cast<double>(common) /
         static_cast<double>(grams_a.size() + grams_b.size() - common);
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  end += kMaxCodePointUtf8;
  return end;
}

}  // namespace concord::party

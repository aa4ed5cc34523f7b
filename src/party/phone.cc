#include "party/phone.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "party/normalize.h"

namespace concord::party {
namespace {

// Phone input longer than this is not a phone number; bounds the work on hostile input.
constexpr std::size_t kMaxPhoneInputBytes = 128;
constexpr std::size_t kMinE164Digits = 8;
constexpr std::size_t kMaxE164Digits = 15;
constexpr std::size_t kNanpNationalDigits = 10;

// Every assigned ITU-T E.164 country calling code, including the non-geographic ones
// (800 freephone, 870 Inmarsat, 881-883 satellite/international networks...).
constexpr auto kTwoDigitCodes = std::to_array<int>(
    {20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54,
     55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98});
constexpr auto kThreeDigitCodes = std::to_array<int>(
    {211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233,
     234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252,
     253, 254, 255, 256, 257, 258, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291, 297,
     298, 299, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376,
     377, 378, 379, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500, 501, 502, 503, 504,
     505, 506, 507, 508, 509, 590, 591, 592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674,
     675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692, 800, 808,
     850, 852, 853, 855, 856, 870, 878, 880, 881, 882, 883, 886, 888, 960, 961, 962, 963, 964, 965,
     966, 967, 968, 970, 971, 972, 973, 974, 975, 976, 977, 979, 992, 993, 994, 995, 996, 998});

// How a national number is written inside its country.
enum class Trunk {
  kZero,     // "0" before the area code (CN, DE, GB, FR, JP...); never part of the number.
  kNone,     // no trunk prefix; a leading 0 is part of the number (IT, ES, DK, NO, SG, HK...).
  kNanp,     // North American plan: optional "1", then exactly 10 digits.
  kEight,    // "8" before the 10-digit number (RU, KZ, BY).
  kHungary,  // "06".
};

struct Country {
  std::string_view alpha2;
  std::string_view calling_code;
  Trunk trunk;
  // International call prefix used instead of "00" (checked before "00"); "" if only "00".
  std::string_view idd = "";
};

constexpr auto kCountries = std::to_array<Country>({
    {"US", "1", Trunk::kNanp, "011"},   {"CA", "1", Trunk::kNanp, "011"},
    {"PR", "1", Trunk::kNanp, "011"},   {"RU", "7", Trunk::kEight},
    {"KZ", "7", Trunk::kEight},         {"EG", "20", Trunk::kZero},
    {"ZA", "27", Trunk::kZero},         {"GR", "30", Trunk::kNone},
    {"NL", "31", Trunk::kZero},         {"BE", "32", Trunk::kZero},
    {"FR", "33", Trunk::kZero},         {"ES", "34", Trunk::kNone},
    {"HU", "36", Trunk::kHungary},      {"IT", "39", Trunk::kNone},
    {"VA", "39", Trunk::kNone},         {"RO", "40", Trunk::kZero},
    {"CH", "41", Trunk::kZero},         {"AT", "43", Trunk::kZero},
    {"GB", "44", Trunk::kZero},         {"UK", "44", Trunk::kZero},
    {"DK", "45", Trunk::kNone},         {"SE", "46", Trunk::kZero},
    {"NO", "47", Trunk::kNone},         {"PL", "48", Trunk::kNone},
    {"DE", "49", Trunk::kZero},         {"PE", "51", Trunk::kZero},
    {"MX", "52", Trunk::kNone},         {"CU", "53", Trunk::kZero},
    {"AR", "54", Trunk::kZero},         {"BR", "55", Trunk::kZero},
    {"CL", "56", Trunk::kZero},         {"CO", "57", Trunk::kZero},
    {"VE", "58", Trunk::kZero},         {"MY", "60", Trunk::kZero},
    {"AU", "61", Trunk::kZero, "0011"}, {"ID", "62", Trunk::kZero},
    {"PH", "63", Trunk::kZero},         {"NZ", "64", Trunk::kZero},
    {"SG", "65", Trunk::kNone},         {"TH", "66", Trunk::kZero},
    {"JP", "81", Trunk::kZero, "010"},  {"KR", "82", Trunk::kZero},
    {"VN", "84", Trunk::kZero},         {"CN", "86", Trunk::kZero},
    {"TR", "90", Trunk::kZero},         {"IN", "91", Trunk::kZero},
    {"PK", "92", Trunk::kZero},         {"AF", "93", Trunk::kZero},
    {"LK", "94", Trunk::kZero},         {"MM", "95", Trunk::kZero},
    {"IR", "98", Trunk::kZero},         {"MA", "212", Trunk::kZero},
    {"DZ", "213", Trunk::kZero},        {"TN", "216", Trunk::kNone},
    {"LY", "218", Trunk::kZero},        {"GH", "233", Trunk::kZero},
    {"NG", "234", Trunk::kZero},        {"ET", "251", Trunk::kZero},
    {"KE", "254", Trunk::kZero},        {"TZ", "255", Trunk::kZero},
    {"UG", "256", Trunk::kZero},        {"PT", "351", Trunk::kNone},
    {"LU", "352", Trunk::kNone},        {"IE", "353", Trunk::kZero},
    {"IS", "354", Trunk::kNone},        {"AL", "355", Trunk::kZero},
    {"MT", "356", Trunk::kNone},        {"CY", "357", Trunk::kNone},
    {"FI", "358", Trunk::kZero},        {"BG", "359", Trunk::kZero},
    {"LT", "370", Trunk::kZero},        {"LV", "371", Trunk::kNone},
    {"EE", "372", Trunk::kNone},        {"BY", "375", Trunk::kEight},
    {"MC", "377", Trunk::kNone},        {"UA", "380", Trunk::kZero},
    {"RS", "381", Trunk::kZero},        {"HR", "385", Trunk::kZero},
    {"SI", "386", Trunk::kZero},        {"BA", "387", Trunk::kZero},
    {"MK", "389", Trunk::kZero},        {"CZ", "420", Trunk::kNone},
    {"SK", "421", Trunk::kZero},        {"LI", "423", Trunk::kNone},
    {"HK", "852", Trunk::kNone},        {"MO", "853", Trunk::kNone},
    {"KH", "855", Trunk::kZero},        {"LA", "856", Trunk::kZero},
    {"BD", "880", Trunk::kZero},        {"TW", "886", Trunk::kZero},
    {"LB", "961", Trunk::kZero},        {"JO", "962", Trunk::kZero},
    {"IQ", "964", Trunk::kZero},        {"KW", "965", Trunk::kNone},
    {"SA", "966", Trunk::kZero},        {"OM", "968", Trunk::kNone},
    {"AE", "971", Trunk::kZero},        {"IL", "972", Trunk::kZero},
    {"BH", "973", Trunk::kNone},        {"QA", "974", Trunk::kNone},
    {"MN", "976", Trunk::kZero},        {"NP", "977", Trunk::kZero},
});

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

int ParseCode(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

const Country* FindCountry(std::string_view alpha2) {
  if (alpha2.size() != 2) return nullptr;
  const char upper[2] = {static_cast<char>(alpha2[0] & ~0x20),
                         static_cast<char>(alpha2[1] & ~0x20)};
  for (const Country& country : kCountries) {
    if (country.alpha2 == std::string_view(upper, 2)) return &country;
  }
  return nullptr;
}

// Whether "+<calling_code> 0..." should lose the 0: true when every country of the code we
// know writes a trunk "0" that is never part of the number.
bool CallingCodeUsesTrunkZero(std::string_view calling_code) {
  bool found = false;
  for (const Country& country : kCountries) {
    if (country.calling_code != calling_code) continue;
    if (country.trunk != Trunk::kZero) return false;
    found = true;
  }
  return found;
}

// Folds full-width and other-script digits, Unicode dashes and spaces to their ASCII forms so
// numbers pasted from CJK input methods or word processors parse. nullopt on invalid UTF-8.
std::optional<std::string> FoldNonAscii(std::string_view raw) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(error);
  icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
  if (nfkc != nullptr && U_SUCCESS(error)) text = nfkc->normalize(text, error);
  if (U_FAILURE(error)) return std::nullopt;
  std::string out;
  for (int32_t i = 0; i < text.length();) {
    UChar32 c = text.char32At(i);
    i += U16_LENGTH(c);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (u_isdigit(c) && u_charDigitValue(c) >= 0) {
      out.push_back(static_cast<char>('0' + u_charDigitValue(c)));
    } else if (u_charType(c) == U_DASH_PUNCTUATION) {
      out.push_back('-');
    } else if (u_isUWhiteSpace(c)) {
      out.push_back(' ');
    } else {
      return std::nullopt;  // a letter, symbol or U+FFFD from an invalid byte
    }
  }
  return out;
}

// Cuts an extension ("ext. 12", "x12", "#12", ";ext=12") and a "tel:" scheme; lower-cases.
std::string StripDecorations(std::string_view raw) {
  std::string text(raw);
  std::transform(text.begin(), text.end(), text.begin(), AsciiLower);
  std::size_t begin = text.find_first_not_of(" \t");
  if (begin != std::string::npos && text.compare(begin, 4, "tel:") == 0) text.erase(0, begin + 4);
  std::size_t cut = text.find_first_of("x#;");
  cut = std::min(cut, text.find("ext"));
  if (cut != std::string::npos) text.resize(cut);
  // "+44 (0)20": the bracketed trunk zero is a reading aid, never dialled internationally.
  for (std::size_t at = text.find("(0)"); at != std::string::npos; at = text.find("(0)", at)) {
    text.replace(at, 3, " ");
  }
  return text;
}

// The digits of `text` and whether it started with "+"; nullopt on any other character.
std::optional<std::pair<std::string, bool>> ExtractDigits(std::string_view text) {
  std::string digits;
  bool plus = false;
  for (char c : text) {
    if (IsDigit(c)) {
      digits.push_back(c);
    } else if (c == '+') {
      if (plus || !digits.empty()) return std::nullopt;
      plus = true;
    } else if (c != ' ' && c != '\t' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/') {
      return std::nullopt;
    }
  }
  return std::make_pair(std::move(digits), plus);
}

// "+<digits>" when `digits` (country code first) is a plausible E.164 number.
std::optional<std::string> FinishE164(std::string_view digits) {
  std::size_t code_length = CallingCodeLength(digits);
  if (code_length == 0) return std::nullopt;
  if (digits.size() < kMinE164Digits || digits.size() > kMaxE164Digits) return std::nullopt;
  if (digits[0] == '1' && digits.size() - 1 != kNanpNationalDigits) return std::nullopt;
  return "+" + std::string(digits);
}

std::optional<std::string> International(std::string_view digits) {
  std::size_t code_length = CallingCodeLength(digits);
  if (code_length == 0) return std::nullopt;
  std::string_view code = digits.substr(0, code_length);
  std::string_view national = digits.substr(code_length);
  if (!national.empty() && national[0] == '0' && CallingCodeUsesTrunkZero(code)) {
    national.remove_prefix(1);
  }
  return FinishE164(std::string(code) + std::string(national));
}

std::optional<std::string> National(std::string_view digits, const Country& country) {
  switch (country.trunk) {
    case Trunk::kZero:
      if (!digits.empty() && digits[0] == '0') digits.remove_prefix(1);
      break;
    case Trunk::kNone: break;
    case Trunk::kNanp:
      if (digits.size() == kNanpNationalDigits + 1 && digits[0] == '1') digits.remove_prefix(1);
      break;
    case Trunk::kEight:
      if (digits.size() == 11 && digits[0] == '8') digits.remove_prefix(1);
      break;
    case Trunk::kHungary:
      if (digits.substr(0, 2) == "06") digits.remove_prefix(2);
      break;
  }
  if (digits.empty() || (country.trunk == Trunk::kZero && digits[0] == '0')) return std::nullopt;
  return FinishE164(std::string(country.calling_code) + std::string(digits));
}

}  // namespace

std::size_t CallingCodeLength(std::string_view digits) {
  if (digits.empty() || !IsDigit(digits[0])) return 0;
  if (digits[0] == '1' || digits[0] == '7') return 1;
  if (digits.size() >= 2 && IsDigit(digits[1])) {
    int two = ParseCode(digits.substr(0, 2));
    if (std::find(kTwoDigitCodes.begin(), kTwoDigitCodes.end(), two) != kTwoDigitCodes.end()) {
      return 2;
    }
    if (digits.size() >= 3 && IsDigit(digits[2])) {
      int three = ParseCode(digits.substr(0, 3));
      if (std::find(kThreeDigitCodes.begin(), kThreeDigitCodes.end(), three) !=
          kThreeDigitCodes.end()) {
        return 3;
      }
    }
  }
  return 0;
}

std::string_view CallingCodeOf(std::string_view country) {
  const Country* found = FindCountry(country);
  return found == nullptr ? std::string_view() : found->calling_code;
}

std::optional<std::string> NormalizePhone(std::string_view raw, std::string_view default_country) {
  if (raw.size() > kMaxPhoneInputBytes) return std::nullopt;
  std::string ascii(raw);
  if (std::any_of(raw.begin(), raw.end(), [](char c) { return (c & 0x80) != 0; })) {
    std::optional<std::string> folded = FoldNonAscii(raw);
    if (!folded) return std::nullopt;
    ascii = std::move(*folded);
  }
  auto extracted = ExtractDigits(StripDecorations(ascii));
  if (!extracted) return std::nullopt;
  auto& [digits, plus] = *extracted;
  if (plus) return International(digits);
  const Country* country = FindCountry(default_country);
  if (country != nullptr && !country->idd.empty() && digits.starts_with(country->idd)) {
    return International(std::string_view(digits).substr(country->idd.size()));
  }
  if (digits.starts_with("00")) return International(std::string_view(digits).substr(2));
  if (country == nullptr) return std::nullopt;
  return National(digits, *country);
}

}  // namespace concord::party

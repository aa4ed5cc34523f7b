// Normalised forms of what people type: the keys duplicate detection and search compare.
// Pure functions (no I/O); thread-safe (ICU objects are per thread).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace concord::party {

// Lower-cased, trimmed e-mail address; nullopt unless it looks like local@domain.tld.
std::optional<std::string> NormalizeEmail(std::string_view raw);

// E.164 form ("+8613800138000") of a phone number typed in any common way: spaces, dashes,
// dots, brackets, "+", "00" or the national trunk prefix ("0" in CN/DE/GB/FR...). Numbers
// without a country code are read in `default_country` (ISO 3166-1 alpha-2, e.g. "CN").
// nullopt when the digits cannot be a phone number (fewer than 6 or more than 15 digits, or a
// national number with no known default country).
std::optional<std::string> NormalizePhone(std::string_view raw, std::string_view default_country);

// The comparison key of a name: NFKC, case-folded, punctuation and spaces collapsed to single
// spaces, and common legal-form words removed ("Ltd", "Co.", "GmbH", "Inc", "有限公司",
// "股份有限公司", "公司" ...). "ACME Trading Co., Ltd." and "Acme Trading" share a key.
std::string NameKey(std::string_view name);

// The key a city is compared by (NFKC, case-folded, trimmed; "市" suffix dropped).
std::string CityKey(std::string_view city);

// A sort key (hex of the ICU collation key, root + pinyin order for Han) so that ORDER BY on
// the stored key sorts Latin names alphabetically and Chinese names by pinyin, on both DBs.
std::string SortKey(std::string_view name);

// Lower-case ASCII pinyin of the Han characters of a name, words separated by spaces
// ("陈爱丽" -> "chen ai li"); other characters are kept as NameKey would. "" if no Han.
std::string Pinyin(std::string_view name);

// The prefix-searchable keys of a party, in this order: each word of NameKey(name); for each
// run of Han characters, the run and its suffixes starting at code points 1..16 (so "阿克米"
// finds "上海阿克米贸易"); the words of Pinyin(name) (which include the other words folded to
// ASCII: "muller" finds "Müller") and each Han run's pinyin joined ("chenaili"); the e-mail
// and its local part; the phone's digits (E.164 without "+") and its national significant
// number (without the country calling code). First occurrence kept, empty keys dropped, each
// cut to at most 64 bytes on a UTF-8 code point boundary.
std::vector<std::string> SearchKeys(std::string_view name, std::string_view email_norm,
                                    std::string_view phone_e164);

// The key a search query is compared with. A query of phone characters only (digits, spaces,
// "+", "-", "(", ")", ".") with at least 3 digits: its digits without "+" and leading zeros
// ("0086 138" -> "86138", "(021) 555" -> "21555"), which prefix-match both phone keys of
// SearchKeys. Any other query: NameKey(query). NameKey never removes the only word, so a
// query "co" stays "co", while a full name typed as "ACME Trading Co., Ltd." or
// "上海阿克米贸易有限公司" loses its legal form and matches the keys stored for it.
std::string QueryKey(std::string_view query);

// Similarity of two name keys in [0, 1]: Jaccard index of their character trigrams (code
// points; keys shorter than 3 compare as a whole).
double NameSimilarity(std::string_view key_a, std::string_view key_b);

// Upper bound for a prefix range scan: every key starting with `prefix` is >= prefix and
// < PrefixEnd(prefix) in bytewise order.
std::string PrefixEnd(std::string_view prefix);

}  // namespace concord::party

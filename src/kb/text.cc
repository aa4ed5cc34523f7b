#include "kb/text.h"

#include <algorithm>
#include <set>

#include "core/html.h"

namespace concord::kb {
namespace {

constexpr size_t kMaxWordBytes = 64;

// One decoded code point: value and byte length (0 for an invalid byte, which then counts as
// one separator byte).
struct Cp {
  char32_t value = 0;
  int len = 1;
  bool valid = false;
};

Cp Decode(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1, true};
  int len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (len == 0 || i + len > s.size()) return {};
  char32_t v = c & (0x7f >> len);
  for (int k = 1; k < len; ++k) {
    unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xc0) != 0x80) return {};
    v = (v << 6) | (d & 0x3f);
  }
  return {v, len, true};
}

bool IsCjk(char32_t c) {
  return (c >= 0x3040 && c <= 0x30ff) ||    // hiragana, katakana
         (c >= 0x3400 && c <= 0x4dbf) ||    // CJK extension A
         (c >= 0x4e00 && c <= 0x9fff) ||    // CJK unified ideographs
         (c >= 0xac00 && c <= 0xd7af) ||    // hangul syllables
         (c >= 0xf900 && c <= 0xfaff) ||    // compatibility ideographs
         (c >= 0x20000 && c <= 0x2fa1f);  // extensions B..
}

// Letters and digits of non-CJK scripts. Punctuation and symbol blocks separate.
bool IsWordChar(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c < 0xc0 || c == 0xd7 || c == 0xf7) return false;   // Latin-1 punctuation, × ÷
  if (c >= 0x2000 && c <= 0x2bff) return false;           // punctuation, symbols, arrows
  if (c >= 0x3000 && c <= 0x303f) return false;           // CJK punctuation
  if (c >= 0xfe30 && c <= 0xfe6f) return false;           // CJK compatibility forms
  if (c >= 0xff00 && c <= 0xffef) return false;           // full-width forms
  if (c >= 0xd800 && c <= 0xdfff) return false;
  return !IsCjk(c);
}

const std::set<std::string, std::less<>>& EnglishStopWords() {
  static const std::set<std::string, std::less<>> kWords = {
      "a",      "about",  "after", "all",   "also",    "am",    "an",    "and",   "any",
      "are",    "as",     "at",    "be",    "been",    "but",   "by",    "can",   "could",
      "did",    "do",     "does",  "doing", "for",     "from",  "get",   "got",   "had",
      "has",    "have",   "having","he",    "her",     "here",  "him",   "his",   "how",
      "i",      "if",     "in",    "into",  "is",      "it",    "its",   "just",  "me",
      "might",  "more",   "most",  "must",  "my",      "need",  "no",    "not",   "now",
      "of",     "on",     "once",  "only",  "or",      "other", "our",   "out",   "over",
      "please", "same",   "shall", "she",   "should",  "so",    "some",  "such",  "than",
      "that",   "the",    "their", "them",  "then",    "there", "these", "they",  "this",
      "those",  "to",     "too",   "up",    "us",      "very",  "was",   "way",   "we",
      "were",   "what",   "when",  "where", "which",   "while", "who",   "whom",  "why",
      "will",   "with",   "would", "you",   "your",    "yours", "want",  "tell",  "know",
      "s",      "t",      "don",   "can't", "cannot",  "isn",   "doesn", "there's"};
  return kWords;
}

const std::set<std::string, std::less<>>& ChineseStopGrams() {
  static const std::set<std::string, std::less<>> kGrams = {
      "怎么", "什么", "如何", "为什", "么办", "可以", "是否", "请问", "哪里", "多少",
      "我的", "我们", "你们", "一下", "吗？", "的话", "能否", "是不", "不是", "怎样"};
  return kGrams;
}

// The code points of a CJK run, as byte slices.
std::vector<std::string_view> Chars(std::string_view run) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < run.size();) {
    Cp cp = Decode(run, i);
    out.push_back(run.substr(i, cp.len));
    i += cp.len;
  }
  return out;
}

void AddUnique(std::vector<Term>& out, Term t) {
  if (out.size() >= kMaxTerms) return;
  if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
}

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::vector<std::string> Bigrams(std::string_view run) {
  auto chars = Chars(run);
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < chars.size(); ++i) {
    out.push_back(std::string(chars[i]) + std::string(chars[i + 1]));
  }
  return out;
}

// A match of a term in the passage source: bytes [begin, end) and the term's index.
struct Hit {
  size_t begin, end;
  size_t term;
};

std::vector<Hit> FindHits(std::string_view body, const std::vector<Term>& terms) {
  constexpr size_t kMaxHits = 400;
  std::vector<Hit> hits;
  std::string low(body);
  for (char& c : low) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  std::vector<std::string> stems;
  for (const auto& t : terms) stems.push_back(t.cjk ? t.text : HighlightStem(t.text));
  for (size_t i = 0; i < low.size() && hits.size() < kMaxHits;) {
    Cp cp = Decode(low, i);
    if (!cp.valid) {
      ++i;
      continue;
    }
    if (IsCjk(cp.value)) {
      for (size_t k = 0; k < terms.size(); ++k) {
        if (terms[k].cjk && std::string_view(low).substr(i).starts_with(terms[k].text)) {
          hits.push_back({i, i + terms[k].text.size(), k});
          break;
        }
      }
      i += cp.len;
      continue;
    }
    if (!IsWordChar(cp.value)) {
      i += cp.len;
      continue;
    }
    size_t end = i;
    while (end < low.size()) {
      Cp w = Decode(low, end);
      if (!w.valid || !IsWordChar(w.value)) break;
      end += w.len;
    }
    std::string_view word = std::string_view(low).substr(i, end - i);
    for (size_t k = 0; k < terms.size(); ++k) {
      if (terms[k].cjk) continue;
      bool match = word == terms[k].text ||
                   (stems[k].size() >= 3 && word.starts_with(stems[k]) &&
                    word.size() <= stems[k].size() + 4);
      if (match) {
        hits.push_back({i, end, k});
        break;
      }
    }
    i = end;
  }
  return hits;
}

}  // namespace

std::vector<Term> SplitTerms(std::string_view text) {
  std::vector<Term> out;
  Term cur;
  auto flush = [&] {
    if (!cur.text.empty() && (cur.cjk || cur.text.size() <= kMaxWordBytes)) {
      out.push_back(std::move(cur));
    }
    cur = Term();
  };
  for (size_t i = 0; i < text.size();) {
    Cp cp = Decode(text, i);
    if (!cp.valid) {
      flush();
      ++i;
      continue;
    }
    bool cjk = IsCjk(cp.value);
    bool word = !cjk && IsWordChar(cp.value);
    if ((!cjk && !word) || (!cur.text.empty() && cur.cjk != cjk)) flush();
    if (cjk || word) {
      cur.cjk = cjk;
      if (cp.value >= 'A' && cp.value <= 'Z') {
        cur.text += static_cast<char>(cp.value - 'A' + 'a');
      } else {
        cur.text.append(text.substr(i, cp.len));
      }
      ++cur.chars;
    }
    i += cp.len;
  }
  flush();
  return out;
}

std::vector<Term> QueryTerms(std::string_view query) {
  std::vector<Term> out;
  for (auto& t : SplitTerms(query)) AddUnique(out, std::move(t));
  return out;
}

std::vector<Term> QuestionTerms(std::string_view question) {
  std::vector<Term> out;
  for (auto& t : SplitTerms(question)) {
    if (!t.cjk) {
      if (!EnglishStopWords().contains(t.text)) AddUnique(out, std::move(t));
      continue;
    }
    if (t.chars <= 2) {
      if (!ChineseStopGrams().contains(t.text)) AddUnique(out, std::move(t));
      continue;
    }
    for (auto& g : Bigrams(t.text)) {
      if (!ChineseStopGrams().contains(g)) AddUnique(out, Term{std::move(g), true, 2});
    }
  }
  return out;
}

std::string WordIndexText(std::string_view text) {
  std::string out;
  auto add = [&out](std::string_view s) {
    if (!out.empty()) out += ' ';
    out.append(s);
  };
  for (const auto& t : SplitTerms(text)) {
    if (!t.cjk) {
      add(t.text);
      continue;
    }
    for (const auto& g : Bigrams(t.text)) add(g);
    for (auto c : Chars(t.text)) add(c);
  }
  return out;
}

std::string Fts5WordQuery(const std::vector<Term>& terms) {
  std::string out;
  for (const auto& t : terms) {
    std::string q;
    if (t.cjk && t.chars >= 3) {
      std::string phrase;
      for (const auto& g : Bigrams(t.text)) phrase += (phrase.empty() ? "" : " ") + g;
      q = Quote(phrase);
    } else {
      q = Quote(t.text);
    }
    out += (out.empty() ? "" : " OR ") + q;
  }
  return out;
}

std::string Fts5TrigramQuery(const std::vector<Term>& terms) {
  std::string out;
  for (const auto& t : terms) {
    if (t.chars >= 3) out += (out.empty() ? "" : " OR ") + Quote(t.text);
  }
  return out;
}

std::string TsQuery(const std::vector<Term>& terms) {
  std::string out;
  for (const auto& t : terms) {
    std::string q;
    if (t.cjk && t.chars >= 3) {
      for (const auto& g : Bigrams(t.text)) q += (q.empty() ? "(" : " <-> ") + g;
      q += ")";
    } else {
      q = t.text;
    }
    out += (out.empty() ? "" : " | ") + q;
  }
  return out;
}

std::vector<std::string> LikePatterns(const std::vector<Term>& terms) {
  std::vector<std::string> out;
  for (const auto& t : terms) {
    if (t.chars < 3) continue;
    std::string p = "%";
    for (char c : t.text) {
      if (c == '\\' || c == '%' || c == '_') p += '\\';
      p += c;
    }
    out.push_back(p + "%");
  }
  return out;
}

std::string HighlightStem(std::string_view word) {
  std::string w(word);
  for (const char* suffix : {"ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s"}) {
    std::string_view s(suffix);
    if (w.size() > s.size() + 2 && std::string_view(w).ends_with(s)) {
      w.resize(w.size() - s.size());
      break;
    }
  }
  return w;
}

std::string Passage(std::string_view body, const std::vector<Term>& terms) {
  std::vector<size_t> offs;  // byte offset of every code point, plus the end
  for (size_t i = 0; i < body.size();) {
    offs.push_back(i);
    Cp cp = Decode(body, i);
    i += cp.valid ? cp.len : 1;
  }
  size_t n = offs.size();
  offs.push_back(body.size());
  auto cp_of = [&offs](size_t byte) {
    return static_cast<size_t>(std::lower_bound(offs.begin(), offs.end(), byte) - offs.begin());
  };
  std::vector<Hit> hits = FindHits(body, terms);
  // The window starting a little before the hit that sees the most distinct terms.
  constexpr size_t kLead = 20;
  size_t start = 0, best_distinct = 0, best_count = 0;
  for (size_t i = 0; i < hits.size(); ++i) {
    size_t from = cp_of(hits[i].begin);
    std::set<size_t> distinct;
    size_t count = 0;
    for (size_t j = i; j < hits.size() && cp_of(hits[j].end) <= from + kPassageChars - kLead; ++j) {
      distinct.insert(hits[j].term);
      ++count;
    }
    if (distinct.size() > best_distinct || (distinct.size() == best_distinct && count > best_count)) {
      best_distinct = distinct.size();
      best_count = count;
      start = from > kLead ? from - kLead : 0;
    }
  }
  size_t end = std::min(n, start + kPassageChars);
  if (end == n) start = n > kPassageChars ? n - kPassageChars : 0;
  // Do not start in the middle of a Latin word when a space is near.
  for (size_t k = 0; start > 0 && k < 15; ++k) {
    if (body[offs[start - 1]] == ' ' || body[offs[start - 1]] == '\n') break;
    --start;
  }
  std::string out = start > 0 ? "…" : "";
  size_t at = offs[start], stop = offs[end];
  for (const Hit& h : hits) {
    if (h.begin < at) continue;
    if (h.begin >= stop) break;
    out += HtmlEscape(body.substr(at, h.begin - at));
    out += "<mark>" + HtmlEscape(body.substr(h.begin, h.end - h.begin)) + "</mark>";
    at = h.end;
  }
  if (at < stop) out += HtmlEscape(body.substr(at, stop - at));
  if (std::max(at, stop) < body.size()) out += "…";
  return out;
}

}  // namespace concord::kb

#include "accounting/hledger.h"

#include <map>
#include <set>

#include "accounting/report_internal.h"
#include "core/money.h"
#include "security/company.h"

namespace concord::accounting {
namespace {

using internal::Amount;

// Decodes the UTF-8 sequence at s[i] into `cp`; returns its length, 0 if it is invalid
// (truncated, overlong, a surrogate or beyond U+10FFFF).
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t& cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3f);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

// Characters hledger (Haskell's isSpace) treats as white space, and other line breakers.
bool IsSpaceLike(uint32_t cp) {
  return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0xa0) || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 || cp == 0x202f ||
         cp == 0x205f || cp == 0x3000 || cp == 0xfeff;
}

// HledgerText with extra replacements (e.g. ':' in account names and tag values).
std::string Clean(std::string_view text, const std::map<char, std::string_view>& extra) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t len = DecodeUtf8(text, i, cp);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    std::string_view piece = text.substr(i, len);
    i += len;
    if (IsSpaceLike(cp) || cp == ' ') {
      if (!out.empty() && out.back() != ' ') out += ' ';
      continue;
    }
    if (len == 1) {
      if (auto it = extra.find(piece[0]); it != extra.end()) {
        out += it->second;
        continue;
      }
      if (piece[0] == ';') piece = "；";
      if (piece[0] == '|') piece = "¦";
    }
    out += piece;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

const std::map<char, std::string_view> kNoExtra;
const std::map<char, std::string_view> kTagText = {{':', "："}, {',', "，"}};
const std::map<char, std::string_view> kCode = {{'(', "（"}, {')', "）"}};

// hledger account types: A asset, C cash (an asset), L liability, E equity, R revenue, X expense.
std::string_view HledgerType(const internal::ChartAccount& a) {
  if (a.type == "asset") return a.role == "cash" || a.role == "bank" ? "C" : "A";
  if (a.type == "liability") return "L";
  if (a.type == "equity") return "E";
  if (a.type == "income") return "R";
  return "X";
}

std::string CommoditySample(Currency c) {
  std::string sample = "1,000.";
  sample.append(static_cast<size_t>(c.minor_units()), '0');
  return "commodity " + sample + " " + std::string(c.code()) + "\n";
}

struct Writer {
  Currency company_currency;
  std::map<int64_t, std::string> names;  // account id -> hledger name
  std::set<int64_t> used;
  std::set<std::string> foreign;
  std::string body;
  int64_t entry_id = 0;
  std::string entry_description;

  void Entry(int64_t id, std::string_view date, std::string_view number, std::string_view ref,
             std::string_view description, std::string_view kind) {
    entry_id = id;
    entry_description = std::string(description);
    std::string text = Clean(description, kNoExtra);
    std::string r = Clean(ref, kNoExtra);
    if (!r.empty()) text = r + " | " + text;
    body += "\n" + std::string(date) + " * (" + Clean(number, kCode) + ")";
    if (!text.empty()) body += " " + text;
    body += "  ; entry:" + std::to_string(id);
    if (kind != "normal") body += ", kind:" + Clean(kind, kTagText);
    body += "\n";
  }

  Status Posting(int64_t account_id, std::string amount, std::optional<int64_t> party_id,
                 std::optional<int64_t> department_id, std::string_view description) {
    auto it = names.find(account_id);
    if (it == names.end()) return Internal("hledger export: unknown account");
    used.insert(account_id);
    body += "    " + it->second + "  " + amount;
    std::string comment;
    auto add = [&](const std::string& part) { comment += (comment.empty() ? "" : ", ") + part; };
    if (party_id) add("party:" + std::to_string(*party_id));
    if (department_id) add("department:" + std::to_string(*department_id));
    std::string text = Clean(description, kTagText);
    if (!text.empty() && description != entry_description) add(text);
    if (!comment.empty()) body += "  ; " + comment;
    body += "\n";
    return Status::Ok();
  }

  // The amount of a line: in the company currency, or its own currency at the total cost.
  Result<std::string> LineAmount(int64_t net, std::string_view currency, int64_t amount_currency) {
    std::string code(company_currency.code());
    if (currency.empty() || currency == code) return Amount(net, company_currency) + " " + code;
    ASSIGN_OR_RETURN(Currency fc, Currency::FromCode(currency));
    foreign.insert(std::string(currency));
    return Amount(amount_currency, fc) + " " + std::string(currency) + " @@ " +
           Amount(net < 0 ? -net : net, company_currency) + " " + code;
  }
};

Status WriteOpening(store::Tx& tx, int64_t company_id, Date from, Writer& w) {
  ASSIGN_OR_RETURN(
      auto sums, internal::DailySums(tx, company_id, std::nullopt, from.AddDays(-1), std::nullopt));
  bool any = false;
  for (const auto& [id, s] : sums) any = any || s.net() != 0;
  if (!any) return Status::Ok();
  w.Entry(0, from.ToString(), "OPENING", "", "Opening balances", "opening");
  for (const auto& [id, s] : sums) {
    if (s.net() == 0) continue;
    std::string code(w.company_currency.code());
    RETURN_IF_ERROR(w.Posting(id, Amount(s.net(), w.company_currency) + " " + code, std::nullopt,
                              std::nullopt, ""));
  }
  return Status::Ok();
}

Status WriteEntries(store::Tx& tx, int64_t company_id, std::optional<Date> from,
                    std::optional<Date> to, Writer& w) {
  std::string sql =
      "SELECT e.id, e.date, e.number, e.ref, e.description, e.kind, l.account_id, l.party_id, "
      "l.department_id, l.debit, l.credit, l.currency, l.amount_currency, l.description "
      "FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id "
      "WHERE e.company_id = ? AND e.state = 'posted' AND l.posted = 1";
  std::vector<store::Value> params = {company_id};
  if (from) {
    sql += " AND e.date >= ?";
    params.emplace_back(from->ToString());
  }
  if (to) {
    sql += " AND e.date <= ?";
    params.emplace_back(to->ToString());
  }
  sql += " ORDER BY e.date, e.number, e.id, l.line_no";
  auto opt = [](const store::Row& r, int i) {
    return r.IsNull(i) ? std::optional<int64_t>() : std::optional<int64_t>(r.Int(i));
  };
  return tx.connection().Query(sql, params, [&](const store::Row& r) -> Status {
    if (r.Int(0) != w.entry_id) {
      w.Entry(r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5));
    }
    ASSIGN_OR_RETURN(std::string amount, w.LineAmount(r.Int(9) - r.Int(10), r.Text(11), r.Int(12)));
    return w.Posting(r.Int(6), std::move(amount), opt(r, 7), opt(r, 8), r.Text(13));
  });
}

}  // namespace

std::string HledgerText(std::string_view text) { return Clean(text, kNoExtra); }

std::string HledgerAccountName(std::string_view code, std::string_view name) {
  std::string out = Clean(std::string(code) + " " + std::string(name), {{':', "："}});
  if (out.empty()) return "？";
  if (out[0] == '(') out.replace(0, 1, "（");
  if (out[0] == '[') out.replace(0, 1, "［");
  return out;
}

Result<std::string> HledgerJournal(store::Tx& tx, int64_t company_id, std::optional<Date> from,
                                   std::optional<Date> to) {
  ASSIGN_OR_RETURN(auto company, security::GetCompanyBasics(tx, company_id));
  ASSIGN_OR_RETURN(Currency cur, internal::CurrencyOf(tx, company_id));
  ASSIGN_OR_RETURN(auto chart, internal::LoadChart(tx, company_id));
  Writer w{cur, {}, {}, {}, {}, 0, {}};
  for (const auto& a : chart) w.names[a.id] = HledgerAccountName(a.code, a.name);
  if (from) RETURN_IF_ERROR(WriteOpening(tx, company_id, *from, w));
  RETURN_IF_ERROR(WriteEntries(tx, company_id, from, to, w));

  std::string out = "; concord ledger of " + HledgerText(company.name) + " in " +
                    std::string(cur.code()) + ", posted entries " +
                    (from ? "from " + from->ToString() : std::string("from the first")) + " " +
                    (to ? "to " + to->ToString() : std::string("to the last")) + "\n\n";
  out += CommoditySample(cur);
  for (const auto& code : w.foreign) out += CommoditySample(*Currency::FromCode(code));
  out += "\n";
  for (const auto& a : chart) {
    if (!w.used.count(a.id)) continue;
    out += "account " + w.names[a.id] + "  ; type: " + std::string(HledgerType(a));
    std::string zh = Clean(a.name_zh, kTagText);
    if (!zh.empty()) out += ", name_zh: " + zh;
    out += "\n";
  }
  out += w.body;
  return out;
}

}  // namespace concord::accounting

// The tax engine (pure) and its loading from the database. The rule is in taxes.h.
#include "accounting/taxes.h"

#include <algorithm>
#include <map>

#include "accounting/report_internal.h"
#include "core/decimal.h"
#include "core/json_input.h"
#include "core/money.h"

namespace concord::accounting {
namespace {

constexpr int64_t kRateOne = 1'000'000;  // rate / kRateOne is the fraction (percent × 10^4)
constexpr int64_t kFine = 1'000'000;     // unrounded taxes are kept in 10^-6 minor units

// One tax of one line before rounding, in 10^-6 minor units.
struct FineTax {
  const TaxDef* def = nullptr;
  __int128 fine = 0;
  int64_t rounded = 0;
};

Result<int64_t> RoundFine(__int128 fine) { return DivRound(fine, kFine, RoundingMode::kHalfUp); }

Result<std::vector<FineTax>> LineFine(const std::map<int64_t, const TaxDef*>& by_id,
                                      const TaxLineInput& line) {
  std::vector<FineTax> out;
  int64_t included = 0;
  for (int64_t id : line.tax_ids) {
    auto it = by_id.find(id);
    if (it == by_id.end()) return InvalidField("tax_ids", "tax.unknown", "No such tax.");
    for (const auto& f : out) {
      if (f.def->id == id) return InvalidField("tax_ids", "tax.duplicate", "A tax twice.");
    }
    out.push_back({it->second});
    if (it->second->included) included += it->second->rate;
  }
  __int128 amount_fine = static_cast<__int128>(line.amount) * kFine;
  __int128 base_fine = amount_fine;
  for (auto& f : out) {
    if (!f.def->included) continue;
    ASSIGN_OR_RETURN(
        int64_t v, DivRound(amount_fine * f.def->rate, kRateOne + included, RoundingMode::kHalfUp));
    f.fine = v;
    base_fine -= v;
  }
  for (auto& f : out) {
    if (f.def->included) continue;
    ASSIGN_OR_RETURN(int64_t v, DivRound(base_fine * f.def->rate, kRateOne, RoundingMode::kHalfUp));
    f.fine = v;
  }
  for (auto& f : out) {
    ASSIGN_OR_RETURN(f.rounded, RoundFine(f.fine));
  }
  return out;
}

// Document rounding of one tax: round the sum once and hand the difference to the lines with
// the largest remainders in its direction.
Status DistributeDocument(std::vector<std::vector<FineTax>>& lines, int64_t tax_id) {
  __int128 sum_fine = 0;
  int64_t sum_rounded = 0;
  std::vector<std::pair<__int128, size_t>> remainders;  // (remainder, line)
  for (size_t i = 0; i < lines.size(); ++i) {
    for (const auto& f : lines[i]) {
      if (f.def->id != tax_id) continue;
      sum_fine += f.fine;
      sum_rounded += f.rounded;
      remainders.push_back({f.fine - static_cast<__int128>(f.rounded) * kFine, i});
    }
  }
  ASSIGN_OR_RETURN(int64_t total, RoundFine(sum_fine));
  int64_t diff = total - sum_rounded;
  if (diff == 0 || remainders.empty()) return Status::Ok();
  int64_t step = diff > 0 ? 1 : -1;
  std::stable_sort(remainders.begin(), remainders.end(), [step](const auto& a, const auto& b) {
    return step > 0 ? a.first > b.first : a.first < b.first;
  });
  for (size_t k = 0; diff != 0; ++k, diff -= step) {
    size_t line = remainders[k % remainders.size()].second;
    for (auto& f : lines[line]) {
      if (f.def->id == tax_id) f.rounded += step;
    }
  }
  return Status::Ok();
}

void AddTotal(TaxResult& r, const TaxDef& def, int64_t base, int64_t amount) {
  for (auto& t : r.totals) {
    if (t.tax_id == def.id) {
      t.base += base;
      t.amount += amount;
      return;
    }
  }
  r.totals.push_back({def.id, def.code, base, amount, std::nullopt});
}

}  // namespace

Result<int64_t> ParseRate(std::string_view text) {
  auto v = ParseScaled(text, 4);
  if (!v.ok()) return InvalidField("rate", v.status().message_id(), "rate is a percentage.");
  if (*v < 0 || *v > 100 * 10'000) {
    return InvalidField("rate", "range", "rate is between 0 and 100 (percent).");
  }
  return *v;
}

Result<TaxResult> ComputeTaxLines(const std::vector<TaxDef>& taxes,
                                  const std::vector<TaxLineInput>& lines, TaxRounding rounding) {
  std::map<int64_t, const TaxDef*> by_id;
  for (const auto& t : taxes) by_id[t.id] = &t;
  std::vector<std::vector<FineTax>> fine;
  std::vector<int64_t> order;  // tax ids by first appearance
  for (const auto& line : lines) {
    ASSIGN_OR_RETURN(auto f, LineFine(by_id, line));
    for (const auto& t : f) {
      if (std::find(order.begin(), order.end(), t.def->id) == order.end()) {
        order.push_back(t.def->id);
      }
    }
    fine.push_back(std::move(f));
  }
  if (rounding == TaxRounding::kDocument) {
    for (int64_t id : order) RETURN_IF_ERROR(DistributeDocument(fine, id));
  }
  TaxResult r;
  for (size_t i = 0; i < lines.size(); ++i) {
    LineResult l;
    l.base = lines[i].amount;
    for (const auto& f : fine[i]) {
      if (f.def->included) l.base -= f.rounded;
      l.tax += f.rounded;
      l.taxes.push_back({f.def->id, f.rounded});
    }
    l.total = l.base + l.tax;
    for (const auto& f : fine[i]) AddTotal(r, *f.def, l.base, f.rounded);
    r.base += l.base;
    r.tax += l.tax;
    r.total += l.total;
    r.lines.push_back(std::move(l));
  }
  std::map<int64_t, size_t> rank;
  for (size_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  std::sort(r.totals.begin(), r.totals.end(),
            [&](const TaxTotal& a, const TaxTotal& b) { return rank[a.tax_id] < rank[b.tax_id]; });
  return r;
}

Result<std::vector<PostingLine>> TaxPostingLines(const std::vector<TaxDef>& taxes,
                                                 const TaxResult& result, TaxSide side) {
  std::vector<PostingLine> out;
  for (const auto& t : result.totals) {
    if (t.amount == 0) continue;
    auto def =
        std::find_if(taxes.begin(), taxes.end(), [&](const TaxDef& d) { return d.id == t.tax_id; });
    if (def == taxes.end()) return InvalidField("tax_ids", "tax.unknown", "No such tax.");
    auto account = side == TaxSide::kSale ? def->collected_account_id : def->paid_account_id;
    if (!account) {
      return FailedPrecondition("tax.no_account", "Tax " + def->code + " has no account.");
    }
    PostingLine l;
    l.account_id = *account;
    // Sales tax is owed (credit), purchase tax reclaimable (debit); a credit note turns both.
    bool credit = (side == TaxSide::kSale) == (t.amount > 0);
    int64_t magnitude = t.amount > 0 ? t.amount : -t.amount;
    (credit ? l.credit : l.debit) = magnitude;
    l.description = def->code;
    l.tax_id = t.tax_id;
    l.tax_base = t.base;
    out.push_back(std::move(l));
  }
  return out;
}

Result<std::vector<TaxDef>> Taxes::Load(store::Tx& tx, int64_t company_id) const {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, code, rate, included, collected_account_id, "
                                      "paid_account_id, active FROM taxes WHERE company_id = ? "
                                      "ORDER BY id",
                                      company_id));
  std::vector<TaxDef> out;
  for (const auto& r : rows) {
    if (r.Int(6) == 0) continue;
    ASSIGN_OR_RETURN(int64_t rate, ParseRate(r.Text(2)));
    out.push_back({r.Int(0), r.Text(1), rate, r.Int(3) != 0, r.OptInt(4), r.OptInt(5)});
  }
  return out;
}

Result<TaxRounding> Taxes::RoundingOf(store::Tx& tx, int64_t company_id) const {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT tax_rounding FROM accounting_settings WHERE "
                                    "company_id = ?",
                                    company_id));
  return row && row->Text(0) == "document" ? TaxRounding::kDocument : TaxRounding::kLine;
}

Result<TaxResult> Taxes::ComputeTaxes(store::Tx& tx, int64_t company_id,
                                      std::vector<TaxLineInput> lines, TaxSide side) const {
  ASSIGN_OR_RETURN(auto defs, Load(tx, company_id));
  for (auto& l : lines) {
    if (!l.group_id) continue;
    ASSIGN_OR_RETURN(auto group, tx.One("SELECT id FROM tax_groups WHERE id = ? AND company_id "
                                        "= ?",
                                        *l.group_id, company_id));
    if (!group) return InvalidField("group_id", "not_found", "No such tax group.");
    ASSIGN_OR_RETURN(auto members, tx.Rows("SELECT tax_id FROM tax_group_members WHERE "
                                           "group_id = ? ORDER BY sequence",
                                           *l.group_id));
    for (const auto& m : members) l.tax_ids.push_back(m.Int(0));
    l.group_id.reset();
  }
  ASSIGN_OR_RETURN(TaxRounding rounding, RoundingOf(tx, company_id));
  ASSIGN_OR_RETURN(TaxResult r, ComputeTaxLines(defs, lines, rounding));
  for (auto& t : r.totals) {
    for (const auto& d : defs) {
      if (d.id != t.tax_id) continue;
      t.account_id = side == TaxSide::kSale ? d.collected_account_id : d.paid_account_id;
    }
  }
  return r;
}

}  // namespace concord::accounting

namespace concord::accounting {
namespace {

using nlohmann::json;

Result<std::vector<TaxLineInput>> ReadCalcLines(Fields& f, Currency currency) {
  std::vector<TaxLineInput> out;
  const json* lines = f.Raw("lines");
  if (!lines || !lines->is_array() || lines->empty() || lines->size() > 1000) {
    f.Error("lines", "type", "lines is a list of 1 to 1000 lines.");
    return out;
  }
  for (size_t i = 0; i < lines->size(); ++i) {
    std::string at = "lines/" + std::to_string(i) + "/";
    if (!(*lines)[i].is_object()) {
      f.Error(at, "type", "A line is an object.");
      continue;
    }
    Fields g((*lines)[i]);
    TaxLineInput l;
    auto amount = g.Text("amount", {.required = true, .max_chars = 30});
    if (amount) {
      auto m = Money::Parse(*amount, currency);
      if (m.ok())
        l.amount = m->minor();
      else
        g.Error("amount", m.status().message_id(), "amount is a decimal amount.");
    }
    if (const json* ids = g.Raw("tax_ids")) {
      if (!ids->is_array()) g.Error("tax_ids", "type", "tax_ids is a list of tax ids.");
      for (const auto& v : ids->is_array() ? *ids : json::array()) {
        if (v.is_number_integer())
          l.tax_ids.push_back(v.get<int64_t>());
        else
          g.Error("tax_ids", "type", "A tax id is an integer.");
      }
    }
    l.group_id = g.Int("group_id");
    Status st = g.Finish();
    for (const auto& e : st.field_errors()) f.Error(at + e.field, e.code, e.message);
    out.push_back(std::move(l));
  }
  return out;
}

json PostingLineJson(const PostingLine& l, Currency c) {
  json j = {{"account_id", l.account_id}, {"description", l.description}};
  if (l.debit != 0) j["debit"] = Money::FromMinor(l.debit, c).ToString();
  if (l.credit != 0) j["credit"] = Money::FromMinor(l.credit, c).ToString();
  if (l.tax_id) j["tax_id"] = *l.tax_id;
  j["tax_base"] = Money::FromMinor(l.tax_base, c).ToString();
  return j;
}

json ResultJson(const TaxResult& r, const std::vector<TaxDef>& defs, Currency c) {
  auto money = [&](int64_t v) { return Money::FromMinor(v, c).ToString(); };
  auto code = [&](int64_t id) {
    for (const auto& d : defs) {
      if (d.id == id) return d.code;
    }
    return std::string();
  };
  json out = {
      {"currency", std::string(c.code())}, {"base", money(r.base)},  {"tax", money(r.tax)},
      {"total", money(r.total)},           {"lines", json::array()}, {"taxes", json::array()}};
  for (const auto& l : r.lines) {
    json taxes = json::array();
    for (const auto& t : l.taxes) {
      taxes.push_back(
          {{"tax_id", t.tax_id}, {"code", code(t.tax_id)}, {"amount", money(t.amount)}});
    }
    out["lines"].push_back({{"base", money(l.base)},
                            {"tax", money(l.tax)},
                            {"total", money(l.total)},
                            {"taxes", taxes}});
  }
  for (const auto& t : r.totals) {
    out["taxes"].push_back({{"tax_id", t.tax_id},
                            {"code", t.code},
                            {"base", money(t.base)},
                            {"amount", money(t.amount)},
                            {"account_id", t.account_id ? json(*t.account_id) : json(nullptr)}});
  }
  return out;
}

}  // namespace

Result<json> Taxes::Calculate(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("accounting.tax.read"));
  ASSIGN_OR_RETURN(Currency currency, internal::CurrencyOf(tx, who.company_id()));
  Fields f(body);
  auto side_name = f.Enum("side", {"sale", "purchase"}).value_or("sale");
  ASSIGN_OR_RETURN(auto lines, ReadCalcLines(f, currency));
  RETURN_IF_ERROR(f.Finish());
  TaxSide side = side_name == "sale" ? TaxSide::kSale : TaxSide::kPurchase;
  ASSIGN_OR_RETURN(TaxResult r, ComputeTaxes(tx, who.company_id(), std::move(lines), side));
  ASSIGN_OR_RETURN(auto defs, Load(tx, who.company_id()));
  ASSIGN_OR_RETURN(TaxRounding rounding, RoundingOf(tx, who.company_id()));
  json out = ResultJson(r, defs, currency);
  out["side"] = side_name;
  out["rounding"] = rounding == TaxRounding::kLine ? "line" : "document";
  out["posting_lines"] = json::array();
  auto posting = TaxPostingLines(defs, r, side);
  if (posting.ok()) {
    for (const auto& l : *posting) out["posting_lines"].push_back(PostingLineJson(l, currency));
  }
  return out;
}

}  // namespace concord::accounting

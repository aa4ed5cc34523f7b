// The tax report of a period: per tax, the base and tax collected on sales and paid on
// purchases, from posted journal lines carrying a tax_id.
//
// A line on the tax's collected account is sales tax (credit − debit), on its paid account
// purchase tax (debit − credit); tax_base is signed like the document (a reversal or a credit
// note negates it), so bases add up as they are. A line with a tax_id on any other account is
// a base-only line (zero-rated sales or purchases, where there is no tax to post): it counts to
// the sales base on an income account and to the purchases base otherwise.
#include "accounting/report_internal.h"
#include "accounting/taxes.h"
#include "core/decimal.h"

namespace concord::accounting {

namespace {

struct SideSums {
  int64_t base = 0;
  int64_t tax = 0;
};

}  // namespace

Result<nlohmann::json> TaxReport(store::Tx& tx, const security::Access& who,
                                 const TaxReportParams& p) {
  using nlohmann::json;
  RETURN_IF_ERROR(who.Require("accounting.report.read"));
  RETURN_IF_ERROR(internal::CheckRange(p.from, p.to));
  ASSIGN_OR_RETURN(Currency currency, internal::CurrencyOf(tx, who.company_id()));
  ASSIGN_OR_RETURN(auto taxes, tx.Rows("SELECT id, code, name, name_zh, rate, "
                                       "collected_account_id, paid_account_id FROM taxes WHERE "
                                       "company_id = ? ORDER BY code",
                                       who.company_id()));
  ASSIGN_OR_RETURN(auto sums, tx.Rows("SELECT l.tax_id, l.account_id, a.type, CAST(SUM(l.debit) AS "
                                      "BIGINT), CAST(SUM(l.credit) AS BIGINT), "
                                      "CAST(SUM(l.tax_base) AS BIGINT) FROM journal_lines l JOIN "
                                      "accounts a ON a.id = l.account_id WHERE l.company_id = ? "
                                      "AND l.posted = 1 AND l.tax_id IS NOT NULL AND l.date >= ? "
                                      "AND l.date <= ? GROUP BY l.tax_id, l.account_id, a.type",
                                      who.company_id(), p.from.ToString(), p.to.ToString()));
  auto money = [&](int64_t v) { return internal::Amount(v, currency); };
  json out = {{"from", p.from.ToString()},
              {"to", p.to.ToString()},
              {"currency", std::string(currency.code())},
              {"taxes", json::array()}};
  SideSums sale_total, purchase_total;
  for (const auto& t : taxes) {
    SideSums sale, purchase;
    bool seen = false;
    for (const auto& s : sums) {
      if (s.Int(0) != t.Int(0)) continue;
      seen = true;
      int64_t account = s.Int(1), net = s.Int(3) - s.Int(4), base = s.Int(5);
      if (t.OptInt(5) == account) {
        sale.base += base;
        sale.tax -= net;
      } else if (t.OptInt(6) == account) {
        purchase.base += base;
        purchase.tax += net;
      } else {
        (s.Text(2) == "income" ? sale : purchase).base += base;
      }
    }
    if (!seen) continue;
    auto rate = ParseRate(t.Text(4));
    out["taxes"].push_back(
        {{"id", t.Int(0)},
         {"code", t.Text(1)},
         {"name", t.Text(2)},
         {"name_zh", t.Text(3)},
         {"rate", FormatScaledTrimmed(rate.ok() ? *rate : 0, 4)},
         {"sale", {{"base", money(sale.base)}, {"tax", money(sale.tax)}}},
         {"purchase", {{"base", money(purchase.base)}, {"tax", money(purchase.tax)}}},
         {"net", money(sale.tax - purchase.tax)}});
    sale_total.tax += sale.tax;
    purchase_total.tax += purchase.tax;
  }
  out["totals"] = {{"sale_tax", money(sale_total.tax)},
                   {"purchase_tax", money(purchase_total.tax)},
                   {"net", money(sale_total.tax - purchase_total.tax)}};
  return out;
}

}  // namespace concord::accounting

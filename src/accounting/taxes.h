// Taxes: definitions (a percentage added to or included in the price, with the accounts of the
// tax collected on sales and paid on purchases), ordered tax groups, the company's rounding
// setting, and the computation engine the sales and purchasing areas call for quotes, orders
// and invoices.
//
// The engine works in integer minor units of the company currency, never floating point.
// Rates are percentages with at most 4 decimals, held as percent × 10^4 ("13" is 130000), so
// rate / 10^6 is the exact fraction. Every tax of a line is computed on the same base (no tax
// on tax). A line's amount is the price × quantity the caller already multiplied:
//   * added taxes:    base = amount, tax = base × rate;
//   * included taxes: tax_i = amount × rate_i / (1 + Σ included rates), base = amount − Σ tax_i,
//     so base + included taxes is exactly the amount the customer was quoted.
// Rounding is half-up (away from zero), so a credit note (negative amounts) mirrors its invoice
// to the cent.
//   * "line" rounding: each line's tax is rounded; document totals are sums of line taxes.
//   * "document" rounding: per tax, the unrounded line taxes (kept to 10^-6 of a minor unit:
//     exact for added taxes, whose fraction has 6 decimals) are summed and rounded once. The
//     difference between that total and the sum of the line taxes rounded one by one is then
//     handed out one minor unit at a time to the lines with the largest rounding remainder in
//     the difference's direction (ties: the earlier line), the largest-remainder method, so
//     lines always add up to the document. For included taxes the line base absorbs the change
//     and the line total stays the quoted amount.
//
// Thread-safety: stateless apart from the clock; every method runs in the caller's Tx.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "accounting/fiscal.h"
#include "accounting/ledger.h"
#include "security/access.h"

namespace concord::accounting {

enum class TaxSide { kSale, kPurchase };
enum class TaxRounding { kLine, kDocument };

struct TaxDef {
  int64_t id = 0;
  std::string code;
  int64_t rate = 0;  // percent × 10^4, 0..1000000
  bool included = false;
  std::optional<int64_t> collected_account_id;  // output tax (sales)
  std::optional<int64_t> paid_account_id;       // input tax (purchases)
};

struct TaxLineInput {
  int64_t amount = 0;               // minor units; negative for credit notes and discounts
  std::vector<int64_t> tax_ids;     // applied in this order
  std::optional<int64_t> group_id;  // ComputeTaxes: the group's taxes after tax_ids
};

struct LineTax {
  int64_t tax_id = 0;
  int64_t amount = 0;
};

struct LineResult {
  int64_t base = 0;
  int64_t tax = 0;    // Σ taxes
  int64_t total = 0;  // base + tax
  std::vector<LineTax> taxes;
};

struct TaxTotal {
  int64_t tax_id = 0;
  std::string code;
  int64_t base = 0;  // Σ bases of the lines carrying the tax
  int64_t amount = 0;
  std::optional<int64_t> account_id;  // by side; set by ComputeTaxes / TaxPostingLines
};

struct TaxResult {
  std::vector<LineResult> lines;
  std::vector<TaxTotal> totals;  // in order of first appearance
  int64_t base = 0;
  int64_t tax = 0;
  int64_t total = 0;
};

// The pure engine. `taxes` must hold every id the lines name (and no duplicate within a line);
// InvalidArgument "tax.unknown" / "tax.duplicate" / "money.overflow" otherwise.
Result<TaxResult> ComputeTaxLines(const std::vector<TaxDef>& taxes,
                                  const std::vector<TaxLineInput>& lines, TaxRounding rounding);

// The tax lines of an invoice: one per tax total with a non-zero amount, on the tax's collected
// (sale) or paid (purchase) account, sale tax as a credit and purchase tax as a debit (the
// other way round for negative totals, i.e. credit notes); tax_id set and tax_base the total's
// base, signed like the document (negative for a credit note). A zero-rated tax gives no line:
// the caller sets tax_id and tax_base on the base (revenue/expense) line instead, and the tax
// report counts that base. FailedPrecondition "tax.no_account" when a tax has no account.
Result<std::vector<PostingLine>> TaxPostingLines(const std::vector<TaxDef>& taxes,
                                                 const TaxResult& result, TaxSide side);

// Parses a rate ("13", "6.5", "0.0125"): percent × 10^4 within 0..100.
Result<int64_t> ParseRate(std::string_view text);

class Taxes {
 public:
  explicit Taxes(const Clock& clock) : clock_(clock) {}

  // For other areas: loads the company's taxes and rounding, resolves groups, computes, and
  // sets each total's account for `side`. InvalidArgument for a tax or group of another
  // company or an inactive tax.
  Result<TaxResult> ComputeTaxes(store::Tx& tx, int64_t company_id, std::vector<TaxLineInput> lines,
                                 TaxSide side) const;
  Result<TaxRounding> RoundingOf(store::Tx& tx, int64_t company_id) const;
  Result<std::vector<TaxDef>> Load(store::Tx& tx, int64_t company_id) const;

  // API: accounting.tax.read / create / update.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, bool inactive) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body, const VersionCheck& check) const;
  Result<nlohmann::json> ListGroups(store::Tx& tx, const security::Access& who) const;
  // Body {code, name, tax_ids: [ordered]}.
  Result<nlohmann::json> CreateGroup(store::Tx& tx, const security::Access& who,
                                     const nlohmann::json& body) const;
  Result<nlohmann::json> Settings(store::Tx& tx, const security::Access& who) const;
  Result<nlohmann::json> UpdateSettings(store::Tx& tx, const security::Access& who,
                                        const nlohmann::json& body,
                                        const VersionCheck& check) const;
  // Body {side: sale|purchase, lines: [{amount, tax_ids?, group_id?}]} → the breakdown with
  // decimal strings and the tax posting lines.
  Result<nlohmann::json> Calculate(store::Tx& tx, const security::Access& who,
                                   const nlohmann::json& body) const;

 private:
  const Clock& clock_;
};

struct TaxReportParams {
  Date from;
  Date to;
};
// {from, to, currency, taxes: [{id, code, name, rate, sale: {base, tax}, purchase: {base, tax},
//  net}], totals: {sale_tax, purchase_tax, net}} from posted lines with a tax_id dated in
// [from, to]; net = collected − paid (payable when positive). accounting.report.read.
Result<nlohmann::json> TaxReport(store::Tx& tx, const security::Access& who,
                                 const TaxReportParams& p);

}  // namespace concord::accounting

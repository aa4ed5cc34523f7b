// The tax engine: added and included taxes, several taxes on a line, line vs document rounding,
// zero rates, credit notes, and the posting lines it produces.
#include "accounting/taxes.h"

#include <gtest/gtest.h>

namespace concord::accounting {
namespace {

const TaxDef kVat13{1, "VAT13", 130000, false, 101, 102};
const TaxDef kVat13Inc{2, "VAT13_INC", 130000, true, 101, 102};
const TaxDef kVat6{3, "VAT6", 60000, false, 101, 102};
const TaxDef kVat0{4, "VAT0", 0, false, 101, 102};
const std::vector<TaxDef> kTaxes = {kVat13, kVat13Inc, kVat6, kVat0};

TaxResult Compute(std::vector<TaxLineInput> lines, TaxRounding r = TaxRounding::kLine) {
  auto out = ComputeTaxLines(kTaxes, lines, r);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : TaxResult();
}

TEST(TaxEngine, AddedThirteenPercent) {
  auto r = Compute({{10000, {1}}});
  ASSERT_EQ(r.lines.size(), 1u);
  EXPECT_EQ(r.lines[0].base, 10000);
  EXPECT_EQ(r.lines[0].tax, 1300);
  EXPECT_EQ(r.lines[0].total, 11300);
  ASSERT_EQ(r.totals.size(), 1u);
  EXPECT_EQ(r.totals[0].base, 10000);
  EXPECT_EQ(r.totals[0].amount, 1300);
}

TEST(TaxEngine, IncludedThirteenPercentKeepsTheQuotedTotal) {
  auto r = Compute({{11300, {2}}, {1000, {2}}});
  EXPECT_EQ(r.lines[0].base, 10000);
  EXPECT_EQ(r.lines[0].tax, 1300);
  EXPECT_EQ(r.lines[0].total, 11300);
  // 10.00 / 1.13 = 8.849...: tax 1.15, base 8.85, and the total stays 10.00.
  EXPECT_EQ(r.lines[1].tax, 115);
  EXPECT_EQ(r.lines[1].base, 885);
  EXPECT_EQ(r.lines[1].total, 1000);
  EXPECT_EQ(r.total, 12300);
}

TEST(TaxEngine, TwoTaxesOnTheSameBase) {
  auto r = Compute({{10000, {1, 3}}});
  ASSERT_EQ(r.lines[0].taxes.size(), 2u);
  EXPECT_EQ(r.lines[0].taxes[0].amount, 1300);
  EXPECT_EQ(r.lines[0].taxes[1].amount, 600);
  EXPECT_EQ(r.lines[0].total, 11900);
  ASSERT_EQ(r.totals.size(), 2u);
  EXPECT_EQ(r.totals[0].code, "VAT13");
  EXPECT_EQ(r.totals[1].code, "VAT6");
}

TEST(TaxEngine, DocumentRoundingDiffersFromLineRoundingByACent) {
  // Three lines of 0.10 at 13%: 0.013 each.
  std::vector<TaxLineInput> lines = {{10, {1}}, {10, {1}}, {10, {1}}};
  auto by_line = Compute(lines, TaxRounding::kLine);
  EXPECT_EQ(by_line.tax, 3);  // 0.01 × 3
  auto by_doc = Compute(lines, TaxRounding::kDocument);
  EXPECT_EQ(by_doc.tax, 4);  // round(0.039) once
  EXPECT_EQ(by_doc.totals[0].amount, 4);
  // The extra cent goes to the first line (equal remainders): lines still add up.
  EXPECT_EQ(by_doc.lines[0].tax, 2);
  EXPECT_EQ(by_doc.lines[1].tax, 1);
  EXPECT_EQ(by_doc.lines[2].tax, 1);
  EXPECT_EQ(by_doc.lines[0].total + by_doc.lines[1].total + by_doc.lines[2].total, by_doc.total);
}

TEST(TaxEngine, DocumentRoundingWithIncludedTaxMovesTheBaseNotTheTotal) {
  std::vector<TaxLineInput> lines = {{100, {2}}, {100, {2}}, {100, {2}}};
  // 1.00 / 1.13 → tax 0.11504 each: per line 0.12 × 3 = 0.36, per document 0.35.
  auto by_line = Compute(lines, TaxRounding::kLine);
  EXPECT_EQ(by_line.tax, 36);
  auto by_doc = Compute(lines, TaxRounding::kDocument);
  EXPECT_EQ(by_doc.tax, 35);
  for (const auto& l : by_doc.lines) EXPECT_EQ(l.total, 100);
  EXPECT_EQ(by_doc.base, 265);
}

TEST(TaxEngine, ZeroRateHasABaseAndNoPostingLine) {
  auto r = Compute({{10000, {4}}});
  EXPECT_EQ(r.tax, 0);
  EXPECT_EQ(r.totals[0].base, 10000);
  auto lines = TaxPostingLines(kTaxes, r, TaxSide::kSale);
  ASSERT_TRUE(lines.ok());
  EXPECT_TRUE(lines->empty());
}

TEST(TaxEngine, CreditNoteMirrorsTheInvoice) {
  auto invoice = Compute({{12345, {1}}, {-2000, {1}}});
  auto credit = Compute({{-12345, {1}}, {2000, {1}}});
  EXPECT_EQ(invoice.tax, -credit.tax);
  EXPECT_EQ(invoice.lines[0].tax, 1605);  // 16.0485 → 16.05
  EXPECT_EQ(credit.lines[0].tax, -1605);
  EXPECT_EQ(invoice.lines[1].tax, -260);
  auto lines = TaxPostingLines(kTaxes, credit, TaxSide::kSale);
  ASSERT_TRUE(lines.ok());
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ((*lines)[0].debit, 1345);  // a credit note reduces the tax owed
  EXPECT_EQ((*lines)[0].credit, 0);
  EXPECT_EQ((*lines)[0].tax_base, -10345);
}

TEST(TaxEngine, PostingLinesBySide) {
  auto r = Compute({{10000, {1, 3}}});
  auto sale = TaxPostingLines(kTaxes, r, TaxSide::kSale);
  ASSERT_TRUE(sale.ok());
  ASSERT_EQ(sale->size(), 2u);
  EXPECT_EQ((*sale)[0].account_id, 101);
  EXPECT_EQ((*sale)[0].credit, 1300);
  EXPECT_EQ((*sale)[0].tax_id, 1);
  EXPECT_EQ((*sale)[0].tax_base, 10000);
  auto purchase = TaxPostingLines(kTaxes, r, TaxSide::kPurchase);
  ASSERT_TRUE(purchase.ok());
  EXPECT_EQ((*purchase)[1].account_id, 102);
  EXPECT_EQ((*purchase)[1].debit, 600);
}

TEST(TaxEngine, RefusesUnknownAndDuplicateTaxes) {
  EXPECT_FALSE(ComputeTaxLines(kTaxes, {{100, {99}}}, TaxRounding::kLine).ok());
  EXPECT_FALSE(ComputeTaxLines(kTaxes, {{100, {1, 1}}}, TaxRounding::kLine).ok());
}

TEST(TaxEngine, ParsesRates) {
  EXPECT_EQ(*ParseRate("13"), 130000);
  EXPECT_EQ(*ParseRate("0.0125"), 125);
  EXPECT_EQ(*ParseRate("100"), 1000000);
  EXPECT_FALSE(ParseRate("abc").ok());
  EXPECT_FALSE(ParseRate("101").ok());
  EXPECT_FALSE(ParseRate("-1").ok());
  EXPECT_FALSE(ParseRate("1.00001").ok());
}

}  // namespace
}  // namespace concord::accounting

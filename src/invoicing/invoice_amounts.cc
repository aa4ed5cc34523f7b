// Amounts of an invoice (lines, taxes, company-currency shares, instalments) and its ledger
// entry. See invoices.h for the arithmetic.
#include <algorithm>

#include "core/decimal.h"
#include "core/money.h"
#include "invoicing/invoice_internal.h"

namespace concord::invoicing {

using nlohmann::json;

Result<int64_t> LineNet(const UnitPrice& price, const Quantity& quantity, int64_t discount_ppm,
                        const std::string& currency) {
  ASSIGN_OR_RETURN(Currency c, Currency::FromCode(currency));
  ASSIGN_OR_RETURN(Money gross, LineAmount(price, quantity, c, RoundingMode::kHalfUp));
  if (discount_ppm == 0) return gross.minor();
  ASSIGN_OR_RETURN(Money net,
                   MultiplyRounded(gross, 1000000 - discount_ppm, 6, RoundingMode::kHalfUp));
  return net.minor();
}

namespace internal {
namespace {

// `total` shared in proportion to `weights` (all >= 0); all zero when the weights are.
Result<std::vector<int64_t>> Share(int64_t total, const std::vector<int64_t>& weights,
                                   const std::string& currency) {
  int64_t sum = 0;
  for (int64_t w : weights) sum += w;
  if (sum == 0) return std::vector<int64_t>(weights.size(), 0);
  ASSIGN_OR_RETURN(Currency c, Currency::FromCode(currency));
  ASSIGN_OR_RETURN(auto parts, Split(Money::FromMinor(total, c), weights));
  std::vector<int64_t> out;
  for (const auto& m : parts) out.push_back(m.minor());
  return out;
}

const accounting::TaxDef* FindDef(const std::vector<accounting::TaxDef>& defs, int64_t id) {
  auto it = std::find_if(defs.begin(), defs.end(), [&](const auto& d) { return d.id == id; });
  return it == defs.end() ? nullptr : &*it;
}

Status FillLinesAndTaxes(Computed& c, const std::string& currency) {
  for (const auto& lr : c.result.lines) {
    ComputedLine l{lr.base, lr.tax, lr.total, 0, json::array()};
    for (const auto& t : lr.taxes) {
      const auto* d = FindDef(c.defs, t.tax_id);
      l.taxes.push_back({{"tax_id", t.tax_id},
                         {"code", d ? d->code : ""},
                         {"rate", d ? FormatScaledTrimmed(d->rate, 4) : ""},
                         {"amount", Fmt(t.amount, currency)}});
    }
    c.lines.push_back(std::move(l));
  }
  for (const auto& t : c.result.totals) {
    const auto* d = FindDef(c.defs, t.tax_id);
    c.taxes.push_back({t.tax_id, t.code, d ? FormatScaledTrimmed(d->rate, 4) : "", d && d->included,
                       t.base, t.amount, 0, 0});
  }
  c.untaxed = c.result.base;
  c.tax = c.result.tax;
  c.total = c.result.total;
  return Status::Ok();
}

// Company-currency amounts: revenue and tax lines share total_company.
Status ShareCompany(Computed& c, const std::string& company_currency) {
  std::vector<int64_t> weights;
  for (const auto& l : c.lines) weights.push_back(l.untaxed);
  for (const auto& t : c.taxes) weights.push_back(t.amount);
  ASSIGN_OR_RETURN(auto parts, Share(c.total_company, weights, company_currency));
  for (size_t i = 0; i < c.lines.size(); ++i) c.lines[i].untaxed_company = parts[i];
  for (size_t k = 0; k < c.taxes.size(); ++k) {
    auto& t = c.taxes[k];
    t.amount_company = parts[c.lines.size() + k];
    for (size_t i = 0; i < c.lines.size(); ++i) {
      for (const auto& lt : c.result.lines[i].taxes) {
        if (lt.tax_id == t.tax_id) t.base_company += c.lines[i].untaxed_company;
      }
    }
  }
  return Status::Ok();
}

// Instalments in both currencies; one whose company share rounds to 0 is folded into the next
// (or the previous) so that every instalment can carry a ledger line.
Status Instalments(Computed& c, const Resolved& r, Date date) {
  auto plan = SplitByTerm(r.term, c.total, date);
  std::vector<int64_t> weights;
  for (const auto& p : plan) weights.push_back(p.amount);
  ASSIGN_OR_RETURN(auto company, Share(c.total_company, weights, r.company_currency));
  for (size_t i = 0; i < plan.size(); ++i) {
    c.instalments.push_back({plan[i].due_date, plan[i].amount, company[i]});
  }
  for (size_t i = 0; i < c.instalments.size() && c.instalments.size() > 1;) {
    if (c.instalments[i].amount_company != 0) {
      ++i;
      continue;
    }
    size_t into = i + 1 < c.instalments.size() ? i + 1 : i - 1;
    c.instalments[into].amount += c.instalments[i].amount;
    c.instalments.erase(c.instalments.begin() + static_cast<std::ptrdiff_t>(i));
  }
  return Status::Ok();
}

}  // namespace

Result<Computed> Compute(store::Tx& tx, const Clock& clock, const InvoiceInput& in,
                         const Resolved& r) {
  Computed c;
  accounting::Taxes taxes(clock);
  ASSIGN_OR_RETURN(c.defs, taxes.Load(tx, in.company_id));
  ASSIGN_OR_RETURN(auto rounding, taxes.RoundingOf(tx, in.company_id));
  std::vector<accounting::TaxLineInput> inputs;
  for (size_t i = 0; i < in.lines.size(); ++i) {
    const auto& l = in.lines[i];
    auto net = LineNet(l.unit_price, l.quantity, l.discount_ppm, r.currency);
    if (!net.ok()) return AsField(net.status(), "lines/" + std::to_string(i) + "/unit_price");
    inputs.push_back({*net, l.tax_ids, std::nullopt});
  }
  auto result = accounting::ComputeTaxLines(c.defs, inputs, rounding);
  if (!result.ok()) return AsField(result.status(), "lines");
  c.result = std::move(*result);
  RETURN_IF_ERROR(FillLinesAndTaxes(c, r.currency));
  c.total_company = c.total;
  if (r.currency != r.company_currency) {
    auto rate = accounting::RateOn(tx, in.company_id, r.currency, in.date);
    if (!rate.ok()) return AsField(rate.status(), "currency");
    c.rate = *rate;
    ASSIGN_OR_RETURN(c.total_company, accounting::ToCompany(c.total, *rate, r.company_currency));
  }
  RETURN_IF_ERROR(ShareCompany(c, r.company_currency));
  RETURN_IF_ERROR(Instalments(c, r, in.date));
  return c;
}

namespace {

// Company amount `company` and document amount `doc` as a debit (side > 0) or credit line.
void SetAmounts(accounting::PostingLine& l, int side, int64_t company, int64_t doc,
                const std::string& currency, bool foreign) {
  (side > 0 ? l.debit : l.credit) = company;
  if (foreign) {
    l.currency = currency;
    l.amount_currency = side > 0 ? doc : -doc;
  }
}

Status AddTaxLines(accounting::PostingEntry& e, const Computed& c, int sign, bool foreign,
                   const std::string& currency) {
  ASSIGN_OR_RETURN(auto lines,
                   accounting::TaxPostingLines(c.defs, c.result, accounting::TaxSide::kSale));
  for (auto& l : lines) {
    auto t = std::find_if(c.taxes.begin(), c.taxes.end(),
                          [&](const ComputedTax& x) { return x.tax_id == l.tax_id; });
    if (t == c.taxes.end() || t->amount_company == 0) continue;
    l.debit = l.credit = 0;
    SetAmounts(l, -sign, t->amount_company, t->amount, currency, foreign);
    l.tax_base = sign * t->base_company;
    e.lines.push_back(std::move(l));
  }
  return Status::Ok();
}

}  // namespace

namespace {

// Cr revenue per line (Dr for a credit note); a zero-rated tax is reported on its base line.
void AddRevenueLines(accounting::PostingEntry& e, const InvoiceInput& in, const Resolved& r,
                     const Computed& c, int sign, bool foreign) {
  for (size_t i = 0; i < c.lines.size(); ++i) {
    if (c.lines[i].untaxed_company == 0) continue;
    accounting::PostingLine l{.account_id = r.account_ids[i], .department_id = in.department_id};
    SetAmounts(l, -sign, c.lines[i].untaxed_company, c.lines[i].untaxed, r.currency, foreign);
    l.description = Truncate(in.lines[i].description, 200);
    for (const auto& t : c.taxes) {
      bool carries = std::any_of(c.result.lines[i].taxes.begin(), c.result.lines[i].taxes.end(),
                                 [&](const auto& lt) { return lt.tax_id == t.tax_id; });
      if (t.amount == 0 && carries && !l.tax_id) {
        l.tax_id = t.tax_id;
        l.tax_base = sign * c.lines[i].untaxed_company;
      }
    }
    e.lines.push_back(std::move(l));
  }
}

}  // namespace

Result<accounting::PostingEntry> BuildEntry(store::Tx& tx, const InvoiceInput& in,
                                            const Resolved& r, const Computed& c, int64_t id,
                                            const std::string& number, const std::string& name) {
  accounting::PostingEntry e;
  e.company_id = in.company_id;
  ASSIGN_OR_RETURN(e.journal_id, accounting::JournalByKind(tx, in.company_id, "sale"));
  ASSIGN_OR_RETURN(int64_t receivable, accounting::AccountByRole(tx, in.company_id, "receivable"));
  e.date = in.date;
  e.ref = number;
  bool credit_note = in.kind == "credit_note";
  e.description = Truncate((credit_note ? "Credit note " : "Invoice ") + number + " " + name, 500);
  e.source_type = "invoice";
  e.source_id = id;
  int sign = credit_note ? -1 : 1;
  bool foreign = r.currency != r.company_currency;
  for (const auto& inst : c.instalments) {
    accounting::PostingLine l{
        .account_id = receivable, .party_id = in.party_id, .department_id = in.department_id};
    SetAmounts(l, sign, inst.amount_company, inst.amount, r.currency, foreign);
    l.description = number;
    l.due_date = inst.due_date;
    e.lines.push_back(std::move(l));
  }
  AddRevenueLines(e, in, r, c, sign, foreign);
  RETURN_IF_ERROR(AddTaxLines(e, c, sign, foreign, r.currency));
  return e;
}

}  // namespace internal
}  // namespace concord::invoicing

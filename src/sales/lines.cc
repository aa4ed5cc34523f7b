#include "sales/lines.h"

#include <map>

#include "accounting/taxes.h"
#include "core/decimal_fields.h"
#include "core/currency.h"
#include "core/json_input.h"
#include "invoicing/invoices.h"

namespace concord::sales {
namespace {

using nlohmann::json;

constexpr size_t kMaxLines = 200;
constexpr int64_t kOne = 1000000;

std::string At(size_t i, const std::string& field) {
  return "lines[" + std::to_string(i) + "]" + (field.empty() ? "" : "." + field);
}

Result<std::vector<int64_t>> TaxIds(const json& v, size_t i) {
  std::vector<int64_t> out;
  if (!v.is_array() || v.size() > 5) {
    return InvalidField(At(i, "tax_ids"), "type", "tax_ids is a list of at most 5 tax ids.");
  }
  for (const auto& t : v) {
    if (!t.is_number_integer() || t.get<int64_t>() <= 0) {
      return InvalidField(At(i, "tax_ids"), "type", "tax_ids holds tax ids.");
    }
    out.push_back(t.get<int64_t>());
  }
  return out;
}

Status Prefixed(Status st, size_t i) {
  if (st.ok()) return st;
  return Status(st.code(), st.message_id(), At(i, "") + ": " + st.message());
}

// Prices `line` (not manual) through the pricing service.
Status PriceLine(store::Tx& tx, const catalog::Pricing& pricing, const PricingContext& ctx,
                 Line& line) {
  catalog::PriceRequest req;
  req.company_id = ctx.company_id;
  req.party_id = ctx.party_id;
  req.product_id = line.product_id;
  req.quantity = line.quantity;
  req.uom_id = line.uom_id;
  req.date = ctx.date;
  req.currency = ctx.currency;
  req.price_list_id = ctx.price_list_id;
  ASSIGN_OR_RETURN(auto price, pricing.Price(tx, req));
  line.list_price = price.list_price;
  if (!line.manual_price) line.unit_price = price.unit_price;
  line.explanation = price.explanation;
  return Status::Ok();
}

Result<Line> ReadLine(store::Tx& tx, const catalog::Pricing& pricing,
                      const catalog::Products& products, const PricingContext& ctx,
                      const json& body, size_t i) {
  if (!body.is_object()) return InvalidField(At(i, ""), "type", "A line is an object.");
  Fields f(body);
  auto product_id = f.Int("product_id", true);
  auto qty = ScaledField(f, "quantity", true);
  auto uom = f.Text("uom", {.max_chars = 20});
  auto price = ScaledField(f, "unit_price");
  auto discount = PercentField(f, "discount_percent");
  auto description = f.Text("description", {.max_chars = 1000});
  const json* taxes = f.Raw("tax_ids");
  RETURN_IF_ERROR(Prefixed(f.Finish(), i));
  if (*qty <= 0) return InvalidField(At(i, "quantity"), "not_positive", "quantity must be > 0.");
  auto product = products.Info(tx, ctx.company_id, *product_id);
  if (!product.ok() && product.status().code() != Code::kNotFound) return product.status();
  if (!product.ok()) return InvalidField(At(i, "product_id"), "not_found", "No such product.");
  if (!product->active) {
    return InvalidField(At(i, "product_id"), "product.archived", "The product is archived.");
  }
  Line line;
  line.product_id = product->id;
  line.description = description.value_or(product->name);
  line.quantity = Quantity::FromScaled(*qty);
  line.uom_id = product->uom_id;
  if (uom) {
    ASSIGN_OR_RETURN(line.uom_id, catalog::Uoms::IdOf(tx, ctx.company_id, *uom, At(i, "uom")));
  }
  auto converted = catalog::Uoms::Convert(tx, ctx.company_id, line.quantity, line.uom_id,
                                          product->uom_id);
  if (!converted.ok()) return InvalidField(At(i, "uom"), "uom.category_mismatch", "Wrong unit.");
  line.quantity_product = *converted;
  line.discount = discount.value_or(0);
  if (price) {
    line.manual_price = true;
    line.unit_price = UnitPrice::FromScaled(*price);
  }
  if (taxes && !taxes->is_null()) {
    ASSIGN_OR_RETURN(line.tax_ids, TaxIds(*taxes, i));
  } else if (product->sale_tax_id) {
    line.tax_ids = {*product->sale_tax_id};
  }
  RETURN_IF_ERROR(Prefixed(PriceLine(tx, pricing, ctx, line), i));
  return line;
}

}  // namespace

std::string MoneyText(int64_t minor, const std::string& currency) {
  auto c = Currency::FromCode(currency);
  return c.ok() ? Money::FromMinor(minor, *c).ToString() : std::to_string(minor);
}

Result<std::vector<Line>> ReadLines(store::Tx& tx, const catalog::Pricing& pricing,
                                    const catalog::Products& products,
                                    const PricingContext& ctx, const json& lines) {
  if (!lines.is_array() || lines.empty() || lines.size() > kMaxLines) {
    return InvalidField("lines", "type", "lines is a list of 1 to 200 lines.");
  }
  std::vector<Line> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    ASSIGN_OR_RETURN(auto line, ReadLine(tx, pricing, products, ctx, lines[i], i));
    out.push_back(std::move(line));
  }
  return out;
}

Status Reprice(store::Tx& tx, const catalog::Pricing& pricing, const catalog::Products&,
               const PricingContext& ctx, std::vector<Line>& lines) {
  for (size_t i = 0; i < lines.size(); ++i) {
    RETURN_IF_ERROR(Prefixed(PriceLine(tx, pricing, ctx, lines[i]), i));
  }
  return Status::Ok();
}

Result<Totals> ComputeTotals(store::Tx& tx, const Clock& clock, int64_t company_id,
                             const std::string& currency, std::vector<Line>& lines) {
  std::vector<accounting::TaxLineInput> inputs;
  for (auto& l : lines) {
    ASSIGN_OR_RETURN(l.untaxed, invoicing::LineNet(l.unit_price, l.quantity, l.discount, currency));
    inputs.push_back({l.untaxed, l.tax_ids, std::nullopt});
  }
  auto taxed = accounting::Taxes(clock).ComputeTaxes(tx, company_id, inputs,
                                                     accounting::TaxSide::kSale);
  // A bad tax is the caller's field error; anything else (e.g. a PostgreSQL serialization
  // failure, which must reach Database::Write to be retried) passes through unchanged.
  if (!taxed.ok() && taxed.status().code() != Code::kInvalidArgument) return taxed.status();
  if (!taxed.ok()) return InvalidField("lines", "tax.invalid", taxed.status().message());
  Totals t;
  for (size_t i = 0; i < lines.size(); ++i) lines[i].tax = taxed->lines[i].tax;
  t.untaxed = taxed->base;
  t.tax = taxed->tax;
  t.total = taxed->total;
  return t;
}

int64_t MaxDiscount(const std::vector<Line>& lines) {
  int64_t best = 0;
  for (const auto& l : lines) {
    if (l.list_price.scaled() <= 0) continue;
    // net unit = unit_price × (1 − discount)
    __int128 net = static_cast<__int128>(l.unit_price.scaled()) * (kOne - l.discount) / kOne;
    __int128 off = (static_cast<__int128>(l.list_price.scaled()) - net) * kOne /
                   l.list_price.scaled();
    if (off > best) best = static_cast<int64_t>(off);
  }
  return best;
}

Status SaveLines(store::Tx& tx, int64_t company_id, const std::string& column, int64_t doc_id,
                 std::vector<Line>& lines) {
  RETURN_IF_ERROR(
      tx.Exec("DELETE FROM sales_lines WHERE " + column + " = ?", doc_id).status());
  int64_t seq = 0;
  for (auto& l : lines) {
    ASSIGN_OR_RETURN(
        l.id, tx.Insert("INSERT INTO sales_lines (company_id, " + column +
                            ", sequence, product_id, description, quantity, uom_id, "
                            "quantity_product, list_price, unit_price, discount, manual_price, "
                            "tax_ids, untaxed, tax, explanation, delivered, invoiced) VALUES (?, "
                            "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        company_id, doc_id, ++seq, l.product_id, l.description,
                        l.quantity.scaled(), l.uom_id, l.quantity_product.scaled(),
                        l.list_price.scaled(), l.unit_price.scaled(), l.discount,
                        static_cast<int64_t>(l.manual_price), json(l.tax_ids).dump(), l.untaxed,
                        l.tax, l.explanation.dump(), l.delivered.scaled(), l.invoiced.scaled()));
  }
  return Status::Ok();
}

Result<std::vector<Line>> LoadLines(store::Tx& tx, const std::string& column, int64_t doc_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT l.id, l.product_id, l.description, l.quantity, "
                                      "l.uom_id, l.company_id, l.quantity_product, l.list_price, "
                                      "l.unit_price, l.discount, l.manual_price, l.tax_ids, "
                                      "l.untaxed, l.tax, l.explanation, l.delivered, l.invoiced "
                                      "FROM sales_lines l WHERE l." +
                                          column + " = ? ORDER BY l.sequence",
                                      doc_id));
  std::vector<Line> out;
  std::map<int64_t, std::string> codes;  // a document uses few units: one lookup each
  for (const auto& r : rows) {
    Line l;
    l.id = r.Int(0);
    l.product_id = r.Int(1);
    l.description = r.Text(2);
    l.quantity = Quantity::FromScaled(r.Int(3));
    l.uom_id = r.Int(4);
    if (!codes.count(l.uom_id)) {
      ASSIGN_OR_RETURN(codes[l.uom_id], catalog::Uoms::CodeOf(tx, r.Int(5), l.uom_id));
    }
    l.uom_code = codes[l.uom_id];
    l.quantity_product = Quantity::FromScaled(r.Int(6));
    l.list_price = UnitPrice::FromScaled(r.Int(7));
    l.unit_price = UnitPrice::FromScaled(r.Int(8));
    l.discount = r.Int(9);
    l.manual_price = r.Int(10) != 0;
    l.tax_ids = json::parse(r.Text(11)).get<std::vector<int64_t>>();
    l.untaxed = r.Int(12);
    l.tax = r.Int(13);
    l.explanation = json::parse(r.Text(14));
    l.delivered = Quantity::FromScaled(r.Int(15));
    l.invoiced = Quantity::FromScaled(r.Int(16));
    out.push_back(std::move(l));
  }
  return out;
}

json LineJson(const Line& l, const std::string& currency) {
  return {{"id", l.id},
          {"product_id", l.product_id},
          {"description", l.description},
          {"quantity", ScaledText(l.quantity.scaled(), 0)},
          {"uom", l.uom_code},
          {"list_price", ScaledText(l.list_price.scaled())},
          {"unit_price", ScaledText(l.unit_price.scaled())},
          {"discount_percent", FormatScaledTrimmed(l.discount, 4)},
          {"manual_price", l.manual_price},
          {"tax_ids", l.tax_ids},
          {"untaxed", MoneyText(l.untaxed, currency)},
          {"tax", MoneyText(l.tax, currency)},
          {"delivered", ScaledText(l.delivered.scaled(), 0)},
          {"invoiced", ScaledText(l.invoiced.scaled(), 0)},
          {"price_explanation", l.explanation}};
}

std::vector<Line> CopyLines(const std::vector<Line>& lines) {
  std::vector<Line> out = lines;
  for (auto& l : out) {
    l.id = 0;
    l.delivered = Quantity();
    l.invoiced = Quantity();
  }
  return out;
}

}  // namespace concord::sales

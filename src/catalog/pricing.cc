// The pricing engine (see pricing.h for the order of resolution).
#include "catalog/pricing.h"

#include "accounting/currency_rates.h"
#include "catalog/categories.h"
#include "catalog/internal.h"
#include "party/facts.h"
#include "security/company.h"

namespace concord::catalog {
namespace {

using nlohmann::json;

constexpr int64_t kOne = 1000000;  // 100% in percent × 10^4

struct ListRow {
  int64_t id = 0;
  std::string name;
  std::string currency;
  int64_t rounding = 0;
  int64_t rounding_surcharge = 0;
};

struct Rule {
  int64_t id = 0;
  std::optional<int64_t> product_id;
  std::optional<int64_t> category_id;
  int64_t min_quantity = 0;
  std::string method;
  int64_t fixed_price = 0, discount = 0, margin = 0, surcharge = 0;
  std::string base;
};

constexpr const char* kListCols =
    "l.id, l.name, l.currency, l.rounding, l.rounding_surcharge FROM price_lists l";

std::string ValidSql() {
  return " AND l.active = 1 AND (l.valid_from IS NULL OR l.valid_from <= ?) AND (l.valid_to IS "
         "NULL OR l.valid_to >= ?) AND (? = '' OR l.currency = ?)";
}

Result<std::optional<ListRow>> FirstList(store::Tx& tx, const std::string& where,
                                         std::vector<store::Value> params, const Date& day,
                                         const std::string& currency) {
  std::string d = day.ToString();
  params.insert(params.end(), {d, d, currency, currency});
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(std::string("SELECT ") + kListCols + where + ValidSql() +
                                           " ORDER BY l.priority, l.id LIMIT 1",
                                       params));
  if (rows.empty()) return std::optional<ListRow>();
  const auto& r = rows.front();
  return std::optional<ListRow>(ListRow{r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4)});
}

std::string Placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

// The list that applies, and why (see pricing.h, step 2).
Result<std::optional<ListRow>> ChooseList(store::Tx& tx, const PriceRequest& req,
                                          const std::optional<party::PartyFacts>& party,
                                          std::string& why) {
  int64_t co = req.company_id;
  if (req.price_list_id) {
    ASSIGN_OR_RETURN(auto l, FirstList(tx, " WHERE l.id = ? AND l.company_id = ?",
                                       {*req.price_list_id, co}, req.date, req.currency));
    if (!l) {
      return InvalidField("price_list_id", "not_applicable",
                          "No such active price list valid on the day in that currency.");
    }
    why = "requested";
    return l;
  }
  if (party && party->price_list_id) {
    ASSIGN_OR_RETURN(auto l, FirstList(tx, " WHERE l.id = ? AND l.company_id = ?",
                                       {*party->price_list_id, co}, req.date, req.currency));
    if (l) {
      why = "the customer's price list";
      return l;
    }
  }
  const std::string join =
      " JOIN price_list_assignments a ON a.price_list_id = l.id WHERE a.company_id = ?";
  if (party) {
    ASSIGN_OR_RETURN(auto l, FirstList(tx, join + " AND a.party_id = ?", {co, party->id},
                                       req.date, req.currency));
    if (l) {
      why = "assigned to the customer";
      return l;
    }
    if (!party->tags.empty()) {
      std::vector<store::Value> p = {co};
      for (const auto& t : party->tags) p.emplace_back(t);
      ASSIGN_OR_RETURN(l, FirstList(tx, join + " AND a.party_tag IN (" +
                                            Placeholders(party->tags.size()) + ")",
                                    p, req.date, req.currency));
      if (l) {
        why = "assigned to a customer group (tag) of the customer";
        return l;
      }
    }
  }
  ASSIGN_OR_RETURN(auto l, FirstList(tx,
                                     " WHERE l.company_id = ? AND NOT EXISTS (SELECT 1 FROM "
                                     "price_list_assignments a WHERE a.price_list_id = l.id)",
                                     {co}, req.date, req.currency));
  if (l) why = "the general price list";
  return l;
}

// Rank of a rule: product rules first, then categories nearest first, then catch-all.
int Rank(const Rule& r, const std::vector<int64_t>& lineage) {
  if (r.product_id) return 0;
  for (size_t i = 0; i < lineage.size(); ++i) {
    if (r.category_id && *r.category_id == lineage[i]) return 1 + static_cast<int>(i);
  }
  return 1000;
}

Result<std::optional<Rule>> BestRule(store::Tx& tx, int64_t list_id, const ProductInfo& p,
                                     const std::vector<int64_t>& lineage, Quantity qty) {
  std::vector<store::Value> params = {list_id, qty.scaled(), p.id};
  std::string cats;
  if (!lineage.empty()) {
    cats = " OR category_id IN (" + Placeholders(lineage.size()) + ")";
    for (int64_t c : lineage) params.emplace_back(c);
  }
  ASSIGN_OR_RETURN(auto rows,
                   tx.RowsV("SELECT id, product_id, category_id, min_quantity, method, "
                            "fixed_price, discount, margin, surcharge, base, sequence FROM "
                            "price_rules WHERE price_list_id = ? AND min_quantity <= ? AND "
                            "(product_id = ?" + cats +
                                " OR (product_id IS NULL AND category_id IS NULL)) ORDER BY "
                                "sequence, id",
                            params));
  std::optional<Rule> best;
  int best_rank = 0;
  for (const auto& r : rows) {
    Rule x{r.Int(0), r.OptInt(1), r.OptInt(2), r.Int(3), r.Text(4), r.Int(5), r.Int(6), r.Int(7),
           r.Int(8), r.Text(9)};
    int rank = Rank(x, lineage);
    if (!best || rank < best_rank || (rank == best_rank && x.min_quantity > best->min_quantity)) {
      best = x;
      best_rank = rank;
    }
  }
  return best;
}

Result<int64_t> Percent(int64_t price, int64_t factor) {  // price × factor / 100%
  auto v = DivRound(static_cast<__int128>(price) * factor, kOne, RoundingMode::kHalfUp);
  if (!v.ok()) return InvalidArgument("unit_price.overflow", "The price is too large.");
  return *v;
}

// A company-currency price in `currency` at the day's rate (foreign = company / rate).
Result<int64_t> ToCurrency(store::Tx& tx, int64_t company_id, int64_t price,
                           const std::string& company_currency, const std::string& currency,
                           Date day) {
  if (currency == company_currency) return price;
  ASSIGN_OR_RETURN(auto rate, accounting::RateOn(tx, company_id, currency, day));
  auto v = DivRound(static_cast<__int128>(price) * Pow10Wide(rate.scale), rate.scaled,
                    RoundingMode::kHalfUp);
  if (!v.ok()) return InvalidArgument("unit_price.overflow", "The price is too large.");
  return *v;
}

std::string AmountText(int64_t minor, const std::string& currency) {
  auto c = Currency::FromCode(currency);
  return c.ok() ? Money::FromMinor(minor, *c).ToString() : std::to_string(minor);
}

void Explain(json& out, const std::string& step, int64_t price, const std::string& detail) {
  out.push_back({{"step", step}, {"price", ScaledText(price)}, {"detail", detail}});
}

Result<int64_t> ApplyRule(const Rule& rule, int64_t list_price, int64_t cost) {
  if (rule.method == "fixed") return rule.fixed_price;
  int64_t base = rule.base == "cost" ? cost : list_price;
  ASSIGN_OR_RETURN(int64_t price, Percent(base, kOne - rule.discount));
  if (rule.method == "formula") {
    ASSIGN_OR_RETURN(price, Percent(price, kOne + rule.margin));
    price += rule.surcharge;
  }
  return price;
}

std::string RuleText(const Rule& r) {
  std::string target = r.product_id ? "this product" : r.category_id ? "its category" : "all products";
  std::string from = r.min_quantity ? " from quantity " + ScaledText(r.min_quantity, 0) : "";
  if (r.method == "fixed") return "fixed price for " + target + from;
  std::string base = r.base == "cost" ? "cost" : "list price";
  std::string s = base + " − " + FormatScaledTrimmed(r.discount, 4) + "%";
  if (r.method == "formula") {
    s += " + margin " + FormatScaledTrimmed(r.margin, 4) + "% + " + ScaledText(r.surcharge);
  }
  return s + " for " + target + from;
}

}  // namespace

Result<UnitPrice> Pricing::Cost(store::Tx& tx, const ProductInfo& product) const {
  if (cost_) return cost_(tx, product);
  return product.standard_cost;
}

namespace {

struct Promotion {
  int64_t id = 0;
  std::string name;
  int64_t discount = 0;
};

Result<std::optional<Promotion>> BestPromotion(store::Tx& tx, int64_t company_id,
                                               const ProductInfo& p,
                                               const std::vector<int64_t>& lineage,
                                               std::optional<int64_t> list_id, Date day) {
  std::string d = day.ToString();
  std::vector<store::Value> params = {company_id, d, d, p.id};
  std::string cats;
  if (!lineage.empty()) {
    cats = " OR category_id IN (" + Placeholders(lineage.size()) + ")";
    for (int64_t c : lineage) params.emplace_back(c);
  }
  params.emplace_back(list_id ? *list_id : int64_t{0});
  ASSIGN_OR_RETURN(auto rows, tx.RowsV("SELECT id, name, discount FROM promotions WHERE "
                                       "company_id = ? AND active = 1 AND valid_from <= ? AND "
                                       "valid_to >= ? AND (product_id = ?" + cats +
                                           ") AND (price_list_id IS NULL OR price_list_id = ?) "
                                           "ORDER BY discount DESC, id LIMIT 1",
                                       params));
  if (rows.empty()) return std::optional<Promotion>();
  return std::optional<Promotion>(Promotion{rows[0].Int(0), rows[0].Text(1), rows[0].Int(2)});
}

Result<int64_t> RoundPrice(int64_t price, const ListRow& list) {
  if (list.rounding <= 0) return price + list.rounding_surcharge;
  auto steps = DivRound(price, list.rounding, RoundingMode::kHalfUp);
  if (!steps.ok()) return InvalidArgument("unit_price.overflow", "The price is too large.");
  return *steps * list.rounding + list.rounding_surcharge;
}

}  // namespace

Result<PriceResult> Pricing::Price(store::Tx& tx, const PriceRequest& req) const {
  ASSIGN_OR_RETURN(auto product, products_.Info(tx, req.company_id, req.product_id));
  if (!product.active) {
    return InvalidField("product_id", "product.archived", "The product is archived.");
  }
  if (req.quantity.IsNegative()) {
    return InvalidField("quantity", "negative", "The quantity cannot be negative.");
  }
  PriceResult out;
  out.product_id = product.id;
  out.quantity = req.quantity;
  out.uom_id = req.uom_id.value_or(product.uom_id);
  ASSIGN_OR_RETURN(auto qty, Uoms::Convert(tx, req.company_id, req.quantity, out.uom_id,
                                           product.uom_id));
  std::optional<party::PartyFacts> party;
  if (req.party_id) {
    ASSIGN_OR_RETURN(auto f, party::Facts(tx, req.company_id, *req.party_id));
    party = std::move(f);
  }
  ASSIGN_OR_RETURN(auto company_currency, security::CompanyCurrency(tx, req.company_id));
  std::string why;
  ASSIGN_OR_RETURN(auto list, ChooseList(tx, req, party, why));
  out.currency = !req.currency.empty() ? req.currency : list ? list->currency : company_currency;
  ASSIGN_OR_RETURN(int64_t list_price,
                   ToCurrency(tx, req.company_id, product.list_price.scaled(), company_currency,
                              out.currency, req.date));
  Explain(out.explanation, "list_price", list_price,
          "catalog list price of " + product.sku +
              (out.currency != company_currency ? " converted to " + out.currency : ""));
  int64_t price = list_price;
  std::vector<int64_t> lineage;
  ASSIGN_OR_RETURN(lineage, Categories::Lineage(tx, req.company_id, product.category_id));
  if (list) {
    out.price_list_id = list->id;
    ASSIGN_OR_RETURN(auto rule, BestRule(tx, list->id, product, lineage, qty));
    if (rule) {
      ASSIGN_OR_RETURN(auto cost_company, Cost(tx, product));
      ASSIGN_OR_RETURN(int64_t cost, ToCurrency(tx, req.company_id, cost_company.scaled(),
                                                company_currency, out.currency, req.date));
      ASSIGN_OR_RETURN(price, ApplyRule(*rule, list_price, cost));
      out.rule_id = rule->id;
      Explain(out.explanation, "price_list", price,
              "price list \"" + list->name + "\" (" + why + "): " + RuleText(*rule));
    } else {
      Explain(out.explanation, "price_list", price,
              "price list \"" + list->name + "\" (" + why + ") has no rule for this product");
    }
  }
  ASSIGN_OR_RETURN(auto promo, BestPromotion(tx, req.company_id, product, lineage,
                                             out.price_list_id, req.date));
  if (promo) {
    ASSIGN_OR_RETURN(price, Percent(price, kOne - promo->discount));
    out.promotion_id = promo->id;
    Explain(out.explanation, "promotion", price,
            "promotion \"" + promo->name + "\": −" + FormatScaledTrimmed(promo->discount, 4) + "%");
  }
  if (list && (list->rounding > 0 || list->rounding_surcharge != 0)) {
    ASSIGN_OR_RETURN(price, RoundPrice(price, *list));
    Explain(out.explanation, "rounding", price,
            "rounded to a multiple of " + ScaledText(list->rounding) +
                (list->rounding_surcharge ? " then " + ScaledText(list->rounding_surcharge) : ""));
  }
  if (price < 0) price = 0;
  ASSIGN_OR_RETURN(auto unit, Uoms::ConvertPrice(tx, req.company_id, UnitPrice::FromScaled(price),
                                                 product.uom_id, out.uom_id));
  ASSIGN_OR_RETURN(auto list_unit,
                   Uoms::ConvertPrice(tx, req.company_id, UnitPrice::FromScaled(list_price),
                                      product.uom_id, out.uom_id));
  out.unit_price = unit;
  out.list_price = list_unit;
  if (list_unit.scaled() > 0 && unit < list_unit) {
    ASSIGN_OR_RETURN(out.discount,
                     DivRound(static_cast<__int128>(list_unit.scaled() - unit.scaled()) * kOne,
                              list_unit.scaled(), RoundingMode::kHalfUp));
  }
  ASSIGN_OR_RETURN(auto currency, Currency::FromCode(out.currency));
  ASSIGN_OR_RETURN(auto amount, LineAmount(unit, req.quantity, currency, RoundingMode::kHalfUp));
  out.amount = amount.minor();
  return out;
}

json Pricing::ResultJson(const PriceResult& r, const std::string& uom_code) {
  return {{"product_id", r.product_id},
          {"quantity", ScaledText(r.quantity.scaled(), 0)},
          {"uom", uom_code},
          {"currency", r.currency},
          {"list_price", ScaledText(r.list_price.scaled())},
          {"unit_price", ScaledText(r.unit_price.scaled())},
          {"discount_percent", FormatScaledTrimmed(r.discount, 4)},
          {"amount", AmountText(r.amount, r.currency)},
          {"price_list_id", r.price_list_id ? json(*r.price_list_id) : json()},
          {"rule_id", r.rule_id ? json(*r.rule_id) : json()},
          {"promotion_id", r.promotion_id ? json(*r.promotion_id) : json()},
          {"explanation", r.explanation}};
}

Result<json> Pricing::Quote(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("catalog.price.read"));
  Fields f(body);
  PriceRequest req;
  req.company_id = who.company_id();
  auto product = f.Int("product_id", true);
  auto qty = ScaledField(f, "quantity", true);
  req.party_id = f.Int("party_id");
  auto uom = f.Text("uom", {.max_chars = 20});
  auto date = f.Day("date");
  auto currency = f.Text("currency", {.max_chars = 3});
  req.price_list_id = f.Int("price_list_id");
  RETURN_IF_ERROR(f.Finish());
  req.product_id = *product;
  req.quantity = Quantity::FromScaled(*qty);
  if (date) {
    req.date = *date;
  } else {
    ASSIGN_OR_RETURN(req.date, security::CompanyToday(tx, who.company_id(), clock_));
  }
  if (currency) {
    if (!Currency::FromCode(*currency).ok()) {
      return InvalidField("currency", "currency.unknown", "Not an ISO 4217 currency code.");
    }
    req.currency = *currency;
  }
  if (req.party_id) {
    auto facts = party::Facts(tx, who.company_id(), *req.party_id);
    if (!facts.ok()) return InvalidField("party_id", "not_found", "No such party.");
  }
  if (uom) {
    ASSIGN_OR_RETURN(req.uom_id, Uoms::IdOf(tx, who.company_id(), *uom));
  }
  auto product_check = products_.Info(tx, who.company_id(), req.product_id);
  if (!product_check.ok()) return InvalidField("product_id", "not_found", "No such product.");
  ASSIGN_OR_RETURN(auto result, Price(tx, req));
  ASSIGN_OR_RETURN(auto code, Uoms::CodeOf(tx, who.company_id(), result.uom_id));
  return ResultJson(result, code);
}

}  // namespace concord::catalog

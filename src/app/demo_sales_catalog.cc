// The demo catalog: categories, products, the price lists and the promotion of the month,
// created through the catalog's services.
#include "accounting/taxes.h"
#include "app/demo_sales_internal.h"
#include "catalog/categories.h"
#include "catalog/pricing.h"
#include "security/company.h"

namespace concord::app::sales_demo {
namespace {

using nlohmann::json;

// sku, name, Chinese name, category, kind, unit, costing, tracking, expiry, GTIN (12 digits
// before the check digit), list price and cost in cents, sale tax, supplier, order line range.
const std::vector<ProductSpec> kProducts = {
    {"TEA-LJ250", "West Lake Longjing green tea, 250 g", "西湖龙井 250克", "green", "stocked",
     "unit", "fifo", "lot", true, "690412300011", 16800, 8200, "VAT13", "tea", 5, 30},
    {"TEA-BLC100", "Biluochun green tea, 100 g", "碧螺春 100克", "green", "stocked", "unit",
     "average", "none", false, "690412300028", 9800, 4500, "VAT13", "tea", 5, 40},
    {"TEA-MF100", "Huangshan Maofeng green tea, 100 g", "黄山毛峰 100克", "green", "stocked",
     "unit", "average", "none", false, "", 7600, 3400, "VAT13", "tea", 5, 40},
    {"TEA-JAS100", "Jasmine tea, 100 g", "茉莉花茶 100克", "green", "stocked", "unit", "average",
     "none", false, "690412300035", 4500, 1900, "VAT13", "tea", 10, 60},
    {"TEA-PU357", "Pu'er tea cake, 357 g", "普洱茶饼 357克", "dark", "stocked", "unit", "fifo",
     "lot", false, "690412300042", 26800, 12500, "VAT13", "tea", 3, 20},
    {"TEA-TGY200", "Tieguanyin oolong tea, 200 g", "安溪铁观音 200克", "dark", "stocked", "unit",
     "fifo", "none", false, "690412300059", 13800, 6000, "VAT13", "tea", 5, 30},
    {"TEA-DHP125", "Da Hong Pao rock tea, 125 g", "武夷大红袍 125克", "dark", "stocked", "unit",
     "average", "none", false, "", 18800, 8800, "VAT13", "tea", 3, 20},
    {"TEA-BMD200", "White Peony white tea, 200 g", "福鼎白牡丹 200克", "dark", "stocked", "unit",
     "average", "none", false, "", 11800, 5200, "VAT13", "tea", 5, 25},
    {"WARE-GAIWAN", "Blue-and-white porcelain gaiwan, 150 ml", "青花瓷盖碗", "ware", "stocked",
     "unit", "average", "none", false, "690412300066", 8500, 3900, "VAT13", "tea", 4, 24},
    {"WARE-YIXING", "Yixing clay teapot, 200 ml", "宜兴紫砂壶", "ware", "stocked", "unit", "fifo",
     "none", false, "690412300073", 48000, 22000, "VAT13", "tea", 1, 8},
    {"WARE-CUPS6", "Celadon tea cups, set of 6", "龙泉青瓷茶杯（六只装）", "ware", "stocked",
     "unit", "average", "none", false, "", 12000, 5500, "VAT13", "tea", 2, 12},
    {"WARE-TRAY", "Bamboo tea tray", "竹制茶盘", "ware", "stocked", "unit", "average", "none",
     false, "", 16000, 7800, "VAT13", "tea", 1, 6},
    {"WARE-STRAIN", "Stainless steel tea strainer", "不锈钢茶滤", "ware", "stocked", "unit",
     "average", "none", false, "", 1800, 600, "VAT13", "tea", 10, 40},
    {"BEV-WATER12", "Mineral water 550 ml, case of 12", "矿泉水 550毫升（12瓶装）", "bev",
     "stocked", "dozen", "average", "none", false, "690412300080", 2400, 1150, "VAT13", "goods", 10,
     60},
    {"BEV-COLDBREW", "Cold brew jasmine tea, 330 ml", "冷泡茉莉花茶 330毫升", "bev", "stocked",
     "unit", "fifo", "none", false, "", 850, 320, "VAT13", "goods", 24, 120},
    {"OFF-PEN-BLK", "Gel pen, black, 0.5 mm", "中性笔（黑色 0.5毫米）", "office", "stocked", "unit",
     "average", "none", false, "690412300097", 350, 120, "VAT13", "goods", 24, 120},
    {"OFF-A4-500", "A4 copy paper, 500 sheets", "A4复印纸（500张）", "office", "stocked", "unit",
     "average", "none", false, "690412300103", 3200, 2100, "VAT13", "goods", 10, 80},
    {"OFF-NOTE-A5", "A5 notebook, 96 pages", "A5笔记本（96页）", "office", "stocked", "unit",
     "fifo", "none", false, "", 1280, 520, "VAT13", "goods", 10, 60},
    {"OFF-STAPLER", "Desktop stapler", "订书机", "office", "stocked", "unit", "average", "none",
     false, "", 2800, 1200, "VAT13", "goods", 2, 12},
    {"OFF-FOLDER10", "File folders, pack of 10", "文件夹（10个装）", "office", "stocked", "unit",
     "average", "none", false, "", 2500, 1000, "VAT13", "goods", 5, 30},
    {"ELC-KETTLE", "Electric kettle 1.7 l with temperature control", "温控电热水壶 1.7升", "elec",
     "stocked", "unit", "fifo", "none", false, "690412300110", 23900, 12900, "VAT13", "goods", 2,
     12},
    {"ELC-TEAMKR", "Automatic tea maker", "全自动泡茶机", "elec", "stocked", "unit", "fifo", "none",
     false, "690412300127", 89900, 52000, "VAT13", "goods", 1, 5},
    {"ELC-SCALE", "Digital tea scale, 0.1 g", "电子茶秤（0.1克）", "elec", "stocked", "unit",
     "average", "none", false, "", 6900, 2900, "VAT13", "goods", 2, 15},
    {"ELC-USBC", "USB-C charging cable, 1 m", "USB-C充电线 1米", "elec", "stocked", "unit",
     "average", "none", false, "", 2900, 900, "VAT13", "goods", 5, 40},
    {"ELC-PWRBANK", "Power bank 10000 mAh", "充电宝 10000毫安时", "elec", "stocked", "unit", "fifo",
     "none", false, "690412300134", 14900, 8200, "VAT13", "goods", 2, 20},
    {"PKG-GIFTBOX", "Lacquered tea gift box", "漆器茶叶礼盒", "pack", "consumable", "unit", "",
     "none", false, "", 1500, 600, "VAT13", "", 10, 40},
    {"PKG-KRAFT", "Kraft paper bag", "牛皮纸袋", "pack", "consumable", "unit", "", "none", false,
     "", 120, 40, "VAT13", "", 20, 100},
    {"SRV-TASTING", "Tea tasting workshop (per hour)", "茶艺品鉴课（每小时）", "svc", "service",
     "h", "", "none", false, "", 30000, 0, "VAT6", "", 2, 4},
    {"SRV-EXPRESS", "Express delivery", "加急配送", "svc", "service", "unit", "", "none", false, "",
     5000, 0, "VAT9", "", 1, 1},
    {"SRV-ENGRAVE", "Custom engraving", "定制刻字", "svc", "service", "unit", "", "none", false, "",
     4000, 0, "VAT6", "", 1, 10},
};

// key, name, parent key.
const std::vector<std::array<const char*, 3>> kCategories = {
    {"tea", "Tea", ""},
    {"green", "Green and scented tea", "tea"},
    {"dark", "Oolong, dark and white tea", "tea"},
    {"ware", "Tea ware", ""},
    {"bev", "Beverages", ""},
    {"office", "Office supplies", ""},
    {"elec", "Electronics", ""},
    {"pack", "Packaging", ""},
    {"svc", "Services", ""},
};

// The 13-digit GTIN of 12 digits: the GS1 check digit (weights 3 and 1 from the right).
std::string Gtin13(const std::string& digits) {
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    sum += i % 2 == 0 ? 3 * d : d;
  }
  return digits + static_cast<char>('0' + (10 - sum % 10) % 10);
}

Result<std::map<std::string, int64_t>> TaxIds(Ctx& c) {
  ASSIGN_OR_RETURN(auto taxes, accounting::Taxes(c.s.clock).Load(c.tx, c.company));
  std::map<std::string, int64_t> out;
  for (const auto& t : taxes) out[t.code] = t.id;
  return out;
}

json ProductBody(const ProductSpec& p, int64_t category,
                 const std::map<std::string, int64_t>& taxes) {
  json body = {{"sku", p.sku},
               {"name", p.name},
               {"description", p.name_zh},
               {"kind", p.kind},
               {"uom", p.uom},
               {"category_id", category},
               {"list_price", Cents(p.list_cents)},
               {"standard_cost", Cents(p.cost_cents)}};
  if (*p.costing) body["costing_method"] = p.costing;
  if (std::string(p.tracking) != "none") body["tracking"] = p.tracking;
  if (p.expiry) body["use_expiry"] = true;
  if (*p.gtin) body["gtin"] = Gtin13(p.gtin);
  if (auto it = taxes.find(p.tax); it != taxes.end()) body["sale_tax_id"] = it->second;
  return body;
}

Status CreatePriceLists(Ctx& c, const Catalog& catalog, int64_t wholesale_party) {
  const security::Access& who = c.As("bob");
  ASSIGN_OR_RETURN(std::string currency, security::CompanyCurrency(c.tx, c.company));
  catalog::PriceLists lists(c.s.clock);
  auto cat = [&](const char* key) { return catalog.categories.at(key); };
  json standard = {{"name", "Standard 标准价"},
                   {"currency", currency},
                   {"priority", 10},
                   {"rules",
                    {{{"category_id", cat("elec")},
                      {"min_quantity", "10"},
                      {"method", "discount"},
                      {"discount_percent", "5"}},
                     {{"category_id", cat("office")},
                      {"min_quantity", "50"},
                      {"method", "discount"},
                      {"discount_percent", "8"}}}}};
  RETURN_IF_ERROR(lists.Create(c.tx, who, standard).status());
  json wholesale = {{"name", "Wholesale 批发价"},
                    {"currency", currency},
                    {"priority", 5},
                    {"rounding", "0.10"},
                    {"rules",
                     {{{"method", "discount"}, {"discount_percent", "8"}},
                      {{"category_id", cat("tea")},
                       {"min_quantity", "20"},
                       {"method", "discount"},
                       {"discount_percent", "12"}},
                      {{"category_id", cat("tea")},
                       {"min_quantity", "50"},
                       {"method", "discount"},
                       {"discount_percent", "15"}},
                      {{"category_id", cat("ware")},
                       {"method", "formula"},
                       {"base", "cost"},
                       {"margin_percent", "90"}}}},
                    {"assignments", {{{"party_tag", "vip"}}, {{"party_id", wholesale_party}}}}};
  RETURN_IF_ERROR(lists.Create(c.tx, who, wholesale).status());
  Date first = c.today.AddDays(1 - c.today.day());
  json promotion = {{"name", "Tea of the month 本月好茶 −10%"},
                    {"category_id", cat("tea")},
                    {"discount_percent", "10"},
                    {"valid_from", first.ToString()},
                    {"valid_to", first.AddMonths(1).AddDays(-1).ToString()}};
  return lists.CreatePromotion(c.tx, who, promotion).status();
}

}  // namespace

const std::vector<ProductSpec>& Products() { return kProducts; }

size_t ProductIndex(const std::string& sku) {
  size_t i = 0;
  while (i < kProducts.size() && sku != kProducts[i].sku) ++i;
  return i;
}

int64_t Catalog::ProductId(const std::string& sku) const {
  size_t i = ProductIndex(sku);
  return i < product_ids.size() ? product_ids[i] : 0;
}

std::string Cents(int64_t cents) {
  std::string frac = std::to_string(cents % 100);
  return std::to_string(cents / 100) + "." + (frac.size() < 2 ? "0" : "") + frac;
}

Result<Catalog> LoadCatalog(Ctx& c, int64_t wholesale_party) {
  const security::Access& who = c.As("bob");
  Catalog out;
  catalog::Categories categories(c.s.clock);
  for (const auto& [key, name, parent] : kCategories) {
    json body = {{"name", name}};
    if (*parent) body["parent_id"] = out.categories.at(parent);
    ASSIGN_OR_RETURN(json created, categories.Create(c.tx, who, body));
    out.categories[key] = created["id"].get<int64_t>();
  }
  ASSIGN_OR_RETURN(auto taxes, TaxIds(c));
  for (const auto& p : kProducts) {
    ASSIGN_OR_RETURN(
        json created,
        c.s.products.Create(c.tx, who, ProductBody(p, out.categories.at(p.category), taxes)));
    out.product_ids.push_back(created["id"].get<int64_t>());
  }
  RETURN_IF_ERROR(CreatePriceLists(c, out, wholesale_party));
  return out;
}

}  // namespace concord::app::sales_demo

// Routes of the catalog: units, categories, products, price lists, promotions and the price
// quote. Parse, call the service, shape the response.
#include <memory>

#include "catalog/catalog.h"
#include "http/schema.h"
#include "security/api.h"
#include "store/row_json.h"

namespace concord::catalog {
namespace {

using http::Ctx;
using http::Response;
using http::RouteDoc;
using nlohmann::json;
using security::ListOf;
using security::Ref;
using security::RequiredVersion;
using security::Versioned;
namespace sc = http::schema;

struct CatalogApi {
  Products& products;
  Pricing& pricing;
  Categories categories;
  PriceLists lists;
};

void RegisterSchemas(http::Api& api) {
  json product = {{"sku", sc::kStr},
                  {"gtin", sc::Nullable(sc::kStr)},
                  {"name", sc::kStr},
                  {"description", sc::kStr},
                  {"kind", sc::Enum({"stocked", "consumable", "service"})},
                  {"category_id", sc::Nullable(sc::kInt)},
                  {"uom", sc::kStr},
                  {"uom_id", sc::kInt},
                  {"sale_tax_id", sc::Nullable(sc::kInt)},
                  {"purchase_tax_id", sc::Nullable(sc::kInt)},
                  {"costing_method", sc::Enum({"standard", "average", "fifo"})},
                  {"list_price", sc::kDecimal},
                  {"standard_cost", sc::kDecimal},
                  {"tracking", sc::Enum({"none", "lot", "serial"})},
                  {"use_expiry", sc::kBool},
                  {"weight_kg", sc::kDecimal},
                  {"active", sc::kBool}};
  api.AddSchema("ProductInput", sc::Obj(product, {"sku", "name", "kind"}));
  json out = product;
  for (const char* k : {"id", "company_id", "version"}) out[k] = sc::kInt;
  for (const char* k : {"created_at", "updated_at", "currency"}) out[k] = sc::kStr;
  api.AddSchema("Product", sc::Obj(out));
  api.AddSchema("Uom", sc::Obj({{"id", sc::kInt},
                                {"code", sc::kStr},
                                {"name", sc::kStr},
                                {"category", sc::kStr},
                                {"factor", sc::kDecimal},
                                {"decimals", sc::kInt}}));
  json category = {{"name", sc::kStr}, {"parent_id", sc::Nullable(sc::kInt)}};
  api.AddSchema("ProductCategoryInput", sc::Obj(category, {"name"}));
  category["id"] = sc::kInt;
  category["version"] = sc::kInt;
  api.AddSchema("ProductCategory", sc::Obj(category));
  json rule = {{"sequence", sc::kInt},
               {"product_id", sc::Nullable(sc::kInt)},
               {"category_id", sc::Nullable(sc::kInt)},
               {"min_quantity", sc::kDecimal},
               {"method", sc::Enum({"fixed", "discount", "formula"})},
               {"fixed_price", sc::kDecimal},
               {"discount_percent", sc::kDecimal},
               {"base", sc::Enum({"list_price", "cost"})},
               {"margin_percent", sc::kDecimal},
               {"surcharge", sc::kDecimal}};
  json list = {{"name", sc::kStr},
               {"currency", sc::kStr},
               {"valid_from", sc::Nullable(sc::kDate)},
               {"valid_to", sc::Nullable(sc::kDate)},
               {"priority", sc::kInt},
               {"rounding", sc::kDecimal},
               {"rounding_surcharge", sc::kDecimal},
               {"active", sc::kBool},
               {"rules", sc::ArrayOf(sc::Obj(rule, {"method"}))},
               {"assignments", sc::ArrayOf(sc::Obj({{"party_id", sc::kInt},
                                                    {"party_tag", sc::kStr}}))}};
  api.AddSchema("PriceListInput", sc::Obj(list, {"name", "currency"}));
  list["id"] = sc::kInt;
  list["version"] = sc::kInt;
  api.AddSchema("PriceList", sc::Obj(list));
  json promo = {{"name", sc::kStr},
                {"product_id", sc::Nullable(sc::kInt)},
                {"category_id", sc::Nullable(sc::kInt)},
                {"price_list_id", sc::Nullable(sc::kInt)},
                {"discount_percent", sc::kDecimal},
                {"valid_from", sc::kDate},
                {"valid_to", sc::kDate},
                {"active", sc::kBool}};
  api.AddSchema("PromotionInput",
                sc::Obj(promo, {"name", "discount_percent", "valid_from", "valid_to"}));
  promo["id"] = sc::kInt;
  promo["version"] = sc::kInt;
  api.AddSchema("Promotion", sc::Obj(promo));
  api.AddSchema("PriceQuoteInput", sc::Obj({{"product_id", sc::kInt},
                                            {"quantity", sc::kDecimal},
                                            {"party_id", sc::kInt},
                                            {"uom", sc::kStr},
                                            {"date", sc::kDate},
                                            {"currency", sc::kStr},
                                            {"price_list_id", sc::kInt}},
                                           {"product_id", "quantity"}));
  json step = sc::Obj({{"step", sc::kStr}, {"price", sc::kDecimal}, {"detail", sc::kStr}});
  api.AddSchema("PriceQuote", sc::Obj({{"product_id", sc::kInt},
                                       {"quantity", sc::kDecimal},
                                       {"uom", sc::kStr},
                                       {"currency", sc::kStr},
                                       {"list_price", sc::kDecimal},
                                       {"unit_price", sc::kDecimal},
                                       {"discount_percent", sc::kDecimal},
                                       {"amount", sc::kDecimal},
                                       {"price_list_id", sc::Nullable(sc::kInt)},
                                       {"rule_id", sc::Nullable(sc::kInt)},
                                       {"promotion_id", sc::Nullable(sc::kInt)},
                                       {"explanation", sc::ArrayOf(step)}}));
}

Result<Response> ListUoms(CatalogApi&, Ctx& c) {
  RETURN_IF_ERROR(c.access().Require("catalog.product.read"));
  ASSIGN_OR_RETURN(auto rows, c.tx().Rows("SELECT id, code, name, category, factor, decimals FROM "
                                          "uoms WHERE company_id = ? AND active = 1 ORDER BY "
                                          "category, factor, code",
                                          c.access().company_id()));
  json items = json::array();
  for (const auto& r : rows) {
    json u = store::RowJson(r);
    u["factor"] = FormatScaledTrimmed(r.Int("factor"), 6);
    items.push_back(std::move(u));
  }
  return Response::Json(200, {{"items", items}, {"next_cursor", nullptr}});
}

Result<Response> ListCategories(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, a.categories.List(c.tx(), c.access()));
  return Response::Json(200, out);
}

Result<Response> CreateCategory(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.categories.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> UpdateCategory(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.categories.Update(c.tx(), c.access(), id, body, RequiredVersion(c, &body)));
  return Versioned(200, out);
}

Result<Response> ListProducts(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.SortedPaging(Products::kSorts));
  ASSIGN_OR_RETURN(auto category, c.QueryId("category_id"));
  std::string q = c.req().Query("q").value_or("");
  std::string kind = c.req().Query("kind").value_or("");
  if (q.size() > 100) return InvalidField("q", "too_long", "q is at most 100 characters.");
  if (!kind.empty() && kind != "stocked" && kind != "consumable" && kind != "service") {
    return InvalidField("kind", "enum", "kind is stocked, consumable or service.");
  }
  std::optional<bool> active = true;
  auto a_text = c.req().Query("active").value_or("true");
  if (a_text == "false") active = false;
  if (a_text == "all") active = std::nullopt;
  ASSIGN_OR_RETURN(auto out, a.products.List(c.tx(), c.access(), q, category, kind, active, page));
  return Response::Json(200, out);
}

Result<Response> GetProduct(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.products.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateProduct(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.products.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> UpdateProduct(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.products.Update(c.tx(), c.access(), id, body, RequiredVersion(c, &body)));
  return Versioned(200, out);
}

Result<Response> DeleteProduct(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  RETURN_IF_ERROR(a.products.Delete(c.tx(), c.access(), id));
  return Response::NoContent();
}

Result<Response> ListPriceLists(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, a.lists.List(c.tx(), c.access()));
  return Response::Json(200, out);
}

Result<Response> GetPriceList(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.lists.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreatePriceList(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.lists.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> UpdatePriceList(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.lists.Update(c.tx(), c.access(), id, body, RequiredVersion(c, &body)));
  return Versioned(200, out);
}

Result<Response> ListPromotions(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, a.lists.ListPromotions(c.tx(), c.access()));
  return Response::Json(200, out);
}

Result<Response> CreatePromotion(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.lists.CreatePromotion(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> UpdatePromotion(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.lists.UpdatePromotion(c.tx(), c.access(), id, body,
                                                     RequiredVersion(c, &body)));
  return Versioned(200, out);
}

Result<Response> QuotePrice(CatalogApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.pricing.Quote(c.tx(), c.access(), body));
  return Response::Json(200, out);
}

}  // namespace

void RegisterRoutes(http::Api& api, Services& s) {
  RegisterSchemas(api);
  auto a = std::make_shared<CatalogApi>(
      CatalogApi{s.products, s.pricing, Categories(s.clock), PriceLists(s.clock)});
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 Result<Response> (*fn)(CatalogApi&, Ctx&)) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kDefault, std::move(doc), [a, fn](Ctx& c) { return fn(*a, c); }});
  };
  auto add_read = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                      Result<Response> (*fn)(CatalogApi&, Ctx&)) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kRead, std::move(doc), [a, fn](Ctx& c) { return fn(*a, c); }});
  };
  add("GET", "/api/v1/uoms", "catalog.product.read",
      {"Units of measure by category", "catalog", nullptr, ListOf("Uom")}, ListUoms);
  const std::string cat = "/api/v1/product-categories";
  add("GET", cat, "catalog.product.read",
      {"Product categories", "catalog", nullptr, ListOf("ProductCategory")}, ListCategories);
  add("POST", cat, "catalog.product.create",
      {"Create a category", "catalog", Ref("ProductCategoryInput"), Ref("ProductCategory"), 201},
      CreateCategory);
  add("PATCH", cat + "/{id}", "catalog.product.update",
      {"Rename or move a category (If-Match required)", "catalog", Ref("ProductCategoryInput"),
       Ref("ProductCategory")},
      UpdateCategory);
  const std::string prod = "/api/v1/products";
  add("GET", prod, "catalog.product.read",
      {"Products",
       "catalog",
       nullptr,
       ListOf("Product"),
       200,
       {{"q", "string", "SKU prefix, GTIN or part of the name"},
        {"category_id", "integer", "Only this category"},
        {"kind", "string", "stocked | consumable | service"},
        {"active", "string", "true (default) | false | all"},
        {"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        http::SortParam(Products::kSorts)}},
      ListProducts);
  add("POST", prod, "catalog.product.create",
      {"Create a product", "catalog", Ref("ProductInput"), Ref("Product"), 201}, CreateProduct);
  add("GET", prod + "/{id}", "catalog.product.read",
      {"Read a product", "catalog", nullptr, Ref("Product")}, GetProduct);
  add("PATCH", prod + "/{id}", "catalog.product.update",
      {"Update a product (If-Match required); archive with active: false", "catalog",
       Ref("ProductInput"), Ref("Product")},
      UpdateProduct);
  add("DELETE", prod + "/{id}", "catalog.product.delete",
      {"Delete a product that nothing uses (otherwise 409: archive it)", "catalog", nullptr,
       nullptr, 204},
      DeleteProduct);
  const std::string pl = "/api/v1/price-lists";
  add("GET", pl, "catalog.price.read",
      {"Price lists with their rules and assignments", "catalog", nullptr, ListOf("PriceList")},
      ListPriceLists);
  add("POST", pl, "catalog.price.create",
      {"Create a price list", "catalog", Ref("PriceListInput"), Ref("PriceList"), 201},
      CreatePriceList);
  add("GET", pl + "/{id}", "catalog.price.read",
      {"Read a price list", "catalog", nullptr, Ref("PriceList")}, GetPriceList);
  add("PATCH", pl + "/{id}", "catalog.price.update",
      {"Update a price list; rules and assignments, when given, replace the sets", "catalog",
       Ref("PriceListInput"), Ref("PriceList")},
      UpdatePriceList);
  const std::string promo = "/api/v1/promotions";
  add("GET", promo, "catalog.price.read",
      {"Promotions", "catalog", nullptr, ListOf("Promotion")}, ListPromotions);
  add("POST", promo, "catalog.price.create",
      {"Create a promotion (a discount on a product or category in a date range)", "catalog",
       Ref("PromotionInput"), Ref("Promotion"), 201},
      CreatePromotion);
  add("PATCH", promo + "/{id}", "catalog.price.update",
      {"Update a promotion (If-Match required)", "catalog", Ref("PromotionInput"),
       Ref("Promotion")},
      UpdatePromotion);
  add_read("POST", "/api/v1/pricing/quote", "catalog.price.read",
      {"What a customer pays for a quantity of a product on a day, and why", "catalog",
       Ref("PriceQuoteInput"), Ref("PriceQuote")},
      QuotePrice);
}

}  // namespace concord::catalog

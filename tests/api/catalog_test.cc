// The catalog through the API: products with units, categories, GTIN and taxes; archive
// instead of delete; price lists with quantity breaks, cost formulas, customer groups and
// rounding; promotions; and the pricing service's explanation of every price.
#include <gtest/gtest.h>

#include "api_helpers.h"

namespace concord::testing {
namespace {

class Catalog : public ::testing::Test {
 protected:
  void SetUp() override { admin_ = server_.Admin(); }
  void TearDown() override { CheckJournalInvariants(server_.app()); }

  int64_t Product(const json& fields) {
    json body = {{"kind", "stocked"}, {"uom", "unit"}};
    body.update(fields);
    auto r = admin_->Post("/api/v1/products", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  int64_t Category(const std::string& name, std::optional<int64_t> parent = {}) {
    json body = {{"name", name}};
    if (parent) body["parent_id"] = *parent;
    auto r = admin_->Post("/api/v1/product-categories", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  int64_t Party(const std::string& name, const json& extra = json::object()) {
    json body = {{"kind", "organization"},
                 {"name", name},
                 {"roles", {"customer"}},
                 {"allow_duplicates", true}};
    body.update(extra);
    auto r = admin_->Post("/api/v1/parties", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  json Price(const json& body) {
    auto r = admin_->Post("/api/v1/pricing/quote", body);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  std::string Currency() {
    return admin_->Get("/api/v1/auth/me").json()["company"]["currency"].get<std::string>();
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
};

TEST_F(Catalog, ProductsWithUnitsCategoriesGtinAndTaxes) {
  auto uoms = admin_->Get("/api/v1/uoms").json()["items"];
  std::set<std::string> codes;
  for (const auto& u : uoms) codes.insert(u["code"].get<std::string>());
  EXPECT_TRUE(codes.count("unit") && codes.count("dozen") && codes.count("kg"));

  int64_t drinks = Category("Drinks");
  int64_t tea = Category("Tea", drinks);
  auto taxes = admin_->Get("/api/v1/taxes").json()["items"];
  ASSERT_FALSE(taxes.empty());
  int64_t tax = taxes[0]["id"].get<int64_t>();
  auto r = admin_->Post("/api/v1/products", {{"sku", "TEA-001"},
                                             {"name", "Longjing tea 250 g"},
                                             {"kind", "stocked"},
                                             {"gtin", "4006381333931"},
                                             {"category_id", tea},
                                             {"uom", "unit"},
                                             {"sale_tax_id", tax},
                                             {"costing_method", "fifo"},
                                             {"list_price", "88.00"},
                                             {"standard_cost", "41.5"},
                                             {"tracking", "lot"},
                                             {"use_expiry", true},
                                             {"weight_kg", "0.25"}});
  ASSERT_EQ(r.status, 201) << r.body;
  json p = r.json();
  EXPECT_EQ(p["list_price"], "88.00");
  EXPECT_EQ(p["standard_cost"], "41.50");
  EXPECT_EQ(p["weight_kg"], "0.25");
  EXPECT_EQ(p["uom"], "unit");
  EXPECT_EQ(p["currency"], Currency());
  EXPECT_EQ(r.header("etag"), "\"1\"");

  // Wrong input: every field error at once, nothing written.
  auto bad = admin_->Post("/api/v1/products", {{"sku", "X"},
                                               {"name", "Bad"},
                                               {"kind", "gadget"},
                                               {"list_price", 12.5},
                                               {"standard_cost", "-1"},
                                               {"weight_kg", "1.1234567"},
                                               {"colour", "red"}});
  ASSERT_TRUE(IsProblem(bad, 422, "validation.failed"));
  auto errors = FieldErrors(bad);
  for (const char* f : {"kind", "list_price", "standard_cost", "weight_kg", "colour"}) {
    EXPECT_TRUE(std::any_of(errors.begin(), errors.end(),
                            [&](const auto& e) { return e.first == f; }))
        << f << " in " << bad.body;
  }
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/products", {{"sku", "G"},
                                                          {"name", "Bad GTIN"},
                                                          {"kind", "stocked"},
                                                          {"gtin", "4006381333932"}}),
                        422, "validation.failed"));
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/products", {{"sku", "TEA-001"},
                                                          {"name", "Same SKU"},
                                                          {"kind", "stocked"}}),
                        409, "product.sku_taken"));
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/products", {{"sku", "S1"},
                                                          {"name", "Tracked service"},
                                                          {"kind", "service"},
                                                          {"tracking", "serial"}}),
                        422, "validation.failed"));
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/products", {{"sku", "S2"},
                                                          {"name", "Unknown tax"},
                                                          {"kind", "service"},
                                                          {"sale_tax_id", 999999}}),
                        422, "validation.failed"));
  auto list = admin_->Get("/api/v1/products?q=TEA");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(admin_->Get("/api/v1/products?category_id=" + std::to_string(tea))
                .json()["items"].size(), 1u);

  // Update with a stale version is refused; the current one passes.
  std::string path = "/api/v1/products/" + std::to_string(p["id"].get<int64_t>());
  EXPECT_TRUE(IsProblem(admin_->Patch(path, {{"list_price", "90"}}, {{"If-Match", "\"7\""}}), 412,
                        ""));
  auto updated = admin_->Patch(path, {{"list_price", "90"}}, {{"If-Match", "\"1\""}});
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json()["list_price"], "90.00");
  EXPECT_EQ(updated.json()["version"], 2);

  // A category cannot move under its own child.
  auto cycle = admin_->Patch("/api/v1/product-categories/" + std::to_string(drinks),
                             {{"parent_id", tea}}, {{"If-Match", "\"1\""}});
  EXPECT_TRUE(IsProblem(cycle, 422, "validation.failed")) << cycle.body;
}

TEST_F(Catalog, UnusedProductIsDeletedArchivedProductIsNotPriced) {
  int64_t id = Product({{"sku", "TMP"}, {"name", "Temporary"}, {"list_price", "1"}});
  std::string path = "/api/v1/products/" + std::to_string(id);
  auto archived = admin_->Patch(path, {{"active", false}}, {{"If-Match", "\"1\""}});
  ASSERT_EQ(archived.status, 200) << archived.body;
  EXPECT_EQ(admin_->Get("/api/v1/products?q=TMP").json()["items"].size(), 0u);
  EXPECT_EQ(admin_->Get("/api/v1/products?q=TMP&active=false").json()["items"].size(), 1u);
  auto priced = admin_->Post("/api/v1/pricing/quote", {{"product_id", id}, {"quantity", "1"}});
  EXPECT_TRUE(IsProblem(priced, 422, "validation.failed")) << priced.body;
  EXPECT_EQ(admin_->Delete(path).status, 204);
  EXPECT_EQ(admin_->Get(path).status, 404);
}

TEST_F(Catalog, PriceListsBreaksGroupsFormulasPromotionsAndRounding) {
  std::string cur = Currency();
  int64_t drinks = Category("Drinks");
  int64_t tea = Category("Tea", drinks);
  int64_t green = Product({{"sku", "GREEN"},
                          {"name", "Green tea"},
                          {"category_id", tea},
                          {"list_price", "100.00"},
                          {"standard_cost", "60.00"}});
  int64_t water = Product({{"sku", "WATER"},
                          {"name", "Water"},
                          {"category_id", drinks},
                          {"list_price", "2.00"},
                          {"standard_cost", "0.80"}});
  int64_t walk_in = Party("Walk-in customer");
  int64_t wholesale = Party("Wholesale buyer", {{"tags", {"wholesale"}}});
  int64_t vip = Party("VIP buyer");

  // No list applies: the list price, explained.
  json base = Price({{"product_id", green}, {"quantity", "1"}, {"party_id", walk_in}});
  EXPECT_EQ(base["unit_price"], "100.00");
  EXPECT_EQ(base["currency"], cur);
  ASSERT_EQ(base["explanation"].size(), 1u);
  EXPECT_EQ(base["explanation"][0]["step"], "list_price");

  // Wholesale group list: 10% off drinks, 20% off tea from 10 units, water at cost + 50%,
  // rounded to 0.10 then − 0.01.
  auto wl = admin_->Post(
      "/api/v1/price-lists",
      {{"name", "Wholesale"},
       {"currency", cur},
       {"rounding", "0.10"},
       {"rounding_surcharge", "-0.01"},
       {"assignments", {{{"party_tag", "wholesale"}}}},
       {"rules",
        {{{"category_id", drinks}, {"method", "discount"}, {"discount_percent", "10"}},
         {{"category_id", tea},
          {"min_quantity", "10"},
          {"method", "discount"},
          {"discount_percent", "20"}},
         {{"product_id", water},
          {"method", "formula"},
          {"base", "cost"},
          {"margin_percent", "50"}}}}});
  ASSERT_EQ(wl.status, 201) << wl.body;
  json one = Price({{"product_id", green}, {"quantity", "1"}, {"party_id", wholesale}});
  EXPECT_EQ(one["unit_price"], "89.99");  // 90.00 by the drinks rule, rounded, − 0.01
  json ten = Price({{"product_id", green}, {"quantity", "10"}, {"party_id", wholesale}});
  EXPECT_EQ(ten["unit_price"], "79.99");  // the tea break from 10 units
  EXPECT_EQ(ten["amount"], "799.90");
  EXPECT_EQ(ten["price_list_id"], wl.json()["id"]);
  ASSERT_EQ(ten["explanation"].size(), 3u) << ten.dump();
  EXPECT_NE(ten["explanation"][1]["detail"].get<std::string>().find("Wholesale"),
            std::string::npos);
  json w = Price({{"product_id", water}, {"quantity", "1"}, {"party_id", wholesale}});
  EXPECT_EQ(w["unit_price"], "1.19");  // 0.80 × 1.5 = 1.20 → 1.20 − 0.01
  // The walk-in customer is not in the group.
  EXPECT_EQ(Price({{"product_id", green}, {"quantity", "10"}, {"party_id", walk_in}})
                ["unit_price"], "100.00");

  // A fixed price for one customer beats the group list.
  auto vl = admin_->Post("/api/v1/price-lists",
                         {{"name", "VIP"},
                          {"currency", cur},
                          {"assignments", {{{"party_id", vip}}}},
                          {"rules", {{{"product_id", green},
                                      {"method", "fixed"},
                                      {"fixed_price", "75.50"}}}}});
  ASSERT_EQ(vl.status, 201) << vl.body;
  EXPECT_EQ(Price({{"product_id", green}, {"quantity", "3"}, {"party_id", vip}})["unit_price"],
            "75.50");

  // A promotion on tea in a date range applies on top, only inside the range.
  auto promo = admin_->Post("/api/v1/promotions", {{"name", "Tea week"},
                                                   {"category_id", tea},
                                                   {"discount_percent", "10"},
                                                   {"valid_from", "2026-11-01"},
                                                   {"valid_to", "2026-11-30"}});
  ASSERT_EQ(promo.status, 201) << promo.body;
  json in = Price({{"product_id", green},
                   {"quantity", "1"},
                   {"party_id", vip},
                   {"date", "2026-11-15"}});
  EXPECT_EQ(in["unit_price"], "67.95");
  EXPECT_EQ(in["promotion_id"], promo.json()["id"]);
  EXPECT_EQ(in["discount_percent"], "32.05");
  json out = Price({{"product_id", green},
                    {"quantity", "1"},
                    {"party_id", vip},
                    {"date", "2026-12-01"}});
  EXPECT_EQ(out["unit_price"], "75.50");

  // A dozen is priced per dozen.
  json dozen = Price({{"product_id", water}, {"quantity", "2"}, {"uom", "dozen"}});
  EXPECT_EQ(dozen["unit_price"], "24.00");
  EXPECT_EQ(dozen["amount"], "48.00");
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/pricing/quote",
                                     {{"product_id", water}, {"quantity", "1"}, {"uom", "kg"}}),
                        422, "validation.failed"));
}

TEST_F(Catalog, MaliciousAndOtherCompanyInput) {
  int64_t mine = Product({{"sku", "MINE"}, {"name", "Mine"}, {"list_price", "5"}});
  auto second = admin_->Post("/api/v1/companies",
                             {{"name", "Other Co"}, {"currency", "USD"}, {"time_zone", "UTC"}});
  ASSERT_EQ(second.status, 201) << second.body;
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", second.json()["id"]}}).status,
            200);
  EXPECT_EQ(admin_->Get("/api/v1/products/" + std::to_string(mine)).status, 404);
  EXPECT_TRUE(IsProblem(
      admin_->Post("/api/v1/pricing/quote", {{"product_id", mine}, {"quantity", "1"}}), 422,
      "validation.failed"));
  auto rule = admin_->Post("/api/v1/price-lists",
                           {{"name", "Steal"},
                            {"currency", "USD"},
                            {"rules", {{{"product_id", mine}, {"method", "fixed"},
                                        {"fixed_price", "1"}}}}});
  EXPECT_TRUE(IsProblem(rule, 422, "validation.failed")) << rule.body;
  EXPECT_EQ(admin_->Get("/api/v1/price-lists").json()["items"].size(), 0u);
  // SQL metacharacters are data.
  auto odd = admin_->Post("/api/v1/products", {{"sku", "X'; DROP TABLE products; --"},
                                               {"name", "Robert\"); --"},
                                               {"kind", "consumable"}});
  ASSERT_EQ(odd.status, 201) << odd.body;
  EXPECT_EQ(admin_->Get("/api/v1/products?q=X%27").json()["items"].size(), 1u);
  auto neg = admin_->Post("/api/v1/pricing/quote",
                          {{"product_id", odd.json()["id"]}, {"quantity", "-1"}});
  EXPECT_TRUE(IsProblem(neg, 422, "validation.failed"));
}

}  // namespace
}  // namespace concord::testing

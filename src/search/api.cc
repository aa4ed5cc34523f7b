// GET /api/v1/search: parse and validate the query string, run the search.
#include "http/api.h"

#include "core/json_input.h"
#include "http/schema.h"
#include "search/search.h"
#include "security/api.h"

namespace concord::search {
namespace {

using http::Ctx;
using http::Response;
using nlohmann::json;
namespace sc = http::schema;

void RegisterSchemas(http::Api& api) {
  api.AddSchema(
      "SearchHit",
      sc::Obj({{"kind", sc::Enum({"party", "contact", "product", "quote", "sales_order", "invoice",
                                  "transfer", "payment", "ticket", "lead", "opportunity"})},
               {"id", sc::kInt},
               {"title", sc::kStr},
               {"subtitle", sc::kStr},
               {"href", sc::kStr}},
              {"kind", "id", "title", "subtitle", "href"}));
  api.AddSchema("SearchResults", sc::Obj({{"q", sc::kStr},
                                          {"items", sc::ArrayOf(security::Ref("SearchHit"))},
                                          {"barcode", sc::kBool}},
                                         {"q", "items", "barcode"}));
}

// The query string as a body for Fields: "limit" a number when it reads as one (so that a
// non-number is a type error, not a range error).
json QueryFields(Ctx& c) {
  json j = json::object();
  if (auto q = c.req().Query("q")) j["q"] = *q;
  if (auto limit = c.req().Query("limit")) {
    bool digits = !limit->empty() && limit->size() <= 18 &&
                  limit->find_first_not_of("0123456789") == std::string::npos;
    j["limit"] = digits ? json(std::stoll(*limit)) : json(*limit);
  }
  return j;
}

Result<Response> Run(const Search& search, Ctx& c) {
  json query = QueryFields(c);
  Fields f(query);
  auto q = f.Text("q", {.required = true, .max_chars = 100, .min_chars = 1});
  auto limit = f.Int("limit", false, 1, 20);
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(Results results, search.Run(c.tx(), c.access(), *q, limit.value_or(8)));
  return Response::Json(200, ToJson(*q, results));
}

}  // namespace

void RegisterRoutes(http::Api& api, const Search& search) {
  RegisterSchemas(api);
  const Search* s = &search;
  api.Add({"GET",
           "/api/v1/search",
           http::AuthKind::kAuthenticated,
           "",
           http::TxKind::kDefault,
           {"Search parties, contacts, products and documents by name or number; a GTIN "
            "resolves to its product (barcode = true). Each kind only with its area's read "
            "permission and record rules.",
            "search",
            nullptr,
            security::Ref("SearchResults"),
            200,
            {{"q", "string", "Name, number, SKU, e-mail, phone or GTIN (1..100 characters)"},
             {"limit", "integer", "Most items returned, 1..20 (default 8)"}}},
           [s](Ctx& c) { return Run(*s, c); }});
}

}  // namespace concord::search

// Routes of sales orders, quotes, sales settings and the sales report.
#include <memory>

#include "http/schema.h"
#include "sales/sales.h"
#include "sales/settings.h"
#include "security/api.h"

namespace concord::sales {
namespace {

using http::Ctx;
using http::Response;
using http::RouteDoc;
using nlohmann::json;
using security::ListOf;
using security::OptionalVersion;
using security::Ref;
using security::RequiredVersion;
using security::Versioned;
namespace sc = http::schema;

void RegisterSchemas(http::Api& api) {
  json line_in = {{"product_id", sc::kInt},      {"quantity", sc::kDecimal},
                  {"uom", sc::kStr},             {"unit_price", sc::kDecimal},
                  {"discount_percent", sc::kDecimal}, {"description", sc::kStr},
                  {"tax_ids", sc::ArrayOf(sc::kInt)}};
  api.AddSchema("SalesLineInput", sc::Obj(line_in, {"product_id", "quantity"}));
  json line = line_in;
  for (const char* k : {"list_price", "untaxed", "tax", "delivered", "invoiced"}) line[k] = sc::kDecimal;
  line["id"] = sc::kInt;
  line["manual_price"] = sc::kBool;
  line["price_explanation"] = sc::ArrayOf(sc::Obj({{"step", sc::kStr}, {"price", sc::kDecimal},
                                                   {"detail", sc::kStr}}));
  api.AddSchema("SalesLine", sc::Obj(line));
  json common = {{"party_id", sc::kInt},
                 {"currency", sc::kStr},
                 {"date", sc::kDate},
                 {"price_list_id", sc::Nullable(sc::kInt)},
                 {"payment_term_id", sc::Nullable(sc::kInt)},
                 {"notes", sc::kStr},
                 {"owner_user_id", sc::Nullable(sc::kInt)},
                 {"lines", sc::ArrayOf(Ref("SalesLineInput"))}};
  json order_in = common;
  order_in["warehouse_id"] = sc::kInt;
  order_in["allow_partial"] = sc::kBool;
  api.AddSchema("SalesOrderInput", sc::Obj(order_in, {"party_id", "lines"}));
  json order = order_in;
  for (const char* k : {"id", "version", "quote_id", "department_id", "credit_override_by"}) {
    order[k] = sc::Nullable(sc::kInt);
  }
  for (const char* k : {"number", "state", "invoice_policy", "delivery_status", "invoice_status",
                        "confirmed_at", "created_at", "updated_at"}) {
    order[k] = sc::kStr;
  }
  for (const char* k : {"untaxed", "tax", "total"}) order[k] = sc::kDecimal;
  order["advance_required"] = sc::kBool;
  order["billing_address"] = sc::Obj(json::object());
  order["shipping_address"] = sc::Obj(json::object());
  order["lines"] = sc::ArrayOf(Ref("SalesLine"));
  order["transfers"] = sc::ArrayOf(sc::Obj(json::object()));
  order["invoices"] = sc::ArrayOf(sc::Obj(json::object()));
  api.AddSchema("SalesOrder", sc::Obj(order));
  api.AddSchema("SalesOrderConfirm", sc::Obj({{"override_credit", sc::kBool}}));
  api.AddSchema("SalesOrderInvoice", sc::Obj({{"date", sc::kDate}, {"post", sc::kBool}}));
  api.AddSchema("SalesOrderAvailability",
                sc::Obj({{"order_id", sc::kInt},
                         {"date", sc::kDate},
                         {"warehouse_id", sc::kInt},
                         {"lines", sc::ArrayOf(sc::Obj({{"line_id", sc::kInt},
                                                        {"product_id", sc::kInt},
                                                        {"quantity", sc::kDecimal},
                                                        {"available", sc::kDecimal},
                                                        {"projected", sc::kDecimal},
                                                        {"promisable", sc::kBool}}))}}));
  json quote_in = common;
  quote_in["opportunity_id"] = sc::Nullable(sc::kInt);
  quote_in["valid_until"] = sc::kDate;
  api.AddSchema("QuoteInput", sc::Obj(quote_in, {"lines"}));
  json quote = quote_in;
  for (const char* k : {"id", "version", "revision", "order_id", "approved_by"}) {
    quote[k] = sc::Nullable(sc::kInt);
  }
  for (const char* k : {"number", "state", "created_at", "updated_at"}) quote[k] = sc::kStr;
  for (const char* k : {"untaxed", "tax", "total", "max_discount_percent"}) quote[k] = sc::kDecimal;
  quote["needs_approval"] = sc::kBool;
  quote["approved"] = sc::kBool;
  quote["lines"] = sc::ArrayOf(Ref("SalesLine"));
  api.AddSchema("Quote", sc::Obj(quote));
  api.AddSchema("QuoteRevisions",
                sc::Obj({{"items", sc::ArrayOf(sc::Obj({{"revision", sc::kInt},
                                                        {"quote", Ref("Quote")},
                                                        {"replaced_at", sc::kTime}}))}}));
  api.AddSchema("ExpiredQuotes", sc::Obj({{"expired", sc::kInt}}));
  api.AddSchema("SalesSettings", sc::Obj({{"discount_approval_percent", sc::kDecimal},
                                          {"quote_validity_days", sc::kInt},
                                          {"invoice_policy", sc::Enum({"delivered", "ordered"})},
                                          {"version", sc::kInt}}));
  json figures = {{"revenue", sc::kDecimal}, {"cost", sc::kDecimal}, {"margin", sc::kDecimal}};
  json row = figures;
  row["margin_percent"] = sc::Nullable(sc::kDecimal);
  row["quantity_invoiced"] = sc::kDecimal;
  api.AddSchema("SalesReport", sc::Obj({{"group_by", sc::kStr},
                                        {"from", sc::kDate},
                                        {"to", sc::kDate},
                                        {"currency", sc::kStr},
                                        {"items", sc::ArrayOf(sc::Obj(row))},
                                        {"total", sc::Obj(figures)}}));
}

Result<json> BodyOrEmpty(Ctx& c) {
  if (c.req().body.empty()) return json::object();
  return c.Body();
}

// --- orders -------------------------------------------------------------------------------

Result<Response> ListOrders(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.SortedPaging(Orders::kSorts));
  OrderFilter f;
  ASSIGN_OR_RETURN(f.party_id, c.QueryId("party_id"));
  f.state = c.req().Query("state").value_or("");
  ASSIGN_OR_RETURN(auto out, s.orders.List(c.tx(), c.access(), f, page));
  return Response::Json(200, out);
}

Result<Response> GetOrder(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.orders.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateOrder(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.orders.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> UpdateOrder(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   s.orders.Update(c.tx(), c.access(), id, body, RequiredVersion(c, &body)));
  return Versioned(200, out);
}

Result<Response> OrderVerb(Services& s, Ctx& c, const std::string& verb) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, BodyOrEmpty(c));
  auto check = OptionalVersion(c, &body);
  Result<json> out = json();
  if (verb == "confirm") out = s.orders.Confirm(c.tx(), c.access(), id, body, check);
  if (verb == "cancel") out = s.orders.Cancel(c.tx(), c.access(), id, check);
  if (verb == "reprice") out = s.orders.Reprice(c.tx(), c.access(), id, check);
  if (verb == "invoice") out = s.orders.Invoice(c.tx(), c.access(), id, body);
  if (verb == "credit-returns") out = s.orders.CreditReturns(c.tx(), c.access(), id, body);
  if (!out.ok()) return out.status();
  return Versioned(200, *out);
}

Result<Response> OrderAvailability(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto date, c.QueryDate("date"));
  ASSIGN_OR_RETURN(auto out, s.orders.Availability(c.tx(), c.access(), id, date));
  return Response::Json(200, out);
}

// --- quotes -------------------------------------------------------------------------------

Result<Response> ListQuotes(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.SortedPaging(Quotes::kSorts));
  ASSIGN_OR_RETURN(auto party, c.QueryId("party_id"));
  std::string state = c.req().Query("state").value_or("");
  ASSIGN_OR_RETURN(auto out, s.quotes.List(c.tx(), c.access(), party, state, page));
  return Response::Json(200, out);
}

Result<Response> GetQuote(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.quotes.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateQuote(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.quotes.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> UpdateQuote(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   s.quotes.Update(c.tx(), c.access(), id, body, RequiredVersion(c, &body)));
  return Versioned(200, out);
}

Result<Response> QuoteVerb(Services& s, Ctx& c, const std::string& verb) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, BodyOrEmpty(c));
  auto check = OptionalVersion(c, &body);
  Result<json> out = verb == "reprice" ? s.quotes.Reprice(c.tx(), c.access(), id, check)
                                       : s.quotes.Act(c.tx(), c.access(), id, verb, check);
  if (!out.ok()) return out.status();
  return Versioned(200, *out);
}

Result<Response> QuoteRevisions(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.quotes.Revisions(c.tx(), c.access(), id));
  return Response::Json(200, out);
}

Result<Response> PrintQuote(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(std::string html, s.quotes.Print(c.tx(), c.access(), id));
  Response r;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(html);
  r.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  return r;
}

Result<Response> ExpireQuotes(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t n, s.quotes.ExpireDue(c.tx(), c.access()));
  return Response::Json(200, {{"expired", n}});
}

// --- settings and report --------------------------------------------------------------------

Result<Response> ReadSettings(Services&, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, GetSettings(c.tx(), c.access()));
  return Versioned(200, out);
}

Result<Response> WriteSettings(Services&, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, UpdateSettings(c.tx(), c.access(), body, RequiredVersion(c, &body)));
  return Versioned(200, out);
}

Result<Response> Report(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto from, c.QueryDate("from"));
  ASSIGN_OR_RETURN(auto to, c.QueryDate("to"));
  ASSIGN_OR_RETURN(auto today, security::CompanyToday(c.tx(), c.access().company_id(), s.clock));
  std::string group = c.req().Query("group_by").value_or("customer");
  ASSIGN_OR_RETURN(auto out, SalesReport(c.tx(), c.access(), group,
                                         from.value_or(Date::FromYmd(today.year(), 1, 1).value()),
                                         to.value_or(today)));
  return Response::Json(200, out);
}

}  // namespace

void RegisterRoutes(http::Api& api, Services& s) {
  RegisterSchemas(api);
  Services* sp = &s;
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 std::function<Result<Response>(Services&, Ctx&)> fn) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kDefault, std::move(doc), [sp, fn](Ctx& c) { return fn(*sp, c); }});
  };
  const std::string so = "/api/v1/sales-orders";
  add("GET", so, "sales.order.read",
      {"Sales orders",
       "sales",
       nullptr,
       ListOf("SalesOrder"),
       200,
       {{"party_id", "integer", "Only this customer"},
        {"state", "string", "draft | confirmed | done | cancelled"},
        {"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        http::SortParam(Orders::kSorts)}},
      ListOrders);
  add("POST", so, "sales.order.create",
      {"Create a draft order, priced live", "sales", Ref("SalesOrderInput"), Ref("SalesOrder"),
       201},
      CreateOrder);
  add("GET", so + "/{id}", "sales.order.read",
      {"A sales order with its lines, transfers and invoices", "sales", nullptr,
       Ref("SalesOrder")},
      GetOrder);
  add("PATCH", so + "/{id}", "sales.order.update",
      {"Edit a draft order (If-Match required)", "sales", Ref("SalesOrderInput"),
       Ref("SalesOrder")},
      UpdateOrder);
  const std::vector<std::pair<std::string, std::string>> verbs = {
      {"confirm", "Confirm: credit check, stock reservation, delivery; prices frozen"},
      {"cancel", "Cancel a draft, or a confirmed order with nothing delivered or invoiced"},
      {"reprice", "Re-price a draft order at today's prices"},
      {"invoice", "Invoice what is delivered (or ordered) and not yet invoiced"},
      {"credit-returns", "Credit note for returned goods that were invoiced"}};
  for (const auto& [verb, summary] : verbs) {
    json req = verb == "confirm" ? Ref("SalesOrderConfirm")
               : (verb == "invoice" || verb == "credit-returns") ? Ref("SalesOrderInvoice")
                                                                 : json();
    std::string v = verb;
    add("POST", so + "/{id}/" + verb, "sales.order.update",
        {summary, "sales", req, Ref("SalesOrder")},
        [v](Services& s, Ctx& c) { return OrderVerb(s, c, v); });
  }
  add("GET", so + "/{id}/availability", "sales.order.read",
      {"Available-to-promise per line", "sales", nullptr, Ref("SalesOrderAvailability"), 200,
       {{"date", "string", "YYYY-MM-DD (default: the order's date)"}}},
      OrderAvailability);
  add("GET", "/api/v1/sales-settings", "sales.settings.read",
      {"Sales settings", "sales", nullptr, Ref("SalesSettings")}, ReadSettings);
  add("PATCH", "/api/v1/sales-settings", "sales.settings.update",
      {"Update sales settings (If-Match required)", "sales", Ref("SalesSettings"),
       Ref("SalesSettings")},
      WriteSettings);
  add("GET", "/api/v1/reports/sales", "sales.report.read",
      {"Revenue, cost and margin by customer, product, sales rep or month",
       "sales",
       nullptr,
       Ref("SalesReport"),
       200,
       {{"group_by", "string", "customer (default) | product | rep | month"},
        {"from", "string", "YYYY-MM-DD (default: 1 January)"},
        {"to", "string", "YYYY-MM-DD (default: today)"}}},
      Report);
  RegisterQuoteRoutes(api, s);
}

void RegisterQuoteRoutes(http::Api& api, Services& s) {
  Services* sp = &s;
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 std::function<Result<Response>(Services&, Ctx&)> fn) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kDefault, std::move(doc), [sp, fn](Ctx& c) { return fn(*sp, c); }});
  };
  const std::string q = "/api/v1/quotes";
  add("GET", q, "sales.quote.read",
      {"Quotes",
       "sales",
       nullptr,
       ListOf("Quote"),
       200,
       {{"party_id", "integer", "Only this customer"},
        {"state", "string", "draft | sent | accepted | rejected | expired | cancelled"},
        {"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        http::SortParam(Quotes::kSorts)}},
      ListQuotes);
  add("POST", q, "sales.quote.create",
      {"Create a quote for a party or an opportunity, priced live", "sales", Ref("QuoteInput"),
       Ref("Quote"), 201},
      CreateQuote);
  add("POST", q + "/expire-due", "sales.quote.update",
      {"Expire every sent quote past its validity", "sales", nullptr, Ref("ExpiredQuotes")},
      ExpireQuotes);
  add("GET", q + "/{id}", "sales.quote.read",
      {"A quote with its lines and price explanations", "sales", nullptr, Ref("Quote")},
      GetQuote);
  add("PATCH", q + "/{id}", "sales.quote.update",
      {"Edit a draft or sent quote (a sent one becomes the next revision)", "sales",
       Ref("QuoteInput"), Ref("Quote")},
      UpdateQuote);
  add("GET", q + "/{id}/revisions", "sales.quote.read",
      {"Earlier revisions of a quote", "sales", nullptr, Ref("QuoteRevisions")}, QuoteRevisions);
  add("GET", q + "/{id}/print", "sales.quote.read",
      {"Printable quote (HTML)", "sales", nullptr, json(), 200, {}, "text/html"}, PrintQuote);
  const std::vector<std::pair<std::string, std::string>> verbs = {
      {"reprice", "Re-price a draft quote at today's prices"},
      {"approve", "Approve the caller's open step of the discount-approval workflow "
                  "(started if none runs)"},
      {"request-approval", "Start the discount-approval workflow"},
      {"send", "Send the quote (needs approval above the discount threshold)"},
      {"accept", "Accept: creates the sales order; the opportunity is won"},
      {"reject", "The customer rejected the quote"},
      {"cancel", "Cancel a draft quote"},
      {"expire", "Expire a sent quote"}};
  for (const auto& [verb, summary] : verbs) {
    std::string v = verb;
    add("POST", q + "/{id}/" + verb, verb == "approve" ? "sales.quote.approve" : "sales.quote.update",
        {summary, "sales", nullptr, Ref("Quote")},
        [v](Services& s, Ctx& c) { return QuoteVerb(s, c, v); });
  }
}

}  // namespace concord::sales

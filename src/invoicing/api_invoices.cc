// Routes of payment terms and invoices: parse, call the service.
#include <memory>

#include "invoicing/invoicing.h"
#include "security/api.h"

namespace concord::invoicing {
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

struct InvoiceApi {
  const Invoices& invoices;
  PaymentTerms terms;
  Allocations allocations;
};

Result<json> BodyOrEmpty(Ctx& c) {
  if (c.req().body.empty()) return json::object();
  return c.Body();
}

Result<Response> ListTerms(InvoiceApi& a, Ctx& c) {
  bool inactive = c.req().Query("inactive").value_or("") == "true";
  ASSIGN_OR_RETURN(auto out, a.terms.List(c.tx(), c.access(), inactive));
  return Response::Json(200, out);
}

Result<Response> GetTerm(InvoiceApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.terms.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateTerm(InvoiceApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.terms.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> UpdateTerm(InvoiceApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.terms.Update(c.tx(), c.access(), id, body, RequiredVersion(c, &body)));
  return Versioned(200, out);
}

Result<std::string> QueryEnum(Ctx& c, const std::string& name,
                              const std::vector<std::string>& allowed) {
  std::string v = c.req().Query(name).value_or("");
  if (v.empty()) return v;
  for (const auto& a : allowed) {
    if (a == v) return v;
  }
  return InvalidField(name, "enum", name + " is not one of the allowed values.");
}

Result<Response> ListInvoices(InvoiceApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.SortedPaging(Invoices::kSorts));
  InvoiceFilter f;
  ASSIGN_OR_RETURN(f.party_id, c.QueryId("party_id"));
  ASSIGN_OR_RETURN(f.state, QueryEnum(c, "state", {"draft", "posted", "paid", "cancelled"}));
  ASSIGN_OR_RETURN(f.kind, QueryEnum(c, "kind", {"invoice", "credit_note"}));
  f.origin_type = c.req().Query("origin_type").value_or("");
  if (f.origin_type.size() > 50) return InvalidField("origin_type", "too_long", "At most 50.");
  ASSIGN_OR_RETURN(f.origin_id, c.QueryId("origin_id"));
  ASSIGN_OR_RETURN(f.from, c.QueryDate("from"));
  ASSIGN_OR_RETURN(f.to, c.QueryDate("to"));
  ASSIGN_OR_RETURN(auto out, a.invoices.List(c.tx(), c.access(), f, page));
  return Response::Json(200, out);
}

Result<Response> GetInvoice(InvoiceApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.invoices.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateInvoice(InvoiceApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.invoices.ApiCreate(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> UpdateInvoice(InvoiceApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.invoices.ApiUpdate(c.tx(), c.access(), id, body, RequiredVersion(c, &body)));
  return Versioned(200, out);
}

Result<Response> PostInvoice(InvoiceApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out,
                   a.invoices.ApiPost(c.tx(), c.access(), id, OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> CancelInvoice(InvoiceApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out,
                   a.invoices.ApiCancel(c.tx(), c.access(), id, OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> CreditInvoice(InvoiceApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, BodyOrEmpty(c));
  ASSIGN_OR_RETURN(auto out, a.invoices.ApiCredit(c.tx(), c.access(), id, body));
  return Versioned(201, out);
}

Result<Response> AllocateCreditNote(InvoiceApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  RETURN_IF_ERROR(a.allocations.ApiAllocate(c.tx(), c.access(), {"invoice", id}, body));
  ASSIGN_OR_RETURN(auto out, a.invoices.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> PrintInvoice(InvoiceApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(std::string html, a.invoices.Print(c.tx(), c.access(), id));
  Response r;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(html);
  r.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  return r;
}

}  // namespace

void RegisterInvoiceRoutes(http::Api& api, const Services& s) {
  auto a = std::make_shared<InvoiceApi>(
      InvoiceApi{s.invoices, PaymentTerms(s.clock), Allocations(s.clock, s.ledger)});
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 Result<Response> (*fn)(InvoiceApi&, Ctx&)) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kDefault, std::move(doc), [a, fn](Ctx& c) { return fn(*a, c); }});
  };
  const std::string terms = "/api/v1/payment-terms";
  add("GET", terms, "invoicing.term.read",
      {"Payment terms",
       "invoicing",
       nullptr,
       ListOf("PaymentTerm"),
       200,
       {{"inactive", "boolean", "true: inactive terms too"}}},
      ListTerms);
  add("POST", terms, "invoicing.term.create",
      {"Create a payment term", "invoicing", Ref("PaymentTermInput"), Ref("PaymentTerm"), 201},
      CreateTerm);
  add("GET", terms + "/{id}", "invoicing.term.read",
      {"A payment term", "invoicing", nullptr, Ref("PaymentTerm")}, GetTerm);
  add("PATCH", terms + "/{id}", "invoicing.term.update",
      {"Update a payment term (If-Match required)", "invoicing", Ref("PaymentTermInput"),
       Ref("PaymentTerm")},
      UpdateTerm);
  const std::string inv = "/api/v1/invoices";
  add("GET", inv, "invoicing.invoice.read",
      {"Invoices and credit notes (no lines)",
       "invoicing",
       nullptr,
       ListOf("Invoice"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        {"party_id", "integer", "Only this customer's"},
        {"state", "string", "draft | posted | paid | cancelled"},
        {"kind", "string", "invoice | credit_note"},
        {"origin_type", "string", "e.g. sales_order"},
        {"origin_id", "integer", "With origin_type: only this origin's"},
        {"from", "string", "First day (YYYY-MM-DD)"},
        {"to", "string", "Last day (YYYY-MM-DD)"},
        http::SortParam(Invoices::kSorts)}},
      ListInvoices);
  add("POST", inv, "invoicing.invoice.create",
      {"Create a draft invoice or credit note; \"post\": true posts it at once (needs "
       "invoicing.invoice.approve)",
       "invoicing", Ref("InvoiceInput"), Ref("Invoice"), 201},
      CreateInvoice);
  add("GET", inv + "/{id}", "invoicing.invoice.read",
      {"An invoice with lines, taxes, instalments (with residuals) and allocations", "invoicing",
       nullptr, Ref("Invoice")},
      GetInvoice);
  add("PATCH", inv + "/{id}", "invoicing.invoice.update",
      {"Edit a draft (If-Match required); a posted invoice answers 409", "invoicing",
       Ref("InvoiceInput"), Ref("Invoice")},
      UpdateInvoice);
  add("POST", inv + "/{id}/post", "invoicing.invoice.approve",
      {"Post a draft: numbered, receivable/revenue/tax posted to the ledger", "invoicing", nullptr,
       Ref("Invoice")},
      PostInvoice);
  add("POST", inv + "/{id}/cancel", "invoicing.invoice.update",
      {"Cancel a draft", "invoicing", nullptr, Ref("Invoice")}, CancelInvoice);
  add("POST", inv + "/{id}/credit", "invoicing.invoice.create",
      {"A credit note of a posted invoice with its lines (draft unless \"post\": true)",
       "invoicing", Ref("CreditInput"), Ref("Invoice"), 201},
      CreditInvoice);
  add("POST", inv + "/{id}/allocate", "invoicing.payment.create",
      {"Allocate a posted credit note against invoices (or refunds)", "invoicing",
       Ref("AllocateInput"), Ref("Invoice")},
      AllocateCreditNote);
  add("GET", inv + "/{id}/print", "invoicing.invoice.read",
      {"The invoice as a printable HTML page",
       "invoicing",
       nullptr,
       {{"type", "string"}},
       200,
       {},
       "text/html"},
      PrintInvoice);
}

}  // namespace concord::invoicing

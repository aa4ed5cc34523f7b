// Routes of payments, allocations and customer credit: parse, call the service.
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
using security::Versioned;

struct PaymentApi {
  Payments payments;
  Allocations allocations;
};

Result<Response> ListPayments(PaymentApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.SortedPaging(Payments::kSorts));
  PaymentFilter f;
  ASSIGN_OR_RETURN(f.party_id, c.QueryId("party_id"));
  f.state = c.req().Query("state").value_or("");
  if (!f.state.empty() && f.state != "draft" && f.state != "posted" && f.state != "cancelled") {
    return InvalidField("state", "enum", "state is draft, posted or cancelled.");
  }
  f.direction = c.req().Query("direction").value_or("");
  if (!f.direction.empty() && f.direction != "inbound" && f.direction != "outbound") {
    return InvalidField("direction", "enum", "direction is inbound or outbound.");
  }
  ASSIGN_OR_RETURN(f.from, c.QueryDate("from"));
  ASSIGN_OR_RETURN(f.to, c.QueryDate("to"));
  ASSIGN_OR_RETURN(auto out, a.payments.List(c.tx(), c.access(), f, page));
  return Response::Json(200, out);
}

Result<Response> GetPayment(PaymentApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.payments.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreatePayment(PaymentApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.payments.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> PostPayment(PaymentApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.payments.Post(c.tx(), c.access(), id, OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> CancelPayment(PaymentApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out,
                   a.payments.Cancel(c.tx(), c.access(), id, OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> AllocatePayment(PaymentApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  RETURN_IF_ERROR(a.allocations.ApiAllocate(c.tx(), c.access(), {"payment", id}, body));
  ASSIGN_OR_RETURN(auto out, a.payments.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> UndoAllocation(PaymentApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.allocations.ApiUndo(c.tx(), c.access(), id));
  return Response::Json(200, out);
}

Result<Response> PartyCredit(PaymentApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.allocations.Credit(c.tx(), c.access(), id));
  return Response::Json(200, out);
}

}  // namespace

void RegisterPaymentRoutes(http::Api& api, const Services& s) {
  auto a = std::make_shared<PaymentApi>(
      PaymentApi{Payments(s.clock, s.ledger, s.parties), Allocations(s.clock, s.ledger)});
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 Result<Response> (*fn)(PaymentApi&, Ctx&)) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kDefault, std::move(doc), [a, fn](Ctx& c) { return fn(*a, c); }});
  };
  const std::string pay = "/api/v1/payments";
  add("GET", pay, "invoicing.payment.read",
      {"Customer payments and refunds",
       "invoicing",
       nullptr,
       ListOf("Payment"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        {"party_id", "integer", "Only this customer's"},
        {"state", "string", "draft | posted | cancelled"},
        {"direction", "string", "inbound | outbound"},
        {"from", "string", "First day (YYYY-MM-DD)"},
        {"to", "string", "Last day (YYYY-MM-DD)"},
        http::SortParam(Payments::kSorts)}},
      ListPayments);
  add("POST", pay, "invoicing.payment.create",
      {"Record a payment (draft unless \"post\": true, which needs invoicing.payment.approve); "
       "allocations are applied when it posts",
       "invoicing", Ref("PaymentInput"), Ref("Payment"), 201},
      CreatePayment);
  add("GET", pay + "/{id}", "invoicing.payment.read",
      {"A payment with its unallocated amount and allocations", "invoicing", nullptr,
       Ref("Payment")},
      GetPayment);
  add("POST", pay + "/{id}/post", "invoicing.payment.approve",
      {"Post a draft payment and apply its allocations", "invoicing", nullptr, Ref("Payment")},
      PostPayment);
  add("POST", pay + "/{id}/cancel", "invoicing.payment.create",
      {"Cancel a draft payment", "invoicing", nullptr, Ref("Payment")}, CancelPayment);
  add("POST", pay + "/{id}/allocate", "invoicing.payment.create",
      {"Allocate a posted payment to invoices (inbound) or to credit notes / customer credit "
       "(outbound: a refund)",
       "invoicing", Ref("AllocateInput"), Ref("Payment")},
      AllocatePayment);
  add("POST", "/api/v1/allocations/{id}/undo", "invoicing.payment.create",
      {"Undo an allocation: its ledger matches are removed, the invoice is open again", "invoicing",
       nullptr, Ref("Allocation")},
      UndoAllocation);
  add("GET", "/api/v1/parties/{id}/credit", "invoicing.invoice.read",
      {"A customer's open credit (unallocated payments and credit notes) and open receivable",
       "invoicing", nullptr, Ref("PartyCredit")},
      PartyCredit);
}

}  // namespace concord::invoicing

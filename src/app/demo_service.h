// Service desk demo data: ticket categories with their processing times, knowledge base
// articles in English and Chinese that answer the demo's tickets, about a dozen tickets of the
// demo customers (complaints, questions and requests at every step: new, assigned, in
// progress, waiting on the customer, resolved with a survey, closed; two left to breach their
// deadlines and escalated by the SLA job), and shipped workflows waiting in the demo users'
// inboxes: a quote's discount for bob (sales manager), an advance-payment order for carol
// (finance), and the escalated complaints for bob (manager of Customer Service).
//
// Everything goes through the services the API uses, in the caller's transaction, with their
// checks, audit records and events. Tickets are dated in the past through a ticket service of
// their own whose clock is set to each step's time (hours before now); the SLA job then runs
// at the real time, as the background job would, and escalates what is overdue.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "catalog/products.h"
#include "core/status.h"
#include "core/time.h"
#include "kb/articles.h"
#include "party/service.h"
#include "sales/orders.h"
#include "sales/quotes.h"
#include "service/sla.h"
#include "service/tickets.h"
#include "store/tx.h"
#include "workflow/engine.h"

namespace concord::app {

// The services the demo uses; all owned by the App. `ticket_deps` are the ticket service's
// (its clock is replaced by the demo's own).
struct ServiceDemoServices {
  const Clock& clock;
  const party::Parties& parties;
  const catalog::Products& products;
  const sales::Orders& orders;
  const sales::Quotes& quotes;
  const kb::Articles& articles;
  const service::SlaMonitor& monitor;
  const workflow::Workflows& workflows;
  service::TicketDeps ticket_deps;
};

struct ServiceDemoCounts {
  int categories = 0;
  int articles = 0;
  int tickets = 0;
  int orders = 0;     // the advance-payment order
  int workflows = 0;  // running workflow instances left for the demo users
};

// Loads the demo into company `company_id` after the CRM and order-to-cash demos (it files
// tickets on their customers and orders, found by name, and asks for approval of the quote
// whose discount waits for it). `users` maps the demo logins to ids, `departments` the demo
// department names ("Customer Service" must have bob as its manager). Any service's refusal
// fails the call (and the caller's transaction).
Result<ServiceDemoCounts> LoadServiceDemo(store::Tx& tx, const ServiceDemoServices& services,
                                          int64_t company_id,
                                          const std::map<std::string, int64_t>& users,
                                          const std::map<std::string, int64_t>& departments);

}  // namespace concord::app

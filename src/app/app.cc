#include "app/app.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>

#include "accounting/accounting.h"
#include "accounting/reports.h"
#include "accounting/schema.h"
#include "board/board_api.h"
#include "catalog/schema.h"
#include "sales/schema.h"
#include "crm/lead_service.h"
#include "crm/opportunity_service.h"
#include "crm/schema.h"
#include "invoicing/invoicing.h"
#include "invoicing/schema.h"
#include "inventory/schema.h"
#include "inventory/valuation.h"
#include "kb/schema.h"
#include "notify/schema.h"
#include "notify/schema.h"
#include "party/api_io.h"
#include "party/import_jobs.h"
#include "party/schema.h"
#include "security/schema.h"
#include "service/schema.h"
#include "store/platform_schema.h"
#include "core/decimal.h"
#include "sales/settings.h"
#include "workflow/schema.h"
#include "workflow/workflow.h"

namespace concord::app {
namespace {
// Requests that can wait for one SQLite group commit at once.
constexpr int kSqliteWriteWorkers = 8;
}  // namespace

store::MigrationSet AllMigrations() {
  store::MigrationSet set;
  set.Add(store::PlatformMigrations());
  set.Add(security::Migrations());
  set.Add(party::Migrations());
  set.Add(crm::Migrations());
  set.Add(accounting::Migrations());
  set.Add(invoicing::Migrations());
  set.Add(catalog::Migrations());
  set.Add(inventory::Migrations());
  set.Add(sales::Migrations());
  set.Add(notify::Migrations());
  set.Add(kb::Migrations());
  set.Add(service::Migrations());
  set.Add(workflow::Migrations());
  return set;
}

Result<std::unique_ptr<App>> App::Open(const Config& config, const Clock* clock) {
  std::unique_ptr<App> app(new App());
  app->config_ = config;
  app->clock_ = clock ? clock : &app->system_clock_;
  store::DatabaseOptions db;
  db.url = config.db;
  // SQLite reads are CPU-bound: readers beyond the number of cores only add context switches
  // (measured: 2 cores, 4 readers 20.6k reads/s, 2 readers 22-23k).
  db.readers = config.readers > 0
                   ? config.readers
                   : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  db.pool_size = config.pool_size;
  db.clock = app->clock_;
  if (config.sqlite_sync != "full" && config.sqlite_sync != "normal") {
    return InvalidArgument("config.sqlite_sync", "sqlite-sync is full or normal");
  }
  db.sqlite_synchronous_full = config.sqlite_sync == "full";
  auto url = store::ParseDbUrl(config.db);
  if (!url.ok()) return url.status();
  if (url->dialect == store::Dialect::kSqlite) {
    auto parent = std::filesystem::path(url->target).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  ASSIGN_OR_RETURN(app->db_, store::Database::Open(db, &app->metrics_));
  ASSIGN_OR_RETURN(auto migrated, store::Migrate(*app->db_, AllMigrations()));
  if (migrated.applied > 0) spdlog::info("applied {} migration(s)", migrated.applied);
  RETURN_IF_ERROR(app->Wire());
  RETURN_IF_ERROR(accounting::SetUpMissingCompanies(*app->db_, *app->clock_));
  RETURN_IF_ERROR(invoicing::SetUpMissingCompanies(*app->db_, *app->clock_));
  RETURN_IF_ERROR(catalog::SetUpMissingCompanies(*app->db_));
  RETURN_IF_ERROR(inventory::SetUpMissingStock(*app->db_, *app->clock_));
  RETURN_IF_ERROR(workflow::SetUpMissingCompanies(*app->db_, *app->workflows_));
  return app;
}

App::~App() {
  Stop();
  if (background_.joinable()) background_.join();
}

Status App::Wire() {
  security::RegisterSecurityPermissions(catalog_);
  entities_.Add("user", "security.user.read");
  entities_.Add("department", "security.department.read");
  entities_.Add("role", "security.role.read");
  entities_.Add("company", "security.company.read");
  entities_.Add("api_token", "security.api-token.read");
  party::RegisterPermissions(catalog_);
  party::RegisterEntities(entities_);
  crm::RegisterPermissions(catalog_);
  crm::RegisterEntities(entities_);
  crm::RegisterPartyHooks(party_registry_);
  accounting::RegisterPermissions(catalog_);
  accounting::RegisterEntities(entities_);
  invoicing::RegisterPermissions(catalog_);
  invoicing::RegisterEntities(entities_);
  catalog::RegisterPermissions(catalog_);
  catalog::RegisterEntities(entities_);
  sales::RegisterPermissions(catalog_);
  sales::RegisterEntities(entities_);
  sales::RegisterPartySections(party_registry_);
  inventory::RegisterPermissions(catalog_);
  inventory::RegisterEntities(entities_);
  notify::RegisterPermissions(catalog_);
  notify::RegisterEntities(entities_);
  kb::RegisterPermissions(catalog_);
  kb::RegisterEntities(entities_);
  service::RegisterPermissions(catalog_);
  service::RegisterEntities(entities_);
  workflow::RegisterPermissions(catalog_);
  workflow::RegisterEntities(entities_);
  service::RegisterPartyHooks(party_registry_);

  security::AuthOptions auth;
  auth.idle_timeout = std::chrono::minutes(config_.session_idle_minutes);
  auth.absolute_timeout = std::chrono::minutes(config_.session_absolute_minutes);
  auth.secure_cookie = config_.secure_cookie;
  auth_ = std::make_unique<security::AuthService>(*db_, *clock_, catalog_, auth);
  directory_ = std::make_unique<security::Directory>(*auth_, *clock_);
  roles_ = std::make_unique<security::Roles>(catalog_, *clock_);
  companies_ = std::make_unique<security::Companies>(*roles_, *clock_);
  companies_->AddInitializer(crm::SeedDefaultStages);
  companies_->AddInitializer([this](store::Tx& tx, int64_t company_id) {
    return accounting::SetUpCompany(tx, company_id, *clock_);
  });
  companies_->AddInitializer([this](store::Tx& tx, int64_t company_id) {
    return invoicing::SetUpCompany(tx, company_id, *clock_);
  });
  companies_->AddInitializer(catalog::SetUpCompany);
  companies_->AddInitializer([this](store::Tx& tx, int64_t company_id) {
    return workflow::SetUpCompany(tx, company_id, *workflows_);
  });
  companies_->AddInitializer([this](store::Tx& tx, int64_t company_id) {
    return inventory::SetUpCompany(tx, company_id, *clock_);
  });
  journal_ = std::make_unique<security::Journal>(entities_);
  services_ = std::make_unique<security::Services>(
      security::Services{*db_, catalog_, *auth_, *directory_, *roles_, *companies_, *journal_});

  api_ = std::make_unique<http::Api>(*db_, *auth_, metrics_,
                                     http::ApiOptions{"concord API", CONCORD_VERSION});
  security::RegisterSchemas(*api_);
  security::RegisterAuthRoutes(*api_, *services_);
  security::RegisterAdminRoutes(*api_, *services_);
  security::RegisterJournalRoutes(*api_, *services_);
  parties_ = std::make_unique<party::Parties>(*clock_, party_registry_);
  lifecycle_ = std::make_unique<party::Lifecycle>(*clock_);
  party_services_ = std::make_unique<party::ApiServices>(
      party::ApiServices{*db_, *clock_, *parties_, *lifecycle_});
  party::RegisterSchemas(*api_);
  party::RegisterRoutes(*api_, *party_services_);
  crm_services_ = std::make_unique<crm::Services>(crm::Services{*db_, *clock_, *parties_});
  crm::RegisterRoutes(*api_, *crm_services_);
  ledger_ = std::make_unique<accounting::Ledger>(*clock_);
  accounting_services_ = std::make_unique<accounting::Services>(
      accounting::Services{*db_, *clock_, *ledger_, accounting::Fiscal(*clock_, *ledger_),
                           accounting::Entries(*clock_, *ledger_)});
  accounting::RegisterRoutes(*api_, *accounting_services_);
  accounting::RegisterReportRoutes(*api_);
  invoices_ = std::make_unique<invoicing::Invoices>(*clock_, *ledger_, *parties_);
  invoicing::RegisterRoutes(*api_,
                            invoicing::Services{*clock_, *ledger_, *parties_, *invoices_});
  products_ = std::make_unique<catalog::Products>(*clock_);
  pricing_ = std::make_unique<catalog::Pricing>(*clock_, *products_);
  catalog_services_ =
      std::make_unique<catalog::Services>(catalog::Services{*clock_, *products_, *pricing_});
  catalog::RegisterRoutes(*api_, *catalog_services_);
  stock_ = std::make_unique<inventory::Stock>(*clock_, *ledger_, *products_);
  // A "cost" price rule prices from the inventory's current unit cost (FIFO: the last
  // receipt's; average: the pool's; standard: the standard cost), not the catalog's field.
  inventory::Valuation valuation(*clock_, *ledger_);
  pricing_->SetCostSource(
      [valuation](store::Tx& tx, const catalog::ProductInfo& product) -> Result<UnitPrice> {
        ASSIGN_OR_RETURN(int64_t cost, valuation.CurrentCost(tx, product));
        return UnitPrice::FromScaled(cost);
      });
  inventory::RegisterProductUsage(*products_);
  inventory_services_ =
      std::make_unique<inventory::Services>(inventory::Services{*db_, *clock_, *stock_});
  inventory::RegisterRoutes(*api_, *inventory_services_);
  ASSIGN_OR_RETURN(mail_transport_, notify::MakeTransport(config_.mail));
  notifier_ = std::make_unique<notify::Notifier>(*clock_, mail_transport_ != nullptr);
  notify::RegisterRoutes(*api_, *notifier_);
  if (mail_transport_) {
    mail_sender_ = std::make_unique<notify::MailSender>(*db_, *mail_transport_, config_.mail_from);
    mail_runner_ = std::make_unique<Periodic>(
        std::chrono::seconds(BackgroundInterval(config_.mail_interval_seconds, 5)),
        [this] { notify::RunMailOnce(*mail_sender_, *clock_); });
  }
  WireSales();
  kb_articles_ = std::make_unique<kb::Articles>(*clock_);
  kb_answers_ = std::make_unique<kb::Answers>(*clock_);
  kb::RegisterRoutes(*api_, kb::Services{*clock_, *kb_articles_, *kb_answers_});
  WireService();
  WireWorkflows();
  WireBoards();
  search_ = std::make_unique<search::Search>(*parties_, *products_);
  search::RegisterRoutes(*api_, *search_);
  party::LeadCreateFn create_lead = [this](store::Tx& tx, const security::Access& who,
                                           const nlohmann::json& body) {
    crm::Opportunities opportunities(*clock_, *parties_);
    return crm::Leads(*clock_, *parties_, opportunities).Create(tx, who, body);
  };
  party::RegisterImportExportRoutes(*api_, *party_services_, create_lead);
  import_jobs_ = std::make_unique<party::BackgroundImports>(*db_, *clock_);
  party::RegisterImportJobRoutes(*api_, *party_services_, *import_jobs_, create_lead);
  ASSIGN_OR_RETURN(assets_, http::LoadStaticAssets(config_.web_dir));
  AddPlatformRoutes();
  return Status::Ok();
}

// Sales calls pricing, inventory and invoicing; inventory and invoicing tell sales what was
// delivered and invoiced through their listeners.
void App::WireSales() {
  opportunities_ = std::make_unique<crm::Opportunities>(*clock_, *parties_);
  orders_ = std::make_unique<sales::Orders>(sales::OrderDeps{
      *clock_, *products_, *pricing_, *stock_, *invoices_, *parties_, *lifecycle_});
  quotes_ = std::make_unique<sales::Quotes>(
      sales::QuoteDeps{*clock_, *products_, *pricing_, *orders_, *parties_, *opportunities_});
  const sales::Orders* orders = orders_.get();
  stock_->AddDoneListener([orders](store::Tx& tx, const inventory::DoneMove& move) {
    return orders->OnDoneMove(tx, move);
  });
  stock_->AddValidateGuard([orders](store::Tx& tx, int64_t company_id,
                                    const std::string& origin_type, int64_t origin_id) {
    return orders->CheckDeliveryAllowed(tx, company_id, origin_type, origin_id);
  });
  invoices_->AddPostedListener([orders](store::Tx& tx, const invoicing::PostedInvoice& inv) {
    return orders->OnInvoicePosted(tx, inv);
  });
  sales_services_ = std::make_unique<sales::Services>(sales::Services{*clock_, *orders_, *quotes_});
  sales::RegisterRoutes(*api_, *sales_services_);
}

// The service desk links tickets to orders, invoices, deliveries and products through those
// areas' services; its SLA job escalates to department managers through the directory.
void App::WireService() {
  tickets_ = std::make_unique<service::Tickets>(service::TicketDeps{
      *clock_, *parties_, *orders_, *invoices_, *stock_, *products_, *kb_answers_, *notifier_});
  sla_monitor_ = std::make_unique<service::SlaMonitor>(*db_, *directory_, *notifier_);
  service_services_ = std::make_unique<service::Services>(
      service::Services{*clock_, *tickets_, *sla_monitor_});
  service::RegisterRoutes(*api_, *service_services_);
  sla_runner_ = std::make_unique<Periodic>(
      std::chrono::seconds(BackgroundInterval(config_.sla_interval_seconds, 60)),
      [this] { service::RunSlaOnce(*sla_monitor_, *clock_); });
}

// Workflows bind sales orders, quotes and tickets through those areas' services, and their
// effects call the same services; inventory asks the delivery guard, sales the quote-send
// guard and the approval; confirming an order that needs an advance starts its workflow.
void App::WireWorkflows() {
  workflows_ = std::make_unique<workflow::Workflows>(*clock_, *directory_, *roles_);
  workflow::Workflows* wf = workflows_.get();
  wf->SetNotifier(notifier_.get());
  const sales::Orders* orders = orders_.get();
  const sales::Quotes* quotes = quotes_.get();
  const service::Tickets* tickets = tickets_.get();
  wf->RegisterDocument(
      "sales_order",
      [orders](store::Tx& tx, const security::Access& who, int64_t id) {
        return orders->Get(tx, who, id);
      },
      "sales.order.read");
  wf->RegisterDocument(
      "quote",
      [quotes](store::Tx& tx, const security::Access& who,
               int64_t id) -> Result<nlohmann::json> {
        ASSIGN_OR_RETURN(nlohmann::json q, quotes->Get(tx, who, id));
        ASSIGN_OR_RETURN(auto settings, sales::LoadSettings(tx, who.company_id()));
        q["discount_threshold_percent"] = FormatScaledTrimmed(settings.discount_approval, 4);
        return q;
      },
      "sales.quote.read");
  wf->RegisterDocument(
      "ticket",
      [tickets](store::Tx& tx, const security::Access& who, int64_t id) {
        return tickets->Get(tx, who, id);
      },
      "service.ticket.read");
  wf->RegisterEffect("sales.advance_paid",
                     [orders](store::Tx& tx, const security::Access& who, int64_t id) {
                       return orders->CheckDeliveryAllowed(tx, who.company_id(), "sales_order",
                                                           id);
                     });
  wf->RegisterEffect("sales.quote_approved",
                     [quotes](store::Tx& tx, const security::Access& who, int64_t id) {
                       return quotes->MarkApproved(tx, who, id);
                     });
  wf->RegisterEffect("sales.confirm_with_override",
                     [orders](store::Tx& tx, const security::Access& who, int64_t id) {
                       return orders->Confirm(tx, who, id, {{"override_credit", true}}, nullptr)
                           .status();
                     });
  orders_->SetConfirmHook(
      [wf](store::Tx& tx, const security::Access& who, const nlohmann::json& order) -> Status {
        if (!order.value("advance_required", false)) return Status::Ok();
        return wf->StartFor(tx, who, "advance_payment", "sales_order", order["id"].get<int64_t>())
            .status();
      });
  stock_->AddValidateGuard([wf](store::Tx& tx, int64_t company_id,
                                const std::string& origin_type, int64_t origin_id) {
    return wf->Guard(tx, company_id, origin_type, origin_id, "delivery.validate");
  });
  sales::QuoteApproval approval;
  approval.request = [wf](store::Tx& tx, const security::Access& who, int64_t id) {
    return wf->StartFor(tx, who, "discount_approval", "quote", id).status();
  };
  approval.approve = [wf](store::Tx& tx, const security::Access& who, int64_t id) -> Status {
    ASSIGN_OR_RETURN(auto running, wf->Running(tx, who.company_id(), "quote", id,
                                               "discount_approval"));
    if (!running) {
      RETURN_IF_ERROR(wf->StartFor(tx, who, "discount_approval", "quote", id).status());
      ASSIGN_OR_RETURN(running, wf->Running(tx, who.company_id(), "quote", id,
                                            "discount_approval"));
      if (!running) return Status::Ok();  // every step skipped: completed at once
    }
    return wf->DecideFor(tx, who, "discount_approval", "quote", id, true, "").status();
  };
  approval.reset = [wf](store::Tx& tx, const security::Access& who, int64_t id) {
    return wf->CancelFor(tx, who, "discount_approval", "quote", id, "the lines changed").status();
  };
  approval.guard_send = [wf](store::Tx& tx, const security::Access& who, int64_t id) {
    return wf->Guard(tx, who.company_id(), "quote", id, "quote.send");
  };
  quotes_->SetApproval(std::move(approval));
  // A ticket the SLA job escalates enters the complaint escalation workflow (once: not while
  // one is already running for it).
  sla_monitor_->AddEscalationListener([wf](store::Tx& tx, int64_t company, int64_t ticket) {
    ASSIGN_OR_RETURN(auto running, wf->Running(tx, company, "ticket", ticket, "complaint_escalation"));
    if (running) return Status::Ok();
    security::Access system(0, "system", company, 0,
                            {{"service.ticket.read", security::Scope::kCompany}});
    return wf->StartFor(tx, system, "complaint_escalation", "ticket", ticket).status();
  });
  workflow_monitor_ = std::make_unique<workflow::WorkflowMonitor>(*db_, *workflows_);
  workflow_runner_ = std::make_unique<Periodic>(
      std::chrono::seconds(BackgroundInterval(config_.workflow_interval_seconds, 60)),
      [this] { workflow::RunDeadlinesOnce(*workflow_monitor_, *clock_); });
  workflow_services_ =
      std::make_unique<workflow::Services>(workflow::Services{*clock_, *workflows_});
  workflow::RegisterRoutes(*api_, *workflow_services_);
}

int App::BackgroundInterval(int configured, int default_seconds) const {
  if (configured >= 0) return configured;
  return clock_ == &system_clock_ ? default_seconds : 0;
}

// Kanban boards read and move the areas' documents through their services; every event
// stream (boards, /events/stream) takes its events from one outbox reader, the EventHub.
void App::WireBoards() {
  event_hub_ = std::make_unique<security::EventHub>(*db_);
  journal_->UseHub(event_hub_.get());
  boards_ =
      std::make_unique<board::Boards>(board::BoardDeps{*opportunities_, *orders_, *tickets_});
  board::RegisterSchemas(*api_);
  board::RegisterRoutes(*api_, board::Services{*db_, *auth_, *boards_, event_hub_.get()});
}

void App::AddPlatformRoutes() {
  using http::AuthKind;
  using http::Response;
  using http::TxKind;
  api_->Add({"GET",
             "/healthz",
             AuthKind::kPublic,
             "",
             TxKind::kRead,
             {"Liveness and database check",
              "platform",
              nullptr,
              {{"type", "object"}, {"properties", {{"status", {{"type", "string"}}}}}}},
             [](http::Ctx& c) -> Result<Response> {
               ASSIGN_OR_RETURN(auto row, c.tx().One("SELECT 1"));
               return Response::Json(
                   200, {{"status", row ? "ok" : "degraded"}, {"version", CONCORD_VERSION}});
             }});
  api_->Add(
      {"GET",
       "/metrics",
       AuthKind::kPublic,
       "",
       TxKind::kNone,
       {"Prometheus metrics", "platform", nullptr, {{"type", "string"}}, 200, {}, "text/plain"},
       [this](http::Ctx&) -> Result<Response> {
         Response r;
         r.content_type = "text/plain; version=0.0.4";
         r.body = metrics_.Render();
         r.body +=
             "# HELP concord_access_denied_total Denied accesses.\n"
             "# TYPE concord_access_denied_total counter\n"
             "concord_access_denied_total " +
             std::to_string(security::DeniedCount()) + "\n";
         return r;
       }});
  api_->Add(
      {"GET",
       "/api/v1/openapi.json",
       AuthKind::kPublic,
       "",
       TxKind::kNone,
       {"This OpenAPI document", "platform", nullptr, {{"type", "object"}}},
       [this](http::Ctx&) -> Result<Response> { return Response::Json(200, api_->OpenApi()); }});
  // The web UI; registered last so that every API route wins over the catch-all.
  api_->Add({"GET",
             "/{*path}",
             AuthKind::kPublic,
             "",
             TxKind::kNone,
             {"The web application (static files)",
              "platform",
              nullptr,
              {{"type", "string"}},
              200,
              {},
              "text/html"},
             [this](http::Ctx& c) -> Result<Response> { return assets_->Serve(c.req()); }});
}

Status App::Start() {
  ASSIGN_OR_RETURN(auto listen, ParseListen(config_.listen));
  http::ServerOptions opts;
  opts.host = listen.first;
  opts.port = listen.second;
  opts.io_threads = std::max(1, config_.io_threads);
  opts.worker_threads = config_.workers > 0 ? config_.workers : db_->Concurrency();
  // SQLite: writers queue for one group commit (store/group_commit.h); PostgreSQL's pool
  // serves both.
  if (db_->dialect() == store::Dialect::kSqlite) opts.write_worker_threads = kSqliteWriteWorkers;
  opts.body_limit = config_.body_limit;
  opts.max_connections = config_.max_connections;
  opts.request_timeout = std::chrono::milliseconds(config_.request_timeout_ms);
  if (config_.access_log == "stderr") {
    access_log_ = spdlog::stderr_color_mt("access");
  } else if (config_.access_log != "off") {
    access_log_ = spdlog::basic_logger_mt("access", config_.access_log);
  }
  auto log = access_log_;
  server_ = std::make_unique<http::Server>(
      opts, [this](http::Request& req) { return api_->Handle(req); },
      [log](const http::Request& req, const http::Response& res, int64_t micros) {
        if (log) {
          log->info("{} {} \"{} {}\" {} {} {}us", req.request_id, req.remote_ip, req.method,
                    req.path, res.status, res.body.size(), micros);
        }
      });
  http::Server* server = server_.get();
  api_->SetOnEvents([server] { server->NotifyEvents(); });
  // Commits wake the event hub, which reads the new outbox rows once and then wakes the
  // streams (and reads every second for commits of other processes).
  security::EventHub* hub = event_hub_.get();
  RETURN_IF_ERROR(hub->Start([server] { server->NotifyEvents(); }, std::chrono::seconds(1)));
  api_->SetOnEvents([hub] { hub->Wake(); });
  sla_runner_->Start();
  workflow_runner_->Start();
  if (mail_runner_) mail_runner_->Start();
  // Imports a previous server left unfinished never committed: say so before serving (only
  // when serving, so that a command-line run beside a live server leaves its jobs alone).
  ASSIGN_OR_RETURN(int64_t interrupted, party::BackgroundImports::FailInterrupted(*db_, *clock_));
  if (interrupted > 0) spdlog::warn("{} import job(s) interrupted by a restart", interrupted);
  import_jobs_->Start();
  return server_->Start();
}

void App::Run() { server_->Run(); }

Status App::StartInBackground() {
  RETURN_IF_ERROR(Start());
  background_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void App::Stop() {
  if (event_hub_) event_hub_->Stop();
  if (sla_runner_) sla_runner_->Stop();
  if (workflow_runner_) workflow_runner_->Stop();
  if (mail_runner_) mail_runner_->Stop();
  if (import_jobs_) import_jobs_->Stop();
  if (server_) server_->Stop();
  if (background_.joinable() && std::this_thread::get_id() != background_.get_id())
    background_.join();
  if (access_log_) {
    access_log_->flush();
    spdlog::drop("access");
    access_log_.reset();
  }
}

}  // namespace concord::app

// The composition root: the only place that knows every area. It opens the database, applies
// migrations, wires services and routes, and runs the HTTP server.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "accounting/accounting.h"
#include "board/board.h"
#include "app/config.h"
#include "catalog/catalog.h"
#include "sales/sales.h"
#include "core/metrics.h"
#include "core/time.h"
#include "crm/crm.h"
#include "http/api.h"
#include "http/server.h"
#include "http/static_assets.h"
#include "inventory/inventory.h"
#include "invoicing/invoicing.h"
#include "kb/kb.h"
#include "notify/notify.h"
#include "core/periodic.h"
#include "party/api.h"
#include "party/import_jobs.h"
#include "search/search.h"
#include "security/api.h"
#include "service/service.h"
#include "workflow/workflow.h"
#include "store/database.h"
#include "store/migrate.h"

namespace concord::app {

// Every area's migrations, in one set.
store::MigrationSet AllMigrations();

class App {
 public:
  // Opens the database and migrates it to the latest schema. `clock` (optional, not owned)
  // replaces the system clock in tests.
  static Result<std::unique_ptr<App>> Open(const Config& config, const Clock* clock = nullptr);
  ~App();

  // Creates the first company and the admin user if there are no users yet, with the password
  // from CONCORD_ADMIN_PASSWORD or a generated one (returned: it is never stored in clear and
  // cannot be shown again).
  struct AdminBootstrap {
    bool created = false;
    std::optional<std::string> generated_password;
  };
  Result<AdminBootstrap> EnsureAdmin();
  // Loads the demo data of every area (idempotent); returns a description for the console.
  Result<std::string> LoadDemo();

  // Binds the listener (port() is valid afterwards).
  Status Start();
  // Runs the server until Stop() (or a signal handled by the caller).
  void Run();
  // Start() + Run() on a background thread (tests).
  Status StartInBackground();
  void Stop();
  uint16_t port() const { return server_ ? server_->port() : 0; }

  store::Database& db() { return *db_; }
  http::Api& api() { return *api_; }
  const Config& config() const { return config_; }
  metrics::Registry& metrics() { return metrics_; }
  security::Services& security() { return *services_; }
  // The invoicing service other areas invoice through (listeners are added while wiring).
  invoicing::Invoices& invoices() { return *invoices_; }
  // The stock service other areas deliver through (done listeners are added while wiring).
  inventory::Stock& stock() { return *stock_; }
  // The knowledge base's answers (the service desk suggests articles for new tickets).
  const kb::Answers& kb_answers() const { return *kb_answers_; }
  // The service desk's SLA job (tests drive it directly with their clock).
  service::SlaMonitor& sla_monitor() { return *sla_monitor_; }
  // Sends queued e-mails (tests drive it directly; nullptr when mail is off).
  notify::MailSender* mail_sender() { return mail_sender_.get(); }
  const notify::Notifier& notifier() const { return *notifier_; }

 private:
  App() = default;
  Status Wire();
  void AddPlatformRoutes();
  // A background job's period in seconds: the configured one (0: off), or when not
  // configured (-1) `default_seconds` with the system clock and off with an injected clock.
  int BackgroundInterval(int configured, int default_seconds) const;
  void WireSales();
  void WireService();
  void WireBoards();
  void WireWorkflows();

  Config config_;
  SystemClock system_clock_;
  const Clock* clock_ = nullptr;
  metrics::Registry metrics_;
  std::unique_ptr<store::Database> db_;
  security::PermissionCatalog catalog_;
  security::EntityRegistry entities_;
  std::unique_ptr<security::AuthService> auth_;
  std::unique_ptr<security::Directory> directory_;
  std::unique_ptr<security::Roles> roles_;
  std::unique_ptr<security::Companies> companies_;
  std::unique_ptr<security::Journal> journal_;
  std::unique_ptr<security::Services> services_;
  party::PartyRegistry party_registry_;
  std::unique_ptr<party::Parties> parties_;
  std::unique_ptr<party::Lifecycle> lifecycle_;
  std::unique_ptr<party::ApiServices> party_services_;
  std::unique_ptr<crm::Services> crm_services_;
  std::unique_ptr<accounting::Ledger> ledger_;
  std::unique_ptr<accounting::Services> accounting_services_;
  std::unique_ptr<invoicing::Invoices> invoices_;
  std::unique_ptr<catalog::Products> products_;
  std::unique_ptr<catalog::Pricing> pricing_;
  std::unique_ptr<catalog::Services> catalog_services_;
  std::unique_ptr<crm::Opportunities> opportunities_;
  std::unique_ptr<sales::Orders> orders_;
  std::unique_ptr<sales::Quotes> quotes_;
  std::unique_ptr<sales::Services> sales_services_;
  std::unique_ptr<inventory::Stock> stock_;
  std::unique_ptr<inventory::Services> inventory_services_;
  std::unique_ptr<kb::Articles> kb_articles_;
  std::unique_ptr<kb::Answers> kb_answers_;
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<http::StaticAssets> assets_;
  std::unique_ptr<http::Server> server_;
  std::thread background_;
  std::shared_ptr<spdlog::logger> access_log_;
  std::unique_ptr<service::Tickets> tickets_;
  std::unique_ptr<service::SlaMonitor> sla_monitor_;
  std::unique_ptr<service::Services> service_services_;
  std::unique_ptr<board::Boards> boards_;
  std::unique_ptr<security::EventHub> event_hub_;  // after db_: stopped before it closes
  std::unique_ptr<notify::Notifier> notifier_;
  std::unique_ptr<notify::Transport> mail_transport_;
  std::unique_ptr<notify::MailSender> mail_sender_;
  std::unique_ptr<Periodic> mail_runner_;  // after its sender: stopped first
  std::unique_ptr<Periodic> sla_runner_;  // declared last: stopped first
  std::unique_ptr<workflow::Workflows> workflows_;
  std::unique_ptr<workflow::WorkflowMonitor> workflow_monitor_;
  std::unique_ptr<workflow::Services> workflow_services_;
  std::unique_ptr<Periodic> workflow_runner_;  // after its monitor: stopped first
  std::unique_ptr<search::Search> search_;
  std::unique_ptr<party::BackgroundImports> import_jobs_;  // declared last: stopped first
};

}  // namespace concord::app

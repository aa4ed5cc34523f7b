// The composition root: the only place that knows every area. It opens the database, applies
// migrations, wires services and routes, and runs the HTTP server.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "accounting/accounting.h"
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
#include "party/api.h"
#include "security/api.h"
#include "service/service.h"
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

 private:
  App() = default;
  Status Wire();
  void AddPlatformRoutes();
  void WireSales();
  void WireService();

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
  std::unique_ptr<service::SlaRunner> sla_runner_;  // declared last: stopped first
};

}  // namespace concord::app

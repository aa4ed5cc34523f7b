// First start (company + administrator) and demo data.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "app/app.h"
#include "app/demo_accounting.h"
#include "app/demo_crm.h"
#include "app/demo_sales.h"
#include "app/demo_service.h"
#include "security/crypto.h"

namespace concord::app {
namespace {

constexpr const char* kDemoPassword = "concord-demo-2026";

using security::Scope;

using Grants = std::vector<std::pair<std::string, Scope>>;

// The customer master and CRM records a seller works with, at the given record scope.
Grants SalesGrants(Scope scope) {
  Grants g;
  for (const char* resource : {"party.party", "crm.lead", "crm.opportunity", "crm.activity"}) {
    for (const char* action : {"read", "create", "update", "export"}) {
      g.emplace_back(std::string(resource) + "." + action, scope);
    }
  }
  for (const char* p : {"crm.stage.read", "crm.campaign.read", "crm.segment.read"}) {
    g.emplace_back(p, Scope::kCompany);
  }
  return g;
}

Grants Plus(Grants g, const Grants& more) {
  g.insert(g.end(), more.begin(), more.end());
  return g;
}

// Selling: the catalog and its prices (read), stock to promise from, quotes and orders at the
// given record scope, and the sales report (it counts only the orders the user may read).
Grants OrderToCashGrants(Scope scope) {
  Grants g = {{"catalog.product.read", Scope::kCompany},
              {"catalog.price.read", Scope::kCompany},
              {"inventory.warehouse.read", Scope::kCompany},
              {"invoicing.term.read", Scope::kCompany},
              {"sales.report.read", Scope::kCompany}};
  for (const char* resource : {"sales.quote", "sales.order"}) {
    for (const char* action : {"read", "create", "update"}) {
      g.emplace_back(std::string(resource) + "." + action, scope);
    }
  }
  return g;
}

// Every action of `resource` in `actions`, company-wide.
Grants Company(const std::string& resource, std::initializer_list<const char*> actions) {
  Grants g;
  for (const char* a : actions) g.emplace_back(resource + "." + a, Scope::kCompany);
  return g;
}

Grants AccountantGrants() {
  Grants g = {{"security.user.read", Scope::kCompany},
              {"security.department.read", Scope::kCompany},
              {"party.party.read", Scope::kCompany},
              {"party.party.update", Scope::kCompany},
              {"accounting.account.read", Scope::kCompany},
              {"accounting.account.create", Scope::kCompany},
              {"accounting.account.update", Scope::kCompany},
              {"accounting.journal.read", Scope::kCompany},
              {"accounting.entry.read", Scope::kCompany},
              {"accounting.entry.create", Scope::kCompany},
              {"accounting.entry.approve", Scope::kCompany},
              {"accounting.entry.export", Scope::kCompany},
              {"accounting.period.read", Scope::kCompany},
              {"accounting.period.create", Scope::kCompany},
              {"accounting.period.close", Scope::kCompany},
              {"accounting.report.read", Scope::kCompany},
              // Finance confirms advance payments and approves large discounts (workflows).
              {"workflow.instance.read", Scope::kCompany},
              {"accounting.tax.read", Scope::kCompany},
              {"accounting.tax.create", Scope::kCompany},
              {"accounting.tax.update", Scope::kCompany},
              {"accounting.budget.read", Scope::kCompany},
              {"accounting.budget.create", Scope::kCompany},
              {"accounting.budget.update", Scope::kCompany},
              // Billing: invoicing a sales order is a verb of the order (sales.order.update);
              // what the orders earned; what the stock is worth.
              {"sales.order.read", Scope::kCompany},
              {"sales.order.update", Scope::kCompany},
              {"sales.report.read", Scope::kCompany},
              {"catalog.product.read", Scope::kCompany},
              {"inventory.valuation.read", Scope::kCompany}};
  g = Plus(g, Company("invoicing.invoice", {"read", "create", "update", "approve"}));
  g = Plus(g, Company("invoicing.payment", {"read", "create", "approve"}));
  return Plus(g, Company("invoicing.term", {"read", "create", "update"}));
}

Grants WarehouseGrants() {
  Grants g = {{"security.department.read", Scope::kCompany},
              {"party.party.read", Scope::kCompany},
              {"catalog.product.read", Scope::kCompany},
              {"inventory.warehouse.read", Scope::kCompany},
              // The warehouse releases goods held by the advance-payment workflow.
              {"workflow.instance.read", Scope::kCompany}};
  g = Plus(g, Company("inventory.transfer", {"read", "create", "update", "approve"}));
  return Plus(g, Company("inventory.count", {"read", "create", "approve"}));
}

// Demo roles: what a small trading company starts with.
std::vector<std::pair<std::string, Grants>> DemoRoles() {
  return {
      {"Sales Rep", Plus(Plus(SalesGrants(Scope::kOwn), OrderToCashGrants(Scope::kOwn)),
                         {{"security.user.read", Scope::kOwn},
                          {"security.user.update", Scope::kOwn},
                          // Sellers open tickets for their customers and follow them.
                          {"service.ticket.read", Scope::kCompany},
                          {"service.ticket.create", Scope::kCompany},
                          {"service.category.read", Scope::kCompany},
                          {"kb.article.read", Scope::kCompany},
                          {"security.department.read", Scope::kCompany}})},
      {"Sales Manager",
       Plus(Plus(SalesGrants(Scope::kDepartment), OrderToCashGrants(Scope::kDepartment)),
            {{"security.user.read", Scope::kDepartment},
             {"security.department.read", Scope::kCompany},
             {"service.ticket.read", Scope::kCompany},
             {"service.ticket.create", Scope::kCompany},
             {"service.category.read", Scope::kCompany},
             {"service.report.read", Scope::kCompany},
             {"kb.article.read", Scope::kCompany},
             {"kb.article.create", Scope::kCompany},
             {"kb.article.update", Scope::kCompany},
             {"security.audit.read", Scope::kCompany},
             {"security.event.read", Scope::kCompany},
             {"party.merge.create", Scope::kDepartment},
             {"crm.campaign.create", Scope::kCompany},
             {"crm.campaign.update", Scope::kCompany},
             {"crm.segment.create", Scope::kCompany},
             {"crm.segment.update", Scope::kCompany},
             {"crm.settings.read", Scope::kCompany},
             {"party.settings.read", Scope::kCompany},
             {"sales.quote.approve", Scope::kDepartment},
             {"sales.credit.approve", Scope::kDepartment},
             {"sales.settings.read", Scope::kCompany},
             {"catalog.price.create", Scope::kCompany},
             {"catalog.price.update", Scope::kCompany}})},
      {"Accountant", AccountantGrants()},
      {"Warehouse Clerk", WarehouseGrants()},
      // The service desk: tickets of the own department (escalations reach its manager).
      {"Service Agent",
       Plus(Company("service.ticket", {"create"}),
            {{"service.ticket.read", Scope::kDepartment},
             {"service.ticket.update", Scope::kDepartment},
             {"service.category.read", Scope::kCompany},
             {"service.calendar.read", Scope::kCompany},
             {"service.report.read", Scope::kDepartment},
             // The agents write the knowledge base that answers customers' questions.
             {"kb.article.read", Scope::kCompany},
             {"kb.article.create", Scope::kCompany},
             {"kb.article.update", Scope::kCompany},
             {"party.party.read", Scope::kCompany},
             {"security.user.read", Scope::kDepartment},
             {"security.department.read", Scope::kCompany}})},
      // Runs the service desk: every ticket, categories, business calendars (the complaint
      // escalation workflow escalates to service.calendar.update), the SLA report. Customers
      // are read through the holder's other role (bob: his department's).
      {"Service Manager", Plus(Plus(Company("service.ticket", {"read", "create", "update"}),
                                    Company("service.category", {"read", "update"})),
                               Plus(Company("service.calendar", {"read", "update"}),
                                    Plus(Company("kb.article", {"read", "create", "update"}),
                                         {{"service.report.read", Scope::kCompany},
                                          {"workflow.instance.read", Scope::kCompany},
                                          {"security.department.read", Scope::kCompany}})))},
  };
}

}  // namespace

Result<App::AdminBootstrap> App::EnsureAdmin() {
  AdminBootstrap out;
  Status st = db_->Write([&](store::Tx& tx) -> Status {
    out = AdminBootstrap();
    ASSIGN_OR_RETURN(bool any, directory_->HasUsers(tx));
    if (any) return Status::Ok();
    const char* env = std::getenv("CONCORD_ADMIN_PASSWORD");
    std::string password = env && *env ? env : security::RandomToken(12);
    out.created = true;
    if (!env || !*env) out.generated_password = password;
    ASSIGN_OR_RETURN(auto ids, companies_->CreateSystem(tx, "My Company", "CNY", "Asia/Shanghai"));
    ASSIGN_OR_RETURN(int64_t admin,
                     directory_->CreateUserSystem(tx, ids.first, "admin", "Administrator", password,
                                                  {ids.second}));
    spdlog::info("created company {} and administrator user {} (admin)", ids.first, admin);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::string> App::LoadDemo() {
  std::string summary;
  Status st = db_->Write([&](store::Tx& tx) -> Status {
    summary.clear();
    ASSIGN_OR_RETURN(auto company, companies_->FirstCompanyId(tx));
    if (!company) {
      return FailedPrecondition("demo.no_company", "Start the server once (or run migrate) first.");
    }
    int64_t cid = *company;
    ASSIGN_OR_RETURN(auto loaded, directory_->FindDepartmentId(tx, cid, "Sales"));
    if (loaded) {
      summary = "demo data already loaded";
      return Status::Ok();
    }
    tx.set_actor({0, cid, "demo"});
    std::map<std::string, int64_t> dept;
    for (const char* name : {"Sales", "Warehouse", "Accounting", "Production"}) {
      ASSIGN_OR_RETURN(dept[name], directory_->CreateDepartmentSystem(tx, cid, name));
    }
    std::map<std::string, int64_t> role;
    for (const auto& [name, grants] : DemoRoles()) {
      ASSIGN_OR_RETURN(role[name], roles_->CreateSystem(tx, cid, name, false, grants));
    }
    struct DemoUser {
      const char* login;
      const char* name;
      const char* dept;
      std::vector<std::string> roles;
    };
    // Bob manages sales and, in this small company, the service desk too.
    const DemoUser users[] = {
        {"alice", "Alice Chen 陈爱丽", "Sales", {"Sales Rep"}},
        {"bob", "Bob Wang 王博", "Sales", {"Sales Manager", "Service Manager"}},
        {"carol", "Carol Li 李卡罗", "Accounting", {"Accountant"}},
        {"dave", "Dave Zhang 张大卫", "Warehouse", {"Warehouse Clerk"}}};
    std::map<std::string, int64_t> user_ids;
    for (const auto& u : users) {
      std::vector<int64_t> role_ids;
      for (const auto& r : u.roles) role_ids.push_back(role.at(r));
      ASSIGN_OR_RETURN(user_ids[u.login],
                       directory_->CreateUserSystem(tx, cid, u.login, u.name, kDemoPassword,
                                                    role_ids, dept[u.dept]));
    }
    // The service desk's department, managed by bob: SLA escalations and the complaint
    // escalation workflow go to its manager.
    security::Access admin(0, "demo", cid, 0,
                           {{"security.department.create", Scope::kCompany},
                            {"security.department.read", Scope::kCompany}});
    ASSIGN_OR_RETURN(
        nlohmann::json service_dept,
        directory_->CreateDepartment(
            tx, admin, {{"name", "Customer Service"}, {"manager_user_id", user_ids.at("bob")}}));
    dept["Customer Service"] = service_dept["id"].get<int64_t>();
    RETURN_IF_ERROR(LoadCrmDemo(tx, *clock_, *parties_, *lifecycle_, cid, user_ids));
    ASSIGN_OR_RETURN(int entries, LoadAccountingDemo(tx, *clock_, *ledger_, *parties_, cid, dept));
    SalesDemoServices sales{*clock_, *ledger_, *parties_, *products_, *stock_, *orders_, *quotes_};
    ASSIGN_OR_RETURN(auto o2c, LoadSalesDemo(tx, sales, cid, user_ids, dept));
    ServiceDemoServices service{*clock_,
                                *parties_,
                                *products_,
                                *orders_,
                                *quotes_,
                                *kb_articles_,
                                *sla_monitor_,
                                *workflows_,
                                service::TicketDeps{*clock_, *parties_, *orders_, *invoices_,
                                                    *stock_, *products_, *kb_answers_, *notifier_}};
    ASSIGN_OR_RETURN(auto desk, LoadServiceDemo(tx, service, cid, user_ids, dept));
    summary = fmt::format(
        "demo users alice, bob, carol, dave (password {}); 8 customers and suppliers, leads, "
        "opportunities and activities in English and Chinese; {} journal entries; {} products "
        "with stock from 2 more suppliers, 2 price lists and a promotion; {} sales orders of the "
        "last four months (a teahouse customer added) with {} invoices and {} payments; {} "
        "quotes; {} service tickets in {} categories, {} knowledge base articles; {} workflows "
        "waiting for bob and carol",
        kDemoPassword, entries, o2c.products, o2c.orders + desk.orders, o2c.invoices, o2c.payments,
        o2c.quotes, desk.tickets, desk.categories, desk.articles, desk.workflows);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return summary;
}

}  // namespace concord::app

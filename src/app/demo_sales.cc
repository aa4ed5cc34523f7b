// The order-to-cash demo: who does what, the parties it trades with, the fiscal year its
// history needs, then the catalog (demo_sales_catalog.cc) and the history (demo_sales_plan.cc,
// demo_sales_orders.cc).
#include "app/demo_sales.h"

#include "accounting/fiscal.h"
#include "app/demo_sales_internal.h"
#include "invoicing/terms.h"
#include "security/company.h"

namespace concord::app {
namespace {

using nlohmann::json;
using sales_demo::Ctx;
using sales_demo::Customer;

// What the loading needs, at company scope, for each demo user it acts as.
security::Access Actor(int64_t user, const std::string& login, int64_t company,
                       int64_t department) {
  std::map<std::string, security::Scope> grants;
  for (const char* p :
       {"party.party.read",           "party.party.create",        "catalog.product.read",
        "catalog.product.create",     "catalog.price.read",        "catalog.price.create",
        "inventory.transfer.read",    "inventory.transfer.create", "inventory.transfer.update",
        "inventory.transfer.approve", "invoicing.invoice.read",    "invoicing.invoice.create",
        "invoicing.invoice.approve",  "invoicing.payment.read",    "invoicing.payment.create",
        "invoicing.payment.approve",  "invoicing.term.read",       "sales.quote.read",
        "sales.quote.create",         "sales.quote.update",        "sales.order.read",
        "sales.order.create",         "sales.order.update"}) {
    grants[p] = security::Scope::kCompany;
  }
  return security::Access(user, login, company, department, grants);
}

// History starting in the previous year needs that year's periods (a new company only has
// the year it was created in).
Status EnsureFiscalYear(Ctx& c, Date first_day) {
  if (c.s.ledger.OpenPeriod(c.tx, c.company, first_day).ok()) return Status::Ok();
  if (first_day.year() >= c.today.year()) return Status::Ok();  // posting will say why
  int y = first_day.year();
  accounting::Fiscal fiscal(c.s.clock, c.s.ledger);
  ASSIGN_OR_RETURN(Date start, Date::FromYmd(y, 1, 1));
  ASSIGN_OR_RETURN(Date end, Date::FromYmd(y, 12, 31));
  return fiscal.CreateYearSystem(c.tx, c.company, start, end, std::to_string(y)).status();
}

json Address(const char* line1, const char* city) {
  return json::array({{{"kind", "billing"}, {"line1", line1}, {"city", city}, {"country", "CN"}}});
}

// The two suppliers and the teahouse customer this demo adds; keys -> party ids.
Result<std::map<std::string, int64_t>> CreateParties(Ctx& c) {
  int64_t bob = c.users.at("bob");
  const std::pair<const char*, json> bodies[] = {
      {"tea",
       {{"kind", "organization"},
        {"name", "杭州龙井茶业有限公司"},
        {"roles", {"supplier"}},
        {"email", "sales@longjing-tea.example.cn"},
        {"phone", "0571-8796 5432"},
        {"owner_user_id", bob},
        {"addresses", Address("西湖区龙井路18号", "杭州")}}},
      {"goods",
       {{"kind", "organization"},
        {"name", "深圳华强电子贸易有限公司"},
        {"roles", {"supplier"}},
        {"email", "orders@huaqiang-trade.example.cn"},
        {"phone", "0755-8321 7788"},
        {"owner_user_id", bob},
        {"addresses", Address("福田区华强北路1002号", "深圳")}}},
      {"teahouse",
       {{"kind", "organization"},
        {"name", "苏州静雅茶馆"},
        {"roles", {"customer"}},
        {"email", "jingya.teahouse@example.cn"},
        {"phone", "0512-6789 2345"},
        {"tags", {"茶馆", "华东"}},
        {"owner_user_id", bob},
        {"addresses", Address("姑苏区平江路88号", "苏州")}}},
  };
  std::map<std::string, int64_t> out;
  for (const auto& [key, body] : bodies) {
    ASSIGN_OR_RETURN(json created, c.s.parties.Create(c.tx, c.As("bob"), body));
    out[key] = created["id"].get<int64_t>();
  }
  return out;
}

// The CRM demo's customers by name.
Result<std::map<std::string, int64_t>> CrmCustomers(Ctx& c) {
  party::PartyFilter f;
  f.role = "customer";
  ASSIGN_OR_RETURN(json list, c.s.parties.List(c.tx, c.As("bob"), f, 100, ""));
  const std::map<std::string, std::string> keys = {{"上海阿克米贸易有限公司", "acme"},
                                                   {"北京华光电子科技有限公司", "huaguang"},
                                                   {"陈晓明", "chen"},
                                                   {"广州美佳化妆品有限公司", "meijia"}};
  std::map<std::string, int64_t> out;
  for (const auto& item : list["items"]) {
    auto it = keys.find(item.value("name", ""));
    if (it != keys.end()) out[it->second] = item["id"].get<int64_t>();
  }
  if (out.size() != keys.size()) {
    return FailedPrecondition("demo.no_crm_customers", "Load the CRM demo first.");
  }
  return out;
}

Result<std::optional<int64_t>> TermNamed(Ctx& c, const std::string& name) {
  ASSIGN_OR_RETURN(json terms, invoicing::PaymentTerms(c.s.clock).List(c.tx, c.As("carol"), false));
  for (const auto& t : terms["items"]) {
    if (t.value("name", "") == name) return std::optional<int64_t>(t["id"].get<int64_t>());
  }
  return std::optional<int64_t>();
}

Result<std::vector<Customer>> Customers(Ctx& c, const std::map<std::string, int64_t>& crm,
                                        int64_t teahouse) {
  ASSIGN_OR_RETURN(auto days30, TermNamed(c, "30 days"));
  const std::vector<std::string> tea = {"green", "dark", "ware", "bev", "pack"};
  return std::vector<Customer>{
      {"acme", crm.at("acme"), "alice", days30, tea, 13, 100},
      {"meijia", crm.at("meijia"), "alice", days30, tea, 11, 80},
      {"huaguang", crm.at("huaguang"), "alice", std::nullopt, {"office", "elec", "bev"}, 8, 100},
      {"chen", crm.at("chen"), "alice", std::nullopt, {"green", "dark", "ware"}, 5, 30},
      {"teahouse", teahouse, "bob", days30, tea, 10, 120},
  };
}

}  // namespace

Result<SalesDemoCounts> LoadSalesDemo(store::Tx& tx, const SalesDemoServices& services,
                                      int64_t company_id,
                                      const std::map<std::string, int64_t>& users,
                                      const std::map<std::string, int64_t>& departments) {
  Ctx c{tx, services, company_id, Date(), users, {}};
  ASSIGN_OR_RETURN(c.today, security::CompanyToday(tx, company_id, services.clock));
  const std::pair<const char*, const char*> roles[] = {
      {"alice", "Sales"}, {"bob", "Sales"}, {"carol", "Accounting"}, {"dave", "Warehouse"}};
  for (const auto& [login, dept] : roles) {
    c.actors.emplace(login, Actor(users.at(login), login, company_id, departments.at(dept)));
  }
  RETURN_IF_ERROR(EnsureFiscalYear(c, c.today.AddDays(sales_demo::kReceiptDays[0])));
  ASSIGN_OR_RETURN(auto crm, CrmCustomers(c));
  ASSIGN_OR_RETURN(auto added, CreateParties(c));
  ASSIGN_OR_RETURN(auto customers, Customers(c, crm, added.at("teahouse")));
  ASSIGN_OR_RETURN(auto catalog, sales_demo::LoadCatalog(c, crm.at("meijia")));
  ASSIGN_OR_RETURN(auto history, sales_demo::LoadHistory(
                                     c, catalog, customers,
                                     {{"tea", added.at("tea")}, {"goods", added.at("goods")}}));
  SalesDemoCounts out;
  out.products = static_cast<int>(catalog.product_ids.size());
  out.orders = history.orders;
  out.invoices = history.invoices;
  out.payments = history.payments;
  out.quotes = history.quotes;
  return out;
}

}  // namespace concord::app

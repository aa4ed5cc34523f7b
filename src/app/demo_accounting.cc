#include "app/demo_accounting.h"

#include <vector>

namespace concord::app {
namespace {

security::Access ReadParties(int64_t company) {
  return security::Access(0, "demo", company, 0, {{"party.party.read", security::Scope::kCompany}});
}

struct Accounts {
  int64_t bank, capital, receivable, payable, revenue, tax_out, tax_in, inventory, cogs, expense;
};

Result<int64_t> FirstEquity(store::Tx& tx, int64_t company) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM accounts WHERE company_id = ? AND type = "
                                    "'equity' AND is_group = 0 AND role = '' ORDER BY code LIMIT 1",
                                    company));
  if (!row) return FailedPrecondition("demo.no_equity", "The chart has no capital account.");
  return row->Int(0);
}

Result<Accounts> Load(store::Tx& tx, int64_t c) {
  Accounts a{};
  ASSIGN_OR_RETURN(a.bank, accounting::AccountByRole(tx, c, "bank"));
  ASSIGN_OR_RETURN(a.capital, FirstEquity(tx, c));
  ASSIGN_OR_RETURN(a.receivable, accounting::AccountByRole(tx, c, "receivable"));
  ASSIGN_OR_RETURN(a.payable, accounting::AccountByRole(tx, c, "payable"));
  ASSIGN_OR_RETURN(a.revenue, accounting::AccountByRole(tx, c, "revenue"));
  ASSIGN_OR_RETURN(a.tax_out, accounting::AccountByRole(tx, c, "tax_collected"));
  ASSIGN_OR_RETURN(a.tax_in, accounting::AccountByRole(tx, c, "tax_paid"));
  ASSIGN_OR_RETURN(a.inventory, accounting::AccountByRole(tx, c, "inventory"));
  ASSIGN_OR_RETURN(a.cogs, accounting::AccountByRole(tx, c, "cogs"));
  ASSIGN_OR_RETURN(a.expense, accounting::AccountByRole(tx, c, "expense"));
  return a;
}

accounting::PostingLine Dr(int64_t account, int64_t amount, std::optional<int64_t> party = {}) {
  accounting::PostingLine l;
  l.account_id = account;
  l.debit = amount;
  l.party_id = party;
  return l;
}

accounting::PostingLine Cr(int64_t account, int64_t amount, std::optional<int64_t> party = {}) {
  accounting::PostingLine l;
  l.account_id = account;
  l.credit = amount;
  l.party_id = party;
  return l;
}

}  // namespace

Result<int> LoadAccountingDemo(store::Tx& tx, const Clock& clock, const accounting::Ledger& ledger,
                               const party::Parties& parties, int64_t company,
                               const std::map<std::string, int64_t>& departments) {
  ASSIGN_OR_RETURN(Accounts a, Load(tx, company));
  party::PartyFilter customers_f;
  customers_f.role = "customer";
  party::PartyFilter suppliers_f;
  suppliers_f.role = "supplier";
  ASSIGN_OR_RETURN(auto customers, parties.MatchIds(tx, ReadParties(company), customers_f, 3));
  ASSIGN_OR_RETURN(auto suppliers, parties.MatchIds(tx, ReadParties(company), suppliers_f, 1));
  if (customers.empty() || suppliers.empty()) return 0;
  ASSIGN_OR_RETURN(int64_t general, accounting::JournalByKind(tx, company, "general"));
  ASSIGN_OR_RETURN(int64_t sales, accounting::JournalByKind(tx, company, "sale"));
  ASSIGN_OR_RETURN(int64_t purchases, accounting::JournalByKind(tx, company, "purchase"));
  ASSIGN_OR_RETURN(int64_t bank, accounting::JournalByKind(tx, company, "bank"));
  Date today = Date::FromSysDays(std::chrono::floor<std::chrono::days>(clock.Now().time_point()));
  int posted = 0;
  auto post = [&](int64_t journal, Date date, std::string description,
                  std::vector<accounting::PostingLine> lines) -> Status {
    accounting::PostingEntry e{company, journal, date, "", std::move(description), "", {}, lines};
    ++posted;
    return ledger.Post(tx, e, 0).status();
  };
  ASSIGN_OR_RETURN(Date jan, Date::FromYmd(today.year(), 1, 2));
  RETURN_IF_ERROR(post(general, jan, "Paid-in capital 实收资本",
                       {Dr(a.bank, 100000000), Cr(a.capital, 100000000)}));
  std::optional<int64_t> sales_dept;
  if (auto it = departments.find("Sales"); it != departments.end()) sales_dept = it->second;
  for (int month = 1; month <= today.month(); ++month) {
    ASSIGN_OR_RETURN(Date d, Date::FromYmd(today.year(), month, 5));
    if (today < d) break;
    int64_t net = 2000000 + 150000 * month;  // minor units
    int64_t cost = net * 6 / 10;
    RETURN_IF_ERROR(post(purchases, d, "Stock purchase 采购入库",
                         {Dr(a.inventory, cost), Dr(a.tax_in, cost * 13 / 100),
                          Cr(a.payable, cost + cost * 13 / 100, suppliers[0])}));
    int64_t customer = customers[month % customers.size()];
    auto invoice = Dr(a.receivable, net + net * 13 / 100, customer);
    invoice.due_date = d.AddDays(30);
    RETURN_IF_ERROR(post(sales, d.AddDays(1), "Sales invoice 销售发票",
                         {invoice, Cr(a.revenue, net), Cr(a.tax_out, net * 13 / 100)}));
    RETURN_IF_ERROR(post(general, d.AddDays(1), "Cost of goods sold 结转成本",
                         {Dr(a.cogs, cost), Cr(a.inventory, cost)}));
    auto expense = Dr(a.expense, 300000 + 10000 * month);
    expense.department_id = sales_dept;
    RETURN_IF_ERROR(post(bank, d.AddDays(2), "Trade fair and travel 展会差旅",
                         {expense, Cr(a.bank, expense.debit)}));
    if (month < today.month()) {  // last month's invoice is still open
      RETURN_IF_ERROR(post(bank, d.AddDays(20), "Customer payment 客户回款",
                           {Dr(a.bank, invoice.debit), Cr(a.receivable, invoice.debit, customer)}));
      RETURN_IF_ERROR(post(bank, d.AddDays(25), "Supplier payment 付款",
                           {Dr(a.payable, cost + cost * 13 / 100, suppliers[0]),
                            Cr(a.bank, cost + cost * 13 / 100)}));
    }
  }
  return posted;
}

}  // namespace concord::app

// Sales and margin report: revenue (invoiced, net of credit notes), cost of goods delivered,
// margin and margin % grouped by customer, product, sales rep or month, from sales_facts.
#include "core/decimal_fields.h"
#include "sales/lines.h"
#include "sales/sales.h"
#include "security/company.h"

namespace concord::sales {

using nlohmann::json;

Result<json> SalesReport(store::Tx& tx, const security::Access& who, const std::string& group_by,
                         Date from, Date to) {
  RETURN_IF_ERROR(who.Require("sales.report.read"));
  std::string key;
  if (group_by == "customer") {
    key = "f.party_id";
  } else if (group_by == "product") {
    key = "f.product_id";
  } else if (group_by == "rep") {
    key = "COALESCE(f.owner_user_id, 0)";
  } else if (group_by == "month") {
    key = "SUBSTR(f.date, 1, 7)";
  } else {
    return InvalidField("group_by", "enum", "group_by is customer, product, rep or month.");
  }
  if (to < from) return InvalidField("to", "before_from", "to is before from.");
  auto vis = who.Visible("sales.order.read", {}, "o.");
  std::vector<store::Value> p = vis.params;
  p.emplace_back(from.ToString());
  p.emplace_back(to.ToString());
  ASSIGN_OR_RETURN(auto rows,
                   tx.RowsV("SELECT " + key + " AS k, SUM(f.revenue), SUM(f.cost), "
                            "SUM(CASE WHEN f.kind = 'invoiced' THEN f.quantity ELSE 0 END) FROM "
                            "sales_facts f JOIN sales_orders o ON o.id = f.order_id WHERE " +
                                vis.sql + " AND f.date >= ? AND f.date <= ? GROUP BY " + key +
                                " ORDER BY 2 DESC, 1",
                            p));
  ASSIGN_OR_RETURN(auto currency, security::CompanyCurrency(tx, who.company_id()));
  json items = json::array();
  int64_t total_revenue = 0, total_cost = 0;
  for (const auto& r : rows) {
    int64_t revenue = r.Int(1), cost = r.Int(2);
    total_revenue += revenue;
    total_cost += cost;
    json item = {{"revenue", MoneyText(revenue, currency)},
                 {"cost", MoneyText(cost, currency)},
                 {"margin", MoneyText(revenue - cost, currency)},
                 {"quantity_invoiced", ScaledText(r.Int(3), 0)}};
    if (revenue != 0) {
      item["margin_percent"] = FormatScaled(
          static_cast<int64_t>(static_cast<__int128>(revenue - cost) * 10000 / revenue), 2);
    } else {
      item["margin_percent"] = nullptr;
    }
    if (group_by == "month") {
      item["month"] = r.Text(0);
    } else {
      item[group_by == "customer" ? "party_id" : group_by == "product" ? "product_id" : "user_id"] =
          r.Int(0);
    }
    items.push_back(std::move(item));
  }
  return json{{"group_by", group_by},
              {"from", from.ToString()},
              {"to", to.ToString()},
              {"currency", currency},
              {"items", items},
              {"total", {{"revenue", MoneyText(total_revenue, currency)},
                         {"cost", MoneyText(total_cost, currency)},
                         {"margin", MoneyText(total_revenue - total_cost, currency)}}}};
}

}  // namespace concord::sales

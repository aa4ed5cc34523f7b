// The printable quote: a self-contained HTML page (every value escaped).
#include "core/html.h"
#include "party/facts.h"
#include "sales/quotes.h"
#include "security/company.h"

namespace concord::sales {

Result<std::string> Quotes::Print(store::Tx& tx, const security::Access& who, int64_t id) const {
  ASSIGN_OR_RETURN(auto q, LoadVisible(tx, who, id, "sales.quote.read"));
  ASSIGN_OR_RETURN(auto company, security::GetCompanyBasics(tx, who.company_id()));
  ASSIGN_OR_RETURN(auto day, Date::Parse(q["date"].get<std::string>()));
  ASSIGN_OR_RETURN(auto to, party::AddressSnapshot(tx, who.company_id(), q["party_id"], "billing",
                                                   day));
  auto e = [](const nlohmann::json& v) {
    return HtmlEscape(v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump());
  };
  std::string number = e(q["number"]) + " rev. " + e(q["revision"]);
  std::string h =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Quote " + number +
      "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
      "width:100%}td,th{border-bottom:1px solid #ccc;padding:4px;text-align:left}"
      ".n{text-align:right}</style></head><body>";
  h += "<h1>" + HtmlEscape(company.name) + "</h1><h2>Quote " + number + "</h2>";
  h += "<p>" + e(to["name"]) + "<br>" + e(to.value("line1", "")) + "<br>" +
       e(to.value("city", "")) + " " + e(to.value("country", "")) + "</p>";
  h += "<p>Date " + e(q["date"]) + " · valid until " + e(q["valid_until"]) + " · currency " +
       e(q["currency"]) + "</p><table><tr><th>Description</th><th class=n>Quantity</th>"
       "<th>Unit</th><th class=n>Unit price</th><th class=n>Discount %</th>"
       "<th class=n>Amount</th></tr>";
  for (const auto& l : q["lines"]) {
    h += "<tr><td>" + e(l["description"]) + "</td><td class=n>" + e(l["quantity"]) +
         "</td><td>" + e(l["uom"]) + "</td><td class=n>" + e(l["unit_price"]) +
         "</td><td class=n>" + e(l["discount_percent"]) + "</td><td class=n>" + e(l["untaxed"]) +
         "</td></tr>";
  }
  h += "</table><p class=n>Untaxed " + e(q["untaxed"]) + "<br>Tax " + e(q["tax"]) +
       "<br><b>Total " + e(q["total"]) + " " + e(q["currency"]) + "</b></p>";
  if (!q["notes"].get<std::string>().empty()) h += "<p>" + e(q["notes"]) + "</p>";
  return h + "</body></html>";
}

}  // namespace concord::sales

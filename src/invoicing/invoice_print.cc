// The printable invoice: a self-contained HTML page built from the posted snapshot. Every
// value is HTML-escaped; nothing from the database reaches the page unescaped.
#include <string>

#include "core/html.h"
#include "invoicing/invoice_internal.h"
#include "security/company.h"

namespace concord::invoicing {

using nlohmann::json;

namespace {

// A JSON value as escaped text ("" for null).
std::string Text(const json& v) {
  if (v.is_null()) return "";
  return HtmlEscape(v.is_string() ? v.get<std::string>() : v.dump());
}

std::string Cell(const json& v, bool right = false) {
  return std::string(right ? "<td class=\"n\">" : "<td>") + Text(v) + "</td>";
}

std::string AddressBlock(const json& a) {
  std::string out = "<div class=\"to\"><strong>" + Text(a.value("name", json())) + "</strong>";
  for (const char* k : {"line1", "line2", "city", "region", "postal_code", "country", "tax_id"}) {
    if (a.contains(k) && a[k].is_string() && !a[k].get<std::string>().empty()) {
      out += "<br>" + Text(a[k]);
    }
  }
  return out + "</div>";
}

std::string LinesTable(const json& inv) {
  std::string out =
      "<table><thead><tr><th>Description</th><th>Quantity</th><th>Unit</th><th>Unit price</th>"
      "<th>Discount %</th><th>Taxes</th><th>Amount</th></tr></thead><tbody>";
  for (const auto& l : inv["lines"]) {
    std::string taxes;
    for (const auto& t : l["taxes"]) taxes += (taxes.empty() ? "" : ", ") + t.value("code", "");
    out += "<tr>" + Cell(l["description"]) + Cell(l["quantity"], true) + Cell(l["uom_code"]) +
           Cell(l["unit_price"], true) + Cell(l["discount_percent"], true) + Cell(taxes) +
           Cell(l["untaxed"], true) + "</tr>";
  }
  return out + "</tbody></table>";
}

std::string Totals(const json& inv) {
  std::string cur = Text(inv["currency"]);
  std::string out =
      "<table class=\"totals\"><tr><td>Untaxed</td>" + Cell(inv["untaxed"], true) + "</tr>";
  for (const auto& t : inv["taxes"]) {
    out += "<tr><td>" + Text(t["code"]) + " (" + Text(t["rate"]) + "%)</td>" +
           Cell(t["amount"], true) + "</tr>";
  }
  out += "<tr><th>Total " + cur + "</th>" + Cell(inv["total"], true) + "</tr>";
  for (const auto& i : inv["instalments"]) {
    out += "<tr><td>Due " + Text(i["due_date"]) + "</td>" + Cell(i["amount"], true) + "</tr>";
  }
  return out + "</table>";
}

}  // namespace

Result<std::string> Invoices::Print(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("invoicing.invoice.read"));
  ASSIGN_OR_RETURN(json inv, internal::InvoiceJson(tx, who.company_id(), id, true));
  ASSIGN_OR_RETURN(auto company, security::GetCompanyBasics(tx, who.company_id()));
  std::string title = inv["kind"] == "credit_note" ? "Credit note" : "Invoice";
  std::string number = inv["number"].is_string() ? Text(inv["number"]) : "(draft)";
  std::string html =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + HtmlEscape(title) + " " + number +
      "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
      "width:100%}td,th{border-bottom:1px solid #ccc;padding:4px;text-align:left}"
      ".n{text-align:right}.totals{width:auto;margin-left:auto}</style></head><body>";
  html += "<h1>" + HtmlEscape(company.name) + "</h1><h2>" + HtmlEscape(title) + " " + number + "</h2>";
  html += "<p>Date: " + Text(inv["date"]);
  if (!inv["origin_ref"].get<std::string>().empty()) html += " — Ref: " + Text(inv["origin_ref"]);
  html += "</p>" + AddressBlock(inv["address"]) + LinesTable(inv) + Totals(inv) + "</body></html>";
  return html;
}

}  // namespace concord::invoicing

// Consent records and the customer's 360° page.
#include <algorithm>

#include "party/internal.h"
#include "store/row_json.h"

namespace concord::party {

using namespace internal;  // NOLINT

namespace {

// Sections that the sales, accounting and service areas will register when they land.
const std::vector<std::string> kComingSections = {
    "quotes", "orders", "deliveries", "invoices", "receivables", "tickets", "revenue"};

Result<nlohmann::json> CurrentConsents(store::Tx& tx, int64_t party_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT c.purpose, c.granted, c.source, c.recorded_at, "
                                      "c.contact_id FROM party_consents c WHERE c.party_id = ? AND "
                                      "c.id = (SELECT MAX(l.id) FROM party_consents l WHERE "
                                      "l.party_id = c.party_id AND l.purpose = c.purpose AND "
                                      "COALESCE(l.contact_id, 0) = COALESCE(c.contact_id, 0)) "
                                      "ORDER BY c.purpose",
                                      party_id));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) {
    nlohmann::json j = store::RowJson(r);
    j["granted"] = j["granted"] == 1;
    out.push_back(j);
  }
  return out;
}

}  // namespace

Result<nlohmann::json> Parties::ListConsents(store::Tx& tx, const security::Access& who,
                                             int64_t party_id) const {
  RETURN_IF_ERROR(VisibleParty(tx, who, party_id).status());
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, contact_id, purpose, granted, source, note, "
                                      "recorded_at, user_id FROM party_consents WHERE party_id = "
                                      "? ORDER BY id",
                                      party_id));
  nlohmann::json history = nlohmann::json::array();
  for (const auto& r : rows) {
    nlohmann::json j = store::RowJson(r);
    j["granted"] = j["granted"] == 1;
    history.push_back(j);
  }
  ASSIGN_OR_RETURN(auto current, CurrentConsents(tx, party_id));
  return nlohmann::json{{"current", current}, {"history", history}};
}

Result<nlohmann::json> Parties::RecordConsent(store::Tx& tx, const security::Access& who,
                                              int64_t party_id, const nlohmann::json& body) const {
  RETURN_IF_ERROR(VisibleParty(tx, who, party_id, kUpdate).status());
  Fields f(body);
  auto purpose = f.Enum(
      "purpose",
      {"marketing_email", "marketing_phone", "marketing_sms", "data_processing", "profiling"},
      true);
  auto granted = f.Bool("granted", true);
  auto source = f.Text("source", {.required = true, .max_chars = 200});
  auto note = f.Text("note", {.max_chars = 1000});
  auto contact = f.Int("contact_id");
  RETURN_IF_ERROR(f.Finish());
  if (contact) RETURN_IF_ERROR(CheckContactLink(tx, who, *contact, party_id, "contact_id"));
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO party_consents (company_id, party_id, "
                                         "contact_id, purpose, granted, source, note, "
                                         "recorded_at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                                         "?) RETURNING id",
                                         who.company_id(), party_id, contact, *purpose, *granted,
                                         *source, note.value_or(""), now, who.user_id()));
  nlohmann::json record = {
      {"id", id},
      {"contact_id", contact ? nlohmann::json(*contact) : nlohmann::json(nullptr)},
      {"purpose", *purpose},
      {"granted", *granted},
      {"source", *source},
      {"note", note.value_or("")},
      {"recorded_at", now},
      {"user_id", who.user_id()}};
  tx.Audit({"party", party_id, "consent", {{"consent." + *purpose, {nullptr, *granted}}}});
  tx.Emit({"party.consent_recorded",
           "party",
           party_id,
           {{"purpose", *purpose}, {"granted", *granted}}});
  return record;
}

Result<nlohmann::json> Parties::Overview(store::Tx& tx, const security::Access& who,
                                         int64_t id) const {
  ASSIGN_OR_RETURN(auto row, VisibleParty(tx, who, id));
  nlohmann::json out;
  ASSIGN_OR_RETURN(out["profile"], PartyJson(tx, row));
  ASSIGN_OR_RETURN(out["contacts"], ListContacts(tx, who, id));
  ASSIGN_OR_RETURN(auto addresses, ListAddresses(tx, who, id));
  std::string today = clock_.Now().ToIso().substr(0, 10);
  out["addresses"] = nlohmann::json::array();
  for (const auto& a : addresses) {
    if (a["valid_to"].is_null() || a["valid_to"].get<std::string>() >= today) {
      out["addresses"].push_back(a);
    }
  }
  ASSIGN_OR_RETURN(out["consents"], CurrentConsents(tx, id));
  ASSIGN_OR_RETURN(auto purchases, tx.One("SELECT COUNT(*), MIN(occurred_on), MAX(occurred_on) "
                                          "FROM party_purchases WHERE party_id = ?",
                                          id));
  out["lifecycle"] = {{"status", row.Text("lifecycle")},
                      {"computed_at", store::RowJson(row)["lifecycle_at"]},
                      {"purchases", purchases->Int(0)},
                      {"first_purchase", purchases->OptText(1).value_or("")},
                      {"last_purchase", purchases->OptText(2).value_or("")}};
  ASSIGN_OR_RETURN(auto merges, tx.Rows("SELECT merged_id, merged_at FROM party_merges WHERE "
                                        "survivor_id = ? ORDER BY id",
                                        id));
  out["merged_from"] = nlohmann::json::array();
  for (const auto& m : merges) out["merged_from"].push_back(store::RowJson(m));
  out["sections"] = nlohmann::json::object();
  out["restricted"] = nlohmann::json::array();
  for (const auto& section : registry_.sections()) {
    if (!who.Has(section.permission)) {
      out["restricted"].push_back(section.name);
      continue;
    }
    ASSIGN_OR_RETURN(out["sections"][section.name], section.fn(tx, who, id));
  }
  out["coming_sections"] = nlohmann::json::array();
  for (const auto& name : kComingSections) {
    bool registered = std::any_of(registry_.sections().begin(), registry_.sections().end(),
                                  [&](const OverviewSection& s) { return s.name == name; });
    if (!registered) out["coming_sections"].push_back(name);
  }
  return out;
}

}  // namespace concord::party

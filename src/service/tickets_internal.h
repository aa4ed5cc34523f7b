// Helpers shared by the ticket files (tickets.cc, ticket_flow.cc, sla.cc, report.cc): the row
// shape, loading under record rules, and writing a change with its version bump.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::service::internal {

inline constexpr const char* kTicketColumns =
    "SELECT t.id, t.company_id, t.number, t.subject, t.description, t.party_id, t.contact_id, "
    "t.sales_order_id, t.invoice_id, t.delivery_id, t.product_id, t.lot_id, t.channel, "
    "t.category_id, t.priority, t.status, t.owner_user_id, t.department_id, t.response_due_at, "
    "t.resolution_due_at, t.first_response_at, t.paused_at, t.resolved_at, t.closed_at, "
    "t.resolution, t.response_breached, t.resolution_breached, t.response_escalated, "
    "t.resolution_escalated, t.paused_business_seconds, t.resolution_business_seconds, "
    "t.credit_note_id, "
    "t.survey_score, t.survey_comment, t.surveyed_at, t.created_by_user_id, t.version, "
    "t.created_at, t.updated_at FROM tickets t ";

nlohmann::json TicketJson(const store::Record& r);
// The ticket row if the caller may read it (and, with `update`, change it); NotFound otherwise.
Result<store::Record> LoadTicket(store::Tx& tx, const security::Access& who, int64_t id,
                                 bool update);
// The ticket row of a company, without record rules (after a change, system jobs).
Result<store::Record> ReadTicket(store::Tx& tx, int64_t company_id, int64_t id);
// Entries of a ticket, oldest first; `latest` > 0 keeps only the newest ones.
Result<nlohmann::json> Entries(store::Tx& tx, int64_t ticket_id, int latest = 0);
// The knowledge-base answers kept with a ticket at its creation, best first.
Result<nlohmann::json> Suggestions(store::Tx& tx, int64_t ticket_id);

using Sets = std::vector<std::pair<std::string, store::Value>>;
// UPDATE tickets SET <sets>, version + 1, updated_at WHERE id AND version; StaleVersion if the
// row changed since it was read. Column names come from code, never from input.
Status WriteTicket(store::Tx& tx, int64_t id, int64_t version, const Sets& sets,
                   const std::string& now);
// Writes the audit record (changed fields) and the outbox event of a ticket change.
void Journal(store::Tx& tx, int64_t id, const std::string& action, const nlohmann::json& before,
             const nlohmann::json& after, std::optional<int64_t> company_id = std::nullopt);

// An ISO text column as a Timestamp (the column is always written by ToIso()).
Timestamp At(const std::string& iso);

}  // namespace concord::service::internal

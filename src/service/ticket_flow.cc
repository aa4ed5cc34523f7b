// Ticket verbs (the state machine), progress entries and satisfaction surveys.
#include <algorithm>
#include <chrono>

#include "core/json_input.h"
#include "party/ownership.h"
#include "security/company.h"
#include "service/calendars.h"
#include "service/tickets.h"
#include "service/tickets_internal.h"
#include "store/row_json.h"

namespace concord::service {
namespace {

using nlohmann::json;
using namespace internal;
using std::chrono::duration_cast;
using std::chrono::seconds;

// The state machine as data: a verb, the states it leaves from, the state it leads to.
struct Transition {
  const char* verb;
  std::vector<std::string> from;
  const char* to;  // nullptr: the state does not change
};
const Transition kTransitions[] = {
    {"start", {"new", "assigned"}, "in_progress"},
    {"wait", {"in_progress"}, "waiting_on_customer"},
    {"resume", {"waiting_on_customer"}, "in_progress"},
    {"resolve", {"in_progress", "waiting_on_customer"}, "resolved"},
    {"close", {"resolved"}, "closed"},
    {"reopen", {"resolved", "closed"}, "in_progress"},
};
const std::vector<std::string> kAssignFrom = {"new", "assigned", "in_progress",
                                              "waiting_on_customer"};

bool In(const std::vector<std::string>& set, const std::string& s) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

Status BadTransition(const std::string& verb, const std::string& status) {
  return Conflict("ticket.transition", "A " + status + " ticket cannot " + verb + ".");
}

// Sets of a first response at `now` (nothing if there was one already).
void FirstResponse(const store::Record& row, const std::string& now, Sets& sets) {
  if (!row.IsNull("first_response_at")) return;
  sets.emplace_back("first_response_at", now);
  auto due = row.OptText("response_due_at");
  if (due && now > *due) sets.emplace_back("response_breached", int64_t{1});
}

// Ends a wait at `now`: the open deadlines move by the business time spent waiting. Returns
// the resolution deadline after the move and the total paused business seconds.
struct Unpaused {
  std::string resolution_due;
  int64_t paused_seconds = 0;
};
Result<Unpaused> Unpause(store::Tx& tx, const store::Record& row, Timestamp now, Sets& sets) {
  Unpaused out{row.Text("resolution_due_at"), row.Int("paused_business_seconds")};
  auto paused_at = row.OptText("paused_at");
  if (!paused_at) return out;
  ASSIGN_OR_RETURN(BusinessCalendar cal, Calendars::ForCompany(tx, row.Int("company_id")));
  Timestamp from = At(*paused_at);
  ASSIGN_OR_RETURN(Timestamp due, cal.ExtendForPause(At(out.resolution_due), from, now));
  out.resolution_due = due.ToIso();
  sets.emplace_back("resolution_due_at", out.resolution_due);
  auto response_due = row.OptText("response_due_at");
  if (response_due && row.IsNull("first_response_at")) {
    ASSIGN_OR_RETURN(Timestamp moved, cal.ExtendForPause(At(*response_due), from, now));
    sets.emplace_back("response_due_at", moved.ToIso());
  }
  out.paused_seconds += duration_cast<seconds>(cal.BusinessTimeBetween(from, now)).count();
  sets.emplace_back("paused_business_seconds", out.paused_seconds);
  sets.emplace_back("paused_at", nullptr);
  return out;
}

Status Resolve(store::Tx& tx, const store::Record& row, const json& body, Timestamp now,
               Sets& sets) {
  Fields f(body);
  f.Ignore("version");
  auto resolution = f.Text("resolution", {.required = true, .max_chars = 10000});
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(Unpaused u, Unpause(tx, row, now, sets));
  std::string at = now.ToIso();
  ASSIGN_OR_RETURN(BusinessCalendar cal, Calendars::ForCompany(tx, row.Int("company_id")));
  int64_t worked =
      duration_cast<seconds>(cal.BusinessTimeBetween(At(row.Text("created_at")), now)).count();
  sets.emplace_back("resolution", *resolution);
  sets.emplace_back("resolved_at", at);
  sets.emplace_back("resolution_business_seconds", std::max<int64_t>(0, worked - u.paused_seconds));
  if (at > u.resolution_due) sets.emplace_back("resolution_breached", int64_t{1});
  FirstResponse(row, at, sets);
  return Status::Ok();
}

// The sets of a verb other than assign (the status is set by the caller).
Status VerbSets(store::Tx& tx, const store::Record& row, const std::string& verb, const json& body,
                Timestamp now, Sets& sets) {
  if (verb == "resolve") return Resolve(tx, row, body, now, sets);
  Fields f(body);
  f.Ignore("version");
  RETURN_IF_ERROR(f.Finish());
  if (verb == "wait") sets.emplace_back("paused_at", now.ToIso());
  if (verb == "resume") RETURN_IF_ERROR(Unpause(tx, row, now, sets).status());
  if (verb == "close") sets.emplace_back("closed_at", now.ToIso());
  if (verb == "reopen") {
    sets.emplace_back("resolved_at", nullptr);
    sets.emplace_back("closed_at", nullptr);
  }
  return Status::Ok();
}

}  // namespace

Result<json> Tickets::Act(store::Tx& tx, const security::Access& who, int64_t id,
                          const std::string& verb, const json& body,
                          const security::VersionCheck& check) const {
  if (verb == "assign") return Assign(tx, who, id, body, check);
  const Transition* t = nullptr;
  for (const Transition& candidate : kTransitions) {
    if (verb == candidate.verb) t = &candidate;
  }
  if (!t) return NotFound("ticket action");
  ASSIGN_OR_RETURN(auto row, LoadTicket(tx, who, id, true));
  if (check) RETURN_IF_ERROR(check(row.Int("version")));
  const std::string status = row.Text("status");
  if (!In(t->from, status)) return BadTransition(verb, status);
  Timestamp now = d_.clock.Now();
  Sets sets = {{"status", std::string(t->to)}};
  RETURN_IF_ERROR(VerbSets(tx, row, verb, body, now, sets));
  json before = TicketJson(row);
  RETURN_IF_ERROR(WriteTicket(tx, id, row.Int("version"), sets, now.ToIso()));
  ASSIGN_OR_RETURN(auto after_row, ReadTicket(tx, who.company_id(), id));
  json after = TicketJson(after_row);
  Journal(tx, id, verb == "resolve" ? "resolved" : verb, before, after);
  ASSIGN_OR_RETURN(after["entries"], Entries(tx, id));
  return after;
}

Result<json> Tickets::Assign(store::Tx& tx, const security::Access& who, int64_t id,
                             const json& body, const security::VersionCheck& check) const {
  ASSIGN_OR_RETURN(auto row, LoadTicket(tx, who, id, true));
  if (check) RETURN_IF_ERROR(check(row.Int("version")));
  const std::string status = row.Text("status");
  Fields f(body);
  f.Ignore("version");
  auto user = f.Int("user_id");
  auto department = f.Int("department_id");
  if (!user && !department && !f.Has("user_id") && !f.Has("department_id")) {
    f.Error("user_id", "required", "Assign to a user, a department or both.");
  }
  party::Owner owner;
  if (user) {
    auto resolved = party::ResolveOwner(tx, who, "service.ticket.update", user, "user_id");
    if (resolved.ok()) owner = *resolved;
    for (const auto& e : resolved.status().field_errors()) f.Error(e.field, e.code, e.message);
    if (!resolved.ok() && resolved.status().field_errors().empty()) return resolved.status();
  }
  if (department) {
    ASSIGN_OR_RETURN(bool ok, security::DepartmentInCompany(tx, who.company_id(), *department));
    if (!ok) f.Error("department_id", "not_found", "No such department.");
    owner.department_id = department;
  }
  RETURN_IF_ERROR(f.Finish());
  if (!In(kAssignFrom, status)) return BadTransition("assign", status);
  std::string now = d_.clock.Now().ToIso();
  Sets sets = {{"owner_user_id", store::ToValue(owner.user_id)},
               {"department_id", store::ToValue(owner.department_id)}};
  if (status == "new") sets.emplace_back("status", std::string("assigned"));
  FirstResponse(row, now, sets);
  json before = TicketJson(row);
  RETURN_IF_ERROR(WriteTicket(tx, id, row.Int("version"), sets, now));
  ASSIGN_OR_RETURN(auto after_row, ReadTicket(tx, who.company_id(), id));
  json after = TicketJson(after_row);
  Journal(tx, id, "assigned", before, after);
  std::optional<int64_t> previous = row.OptInt("owner_user_id");
  if (owner.user_id && owner.user_id != previous && *owner.user_id != who.user_id()) {
    notify::Message m{who.company_id(), *owner.user_id, "assignment",
                      "Ticket " + row.Text("number") + " is assigned to you",
                      row.Text("subject"), "ticket", id};
    RETURN_IF_ERROR(d_.notifier.Send(tx, m).status());
  }
  ASSIGN_OR_RETURN(after["entries"], Entries(tx, id));
  return after;
}

Result<json> Tickets::AddEntry(store::Tx& tx, const security::Access& who, int64_t id,
                               const json& body) const {
  ASSIGN_OR_RETURN(auto row, LoadTicket(tx, who, id, true));
  Fields f(body);
  auto text = f.Text("text", {.required = true, .max_chars = 10000});
  auto visibility = f.Enum("visibility", {"internal", "customer"}, true);
  RETURN_IF_ERROR(f.Finish());
  if (row.Text("status") == "closed") {
    return Conflict("ticket.closed", "A closed ticket takes no entries; reopen it first.");
  }
  std::string now = d_.clock.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t entry_id,
                   tx.Insert("INSERT INTO ticket_entries (company_id, ticket_id, text, visibility, "
                             "author_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                             who.company_id(), id, *text, *visibility, who.user_id(), now));
  json entry = {{"id", entry_id},
                {"ticket_id", id},
                {"text", *text},
                {"visibility", *visibility},
                {"author_user_id", who.user_id()},
                {"created_at", now}};
  tx.Audit({"ticket_entry", entry_id, "create", store::Changes(json::object(), entry)});
  tx.Emit({"ticket_entry.created", "ticket_entry", entry_id, entry});
  if (*visibility == "customer" && row.IsNull("first_response_at")) {
    Sets sets;
    FirstResponse(row, now, sets);
    json before = TicketJson(row);
    RETURN_IF_ERROR(WriteTicket(tx, id, row.Int("version"), sets, now));
    ASSIGN_OR_RETURN(auto after_row, ReadTicket(tx, who.company_id(), id));
    Journal(tx, id, "responded", before, TicketJson(after_row));
  }
  return entry;
}

Result<json> Tickets::Survey(store::Tx& tx, const security::Access& who, int64_t id,
                             const json& body) const {
  ASSIGN_OR_RETURN(auto row, LoadTicket(tx, who, id, true));
  Fields f(body);
  auto score = f.Int("score", true, 1, 5);
  auto comment = f.Text("comment", {.max_chars = 2000, .allow_empty = true});
  RETURN_IF_ERROR(f.Finish());
  const std::string status = row.Text("status");
  if (status != "resolved" && status != "closed") {
    return Conflict("ticket.survey_state", "A survey is taken once the ticket is resolved.");
  }
  if (!row.IsNull("survey_score")) {
    return Conflict("ticket.survey_done", "The ticket's survey has been taken already.");
  }
  std::string now = d_.clock.Now().ToIso();
  Sets sets = {
      {"survey_score", *score}, {"survey_comment", comment.value_or("")}, {"surveyed_at", now}};
  json before = TicketJson(row);
  RETURN_IF_ERROR(WriteTicket(tx, id, row.Int("version"), sets, now));
  ASSIGN_OR_RETURN(auto after_row, ReadTicket(tx, who.company_id(), id));
  json after = TicketJson(after_row);
  Journal(tx, id, "surveyed", before, after);
  ASSIGN_OR_RETURN(after["entries"], Entries(tx, id));
  return after;
}

Result<json> Tickets::CreditNote(store::Tx& tx, const security::Access& who, int64_t id,
                                 const json& body) const {
  ASSIGN_OR_RETURN(auto row, LoadTicket(tx, who, id, true));
  auto invoice = row.OptInt("invoice_id");
  if (!invoice) {
    return FailedPrecondition("ticket.no_invoice", "The ticket is not linked to an invoice.");
  }
  if (!row.IsNull("credit_note_id")) {
    return Conflict("ticket.credited", "The ticket has its credit note already.");
  }
  if (row.Text("status") == "closed") {
    return Conflict("ticket.closed", "A closed ticket takes no actions; reopen it first.");
  }
  ASSIGN_OR_RETURN(json note, d_.invoices.ApiCredit(tx, who, *invoice, body));
  std::string now = d_.clock.Now().ToIso();
  json before = TicketJson(row);
  RETURN_IF_ERROR(WriteTicket(tx, id, row.Int("version"),
                              {{"credit_note_id", note["id"].get<int64_t>()}}, now));
  ASSIGN_OR_RETURN(auto after_row, ReadTicket(tx, who.company_id(), id));
  json after = TicketJson(after_row);
  Journal(tx, id, "credited", before, after);
  ASSIGN_OR_RETURN(after["entries"], Entries(tx, id));
  after["credit_note"] = std::move(note);
  return after;
}

}  // namespace concord::service

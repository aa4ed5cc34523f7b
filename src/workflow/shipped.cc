// The definitions every company starts with, and their installation.
#include "workflow/workflow.h"

namespace concord::workflow {

using nlohmann::json;

// Finance is whoever approves journal entries; its controller closes periods.
std::vector<json> ShippedDefinitions() {
  json advance = {
      {"key", "advance_payment"},
      {"name", "Advance payment"},
      {"document_type", "sales_order"},
      {"steps",
       {{{"key", "request"},
         {"name", "Sales requests the advance"},
         {"assignee", {{"field", "owner_user_id"}}}},
        {{"key", "confirm_payment"},
         {"name", "Finance confirms the payment is received"},
         {"assignee", {{"permission", "accounting.entry.approve"}}},
         {"effect", "sales.advance_paid"},
         {"due_hours", 72},
         {"on_timeout", "escalate"},
         {"escalate_to", {{"permission", "accounting.period.close"}}}},
        {{"key", "release"},
         {"name", "Warehouse releases the goods"},
         {"assignee", {{"permission", "inventory.transfer.approve"}}}}}},
      {"guards", {{{"transition", "delivery.validate"}, {"until", "release"}}}}};
  json discount = {
      {"key", "discount_approval"},
      {"name", "Discount approval"},
      {"document_type", "quote"},
      {"start_permission", "sales.quote.update"},
      {"on_complete", "sales.quote_approved"},
      {"steps",
       {{{"key", "manager"},
         {"name", "Sales manager approves the discount"},
         {"assignee", {{"permission", "sales.quote.approve"}}},
         {"condition",
          {{"field", "max_discount_percent"},
           {"op", ">"},
           {"value_field", "discount_threshold_percent"}}},
         {"due_hours", 48},
         {"on_timeout", "reject"}},
        {{"key", "finance"},
         {"name", "Finance approves a discount above 30 %"},
         {"assignee", {{"permission", "accounting.entry.approve"}}},
         {"condition", {{"field", "max_discount_percent"}, {"op", ">"}, {"value", "30"}}},
         {"due_hours", 48},
         {"on_timeout", "reject"}}}},
      {"guards", {{{"transition", "quote.send"}, {"until", "completion"}}}}};
  json credit = {
      {"key", "credit_override"},
      {"name", "Credit-limit override"},
      {"document_type", "sales_order"},
      {"start_permission", "sales.order.update"},
      {"steps",
       {{{"key", "approve"},
         {"name", "A credit approver overrides the limit"},
         {"assignee", {{"permission", "sales.credit.approve"}}},
         {"effect", "sales.confirm_with_override"},
         {"due_hours", 24},
         {"on_timeout", "reject"}}}}};
  json complaint = {
      {"key", "complaint_escalation"},
      {"name", "Complaint escalation"},
      {"document_type", "ticket"},
      {"start_permission", "service.ticket.update"},
      {"steps",
       {{{"key", "review"},
         {"name", "The department manager reviews the complaint"},
         {"assignee", {{"department_manager", "department_id"}}},
         {"due_hours", 24},
         {"on_timeout", "escalate"},
         {"escalate_to", {{"permission", "service.calendar.update"}}}},
        {{"key", "close_out"},
         {"name", "The agent closes out with the customer"},
         {"assignee", {{"field", "owner_user_id"}}},
         {"due_hours", 72},
         {"on_timeout", "reject"}}}}};
  return {advance, discount, credit, complaint};
}

Status SetUpCompany(store::Tx& tx, int64_t company_id, const Workflows& workflows) {
  for (const auto& d : ShippedDefinitions()) {
    RETURN_IF_ERROR(workflows.Install(tx, company_id, d));
  }
  return Status::Ok();
}

Status SetUpMissingCompanies(store::Database& db, const Workflows& workflows) {
  return db.Write([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT c.id FROM companies c WHERE NOT EXISTS (SELECT "
                                        "1 FROM workflow_definitions d WHERE d.company_id = "
                                        "c.id AND d.def_key = 'complaint_escalation') ORDER BY "
                                        "c.id"));
    for (const auto& r : rows) RETURN_IF_ERROR(SetUpCompany(tx, r.Int(0), workflows));
    return Status::Ok();
  });
}

}  // namespace concord::workflow

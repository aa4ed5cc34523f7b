// Helpers of the workflow scenario tests: a fixture with products, parties, quotes and
// orders, task lookups, and the workflow invariants checked after every scenario.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "api_helpers.h"

namespace concord::testing::workflow_tests {

// Running instances have an open task; ended ones have none; every decided task names its
// decider.
inline void CheckWorkflowInvariants(app::App& app) {
  Status st = app.db().Read([](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto bad, tx.Rows(
        "SELECT i.id, i.state FROM workflow_instances i WHERE (i.state = 'running' AND NOT "
        "EXISTS (SELECT 1 FROM workflow_tasks t WHERE t.instance_id = i.id AND t.state = "
        "'open')) OR (i.state <> 'running' AND EXISTS (SELECT 1 FROM workflow_tasks t WHERE "
        "t.instance_id = i.id AND t.state = 'open'))"));
    for (const auto& r : bad) {
      ADD_FAILURE() << "workflow instance " << r.Int(0) << " is " << r.Text(1)
                    << " with the wrong open tasks";
    }
    ASSIGN_OR_RETURN(auto undecided, tx.Rows("SELECT id FROM workflow_tasks WHERE state IN "
                                             "('approved', 'rejected') AND decided_by IS NULL"));
    for (const auto& r : undecided) ADD_FAILURE() << "task " << r.Int(0) << " has no decider";
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

class WorkflowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.clock().Set(Timestamp::ParseIso("2026-11-23T09:00:00Z").value());
    admin_ = server_.Admin();
    admin_id_ = UserId(*admin_, "admin");
  }
  void TearDown() override {
    CheckJournalInvariants(server_.app());
    CheckWorkflowInvariants(server_.app());
  }

  // Moves the clock by `hours`; logs in again (sessions expire when idle).
  void AdvanceHours(int hours) {
    server_.clock().Advance(std::chrono::hours(hours));
    admin_ = server_.Admin();
  }
  static std::string Path(const std::string& what, const json& id) {
    return "/api/v1/" + what + "/" + std::to_string(id.get<int64_t>());
  }
  int64_t Product(const std::string& sku, const std::string& price,
                  const std::string& kind = "stocked") {
    auto r = admin_->Post("/api/v1/products", {{"sku", sku},
                                               {"name", "Product " + sku},
                                               {"kind", kind},
                                               {"uom", "unit"},
                                               {"list_price", price},
                                               {"standard_cost", "10"},
                                               {"costing_method", "average"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  int64_t Party(const std::string& name, const json& extra = json::object()) {
    json body = {{"kind", "organization"},
                 {"name", name},
                 {"roles", {"customer"}},
                 {"allow_duplicates", true}};
    body.update(extra);
    auto r = admin_->Post("/api/v1/parties", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  json Quote(int64_t party, int64_t product, const std::string& discount,
             const std::string& qty = "1") {
    auto r = admin_->Post("/api/v1/quotes",
                          {{"party_id", party},
                           {"lines", {{{"product_id", product},
                                       {"quantity", qty},
                                       {"discount_percent", discount}}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  HttpResult Start(HttpClient& c, const std::string& key, const std::string& type, const json& id) {
    return c.Post("/api/v1/workflow-instances",
                  {{"key", key}, {"document_type", type}, {"document_id", id}});
  }
  json Instance(const json& id) {
    auto r = admin_->Get(Path("workflow-instances", id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }
  // The running (or latest) instance on a document.
  json InstanceOf(const std::string& type, const json& doc) {
    auto r = admin_->Get("/api/v1/workflow-instances?document_type=" + type +
                         "&document_id=" + std::to_string(doc.get<int64_t>()));
    json items = Items(r);
    if (items.empty()) {
      ADD_FAILURE() << "no workflow on " << type << " " << doc << ": " << r.body;
      return json();
    }
    return Instance(items.back()["id"]);
  }
  // The id of the open task of `step` in the instance, 0 when there is none.
  static int64_t OpenTask(const json& instance, const std::string& step) {
    for (const auto& t : instance["tasks"]) {
      if (t["step"] == step && t["state"] == "open") return t["id"].get<int64_t>();
    }
    return 0;
  }
  static std::string TaskState(const json& instance, const std::string& step) {
    std::string state;
    for (const auto& t : instance["tasks"]) {
      if (t["step"] == step) state = t["state"];
    }
    return state;
  }
  HttpResult Decide(HttpClient& c, int64_t task, const std::string& verb,
                    const std::string& comment = "") {
    return c.Post("/api/v1/workflow-tasks/" + std::to_string(task) + "/" + verb,
                  {{"comment", comment}});
  }
  HttpResult RunDeadlines() { return admin_->Post("/api/v1/workflow/run-deadlines", json::object()); }
  std::vector<int64_t> InboxTasks(HttpClient& c) {
    auto r = c.Get("/api/v1/workflow/inbox");
    EXPECT_EQ(r.status, 200) << r.body;
    return Ids(r);
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  int64_t admin_id_ = 0;
};

}  // namespace concord::testing::workflow_tests

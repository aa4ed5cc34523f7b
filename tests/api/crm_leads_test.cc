// Leads through the API: the way from a new lead to a won opportunity, the status machine,
// scoring and assignment rules changed through the settings, conversion with duplicate
// detection, validation and record rules.
#include <gtest/gtest.h>

#include "api_helpers.h"

namespace concord::testing {
namespace {

class LeadsApi : public ::testing::Test {
 protected:
  void SetUp() override { admin_ = server_.Admin(); }

  json NewLead(json body, HttpClient* client = nullptr) {
    auto r = (client ? client : admin_.get())->Post("/api/v1/leads", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  HttpResult SetStatus(int64_t id, const std::string& status, json extra = json::object()) {
    extra["status"] = status;
    return admin_->Post(Lead(id) + "/status", extra);
  }
  static std::string Lead(int64_t id) { return "/api/v1/leads/" + std::to_string(id); }
  int64_t StageId(const std::string& name) {
    return FindId(*admin_, "/api/v1/opportunity-stages", "name", name, "stage");
  }
  int64_t NewParty(json body) {
    auto r = admin_->Post("/api/v1/parties", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
  }
  // A sales user who may work on leads company-wide.
  int64_t SalesUser(const std::string& login) {
    if (sales_role_ == 0) {
      sales_role_ =
          CreateRole(*admin_, "Lead desk", {"crm.lead.read", "crm.lead.create", "crm.lead.update"});
    }
    return CreateUser(*admin_, login, {sales_role_});
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  int64_t sales_role_ = 0;
};

TEST_F(LeadsApi, LeadIsContactedQualifiedConvertedAndItsOpportunityWon) {
  json lead = NewLead({{"title", "Forklifts for the Pudong warehouse"},
                       {"source", "referral"},
                       {"company_name", "上海阿克米贸易有限公司"},
                       {"contact_name", "Li Lei 李雷"},
                       {"email", " Li.Lei@Acme.cn "},
                       {"phone", "138 0013 8000"},
                       {"city", "Shanghai"},
                       {"country", "cn"},
                       {"employees", 120},
                       {"estimated_value", "2500.5"}});
  int64_t id = lead["id"].get<int64_t>();
  EXPECT_EQ(lead["number"], "LEAD-000001");
  EXPECT_EQ(lead["status"], "new");
  EXPECT_EQ(lead["country"], "CN");
  EXPECT_EQ(lead["currency"], "CNY") << "the company's currency by default";
  EXPECT_EQ(lead["estimated_value"], "2500.50");
  EXPECT_EQ(lead["email"], "Li.Lei@Acme.cn");
  // Default rules: employees >= 50 (10), referral (15), company, e-mail and phone (5 each).
  EXPECT_EQ(lead["score"], 40) << lead["score_detail"].dump();
  EXPECT_EQ(lead["score_detail"].size(), 5u);

  EXPECT_EQ(SetStatus(id, "contacted").json()["status"], "contacted");
  auto qualified = SetStatus(id, "qualified");
  ASSERT_EQ(qualified.status, 200) << qualified.body;
  EXPECT_EQ(qualified.json()["version"], 3);

  auto converted =
      admin_->Post(Lead(id) + "/convert", {{"opportunity", {{"expected_close", "2026-06-30"}}}},
                   IfMatch("\"3\""));
  ASSERT_EQ(converted.status, 200) << converted.body;
  json done = converted.json();
  EXPECT_EQ(done["status"], "converted");
  EXPECT_FALSE(done["converted_at"].is_null());
  ASSERT_TRUE(done["party_id"].is_number_integer()) << done.dump();
  ASSERT_TRUE(done["contact_id"].is_number_integer()) << done.dump();
  ASSERT_TRUE(done["opportunity_id"].is_number_integer()) << done.dump();

  json party =
      admin_->Get("/api/v1/parties/" + std::to_string(done["party_id"].get<int64_t>())).json();
  EXPECT_EQ(party["kind"], "organization");
  EXPECT_EQ(party["name"], "上海阿克米贸易有限公司");
  auto contact =
      admin_->Get("/api/v1/contacts/" + std::to_string(done["contact_id"].get<int64_t>()));
  EXPECT_EQ(contact.json()["name"], "Li Lei 李雷") << contact.body;

  std::string opp =
      "/api/v1/opportunities/" + std::to_string(done["opportunity_id"].get<int64_t>());
  json o = admin_->Get(opp).json();
  EXPECT_EQ(o["lead_id"], id);
  EXPECT_EQ(o["party_id"], done["party_id"]);
  EXPECT_EQ(o["contact_id"], done["contact_id"]);
  EXPECT_EQ(o["name"], "Forklifts for the Pudong warehouse");
  EXPECT_EQ(o["amount"], "2500.50");
  EXPECT_EQ(o["currency"], "CNY");
  EXPECT_EQ(o["stage_name"], "Qualification");
  EXPECT_EQ(o["probability"], 10);
  EXPECT_EQ(o["expected_close"], "2026-06-30");
  EXPECT_EQ(o["status"], "open");

  auto won = admin_->Post(opp + "/stage", {{"stage_id", StageId("Won")}});
  ASSERT_EQ(won.status, 200) << won.body;
  EXPECT_EQ(won.json()["status"], "won");
  EXPECT_EQ(won.json()["probability"], 100);
  EXPECT_FALSE(won.json()["closed_at"].is_null());

  // A converted lead is done: no second conversion, no status change, no edit.
  auto again = admin_->Post(Lead(id) + "/convert", json::object());
  EXPECT_TRUE(IsProblem(again, 409, "lead.invalid_transition"));
  EXPECT_EQ(again.json()["current_status"], "converted");
  EXPECT_TRUE(
      IsProblem(SetStatus(id, "disqualified", {{"reason", "x"}}), 409, "lead.invalid_transition"));
  EXPECT_TRUE(IsProblem(admin_->Patch(Lead(id), {{"title", "X"}}, IfMatch("\"4\"")), 409,
                        "lead.converted"));
  CheckJournalInvariants(server_.app());
}

TEST_F(LeadsApi, InvalidTransitionsNameTheCurrentStatus) {
  int64_t id = NewLead({{"title", "Pallets"}})["id"].get<int64_t>();
  auto no_reason = SetStatus(id, "disqualified");
  EXPECT_TRUE(IsProblem(no_reason, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(no_reason).count({"reason", "required"}));
  EXPECT_TRUE(FieldErrors(SetStatus(id, "converted")).count({"status", "enum"}))
      << "converted only through conversion";
  EXPECT_TRUE(
      FieldErrors(SetStatus(id, "contacted", {{"reason", "x"}})).count({"reason", "not_allowed"}));
  ASSERT_EQ(SetStatus(id, "qualified").status, 200);
  auto back = SetStatus(id, "contacted");
  EXPECT_TRUE(IsProblem(back, 409, "lead.invalid_transition"));
  EXPECT_EQ(back.json()["current_status"], "qualified");
  EXPECT_NE(back.json()["detail"].get<std::string>().find("qualified"), std::string::npos);
  auto same = SetStatus(id, "qualified");
  EXPECT_TRUE(IsProblem(same, 409, "lead.invalid_transition"));

  auto dq = SetStatus(id, "disqualified", {{"reason", "No budget this year"}});
  ASSERT_EQ(dq.status, 200) << dq.body;
  EXPECT_EQ(dq.json()["disqualify_reason"], "No budget this year");
  auto convert = admin_->Post(Lead(id) + "/convert", json::object());
  EXPECT_TRUE(IsProblem(convert, 409, "lead.invalid_transition"));
  EXPECT_EQ(convert.json()["current_status"], "disqualified");
  // Reopened, the reason goes.
  auto reopened = SetStatus(id, "qualified");
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_TRUE(reopened.json()["disqualify_reason"].is_null());
  // A version given with a verb is checked.
  EXPECT_TRUE(IsProblem(SetStatus(id, "disqualified", {{"reason", "x"}, {"version", 1}}), 412,
                        "version.stale"));
  CheckJournalInvariants(server_.app());
}

TEST_F(LeadsApi, ValidationNamesEveryBadField) {
  auto r = admin_->Post("/api/v1/leads", {{"source", "carrier pigeon"},
                                          {"estimated_value", "12,50"},
                                          {"email", "not-an-email"},
                                          {"phone", "12"},
                                          {"country", "China"},
                                          {"employees", "many"},
                                          {"campaign_id", 999999},
                                          {"owner_user_id", 999999},
                                          {"colour", "red"}});
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  auto errors = FieldErrors(r);
  for (const auto& want : std::vector<std::pair<std::string, std::string>>{
           {"title", "required"},
           {"source", "enum"},
           {"estimated_value", "decimal.comma_not_allowed"},
           {"email", "invalid"},
           {"phone", "invalid"},
           {"country", "too_long"},
           {"employees", "type"},
           {"campaign_id", "not_found"},
           {"owner_user_id", "not_found"},
           {"colour", "unknown_field"}}) {
    EXPECT_TRUE(errors.count(want)) << want.first << " " << want.second << ": " << r.body;
  }
  auto jpy = admin_->Post("/api/v1/leads",
                          {{"title", "Yen"}, {"estimated_value", "100.5"}, {"currency", "JPY"}});
  EXPECT_TRUE(FieldErrors(jpy).count({"estimated_value", "decimal.too_many_decimals"})) << jpy.body;
  auto cur = admin_->Post("/api/v1/leads", {{"title", "X"}, {"currency", "ABC"}});
  EXPECT_TRUE(FieldErrors(cur).count({"currency", "currency.unknown"})) << cur.body;
  EXPECT_TRUE(IsProblem(
      admin_->Send("POST", "/api/v1/leads", "[1]", {{"Content-Type", "application/json"}}), 400,
      "body.not_object"));

  // SQL metacharacters are data, in values and in searches.
  json sql = NewLead({{"title", "Robert'); DROP TABLE leads;--"}, {"company_name", "100% _Co"}});
  EXPECT_EQ(sql["title"], "Robert'); DROP TABLE leads;--");
  EXPECT_EQ(Ids(admin_->Get("/api/v1/leads?q=" + Url("robert');"))),
            std::vector<int64_t>{sql["id"].get<int64_t>()});
  EXPECT_EQ(Ids(admin_->Get("/api/v1/leads?q=" + Url("100%"))),
            std::vector<int64_t>{sql["id"].get<int64_t>()});
  EXPECT_TRUE(Ids(admin_->Get("/api/v1/leads?q=" + Url("1_0"))).empty()) << "_ is no wildcard";
  EXPECT_TRUE(Ids(admin_->Get("/api/v1/leads?q=%25")).empty()) << "% is no wildcard";
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/leads?status=won"), 422, ""));

  // Stale and missing versions.
  std::string path = Lead(sql["id"].get<int64_t>());
  ASSERT_EQ(admin_->Patch(path, {{"notes", "called"}}, IfMatch("\"1\"")).status, 200);
  EXPECT_TRUE(
      IsProblem(admin_->Patch(path, {{"notes", "again"}}, IfMatch("\"1\"")), 412, "version.stale"));
  EXPECT_TRUE(IsProblem(admin_->Patch(path, {{"notes", "again"}}), 428, "version.required"));
  auto ro = admin_->Patch(path, {{"status", "qualified"}}, IfMatch("\"2\""));
  EXPECT_TRUE(FieldErrors(ro).count({"status", "read_only"})) << ro.body;
  CheckJournalInvariants(server_.app());
}

TEST_F(LeadsApi, ScoringRulesChangedThroughTheSettingsAreApplied) {
  const std::string url = "/api/v1/crm/settings/lead-scoring";
  auto defaults = admin_->Get(url);
  ASSERT_EQ(defaults.status, 200) << defaults.body;
  EXPECT_EQ(defaults.json()["version"], 0);
  EXPECT_EQ(defaults.json()["is_default"], true);
  EXPECT_TRUE(defaults.json()["value"]["fit"].is_array());

  json lead =
      NewLead({{"title", "Shelving"}, {"source", "web"}, {"country", "CN"}, {"employees", 150}});
  int64_t id = lead["id"].get<int64_t>();
  EXPECT_EQ(lead["score"], 10) << lead.dump();

  json rules = {
      {"fit",
       {{{"field", "employees"}, {"op", ">="}, {"value", 100}, {"points", 20}},
        {{"field", "country"}, {"op", "in"}, {"value", {"CN", "US"}}, {"points", 10}},
        {{"field", "source"}, {"op", "="}, {"value", "referral"}, {"points", 15}}}},
      {"engagement", {{{"signal", "activities_done"}, {"op", ">="}, {"value", 1}, {"points", 7}}}}};
  auto bad = admin_->Send(
      "PUT", url,
      json({{"value", {{"fit", {{{"field", "shoe_size"}, {"op", "~"}, {"points", 1}}}}}},
            {"version", 0}})
          .dump(),
      {{"Content-Type", "application/json"}});
  EXPECT_TRUE(IsProblem(bad, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(bad).count({"value/fit/0/field", "unknown"})) << bad.body;
  auto put = admin_->Send("PUT", url, json({{"value", rules}, {"version", 0}}).dump(),
                          {{"Content-Type", "application/json"}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["version"], 1);
  EXPECT_EQ(put.header("etag"), "\"1\"");
  EXPECT_TRUE(IsProblem(admin_->Send("PUT", url, json({{"value", rules}, {"version", 0}}).dump(),
                                     {{"Content-Type", "application/json"}}),
                        412, "version.stale"));

  json rescored = admin_->Get(Lead(id)).json();
  EXPECT_EQ(rescored["score"], 30);
  ASSERT_EQ(rescored["score_detail"].size(), 2u) << rescored.dump();
  EXPECT_EQ(rescored["score_detail"][0]["field"], "employees");
  EXPECT_EQ(rescored["score_detail"][1]["points"], 10);
  EXPECT_EQ(rescored["version"], 1) << "a score is derived: the version stays";

  // Engagement: a completed activity linked to the lead counts.
  auto act = admin_->Post("/api/v1/activities",
                          {{"kind", "call"}, {"subject", "First call"}, {"lead_id", id}});
  ASSERT_EQ(act.status, 201) << act.body;
  auto done = admin_->Post(
      "/api/v1/activities/" + std::to_string(act.json()["id"].get<int64_t>()) + "/done",
      json::object());
  ASSERT_EQ(done.status, 200) << done.body;
  // Completing it rescored the lead (activities call crm::RescoreLead).
  json engaged = admin_->Get(Lead(id)).json();
  EXPECT_EQ(engaged["score"], 37) << engaged.dump();
  EXPECT_EQ(engaged["score_detail"][2]["signal"], "activities_done");

  // Changing a field the rules read changes the score.
  auto patched =
      admin_->Patch(Lead(id), {{"source", "referral"}, {"employees", nullptr}}, IfMatch("\"1\""));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["score"], 10 + 15 + 7);
  CheckJournalInvariants(server_.app());
}

TEST_F(LeadsApi, RoundRobinAndCriteriaAssignment) {
  int64_t u1 = SalesUser("rr-one");
  int64_t u2 = SalesUser("rr-two");
  int64_t admin_id = UserId(*admin_, "admin");
  const std::string url = "/api/v1/crm/settings/lead-assignment";
  auto put = [&](json value, int64_t version) {
    return admin_->Send("PUT", url, json({{"value", value}, {"version", version}}).dump(),
                        {{"Content-Type", "application/json"}});
  };
  EXPECT_EQ(admin_->Get(url).json()["value"]["mode"], "none");
  EXPECT_EQ(NewLead({{"title", "Before rules"}})["owner_user_id"], admin_id);

  auto unknown = put({{"mode", "round_robin"}, {"users", {u1, 999999}}}, 0);
  EXPECT_TRUE(IsProblem(unknown, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(unknown).count({"value/users/1", "not_found"})) << unknown.body;
  ASSERT_EQ(put({{"mode", "round_robin"}, {"users", {u1, u2}}}, 0).status, 200);

  std::vector<int64_t> owners;
  for (int i = 0; i < 3; ++i)
    owners.push_back(
        NewLead({{"title", "RR " + std::to_string(i)}})["owner_user_id"].get<int64_t>());
  EXPECT_EQ(owners, (std::vector<int64_t>{u1, u2, u1}));
  json explicit_owner = NewLead({{"title", "Mine"}, {"owner_user_id", admin_id}});
  EXPECT_EQ(explicit_owner["owner_user_id"], admin_id);
  EXPECT_EQ(NewLead({{"title", "RR 3"}})["owner_user_id"], u2) << "the rotation went on";

  // A deactivated user is skipped.
  auto user2 = admin_->Get("/api/v1/users/" + std::to_string(u2));
  ASSERT_EQ(admin_
                ->Patch("/api/v1/users/" + std::to_string(u2), {{"active", false}},
                        IfMatch(user2.header("etag")))
                .status,
            200);
  EXPECT_EQ(NewLead({{"title", "RR 4"}})["owner_user_id"], u1);
  EXPECT_EQ(NewLead({{"title", "RR 5"}})["owner_user_id"], u1);
  auto inactive = admin_->Get("/api/v1/users/" + std::to_string(u2));
  ASSERT_EQ(admin_
                ->Patch("/api/v1/users/" + std::to_string(u2), {{"active", true}},
                        IfMatch(inactive.header("etag")))
                .status,
            200);

  ASSERT_EQ(put({{"mode", "criteria"},
                 {"rules",
                  {{{"when", {{"country", "CN"}, {"source", {"web", "event"}}}}, {"user_id", u2}}}},
                 {"fallback_users", {u1}}},
                1)
                .status,
            200);
  EXPECT_EQ(NewLead({{"title", "CN web"}, {"country", "CN"}, {"source", "web"}})["owner_user_id"],
            u2);
  EXPECT_EQ(NewLead({{"title", "US web"}, {"country", "US"}, {"source", "web"}})["owner_user_id"],
            u1);
  auto bad_mode = put({{"mode", "lottery"}}, 2);
  EXPECT_TRUE(FieldErrors(bad_mode).count({"value/mode", "enum"})) << bad_mode.body;
  CheckJournalInvariants(server_.app());
}

TEST_F(LeadsApi, ConversionStopsAtALikelyDuplicatePartyAndWritesNothing) {
  int64_t existing = NewParty({{"kind", "organization"},
                               {"name", "Globex Corporation"},
                               {"email", "sales@globex.com"},
                               {"roles", {"customer"}}});
  json lead = NewLead({{"title", "Globex rollout"},
                       {"company_name", "Globex Trading"},
                       {"contact_name", "Hank Scorpio"},
                       {"email", "Sales@Globex.com"},
                       {"estimated_value", "1000.00"}});
  int64_t id = lead["id"].get<int64_t>();
  ASSERT_EQ(SetStatus(id, "qualified").status, 200);

  auto refused = admin_->Post(Lead(id) + "/convert", {{"opportunity", json::object()}});
  EXPECT_TRUE(IsProblem(refused, 409, "party.possible_duplicates"));
  ASSERT_TRUE(refused.json()["candidates"].is_array()) << refused.body;
  EXPECT_EQ(refused.json()["candidates"][0]["id"], existing);
  json after = admin_->Get(Lead(id)).json();
  EXPECT_EQ(after["status"], "qualified");
  EXPECT_EQ(after["version"], 2);
  EXPECT_TRUE(after["party_id"].is_null());
  EXPECT_EQ(Ids(admin_->Get("/api/v1/parties")), std::vector<int64_t>{existing});
  EXPECT_TRUE(Ids(admin_->Get("/api/v1/opportunities")).empty());

  // Linking the existing party: a contact for the organisation, no opportunity asked for.
  auto linked = admin_->Post(Lead(id) + "/convert", {{"party_id", existing}});
  ASSERT_EQ(linked.status, 200) << linked.body;
  EXPECT_EQ(linked.json()["party_id"], existing);
  EXPECT_TRUE(linked.json()["contact_id"].is_number_integer());
  EXPECT_TRUE(linked.json()["opportunity_id"].is_null());

  // Or deliberately a second party.
  json twin =
      NewLead({{"title", "Globex again"}, {"email", "sales@globex.com"}, {"contact_name", "Hank"}});
  auto both =
      admin_->Post(Lead(twin["id"].get<int64_t>()) + "/convert",
                   {{"allow_duplicates", true},
                    {"contact", false},
                    {"create_party", {{"roles", {"prospect", "customer"}}}},
                    {"opportunity", {{"amount", "99.90"}, {"stage_id", StageId("Proposal")}}}});
  ASSERT_EQ(both.status, 200) << both.body;
  int64_t second = both.json()["party_id"].get<int64_t>();
  EXPECT_NE(second, existing);
  EXPECT_TRUE(both.json()["contact_id"].is_null());
  json party = admin_->Get("/api/v1/parties/" + std::to_string(second)).json();
  EXPECT_EQ(party["kind"], "person");
  EXPECT_EQ(party["name"], "Hank");
  json o = admin_
               ->Get("/api/v1/opportunities/" +
                     std::to_string(both.json()["opportunity_id"].get<int64_t>()))
               .json();
  EXPECT_EQ(o["amount"], "99.90");
  EXPECT_EQ(o["probability"], 50);

  // Bad conversion bodies.
  json third = NewLead({{"title", "Third"}});
  std::string conv = Lead(third["id"].get<int64_t>()) + "/convert";
  auto foreign = admin_->Post(conv, {{"party_id", 999999}});
  EXPECT_TRUE(FieldErrors(foreign).count({"party_id", "not_found"})) << foreign.body;
  auto bad_opp = admin_->Post(
      conv, {{"allow_duplicates", true}, {"opportunity", {{"amount", "1.234"}, {"party_id", 1}}}});
  EXPECT_TRUE(FieldErrors(bad_opp).count({"opportunity/party_id", "unknown_field"}))
      << bad_opp.body;
  auto bad_amount =
      admin_->Post(conv, {{"allow_duplicates", true}, {"opportunity", {{"amount", "1.234"}}}});
  EXPECT_TRUE(FieldErrors(bad_amount).count({"opportunity/amount", "decimal.too_many_decimals"}))
      << bad_amount.body;
  EXPECT_EQ(admin_->Get(Lead(third["id"].get<int64_t>())).json()["status"], "new");
  CheckJournalInvariants(server_.app());
}

TEST_F(LeadsApi, AnotherCompanysRecordsAreNotFound) {
  int64_t campaign = 0;
  {
    auto c = admin_->Post("/api/v1/campaigns",
                          {{"name", "Spring fair"}, {"channel", "event"}, {"currency", "CNY"}});
    ASSERT_EQ(c.status, 201) << c.body;
    campaign = c.json()["id"].get<int64_t>();
  }
  int64_t party = NewParty({{"kind", "person"}, {"name", "Wang Fang"}, {"roles", {"prospect"}}});
  json lead = NewLead({{"title", "First company lead"}, {"campaign_id", campaign}});
  EXPECT_EQ(lead["campaign_id"], campaign);

  auto created = admin_->Post("/api/v1/companies",
                              {{"name", "Second Co"}, {"currency", "USD"}, {"time_zone", "UTC"}});
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}}).status,
            200);
  auto r = admin_->Post("/api/v1/leads", {{"title", "X"}, {"campaign_id", campaign}});
  EXPECT_TRUE(FieldErrors(r).count({"campaign_id", "not_found"})) << r.body;
  EXPECT_TRUE(IsProblem(admin_->Get(Lead(lead["id"].get<int64_t>())), 404, "not_found"));
  EXPECT_TRUE(IsProblem(
      admin_->Post(Lead(lead["id"].get<int64_t>()) + "/status", {{"status", "contacted"}}), 404,
      "not_found"));
  EXPECT_TRUE(Ids(admin_->Get("/api/v1/leads")).empty());
  json mine = NewLead({{"title", "Second company lead"}, {"estimated_value", "5"}});
  EXPECT_EQ(mine["number"], "LEAD-000001") << "numbers are per company";
  EXPECT_EQ(mine["currency"], "USD");
  auto conv = admin_->Post(Lead(mine["id"].get<int64_t>()) + "/convert", {{"party_id", party}});
  EXPECT_TRUE(FieldErrors(conv).count({"party_id", "not_found"})) << conv.body;
  CheckJournalInvariants(server_.app());
}

TEST_F(LeadsApi, ARepWithOwnScopeSeesOwnLeadsOnly) {
  json grants = json::array();
  for (const char* p : {"crm.lead.read", "crm.lead.create", "crm.lead.update"})
    grants.push_back({{"permission", p}, {"scope", "own"}});
  auto role = admin_->Post("/api/v1/roles", {{"name", "Own leads"}, {"permissions", grants}});
  ASSERT_EQ(role.status, 201) << role.body;
  int64_t rep = CreateUser(*admin_, "rep", {role.json()["id"].get<int64_t>()});
  auto rep_client = server_.LoginAs("rep", kDemoPassword);
  json others = NewLead({{"title", "Admin's"}});
  json own = NewLead({{"title", "Rep's"}}, rep_client.get());
  EXPECT_EQ(own["owner_user_id"], rep);
  EXPECT_EQ(Ids(rep_client->Get("/api/v1/leads")), std::vector<int64_t>{own["id"].get<int64_t>()});
  EXPECT_TRUE(IsProblem(rep_client->Get(Lead(others["id"].get<int64_t>())), 404, "not_found"));
  auto give = rep_client->Post(
      "/api/v1/leads", {{"title", "For admin"}, {"owner_user_id", UserId(*admin_, "admin")}});
  EXPECT_TRUE(FieldErrors(give).count({"owner_user_id", "forbidden"})) << give.body;
  EXPECT_TRUE(IsProblem(rep_client->Get("/api/v1/crm/settings/lead-scoring"), 403, ""));
  CheckJournalInvariants(server_.app());
}

}  // namespace
}  // namespace concord::testing

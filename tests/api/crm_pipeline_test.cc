// The pipeline through the API: stages, stage moves with their history and durations, the
// weighted forecast to the cent, win/loss, and a sales rep who sees only own figures.
#include <gtest/gtest.h>

#include <chrono>

#include "api_helpers.h"

namespace concord::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

class Pipeline : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = server_.Admin();
    party_ = NewParty({{"kind", "organization"}, {"name", "Initech"}, {"roles", {"prospect"}}});
  }

  int64_t NewParty(json body) {
    body["allow_duplicates"] = true;
    auto r = admin_->Post("/api/v1/parties", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
  }
  json NewOpportunity(json body, HttpClient* client = nullptr) {
    if (!body.contains("party_id")) body["party_id"] = party_;
    auto r = (client ? client : admin_.get())->Post("/api/v1/opportunities", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  int64_t Stage(const std::string& name) {
    return FindId(*admin_, "/api/v1/opportunity-stages?all=true", "name", name, "stage");
  }
  HttpResult Move(int64_t id, const std::string& stage, json extra = json::object()) {
    extra["stage_id"] = Stage(stage);
    return admin_->Post(Opp(id) + "/stage", extra);
  }
  static std::string Opp(int64_t id) { return "/api/v1/opportunities/" + std::to_string(id); }
  // Moves the clock on; sessions idle that long have expired, so log in again.
  void Later(std::chrono::microseconds d) {
    server_.clock().Advance(d);
    admin_ = server_.Admin();
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  int64_t party_ = 0;
};

TEST_F(Pipeline, StageMovesKeepAHistoryWithTheTimeSpentInEachStage) {
  json o = NewOpportunity({{"name", "Printers"}, {"amount", "1000"}});
  int64_t id = o["id"].get<int64_t>();
  EXPECT_EQ(o["number"], "OPPORTUNITY-000001");
  EXPECT_EQ(o["stage_name"], "Qualification") << "the first open stage by default";
  EXPECT_EQ(o["probability"], 10);
  EXPECT_EQ(o["amount"], "1000.00");
  EXPECT_EQ(o["currency"], "CNY");
  EXPECT_EQ(o["weighted_amount"], "100.00");

  Later(hours(1));
  auto proposal = Move(id, "Proposal");
  ASSERT_EQ(proposal.status, 200) << proposal.body;
  EXPECT_EQ(proposal.json()["probability"], 50);
  EXPECT_TRUE(IsProblem(Move(id, "Proposal"), 409, "opportunity.same_stage"));

  Later(hours(2));
  auto no_reason = Move(id, "Lost");
  EXPECT_TRUE(IsProblem(no_reason, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(no_reason).count({"lost_reason", "required"})) << no_reason.body;
  EXPECT_TRUE(FieldErrors(Move(id, "Negotiation", {{"lost_reason", "x"}}))
                  .count({"lost_reason", "not_allowed"}));
  auto lost = Move(id, "Lost", {{"lost_reason", "Price too high"}});
  ASSERT_EQ(lost.status, 200) << lost.body;
  EXPECT_EQ(lost.json()["status"], "lost");
  EXPECT_EQ(lost.json()["lost_reason"], "Price too high");
  EXPECT_EQ(lost.json()["probability"], 0);
  EXPECT_FALSE(lost.json()["closed_at"].is_null());

  Later(minutes(30));
  auto history = admin_->Get(Opp(id) + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  json items = history.json()["items"];
  ASSERT_EQ(items.size(), 3u) << history.body;
  EXPECT_EQ(items[0]["stage_name"], "Qualification");
  EXPECT_EQ(items[0]["seconds"], 3600);
  EXPECT_EQ(items[1]["stage_name"], "Proposal");
  EXPECT_EQ(items[1]["seconds"], 7200);
  EXPECT_EQ(items[2]["stage_name"], "Lost");
  EXPECT_TRUE(items[2]["left_at"].is_null());
  EXPECT_EQ(items[2]["seconds"], 1800) << "the open row counts until now";

  // Reopening is allowed and audited as such.
  auto reopened = Move(id, "Negotiation", {{"version", lost.json()["version"]}});
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(reopened.json()["status"], "open");
  EXPECT_TRUE(reopened.json()["closed_at"].is_null());
  EXPECT_TRUE(reopened.json()["lost_reason"].is_null());
  EXPECT_EQ(reopened.json()["probability"], 75);
  auto audit = admin_->Get("/api/v1/audit?entity=opportunity&id=" + std::to_string(id));
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::vector<std::string> actions;
  for (const auto& a : Items(audit)) actions.push_back(a["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"reopen", "lost", "stage", "create"}));
  EXPECT_TRUE(IsProblem(Move(id, "Won", {{"version", 1}}), 412, "version.stale"));

  auto durations = admin_->Get("/api/v1/pipeline/stage-durations");
  ASSERT_EQ(durations.status, 200) << durations.body;
  std::map<std::string, json> by_name;
  for (const auto& s : Items(durations)) by_name[s["name"]] = s;
  EXPECT_EQ(by_name["Qualification"]["completed"], 1);
  EXPECT_EQ(by_name["Qualification"]["avg_seconds"], 3600);
  EXPECT_EQ(by_name["Proposal"]["avg_seconds"], 7200);
  EXPECT_EQ(by_name["Lost"]["avg_seconds"], 1800);
  EXPECT_EQ(by_name["Negotiation"]["current"], 1);
  EXPECT_TRUE(by_name["Needs analysis"]["avg_seconds"].is_null());
  CheckJournalInvariants(server_.app());
}

TEST_F(Pipeline, TheWeightedForecastIsExact) {
  NewOpportunity({{"name", "A"}, {"amount", "1000.00"}, {"expected_close", "2026-03-15"}});
  NewOpportunity({{"name", "B"},
                  {"amount", "2500.50"},
                  {"stage_id", Stage("Proposal")},
                  {"expected_close", "2026-03-31"}});
  NewOpportunity({{"name", "C"},
                  {"amount", "99.99"},
                  {"currency", "USD"},
                  {"probability", 33},
                  {"expected_close", "2026-04-01"}});
  NewOpportunity({{"name", "D"}, {"amount", "7"}});
  json won = NewOpportunity({{"name", "E"}, {"amount", "5000"}, {"expected_close", "2026-03-01"}});
  ASSERT_EQ(Move(won["id"].get<int64_t>(), "Won").status, 200);

  auto r = admin_->Get("/api/v1/pipeline/forecast?group=month");
  ASSERT_EQ(r.status, 200) << r.body;
  json items = r.json()["items"];
  ASSERT_EQ(items.size(), 3u) << r.body;
  // 1000.00 × 10% + 2500.50 × 50% = 100.00 + 1250.25
  EXPECT_EQ(items[0], json({{"key", "2026-03"},
                            {"currency", "CNY"},
                            {"count", 2},
                            {"amount", "3500.50"},
                            {"weighted", "1350.25"}}));
  // 99.99 × 33% = 32.9967, rounded once to 33.00
  EXPECT_EQ(items[1]["key"], "2026-04");
  EXPECT_EQ(items[1]["weighted"], "33.00");
  EXPECT_EQ(items[2]["key"], "none");
  EXPECT_EQ(items[2]["weighted"], "0.70");
  json totals = r.json()["totals"];
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(
      totals[0],
      json({{"currency", "CNY"}, {"count", 3}, {"amount", "3507.50"}, {"weighted", "1350.95"}}));
  EXPECT_EQ(totals[1]["currency"], "USD");

  auto april = admin_->Get("/api/v1/pipeline/forecast?from=2026-04-01&to=2026-04-30");
  ASSERT_EQ(april.status, 200) << april.body;
  ASSERT_EQ(april.json()["items"].size(), 1u);
  EXPECT_EQ(april.json()["items"][0]["amount"], "99.99");
  auto march = admin_->Get("/api/v1/pipeline/forecast?to=2026-03-31");
  EXPECT_EQ(march.json()["totals"][0]["amount"], "3500.50") << "to is inclusive";

  auto by_owner = admin_->Get("/api/v1/pipeline/forecast?group=owner");
  ASSERT_EQ(by_owner.status, 200);
  EXPECT_EQ(by_owner.json()["items"][0]["key"], UserId(*admin_, "admin"));
  EXPECT_EQ(by_owner.json()["items"][0]["weighted"], "1350.95");
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/pipeline/forecast?group=planet"), 422, ""));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/pipeline/forecast?from=2026-02-30"), 422, ""));
  CheckJournalInvariants(server_.app());
}

TEST_F(Pipeline, WinLossCountsClosedOpportunities) {
  std::vector<int64_t> ids;
  for (const char* amount : {"100.00", "200.00", "300.00", "400.00"})
    ids.push_back(NewOpportunity({{"name", amount}, {"amount", amount}})["id"].get<int64_t>());
  Later(hours(36));
  ASSERT_EQ(Move(ids[0], "Won").status, 200);
  ASSERT_EQ(Move(ids[1], "Won").status, 200);
  ASSERT_EQ(Move(ids[2], "Lost", {{"lost_reason", "Price"}}).status, 200);
  std::string today = server_.clock().Now().ToIso().substr(0, 10);

  auto r = admin_->Get("/api/v1/pipeline/win-loss?from=" + today + "&to=" + today);
  ASSERT_EQ(r.status, 200) << r.body;
  json w = r.json();
  EXPECT_EQ(w["won"], 2);
  EXPECT_EQ(w["lost"], 1);
  EXPECT_EQ(w["win_rate"], "0.6667");
  EXPECT_EQ(w["won_amount"], json::parse(R"([{"currency": "CNY", "amount": "300.00"}])"));
  EXPECT_EQ(w["lost_amount"][0]["amount"], "300.00");
  EXPECT_EQ(w["lost_reasons"], json::parse(R"([{"reason": "Price", "count": 1}])"));
  EXPECT_EQ(w["avg_days_to_close"], "1.5");
  ASSERT_EQ(w["by_owner"].size(), 1u);
  EXPECT_EQ(w["by_owner"][0]["won"], 2);

  std::string tomorrow = (server_.clock().Now() + hours(24)).ToIso().substr(0, 10);
  auto none = admin_->Get("/api/v1/pipeline/win-loss?from=" + tomorrow);
  EXPECT_EQ(none.json()["won"], 0);
  EXPECT_TRUE(none.json()["win_rate"].is_null());
  CheckJournalInvariants(server_.app());
}

TEST_F(Pipeline, StagesAreConfigurable) {
  auto created =
      admin_->Post("/api/v1/opportunity-stages",
                   {{"name", "Demo"}, {"outcome", "open"}, {"probability", 35}, {"sequence", 25}});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t demo = created.json()["id"].get<int64_t>();
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/opportunity-stages",
                                     {{"name", "Demo"}, {"outcome", "open"}, {"probability", 1}}),
                        409, "stage.name_taken"));
  auto missing = admin_->Post("/api/v1/opportunity-stages",
                              {{"name", "X"}, {"outcome", "maybe"}, {"probability", 101}});
  EXPECT_TRUE(FieldErrors(missing).count({"outcome", "enum"})) << missing.body;
  EXPECT_TRUE(FieldErrors(missing).count({"probability", "range"})) << missing.body;
  auto lost2 =
      admin_->Post("/api/v1/opportunity-stages", {{"name", "No decision"}, {"outcome", "lost"}});
  ASSERT_EQ(lost2.status, 201) << lost2.body;
  EXPECT_EQ(lost2.json()["probability"], 0);

  std::vector<std::string> names;
  for (const auto& s : Items(admin_->Get("/api/v1/opportunity-stages"))) names.push_back(s["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"Qualification", "Needs analysis", "Demo", "Proposal",
                                             "Negotiation", "Won", "Lost", "No decision"}));

  std::string path = "/api/v1/opportunity-stages/" + std::to_string(demo);
  auto ro = admin_->Patch(path, {{"outcome", "won"}}, IfMatch("\"1\""));
  EXPECT_TRUE(FieldErrors(ro).count({"outcome", "read_only"})) << ro.body;
  auto patched = admin_->Patch(path, {{"probability", 40}, {"active", false}}, IfMatch("\"1\""));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json()["probability"], 40);
  EXPECT_TRUE(IsProblem(admin_->Patch(path, {{"probability", 41}}, IfMatch("\"1\"")), 412,
                        "version.stale"));
  auto inactive = admin_->Post("/api/v1/opportunities",
                               {{"name", "X"}, {"party_id", party_}, {"stage_id", demo}});
  EXPECT_TRUE(FieldErrors(inactive).count({"stage_id", "inactive"})) << inactive.body;
  auto closed = admin_->Post("/api/v1/opportunities",
                             {{"name", "X"}, {"party_id", party_}, {"stage_id", Stage("Won")}});
  EXPECT_TRUE(FieldErrors(closed).count({"stage_id", "not_open"})) << closed.body;

  // The last active open stage stays.
  for (const char* name : {"Qualification", "Needs analysis", "Proposal"}) {
    std::string p = "/api/v1/opportunity-stages/" + std::to_string(Stage(name));
    ASSERT_EQ(admin_->Patch(p, {{"active", false}}, IfMatch("\"1\"")).status, 200);
  }
  std::string last = "/api/v1/opportunity-stages/" + std::to_string(Stage("Negotiation"));
  EXPECT_TRUE(IsProblem(admin_->Patch(last, {{"active", false}}, IfMatch("\"1\"")), 409,
                        "stage.last_open"));
  EXPECT_EQ(NewOpportunity({{"name", "Y"}})["stage_name"], "Negotiation");
  CheckJournalInvariants(server_.app());
}

TEST_F(Pipeline, OpportunityInputIsValidated) {
  auto r = admin_->Post("/api/v1/opportunities", {{"amount", "12.345"},
                                                  {"probability", 120},
                                                  {"expected_close", "2026-02-30"},
                                                  {"contact_id", 999999},
                                                  {"campaign_id", 999999},
                                                  {"party_id", 999999},
                                                  {"stage", "won"}});
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  auto errors = FieldErrors(r);
  for (const auto& want :
       std::vector<std::pair<std::string, std::string>>{{"name", "required"},
                                                        {"amount", "decimal.too_many_decimals"},
                                                        {"probability", "range"},
                                                        {"expected_close", "date.invalid"},
                                                        {"party_id", "not_found"},
                                                        {"contact_id", "not_found"},
                                                        {"campaign_id", "not_found"},
                                                        {"stage", "unknown_field"}}) {
    EXPECT_TRUE(errors.count(want)) << want.first << " " << want.second << ": " << r.body;
  }
  auto cur =
      admin_->Post("/api/v1/opportunities",
                   {{"name", "X"}, {"party_id", party_}, {"amount", 5}, {"currency", "ABC"}});
  EXPECT_TRUE(FieldErrors(cur).count({"amount", "type"})) << cur.body;
  EXPECT_TRUE(FieldErrors(cur).count({"currency", "currency.unknown"})) << cur.body;

  json o =
      NewOpportunity({{"name", "Copiers"}, {"amount", "10.50"}, {"competitors", "Xerox; Canon"}});
  std::string path = Opp(o["id"].get<int64_t>());
  auto jpy = admin_->Patch(path, {{"currency", "JPY"}}, IfMatch("\"1\""));
  EXPECT_TRUE(FieldErrors(jpy).count({"amount", "decimal.too_many_decimals"})) << jpy.body;
  auto ok = admin_->Patch(
      path,
      {{"currency", "JPY"}, {"amount", "1200"}, {"probability", 90}, {"expected_close", nullptr}},
      IfMatch("\"1\""));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["amount"], "1200");
  EXPECT_EQ(ok.json()["weighted_amount"], "1080");
  EXPECT_TRUE(
      IsProblem(admin_->Patch(path, {{"name", "Z"}}, IfMatch("\"1\"")), 412, "version.stale"));
  auto stage = admin_->Patch(path, {{"stage_id", Stage("Won")}}, IfMatch("\"2\""));
  EXPECT_TRUE(FieldErrors(stage).count({"stage_id", "read_only"})) << stage.body;
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/opportunities?status=maybe"), 422, ""));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/opportunities/abc"), 404, "not_found"));
  CheckJournalInvariants(server_.app());
}

TEST_F(Pipeline, ARepWithOwnScopeSeesOnlyOwnOpportunitiesAndFigures) {
  json grants = json::array();
  for (const char* p : {"crm.opportunity.read", "crm.opportunity.create", "crm.opportunity.update",
                        "party.party.read"})
    grants.push_back({{"permission", p}, {"scope", "own"}});
  grants.push_back({{"permission", "crm.stage.read"}, {"scope", "company"}});
  auto role = admin_->Post("/api/v1/roles", {{"name", "Sales Rep (own)"}, {"permissions", grants}});
  ASSERT_EQ(role.status, 201) << role.body;
  int64_t rep = CreateUser(*admin_, "rep", {role.json()["id"].get<int64_t>()});
  auto rep_client = server_.LoginAs("rep", kDemoPassword);
  int64_t reps_party =
      NewParty({{"kind", "person"}, {"name", "Zhang Wei"}, {"owner_user_id", rep}});

  json admins = NewOpportunity({{"name", "Admin's"}, {"amount", "1000.00"}});
  json own = NewOpportunity({{"name", "Rep's"}, {"amount", "2500.50"}, {"party_id", reps_party}},
                            rep_client.get());
  EXPECT_EQ(own["owner_user_id"], rep);
  auto foreign = rep_client->Post("/api/v1/opportunities", {{"name", "X"}, {"party_id", party_}});
  EXPECT_TRUE(FieldErrors(foreign).count({"party_id", "not_found"})) << "admin's party is hidden";
  auto give = rep_client->Post(
      "/api/v1/opportunities",
      {{"name", "X"}, {"party_id", reps_party}, {"owner_user_id", UserId(*admin_, "admin")}});
  EXPECT_TRUE(FieldErrors(give).count({"owner_user_id", "forbidden"})) << give.body;

  EXPECT_EQ(Ids(rep_client->Get("/api/v1/opportunities")),
            std::vector<int64_t>{own["id"].get<int64_t>()});
  EXPECT_TRUE(IsProblem(rep_client->Get(Opp(admins["id"].get<int64_t>())), 404, "not_found"));
  EXPECT_TRUE(
      IsProblem(rep_client->Get(Opp(admins["id"].get<int64_t>()) + "/history"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(
      rep_client->Post(Opp(admins["id"].get<int64_t>()) + "/stage", {{"stage_id", Stage("Won")}}),
      404, "not_found"));
  auto mine = rep_client->Get("/api/v1/pipeline/forecast");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json()["totals"][0]["amount"], "2500.50");
  EXPECT_EQ(mine.json()["totals"][0]["weighted"], "250.05");
  auto all = admin_->Get("/api/v1/pipeline/forecast");
  EXPECT_EQ(all.json()["totals"][0]["amount"], "3500.50");
  EXPECT_EQ(all.json()["totals"][0]["weighted"], "350.05");

  ASSERT_EQ(Move(admins["id"].get<int64_t>(), "Lost", {{"lost_reason", "Timing"}}).status, 200);
  EXPECT_EQ(rep_client->Get("/api/v1/pipeline/win-loss").json()["lost"], 0);
  EXPECT_EQ(admin_->Get("/api/v1/pipeline/win-loss").json()["lost"], 1);
  auto durations = rep_client->Get("/api/v1/pipeline/stage-durations");
  ASSERT_EQ(durations.status, 200);
  for (const auto& s : Items(durations)) {
    if (s["name"] == "Qualification") {
      EXPECT_EQ(s["current"], 1) << "only the rep's";
    }
    if (s["name"] == "Lost") {
      EXPECT_EQ(s["current"], 0);
    }
  }
  EXPECT_TRUE(
      IsProblem(rep_client->Post("/api/v1/opportunity-stages",
                                 {{"name", "Mine"}, {"outcome", "open"}, {"probability", 1}}),
                403, ""));
  CheckJournalInvariants(server_.app());
}

}  // namespace
}  // namespace concord::testing

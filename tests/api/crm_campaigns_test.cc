// Segments and campaigns: a saved party filter as the target group, a campaign filled from it,
// members moving forward through sent → responded → converted, and response tracking with
// exact rates and cost per response. Validation, record rules and company isolation.
#include <gtest/gtest.h>

#include "api_helpers.h"

namespace concord::testing {
namespace {

int64_t CreateParty(HttpClient& c, const std::string& name, const std::string& city,
                    const std::vector<std::string>& tags) {
  json body = {
      {"kind", "organization"},
      {"name", name},
      {"roles", {"customer"}},
      {"tags", tags},
      {"addresses",
       {{{"kind", "billing"}, {"line1", "1 Main Road"}, {"city", city}, {"country", "CN"}}}},
      {"allow_duplicates", true}};
  auto r = c.Post("/api/v1/parties", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
}

std::string Campaign(int64_t id, const std::string& tail = "") {
  return "/api/v1/campaigns/" + std::to_string(id) + tail;
}
std::string Segment(int64_t id, const std::string& tail = "") {
  return "/api/v1/segments/" + std::to_string(id) + tail;
}

std::vector<int64_t> PartyIds(const HttpResult& r) {
  std::vector<int64_t> out;
  for (const auto& m : Items(r)) out.push_back(m["party_id"].get<int64_t>());
  return out;
}

class Campaigns : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = server_.Admin();
    sh_vip_a_ = CreateParty(*admin_, "上海贸易 A", "Shanghai", {"vip"});
    sh_vip_b_ = CreateParty(*admin_, "Shanghai Metals B", "Shanghai", {"vip", "metal"});
    bj_vip_ = CreateParty(*admin_, "北京机械", "Beijing", {"vip"});
    sh_plain_ = CreateParty(*admin_, "Shanghai Plain", "Shanghai", {});
  }

  int64_t CreateSegment(const std::string& name, const json& filter) {
    auto r = admin_->Post("/api/v1/segments", {{"name", name}, {"filter", filter}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
  }

  int64_t CreateCampaign(json body) {
    auto r = admin_->Post("/api/v1/campaigns", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
  }

  HttpResult SetStatus(int64_t campaign, int64_t party, const std::string& status) {
    return admin_->Post(Campaign(campaign, "/members/" + std::to_string(party) + "/status"),
                        {{"status", status}});
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  int64_t sh_vip_a_ = 0, sh_vip_b_ = 0, bj_vip_ = 0, sh_plain_ = 0;
};

TEST_F(Campaigns, SegmentIsASavedPartyFilter) {
  auto created =
      admin_->Post("/api/v1/segments",
                   {{"name", "VIP 上海"}, {"filter", {{"tag", "vip"}, {"city", "Shanghai"}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t seg = created.json()["id"].get<int64_t>();
  EXPECT_EQ(created.json()["filter"]["tag"], "vip");
  EXPECT_EQ(created.json()["filter"]["active"], true);  // stored normalised
  EXPECT_EQ(created.header("etag"), "\"1\"");
  auto parties = admin_->Get(Segment(seg, "/parties"));
  ASSERT_EQ(parties.status, 200) << parties.body;
  EXPECT_EQ(Ids(parties), (std::vector<int64_t>{sh_vip_a_, sh_vip_b_}));
  auto page = admin_->Get(Segment(seg, "/parties?limit=1"));
  EXPECT_EQ(Ids(page), std::vector<int64_t>{sh_vip_a_});
  EXPECT_EQ(Ids(admin_->Get(Segment(
                seg, "/parties?limit=1&cursor=" + page.json()["next_cursor"].get<std::string>()))),
            std::vector<int64_t>{sh_vip_b_});

  auto bad = admin_->Post("/api/v1/segments",
                          {{"name", "Bad"}, {"filter", {{"role", "emperor"}, {"colour", 1}}}});
  EXPECT_TRUE(IsProblem(bad, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(bad).count({"filter/role", "enum"})) << bad.body;
  EXPECT_TRUE(FieldErrors(bad).count({"filter/colour", "unknown_field"})) << bad.body;
  auto not_object = admin_->Post("/api/v1/segments", {{"name", "Bad"}, {"filter", "vip"}});
  EXPECT_TRUE(FieldErrors(not_object).count({"filter", "type"})) << not_object.body;
  auto missing = admin_->Post("/api/v1/segments", {{"name", "'; DELETE FROM segments; --"}});
  EXPECT_TRUE(FieldErrors(missing).count({"filter", "required"})) << missing.body;
  EXPECT_TRUE(IsProblem(
      admin_->Post("/api/v1/segments", {{"name", "VIP 上海"}, {"filter", json::object()}}), 409,
      "segment.name_taken"));

  EXPECT_TRUE(IsProblem(admin_->Patch(Segment(seg), {{"filter", {{"tag", "vip"}}}}), 428,
                        "version.required"));
  auto widened = admin_->Patch(Segment(seg), {{"filter", {{"tag", "vip"}}}}, IfMatch("\"1\""));
  ASSERT_EQ(widened.status, 200) << widened.body;
  EXPECT_EQ(widened.json()["version"], 2);
  EXPECT_EQ(Ids(admin_->Get(Segment(seg, "/parties"))),
            (std::vector<int64_t>{sh_vip_a_, sh_vip_b_, bj_vip_}));
  auto customers = CreateSegment("Customers", {{"role", "customer"}});
  EXPECT_EQ(Ids(admin_->Get(Segment(customers, "/parties"))).size(), 4u);

  // A segment a campaign targets stays; an unused one can be deleted.
  CreateCampaign({{"name", "Uses VIP"}, {"channel", "email"}, {"segment_id", seg}});
  EXPECT_TRUE(IsProblem(admin_->Delete(Segment(seg), IfMatch("\"2\"")), 409, "segment.in_use"));
  EXPECT_TRUE(IsProblem(admin_->Delete(Segment(customers)), 428, "version.required"));
  EXPECT_EQ(admin_->Delete(Segment(customers), IfMatch("\"1\"")).status, 204);
  EXPECT_TRUE(IsProblem(admin_->Get(Segment(customers)), 404, "not_found"));
  EXPECT_EQ(Ids(admin_->Get("/api/v1/segments")), std::vector<int64_t>{seg});
  CheckJournalInvariants(server_.app());
}

TEST_F(Campaigns, FromSegmentThroughResponsesToStats) {
  int64_t seg = CreateSegment("VIP Shanghai", {{"tag", "vip"}, {"city", "Shanghai"}});
  auto created = admin_->Post("/api/v1/campaigns", {{"name", "Spring fair 春季展会"},
                                                    {"channel", "event"},
                                                    {"budget", "1000.00"},
                                                    {"segment_id", seg},
                                                    {"starts_on", "2026-12-01"},
                                                    {"ends_on", "2026-12-31"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json c = created.json();
  EXPECT_EQ(c["status"], "planned");
  EXPECT_EQ(c["currency"], "CNY");  // the company's
  EXPECT_EQ(c["budget"], "1000.00");
  int64_t id = c["id"].get<int64_t>();

  auto from_segment = admin_->Send("POST", Campaign(id, "/members/from-segment"));
  ASSERT_EQ(from_segment.status, 200) << from_segment.body;
  EXPECT_EQ(from_segment.json()["added"], 2);
  EXPECT_EQ(from_segment.json()["matched"], 2);
  EXPECT_EQ(from_segment.json()["capped"], false);
  EXPECT_EQ(admin_->Send("POST", Campaign(id, "/members/from-segment")).json()["added"], 0);
  int64_t p5 = CreateParty(*admin_, "Hangzhou Five", "Hangzhou", {});
  int64_t p6 = CreateParty(*admin_, "Hangzhou Six", "Hangzhou", {});
  int64_t p7 = CreateParty(*admin_, "Hangzhou Seven", "Hangzhou", {});
  auto added = admin_->Post(Campaign(id, "/members"),
                            {{"party_ids", {bj_vip_, sh_plain_, bj_vip_, sh_vip_a_, p5, p6, p7}}});
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.json()["added"], 5);
  EXPECT_EQ(added.json()["already_members"], 2);
  auto bad_ids = admin_->Post(Campaign(id, "/members"), {{"party_ids", {999999, "x"}}});
  EXPECT_TRUE(IsProblem(bad_ids, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(bad_ids).count({"party_ids/0", "not_found"})) << bad_ids.body;
  EXPECT_TRUE(FieldErrors(bad_ids).count({"party_ids/1", "type"})) << bad_ids.body;
  EXPECT_TRUE(IsProblem(admin_->Post(Campaign(id, "/members"), {{"party_ids", json::array()}}), 422,
                        "validation.failed"));

  // Responses are tracked once the campaign runs.
  EXPECT_TRUE(IsProblem(SetStatus(id, sh_vip_a_, "sent"), 409, "campaign.not_active"));
  ASSERT_EQ(admin_->Send("POST", Campaign(id, "/activate")).json()["status"], "active");
  EXPECT_TRUE(
      IsProblem(admin_->Send("POST", Campaign(id, "/activate")), 409, "campaign.transition"));
  for (int64_t p : {sh_vip_a_, sh_vip_b_, bj_vip_, sh_plain_, p5, p6}) {
    ASSERT_EQ(SetStatus(id, p, "sent").status, 200);
  }
  server_.clock().Advance(std::chrono::minutes(30));
  auto responded = SetStatus(id, sh_vip_a_, "responded");
  ASSERT_EQ(responded.status, 200) << responded.body;
  EXPECT_NE(responded.json()["responded_at"], nullptr);
  EXPECT_EQ(responded.json()["converted_at"], nullptr);
  EXPECT_EQ(SetStatus(id, sh_vip_a_, "converted").status, 200);
  EXPECT_EQ(SetStatus(id, sh_vip_b_, "responded").status, 200);
  EXPECT_EQ(SetStatus(id, bj_vip_, "responded").status, 200);
  auto jumped = SetStatus(id, sh_plain_, "converted");  // skipping forward is fine
  ASSERT_EQ(jumped.status, 200) << jumped.body;
  EXPECT_NE(jumped.json()["sent_at"], nullptr);
  EXPECT_NE(jumped.json()["responded_at"], nullptr);
  EXPECT_NE(jumped.json()["converted_at"], nullptr);
  // Never backwards, nor to the same status; only members; only known statuses.
  EXPECT_TRUE(IsProblem(SetStatus(id, sh_vip_a_, "sent"), 409, "campaign_member.backward"));
  EXPECT_TRUE(IsProblem(SetStatus(id, sh_vip_b_, "responded"), 409, "campaign_member.backward"));
  EXPECT_TRUE(IsProblem(SetStatus(id, CreateParty(*admin_, "Outsider", "Wuxi", {}), "sent"), 404,
                        "not_found"));
  auto targeted = SetStatus(id, p7, "targeted");
  EXPECT_TRUE(FieldErrors(targeted).count({"status", "enum"})) << targeted.body;

  EXPECT_EQ(PartyIds(admin_->Get(Campaign(id, "/members?status=responded"))),
            (std::vector<int64_t>{sh_vip_b_, bj_vip_}));
  EXPECT_EQ(PartyIds(admin_->Get(Campaign(id, "/members?status=targeted"))),
            std::vector<int64_t>{p7});
  EXPECT_EQ(Items(admin_->Get(Campaign(id, "/members"))).size(), 7u);
  EXPECT_TRUE(
      IsProblem(admin_->Get(Campaign(id, "/members?status=lost")), 422, "validation.failed"));

  auto stats = admin_->Get(Campaign(id, "/stats"));
  ASSERT_EQ(stats.status, 200) << stats.body;
  json s = stats.json();
  EXPECT_EQ(s["members"], 7);
  EXPECT_EQ(s["by_status"],
            json({{"targeted", 1}, {"sent", 2}, {"responded", 2}, {"converted", 2}}));
  EXPECT_EQ(s["response_rate"], "0.6667");  // 4 responses of 6 reached
  EXPECT_EQ(s["conversion_rate"], "0.3333");
  EXPECT_EQ(s["budget"], "1000.00");
  EXPECT_EQ(s["currency"], "CNY");
  EXPECT_EQ(s["cost_per_response"], "250.00");  // 1000.00 / 4
  EXPECT_EQ(s["cost_per_conversion"], "500.00");
  EXPECT_EQ(s["revenue"], nullptr);
  EXPECT_EQ(s["roi"], nullptr);
  EXPECT_EQ(s["revenue_source"], "pending_sales_area");

  // Done: responses still come in, members no longer join; cancelled only from planned/active.
  ASSERT_EQ(admin_->Send("POST", Campaign(id, "/complete")).json()["status"], "done");
  EXPECT_EQ(SetStatus(id, p5, "responded").status, 200);
  EXPECT_TRUE(IsProblem(admin_->Post(Campaign(id, "/members"), {{"party_ids", {p7}}}), 409,
                        "campaign.closed"));
  EXPECT_TRUE(IsProblem(admin_->Send("POST", Campaign(id, "/cancel")), 409, "campaign.transition"));
  EXPECT_EQ(admin_->Get(Campaign(id, "/stats")).json()["cost_per_response"], "200.00");
  auto audit = admin_->Get("/api/v1/audit?entity=campaign&id=" + std::to_string(id) + "&limit=500");
  EXPECT_GE(Items(audit).size(), 15u) << audit.body;
  CheckJournalInvariants(server_.app());
}

// A lead from the campaign whose party responds gains engagement (default rules: 15 points).
TEST_F(Campaigns, ResponseRescoresTheCampaignsLeads) {
  int64_t id = CreateCampaign({{"name", "Webinar"}, {"channel", "email"}});
  auto lead = admin_->Post("/api/v1/leads", {{"title", "Webinar sign-up"}, {"campaign_id", id}});
  ASSERT_EQ(lead.status, 201) << lead.body;
  std::string lead_path = "/api/v1/leads/" + std::to_string(lead.json()["id"].get<int64_t>());
  auto converted =
      admin_->Post(lead_path + "/convert", {{"party_id", sh_vip_a_}, {"opportunity", nullptr}});
  ASSERT_EQ(converted.status, 200) << converted.body;
  int64_t base = admin_->Get(lead_path).json()["score"].get<int64_t>();
  ASSERT_EQ(admin_->Post(Campaign(id, "/members"), {{"party_ids", {sh_vip_a_}}}).status, 200);
  ASSERT_EQ(admin_->Send("POST", Campaign(id, "/activate")).status, 200);
  ASSERT_EQ(SetStatus(id, sh_vip_a_, "sent").status, 200);
  EXPECT_EQ(admin_->Get(lead_path).json()["score"], base);
  ASSERT_EQ(SetStatus(id, sh_vip_a_, "responded").status, 200);
  EXPECT_EQ(admin_->Get(lead_path).json()["score"], base + 15);
  CheckJournalInvariants(server_.app());
}

TEST_F(Campaigns, ValidationAndVersions) {
  auto r = admin_->Post("/api/v1/campaigns", {{"channel", "fax"},
                                              {"budget", "1,000"},
                                              {"currency", "XXX"},
                                              {"starts_on", "2026-12-31"},
                                              {"ends_on", "2026-12-01"},
                                              {"segment_id", 999999},
                                              {"status", "active"}});
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  auto errors = FieldErrors(r);
  EXPECT_TRUE(errors.count({"name", "required"})) << r.body;
  EXPECT_TRUE(errors.count({"channel", "enum"})) << r.body;
  EXPECT_TRUE(errors.count({"currency", "currency.unknown"})) << r.body;
  EXPECT_TRUE(errors.count({"ends_on", "before_starts_on"})) << r.body;
  EXPECT_TRUE(errors.count({"segment_id", "not_found"})) << r.body;
  EXPECT_TRUE(errors.count({"status", "unknown_field"})) << r.body;
  auto negative =
      admin_->Post("/api/v1/campaigns", {{"name", "N"}, {"channel", "ads"}, {"budget", "-5.00"}});
  EXPECT_TRUE(FieldErrors(negative).count({"budget", "negative"})) << negative.body;
  auto comma =
      admin_->Post("/api/v1/campaigns", {{"name", "N"}, {"channel", "ads"}, {"budget", "1,000"}});
  EXPECT_TRUE(FieldErrors(comma).count({"budget", "decimal.comma_not_allowed"})) << comma.body;

  int64_t id = CreateCampaign({{"name", "Ads"}, {"channel", "ads"}, {"budget", "99.5"}});
  auto got = admin_->Get(Campaign(id));
  EXPECT_EQ(got.json()["budget"], "99.50");
  EXPECT_TRUE(IsProblem(admin_->Patch(Campaign(id), {{"budget", "100"}}, IfMatch("\"9\"")), 412,
                        "version.stale"));
  auto yen = admin_->Patch(Campaign(id), {{"currency", "JPY"}}, IfMatch("\"1\""));
  EXPECT_TRUE(FieldErrors(yen).count({"budget", "decimal.too_many_decimals"})) << yen.body;
  auto changed =
      admin_->Patch(Campaign(id), {{"currency", "JPY"}, {"budget", "15000"}, {"version", 1}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json()["budget"], "15000");
  EXPECT_EQ(changed.json()["version"], 2);
  auto empty = admin_->Get(Campaign(id, "/stats")).json();
  EXPECT_EQ(empty["response_rate"], nullptr);
  EXPECT_EQ(empty["cost_per_response"], nullptr);
  EXPECT_TRUE(IsProblem(admin_->Send("POST", Campaign(id, "/members/from-segment")), 409,
                        "campaign.no_segment"));
  ASSERT_EQ(admin_->Send("POST", Campaign(id, "/cancel")).json()["status"], "cancelled");
  EXPECT_TRUE(IsProblem(admin_->Patch(Campaign(id), {{"name", "Again"}}, IfMatch("\"3\"")), 409,
                        "campaign.cancelled"));
  EXPECT_EQ(Ids(admin_->Get("/api/v1/campaigns?status=cancelled")), std::vector<int64_t>{id});
  EXPECT_EQ(Ids(admin_->Get("/api/v1/campaigns?status=planned")), std::vector<int64_t>{});
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/campaigns?channel=fax"), 422, "validation.failed"));
  CheckJournalInvariants(server_.app());
}

TEST_F(Campaigns, OtherCompaniesAndOwnScope) {
  int64_t seg = CreateSegment("VIP", {{"tag", "vip"}});
  int64_t id = CreateCampaign({{"name", "First Co"}, {"channel", "mail"}, {"segment_id", seg}});
  json grants = {{{"permission", "crm.campaign.read"}, {"scope", "own"}},
                 {{"permission", "crm.segment.read"}, {"scope", "own"}}};
  auto role = admin_->Post("/api/v1/roles", {{"name", "Marketer"}, {"permissions", grants}});
  ASSERT_EQ(role.status, 201) << role.body;
  CreateUser(*admin_, "mia", {role.json()["id"].get<int64_t>()});
  auto mia = server_.LoginAs("mia", kDemoPassword);
  EXPECT_TRUE(IsProblem(mia->Get(Campaign(id)), 404, "not_found"));
  EXPECT_TRUE(IsProblem(mia->Get(Campaign(id, "/stats")), 404, "not_found"));
  EXPECT_TRUE(IsProblem(mia->Get(Segment(seg)), 404, "not_found"));
  EXPECT_EQ(Ids(mia->Get("/api/v1/campaigns")), std::vector<int64_t>{});
  EXPECT_TRUE(IsProblem(mia->Send("POST", Campaign(id, "/activate")), 403, "permission_denied"));

  auto created =
      admin_->Post("/api/v1/companies",
                   {{"name", "Second Co"}, {"currency", "USD"}, {"time_zone", "America/New_York"}});
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}}).status,
            200);
  EXPECT_TRUE(IsProblem(admin_->Get(Campaign(id)), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Get(Segment(seg, "/parties")), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Send("POST", Campaign(id, "/cancel")), 404, "not_found"));
  auto cross = admin_->Post("/api/v1/campaigns",
                            {{"name", "Cross"}, {"channel", "mail"}, {"segment_id", seg}});
  EXPECT_TRUE(FieldErrors(cross).count({"segment_id", "not_found"})) << cross.body;
  int64_t own = CreateCampaign({{"name", "Second"}, {"channel", "social"}, {"budget", "10"}});
  EXPECT_EQ(admin_->Get(Campaign(own)).json()["currency"], "USD");
  auto members = admin_->Post(Campaign(own, "/members"), {{"party_ids", {sh_vip_a_}}});
  EXPECT_TRUE(FieldErrors(members).count({"party_ids/0", "not_found"})) << members.body;
  // The same filter in this company matches this company's parties only.
  int64_t here = CreateSegment("VIP", {{"tag", "vip"}});
  EXPECT_EQ(Ids(admin_->Get(Segment(here, "/parties"))), std::vector<int64_t>{});
  EXPECT_EQ(Ids(admin_->Get("/api/v1/campaigns")), std::vector<int64_t>{own});
  CheckJournalInvariants(server_.app());
}

}  // namespace
}  // namespace concord::testing

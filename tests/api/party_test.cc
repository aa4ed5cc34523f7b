// Parties: the one master record. Create with validation, search in any script, duplicates
// detected and merged with every linked record moved, contacts, addresses, consents, the 360°
// overview, and the lifecycle status fed by purchase history.
#include <gtest/gtest.h>

#include "api_helpers.h"
#include "party/service.h"

namespace concord::testing {
namespace {

int64_t CreateParty(HttpClient& c, json body) {
  if (!body.contains("allow_duplicates")) body["allow_duplicates"] = true;
  auto r = c.Post("/api/v1/parties", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
}

std::string ETag(HttpClient& c, const std::string& path) { return c.Get(path).header("etag"); }

TEST(Parties, CreateReadUpdateWithNormalisedContactData) {
  TestServer server;
  auto admin = server.Admin();
  auto r = admin->Post("/api/v1/parties",
                       {{"kind", "organization"},
                        {"name", "上海阿克米贸易有限公司"},
                        {"roles", {"customer", "supplier"}},
                        {"email", " Sales@Acme.CN "},
                        {"phone", "021-6552 9988"},
                        {"tax_id", "91310000-MA1FL"},
                        {"credit_limit", "50000.00"},
                        {"payment_term_days", 30},
                        {"language", "zh-CN"},
                        {"tags", {"vip", "华东"}},
                        {"identifiers", {{{"kind", "loyalty_card"}, {"value", "LC-0001"}}}},
                        {"addresses",
                         {{{"kind", "billing"},
                           {"line1", "浦东新区世纪大道100号"},
                           {"city", "上海市"},
                           {"country", "CN"}}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  json p = r.json();
  EXPECT_EQ(p["roles"], json({"customer", "supplier"}));
  EXPECT_EQ(p["phone_e164"], "+862165529988");
  EXPECT_EQ(p["email"], "Sales@Acme.CN");
  EXPECT_EQ(p["currency"], "CNY");
  EXPECT_EQ(p["credit_limit"], "50000.00");
  EXPECT_EQ(p["tags"], json({"vip", "华东"}));
  EXPECT_EQ(p["lifecycle"], "prospect");
  EXPECT_FALSE(r.header("etag").empty());
  std::string path = "/api/v1/parties/" + std::to_string(p["id"].get<int64_t>());
  auto stale = admin->Patch(path, {{"notes", "x"}}, IfMatch("\"99\""));
  EXPECT_EQ(stale.status, 412) << stale.body;
  auto u = admin->Patch(path, {{"notes", "重要客户"}, {"roles", {"customer"}}},
                        IfMatch(r.header("etag")));
  ASSERT_EQ(u.status, 200) << u.body;
  EXPECT_EQ(u.json()["roles"], json({"customer"}));
  EXPECT_EQ(u.json()["version"], 2);
  auto audit =
      admin->Get("/api/v1/audit?entity=party&id=" + std::to_string(p["id"].get<int64_t>()));
  EXPECT_NE(audit.body.find("重要客户"), std::string::npos) << audit.body;
  CheckJournalInvariants(server.app());
}

TEST(Parties, BadInputGetsFieldErrorsAndWritesNothing) {
  TestServer server;
  auto admin = server.Admin();
  auto r = admin->Post("/api/v1/parties", {{"kind", "robot"},
                                           {"name", ""},
                                           {"email", "not-an-email"},
                                           {"phone", "call me"},
                                           {"credit_limit", "12.345"},
                                           {"currency", "XXY"},
                                           {"roles", {"king"}},
                                           {"tags", json::array({1})},
                                           {"addresses", {{{"kind", "billing"}}}},
                                           {"colour", "red"}});
  ASSERT_TRUE(IsProblem(r, 422, "validation.failed"));
  auto errors = FieldErrors(r);
  for (const char* field : {"kind", "name", "email", "phone", "currency", "roles", "tags",
                            "addresses/0/line1", "addresses/0/country", "colour"}) {
    bool found = false;
    for (const auto& e : errors) found = found || e.first == field;
    EXPECT_TRUE(found) << field << " in " << r.body;
  }
  EXPECT_TRUE(Ids(admin->Get("/api/v1/parties?active=all")).empty());
  // SQL metacharacters are data, not SQL.
  int64_t id =
      CreateParty(*admin, {{"kind", "person"}, {"name", "Robert'); DROP TABLE parties;--"}});
  auto got = admin->Get("/api/v1/parties?q=" + Url("robert'"));
  EXPECT_EQ(Ids(got), std::vector<int64_t>{id}) << got.body;
}

TEST(Parties, SearchByNamePinyinEmailAndPhonePrefix) {
  TestServer server;
  auto admin = server.Admin();
  int64_t chen =
      CreateParty(*admin, {{"kind", "person"}, {"name", "陈爱丽"}, {"phone", "13800138000"}});
  int64_t acme = CreateParty(
      *admin,
      {{"kind", "organization"}, {"name", "上海阿克米贸易有限公司"}, {"email", "info@acme.cn"}});
  int64_t zed = CreateParty(*admin, {{"kind", "organization"}, {"name", "Zed Logistics GmbH"}});
  auto ids = [&](const std::string& q) { return Ids(admin->Get("/api/v1/parties?q=" + Url(q))); };
  EXPECT_EQ(ids("陈"), std::vector<int64_t>{chen});
  EXPECT_EQ(ids("chen"), std::vector<int64_t>{chen});
  EXPECT_EQ(ids("阿克米"), std::vector<int64_t>{acme});
  EXPECT_EQ(ids("info@ac"), std::vector<int64_t>{acme});
  EXPECT_EQ(ids("LOGIST"), std::vector<int64_t>{zed});
  EXPECT_EQ(ids("138 0013"), std::vector<int64_t>{chen});
  EXPECT_EQ(ids("+86 138"), std::vector<int64_t>{chen});
  EXPECT_TRUE(ids("nobody").empty());
  // Sorted by name: Latin alphabetically, Chinese by pinyin (chen < shang < zed).
  auto sorted = Ids(admin->Get("/api/v1/parties?sort=name"));
  EXPECT_EQ(sorted, (std::vector<int64_t>{chen, acme, zed}));
  // Paging by name with a cursor.
  auto page1 = admin->Get("/api/v1/parties?sort=name&limit=2");
  ASSERT_EQ(Ids(page1).size(), 2u);
  auto page2 = admin->Get("/api/v1/parties?sort=name&limit=2&cursor=" +
                          Url(page1.json()["next_cursor"].get<std::string>()));
  EXPECT_EQ(Ids(page2), std::vector<int64_t>{zed});
  EXPECT_TRUE(IsProblem(admin->Get("/api/v1/parties?sort=name&cursor=garbage"), 422, ""));
}

// A search is planned by how common its words are (filter.cc); with the threshold at one key
// every word counts as common, so the plans for large lists run here on a small one and must
// return the same pages.
TEST(Parties, SearchPlansForCommonAndRareWordsAgree) {
  TestServer server;
  auto admin = server.Admin();
  for (const char* name : {"Wang Lei", "Wanda Li", "Li Wang", "王芳", "Wangari Maathai",
                           "Lee Wan Trading", "Oswald Wang", "Wan Chai Foods"}) {
    CreateParty(*admin, {{"kind", "person"}, {"name", name}});
  }
  // Merged into Ivan Li, Wang Jun is inactive.
  int64_t ivan = CreateParty(*admin, {{"kind", "person"}, {"name", "Ivan Li"}});
  int64_t jun = CreateParty(*admin, {{"kind", "person"}, {"name", "Wang Jun"}});
  std::string ivan_path = "/api/v1/parties/" + std::to_string(ivan);
  ASSERT_EQ(admin->Post(ivan_path + "/merge", {{"merge_id", jun}}, IfMatch(ETag(*admin, ivan_path)))
                .status,
            200);
  auto pages = [&](const std::string& query) {
    std::vector<int64_t> all;
    std::string next;
    for (int page = 0; page < 10; ++page) {
      auto r = admin->Get("/api/v1/parties?limit=2&" + query +
                          (next.empty() ? "" : "&cursor=" + Url(next)));
      EXPECT_EQ(r.status, 200) << r.body;
      for (int64_t id : Ids(r)) all.push_back(id);
      if (!r.json()["next_cursor"].is_string()) break;
      next = r.json()["next_cursor"].get<std::string>();
    }
    return all;
  };
  const std::vector<std::string> queries = {
      "q=wan",          "q=wan&sort=name",    "q=wang%20l",
      "q=li&sort=name", "q=wan&active=false", "q=wan&role=prospect",
      "q=xyz"};
  std::vector<std::vector<int64_t>> by_id_plan;
  for (const auto& q : queries) by_id_plan.push_back(pages(q));
  EXPECT_EQ(by_id_plan[0].size(), 8u);  // all active ones but Ivan Li
  EXPECT_EQ(by_id_plan[2].size(), 2u);  // Wang Lei, Li Wang
  EXPECT_TRUE(by_id_plan[4].empty());   // a merged party leaves the search
  EXPECT_TRUE(by_id_plan[6].empty());
  int64_t threshold = party::DenseSearchKeys();
  party::SetDenseSearchKeys(1);
  for (size_t i = 0; i < queries.size(); ++i)
    EXPECT_EQ(pages(queries[i]), by_id_plan[i]) << queries[i];
  party::SetDenseSearchKeys(threshold);
}

TEST(Parties, DuplicateWarningThenMergeMovesLinkedRecords) {
  TestServer server;
  auto admin = server.Admin();
  int64_t first = CreateParty(
      *admin,
      {{"kind", "organization"},
       {"name", "Acme Trading Co., Ltd."},
       {"email", "buyer@acme.example"},
       {"tags", {"vip"}},
       {"addresses",
        {{{"kind", "billing"}, {"line1", "1 Main St"}, {"city", "Shanghai"}, {"country", "CN"}}}}});
  // Same e-mail typed differently, same name in the same city: refused with candidates.
  json second_body = {
      {"kind", "organization"},
      {"name", "ACME Trading"},
      {"email", "BUYER@acme.example"},
      {"phone", "+86 21 5555 0101"},
      {"addresses",
       {{{"kind", "shipping"}, {"line1", "9 Dock Rd"}, {"city", "shanghai"}, {"country", "CN"}}}}};
  auto refused = admin->Post("/api/v1/parties", second_body);
  ASSERT_TRUE(IsProblem(refused, 409, "party.possible_duplicates"));
  json candidates = refused.json()["candidates"];
  ASSERT_EQ(candidates.size(), 1u) << refused.body;
  EXPECT_EQ(candidates[0]["id"], first);
  EXPECT_EQ(candidates[0]["reasons"], json({"email", "name_city"}));
  EXPECT_EQ(Ids(admin->Get("/api/v1/parties")).size(), 1u);  // nothing written
  auto probe =
      admin->Post("/api/v1/party-duplicates", {{"tax_id", "x"}, {"email", "buyer@ACME.example"}});
  EXPECT_EQ(probe.json()["candidates"].size(), 1u) << probe.body;
  // Deliberately proceed, then merge the duplicate into the first record.
  second_body["allow_duplicates"] = true;
  second_body["tags"] = {"import"};
  int64_t second = CreateParty(*admin, second_body);
  std::string second_path = "/api/v1/parties/" + std::to_string(second);
  ASSERT_EQ(
      admin->Post(second_path + "/contacts", {{"name", "王芳"}, {"roles", {"purchasing"}}}).status,
      201);
  ASSERT_EQ(
      admin
          ->Post(second_path + "/consents",
                 {{"purpose", "marketing_email"}, {"granted", true}, {"source", "trade fair"}})
          .status,
      201);
  ASSERT_EQ(
      admin->Post(second_path + "/purchases", {{"occurred_on", "2026-11-01"}, {"amount", "99.50"}})
          .status,
      201);
  auto act = admin->Post("/api/v1/activities",
                         {{"kind", "call"}, {"subject", "Intro call"}, {"party_id", second}});
  std::string first_path = "/api/v1/parties/" + std::to_string(first);
  auto no_match = admin->Post(first_path + "/merge", {{"merge_id", second}});
  EXPECT_EQ(no_match.status, 428) << no_match.body;
  auto merged =
      admin->Post(first_path + "/merge", {{"merge_id", second}}, IfMatch(ETag(*admin, first_path)));
  ASSERT_EQ(merged.status, 200) << merged.body;
  json m = merged.json();
  EXPECT_EQ(m["moved"]["party_contacts"], 1);
  EXPECT_EQ(m["moved"]["party_addresses"], 1);
  EXPECT_EQ(m["moved"]["party_consents"], 1);
  EXPECT_EQ(m["moved"]["party_purchases"], 1);
  if (act.status == 201) {
    EXPECT_EQ(m["moved"]["activities"], 1);
  }
  EXPECT_EQ(m["party"]["tags"], json({"import", "vip"}));
  EXPECT_EQ(m["party"]["phone_e164"], "+862155550101");  // filled from the duplicate
  auto gone = admin->Get(second_path);
  EXPECT_EQ(gone.json()["merged_into_id"], first);
  EXPECT_EQ(gone.json()["active"], false);
  EXPECT_EQ(Ids(admin->Get("/api/v1/parties")), std::vector<int64_t>{first});
  EXPECT_EQ(admin->Get(first_path + "/contacts").json()["items"].size(), 1u);
  auto overview = admin->Get(first_path + "/overview");
  EXPECT_EQ(overview.json()["merged_from"][0]["merged_id"], second) << overview.body;
  EXPECT_EQ(overview.json()["lifecycle"]["purchases"], 1);
  // A merged party cannot be merged or edited again.
  auto again =
      admin->Post(first_path + "/merge", {{"merge_id", second}}, IfMatch(ETag(*admin, first_path)));
  EXPECT_TRUE(IsProblem(again, 409, "party.merged"));
  EXPECT_TRUE(IsProblem(
      admin->Post(first_path + "/merge", {{"merge_id", first}}, IfMatch(ETag(*admin, first_path))),
      422, ""));
  CheckJournalInvariants(server.app());
}

TEST(Parties, ContactsAddressesAndConsents) {
  TestServer server;
  auto admin = server.Admin();
  int64_t id = CreateParty(*admin, {{"kind", "organization"}, {"name", "Beta GmbH"}});
  std::string path = "/api/v1/parties/" + std::to_string(id);
  auto c = admin->Post(path + "/contacts", {{"name", "Anna Schmidt"},
                                            {"email", "anna@beta.example"},
                                            {"phone", "+49 30 1234567"},
                                            {"roles", {"billing", "decision_maker"}}});
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(c.json()["phone_e164"], "+49301234567");
  std::string contact = "/api/v1/contacts/" + std::to_string(c.json()["id"].get<int64_t>());
  auto cu = admin->Patch(contact, {{"job_title", "CFO"}}, IfMatch(c.header("etag")));
  EXPECT_EQ(cu.status, 200) << cu.body;
  EXPECT_TRUE(
      IsProblem(admin->Post(path + "/contacts", {{"name", "X"}, {"roles", {"boss"}}}), 422, ""));
  auto a = admin->Post(path + "/addresses", {{"kind", "shipping"},
                                             {"line1", "Hafenstr. 1"},
                                             {"city", "Hamburg"},
                                             {"country", "DE"},
                                             {"valid_from", "2026-01-01"}});
  ASSERT_EQ(a.status, 201) << a.body;
  std::string addr = path + "/addresses/" + std::to_string(a.json()["id"].get<int64_t>());
  auto backwards = admin->Patch(addr, {{"valid_to", "2025-12-31"}}, IfMatch(a.header("etag")));
  EXPECT_TRUE(IsProblem(backwards, 422, ""));
  EXPECT_TRUE(FieldErrors(backwards).count({"valid_to", "range"})) << backwards.body;
  auto ended = admin->Patch(addr, {{"valid_to", "2026-06-30"}}, IfMatch(a.header("etag")));
  ASSERT_EQ(ended.status, 200) << ended.body;
  server.clock().Set(*Timestamp::ParseIso("2026-07-15T10:00:00Z"));
  admin = server.Admin();
  EXPECT_TRUE(admin->Get(path + "/overview").json()["addresses"].empty());
  admin->Post(path + "/consents",
              {{"purpose", "marketing_email"}, {"granted", true}, {"source", "web form"}});
  admin->Post(path + "/consents",
              {{"purpose", "marketing_email"}, {"granted", false}, {"source", "unsubscribe link"}});
  auto consents = admin->Get(path + "/consents").json();
  EXPECT_EQ(consents["history"].size(), 2u);
  ASSERT_EQ(consents["current"].size(), 1u);
  EXPECT_EQ(consents["current"][0]["granted"], false);
  EXPECT_EQ(consents["current"][0]["source"], "unsubscribe link");
  CheckJournalInvariants(server.app());
}

TEST(Parties, LifecycleFollowsPurchaseHistory) {
  TestServer server;
  server.clock().Set(*Timestamp::ParseIso("2026-01-01T04:00:00Z"));
  auto admin = server.Admin();
  int64_t id = CreateParty(*admin, {{"kind", "person"}, {"name", "Li Lei"}});
  std::string path = "/api/v1/parties/" + std::to_string(id);
  EXPECT_EQ(admin->Get(path + "/lifecycle").json()["status"], "prospect");
  for (const char* day : {"2025-06-01", "2025-07-01", "2025-07-31", "2025-08-30", "2025-09-29",
                          "2025-10-29", "2025-11-28", "2025-12-28"}) {
    ASSERT_EQ(admin->Post(path + "/purchases", {{"occurred_on", day}, {"amount", "10.00"}}).status,
              201);
  }
  EXPECT_EQ(admin->Get(path).json()["lifecycle"], "loyal");
  // Ninety days of silence: more than twice the usual 30 days.
  server.clock().Set(*Timestamp::ParseIso("2026-03-28T04:00:00Z"));
  admin = server.Admin();  // the session expired meanwhile
  auto at_risk = admin->Get(path + "/lifecycle");
  EXPECT_EQ(at_risk.json()["status"], "at_risk") << at_risk.body;
  EXPECT_EQ(admin->Post("/api/v1/party-lifecycle/recompute", json::object()).json()["changed"], 1);
  EXPECT_EQ(admin->Get(path).json()["lifecycle"], "at_risk");
  // Thresholds are configurable.
  auto settings = admin->Get("/api/v1/party-settings/lifecycle");
  auto put = admin->Put("/api/v1/party-settings/lifecycle",
                        {{"value", {{"at_risk_factor_pct", 400}, {"churn_factor_pct", 800}}}},
                        IfMatch(settings.header("etag")));
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(admin->Get(path + "/lifecycle").json()["status"], "loyal");
  auto bad = admin->Put("/api/v1/party-settings/lifecycle", {{"value", {{"churn_days", -1}}}},
                        IfMatch(put.header("etag")));
  EXPECT_TRUE(IsProblem(bad, 422, "validation.failed"));
  CheckJournalInvariants(server.app());
}

}  // namespace
}  // namespace concord::testing

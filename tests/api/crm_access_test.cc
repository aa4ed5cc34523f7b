// Record rules of the customer master and CRM, as a matrix: a sales rep sees and edits own
// parties, leads, opportunities and activities; a manager sees the department; an
// administrator sees the company. Invisible rows look like "not found"; another company's rows
// cannot be linked.
#include <gtest/gtest.h>

#include "api_helpers.h"

namespace concord::testing {
namespace {

struct Resource {
  std::string path;  // collection
  std::string perm;  // area.resource
};

const std::vector<Resource> kResources = {{"/api/v1/parties", "party.party"},
                                          {"/api/v1/leads", "crm.lead"},
                                          {"/api/v1/opportunities", "crm.opportunity"},
                                          {"/api/v1/activities", "crm.activity"}};

json GrantsFor(const std::string& scope) {
  json grants = json::array();
  for (const auto& r : kResources) {
    for (const char* action : {"read", "create", "update"}) {
      grants.push_back({{"permission", r.perm + "." + action}, {"scope", scope}});
    }
  }
  grants.push_back({{"permission", "crm.stage.read"}, {"scope", "company"}});
  return grants;
}

class CrmMatrix : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = server_.Admin();
    int64_t east = Department("Sales East");
    int64_t west = Department("Sales West");
    int64_t rep = Role("Rep", "own");
    int64_t manager = Role("Manager", "department");
    for (auto [login, dept, role] : {std::tuple{"rep1", east, rep},
                                     {"rep2", east, rep},
                                     {"rep3", west, rep},
                                     {"boss", east, manager}}) {
      auto r = admin_->Post("/api/v1/users", {{"login", login},
                                              {"display_name", login},
                                              {"password", kDemoPassword},
                                              {"department_id", dept},
                                              {"role_ids", {role}}});
      ASSERT_EQ(r.status, 201) << r.body;
      users_[login] = server_.LoginAs(login, kDemoPassword);
    }
    // Every user creates one record of each kind; the rep's party anchors the others.
    for (const auto& [login, client] : users_) {
      auto party = client->Post(
          "/api/v1/parties",
          {{"kind", "organization"}, {"name", "Party of " + login}, {"allow_duplicates", true}});
      ASSERT_EQ(party.status, 201) << login << " " << party.body;
      int64_t party_id = party.json()["id"].get<int64_t>();
      ids_[login]["/api/v1/parties"] = party_id;
      Create(login, "/api/v1/leads", {{"title", "Lead of " + login}, {"source", "web"}});
      Create(login, "/api/v1/opportunities",
             {{"name", "Deal of " + login}, {"party_id", party_id}, {"amount", "100.00"}});
      Create(login, "/api/v1/activities",
             {{"kind", "call"}, {"subject", "Call by " + login}, {"party_id", party_id}});
    }
  }

  int64_t Department(const std::string& name) {
    auto r = admin_->Post("/api/v1/departments", {{"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  int64_t Role(const std::string& name, const std::string& scope) {
    auto r = admin_->Post("/api/v1/roles", {{"name", name}, {"permissions", GrantsFor(scope)}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", int64_t{0});
  }
  void Create(const std::string& login, const std::string& path, const json& body) {
    auto r = users_[login]->Post(path, body);
    ASSERT_EQ(r.status, 201) << login << " " << path << " " << r.body;
    ids_[login][path] = r.json()["id"].get<int64_t>();
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  std::map<std::string, std::unique_ptr<HttpClient>> users_;
  std::map<std::string, std::map<std::string, int64_t>> ids_;
};

TEST_F(CrmMatrix, EachRoleSeesExactlyItsScope) {
  // viewer -> owners whose records it sees
  const std::map<std::string, std::set<std::string>> sees = {{"rep1", {"rep1"}},
                                                             {"rep2", {"rep2"}},
                                                             {"rep3", {"rep3"}},
                                                             {"boss", {"rep1", "rep2", "boss"}}};
  for (const auto& res : kResources) {
    for (const auto& [viewer, visible] : sees) {
      auto& client = *users_[viewer];
      auto list = Ids(client.Get(res.path + "?limit=500"));
      for (const auto& [owner, records] : ids_) {
        int64_t id = records.at(res.path);
        bool expect = visible.count(owner) > 0;
        EXPECT_EQ(Contains(list, id), expect) << viewer << " lists " << res.path << " of " << owner;
        auto one = client.Get(res.path + "/" + std::to_string(id));
        EXPECT_EQ(one.status, expect ? 200 : 404)
            << viewer << " reads " << res.path << " of " << owner;
        if (!expect) {
          auto edit =
              client.Patch(res.path + "/" + std::to_string(id), {{"version", 1}}, IfMatch("\"1\""));
          EXPECT_EQ(edit.status, 404) << viewer << " edits " << res.path << " of " << owner;
        }
      }
    }
    // The administrator sees everything of the company.
    auto all = Ids(admin_->Get(res.path + "?limit=500"));
    for (const auto& [owner, records] : ids_) {
      EXPECT_TRUE(Contains(all, records.at(res.path))) << "admin lists " << res.path;
    }
  }
  CheckJournalInvariants(server_.app());
}

TEST_F(CrmMatrix, RepsCannotLinkToOrGiveAwayWhatTheyDoNotOwn) {
  int64_t other_party = ids_["rep3"]["/api/v1/parties"];
  auto r =
      users_["rep1"]->Post("/api/v1/opportunities",
                           {{"name", "Poaching"}, {"party_id", other_party}, {"amount", "1.00"}});
  EXPECT_TRUE(IsProblem(r, 422, ""));
  EXPECT_TRUE(FieldErrors(r).count({"party_id", "not_found"})) << r.body;
  // An own-scope rep may not create records owned by someone else.
  int64_t rep2 = UserId(*admin_, "rep2");
  auto give = users_["rep1"]->Post(
      "/api/v1/parties",
      {{"kind", "person"}, {"name", "Gift"}, {"owner_user_id", rep2}, {"allow_duplicates", true}});
  EXPECT_TRUE(FieldErrors(give).count({"owner_user_id", "forbidden"})) << give.body;
  // The manager may hand a party to a rep of the department, who then sees it.
  auto handed = users_["boss"]->Post("/api/v1/parties", {{"kind", "person"},
                                                         {"name", "Handed over"},
                                                         {"owner_user_id", rep2},
                                                         {"allow_duplicates", true}});
  ASSERT_EQ(handed.status, 201) << handed.body;
  auto seen =
      users_["rep2"]->Get("/api/v1/parties/" + std::to_string(handed.json()["id"].get<int64_t>()));
  EXPECT_EQ(seen.status, 200);
  // The overview of a visible party only shows sections the viewer may read.
  auto limited =
      admin_->Post("/api/v1/roles",
                   {{"name", "Party only"},
                    {"permissions", {{{"permission", "party.party.read"}, {"scope", "company"}}}}});
  ASSERT_EQ(limited.status, 201);
  CreateUser(*admin_, "viewer", {limited.json()["id"].get<int64_t>()});
  auto viewer = server_.LoginAs("viewer", kDemoPassword);
  auto overview = viewer->Get("/api/v1/parties/" + std::to_string(ids_["rep1"]["/api/v1/parties"]) +
                              "/overview");
  ASSERT_EQ(overview.status, 200) << overview.body;
  EXPECT_TRUE(overview.json()["sections"].empty()) << overview.body;
  // Every registered section (CRM, sales, ...) is restricted for a party-only viewer.
  EXPECT_GE(overview.json()["restricted"].size(), 7u) << overview.body;
  auto full = admin_->Get("/api/v1/parties/" + std::to_string(ids_["rep1"]["/api/v1/parties"]) +
                          "/overview");
  EXPECT_EQ(full.json()["sections"]["opportunities"].size(), 1u) << full.body;
  EXPECT_EQ(full.json()["sections"]["activities"]["due"].size(), 1u) << full.body;
}

}  // namespace
}  // namespace concord::testing

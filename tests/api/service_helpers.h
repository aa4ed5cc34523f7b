// The service desk scenario fixture shared by service_test.cc and service_sla_test.cc: a
// company with a UTC office calendar (Monday to Friday, 09-12 and 13-18), a Customer Service
// department with a manager and an agent, a complaint category (first response within 2
// business hours, resolution within 8) and a customer, on a fake clock set to Friday
// 2026-11-20 16:00 UTC.
#pragma once

#include <gtest/gtest.h>

#include "api_helpers.h"

namespace concord::testing::service_desk {

inline Timestamp At(const char* iso) { return Timestamp::ParseIso(iso).value(); }
inline std::string Iso(const char* iso) { return At(iso).ToIso(); }

inline constexpr const char* kFriday1600 = "2026-11-20T16:00:00Z";

inline std::string T(int64_t id, const std::string& tail = "") {
  return "/api/v1/tickets/" + std::to_string(id) + tail;
}

class ServiceDesk : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.clock().Set(At(kFriday1600));
    admin_ = server_.Admin();
    auto cal = admin_->Post(
        "/api/v1/service/calendars",
        {{"name", "Office"},
         {"time_zone", "UTC"},
         {"working_days", {1, 2, 3, 4, 5}},
         {"hours",
          {{{"start", "09:00"}, {"end", "12:00"}}, {{"start", "13:00"}, {"end", "18:00"}}}}});
    ASSERT_EQ(cal.status, 201) << cal.body;
    EXPECT_EQ(cal.json()["is_default"], true);
    manager_ = CreateUser(*admin_, "svc.manager", {});
    auto dept = admin_->Post("/api/v1/departments",
                             {{"name", "Customer Service"}, {"manager_user_id", manager_}});
    ASSERT_EQ(dept.status, 201) << dept.body;
    dept_ = dept.json()["id"].get<int64_t>();
    auto agent = admin_->Post("/api/v1/users", {{"login", "svc.agent"},
                                                {"display_name", "Agent"},
                                                {"password", kDemoPassword},
                                                {"role_ids", json::array()},
                                                {"department_id", dept_}});
    ASSERT_EQ(agent.status, 201) << agent.body;
    agent_ = agent.json()["id"].get<int64_t>();
    // Resolution within 8 business hours, first response within 2.
    complaint_ = Category("Delivery complaint", "complaint", 480, 120, dept_);
    party_ = Party("上海贸易有限公司");
  }

  void TearDown() override { CheckJournalInvariants(server_.app()); }

  int64_t Category(const std::string& name, const std::string& kind, int64_t minutes,
                   std::optional<int64_t> response, std::optional<int64_t> dept) {
    json body = {{"name", name}, {"kind", kind}, {"max_processing_minutes", minutes}};
    if (response) body["first_response_minutes"] = *response;
    if (dept) body["department_id"] = *dept;
    auto r = admin_->Post("/api/v1/service/categories", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
  }

  int64_t Party(const std::string& name) {
    auto r = admin_->Post("/api/v1/parties", {{"kind", "organization"},
                                              {"name", name},
                                              {"roles", {"customer"}},
                                              {"allow_duplicates", true}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
  }

  json Open(int64_t category, json extra = json::object()) {
    json body = {{"subject", "Parcel arrived damaged"},
                 {"party_id", party_},
                 {"channel", "phone"},
                 {"category_id", category}};
    body.update(extra);
    auto r = admin_->Post("/api/v1/tickets", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  HttpResult Verb(int64_t id, const std::string& verb, json body = json::object()) {
    return admin_->Post(T(id, "/" + verb), body);
  }

  // Moves the fake clock; logs in again, as sessions expire after two idle hours.
  void AdvanceTo(const char* iso) {
    server_.clock().Set(At(iso));
    admin_ = server_.Admin();
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  int64_t manager_ = 0, agent_ = 0, dept_ = 0, complaint_ = 0, party_ = 0;
};

}  // namespace concord::testing::service_desk

// Hostile and malformed input: bodies that are not JSON objects, wrong types, missing and unknown
// fields, size limits, text limits and encodings, SQL metacharacters, odd path ids, and the
// If-Match rules of updates. Every rejected request must leave the data as it was.
#include <gtest/gtest.h>

#include <chrono>

#include "api_helpers.h"

namespace concord::testing {
namespace {

using Errors = std::set<std::pair<std::string, std::string>>;

int64_t CountUsers(HttpClient& admin) {
  return static_cast<int64_t>(Ids(admin.Get("/api/v1/users?limit=500")).size());
}

TEST(InputBody, MalformedJsonAndNonObjectsAre400) {
  TestServer server;
  auto admin = server.Admin();
  auto broken = admin->Send("POST", "/api/v1/departments", "{\"name\": \"Sales\"",
                            {{"Content-Type", "application/json"}});
  EXPECT_TRUE(IsProblem(broken, 400, "body.malformed_json"));
  auto array = admin->Send("POST", "/api/v1/departments", "[{\"name\": \"Sales\"}]");
  EXPECT_TRUE(IsProblem(array, 400, "body.not_object"));
  auto scalar = admin->Send("POST", "/api/v1/departments", "\"Sales\"");
  EXPECT_TRUE(IsProblem(scalar, 400, "body.not_object"));
  auto empty = admin->Send("POST", "/api/v1/departments", "");
  EXPECT_TRUE(IsProblem(empty, 400, "body.missing"));
  auto form = admin->Send("POST", "/api/v1/departments", "name=Sales",
                          {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_TRUE(IsProblem(form, 400, "body.content_type"));
  EXPECT_TRUE(Ids(admin->Get("/api/v1/departments")).empty());
}

TEST(InputBody, WrongTypesAreListedFieldByField) {
  TestServer server;
  auto admin = server.Admin();
  std::string me = "/api/v1/users/" + std::to_string(UserId(*admin, "admin"));
  auto before = admin->Get(me);
  auto r = admin->Patch(me, {{"display_name", 5}, {"role_ids", "x"}, {"active", "yes"}},
                        IfMatch(before.header("etag")));
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  EXPECT_EQ(FieldErrors(r),
            (Errors{{"display_name", "type"}, {"role_ids", "type"}, {"active", "type"}}))
      << r.body;
  auto ids = admin->Patch(me, {{"role_ids", {1, "two", -3}}}, IfMatch(before.header("etag")));
  EXPECT_EQ(FieldErrors(ids), (Errors{{"role_ids/1", "type"}, {"role_ids/2", "type"}})) << ids.body;
  EXPECT_EQ(admin->Get(me).body, before.body);
}

TEST(InputBody, MissingRequiredFieldsAreListed) {
  TestServer server;
  auto admin = server.Admin();
  auto user = admin->Post("/api/v1/users", json::object());
  EXPECT_TRUE(IsProblem(user, 422, "validation.failed"));
  EXPECT_EQ(FieldErrors(user),
            (Errors{{"login", "required"}, {"display_name", "required"}, {"password", "required"}}))
      << user.body;
  auto company = admin->Post("/api/v1/companies", {{"name", "Only A Name"}});
  EXPECT_EQ(FieldErrors(company), (Errors{{"currency", "required"}, {"time_zone", "required"}}))
      << company.body;
  auto blank = admin->Post("/api/v1/departments", {{"name", "   "}});
  EXPECT_EQ(FieldErrors(blank), (Errors{{"name", "required"}})) << blank.body;
  EXPECT_EQ(CountUsers(*admin), 1);
}

TEST(InputBody, UnknownFieldsAreRejected) {
  TestServer server;
  auto admin = server.Admin();
  auto r = admin->Post("/api/v1/departments", {{"name", "Sales"}, {"colour", "red"}});
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  EXPECT_EQ(FieldErrors(r), (Errors{{"colour", "unknown_field"}})) << r.body;
  auto user = admin->Post(
      "/api/v1/users",
      {{"login", "eve"}, {"display_name", "Eve"}, {"password", kDemoPassword}, {"is_admin", true}});
  EXPECT_EQ(FieldErrors(user), (Errors{{"is_admin", "unknown_field"}})) << user.body;
  EXPECT_TRUE(Ids(admin->Get("/api/v1/departments")).empty());
  EXPECT_EQ(CountUsers(*admin), 1);
}

TEST(InputLimits, OversizedBodyIs413AndNothingIsWritten) {
  TestServer server;
  auto admin = server.Admin();
  std::string token = Login(server, "admin", kAdminPassword).json()["token"].get<std::string>();
  std::string body = json{
      {"login", "huge"},
      {"display_name", std::string((1 << 20) + 16, 'x')},
      {"password",
       kDemoPassword}}.dump();
  RawSocket raw(server.port());
  raw.Write("POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token +
            "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\n\r\n");
  raw.Write(body);
  const std::string& response = raw.ReadAll(std::chrono::seconds(5));
  EXPECT_EQ(RawStatus(response), 413) << response.substr(0, 300);
  EXPECT_EQ(RawHeader(response, "content-type"), "application/problem+json")
      << response.substr(0, 300);
  EXPECT_EQ(CountUsers(*admin), 1);
  EXPECT_EQ(admin->Get("/healthz").status, 200);
}

TEST(InputLimits, OversizedHeaderIs431) {
  TestServer server;
  RawSocket raw(server.port());
  raw.Write(OversizedHeaderRequest());
  const std::string& response = raw.ReadAll(std::chrono::seconds(5));
  EXPECT_EQ(RawStatus(response), 431) << response.substr(0, 300);
  EXPECT_EQ(server.Client()->Get("/healthz").status, 200);
}

TEST(InputText, LengthIsCountedInCharactersAndLimited) {
  TestServer server;
  auto admin = server.Admin();
  auto too_long = admin->Post(
      "/api/v1/users",
      {{"login", "long"}, {"display_name", std::string(121, 'a')}, {"password", kDemoPassword}});
  EXPECT_TRUE(IsProblem(too_long, 422, "validation.failed"));
  EXPECT_EQ(FieldErrors(too_long), (Errors{{"display_name", "too_long"}})) << too_long.body;
  std::string chinese;
  for (int i = 0; i < 120; ++i) chinese += "陈";  // 120 characters, 360 bytes
  auto fits = admin->Post(
      "/api/v1/users", {{"login", "long"}, {"display_name", chinese}, {"password", kDemoPassword}});
  ASSERT_EQ(fits.status, 201) << fits.body;
  EXPECT_EQ(fits.json()["display_name"], chinese);
  auto dept = admin->Post("/api/v1/departments", {{"name", std::string(121, 'd')}});
  EXPECT_EQ(FieldErrors(dept), (Errors{{"name", "too_long"}})) << dept.body;
}

TEST(InputText, InvalidEncodingAndControlCharactersAreRejected) {
  TestServer server;
  auto admin = server.Admin();
  // Invalid UTF-8 makes the JSON text itself invalid (RFC 8259 section 8.1).
  for (std::string bad : {std::string("Caf\xC3"), std::string("\xC0\xAF"),
                          std::string("\xED\xA0\x80"), std::string("\xFF\xFE")}) {
    auto r = admin->Send("POST", "/api/v1/departments", "{\"name\": \"" + bad + "\"}");
    EXPECT_TRUE(IsProblem(r, 400, "body.malformed_json")) << Url(bad);
  }
  auto lone_surrogate = admin->Send("POST", "/api/v1/departments", R"({"name": "\ud800"})");
  EXPECT_TRUE(IsProblem(lone_surrogate, 400, "body.malformed_json"));
  auto nul = admin->Send("POST", "/api/v1/departments", R"({"name": "a\u0000b"})");
  EXPECT_TRUE(IsProblem(nul, 422, "validation.failed"));
  EXPECT_EQ(FieldErrors(nul), (Errors{{"name", "invalid_char"}})) << nul.body;
  EXPECT_TRUE(Ids(admin->Get("/api/v1/departments")).empty());
}

TEST(InputText, EmailIsCheckedOnUpdateAsOnCreate) {
  TestServer server;
  auto admin = server.Admin();
  auto created = admin->Post("/api/v1/users", {{"login", "mail"},
                                               {"display_name", "Mail"},
                                               {"password", kDemoPassword},
                                               {"email", "no-at-sign"}});
  EXPECT_EQ(FieldErrors(created), (Errors{{"email", "format"}})) << created.body;
  std::string me = "/api/v1/users/" + std::to_string(UserId(*admin, "admin"));
  auto before = admin->Get(me);
  auto r = admin->Patch(me, {{"email", "no-at-sign"}}, IfMatch(before.header("etag")));
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  EXPECT_EQ(FieldErrors(r), (Errors{{"email", "format"}})) << r.body;
  EXPECT_TRUE(admin->Get(me).json()["email"].is_null());
}

TEST(InputPath, OddIdsAreNotFound) {
  TestServer server;
  auto admin = server.Admin();
  for (std::string id :
       {"abc", "-1", "0", "1%20OR%201=1", "1;DROP", "99999999999999999999", "1.0", "0x1"}) {
    EXPECT_TRUE(IsProblem(admin->Get("/api/v1/users/" + id), 404, "not_found")) << id;
    EXPECT_TRUE(IsProblem(admin->Get("/api/v1/roles/" + id), 404, "not_found")) << id;
    EXPECT_TRUE(
        IsProblem(admin->Patch("/api/v1/departments/" + id, {{"name", "X"}}, IfMatch("\"1\"")), 404,
                  "not_found"))
        << id;
    EXPECT_TRUE(IsProblem(admin->Delete("/api/v1/roles/" + id, IfMatch("\"1\"")), 404, "not_found"))
        << id;
  }
  EXPECT_TRUE(IsProblem(admin->Get("/api/v1/users/424242"), 404, "not_found"));
  EXPECT_EQ(admin->Get("/api/v1/roles").json()["items"].size(), 1u);
}

TEST(InputVersion, IfMatchGuardsUpdates) {
  TestServer server;
  auto admin = server.Admin();
  auto created = admin->Post("/api/v1/departments", {{"name", "Sales"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string path = created.header("location");
  ASSERT_EQ(path, "/api/v1/departments/" + created.json()["id"].dump());
  std::string etag = created.header("etag");
  EXPECT_EQ(etag, "\"1\"");

  auto missing = admin->Patch(path, {{"name", "Renamed"}});
  EXPECT_TRUE(IsProblem(missing, 428, "version.required"));
  auto stale = admin->Patch(path, {{"name", "Renamed"}}, IfMatch("\"7\""));
  EXPECT_TRUE(IsProblem(stale, 412, "version.stale"));
  auto garbage = admin->Patch(path, {{"name", "Renamed"}}, IfMatch("yesterday"));
  EXPECT_TRUE(IsProblem(garbage, 412, "version.stale"));
  auto stale_body = admin->Patch(path, {{"name", "Renamed"}, {"version", 7}});
  EXPECT_TRUE(IsProblem(stale_body, 412, "version.stale"));
  EXPECT_EQ(admin->Get(path).json()["name"], "Sales");
  EXPECT_EQ(admin->Get(path).header("etag"), etag);

  auto ok = admin->Patch(path, {{"name", "Renamed"}}, IfMatch(etag));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["name"], "Renamed");
  EXPECT_EQ(ok.header("etag"), "\"2\"");
  // The old ETag is now stale; the body's version works as well as If-Match.
  EXPECT_TRUE(
      IsProblem(admin->Patch(path, {{"name", "Again"}}, IfMatch(etag)), 412, "version.stale"));
  auto by_body = admin->Patch(path, {{"name", "Again"}, {"version", 2}});
  EXPECT_EQ(by_body.status, 200) << by_body.body;
  EXPECT_EQ(by_body.header("etag"), "\"3\"");
}

TEST(InputQuery, PagingParametersAreValidated) {
  TestServer server;
  auto admin = server.Admin();
  for (std::string limit : {"0", "501", "abc", "-5", "1.5", ""}) {
    auto r = admin->Get("/api/v1/users?limit=" + limit);
    EXPECT_TRUE(IsProblem(r, 422, "validation.failed")) << "limit=" << limit;
    EXPECT_EQ(FieldErrors(r), (Errors{{"limit", "range"}})) << r.body;
  }
  EXPECT_EQ(admin->Get("/api/v1/users?limit=500").status, 200);
  EXPECT_EQ(FieldErrors(admin->Get("/api/v1/departments?cursor=x")),
            (Errors{{"cursor", "malformed"}}));
  EXPECT_EQ(FieldErrors(admin->Get("/api/v1/events?after=-1")), (Errors{{"after", "malformed"}}));
  EXPECT_EQ(admin->Get("/api/v1/users?q=%ZZ").status, 400);
}

TEST(InputSql, MetacharactersAreStoredVerbatimAndSearchedLiterally) {
  TestServer server;
  auto admin = server.Admin();
  const std::vector<std::string> kNasty = {"Robert'); DROP TABLE users;--",
                                           "100% sure",
                                           "snake_case",
                                           "back\\slash",
                                           "\" OR 1=1 --",
                                           "北京市朝阳区"};
  std::vector<int64_t> users;
  for (size_t i = 0; i < kNasty.size(); ++i) {
    const std::string& s = kNasty[i];
    auto u = admin->Post("/api/v1/users", {{"login", "meta" + std::to_string(i)},
                                           {"display_name", s},
                                           {"email", s + "@example.com"},
                                           {"password", s + " password"}});
    ASSERT_EQ(u.status, 201) << s << ": " << u.body;
    users.push_back(u.json()["id"].get<int64_t>());
    auto user = admin->Get(u.header("location")).json();
    EXPECT_EQ(user["display_name"], s);
    EXPECT_EQ(user["email"], s + "@example.com");
    auto d = admin->Post("/api/v1/departments", {{"name", s}});
    ASSERT_EQ(d.status, 201) << s << ": " << d.body;
    EXPECT_EQ(admin->Get(d.header("location")).json()["name"], s);
    auto r = admin->Post("/api/v1/roles", {{"name", s}, {"description", s}});
    ASSERT_EQ(r.status, 201) << s << ": " << r.body;
    auto role = admin->Get(r.header("location")).json();
    EXPECT_EQ(role["name"], s);
    EXPECT_EQ(role["description"], s);
    auto company = admin->Get("/api/v1/company");
    auto renamed = admin->Patch("/api/v1/company", {{"name", s}}, IfMatch(company.header("etag")));
    ASSERT_EQ(renamed.status, 200) << s << ": " << renamed.body;
    EXPECT_EQ(admin->Get("/api/v1/company").json()["name"], s);
  }

  // q is matched literally: LIKE wildcards and quotes are plain characters.
  auto search = [&](const std::string& q) { return Ids(admin->Get("/api/v1/users?q=" + Url(q))); };
  for (size_t i = 0; i < kNasty.size(); ++i)
    EXPECT_EQ(search(kNasty[i]), std::vector<int64_t>{users[i]}) << kNasty[i];
  EXPECT_EQ(search("%"), std::vector<int64_t>{users[1]});
  EXPECT_EQ(search("_"), std::vector<int64_t>{users[2]});
  EXPECT_EQ(search("\\"), std::vector<int64_t>{users[3]});
  EXPECT_EQ(search("'"), std::vector<int64_t>{users[0]});
  EXPECT_EQ(search("--"), (std::vector<int64_t>{users[0], users[4]}));
  EXPECT_EQ(search("1=1"), std::vector<int64_t>{users[4]});
  EXPECT_EQ(search("朝阳"), std::vector<int64_t>{users[5]});
  EXPECT_EQ(search("' OR '1'='1"), std::vector<int64_t>{});

  // The tables are all still there and whole.
  EXPECT_EQ(CountUsers(*admin), 7);
  EXPECT_EQ(Ids(admin->Get("/api/v1/departments")).size(), kNasty.size());
  EXPECT_EQ(Ids(admin->Get("/api/v1/roles")).size(), kNasty.size() + 1);
  for (size_t i = 0; i < kNasty.size(); ++i) {
    EXPECT_EQ(Login(server, "meta" + std::to_string(i), kNasty[i] + " password").status, 200)
        << kNasty[i];
  }
  auto bad_login =
      admin->Post("/api/v1/users",
                  {{"login", "x' OR '1'='1"}, {"display_name", "X"}, {"password", kDemoPassword}});
  EXPECT_EQ(FieldErrors(bad_login), (Errors{{"login", "login.invalid_char"}})) << bad_login.body;
  CheckJournalInvariants(server.app());
}

TEST(InputRouting, UnknownRoutesAre404AndWrongMethodsAre405) {
  TestServer server;
  auto admin = server.Admin();
  for (std::string path :
       {"/api/v1/nope", "/api/v1/users/1/nope", "/api/v2/users", "/api/v1/users.json"}) {
    auto r = admin->Get(path);
    EXPECT_EQ(r.status, 404) << path << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << path;
    EXPECT_EQ(r.json()["status"], 404) << path;
  }
  // An unknown API path is unknown whatever the method.
  auto post = admin->Post("/api/v1/nope", {{"a", 1}});
  EXPECT_TRUE(IsProblem(post, 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin->Delete("/api/v1/nope"), 404, "not_found"));

  auto wrong = admin->Delete("/api/v1/users");
  EXPECT_EQ(wrong.status, 405) << wrong.body;
  EXPECT_EQ(wrong.header("allow"), "GET, POST");
  EXPECT_EQ(wrong.json()["code"], "http.method_not_allowed");
  EXPECT_EQ(wrong.json()["status"], 405)
      << "problem body disagrees with the HTTP status: " << wrong.body;
  auto put = admin->Send("PUT", "/api/v1/users/1", "{}");
  EXPECT_EQ(put.status, 405) << put.body;
  EXPECT_EQ(put.header("allow"), "GET, PATCH");
  auto get_login = admin->Get("/api/v1/auth/login");
  EXPECT_EQ(get_login.status, 405) << get_login.body;
  EXPECT_EQ(get_login.header("allow"), "POST");
}

TEST(InputQuery, ListsPageWithACursorWithoutGapsOrRepeats) {
  TestServer server;
  ASSERT_TRUE(server.app().LoadDemo().ok());
  auto admin = server.Admin();
  std::vector<int64_t> all = Ids(admin->Get("/api/v1/users?limit=500"));
  ASSERT_EQ(all.size(), 5u);
  std::vector<int64_t> walked;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto r = admin->Get("/api/v1/users?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    for (int64_t id : Ids(r)) walked.push_back(id);
    EXPECT_LE(Ids(r).size(), 2u);
    if (r.json()["next_cursor"].is_null()) break;
    cursor = r.json()["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(walked, all);

  // The audit trail pages newest first (the parties' rows: the whole demo has more than one
  // page of 500).
  std::vector<int64_t> audit_all = Ids(admin->Get("/api/v1/audit?entity=party&limit=500"));
  ASSERT_GE(audit_all.size(), 10u);
  ASSERT_LT(audit_all.size(), 500u);
  std::vector<int64_t> audit_walked;
  cursor.clear();
  for (int page = 0; page < 100; ++page) {
    auto r = admin->Get("/api/v1/audit?entity=party&limit=3" +
                        (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    for (int64_t id : Ids(r)) audit_walked.push_back(id);
    if (r.json()["next_cursor"].is_null()) break;
    cursor = r.json()["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(audit_walked, audit_all);
  EXPECT_TRUE(std::is_sorted(audit_all.rbegin(), audit_all.rend()));
}

}  // namespace
}  // namespace concord::testing

namespace concord::testing {
namespace {

// A department cannot become its own ancestor (A under B, then B under A).
TEST(InputTree, DepartmentParentsCannotFormACycle) {
  TestServer server;
  auto admin = server.Admin();
  auto a = admin->Post("/api/v1/departments", {{"name", "A"}});
  ASSERT_EQ(a.status, 201) << a.body;
  auto b = admin->Post("/api/v1/departments", {{"name", "B"}, {"parent_id", a.json()["id"]}});
  ASSERT_EQ(b.status, 201) << b.body;
  auto c = admin->Post("/api/v1/departments", {{"name", "C"}, {"parent_id", b.json()["id"]}});
  ASSERT_EQ(c.status, 201) << c.body;
  std::string a_path = "/api/v1/departments/" + std::to_string(a.json()["id"].get<int64_t>());
  for (const auto& below : {b, c, a}) {
    auto r = admin->Patch(a_path, {{"parent_id", below.json()["id"]}}, IfMatch(a.header("etag")));
    EXPECT_TRUE(IsProblem(r, 422, "validation.failed")) << r.body;
    EXPECT_EQ(FieldErrors(r),
              (std::set<std::pair<std::string, std::string>>{{"parent_id", "cycle"}}));
  }
  EXPECT_TRUE(admin->Get(a_path).json()["parent_id"].is_null()) << "nothing was changed";
}

}  // namespace
}  // namespace concord::testing

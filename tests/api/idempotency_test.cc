// Idempotent POST: a retried request with the same Idempotency-Key replays the first answer and
// changes nothing; the key belongs to one user and one request; failures are not remembered.
#include <gtest/gtest.h>

#include "api_helpers.h"
#include "store/database.h"

namespace concord::testing {
namespace {

int64_t CountAudit(HttpClient& admin, const std::string& entity, int64_t id) {
  return static_cast<int64_t>(
      Items(admin.Get("/api/v1/audit?entity=" + entity + "&id=" + std::to_string(id))).size());
}

int64_t CountEvents(HttpClient& admin, const std::string& type, int64_t id) {
  int64_t n = 0;
  for (const auto& e : Items(admin.Get("/api/v1/events?after=0&limit=500"))) {
    if (e["type"] == type && e["entity_id"] == id) ++n;
  }
  return n;
}

TEST(Idempotency, RetryReplaysTheFirstAnswerAndWritesNothing) {
  TestServer server;
  auto admin = server.Admin();
  Headers key = {{"Idempotency-Key", "create-sales-7f3a"}};
  auto first = admin->Post("/api/v1/departments", {{"name", "Sales"}}, key);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.header("idempotent-replayed"), "");
  int64_t id = first.json()["id"].get<int64_t>();

  auto second = admin->Post("/api/v1/departments", {{"name", "Sales"}}, key);
  EXPECT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(second.header("idempotent-replayed"), "true");
  EXPECT_EQ(second.header("location"), first.header("location"));
  EXPECT_EQ(second.header("etag"), first.header("etag"));
  EXPECT_EQ(second.header("content-type"), first.header("content-type"));
  EXPECT_NE(second.header("x-request-id"), first.header("x-request-id"));

  EXPECT_EQ(Ids(admin->Get("/api/v1/departments")), std::vector<int64_t>{id});
  EXPECT_EQ(CountAudit(*admin, "department", id), 1);
  EXPECT_EQ(CountEvents(*admin, "department.created", id), 1);

  // Without the key the same body is a new request (and here a conflict on the name).
  EXPECT_TRUE(IsProblem(admin->Post("/api/v1/departments", {{"name", "Sales"}}), 409,
                        "department.name_taken"));
  CheckJournalInvariants(server.app());
}

TEST(Idempotency, ReusingAKeyForAnotherRequestIsAConflict) {
  TestServer server;
  auto admin = server.Admin();
  Headers key = {{"Idempotency-Key", "k-1"}};
  ASSERT_EQ(admin->Post("/api/v1/departments", {{"name", "Sales"}}, key).status, 201);
  auto other_body = admin->Post("/api/v1/departments", {{"name", "Warehouse"}}, key);
  EXPECT_TRUE(IsProblem(other_body, 409, "idempotency.key_reused"));
  auto other_path = admin->Post("/api/v1/roles", {{"name", "Sales"}}, key);
  EXPECT_TRUE(IsProblem(other_path, 409, "idempotency.key_reused"));
  EXPECT_EQ(Ids(admin->Get("/api/v1/departments")).size(), 1u);
  EXPECT_EQ(Ids(admin->Get("/api/v1/roles")).size(), 1u);

  auto too_long = admin->Post("/api/v1/departments", {{"name", "Long Key"}},
                              {{"Idempotency-Key", std::string(256, 'k')}});
  EXPECT_TRUE(IsProblem(too_long, 422, "validation.failed"));
  EXPECT_EQ(Ids(admin->Get("/api/v1/departments")).size(), 1u);
}

TEST(Idempotency, KeysBelongToOneUser) {
  TestServer server;
  auto admin = server.Admin();
  int64_t clerk_role = CreateRole(*admin, "Department Clerk",
                                  {"security.department.create", "security.department.read"});
  CreateUser(*admin, "erin", {clerk_role});
  auto erin = server.LoginAs("erin", kDemoPassword);
  Headers key = {{"Idempotency-Key", "same-key"}};

  auto mine = admin->Post("/api/v1/departments", {{"name", "Sales"}}, key);
  ASSERT_EQ(mine.status, 201) << mine.body;
  auto hers = erin->Post("/api/v1/departments", {{"name", "Warehouse"}}, key);
  ASSERT_EQ(hers.status, 201) << hers.body;
  EXPECT_EQ(hers.header("idempotent-replayed"), "");
  EXPECT_EQ(hers.json()["name"], "Warehouse");
  // And her replay is hers, not the administrator's.
  auto replay = erin->Post("/api/v1/departments", {{"name", "Warehouse"}}, key);
  EXPECT_EQ(replay.header("idempotent-replayed"), "true");
  EXPECT_EQ(replay.body, hers.body);
  // A session of the same user shares the key.
  auto again = server.Admin()->Post("/api/v1/departments", {{"name", "Sales"}}, key);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(again.body, mine.body);
  EXPECT_EQ(Ids(admin->Get("/api/v1/departments")).size(), 2u);
}

TEST(Idempotency, FailedRequestsAreNotRemembered) {
  TestServer server;
  auto admin = server.Admin();
  Headers key = {{"Idempotency-Key", "retry-me"}};
  auto invalid = admin->Post("/api/v1/departments", {{"name", ""}}, key);
  EXPECT_TRUE(IsProblem(invalid, 422, "validation.failed"));
  auto fixed = admin->Post("/api/v1/departments", {{"name", "Sales"}}, key);
  EXPECT_EQ(fixed.status, 201) << fixed.body;
  EXPECT_EQ(fixed.header("idempotent-replayed"), "");

  // A conflict is not remembered either: once the cause is gone, the same key succeeds.
  Headers key2 = {{"Idempotency-Key", "retry-me-too"}};
  auto conflict = admin->Post("/api/v1/departments", {{"name", "Sales"}}, key2);
  EXPECT_TRUE(IsProblem(conflict, 409, "department.name_taken"));
  auto dept = admin->Get(fixed.header("location"));
  ASSERT_EQ(
      admin->Patch(fixed.header("location"), {{"name", "Old Sales"}}, IfMatch(dept.header("etag")))
          .status,
      200);
  auto now_ok = admin->Post("/api/v1/departments", {{"name", "Sales"}}, key2);
  EXPECT_EQ(now_ok.status, 201) << now_ok.body;
  EXPECT_EQ(Ids(admin->Get("/api/v1/departments")).size(), 2u);
  CheckJournalInvariants(server.app());
}

// A key is the retry of one request in one company: used again after switching companies, it
// must not replay (and thereby skip) a request that was made in the other company.
TEST(Idempotency, KeysDoNotCrossCompanies) {
  TestServer server;
  auto admin = server.Admin();
  Headers key = {{"Idempotency-Key", "nightly-import-1"}};
  auto first = admin->Post("/api/v1/departments", {{"name", "Sales"}}, key);
  ASSERT_EQ(first.status, 201) << first.body;
  auto created =
      admin->Post("/api/v1/companies",
                  {{"name", "Second Co"}, {"currency", "USD"}, {"time_zone", "America/New_York"}});
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(admin->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}}).status,
            200);

  auto second = admin->Post("/api/v1/departments", {{"name", "Sales"}}, key);
  EXPECT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.header("idempotent-replayed"), "") << second.body;
  EXPECT_NE(second.body, first.body);
  EXPECT_EQ(Ids(admin->Get("/api/v1/departments")).size(), 1u)
      << "the department was not created here";
}

// API tokens are stored hashed; remembering the answer of an idempotent request must not keep
// the one-time token text in the database either.
TEST(Idempotency, RememberedAnswersDoNotStoreApiTokenSecrets) {
  TestServer server;
  auto admin = server.Admin();
  auto created =
      admin->Post("/api/v1/api-tokens", {{"name", "sync"}}, {{"Idempotency-Key", "token-1"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string token = created.json()["token"].get<std::string>();
  std::string secret = token.substr(4);
  int rows_with_secret = -1;
  Status st = server.app().db().Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT body FROM idempotency_keys"));
    rows_with_secret = 0;
    for (const auto& r : rows)
      rows_with_secret += r.Text(0).find(secret) != std::string::npos ? 1 : 0;
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(rows_with_secret, 0) << "the API token is stored in clear in idempotency_keys";
  auto integration = server.Client();
  integration->set_bearer(token);
  EXPECT_EQ(integration->Get("/api/v1/auth/me").status, 200);
}

}  // namespace
}  // namespace concord::testing

// The journal: every change leaves an audit row (field changes old -> new, who, which request)
// and an outbox event, readable as a list and as a server-sent event stream.
#include <gtest/gtest.h>

#include <chrono>

#include "api_helpers.h"

namespace concord::testing {
namespace {

using std::chrono::seconds;

struct Frame {
  int64_t id = 0;
  std::string event;
  json data;
};

// The complete frames of an event stream (after the response head; comments skipped).
std::vector<Frame> Frames(const std::string& received) {
  std::vector<Frame> out;
  size_t pos = received.find("\r\n\r\n");
  if (pos == std::string::npos) return out;
  pos += 4;
  for (size_t end; (end = received.find("\n\n", pos)) != std::string::npos; pos = end + 2) {
    std::string block = received.substr(pos, end - pos);
    Frame f;
    bool any = false;
    for (size_t lpos = 0; lpos <= block.size();) {
      size_t nl = block.find('\n', lpos);
      std::string line =
          block.substr(lpos, nl == std::string::npos ? std::string::npos : nl - lpos);
      if (line.rfind("id: ", 0) == 0) {
        f.id = std::stoll(line.substr(4));
        any = true;
      }
      if (line.rfind("event: ", 0) == 0) f.event = line.substr(7);
      if (line.rfind("data: ", 0) == 0) f.data = json::parse(line.substr(6), nullptr, false);
      if (nl == std::string::npos) break;
      lpos = nl + 1;
    }
    if (any) out.push_back(std::move(f));
  }
  return out;
}

// A ReadUntil condition: the frame with this id has been received completely.
std::function<bool(const std::string&)> HasFrame(int64_t id) {
  return [id](const std::string& received) {
    for (const auto& f : Frames(received)) {
      if (f.id == id) return true;
    }
    return false;
  };
}

// Opens the event stream with a bearer token and reads the response head.
std::unique_ptr<RawSocket> OpenStream(TestServer& server, const std::string& token,
                                      const std::string& extra = "",
                                      const std::string& query = "") {
  auto sse = std::make_unique<RawSocket>(server.port());
  sse->Write("GET /api/v1/events/stream" + query +
             " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\n" + extra +
             "\r\n");
  EXPECT_TRUE(sse->ReadUntil("retry: 2000\n\n", std::chrono::seconds(5))) << sse->received();
  return sse;
}

std::string Token(TestServer& server) {
  return Login(server, "admin", kAdminPassword).json()["token"].get<std::string>();
}

TEST(Journal, DepartmentChangesAreAuditedWithOldAndNewValues) {
  TestServer server;
  auto admin = server.Admin();
  int64_t admin_id = UserId(*admin, "admin");
  auto created = admin->Post("/api/v1/departments", {{"name", "Sales"}});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.json()["id"].get<int64_t>();
  std::string path = created.header("location");
  auto renamed = admin->Patch(path, {{"name", "Field Sales"}}, IfMatch(created.header("etag")));
  ASSERT_EQ(renamed.status, 200) << renamed.body;

  auto audit = admin->Get("/api/v1/audit?entity=department&id=" + std::to_string(id));
  ASSERT_EQ(audit.status, 200) << audit.body;
  json items = Items(audit);
  ASSERT_EQ(items.size(), 2u) << audit.body;
  const json& update = items[0];  // newest first
  EXPECT_EQ(update["action"], "update");
  EXPECT_EQ(update["entity"], "department");
  EXPECT_EQ(update["entity_id"], id);
  EXPECT_EQ(update["user_id"], admin_id);
  EXPECT_EQ(update["changes"], json({{"name", {"Sales", "Field Sales"}}})) << update.dump();
  EXPECT_EQ(update["request_id"], renamed.header("x-request-id"));
  const json& create = items[1];
  EXPECT_EQ(create["action"], "create");
  EXPECT_EQ(create["changes"]["name"], json({nullptr, "Sales"})) << create.dump();
  EXPECT_FALSE(create["changes"].contains("version"));
  EXPECT_EQ(create["request_id"], created.header("x-request-id"));
  EXPECT_GT(update["id"].get<int64_t>(), create["id"].get<int64_t>());

  // An update that changes nothing but the version records no field changes.
  auto same = admin->Patch(path, {{"name", "Field Sales"}}, IfMatch(renamed.header("etag")));
  ASSERT_EQ(same.status, 200) << same.body;
  auto latest =
      Items(admin->Get("/api/v1/audit?entity=department&id=" + std::to_string(id) + "&limit=1"));
  ASSERT_EQ(latest.size(), 1u);
  EXPECT_EQ(latest[0]["changes"], json::object());
  EXPECT_EQ(latest[0]["request_id"], same.header("x-request-id"));
  CheckJournalInvariants(server.app());
}

TEST(Journal, EventsHaveIncreasingIdsAndPageWithAfter) {
  TestServer server;
  auto admin = server.Admin();
  auto created = admin->Post("/api/v1/departments", {{"name", "Sales"}});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.json()["id"].get<int64_t>();
  ASSERT_EQ(
      admin->Patch(created.header("location"), {{"name", "Field Sales"}}, IfMatch("\"1\"")).status,
      200);

  auto all = admin->Get("/api/v1/events?after=0&limit=500");
  ASSERT_EQ(all.status, 200) << all.body;
  json events = Items(all);
  ASSERT_GE(events.size(), 3u);
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_GT(events[i]["id"].get<int64_t>(), events[i - 1]["id"].get<int64_t>()) << all.body;
  }
  const json& updated = events[events.size() - 1];
  const json& created_event = events[events.size() - 2];
  EXPECT_EQ(created_event["type"], "department.created");
  EXPECT_EQ(created_event["entity_id"], id);
  EXPECT_EQ(created_event["payload"]["name"], "Sales");
  EXPECT_EQ(updated["type"], "department.updated");
  EXPECT_EQ(updated["payload"]["name"], "Field Sales");
  EXPECT_EQ(all.json()["last_id"], updated["id"]);
  EXPECT_EQ(all.json()["more"], false);

  auto after = admin->Get("/api/v1/events?after=" + created_event["id"].dump());
  EXPECT_EQ(Items(after), json::array({updated}));
  auto page = admin->Get("/api/v1/events?after=0&limit=1");
  EXPECT_EQ(Items(page).size(), 1u);
  EXPECT_EQ(page.json()["more"], true);
  EXPECT_EQ(page.json()["last_id"], events[0]["id"]);
  auto none = admin->Get("/api/v1/events?after=" + updated["id"].dump());
  EXPECT_TRUE(Items(none).empty());
  EXPECT_EQ(none.json()["last_id"], updated["id"]);
}

TEST(Journal, CallerSuppliedRequestIdIsRecorded) {
  TestServer server;
  auto admin = server.Admin();
  auto r =
      admin->Post("/api/v1/departments", {{"name", "Traced"}}, {{"X-Request-Id", "trace-42.a_B"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.header("x-request-id"), "trace-42.a_B");
  auto audit = Items(admin->Get("/api/v1/audit?entity=department&id=" + r.json()["id"].dump()));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0]["request_id"], "trace-42.a_B");
}

TEST(JournalStream, NewEventsArriveAsServerSentEvents) {
  TestServer server;
  auto admin = server.Admin();
  int64_t last = admin->Get("/api/v1/events?after=0").json()["last_id"].get<int64_t>();
  auto sse = OpenStream(server, Token(server), "Last-Event-ID: " + std::to_string(last) + "\r\n");
  EXPECT_EQ(RawStatus(sse->received()), 200) << sse->received();
  EXPECT_EQ(RawHeader(sse->received(), "content-type"), "text/event-stream");
  EXPECT_EQ(RawHeader(sse->received(), "cache-control"), "no-store");
  EXPECT_FALSE(RawHeader(sse->received(), "x-request-id").empty());

  auto created = admin->Post("/api/v1/departments", {{"name", "Live"}});
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_TRUE(sse->ReadUntil("event: department.created\n", seconds(5))) << sse->received();
  ASSERT_TRUE(sse->ReadUntil([](const std::string& r) { return !Frames(r).empty(); }, seconds(5)))
      << sse->received();
  auto frames = Frames(sse->received());
  ASSERT_EQ(frames.size(), 1u) << sse->received();
  EXPECT_GT(frames[0].id, last);
  EXPECT_EQ(frames[0].event, "department.created");
  EXPECT_EQ(frames[0].data["entity_id"], created.json()["id"]);
  EXPECT_EQ(frames[0].data["payload"]["name"], "Live");
  EXPECT_EQ(frames[0].data["id"], frames[0].id);
}

TEST(JournalStream, LastEventIdResumesAfterThatEvent) {
  TestServer server;
  auto admin = server.Admin();
  for (const char* name : {"A", "B", "C"})
    ASSERT_EQ(admin->Post("/api/v1/departments", {{"name", name}}).status, 201);
  json events = Items(admin->Get("/api/v1/events?after=0&limit=500"));
  ASSERT_GE(events.size(), 3u);
  int64_t a = events[events.size() - 3]["id"].get<int64_t>();
  int64_t b = events[events.size() - 2]["id"].get<int64_t>();
  int64_t c = events[events.size() - 1]["id"].get<int64_t>();

  auto resumed = OpenStream(server, Token(server), "Last-Event-ID: " + std::to_string(a) + "\r\n");
  ASSERT_TRUE(resumed->ReadUntil(HasFrame(c), seconds(5))) << resumed->received();
  auto frames = Frames(resumed->received());
  ASSERT_EQ(frames.size(), 2u) << resumed->received();
  EXPECT_EQ(frames[0].id, b);
  EXPECT_EQ(frames[1].id, c);

  // ?after= does the same for clients that cannot set headers.
  auto by_query = OpenStream(server, Token(server), "", "?after=" + std::to_string(b));
  ASSERT_TRUE(by_query->ReadUntil(HasFrame(c), seconds(5))) << by_query->received();
  frames = Frames(by_query->received());
  ASSERT_EQ(frames.size(), 1u) << by_query->received();
  EXPECT_EQ(frames[0].id, c);

  auto bad = admin->Get("/api/v1/events/stream", {{"Last-Event-ID", "x1"}});
  EXPECT_TRUE(IsProblem(bad, 422, "validation.failed"));
}

TEST(JournalStream, EndingTheSessionEndsTheStream) {
  TestServer server;
  auto admin = server.Admin();
  std::string token = Token(server);
  int64_t last = admin->Get("/api/v1/events?after=0").json()["last_id"].get<int64_t>();
  auto sse = OpenStream(server, token, "Last-Event-ID: " + std::to_string(last) + "\r\n");
  auto same_session = server.Client();
  same_session->set_bearer(token);
  ASSERT_EQ(same_session->Send("POST", "/api/v1/auth/logout").status, 204);
  ASSERT_EQ(admin->Post("/api/v1/departments", {{"name", "Secret"}}).status, 201);
  sse->ReadAll(seconds(5));
  EXPECT_TRUE(sse->closed()) << sse->received();
  EXPECT_EQ(sse->received().find("Secret"), std::string::npos) << sse->received();
  CheckJournalInvariants(server.app());
}

// A reader of the journal gets only rows about entities they may read company-wide: the sales
// manager reads departments and the catalog of the whole company, but users, quotes and orders
// only of his own department.
TEST(Journal, ReadersSeeOnlyEntitiesTheyMayReadCompanyWide) {
  TestServer server;
  ASSERT_TRUE(server.app().LoadDemo().ok());
  auto bob = server.LoginAs("bob", kDemoPassword);
  auto events = bob->Get("/api/v1/events?after=0&limit=500");
  ASSERT_EQ(events.status, 200) << events.body;
  const std::set<std::string> company_wide = {
      "department", "product", "product_category", "price_list", "promotion",
      // The service desk demo (bob also manages the service desk): its tickets, categories,
      // articles, the advance-payment term and the workflows waiting for him.
      "ticket", "ticket_entry", "service_category", "kb_article", "payment_term",
      "workflow_instance", "workflow_task", "notification"};
  int departments = 0;
  for (const auto& e : Items(events)) {
    EXPECT_TRUE(company_wide.count(e["entity"].get<std::string>())) << e.dump();
    if (e["type"] == "department.created") ++departments;
  }
  EXPECT_EQ(departments, 5);
  EXPECT_TRUE(Items(bob->Get("/api/v1/audit?entity=user")).empty());
  EXPECT_EQ(Items(bob->Get("/api/v1/audit?entity=department")).size(), 5u);
  auto alice = server.LoginAs("alice", kDemoPassword);
  EXPECT_TRUE(IsProblem(alice->Get("/api/v1/events"), 403, "permission_denied"));
  EXPECT_TRUE(IsProblem(alice->Get("/api/v1/events/stream"), 403, "permission_denied"));
}

// The journal's times come from the server's clock, like every other time the server records
// (here a fake clock set days away from the real time), so that they agree with the rows.
TEST(Journal, AuditAndEventTimesComeFromTheServerClock) {
  TestServer server;
  server.clock().Set(
      Timestamp::FromUnixMicros(server.clock().Now().unix_micros() + 2LL * 86400 * 1000000));
  auto admin = server.Admin();
  auto created = admin->Post("/api/v1/departments", {{"name", "Sales"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string at = created.json()["created_at"].get<std::string>();
  EXPECT_EQ(at, server.clock().Now().ToIso());
  auto audit =
      Items(admin->Get("/api/v1/audit?entity=department&id=" + created.json()["id"].dump()));
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0]["at"], at);
  auto events = Items(admin->Get("/api/v1/events?after=0&limit=500"));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back()["at"], at);
}

}  // namespace
}  // namespace concord::testing

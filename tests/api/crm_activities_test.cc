// Activities: calls, meetings, tasks and notes linked to parties and contacts; done and reopen;
// the agenda in the company's time zone and the overdue list on a fake clock; the secret
// iCalendar feed fetched anonymously; record rules and company isolation.
#include <gtest/gtest.h>

#include "api_helpers.h"

namespace concord::testing {
namespace {

Timestamp At(const char* iso) { return Timestamp::ParseIso(iso).value(); }

int64_t CreateParty(HttpClient& c, const std::string& name) {
  auto r = c.Post("/api/v1/parties", {{"kind", "organization"},
                                      {"name", name},
                                      {"roles", {"customer"}},
                                      {"allow_duplicates", true}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
}

int64_t CreateContact(HttpClient& c, int64_t party, const std::string& name) {
  auto r = c.Post("/api/v1/parties/" + std::to_string(party) + "/contacts", {{"name", name}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
}

int64_t CreateActivity(HttpClient& c, json body) {
  auto r = c.Post("/api/v1/activities", body);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
}

std::string Path(int64_t id, const std::string& tail = "") {
  return "/api/v1/activities/" + std::to_string(id) + tail;
}

std::vector<int64_t> Ids(const json& items) {
  std::vector<int64_t> out;
  for (const auto& i : items) out.push_back(i["id"].get<int64_t>());
  return out;
}

// Undoes RFC 5545 line folding (CRLF + one space).
std::string Unfold(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

class Activities : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.clock().Set(At("2026-11-23T01:00:00Z"));  // 09:00 on Nov 23 in Asia/Shanghai
    admin_ = server_.Admin();
    party_ = CreateParty(*admin_, "上海贸易有限公司");
    contact_ = CreateContact(*admin_, party_, "Li Wei 李伟");
  }

  // A user whose crm.activity grants are limited to own records; parties company-wide.
  std::unique_ptr<HttpClient> Rep(const std::string& login) {
    json grants = json::array();
    for (const char* p : {"crm.activity.read", "crm.activity.create", "crm.activity.update"}) {
      grants.push_back({{"permission", p}, {"scope", "own"}});
    }
    grants.push_back({{"permission", "party.party.read"}, {"scope", "company"}});
    auto role = admin_->Post("/api/v1/roles", {{"name", "Rep " + login}, {"permissions", grants}});
    EXPECT_EQ(role.status, 201) << role.body;
    rep_id_ = CreateUser(*admin_, login, {role.json()["id"].get<int64_t>()});
    return server_.LoginAs(login, kDemoPassword);
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  int64_t party_ = 0, contact_ = 0, rep_id_ = 0;
};

TEST_F(Activities, CreateListFilterDoneAndReopen) {
  auto created = admin_->Post("/api/v1/activities", {{"kind", "call"},
                                                     {"subject", "Call about the order"},
                                                     {"party_id", party_},
                                                     {"contact_id", contact_},
                                                     {"due_at", "2026-11-24T10:00:00+08:00"},
                                                     {"ends_at", "2026-11-24T02:30:00Z"}});
  ASSERT_EQ(created.status, 201) << created.body;
  json call = created.json();
  EXPECT_EQ(call["due_at"], "2026-11-24T02:00:00.000000Z");  // normalised to UTC
  EXPECT_EQ(call["done"], false);
  EXPECT_EQ(call["done_at"], nullptr);
  EXPECT_EQ(call["version"], 1);
  EXPECT_EQ(created.header("etag"), "\"1\"");
  EXPECT_EQ(call["owner_user_id"], UserId(*admin_, "admin"));
  int64_t call_id = call["id"].get<int64_t>();

  int64_t task = CreateActivity(*admin_, {{"kind", "task"},
                                          {"subject", "'; DROP TABLE activities; --"},
                                          {"due_at", "2026-11-26T09:00:00Z"}});
  auto note =
      admin_->Post("/api/v1/activities",
                   {{"kind", "note"}, {"subject", "Met at the fair"}, {"party_id", party_}});
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(note.json()["done"], true);  // a note is a record of the past
  EXPECT_EQ(note.json()["done_at"], "2026-11-23T01:00:00.000000Z");
  int64_t note_id = note.json()["id"].get<int64_t>();
  EXPECT_EQ(admin_->Get(Path(task)).json()["subject"], "'; DROP TABLE activities; --");

  std::string list = "/api/v1/activities";
  EXPECT_EQ(Ids(admin_->Get(list)), (std::vector<int64_t>{call_id, task, note_id}));
  EXPECT_EQ(Ids(admin_->Get(list + "?party_id=" + std::to_string(party_))),
            (std::vector<int64_t>{call_id, note_id}));
  EXPECT_EQ(Ids(admin_->Get(list + "?kind=task")), std::vector<int64_t>{task});
  EXPECT_EQ(Ids(admin_->Get(list + "?done=false")), (std::vector<int64_t>{call_id, task}));
  EXPECT_EQ(Ids(admin_->Get(list + "?done=true")), std::vector<int64_t>{note_id});
  EXPECT_EQ(Ids(admin_->Get(list + "?due_before=2026-11-25T00:00:00Z")),
            std::vector<int64_t>{call_id});
  EXPECT_EQ(Ids(admin_->Get(list + "?due_after=2026-11-25T00:00:00Z")), std::vector<int64_t>{task});
  auto page = admin_->Get(list + "?limit=2");
  EXPECT_EQ(Ids(page), (std::vector<int64_t>{call_id, task}));
  EXPECT_EQ(
      Ids(admin_->Get(list + "?limit=2&cursor=" + page.json()["next_cursor"].get<std::string>())),
      std::vector<int64_t>{note_id});
  EXPECT_TRUE(IsProblem(admin_->Get(list + "?done=maybe"), 422, "validation.failed"));
  EXPECT_TRUE(IsProblem(admin_->Get(list + "?kind=fax"), 422, "validation.failed"));
  EXPECT_TRUE(IsProblem(admin_->Get(list + "?due_before=tomorrow"), 422, "validation.failed"));

  server_.clock().Advance(std::chrono::minutes(5));
  auto done = admin_->Send("POST", Path(task, "/done"));
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["done"], true);
  EXPECT_EQ(done.json()["done_at"], "2026-11-23T01:05:00.000000Z");
  EXPECT_EQ(done.json()["version"], 2);
  EXPECT_TRUE(IsProblem(admin_->Send("POST", Path(task, "/done")), 409, "activity.already_done"));
  auto reopened = admin_->Send("POST", Path(task, "/reopen"));
  ASSERT_EQ(reopened.status, 200) << reopened.body;
  EXPECT_EQ(reopened.json()["done"], false);
  EXPECT_EQ(reopened.json()["done_at"], nullptr);
  EXPECT_TRUE(IsProblem(admin_->Send("POST", Path(task, "/reopen")), 409, "activity.not_done"));
  EXPECT_TRUE(
      IsProblem(admin_->Send("POST", Path(note_id, "/reopen")), 409, "activity.note_reopen"));
  EXPECT_TRUE(IsProblem(admin_->Send("POST", Path(999999, "/done")), 404, "not_found"));

  auto audit = admin_->Get("/api/v1/audit?entity=activity&id=" + std::to_string(task));
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(Items(audit).size(), 3u);  // create, done, reopen
  CheckJournalInvariants(server_.app());
}

TEST_F(Activities, UpdateNeedsTheCurrentVersionAndValidatesTheWhole) {
  int64_t id = CreateActivity(*admin_, {{"kind", "meeting"},
                                        {"subject", "Kick-off"},
                                        {"party_id", party_},
                                        {"due_at", "2026-11-25T02:00:00Z"}});
  EXPECT_TRUE(IsProblem(admin_->Patch(Path(id), {{"subject", "x"}}), 428, "version.required"));
  EXPECT_TRUE(IsProblem(admin_->Patch(Path(id), {{"subject", "x"}}, IfMatch("\"7\"")), 412,
                        "version.stale"));
  // ends_at before the stored due_at, a contact of no party given, a kind that becomes a note.
  auto bad = admin_->Patch(Path(id), {{"ends_at", "2026-11-25T01:00:00Z"}, {"kind", "note"}},
                           IfMatch("\"1\""));
  EXPECT_TRUE(IsProblem(bad, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(bad).count({"ends_at", "before_due_at"})) << bad.body;
  EXPECT_TRUE(FieldErrors(bad).count({"kind", "note_fixed"})) << bad.body;
  auto ok = admin_->Patch(Path(id),
                          {{"subject", "Kick-off, round 2"},
                           {"location", "浦东, 会议室 3"},
                           {"ends_at", "2026-11-25T03:00:00Z"},
                           {"contact_id", contact_}},
                          IfMatch("\"1\""));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["version"], 2);
  EXPECT_EQ(ok.json()["location"], "浦东, 会议室 3");
  EXPECT_EQ(ok.json()["contact_id"], contact_);
  EXPECT_EQ(ok.header("etag"), "\"2\"");
  // Clearing the party keeps the contact check honest: the contact needs no party then.
  auto unlinked = admin_->Patch(Path(id), {{"party_id", nullptr}, {"version", 2}});
  ASSERT_EQ(unlinked.status, 200) << unlinked.body;
  EXPECT_EQ(unlinked.json()["party_id"], nullptr);
  CheckJournalInvariants(server_.app());
}

TEST_F(Activities, ValidationCollectsEveryFieldError) {
  int64_t other_party = CreateParty(*admin_, "Other Trading");
  int64_t other_contact = CreateContact(*admin_, other_party, "Zhang San");
  auto r = admin_->Post("/api/v1/activities", {{"kind", "fax"},
                                               {"party_id", "abc"},
                                               {"due_at", "2026-11-24 10:00"},
                                               {"ref_type", "invoice"},
                                               {"colour", "red"}});
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  auto errors = FieldErrors(r);
  EXPECT_TRUE(errors.count({"kind", "enum"})) << r.body;
  EXPECT_TRUE(errors.count({"subject", "required"})) << r.body;
  EXPECT_TRUE(errors.count({"party_id", "type"})) << r.body;
  EXPECT_TRUE(errors.count({"due_at", "time.malformed"})) << r.body;
  EXPECT_TRUE(errors.count({"ref_id", "required"})) << r.body;
  EXPECT_TRUE(errors.count({"colour", "unknown_field"})) << r.body;

  auto links = admin_->Post("/api/v1/activities", {{"kind", "task"},
                                                   {"subject", "Links"},
                                                   {"party_id", party_},
                                                   {"contact_id", other_contact},
                                                   {"lead_id", 999999},
                                                   {"opportunity_id", 999999},
                                                   {"ends_at", "2026-11-24T10:00:00Z"}});
  EXPECT_TRUE(IsProblem(links, 422, "validation.failed"));
  errors = FieldErrors(links);
  EXPECT_TRUE(errors.count({"contact_id", "not_found"})) << links.body;
  EXPECT_TRUE(errors.count({"lead_id", "not_found"})) << links.body;
  EXPECT_TRUE(errors.count({"opportunity_id", "not_found"})) << links.body;
  EXPECT_TRUE(errors.count({"ends_at", "requires_due_at"})) << links.body;

  auto ref = admin_->Post("/api/v1/activities", {{"kind", "email"},
                                                 {"subject", "Invoice question"},
                                                 {"ref_type", "invoice"},
                                                 {"ref_id", 42}});
  ASSERT_EQ(ref.status, 201) << ref.body;
  EXPECT_EQ(ref.json()["ref_type"], "invoice");
  EXPECT_EQ(ref.json()["ref_id"], 42);
  EXPECT_TRUE(IsProblem(admin_->Send("POST", "/api/v1/activities", "[1]"), 400, "body.not_object"));
  EXPECT_EQ(Ids(admin_->Get("/api/v1/activities")),
            std::vector<int64_t>{ref.json()["id"].get<int64_t>()});
  CheckJournalInvariants(server_.app());
}

TEST_F(Activities, OwnScopeSeesOnlyOwnActivities) {
  int64_t mine = CreateActivity(*admin_, {{"kind", "task"}, {"subject", "Admin's task"}});
  auto rep = Rep("erin");
  int64_t admin_id = UserId(*admin_, "admin");
  int64_t own = CreateActivity(*rep, {{"kind", "call"},
                                      {"subject", "Erin's call"},
                                      {"party_id", party_},
                                      {"due_at", "2026-11-23T03:00:00Z"}});
  EXPECT_EQ(rep->Get(Path(own)).json()["owner_user_id"], rep_id_);
  EXPECT_TRUE(IsProblem(rep->Get(Path(mine)), 404, "not_found"));
  EXPECT_TRUE(IsProblem(rep->Patch(Path(mine), {{"subject", "Mine now"}}, IfMatch("\"1\"")), 404,
                        "not_found"));
  EXPECT_TRUE(IsProblem(rep->Send("POST", Path(mine, "/done")), 404, "not_found"));
  EXPECT_EQ(Ids(rep->Get("/api/v1/activities")), std::vector<int64_t>{own});
  EXPECT_EQ(Ids(rep->Get("/api/v1/activities?owner_user_id=" + std::to_string(admin_id))),
            std::vector<int64_t>{});
  // Nor may an own-scope user hand an activity to someone else, or read their agenda.
  auto handed =
      rep->Post("/api/v1/activities",
                {{"kind", "task"}, {"subject", "For admin"}, {"owner_user_id", admin_id}});
  EXPECT_TRUE(IsProblem(handed, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(handed).count({"owner_user_id", "forbidden"})) << handed.body;
  EXPECT_TRUE(IsProblem(rep->Get("/api/v1/activities/agenda?user_id=" + std::to_string(admin_id)),
                        404, "not_found"));
  // The administrator sees both, and the rep's agenda.
  EXPECT_EQ(Ids(admin_->Get("/api/v1/activities")), (std::vector<int64_t>{mine, own}));
  auto agenda = admin_->Get("/api/v1/activities/agenda?user_id=" + std::to_string(rep_id_));
  ASSERT_EQ(agenda.status, 200) << agenda.body;
  EXPECT_EQ(Ids(agenda.json()["items"]), std::vector<int64_t>{own});
  EXPECT_EQ(admin_->Get(Path(mine)).json()["subject"], "Admin's task");
  CheckJournalInvariants(server_.app());
}

TEST_F(Activities, AgendaUsesTheCompanyTimeZoneAndOverdueFollowsTheClock) {
  auto due = [&](const char* kind, const char* subject, const char* at) {
    return CreateActivity(*admin_, {{"kind", kind}, {"subject", subject}, {"due_at", at}});
  };
  int64_t today = due("task", "Today 14:00 Shanghai", "2026-11-23T06:00:00Z");
  int64_t last_day = due("meeting", "Nov 29 23:00 Shanghai", "2026-11-29T15:00:00Z");
  int64_t next_week = due("call", "Nov 30 00:30 Shanghai", "2026-11-29T16:30:00Z");
  int64_t yesterday = due("task", "Nov 22 23:00 Shanghai", "2026-11-22T15:00:00Z");
  int64_t finished = due("task", "Done already", "2026-11-24T01:00:00Z");
  ASSERT_EQ(admin_->Send("POST", Path(finished, "/done")).status, 200);
  CreateActivity(*admin_, {{"kind", "task"}, {"subject", "No due time"}});

  auto agenda = admin_->Get("/api/v1/activities/agenda");
  ASSERT_EQ(agenda.status, 200) << agenda.body;
  json a = agenda.json();
  EXPECT_EQ(a["time_zone"], "Asia/Shanghai");
  EXPECT_EQ(a["from"], "2026-11-23");
  EXPECT_EQ(a["to"], "2026-11-29");
  EXPECT_EQ(a["starts_at"], "2026-11-22T16:00:00.000000Z");
  EXPECT_EQ(a["ends_at"], "2026-11-29T16:00:00.000000Z");
  EXPECT_EQ(Ids(a["items"]), (std::vector<int64_t>{today, last_day}));
  EXPECT_EQ(Ids(a["overdue"]), std::vector<int64_t>{yesterday});
  auto later = admin_->Get("/api/v1/activities/agenda?from=2026-11-30&to=2026-11-30");
  EXPECT_EQ(Ids(later.json()["items"]), std::vector<int64_t>{next_week});
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/activities/agenda?from=2026-11-30&to=2026-11-01"), 422,
                        "validation.failed"));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/activities/agenda?from=23.11.2026"), 422,
                        "validation.failed"));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/activities/agenda?user_id=999999"), 404, "not_found"));
  EXPECT_EQ(Ids(admin_->Get("/api/v1/activities/overdue").json()["items"]),
            std::vector<int64_t>{yesterday});

  // Six hours later the 14:00 task is overdue too (most overdue first).
  server_.clock().Advance(std::chrono::hours(6));
  auto admin = server_.Admin();  // the earlier session has idled out
  auto overdue = admin->Get("/api/v1/activities/overdue");
  ASSERT_EQ(overdue.status, 200) << overdue.body;
  EXPECT_EQ(Ids(overdue.json()["items"]), (std::vector<int64_t>{yesterday, today}));
  EXPECT_EQ(overdue.json()["truncated"], false);
  auto one = admin->Get("/api/v1/activities/overdue?limit=1");
  EXPECT_EQ(Ids(one.json()["items"]), std::vector<int64_t>{yesterday});
  EXPECT_EQ(one.json()["truncated"], true);
  EXPECT_EQ(Ids(admin->Get("/api/v1/activities/agenda").json()["overdue"]),
            (std::vector<int64_t>{yesterday, today}));
  CheckJournalInvariants(server_.app());
}

TEST_F(Activities, CalendarFeedIsReadableAnonymouslyUntilRotated) {
  std::string long_text;
  for (int i = 0; i < 20; ++i) long_text += "议程第" + std::to_string(i) + "项，讨论价格; ";
  int64_t meeting = CreateActivity(*admin_, {{"kind", "meeting"},
                                             {"subject", "客户会议, 上海; 第二轮"},
                                             {"description", long_text + "\nBring samples"},
                                             {"location", "上海, 浦东"},
                                             {"party_id", party_},
                                             {"due_at", "2026-11-24T02:00:00Z"},
                                             {"ends_at", "2026-11-24T03:30:00Z"}});
  int64_t task = CreateActivity(*admin_, {{"kind", "task"}, {"subject", "Send the quote"}});
  ASSERT_EQ(admin_->Send("POST", Path(task, "/done")).status, 200);
  auto rep = Rep("erin");
  int64_t others = CreateActivity(*rep, {{"kind", "task"}, {"subject", "Erin's own"}});

  auto feed = admin_->Post("/api/v1/calendar-feed", json::object());
  ASSERT_EQ(feed.status, 201) << feed.body;
  EXPECT_EQ(feed.header("cache-control"), "no-store");
  std::string url = feed.json()["url"];
  ASSERT_EQ(url.rfind("/api/v1/calendar/", 0), 0u) << url;
  ASSERT_TRUE(url.ends_with(".ics")) << url;

  auto anonymous = server_.Client();
  auto cal = anonymous->Get(url);
  ASSERT_EQ(cal.status, 200) << cal.body;
  EXPECT_EQ(cal.header("content-type").rfind("text/calendar", 0), 0u) << cal.header("content-type");
  const std::string& body = cal.body;
  EXPECT_EQ(body.rfind("BEGIN:VCALENDAR\r\n", 0), 0u) << body.substr(0, 100);
  size_t lines = 0;
  for (size_t pos = 0; pos < body.size();) {
    size_t end = body.find("\r\n", pos);
    ASSERT_NE(end, std::string::npos) << "unterminated last line";
    std::string line = body.substr(pos, end - pos);
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_EQ(line.find('\n'), std::string::npos) << "bare LF in: " << line;
    pos = end + 2;
    ++lines;
  }
  EXPECT_GT(lines, 10u);
  std::string text = Unfold(body);
  EXPECT_NE(text.find("UID:activity-" + std::to_string(meeting) + "@concord\r\n"),
            std::string::npos);
  EXPECT_NE(text.find("SUMMARY:客户会议\\, 上海\\; 第二轮\r\n"), std::string::npos) << text;
  EXPECT_NE(text.find("LOCATION:上海\\, 浦东\r\n"), std::string::npos);
  EXPECT_NE(text.find("\\nBring samples\r\n"), std::string::npos);
  EXPECT_NE(text.find("DTSTART:20261124T020000Z\r\nDTEND:20261124T033000Z\r\n"), std::string::npos);
  EXPECT_NE(text.find("UID:activity-" + std::to_string(task) + "@concord"), std::string::npos);
  EXPECT_NE(text.find("STATUS:COMPLETED\r\nCOMPLETED:20261123T010000Z"), std::string::npos);
  EXPECT_EQ(text.find("activity-" + std::to_string(others) + "@"), std::string::npos);
  EXPECT_NE(text.find("END:VCALENDAR\r\n"), std::string::npos);

  // The URL is the credential: a wrong one, one without ".ics", a rotated one are not found.
  EXPECT_TRUE(IsProblem(anonymous->Get("/api/v1/calendar/not-a-token.ics"), 404, "not_found"));
  EXPECT_TRUE(IsProblem(anonymous->Get(url.substr(0, url.size() - 4)), 404, "not_found"));
  auto rotated = admin_->Post("/api/v1/calendar-feed", json::object());
  ASSERT_EQ(rotated.status, 201) << rotated.body;
  std::string new_url = rotated.json()["url"];
  EXPECT_NE(new_url, url);
  EXPECT_TRUE(IsProblem(anonymous->Get(url), 404, "not_found"));
  EXPECT_EQ(anonymous->Get(new_url).status, 200);
  // Each user's feed holds their own activities only.
  auto erin_feed = rep->Post("/api/v1/calendar-feed", json::object());
  ASSERT_EQ(erin_feed.status, 201) << erin_feed.body;
  std::string erin_cal = Unfold(anonymous->Get(erin_feed.json()["url"]).body);
  EXPECT_NE(erin_cal.find("UID:activity-" + std::to_string(others) + "@concord"),
            std::string::npos);
  EXPECT_EQ(erin_cal.find("UID:activity-" + std::to_string(meeting) + "@"), std::string::npos);
  // Revoked, or its owner disabled: gone.
  EXPECT_EQ(admin_->Delete("/api/v1/calendar-feed").status, 204);
  EXPECT_TRUE(IsProblem(anonymous->Get(new_url), 404, "not_found"));
  std::string erin = "/api/v1/users/" + std::to_string(rep_id_);
  auto disabled =
      admin_->Patch(erin, {{"active", false}}, IfMatch(admin_->Get(erin).header("etag")));
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(IsProblem(anonymous->Get(erin_feed.json()["url"]), 404, "not_found"));
  CheckJournalInvariants(server_.app());
}

// Lead scoring counts done activities as engagement (default rules: 10 points from the first).
TEST_F(Activities, DoneActivitiesOfALeadRescoreIt) {
  auto lead = admin_->Post("/api/v1/leads", {{"title", "Expo visitor"}});
  ASSERT_EQ(lead.status, 201) << lead.body;
  int64_t lead_id = lead.json()["id"].get<int64_t>();
  std::string lead_path = "/api/v1/leads/" + std::to_string(lead_id);
  auto score = [&] { return admin_->Get(lead_path).json()["score"].get<int64_t>(); };
  int64_t base = score();
  int64_t task =
      CreateActivity(*admin_, {{"kind", "task"}, {"subject", "Follow up"}, {"lead_id", lead_id}});
  EXPECT_EQ(score(), base);
  ASSERT_EQ(admin_->Send("POST", Path(task, "/done")).status, 200);
  EXPECT_EQ(score(), base + 10);
  ASSERT_EQ(admin_->Send("POST", Path(task, "/reopen")).status, 200);
  EXPECT_EQ(score(), base);
  CreateActivity(*admin_,
                 {{"kind", "note"}, {"subject", "Talked at the booth"}, {"lead_id", lead_id}});
  EXPECT_EQ(score(), base + 10);  // a note is created done
  EXPECT_EQ(Ids(admin_->Get("/api/v1/activities?lead_id=" + std::to_string(lead_id))).size(), 2u);
  CheckJournalInvariants(server_.app());
}

TEST_F(Activities, AnotherCompanysRecordsCannotBeLinkedOrSeen) {
  int64_t first = CreateActivity(*admin_, {{"kind", "task"}, {"subject", "First company"}});
  auto created =
      admin_->Post("/api/v1/companies",
                   {{"name", "Second Co"}, {"currency", "USD"}, {"time_zone", "America/New_York"}});
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}}).status,
            200);
  auto r = admin_->Post("/api/v1/activities",
                        {{"kind", "call"}, {"subject", "Cross"}, {"party_id", party_}});
  EXPECT_TRUE(IsProblem(r, 422, "validation.failed"));
  EXPECT_TRUE(FieldErrors(r).count({"party_id", "not_found"})) << r.body;
  auto c = admin_->Post("/api/v1/activities",
                        {{"kind", "call"}, {"subject", "Cross"}, {"contact_id", contact_}});
  EXPECT_TRUE(FieldErrors(c).count({"contact_id", "not_found"})) << c.body;
  EXPECT_TRUE(IsProblem(admin_->Get(Path(first)), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Send("POST", Path(first, "/done")), 404, "not_found"));
  EXPECT_EQ(Ids(admin_->Get("/api/v1/activities")), std::vector<int64_t>{});
  auto agenda = admin_->Get("/api/v1/activities/agenda");
  ASSERT_EQ(agenda.status, 200) << agenda.body;
  EXPECT_EQ(agenda.json()["time_zone"], "America/New_York");
  EXPECT_EQ(agenda.json()["from"], "2026-11-22");  // still Nov 22 in New York
  CheckJournalInvariants(server_.app());
}

}  // namespace
}  // namespace concord::testing

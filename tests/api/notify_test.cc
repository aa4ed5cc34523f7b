// Notifications: preferences decide in-app and e-mail delivery; e-mails go out through the file
// transport and through SMTP to a real (loopback) peer; failed sends are retried with back-off
// and then kept as failed; a bad mail setting stops the server from starting.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "api_helpers.h"

namespace concord::testing {
namespace {

std::string TempDir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("concord-mail-" + std::to_string(::getpid()) + "-" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  return dir.string();
}

class Notify : public ::testing::Test {
 protected:
  explicit Notify(std::string mail = "") : mail_(mail.empty() ? "file:" + dir_ : mail) {}
  void SetUp() override {
    admin_ = server_.Admin();
    auto r = admin_->Post("/api/v1/users", {{"login", "ann"},
                                            {"display_name", "Ann"},
                                            {"password", kDemoPassword},
                                            {"email", "ann@example.com"},
                                            {"role_ids", json::array()}});
    ASSERT_EQ(r.status, 201) << r.body;
    ann_id_ = r.json()["id"].get<int64_t>();
    ann_ = server_.LoginAs("ann", kDemoPassword);
  }
  void TearDown() override {
    CheckJournalInvariants(server_.app());
    std::filesystem::remove_all(dir_);
  }

  Result<int64_t> Send(const std::string& kind, const std::string& title) {
    int64_t id = 0;
    int64_t company = admin_->Get("/api/v1/auth/me").json()["company"]["id"].get<int64_t>();
    Status st = server_.app().db().Write([&](store::Tx& tx) -> Status {
      notify::Message m{company, ann_id_, kind, title, "Please have a look.", "ticket", 7};
      ASSIGN_OR_RETURN(id, server_.app().notifier().Send(tx, m));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return id;
  }
  json Mails(const std::string& query = "") {
    auto r = admin_->Get("/api/v1/mail-queue" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["items"];
  }

  std::string dir_ = TempDir();
  std::string mail_;
  TestServer server_{[this](app::Config& c) { c.mail = mail_; }};
  std::unique_ptr<HttpClient> admin_, ann_;
  int64_t ann_id_ = 0;
};

TEST_F(Notify, PreferencesDecideInAppAndEmail) {
  auto prefs = ann_->Get("/api/v1/notification-preferences");
  ASSERT_EQ(prefs.status, 200) << prefs.body;
  EXPECT_EQ(prefs.json()["mail_enabled"], true);
  for (const auto& p : prefs.json()["items"]) {
    EXPECT_EQ(p["in_app"], true);
    EXPECT_EQ(p["email"], true);
  }
  // Both by default: the notification and a queued e-mail, sent by the mail job as a file.
  ASSERT_TRUE(Send("assignment", "工单 TK-1 已分配给您").ok());
  json mine = ann_->Get("/api/v1/notifications").json()["items"];
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["title"], "工单 TK-1 已分配给您");
  EXPECT_EQ(ann_->Get("/api/v1/notifications/unread-count").json()["unread"], 1);
  json queued = Mails("?state=queued");
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0]["to_address"], "ann@example.com");
  auto run = server_.app().mail_sender()->RunOnce(server_.clock().Now());
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->sent, 1);
  std::ifstream file(dir_ + "/" + std::to_string(queued[0]["id"].get<int64_t>()) + ".eml");
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_NE(text.str().find("To: ann@example.com\r\n"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("Subject: =?UTF-8?B?"), std::string::npos) << text.str();
  EXPECT_EQ(Mails("?state=sent").size(), 1u);
  EXPECT_EQ(server_.app().mail_sender()->RunOnce(server_.clock().Now())->sent, 0);  // once

  // Bad preferences are refused whole and change nothing.
  for (const json& bad : {json{{"items", json::array()}}, json{{"items", "all"}},
                          json{{"items", {{{"kind", "nonsense"}, {"email", false}}}}},
                          json{{"items", {{{"kind", "assignment"}, {"email", "no"}}}}},
                          json{{"items",
                                {{{"kind", "assignment"}, {"email", false}},
                                 {{"kind", "escalation"}, {"in_app", 1}}}}}}) {
    EXPECT_TRUE(IsProblem(ann_->Put("/api/v1/notification-preferences", bad), 422, ""))
        << bad.dump();
  }
  EXPECT_EQ(ann_->Get("/api/v1/notification-preferences").json(), prefs.json());

  // E-mail off: the notification only.
  auto set = ann_->Put("/api/v1/notification-preferences",
                       {{"items", {{{"kind", "assignment"}, {"email", false}}}}});
  ASSERT_EQ(set.status, 200) << set.body;
  ASSERT_TRUE(Send("assignment", "TK-2").ok());
  EXPECT_EQ(ann_->Get("/api/v1/notifications").json()["items"].size(), 2u);
  EXPECT_EQ(Mails().size(), 1u);
  // Both off: nothing at all; other kinds unaffected.
  ASSERT_EQ(ann_->Put("/api/v1/notification-preferences",
                      {{"items", {{{"kind", "assignment"}, {"in_app", false}}}}})
                .status,
            200);
  EXPECT_EQ(*Send("assignment", "TK-3"), 0);
  EXPECT_EQ(ann_->Get("/api/v1/notifications").json()["items"].size(), 2u);
  ASSERT_TRUE(Send("escalation", "TK-4").ok());
  EXPECT_EQ(ann_->Get("/api/v1/notifications").json()["items"].size(), 3u);
  EXPECT_EQ(Mails().size(), 2u);
  EXPECT_FALSE(Send("gossip", "x").ok());  // unknown kinds are a programming error

  // Reading: one, then all; nobody reads another user's notifications or the mail queue.
  int64_t first = mine[0]["id"].get<int64_t>();
  EXPECT_TRUE(IsProblem(admin_->Post("/api/v1/notifications/" + std::to_string(first) + "/read",
                                     json::object()),
                        404, "not_found"));
  EXPECT_EQ(ann_->Post("/api/v1/notifications/" + std::to_string(first) + "/read", json::object())
                .json()["read"],
            true);
  EXPECT_EQ(ann_->Post("/api/v1/notifications/read-all", json::object()).json()["marked"], 2);
  EXPECT_EQ(ann_->Get("/api/v1/notifications?unread=true").json()["items"].size(), 0u);
  EXPECT_EQ(ann_->Get("/api/v1/mail-queue").status, 403);
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/mail-queue?state=lost"), 422, ""));
}

class NotifyUnreachableSmtp : public Notify {
 protected:
  NotifyUnreachableSmtp() : Notify("smtp://127.0.0.1:1") {}
};

TEST_F(NotifyUnreachableSmtp, FailedSendsAreRetriedWithBackOffThenKeptAsFailed) {
  ASSERT_TRUE(Send("approval_due", "Approve Q-1").ok());
  auto& sender = *server_.app().mail_sender();
  for (int attempt = 1; attempt <= notify::MailSender::kMaxAttempts; ++attempt) {
    auto run = sender.RunOnce(server_.clock().Now());
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    EXPECT_EQ(run->retried + run->failed, 1) << attempt;
    // Not due again before its back-off.
    EXPECT_EQ(sender.RunOnce(server_.clock().Now())->retried, 0);
    server_.clock().Advance(std::chrono::hours(24));
  }
  admin_ = server_.Admin();  // the clock moved past the session's idle expiry
  json failed = Mails("?state=failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["attempts"], notify::MailSender::kMaxAttempts);
  EXPECT_TRUE(failed[0]["last_error"].is_string());
  EXPECT_EQ(sender.RunOnce(server_.clock().Now())->failed, 0);
}

// A minimal SMTP peer on loopback: answers every command, keeps the message.
class SmtpPeer {
 public:
  SmtpPeer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 1);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~SmtpPeer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  std::string transcript() { return done_ ? transcript_ : ""; }

 private:
  void Serve() {
    int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    auto say = [c](const std::string& s) { (void)!::write(c, s.data(), s.size()); };
    say("220 peer ready\r\n");
    std::string buf;
    bool data = false;
    char chunk[4096];
    for (ssize_t n; (n = ::read(c, chunk, sizeof chunk)) > 0;) {
      buf.append(chunk, n);
      transcript_.append(chunk, n);
      for (size_t eol; (eol = buf.find(data ? "\r\n.\r\n" : "\r\n")) != std::string::npos;) {
        std::string line = buf.substr(0, eol);
        buf.erase(0, eol + (data ? 5 : 2));
        if (data) {
          data = false;
          say("250 queued\r\n");
        } else if (line.rfind("DATA", 0) == 0) {
          data = true;
          say("354 go on\r\n");
        } else if (line.rfind("QUIT", 0) == 0) {
          say("221 bye\r\n");
          done_ = true;
          ::close(c);
          return;
        } else {
          say("250 ok\r\n");
        }
      }
    }
    ::close(c);
  }

  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::string transcript_;
  std::atomic<bool> done_{false};
};

TEST(NotifySmtp, DeliversToAnSmtpPeer) {
  SmtpPeer peer;
  TestServer server([&](app::Config& c) {
    c.mail = "smtp://127.0.0.1:" + std::to_string(peer.port());
    c.mail_from = "desk@concord.test";
  });
  auto admin = server.Admin();
  auto r = admin->Post("/api/v1/users", {{"login", "bob"},
                                         {"display_name", "Bob"},
                                         {"password", kDemoPassword},
                                         {"email", "bob@example.com"},
                                         {"role_ids", json::array()}});
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t bob = r.json()["id"].get<int64_t>();
  int64_t company = admin->Get("/api/v1/auth/me").json()["company"]["id"].get<int64_t>();
  ASSERT_TRUE(server.app()
                  .db()
                  .Write([&](store::Tx& tx) {
                    return server.app()
                        .notifier()
                        .Send(tx, {company, bob, "escalation", "Ticket TK-9 escalated",
                                   "Line one\nLine two", "ticket", 9})
                        .status();
                  })
                  .ok());
  auto run = server.app().mail_sender()->RunOnce(server.clock().Now());
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->sent, 1);
  std::string t = peer.transcript();
  EXPECT_NE(t.find("MAIL FROM:<desk@concord.test>"), std::string::npos) << t;
  EXPECT_NE(t.find("RCPT TO:<bob@example.com>"), std::string::npos) << t;
  EXPECT_NE(t.find("Subject: Ticket TK-9 escalated\r\n"), std::string::npos) << t;
  CheckJournalInvariants(server.app());
}

TEST(NotifyConfig, AnUnknownMailTransportStopsTheServer) {
  EXPECT_THROW(TestServer([](app::Config& c) { c.mail = "ftp://mail.example.com"; }),
               std::runtime_error);
}

}  // namespace
}  // namespace concord::testing

// Sending the queued e-mails (mail_queue): a transport per configuration, a sender that takes
// due mails in batches and records each outcome, and a background runner.
//
// Transports, chosen by the `mail` setting:
//   ""                      mail off: nothing is queued (Notifier's mail_enabled is false)
//   "file:/some/dir"        each message written as <dir>/<id>.eml (tests, or a pickup folder)
//   "smtp://host[:port]"    SMTP through libcurl; "smtps://" for implicit TLS; user and
//                           password may be given in the URL (smtp://user:pass@host:587);
//                           plain smtp:// upgrades to TLS when the server offers STARTTLS.
// A failed send is retried with back-off (1, 2, 4 ... minutes, at most kMaxAttempts tries) and
// then left as "failed" with the last error; nothing is dropped silently.
//
// Thread-safety: MailSender::RunOnce may be called from one thread at a time per process;
// several processes may run it against one database (a mail is claimed by a conditional
// UPDATE before it is sent, so it is sent once).
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "core/time.h"
#include "security/access.h"
#include "store/database.h"

namespace concord::notify {

struct Mail {
  int64_t id = 0;
  std::string from;
  std::string to;
  std::string subject;
  std::string body;  // UTF-8 plain text
  Timestamp date;
};

// The RFC 5322 text of a mail: UTF-8 subject as an encoded word, body in base64.
std::string FormatMail(const Mail& mail);

class Transport {
 public:
  virtual ~Transport() = default;
  virtual Status Deliver(const Mail& mail) = 0;
};

// Validates a `mail` setting and makes its transport; nullptr for "" (mail off).
// InvalidArgument "mail.invalid" for anything else.
Result<std::unique_ptr<Transport>> MakeTransport(const std::string& setting);

struct MailRunResult {
  int64_t sent = 0;
  int64_t retried = 0;
  int64_t failed = 0;
};

class MailSender {
 public:
  static constexpr int kMaxAttempts = 5;
  MailSender(store::Database& db, Transport& transport, std::string from)
      : db_(db), transport_(transport), from_(std::move(from)) {}
  // Sends up to `batch` mails due at `now`.
  Result<MailRunResult> RunOnce(Timestamp now, int64_t batch = 100) const;

 private:
  store::Database& db_;
  Transport& transport_;
  std::string from_;
};

// The company's mail queue, oldest first after `after`, optionally of one state
// (queued | sent | failed): {id, user_id, notification_id, to_address, subject, state,
// attempts, last_error, next_attempt_at, created_at, sent_at}. Bodies are not listed.
Result<nlohmann::json> ListMail(store::Tx& tx, const security::Access& who,
                                const std::string& state, int64_t limit, int64_t after);

// The background job sending due mails: concord::Periodic calling this every few seconds.
void RunMailOnce(const MailSender& sender, const Clock& clock);

}  // namespace concord::notify

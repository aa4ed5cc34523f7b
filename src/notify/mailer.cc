// E-mail transports (file, SMTP through libcurl), the message format and the queue sender.
#include "notify/mailer.h"

#include <curl/curl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "store/row_json.h"
#include "store/tx.h"

namespace concord::notify {
namespace {

using nlohmann::json;

std::string Base64(std::string_view raw) {
  std::string out(sodium_base64_encoded_len(raw.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// Header text on one line: control characters (CR, LF ...) become spaces (no header injection).
std::string OneLine(std::string_view s) {
  std::string out;
  for (char c : s) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  return out;
}

bool Ascii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string RfcDate(Timestamp t) {
  std::time_t secs = t.unix_micros() / 1000000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

// An address we are willing to put on an envelope: something@something, no spaces, no
// control characters, no angle brackets.
bool PlausibleAddress(std::string_view a) {
  if (a.empty() || a.size() > 254) return false;
  size_t at = a.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 >= a.size()) return false;
  for (char c : a) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == 0x7f) return false;
  }
  return true;
}

class FileTransport final : public Transport {
 public:
  explicit FileTransport(std::filesystem::path dir) : dir_(std::move(dir)) {}
  Status Deliver(const Mail& mail) override {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) return Status(Code::kUnavailable, "mail.file", "Cannot create " + dir_.string());
    auto final_path = dir_ / (std::to_string(mail.id) + ".eml");
    auto tmp = dir_ / (std::to_string(mail.id) + ".eml.tmp");
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      out << FormatMail(mail);
      if (!out) return Status(Code::kUnavailable, "mail.file", "Cannot write " + tmp.string());
    }
    std::filesystem::rename(tmp, final_path, ec);  // readers never see half a message
    if (ec) return Status(Code::kUnavailable, "mail.file", "Cannot write " + final_path.string());
    return Status::Ok();
  }

 private:
  std::filesystem::path dir_;
};

struct Upload {
  std::string text;
  size_t at = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  size_t n = std::min(size * count, up->text.size() - up->at);
  std::memcpy(buffer, up->text.data() + up->at, n);
  up->at += n;
  return n;
}

class SmtpTransport final : public Transport {
 public:
  explicit SmtpTransport(std::string url) : url_(std::move(url)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }
  Status Deliver(const Mail& mail) override {
    CURL* c = curl_easy_init();
    if (!c) return Status(Code::kUnavailable, "mail.smtp", "libcurl could not start");
    Upload up{FormatMail(mail)};
    std::string from = "<" + mail.from + ">";
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + mail.to + ">").c_str());
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadUpload);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK) {
      return Status(Code::kUnavailable, "mail.smtp", error[0] ? error : curl_easy_strerror(rc));
    }
    return Status::Ok();
  }

 private:
  std::string url_;
};

struct Claimed {
  Mail mail;
  int64_t company_id = 0;
  int64_t attempts = 0;
};

// What a send leads to: "sent", "queued" again (retry with back-off) or "failed" for good
// (after kMaxAttempts, or at once for an address that can never work).
std::string NextState(const Claimed& c, const Status& sent) {
  if (sent.ok()) return "sent";
  if (sent.code() == Code::kInvalidArgument) return "failed";
  return c.attempts + 1 >= MailSender::kMaxAttempts ? "failed" : "queued";
}

Status Record(store::Tx& tx, const Claimed& c, const Status& sent, const std::string& state,
              Timestamp now) {
  int64_t attempts = c.attempts + 1;
  auto backoff = std::chrono::minutes(int64_t{1} << std::min<int64_t>(attempts - 1, 10));
  std::optional<std::string> error;
  if (!sent.ok()) error = sent.message();
  RETURN_IF_ERROR(tx.Exec("UPDATE mail_queue SET state = ?, attempts = ?, last_error = ?, "
                          "next_attempt_at = ?, sent_at = ? WHERE id = ?",
                          state, attempts, error, (now + backoff).ToIso(),
                          sent.ok() ? std::optional<std::string>(now.ToIso()) : std::nullopt,
                          c.mail.id)
                      .status());
  std::string action = state == "queued" ? "retry" : state;
  json payload = {{"id", c.mail.id}, {"state", state}, {"attempts", attempts}};
  if (error) payload["error"] = *error;
  tx.Audit({"mail", c.mail.id, action,
            {{"state", {"queued", state}}, {"attempts", {c.attempts, attempts}}}, c.company_id});
  tx.Emit({"mail." + action, "mail", c.mail.id, payload, c.company_id});
  return Status::Ok();
}

}  // namespace

std::string FormatMail(const Mail& mail) {
  std::string subject = OneLine(mail.subject);
  if (!Ascii(subject)) subject = "=?UTF-8?B?" + Base64(subject) + "?=";
  std::string text = "From: " + OneLine(mail.from) + "\r\nTo: " + OneLine(mail.to) +
                     "\r\nSubject: " + subject + "\r\nDate: " + RfcDate(mail.date) +
                     "\r\nMessage-ID: <concord." + std::to_string(mail.id) + "." +
                     std::to_string(mail.date.unix_micros()) + "@concord>" +
                     "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8"
                     "\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  std::string body = Base64(mail.body);
  for (size_t i = 0; i < body.size(); i += 76) text += body.substr(i, 76) + "\r\n";
  return text;
}

Result<std::unique_ptr<Transport>> MakeTransport(const std::string& setting) {
  if (setting.empty()) return std::unique_ptr<Transport>();
  if (setting.rfind("file:", 0) == 0 && setting.size() > 5) {
    return std::unique_ptr<Transport>(std::make_unique<FileTransport>(setting.substr(5)));
  }
  if ((setting.rfind("smtp://", 0) == 0 && setting.size() > 7) ||
      (setting.rfind("smtps://", 0) == 0 && setting.size() > 8)) {
    return std::unique_ptr<Transport>(std::make_unique<SmtpTransport>(setting));
  }
  return Status(Code::kInvalidArgument, "mail.invalid",
                "mail must be empty (off), file:DIR, smtp://host[:port] or smtps://host[:port]");
}

Result<MailRunResult> MailSender::RunOnce(Timestamp now, int64_t batch) const {
  std::vector<Claimed> claimed;
  const std::string lease = (now + std::chrono::minutes(10)).ToIso();
  RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) -> Status {
    claimed.clear();
    ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, company_id, to_address, subject, body, "
                                        "attempts, next_attempt_at FROM mail_queue WHERE state = "
                                        "'queued' AND next_attempt_at <= ? ORDER BY "
                                        "next_attempt_at, id LIMIT ?",
                                        now.ToIso(), batch));
    for (const auto& r : rows) {
      // Claimed by moving its next attempt past the send; another process skips it.
      ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE mail_queue SET next_attempt_at = ? WHERE id = ? "
                                          "AND state = 'queued' AND next_attempt_at = ?",
                                          lease, r.Int("id"), r.Text("next_attempt_at")));
      if (n != 1) continue;
      Mail m{r.Int("id"), from_, r.Text("to_address"), r.Text("subject"), r.Text("body"), now};
      claimed.push_back({m, r.Int("company_id"), r.Int("attempts")});
    }
    return Status::Ok();
  }));
  MailRunResult out;
  for (const auto& c : claimed) {
    Status sent = PlausibleAddress(c.mail.to)
                      ? transport_.Deliver(c.mail)
                      : Status(Code::kInvalidArgument, "mail.address", "Not a usable address");
    std::string state = NextState(c, sent);
    RETURN_IF_ERROR(db_.Write([&](store::Tx& tx) { return Record(tx, c, sent, state, now); }));
    (state == "sent" ? out.sent : state == "failed" ? out.failed : out.retried)++;
  }
  return out;
}

Result<json> ListMail(store::Tx& tx, const security::Access& who, const std::string& state,
                      int64_t limit, int64_t after) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, user_id, notification_id, to_address, subject, "
                                      "state, attempts, last_error, next_attempt_at, created_at, "
                                      "sent_at FROM mail_queue WHERE company_id = ? AND id > ? AND "
                                      "(? = '' OR state = ?) ORDER BY id LIMIT ?",
                                      who.company_id(), after, state, state, limit + 1));
  json items = json::array();
  for (const auto& r : rows) items.push_back(store::RowJson(r));
  return items;
}

void RunMailOnce(const MailSender& sender, const Clock& clock) {
  auto result = sender.RunOnce(clock.Now());
  if (!result.ok()) {
    spdlog::warn("mail run failed: {}", result.status().ToString());
  } else if (result->sent + result->retried + result->failed > 0) {
    spdlog::info("mail: {} sent, {} to retry, {} failed", result->sent, result->retried,
                 result->failed);
  }
}

}  // namespace concord::notify

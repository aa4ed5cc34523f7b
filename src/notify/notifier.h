// Notifications to users: an in-app notification and, when the user wants it and mail is
// configured, an e-mail, for events such as assignments, approvals due, SLA breaches and
// escalations. What a user receives is decided by their preferences per kind (in app, e-mail);
// without a stored preference both are on. E-mails are queued in the caller's transaction
// (mail_queue) and sent afterwards by the mail sender (mailer.h), so a rolled-back transaction
// sends nothing and a failed send is retried, never lost.
//
// Thread-safety: stateless after construction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::notify {

// The kinds of notification a user can set preferences for.
struct Kind {
  std::string key;          // e.g. "assignment"
  std::string description;  // shown next to the preference
};
const std::vector<Kind>& Kinds();
bool KnownKind(const std::string& key);

struct Message {
  int64_t company_id = 0;
  int64_t user_id = 0;
  std::string kind;   // one of Kinds()
  std::string title;  // one line; also the e-mail subject
  std::string text;   // the body
  std::string entity;                // what it is about, e.g. "ticket", "workflow_task"
  std::optional<int64_t> entity_id;  // and which one
};

class Notifier {
 public:
  // `mail_enabled`: whether e-mails are queued at all (a mail transport is configured).
  Notifier(const Clock& clock, bool mail_enabled) : clock_(clock), mail_enabled_(mail_enabled) {}

  // Writes the in-app notification and queues the e-mail, each if the user's preference for
  // the kind allows it (and the user has an e-mail address), in the caller's write
  // transaction, with audit records and outbox events. InvalidArgument for an unknown kind;
  // NotFound when the user is not a member of the company. Returns the notification id, or 0
  // when the user turned in-app notifications of this kind off.
  Result<int64_t> Send(store::Tx& tx, const Message& m) const;

  // The caller's own notifications, oldest first after `after` (keyset), optionally unread only.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, bool unread_only,
                              int64_t limit, int64_t after) const;
  // Marks one of the caller's notifications read (idempotent). NotFound for anybody else's.
  Result<nlohmann::json> MarkRead(store::Tx& tx, const security::Access& who, int64_t id) const;
  // Marks all the caller's notifications read; returns how many changed.
  Result<int64_t> MarkAllRead(store::Tx& tx, const security::Access& who) const;
  // Number of the caller's unread notifications.
  Result<int64_t> UnreadCount(store::Tx& tx, const security::Access& who) const;

  // The caller's preference for every kind: {items: [{kind, description, in_app, email}]}.
  Result<nlohmann::json> Preferences(store::Tx& tx, const security::Access& who) const;
  // Body {items: [{kind, in_app?, email?}]}: sets the caller's preferences (422 on unknown
  // kinds or wrong types, nothing written); returns Preferences().
  Result<nlohmann::json> SetPreferences(store::Tx& tx, const security::Access& who,
                                        const nlohmann::json& body) const;

 private:
  const Clock& clock_;
  bool mail_enabled_;
};

}  // namespace concord::notify

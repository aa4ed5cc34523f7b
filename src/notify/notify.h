// The notify area: in-app notifications and e-mails to users, by their preferences per kind.
// Areas send through notify::Notifier (notifier.h); the mail queue is emptied by
// notify::MailSender (mailer.h). See docs/notifications.md.
#pragma once

#include "http/api.h"
#include "notify/mailer.h"
#include "notify/notifier.h"
#include "security/journal.h"
#include "security/permissions.h"

namespace concord::notify {

// notify.notification.audit (everybody's notifications in the audit trail and event stream),
// notify.mail.read (the outgoing mail queue).
void RegisterPermissions(security::PermissionCatalog& catalog);
// notification, notification_preference, mail
void RegisterEntities(security::EntityRegistry& entities);
// /api/v1/notifications..., /api/v1/notification-preferences, /api/v1/mail-queue (api.cc).
void RegisterRoutes(http::Api& api, const Notifier& notifier);

}  // namespace concord::notify

#include "notify/notify.h"

namespace concord::notify {

void RegisterPermissions(security::PermissionCatalog& catalog) {
  catalog.AddResource("notify.notification", {"audit"},
                      "everybody's notifications in the audit trail and the event stream "
                      "(each user always reads their own through /notifications)");
  catalog.AddResource("notify.mail", {"read"}, "the outgoing e-mail queue and its failures");
}

void RegisterEntities(security::EntityRegistry& entities) {
  entities.Add("notification", "notify.notification.audit");
  entities.Add("notification_preference", "notify.notification.audit");
  entities.Add("mail", "notify.mail.read");
}

}  // namespace concord::notify

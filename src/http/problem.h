// The one table that maps Status codes to HTTP statuses, and problem+json (RFC 9457) bodies:
// {"type", "title", "status", "detail", "code", "errors": [{field, code, message}],
//  "request_id"}. `code` is the stable message id the UI translates.
#pragma once

#include "core/status.h"
#include "http/message.h"

namespace concord::http {

int HttpStatusFor(const Status& status);
Response Problem(const Status& status, const std::string& request_id);

}  // namespace concord::http

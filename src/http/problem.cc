#include "http/problem.h"

namespace concord::http {

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case Code::kOk: return 200;
    case Code::kBadRequest: return 400;
    case Code::kInvalidArgument: return 422;
    case Code::kUnauthenticated: return 401;
    case Code::kPermissionDenied: return 403;
    case Code::kNotFound: return 404;
    case Code::kConflict: return 409;
    case Code::kFailedPrecondition: return status.message_id() == "version.required" ? 428 : 409;
    case Code::kMethodNotAllowed: return 405;
    case Code::kStaleVersion: return 412;
    case Code::kTooLarge: return 413;
    case Code::kResourceExhausted: return 429;
    case Code::kAborted: return 409;
    case Code::kUnavailable: return 503;
    case Code::kDeadlineExceeded: return 503;
    case Code::kInternal: return 500;
  }
  return 500;
}

Response Problem(const Status& status, const std::string& request_id) {
  int http_status = HttpStatusFor(status);
  nlohmann::json body = {
      {"type", "https://concord.dev/problems/" + std::string(CodeName(status.code()))},
      {"title", CodeName(status.code())},
      {"status", http_status},
      {"code", status.message_id()},
      {"detail", http_status >= 500 && status.code() == Code::kInternal
                     ? "An internal error occurred; the request id identifies it in the log."
                     : status.message()},
      {"request_id", request_id},
  };
  if (!status.field_errors().empty()) {
    auto& errors = body["errors"] = nlohmann::json::array();
    for (const auto& e : status.field_errors()) {
      errors.push_back({{"field", e.field}, {"code", e.code}, {"message", e.message}});
    }
  }
  if (!status.extra().empty()) {
    auto extra = nlohmann::json::parse(status.extra(), nullptr, false);
    if (extra.is_object()) {
      for (auto& [k, v] : extra.items()) {
        if (!body.contains(k)) body[k] = v;
      }
    }
  }
  Response r = Response::Json(http_status, body);
  r.content_type = "application/problem+json";
  return r;
}

}  // namespace concord::http

#include "core/status.h"

namespace concord {

const char* CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kBadRequest: return "bad_request";
    case Code::kInvalidArgument: return "invalid_argument";
    case Code::kUnauthenticated: return "unauthenticated";
    case Code::kPermissionDenied: return "permission_denied";
    case Code::kNotFound: return "not_found";
    case Code::kConflict: return "conflict";
    case Code::kFailedPrecondition: return "failed_precondition";
    case Code::kMethodNotAllowed: return "method_not_allowed";
    case Code::kStaleVersion: return "stale_version";
    case Code::kTooLarge: return "too_large";
    case Code::kResourceExhausted: return "resource_exhausted";
    case Code::kAborted: return "aborted";
    case Code::kUnavailable: return "unavailable";
    case Code::kDeadlineExceeded: return "deadline_exceeded";
    case Code::kInternal: return "internal";
  }
  return "unknown";
}

Status& Status::PrefixFields(const std::string& prefix) {
  for (auto& e : field_errors_) e.field = e.field.empty() ? prefix : prefix + "/" + e.field;
  return *this;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string s = std::string(CodeName(code_)) + " [" + message_id_ + "]: " + message_;
  for (const auto& e : field_errors_) s += "; " + e.field + ": " + e.code + " (" + e.message + ")";
  return s;
}

Status BadRequest(std::string id, std::string message) {
  return Status(Code::kBadRequest, std::move(id), std::move(message));
}
Status InvalidArgument(std::string id, std::string message) {
  return Status(Code::kInvalidArgument, std::move(id), std::move(message));
}
Status InvalidField(std::string field, std::string code, std::string message) {
  Status s(Code::kInvalidArgument, "validation.failed", "The request has invalid fields.");
  s.AddFieldError(std::move(field), std::move(code), std::move(message));
  return s;
}
Status NotFound(std::string what) {
  return Status(Code::kNotFound, "not_found", std::move(what) + " not found.");
}
Status Conflict(std::string id, std::string message) {
  return Status(Code::kConflict, std::move(id), std::move(message));
}
Status FailedPrecondition(std::string id, std::string message) {
  return Status(Code::kFailedPrecondition, std::move(id), std::move(message));
}
Status PermissionDenied(std::string message) {
  return Status(Code::kPermissionDenied, "permission_denied", std::move(message));
}
Status Unauthenticated(std::string message) {
  return Status(Code::kUnauthenticated, "unauthenticated", std::move(message));
}
Status Internal(std::string message) {
  return Status(Code::kInternal, "internal", std::move(message));
}

}  // namespace concord

// Status and Result<T>: errors are values at every boundary.
//
// A Status carries a code from a small fixed set, a stable message id that the UI can
// translate (e.g. "money.too_many_decimals"), a default English message, and optionally
// per-field errors. The HTTP layer maps codes to status codes and problem+json in one table
// (http/problem.cc); nothing else decides HTTP statuses.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace concord {

enum class Code {
  kOk = 0,
  kBadRequest,          // malformed syntax (not JSON, wrong content type)
  kInvalidArgument,     // well-formed but invalid values (validation errors)
  kUnauthenticated,     // no or bad credentials
  kPermissionDenied,    // authenticated but not allowed
  kNotFound,            // does not exist, or exists in a scope the caller cannot see
  kConflict,            // duplicate, idempotency key reused with another body
  kFailedPrecondition,  // wrong state for the operation (state machine)
  kMethodNotAllowed,    // the resource exists but not with this HTTP method
  kStaleVersion,        // If-Match does not match the current version
  kTooLarge,            // body or field over its limit
  kResourceExhausted,   // throttled (login attempts, rate limits)
  kAborted,             // serialization failure / deadlock: the transaction may be retried
  kUnavailable,         // database busy, shutting down
  kDeadlineExceeded,    // request deadline passed
  kInternal,            // a bug or an unexpected failure
};

const char* CodeName(Code code);

struct FieldError {
  std::string field;    // JSON pointer-ish path, e.g. "lines/0/quantity"
  std::string code;     // stable id, e.g. "required", "decimal.too_many_decimals"
  std::string message;  // English default text
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(Code code, std::string message_id, std::string message)
      : code_(code), message_id_(std::move(message_id)), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message_id() const { return message_id_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& field_errors() const { return field_errors_; }

  Status& AddFieldError(std::string field, std::string code, std::string message) {
    field_errors_.push_back({std::move(field), std::move(code), std::move(message)});
    return *this;
  }
  // Prefixes the field of every field error, e.g. "lines/0/" + "quantity".
  Status& PrefixFields(const std::string& prefix);
  // Extra members of the problem+json body (the serialised text of a JSON object), e.g. the
  // duplicate candidates of a refused create or the numbers of a blocked credit check.
  Status& SetExtra(std::string json_object) {
    extra_ = std::move(json_object);
    return *this;
  }
  const std::string& extra() const { return extra_; }

  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_id_;
  std::string message_;
  std::vector<FieldError> field_errors_;
  std::string extra_;
};

// Shorthands for the common codes.
Status BadRequest(std::string id, std::string message);
Status InvalidArgument(std::string id, std::string message);
Status InvalidField(std::string field, std::string code, std::string message);
Status NotFound(std::string what);
Status Conflict(std::string id, std::string message);
Status FailedPrecondition(std::string id, std::string message);
Status PermissionDenied(std::string message);
Status Unauthenticated(std::string message);
Status Internal(std::string message);

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "Result built from an OK status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace concord

// Early-return helpers. Statement-expression free so they work with any compiler.
#define CONCORD_CONCAT_INNER(a, b) a##b
#define CONCORD_CONCAT(a, b) CONCORD_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)       \
  do {                              \
    ::concord::Status _st = (expr); \
    if (!_st.ok()) return _st;      \
  } while (0)

#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()

#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(CONCORD_CONCAT(_res_, __LINE__), lhs, expr)

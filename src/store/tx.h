// Tx: one unit of work on one connection, with the audit records and outbox events that the
// mutation produces. Audit rows and events are buffered and written by Database::Write right
// before COMMIT, in the same transaction: a mutation has both or neither (invariant 7).
//
// Code inside a Write may run more than once (PostgreSQL retries serialization failures), so it
// must not have side effects outside the database; use OnCommit for those.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"

namespace concord::store {

// Who is acting: written into audit rows and outbox events.
struct Actor {
  int64_t user_id = 0;     // 0 = the system (CLI, migrations, background jobs)
  int64_t company_id = 0;  // the company the request acts in; 0 = none (global records)
  std::string request_id;
};

// A materialized result row with access by column index or name.
class Record {
 public:
  Record(std::shared_ptr<const std::vector<std::string>> names, std::vector<Value> values,
         std::vector<bool> integer = {})
      : names_(std::move(names)), values_(std::move(values)), integer_(std::move(integer)) {}

  int size() const { return static_cast<int>(values_.size()); }
  const std::vector<std::string>& names() const { return *names_; }
  const Value& value(int i) const { return values_[i]; }
  // The database reported an integer (values are kept as text either way).
  bool IsInteger(int i) const { return i < static_cast<int>(integer_.size()) && integer_[i]; }
  bool IsNull(int i) const { return std::holds_alternative<std::nullptr_t>(values_[i]); }
  int64_t Int(int i) const;
  const std::string& Text(int i) const;
  std::optional<int64_t> OptInt(int i) const;
  std::optional<std::string> OptText(int i) const;

  // By column name; a missing column is a programming error (asserts, then reads as NULL).
  bool IsNull(std::string_view col) const { return IsNull(Index(col)); }
  int64_t Int(std::string_view col) const { return Int(Index(col)); }
  const std::string& Text(std::string_view col) const { return Text(Index(col)); }
  std::optional<int64_t> OptInt(std::string_view col) const { return OptInt(Index(col)); }
  std::optional<std::string> OptText(std::string_view col) const { return OptText(Index(col)); }

 private:
  int Index(std::string_view col) const;
  std::shared_ptr<const std::vector<std::string>> names_;
  std::vector<Value> values_;
  std::vector<bool> integer_;
};

// Parameter conversion for the variadic helpers.
inline Value ToValue(std::nullptr_t) { return nullptr; }
inline Value ToValue(bool b) { return static_cast<int64_t>(b ? 1 : 0); }
inline Value ToValue(int v) { return static_cast<int64_t>(v); }
inline Value ToValue(int64_t v) { return v; }
inline Value ToValue(uint32_t v) { return static_cast<int64_t>(v); }
inline Value ToValue(const std::string& s) { return s; }
inline Value ToValue(std::string&& s) { return std::move(s); }
inline Value ToValue(std::string_view s) { return std::string(s); }
inline Value ToValue(const char* s) { return std::string(s); }
inline Value ToValue(const Value& v) { return v; }
template <class T>
Value ToValue(const std::optional<T>& v) {
  return v ? ToValue(*v) : Value(nullptr);
}

struct AuditEntry {
  std::string entity;  // e.g. "user", "department"
  int64_t entity_id = 0;
  std::string action;                                 // "create", "update", "disable", ...
  nlohmann::json changes = nlohmann::json::object();  // {"field": [old, new]}
  std::optional<int64_t> company_id;                  // defaults to the actor's company
};

struct Event {
  std::string type;  // e.g. "user.created"
  std::string entity;
  int64_t entity_id = 0;
  nlohmann::json payload = nlohmann::json::object();
  std::optional<int64_t> company_id;  // defaults to the actor's company
};

class Tx {
 public:
  Tx(Connection& conn, TxMode mode, Actor actor)
      : conn_(conn), mode_(mode), actor_(std::move(actor)) {}

  Dialect dialect() const { return conn_.dialect(); }
  bool writable() const { return mode_ == TxMode::kWrite; }
  const Actor& actor() const { return actor_; }
  // The HTTP layer learns who the caller is inside the transaction (authentication reads the
  // session in the same snapshot), then sets the actor for audit rows and events.
  void set_actor(Actor actor) { actor_ = std::move(actor); }
  Connection& connection() { return conn_; }

  Result<std::vector<Record>> RowsV(std::string_view sql, std::vector<Value> params);
  Result<std::optional<Record>> OneV(std::string_view sql, std::vector<Value> params);
  Result<int64_t> ExecV(std::string_view sql, std::vector<Value> params);
  // For `INSERT ... RETURNING id`: returns the id.
  Result<int64_t> InsertV(std::string_view sql, std::vector<Value> params);

  template <class... A>
  Result<std::vector<Record>> Rows(std::string_view sql, A&&... a) {
    return RowsV(sql, {ToValue(std::forward<A>(a))...});
  }
  template <class... A>
  Result<std::optional<Record>> One(std::string_view sql, A&&... a) {
    return OneV(sql, {ToValue(std::forward<A>(a))...});
  }
  template <class... A>
  Result<int64_t> Exec(std::string_view sql, A&&... a) {
    return ExecV(sql, {ToValue(std::forward<A>(a))...});
  }
  template <class... A>
  Result<int64_t> Insert(std::string_view sql, A&&... a) {
    return InsertV(sql, {ToValue(std::forward<A>(a))...});
  }

  // Buffer an audit record / outbox event; written at commit. Only in write transactions.
  void Audit(AuditEntry entry);
  void Emit(Event event);
  // Runs after a successful commit (e.g. wake up SSE listeners). Not run on rollback.
  void OnCommit(std::function<void()> fn) { on_commit_.push_back(std::move(fn)); }

  // Used by Database: writes buffered audit/outbox rows; returns hooks to run after commit.
  Status FlushJournal(const std::string& now_iso);
  std::vector<std::function<void()>> TakeOnCommit() { return std::move(on_commit_); }
  bool HasJournal() const { return !audit_.empty() || !events_.empty(); }

 private:
  Connection& conn_;
  TxMode mode_;
  Actor actor_;
  std::vector<AuditEntry> audit_;
  std::vector<Event> events_;
  std::vector<std::function<void()>> on_commit_;
};

// Builds the {"field": [old, new]} change set of an update: only fields whose value changed.
nlohmann::json Changes(const nlohmann::json& before, const nlohmann::json& after);

}  // namespace concord::store

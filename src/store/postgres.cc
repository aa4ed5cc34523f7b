// PostgreSQL adapter over raw libpq (contract in store/db.h).
//
// Parameters travel as text through named prepared statements ("s1", "s2", ...) cached per
// connection by SQL text; results come back as text and are read through PgRow. Server errors
// are mapped by SQLSTATE in pg::PgErrorToStatus, which never includes the DETAIL field, so
// parameter values do not leak into Status messages or logs.
#include <libpq-fe.h>

#include <charconv>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/db.h"
#include "store/postgres_internal.h"

namespace concord::store {
namespace pg {
namespace {

bool IsUnavailable(const PgError& e) {
  std::string_view s = e.sqlstate;
  if (!e.connection_ok) return true;
  if (s.starts_with("08")) return s != "08P01";  // 08P01: e.g. wrong parameter count, our bug
  return s == "57P01" || s == "57P02" || s == "57P03";  // server shutting down / starting up
}

std::string DescribeError(const PgError& e) {
  std::string msg(e.message);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  if (e.sqlstate.starts_with("22")) {
    if (size_t p = msg.find(": "); p != std::string::npos) msg.resize(p);
  }
  if (msg.empty()) msg = "unknown PostgreSQL error";
  if (!e.constraint.empty() && msg.find(e.constraint) == std::string::npos) {
    msg += " (constraint \"" + std::string(e.constraint) + "\")";
  }
  if (!e.sqlstate.empty()) msg = "postgres " + std::string(e.sqlstate) + ": " + msg;
  return msg;
}

}  // namespace

Status PgErrorToStatus(const PgError& e) {
  std::string msg = DescribeError(e);
  std::string_view s = e.sqlstate;
  if (IsUnavailable(e)) return Status(Code::kUnavailable, "db.unavailable", msg);
  if (s == "23505") return Status(Code::kConflict, "db.unique_violation", msg);
  if (s == "23503") return Status(Code::kConflict, "db.foreign_key_violation", msg);
  if (s == "23514" || s == "23502") return Status(Code::kConflict, "db.check_violation", msg);
  if (s == "40001" || s == "40P01") return Status(Code::kAborted, "db.retry", msg);
  return Status(Code::kInternal, "db.error", msg);
}

}  // namespace pg

namespace {

constexpr Oid kBoolOid = 16;
// Beyond this many distinct SQL texts (e.g. generated IN lists) statements run unnamed.
constexpr size_t kMaxCachedStatements = 512;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

std::string_view Field(const PGresult* res, int code) {
  const char* v = res ? PQresultErrorField(res, code) : nullptr;
  return v ? v : "";
}

class PgRow final : public Row {
 public:
  explicit PgRow(const PGresult* res) : res_(res) {}
  void set_row(int row) { row_ = row; }

  int size() const override { return PQnfields(res_); }
  std::string_view ColumnName(int i) const override {
    const char* name = PQfname(res_, i);
    return name ? name : "";
  }
  bool IsNull(int i) const override { return PQgetisnull(res_, row_, i) != 0; }
  bool IsInteger(int i) const override {
    Oid type = PQftype(res_, i);
    return !IsNull(i) && (type == 20 || type == 21 || type == 23);  // int8, int2, int4
  }
  // Booleans read as 1/0; other text is parsed as a decimal integer (0 if it is not one).
  int64_t Int(int i) const override {
    if (IsNull(i)) return 0;
    std::string_view text = Text(i);
    if (PQftype(res_, i) == kBoolOid) return text == "t" ? 1 : 0;
    int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
  }
  std::string_view Text(int i) const override {
    const char* v = PQgetvalue(res_, row_, i);
    if (!v) return {};
    return {v, static_cast<size_t>(PQgetlength(res_, row_, i))};
  }

 private:
  const PGresult* res_;
  int row_ = 0;
};

// Parameters in libpq's text format; the pointers stay valid while this object lives.
class TextParams {
 public:
  Status Build(std::span<const Value> params) {
    ints_.reserve(params.size());  // no reallocation below: c_str() pointers stay valid
    for (const Value& v : params) {
      if (std::holds_alternative<std::nullptr_t>(v)) {
        values_.push_back(nullptr);
      } else if (const auto* n = std::get_if<int64_t>(&v)) {
        ints_.push_back(std::to_string(*n));
        values_.push_back(ints_.back().c_str());
      } else {
        const auto& s = std::get<std::string>(v);
        if (s.find('\0') != std::string::npos) {
          return InvalidArgument("db.nul_in_text", "a text parameter contains a NUL character");
        }
        values_.push_back(s.c_str());
      }
    }
    return Status::Ok();
  }
  int size() const { return static_cast<int>(values_.size()); }
  const char* const* data() const { return values_.data(); }

 private:
  std::vector<std::string> ints_;
  std::vector<const char*> values_;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }
  bool Healthy() const override { return healthy_ && PQstatus(conn_) == CONNECTION_OK; }
  bool ConflictSeen() const override { return conflict_; }

  Status Query(std::string_view sql, std::span<const Value> params,
               const RowCallback& on_row) override {
    ASSIGN_OR_RETURN(PgResultPtr res, Run(sql, params));
    if (!on_row) return Status::Ok();
    PgRow row(res.get());
    const int rows = PQntuples(res.get());
    for (int r = 0; r < rows; ++r) {
      row.set_row(r);
      RETURN_IF_ERROR(on_row(row));
    }
    return Status::Ok();
  }

  Result<int64_t> Exec(std::string_view sql, std::span<const Value> params) override {
    ASSIGN_OR_RETURN(PgResultPtr res, Run(sql, params));
    std::string_view tuples = PQcmdTuples(res.get());
    int64_t count = 0;
    std::from_chars(tuples.data(), tuples.data() + tuples.size(), count);
    return count;
  }

  Status ExecScript(std::string_view sql) override {
    std::string text(sql);
    return Check(PQexec(conn_, text.c_str())).status();
  }

  Status Begin(TxMode mode) override {
    PGTransactionStatusType tx = PQtransactionStatus(conn_);
    if (tx == PQTRANS_INTRANS || tx == PQTRANS_INERROR) {
      return Status(Code::kInternal, "db.nested_tx", "Begin inside an open transaction");
    }
    conflict_ = false;
    return ExecScript(mode == TxMode::kWrite ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                                             : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

  // PostgreSQL answers COMMIT of a failed transaction with ROLLBACK and no error; that is
  // reported as an error because the caller ignored the failure of an earlier statement.
  Status Commit() override {
    ASSIGN_OR_RETURN(PgResultPtr res, Check(PQexec(conn_, "COMMIT")));
    if (std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
      return Status(Code::kInternal, "db.commit_after_error",
                    "COMMIT rolled back: a statement in the transaction had failed");
    }
    return Status::Ok();
  }

  Status Rollback() override {
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return Status::Ok();
    return ExecScript("ROLLBACK");
  }

 private:
  struct Statement {
    std::string name;
    int param_count = 0;
  };

  Result<PgResultPtr> Run(std::string_view sql, std::span<const Value> params) {
    TextParams text;
    RETURN_IF_ERROR(text.Build(params));
    ASSIGN_OR_RETURN(const Statement* stmt, Prepare(sql));
    if (stmt == nullptr) {
      std::string rewritten = RewritePlaceholders(sql);
      return Check(PQexecParams(conn_, rewritten.c_str(), text.size(), nullptr, text.data(),
                                nullptr, nullptr, 0));
    }
    if (stmt->param_count != text.size()) {
      return Internal("parameter count mismatch: statement wants " +
                      std::to_string(stmt->param_count) + ", got " + std::to_string(text.size()));
    }
    PgResultPtr res(
        PQexecPrepared(conn_, stmt->name.c_str(), text.size(), text.data(), nullptr, nullptr, 0));
    if (!IsStalePlan(res.get())) return Check(res.release());
    // The table changed shape since PQprepare (e.g. a migration on a pooled connection).
    statements_.erase(std::string(sql));
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return Run(sql, params);
    return Status(Code::kAborted, "db.retry", "statement re-prepared after a schema change");
  }

  static bool IsStalePlan(const PGresult* res) {
    return Field(res, PG_DIAG_SQLSTATE) == "0A000" &&
           Field(res, PG_DIAG_MESSAGE_PRIMARY).starts_with("cached plan must not change");
  }

  // Returns the cached statement for `sql`, preparing it on first use; nullptr (run unnamed)
  // once the cache is full.
  Result<const Statement*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return &it->second;
    if (statements_.size() >= kMaxCachedStatements) return static_cast<const Statement*>(nullptr);
    std::string name = "s" + std::to_string(next_statement_++);
    std::string rewritten = RewritePlaceholders(sql);
    RETURN_IF_ERROR(Check(PQprepare(conn_, name.c_str(), rewritten.c_str(), 0, nullptr)).status());
    ASSIGN_OR_RETURN(PgResultPtr desc, Check(PQdescribePrepared(conn_, name.c_str())));
    Statement stmt{std::move(name), PQnparams(desc.get())};
    return &statements_.emplace(std::move(key), std::move(stmt)).first->second;
  }

  // Takes ownership of `raw`: returns it if the command succeeded, else the mapped error.
  Result<PgResultPtr> Check(PGresult* raw) {
    PgResultPtr res(raw);
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
      return PgResultPtr(std::move(res));
    }
    return Fail(res.get(), st);
  }

  Status Fail(const PGresult* res, ExecStatusType st) {
    pg::PgError e;
    e.sqlstate = Field(res, PG_DIAG_SQLSTATE);
    e.message = Field(res, PG_DIAG_MESSAGE_PRIMARY);
    if (e.message.empty()) e.message = PQerrorMessage(conn_);  // client-side failure
    if (e.message.empty()) e.message = PQresStatus(st);        // e.g. an unexpected COPY
    e.constraint = Field(res, PG_DIAG_CONSTRAINT_NAME);
    e.connection_ok = PQstatus(conn_) == CONNECTION_OK;
    Status status = pg::PgErrorToStatus(e);
    if (status.code() == Code::kUnavailable) healthy_ = false;
    if (status.code() == Code::kAborted) conflict_ = true;
    return status;
  }

  PGconn* conn_;
  bool healthy_ = true;
  bool conflict_ = false;
  int next_statement_ = 1;
  std::unordered_map<std::string, Statement> statements_;
};

void IgnoreNotice(void* /*arg*/, const PGresult* /*res*/) {}

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& conninfo) {
  // Later entries win: the caller's conninfo may override the timeout and name, not the
  // encoding (rows are read as UTF-8 text).
  const char* const keys[] = {"connect_timeout", "application_name", "dbname", "client_encoding",
                              nullptr};
  const char* const values[] = {"10", "concord", conninfo.c_str(), "UTF8", nullptr};
  PGconn* raw = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (raw == nullptr || PQstatus(raw) != CONNECTION_OK) {
    pg::PgError e;
    e.message = raw ? PQerrorMessage(raw) : "out of memory";
    e.connection_ok = false;
    Status st = pg::PgErrorToStatus(e);
    PQfinish(raw);
    return Status(st.code(), st.message_id(), "cannot connect to PostgreSQL: " + st.message());
  }
  PQsetNoticeReceiver(raw, IgnoreNotice, nullptr);
  auto conn = std::make_unique<PgConnection>(raw);
  RETURN_IF_ERROR(conn->ExecScript("SET client_min_messages = warning; SET TIME ZONE 'UTC'"));
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace concord::store

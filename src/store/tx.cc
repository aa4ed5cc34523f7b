#include "store/tx.h"

#include <cassert>
#include <charconv>

namespace concord::store {

int64_t Record::Int(int i) const {
  if (const auto* n = std::get_if<int64_t>(&values_[i])) return *n;
  if (const auto* s = std::get_if<std::string>(&values_[i])) {
    int64_t v = 0;
    std::from_chars(s->data(), s->data() + s->size(), v);
    return v;
  }
  return 0;
}

const std::string& Record::Text(int i) const {
  static const std::string kEmpty;
  if (const auto* s = std::get_if<std::string>(&values_[i])) return *s;
  return kEmpty;
}

std::optional<int64_t> Record::OptInt(int i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

std::optional<std::string> Record::OptText(int i) const {
  if (IsNull(i)) return std::nullopt;
  if (const auto* n = std::get_if<int64_t>(&values_[i])) return std::to_string(*n);
  return Text(i);
}

int Record::Index(std::string_view col) const {
  for (size_t i = 0; i < names_->size(); ++i) {
    if ((*names_)[i] == col) return static_cast<int>(i);
  }
  assert(false && "no such column");
  return 0;
}

Result<std::vector<Record>> Tx::RowsV(std::string_view sql, std::vector<Value> params) {
  std::vector<Record> out;
  std::shared_ptr<std::vector<std::string>> names;
  Status st = conn_.Query(sql, params, [&](const Row& row) {
    if (!names) {
      names = std::make_shared<std::vector<std::string>>();
      for (int i = 0; i < row.size(); ++i) names->emplace_back(row.ColumnName(i));
    }
    std::vector<Value> values;
    std::vector<bool> integer(row.size());
    values.reserve(row.size());
    for (int i = 0; i < row.size(); ++i) {
      if (row.IsNull(i)) {
        values.emplace_back(nullptr);
      } else {
        // Before Text(): SQLite may convert the value when it is read as text.
        integer[i] = row.IsInteger(i);
        values.emplace_back(std::string(row.Text(i)));
      }
    }
    out.emplace_back(names, std::move(values), std::move(integer));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::optional<Record>> Tx::OneV(std::string_view sql, std::vector<Value> params) {
  ASSIGN_OR_RETURN(auto rows, RowsV(sql, std::move(params)));
  if (rows.empty()) return std::optional<Record>();
  return std::optional<Record>(std::move(rows.front()));
}

Result<int64_t> Tx::ExecV(std::string_view sql, std::vector<Value> params) {
  assert(writable() && "Exec in a read transaction");
  return conn_.Exec(sql, params);
}

Result<int64_t> Tx::InsertV(std::string_view sql, std::vector<Value> params) {
  assert(writable() && "Insert in a read transaction");
  ASSIGN_OR_RETURN(auto row, OneV(sql, std::move(params)));
  if (!row) return Internal("INSERT ... RETURNING returned no row");
  return row->Int(0);
}

void Tx::Audit(AuditEntry entry) {
  assert(writable());
  audit_.push_back(std::move(entry));
}

void Tx::Emit(Event event) {
  assert(writable());
  events_.push_back(std::move(event));
}

Status Tx::FlushJournal(const std::string& now_iso) {
  auto company = [&](const std::optional<int64_t>& c) -> Value {
    int64_t id = c.value_or(actor_.company_id);
    return id ? Value(id) : Value(nullptr);
  };
  Value user = actor_.user_id ? Value(actor_.user_id) : Value(nullptr);
  for (const auto& a : audit_) {
    auto r = ExecV(
        "INSERT INTO audit_log (company_id, at, user_id, request_id, entity, entity_id, action, "
        "changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {company(a.company_id), now_iso, user, actor_.request_id, a.entity, a.entity_id, a.action,
         a.changes.dump()});
    if (!r.ok()) return r.status();
  }
  if (!events_.empty() && dialect() == Dialect::kPostgres) {
    // Outbox ids must become visible in commit order so that a reader following `after=<id>`
    // never skips an event: serialize the (short) tail of writing transactions here.
    auto r = RowsV("SELECT pg_advisory_xact_lock(7231001)", {});
    if (!r.ok()) return r.status();
  }
  for (const auto& e : events_) {
    auto r = ExecV(
        "INSERT INTO outbox (company_id, at, user_id, request_id, type, entity, entity_id, "
        "payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {company(e.company_id), now_iso, user, actor_.request_id, e.type, e.entity, e.entity_id,
         e.payload.dump()});
    if (!r.ok()) return r.status();
  }
  audit_.clear();
  events_.clear();
  return Status::Ok();
}

nlohmann::json Changes(const nlohmann::json& before, const nlohmann::json& after) {
  nlohmann::json out = nlohmann::json::object();
  for (auto it = after.begin(); it != after.end(); ++it) {
    auto old = before.contains(it.key()) ? before.at(it.key()) : nlohmann::json();
    if (old != it.value()) out[it.key()] = nlohmann::json::array({old, it.value()});
  }
  for (auto it = before.begin(); it != before.end(); ++it) {
    if (!after.contains(it.key())) out[it.key()] = nlohmann::json::array({it.value(), nullptr});
  }
  return out;
}

}  // namespace concord::store

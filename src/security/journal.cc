#include "security/journal.h"

#include <fmt/format.h>

namespace concord::security {
namespace {

// "entity IN (?, ?, ...)" for the readable entities; "1 = 0" when there are none.
std::string EntityIn(const std::vector<std::string>& entities, std::vector<store::Value>& params) {
  if (entities.empty()) return "1 = 0";
  std::string sql = "entity IN (";
  for (size_t i = 0; i < entities.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.emplace_back(entities[i]);
  }
  return sql + ")";
}

nlohmann::json ParseOr(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? nlohmann::json(text) : j;
}

}  // namespace

std::vector<std::string> EntityRegistry::ReadableByCompany(const Access& who) const {
  std::vector<std::string> out;
  for (const auto& [entity, perm] : read_) {
    if (who.ScopeOf(perm) == Scope::kCompany) out.push_back(entity);
  }
  return out;
}

Result<nlohmann::json> Journal::Audit(store::Tx& tx, const Access& who, const std::string& entity,
                                      std::optional<int64_t> id, int64_t limit, int64_t before) {
  std::vector<store::Value> params{who.company_id()};
  std::string sql =
      "SELECT id, at, user_id, request_id, entity, entity_id, action, changes "
      "FROM audit_log WHERE company_id = ? AND " +
      EntityIn(entities_.ReadableByCompany(who), params);
  if (!entity.empty()) {
    sql += " AND entity = ?";
    params.emplace_back(entity);
  }
  if (id) {
    sql += " AND entity_id = ?";
    params.emplace_back(*id);
  }
  if (before > 0) {
    sql += " AND id < ?";
    params.emplace_back(before);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, params));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) {
    items.push_back({{"id", r.Int(0)},
                     {"at", r.Text(1)},
                     {"user_id", r.IsNull(2) ? nlohmann::json() : nlohmann::json(r.Int(2))},
                     {"request_id", r.Text(3)},
                     {"entity", r.Text(4)},
                     {"entity_id", r.Int(5)},
                     {"action", r.Text(6)},
                     {"changes", ParseOr(r.Text(7))}});
  }
  return items;
}

Result<nlohmann::json> Journal::Events(store::Tx& tx, const Access& who, int64_t after,
                                       int64_t limit) {
  std::vector<store::Value> params{who.company_id(), after};
  std::string sql =
      "SELECT id, at, user_id, type, entity, entity_id, payload FROM outbox "
      "WHERE company_id = ? AND id > ? AND " +
      EntityIn(entities_.ReadableByCompany(who), params) + " ORDER BY id LIMIT ?";
  params.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, params));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) {
    items.push_back({{"id", r.Int(0)},
                     {"at", r.Text(1)},
                     {"user_id", r.IsNull(2) ? nlohmann::json() : nlohmann::json(r.Int(2))},
                     {"type", r.Text(3)},
                     {"entity", r.Text(4)},
                     {"entity_id", r.Int(5)},
                     {"payload", ParseOr(r.Text(6))}});
  }
  return items;
}

Result<http::SseBatch> Journal::StreamBatch(store::Database& db, const Access& who, int64_t after) {
  http::SseBatch batch;
  batch.last_id = after;
  Status st = db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto items, Events(tx, who, after, 200));
    for (const auto& e : items) {
      batch.last_id = e["id"].get<int64_t>();
      batch.text += fmt::format("id: {}\nevent: {}\ndata: {}\n\n", batch.last_id,
                                e["type"].get<std::string>(), e.dump());
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return batch;
}

}  // namespace concord::security

#include "security/journal.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

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
  if (hub_) {
    if (auto slice = hub_->Since(who.company_id(), after, 200)) {
      auto readable = entities_.ReadableByCompany(who);
      std::set<std::string> allowed(readable.begin(), readable.end());
      for (const auto& e : slice->events) {
        if (!allowed.count(e->entity)) continue;
        batch.text +=
            fmt::format("id: {}\nevent: {}\ndata: {}\n\n", e->id, e->type, e->Json().dump());
      }
      batch.last_id = slice->scanned_to;
      batch.more = slice->more;
      return batch;
    }
  }
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

nlohmann::json OutboxEvent::Json() const {
  return {{"id", id},
          {"at", at},
          {"user_id", user_id ? nlohmann::json(*user_id) : nlohmann::json()},
          {"type", type},
          {"entity", entity},
          {"entity_id", entity_id},
          {"payload", ParseOr(payload)}};
}

namespace {

constexpr const char* kOutboxColumns =
    "SELECT id, company_id, at, user_id, type, entity, entity_id, payload FROM outbox ";

OutboxEvent FromRow(const store::Record& r) {
  OutboxEvent e;
  e.id = r.Int(0);
  e.company_id = r.IsNull(1) ? 0 : r.Int(1);
  e.at = r.Text(2);
  e.user_id = r.OptInt(3);
  e.type = r.Text(4);
  e.entity = r.Text(5);
  e.entity_id = r.Int(6);
  e.payload = r.Text(7);
  return e;
}

}  // namespace

Result<std::vector<OutboxEvent>> EventHub::ReadOutbox(store::Tx& tx, int64_t company_id,
                                                      int64_t after,
                                                      const std::vector<std::string>& entities,
                                                      int64_t limit) {
  std::vector<store::Value> params{company_id, after};
  std::string sql = std::string(kOutboxColumns) + "WHERE company_id = ? AND id > ?";
  if (!entities.empty()) sql += " AND " + EntityIn(entities, params);
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(limit);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, params));
  std::vector<OutboxEvent> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

EventHub::~EventHub() { Stop(); }

Status EventHub::Start(std::function<void()> on_new, std::chrono::milliseconds poll) {
  int64_t last = 0;
  RETURN_IF_ERROR(db_.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto row, tx.One("SELECT COALESCE(MAX(id), 0) FROM outbox"));
    if (row) last = row->Int(0);
    return Status::Ok();
  }));
  {
    std::unique_lock lock(ring_mu_);
    if (running_) return Status::Ok();
    horizon_ = last_id_ = last;
    running_ = true;
  }
  reader_ = std::thread([this, on_new = std::move(on_new), poll] { Loop(on_new, poll); });
  return Status::Ok();
}

void EventHub::Stop() {
  {
    std::lock_guard lock(wake_mu_);
    stop_ = true;
  }
  wake_cv_.notify_all();
  if (reader_.joinable()) reader_.join();
  std::unique_lock lock(ring_mu_);
  running_ = false;
}

void EventHub::Wake() {
  {
    std::lock_guard lock(wake_mu_);
    woken_ = true;
  }
  wake_cv_.notify_one();
}

void EventHub::Loop(std::function<void()> on_new, std::chrono::milliseconds poll) {
  for (;;) {
    {
      std::unique_lock lock(wake_mu_);
      wake_cv_.wait_for(lock, poll, [this] { return stop_ || woken_; });
      if (stop_) return;
      woken_ = false;
    }
    if (ReadNew() && on_new) on_new();
  }
}

bool EventHub::ReadNew() {
  constexpr int64_t kBatch = 1000;
  bool any = false;
  for (;;) {
    int64_t after = last_id();
    std::vector<OutboxEvent> rows;
    reads_.fetch_add(1);
    Status st = db_.Read([&](store::Tx& tx) -> Status {
      ASSIGN_OR_RETURN(
          auto found,
          tx.Rows(std::string(kOutboxColumns) + "WHERE id > ? ORDER BY id LIMIT ?", after, kBatch));
      for (const auto& r : found) rows.push_back(FromRow(r));
      return Status::Ok();
    });
    if (!st.ok()) {
      spdlog::warn("event hub: reading the outbox failed: {}", st.message());
      return any;
    }
    if (rows.empty()) return any;
    any = true;
    std::unique_lock lock(ring_mu_);
    for (auto& e : rows) {
      last_id_ = e.id;
      ring_.push_back(std::make_shared<const OutboxEvent>(std::move(e)));
    }
    while (ring_.size() > capacity_) {
      horizon_ = ring_.front()->id;
      ring_.pop_front();
    }
    if (static_cast<int64_t>(rows.size()) < kBatch) return any;
  }
}

int64_t EventHub::last_id() const {
  std::shared_lock lock(ring_mu_);
  return last_id_;
}

std::optional<EventHub::Slice> EventHub::Since(int64_t company_id, int64_t after,
                                               size_t limit) const {
  std::shared_lock lock(ring_mu_);
  if (!running_ || after < horizon_) return std::nullopt;
  Slice slice;
  slice.scanned_to = std::max(after, last_id_);
  auto it = std::upper_bound(ring_.begin(), ring_.end(), after,
                             [](int64_t id, const OutboxEventPtr& e) { return id < e->id; });
  for (; it != ring_.end(); ++it) {
    if ((*it)->company_id != company_id) continue;
    if (slice.events.size() == limit) {
      slice.more = true;
      slice.scanned_to = slice.events.back()->id;
      break;
    }
    slice.events.push_back(*it);
  }
  return slice;
}

}  // namespace concord::security

// Reading the audit trail and the event outbox through the access layer.
//
// Both are company-scoped and need their own permission (security.audit.read,
// security.event.read); on top of that a row is shown only if the caller may read the entity it
// is about at company scope (a sales rep who sees only own customers does not get the audit
// trail or events of all customers). Entities map to their read permission in the registry
// that the areas fill at start-up.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/message.h"
#include "security/access.h"
#include "store/database.h"

namespace concord::security {

class EntityRegistry {
 public:
  void Add(const std::string& entity, const std::string& read_permission) {
    read_[entity] = read_permission;
  }
  // The entities whose rows `who` may see in the audit trail and the event stream.
  std::vector<std::string> ReadableByCompany(const Access& who) const;

 private:
  std::map<std::string, std::string> read_;
};

// One outbox row as read from the database.
struct OutboxEvent {
  int64_t id = 0;
  int64_t company_id = 0;
  std::string at;
  std::optional<int64_t> user_id;
  std::string type, entity;
  int64_t entity_id = 0;
  std::string payload;  // JSON text
  // {id, at, user_id, type, entity, entity_id, payload} as in Journal::Events.
  nlohmann::json Json() const;
};
using OutboxEventPtr = std::shared_ptr<const OutboxEvent>;

// The event fan-out: ONE reader of new outbox rows per process, shared by every event stream.
// The reader wakes on Wake() (called after each local commit that emitted events) and on a
// slow timer (commits of other processes on the same PostgreSQL), reads the rows after the
// last id it has seen (all companies, one query) and keeps the most recent `capacity` events
// in memory; then it calls `on_new` (the HTTP server wakes its streams). Streams take their
// events from the ring with Since() and filter them per subscriber; a subscriber behind the
// ring (Since() answers nullopt) reads the database itself (ReadOutbox).
//
// The ring starts empty at the outbox's current end: a stream resuming from an older id
// reads the database until it catches up. Like /events, the reader follows ids: a PostgreSQL
// transaction that commits after a transaction with a higher outbox id is not seen.
// Thread-safety: all methods are thread-safe; `on_new` runs on the reader thread.
class EventHub {
 public:
  explicit EventHub(store::Database& db, size_t capacity = 8192) : db_(db), capacity_(capacity) {}
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // Reads the outbox's last id and starts the reader thread; `poll` is the slow timer.
  Status Start(std::function<void()> on_new, std::chrono::milliseconds poll);
  // Stops and joins the reader (idempotent).
  void Stop();
  // New rows were committed by this process: read them now.
  void Wake();

  struct Slice {
    std::vector<OutboxEventPtr> events;  // of the company, id > after, oldest first
    int64_t scanned_to = 0;              // the last id examined (any company), >= after
    bool more = false;                   // the limit cut the slice short
  };
  // The company's events after `after`, at most `limit`; nullopt when the hub is not running
  // or the ring no longer holds every event after `after`.
  std::optional<Slice> Since(int64_t company_id, int64_t after, size_t limit) const;
  // The last id the reader has seen (0 before Start).
  int64_t last_id() const;
  // Database reads made by the reader (metrics, tests and benchmarks).
  uint64_t reads() const { return reads_.load(); }

  // The company's outbox rows with id > after whose entity is in `entities` (all entities
  // when empty), oldest first, at most `limit`.
  static Result<std::vector<OutboxEvent>> ReadOutbox(store::Tx& tx, int64_t company_id,
                                                     int64_t after,
                                                     const std::vector<std::string>& entities,
                                                     int64_t limit);

 private:
  void Loop(std::function<void()> on_new, std::chrono::milliseconds poll);
  // Appends the rows after last_id_ to the ring; true if there were any.
  bool ReadNew();

  store::Database& db_;
  const size_t capacity_;
  mutable std::shared_mutex ring_mu_;
  std::deque<OutboxEventPtr> ring_;  // ids ascending, all > horizon_
  int64_t horizon_ = 0;              // every event with horizon_ < id <= last_id_ is in ring_
  int64_t last_id_ = 0;
  bool running_ = false;
  std::mutex wake_mu_;
  std::condition_variable wake_cv_;
  bool woken_ = false;
  bool stop_ = false;
  std::thread reader_;
  std::atomic<uint64_t> reads_{0};
};

class Journal {
 public:
  explicit Journal(const EntityRegistry& entities) : entities_(entities) {}

  // Streams take their events from the hub when it runs (not owned; may be null).
  void UseHub(const EventHub* hub) { hub_ = hub; }
  const EventHub* hub() const { return hub_; }

  // Audit rows, newest first, optionally of one entity/id.
  Result<nlohmann::json> Audit(store::Tx& tx, const Access& who, const std::string& entity,
                               std::optional<int64_t> id, int64_t limit, int64_t before);
  // Events with id > after, oldest first.
  Result<nlohmann::json> Events(store::Tx& tx, const Access& who, int64_t after, int64_t limit);
  // The text of the SSE frames for events after `after`: from the hub's ring when it holds
  // them, otherwise read in a fresh snapshot.
  Result<http::SseBatch> StreamBatch(store::Database& db, const Access& who, int64_t after);

 private:
  const EntityRegistry& entities_;
  const EventHub* hub_ = nullptr;
};

}  // namespace concord::security

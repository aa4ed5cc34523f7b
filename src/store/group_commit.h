// Group commit for SQLite's single writer connection. Write transactions queue up; the first
// caller that finds no batch running leads one: it takes the writer connection, opens one
// transaction, runs every queued function under a savepoint of its own (a failing function is
// rolled back to its savepoint and gets its error; the others are unaffected), keeps taking
// functions that arrive meanwhile (up to `max_batch`), and commits once. Every caller returns
// only after the commit that made its writes durable, with the same isolation as running the
// functions one after another: a function sees the writes of those before it in the batch. If
// the commit itself fails, every function of the batch gets that error and nothing is written.
//
// Why: a commit writes the WAL frames of every page the transaction dirtied and, with
// synchronous=FULL, waits for fsync. Consecutive business transactions dirty the same pages
// (the ends of the audit, outbox, ledger and stock tables), so one commit for many of them
// writes each page once and syncs once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/db.h"
#include "store/tx.h"

namespace concord::store {

class GroupCommit {
 public:
  struct Hooks {
    // Lends the writer connection for one batch (blocks while another user holds it).
    std::function<Result<std::unique_ptr<Connection>>()> acquire;
    std::function<void(std::unique_ptr<Connection>)> release;
    // The timestamp for audit rows and events written at the end of each function.
    std::function<std::string()> now_iso;
    // Called once per committed batch, before any of its callers returns.
    std::function<void(int committed)> committed;
  };
  GroupCommit(Hooks hooks, int max_batch) : hooks_(std::move(hooks)), max_batch_(max_batch) {}

  // Runs fn in a write transaction shared with other callers; see above. Waiting to be taken
  // into a batch past `deadline` fails with kDeadlineExceeded (fn has not run).
  Status Run(const std::function<Status(Tx&)>& fn, const Actor& actor,
             std::chrono::steady_clock::time_point deadline);

 private:
  struct Item {
    const std::function<Status(Tx&)>* fn;
    const Actor* actor;
    enum class State { kQueued, kRunning, kDone } state = State::kQueued;
    Status status;
    std::vector<std::function<void()>> hooks;
  };
  // Runs one batch starting with the queued items; called without the lock.
  void Lead();
  std::vector<Item*> Take(size_t already);
  // Runs one item under a savepoint. Returns false when the transaction itself was lost.
  bool RunItem(Connection& conn, Item& item);
  void Finish(std::vector<Item*>& batch, const Status& failure);

  Hooks hooks_;
  int max_batch_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item*> queue_;
  bool leading_ = false;
};

}  // namespace concord::store

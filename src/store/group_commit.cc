#include "store/group_commit.h"

#include <spdlog/spdlog.h>

namespace concord::store {

Status GroupCommit::Run(const std::function<Status(Tx&)>& fn, const Actor& actor,
                        std::chrono::steady_clock::time_point deadline) {
  Item me{&fn, &actor};
  std::unique_lock lock(mu_);
  queue_.push_back(&me);
  while (me.state != Item::State::kDone) {
    if (!leading_ && me.state == Item::State::kQueued) {
      leading_ = true;
      lock.unlock();
      Lead();
      lock.lock();
      leading_ = false;
      cv_.notify_all();  // the next batch needs a leader, and this one's callers are done
      continue;
    }
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout &&
        me.state == Item::State::kQueued) {
      std::erase(queue_, &me);
      return Status(Code::kDeadlineExceeded, "db.pool_timeout",
                    "Timed out waiting for a database connection.");
    }
  }
  lock.unlock();
  if (me.status.ok()) {
    for (auto& hook : me.hooks) hook();
  }
  return me.status;
}

std::vector<GroupCommit::Item*> GroupCommit::Take(size_t already) {
  std::lock_guard lock(mu_);
  std::vector<Item*> out;
  while (!queue_.empty() && already + out.size() < static_cast<size_t>(max_batch_)) {
    Item* item = queue_.front();
    queue_.pop_front();
    item->state = Item::State::kRunning;
    out.push_back(item);
  }
  return out;
}

bool GroupCommit::RunItem(Connection& conn, Item& item) {
  Status st = conn.ExecScript("SAVEPOINT concord_tx");
  if (!st.ok()) {
    item.status = st;
    return false;
  }
  Tx tx(conn, TxMode::kWrite, *item.actor);
  // A throwing function (a bug) must not leave its writes in the batch.
  try {
    st = (*item.fn)(tx);
  } catch (const std::exception& e) {
    spdlog::error("db: transaction aborted by an exception: {}", e.what());
    st = Internal(std::string("exception: ") + e.what());
  }
  if (st.ok() && tx.HasJournal()) st = tx.FlushJournal(hooks_.now_iso());
  if (st.ok()) {
    item.hooks = tx.TakeOnCommit();
    item.status = conn.ExecScript("RELEASE SAVEPOINT concord_tx");
    return item.status.ok();
  }
  item.status = st;
  // SQLite may have rolled back the whole transaction (e.g. on a full disk): then the savepoint
  // is gone, and with it the batch.
  return conn.ExecScript("ROLLBACK TO SAVEPOINT concord_tx; RELEASE SAVEPOINT concord_tx").ok();
}

void GroupCommit::Finish(std::vector<Item*>& batch, const Status& failure) {
  int committed = 0;
  for (Item* item : batch) {
    if (!failure.ok()) {
      if (item->status.ok()) item->status = failure;
      item->hooks.clear();
    }
    if (item->status.ok()) ++committed;
  }
  if (committed > 0 && hooks_.committed) hooks_.committed(committed);
  std::lock_guard lock(mu_);
  for (Item* item : batch) item->state = Item::State::kDone;
}

void GroupCommit::Lead() {
  std::vector<Item*> batch = Take(0);
  if (batch.empty()) return;
  auto conn = hooks_.acquire();
  Status failure = conn.ok() ? (*conn)->Begin(TxMode::kWrite) : conn.status();
  for (size_t i = 0; failure.ok() && i < batch.size(); ++i) {
    if (!RunItem(**conn, *batch[i])) {
      failure = Status(Code::kUnavailable, "db.batch_lost",
                       "The database transaction was lost; nothing was written. Retry.");
    }
    if (i + 1 == batch.size()) {
      auto more = Take(batch.size());
      batch.insert(batch.end(), more.begin(), more.end());
    }
  }
  if (failure.ok()) failure = (*conn)->Commit();
  if (!failure.ok() && conn.ok()) (void)(*conn)->Rollback();
  if (conn.ok()) hooks_.release(std::move(conn).value());
  Finish(batch, failure);
}

}  // namespace concord::store

// The board stream: the outbox events about a board's documents that the subscriber may read.
//
// Events come from the EventHub's ring (no query per subscriber and event); a subscriber
// behind the ring reads the outbox itself. Record rules: a subscriber who reads the board's
// documents company-wide gets every event of its company; one with an own or department scope
// gets an event only if the document's owner or department is within it now. The document's
// ownership is looked up once per event for all subscribers (OwnershipCache). The caller is
// authenticated again (session, token, permission) at most every kReauth, so a revoked session
// or permission ends the stream within that time.
#include <fmt/format.h>

#include <map>
#include <mutex>

#include "board/stream.h"

namespace concord::board {
namespace {

using nlohmann::json;
constexpr auto kReauth = std::chrono::seconds(5);
constexpr size_t kBatch = 200;
constexpr size_t kCacheSize = 20000;

}  // namespace

Result<std::map<int64_t, security::Ownership>> OwnershipCache::Lookup(
    store::Database& db, const BoardEntity& e,
    const std::vector<security::OutboxEventPtr>& events) {
  std::map<int64_t, security::Ownership> out;
  std::vector<const security::OutboxEvent*> missing;
  {
    std::lock_guard lock(mu_);
    for (const auto& ev : events) {
      auto it = by_event_.find(ev->id);
      if (it != by_event_.end()) {
        out[ev->id] = it->second;
      } else {
        missing.push_back(ev.get());
      }
    }
  }
  if (missing.empty()) return out;
  std::map<int64_t, security::Ownership> found;
  RETURN_IF_ERROR(db.Read([&](store::Tx& tx) -> Status {
    for (const auto* ev : missing) {
      ASSIGN_OR_RETURN(auto row, tx.One("SELECT company_id, owner_user_id, department_id FROM " +
                                            e.table + " WHERE id = ?",
                                        ev->entity_id));
      // A document that is gone (never for business documents) is visible to nobody.
      found[ev->id] = row ? security::Ownership{row->Int(0), row->OptInt(1), row->OptInt(2)}
                          : security::Ownership{-1, std::nullopt, std::nullopt};
    }
    return Status::Ok();
  }));
  std::lock_guard lock(mu_);
  for (const auto& [id, own] : found) {
    out[id] = own;
    by_event_[id] = own;
  }
  while (by_event_.size() > kCacheSize) by_event_.erase(by_event_.begin());
  return out;
}

Status BoardStream::Authenticate() {
  auto now = std::chrono::steady_clock::now();
  if (who_ && now - authenticated_at_ < kReauth) return Status::Ok();
  std::shared_ptr<const security::Access> who;
  RETURN_IF_ERROR(s_.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto info, s_.auth.Authenticate(request_, tx));
    RETURN_IF_ERROR(info.access->Require(entity_.permission));
    who = info.access;
    return Status::Ok();
  }));
  who_ = who;
  authenticated_at_ = now;
  return Status::Ok();
}

// The events after `after` of the subscriber's company about the board's entity.
Result<std::vector<security::OutboxEventPtr>> BoardStream::Candidates(int64_t after,
                                                                      http::SseBatch& batch) {
  std::vector<security::OutboxEventPtr> out;
  if (s_.hub) {
    if (auto slice = s_.hub->Since(who_->company_id(), after, kBatch)) {
      for (auto& e : slice->events) {
        if (e->entity == entity_.entity) out.push_back(std::move(e));
      }
      batch.last_id = slice->scanned_to;
      batch.more = slice->more;
      return out;
    }
  }
  RETURN_IF_ERROR(s_.db.Read([&](store::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto rows, security::EventHub::ReadOutbox(tx, who_->company_id(), after,
                                                               {entity_.entity}, kBatch));
    batch.more = rows.size() == kBatch;
    for (auto& r : rows) {
      batch.last_id = r.id;
      out.push_back(std::make_shared<const security::OutboxEvent>(std::move(r)));
    }
    return Status::Ok();
  }));
  return out;
}

Result<http::SseBatch> BoardStream::Next(int64_t after) {
  RETURN_IF_ERROR(Authenticate());
  http::SseBatch batch;
  batch.last_id = after;
  ASSIGN_OR_RETURN(auto events, Candidates(after, batch));
  if (events.empty()) return batch;
  bool company_wide = who_->ScopeOf(entity_.permission) == security::Scope::kCompany;
  std::map<int64_t, security::Ownership> owners;
  if (!company_wide) {
    ASSIGN_OR_RETURN(owners, cache_->Lookup(s_.db, entity_, events));
  }
  for (const auto& e : events) {
    if (!company_wide &&
        !who_->CheckRecord(entity_.permission, owners.at(e->id), entity_.entity).ok()) {
      continue;
    }
    json data = {{"id", e->id},         {"board", board_},
                 {"type", e->type},     {"card_id", e->entity_id},
                 {"entity", e->entity}, {"at", e->at}};
    batch.text += fmt::format("id: {}\nevent: {}\ndata: {}\n\n", e->id, e->type, data.dump());
  }
  return batch;
}

}  // namespace concord::board

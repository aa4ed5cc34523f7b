// The state of one board stream (see board_stream.cc). Not thread-safe: the HTTP server calls
// Next for one stream at a time. OwnershipCache is shared by all streams and thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "board/board.h"
#include "board/board_api.h"
#include "http/message.h"
#include "security/journal.h"

namespace concord::board {

// The owner and department of the document each event is about, looked up once per event.
class OwnershipCache {
 public:
  Result<std::map<int64_t, security::Ownership>> Lookup(
      store::Database& db, const BoardEntity& e,
      const std::vector<security::OutboxEventPtr>& events);

 private:
  std::mutex mu_;
  std::map<int64_t, security::Ownership> by_event_;  // event id -> ownership
};

class BoardStream {
 public:
  BoardStream(Services s, std::string board, http::Request request,
              std::shared_ptr<OwnershipCache> cache)
      : s_(s),
        board_(std::move(board)),
        entity_(EntityOf(board_)),
        request_(std::move(request)),
        cache_(std::move(cache)) {}

  // The frames of the visible events after `after` (http::SseStream::next).
  Result<http::SseBatch> Next(int64_t after);

 private:
  Status Authenticate();
  Result<std::vector<security::OutboxEventPtr>> Candidates(int64_t after, http::SseBatch& batch);

  Services s_;
  std::string board_;
  BoardEntity entity_;
  http::Request request_;
  std::shared_ptr<OwnershipCache> cache_;
  std::shared_ptr<const security::Access> who_;
  std::chrono::steady_clock::time_point authenticated_at_;
};

}  // namespace concord::board

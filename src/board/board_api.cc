// Routes of the kanban boards: parse, call Boards, stream through BoardStream.
#include "board/board_api.h"

#include <charconv>

#include "board/stream.h"
#include "http/schema.h"
#include "security/api.h"

namespace concord::board {
namespace {

using http::AuthKind;
using http::Ctx;
using http::Response;
using http::RouteDoc;
using http::TxKind;
using nlohmann::json;
using security::Ref;
namespace sc = http::schema;

Result<std::string> BoardOf(Ctx& c) {
  std::string board = c.req().path_params["board"];
  if (EntityOf(board).entity.empty()) return NotFound("board");
  return board;
}

Result<BoardFilter> FilterOf(Ctx& c) {
  BoardFilter f;
  ASSIGN_OR_RETURN(f.owner_user_id, c.QueryId("owner_user_id"));
  ASSIGN_OR_RETURN(f.department_id, c.QueryId("department_id"));
  ASSIGN_OR_RETURN(f.party_id, c.QueryId("party_id"));
  ASSIGN_OR_RETURN(auto cards, c.QueryId("cards"));
  if (cards) {
    if (*cards < 1 || *cards > 200) return InvalidField("cards", "range", "cards is 1..200.");
    f.cards_per_column = *cards;
  }
  if (c.req().Query("pipeline")) {
    return InvalidField("pipeline", "unsupported",
                        "A company has one pipeline; filter by owner, department or party.");
  }
  return f;
}

Result<Response> Read(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(std::string board, BoardOf(c));
  ASSIGN_OR_RETURN(BoardFilter f, FilterOf(c));
  ASSIGN_OR_RETURN(json out, s.boards.Read(c.tx(), c.access(), board, f));
  return Response::Json(200, out);
}

Result<Response> Move(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(std::string board, BoardOf(c));
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(json body, c.Body());
  ASSIGN_OR_RETURN(json out, s.boards.Move(c.tx(), c.access(), board, id, body,
                                           security::OptionalVersion(c, &body)));
  return Response::Json(200, out);
}

// Last-Event-ID (or ?after=) resumes; without either the stream starts at the company's
// current last event (the board just read is up to date with it).
Result<int64_t> StartAfter(Ctx& c) {
  std::string last = c.req().Header("last-event-id");
  if (last.empty()) last = c.req().Query("after").value_or("");
  if (last.empty()) {
    ASSIGN_OR_RETURN(auto row, c.tx().One("SELECT COALESCE(MAX(id), 0) FROM outbox WHERE "
                                          "company_id = ?",
                                          c.access().company_id()));
    return row ? row->Int(0) : 0;
  }
  int64_t after = 0;
  auto [end, ec] = std::from_chars(last.data(), last.data() + last.size(), after);
  if (ec != std::errc() || end != last.data() + last.size() || after < 0) {
    return InvalidField("after", "malformed", "after / Last-Event-ID must be an event id.");
  }
  return after;
}

Result<Response> Stream(Services& s, Ctx& c, const std::shared_ptr<OwnershipCache>& cache) {
  ASSIGN_OR_RETURN(std::string board, BoardOf(c));
  RETURN_IF_ERROR(c.access().Require(EntityOf(board).permission));
  ASSIGN_OR_RETURN(int64_t after, StartAfter(c));
  auto state = std::make_shared<BoardStream>(s, board, c.req(), cache);
  auto sse = std::make_shared<http::SseStream>();
  sse->last_id = after;
  sse->next = [state](int64_t last_id) { return state->Next(last_id); };
  Response r;
  r.sse = sse;
  return r;
}

const std::vector<http::QueryParamDoc> kFilters = {
    {"owner_user_id", "integer", "Cards of this owner"},
    {"department_id", "integer", "Cards of this department"},
    {"party_id", "integer", "Cards of this customer"},
    {"cards", "integer", "Cards per column, 1..200 (default 50); counts and sums cover all"}};

}  // namespace

void RegisterSchemas(http::Api& api) {
  json money = sc::Obj({{"amount", sc::kDecimal}, {"currency", sc::kStr}});
  json card = sc::Obj({{"id", sc::kInt},
                       {"number", sc::kStr},
                       {"title", sc::kStr},
                       {"party_id", sc::kInt},
                       {"party_name", sc::kStr},
                       {"owner_user_id", sc::Nullable(sc::kInt)},
                       {"owner_name", sc::Nullable(sc::kStr)},
                       {"department_id", sc::Nullable(sc::kInt)},
                       {"amount", sc::kDecimal},
                       {"currency", sc::kStr},
                       {"status", sc::kStr},
                       {"updated_at", sc::kTime},
                       {"version", sc::kInt}});
  api.AddSchema("BoardCard", card);
  api.AddSchema("BoardColumn", sc::Obj({{"key", sc::kStr},
                                        {"title", sc::kStr},
                                        {"count", sc::kInt},
                                        {"sums", sc::ArrayOf(money)},
                                        {"sum", money},
                                        {"cards", sc::ArrayOf(Ref("BoardCard"))}}));
  api.AddSchema("Board", sc::Obj({{"board", sc::Enum(kBoards)},
                                  {"currency", sc::kStr},
                                  {"columns", sc::ArrayOf(Ref("BoardColumn"))},
                                  {"last_event_id", sc::kInt}}));
  api.AddSchema("BoardMove", sc::Obj({{"to", sc::kStr}, {"version", sc::kInt}}, {"to"}));
  api.AddSchema("BoardMoved", sc::Obj({{"board", sc::kStr},
                                       {"from", sc::kStr},
                                       {"to", sc::kStr},
                                       {"column", sc::kStr},
                                       {"result", sc::Obj(json::object())}}));
}

void RegisterRoutes(http::Api& api, Services s) {
  auto cache = std::make_shared<OwnershipCache>();
  const std::string base = "/api/v1/boards/{board}";
  api.Add({"GET", base, AuthKind::kAuthenticated, "", TxKind::kDefault,
           RouteDoc{"A kanban board (opportunities, sales-orders or tickets): columns with counts, "
                    "sums and the latest cards",
                    "boards", nullptr, Ref("Board"), 200, kFilters},
           [s](Ctx& c) mutable { return Read(s, c); }});
  api.Add({"POST", base + "/cards/{id}/move", AuthKind::kAuthenticated, "", TxKind::kDefault,
           RouteDoc{"Move a card to another column: runs the document's verb behind the move "
                    "(the rest of the body is the verb's input)",
                    "boards", Ref("BoardMove"), Ref("BoardMoved")},
           [s](Ctx& c) mutable { return Move(s, c); }});
  api.Add({"GET", base + "/stream", AuthKind::kAuthenticated, "", TxKind::kRead,
           RouteDoc{"Server-sent events about the board's cards that the caller may read "
                    "(Last-Event-ID or ?after= resumes)",
                    "boards",
                    nullptr,
                    sc::kStr,
                    200,
                    {{"after", "integer", "Last event id seen"}},
                    "text/event-stream"},
           [s, cache](Ctx& c) mutable { return Stream(s, c, cache); }});
}

}  // namespace concord::board

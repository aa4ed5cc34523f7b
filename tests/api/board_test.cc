// Kanban boards: columns with counts and sums, cards moved by the documents' own verbs (their
// guards and permissions unchanged), and live updates over server-sent events: two browsers
// watching one board both see a change within a second; a watcher who may not read a document
// does not hear of it.
#include <gtest/gtest.h>

#include <chrono>

#include "api_helpers.h"
#include "service_helpers.h"

namespace concord::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

std::string Card(const std::string& board, int64_t id) {
  return "/api/v1/boards/" + board + "/cards/" + std::to_string(id) + "/move";
}

// The column `key` of a board answer.
json Column(const json& board, const std::string& key) {
  for (const auto& c : board["columns"]) {
    if (c["key"] == key) return c;
  }
  ADD_FAILURE() << "no column " << key << ": " << board.dump();
  return json::object();
}

bool HasCard(const json& column, int64_t id) {
  for (const auto& c : column["cards"]) {
    if (c["id"] == id) return true;
  }
  return false;
}

// Opens a board stream and reads the response head.
std::unique_ptr<RawSocket> Watch(TestServer& server, const std::string& token,
                                 const std::string& board) {
  auto sse = std::make_unique<RawSocket>(server.port());
  sse->Write("GET /api/v1/boards/" + board + "/stream HTTP/1.1\r\nHost: localhost\r\n" +
             "Authorization: Bearer " + token + "\r\n\r\n");
  EXPECT_TRUE(sse->ReadUntil("retry: 2000\n\n", seconds(5))) << sse->received();
  return sse;
}

std::string Token(TestServer& server, const std::string& login, const std::string& password) {
  return Login(server, login, password).json()["token"].get<std::string>();
}

class Boards : public ::testing::Test {
 protected:
  void SetUp() override {
    admin_ = server_.Admin();
    currency_ = admin_->Get("/api/v1/auth/me").json()["company"]["currency"].get<std::string>();
    auto party = admin_->Post("/api/v1/parties", {{"kind", "organization"},
                                                  {"name", "Board Customer"},
                                                  {"roles", {"customer"}},
                                                  {"allow_duplicates", true}});
    ASSERT_EQ(party.status, 201) << party.body;
    party_ = party.json()["id"].get<int64_t>();
    for (const auto& s : Items(admin_->Get("/api/v1/opportunity-stages"))) {
      stages_[s["name"].get<std::string>()] = s["id"].get<int64_t>();
      if (first_stage_ == 0) first_stage_ = s["id"].get<int64_t>();
    }
  }
  void TearDown() override { CheckJournalInvariants(server_.app()); }

  json Opportunity(const std::string& name, const std::string& amount,
                   const json& extra = json::object(), HttpClient* as = nullptr) {
    json body = {{"name", name}, {"party_id", party_}, {"amount", amount}};
    body.update(extra);
    auto r = (as ? as : admin_.get())->Post("/api/v1/opportunities", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }
  json Board(const std::string& board, HttpClient* as = nullptr) {
    auto r = (as ? as : admin_.get())->Get("/api/v1/boards/" + board);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  TestServer server_;
  std::unique_ptr<HttpClient> admin_;
  std::string currency_;
  int64_t party_ = 0, first_stage_ = 0;
  std::map<std::string, int64_t> stages_;
};

TEST_F(Boards, OpportunitiesByStageWithCountsSumsPerCurrencyAndMoves) {
  json a = Opportunity("Tea contract", "1000.50");
  json b = Opportunity("Cups", "200.25");
  std::string foreign = currency_ == "EUR" ? "USD" : "EUR";
  json c = Opportunity("Export", "50.00", {{"currency", foreign}});
  json board = Board("opportunities");
  EXPECT_EQ(board["currency"], currency_);
  json first = Column(board, std::to_string(first_stage_));
  EXPECT_EQ(first["count"], 3) << first.dump();
  std::map<std::string, std::string> sums;
  for (const auto& s : first["sums"]) sums[s["currency"]] = s["amount"];
  EXPECT_EQ(sums[currency_], "1200.75") << first.dump();
  EXPECT_EQ(sums[foreign], "50.00") << first.dump();
  EXPECT_TRUE(HasCard(first, a["id"].get<int64_t>()));
  EXPECT_EQ(first["cards"][0]["party_name"], "Board Customer");

  // Cards per column are limited; the count still covers every card.
  auto limited = admin_->Get("/api/v1/boards/opportunities?cards=1");
  ASSERT_EQ(limited.status, 200) << limited.body;
  EXPECT_EQ(Column(limited.json(), std::to_string(first_stage_))["cards"].size(), 1u);
  EXPECT_EQ(Column(limited.json(), std::to_string(first_stage_))["count"], 3);

  // Moving a card is the opportunity's stage move: history, audit and event included.
  int64_t target = 0;
  for (const auto& [name, id] : stages_) {
    if (id != first_stage_ && name != "Won" && name != "Lost" && target == 0) target = id;
  }
  ASSERT_NE(target, 0);
  int64_t id = a["id"].get<int64_t>();
  auto moved = admin_->Post(Card("opportunities", id),
                            {{"to", std::to_string(target)}, {"version", a["version"]}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json()["column"], std::to_string(target));
  EXPECT_EQ(moved.json()["result"]["stage_id"], target);
  board = Board("opportunities");
  EXPECT_EQ(Column(board, std::to_string(first_stage_))["count"], 2);
  EXPECT_TRUE(HasCard(Column(board, std::to_string(target)), id));

  // Stale version, unknown column, the guard of a lost stage (reason required), bad ids.
  EXPECT_TRUE(IsProblem(admin_->Post(Card("opportunities", id),
                                     {{"to", std::to_string(first_stage_)}, {"version", 1}}),
                        412, "version.stale"));
  auto unknown = admin_->Post(Card("opportunities", id), {{"to", "nowhere"}});
  EXPECT_TRUE(FieldErrors(unknown).count({"to", "unknown_column"})) << unknown.body;
  EXPECT_EQ(unknown.status, 422);
  auto lost = admin_->Post(Card("opportunities", id), {{"to", std::to_string(stages_["Lost"])}});
  EXPECT_EQ(lost.status, 422) << lost.body;
  EXPECT_TRUE(IsProblem(admin_->Post(Card("opportunities", 999999), {{"to", "1"}}), 404, ""));
  EXPECT_TRUE(IsProblem(admin_->Post(Card("nothing", id), {{"to", "1"}}), 404, "not_found"));
  EXPECT_TRUE(IsProblem(admin_->Post(Card("opportunities", id), {{"to", 5}}), 422, ""));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/boards/opportunities?pipeline=2"), 422, ""));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/boards/opportunities?cards=0"), 422, ""));
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/boards/opportunities?cards=500"), 422, ""));
  (void)b;
  (void)c;
}

TEST_F(Boards, AnotherCompanysCardIsNotFound) {
  json a = Opportunity("Tea contract", "10.00");
  auto created = admin_->Post("/api/v1/companies",
                              {{"name", "Second Co"}, {"currency", "USD"}, {"time_zone", "UTC"}});
  ASSERT_EQ(created.status, 201) << created.body;
  ASSERT_EQ(admin_->Post("/api/v1/auth/company", {{"company_id", created.json()["id"]}}).status,
            200);
  int64_t id = a["id"].get<int64_t>();
  EXPECT_TRUE(IsProblem(admin_->Post(Card("opportunities", id), {{"to", "1"}}), 404, "not_found"));
  json board = Board("opportunities");
  for (const auto& col : board["columns"]) EXPECT_EQ(col["count"], 0) << board.dump();
}

TEST_F(Boards, SalesOrdersByDerivedStateMoveByConfirmAndInvoice) {
  auto product = admin_->Post("/api/v1/products", {{"sku", "ADVICE"},
                                                   {"name", "Advice"},
                                                   {"kind", "service"},
                                                   {"uom", "unit"},
                                                   {"list_price", "1000.00"},
                                                   {"standard_cost", "10"},
                                                   {"costing_method", "standard"}});
  ASSERT_EQ(product.status, 201) << product.body;
  json lines = {{{"product_id", product.json()["id"]}, {"quantity", "1"}}};
  auto order = admin_->Post("/api/v1/sales-orders", {{"party_id", party_}, {"lines", lines}});
  ASSERT_EQ(order.status, 201) << order.body;
  int64_t id = order.json()["id"].get<int64_t>();
  json board = Board("sales-orders");
  json to_confirm = Column(board, "to_confirm");
  EXPECT_EQ(to_confirm["count"], 1);
  EXPECT_EQ(to_confirm["sum"]["currency"], currency_);
  EXPECT_TRUE(HasCard(to_confirm, id));

  // Only the moves that are a verb: anything else is refused with a clear code.
  EXPECT_TRUE(IsProblem(admin_->Post(Card("sales-orders", id), {{"to", "done"}}), 409,
                        "board.move_not_allowed"));
  EXPECT_TRUE(IsProblem(admin_->Post(Card("sales-orders", id), {{"to", "later"}}), 422, ""));
  auto confirmed = admin_->Post(Card("sales-orders", id), {{"to", "to_deliver"}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(confirmed.json()["result"]["state"], "confirmed");
  EXPECT_EQ(confirmed.json()["column"], "to_invoice");  // a service: nothing to deliver
  auto invoiced = admin_->Post(Card("sales-orders", id), {{"to", "awaiting_payment"}});
  ASSERT_EQ(invoiced.status, 200) << invoiced.body;
  EXPECT_EQ(invoiced.json()["column"], "awaiting_payment");
  board = Board("sales-orders");
  EXPECT_EQ(Column(board, "to_confirm")["count"], 0);
  EXPECT_TRUE(HasCard(Column(board, "awaiting_payment"), id));

  // The credit-limit guard of confirm passes through unchanged.
  auto careful = admin_->Post("/api/v1/parties", {{"kind", "organization"},
                                                  {"name", "Careful"},
                                                  {"roles", {"customer"}},
                                                  {"credit_limit", "500.00"},
                                                  {"allow_duplicates", true}});
  ASSERT_EQ(careful.status, 201) << careful.body;
  auto second =
      admin_->Post("/api/v1/sales-orders", {{"party_id", careful.json()["id"]}, {"lines", lines}});
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_TRUE(IsProblem(admin_->Post(Card("sales-orders", second.json()["id"].get<int64_t>()),
                                     {{"to", "to_deliver"}}),
                        409, "sales.credit_limit"));
  // A user without sales.order.update cannot move (the service's permission).
  int64_t reader = CreateRole(*admin_, "Order reader", {"sales.order.read"});
  CreateUser(*admin_, "reader", {reader});
  auto r = server_.LoginAs("reader", kDemoPassword);
  EXPECT_EQ(Column(Board("sales-orders", r.get()), "to_confirm")["count"], 1);
  EXPECT_TRUE(IsProblem(
      r->Post(Card("sales-orders", second.json()["id"].get<int64_t>()), {{"to", "to_deliver"}}),
      403, ""));
}

// Two browsers on the same board both get the change within a second; a sales rep who sees
// only own opportunities does not hear of the admin's.
TEST_F(Boards, TwoSubscribersSeeAChangeWithinOneSecondAndRecordRulesFilter) {
  json grants = json::array();
  for (const char* p : {"crm.opportunity.read", "crm.opportunity.create", "party.party.read"})
    grants.push_back({{"permission", p}, {"scope", "own"}});
  auto role = admin_->Post("/api/v1/roles", {{"name", "Rep (own)"}, {"permissions", grants}});
  ASSERT_EQ(role.status, 201) << role.body;
  int64_t rep = CreateUser(*admin_, "rep", {role.json()["id"].get<int64_t>()});
  std::string admin_token = Token(server_, "admin", kAdminPassword);
  auto one = Watch(server_, admin_token, "opportunities");
  auto two = Watch(server_, Token(server_, "admin", kAdminPassword), "opportunities");
  auto reps = Watch(server_, Token(server_, "rep", kDemoPassword), "opportunities");

  json a = Opportunity("Watched", "10.00");
  std::string marker = "\"card_id\":" + std::to_string(a["id"].get<int64_t>());
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(one->ReadUntil(marker, seconds(1))) << one->received();
  ASSERT_TRUE(two->ReadUntil(marker, seconds(1))) << two->received();
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(1));
  EXPECT_NE(one->received().find("event: opportunity.created"), std::string::npos);

  // The rep's own opportunity reaches the rep; the admin's never did.
  auto rep_client = server_.LoginAs("rep", kDemoPassword);
  auto party = admin_->Post("/api/v1/parties", {{"kind", "person"},
                                                {"name", "Rep's customer"},
                                                {"owner_user_id", rep},
                                                {"allow_duplicates", true}});
  ASSERT_EQ(party.status, 201) << party.body;
  json own = Opportunity("Rep's", "5.00", {{"party_id", party.json()["id"]}}, rep_client.get());
  std::string own_marker = "\"card_id\":" + std::to_string(own["id"].get<int64_t>());
  ASSERT_TRUE(reps->ReadUntil(own_marker, seconds(2))) << reps->received();
  EXPECT_EQ(reps->received().find(marker), std::string::npos) << reps->received();

  // Other boards' documents are not on this stream; resuming with Last-Event-ID works.
  EXPECT_EQ(one->received().find("\"entity\":\"party\""), std::string::npos);
  auto resumed = std::make_unique<RawSocket>(server_.port());
  resumed->Write(
      "GET /api/v1/boards/opportunities/stream HTTP/1.1\r\nHost: localhost\r\n"
      "Authorization: Bearer " +
      admin_token + "\r\nLast-Event-ID: 0\r\n\r\n");
  EXPECT_TRUE(resumed->ReadUntil(marker, seconds(2))) << resumed->received();
  EXPECT_TRUE(IsProblem(admin_->Get("/api/v1/boards/nothing/stream"), 404, "not_found"));
}

}  // namespace

namespace service_desk {
namespace {

using BoardTickets = ServiceDesk;

TEST_F(BoardTickets, TicketsByStatusMoveByTheirVerbs) {
  json t = Open(complaint_);
  int64_t id = t["id"].get<int64_t>();
  auto board = admin_->Get("/api/v1/boards/tickets");
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_TRUE(HasCard(Column(board.json(), "new"), id));
  EXPECT_EQ(Column(board.json(), "new")["sums"], json::array());

  ASSERT_EQ(t["status"], "new") << t.dump();
  std::string move = Card("tickets", id);
  EXPECT_TRUE(IsProblem(admin_->Post(move, {{"to", "closed"}}), 409, "board.move_not_allowed"));
  auto assigned = admin_->Post(move, {{"to", "assigned"}, {"user_id", agent_}});
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(assigned.json()["result"]["owner_user_id"], agent_);
  EXPECT_TRUE(
      IsProblem(admin_->Post(move, {{"to", "in_progress"}, {"version", 1}}), 412, "version.stale"));
  auto started = admin_->Post(move, {{"to", "in_progress"}});
  ASSERT_EQ(started.status, 200) << started.body;
  // resolve needs its resolution: the verb's field error passes through.
  EXPECT_EQ(admin_->Post(move, {{"to", "resolved"}}).status, 422);
  auto resolved = admin_->Post(move, {{"to", "resolved"}, {"resolution", "Replaced."}});
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(resolved.json()["column"], "resolved");
  EXPECT_TRUE(IsProblem(admin_->Post(move, {{"to", "sideways"}}), 422, ""));
  board = admin_->Get("/api/v1/boards/tickets");
  EXPECT_EQ(Column(board.json(), "resolved")["count"], 1);
  EXPECT_EQ(Column(board.json(), "new")["count"], 0);
}

}  // namespace
}  // namespace service_desk
}  // namespace concord::testing

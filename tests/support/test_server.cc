#include "support/test_server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "security/crypto.h"
#include "store/scratch_db.h"

namespace concord::testing {

TestServer::TestServer() : TestServer([](app::Config&) {}) {}

TestServer::TestServer(const std::function<void(app::Config&)>& adjust)
    : clock_(Timestamp::FromUnixMicros(1795000000LL * 1000000)) {
  security::SetPasswordHashCost(security::PasswordHashCost::kTestFast);
  setenv("CONCORD_ADMIN_PASSWORD", kAdminPassword, 1);
  app::Config config;
  scratch_ = std::make_unique<store::ScratchDb>(
      store::ScratchDb::PostgresBase() ? store::Dialect::kPostgres : store::Dialect::kSqlite,
      "test");
  config.db = scratch_->url();
  if (scratch_->postgres()) {
    config.pool_size = 6;
  } else {
    config.readers = 4;
  }
  config.listen = "127.0.0.1:0";
  config.access_log = "off";
  config.sqlite_sync = "normal";
  adjust(config);
  auto app = app::App::Open(config, &clock_);
  if (!app.ok()) throw std::runtime_error("open: " + app.status().ToString());
  app_ = std::move(app).value();
  auto admin = app_->EnsureAdmin();
  if (!admin.ok()) throw std::runtime_error("admin: " + admin.status().ToString());
  Status st = app_->StartInBackground();
  if (!st.ok()) throw std::runtime_error("start: " + st.ToString());
}

TestServer::~TestServer() {
  app_->Stop();
  app_.reset();
  scratch_.reset();
}

bool TestServer::postgres() const { return scratch_->postgres(); }

std::unique_ptr<HttpClient> TestServer::Client() const {
  return std::make_unique<HttpClient>("127.0.0.1", port());
}

std::unique_ptr<HttpClient> TestServer::LoginAs(const std::string& login,
                                                const std::string& password) {
  auto c = Client();
  auto r = c->Post("/api/v1/auth/login", {{"login", login}, {"password", password}});
  if (r.status != 200) throw std::runtime_error("login " + login + " failed: " + r.body);
  c->set_bearer(r.json()["token"].get<std::string>());
  return c;
}

void CheckJournalInvariants(app::App& app) {
  Status st = app.db().Read([](store::Tx& tx) -> Status {
    // Every audit row has an event from the same request, and vice versa.
    ASSIGN_OR_RETURN(
        auto orphans,
        tx.Rows("SELECT a.request_id FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM outbox o "
                "WHERE o.request_id = a.request_id AND o.entity = a.entity AND o.entity_id = "
                "a.entity_id)"));
    EXPECT_TRUE(orphans.empty()) << orphans.size() << " audit rows without their event";
    ASSIGN_OR_RETURN(
        auto events,
        tx.Rows("SELECT o.request_id FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM audit_log a "
                "WHERE a.request_id = o.request_id AND a.entity = o.entity AND a.entity_id = "
                "o.entity_id)"));
    EXPECT_TRUE(events.empty()) << events.size() << " events without their audit row";
    // Audited users and departments exist.
    ASSIGN_OR_RETURN(
        auto missing,
        tx.Rows(
            "SELECT a.entity_id FROM audit_log a WHERE (a.entity = 'user' AND NOT EXISTS "
            "(SELECT 1 FROM users u WHERE u.id = a.entity_id)) OR (a.entity = 'department' AND NOT "
            "EXISTS (SELECT 1 FROM departments d WHERE d.id = a.entity_id))"));
    EXPECT_TRUE(missing.empty()) << missing.size() << " audit rows about missing records";
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  CheckLedgerInvariants(app);
  CheckInventoryInvariants(app);
}

void CheckLedgerInvariants(app::App& app) {
  Status st = app.db().Read([](store::Tx& tx) -> Status {
    auto expect_none = [&](const std::string& sql, const std::string& what) -> Status {
      ASSIGN_OR_RETURN(auto rows, tx.Rows(sql));
      EXPECT_TRUE(rows.empty()) << rows.size() << " " << what
                                << " (first: " << (rows.empty() ? "" : rows[0].Text(0)) << ")";
      return Status::Ok();
    };
    RETURN_IF_ERROR(
        expect_none("SELECT entry_id FROM journal_lines WHERE posted = 1 GROUP BY "
                    "entry_id HAVING SUM(debit) <> SUM(credit)",
                    "posted entries that do not balance"));
    RETURN_IF_ERROR(
        expect_none("SELECT company_id FROM journal_lines WHERE posted = 1 GROUP BY "
                    "company_id HAVING SUM(debit) <> SUM(credit)",
                    "companies whose trial balance does not sum to zero"));
    RETURN_IF_ERROR(expect_none(
        "SELECT e.id FROM journal_entries e WHERE e.state = 'posted' AND (e.number IS NULL OR "
        "e.period_id IS NULL OR EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = e.id "
        "AND (l.posted <> 1 OR l.date <> e.date OR l.company_id <> e.company_id)))",
        "posted entries without number/period or with stray lines"));
    const std::string lines =
        "SELECT company_id, account_id, COALESCE(department_id, 0), date, SUM(debit), "
        "SUM(credit) FROM journal_lines WHERE posted = 1 GROUP BY company_id, account_id, "
        "COALESCE(department_id, 0), date";
    const std::string daily =
        "SELECT company_id, account_id, department_id, date, debit, credit FROM ledger_daily";
    RETURN_IF_ERROR(expect_none(lines + " EXCEPT " + daily, "line sums missing in ledger_daily"));
    RETURN_IF_ERROR(expect_none(daily + " EXCEPT " + lines, "ledger_daily rows without lines"));
    RETURN_IF_ERROR(expect_none(
        "SELECT l.account_id FROM journal_lines l JOIN accounts a ON a.id = l.account_id WHERE "
        "a.reconcilable = 1 AND l.posted = 1 GROUP BY l.account_id, l.party_id HAVING "
        "SUM(l.debit - l.credit) <> SUM(l.residual)",
        "control accounts that differ from their open items per party"));
    RETURN_IF_ERROR(expect_none(
        "SELECT m.id FROM line_matches m JOIN journal_lines d ON d.id = m.debit_line_id JOIN "
        "journal_lines c ON c.id = m.credit_line_id WHERE m.amount < 0 OR d.account_id <> "
        "c.account_id OR COALESCE(d.party_id, 0) <> COALESCE(c.party_id, 0)",
        "matches across accounts or parties"));
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

void CheckInventoryInvariants(app::App& app) {
  Status st = app.db().Read([](store::Tx& tx) -> Status {
    auto expect_none = [&](const std::string& sql, const std::string& what) -> Status {
      ASSIGN_OR_RETURN(auto rows, tx.Rows(sql));
      EXPECT_TRUE(rows.empty()) << rows.size() << " " << what
                                << " (first: " << (rows.empty() ? "" : rows[0].Text(0)) << ")";
      return Status::Ok();
    };
    // On hand per (company, product, internal location, lot) from the done moves.
    const std::string flows =
        "SELECT f.company_id, f.product_id, f.location_id, f.lot_id, SUM(f.q) AS q FROM (SELECT "
        "company_id, product_id, dest_location_id AS location_id, COALESCE(lot_id, 0) AS lot_id, "
        "quantity AS q FROM stock_moves WHERE state = 'done' AND product_kind = 'stocked' UNION "
        "ALL SELECT company_id, product_id, source_location_id, COALESCE(lot_id, 0), -quantity "
        "FROM stock_moves WHERE state = 'done' AND product_kind = 'stocked') f JOIN "
        "stock_locations l ON l.id = f.location_id WHERE l.kind = 'internal' GROUP BY "
        "f.company_id, f.product_id, f.location_id, f.lot_id HAVING SUM(f.q) <> 0";
    const std::string quants =
        "SELECT company_id, product_id, location_id, lot_id, quantity FROM stock_quants WHERE "
        "quantity <> 0";
    RETURN_IF_ERROR(expect_none(flows + " EXCEPT " + quants, "done-move sums missing in quants"));
    RETURN_IF_ERROR(expect_none(quants + " EXCEPT " + flows, "quants without their done moves"));
    RETURN_IF_ERROR(expect_none(
        "SELECT q.id FROM stock_quants q JOIN stock_locations l ON l.id = q.location_id WHERE "
        "q.quantity < 0 OR q.reserved < 0 OR q.reserved > q.quantity OR l.kind <> 'internal'",
        "quants negative, over-reserved or outside internal locations"));
    RETURN_IF_ERROR(expect_none(
        "SELECT q.id FROM stock_quants q WHERE q.reserved <> COALESCE((SELECT SUM(m.quantity) "
        "FROM stock_moves m WHERE m.state = 'reserved' AND m.product_kind = 'stocked' AND "
        "m.company_id = q.company_id AND m.product_id = q.product_id AND m.source_location_id = "
        "q.location_id AND COALESCE(m.lot_id, 0) = q.lot_id), 0)",
        "quants whose reserved quantity differs from their reserved moves"));
    RETURN_IF_ERROR(expect_none(
        "SELECT m.id FROM stock_moves m JOIN stock_locations s ON s.id = m.source_location_id "
        "WHERE m.state = 'reserved' AND m.product_kind = 'stocked' AND s.kind = 'internal' AND "
        "NOT EXISTS (SELECT 1 FROM stock_quants q WHERE q.company_id = m.company_id AND "
        "q.product_id = m.product_id AND q.location_id = m.source_location_id AND q.lot_id = "
        "COALESCE(m.lot_id, 0))",
        "reserved moves without a quant"));
    // Valuation: layers hold what is on hand, never less than nothing.
    RETURN_IF_ERROR(expect_none(
        "SELECT id FROM stock_valuation_layers WHERE remaining_qty < 0 OR (remaining_qty = 0 AND "
        "remaining_value <> 0) OR (quantity < 0 AND remaining_qty <> 0)",
        "valuation layers with negative or value-only remainders"));
    RETURN_IF_ERROR(expect_none(
        "SELECT v.product_id FROM stock_valuation_layers v GROUP BY v.company_id, v.product_id "
        "HAVING SUM(v.remaining_qty) <> COALESCE((SELECT SUM(q.quantity) FROM stock_quants q "
        "WHERE q.company_id = v.company_id AND q.product_id = v.product_id), 0)",
        "products whose valuation layers differ from their stock on hand"));
    ASSIGN_OR_RETURN(
        auto values,
        tx.Rows("SELECT c.id, COALESCE((SELECT SUM(v.remaining_value) FROM "
                "stock_valuation_layers v WHERE v.company_id = c.id), 0), COALESCE((SELECT "
                "SUM(l.debit - l.credit) FROM journal_lines l JOIN accounts a ON a.id = "
                "l.account_id WHERE l.company_id = c.id AND l.posted = 1 AND a.role = "
                "'inventory'), 0) FROM companies c ORDER BY c.id"));
    for (const auto& r : values) {
      EXPECT_EQ(r.Int(1), r.Int(2)) << "company " << r.Int(0)
                                    << ": remaining layer value differs from the inventory "
                                       "account";
    }
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
}

}  // namespace concord::testing

#include "accounting/matching.h"

#include <algorithm>
#include <map>

#include "accounting/ledger_internal.h"
#include "core/decimal.h"
#include "core/json_input.h"
#include "core/money.h"
#include "security/company.h"

namespace concord::accounting {
namespace {

struct OpenLine {
  int64_t id = 0;
  int64_t entry_id = 0;
  int64_t account_id = 0;
  std::optional<int64_t> party_id;
  int64_t residual = 0;
  int64_t residual_currency = 0;
  std::string currency;
  Date date;
};

Result<OpenLine> LoadLine(store::Tx& tx, int64_t company_id, int64_t id, const std::string& field) {
  ASSIGN_OR_RETURN(auto r, tx.One("SELECT l.id, l.entry_id, l.account_id, l.party_id, l.residual, "
                                  "l.residual_currency, l.currency, l.date, l.posted, "
                                  "a.reconcilable FROM journal_lines l JOIN accounts a ON a.id = "
                                  "l.account_id WHERE l.id = ? AND l.company_id = ?",
                                  id, company_id));
  if (!r) return InvalidField(field, "not_found", "No such journal line.");
  if (r->Int(8) != 1) return InvalidField(field, "accounting.not_posted", "The line is a draft.");
  if (r->Int(9) != 1) {
    return InvalidField(field, "accounting.not_reconcilable",
                        "The line's account keeps no open items.");
  }
  OpenLine l{r->Int(0), r->Int(1), r->Int(2), r->OptInt(3), r->Int(4), r->Int(5), r->Text(6), {}};
  ASSIGN_OR_RETURN(l.date, Date::Parse(r->Text(7)));
  return l;
}

Status CheckPair(const OpenLine& d, const OpenLine& c) {
  if (d.residual <= 0) {
    return InvalidField("debit_line_id", "accounting.not_open",
                        "The debit line has no open debit amount.");
  }
  if (c.residual >= 0) {
    return InvalidField("credit_line_id", "accounting.not_open",
                        "The credit line has no open credit amount.");
  }
  if (d.account_id != c.account_id || d.party_id != c.party_id) {
    return InvalidField("credit_line_id", "accounting.match_mismatch",
                        "Both lines must be on the same account and party.");
  }
  if (d.currency != c.currency) {
    return InvalidField("credit_line_id", "accounting.currency_mismatch",
                        "Both lines must be in the same currency.");
  }
  return Status::Ok();
}

// Moves `amount` / `amount_currency` out of line `id`'s residual (sign: +1 for a debit line,
// -1 for a credit line), refusing if the residual is no longer what was read.
Status Shrink(store::Tx& tx, const OpenLine& l, int sign, int64_t amount, int64_t amount_currency) {
  ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE journal_lines SET residual = residual - ?, "
                                      "residual_currency = residual_currency - ? WHERE id = ? "
                                      "AND residual = ? AND residual_currency = ?",
                                      sign * amount, sign * amount_currency, l.id, l.residual,
                                      l.residual_currency));
  if (n != 1) {
    return Conflict("accounting.stale_match", "The line changed meanwhile; read it again.");
  }
  return Status::Ok();
}

Result<int64_t> InsertMatch(store::Tx& tx, int64_t company_id, int64_t d, int64_t c, int64_t amount,
                            int64_t amount_currency, const std::string& currency, int64_t user_id,
                            const std::string& now) {
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO line_matches (company_id, debit_line_id, "
                             "credit_line_id, amount, amount_currency, currency, "
                             "created_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                             "RETURNING id",
                             company_id, d, c, amount, amount_currency, currency,
                             internal::UserValue(user_id), now));
  nlohmann::json payload = {{"id", id},
                            {"debit_line_id", d},
                            {"credit_line_id", c},
                            {"amount_minor", amount},
                            {"currency", currency},
                            {"amount_currency_minor", amount_currency}};
  tx.Audit({"line_match", id, "create", {{"amount", {nullptr, amount}}}, company_id});
  tx.Emit({"line_match.created", "line_match", id, payload, company_id});
  return id;
}

// Posts the FX entry for `diff` (= sD - sC) and settles its control line with the line that
// kept the surplus. Returns the entry id.
Result<int64_t> BookDifference(store::Tx& tx, const Ledger& ledger, int64_t company_id,
                               const OpenLine& d, const OpenLine& c, int64_t diff, int64_t user_id,
                               const std::string& now) {
  bool loss = diff > 0;
  int64_t abs = loss ? diff : -diff;
  ASSIGN_OR_RETURN(int64_t fx_account, AccountByRole(tx, company_id, loss ? "fx_loss" : "fx_gain"));
  PostingEntry e;
  e.company_id = company_id;
  ASSIGN_OR_RETURN(e.journal_id, JournalByKind(tx, company_id, "general"));
  e.date = std::max(d.date, c.date);
  e.description = "Realised exchange difference";
  e.source_type = "line_match";
  PostingLine control{.account_id = d.account_id, .party_id = d.party_id};
  PostingLine other{.account_id = fx_account};
  (loss ? control.credit : control.debit) = abs;
  (loss ? other.debit : other.credit) = abs;
  control.description = other.description = e.description;
  e.lines = {control, other};
  ASSIGN_OR_RETURN(Posted posted, ledger.Post(tx, e, user_id));
  ASSIGN_OR_RETURN(auto fx, tx.One("SELECT id FROM journal_lines WHERE entry_id = ? AND "
                                   "line_no = 1",
                                   posted.entry_id));
  int64_t fx_line = fx->Int(0);
  // The surplus line gives up `abs` of its company residual, nothing in its currency.
  RETURN_IF_ERROR(tx.Exec("UPDATE journal_lines SET residual = residual - ? WHERE id = ?",
                          loss ? abs : -abs, loss ? d.id : c.id)
                      .status());
  RETURN_IF_ERROR(tx.Exec("UPDATE journal_lines SET residual = 0, residual_currency = 0 WHERE "
                          "id = ?",
                          fx_line)
                      .status());
  RETURN_IF_ERROR(InsertMatch(tx, company_id, loss ? d.id : fx_line, loss ? fx_line : c.id, abs, 0,
                              d.currency, user_id, now)
                      .status());
  return posted.entry_id;
}

}  // namespace

Result<Settlement> Settle(int64_t debit_residual, int64_t debit_currency, int64_t credit_residual,
                          int64_t credit_currency, int64_t a) {
  if (a <= 0 || a > debit_currency || a > credit_currency || debit_currency <= 0 ||
      credit_currency <= 0) {
    return InvalidField("amount", "accounting.over_match",
                        "The amount exceeds what is open on one of the lines.");
  }
  Settlement s;
  auto part = [&](int64_t residual, int64_t open) -> Result<int64_t> {
    if (a == open) return residual;
    return DivRound(static_cast<__int128>(residual) * a, open, RoundingMode::kHalfUp);
  };
  ASSIGN_OR_RETURN(s.debit_settled, part(debit_residual, debit_currency));
  ASSIGN_OR_RETURN(s.credit_settled, part(credit_residual, credit_currency));
  s.matched = std::min(s.debit_settled, s.credit_settled);
  s.fx_difference = s.debit_settled - s.credit_settled;
  return s;
}

Result<int64_t> Matching::Match(store::Tx& tx, int64_t company_id, int64_t debit_line_id,
                                int64_t credit_line_id, std::optional<int64_t> amount,
                                int64_t user_id) const {
  ASSIGN_OR_RETURN(OpenLine d, LoadLine(tx, company_id, debit_line_id, "debit_line_id"));
  ASSIGN_OR_RETURN(OpenLine c, LoadLine(tx, company_id, credit_line_id, "credit_line_id"));
  RETURN_IF_ERROR(CheckPair(d, c));
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, company_id));
  bool foreign = d.currency != own;
  int64_t d_open = foreign ? d.residual_currency : d.residual;
  int64_t c_open = foreign ? -c.residual_currency : -c.residual;
  int64_t a = amount.value_or(std::min(d_open, c_open));
  if (a <= 0) return InvalidField("amount", "positive", "amount is more than zero.");
  ASSIGN_OR_RETURN(Settlement s, Settle(d.residual, d_open, -c.residual, c_open, a));
  RETURN_IF_ERROR(Shrink(tx, d, 1, s.matched, foreign ? a : s.matched));
  RETURN_IF_ERROR(Shrink(tx, c, -1, s.matched, foreign ? a : s.matched));
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t id, InsertMatch(tx, company_id, d.id, c.id, s.matched,
                                           foreign ? a : s.matched, d.currency, user_id, now));
  if (s.fx_difference != 0) {
    ASSIGN_OR_RETURN(int64_t fx,
                     BookDifference(tx, ledger_, company_id, d, c, s.fx_difference, user_id, now));
    RETURN_IF_ERROR(
        tx.Exec("UPDATE line_matches SET fx_entry_id = ? WHERE id = ?", fx, id).status());
    RETURN_IF_ERROR(
        tx.Exec("UPDATE journal_entries SET source_id = ? WHERE id = ?", id, fx).status());
  }
  return id;
}

Result<std::vector<int64_t>> Matching::AutoMatch(store::Tx& tx, int64_t company_id,
                                                 int64_t party_id, int64_t account_id,
                                                 int64_t user_id) const {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id, currency, residual_currency FROM journal_lines "
                                      "WHERE company_id = ? AND party_id = ? AND account_id = ? "
                                      "AND posted = 1 AND residual <> 0 ORDER BY "
                                      "COALESCE(due_date, date), date, id",
                                      company_id, party_id, account_id));
  // Per currency: the open debits and credits, oldest first, with what is open.
  std::map<std::string, std::vector<std::pair<int64_t, int64_t>>> debits, credits;
  for (const auto& r : rows) {
    int64_t open = r.Int(2);
    if (open > 0) debits[r.Text(1)].push_back({r.Int(0), open});
    if (open < 0) credits[r.Text(1)].push_back({r.Int(0), -open});
  }
  std::vector<int64_t> out;
  for (auto& [currency, ds] : debits) {
    auto& cs = credits[currency];
    size_t i = 0, j = 0;
    while (i < ds.size() && j < cs.size()) {
      int64_t a = std::min(ds[i].second, cs[j].second);
      ASSIGN_OR_RETURN(int64_t id, Match(tx, company_id, ds[i].first, cs[j].first, a, user_id));
      out.push_back(id);
      ds[i].second -= a;
      cs[j].second -= a;
      if (ds[i].second == 0) ++i;
      if (cs[j].second == 0) ++j;
    }
  }
  return out;
}

Status Matching::Unmatch(store::Tx& tx, int64_t company_id, int64_t match_id,
                         int64_t user_id) const {
  ASSIGN_OR_RETURN(auto m, tx.One("SELECT id, debit_line_id, credit_line_id, amount, "
                                  "amount_currency, fx_entry_id FROM line_matches WHERE id = ? "
                                  "AND company_id = ?",
                                  match_id, company_id));
  if (!m) return NotFound("match");
  ASSIGN_OR_RETURN(auto settles, tx.Rows("SELECT 1 FROM line_matches x JOIN journal_lines l ON "
                                         "l.entry_id = x.fx_entry_id WHERE l.id IN (?, ?)",
                                         m->Int(1), m->Int(2)));
  if (!settles.empty()) {
    return FailedPrecondition("accounting.fx_settlement",
                              "This match settles an exchange difference: delete the match "
                              "that booked it.");
  }
  if (!m->IsNull(5)) {
    ASSIGN_OR_RETURN(auto fx,
                     tx.One("SELECT reversed_by_id FROM journal_entries WHERE id = ?", m->Int(5)));
    if (fx && fx->IsNull(0)) {
      RETURN_IF_ERROR(ledger_
                          .Reverse(tx, company_id, m->Int(5), std::nullopt, user_id,
                                   "Unmatched: exchange difference reversed")
                          .status());
    }
  }
  RETURN_IF_ERROR(tx.Exec("UPDATE journal_lines SET residual = residual + ?, residual_currency "
                          "= residual_currency + ? WHERE id = ?",
                          m->Int(3), m->Int(4), m->Int(1))
                      .status());
  RETURN_IF_ERROR(tx.Exec("UPDATE journal_lines SET residual = residual - ?, residual_currency "
                          "= residual_currency - ? WHERE id = ?",
                          m->Int(3), m->Int(4), m->Int(2))
                      .status());
  RETURN_IF_ERROR(tx.Exec("DELETE FROM line_matches WHERE id = ?", match_id).status());
  tx.Audit({"line_match", match_id, "delete", {{"amount", {m->Int(3), nullptr}}}, company_id});
  tx.Emit({"line_match.deleted", "line_match", match_id, {{"id", match_id}}, company_id});
  return Status::Ok();
}

namespace {

Result<nlohmann::json> MatchJson(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto r, tx.One("SELECT id, debit_line_id, credit_line_id, amount, "
                                  "amount_currency, currency, fx_entry_id, created_at FROM "
                                  "line_matches WHERE id = ? AND company_id = ?",
                                  id, company_id));
  if (!r) return NotFound("match");
  ASSIGN_OR_RETURN(std::string own, security::CompanyCurrency(tx, company_id));
  ASSIGN_OR_RETURN(Currency own_c, Currency::FromCode(own));
  ASSIGN_OR_RETURN(Currency line_c, Currency::FromCode(r->Text(5)));
  return nlohmann::json{
      {"id", r->Int(0)},
      {"debit_line_id", r->Int(1)},
      {"credit_line_id", r->Int(2)},
      {"amount", Money::FromMinor(r->Int(3), own_c).ToString()},
      {"amount_currency", Money::FromMinor(r->Int(4), line_c).ToString()},
      {"currency", r->Text(5)},
      {"company_currency", own},
      {"fx_entry_id", r->IsNull(6) ? nlohmann::json() : nlohmann::json(r->Int(6))},
      {"created_at", r->Text(7)}};
}

}  // namespace

Result<nlohmann::json> Matching::Create(store::Tx& tx, const security::Access& who,
                                        const nlohmann::json& body) const {
  RETURN_IF_ERROR(who.Require("accounting.match.create"));
  Fields f(body);
  auto debit = f.Int("debit_line_id", true);
  auto credit = f.Int("credit_line_id", true);
  auto text = f.Text("amount", {.max_chars = 30});
  RETURN_IF_ERROR(f.Finish());
  std::optional<int64_t> amount;
  if (text) {
    ASSIGN_OR_RETURN(auto line, tx.One("SELECT currency FROM journal_lines WHERE id = ? AND "
                                       "company_id = ?",
                                       *debit, who.company_id()));
    if (!line) return InvalidField("debit_line_id", "not_found", "No such journal line.");
    auto m = Money::Parse(*text, line->Text(0));
    if (!m.ok()) {
      return InvalidField("amount", m.status().message_id(),
                          "amount is a decimal in the lines' currency (" + line->Text(0) + ").");
    }
    amount = m->minor();
  }
  ASSIGN_OR_RETURN(int64_t id, Match(tx, who.company_id(), *debit, *credit, amount, who.user_id()));
  return MatchJson(tx, who.company_id(), id);
}

Result<nlohmann::json> Matching::Auto(store::Tx& tx, const security::Access& who,
                                      const nlohmann::json& body) const {
  RETURN_IF_ERROR(who.Require("accounting.match.create"));
  Fields f(body);
  auto party = f.Int("party_id", true);
  auto account = f.Int("account_id", true);
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto a, tx.One("SELECT reconcilable FROM accounts WHERE id = ? AND "
                                  "company_id = ?",
                                  *account, who.company_id()));
  if (!a) return InvalidField("account_id", "not_found", "No such account.");
  if (a->Int(0) != 1) {
    return InvalidField("account_id", "accounting.not_reconcilable",
                        "The account keeps no open items.");
  }
  ASSIGN_OR_RETURN(auto ids, AutoMatch(tx, who.company_id(), *party, *account, who.user_id()));
  nlohmann::json items = nlohmann::json::array();
  for (int64_t id : ids) {
    ASSIGN_OR_RETURN(auto m, MatchJson(tx, who.company_id(), id));
    items.push_back(std::move(m));
  }
  return nlohmann::json{{"items", items}};
}

Result<nlohmann::json> Matching::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("accounting.match.read"));
  return MatchJson(tx, who.company_id(), id);
}

Status Matching::Delete(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("accounting.match.delete"));
  return Unmatch(tx, who.company_id(), id, who.user_id());
}

}  // namespace concord::accounting

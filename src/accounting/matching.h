// Open items of receivable/payable (reconcilable) accounts: matching debit lines against credit
// lines (payments against invoices), realised exchange differences, unrealised revaluation,
// open-item lists, ageing and party statements.
//
// Matching rules. A match settles part of a posted debit line (residual > 0) against part of a
// posted credit line (residual < 0) of the same company, account and party, and in the same
// currency. `amount` is in the lines' currency (minor units; the company currency for
// company-currency lines), > 0 and at most both open amounts; default: the smaller one. Both
// residuals shrink in the same transaction; a guarded update refuses a stale match (Conflict
// "accounting.stale_match").
//
// Realised exchange difference (foreign-currency lines). Settling `a` units of the currency
// settles, on each line, its company-currency residual in proportion: s = residual when `a` is
// the whole open currency amount, else round_half_up(residual × a / residual_currency). The
// match records min(sD, sC). When sD ≠ sC an FX entry is posted on the general journal, dated
// the later of the two lines: a company-currency line on the same account and party for
// |sD − sC| (credit when the debit side is larger, debit otherwise) against fx_loss (debit
// side larger: we booked more than was settled) or fx_gain (credit side larger). Its control
// line is matched, in the same transaction, with the line that kept the surplus, so both
// residuals end at exactly 0 in both currencies when the settlement is full, and the control
// account still equals the sum of its residuals per party. The main match keeps fx_entry_id.
//
// Unmatching a match that carries an FX entry reverses that entry in the same transaction
// (dated its own date, so its period must be open) and then restores both residuals; an FX
// settlement match itself cannot be deleted alone. Reversing a matched entry through the
// Ledger undoes plain matches but refuses ones with an FX entry: unmatch first.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "accounting/ledger.h"
#include "security/access.h"

namespace concord::accounting {

// The company-currency amounts one settlement moves (all >= 0).
struct Settlement {
  int64_t debit_settled = 0;   // sD: of the debit line's residual
  int64_t credit_settled = 0;  // sC: of the credit line's |residual|
  int64_t matched = 0;         // min(sD, sC): the match's amount
  int64_t fx_difference = 0;   // sD - sC (> 0: loss, < 0: gain)
};

// The arithmetic above. debit_residual/debit_currency > 0 are the debit line's open amounts,
// credit_residual/credit_currency > 0 the credit line's (magnitudes), `a` the currency amount
// settled (0 < a <= both currency amounts).
Result<Settlement> Settle(int64_t debit_residual, int64_t debit_currency, int64_t credit_residual,
                          int64_t credit_currency, int64_t a);

class Matching {
 public:
  Matching(const Clock& clock, const Ledger& ledger) : clock_(clock), ledger_(ledger) {}

  // The service other areas call (e.g. sales applying a payment to an invoice), in their Tx.
  // Returns the match id. Field errors: debit_line_id / credit_line_id "not_found",
  // "accounting.not_posted", "accounting.not_reconcilable", "accounting.not_open";
  // credit_line_id "accounting.match_mismatch" (account/party), "accounting.currency_mismatch";
  // amount "positive", "accounting.over_match".
  Result<int64_t> Match(store::Tx& tx, int64_t company_id, int64_t debit_line_id,
                        int64_t credit_line_id, std::optional<int64_t> amount,
                        int64_t user_id) const;
  // Matches the party's open lines on the account oldest first (due date, else date), per
  // currency, until one side is exhausted. The new match ids.
  Result<std::vector<int64_t>> AutoMatch(store::Tx& tx, int64_t company_id, int64_t party_id,
                                         int64_t account_id, int64_t user_id) const;
  // Deletes a match and gives back what it settled (reversing its FX entry first).
  Status Unmatch(store::Tx& tx, int64_t company_id, int64_t match_id, int64_t user_id) const;

  // The API: body {debit_line_id, credit_line_id, amount?: decimal in the lines' currency}.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  Result<nlohmann::json> Auto(store::Tx& tx, const security::Access& who,
                              const nlohmann::json& body) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  Status Delete(store::Tx& tx, const security::Access& who, int64_t id) const;

  // Unrealised revaluation (revaluation.cc), accounting.entry.approve. Body {date}: every open
  // foreign-currency item dated on or before `date` is revalued at the rate of `date` (its
  // open amounts as of that date); the differences go into one entry of kind "revaluation"
  // (control lines keep the item's party and due date; gains to fx_gain, losses to fx_loss),
  // reversed on date + 1 (the reversal matches the control lines, so no residual stays open).
  // Conflict "accounting.revaluation_exists" if that date was already revalued.
  Result<nlohmann::json> Revalue(store::Tx& tx, const security::Access& who,
                                 const nlohmann::json& body) const;

 private:
  const Clock& clock_;
  const Ledger& ledger_;
};

// Open items, ageing and statements (open_items.cc). Residuals "as of" a day count only the
// matches whose both lines are dated on or before it, so past dates are exact too.
struct OpenItemFilter {
  std::optional<int64_t> party_id;
  std::optional<int64_t> account_id;
  std::string kind;           // receivable | payable | "" (every reconcilable account)
  std::optional<Date> as_of;  // default: today in the company's time zone
};

class OpenItems {
 public:
  explicit OpenItems(const Clock& clock) : clock_(clock) {}
  // accounting.match.read.
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who,
                              const OpenItemFilter& f) const;
  // accounting.report.read: per party current / 1-30 / 31-60 / 61-90 / over 90 days past due;
  // amounts positive for what is owed (receivable: to us; payable: by us).
  Result<nlohmann::json> Ageing(store::Tx& tx, const security::Access& who, const std::string& kind,
                                std::optional<Date> as_of) const;
  // accounting.report.read: opening balance, lines with running balance, closing balance and
  // the open items as of `to`, over the party's reconcilable accounts (debit positive).
  Result<nlohmann::json> Statement(store::Tx& tx, const security::Access& who, int64_t party_id,
                                   std::optional<Date> from, std::optional<Date> to) const;

 private:
  Result<Date> Today(store::Tx& tx, int64_t company_id) const;
  const Clock& clock_;
};

namespace internal {
// SQL of the open amount of line `l` as of a day, in the company currency (binds the day
// twice). Lines are journal_lines aliased "l".
std::string ResidualAsOfSql(bool currency);
}  // namespace internal

}  // namespace concord::accounting

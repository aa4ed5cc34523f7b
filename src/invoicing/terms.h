// Payment terms: when an invoice's total falls due, as instalments computed from the invoice
// date. A term has lines, each a percentage of the total (or "balance": what the earlier
// lines leave) due `days` after the invoice date, optionally moved to the end of that month;
// e.g. "30 days" = [{balance, 30}], "50% now 50% 60 days" = [{50%, 0}, {balance, 60}].
// `advance_required` tells the sales area that delivery waits for an advance payment.
// Every company has "immediate" (the default) and "30 days" from its creation on.
//
// Thread-safety: stateless apart from the clock; every method runs in the caller's Tx.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::invoicing {

using VersionCheck = std::function<Status(int64_t current)>;

struct TermLine {
  std::optional<int64_t> percent;  // percent × 10^4 ("50" is 500000); nullopt: the balance
  int32_t days = 0;                // 0..3660 after the invoice date
  bool end_of_month = false;       // then moved to the last day of that month
};

struct Instalment {
  Date due_date;
  int64_t amount = 0;  // minor units
};

// Parses term lines [{percent: "50" | "balance", days, end_of_month?}]: 1 to 12 lines, only the
// last may be "balance"; percentages > 0 summing to exactly 100 without a balance line, to less
// than 100 with one. InvalidArgument with field errors under `field` ("lines/1/percent").
Result<std::vector<TermLine>> ParseTermLines(const nlohmann::json& lines,
                                             const std::string& field = "lines");
nlohmann::json TermLinesJson(const std::vector<TermLine>& lines);

// Splits `total` (minor units, >= 0) over the lines, due dates counted from `date`. The parts
// sum exactly to `total`: line i gets round_half_up(total × p1..i) − round_half_up(total ×
// p1..i-1) (cumulative, so never negative) and the last line takes the remainder. Zero parts
// are left out. Instalments falling due on the same day are kept apart (one per line).
std::vector<Instalment> SplitByTerm(const std::vector<TermLine>& lines, int64_t total, Date date);

struct PaymentTermInfo {
  int64_t id = 0;
  std::string name;
  bool advance_required = false;
  bool active = true;
  std::vector<TermLine> lines;
};

// A term of the company; NotFound("payment term") otherwise.
Result<PaymentTermInfo> PaymentTerm(store::Tx& tx, int64_t company_id, int64_t id);
// The company's default term (seeded: "immediate"); FailedPrecondition if it has none.
Result<int64_t> DefaultPaymentTerm(store::Tx& tx, int64_t company_id);
// Seeds "immediate" (default) and "30 days" unless the company has terms. Part of the company's
// creation (audited there, as the chart's accounts and the catalog's units are): no audit
// row or event of its own.
Status SeedPaymentTerms(store::Tx& tx, int64_t company_id, const std::string& now);

// The API: invoicing.term.read / create / update. Body {name, lines, advance_required?,
// is_default?, active?}; making a term the default clears the flag on the others.
class PaymentTerms {
 public:
  explicit PaymentTerms(const Clock& clock) : clock_(clock) {}
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who, bool inactive) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body) const;
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body, const VersionCheck& check) const;

 private:
  const Clock& clock_;
};

}  // namespace concord::invoicing

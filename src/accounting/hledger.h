// The ledger as an hledger journal (https://hledger.org, checked against hledger 1.25), so that
// anyone can verify concord's books with a tool that shares no code with it:
// `hledger -f FILE check --strict` parses it, and `hledger -f FILE bal --flat -B` gives each
// account's balance, equal to the trial balance's closing figure.
//
// Layout:
//   * a `commodity` directive for the company currency and every foreign currency used;
//   * an `account` directive for every account used, named "CODE name", with its hledger type
//     (`; type: A|C|L|E|R|X`, C for cash and bank) and the Chinese name as a tag;
//   * with `from`: an "Opening balances" transaction dated `from` carrying every account's
//     balance before it (so balances still equal the trial balance at `to`);
//   * every posted entry in [from, to] by date, number and id:
//       2026-03-01 * (SAL/2026/000001) ref | description  ; entry:12
//           1122 Accounts receivable  113.00 CNY  ; party:42
//           6001 Sales  -100.00 CNY
//     debit positive, credit negative, exact in the currency's minor units. A line in a foreign
//     currency is written as its own amount at the total company-currency cost
//     ("100.00 USD @@ 712.34 CNY"), so `-B` (at cost) balances add up in the company currency.
// User text (names, refs, descriptions) is sanitised so that it can never break the journal:
// see HledgerText.
//
// Thread-safety: stateless; runs in the caller's Tx (a read transaction is enough).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"
#include "store/tx.h"

namespace concord::accounting {

// The company's posted ledger in [from, to] (either end open) as an hledger journal.
// NotFound("company") for an unknown company.
Result<std::string> HledgerJournal(store::Tx& tx, int64_t company_id, std::optional<Date> from,
                                   std::optional<Date> to);

// User text made safe as one hledger field on one line: invalid UTF-8 becomes U+FFFD; control
// characters (newlines, tabs, ...) and Unicode line separators become spaces; ';' (starts a
// comment) becomes '；' and '|' (splits payee and note) becomes '¦'; runs of spaces (two end an
// account name) collapse to one; leading and trailing spaces go.
std::string HledgerText(std::string_view text);

// An account name: HledgerText, and ':' (the hierarchy separator) becomes '：', a leading '('
// or '[' (virtual postings) becomes '（' or '［'. Never empty.
std::string HledgerAccountName(std::string_view code, std::string_view name);

}  // namespace concord::accounting

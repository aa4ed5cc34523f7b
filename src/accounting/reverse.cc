// Reversal: the mirror entry of a posted one, and the unwinding of its open-item matches.
#include <map>
#include <utility>

#include "accounting/ledger.h"
#include "accounting/ledger_internal.h"

namespace concord::accounting {
namespace {

// Gives back what the matches of the entry's lines settled, and deletes them.
Status UndoMatches(store::Tx& tx, int64_t entry_id) {
  ASSIGN_OR_RETURN(
      auto matches,
      tx.Rows("SELECT m.id, m.debit_line_id, m.credit_line_id, m.amount, "
              "m.amount_currency, m.fx_entry_id FROM line_matches m WHERE "
              "m.debit_line_id IN (SELECT id FROM journal_lines WHERE entry_id = ?) "
              "OR m.credit_line_id IN (SELECT id FROM journal_lines WHERE entry_id = ?)",
              entry_id, entry_id));
  for (const auto& m : matches) {
    if (!m.IsNull(5)) {
      return FailedPrecondition("accounting.unmatch_fx_first",
                                "A settlement of this entry booked an exchange difference: "
                                "reverse that entry first.");
    }
  }
  for (const auto& m : matches) {
    RETURN_IF_ERROR(tx.Exec("UPDATE journal_lines SET residual = residual + ?, residual_currency "
                            "= residual_currency + ? WHERE id = ?",
                            m.Int(3), m.Int(4), m.Int(1))
                        .status());
    RETURN_IF_ERROR(tx.Exec("UPDATE journal_lines SET residual = residual - ?, residual_currency "
                            "= residual_currency - ? WHERE id = ?",
                            m.Int(3), m.Int(4), m.Int(2))
                        .status());
    RETURN_IF_ERROR(tx.Exec("DELETE FROM line_matches WHERE id = ?", m.Int(0)).status());
  }
  return Status::Ok();
}

// The original's open lines and the reversal's mirror lines settle each other in full.
Status MatchMirrors(store::Tx& tx, int64_t company_id, int64_t original, int64_t reversal,
                    int64_t user_id, const std::string& now) {
  std::string sql =
      "SELECT id, line_no, debit, credit, amount_currency, currency FROM journal_lines WHERE "
      "entry_id = ? AND residual <> 0 ORDER BY line_no";
  ASSIGN_OR_RETURN(auto a, tx.Rows(sql, original));
  ASSIGN_OR_RETURN(auto b, tx.Rows(sql, reversal));
  std::map<int64_t, const store::Record*> mirror;
  for (const auto& r : b) mirror[r.Int(1)] = &r;
  for (const auto& r : a) {
    auto it = mirror.find(r.Int(1));
    if (it == mirror.end()) continue;
    bool debit = r.Int(2) > 0;
    int64_t d = debit ? r.Int(0) : it->second->Int(0);
    int64_t c = debit ? it->second->Int(0) : r.Int(0);
    int64_t amount_currency = r.Int(4) < 0 ? -r.Int(4) : r.Int(4);
    RETURN_IF_ERROR(tx.Exec("INSERT INTO line_matches (company_id, debit_line_id, credit_line_id, "
                            "amount, amount_currency, currency, created_by_user_id, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            company_id, d, c, debit ? r.Int(2) : r.Int(3), amount_currency,
                            r.Text(5), internal::UserValue(user_id), now)
                        .status());
    RETURN_IF_ERROR(tx.Exec("UPDATE journal_lines SET residual = 0, residual_currency = 0 WHERE "
                            "id IN (?, ?)",
                            d, c)
                        .status());
  }
  return Status::Ok();
}

// The entry with debits and credits (and currency amounts and tax bases) swapped.
Result<std::vector<PostingLine>> MirrorLines(store::Tx& tx, int64_t company_id, int64_t entry_id) {
  ASSIGN_OR_RETURN(PostingEntry original, internal::LoadEntry(tx, company_id, entry_id));
  for (auto& l : original.lines) {
    std::swap(l.debit, l.credit);
    l.amount_currency = -l.amount_currency;
    l.tax_base = -l.tax_base;
  }
  return std::move(original.lines);
}

}  // namespace

Result<Posted> Ledger::Reverse(store::Tx& tx, int64_t company_id, int64_t entry_id,
                               std::optional<Date> date, int64_t user_id,
                               const std::string& description) const {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT journal_id, state, reversed_by_id, date, number, ref "
                                    "FROM journal_entries WHERE id = ? AND company_id = ?",
                                    entry_id, company_id));
  if (!row) return NotFound("journal entry");
  if (row->Text(1) != "posted") {
    return FailedPrecondition("accounting.not_posted", "Only a posted entry can be reversed.");
  }
  if (!row->IsNull(2)) {
    return FailedPrecondition("accounting.already_reversed",
                              "This entry has already been reversed.");
  }
  PostingEntry e;
  e.company_id = company_id;
  e.journal_id = row->Int(0);
  ASSIGN_OR_RETURN(e.date, date ? Result<Date>(*date) : Date::Parse(row->Text(3)));
  e.ref = row->Text(5);
  e.description = description.empty() ? "Reversal of " + row->Text(4) : description;
  e.kind = "reversal";
  e.reversal_of_id = entry_id;
  ASSIGN_OR_RETURN(e.lines, MirrorLines(tx, company_id, entry_id));
  RETURN_IF_ERROR(UndoMatches(tx, entry_id));
  ASSIGN_OR_RETURN(Posted posted, Post(tx, e, user_id));
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE journal_entries SET reversed_by_id = ?, version = version + 1, "
                          "updated_at = ? WHERE id = ?",
                          posted.entry_id, now, entry_id)
                      .status());
  RETURN_IF_ERROR(MatchMirrors(tx, company_id, entry_id, posted.entry_id, user_id, now));
  tx.Audit({"journal_entry",
            entry_id,
            "reverse",
            {{"reversed_by_id", {nullptr, posted.entry_id}}},
            company_id});
  tx.Emit({"journal_entry.reversed",
           "journal_entry",
           entry_id,
           {{"id", entry_id}, {"reversed_by_id", posted.entry_id}, {"number", posted.number}},
           company_id});
  return posted;
}

}  // namespace concord::accounting

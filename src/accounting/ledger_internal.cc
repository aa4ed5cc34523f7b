#include "accounting/ledger_internal.h"

#include <map>
#include <utility>

namespace concord::accounting::internal {

Status LineField(size_t i, const std::string& field, const std::string& code,
                 const std::string& message) {
  return InvalidField("lines/" + std::to_string(i) + "/" + field, code, message);
}

Result<PostingEntry> LoadEntry(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto head, tx.One("SELECT journal_id, date, ref, description, source_type, "
                                     "source_id FROM journal_entries WHERE id = ? AND "
                                     "company_id = ?",
                                     id, company_id));
  if (!head) return NotFound("journal entry");
  PostingEntry e;
  e.company_id = company_id;
  e.journal_id = head->Int(0);
  ASSIGN_OR_RETURN(e.date, Date::Parse(head->Text(1)));
  e.ref = head->Text(2);
  e.description = head->Text(3);
  e.source_type = head->Text(4);
  e.source_id = head->OptInt(5);
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT account_id, party_id, department_id, debit, credit, "
                                      "currency, amount_currency, description, due_date, tax_id, "
                                      "tax_base FROM journal_lines WHERE entry_id = ? ORDER BY "
                                      "line_no",
                                      id));
  for (const auto& r : rows) {
    PostingLine l;
    l.account_id = r.Int(0);
    l.party_id = r.OptInt(1);
    l.department_id = r.OptInt(2);
    l.debit = r.Int(3);
    l.credit = r.Int(4);
    l.currency = r.Text(5);
    l.amount_currency = r.Int(6);
    l.description = r.Text(7);
    if (!r.IsNull(8)) {
      ASSIGN_OR_RETURN(Date due, Date::Parse(r.Text(8)));
      l.due_date = due;
    }
    l.tax_id = r.OptInt(9);
    l.tax_base = r.Int(10);
    e.lines.push_back(std::move(l));
  }
  return e;
}

Status AddToDaily(store::Tx& tx, int64_t company_id, Date date,
                  const std::vector<PostingLine>& lines) {
  // One row per key in the statement: PostgreSQL refuses to update a row twice in one upsert.
  std::map<std::pair<int64_t, int64_t>, std::pair<int64_t, int64_t>> sums;
  for (const auto& l : lines) {
    auto& s = sums[{l.account_id, l.department_id.value_or(0)}];
    s.first += l.debit;
    s.second += l.credit;
  }
  std::string sql =
      "INSERT INTO ledger_daily (company_id, account_id, department_id, date, debit, credit) "
      "VALUES ";
  std::vector<store::Value> p;
  std::string day = date.ToString();
  for (const auto& [key, sum] : sums) {
    sql += p.empty() ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)";
    p.insert(p.end(), {company_id, key.first, key.second, day, sum.first, sum.second});
  }
  sql +=
      " ON CONFLICT (company_id, account_id, department_id, date) DO UPDATE SET "
      "debit = ledger_daily.debit + excluded.debit, "
      "credit = ledger_daily.credit + excluded.credit";
  return tx.ExecV(sql, p).status();
}

void RecordPosted(store::Tx& tx, const PostingEntry& e, int64_t id, const std::string& number,
                  int64_t total) {
  nlohmann::json payload = {{"id", id},
                            {"number", number},
                            {"journal_id", e.journal_id},
                            {"date", e.date.ToString()},
                            {"total_minor", total},
                            {"lines", e.lines.size()}};
  if (!e.source_type.empty()) {
    payload["source"] = {{"type", e.source_type},
                         {"id", e.source_id ? nlohmann::json(*e.source_id) : nlohmann::json()}};
  }
  tx.Audit({"journal_entry",
            id,
            "post",
            {{"state", {nullptr, "posted"}}, {"number", {nullptr, number}}},
            e.company_id});
  tx.Emit({"journal_entry.posted", "journal_entry", id, payload, e.company_id});
}

}  // namespace concord::accounting::internal

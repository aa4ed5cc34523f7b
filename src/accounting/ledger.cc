#include "accounting/ledger.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <utility>
#include <tuple>

#include "accounting/ledger_internal.h"
#include "core/currency.h"
#include "party/service.h"
#include "security/company.h"
#include "store/sequence.h"

namespace concord::accounting {

using internal::LineField;

namespace {

struct AccountInfo {
  int64_t company_id = 0;
  std::string code;
  bool is_group = false;
  bool active = false;
  bool reconcilable = false;
  std::string currency;  // "" any
};

Result<std::map<int64_t, AccountInfo>> LoadAccounts(store::Tx& tx,
                                                    const std::vector<PostingLine>& lines) {
  std::set<int64_t> ids;
  for (const auto& l : lines) ids.insert(l.account_id);
  std::string sql =
      "SELECT id, company_id, code, is_group, active, reconcilable, currency FROM accounts "
      "WHERE id IN (";
  std::vector<store::Value> params;
  for (int64_t id : ids) {
    sql += params.empty() ? "?" : ", ?";
    params.emplace_back(id);
  }
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + ")", params));
  std::map<int64_t, AccountInfo> out;
  for (const auto& r : rows) {
    out[r.Int(0)] = {r.Int(1), r.Text(2), r.Int(3) != 0, r.Int(4) != 0, r.Int(5) != 0, r.Text(6)};
  }
  return out;
}

// Amount rules of one line; `company_currency` fills an empty line currency.
Status CheckAmounts(const PostingLine& l, size_t i, const std::string& company_currency) {
  if (l.debit < 0 || l.credit < 0) {
    return LineField(i, "debit", "negative", "Debit and credit are not negative.");
  }
  if ((l.debit == 0) == (l.credit == 0)) {
    return LineField(i, "debit", "one_side", "A line has either a debit or a credit.");
  }
  if (l.currency.empty() || l.currency == company_currency) return Status::Ok();
  if (!Currency::FromCode(l.currency).ok()) {
    return LineField(i, "currency", "currency.unknown", "Not an ISO 4217 currency code.");
  }
  if (l.amount_currency == 0 || (l.amount_currency > 0) != (l.debit > 0)) {
    return LineField(i, "amount_currency", "sign",
                     "A foreign-currency line carries its amount, positive for a debit.");
  }
  return Status::Ok();
}

Status CheckAccount(const PostingLine& l, size_t i, const AccountInfo* a, int64_t company_id,
                    const std::string& currency) {
  if (!a || a->company_id != company_id) {
    return LineField(i, "account_id", "not_found", "No such account.");
  }
  if (a->is_group) {
    return LineField(i, "account_id", "group", "Account " + a->code + " is a group account.");
  }
  if (!a->active) {
    return LineField(i, "account_id", "inactive", "Account " + a->code + " is not active.");
  }
  if (a->reconcilable && !l.party_id) {
    return LineField(i, "party_id", "required",
                     "Account " + a->code + " keeps open items per party: give the party.");
  }
  if (!a->currency.empty() && a->currency != currency) {
    return LineField(i, "currency", "account_currency",
                     "Account " + a->code + " is kept in " + a->currency + ".");
  }
  return Status::Ok();
}

// `checked` remembers the links already found valid in this entry: each party, department and
// tax is looked up once, however many lines carry it.
Status CheckLinks(store::Tx& tx, const PostingLine& l, size_t i, int64_t company_id,
                  std::set<std::pair<char, int64_t>>& checked) {
  if (l.party_id && !checked.count({'p', *l.party_id})) {
    auto owner = party::PartyOwnership(tx, *l.party_id);
    if (!owner.ok() || owner->company_id != company_id) {
      return LineField(i, "party_id", "not_found", "No such party.");
    }
    checked.insert({'p', *l.party_id});
  }
  if (l.department_id && !checked.count({'d', *l.department_id})) {
    ASSIGN_OR_RETURN(bool ok, security::DepartmentInCompany(tx, company_id, *l.department_id));
    if (!ok) return LineField(i, "department_id", "not_found", "No such department.");
    checked.insert({'d', *l.department_id});
  }
  if (l.tax_id && !checked.count({'t', *l.tax_id})) {
    ASSIGN_OR_RETURN(auto tax, tx.One("SELECT 1 FROM taxes WHERE id = ? AND company_id = ?",
                                      *l.tax_id, company_id));
    if (!tax) return LineField(i, "tax_id", "not_found", "No such tax.");
    checked.insert({'t', *l.tax_id});
  }
  return Status::Ok();
}

Status CheckBalance(const PostingEntry& e) {
  int64_t debit = 0;
  int64_t credit = 0;
  for (const auto& l : e.lines) {
    if (__builtin_add_overflow(debit, l.debit, &debit) ||
        __builtin_add_overflow(credit, l.credit, &credit)) {
      return InvalidField("lines", "overflow", "The amounts are too large.");
    }
  }
  if (debit != credit) {
    Status st = InvalidField("lines", "unbalanced",
                             fmt::format("Debits ({}) and credits ({}) differ by {} minor units.",
                                         debit, credit, debit - credit));
    return st;
  }
  return Status::Ok();
}

struct JournalInfo {
  std::string code;
};

Result<JournalInfo> CheckJournal(store::Tx& tx, const PostingEntry& e) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT code, active FROM journals WHERE id = ? AND "
                                    "company_id = ?",
                                    e.journal_id, e.company_id));
  if (!row) return InvalidField("journal_id", "not_found", "No such journal.");
  if (row->Int(1) == 0) return InvalidField("journal_id", "inactive", "The journal is closed.");
  return JournalInfo{row->Text(0)};
}

int64_t Signed(const PostingLine& l, const std::string& company_currency) {
  bool foreign = !l.currency.empty() && l.currency != company_currency;
  return foreign ? l.amount_currency : l.debit - l.credit;
}

Status InsertLines(store::Tx& tx, const PostingEntry& e, int64_t entry_id,
                   const std::string& company_currency, const std::set<int64_t>& reconcilable,
                   bool posted) {
  std::string sql =
      "INSERT INTO journal_lines (company_id, entry_id, line_no, posted, date, account_id, "
      "party_id, department_id, debit, credit, currency, amount_currency, description, due_date, "
      "tax_id, tax_base, residual, residual_currency) VALUES ";
  std::vector<store::Value> p;
  std::string date = e.date.ToString();
  for (size_t i = 0; i < e.lines.size(); ++i) {
    const auto& l = e.lines[i];
    sql += i ? ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
             : "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    int64_t amount_currency = Signed(l, company_currency);
    bool open = posted && reconcilable.count(l.account_id) > 0;
    p.insert(
        p.end(),
        {e.company_id, entry_id, static_cast<int64_t>(i + 1), static_cast<int64_t>(posted ? 1 : 0),
         date, l.account_id, internal::OptValue(l.party_id), internal::OptValue(l.department_id),
         l.debit, l.credit, l.currency.empty() ? company_currency : l.currency, amount_currency,
         l.description, l.due_date ? store::Value(l.due_date->ToString()) : store::Value(nullptr),
         internal::OptValue(l.tax_id), l.tax_base, open ? l.debit - l.credit : 0,
         open ? amount_currency : 0});
  }
  return tx.ExecV(sql, p).status();
}

// What validation learnt and posting needs.
struct Checked {
  std::string journal_code;
  std::string currency;  // the company's
  std::set<int64_t> reconcilable;
};

Result<Checked> Check(store::Tx& tx, const PostingEntry& e) {
  if (e.lines.size() < 2) {
    return InvalidField("lines", "too_few", "An entry has at least two lines.");
  }
  if (e.lines.size() > internal::kMaxLines) {
    return InvalidField("lines", "too_many", "An entry has at most 1000 lines.");
  }
  Checked out;
  ASSIGN_OR_RETURN(auto journal, CheckJournal(tx, e));
  out.journal_code = journal.code;
  ASSIGN_OR_RETURN(out.currency, security::CompanyCurrency(tx, e.company_id));
  ASSIGN_OR_RETURN(auto accounts, LoadAccounts(tx, e.lines));
  std::set<std::pair<char, int64_t>> checked;
  for (size_t i = 0; i < e.lines.size(); ++i) {
    const auto& l = e.lines[i];
    RETURN_IF_ERROR(CheckAmounts(l, i, out.currency));
    auto it = accounts.find(l.account_id);
    const AccountInfo* a = it == accounts.end() ? nullptr : &it->second;
    RETURN_IF_ERROR(
        CheckAccount(l, i, a, e.company_id, l.currency.empty() ? out.currency : l.currency));
    RETURN_IF_ERROR(CheckLinks(tx, l, i, e.company_id, checked));
    if (a->reconcilable) out.reconcilable.insert(l.account_id);
  }
  RETURN_IF_ERROR(CheckBalance(e));
  return out;
}

// Gap-free per journal and year: "SAL/2026/000042".
Result<std::string> NextEntryNumber(store::Tx& tx, const PostingEntry& e, const Checked& checked) {
  std::string year = std::to_string(e.date.year());
  return store::NextNumber(tx, e.company_id, "journal." + checked.journal_code + "." + year,
                           checked.journal_code + "/" + year + "/");
}

}  // namespace

Status Ledger::Validate(store::Tx& tx, const PostingEntry& e, bool check_period) const {
  RETURN_IF_ERROR(Check(tx, e).status());
  if (check_period) RETURN_IF_ERROR(OpenPeriod(tx, e.company_id, e.date).status());
  return Status::Ok();
}

Result<int64_t> Ledger::OpenPeriod(store::Tx& tx, int64_t company_id, Date date) const {
  std::string d = date.ToString();
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id, state, name FROM fiscal_periods WHERE "
                                    "company_id = ? AND start_date <= ? AND end_date >= ?",
                                    company_id, d, d));
  if (!row) {
    return InvalidField("date", "accounting.no_period",
                        "No fiscal period contains " + d + ": create the fiscal year first.");
  }
  if (row->Text(1) != "open") {
    return InvalidField("date", "accounting.period_closed",
                        "Period " + row->Text(2) + " is closed; post into an open period.");
  }
  return row->Int(0);
}

Result<Posted> Ledger::Post(store::Tx& tx, const PostingEntry& e, int64_t user_id) const {
  ASSIGN_OR_RETURN(Checked checked, Check(tx, e));
  ASSIGN_OR_RETURN(int64_t period_id, OpenPeriod(tx, e.company_id, e.date));
  std::string year = std::to_string(e.date.year());
  ASSIGN_OR_RETURN(
      std::string number,
      store::NextNumber(tx, e.company_id, "journal." + checked.journal_code + "." + year,
                        checked.journal_code + "/" + year + "/"));
  int64_t total = 0;
  for (const auto& l : e.lines) total += l.debit;
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO journal_entries (company_id, journal_id, number, date, period_id, "
                "state, kind, ref, description, source_type, source_id, reversal_of_id, total, "
                "created_by_user_id, posted_by_user_id, posted_at, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, 'posted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                e.company_id, e.journal_id, number, e.date.ToString(), period_id,
                e.kind.empty() ? std::string("normal") : e.kind, e.ref, e.description,
                internal::OptText(e.source_type), internal::OptValue(e.source_id),
                internal::OptValue(e.reversal_of_id), total, internal::UserValue(user_id),
                internal::UserValue(user_id), now, now, now));
  RETURN_IF_ERROR(InsertLines(tx, e, id, checked.currency, checked.reconcilable, true));
  RETURN_IF_ERROR(internal::AddToDaily(tx, e.company_id, e.date, e.lines));
  internal::RecordPosted(tx, e, id, number, total);
  return Posted{id, number};
}

Result<int64_t> Ledger::SaveDraft(store::Tx& tx, const PostingEntry& e, int64_t user_id) const {
  ASSIGN_OR_RETURN(Checked checked, Check(tx, e));
  int64_t total = 0;
  for (const auto& l : e.lines) total += l.debit;
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO journal_entries (company_id, journal_id, date, state, ref, "
                "description, total, created_by_user_id, created_at, updated_at) VALUES (?, ?, "
                "?, 'draft', ?, ?, ?, ?, ?, ?) RETURNING id",
                e.company_id, e.journal_id, e.date.ToString(), e.ref, e.description, total,
                internal::UserValue(user_id), now, now));
  RETURN_IF_ERROR(InsertLines(tx, e, id, checked.currency, checked.reconcilable, false));
  return id;
}

Result<Posted> Ledger::PostDraft(store::Tx& tx, int64_t company_id, int64_t entry_id,
                                 int64_t user_id) const {
  ASSIGN_OR_RETURN(PostingEntry e, internal::LoadEntry(tx, company_id, entry_id));
  ASSIGN_OR_RETURN(auto state, tx.One("SELECT state FROM journal_entries WHERE id = ?", entry_id));
  if (state->Text(0) != "draft") {
    return FailedPrecondition("accounting.not_draft", "Only a draft entry can be posted.");
  }
  ASSIGN_OR_RETURN(Checked checked, Check(tx, e));
  ASSIGN_OR_RETURN(int64_t period_id, OpenPeriod(tx, company_id, e.date));
  ASSIGN_OR_RETURN(std::string number, NextEntryNumber(tx, e, checked));
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE journal_entries SET state = 'posted', number = ?, period_id = "
                          "?, posted_by_user_id = ?, posted_at = ?, version = version + 1, "
                          "updated_at = ? WHERE id = ?",
                          number, period_id, internal::UserValue(user_id), now, now, entry_id)
                      .status());
  RETURN_IF_ERROR(
      tx.Exec("UPDATE journal_lines SET posted = 1 WHERE entry_id = ?", entry_id).status());
  for (int64_t account : checked.reconcilable) {
    RETURN_IF_ERROR(tx.Exec("UPDATE journal_lines SET residual = debit - credit, "
                            "residual_currency = amount_currency WHERE entry_id = ? AND "
                            "account_id = ?",
                            entry_id, account)
                        .status());
  }
  RETURN_IF_ERROR(internal::AddToDaily(tx, company_id, e.date, e.lines));
  int64_t total = 0;
  for (const auto& l : e.lines) total += l.debit;
  internal::RecordPosted(tx, e, entry_id, number, total);
  return Posted{entry_id, number};
}

Result<int64_t> AccountByRole(store::Tx& tx, int64_t company_id, const std::string& role) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM accounts WHERE company_id = ? AND role = ? "
                                    "AND is_group = 0 AND active = 1 ORDER BY code LIMIT 1",
                                    company_id, role));
  if (!row) {
    return FailedPrecondition("accounting.no_account",
                              "The chart of accounts has no active " + role + " account.");
  }
  return row->Int(0);
}

Result<int64_t> JournalByKind(store::Tx& tx, int64_t company_id, const std::string& kind) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM journals WHERE company_id = ? AND kind = ? "
                                    "AND active = 1 ORDER BY code LIMIT 1",
                                    company_id, kind));
  if (!row) {
    return FailedPrecondition("accounting.no_journal", "There is no active " + kind + " journal.");
  }
  return row->Int(0);
}

}  // namespace concord::accounting

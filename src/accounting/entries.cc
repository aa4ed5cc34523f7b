#include "accounting/entries.h"

#include "accounting/currency_rates.h"
#include "core/json_input.h"
#include "core/money.h"
#include "security/company.h"
#include "store/row_json.h"

namespace concord::accounting {
namespace {

using nlohmann::json;

constexpr const char* kEntryColumns =
    "e.id, e.company_id, e.journal_id, j.code AS journal_code, e.number, e.date, e.period_id, "
    "e.state, e.kind, e.ref, e.description, e.source_type, e.source_id, e.reversal_of_id, "
    "e.reversed_by_id, e.total, e.created_by_user_id, e.posted_by_user_id, e.posted_at, "
    "e.version, e.created_at, e.updated_at";

// A decimal amount field of a line in `currency` (minor units), or nullopt when absent.
std::optional<int64_t> Amount(Fields& f, const std::string& name, const std::string& currency) {
  auto text = f.Text(name, {.max_chars = 30});
  if (!text) return std::nullopt;
  auto m = Money::Parse(*text, currency);
  if (!m.ok()) {
    f.Error(name, m.status().message_id(), name + " is a decimal amount in " + currency + ".");
    return std::nullopt;
  }
  return m->minor();
}

PostingLine ReadLine(Fields& g, const std::string& company_currency) {
  PostingLine l;
  l.account_id = g.Int("account_id", true).value_or(0);
  l.party_id = g.Int("party_id");
  l.department_id = g.Int("department_id");
  l.debit = Amount(g, "debit", company_currency).value_or(0);
  l.credit = Amount(g, "credit", company_currency).value_or(0);
  l.currency = g.Text("currency", {.max_chars = 3}).value_or("");
  if (!l.currency.empty() && l.currency != company_currency) {
    if (Currency::FromCode(l.currency).ok()) {
      l.amount_currency = Amount(g, "amount_currency", l.currency).value_or(0);
    } else {
      g.Error("currency", "currency.unknown", "Not an ISO 4217 currency code.");
    }
  } else {
    g.Ignore("amount_currency");
  }
  l.description = g.Text("description", {.max_chars = 500, .allow_empty = true}).value_or("");
  l.due_date = g.Day("due_date");
  l.tax_id = g.Int("tax_id");
  l.tax_base = Amount(g, "tax_base", company_currency).value_or(0);
  return l;
}

// A foreign-currency line given only in its currency is converted at the rate of the entry's
// date: a positive amount becomes the debit, a negative one the credit.
Status ConvertForeignLines(store::Tx& tx, PostingEntry& e, const std::string& company_currency) {
  for (size_t i = 0; i < e.lines.size(); ++i) {
    auto& l = e.lines[i];
    bool foreign = !l.currency.empty() && l.currency != company_currency;
    if (!foreign || l.debit != 0 || l.credit != 0 || l.amount_currency == 0) continue;
    auto converted = ConvertOn(tx, e.company_id, l.amount_currency, l.currency, e.date);
    if (!converted.ok()) {
      return InvalidField("lines/" + std::to_string(i) + "/currency",
                          converted.status().message_id(), converted.status().message());
    }
    (*converted > 0 ? l.debit : l.credit) = *converted > 0 ? *converted : -*converted;
  }
  return Status::Ok();
}

Result<PostingEntry> ReadEntry(store::Tx& tx, const security::Access& who, const json& body,
                               bool* post) {
  ASSIGN_OR_RETURN(std::string currency, security::CompanyCurrency(tx, who.company_id()));
  Fields f(body);
  PostingEntry e;
  e.company_id = who.company_id();
  e.journal_id = f.Int("journal_id", true).value_or(0);
  e.date = f.Day("date", true).value_or(Date());
  e.ref = f.Text("ref", {.max_chars = 100, .allow_empty = true}).value_or("");
  e.description = f.Text("description", {.max_chars = 500, .allow_empty = true}).value_or("");
  *post = f.Bool("post").value_or(false);
  const json* lines = f.Raw("lines");
  if (!lines || !lines->is_array() || lines->size() < 2 || lines->size() > 1000) {
    f.Error("lines", "type", "lines is a list of 2 to 1000 lines.");
  } else {
    for (size_t i = 0; i < lines->size(); ++i) {
      std::string at = "lines/" + std::to_string(i) + "/";
      if (!(*lines)[i].is_object()) {
        f.Error(at, "type", "A line is an object.");
        continue;
      }
      Fields g((*lines)[i]);
      e.lines.push_back(ReadLine(g, currency));
      Status st = g.Finish();
      for (const auto& err : st.field_errors()) f.Error(at + err.field, err.code, err.message);
    }
  }
  RETURN_IF_ERROR(f.Finish());
  RETURN_IF_ERROR(ConvertForeignLines(tx, e, currency));
  return e;
}

Result<json> EntryJson(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kEntryColumns +
                                        " FROM journal_entries e JOIN journals j ON j.id = "
                                        "e.journal_id WHERE e.id = ? AND e.company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("journal entry");
  ASSIGN_OR_RETURN(std::string currency, security::CompanyCurrency(tx, company_id));
  json out = store::RowJson(*row);
  out["total"] = Money::FromMinor(row->Int("total"), *Currency::FromCode(currency)).ToString();
  out["currency"] = currency;
  ASSIGN_OR_RETURN(auto lines, tx.Rows("SELECT l.id, l.line_no, l.account_id, a.code AS "
                                       "account_code, a.name AS account_name, l.party_id, "
                                       "l.department_id, l.debit, l.credit, l.currency, "
                                       "l.amount_currency, l.description, l.due_date, l.tax_id, "
                                       "l.residual FROM journal_lines l JOIN accounts a ON a.id "
                                       "= l.account_id WHERE l.entry_id = ? ORDER BY l.line_no",
                                       id));
  out["lines"] = json::array();
  Currency own = *Currency::FromCode(currency);
  for (const auto& l : lines) {
    json j = store::RowJson(l);
    auto parsed = Currency::FromCode(l.Text("currency"));
    Currency line_currency = parsed.ok() ? *parsed : own;
    j["debit"] = Money::FromMinor(l.Int("debit"), own).ToString();
    j["credit"] = Money::FromMinor(l.Int("credit"), own).ToString();
    j["amount_currency"] = Money::FromMinor(l.Int("amount_currency"), line_currency).ToString();
    j["residual"] = Money::FromMinor(l.Int("residual"), own).ToString();
    out["lines"].push_back(std::move(j));
  }
  return out;
}

Result<std::pair<std::string, int64_t>> StateOf(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT state, version FROM journal_entries WHERE id = ? AND "
                                    "company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("journal entry");
  return std::make_pair(row->Text(0), row->Int(1));
}

}  // namespace

Result<json> Entries::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  RETURN_IF_ERROR(who.Require("accounting.entry.create"));
  bool post = false;
  ASSIGN_OR_RETURN(PostingEntry e, ReadEntry(tx, who, body, &post));
  if (post) RETURN_IF_ERROR(who.Require("accounting.entry.approve"));
  int64_t id = 0;
  if (post) {
    ASSIGN_OR_RETURN(Posted posted, ledger_.Post(tx, e, who.user_id()));
    id = posted.entry_id;
  } else {
    ASSIGN_OR_RETURN(id, ledger_.SaveDraft(tx, e, who.user_id()));
    tx.Audit({"journal_entry", id, "create", {{"state", {nullptr, "draft"}}}});
    tx.Emit({"journal_entry.drafted", "journal_entry", id, {{"id", id}}});
  }
  return EntryJson(tx, who.company_id(), id);
}

Result<json> Entries::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("accounting.entry.read"));
  return EntryJson(tx, who.company_id(), id);
}

Result<json> Entries::List(store::Tx& tx, const security::Access& who, const EntryFilter& f,
                           int64_t limit, int64_t after) const {
  RETURN_IF_ERROR(who.Require("accounting.entry.read"));
  std::string sql = std::string("SELECT ") + kEntryColumns +
                    " FROM journal_entries e JOIN journals j ON j.id = e.journal_id WHERE "
                    "e.company_id = ? AND e.id > ?";
  std::vector<store::Value> p = {who.company_id(), after};
  auto add = [&](const std::string& cond, store::Value v) {
    sql += " AND " + cond;
    p.push_back(std::move(v));
  };
  if (f.journal_id) add("e.journal_id = ?", *f.journal_id);
  if (!f.state.empty()) add("e.state = ?", f.state);
  if (f.from) add("e.date >= ?", f.from->ToString());
  if (f.to) add("e.date <= ?", f.to->ToString());
  if (f.party_id) {
    add("EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = e.id AND l.party_id = ?)",
        *f.party_id);
  }
  if (f.account_id) {
    add("EXISTS (SELECT 1 FROM journal_lines l WHERE l.entry_id = e.id AND l.account_id = ?)",
        *f.account_id);
  }
  p.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " ORDER BY e.id LIMIT ?", p));
  json items = json::array();
  ASSIGN_OR_RETURN(std::string code, security::CompanyCurrency(tx, who.company_id()));
  Currency currency = *Currency::FromCode(code);
  for (const auto& r : rows) {
    json j = store::RowJson(r);
    j["total"] = Money::FromMinor(r.Int("total"), currency).ToString();  // as in Get
    j["currency"] = code;
    items.push_back(std::move(j));
  }
  return items;
}

Result<json> Entries::Post(store::Tx& tx, const security::Access& who, int64_t id,
                           const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("accounting.entry.approve"));
  ASSIGN_OR_RETURN(auto state, StateOf(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(state.second));
  RETURN_IF_ERROR(ledger_.PostDraft(tx, who.company_id(), id, who.user_id()).status());
  return EntryJson(tx, who.company_id(), id);
}

Result<json> Entries::Reverse(store::Tx& tx, const security::Access& who, int64_t id,
                              const json& body) const {
  RETURN_IF_ERROR(who.Require("accounting.entry.approve"));
  Fields f(body);
  auto date = f.Day("date");
  auto description = f.Text("description", {.max_chars = 500});
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(Posted posted, ledger_.Reverse(tx, who.company_id(), id, date, who.user_id(),
                                                  description.value_or("")));
  return EntryJson(tx, who.company_id(), posted.entry_id);
}

Status Entries::DeleteDraft(store::Tx& tx, const security::Access& who, int64_t id,
                            const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("accounting.entry.create"));
  ASSIGN_OR_RETURN(auto state, StateOf(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(state.second));
  if (state.first != "draft") {
    return FailedPrecondition("accounting.posted_immutable",
                              "A posted entry is never deleted: reverse it.");
  }
  RETURN_IF_ERROR(tx.Exec("DELETE FROM journal_lines WHERE entry_id = ?", id).status());
  RETURN_IF_ERROR(tx.Exec("DELETE FROM journal_entries WHERE id = ?", id).status());
  tx.Audit({"journal_entry", id, "delete", {{"state", {"draft", nullptr}}}});
  tx.Emit({"journal_entry.deleted", "journal_entry", id, {{"id", id}}});
  return Status::Ok();
}

}  // namespace concord::accounting

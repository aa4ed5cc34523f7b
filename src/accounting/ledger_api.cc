// Routes of accounts, journals, fiscal years and periods, and journal entries: parse, call the
// service.
#include <memory>

#include "accounting/accounting.h"
#include "accounting/accounts.h"
#include "security/api.h"

namespace concord::accounting {
namespace {

using http::Ctx;
using http::Response;
using http::RouteDoc;
using nlohmann::json;
using security::ListOf;
using security::OptionalVersion;
using security::Ref;
using security::RequiredVersion;
using security::Versioned;

struct LedgerApi {
  Accounts accounts;
  const Fiscal& fiscal;
  const Entries& entries;
};

Result<json> BodyOrEmpty(Ctx& c) {
  if (c.req().body.empty()) return json::object();
  return c.Body();
}

Result<Response> ListAccounts(LedgerApi& a, Ctx& c) {
  AccountFilter f;
  f.q = c.req().Query("q").value_or("");
  f.type = c.req().Query("type").value_or("");
  f.role = c.req().Query("role").value_or("");
  f.groups = c.req().Query("postable").value_or("") != "true";
  f.inactive = c.req().Query("inactive").value_or("") == "true";
  if (f.q.size() > 100) return InvalidField("q", "too_long", "q is at most 100 characters.");
  ASSIGN_OR_RETURN(auto out, a.accounts.List(c.tx(), c.access(), f));
  return Response::Json(200, out);
}

Result<Response> GetAccount(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.accounts.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateAccount(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.accounts.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> UpdateAccount(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   a.accounts.Update(c.tx(), c.access(), id, body, RequiredVersion(c, &body)));
  return Versioned(200, out);
}

Result<Response> ListJournals(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, a.accounts.ListJournals(c.tx(), c.access()));
  return Response::Json(200, out);
}

Result<Response> CreateJournal(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.accounts.CreateJournal(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> ListYears(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, a.fiscal.ListYears(c.tx(), c.access()));
  return Response::Json(200, out);
}

Result<Response> GetYear(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.fiscal.GetYear(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateYear(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.fiscal.CreateYear(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> CloseYear(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, BodyOrEmpty(c));
  ASSIGN_OR_RETURN(auto out,
                   a.fiscal.CloseYear(c.tx(), c.access(), id, body, OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> ClosePeriod(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(
      auto out, a.fiscal.SetPeriodState(c.tx(), c.access(), id, true, OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> ReopenPeriod(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.fiscal.SetPeriodState(c.tx(), c.access(), id, false,
                                                     OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> ListEntries(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  EntryFilter f;
  ASSIGN_OR_RETURN(f.journal_id, c.QueryId("journal_id"));
  ASSIGN_OR_RETURN(f.party_id, c.QueryId("party_id"));
  ASSIGN_OR_RETURN(f.account_id, c.QueryId("account_id"));
  ASSIGN_OR_RETURN(f.from, c.QueryDate("from"));
  ASSIGN_OR_RETURN(f.to, c.QueryDate("to"));
  f.state = c.req().Query("state").value_or("");
  if (!f.state.empty() && f.state != "draft" && f.state != "posted") {
    return InvalidField("state", "enum", "state is draft or posted.");
  }
  ASSIGN_OR_RETURN(auto items, a.entries.List(c.tx(), c.access(), f, page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}

Result<Response> GetEntry(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.entries.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}

Result<Response> CreateEntry(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, a.entries.Create(c.tx(), c.access(), body));
  return Versioned(201, out);
}

Result<Response> PostEntry(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, a.entries.Post(c.tx(), c.access(), id, OptionalVersion(c, nullptr)));
  return Versioned(200, out);
}

Result<Response> ReverseEntry(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, BodyOrEmpty(c));
  ASSIGN_OR_RETURN(auto out, a.entries.Reverse(c.tx(), c.access(), id, body));
  return Versioned(201, out);
}

Result<Response> DeleteEntry(LedgerApi& a, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  RETURN_IF_ERROR(a.entries.DeleteDraft(c.tx(), c.access(), id, RequiredVersion(c, nullptr)));
  return Response::NoContent();
}

}  // namespace

void RegisterAccountingRoutes(http::Api& api, Services& s) {
  auto a = std::make_shared<LedgerApi>(LedgerApi{Accounts(s.clock), s.fiscal, s.entries});
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 Result<Response> (*fn)(LedgerApi&, Ctx&)) {
    api.Add({std::move(method), std::move(path), http::AuthKind::kPermission, std::move(perm),
             http::TxKind::kDefault, std::move(doc), [a, fn](Ctx& c) { return fn(*a, c); }});
  };
  const std::string acc = "/api/v1/accounts";
  add("GET", acc, "accounting.account.read",
      {"The chart of accounts by code",
       "accounting",
       nullptr,
       ListOf("Account"),
       200,
       {{"q", "string", "Code prefix or part of a name"},
        {"type", "string", "asset | liability | equity | income | expense"},
        {"role", "string", "e.g. receivable"},
        {"postable", "boolean", "true: no group accounts"},
        {"inactive", "boolean", "true: inactive accounts too"}}},
      ListAccounts);
  add("POST", acc, "accounting.account.create",
      {"Create an account", "accounting", Ref("AccountInput"), Ref("Account"), 201}, CreateAccount);
  add("GET", acc + "/{id}", "accounting.account.read",
      {"Read an account", "accounting", nullptr, Ref("Account")}, GetAccount);
  add("PATCH", acc + "/{id}", "accounting.account.update",
      {"Update an account (If-Match required)", "accounting", Ref("AccountInput"), Ref("Account")},
      UpdateAccount);
  add("GET", "/api/v1/journals", "accounting.journal.read",
      {"The journals", "accounting", nullptr, ListOf("Journal")}, ListJournals);
  add("POST", "/api/v1/journals", "accounting.journal.create",
      {"Create a journal", "accounting", Ref("JournalInput"), Ref("Journal"), 201}, CreateJournal);
  const std::string years = "/api/v1/fiscal-years";
  add("GET", years, "accounting.period.read",
      {"The fiscal years", "accounting", nullptr, ListOf("FiscalYear")}, ListYears);
  add("POST", years, "accounting.period.create",
      {"Create a fiscal year with monthly or quarterly periods", "accounting",
       Ref("FiscalYearInput"), Ref("FiscalYear"), 201},
      CreateYear);
  add("GET", years + "/{id}", "accounting.period.read",
      {"A fiscal year with its periods", "accounting", nullptr, Ref("FiscalYear")}, GetYear);
  add("POST", years + "/{id}/close", "accounting.period.close",
      {"Year-end closing: income and expense into retained earnings, every period closed",
       "accounting", Ref("FiscalYearClose"), Ref("FiscalYear")},
      CloseYear);
  add("POST", "/api/v1/fiscal-periods/{id}/close", "accounting.period.close",
      {"Close a period: nothing more is posted into it", "accounting", nullptr,
       Ref("FiscalPeriod")},
      ClosePeriod);
  add("POST", "/api/v1/fiscal-periods/{id}/reopen", "accounting.period.close",
      {"Reopen a period of an open year", "accounting", nullptr, Ref("FiscalPeriod")},
      ReopenPeriod);
  const std::string entries = "/api/v1/journal-entries";
  add("GET", entries, "accounting.entry.read",
      {"Journal entries, drafts and posted",
       "accounting",
       nullptr,
       ListOf("JournalEntry"),
       200,
       {{"limit", "integer", "Page size, 1..500 (default 50)"},
        {"cursor", "string", "next_cursor of the previous page"},
        {"journal_id", "integer", "Only this journal's"},
        {"party_id", "integer", "Only entries with a line of this party"},
        {"account_id", "integer", "Only entries with a line on this account"},
        {"state", "string", "draft | posted"},
        {"from", "string", "First day (YYYY-MM-DD)"},
        {"to", "string", "Last day (YYYY-MM-DD)"}}},
      ListEntries);
  add("POST", entries, "accounting.entry.create",
      {"Create a manual entry: a draft, or posted at once with \"post\": true (needs "
       "accounting.entry.approve)",
       "accounting", Ref("JournalEntryInput"), Ref("JournalEntry"), 201},
      CreateEntry);
  add("GET", entries + "/{id}", "accounting.entry.read",
      {"A journal entry with its lines", "accounting", nullptr, Ref("JournalEntry")}, GetEntry);
  add("DELETE", entries + "/{id}", "accounting.entry.create",
      {"Delete a draft (If-Match required); posted entries are reversed, never deleted",
       "accounting", nullptr, nullptr, 204},
      DeleteEntry);
  add("POST", entries + "/{id}/post", "accounting.entry.approve",
      {"Approve and post a draft", "accounting", nullptr, Ref("JournalEntry")}, PostEntry);
  add("POST", entries + "/{id}/reverse", "accounting.entry.approve",
      {"Post the reversal of a posted entry; answers the reversal", "accounting",
       Ref("JournalEntryReverse"), Ref("JournalEntry"), 201},
      ReverseEntry);
}

}  // namespace concord::accounting

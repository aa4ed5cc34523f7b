#include "crm/opportunity_service.h"

#include "core/money.h"
#include "party/ownership.h"
#include "store/row_json.h"
#include "store/sequence.h"

namespace concord::crm {
namespace {

using nlohmann::json;

constexpr const char* kSelect =
    "SELECT t.id, t.company_id, t.number, t.name, t.party_id, t.contact_id, t.lead_id, "
    "t.campaign_id, t.stage_id, s.name AS stage_name, s.outcome AS stage_outcome, t.status, "
    "t.amount, t.currency, t.probability, t.expected_close, t.competitors, t.lost_reason, "
    "t.owner_user_id, t.department_id, t.closed_at, t.version, t.created_at, t.updated_at "
    "FROM opportunities t JOIN opportunity_stages s ON s.id = t.stage_id ";

constexpr const char* kStageSelect =
    "SELECT id, company_id, name, sequence, probability, outcome, active, version, created_at "
    "FROM opportunity_stages ";

// amount × probability / 100, rounded half-up once to the currency's minor unit.
std::string Weighted(const std::string& amount, const std::string& currency, int64_t prob) {
  auto m = Money::Parse(amount, currency);
  if (!m.ok()) return "0";
  auto w = MultiplyRounded(*m, prob, 2, RoundingMode::kHalfUp);
  return w.ok() ? w->ToString() : "0";
}

json OpportunityJson(const store::Record& r) {
  json j = TypedRow(r, {"id", "party_id", "contact_id", "lead_id", "campaign_id", "stage_id",
                        "probability", "owner_user_id", "department_id", "version"});
  j.erase("company_id");
  j["weighted_amount"] = Weighted(r.Text("amount"), r.Text("currency"), r.Int("probability"));
  return j;
}

json StageJson(const store::Record& r) {
  json j = TypedRow(r, {"id", "sequence", "probability", "version"});
  j.erase("company_id");
  j["active"] = r.Int("active") != 0;
  return j;
}

// The ownership of a row loaded within the caller's company.
security::Ownership OwnershipOf(const security::Access& who, const json& j) {
  auto opt = [&](const char* k) {
    return j[k].is_null() ? std::nullopt : std::optional<int64_t>(j[k].get<int64_t>());
  };
  return {who.company_id(), opt("owner_user_id"), opt("department_id")};
}

// The stage `id` of the company, for a link: not found / inactive are field errors.
Result<std::optional<store::Record>> LinkStage(store::Tx& tx, Fields& f, int64_t company,
                                               int64_t id, bool open_only) {
  ASSIGN_OR_RETURN(
      auto st, tx.One(std::string(kStageSelect) + "WHERE id = ? AND company_id = ?", id, company));
  if (!st) {
    f.Error("stage_id", "not_found", "No such pipeline stage.");
  } else if (st->Int("active") == 0) {
    f.Error("stage_id", "inactive", "The stage is no longer active.");
  } else if (open_only && st->Text("outcome") != "open") {
    f.Error("stage_id", "not_open", "A new opportunity starts in an open stage.");
  } else {
    return st;
  }
  return std::optional<store::Record>();
}

std::optional<std::string> CheckDate(Fields& f, const std::string& field,
                                     const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  auto d = Date::Parse(*text);
  if (!d.ok()) {
    f.Error(field, d.status().message_id(), d.status().message());
    return std::nullopt;
  }
  return d->ToString();
}

// The working copy of an opportunity's editable fields, filled from the body over defaults.
struct Draft {
  std::string name;
  int64_t party_id = 0;
  std::optional<int64_t> contact_id, campaign_id;
  std::string amount = "0", currency;
  int64_t probability = 0;
  std::optional<std::string> expected_close;
  std::string competitors;
  party::Owner owner;
};

// Reads the body into `d` (absent fields keep their value; null clears the optional ones) and
// validates every reference. `create` makes name and party_id required.
Status ReadDraft(store::Tx& tx, const security::Access& who, const party::Parties& parties,
                 Fields& f, Draft& d, bool create) {
  if (auto v = f.Text("name", {.required = create, .max_chars = 200})) d.name = *v;
  if (auto v = f.Int("party_id", create)) d.party_id = *v;
  if (f.Has("contact_id")) d.contact_id = f.Int("contact_id");
  if (f.Has("campaign_id")) d.campaign_id = f.Int("campaign_id");
  auto amount = f.Text("amount", {.max_chars = 40});
  auto currency = f.Text("currency", {.max_chars = 3, .min_chars = 3});
  if (auto p = f.Int("probability", false, 0, 100)) d.probability = *p;
  if (f.Has("expected_close"))
    d.expected_close = CheckDate(f, "expected_close", f.Text("expected_close", {.max_chars = 10}));
  if (auto v = f.Text("competitors", {.max_chars = 2000, .allow_empty = true})) d.competitors = *v;
  if (currency) d.currency = *currency;
  if (amount || currency) {
    if (auto a = CheckAmount(f, "amount", amount.value_or(d.amount), d.currency, "currency"))
      d.amount = *a;
  }
  if (d.party_id > 0 && f.Has("party_id"))
    RETURN_IF_ERROR(FieldErrorsInto(f, parties.CheckLink(tx, who, d.party_id, "party_id")));
  if (d.contact_id && (f.Has("contact_id") || f.Has("party_id"))) {
    RETURN_IF_ERROR(FieldErrorsInto(
        f, parties.CheckContactLink(tx, who, *d.contact_id, d.party_id, "contact_id")));
  }
  if (f.Has("campaign_id"))
    RETURN_IF_ERROR(CheckCampaignLink(tx, f, who.company_id(), d.campaign_id));
  const char* perm = create ? "crm.opportunity.create" : "crm.opportunity.update";
  if (f.Has("owner_user_id") || create) {
    auto owner = party::ResolveOwner(tx, who, perm, f.Int("owner_user_id"));
    if (owner.ok()) d.owner = *owner;
    RETURN_IF_ERROR(FieldErrorsInto(f, owner.status()));
  }
  return Status::Ok();
}

json AuditView(json j) {
  for (const char* k : {"version", "updated_at", "weighted_amount", "stage_name", "stage_outcome"})
    j.erase(k);
  return j;
}

// The target stage of a move (active, of the company) and the lost reason it needs.
Result<store::Record> ReadMove(store::Tx& tx, int64_t company, const json& body,
                               std::optional<std::string>& reason) {
  Fields f(body);
  f.Ignore("version");
  auto stage_id = f.Int("stage_id", true);
  reason = f.Text("lost_reason", {.max_chars = 500});
  std::optional<store::Record> stage;
  if (stage_id) {
    ASSIGN_OR_RETURN(stage, LinkStage(tx, f, company, *stage_id, false));
  }
  std::string outcome = stage ? stage->Text("outcome") : "";
  if (stage && outcome == "lost" && !reason)
    f.Error("lost_reason", "required", "Say why the opportunity was lost.");
  if (stage && outcome != "lost" && reason)
    f.Error("lost_reason", "not_allowed", "Only a lost opportunity has a lost reason.");
  RETURN_IF_ERROR(f.Finish());
  return *stage;
}

// Closes the open stage-history row of the opportunity and opens one for `stage_id`.
Status EnterStage(store::Tx& tx, const security::Access& who, int64_t id, int64_t stage_id,
                  const std::string& now) {
  RETURN_IF_ERROR(tx.Exec("UPDATE opportunity_stage_history SET left_at = ? WHERE "
                          "opportunity_id = ? AND left_at IS NULL",
                          now, id)
                      .status());
  return tx
      .Exec(
          "INSERT INTO opportunity_stage_history (company_id, opportunity_id, stage_id, "
          "entered_at, user_id) VALUES (?, ?, ?, ?, ?)",
          who.company_id(), id, stage_id, now, who.user_id())
      .status();
}

// Audit action and event of a stage move: won, lost, reopen (closed back to open) or stage.
void JournalMove(store::Tx& tx, const json& before, const json& after) {
  std::string outcome = after["stage_outcome"];
  std::string action = outcome == "won"             ? "won"
                       : outcome == "lost"          ? "lost"
                       : before["status"] != "open" ? "reopen"
                                                    : "stage";
  json changes = store::Changes(AuditView(before), AuditView(after));
  changes["stage_name"] = {before["stage_name"], after["stage_name"]};
  int64_t id = after["id"].get<int64_t>();
  tx.Audit({"opportunity", id, action, changes});
  const std::string event = action == "stage"    ? "opportunity.stage_changed"
                            : action == "reopen" ? "opportunity.reopened"
                                                 : "opportunity." + action;
  tx.Emit(
      {event, "opportunity", id, {{"from_stage_id", before["stage_id"]}, {"opportunity", after}}});
}

// The editable fields of a stored opportunity.
Draft DraftOf(const security::Access& who, const json& before) {
  Draft d;
  d.name = before["name"].get<std::string>();
  d.party_id = before["party_id"].get<int64_t>();
  d.amount = before["amount"].get<std::string>();
  d.currency = before["currency"].get<std::string>();
  d.probability = before["probability"].get<int64_t>();
  d.competitors = before["competitors"].get<std::string>();
  security::Ownership own = OwnershipOf(who, before);
  d.owner = {own.owner_user_id, own.department_id};
  if (!before["contact_id"].is_null()) d.contact_id = before["contact_id"].get<int64_t>();
  if (!before["campaign_id"].is_null()) d.campaign_id = before["campaign_id"].get<int64_t>();
  if (!before["expected_close"].is_null())
    d.expected_close = before["expected_close"].get<std::string>();
  return d;
}

// A pipeline keeps at least one active open stage (new opportunities start there).
Status CheckNotLastOpen(store::Tx& tx, int64_t company, int64_t stage_id) {
  ASSIGN_OR_RETURN(auto others, tx.One("SELECT COUNT(*) FROM opportunity_stages WHERE "
                                       "company_id = ? AND outcome = 'open' AND active = 1 "
                                       "AND id <> ?",
                                       company, stage_id));
  if (others->Int(0) == 0)
    return FailedPrecondition("stage.last_open", "The last open stage must stay active.");
  return Status::Ok();
}

}  // namespace

json TypedRow(const store::Record& r, std::initializer_list<const char*> ints) {
  json j = store::RowJson(r);
  for (const char* col : ints) j[col] = r.IsNull(col) ? json() : json(r.Int(col));
  return j;
}

Result<std::string> CompanyCurrency(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT currency FROM companies WHERE id = ?", company_id));
  if (!row) return NotFound("company");
  return row->Text(0);
}

Status CheckCampaignLink(store::Tx& tx, Fields& f, int64_t company, std::optional<int64_t> id) {
  if (!id) return Status::Ok();
  ASSIGN_OR_RETURN(auto row,
                   tx.One("SELECT 1 FROM campaigns WHERE id = ? AND company_id = ?", *id, company));
  if (!row) f.Error("campaign_id", "not_found", "No such campaign.");
  return Status::Ok();
}

Status FieldErrorsInto(Fields& f, const Status& st) {
  if (st.ok()) return st;
  if (st.code() != Code::kInvalidArgument) return st;
  if (st.field_errors().empty()) {
    f.Error("", st.message_id(), st.message());
  }
  for (const auto& e : st.field_errors()) f.Error(e.field, e.code, e.message);
  return Status::Ok();
}

std::optional<std::string> CheckAmount(Fields& f, const std::string& field,
                                       const std::string& amount, const std::string& currency,
                                       const std::string& currency_field) {
  auto cur = Currency::FromCode(currency);
  if (!cur.ok()) {
    f.Error(currency_field, "currency.unknown", "Unknown currency " + currency + ".");
    return std::nullopt;
  }
  auto m = Money::Parse(amount, *cur);
  if (!m.ok()) {
    f.Error(field, m.status().message_id(), m.status().message());
    return std::nullopt;
  }
  if (m->IsNegative()) {
    f.Error(field, "negative", field + " must not be negative.");
    return std::nullopt;
  }
  return m->ToString();
}

Result<json> Opportunities::Load(store::Tx& tx, int64_t company_id, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string(kSelect) + "WHERE t.id = ? AND t.company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("opportunity");
  return OpportunityJson(*row);
}

Result<json> Opportunities::LoadChecked(store::Tx& tx, const security::Access& who, int64_t id,
                                        const std::string& permission) const {
  ASSIGN_OR_RETURN(json j, Load(tx, who.company_id(), id));
  RETURN_IF_ERROR(who.CheckRecord(permission, OwnershipOf(who, j), "opportunity"));
  return j;
}

Result<json> Opportunities::List(store::Tx& tx, const security::Access& who,
                                 const OpportunityFilter& f, int64_t limit, int64_t after) const {
  security::SqlFilter vis = who.Visible("crm.opportunity.read", {}, "t.");
  std::string sql = std::string(kSelect) + "WHERE " + vis.sql + " AND t.id > ?";
  std::vector<store::Value> params = vis.params;
  params.emplace_back(after);
  auto add = [&](const char* cond, store::Value v) {
    sql += cond;
    params.push_back(std::move(v));
  };
  if (f.party_id) add(" AND t.party_id = ?", *f.party_id);
  if (f.stage_id) add(" AND t.stage_id = ?", *f.stage_id);
  if (f.owner_user_id) add(" AND t.owner_user_id = ?", *f.owner_user_id);
  if (!f.status.empty()) add(" AND t.status = ?", f.status);
  params.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " ORDER BY t.id LIMIT ?", params));
  json items = json::array();
  for (const auto& r : rows) items.push_back(OpportunityJson(r));
  return items;
}

Result<json> Opportunities::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  return LoadChecked(tx, who, id, "crm.opportunity.read");
}

Result<json> Opportunities::Create(store::Tx& tx, const security::Access& who, const json& body,
                                   std::optional<int64_t> lead_id) const {
  Fields f(body);
  Draft d;
  ASSIGN_OR_RETURN(d.currency, CompanyCurrency(tx, who.company_id()));
  std::optional<store::Record> stage;
  if (auto sid = f.Int("stage_id")) {
    ASSIGN_OR_RETURN(stage, LinkStage(tx, f, who.company_id(), *sid, true));
  } else {
    ASSIGN_OR_RETURN(stage, tx.One(std::string(kStageSelect) +
                                       "WHERE company_id = ? AND outcome = 'open' AND active = 1 "
                                       "ORDER BY sequence, id LIMIT 1",
                                   who.company_id()));
    if (!stage) return FailedPrecondition("opportunity.no_open_stage", "No open stage exists.");
  }
  if (stage) d.probability = stage->Int("probability");
  RETURN_IF_ERROR(ReadDraft(tx, who, parties_, f, d, true));
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(std::string number, store::NextNumber(tx, who.company_id(), "opportunity"));
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO opportunities (company_id, number, name, party_id, contact_id, "
                "lead_id, campaign_id, stage_id, status, amount, currency, probability, "
                "expected_close, competitors, owner_user_id, department_id, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                who.company_id(), number, d.name, d.party_id, d.contact_id, lead_id, d.campaign_id,
                stage->Int("id"), d.amount, d.currency, d.probability, d.expected_close,
                d.competitors, d.owner.user_id, d.owner.department_id, now, now));
  RETURN_IF_ERROR(EnterStage(tx, who, id, stage->Int("id"), now));
  ASSIGN_OR_RETURN(json out, Load(tx, who.company_id(), id));
  tx.Audit({"opportunity", id, "create", store::Changes(json::object(), AuditView(out))});
  tx.Emit({"opportunity.created", "opportunity", id, out});
  return out;
}

Result<json> Opportunities::Update(store::Tx& tx, const security::Access& who, int64_t id,
                                   const json& body, const VersionCheck& check) const {
  ASSIGN_OR_RETURN(json before, LoadChecked(tx, who, id, "crm.opportunity.update"));
  RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  Fields f(body);
  f.Ignore("version");
  for (const char* k : {"stage_id", "status"}) {
    if (f.Has(k)) {
      f.Ignore(k);
      f.Error(k, "read_only", std::string(k) + " changes with POST .../stage.");
    }
  }
  Draft d = DraftOf(who, before);
  RETURN_IF_ERROR(ReadDraft(tx, who, parties_, f, d, false));
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE opportunities SET name = ?, party_id = ?, contact_id = ?, campaign_id = ?, "
              "amount = ?, currency = ?, probability = ?, expected_close = ?, competitors = ?, "
              "owner_user_id = ?, department_id = ?, version = version + 1, updated_at = ? "
              "WHERE id = ? AND version = ?",
              d.name, d.party_id, d.contact_id, d.campaign_id, d.amount, d.currency, d.probability,
              d.expected_close, d.competitors, d.owner.user_id, d.owner.department_id,
              clock_.Now().ToIso(), id, before["version"].get<int64_t>()));
  if (n != 1) return Status(Code::kStaleVersion, "version.stale", "The opportunity changed.");
  ASSIGN_OR_RETURN(json after, Load(tx, who.company_id(), id));
  tx.Audit({"opportunity", id, "update", store::Changes(AuditView(before), AuditView(after))});
  tx.Emit({"opportunity.updated", "opportunity", id, after});
  return after;
}

Result<json> Opportunities::MoveStage(store::Tx& tx, const security::Access& who, int64_t id,
                                      const json& body, const VersionCheck& check) const {
  ASSIGN_OR_RETURN(json before, LoadChecked(tx, who, id, "crm.opportunity.update"));
  if (check) RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  std::optional<std::string> reason;
  ASSIGN_OR_RETURN(store::Record stage, ReadMove(tx, who.company_id(), body, reason));
  if (stage.Int("id") == before["stage_id"].get<int64_t>()) {
    return FailedPrecondition(
        "opportunity.same_stage",
        "The opportunity is already in stage " + before["stage_name"].get<std::string>() + ".");
  }
  std::string now = clock_.Now().ToIso();
  std::string outcome = stage.Text("outcome");
  std::optional<std::string> closed_at;
  if (outcome != "open") closed_at = now;
  ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE opportunities SET stage_id = ?, status = ?, "
                                      "probability = ?, lost_reason = ?, closed_at = ?, "
                                      "version = version + 1, updated_at = ? WHERE id = ? AND "
                                      "version = ?",
                                      stage.Int("id"), outcome, stage.Int("probability"), reason,
                                      closed_at, now, id, before["version"].get<int64_t>()));
  if (n != 1) return Status(Code::kStaleVersion, "version.stale", "The opportunity changed.");
  RETURN_IF_ERROR(EnterStage(tx, who, id, stage.Int("id"), now));
  ASSIGN_OR_RETURN(json after, Load(tx, who.company_id(), id));
  JournalMove(tx, before, after);
  return after;
}

Result<json> Opportunities::ListStages(store::Tx& tx, const security::Access& who, bool all) const {
  // Stages are company-wide configuration without an owner: the route's permission is the
  // check, the company the filter.
  ASSIGN_OR_RETURN(auto rows, tx.Rows(std::string(kStageSelect) + "WHERE company_id = ?" +
                                          (all ? "" : " AND active = 1") + " ORDER BY sequence, id",
                                      who.company_id()));
  json items = json::array();
  for (const auto& r : rows) items.push_back(StageJson(r));
  return items;
}

Result<json> Opportunities::GetStage(store::Tx& tx, const security::Access& who, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string(kStageSelect) + "WHERE id = ? AND company_id = ?",
                                    id, who.company_id()));
  if (!row) return NotFound("opportunity_stage");
  return StageJson(*row);
}

Result<json> Opportunities::CreateStage(store::Tx& tx, const security::Access& who,
                                        const json& body) const {
  Fields f(body);
  auto name = f.Text("name", {.required = true, .max_chars = 100});
  auto outcome = f.Enum("outcome", {"open", "won", "lost"}, true);
  auto probability = f.Int("probability", false, 0, 100);
  auto sequence = f.Int("sequence", false, 0, 1000000);
  bool active = f.Bool("active").value_or(true);
  if (outcome == "open" && !probability)
    f.Error("probability", "required", "An open stage needs a default probability.");
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto dup, tx.One("SELECT 1 FROM opportunity_stages WHERE company_id = ? AND "
                                    "name = ?",
                                    who.company_id(), *name));
  if (dup) return Conflict("stage.name_taken", "A stage named " + *name + " exists.");
  if (!sequence) {
    ASSIGN_OR_RETURN(auto last, tx.One("SELECT MAX(sequence) FROM opportunity_stages WHERE "
                                       "company_id = ?",
                                       who.company_id()));
    sequence = (last && !last->IsNull(0) ? last->Int(0) : 0) + 10;
  }
  if (!probability) probability = *outcome == "won" ? 100 : 0;
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO opportunity_stages (company_id, name, "
                                         "sequence, probability, outcome, active, created_at) "
                                         "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                         who.company_id(), *name, *sequence, *probability, *outcome,
                                         active, clock_.Now().ToIso()));
  ASSIGN_OR_RETURN(json out, GetStage(tx, who, id));
  json audited = out;
  audited.erase("version");
  tx.Audit({"opportunity_stage", id, "create", store::Changes(json::object(), audited)});
  tx.Emit({"opportunity_stage.created", "opportunity_stage", id, out});
  return out;
}

Result<json> Opportunities::UpdateStage(store::Tx& tx, const security::Access& who, int64_t id,
                                        const json& body, const VersionCheck& check) const {
  ASSIGN_OR_RETURN(json before, GetStage(tx, who, id));
  RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  Fields f(body);
  f.Ignore("version");
  if (f.Has("outcome")) {
    f.Ignore("outcome");
    f.Error("outcome", "read_only", "The outcome of a stage is fixed when it is created.");
  }
  std::string name = f.Text("name", {.max_chars = 100}).value_or(before["name"].get<std::string>());
  int64_t sequence =
      f.Int("sequence", false, 0, 1000000).value_or(before["sequence"].get<int64_t>());
  int64_t probability =
      f.Int("probability", false, 0, 100).value_or(before["probability"].get<int64_t>());
  bool active = f.Bool("active").value_or(before["active"].get<bool>());
  RETURN_IF_ERROR(f.Finish());
  if (name != before["name"]) {
    ASSIGN_OR_RETURN(auto dup, tx.One("SELECT 1 FROM opportunity_stages WHERE company_id = ? AND "
                                      "name = ?",
                                      who.company_id(), name));
    if (dup) return Conflict("stage.name_taken", "A stage named " + name + " exists.");
  }
  if (!active && before["active"].get<bool>() && before["outcome"] == "open")
    RETURN_IF_ERROR(CheckNotLastOpen(tx, who.company_id(), id));
  ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE opportunity_stages SET name = ?, sequence = ?, "
                                      "probability = ?, active = ?, version = version + 1 "
                                      "WHERE id = ? AND version = ?",
                                      name, sequence, probability, active, id,
                                      before["version"].get<int64_t>()));
  if (n != 1) return Status(Code::kStaleVersion, "version.stale", "The stage changed.");
  ASSIGN_OR_RETURN(json after, GetStage(tx, who, id));
  json b = before, a = after;
  b.erase("version");
  a.erase("version");
  tx.Audit({"opportunity_stage", id, "update", store::Changes(b, a)});
  tx.Emit({"opportunity_stage.updated", "opportunity_stage", id, after});
  return after;
}

}  // namespace concord::crm

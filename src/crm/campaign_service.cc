#include "crm/campaign_service.h"

#include <set>

#include "core/json_input.h"
#include "crm/lead_service.h"
#include "party/ownership.h"
#include "store/row_json.h"

namespace concord::crm {
namespace {

using nlohmann::json;

const std::vector<std::string> kChannels = {"email", "phone", "event", "social",
                                            "ads",   "mail",  "other"};
const std::vector<std::string> kMemberStatuses = {"targeted", "sent", "responded", "converted"};

// The campaign state machine, as data.
struct Move {
  const char* verb;
  std::set<std::string> from;
  const char* to;
  const char* event;
};
const Move kMoves[] = {{"activate", {"planned"}, "active", "campaign.activated"},
                       {"complete", {"active"}, "done", "campaign.completed"},
                       {"cancel", {"planned", "active"}, "cancelled", "campaign.cancelled"}};

constexpr const char* kColumns =
    "SELECT t.id, t.company_id, t.name, t.channel, t.status, t.budget, t.currency, t.starts_on, "
    "t.ends_on, t.segment_id, t.description, t.owner_user_id, t.department_id, t.version, "
    "t.created_at FROM campaigns t ";
constexpr const char* kMemberColumns =
    "SELECT id, party_id, contact_id, status, sent_at, responded_at, converted_at, updated_at "
    "FROM campaign_members ";

json CampaignJson(const store::Record& r) {
  json out = store::RowJson(r);
  out.erase("company_id");
  return out;
}
json MemberJson(const store::Record& r) { return store::RowJson(r); }

int Rank(const std::string& status) {
  for (size_t i = 0; i < kMemberStatuses.size(); ++i) {
    if (kMemberStatuses[i] == status) return static_cast<int>(i);
  }
  return -1;
}

Result<store::Record> Load(store::Tx& tx, const security::Access& who, int64_t id,
                           const char* permission) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string(kColumns) + "WHERE t.id = ?", id));
  if (!row) return NotFound("campaign");
  security::Ownership owner{row->Int("company_id"), row->OptInt("owner_user_id"),
                            row->OptInt("department_id")};
  RETURN_IF_ERROR(who.CheckRecord("crm.campaign.read", owner, "campaign"));
  RETURN_IF_ERROR(who.CheckRecord(permission, owner, "campaign"));
  return std::move(*row);
}

// The changeable fields: the stored row, overridden by the body's fields.
struct Draft {
  std::string name, channel, budget = "0", currency, description;
  std::optional<std::string> starts_on, ends_on;
  std::optional<int64_t> segment_id;
};

Draft FromRow(const store::Record& r) {
  return {r.Text("name"),       r.Text("channel"),     r.Text("budget"),
          r.Text("currency"),   r.Text("description"), r.OptText("starts_on"),
          r.OptText("ends_on"), r.OptInt("segment_id")};
}

std::optional<std::string> ReadDate(Fields& f, const char* name) {
  auto text = f.Text(name, {.max_chars = 10});
  if (!text) return std::nullopt;
  auto d = Date::Parse(*text);
  if (!d.ok()) f.Error(name, d.status().message_id(), std::string(name) + " is YYYY-MM-DD.");
  return d.ok() ? std::optional<std::string>(d->ToString()) : std::nullopt;
}

void ReadDraft(Fields& f, Draft& d, bool create) {
  if (create || f.Has("name")) {
    if (auto v = f.Text("name", {.required = true, .max_chars = 200})) d.name = *v;
  }
  if (create || f.Has("channel")) {
    if (auto v = f.Enum("channel", kChannels, true)) d.channel = *v;
  }
  if (f.Has("budget"))
    d.budget = f.Text("budget", {.required = true, .max_chars = 40}).value_or("");
  if (f.Has("currency"))
    d.currency = f.Text("currency", {.required = true, .max_chars = 3}).value_or("");
  if (f.Has("description")) {
    d.description = f.Text("description", {.max_chars = 10000, .allow_empty = true}).value_or("");
  }
  if (f.Has("starts_on")) d.starts_on = ReadDate(f, "starts_on");
  if (f.Has("ends_on")) d.ends_on = ReadDate(f, "ends_on");
  if (f.Has("segment_id")) d.segment_id = f.Int("segment_id");
}

// Checks budget, currency, dates and segment; normalises the budget text.
Status CheckDraft(store::Tx& tx, const security::Access& who, const Segments& segments, Fields& f,
                  Draft& d) {
  auto currency = Currency::FromCode(d.currency);
  if (!currency.ok()) {
    f.Error("currency", currency.status().message_id(), "currency is an ISO 4217 code.");
  } else if (!d.budget.empty()) {
    auto budget = Money::Parse(d.budget, *currency);
    if (!budget.ok()) {
      f.Error("budget", budget.status().message_id(), budget.status().message());
    } else if (budget->IsNegative()) {
      f.Error("budget", "negative", "budget must not be negative.");
    } else {
      d.budget = budget->ToString();
    }
  }
  if (d.starts_on && d.ends_on && *d.ends_on < *d.starts_on) {
    f.Error("ends_on", "before_starts_on", "ends_on must not be before starts_on.");
  }
  if (d.segment_id && f.Has("segment_id")) {
    auto seg = segments.Get(tx, who, *d.segment_id);
    if (!seg.ok() && seg.status().code() != Code::kNotFound &&
        seg.status().code() != Code::kPermissionDenied) {
      return seg.status();
    }
    if (!seg.ok()) f.Error("segment_id", "not_found", "No such segment.");
  }
  return Status::Ok();
}

// The owner after the body's "owner_user_id": `current` when the body has none (the caller
// when there is no current owner, i.e. on create).
Result<party::Owner> Owner(store::Tx& tx, const security::Access& who, Fields& f,
                           const char* permission, const std::optional<party::Owner>& current) {
  bool given = f.Has("owner_user_id");
  if (!given && current) return *current;
  auto requested = f.Int("owner_user_id", given);
  if (given && !requested) return current.value_or(party::Owner{});
  auto owner = party::ResolveOwner(tx, who, permission, requested);
  if (owner.ok()) return *owner;
  if (owner.status().field_errors().empty()) return owner.status();
  for (const auto& e : owner.status().field_errors()) f.Error(e.field, e.code, e.message);
  return current.value_or(party::Owner{});
}

// A lead of the campaign whose party responded gains engagement: its score is recomputed.
Status RescoreLeads(store::Tx& tx, int64_t company, int64_t campaign, int64_t party) {
  ASSIGN_OR_RETURN(auto leads, tx.Rows("SELECT id FROM leads WHERE company_id = ? AND campaign_id "
                                       "= ? AND party_id = ?",
                                       company, campaign, party));
  for (const auto& l : leads) RETURN_IF_ERROR(RescoreLead(tx, company, l.Int(0)));
  return Status::Ok();
}

json AuditView(json c) {
  c.erase("version");
  return c;
}

// value / divisor as a decimal string of `scale` places, rounded half up; null for divisor 0.
json Ratio(int64_t value, int64_t divisor, int scale) {
  if (divisor == 0) return nullptr;
  auto q = DivRound(static_cast<__int128>(value) * Pow10(scale), divisor, RoundingMode::kHalfUp);
  return q.ok() ? json(FormatScaled(*q, scale)) : json();
}

}  // namespace

Result<std::optional<Money>> CampaignRevenue(store::Tx& /*tx*/, int64_t /*company_id*/,
                                             int64_t /*campaign_id*/) {
  return std::optional<Money>();
}

const http::SortSpec Campaigns::kSorts = {
    "t.id",
    {{"name", "lower(t.name)", http::SortKind::kText},
     {"starts_on", "COALESCE(t.starts_on, '9999-12-31')", http::SortKind::kTimestamp}}};

Result<json> Campaigns::List(store::Tx& tx, const security::Access& who,
                             const CampaignFilter& filter, const http::ListPage& page) const {
  security::SqlFilter v = who.Visible("crm.campaign.read", {}, "t.");
  std::vector<store::Value> params = v.params;
  std::string sql = page.Select(std::string(kColumns) + "WHERE " + v.sql) + page.After(params);
  auto add = [&](const char* cond, store::Value value) {
    sql += cond;
    params.push_back(std::move(value));
  };
  if (!filter.status.empty()) add(" AND t.status = ?", filter.status);
  if (!filter.channel.empty()) add(" AND t.channel = ?", filter.channel);
  if (filter.segment_id) add(" AND t.segment_id = ?", *filter.segment_id);
  if (filter.owner_user_id) add(" AND t.owner_user_id = ?", *filter.owner_user_id);
  sql += page.OrderLimit(params);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql, params));
  json items = json::array();
  for (const auto& r : rows) items.push_back(CampaignJson(r));
  return page.Body(std::move(items), rows);
}

Result<json> Campaigns::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id, "crm.campaign.read"));
  return CampaignJson(row);
}

Result<json> Campaigns::Create(store::Tx& tx, const security::Access& who, const json& body) const {
  ASSIGN_OR_RETURN(auto company,
                   tx.One("SELECT currency FROM companies WHERE id = ?", who.company_id()));
  if (!company) return NotFound("company");
  Fields f(body);
  Draft d;
  d.currency = company->Text(0);
  ReadDraft(f, d, true);
  RETURN_IF_ERROR(CheckDraft(tx, who, segments_, f, d));
  ASSIGN_OR_RETURN(party::Owner owner, Owner(tx, who, f, "crm.campaign.create", std::nullopt));
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(
      int64_t id,
      tx.Insert("INSERT INTO campaigns (company_id, name, channel, status, budget, currency, "
                "starts_on, ends_on, segment_id, description, owner_user_id, department_id, "
                "created_at) VALUES (?, ?, ?, 'planned', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                who.company_id(), d.name, d.channel, d.budget, d.currency, d.starts_on, d.ends_on,
                d.segment_id, d.description, owner.user_id, owner.department_id,
                clock_.Now().ToIso()));
  ASSIGN_OR_RETURN(json out, Get(tx, who, id));
  tx.Audit({"campaign", id, "create", store::Changes(json::object(), AuditView(out))});
  tx.Emit({"campaign.created", "campaign", id, out});
  return out;
}

Result<json> Campaigns::Update(store::Tx& tx, const security::Access& who, int64_t id,
                               const json& body, const party::VersionCheck& check) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id, "crm.campaign.update"));
  json before = CampaignJson(row);
  RETURN_IF_ERROR(check(row.Int("version")));
  if (row.Text("status") == "cancelled") {
    return FailedPrecondition("campaign.cancelled", "A cancelled campaign cannot be changed.");
  }
  Fields f(body);
  f.Ignore("version");
  Draft d = FromRow(row);
  ReadDraft(f, d, false);
  RETURN_IF_ERROR(CheckDraft(tx, who, segments_, f, d));
  ASSIGN_OR_RETURN(party::Owner owner,
                   Owner(tx, who, f, "crm.campaign.update",
                         party::Owner{row.OptInt("owner_user_id"), row.OptInt("department_id")}));
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE campaigns SET name = ?, channel = ?, budget = ?, currency = ?, starts_on = "
              "?, ends_on = ?, segment_id = ?, description = ?, owner_user_id = ?, department_id "
              "= ?, version = version + 1 WHERE id = ? AND version = ?",
              d.name, d.channel, d.budget, d.currency, d.starts_on, d.ends_on, d.segment_id,
              d.description, owner.user_id, owner.department_id, id, row.Int("version")));
  if (n != 1)
    return Status(Code::kStaleVersion, "version.stale", "The campaign changed concurrently.");
  ASSIGN_OR_RETURN(json after, Get(tx, who, id));
  tx.Audit({"campaign", id, "update", store::Changes(AuditView(before), AuditView(after))});
  tx.Emit({"campaign.updated", "campaign", id, after});
  return after;
}

Result<json> Campaigns::Transition(store::Tx& tx, const security::Access& who, int64_t id,
                                   const std::string& verb) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id, "crm.campaign.update"));
  const Move* move = nullptr;
  for (const auto& m : kMoves) {
    if (verb == m.verb) move = &m;
  }
  if (!move) return Internal("unknown campaign verb " + verb);
  std::string status = row.Text("status");
  if (!move->from.count(status)) {
    return FailedPrecondition("campaign.transition",
                              "A " + status + " campaign cannot move to " + move->to + ".");
  }
  ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE campaigns SET status = ?, version = version + 1 "
                                      "WHERE id = ? AND status = ?",
                                      move->to, id, status));
  if (n != 1) return Status(Code::kAborted, "campaign.race", "The campaign changed concurrently.");
  ASSIGN_OR_RETURN(json after, Get(tx, who, id));
  tx.Audit({"campaign", id, verb, {{"status", {status, move->to}}}});
  tx.Emit({move->event, "campaign", id, after});
  return after;
}

Result<json> Campaigns::AddMembers(store::Tx& tx, const security::Access& who, int64_t id,
                                   const json& body) const {
  RETURN_IF_ERROR(Load(tx, who, id, "crm.campaign.update").status());
  Fields f(body);
  const json* raw = f.Raw("party_ids");
  std::vector<int64_t> ids;
  if (!raw || !raw->is_array() || raw->empty() || raw->size() > kMaxMembersPerCall) {
    f.Error("party_ids", raw && raw->is_array() ? "size" : "type",
            "party_ids is a list of 1 to 1000 party ids.");
  } else {
    for (size_t i = 0; i < raw->size(); ++i) {
      const json& v = (*raw)[i];
      std::string field = "party_ids/" + std::to_string(i);
      if (!v.is_number_integer() || v.get<int64_t>() <= 0) {
        f.Error(field, "type", "A party id is a positive integer.");
        continue;
      }
      Status st = parties_.CheckLink(tx, who, v.get<int64_t>(), field);
      if (!st.ok() && st.field_errors().empty()) return st;
      for (const auto& e : st.field_errors()) f.Error(e.field, e.code, e.message);
      ids.push_back(v.get<int64_t>());
    }
  }
  RETURN_IF_ERROR(f.Finish());
  return InsertMembers(tx, who, id, ids, "parties");
}

Result<json> Campaigns::AddSegmentMembers(store::Tx& tx, const security::Access& who,
                                          int64_t id) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id, "crm.campaign.update"));
  if (row.IsNull("segment_id")) {
    return FailedPrecondition("campaign.no_segment", "The campaign has no target segment.");
  }
  ASSIGN_OR_RETURN(party::PartyFilter filter, segments_.Filter(tx, who, row.Int("segment_id")));
  ASSIGN_OR_RETURN(auto ids, parties_.MatchIds(tx, who, filter, kMaxSegmentMembers + 1));
  bool capped = static_cast<int64_t>(ids.size()) > kMaxSegmentMembers;
  if (capped) ids.resize(kMaxSegmentMembers);
  ASSIGN_OR_RETURN(json out, InsertMembers(tx, who, id, ids, "segment"));
  out["matched"] = ids.size();
  out["capped"] = capped;
  return out;
}

Result<json> Campaigns::InsertMembers(store::Tx& tx, const security::Access& who, int64_t id,
                                      const std::vector<int64_t>& party_ids,
                                      const std::string& source) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id, "crm.campaign.update"));
  std::string status = row.Text("status");
  if (status != "planned" && status != "active") {
    return FailedPrecondition("campaign.closed", "Members join planned or active campaigns only.");
  }
  constexpr size_t kBatch = 200;
  std::string now = clock_.Now().ToIso();
  int64_t added = 0;
  for (size_t start = 0; start < party_ids.size(); start += kBatch) {
    size_t end = std::min(party_ids.size(), start + kBatch);
    std::string sql =
        "INSERT INTO campaign_members (company_id, campaign_id, party_id, status, "
        "updated_at) VALUES ";
    std::vector<store::Value> params;
    for (size_t i = start; i < end; ++i) {
      sql += i == start ? "(?, ?, ?, 'targeted', ?)" : ", (?, ?, ?, 'targeted', ?)";
      params.insert(params.end(), {who.company_id(), id, party_ids[i], now});
    }
    ASSIGN_OR_RETURN(int64_t n,
                     tx.ExecV(sql + " ON CONFLICT (campaign_id, party_id) DO NOTHING", params));
    added += n;
  }
  if (added > 0) {
    tx.Audit({"campaign", id, "add_members", {{"members_added", {nullptr, added}}}});
    tx.Emit({"campaign.members_added",
             "campaign",
             id,
             {{"campaign_id", id}, {"added", added}, {"source", source}}});
  }
  return json{{"added", added},
              {"already_members", static_cast<int64_t>(party_ids.size()) - added}};
}

Result<json> Campaigns::ListMembers(store::Tx& tx, const security::Access& who, int64_t id,
                                    const std::string& status, int64_t limit, int64_t after) const {
  RETURN_IF_ERROR(Load(tx, who, id, "crm.campaign.read").status());
  std::string sql = std::string(kMemberColumns) + "WHERE campaign_id = ? AND id > ?";
  std::vector<store::Value> params = {id, after};
  if (!status.empty()) {
    sql += " AND status = ?";
    params.emplace_back(status);
  }
  params.emplace_back(limit + 1);
  ASSIGN_OR_RETURN(auto rows, tx.RowsV(sql + " ORDER BY id LIMIT ?", params));
  json items = json::array();
  for (const auto& r : rows) items.push_back(MemberJson(r));
  return items;
}

Result<json> Campaigns::SetMemberStatus(store::Tx& tx, const security::Access& who, int64_t id,
                                        int64_t party_id, const json& body) const {
  Fields f(body);
  auto wanted = f.Enum("status", {"sent", "responded", "converted"}, true);
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto campaign, Load(tx, who, id, "crm.campaign.update"));
  std::string cstatus = campaign.Text("status");
  if (cstatus != "active" && cstatus != "done") {
    return FailedPrecondition("campaign.not_active",
                              "Member responses are tracked once the campaign is active.");
  }
  ASSIGN_OR_RETURN(
      auto member,
      tx.One(std::string(kMemberColumns) + "WHERE campaign_id = ? AND party_id = ?", id, party_id));
  if (!member) return NotFound("campaign member");
  std::string current = member->Text("status");
  int to = Rank(*wanted);
  if (to <= Rank(current)) {
    return Conflict("campaign_member.backward",
                    "A member's status only moves forward (targeted → sent → responded → "
                    "converted); it is " +
                        current + ".");
  }
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE campaign_members SET status = ?, "
                          "sent_at = COALESCE(sent_at, ?), "
                          "responded_at = CASE WHEN ? >= 2 THEN COALESCE(responded_at, ?) END, "
                          "converted_at = CASE WHEN ? >= 3 THEN COALESCE(converted_at, ?) END, "
                          "updated_at = ? WHERE id = ?",
                          *wanted, now, to, now, to, now, now, member->Int("id"))
                      .status());
  if (Rank(current) < 2 && to >= 2)
    RETURN_IF_ERROR(RescoreLeads(tx, who.company_id(), id, party_id));
  ASSIGN_OR_RETURN(auto after,
                   tx.One(std::string(kMemberColumns) + "WHERE id = ?", member->Int("id")));
  json out = MemberJson(*after);
  std::string field = "members/" + std::to_string(party_id) + "/status";
  tx.Audit({"campaign", id, "member_status", {{field, {current, *wanted}}}});
  tx.Emit({"campaign.member_status_changed",
           "campaign",
           id,
           {{"campaign_id", id}, {"party_id", party_id}, {"status", *wanted}}});
  return out;
}

Result<json> Campaigns::Stats(store::Tx& tx, const security::Access& who, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, Load(tx, who, id, "crm.campaign.read"));
  ASSIGN_OR_RETURN(auto counts, tx.Rows("SELECT status, COUNT(*) AS n FROM campaign_members "
                                        "WHERE campaign_id = ? GROUP BY status",
                                        id));
  json by_status = json::object();
  for (const auto& s : kMemberStatuses) by_status[s] = 0;
  int64_t members = 0;
  for (const auto& c : counts) {
    by_status[c.Text("status")] = c.Int("n");
    members += c.Int("n");
  }
  int64_t converted = by_status["converted"].get<int64_t>();
  int64_t responses = by_status["responded"].get<int64_t>() + converted;
  int64_t reached = by_status["sent"].get<int64_t>() + responses;
  ASSIGN_OR_RETURN(Currency currency, Currency::FromCode(row.Text("currency")));
  ASSIGN_OR_RETURN(Money budget, Money::Parse(row.Text("budget"), currency));
  int units = currency.minor_units();
  ASSIGN_OR_RETURN(auto revenue, CampaignRevenue(tx, who.company_id(), id));
  json roi = nullptr;
  if (revenue) {
    ASSIGN_OR_RETURN(Money gain, revenue->Sub(budget));
    roi = Ratio(gain.minor(), budget.minor(), 4);
  }
  return json{{"campaign_id", id},
              {"members", members},
              {"by_status", by_status},
              {"response_rate", Ratio(responses, reached, 4)},
              {"conversion_rate", Ratio(converted, reached, 4)},
              {"budget", budget.ToString()},
              {"currency", std::string(currency.code())},
              {"cost_per_response", Ratio(budget.minor(), responses * Pow10(units), units)},
              {"cost_per_conversion", Ratio(budget.minor(), converted * Pow10(units), units)},
              {"revenue", revenue ? json(revenue->ToString()) : json()},
              {"roi", roi},
              {"revenue_source", revenue ? "sales_orders" : "pending_sales_area"}};
}

}  // namespace concord::crm

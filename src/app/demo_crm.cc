#include "app/demo_crm.h"

#include "crm/activity_service.h"
#include "crm/lead_service.h"
#include "crm/opportunity_service.h"

namespace concord::app {
namespace {

using nlohmann::json;

security::Access DemoAccess(int64_t company) {
  std::map<std::string, security::Scope> grants;
  for (const char* p :
       {"party.party.read", "party.party.create", "party.party.update", "crm.lead.read",
        "crm.lead.create", "crm.lead.update", "crm.opportunity.read", "crm.opportunity.create",
        "crm.opportunity.update", "crm.activity.read", "crm.activity.create", "crm.activity.update",
        "crm.stage.read", "crm.campaign.read", "crm.settings.read"}) {
    grants[p] = security::Scope::kCompany;
  }
  return security::Access(0, "demo", company, 0, grants);
}

json Address(const char* kind, const char* line1, const char* city, const char* country) {
  return {{"kind", kind}, {"line1", line1}, {"city", city}, {"country", country}};
}

struct DemoParty {
  const char* key;
  json body;
  std::vector<json> contacts;
  std::vector<const char*> purchases;
};

std::vector<DemoParty> Parties(const std::map<std::string, int64_t>& u) {
  return {
      {"acme",
       {{"kind", "organization"},
        {"name", "上海阿克米贸易有限公司"},
        {"roles", {"customer"}},
        {"email", "purchase@acme-sh.cn"},
        {"phone", "021-6552 9988"},
        {"tax_id", "91310115MA1K4ABC2X"},
        {"credit_limit", "200000.00"},
        {"payment_term_days", 30},
        {"language", "zh-CN"},
        {"tags", {"vip", "华东"}},
        {"owner_user_id", u.at("alice")},
        {"addresses", {Address("billing", "浦东新区世纪大道100号", "上海", "CN")}}},
       {{{"name", "王芳"},
         {"job_title", "采购经理"},
         {"roles", {"purchasing", "decision_maker"}},
         {"email", "wang.fang@acme-sh.cn"},
         {"phone", "138 0013 8000"}},
        {{"name", "李强"},
         {"job_title", "财务"},
         {"roles", {"billing"}},
         {"email", "li.qiang@acme-sh.cn"}}},
       {"2025-06-03", "2025-07-02", "2025-08-05", "2025-09-01", "2025-10-06", "2025-11-03"}},
      {"huaguang",
       {{"kind", "organization"},
        {"name", "北京华光电子科技有限公司"},
        {"roles", {"customer"}},
        {"email", "info@huaguang.com.cn"},
        {"phone", "010-8888 6666"},
        {"owner_user_id", u.at("alice")},
        {"addresses", {Address("billing", "海淀区中关村大街1号", "北京", "CN")}}},
       {{{"name", "赵敏"},
         {"job_title", "技术总监"},
         {"roles", {"technical"}},
         {"email", "zhao.min@huaguang.com.cn"}}},
       {"2024-03-10", "2024-05-12", "2024-07-20"}},
      {"nordwind",
       {{"kind", "organization"},
        {"name", "Nordwind Handels GmbH"},
        {"roles", {"customer", "supplier"}},
        {"email", "einkauf@nordwind.example"},
        {"phone", "+49 40 1234 5678"},
        {"currency", "EUR"},
        {"language", "en"},
        {"owner_user_id", u.at("bob")},
        {"addresses", {Address("billing", "Hafenstraße 12", "Hamburg", "DE")}}},
       {{{"name", "Anna Schmidt"},
         {"job_title", "Head of Purchasing"},
         {"roles", {"purchasing"}},
         {"email", "anna.schmidt@nordwind.example"},
         {"phone", "+49 40 1234 5600"}}},
       {"2026-10-20"}},
      {"pacific",
       {{"kind", "organization"},
        {"name", "Pacific Retail Inc."},
        {"roles", {"prospect"}},
        {"email", "buying@pacificretail.example"},
        {"phone", "+1 415 555 2671"},
        {"currency", "USD"},
        {"owner_user_id", u.at("alice")},
        {"addresses", {Address("shipping", "500 Market St", "San Francisco", "US")}}},
       {{{"name", "John Miller"},
         {"job_title", "Category Manager"},
         {"roles", {"decision_maker"}},
         {"email", "john.miller@pacificretail.example"}}},
       {}},
      {"pengcheng",
       {{"kind", "organization"},
        {"name", "深圳鹏程物流有限公司"},
        {"roles", {"supplier"}},
        {"phone", "0755-2666 8888"},
        {"owner_user_id", u.at("bob")},
        {"addresses", {Address("billing", "南山区科技园8号", "深圳", "CN")}}},
       {},
       {}},
      {"chen",
       {{"kind", "person"},
        {"name", "陈晓明"},
        {"roles", {"customer"}},
        {"phone", "139 1234 5678"},
        {"email", "chenxm@example.cn"},
        {"owner_user_id", u.at("alice")},
        {"addresses", {Address("shipping", "西湖区文三路20号", "杭州", "CN")}}},
       {},
       {"2026-09-15"}},
      {"emma",
       {{"kind", "person"},
        {"name", "Emma Johnson"},
        {"roles", {"prospect"}},
        {"email", "emma.johnson@example.co.uk"},
        {"phone", "+44 20 7946 0958"},
        {"currency", "GBP"},
        {"owner_user_id", u.at("bob")},
        {"addresses", {Address("shipping", "10 Baker St", "London", "GB")}}},
       {},
       {}},
      {"meijia",
       {{"kind", "organization"},
        {"name", "广州美佳化妆品有限公司"},
        {"roles", {"customer"}},
        {"email", "order@meijia.cn"},
        {"phone", "020-3888 1234"},
        {"owner_user_id", u.at("alice")},
        {"tags", {"华南"}},
        {"addresses", {Address("billing", "天河区体育西路55号", "广州", "CN")}}},
       {{{"name", "刘洋"},
         {"job_title", "店长"},
         {"roles", {"purchasing"}},
         {"email", "liu.yang@meijia.cn"}}},
       {"2025-01-05", "2025-03-02", "2025-05-06", "2025-07-01", "2025-08-30", "2025-11-02",
        "2026-01-05", "2026-03-03", "2026-05-04", "2026-07-02", "2026-09-01", "2026-11-02"}},
  };
}

}  // namespace

Status LoadCrmDemo(store::Tx& tx, const Clock& clock, const party::Parties& parties,
                   const party::Lifecycle& lifecycle, int64_t company,
                   const std::map<std::string, int64_t>& users) {
  security::Access who = DemoAccess(company);
  std::map<std::string, int64_t> party;
  for (const auto& p : Parties(users)) {
    ASSIGN_OR_RETURN(auto created, parties.Create(tx, who, p.body));
    int64_t id = created["id"].get<int64_t>();
    party[p.key] = id;
    for (const auto& c : p.contacts)
      RETURN_IF_ERROR(parties.CreateContact(tx, who, id, c).status());
    for (const char* day : p.purchases) {
      RETURN_IF_ERROR(lifecycle.RecordPurchase(tx, {id,
                                                    *Date::Parse(day),
                                                    "1000.00",
                                                    created["currency"].get<std::string>(),
                                                    "import",
                                                    {}}));
    }
  }
  crm::Opportunities opportunities(clock, parties);
  crm::Leads leads(clock, parties, opportunities);
  crm::Activities activities(clock, parties);
  const json lead_bodies[] = {
      {{"title", "官网询价：办公家具批量采购"},
       {"source", "web"},
       {"company_name", "苏州优家家居有限公司"},
       {"contact_name", "周婷"},
       {"email", "zhou.ting@youjia.example"},
       {"phone", "0512-6666 1234"},
       {"city", "苏州"},
       {"country", "CN"},
       {"employees", 250},
       {"estimated_value", "180000.00"},
       {"owner_user_id", users.at("alice")}},
      {{"title", "Trade fair contact: eco packaging"},
       {"source", "event"},
       {"company_name", "GreenPack Ltd"},
       {"contact_name", "Oliver Brown"},
       {"email", "oliver@greenpack.example"},
       {"country", "GB"},
       {"employees", 40},
       {"estimated_value", "25000.00"},
       {"currency", "GBP"},
       {"owner_user_id", users.at("bob")}},
      {{"title", "Referral from Nordwind"},
       {"source", "referral"},
       {"company_name", "Baltic Foods AB"},
       {"contact_name", "Sara Lindqvist"},
       {"email", "sara@balticfoods.example"},
       {"country", "SE"},
       {"owner_user_id", users.at("bob")}},
  };
  for (const auto& body : lead_bodies) RETURN_IF_ERROR(leads.Create(tx, who, body).status());
  const json opportunity_bodies[] = {
      {{"name", "2027年度框架合同"},
       {"party_id", party["acme"]},
       {"amount", "850000.00"},
       {"expected_close", "2027-01-15"},
       {"competitors", "Kingdee, SAP"},
       {"owner_user_id", users.at("alice")}},
      {{"name", "实验室设备升级"},
       {"party_id", party["huaguang"]},
       {"amount", "320000.00"},
       {"expected_close", "2026-12-20"},
       {"owner_user_id", users.at("alice")}},
      {{"name", "Nordic distribution 2027"},
       {"party_id", party["nordwind"]},
       {"amount", "120000.00"},
       {"currency", "EUR"},
       {"expected_close", "2027-02-28"},
       {"owner_user_id", users.at("bob")}},
      {{"name", "West coast pilot stores"},
       {"party_id", party["pacific"]},
       {"amount", "60000.00"},
       {"currency", "USD"},
       {"expected_close", "2027-03-31"},
       {"owner_user_id", users.at("alice")}},
  };
  for (const auto& body : opportunity_bodies) {
    RETURN_IF_ERROR(opportunities.Create(tx, who, body).status());
  }
  Date today = *Date::Parse(clock.Now().ToIso().substr(0, 10));
  auto at = [&](int days, const char* time) {
    return today.AddDays(days).ToString() + "T" + time + "Z";
  };
  const json activity_bodies[] = {
      {{"kind", "call"},
       {"subject", "确认框架合同条款"},
       {"party_id", party["acme"]},
       {"due_at", at(1, "02:00:00")},
       {"owner_user_id", users.at("alice")}},
      {{"kind", "meeting"},
       {"subject", "现场演示"},
       {"party_id", party["huaguang"]},
       {"location", "北京中关村"},
       {"due_at", at(3, "06:00:00")},
       {"ends_at", at(3, "08:00:00")},
       {"owner_user_id", users.at("alice")}},
      {{"kind", "task"},
       {"subject", "Send revised price list"},
       {"party_id", party["nordwind"]},
       {"due_at", at(-2, "09:00:00")},
       {"owner_user_id", users.at("bob")}},
      {{"kind", "email"},
       {"subject", "Follow-up after trade fair"},
       {"party_id", party["emma"]},
       {"due_at", at(0, "10:00:00")},
       {"owner_user_id", users.at("bob")}},
      {{"kind", "note"},
       {"subject", "客户偏好月结30天"},
       {"party_id", party["acme"]},
       {"owner_user_id", users.at("alice")}},
  };
  for (const auto& body : activity_bodies)
    RETURN_IF_ERROR(activities.Create(tx, who, body).status());
  return Status::Ok();
}

}  // namespace concord::app

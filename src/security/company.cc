#include "security/company.h"

#include "core/currency.h"

namespace concord::security {
namespace {

nlohmann::json CompanyJson(const store::Record& r) {
  auto settings = nlohmann::json::parse(r.Text("settings"), nullptr, false);
  if (!settings.is_object()) settings = nlohmann::json::object();
  return {{"id", r.Int("id")},
          {"name", r.Text("name")},
          {"currency", r.Text("currency")},
          {"time_zone", r.Text("time_zone")},
          {"require_totp_for_admins", settings.value("require_totp_for_admins", false)},
          {"version", r.Int("version")},
          {"created_at", r.Text("created_at")}};
}

constexpr std::string_view kCompanyColumns =
    "SELECT id, name, currency, time_zone, settings, version, created_at FROM companies ";

struct CompanyInput {
  std::optional<std::string> name, currency, time_zone;
  std::optional<bool> require_totp;
};

Result<CompanyInput> ReadCompany(const nlohmann::json& body, bool create, const Clock& clock) {
  Fields f(body);
  f.Ignore("version");
  CompanyInput in;
  in.name = f.Text("name", {.required = create, .max_chars = 200});
  in.currency = f.Text("currency", {.required = create, .max_chars = 3});
  in.time_zone = f.Text("time_zone", {.required = create, .max_chars = 64});
  in.require_totp = f.Bool("require_totp_for_admins");
  if (in.currency && !Currency::FromCode(*in.currency).ok()) {
    f.Error("currency", "currency.unknown", "Not an ISO 4217 currency code.");
  }
  if (in.time_zone && !BusinessDate(clock.Now(), *in.time_zone).ok()) {
    f.Error("time_zone", "time.unknown_zone", "Not an IANA time zone such as Asia/Shanghai.");
  }
  RETURN_IF_ERROR(f.Finish());
  return in;
}

}  // namespace

Result<nlohmann::json> Companies::Get(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string(kCompanyColumns) + "WHERE id = ?", company_id));
  if (!row) return NotFound("company");
  return CompanyJson(*row);
}

Result<nlohmann::json> Companies::Update(store::Tx& tx, const Access& who,
                                         const nlohmann::json& body, const VersionCheck& check) {
  ASSIGN_OR_RETURN(nlohmann::json before, Get(tx, who.company_id()));
  RETURN_IF_ERROR(check(before["version"].get<int64_t>()));
  ASSIGN_OR_RETURN(CompanyInput in, ReadCompany(body, false, clock_));
  ASSIGN_OR_RETURN(auto row,
                   tx.One("SELECT settings FROM companies WHERE id = ?", who.company_id()));
  auto settings = nlohmann::json::parse(row->Text(0), nullptr, false);
  if (!settings.is_object()) settings = nlohmann::json::object();
  if (in.require_totp) settings["require_totp_for_admins"] = *in.require_totp;
  ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE companies SET name = COALESCE(?, name), currency = COALESCE(?, currency), "
              "time_zone = COALESCE(?, time_zone), settings = ?, version = version + 1 "
              "WHERE id = ? AND version = ?",
              in.name, in.currency, in.time_zone, settings.dump(), who.company_id(),
              before["version"].get<int64_t>()));
  if (n != 1)
    return Status(Code::kStaleVersion, "version.stale", "The company changed concurrently.");
  ASSIGN_OR_RETURN(nlohmann::json after, Get(tx, who.company_id()));
  nlohmann::json b = before, a = after;
  b.erase("version");
  a.erase("version");
  tx.Audit({"company", who.company_id(), "update", store::Changes(b, a), std::nullopt});
  tx.Emit({"company.updated", "company", who.company_id(), after, std::nullopt});
  return after;
}

Result<nlohmann::json> Companies::ListForUser(store::Tx& tx, int64_t user_id) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT c.id, c.name FROM companies c JOIN company_members m "
                                      "ON m.company_id = c.id WHERE m.user_id = ? ORDER BY c.id",
                                      user_id));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) out.push_back({{"id", r.Int(0)}, {"name", r.Text(1)}});
  return out;
}

Result<std::optional<int64_t>> Companies::FirstCompanyId(store::Tx& tx) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT MIN(id) FROM companies"));
  if (!row || row->IsNull(0)) return std::optional<int64_t>();
  return std::optional<int64_t>(row->Int(0));
}

Result<nlohmann::json> Companies::Create(store::Tx& tx, const Access& who,
                                         const nlohmann::json& body) {
  ASSIGN_OR_RETURN(CompanyInput in, ReadCompany(body, true, clock_));
  ASSIGN_OR_RETURN(auto ids, CreateSystem(tx, *in.name, *in.currency, *in.time_zone));
  RETURN_IF_ERROR(tx.Exec("INSERT INTO company_members (company_id, user_id) VALUES (?, ?)",
                          ids.first, who.user_id())
                      .status());
  RETURN_IF_ERROR(tx.Exec("INSERT INTO user_roles (company_id, user_id, role_id) VALUES (?, ?, ?)",
                          ids.first, who.user_id(), ids.second)
                      .status());
  return Get(tx, ids.first);
}

Result<std::pair<int64_t, int64_t>> Companies::CreateSystem(store::Tx& tx, const std::string& name,
                                                            const std::string& currency,
                                                            const std::string& time_zone) {
  ASSIGN_OR_RETURN(int64_t id,
                   tx.Insert("INSERT INTO companies (name, currency, time_zone, settings, "
                             "created_at) VALUES (?, ?, ?, '{}', ?) RETURNING id",
                             name, currency, time_zone, clock_.Now().ToIso()));
  tx.Audit({"company",
            id,
            "create",
            {{"name", {nullptr, name}},
             {"currency", {nullptr, currency}},
             {"time_zone", {nullptr, time_zone}}},
            id});
  tx.Emit({"company.created", "company", id, {{"id", id}, {"name", name}}, id});
  ASSIGN_OR_RETURN(int64_t role, roles_.CreateSystem(tx, id, "Administrator", true, {}));
  for (const auto& init : initializers_) RETURN_IF_ERROR(init(tx, id));
  return std::make_pair(id, role);
}

Result<std::string> CompanyCurrency(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT currency FROM companies WHERE id = ?", company_id));
  if (!row) return NotFound("company");
  return row->Text(0);
}

Result<CompanyBasics> GetCompanyBasics(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT name, currency, time_zone, created_at FROM companies "
                                    "WHERE id = ?",
                                    company_id));
  if (!row) return NotFound("company");
  return CompanyBasics{row->Text(0), row->Text(1), row->Text(2), row->Text(3)};
}

Result<Date> CompanyToday(store::Tx& tx, int64_t company_id, const Clock& clock) {
  ASSIGN_OR_RETURN(auto c, GetCompanyBasics(tx, company_id));
  return BusinessDate(clock.Now(), c.time_zone);
}

Result<bool> DepartmentInCompany(store::Tx& tx, int64_t company_id, int64_t department_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT 1 FROM departments WHERE id = ? AND company_id = ?",
                                    department_id, company_id));
  return row.has_value();
}

}  // namespace concord::security

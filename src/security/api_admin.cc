// Administration routes: users, departments, roles, company, permissions, API tokens.
#include "security/api.h"

namespace concord::security {
namespace {

using http::AuthKind;
using http::Ctx;
using http::Response;
using http::RouteDoc;
using http::TxKind;

VersionCheck Checker(Ctx& c, const nlohmann::json* body) {
  return [&c, body](int64_t current) { return c.CheckVersion(current, body); };
}

Response Created(const nlohmann::json& body, const std::string& collection) {
  Response r = Versioned(201, body);
  r.Header("Location", collection + "/" + std::to_string(body["id"].get<int64_t>()));
  return r;
}

const std::vector<http::QueryParamDoc> kPaging = {
    {"limit", "integer", "Page size, 1..500 (default 50)"},
    {"cursor", "string", "next_cursor of the previous page"}};

// --- users
Result<Response> ListUsers(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.SortedPaging(Directory::kUserSorts));
  std::string q = c.req().Query("q").value_or("");
  if (q.size() > 200) return InvalidField("q", "too_long", "q is at most 200 characters.");
  ASSIGN_OR_RETURN(auto out, s.directory.ListUsers(c.tx(), c.access(), page, q));
  return Response::Json(200, out);
}
Result<Response> GetUser(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.directory.GetUser(c.tx(), c.access(), id));
  return Versioned(200, out);
}
Result<Response> CreateUser(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  if (c.access().ScopeOf("security.user.create") != Scope::kCompany) {
    return PermissionDenied("Creating users needs company-wide rights.");
  }
  ASSIGN_OR_RETURN(auto out, s.directory.CreateUser(c.tx(), c.access(), body));
  return Created(out, "/api/v1/users");
}
Result<Response> UpdateUser(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   s.directory.UpdateUser(c.tx(), c.access(), id, body, Checker(c, &body)));
  return Versioned(200, out);
}
Result<Response> ResetPassword(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  Fields f(body);
  auto password = f.Text("password", {.required = true, .max_chars = 1024, .allow_empty = true});
  RETURN_IF_ERROR(f.Finish());
  if (c.access().ScopeOf("security.user.update") != Scope::kCompany) {
    return PermissionDenied("Resetting passwords needs company-wide rights.");
  }
  RETURN_IF_ERROR(s.directory.ResetPassword(c.tx(), c.access(), id, *password));
  return Response::NoContent();
}
Result<Response> RevokeSessions(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  if (c.access().ScopeOf("security.user.update") != Scope::kCompany && id != c.access().user_id()) {
    return PermissionDenied("Revoking other users' sessions needs company-wide rights.");
  }
  RETURN_IF_ERROR(s.directory.RevokeUserSessions(c.tx(), c.access(), id));
  return Response::NoContent();
}

// --- departments
Result<Response> ListDepartments(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto items,
                   s.directory.ListDepartments(c.tx(), c.access(), page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}
Result<Response> GetDepartment(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.directory.GetDepartment(c.tx(), c.access(), id));
  return Versioned(200, out);
}
Result<Response> CreateDepartment(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.directory.CreateDepartment(c.tx(), c.access(), body));
  return Created(out, "/api/v1/departments");
}
Result<Response> UpdateDepartment(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out,
                   s.directory.UpdateDepartment(c.tx(), c.access(), id, body, Checker(c, &body)));
  return Versioned(200, out);
}

// --- roles
Result<Response> ListRoles(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto page, c.Paging());
  ASSIGN_OR_RETURN(auto items, s.roles.List(c.tx(), c.access(), page.limit, page.after));
  return Response::Json(200, http::ListBody(std::move(items), page.limit));
}
Result<Response> GetRole(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto out, s.roles.Get(c.tx(), c.access(), id));
  return Versioned(200, out);
}
Result<Response> CreateRole(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.roles.Create(c.tx(), c.access(), body));
  return Created(out, "/api/v1/roles");
}
Result<Response> UpdateRole(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.roles.Update(c.tx(), c.access(), id, body, Checker(c, &body)));
  return Versioned(200, out);
}
Result<Response> DeleteRole(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  RETURN_IF_ERROR(s.roles.Delete(c.tx(), c.access(), id, Checker(c, nullptr)));
  return Response::NoContent();
}
Result<Response> ListPermissions(Services& s, Ctx&) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& p : s.catalog.All())
    items.push_back({{"name", p.name}, {"description", p.description}});
  return Response::Json(200, {{"items", items}});
}

// --- company
Result<Response> GetCompany(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto out, s.companies.Get(c.tx(), c.access().company_id()));
  return Versioned(200, out);
}
Result<Response> UpdateCompany(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.companies.Update(c.tx(), c.access(), body, Checker(c, &body)));
  return Versioned(200, out);
}
Result<Response> ListCompanies(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto items, s.companies.ListForUser(c.tx(), c.access().user_id()));
  return Response::Json(200, {{"items", items}, {"next_cursor", nullptr}});
}
Result<Response> CreateCompany(Services& s, Ctx& c) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  ASSIGN_OR_RETURN(auto out, s.companies.Create(c.tx(), c.access(), body));
  return Created(out, "/api/v1/companies");
}

}  // namespace

void RegisterAdminRoutes(http::Api& api, Services& s) {
  auto bind = [&s](Result<Response> (*fn)(Services&, Ctx&)) {
    return [&s, fn](Ctx& c) { return fn(s, c); };
  };
  auto add = [&](std::string method, std::string path, std::string perm, RouteDoc doc,
                 Result<Response> (*fn)(Services&, Ctx&)) {
    api.Add({std::move(method), std::move(path), AuthKind::kPermission, std::move(perm),
             TxKind::kDefault, std::move(doc), bind(fn)});
  };
  add("GET", "/api/v1/users", "security.user.read",
      {"List users of the company (record rules apply)",
       "admin",
       nullptr,
       ListOf("User"),
       200,
       {kPaging[0],
        kPaging[1],
        {"q", "string", "Search login and name"},
        http::SortParam(Directory::kUserSorts)}},
      ListUsers);
  add("POST", "/api/v1/users", "security.user.create",
      {"Create a user in the company", "admin", Ref("UserCreate"), Ref("User"), 201}, CreateUser);
  add("GET", "/api/v1/users/{id}", "security.user.read",
      {"Read a user", "admin", nullptr, Ref("User")}, GetUser);
  add("PATCH", "/api/v1/users/{id}", "security.user.update",
      {"Update a user (If-Match required)", "admin", Ref("UserPatch"), Ref("User")}, UpdateUser);
  add("POST", "/api/v1/users/{id}/password", "security.user.update",
      {"Reset a user's password; their sessions end",
       "admin",
       {{"type", "object"}, {"properties", {{"password", {{"type", "string"}}}}}},
       nullptr,
       204},
      ResetPassword);
  add("POST", "/api/v1/users/{id}/revoke-sessions", "security.user.update",
      {"End every session of a user", "admin", nullptr, nullptr, 204}, RevokeSessions);
  add("GET", "/api/v1/departments", "security.department.read",
      {"List departments", "admin", nullptr, ListOf("Department"), 200, kPaging}, ListDepartments);
  add("POST", "/api/v1/departments", "security.department.create",
      {"Create a department", "admin", Ref("DepartmentInput"), Ref("Department"), 201},
      CreateDepartment);
  add("GET", "/api/v1/departments/{id}", "security.department.read",
      {"Read a department", "admin", nullptr, Ref("Department")}, GetDepartment);
  add("PATCH", "/api/v1/departments/{id}", "security.department.update",
      {"Update a department (If-Match required)", "admin", Ref("DepartmentInput"),
       Ref("Department")},
      UpdateDepartment);
  add("GET", "/api/v1/roles", "security.role.read",
      {"List roles", "admin", nullptr, ListOf("Role"), 200, kPaging}, ListRoles);
  add("POST", "/api/v1/roles", "security.role.create",
      {"Create a role", "admin", Ref("RoleInput"), Ref("Role"), 201}, CreateRole);
  add("GET", "/api/v1/roles/{id}", "security.role.read",
      {"Read a role", "admin", nullptr, Ref("Role")}, GetRole);
  add("PATCH", "/api/v1/roles/{id}", "security.role.update",
      {"Update a role (If-Match required)", "admin", Ref("RoleInput"), Ref("Role")}, UpdateRole);
  add("DELETE", "/api/v1/roles/{id}", "security.role.delete",
      {"Delete a role that nobody holds (If-Match required)", "admin", nullptr, nullptr, 204},
      DeleteRole);
  add("GET", "/api/v1/permissions", "security.role.read",
      {"The catalog of permissions",
       "admin",
       nullptr,
       {{"type", "object"}, {"properties", {{"items", {{"type", "array"}}}}}}},
      ListPermissions);
  add("GET", "/api/v1/company", "security.company.read",
      {"The current company's settings", "admin", nullptr, Ref("Company")}, GetCompany);
  add("PATCH", "/api/v1/company", "security.company.update",
      {"Update the company's settings (If-Match required)", "admin", Ref("CompanyInput"),
       Ref("Company")},
      UpdateCompany);
  add("POST", "/api/v1/companies", "security.company.create",
      {"Create a company; the caller becomes its administrator", "admin", Ref("CompanyInput"),
       Ref("Company"), 201},
      CreateCompany);
  api.Add({"GET",
           "/api/v1/companies",
           AuthKind::kAuthenticated,
           "",
           TxKind::kDefault,
           {"The companies the caller belongs to",
            "admin",
            nullptr,
            {{"type", "object"}, {"properties", {{"items", {{"type", "array"}}}}}}},
           bind(ListCompanies)});
}

}  // namespace concord::security

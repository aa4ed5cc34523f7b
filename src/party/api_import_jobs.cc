// Routes of the background imports: submit a CSV import as a job, follow its progress.
#include <map>
#include <string>
#include <vector>

#include "party/api_io.h"
#include "party/import_jobs.h"
#include "party/import_request.h"
#include "security/api.h"

namespace concord::party {
namespace {

using http::AuthKind;
using http::Ctx;
using http::Response;
using http::TxKind;
using nlohmann::json;
using security::Ref;

using Kinds = std::map<std::string, CsvKind>;

// The same checks as the synchronous route of the kind (permission first, then the whole
// request and the file's shape); only the rows' own checks and the writes run in the job.
Result<Response> SubmitJob(Ctx& c, const Kinds& kinds, BackgroundImports& jobs) {
  ASSIGN_OR_RETURN(auto body, c.Body());
  std::vector<std::string> names;
  for (const auto& [name, kind] : kinds) names.push_back(name);
  if (auto it = body.find("kind"); it != body.end() && it->is_string()) {
    if (auto k = kinds.find(it->get<std::string>()); k != kinds.end()) {
      RETURN_IF_ERROR(c.access().Require(k->second.permission));
    }
  }
  ASSIGN_OR_RETURN(auto req, ReadImportRequest(body, "csv", true, names));
  const CsvKind& kind = kinds.at(req.kind);
  ASSIGN_OR_RETURN(ImportJob job, CsvJob(c.tx(), c.access(), kind, req));
  ASSIGN_OR_RETURN(json out, jobs.Submit(c.tx(), c.access(), req.kind, std::move(job)));
  Response r = Response::Json(202, out);
  r.Header("Location", "/api/v1/import-jobs/" + std::to_string(out["id"].get<int64_t>()));
  return r;
}

// A job is shown to the user who submitted it and to those who may run imports of its kind.
Result<Response> GetJob(Ctx& c, const Kinds& kinds, const BackgroundImports& jobs) {
  ASSIGN_OR_RETURN(int64_t id, c.PathId());
  ASSIGN_OR_RETURN(json job, jobs.Get(c.tx(), c.access(), id));
  auto kind = kinds.find(job["kind"].get<std::string>());
  bool mine = job["user_id"].get<int64_t>() == c.access().user_id();
  if (!mine && (kind == kinds.end() || !c.access().Has(kind->second.permission))) {
    return NotFound("import job");
  }
  return Response::Json(200, job);
}

void RegisterJobSchemas(http::Api& api) {
  api.AddSchema("ImportJobRequest", ImportRequestSchema(true));
  api.AddSchema(
      "ImportJob",
      {{"type", "object"},
       {"properties",
        {{"id", {{"type", "integer"}}},
         {"kind", {{"type", "string"}}},
         {"state", {{"type", "string"}, {"enum", {"queued", "running", "done", "failed"}}}},
         {"done", {{"type", "integer"}, {"description", "Rows processed so far"}}},
         {"total", {{"type", "integer"}}},
         {"dry_run", {{"type", "boolean"}}},
         {"user_id", {{"type", "integer"}}},
         {"report",
          {{"description", "When done: the body the synchronous import route answers"}}},
         {"error", {{"description", "When failed: the problem+json the route would answer"}}},
         {"created_at", {{"type", "string"}}},
         {"started_at", {{"type", {"string", "null"}}}},
         {"finished_at", {{"type", {"string", "null"}}}}}}});
}

}  // namespace

void RegisterImportJobRoutes(http::Api& api, ApiServices& s, BackgroundImports& jobs,
                             const LeadCreateFn& create_lead) {
  RegisterJobSchemas(api);
  auto kinds = std::make_shared<const Kinds>(CsvKinds(s, create_lead));
  api.Add({"POST",
           "/api/v1/import-jobs",
           AuthKind::kAuthenticated,
           "",
           TxKind::kDefault,
           {"Start a CSV import (parties: party.party.create, contacts: party.party.update, "
            "leads: crm.lead.create) as a background job; the request and the file's shape are "
            "checked at once (422), the rows by the job, all or nothing",
            "parties", Ref("ImportJobRequest"), Ref("ImportJob"), 202},
           [kinds, &jobs](Ctx& c) { return SubmitJob(c, *kinds, jobs); }});
  api.Add({"GET",
           "/api/v1/import-jobs/{id}",
           AuthKind::kAuthenticated,
           "",
           TxKind::kDefault,
           {"An import job: state, progress, and its report or error when finished", "parties",
            nullptr, Ref("ImportJob")},
           [kinds, &jobs](Ctx& c) { return GetJob(c, *kinds, jobs); }});
}

}  // namespace concord::party

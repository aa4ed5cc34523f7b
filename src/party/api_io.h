// Moving data in and out of the party area over HTTP: CSV imports of parties, contacts and
// (through a hook) leads with column mapping, dry run, a per-row error report and
// all-or-nothing commit; the CSV export of the party list under the caller's filters and record
// rules; vCard 4.0 export and import of a party's contacts.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "party/api.h"

namespace concord::party {

// The CRM area's lead create call (crm::Leads::Create), handed in by the composition root so
// that the party area does not depend on the CRM area.
using LeadCreateFn = std::function<Result<nlohmann::json>(
    store::Tx& tx, const security::Access& who, const nlohmann::json& body)>;

// POST /api/v1/imports/parties, /imports/contacts (and /imports/leads when `create_lead` is
// given), GET /api/v1/exports/parties.csv, GET /api/v1/parties/{id}/contacts.vcf and
// POST /api/v1/parties/{id}/contacts/vcard.
void RegisterImportExportRoutes(http::Api& api, ApiServices& s, LeadCreateFn create_lead = nullptr);

class BackgroundImports;
// POST /api/v1/import-jobs and GET /api/v1/import-jobs/{id}: the CSV imports above as
// background jobs (party/import_jobs.h) run by `jobs`, which must outlive the routes.
void RegisterImportJobRoutes(http::Api& api, ApiServices& s, BackgroundImports& jobs,
                             const LeadCreateFn& create_lead = nullptr);

}  // namespace concord::party

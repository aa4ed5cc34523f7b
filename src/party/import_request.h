// Reading an import request (the CSV and its options) into an ImportJob, shared by the
// synchronous import routes and the background import jobs so that both accept and refuse
// exactly the same files. Internal to the party area.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "party/api_io.h"
#include "party/import.h"

namespace concord::party {

struct ImportRequest {
  std::string kind;  // only in a background job's request: "parties", "contacts" or "leads"
  std::string text;
  nlohmann::json mapping;
  bool dry_run = false;
  bool allow_duplicates = false;
  char delimiter = ',';
};

// The body's fields; `text_field` holds the file ("csv" or "vcard"); `csv` also reads mapping
// and delimiter; `with_kind` also requires "kind" (one of `kinds`). Every error together (422).
Result<ImportRequest> ReadImportRequest(const nlohmann::json& body, const std::string& text_field,
                                        bool csv, const std::vector<std::string>& kinds = {});

// The JSON schema of the request body; `with_kind` for a background job's ("kind" required).
nlohmann::json ImportRequestSchema(bool with_kind);

// One kind of CSV import.
struct CsvKind {
  const std::vector<ImportField>* fields = nullptr;
  std::vector<std::string> required;
  void (*shape)(std::vector<ImportItem>&, const std::string&) = nullptr;
  std::function<CreateFn(const std::string& country)> creator;
  std::function<std::string(const std::string&)> field_name;
  std::string permission;  // needed to run it
};

// The CSV imports by kind: "parties", "contacts", and "leads" when `create_lead` is given.
// The creators refer to `s`, which must outlive them.
std::map<std::string, CsvKind> CsvKinds(ApiServices& s, const LeadCreateFn& create_lead);

// The rows of the request's CSV, shaped into create bodies. InvalidArgument (field "csv" or
// "mapping/...") for a malformed file or one without rows, kTooLarge past kMaxImportRows.
Result<ImportJob> CsvJob(store::Tx& tx, const security::Access& who, const CsvKind& kind,
                         const ImportRequest& req);

}  // namespace concord::party

// Reading import requests into import jobs (see import_request.h).
#include "party/import_request.h"

#include "party/internal.h"

namespace concord::party {

using nlohmann::json;

Result<ImportRequest> ReadImportRequest(const json& body, const std::string& text_field, bool csv,
                                        const std::vector<std::string>& kinds) {
  Fields f(body);
  ImportRequest r;
  if (!kinds.empty()) {
    if (auto k = f.Enum("kind", kinds, true)) r.kind = *k;
  }
  const json* text = f.Raw(text_field);
  if (!text || !text->is_string()) {
    f.Error(text_field, text ? "type" : "required", text_field + " is the text of the file.");
  } else {
    r.text = text->get<std::string>();
  }
  if (csv) {
    if (const json* m = f.Raw("mapping")) r.mapping = *m;
    if (auto d = f.Enum("delimiter", {",", ";", "\t"})) r.delimiter = (*d)[0];
  }
  r.dry_run = f.Bool("dry_run").value_or(false);
  r.allow_duplicates = f.Bool("allow_duplicates").value_or(false);
  RETURN_IF_ERROR(f.Finish());
  return r;
}

json ImportRequestSchema(bool with_kind) {
  json schema = {
      {"type", "object"},
      {"required", {"csv"}},
      {"properties",
       {{"csv", {{"type", "string"}, {"description", "The CSV file (RFC 4180, UTF-8)"}}},
        {"mapping",
         {{"type", "object"},
          {"description", "CSV header -> field name (null skips the column)"},
          {"additionalProperties", {{"type", {"string", "null"}}}}}},
        {"delimiter", {{"type", "string"}, {"enum", {",", ";", "\t"}}}},
        {"dry_run", {{"type", "boolean"}}},
        {"allow_duplicates", {{"type", "boolean"}}}}}};
  if (with_kind) {
    schema["required"] = {"kind", "csv"};
    schema["properties"]["kind"] = {{"type", "string"},
                                    {"enum", {"parties", "contacts", "leads"}}};
  }
  return schema;
}

std::map<std::string, CsvKind> CsvKinds(ApiServices& s, const LeadCreateFn& create_lead) {
  std::map<std::string, CsvKind> kinds;
  kinds["parties"] = {&PartyImportFields(),
                      {"name"},
                      ShapePartyItems,
                      [&s](const std::string&) { return PartyCreator(s.parties); },
                      PartyFieldName,
                      "party.party.create"};
  kinds["contacts"] = {
      &ContactImportFields(),
      {"name"},
      ShapeContactItems,
      [&s](const std::string& country) { return ContactCreator(s.parties, country); },
      nullptr,
      "party.party.update"};
  if (create_lead) {
    kinds["leads"] = {&LeadImportFields(),
                      {"title"},
                      ShapeLeadItems,
                      [create_lead](const std::string&) -> CreateFn {
                        return [create_lead](store::Tx& tx, const security::Access& who,
                                             const json& body,
                                             bool) { return create_lead(tx, who, body); };
                      },
                      nullptr,
                      "crm.lead.create"};
  }
  return kinds;
}

Result<ImportJob> CsvJob(store::Tx& tx, const security::Access& who, const CsvKind& kind,
                         const ImportRequest& req) {
  ASSIGN_OR_RETURN(auto items,
                   CsvItems(req.text, req.delimiter, req.mapping, *kind.fields, kind.required));
  if (items.empty()) return InvalidField("csv", "empty", "The file holds nothing to import.");
  ASSIGN_OR_RETURN(std::string country, internal::DefaultCountry(tx, who.company_id()));
  kind.shape(items, country);
  ImportJob job;
  job.items = std::move(items);
  job.create = kind.creator(country);
  job.field_name = kind.field_name;
  job.dry_run = req.dry_run;
  job.allow_duplicates = req.allow_duplicates;
  return job;
}

}  // namespace concord::party

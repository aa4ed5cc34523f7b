// Importing records in bulk (CSV rows, vCard cards), all or nothing.
//
// Every item goes through the same service call as the API's create route (Parties::Create,
// Parties::CreateContact, Leads::Create ...), so an import can write nothing the API would
// refuse. Items run in the caller's write transaction, each under its own savepoint: a failed
// item leaves no trace and the next ones are still checked, so that one answer lists every
// problem. The caller commits only when the report has no errors and it is not a dry run; a dry
// run undoes everything itself (its audit records and events go to a scratch journal that is
// never written).
//
// Thread-safety: stateless functions.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "party/csv.h"
#include "party/service.h"
#include "party/vcard.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::party {

inline constexpr size_t kMaxImportRows = 5000;

// How a CSV cell becomes a JSON value of the request body.
enum class FieldType {
  kText,  // a string
  kInt,   // an integer ("12")
  kList,  // "a;b" -> ["a", "b"]
};

struct ImportField {
  std::string name;
  FieldType type = FieldType::kText;
};

// One record to create.
struct ImportItem {
  int64_t number = 0;                              // 1-based data row (header excluded) or card
  int64_t line = 0;                                // line of the file where it starts
  nlohmann::json body = nlohmann::json::object();  // the create request
  // Problems found while reading it: [{"field", "code", "message"}].
  nlohmann::json errors = nlohmann::json::array();
  // {field, normalised value} compared with earlier items to find duplicates within the file.
  std::vector<std::pair<std::string, std::string>> keys;
  bool create = true;  // false when the item could not be read at all (only errors reported)
};

// Creates one record. With `check_duplicates` false, likely duplicates are allowed (the caller
// allowed them, or the item is already reported as a duplicate within the file).
using CreateFn = std::function<Result<nlohmann::json>(
    store::Tx& tx, const security::Access& who, const nlohmann::json& body, bool check_duplicates)>;

struct ImportJob {
  std::string unit = "row";  // the key naming an item in errors: "row" or "card"
  std::vector<ImportItem> items;
  CreateFn create;
  // Maps a field of the service's errors to the import's name ("addresses/0/line1" ->
  // "address_line1"); identity when empty.
  std::function<std::string(const std::string&)> field_name;
  bool dry_run = false;
  bool allow_duplicates = false;  // also allows duplicates within the file
  // Told the number of items processed so far, every kProgressEvery items and after the last
  // one; returning false stops the import with Unavailable "import.interrupted" (the caller
  // rolls back). Called on the importing thread inside its transaction: keep it cheap and
  // never touch the database from it.
  std::function<bool(int64_t done)> progress;
};

inline constexpr int64_t kProgressEvery = 10;

struct ImportReport {
  int64_t items = 0;
  std::vector<int64_t> ids;  // of the created records, in item order
  // [{unit: n, "line", "field", "code", "message", ("candidates", "duplicate_of_<unit>")}]
  nlohmann::json errors = nlohmann::json::array();
};

// Runs the job in `tx` (see the file comment). Per-item failures (invalid fields, duplicates,
// references not found) go into the report; anything else (database failure, serialization
// conflict) is returned as is, so that the request fails or is retried whole.
Result<ImportReport> RunImport(store::Tx& tx, const security::Access& who, const ImportJob& job);

// What an import answers: InvalidArgument "import.rejected" carrying every error (and the counts)
// when the report has errors; otherwise the HTTP status and body of the success: 201
// {"created", "ids"}, or 200 {"dry_run", "<unit>s", "would_create"} for a dry run.
struct ImportAnswer {
  int status = 201;
  nlohmann::json body;
};
Result<ImportAnswer> AnswerOf(const ImportJob& job, const ImportReport& report);

// Items of a CSV text: the first record names the columns; `mapping` (a JSON object, may be
// null) maps a column header to a field name, or to null to ignore the column; an unmapped
// column whose header equals a field name (case-insensitive) feeds that field. Blank records
// are skipped. InvalidArgument (field "csv" or "mapping/<header>") for a malformed file, an
// unknown column, two columns for one field, or a missing `required` field; kTooLarge for more
// than kMaxImportRows data records.
Result<std::vector<ImportItem>> CsvItems(std::string_view csv, char delimiter,
                                         const nlohmann::json& mapping,
                                         const std::vector<ImportField>& fields,
                                         const std::vector<std::string>& required);

// ---- what can be imported

// Parties: the fields of PartyInput with roles and tags as "a;b" and one address as
// address_line1, address_line2, address_city, address_region, address_postal_code,
// address_country and address_kind (default billing). An empty or missing kind is
// "organization". Cells are trimmed; an empty cell is an absent field; a leading apostrophe
// that guarded a formula in an export ("'=x") is dropped.
const std::vector<ImportField>& PartyImportFields();
// Turns CsvItems of parties into create bodies and fills the duplicate keys. `country` is the
// one national phone numbers are read in.
void ShapePartyItems(std::vector<ImportItem>& items, const std::string& country);
std::string PartyFieldName(const std::string& service_field);
CreateFn PartyCreator(const Parties& parties);

// Contacts: party_id, party_tax_id or party_email (in this order of preference) name the party;
// tax id and e-mail must match exactly one party the caller may see (an e-mail also matches a
// party through one of its contacts, as duplicate detection does). Then the contact fields.
const std::vector<ImportField>& ContactImportFields();
void ShapeContactItems(std::vector<ImportItem>& items, const std::string& country);
// Creates one contact, finding its party by the body's "party" reference and refusing a likely
// duplicate (same e-mail or phone as a contact the party already has) unless allowed.
CreateFn ContactCreator(const Parties& parties, const std::string& country);

// Leads (the CRM area's create call is passed in by the composition root).
const std::vector<ImportField>& LeadImportFields();
void ShapeLeadItems(std::vector<ImportItem>& items, const std::string& country);

// ---- vCard

// Contacts of one party as cards (ORG = the party's name). `contacts` is ListContacts' answer.
std::vector<vcard::Card> ContactCards(int64_t company_id, const std::string& party_name,
                                      const nlohmann::json& contacts, const nlohmann::json& address,
                                      const std::string& country);
// Items creating a contact of `party_id` from each card: FN (else N) -> name, TITLE ->
// job_title, the preferred EMAIL -> email, the first voice TEL -> phone and the first cell TEL
// -> mobile (fax and pager skipped), NOTE -> notes, LANG -> language. Structural problems and
// text outside any card become item errors.
std::vector<ImportItem> VCardItems(std::string_view text, int64_t party_id,
                                   const std::string& country);

}  // namespace concord::party

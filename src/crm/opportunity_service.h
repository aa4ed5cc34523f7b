// Opportunities and their pipeline stages. An opportunity always sits in one stage of the
// company's pipeline; moving it (MoveStage) closes the open stage-history row and opens the
// next one, and a won/lost stage closes the opportunity (status won/lost, closed_at), while a
// move back to an open stage reopens it. Stages are company-wide configuration with a default
// probability; their outcome (open, won, lost) is fixed when they are created.
//
// Every method runs inside the caller's transaction and goes through security::Access:
// lists use Visible("crm.opportunity.read", "t."), single reads CheckRecord (another company's
// or an invisible opportunity is "not found"); mutations check the record under the update
// permission. Amounts are decimal strings in the opportunity's currency (core/money.h).
// Thread-safety: stateless apart from the references given at construction.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/json_input.h"
#include "core/status.h"
#include "core/time.h"
#include "party/service.h"
#include "security/access.h"
#include "store/tx.h"

namespace concord::crm {

using VersionCheck = party::VersionCheck;

struct OpportunityFilter {
  std::optional<int64_t> party_id;
  std::optional<int64_t> stage_id;
  std::optional<int64_t> owner_user_id;
  std::string status;  // open | won | lost | "" (all)
};

class Opportunities {
 public:
  Opportunities(const Clock& clock, const party::Parties& parties)
      : clock_(clock), parties_(parties) {}

  // Keyset page (id > after, at most limit + 1 rows for http::ListBody).
  Result<nlohmann::json> List(store::Tx& tx, const security::Access& who,
                              const OpportunityFilter& f, int64_t limit, int64_t after) const;
  Result<nlohmann::json> Get(store::Tx& tx, const security::Access& who, int64_t id) const;
  // Body: name, party_id (required), contact_id, stage_id (default: the first active open
  // stage), amount + currency (default the company's currency), probability (default the
  // stage's), expected_close, competitors, campaign_id, owner_user_id. `lead_id` links the
  // lead it was converted from. Field errors for every invalid or foreign reference.
  Result<nlohmann::json> Create(store::Tx& tx, const security::Access& who,
                                const nlohmann::json& body,
                                std::optional<int64_t> lead_id = std::nullopt) const;
  // The same fields (party_id, contact_id, expected_close, campaign_id nullable where
  // optional); the stage only moves through MoveStage.
  Result<nlohmann::json> Update(store::Tx& tx, const security::Access& who, int64_t id,
                                const nlohmann::json& body, const VersionCheck& check) const;
  // Body {"stage_id", "lost_reason" (required for a lost stage)}. `check` may be empty (no
  // version given). FailedPrecondition when the opportunity is already in that stage.
  Result<nlohmann::json> MoveStage(store::Tx& tx, const security::Access& who, int64_t id,
                                   const nlohmann::json& body, const VersionCheck& check) const;

  // Pipeline stages of the caller's company, by sequence (`all`: inactive ones too).
  Result<nlohmann::json> ListStages(store::Tx& tx, const security::Access& who, bool all) const;
  Result<nlohmann::json> GetStage(store::Tx& tx, const security::Access& who, int64_t id) const;
  // Body: name, outcome (open|won|lost), probability (0..100; won 100 and lost 0 by default),
  // sequence (default: after the last), active.
  Result<nlohmann::json> CreateStage(store::Tx& tx, const security::Access& who,
                                     const nlohmann::json& body) const;
  // name, sequence, probability, active; the outcome is fixed. The last active open stage
  // cannot be deactivated.
  Result<nlohmann::json> UpdateStage(store::Tx& tx, const security::Access& who, int64_t id,
                                     const nlohmann::json& body, const VersionCheck& check) const;

 private:
  Result<nlohmann::json> Load(store::Tx& tx, int64_t company_id, int64_t id) const;
  Result<nlohmann::json> LoadChecked(store::Tx& tx, const security::Access& who, int64_t id,
                                     const std::string& permission) const;

  const Clock& clock_;
  const party::Parties& parties_;
};

// A row as JSON (store::RowJson) whose named columns are integers (or null) whatever type the
// driver reported for them.
nlohmann::json TypedRow(const store::Record& r, std::initializer_list<const char*> ints);
// The company's currency (companies.currency).
Result<std::string> CompanyCurrency(store::Tx& tx, int64_t company_id);
// Copies the field errors of an InvalidArgument status (e.g. from Parties::CheckLink) into the
// reader `f`; returns any other non-OK status unchanged, OK otherwise.
Status FieldErrorsInto(Fields& f, const Status& st);
// Adds the field error campaign_id/not_found to `f` unless `id` is empty or a campaign of the
// company.
Status CheckCampaignLink(store::Tx& tx, Fields& f, int64_t company_id, std::optional<int64_t> id);
// A decimal amount in `currency` (money.h rules: at most the currency's minor digits, not
// negative) in canonical form; nullopt after adding field errors to `f`.
std::optional<std::string> CheckAmount(Fields& f, const std::string& field,
                                       const std::string& amount, const std::string& currency,
                                       const std::string& currency_field);

}  // namespace concord::crm

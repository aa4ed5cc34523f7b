// Scaffolding replaced below.
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "party/service.h"

namespace concord::party {

Result<PartyFilter> ParseFilter(const nlohmann::json&) { return PartyFilter{}; }
nlohmann::json FilterJson(const PartyFilter&) { return nlohmann::json::object(); }
Result<security::Ownership> PartyOwnership(store::Tx&, int64_t) { return Internal("todo"); }
Result<nlohmann::json> Parties::List(store::Tx& tx, const security::Access& who, const PartyFilter& f, int64_t limit, const std::string& cursor) const { return Internal("todo"); }
Result<std::vector<int64_t>> Parties::MatchIds(store::Tx& tx, const security::Access& who, const PartyFilter& f, int64_t max_rows) const { return Internal("todo"); }
Result<nlohmann::json> Parties::Get(store::Tx& tx, const security::Access& who, int64_t id) const { return Internal("todo"); }
Result<nlohmann::json> Parties::Create(store::Tx& tx, const security::Access& who, const nlohmann::json& body) const { return Internal("todo"); }
Result<nlohmann::json> Parties::Update(store::Tx& tx, const security::Access& who, int64_t id, const nlohmann::json& body, const VersionCheck& check) const { return Internal("todo"); }
Result<nlohmann::json> Parties::FindDuplicates(store::Tx& tx, const security::Access& who, const DuplicateProbe& probe) const { return Internal("todo"); }
Result<nlohmann::json> Parties::Merge(store::Tx& tx, const security::Access& who, int64_t survivor, int64_t merged, const VersionCheck& check) const { return Internal("todo"); }
Status Parties::CheckLink(store::Tx& tx, const security::Access& who, int64_t party_id, const std::string& field, const std::string& permission) const { return Internal("todo"); }
Status Parties::CheckContactLink(store::Tx& tx, const security::Access& who, int64_t contact_id, std::optional<int64_t> party_id, const std::string& field) const { return Internal("todo"); }
Result<nlohmann::json> Parties::ListContacts(store::Tx& tx, const security::Access& who, int64_t party_id) const { return Internal("todo"); }
Result<nlohmann::json> Parties::GetContact(store::Tx& tx, const security::Access& who, int64_t contact_id) const { return Internal("todo"); }
Result<nlohmann::json> Parties::CreateContact(store::Tx& tx, const security::Access& who, int64_t party_id, const nlohmann::json& body) const { return Internal("todo"); }
Result<nlohmann::json> Parties::UpdateContact(store::Tx& tx, const security::Access& who, int64_t contact_id, const nlohmann::json& body, const VersionCheck& check) const { return Internal("todo"); }
Result<nlohmann::json> Parties::ListAddresses(store::Tx& tx, const security::Access& who, int64_t party_id) const { return Internal("todo"); }
Result<nlohmann::json> Parties::CreateAddress(store::Tx& tx, const security::Access& who, int64_t party_id, const nlohmann::json& body) const { return Internal("todo"); }
Result<nlohmann::json> Parties::UpdateAddress(store::Tx& tx, const security::Access& who, int64_t party_id, int64_t address_id, const nlohmann::json& body, const VersionCheck& check) const { return Internal("todo"); }
Result<nlohmann::json> Parties::ListConsents(store::Tx& tx, const security::Access& who, int64_t party_id) const { return Internal("todo"); }
Result<nlohmann::json> Parties::RecordConsent(store::Tx& tx, const security::Access& who, int64_t party_id, const nlohmann::json& body) const { return Internal("todo"); }
Result<nlohmann::json> Parties::Overview(store::Tx& tx, const security::Access& who, int64_t id) const { return Internal("todo"); }
}  // namespace concord::party

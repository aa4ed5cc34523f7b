// Parties: read, create, update, and the link checks other areas use.
#include "party/service.h"

#include "party/input.h"
#include "party/internal.h"
#include "party/normalize.h"
#include "party/ownership.h"
#include "store/row_json.h"

namespace concord::party {

using namespace internal;  // NOLINT: the area's own helpers

namespace {

// Column list and placeholders of an INSERT / assignments of an UPDATE.
struct SqlParts {
  std::string columns, placeholders, assignments;
  std::vector<store::Value> params;
};

SqlParts Parts(const std::map<std::string, store::Value>& cols) {
  SqlParts p;
  for (const auto& [col, value] : cols) {
    if (!p.columns.empty()) {
      p.columns += ", ";
      p.placeholders += ", ";
      p.assignments += ", ";
    }
    p.columns += col;
    p.placeholders += "?";
    p.assignments += col + " = ?";
    p.params.push_back(value);
  }
  return p;
}

std::string TextOf(const std::map<std::string, store::Value>& cols, const std::string& col,
                   const std::string& fallback) {
  auto it = cols.find(col);
  if (it == cols.end()) return fallback;
  const auto* s = std::get_if<std::string>(&it->second);
  return s ? *s : std::string();
}

Status WriteTags(store::Tx& tx, int64_t company, int64_t party,
                 const std::vector<std::string>& tags) {
  RETURN_IF_ERROR(tx.Exec("DELETE FROM party_tags WHERE party_id = ?", party).status());
  for (const auto& tag : tags) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO party_tags (company_id, party_id, tag) VALUES (?, ?, ?)",
                            company, party, tag)
                        .status());
  }
  return Status::Ok();
}

Status WriteIdentifiers(store::Tx& tx, int64_t company, int64_t party, const nlohmann::json& ids,
                        const std::string& now) {
  Status taken = InvalidArgument("validation.failed", "The request has invalid fields.");
  bool any_taken = false;
  for (size_t i = 0; i < ids.size(); ++i) {
    const auto& id = ids[i];
    ASSIGN_OR_RETURN(auto other,
                     tx.One("SELECT party_id FROM party_identifiers WHERE company_id = "
                            "? AND kind = ? AND system = ? AND value_norm = ? AND "
                            "party_id <> ?",
                            company, id["kind"].get<std::string>(), id["system"].get<std::string>(),
                            id["value_norm"].get<std::string>(), party));
    if (other) {
      any_taken = true;
      taken.AddFieldError("identifiers/" + std::to_string(i) + "/value", "taken",
                          "Another party already has this identifier.");
    }
  }
  if (any_taken) return taken;
  RETURN_IF_ERROR(tx.Exec("DELETE FROM party_identifiers WHERE party_id = ?", party).status());
  for (const auto& id : ids) {
    ASSIGN_OR_RETURN(auto dup,
                     tx.One("SELECT 1 FROM party_identifiers WHERE company_id = ? AND "
                            "kind = ? AND system = ? AND value_norm = ?",
                            company, id["kind"].get<std::string>(), id["system"].get<std::string>(),
                            id["value_norm"].get<std::string>()));
    if (dup) continue;  // the same identifier twice in one body
    RETURN_IF_ERROR(tx.Exec("INSERT INTO party_identifiers (company_id, party_id, kind, system, "
                            "value, value_norm, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            company, party, id["kind"].get<std::string>(),
                            id["system"].get<std::string>(), id["value"].get<std::string>(),
                            id["value_norm"].get<std::string>(), now)
                        .status());
  }
  return Status::Ok();
}

Result<std::string> CompanyCurrency(store::Tx& tx, int64_t company) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT currency FROM companies WHERE id = ?", company));
  return row ? row->Text(0) : std::string("CNY");
}

// Likely duplicates of the input (merged with the stored row on update).
Status CheckDuplicates(const Parties& parties, store::Tx& tx, const security::Access& who,
                       const PartyInput& in, const store::Record* before) {
  DuplicateProbe probe;
  auto raw = [&](const char* col) {
    return TextOf(in.cols, col, before && !before->IsNull(col) ? before->Text(col) : "");
  };
  probe.exclude_id = before ? before->Int("id") : 0;
  probe.name = raw("name");
  probe.email = raw("email");
  probe.phone = raw("phone");
  probe.tax_id = raw("tax_id");
  if (in.addresses && !in.addresses->empty()) {
    probe.city = (*in.addresses)[0].value("city", "");
  }
  ASSIGN_OR_RETURN(auto candidates, parties.FindDuplicates(tx, who, probe));
  if (!candidates.empty()) return DuplicateConflict(candidates);
  return Status::Ok();
}

bool TouchesIdentity(const PartyInput& in) {
  for (const char* col : {"name", "email", "phone", "tax_id"}) {
    if (in.cols.count(col)) return true;
  }
  return false;
}

}  // namespace

Result<nlohmann::json> Parties::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  ASSIGN_OR_RETURN(auto row, VisibleParty(tx, who, id));
  return PartyJson(tx, row);
}

Result<nlohmann::json> Parties::Create(store::Tx& tx, const security::Access& who,
                                       const nlohmann::json& body) const {
  InputContext ctx{true, "", ""};
  ASSIGN_OR_RETURN(ctx.country, DefaultCountry(tx, who.company_id()));
  ASSIGN_OR_RETURN(ctx.currency, CompanyCurrency(tx, who.company_id()));
  ASSIGN_OR_RETURN(PartyInput in, ReadPartyInput(body, ctx));
  ASSIGN_OR_RETURN(Owner owner, ResolveOwner(tx, who, "party.party.create", in.owner_user_id));
  if (!in.allow_duplicates) RETURN_IF_ERROR(CheckDuplicates(*this, tx, who, in, nullptr));
  std::string now = clock_.Now().ToIso();
  in.cols["company_id"] = who.company_id();
  in.cols["owner_user_id"] = store::ToValue(owner.user_id);
  in.cols["department_id"] = store::ToValue(owner.department_id);
  if (!in.cols.count("currency")) in.cols["currency"] = ctx.currency;
  in.cols["created_at"] = now;
  in.cols["updated_at"] = now;
  SqlParts p = Parts(in.cols);
  ASSIGN_OR_RETURN(int64_t id, tx.InsertV("INSERT INTO parties (" + p.columns + ") VALUES (" +
                                              p.placeholders + ") RETURNING id",
                                          p.params));
  if (in.tags) RETURN_IF_ERROR(WriteTags(tx, who.company_id(), id, *in.tags));
  if (in.identifiers)
    RETURN_IF_ERROR(WriteIdentifiers(tx, who.company_id(), id, *in.identifiers, now));
  if (in.addresses) {
    for (const auto& a : *in.addresses) {
      RETURN_IF_ERROR(InsertAddress(tx, who.company_id(), id, a, now).status());
    }
  }
  RETURN_IF_ERROR(WriteSearchKeys(tx, who.company_id(), id, TextOf(in.cols, "name", ""),
                                  TextOf(in.cols, "email_norm", ""),
                                  TextOf(in.cols, "phone_norm", "")));
  ASSIGN_OR_RETURN(auto row, LoadParty(tx, id));
  ASSIGN_OR_RETURN(auto out, PartyJson(tx, *row));
  tx.Audit({"party", id, "create", store::Changes(nlohmann::json::object(), out)});
  tx.Emit({"party.created", "party", id, {{"name", out["name"]}, {"roles", out["roles"]}}});
  return out;
}

Result<nlohmann::json> Parties::Update(store::Tx& tx, const security::Access& who, int64_t id,
                                       const nlohmann::json& body,
                                       const VersionCheck& check) const {
  ASSIGN_OR_RETURN(auto before, VisibleParty(tx, who, id, kUpdate));
  if (!before.IsNull("merged_into_id")) {
    return FailedPrecondition("party.merged", "This party was merged into party " +
                                                  std::to_string(before.Int("merged_into_id")) +
                                                  "; edit that one.");
  }
  RETURN_IF_ERROR(check(before.Int("version")));
  ASSIGN_OR_RETURN(auto before_json, PartyJson(tx, before));
  InputContext ctx{false, "", before.OptText("currency").value_or("CNY")};
  ASSIGN_OR_RETURN(ctx.country, DefaultCountry(tx, who.company_id()));
  ASSIGN_OR_RETURN(PartyInput in, ReadPartyInput(body, ctx));
  if (in.owner_given) {
    ASSIGN_OR_RETURN(Owner owner, ResolveOwner(tx, who, kUpdate, in.owner_user_id));
    in.cols["owner_user_id"] = store::ToValue(owner.user_id);
    in.cols["department_id"] = store::ToValue(owner.department_id);
  }
  if (!in.allow_duplicates && TouchesIdentity(in)) {
    RETURN_IF_ERROR(CheckDuplicates(*this, tx, who, in, &before));
  }
  std::string now = clock_.Now().ToIso();
  in.cols["updated_at"] = now;
  SqlParts p = Parts(in.cols);
  p.params.emplace_back(id);
  RETURN_IF_ERROR(
      tx.ExecV("UPDATE parties SET " + p.assignments + ", version = version + 1 WHERE id = ?",
               p.params)
          .status());
  if (in.tags) RETURN_IF_ERROR(WriteTags(tx, who.company_id(), id, *in.tags));
  if (in.identifiers)
    RETURN_IF_ERROR(WriteIdentifiers(tx, who.company_id(), id, *in.identifiers, now));
  ASSIGN_OR_RETURN(auto row, LoadParty(tx, id));
  if (TouchesIdentity(in)) {
    RETURN_IF_ERROR(WriteSearchKeys(tx, who.company_id(), id, row->Text("name"),
                                    row->OptText("email_norm").value_or(""),
                                    row->OptText("phone_norm").value_or("")));
  }
  ASSIGN_OR_RETURN(auto out, PartyJson(tx, *row));
  nlohmann::json changes = store::Changes(before_json, out);
  changes.erase("version");
  changes.erase("updated_at");
  tx.Audit({"party", id, "update", changes});
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& [field, change] : changes.items()) fields.push_back(field);
  tx.Emit({"party.updated", "party", id, {{"fields", fields}}});
  return out;
}

Status Parties::CheckLink(store::Tx& tx, const security::Access& who, int64_t party_id,
                          const std::string& field, const std::string& permission) const {
  ASSIGN_OR_RETURN(auto row, LoadParty(tx, party_id));
  if (!row || row->Int("active") == 0 ||
      !who.CheckRecord(
              permission,
              {row->Int("company_id"), row->OptInt("owner_user_id"), row->OptInt("department_id")},
              "party")
           .ok()) {
    return InvalidField(field, "not_found", "No such active party.");
  }
  return Status::Ok();
}

Status Parties::CheckContactLink(store::Tx& tx, const security::Access& who, int64_t contact_id,
                                 std::optional<int64_t> party_id, const std::string& field) const {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT party_id, active FROM party_contacts WHERE id = ? AND "
                                    "company_id = ?",
                                    contact_id, who.company_id()));
  if (!row || row->Int("active") == 0 || (party_id && row->Int("party_id") != *party_id) ||
      !CheckLink(tx, who, row->Int("party_id"), field).ok()) {
    return InvalidField(field, "not_found",
                        party_id ? "No such contact of this party." : "No such contact.");
  }
  return Status::Ok();
}

Result<security::Ownership> PartyOwnership(store::Tx& tx, int64_t party_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT company_id, owner_user_id, department_id FROM parties "
                                    "WHERE id = ?",
                                    party_id));
  if (!row) return NotFound("party");
  return security::Ownership{row->Int(0), row->OptInt(1), row->OptInt(2)};
}

}  // namespace concord::party

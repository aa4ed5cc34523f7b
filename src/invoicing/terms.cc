#include "invoicing/terms.h"

#include "accounting/taxes.h"
#include "core/decimal.h"
#include "core/json_input.h"
#include "store/row_json.h"

namespace concord::invoicing {
namespace {

using nlohmann::json;

constexpr int64_t kHundredPercent = 1000000;  // percent × 10^4
constexpr size_t kMaxTermLines = 12;
constexpr int32_t kMaxDays = 3660;

// One line; errors go to `f` under the line's own field names.
TermLine ReadTermLine(Fields& f, bool last) {
  TermLine l;
  const json* p = f.Raw("percent");
  if (!p) {
    f.Error("percent", "required", "percent is a decimal string or \"balance\".");
  } else if (!p->is_string()) {
    f.Error("percent", "type", "percent is a decimal string or \"balance\".");
  } else if (p->get<std::string>() == "balance") {
    if (!last)
      f.Error("percent", "invoicing.balance_not_last", "Only the last line is the balance.");
  } else {
    auto rate = accounting::ParseRate(std::string_view(p->get<std::string>()));
    if (!rate.ok() || *rate <= 0) {
      f.Error("percent", "invoicing.percent", "percent is more than 0 and at most 100.");
    } else {
      l.percent = *rate;
    }
  }
  l.days = static_cast<int32_t>(f.Int("days", true, 0, kMaxDays).value_or(0));
  l.end_of_month = f.Bool("end_of_month").value_or(false);
  return l;
}

Status CheckPercentSum(const std::vector<TermLine>& lines, const std::string& field) {
  int64_t sum = 0;
  for (const auto& l : lines) sum += l.percent.value_or(0);
  bool balance = !lines.back().percent.has_value();
  if (balance ? sum >= kHundredPercent : sum != kHundredPercent) {
    return InvalidField(field, "invoicing.percent_sum",
                        balance ? "The percentages before the balance line are less than 100."
                                : "The percentages add up to 100 (or end with a balance line).");
  }
  return Status::Ok();
}

Date DueDate(const TermLine& l, Date date) {
  Date due = date.AddDays(l.days);
  if (!l.end_of_month) return due;
  auto first = Date::FromYmd(due.year(), due.month(), 1);
  return first.ok() ? first->AddMonths(1).AddDays(-1) : due;
}

json TermJson(const store::Record& r) {
  json j = store::RowJson(r);
  json lines = json::parse(r.Text("lines"), nullptr, false);
  j["lines"] = lines.is_discarded() ? json::array() : lines;
  j["advance_required"] = r.Int("advance_required") != 0;
  j["is_default"] = r.Int("is_default") != 0;
  j["active"] = r.Int("active") != 0;
  j.erase("company_id");
  return j;
}

constexpr const char* kTermColumns =
    "id, company_id, name, lines, advance_required, is_default, active, version, created_at, "
    "updated_at";

Result<store::Record> LoadTerm(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One(std::string("SELECT ") + kTermColumns +
                                        " FROM payment_terms WHERE id = ? AND company_id = ?",
                                    id, company_id));
  if (!row) return NotFound("payment term");
  return std::move(*row);
}

// The other terms lose the default flag (each audited).
Status ClearDefault(store::Tx& tx, int64_t company_id, int64_t keep, const std::string& now) {
  ASSIGN_OR_RETURN(auto rows, tx.Rows("SELECT id FROM payment_terms WHERE company_id = ? AND "
                                      "is_default = 1 AND id <> ?",
                                      company_id, keep));
  for (const auto& r : rows) {
    RETURN_IF_ERROR(tx.Exec("UPDATE payment_terms SET is_default = 0, version = version + 1, "
                            "updated_at = ? WHERE id = ?",
                            now, r.Int(0))
                        .status());
    tx.Audit({"payment_term", r.Int(0), "update", {{"is_default", {true, false}}}});
    tx.Emit({"payment_term.updated", "payment_term", r.Int(0), {{"is_default", false}}});
  }
  return Status::Ok();
}

Result<bool> NameTaken(store::Tx& tx, int64_t company_id, const std::string& name, int64_t id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM payment_terms WHERE company_id = ? AND name "
                                    "= ? AND id <> ?",
                                    company_id, name, id));
  return row.has_value();
}

}  // namespace

Result<std::vector<TermLine>> ParseTermLines(const json& lines, const std::string& field) {
  if (!lines.is_array() || lines.empty() || lines.size() > kMaxTermLines) {
    return InvalidField(field, "type", field + " is a list of 1 to 12 lines.");
  }
  Status errors(Code::kInvalidArgument, "validation.failed", "The request has invalid fields.");
  std::vector<TermLine> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string at = field + "/" + std::to_string(i);
    if (!lines[i].is_object()) {
      errors.AddFieldError(at, "type", "A term line is an object.");
      continue;
    }
    Fields f(lines[i]);
    out.push_back(ReadTermLine(f, i + 1 == lines.size()));
    Status st = f.Finish();
    for (const auto& e : st.field_errors())
      errors.AddFieldError(at + "/" + e.field, e.code, e.message);
  }
  if (!errors.field_errors().empty()) return errors;
  RETURN_IF_ERROR(CheckPercentSum(out, field));
  return out;
}

json TermLinesJson(const std::vector<TermLine>& lines) {
  json out = json::array();
  for (const auto& l : lines) {
    out.push_back({{"percent", l.percent ? FormatScaledTrimmed(*l.percent, 4) : "balance"},
                   {"days", l.days},
                   {"end_of_month", l.end_of_month}});
  }
  return out;
}

std::vector<Instalment> SplitByTerm(const std::vector<TermLine>& lines, int64_t total, Date date) {
  std::vector<Instalment> out;
  int64_t cumulative_ppm = 0;
  int64_t given = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    int64_t upto = total;
    if (i + 1 < lines.size()) {
      cumulative_ppm += lines[i].percent.value_or(0);
      // total × ppm fits in 128 bits; the result is at most `total`.
      upto = DivRound(static_cast<__int128>(total) * cumulative_ppm, kHundredPercent,
                      RoundingMode::kHalfUp)
                 .value();
    }
    int64_t part = upto - given;
    given = upto;
    if (part != 0) out.push_back({DueDate(lines[i], date), part});
  }
  return out;
}

Result<PaymentTermInfo> PaymentTerm(store::Tx& tx, int64_t company_id, int64_t id) {
  ASSIGN_OR_RETURN(auto row, LoadTerm(tx, company_id, id));
  json lines = json::parse(row.Text("lines"), nullptr, false);
  ASSIGN_OR_RETURN(auto parsed, ParseTermLines(lines));
  return PaymentTermInfo{row.Int("id"), row.Text("name"), row.Int("advance_required") != 0,
                         row.Int("active") != 0, std::move(parsed)};
}

Result<int64_t> DefaultPaymentTerm(store::Tx& tx, int64_t company_id) {
  ASSIGN_OR_RETURN(auto row, tx.One("SELECT id FROM payment_terms WHERE company_id = ? AND "
                                    "is_default = 1 AND active = 1 ORDER BY id LIMIT 1",
                                    company_id));
  if (!row) {
    return FailedPrecondition("invoicing.no_default_term",
                              "The company has no default payment term.");
  }
  return row->Int(0);
}

Status SeedPaymentTerms(store::Tx& tx, int64_t company_id, const std::string& now) {
  ASSIGN_OR_RETURN(auto any,
                   tx.One("SELECT 1 FROM payment_terms WHERE company_id = ?", company_id));
  if (any) return Status::Ok();
  struct Seed {
    const char* name;
    int32_t days;
    bool is_default;
  };
  for (const Seed& s : {Seed{"immediate", 0, true}, Seed{"30 days", 30, false}}) {
    std::string lines = TermLinesJson({TermLine{std::nullopt, s.days, false}}).dump();
    RETURN_IF_ERROR(tx.Exec("INSERT INTO payment_terms (company_id, name, lines, is_default, "
                            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                            company_id, s.name, lines, s.is_default, now, now)
                        .status());
  }
  return Status::Ok();
}

Result<json> PaymentTerms::List(store::Tx& tx, const security::Access& who, bool inactive) const {
  RETURN_IF_ERROR(who.Require("invoicing.term.read"));
  ASSIGN_OR_RETURN(auto rows, tx.Rows(std::string("SELECT ") + kTermColumns +
                                          " FROM payment_terms WHERE company_id = ? AND (active "
                                          "= 1 OR ? = 1) ORDER BY name, id",
                                      who.company_id(), inactive));
  json items = json::array();
  for (const auto& r : rows) items.push_back(TermJson(r));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> PaymentTerms::Get(store::Tx& tx, const security::Access& who, int64_t id) const {
  RETURN_IF_ERROR(who.Require("invoicing.term.read"));
  ASSIGN_OR_RETURN(auto row, LoadTerm(tx, who.company_id(), id));
  return TermJson(row);
}

Result<json> PaymentTerms::Create(store::Tx& tx, const security::Access& who,
                                  const json& body) const {
  RETURN_IF_ERROR(who.Require("invoicing.term.create"));
  Fields f(body);
  auto name = f.Text("name", {.required = true, .max_chars = 100});
  const json* raw = f.Raw("lines");
  bool advance = f.Bool("advance_required").value_or(false);
  bool is_default = f.Bool("is_default").value_or(false);
  f.Ignore("active");
  if (!raw) f.Error("lines", "required", "lines is required.");
  RETURN_IF_ERROR(f.Finish());
  ASSIGN_OR_RETURN(auto lines, ParseTermLines(*raw));
  ASSIGN_OR_RETURN(bool taken, NameTaken(tx, who.company_id(), *name, 0));
  if (taken) return Conflict("invoicing.term_exists", "A payment term with this name exists.");
  std::string now = clock_.Now().ToIso();
  ASSIGN_OR_RETURN(int64_t id, tx.Insert("INSERT INTO payment_terms (company_id, name, lines, "
                                         "advance_required, is_default, created_at, updated_at) "
                                         "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                                         who.company_id(), *name, TermLinesJson(lines).dump(),
                                         advance, is_default, now, now));
  if (is_default) RETURN_IF_ERROR(ClearDefault(tx, who.company_id(), id, now));
  ASSIGN_OR_RETURN(auto row, LoadTerm(tx, who.company_id(), id));
  json out = TermJson(row);
  tx.Audit({"payment_term", id, "create", store::Changes(json::object(), out)});
  tx.Emit({"payment_term.created", "payment_term", id, {{"name", *name}}});
  return out;
}

Result<json> PaymentTerms::Update(store::Tx& tx, const security::Access& who, int64_t id,
                                  const json& body, const VersionCheck& check) const {
  RETURN_IF_ERROR(who.Require("invoicing.term.update"));
  ASSIGN_OR_RETURN(auto row, LoadTerm(tx, who.company_id(), id));
  if (check) RETURN_IF_ERROR(check(row.Int("version")));
  json before = TermJson(row);
  Fields f(body);
  auto name = f.Text("name", {.max_chars = 100, .min_chars = 1});
  const json* raw = f.Raw("lines");
  auto advance = f.Bool("advance_required");
  auto is_default = f.Bool("is_default");
  auto active = f.Bool("active");
  f.Ignore("version");
  RETURN_IF_ERROR(f.Finish());
  std::string lines = row.Text("lines");
  if (raw) {
    ASSIGN_OR_RETURN(auto parsed, ParseTermLines(*raw));
    lines = TermLinesJson(parsed).dump();
  }
  if (name) {
    ASSIGN_OR_RETURN(bool taken, NameTaken(tx, who.company_id(), *name, id));
    if (taken) return Conflict("invoicing.term_exists", "A payment term with this name exists.");
  }
  bool now_default = is_default.value_or(before["is_default"].get<bool>());
  bool now_active = active.value_or(before["active"].get<bool>());
  if (before["is_default"].get<bool>() && !now_default) {
    return InvalidField("is_default", "invoicing.default_required",
                        "Make another term the default instead.");
  }
  if (now_default && !now_active) {
    return InvalidField("active", "invoicing.default_inactive", "The default term stays active.");
  }
  std::string now = clock_.Now().ToIso();
  RETURN_IF_ERROR(tx.Exec("UPDATE payment_terms SET name = ?, lines = ?, advance_required = ?, "
                          "is_default = ?, active = ?, version = version + 1, updated_at = ? "
                          "WHERE id = ?",
                          name.value_or(row.Text("name")), lines,
                          advance.value_or(before["advance_required"].get<bool>()), now_default,
                          now_active, now, id)
                      .status());
  if (now_default) RETURN_IF_ERROR(ClearDefault(tx, who.company_id(), id, now));
  ASSIGN_OR_RETURN(auto after_row, LoadTerm(tx, who.company_id(), id));
  json out = TermJson(after_row);
  tx.Audit({"payment_term", id, "update", store::Changes(before, out)});
  tx.Emit({"payment_term.updated", "payment_term", id, {{"name", out["name"]}}});
  return out;
}

}  // namespace concord::invoicing

#include "party/input.h"

#include "core/currency.h"
#include "core/money.h"
#include "party/internal.h"
#include "party/normalize.h"

namespace concord::party::internal {
namespace {

void SetText(PartyInput& in, Fields& f, const std::string& name, TextRule rule) {
  if (!f.Has(name)) return;
  auto v = f.Text(name, rule);
  in.cols[name] = v && !v->empty() ? store::Value(*v) : store::Value(nullptr);
}

void ReadRoles(PartyInput& in, Fields& f, bool create) {
  const nlohmann::json* roles = f.Raw("roles");
  std::vector<std::string> list;
  if (roles && !roles->is_null()) {
    if (!roles->is_array()) return f.Error("roles", "type", "roles is a list.");
    for (const auto& r : *roles) {
      if (!r.is_string() || (r != "prospect" && r != "customer" && r != "supplier")) {
        return f.Error("roles", "enum", "roles are prospect, customer and supplier.");
      }
      list.push_back(r.get<std::string>());
    }
  } else if (!create) {
    return;
  } else {
    list = {"prospect"};
  }
  for (const char* role : {"prospect", "customer", "supplier"}) {
    bool on = std::find(list.begin(), list.end(), role) != list.end();
    in.cols[std::string("is_") + role] = static_cast<int64_t>(on ? 1 : 0);
  }
}

void ReadTags(PartyInput& in, Fields& f) {
  const nlohmann::json* tags = f.Raw("tags");
  if (!tags) return;
  std::vector<std::string> out;
  if (!tags->is_null()) {
    if (!tags->is_array() || tags->size() > 50) {
      return f.Error("tags", "type", "tags is a list of at most 50 texts.");
    }
    for (const auto& t : *tags) {
      auto len = t.is_string() ? Utf8Length(t.get<std::string>()) : std::nullopt;
      if (!len || *len == 0 || *len > 50) {
        return f.Error("tags", "invalid", "Each tag is a text of 1 to 50 characters.");
      }
      if (std::find(out.begin(), out.end(), t.get<std::string>()) == out.end()) out.push_back(t);
    }
  }
  in.tags = out;
}

void ReadIdentifiers(PartyInput& in, Fields& f) {
  const nlohmann::json* ids = f.Raw("identifiers");
  if (!ids) return;
  nlohmann::json out = nlohmann::json::array();
  if (!ids->is_null()) {
    if (!ids->is_array() || ids->size() > 20) {
      return f.Error("identifiers", "type", "identifiers is a list of at most 20 objects.");
    }
    for (size_t i = 0; i < ids->size(); ++i) {
      const std::string at = "identifiers/" + std::to_string(i) + "/";
      if (!(*ids)[i].is_object()) {
        f.Error(at, "type", "An identifier is an object.");
        continue;
      }
      Fields g((*ids)[i]);
      auto kind = g.Enum("kind", {"loyalty_card", "membership", "external", "other"}, true);
      auto system = g.Text("system", {.max_chars = 50});
      auto value = g.Text("value", {.required = true, .max_chars = 100});
      Status st = g.Finish();
      for (const auto& e : st.field_errors()) f.Error(at + e.field, e.code, e.message);
      if (!st.ok()) continue;
      std::string norm = QueryKey(*value);
      out.push_back({{"kind", *kind},
                     {"system", system.value_or("")},
                     {"value", *value},
                     {"value_norm", norm.empty() ? *value : norm}});
    }
  }
  in.identifiers = out;
}

void ReadMoneyAndTerms(PartyInput& in, Fields& f, const InputContext& ctx) {
  std::string currency = ctx.currency;
  if (f.Has("currency")) {
    auto code = f.Text("currency", {.max_chars = 3});
    if (code && !Currency::FromCode(*code).ok()) {
      f.Error("currency", "currency.unknown", "Not an ISO 4217 currency code.");
    } else if (code) {
      currency = *code;
      in.cols["currency"] = *code;
    }
  }
  if (f.Has("credit_limit")) {
    auto text = f.Text("credit_limit", {.max_chars = 30});
    if (!text) {
      in.cols["credit_limit"] = nullptr;
    } else if (auto m = Money::Parse(*text, currency); !m.ok() || m->minor() < 0) {
      f.Error("credit_limit", "decimal.invalid",
              "credit_limit is a non-negative amount in the party's currency.");
    } else {
      in.cols["credit_limit"] = m->ToString();
    }
  }
  if (f.Has("payment_term_days")) {
    auto d = f.Int("payment_term_days", false, 0, 3650);
    in.cols["payment_term_days"] = d ? store::Value(*d) : store::Value(nullptr);
  }
  if (f.Has("price_list_id")) {
    auto p = f.Int("price_list_id");
    in.cols["price_list_id"] = p ? store::Value(*p) : store::Value(nullptr);
  }
}

void ReadAddresses(PartyInput& in, Fields& f) {
  const nlohmann::json* list = f.Raw("addresses");
  if (!list || list->is_null()) return;
  if (!list->is_array() || list->size() > 20) {
    return f.Error("addresses", "type", "addresses is a list of at most 20 objects.");
  }
  nlohmann::json out = nlohmann::json::array();
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string at = "addresses/" + std::to_string(i) + "/";
    if (!(*list)[i].is_object()) {
      f.Error(at, "type", "An address is an object.");
      continue;
    }
    Fields g((*list)[i]);
    nlohmann::json a = ReadAddress(g, true);
    Status st = g.Finish();
    for (const auto& e : st.field_errors()) f.Error(at + e.field, e.code, e.message);
    out.push_back(a);
  }
  in.addresses = out;
}

}  // namespace

Result<PartyInput> ReadPartyInput(const nlohmann::json& body, const InputContext& ctx) {
  PartyInput in;
  Fields f(body);
  if (auto kind = f.Enum("kind", {"person", "organization"}, ctx.create)) in.cols["kind"] = *kind;
  if (f.Has("name") || ctx.create) {
    auto name = f.Text("name", {.required = true, .max_chars = 200});
    if (name) {
      in.cols["name"] = *name;
      in.cols["name_key"] = NameKey(*name);
      in.cols["name_sort"] = SortKey(*name);
    }
  }
  ReadRoles(in, f, ctx.create);
  if (auto e = ReadEmail(f, "email")) {
    in.cols["email"] = e->raw ? store::Value(*e->raw) : store::Value(nullptr);
    in.cols["email_norm"] = e->norm ? store::Value(*e->norm) : store::Value(nullptr);
  }
  if (auto p = ReadPhone(f, "phone", ctx.country)) {
    in.cols["phone"] = p->raw ? store::Value(*p->raw) : store::Value(nullptr);
    in.cols["phone_norm"] = p->norm ? store::Value(*p->norm) : store::Value(nullptr);
  }
  SetText(in, f, "website", {.max_chars = 200});
  if (f.Has("tax_id")) {
    auto tax = f.Text("tax_id", {.max_chars = 50});
    in.cols["tax_id"] = tax ? store::Value(*tax) : store::Value(nullptr);
    std::string norm = tax ? QueryKey(*tax) : "";
    in.cols["tax_id_norm"] = norm.empty() ? store::Value(nullptr) : store::Value(norm);
  }
  if (f.Has("language")) {
    auto lang = f.Enum("language", {"en", "zh-CN"});
    in.cols["language"] = lang ? store::Value(*lang) : store::Value(nullptr);
  }
  if (f.Has("notes")) in.cols["notes"] = f.Text("notes", {.max_chars = 4000}).value_or("");
  ReadMoneyAndTerms(in, f, ctx);
  if (!ctx.create && f.Has("active")) {
    if (auto a = f.Bool("active")) in.cols["active"] = static_cast<int64_t>(*a ? 1 : 0);
  }
  if (f.Has("owner_user_id")) {
    in.owner_given = true;
    in.owner_user_id = f.Int("owner_user_id");
  }
  ReadTags(in, f);
  ReadIdentifiers(in, f);
  if (ctx.create) ReadAddresses(in, f);
  in.allow_duplicates = f.Bool("allow_duplicates").value_or(false);
  f.Ignore("version");
  RETURN_IF_ERROR(f.Finish());
  return in;
}

}  // namespace concord::party::internal

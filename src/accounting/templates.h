// Chart-of-accounts templates: the accounts, journals, taxes and tax groups a company starts
// from. Pure static data (no I/O); install.h writes a template into a company.
//
// Invariants of every template (checked by templates_test.cc):
// * account codes are unique; every parent_code names a group account listed earlier, so
//   installing in list order can resolve parents as it goes;
// * group accounts (is_group) only build the report hierarchy and are never posted to; they
//   carry no role;
// * each of kRequiredRoles is on exactly one postable account, every role is one of
//   kAccountRoles and appears at most once;
// * receivable, payable and advance accounts are reconcilable (the control accounts of open
//   items per party);
// * journals' default accounts and taxes' accounts name postable accounts of the template.
//
// Types: a group's type is nominal (that of its first accounts); reports classify by each
// postable account's own type, because standard charts mix them under one group (the CAS
// class 6 损益类 holds income and expense, 6603 财务费用 holds exchange gains and losses).
//
// Thread-safety: immutable, safe from any thread.
#pragma once

#include <array>
#include <span>
#include <string_view>
#include <vector>

namespace concord::accounting {

// What the posting and report code looks an account up by (AccountByRole in ledger.h).
inline constexpr std::array<std::string_view, 22> kAccountRoles = {
    "receivable",    "payable",     "advance_received",  "advance_paid",
    "cash",          "bank",        "inventory",         "goods_received_not_invoiced",
    "tax_collected", "tax_paid",    "revenue",           "other_income",
    "cogs",          "expense",     "retained_earnings", "current_earnings",
    "fx_gain",       "fx_loss",     "rounding",          "suspense",
    "wip",           "depreciation"};

// Roles every template must provide, each on exactly one postable account.
inline constexpr std::array<std::string_view, 14> kRequiredRoles = {
    "receivable",       "payable",  "cash",    "bank",    "inventory",
    "tax_collected",    "tax_paid", "revenue", "cogs",    "retained_earnings",
    "current_earnings", "fx_gain",  "fx_loss", "suspense"};

inline constexpr std::array<std::string_view, 5> kAccountTypes = {"asset", "liability", "equity",
                                                                  "income", "expense"};
inline constexpr std::array<std::string_view, 6> kJournalKinds = {"sale", "purchase", "bank",
                                                                  "cash", "stock",    "general"};

struct AccountTemplate {
  std::string_view code;
  std::string_view name;         // English
  std::string_view name_zh;      // Chinese
  std::string_view type;         // one of kAccountTypes
  std::string_view role;         // one of kAccountRoles, "" for none
  std::string_view parent_code;  // "" = top level
  bool reconcilable = false;
  bool is_group = false;
};

struct JournalTemplate {
  std::string_view code;
  std::string_view name;
  std::string_view name_zh;
  std::string_view kind;                  // one of kJournalKinds
  std::string_view default_account_code;  // "" for none
};

struct TaxTemplate {
  std::string_view code;
  std::string_view name;
  std::string_view name_zh;
  std::string_view rate;  // percent as a decimal string, e.g. "13" or "5.5"
  bool included = false;  // true: the price includes the tax; false: added to the price
  std::string_view collected_account_code;  // output tax (sales)
  std::string_view paid_account_code;       // input tax (purchases)
};

// Taxes applied together, in this order.
struct TaxGroupTemplate {
  std::string_view code;
  std::string_view name;
  std::string_view name_zh;
  std::span<const std::string_view> tax_codes;
};

struct ChartTemplate {
  std::string_view id;    // "generic", "cn_cas"
  std::string_view name;  // for people, e.g. in a company setup form
  std::span<const AccountTemplate> accounts;
  std::span<const JournalTemplate> journals;
  std::span<const TaxTemplate> taxes;
  std::span<const TaxGroupTemplate> tax_groups;
};

// Shorthands for writing templates as one line per account.
namespace chart_data {
constexpr AccountTemplate Group(std::string_view code, std::string_view name,
                                std::string_view name_zh, std::string_view type,
                                std::string_view parent) {
  return {code, name, name_zh, type, "", parent, false, true};
}
constexpr AccountTemplate Account(std::string_view code, std::string_view name,
                                  std::string_view name_zh, std::string_view type,
                                  std::string_view parent, std::string_view role = "") {
  return {code, name, name_zh, type, role, parent, false, false};
}
// A reconcilable control account: its lines are open items per party.
constexpr AccountTemplate Control(std::string_view code, std::string_view name,
                                  std::string_view name_zh, std::string_view type,
                                  std::string_view parent, std::string_view role = "") {
  return {code, name, name_zh, type, role, parent, true, false};
}
}  // namespace chart_data

// The template with this id, nullptr if there is none.
const ChartTemplate* FindChartTemplate(std::string_view id);
// Every template, in a stable order.
std::vector<const ChartTemplate*> ChartTemplates();

// The templates themselves (template_cas.cc, template_generic.cc).
const ChartTemplate& CnCasChartTemplate();
const ChartTemplate& GenericChartTemplate();

}  // namespace concord::accounting

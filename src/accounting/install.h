// Installing a chart-of-accounts template (templates.h) into a company: its accounts, journals,
// taxes and tax groups, and the company's accounting_settings row.
//
// Thread-safety: stateless; runs in the caller's Tx.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/tx.h"

namespace concord::accounting {

// Creates the chart, journals, taxes and tax groups of template `id` for a company that has no
// accounts yet, and its accounting_settings row (chart_template = id, tax_rounding 'line'; an
// existing row keeps its tax_rounding). `now` is the ISO timestamp for created_at/updated_at.
// Errors, with nothing written: InvalidField("template", "enum") for an unknown id,
// NotFound("company") for an unknown company, FailedPrecondition("accounting.chart_exists") if
// the company already has accounts. Writes one audit row and one event
// ("accounting.chart_installed", entity "company", payload {"template": id, "accounts": n}).
Status InstallChart(store::Tx& tx, int64_t company_id, std::string_view template_id,
                    const std::string& now);

// The template for a company's currency: "cn_cas" for CNY, "generic" otherwise.
std::string_view DefaultTemplateFor(std::string_view currency);

}  // namespace concord::accounting

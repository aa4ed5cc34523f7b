#include "accounting/templates.h"

namespace concord::accounting {

std::vector<const ChartTemplate*> ChartTemplates() {
  return {&GenericChartTemplate(), &CnCasChartTemplate()};
}

const ChartTemplate* FindChartTemplate(std::string_view id) {
  for (const ChartTemplate* chart : ChartTemplates()) {
    if (chart->id == id) return chart;
  }
  return nullptr;
}

}  // namespace concord::accounting

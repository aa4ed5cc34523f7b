#include "core/metrics.h"

#include <fmt/format.h>

#include <set>

namespace concord::metrics {

void Histogram::ObserveMicros(int64_t micros) {
  for (size_t i = 0; i < kBoundsMicros.size(); ++i) {
    if (micros <= kBoundsMicros[i]) {
      buckets_[i].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(micros, std::memory_order_relaxed);
}

void Histogram::Render(std::string& out, const std::string& name, const std::string& labels) const {
  std::string sep = labels.empty() ? "" : ",";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBoundsMicros.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep,
                       static_cast<double>(kBoundsMicros[i]) / 1e6, cumulative);
  }
  out += fmt::format("{}_bucket{{{}{}le=\"+Inf\"}} {}\n", name, labels, sep, Count());
  std::string braces = labels.empty() ? "" : "{" + labels + "}";
  out += fmt::format("{}_sum{} {}\n", name, braces,
                     static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6);
  out += fmt::format("{}_count{} {}\n", name, braces, Count());
}

Counter& Registry::AddCounter(std::string name, std::string labels, std::string help) {
  std::lock_guard lock(mu_);
  entries_.push_back(
      {std::move(name), std::move(labels), std::move(help), std::make_unique<Counter>(), nullptr});
  return *entries_.back().counter;
}

Histogram& Registry::AddHistogram(std::string name, std::string labels, std::string help) {
  std::lock_guard lock(mu_);
  entries_.push_back({std::move(name), std::move(labels), std::move(help), nullptr,
                      std::make_unique<Histogram>()});
  return *entries_.back().histogram;
}

std::string Registry::Render() const {
  std::lock_guard lock(mu_);
  // Series of one metric must be contiguous in the exposition format: group by name, keeping
  // the order in which names first appeared.
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const auto& e : entries_) {
    if (seen.insert(e.name).second) names.push_back(e.name);
  }
  std::string out;
  for (const auto& name : names) {
    bool described = false;
    for (const auto& e : entries_) {
      if (e.name != name) continue;
      if (!described) {
        out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", e.name, e.help, e.name,
                           e.counter ? "counter" : "histogram");
        described = true;
      }
      if (e.counter) {
        std::string braces = e.labels.empty() ? "" : "{" + e.labels + "}";
        out += fmt::format("{}{} {}\n", e.name, braces, e.counter->Value());
      } else {
        e.histogram->Render(out, e.name, e.labels);
      }
    }
  }
  return out;
}

}  // namespace concord::metrics

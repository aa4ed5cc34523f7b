// Minimal Prometheus-style metrics: counters and fixed-bucket histograms, lock-free to update.
// A Registry renders the text exposition format (version 0.0.4). Metrics are created at start-up
// (route table, pool) and live as long as the registry; updates are thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace concord::metrics {

class Counter {
 public:
  void Inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// Seconds buckets from 100 µs to 10 s; observations are recorded in microseconds.
class Histogram {
 public:
  static constexpr std::array<int64_t, 14> kBoundsMicros = {
      100,   250,   500,    1000,   2500,    5000,    10000,
      25000, 50000, 100000, 250000, 1000000, 2500000, 10000000};
  void ObserveMicros(int64_t micros);
  uint64_t Count() const { return count_.load(std::memory_order_relaxed); }
  // Appends the _bucket/_sum/_count lines for `name{labels}`.
  void Render(std::string& out, const std::string& name, const std::string& labels) const;

 private:
  std::array<std::atomic<uint64_t>, kBoundsMicros.size()> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<int64_t> sum_micros_{0};
};

// Owns metrics; Counter/Histogram references stay valid for the registry's lifetime.
class Registry {
 public:
  Counter& AddCounter(std::string name, std::string labels, std::string help);
  Histogram& AddHistogram(std::string name, std::string labels, std::string help);
  std::string Render() const;

 private:
  struct Entry {
    std::string name, labels, help;
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Histogram> histogram;
  };
  mutable std::mutex mu_;
  std::deque<Entry> entries_;
};

}  // namespace concord::metrics

// Counters and latency histograms exposed at /metrics in the Prometheus text format.
// Hand-written because what we need is small: a few labelled counters and one histogram family.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace http {

class Metrics {
 public:
  /// Records one finished request.
  void ObserveRequest(std::string_view method, std::string_view route, int status, double seconds);
  /// Adds to a named counter with one label set, e.g. ("tsunagari_logins_total", "outcome=\"ok\"").
  void Increment(const std::string& name, const std::string& labels = {}, int64_t by = 1);
  /// A value read when /metrics is rendered (pool sizes, queue depths).
  void AddGauge(std::string name, std::string help, std::function<double()> read);
  std::string Render() const;

 private:
  static constexpr std::array<double, 11> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,   0.25,   0.5,   1.0,  5.0};
  struct Histogram {
    std::array<int64_t, kBuckets.size()> buckets{};
    int64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::string, int64_t> requests_;     // guarded by mu_; key = labels
  std::map<std::string, Histogram> durations_;  // guarded by mu_; key = route labels
  std::map<std::string, std::map<std::string, int64_t>> counters_;  // guarded by mu_
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };
  std::vector<Gauge> gauges_;  // guarded by mu_
};

}  // namespace http

#include "http/metrics.h"

#include <fmt/format.h>

namespace http {

void Metrics::ObserveRequest(std::string_view method, std::string_view route, int status,
                             double seconds) {
  std::string labels = fmt::format("method=\"{}\",route=\"{}\",status=\"{}\"", method,
                                   route.empty() ? "unmatched" : route, status);
  std::string route_labels =
      fmt::format("route=\"{}\"", route.empty() ? std::string_view("unmatched") : route);
  std::lock_guard lock(mu_);
  requests_[labels]++;
  Histogram& h = durations_[route_labels];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) h.buckets[i]++;
  }
  h.count++;
  h.sum += seconds;
}

void Metrics::Increment(const std::string& name, const std::string& labels, int64_t by) {
  std::lock_guard lock(mu_);
  counters_[name][labels] += by;
}

void Metrics::AddGauge(std::string name, std::string help, std::function<double()> read) {
  std::lock_guard lock(mu_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP tsunagari_http_requests_total HTTP requests by method, route and status.\n";
  out += "# TYPE tsunagari_http_requests_total counter\n";
  for (const auto& [labels, n] : requests_) {
    out += fmt::format("tsunagari_http_requests_total{{{}}} {}\n", labels, n);
  }
  out += "# HELP tsunagari_http_request_duration_seconds Request latency by route.\n";
  out += "# TYPE tsunagari_http_request_duration_seconds histogram\n";
  for (const auto& [labels, h] : durations_) {
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("tsunagari_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                         labels, kBuckets[i], h.buckets[i]);
    }
    out += fmt::format("tsunagari_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n",
                       labels, h.count);
    out += fmt::format("tsunagari_http_request_duration_seconds_sum{{{}}} {}\n", labels, h.sum);
    out += fmt::format("tsunagari_http_request_duration_seconds_count{{{}}} {}\n", labels, h.count);
  }
  for (const auto& [name, series] : counters_) {
    out += fmt::format("# TYPE {} counter\n", name);
    for (const auto& [labels, n] : series) {
      out += labels.empty() ? fmt::format("{} {}\n", name, n)
                            : fmt::format("{}{{{}}} {}\n", name, labels, n);
    }
  }
  for (const auto& g : gauges_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n{} {}\n", g.name, g.help, g.name, g.name,
                       g.read());
  }
  return out;
}

}  // namespace http

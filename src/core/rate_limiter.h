// Token buckets keyed by client address or user, for the rate-limit middleware and login
// throttling. In memory: a multi-instance deployment limits per instance (documented).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace core {

class RateLimiter {
 public:
  /// `capacity` requests at once, refilled at `per_second`.
  RateLimiter(const core::Clock& clock, double capacity, double per_second)
      : clock_(clock), capacity_(capacity), per_second_(per_second) {}

  /// Takes one token for `key`. When none is left returns the seconds until one is (≥ 1).
  int Take(const std::string& key);

 private:
  struct Bucket {
    double tokens;
    int64_t at_ms;
  };
  const core::Clock& clock_;
  double capacity_;
  double per_second_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mu_
  int64_t last_sweep_ms_ = 0;                        // guarded by mu_
};

}  // namespace core

#include "core/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace core {

int RateLimiter::Take(const std::string& key) {
  int64_t now = clock_.NowMillis();
  std::lock_guard lock(mu_);
  // Forget full buckets now and then so that a scan of many addresses cannot grow memory.
  if (now - last_sweep_ms_ > 60'000) {
    std::erase_if(buckets_, [&](const auto& kv) {
      return kv.second.tokens + (now - kv.second.at_ms) / 1000.0 * per_second_ >= capacity_;
    });
    last_sweep_ms_ = now;
  }
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{capacity_, now});
  Bucket& b = it->second;
  b.tokens = std::min(capacity_, b.tokens + (now - b.at_ms) / 1000.0 * per_second_);
  b.at_ms = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / per_second_)));
}

}  // namespace core

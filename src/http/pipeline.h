// The middleware chain every request goes through, in this order:
// request id → rate limit → route match (404/405) → authentication → access rule → CSRF →
// handler → error mapping (JSON error body) → security headers → access log and metrics.
// Requests that match no API route fall through to the static front end.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/rate_limiter.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/service.h"
#include "http/static_files.h"

namespace http {

/// Authentication and authorization as the pipeline needs them; implemented by the auth module.
class Guard {
 public:
  virtual ~Guard() = default;
  /// Sets request.principal from a session cookie or bearer token when they are valid.
  /// Returns an error only for a request that must be refused outright.
  virtual core::Result<void> Authenticate(Request& request) = 0;
  /// Checks the route's coarse access rule (401 without a principal, 403 without the role).
  /// May leave what it learnt for the handler in request.gate_facts.
  virtual core::Result<void> Authorize(Request& request, const Route& route) = 0;
  /// CSRF check for cookie-authenticated state-changing requests.
  virtual core::Result<void> CheckCsrf(const Request& request) = 0;
};

struct PipelineOptions {
  double rate_capacity = 300;    // burst per client address
  double rate_per_second = 100;  // sustained per client address
  std::string content_security_policy =
      "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self' 'unsafe-inline'; "
      "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
      "form-action 'self'; object-src 'none'";
  bool hsts = false;  // when served over TLS (directly or behind the documented nginx)
};

class Pipeline final : public Service {
 public:
  Pipeline(const Router& router, Guard& guard, Metrics& metrics, const core::Clock& clock,
           const StaticFiles* static_files, PipelineOptions options);

  size_t BodyLimit(Method method, std::string_view path) const override;
  Response Handle(Request& request) noexcept override;

  /// While draining, new requests get 503 (the transport also stops accepting).
  void SetDraining(bool draining) { draining_ = draining; }

 private:
  core::Result<Response> Dispatch(Request& request);
  void AddSecurityHeaders(Response& response) const;

  const Router& router_;
  Guard& guard_;
  Metrics& metrics_;
  const core::Clock& clock_;
  const StaticFiles* static_files_;
  PipelineOptions options_;
  core::RateLimiter limiter_;
  std::atomic<bool> draining_{false};
};

/// A short random request id (also returned in the X-Request-Id header and error bodies).
std::string NewRequestId();

}  // namespace http

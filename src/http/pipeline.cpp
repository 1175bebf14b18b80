#include "http/pipeline.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "auth/principal.h"
#include "http/json_body.h"

namespace http {
namespace {

bool IsStateChanging(Method m) {
  return m == Method::kPost || m == Method::kPut || m == Method::kPatch || m == Method::kDelete;
}

bool IsApiPath(std::string_view path) { return path.starts_with("/api/"); }

}  // namespace

std::string NewRequestId() {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  unsigned char b[9];
  randombytes_buf(b, sizeof b);
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  for (unsigned char c : b) out.push_back(kAlphabet[c & 63]);
  return out;
}

Pipeline::Pipeline(const Router& router, Guard& guard, Metrics& metrics, const core::Clock& clock,
                   const StaticFiles* static_files, PipelineOptions options)
    : router_(router),
      guard_(guard),
      metrics_(metrics),
      clock_(clock),
      static_files_(static_files),
      options_(std::move(options)),
      limiter_(clock, options_.rate_capacity, options_.rate_per_second) {}

size_t Pipeline::BodyLimit(Method method, std::string_view path) const {
  RouteMatch m = router_.Match(method, path);
  return m.route ? m.route->body_limit : 16 * 1024;
}

core::Result<Response> Pipeline::Dispatch(Request& request) {
  if (draining_) {
    core::Error e = core::Error::Unavailable("サーバーを停止中です (shutting down)");
    e.retry_after_seconds = 5;
    return e;
  }
  if (int wait = limiter_.Take(request.remote_address); wait > 0) {
    core::Error e = core::Error::Of(core::ErrorCode::kRateLimited,
                                    "リクエストが多すぎます (too many requests)");
    e.retry_after_seconds = wait;
    return e;
  }
  RouteMatch match = router_.Match(request.method, request.path);
  if (!match.route) {
    if (!IsApiPath(request.path) && static_files_ &&
        (request.method == Method::kGet || request.method == Method::kHead)) {
      if (auto file = static_files_->Serve(request)) return std::move(*file);
    }
    if (match.method_mismatch) {
      return core::Error::Of(core::ErrorCode::kMethodNotAllowed,
                             "このメソッドは使えません (method not allowed)");
    }
    return core::Error::NotFound();
  }
  const Route& route = *match.route;
  request.route_pattern = route.pattern;
  request.path_params = std::move(match.params);
  RETURN_IF_ERROR(guard_.Authenticate(request));
  RETURN_IF_ERROR(guard_.Authorize(request, route));
  if (IsStateChanging(request.method) && !route.csrf_exempt) {
    RETURN_IF_ERROR(guard_.CheckCsrf(request));
  }
  return route.handler(request);
}

void Pipeline::AddSecurityHeaders(Response& r) const {
  auto set_default = [&](const char* name, std::string value) {
    if (!r.headers.Has(name)) r.headers.Add(name, std::move(value));
  };
  set_default("X-Content-Type-Options", "nosniff");
  set_default("X-Frame-Options", "DENY");
  set_default("Referrer-Policy", "same-origin");
  set_default("Content-Security-Policy", options_.content_security_policy);
  set_default("Permissions-Policy", "camera=(self), microphone=(), geolocation=(self)");
  set_default("Cross-Origin-Opener-Policy", "same-origin");
  if (options_.hsts) set_default("Strict-Transport-Security", "max-age=31536000");
  // API answers carry personal data: never cache them in shared or browser caches.
  if (!r.headers.Has("Cache-Control")) r.headers.Add("Cache-Control", "no-store");
}

Response Pipeline::Handle(Request& request) noexcept {
  auto start = std::chrono::steady_clock::now();
  if (request.request_id.empty()) request.request_id = NewRequestId();
  Response response;
  try {
    core::Result<Response> result = Dispatch(request);
    if (result.ok()) {
      response = std::move(result).value();
    } else {
      const core::Error& e = result.error();
      if (e.code == core::ErrorCode::kInternal) {
        spdlog::error("request {} {} failed: {}", request.request_id, request.route_pattern,
                      e.message);
      }
      response = ErrorResponse(e, request.request_id);
    }
  } catch (const std::exception& ex) {
    spdlog::error("request {} {} threw: {}", request.request_id, request.route_pattern, ex.what());
    response = ErrorResponse(core::Error::Internal("exception"), request.request_id);
  }
  AddSecurityHeaders(response);
  response.headers.Set("X-Request-Id", request.request_id);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.ObserveRequest(MethodName(request.method), request.route_pattern, response.status,
                          seconds);
  // Structured access log: never the query string or body (they may carry personal data).
  spdlog::info(
      "request method={} route={} status={} ms={:.2f} user={} id={}", MethodName(request.method),
      request.route_pattern.empty() ? "-" : request.route_pattern, response.status, seconds * 1000,
      request.principal ? request.principal->user_id : "-", request.request_id);
  return response;
}

}  // namespace http

// http::Guard for the auth module: session cookie or bearer token → Principal; the route's
// access rule through Policy; CSRF for cookie-authenticated state changes.
#pragma once

#include "auth/policy.h"
#include "auth/service.h"
#include "http/pipeline.h"

namespace auth {

inline constexpr std::string_view kSessionCookie = "tsunagari_session";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

class Guard final : public http::Guard {
 public:
  Guard(AuthService& service, Policy& policy) : service_(service), policy_(policy) {}
  core::Result<void> Authenticate(http::Request& request) override;
  core::Result<void> Authorize(const http::Request& request, const http::Route& route) override;
  core::Result<void> CheckCsrf(const http::Request& request) override;

 private:
  AuthService& service_;
  Policy& policy_;
};

/// The Set-Cookie value for a new session (or an expired one to clear it when token is empty).
std::string SessionCookie(std::string_view token, int64_t max_age_seconds, bool secure);

}  // namespace auth

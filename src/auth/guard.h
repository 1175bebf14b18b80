// http::Guard for the auth module: session cookie or bearer token → Principal; the route's
// access rule through Policy; CSRF for cookie-authenticated state changes.
#pragma once

#include <memory>

#include "auth/caller.h"
#include "auth/policy.h"
#include "auth/service.h"
#include "http/pipeline.h"

namespace auth {

inline constexpr std::string_view kSessionCookie = "tsunagari_session";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

/// The per-person check for routes with the care-team rule, implemented by the care module:
/// refuses (and audits) a caller who may not read the person named in the path, before any
/// body is parsed, so that outsiders get 403 whatever they send.
class PersonGate {
 public:
  virtual ~PersonGate() = default;
  /// Returns the facts the decision was made on (the module's own type), which the guard hands
  /// to the handler in request.gate_facts so that it need not load them again.
  virtual core::Result<std::shared_ptr<const void>> CheckRead(const Caller& caller,
                                                              const std::string& person_id) = 0;
};

class Guard final : public http::Guard {
 public:
  Guard(AuthService& service, Policy& policy, PersonGate* persons = nullptr)
      : service_(service), policy_(policy), persons_(persons) {}
  core::Result<void> Authenticate(http::Request& request) override;
  core::Result<void> Authorize(http::Request& request, const http::Route& route) override;
  core::Result<void> CheckCsrf(const http::Request& request) override;

 private:
  AuthService& service_;
  Policy& policy_;
  PersonGate* persons_;  // null: the care-team rule is checked by the services only
};

/// The Set-Cookie value for a new session (or an expired one to clear it when token is empty).
std::string SessionCookie(std::string_view token, int64_t max_age_seconds, bool secure);

}  // namespace auth

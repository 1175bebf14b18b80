#include "auth/guard.h"

#include "auth/request_caller.h"
#include "auth/tokens.h"

namespace auth {

core::Result<void> Guard::Authenticate(http::Request& request) {
  std::string token;
  bool bearer = false;
  if (auto h = request.Header("authorization"); h && h->starts_with("Bearer ")) {
    token = std::string(h->substr(7));
    bearer = true;
  } else if (auto c = request.Cookie(kSessionCookie)) {
    token = *c;
  }
  if (token.empty()) return core::Ok();
  ASSIGN_OR_RETURN(auto principal, service_.Authenticate(token, bearer));
  request.principal = std::move(principal);
  request.via_bearer = bearer && request.principal;
  return core::Ok();
}

core::Result<void> Guard::Authorize(http::Request& request, const http::Route& route) {
  RETURN_IF_ERROR(policy_.CheckRoute(request.principal.get(), route.access, request.path_params));
  if (route.access == http::Access::kCareTeam && route.person_gate && persons_) {
    auto it = request.path_params.find("person_id");
    if (it == request.path_params.end()) return core::Error::Forbidden();
    ASSIGN_OR_RETURN(request.gate_facts, persons_->CheckRead(CallerFrom(request), it->second));
  }
  return core::Ok();
}

core::Result<void> Guard::CheckCsrf(const http::Request& request) {
  // Bearer tokens are not sent by browsers on their own, so they need no CSRF token.
  if (!request.principal || request.via_bearer) return core::Ok();
  auto sent = request.Header(kCsrfHeader);
  if (!sent || !ConstantTimeEquals(*sent, request.principal->csrf_token)) {
    core::Error e = core::Error::Forbidden(
        "CSRFトークンが正しくありません。画面を再読み込みしてください (CSRF token missing or "
        "wrong)");
    e.details.push_back({"X-CSRF-Token", "csrf", e.message});
    return e;
  }
  return core::Ok();
}

std::string SessionCookie(std::string_view token, int64_t max_age_seconds, bool secure) {
  std::string c = std::string(kSessionCookie) + "=" + std::string(token) +
                  "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age_seconds);
  if (secure) c += "; Secure";
  return c;
}

}  // namespace auth

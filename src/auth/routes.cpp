// HTTP routes of the auth module: login, two-factor steps, sessions, invitations, resets and
// the admin actions on accounts.
#include "auth/routes.h"

#include <boost/json.hpp>

#include "auth/guard.h"
#include "auth/request_caller.h"
#include "auth/service.h"
#include "http/json_body.h"

namespace auth {
namespace {

namespace json = boost::json;
using core::Result;
using http::Access;
using http::Method;
using http::Request;
using http::Response;

json::object UserJson(const UserSummary& u) {
  return {{"id", u.id},
          {"login_id", u.login_id},
          {"display_name", u.display_name},
          {"kana", u.kana},
          {"account_type", u.account_type},
          {"profession_code", u.profession_code ? json::value(*u.profession_code) : nullptr},
          {"system_admin", u.system_admin}};
}

json::array MembershipsJson(const Principal& p) {
  json::array out;
  for (const auto& m : p.memberships) {
    out.push_back(json::object{{"organization_id", m.organization_id},
                               {"organization_name", m.organization_name},
                               {"organization_type", m.organization_type},
                               {"municipality_code", m.municipality_code},
                               {"role", RoleName(m.role)}});
  }
  return out;
}

/// The answer to a step that issued a session: cookie for browsers, token in the body for
/// bearer clients.
Response SessionResponse(const IssuedSession& s, const AuthConfig& config, bool secure) {
  json::object body{{"stage", StageName(s.stage)},
                    {"csrf_token", s.csrf_token},
                    {"expires_at", s.expires_at},
                    {"user", UserJson(s.user)}};
  if (s.bearer) body["token"] = s.token;
  Response r = http::JsonResponse(200, body);
  if (!s.bearer) {
    int64_t max_age = config.absolute_timeout_ms / 1000;
    r.headers.Add("Set-Cookie", SessionCookie(s.token, max_age, secure));
  }
  return r;
}

json::object LinkJson(const IssuedLink& l) {
  return {{"id", l.id}, {"url", l.url}, {"expires_at", l.expires_at}};
}

std::string Param(const Request& r, std::string_view name) {
  return std::string(r.PathParam(name));
}

}  // namespace

void RegisterRoutes(http::Router& router, AuthService& service, bool secure_cookies) {
  const AuthConfig& config = service.config();

  http::Route login{Method::kPost, "/api/v1/auth/login", Access::kPublic,
                    [&service, &config, secure_cookies](Request& req) -> Result<Response> {
                      ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                      LoginCommand cmd;
                      cmd.login_id = in.RequiredString("login_id", 64);
                      cmd.password = in.RequiredString("password", 256);
                      cmd.bearer = in.Bool("bearer").value_or(false);
                      RETURN_IF_ERROR(in.Finish());
                      ASSIGN_OR_RETURN(auto s, service.Login(cmd, CallerFrom(req)));
                      return SessionResponse(s, config, secure_cookies);
                    }};
  login.csrf_exempt = true;
  router.Add(std::move(login));

  router.Add({Method::kPost, "/api/v1/auth/second-factor", Access::kPasswordOnly,
              [&service, &config, secure_cookies](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                std::string code = in.RequiredString("code", 32);
                RETURN_IF_ERROR(in.Finish());
                ASSIGN_OR_RETURN(auto s, service.VerifySecondFactor(code, CallerFrom(req)));
                return SessionResponse(s, config, secure_cookies);
              }});
  router.Add({Method::kPost, "/api/v1/auth/enrolment", Access::kPasswordOnly,
              [&service](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto e, service.BeginEnrolment(CallerFrom(req)));
                return http::JsonResponse(200, json::object{{"secret", e.secret_base32},
                                                            {"otpauth_uri", e.otpauth_uri},
                                                            {"qr_svg", e.qr_svg}});
              }});
  router.Add({Method::kPost, "/api/v1/auth/enrolment/confirm", Access::kPasswordOnly,
              [&service, &config, secure_cookies](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                std::string code = in.RequiredString("code", 32);
                RETURN_IF_ERROR(in.Finish());
                ASSIGN_OR_RETURN(auto result, service.ConfirmEnrolment(code, CallerFrom(req)));
                auto& [session, codes] = result;
                Response r = session.token.empty()
                                 ? http::JsonResponse(200, json::object{{"stage", "full"}})
                                 : SessionResponse(session, config, secure_cookies);
                json::value body = json::parse(r.body);
                body.as_object()["recovery_codes"] = json::array(codes.begin(), codes.end());
                r.body = json::serialize(body);
                return r;
              }});
  router.Add({Method::kPost, "/api/v1/auth/logout", Access::kPasswordOnly,
              [&service, secure_cookies](Request& req) -> Result<Response> {
                RETURN_IF_ERROR(service.Logout(CallerFrom(req)));
                Response r = Response::NoContent();
                r.headers.Add("Set-Cookie", SessionCookie("", 0, secure_cookies));
                return r;
              }});
  router.Add({Method::kGet, "/api/v1/auth/session", Access::kPasswordOnly,
              [&service](Request& req) -> Result<Response> {
                const Principal& p = *req.principal;
                ASSIGN_OR_RETURN(bool totp, service.TotpEnabled(p.user_id));
                json::object body{
                    {"stage", StageName(p.stage)},
                    {"csrf_token", p.csrf_token},
                    {"user", json::object{{"id", p.user_id},
                                          {"login_id", p.login_id},
                                          {"display_name", p.display_name},
                                          {"account_type", AccountTypeName(p.account_type)},
                                          {"system_admin", p.system_admin}}},
                    {"memberships", MembershipsJson(p)},
                    {"totp_enabled", totp}};
                return http::JsonResponse(200, body);
              }});
  router.Add({Method::kGet, "/api/v1/auth/sessions", Access::kAuthenticated,
              [&service](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list, service.MySessions(CallerFrom(req)));
                json::array items;
                for (const auto& s : list) {
                  items.push_back(json::object{{"id", s.session.id},
                                               {"created_at", s.session.created_at},
                                               {"last_seen_at", s.session.last_seen_at},
                                               {"expires_at", s.session.expires_at},
                                               {"ip", s.session.ip},
                                               {"user_agent", s.session.user_agent},
                                               {"current", s.current}});
                }
                return http::JsonResponse(200, json::object{{"items", std::move(items)}});
              }});
  router.Add({Method::kDelete, "/api/v1/auth/sessions/{session_id}", Access::kAuthenticated,
              [&service](Request& req) -> Result<Response> {
                RETURN_IF_ERROR(service.RevokeMySession(Param(req, "session_id"), CallerFrom(req)));
                return Response::NoContent();
              }});
  router.Add({Method::kPost, "/api/v1/auth/password", Access::kAuthenticated,
              [&service](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                std::string current = in.RequiredString("current_password", 256);
                std::string next = in.RequiredString("new_password", 256);
                RETURN_IF_ERROR(in.Finish());
                RETURN_IF_ERROR(service.ChangePassword(current, next, CallerFrom(req)));
                return Response::NoContent();
              }});
  router.Add({Method::kPost, "/api/v1/auth/recovery-codes", Access::kAuthenticated,
              [&service](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                std::string password = in.RequiredString("password", 256);
                RETURN_IF_ERROR(in.Finish());
                ASSIGN_OR_RETURN(auto codes,
                                 service.RegenerateRecoveryCodes(password, CallerFrom(req)));
                return http::JsonResponse(
                    200, json::object{{"recovery_codes", json::array(codes.begin(), codes.end())}});
              }});

  // Invitations.
  router.Add({Method::kPost, "/api/v1/organizations/{org_id}/invitations", Access::kOrgAdmin,
              [&service](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                InviteCommand cmd;
                cmd.organization_id = Param(req, "org_id");
                cmd.role = in.Enum("role",
                                   {"member", "org_admin", "municipality_admin", "ems", "operator"})
                               .value_or("member");
                cmd.display_name = in.String("display_name", 100);
                cmd.kana = in.String("kana", 100);
                cmd.profession_code = in.String("profession_code", 64);
                cmd.email = in.String("email", 254);
                RETURN_IF_ERROR(in.Finish());
                ASSIGN_OR_RETURN(auto link, service.Invite(cmd, CallerFrom(req)));
                return http::JsonResponse(201, LinkJson(link));
              }});
  router.Add({Method::kGet, "/api/v1/organizations/{org_id}/invitations", Access::kOrgAdmin,
              [&service](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list,
                                 service.OpenInvitations(Param(req, "org_id"), CallerFrom(req)));
                json::array items;
                for (const auto& i : list) {
                  items.push_back(json::object{
                      {"id", i.id},
                      {"role", i.role.value_or("")},
                      {"display_name", i.display_name ? json::value(*i.display_name) : nullptr},
                      {"created_at", i.created_at},
                      {"expires_at", i.expires_at}});
                }
                return http::JsonResponse(200, json::object{{"items", std::move(items)}});
              }});
  router.Add({Method::kDelete, "/api/v1/organizations/{org_id}/invitations/{invitation_id}",
              Access::kOrgAdmin, [&service](Request& req) -> Result<Response> {
                RETURN_IF_ERROR(service.RevokeInvitation(
                    Param(req, "org_id"), Param(req, "invitation_id"), CallerFrom(req)));
                return Response::NoContent();
              }});
  http::Route lookup{Method::kPost, "/api/v1/invitations/lookup", Access::kPublic,
                     [&service](Request& req) -> Result<Response> {
                       ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                       std::string token = in.RequiredString("token", 100);
                       RETURN_IF_ERROR(in.Finish());
                       ASSIGN_OR_RETURN(auto v, service.LookupInvitation(token));
                       auto opt = [](const std::optional<std::string>& s) -> json::value {
                         return s ? json::value(*s) : json::value(nullptr);
                       };
                       return http::JsonResponse(
                           200, json::object{{"kind", v.kind},
                                             {"organization_id", v.organization_id},
                                             {"organization_name", v.organization_name},
                                             {"role", v.role},
                                             {"display_name", opt(v.display_name)},
                                             {"kana", opt(v.kana)},
                                             {"profession_code", opt(v.profession_code)},
                                             {"login_id", opt(v.login_id)},
                                             {"expires_at", v.expires_at}});
                     }};
  lookup.csrf_exempt = true;
  router.Add(std::move(lookup));
  http::Route accept{Method::kPost, "/api/v1/invitations/accept", Access::kPublic,
                     [&service](Request& req) -> Result<Response> {
                       ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                       AcceptCommand cmd;
                       cmd.token = in.RequiredString("token", 100);
                       cmd.login_id = in.RequiredString("login_id", 64);
                       cmd.password = in.RequiredString("password", 256);
                       cmd.display_name = in.RequiredString("display_name", 100);
                       cmd.kana = in.RequiredString("kana", 100);
                       cmd.profession_code = in.String("profession_code", 64);
                       cmd.phone = in.String("phone", 20);
                       cmd.email = in.String("email", 254);
                       RETURN_IF_ERROR(in.Finish());
                       ASSIGN_OR_RETURN(auto user, service.AcceptInvitation(cmd, CallerFrom(req)));
                       return http::JsonResponse(201, json::object{{"user", UserJson(user)}});
                     }};
  accept.csrf_exempt = true;
  router.Add(std::move(accept));
  http::Route reset{
      Method::kPost, "/api/v1/password-reset/complete", Access::kPublic,
      [&service](Request& req) -> Result<Response> {
        ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
        std::string token = in.RequiredString("token", 100);
        std::string password = in.RequiredString("password", 256);
        RETURN_IF_ERROR(in.Finish());
        RETURN_IF_ERROR(service.CompletePasswordReset(token, password, CallerFrom(req)));
        return Response::NoContent();
      }};
  reset.csrf_exempt = true;
  router.Add(std::move(reset));

  // Admin actions on an account, always in the context of an organization the admin administers.
  router.Add({Method::kPost, "/api/v1/organizations/{org_id}/users/{user_id}/password-reset",
              Access::kOrgAdmin, [&service](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(
                    auto link, service.IssuePasswordReset(Param(req, "org_id"),
                                                          Param(req, "user_id"), CallerFrom(req)));
                return http::JsonResponse(201, LinkJson(link));
              }});
  router.Add({Method::kPost, "/api/v1/organizations/{org_id}/users/{user_id}/reset-2fa",
              Access::kOrgAdmin, [&service](Request& req) -> Result<Response> {
                RETURN_IF_ERROR(service.ResetTwoFactor(Param(req, "org_id"), Param(req, "user_id"),
                                                       CallerFrom(req)));
                return Response::NoContent();
              }});
  router.Add({Method::kPost, "/api/v1/organizations/{org_id}/users/{user_id}/revoke-sessions",
              Access::kOrgAdmin, [&service](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(
                    int64_t n, service.RevokeUserSessions(Param(req, "org_id"),
                                                          Param(req, "user_id"), CallerFrom(req)));
                return http::JsonResponse(200, json::object{{"revoked", n}});
              }});
  router.Add(
      {Method::kPost, "/api/v1/organizations/{org_id}/users/{user_id}/status", Access::kOrgAdmin,
       [&service](Request& req) -> Result<Response> {
         ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
         std::string status = in.Enum("status", {"active", "suspended", "retired"}).value_or("");
         if (!in.Has("status")) in.AddError("status", "required", "入力してください (required)");
         RETURN_IF_ERROR(in.Finish());
         RETURN_IF_ERROR(service.SetUserStatus(Param(req, "org_id"), Param(req, "user_id"), status,
                                               CallerFrom(req)));
         return Response::NoContent();
       }});
}

}  // namespace auth

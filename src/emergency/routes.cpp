#include "emergency/routes.h"

#include <boost/json/array.hpp>

#include "auth/request_caller.h"
#include "care/attachment_routes.h"
#include "care/attachment_service.h"
#include "care/person_json.h"
#include "care/person_service.h"
#include "emergency/json.h"
#include "emergency/validation.h"
#include "http/json_body.h"
#include "http/router.h"

namespace emergency {
namespace {

namespace json = boost::json;
using http::Access;
using http::Method;
using http::Request;
using http::Response;

constexpr const char* kGrantCookie = "tsunagari_handover";

std::string Param(const Request& r, const char* name) { return std::string(r.PathParam(name)); }

json::object Items(const std::vector<EmsAccess>& list) {
  json::array items;
  for (const auto& a : list) items.push_back(ToJson(a));
  return json::object{{"items", std::move(items)}};
}

std::string Grant(const Request& r) { return r.Cookie(kGrantCookie).value_or(""); }

void RegisterTeamRoutes(http::Router& router, TeamSide& team) {
  router.Add({Method::kGet, "/api/v1/persons/{person_id}/emergency-summary", Access::kCareTeam,
              [&team](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto s,
                                 team.Summary(Param(req, "person_id"), auth::CallerFrom(req)));
                return http::JsonResponse(200, s);
              },
              64 * 1024, false, true});
  // The family keeps the kit and the key persons current and checks the result here; a family
  // account is no team member, so the service checks the family link instead of the gate.
  router.Add({Method::kGet, "/api/v1/family/persons/{person_id}/emergency-summary", Access::kFamily,
              [&team](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto s,
                                 team.Summary(Param(req, "person_id"), auth::CallerFrom(req),
                                              care::Need::kFamilyRead));
                return http::JsonResponse(200, s);
              },
              64 * 1024, false, true});
  router.Add({Method::kGet, "/api/v1/persons/{person_id}/emergency-card", Access::kCareTeam,
              [&team](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto v,
                                 team.GetCard(Param(req, "person_id"), auth::CallerFrom(req)));
                return http::JsonResponse(
                    200, json::object{{"card", v ? json::value(ToJson(*v)) : json::value()}});
              },
              64 * 1024, false, true});
  router.Add({Method::kPost, "/api/v1/persons/{person_id}/emergency-card", Access::kCareTeam,
              [&team](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto v,
                                 team.IssueCard(Param(req, "person_id"), auth::CallerFrom(req)));
                return http::JsonResponse(201, ToJson(v));
              },
              64 * 1024, false, true});
  router.Add({Method::kDelete, "/api/v1/persons/{person_id}/emergency-card", Access::kCareTeam,
              [&team](Request& req) -> Result<Response> {
                RETURN_IF_ERROR(team.RevokeCard(Param(req, "person_id"), auth::CallerFrom(req)));
                return Response::NoContent();
              },
              64 * 1024, false, true});
  router.Add({Method::kGet, "/api/v1/persons/{person_id}/ems-accesses", Access::kCareTeam,
              [&team](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list,
                                 team.Accesses(Param(req, "person_id"), auth::CallerFrom(req)));
                return http::JsonResponse(200, Items(list));
              },
              64 * 1024, false, true});
}

void RegisterEmsRoutes(http::Router& router, EmsSide& ems, const core::Clock& clock) {
  router.Add({Method::kGet, "/api/v1/ems/cards/{token}", Access::kEms,
              [&ems](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(bool consent,
                                 ems.CheckCard(Param(req, "token"), auth::CallerFrom(req)));
                return http::JsonResponse(200, json::object{{"emergency_consent", consent}});
              },
              64 * 1024, false, true});
  router.Add({Method::kGet, "/api/v1/ems/persons", Access::kEms,
              [&ems, &clock](Request& req) -> Result<Response> {
                SearchText q{req.Query("kana").value_or(""), req.Query("birth_date").value_or(""),
                             req.Query("phone").value_or(""), req.Query("address").value_or(""),
                             req.Query("limit").value_or("")};
                ASSIGN_OR_RETURN(auto found, ems.Search(ParseSearch(q), auth::CallerFrom(req)));
                const core::Date today = care::TodayJst(clock);
                json::array items;
                for (const auto& c : found.items) items.push_back(ToJson(c, today));
                return http::JsonResponse(200,
                                          json::object{{"items", std::move(items)},
                                                       {"without_consent", found.without_consent}});
              },
              64 * 1024, false, true});
  router.Add({Method::kPost, "/api/v1/ems/accesses", Access::kEms,
              [&ems](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(
                    auto a, ems.Open(ParseOpen(care::RequestObject(req)), auth::CallerFrom(req)));
                return http::JsonResponse(201, ToJson(a));
              },
              64 * 1024, false, true});
  router.Add({Method::kGet, "/api/v1/ems/accesses", Access::kEms,
              [&ems](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list, ems.Mine(auth::CallerFrom(req)));
                return http::JsonResponse(200, Items(list));
              },
              64 * 1024, false, true});
  router.Add({Method::kGet, "/api/v1/ems/accesses/{access_id}", Access::kEms,
              [&ems](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto opened,
                                 ems.Read(Param(req, "access_id"), auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(opened));
              },
              64 * 1024, false, true});
  router.Add(
      {Method::kPut, "/api/v1/ems/accesses/{access_id}/destination", Access::kEms,
       [&ems](Request& req) -> Result<Response> {
         ASSIGN_OR_RETURN(auto set, ems.SetDestination(Param(req, "access_id"),
                                                       ParseDestination(care::RequestObject(req)),
                                                       auth::CallerFrom(req)));
         json::object out = ToJson(set.first);
         out["handover"] = set.second ? json::value(json::object{{"link_url", set.second->link_url},
                                                                 {"pin", set.second->pin}})
                                      : json::value(nullptr);
         Response r = http::JsonResponse(200, out);
         r.headers.Add("Cache-Control", "no-store");  // the PIN is shown once
         return r;
       },
       64 * 1024, false, true});
}

void RegisterEmsMediaRoutes(http::Router& router, EmsSide& ems) {
  http::Route upload{Method::kPost, "/api/v1/ems/accesses/{access_id}/media", Access::kEms,
                     [&ems](Request& req) -> Result<Response> {
                       std::string name;
                       if (auto h = req.Header("X-File-Name")) {
                         name = http::PercentDecode(*h, false);
                       }
                       ASSIGN_OR_RETURN(auto a, ems.AddMedia(Param(req, "access_id"), req.body,
                                                             name, auth::CallerFrom(req)));
                       return http::JsonResponse(201, care::AttachmentJson(a));
                     }};
  upload.body_limit = care::AttachmentService::kMaxVideoBytes;
  upload.audit_personal = true;
  router.Add(std::move(upload));
  for (bool thumbnail : {false, true}) {
    std::string pattern = "/api/v1/ems/accesses/{access_id}/media/{attachment_id}";
    if (thumbnail) pattern += "/thumbnail";
    router.Add({Method::kGet, pattern, Access::kEms,
                [&ems, thumbnail](Request& req) -> Result<Response> {
                  ASSIGN_OR_RETURN(auto content,
                                   ems.Media(Param(req, "access_id"), Param(req, "attachment_id"),
                                             thumbnail, auth::CallerFrom(req)));
                  return care::FileResponse(std::move(content));
                },
                64 * 1024, false, true});
  }
}

void RegisterHandoverMediaRoutes(http::Router& router, HospitalSide& hospital) {
  for (bool thumbnail : {false, true}) {
    std::string suffix = thumbnail ? "/thumbnail" : "";
    router.Add({Method::kGet, "/api/v1/handovers/{access_id}/media/{attachment_id}" + suffix,
                Access::kStaff,
                [&hospital, thumbnail](Request& req) -> Result<Response> {
                  ASSIGN_OR_RETURN(auto content, hospital.Media(Param(req, "access_id"), "", "",
                                                                Param(req, "attachment_id"),
                                                                thumbnail, auth::CallerFrom(req)));
                  return care::FileResponse(std::move(content));
                },
                64 * 1024, false, true});
    router.Add({Method::kGet, "/api/v1/handover-links/{token}/media/{attachment_id}" + suffix,
                Access::kPublic,
                [&hospital, thumbnail](Request& req) -> Result<Response> {
                  ASSIGN_OR_RETURN(auto content, hospital.Media("", Param(req, "token"), Grant(req),
                                                                Param(req, "attachment_id"),
                                                                thumbnail, auth::CallerFrom(req)));
                  return care::FileResponse(std::move(content));
                },
                64 * 1024, true, true});
  }
}

void RegisterHospitalRoutes(http::Router& router, HospitalSide& hospital, bool secure) {
  router.Add({Method::kGet, "/api/v1/handovers", Access::kStaff,
              [&hospital](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list, hospital.List(auth::CallerFrom(req)));
                return http::JsonResponse(200, Items(list));
              },
              64 * 1024, false, true});
  router.Add({Method::kGet, "/api/v1/handovers/{access_id}", Access::kStaff,
              [&hospital](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto opened,
                                 hospital.Read(Param(req, "access_id"), auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(opened));
              },
              64 * 1024, false, true});
  router.Add({Method::kPut, "/api/v1/handovers/{access_id}/outcome", Access::kStaff,
              [&hospital](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(
                    auto a, hospital.ReportOutcome(Param(req, "access_id"),
                                                   ParseOutcome(care::RequestObject(req), false),
                                                   auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(a));
              },
              64 * 1024, false, true});
  // The one-time link: no account, no session. The PIN unlocks it for one browser, which then
  // holds the grant in a cookie bound to the link's own path (SameSite=Strict, so no other site
  // can make the browser send it); CSRF tokens belong to sessions, which these requests lack.
  router.Add(
      {Method::kPost, "/api/v1/handover-links/{token}/unlock", Access::kPublic,
       [&hospital, secure](Request& req) -> Result<Response> {
         const std::string token = Param(req, "token");
         ASSIGN_OR_RETURN(auto unlocked, hospital.Unlock(token, ParsePin(care::RequestObject(req)),
                                                         auth::CallerFrom(req)));
         Response r = http::JsonResponse(200, json::object{{"expires_at", unlocked.expires_at}});
         std::string cookie = std::string(kGrantCookie) + "=" + unlocked.grant +
                              "; Path=/api/v1/handover-links/" + token +
                              "; HttpOnly; SameSite=Strict";
         if (secure) cookie += "; Secure";
         r.headers.Add("Set-Cookie", cookie);
         return r;
       },
       64 * 1024, true, true});
  router.Add({Method::kGet, "/api/v1/handover-links/{token}", Access::kPublic,
              [&hospital](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto opened, hospital.ReadByLink(Param(req, "token"), Grant(req),
                                                                  auth::CallerFrom(req)));
                Response r = http::JsonResponse(200, ToJson(opened));
                r.headers.Add("Cache-Control", "no-store");
                return r;
              },
              64 * 1024, true, true});
  router.Add({Method::kPut, "/api/v1/handover-links/{token}/outcome", Access::kPublic,
              [&hospital](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto a, hospital.ReportOutcomeByLink(
                                             Param(req, "token"), Grant(req),
                                             ParseOutcome(care::RequestObject(req), true),
                                             auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(a));
              },
              64 * 1024, true, true});
}

}  // namespace

void RegisterRoutes(http::Router& router, Sides sides) {
  RegisterTeamRoutes(router, sides.team);
  RegisterEmsRoutes(router, sides.ems, sides.clock);
  RegisterEmsMediaRoutes(router, sides.ems);
  RegisterHospitalRoutes(router, sides.hospital, sides.secure_cookies);
  RegisterHandoverMediaRoutes(router, sides.hospital);
}

}  // namespace emergency

#include "watch/alert_routes.h"

#include "auth/request_caller.h"
#include "care/person_json.h"
#include "http/json_body.h"
#include "http/router.h"
#include "watch/alert_service.h"
#include "watch/route_params.h"

namespace watch {
namespace {

namespace json = boost::json;
using core::Result;
using http::Access;
using http::Method;
using http::Request;
using http::Response;

// Operators are no team members, so the care gate is off: the alert service checks the caller's
// watch access to the alert's person on every call (AccessChecker).
void Add(http::Router& router, Method m, std::string pattern, http::Handler h,
         Access access = Access::kWatch) {
  router.Add({m, std::move(pattern), access, std::move(h), 64 * 1024, false, true, false});
}

using Action = Result<json::object> (AlertService::*)(const std::string&, const auth::Caller&,
                                                      const json::object&);

// POST /api/v1/watch/alerts/{alert_id}/<verb> with a JSON body; answers the alert.
void AddAction(http::Router& router, AlertService* svc, const char* verb, Action action) {
  Add(router, Method::kPost, std::string("/api/v1/watch/alerts/{alert_id}/") + verb,
      [svc, action](Request& req) -> Result<Response> {
        ASSIGN_OR_RETURN(auto body, care::RequestObject(req));
        ASSIGN_OR_RETURN(auto out,
                         (svc->*action)(Param(req, "alert_id"), auth::CallerFrom(req), body));
        return http::JsonResponse(200, out);
      });
}

}  // namespace

void RegisterAlertRoutes(http::Router& router, AlertService& alerts) {
  AlertService* svc = &alerts;
  Add(
      router, Method::kGet, "/api/v1/watch/alerts",
      [svc](Request& req) -> Result<Response> {
        AlertListQuery q{req.Query("state"), req.Query("category"), req.Query("municipality"),
                         req.Query("cursor"), req.Query("limit")};
        ASSIGN_OR_RETURN(auto out, svc->List(q, auth::CallerFrom(req)));
        return http::JsonResponse(200, out);
      },
      Access::kWatchBoard);
  Add(
      router, Method::kPost, "/api/v1/watch/alerts/release-mine",
      [svc](Request& req) -> Result<Response> {
        ASSIGN_OR_RETURN(auto body, care::RequestObject(req));
        ASSIGN_OR_RETURN(auto out, svc->ReleaseMine(auth::CallerFrom(req), body));
        return http::JsonResponse(200, out);
      },
      Access::kWatchBoard);  // a call-center shift ends
  Add(router, Method::kGet, "/api/v1/watch/alerts/{alert_id}",
      [svc](Request& req) -> Result<Response> {
        ASSIGN_OR_RETURN(auto out, svc->Get(Param(req, "alert_id"), auth::CallerFrom(req)));
        return http::JsonResponse(200, out);
      });
  AddAction(router, svc, "take", &AlertService::Take);
  AddAction(router, svc, "calls", &AlertService::RecordCall);
  AddAction(router, svc, "notify", &AlertService::Notify);
  AddAction(router, svc, "advise", &AlertService::Advise);
  AddAction(router, svc, "resolve", &AlertService::Resolve);
  AddAction(router, svc, "post-to-timeline", &AlertService::PostToTimeline);
  Add(router, Method::kGet, "/api/v1/persons/{person_id}/watch/alerts",
      [svc](Request& req) -> Result<Response> {
        ASSIGN_OR_RETURN(auto out, svc->PersonHistory(Param(req, "person_id"), req.Query("cursor"),
                                                      req.Query("limit"), auth::CallerFrom(req)));
        return http::JsonResponse(200, out);
      });
}

}  // namespace watch

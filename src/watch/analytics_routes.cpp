#include "watch/analytics_routes.h"

#include "auth/request_caller.h"
#include "http/json_body.h"
#include "http/router.h"
#include "watch/analytics.h"
#include "watch/route_params.h"

namespace watch {
namespace {

using core::Result;
using http::Access;
using http::Method;
using http::Request;
using http::Response;

AnalyticsQuery QueryOf(const Request& r) {
  return AnalyticsQuery{r.Query("from"), r.Query("to"), r.Query("weeks"), r.Query("cohort")};
}

// Personal data in a file: never cached, never sniffed; the name carries dates only.
Response CsvResponse(AnalyticsService::Csv csv) {
  Response r;
  r.status = 200;
  r.body = std::move(csv.body);
  r.headers.Add("Content-Type", "text/csv; charset=utf-8");
  r.headers.Add("Cache-Control", "private, no-store");
  r.headers.Add("Content-Disposition", "attachment; filename=\"" + csv.file_name +
                                           "\"; filename*=UTF-8''" +
                                           http::PercentEncode(csv.file_name));
  r.headers.Add("X-Content-Type-Options", "nosniff");
  return r;
}

// Operators are no team members, so the care gate is off and the service checks every call.
void AddPerson(http::Router& router, std::string pattern, http::Handler h) {
  router.Add({Method::kGet, std::move(pattern), Access::kWatch, std::move(h), 64 * 1024, false,
              true, false});
}

}  // namespace

void RegisterAnalyticsRoutes(http::Router& router, AnalyticsService& analytics) {
  AnalyticsService* a = &analytics;
  AddPerson(
      router, "/api/v1/persons/{person_id}/watch/analytics", [a](Request& req) -> Result<Response> {
        ASSIGN_OR_RETURN(auto out,
                         a->Person(Param(req, "person_id"), auth::CallerFrom(req), QueryOf(req)));
        return http::JsonResponse(200, out);
      });
  AddPerson(router, "/api/v1/persons/{person_id}/watch/analytics/csv",
            [a](Request& req) -> Result<Response> {
              ASSIGN_OR_RETURN(auto csv,
                               a->PersonCsv(Param(req, "person_id"), auth::CallerFrom(req),
                                            QueryOf(req), req.Query("chart").value_or("")));
              return CsvResponse(std::move(csv));
            });
  AddPerson(router, "/api/v1/persons/{person_id}/watch/signs",
            [a](Request& req) -> Result<Response> {
              ASSIGN_OR_RETURN(auto out, a->Signs(Param(req, "person_id"), auth::CallerFrom(req)));
              return http::JsonResponse(200, out);
            });
  router.Add({Method::kGet, "/api/v1/watch/region", Access::kWatchBoard,
              [a](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto out,
                                 a->Region(auth::CallerFrom(req), req.Query("municipality"),
                                           req.Query("from"), req.Query("to")));
                return http::JsonResponse(200, out);
              }});
  router.Add({Method::kGet, "/api/v1/watch/region/csv", Access::kWatchBoard,
              [a](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto csv,
                                 a->RegionCsv(auth::CallerFrom(req), req.Query("municipality"),
                                              req.Query("from"), req.Query("to"),
                                              req.Query("chart").value_or("months")));
                return CsvResponse(std::move(csv));
              }});
}

}  // namespace watch

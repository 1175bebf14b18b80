// Routes of the scheduled reports and the family's watch view (report_routes.h).
#include "watch/report_routes.h"

#include "auth/request_caller.h"
#include "http/json_body.h"
#include "http/router.h"
#include "watch/reports.h"
#include "watch/route_params.h"

namespace watch {
namespace {

using core::Result;
using http::Access;
using http::Method;
using http::Request;
using http::Response;

// Reads only; the reports service checks the caller's watch access (kFamilyRead) on every call.
void AddRead(http::Router& router, std::string pattern, Access access, http::Handler h) {
  router.Add(
      {Method::kGet, std::move(pattern), access, std::move(h), 64 * 1024, false, true, false});
}

}  // namespace

void RegisterReportRoutes(http::Router& router, Reports& reports) {
  Reports* r = &reports;
  auto list = [r](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(auto out, r->List(Param(req, "person_id"), auth::CallerFrom(req),
                                       req.Query("cursor"), req.Query("limit")));
    return http::JsonResponse(200, out);
  };
  auto one = [r](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(
        auto out, r->Get(Param(req, "person_id"), Param(req, "report_id"), auth::CallerFrom(req)));
    return http::JsonResponse(200, out);
  };
  // Staff: the office (operators, municipality admins) and the care team with its consent.
  AddRead(router, "/api/v1/persons/{person_id}/watch/reports", Access::kWatch, list);
  AddRead(router, "/api/v1/persons/{person_id}/watch/reports/{report_id}", Access::kWatch, one);
  // The family account's side: the family link and the family consent are checked by the service.
  AddRead(router, "/api/v1/family/persons/{person_id}/watch", Access::kFamily,
          [r](Request& req) -> Result<Response> {
            ASSIGN_OR_RETURN(auto out,
                             r->FamilyStatus(Param(req, "person_id"), auth::CallerFrom(req)));
            return http::JsonResponse(200, out);
          });
  AddRead(router, "/api/v1/family/persons/{person_id}/watch/reports", Access::kFamily, list);
  AddRead(router, "/api/v1/family/persons/{person_id}/watch/reports/{report_id}", Access::kFamily,
          one);
}

}  // namespace watch

#include "care/consent_routes.h"

#include <boost/json/array.hpp>

#include "auth/request_caller.h"
#include "care/consent_service.h"
#include "care/person_json.h"
#include "care/person_validation.h"
#include "http/json_body.h"

namespace care {
namespace {

namespace json = boost::json;
using http::Access;
using http::Method;
using http::Request;
using http::Response;

std::string Param(const Request& r, const char* name) { return std::string(r.PathParam(name)); }

}  // namespace

void RegisterConsentRoutes(http::Router& router, ConsentService& consents) {
  router.Add({Method::kGet, "/api/v1/persons/{person_id}/consents", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list,
                                 consents.List(Param(req, "person_id"), auth::CallerFrom(req)));
                json::array items;
                for (const auto& c : list) items.push_back(ToJson(c));
                return http::JsonResponse(200, json::object{{"items", std::move(items)}});
              },
              64 * 1024, false, true});
  // Recording and withdrawing consent is the care manager's even while no team consent is in
  // force, when the person gate (read access) would refuse them: these routes skip the person gate
  // (person_gate = false) and ConsentService applies Need::kRecordConsent, refusing everyone else
  // with 403.
  router.Add({Method::kPost, "/api/v1/persons/{person_id}/consents", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto consent,
                                 consents.Create(Param(req, "person_id"),
                                                 ParseConsent(RequestObject(req), consents.Today()),
                                                 auth::CallerFrom(req)));
                return http::JsonResponse(201, ToJson(consent));
              },
              64 * 1024, false, true, /*person_gate=*/false});
  router.Add({Method::kPost, "/api/v1/persons/{person_id}/consents/{consent_id}/withdraw",
              Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(
                    auto consent,
                    consents.Withdraw(Param(req, "person_id"), Param(req, "consent_id"),
                                      ParseWithdrawal(RequestObject(req), consents.Today()),
                                      auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(consent));
              },
              64 * 1024, false, true, /*person_gate=*/false});
  router.Add(
      {Method::kPut, "/api/v1/persons/{person_id}/consents/{consent_id}/scan", Access::kCareTeam,
       [&](Request& req) -> Result<Response> {
         ASSIGN_OR_RETURN(auto consent, consents.AttachScan(
                                            Param(req, "person_id"), Param(req, "consent_id"),
                                            ParseScan(RequestObject(req)), auth::CallerFrom(req)));
         return http::JsonResponse(200, ToJson(consent));
       },
       64 * 1024, false, true, /*person_gate=*/false});
}

}  // namespace care

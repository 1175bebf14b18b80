#include "watch/routes.h"

#include <boost/json/array.hpp>

#include "auth/request_caller.h"
#include "care/person_json.h"
#include "http/json_body.h"
#include "http/router.h"
#include "watch/ingester.h"
#include "watch/payload.h"
#include "watch/registry_service.h"
#include "watch/route_params.h"
#include "watch/status_board.h"

namespace watch {
namespace {

namespace json = boost::json;
using core::Result;
using http::Access;
using http::Method;
using http::Request;
using http::Response;

Result<json::object> Body(const Request& r) { return care::RequestObject(r); }

// Person routes: operators are no team members, so the care gate is off and the watch service
// checks every call itself (Registry → AccessChecker).
void AddPerson(http::Router& router, Method m, std::string pattern, http::Handler h) {
  router.Add({m, std::move(pattern), Access::kWatch, std::move(h), 64 * 1024, false, true, false});
}

json::object ReportJson(const IngestReport& r) {
  json::array rejected;
  for (const auto& rej : r.rejections) {
    rejected.push_back(json::object{{"index", rej.index}, {"reason", rej.code}});
  }
  return json::object{
      {"accepted", r.accepted}, {"duplicates", r.duplicates}, {"rejected", std::move(rejected)}};
}

}  // namespace

void RegisterRegistryRoutes(http::Router& router, Registry& registry) {
  Registry* reg = &registry;
  AddPerson(router, Method::kGet, "/api/v1/persons/{person_id}/watch",
            [reg](Request& req) -> Result<Response> {
              ASSIGN_OR_RETURN(auto out, reg->Get(Param(req, "person_id"), auth::CallerFrom(req)));
              return http::JsonResponse(200, out);
            });
  AddPerson(router, Method::kPost, "/api/v1/persons/{person_id}/watch",
            [reg](Request& req) -> Result<Response> {
              ASSIGN_OR_RETURN(auto body, Body(req));
              ASSIGN_OR_RETURN(auto out,
                               reg->Enrol(Param(req, "person_id"), auth::CallerFrom(req), body));
              return http::JsonResponse(201, out);
            });
  AddPerson(router, Method::kPut, "/api/v1/persons/{person_id}/watch",
            [reg](Request& req) -> Result<Response> {
              ASSIGN_OR_RETURN(auto body, Body(req));
              ASSIGN_OR_RETURN(auto out,
                               reg->Update(Param(req, "person_id"), auth::CallerFrom(req), body));
              return http::JsonResponse(200, out);
            });
  AddPerson(router, Method::kDelete, "/api/v1/persons/{person_id}/watch",
            [reg](Request& req) -> Result<Response> {
              RETURN_IF_ERROR(reg->End(Param(req, "person_id"), auth::CallerFrom(req)));
              return Response::NoContent();
            });
  AddPerson(router, Method::kPost, "/api/v1/persons/{person_id}/watch/devices",
            [reg](Request& req) -> Result<Response> {
              ASSIGN_OR_RETURN(auto body, Body(req));
              ASSIGN_OR_RETURN(
                  auto out, reg->AddDevice(Param(req, "person_id"), auth::CallerFrom(req), body));
              return http::JsonResponse(201, out);
            });
  AddPerson(router, Method::kPost, "/api/v1/persons/{person_id}/watch/devices/{device_id}/secret",
            [reg](Request& req) -> Result<Response> {
              ASSIGN_OR_RETURN(auto out,
                               reg->RotateSecret(Param(req, "person_id"), Param(req, "device_id"),
                                                 auth::CallerFrom(req)));
              return http::JsonResponse(200, out);
            });
  AddPerson(router, Method::kDelete, "/api/v1/persons/{person_id}/watch/devices/{device_id}",
            [reg](Request& req) -> Result<Response> {
              RETURN_IF_ERROR(reg->RemoveDevice(Param(req, "person_id"), Param(req, "device_id"),
                                                auth::CallerFrom(req)));
              return Response::NoContent();
            });
  AddPerson(router, Method::kPost, "/api/v1/persons/{person_id}/watch/absences",
            [reg](Request& req) -> Result<Response> {
              ASSIGN_OR_RETURN(auto body, Body(req));
              ASSIGN_OR_RETURN(
                  auto out, reg->AddAbsence(Param(req, "person_id"), auth::CallerFrom(req), body));
              return http::JsonResponse(201, out);
            });
  AddPerson(router, Method::kDelete, "/api/v1/persons/{person_id}/watch/absences/{absence_id}",
            [reg](Request& req) -> Result<Response> {
              RETURN_IF_ERROR(reg->CancelAbsence(Param(req, "person_id"), Param(req, "absence_id"),
                                                 auth::CallerFrom(req)));
              return Response::NoContent();
            });
  router.Add({Method::kGet, "/api/v1/municipalities/{municipality_code}/watch/settings",
              Access::kMunicipalityAdmin, [reg](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto out, reg->RegionSettings(Param(req, "municipality_code"),
                                                               auth::CallerFrom(req)));
                return http::JsonResponse(200, out);
              }});
  router.Add({Method::kPut, "/api/v1/municipalities/{municipality_code}/watch/settings",
              Access::kMunicipalityAdmin, [reg](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto body, Body(req));
                ASSIGN_OR_RETURN(auto out, reg->SaveRegionSettings(Param(req, "municipality_code"),
                                                                   auth::CallerFrom(req), body));
                return http::JsonResponse(200, out);
              }});
}

void RegisterStatusRoutes(http::Router& router, StatusBoard& board) {
  StatusBoard* b = &board;
  router.Add({Method::kGet, "/api/v1/watch/status", Access::kWatchBoard,
              [b](Request& req) -> Result<Response> {
                std::vector<std::string> persons;
                if (auto list = req.Query("persons")) {
                  size_t start = 0;
                  while (start <= list->size() && persons.size() < 500) {
                    size_t comma = list->find(',', start);
                    if (comma == std::string::npos) comma = list->size();
                    if (comma > start) persons.push_back(list->substr(start, comma - start));
                    start = comma + 1;
                  }
                }
                ASSIGN_OR_RETURN(
                    auto out, b->List(auth::CallerFrom(req), req.Query("municipality"), persons));
                return http::JsonResponse(200, out);
              },
              64 * 1024, false, true});
  router.Add({Method::kGet, "/api/v1/watch/status/stream", Access::kWatchBoard,
              [b](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto stream,
                                 b->Subscribe(auth::CallerFrom(req), req.Query("municipality")));
                Response r;
                r.stream = std::move(stream);
                return r;
              }});
}

void RegisterIngestRoutes(http::Router& router, Ingester& ingester) {
  Ingester* ing = &ingester;
  // Devices carry no session: the payload's signature authenticates them, so no CSRF token.
  router.Add({Method::kPost, "/api/v1/watch/events", Access::kDevice,
              [ing](Request& req) -> Result<Response> {
                auto header = req.Header("authorization");
                if (!header) {
                  return core::Error::Unauthenticated(
                      "Authorization: TsunagariDevice <device>:<mac> が必要です (device "
                      "signature required)");
                }
                ASSIGN_OR_RETURN(auto auth, ParseDeviceAuthorization(*header));
                ASSIGN_OR_RETURN(auto report, ing->Ingest(auth.device, req.body, auth.mac_hex));
                if (report.whole_rejected && !report.rejections.empty()) {
                  const std::string& code = report.rejections.front().code;
                  if (code == "unknown_device" || code == "bad_signature") {
                    return core::Error::Unauthenticated(
                        "機器の署名を確認できません (unknown device or bad signature)");
                  }
                  return http::JsonResponse(400, ReportJson(report));
                }
                return http::JsonResponse(200, ReportJson(report));
              },
              kMaxPayloadBytes + 1024, true, false, false});
}

}  // namespace watch

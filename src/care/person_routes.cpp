#include "care/person_routes.h"

#include <boost/json/array.hpp>

#include "auth/request_caller.h"
#include "care/person_json.h"
#include "care/person_service.h"
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

/// `limit` as given; 0 (invalid) for anything but 1–4 digits, so the service can name it.
int LimitParam(const Request& r) {
  auto s = r.Query("limit");
  if (!s || s->empty()) return 50;
  if (s->size() > 4) return 0;
  int v = 0;
  for (char c : *s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  return v;
}

json::object Items(json::array items) { return json::object{{"items", std::move(items)}}; }

}  // namespace

Result<Response> GetProfilePart(PersonService& persons, Request& req) {
  ASSIGN_OR_RETURN(auto part, persons.GetPart(Param(req, "person_id"), Param(req, "part"),
                                              auth::CallerFrom(req)));
  return http::JsonResponse(200, ToJson(part));
}

Result<Response> PutProfilePart(PersonService& persons, Request& req) {
  ASSIGN_OR_RETURN(
      auto part, persons.PutPart(
                     Param(req, "person_id"), req.PathParam("part"),
                     ParseProfileUpdate(req.PathParam("part"), RequestObject(req), persons.Today()),
                     auth::CallerFrom(req)));
  return http::JsonResponse(200, ToJson(part));
}

void RegisterPersonRoutes(http::Router& router, PersonService& persons) {
  router.Add(
      {Method::kGet, "/api/v1/persons", Access::kStaff, [&](Request& req) -> Result<Response> {
         PersonQuery q;
         q.text = req.Query("q").value_or("");
         q.municipality_code = req.Query("municipality").value_or("");
         q.category = req.Query("category").value_or("");
         q.status = req.Query("status").value_or("");
         q.cursor = req.Query("cursor").value_or("");
         q.limit = LimitParam(req);
         ASSIGN_OR_RETURN(auto page, persons.List(q, auth::CallerFrom(req)));
         json::array items;
         core::Date today = persons.Today();
         for (const auto& s : page.items) items.push_back(ToJson(s, today));
         json::object body = Items(std::move(items));
         body["next_cursor"] =
             page.next_cursor.empty() ? json::value(nullptr) : json::value(page.next_cursor);
         return http::JsonResponse(200, body);
       }});
  router.Add({Method::kPost, "/api/v1/persons", Access::kStaff,
              [&](Request& req) -> Result<Response> {
                core::Date today = persons.Today();
                ASSIGN_OR_RETURN(auto detail,
                                 persons.Register(ParseRegistration(RequestObject(req), today),
                                                  auth::CallerFrom(req)));
                return http::JsonResponse(201, ToJson(detail, today));
              },
              64 * 1024, false, true});
  router.Add({Method::kGet, "/api/v1/persons/{person_id}", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto detail,
                                 persons.Get(Param(req, "person_id"), auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(detail, persons.Today()));
              },
              64 * 1024, false, true});
  router.Add({Method::kPut, "/api/v1/persons/{person_id}", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                core::Date today = persons.Today();
                ASSIGN_OR_RETURN(auto detail, persons.UpdateIdentity(
                                                  Param(req, "person_id"),
                                                  ParseIdentityUpdate(RequestObject(req), today),
                                                  auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(detail, today));
              },
              64 * 1024, false, true});

  router.Add({Method::kGet, "/api/v1/persons/{person_id}/profile/{part}", Access::kCareTeam,
              [&](Request& req) { return GetProfilePart(persons, req); }, 64 * 1024, false, true});
  router.Add({Method::kPut, "/api/v1/persons/{person_id}/profile/{part}", Access::kCareTeam,
              [&](Request& req) { return PutProfilePart(persons, req); }, 64 * 1024, false, true});
  router.Add({Method::kGet, "/api/v1/persons/{person_id}/profile/{part}/versions",
              Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto versions,
                                 persons.PartVersions(Param(req, "person_id"), Param(req, "part"),
                                                      auth::CallerFrom(req)));
                json::array items;
                for (const auto& v : versions) items.push_back(ToJson(v));
                return http::JsonResponse(200, Items(std::move(items)));
              },
              64 * 1024, false, true});

  router.Add({Method::kGet, "/api/v1/persons/{person_id}/status", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list,
                                 persons.Statuses(Param(req, "person_id"), auth::CallerFrom(req)));
                json::array items;
                for (const auto& s : list) items.push_back(ToJson(s));
                return http::JsonResponse(200, Items(std::move(items)));
              },
              64 * 1024, false, true});
  router.Add({Method::kPost, "/api/v1/persons/{person_id}/status", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto entry,
                                 persons.AddStatus(Param(req, "person_id"),
                                                   ParseStatus(RequestObject(req), persons.Today()),
                                                   auth::CallerFrom(req)));
                return http::JsonResponse(201, ToJson(entry));
              },
              64 * 1024, false, true});
}

}  // namespace care

#include "care/family_routes.h"

#include <boost/json/array.hpp>

#include "auth/request_caller.h"
#include "care/family_service.h"
#include "care/person_json.h"
#include "care/person_routes.h"
#include "care/person_service.h"
#include "care/person_validation.h"
#include "http/json_body.h"

namespace care {
namespace {

namespace json = boost::json;
using core::Result;
using http::Access;
using http::Method;
using http::Request;
using http::Response;

std::string Param(const Request& r, const char* name) { return std::string(r.PathParam(name)); }

json::object ToJson(const FamilyMember& m, int64_t now) {
  json::object o{{"id", m.id},
                 {"display_name", m.display_name},
                 {"relation", m.relation},
                 {"status", m.Status(now)},
                 {"invited_by", json::object{{"id", m.invited_by}, {"name", m.invited_by_name}}},
                 {"created_at", m.created_at}};
  o["accepted_at"] = m.accepted_at ? json::value(*m.accepted_at) : json::value(nullptr);
  o["revoked_at"] = m.revoked_at ? json::value(*m.revoked_at) : json::value(nullptr);
  return o;
}

void RegisterTeamSide(http::Router& router, FamilyService& family, const core::Clock& clock) {
  router.Add({Method::kGet, "/api/v1/persons/{person_id}/family", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list,
                                 family.List(Param(req, "person_id"), auth::CallerFrom(req)));
                json::array items;
                for (const auto& m : list) items.push_back(ToJson(m, clock.NowMillis()));
                return http::JsonResponse(200, json::object{{"items", std::move(items)}});
              },
              64 * 1024, false, true});
  router.Add(
      {Method::kPost, "/api/v1/persons/{person_id}/family", Access::kCareTeam,
       [&](Request& req) -> Result<Response> {
         ASSIGN_OR_RETURN(json::object body, RequestObject(req));
         ASSIGN_OR_RETURN(auto issued,
                          family.Invite(Param(req, "person_id"), ParseFamilyInvite(body),
                                        auth::CallerFrom(req)));
         json::object o = ToJson(issued.member, clock.NowMillis());
         o["link"] = json::object{{"url", issued.link.url}, {"expires_at", issued.link.expires_at}};
         return http::JsonResponse(201, o);
       },
       64 * 1024, false, true});
  router.Add({Method::kDelete, "/api/v1/persons/{person_id}/family/{member_id}", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                RETURN_IF_ERROR(family.Revoke(Param(req, "person_id"), Param(req, "member_id"),
                                              auth::CallerFrom(req)));
                return Response::NoContent();
              },
              64 * 1024, false, true});
}

// The family account's side (Access::kFamily): a family account is no care-team member, so the
// care-team gate would refuse it; the services check the family link and consent instead.
void RegisterFamilySide(http::Router& router, FamilyService& family, PersonService& persons) {
  router.Add({Method::kGet, "/api/v1/family/persons", Access::kFamily,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list, family.MyPersons(auth::CallerFrom(req)));
                json::array items;
                for (const auto& p : list) {
                  items.push_back(json::object{{"person_id", p.person_id},
                                               {"name", p.name},
                                               {"kana", p.kana},
                                               {"relation", p.relation}});
                }
                return http::JsonResponse(200, json::object{{"items", std::move(items)}});
              },
              64 * 1024, false, true});
  router.Add({Method::kGet, "/api/v1/family/persons/{person_id}/profile/{part}", Access::kFamily,
              [&](Request& req) -> Result<Response> {
                if (!FamilyEditablePart(req.PathParam("part"))) return core::Error::Forbidden();
                return GetProfilePart(persons, req);
              },
              64 * 1024, false, true});
  router.Add({Method::kPut, "/api/v1/family/persons/{person_id}/profile/{part}", Access::kFamily,
              [&](Request& req) -> Result<Response> {
                if (!FamilyEditablePart(req.PathParam("part"))) return core::Error::Forbidden();
                return PutProfilePart(persons, req);
              },
              64 * 1024, false, true});
}

}  // namespace

void RegisterFamilyRoutes(http::Router& router, FamilyService& family, PersonService& persons,
                          const core::Clock& clock) {
  RegisterTeamSide(router, family, clock);
  RegisterFamilySide(router, family, persons);
}

}  // namespace care

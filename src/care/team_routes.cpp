#include "care/team_routes.h"

#include <boost/json/array.hpp>

#include "auth/request_caller.h"
#include "care/person_json.h"
#include "care/person_validation.h"
#include "care/team_service.h"
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

void RegisterTeamRoutes(http::Router& router, TeamService& team) {
  router.Add({Method::kGet, "/api/v1/persons/{person_id}/team", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list,
                                 team.List(Param(req, "person_id"), auth::CallerFrom(req)));
                json::array items;
                for (const auto& m : list) items.push_back(ToJson(m));
                return http::JsonResponse(200, json::object{{"items", std::move(items)}});
              },
              64 * 1024, false, true});
  router.Add({Method::kPost, "/api/v1/persons/{person_id}/team/invitations", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto member, team.Invite(Param(req, "person_id"),
                                                          ParseInvite(RequestObject(req)),
                                                          auth::CallerFrom(req)));
                return http::JsonResponse(201, ToJson(member));
              },
              64 * 1024, false, true});
  // Accept, decline and leave carry no body: what they do is in the path. The invitee cannot
  // read the person before accepting, so accept and decline skip the route's person gate
  // (person_gate = false); TeamService checks the invitation itself and refuses everyone else with
  // 403.
  router.Add({Method::kPost, "/api/v1/persons/{person_id}/team/accept", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto member,
                                 team.Accept(Param(req, "person_id"), auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(member));
              },
              64 * 1024, false, true, /*person_gate=*/false});
  router.Add({Method::kPost, "/api/v1/persons/{person_id}/team/decline", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto member,
                                 team.Decline(Param(req, "person_id"), auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(member));
              },
              64 * 1024, false, true, /*person_gate=*/false});
  router.Add({Method::kPost, "/api/v1/persons/{person_id}/team/leave", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto member,
                                 team.Leave(Param(req, "person_id"), auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(member));
              },
              64 * 1024, false, true});
  router.Add({Method::kPut, "/api/v1/persons/{person_id}/team/members/{user_id}", Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(
                    auto member,
                    team.ChangeRole(Param(req, "person_id"), Param(req, "user_id"),
                                    ParseRoleChange(RequestObject(req)), auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(member));
              },
              64 * 1024, false, true});
  router.Add({Method::kDelete, "/api/v1/persons/{person_id}/team/members/{user_id}",
              Access::kCareTeam,
              [&](Request& req) -> Result<Response> {
                RETURN_IF_ERROR(team.Remove(Param(req, "person_id"), Param(req, "user_id"),
                                            auth::CallerFrom(req)));
                return Response::NoContent();
              },
              64 * 1024, false, true});
  router.Add({Method::kGet, "/api/v1/care-team/invitations", Access::kStaff,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list, team.MyInvitations(auth::CallerFrom(req)));
                json::array items;
                for (const auto& i : list) items.push_back(ToJson(i));
                return http::JsonResponse(200, json::object{{"items", std::move(items)}});
              },
              64 * 1024, false, true});
}

}  // namespace care

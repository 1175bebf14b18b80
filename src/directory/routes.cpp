#include "directory/routes.h"

#include <boost/json/array.hpp>

#include "auth/request_caller.h"
#include "directory/import.h"
#include "directory/json.h"
#include "directory/service.h"
#include "http/json_body.h"

namespace directory {
namespace {

namespace json = boost::json;
using core::Result;
using http::Access;
using http::Method;
using http::Request;
using http::Response;

int LimitParam(const Request& r) {
  auto s = r.Query("limit");
  if (!s || s->empty() || s->size() > 4) return 50;
  int v = 0;
  for (char c : *s) {
    if (c < '0' || c > '9') return 50;
    v = v * 10 + (c - '0');
  }
  return v == 0 ? 50 : v;
}

std::string Q(const Request& r, const char* name) { return r.Query(name).value_or(""); }

/// Organization fields from a create or update body.
Organization ReadOrganization(http::JsonBody& in) {
  Organization o;
  o.municipality_code = in.String("municipality_code", 6).value_or("");
  o.type_code = in.String("type_code", 64).value_or("");
  o.name = in.String("name", 200).value_or("");
  o.kana = in.String("kana", 200).value_or("");
  o.care_office_number = in.String("care_office_number", 10);
  o.medical_institution_code = in.String("medical_institution_code", 10);
  o.postal_code = in.String("postal_code", 8);
  o.address = in.String("address", 300);
  o.latitude = in.Number("latitude", -90, 90);
  o.longitude = in.Number("longitude", -180, 180);
  o.phone = in.String("phone", 20);
  o.fax = in.String("fax", 20);
  o.email = in.String("email", 254);
  o.status = in.String("status", 16).value_or("");
  return o;
}

json::object PageJson(json::array items, const std::string& next) {
  json::object o{{"items", std::move(items)}};
  o["next_cursor"] = next.empty() ? json::value(nullptr) : json::value(next);
  return o;
}

}  // namespace

void RegisterRoutes(http::Router& router, Service& service, Importer& importer) {
  router.Add({Method::kGet, "/api/v1/meta/professions", Access::kPublic,
              [&](Request&) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list, service.Professions());
                json::array items;
                for (const auto& c : list) items.push_back(ToJson(c));
                Response r = http::JsonResponse(200, json::object{{"items", std::move(items)}});
                r.headers.Add("Cache-Control", "public, max-age=3600");
                return r;
              }});
  router.Add({Method::kGet, "/api/v1/meta/organization-types", Access::kPublic,
              [&](Request&) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list, service.OrganizationTypes());
                json::array items;
                for (const auto& c : list) items.push_back(ToJson(c));
                Response r = http::JsonResponse(200, json::object{{"items", std::move(items)}});
                r.headers.Add("Cache-Control", "public, max-age=3600");
                return r;
              }});

  router.Add({Method::kGet, "/api/v1/municipalities", Access::kAuthenticated,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list, service.Municipalities(auth::CallerFrom(req)));
                json::array items;
                for (const auto& m : list) items.push_back(ToJson(m));
                return http::JsonResponse(200, json::object{{"items", std::move(items)}});
              }});
  router.Add({Method::kPost, "/api/v1/municipalities", Access::kSystemAdmin,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                Municipality m;
                m.code = in.RequiredString("code", 6);
                m.name = in.RequiredString("name", 100);
                m.kana = in.String("kana", 100).value_or("");
                m.prefecture = in.RequiredString("prefecture", 10);
                RETURN_IF_ERROR(in.Finish());
                ASSIGN_OR_RETURN(auto created,
                                 service.CreateMunicipality(m, auth::CallerFrom(req)));
                return http::JsonResponse(201, ToJson(created));
              }});

  router.Add({Method::kGet, "/api/v1/organizations", Access::kStaff,
              [&](Request& req) -> Result<Response> {
                OrganizationQuery q{Q(req, "q"), Q(req, "type"), Q(req, "municipality"),
                                    Q(req, "cursor"), LimitParam(req)};
                ASSIGN_OR_RETURN(auto page, service.SearchOrganizations(q, auth::CallerFrom(req)));
                json::array items;
                for (const auto& o : page.items) items.push_back(ToJson(o));
                return http::JsonResponse(200, PageJson(std::move(items), page.next_cursor));
              }});
  router.Add({Method::kPost, "/api/v1/municipalities/{municipality_code}/organizations",
              Access::kMunicipalityAdmin, [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                Organization o = ReadOrganization(in);
                RETURN_IF_ERROR(in.Finish());
                o.municipality_code = std::string(req.PathParam("municipality_code"));
                if (o.status.empty()) o.status = "active";
                ASSIGN_OR_RETURN(auto created,
                                 service.CreateOrganization(o, auth::CallerFrom(req)));
                return http::JsonResponse(201, ToJson(created));
              }});
  router.Add({Method::kGet, "/api/v1/organizations/{org_id}", Access::kStaff,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto org,
                                 service.GetOrganization(std::string(req.PathParam("org_id")),
                                                         auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(org));
              }});
  router.Add({Method::kPut, "/api/v1/organizations/{org_id}", Access::kOrgAdmin,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                Organization o = ReadOrganization(in);
                RETURN_IF_ERROR(in.Finish());
                o.id = std::string(req.PathParam("org_id"));
                ASSIGN_OR_RETURN(auto updated,
                                 service.UpdateOrganization(o, auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(updated));
              }});
  router.Add({Method::kGet, "/api/v1/organizations/{org_id}/members", Access::kStaff,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto list, service.Members(std::string(req.PathParam("org_id")),
                                                            auth::CallerFrom(req)));
                json::array items;
                for (const auto& u : list) items.push_back(ToJson(u));
                return http::JsonResponse(200, json::object{{"items", std::move(items)}});
              }});
  router.Add(
      {Method::kPost, "/api/v1/organizations/{org_id}/members", Access::kOrgAdmin,
       [&](Request& req) -> Result<Response> {
         ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
         std::string login_id = in.RequiredString("login_id", 64);
         std::string role =
             in.Enum("role", {"member", "org_admin", "municipality_admin", "ems", "operator"})
                 .value_or("member");
         auto title = in.String("title", 100);
         RETURN_IF_ERROR(in.Finish());
         ASSIGN_OR_RETURN(auto m, service.AddMember(std::string(req.PathParam("org_id")), login_id,
                                                    role, title, auth::CallerFrom(req)));
         return http::JsonResponse(200, ToJson(m));
       }});
  router.Add({Method::kDelete, "/api/v1/organizations/{org_id}/members/{user_id}",
              Access::kOrgAdmin, [&](Request& req) -> Result<Response> {
                RETURN_IF_ERROR(service.RemoveMember(std::string(req.PathParam("org_id")),
                                                     std::string(req.PathParam("user_id")),
                                                     auth::CallerFrom(req)));
                return Response::NoContent();
              }});

  router.Add({Method::kGet, "/api/v1/users", Access::kStaff, [&](Request& req) -> Result<Response> {
                UserQuery q;
                q.text = Q(req, "q");
                q.profession_code = Q(req, "profession");
                q.organization_id = Q(req, "organization");
                q.municipality_code = Q(req, "municipality");
                if (auto s = req.Query("status")) q.status = *s == "any" ? "" : *s;
                q.cursor = Q(req, "cursor");
                q.limit = LimitParam(req);
                ASSIGN_OR_RETURN(auto page, service.SearchUsers(q, auth::CallerFrom(req)));
                json::array items;
                for (const auto& u : page.items) items.push_back(ToJson(u));
                return http::JsonResponse(200, PageJson(std::move(items), page.next_cursor));
              }});
  router.Add({Method::kGet, "/api/v1/users/me", Access::kAuthenticated,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto u,
                                 service.GetUser(req.principal->user_id, auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(u));
              }});
  router.Add({Method::kGet, "/api/v1/users/{user_id}", Access::kStaff,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto u, service.GetUser(std::string(req.PathParam("user_id")),
                                                         auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(u));
              }});
  router.Add({Method::kPut, "/api/v1/users/me", Access::kAuthenticated,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto in, http::JsonBody::Parse(req));
                User u;
                u.display_name = in.RequiredString("display_name", 100);
                u.kana = in.RequiredString("kana", 100);
                u.profession_code = in.String("profession_code", 64);
                u.phone = in.String("phone", 20);
                u.email = in.String("email", 254);
                RETURN_IF_ERROR(in.Finish());
                ASSIGN_OR_RETURN(auto updated, service.UpdateMyProfile(u, auth::CallerFrom(req)));
                return http::JsonResponse(200, ToJson(updated));
              }});

  RegisterImportRoutes(router, importer);
}

}  // namespace directory

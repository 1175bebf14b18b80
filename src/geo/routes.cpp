#include "geo/routes.h"

#include <boost/json.hpp>

#include "auth/request_caller.h"
#include "core/utf8.h"
#include "geo/service.h"
#include "http/json_body.h"

namespace geo {

namespace json = boost::json;
using core::Result;
using http::Request;
using http::Response;

void RegisterRoutes(http::Router& router, Service& service) {
  router.Add({http::Method::kGet, "/api/v1/geocode", http::Access::kStaff,
              [&](Request& req) -> Result<Response> {
                std::string address = req.Query("address").value_or("");
                std::string municipality = req.Query("municipality").value_or("");
                if (address.empty() || address.size() > 600 || !core::IsValidUtf8(address)) {
                  return core::Error::Invalid("address",
                                              "住所を入力してください (address is required)");
                }
                if (!municipality.empty() && municipality.size() != 6) {
                  return core::Error::Invalid("municipality",
                                              "市町村コードは6桁です (6-digit municipality code)");
                }
                ASSIGN_OR_RETURN(auto hit, service.Geocode(address, municipality));
                return http::JsonResponse(200, json::object{{"latitude", hit.latitude},
                                                            {"longitude", hit.longitude},
                                                            {"precision", hit.precision},
                                                            {"matched", hit.matched}});
              }});
  router.Add({http::Method::kGet, "/api/v1/meta/map", http::Access::kAuthenticated,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto meta, service.Map(auth::CallerFrom(req)));
                json::array places;
                for (const auto& p : meta.places) {
                  places.push_back(json::object{
                      {"name", p.name}, {"latitude", p.latitude}, {"longitude", p.longitude}});
                }
                json::object o{
                    {"tile_url", meta.tile_url ? json::value(*meta.tile_url) : json::value()},
                    {"attribution", meta.attribution},
                    {"center", json::object{{"latitude", meta.center_latitude},
                                            {"longitude", meta.center_longitude}}},
                    {"zoom", meta.zoom},
                    {"places", std::move(places)}};
                return http::JsonResponse(200, std::move(o));
              }});
}

}  // namespace geo

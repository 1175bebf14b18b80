#include "app/ops_routes.h"

#include <boost/json.hpp>

#include "db/database.h"
#include "http/json_body.h"
#include "http/metrics.h"

namespace app {
namespace {

constexpr db::Statement kPing{"ops_ping", "SELECT 1"};

bool IsLoopback(std::string_view address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

}  // namespace

void RegisterOpsRoutes(http::Router& router, OpsContext ctx) {
  using http::Request;
  using http::Response;
  router.Add({http::Method::kGet, "/healthz", http::Access::kPublic,
              [](Request&) -> core::Result<Response> { return Response::Text(200, "ok\n"); }});
  router.Add({http::Method::kGet, "/readyz", http::Access::kPublic,
              [ctx](Request&) -> core::Result<Response> {
                auto status = ctx.db->Run([](db::Connection& c) -> core::Result<void> {
                  RETURN_IF_ERROR(c.Query(kPing));
                  return core::Ok();
                });
                if (!status.ok()) return core::Error::Unavailable("database not ready");
                return Response::Text(200, "ready\n");
              }});
  router.Add({http::Method::kGet, "/metrics", http::Access::kPublic,
              [ctx](Request& req) -> core::Result<Response> {
                if (!ctx.metrics_public && !IsLoopback(req.remote_address)) {
                  return core::Error::Forbidden();
                }
                return Response::Text(200, ctx.metrics->Render(), "text/plain; version=0.0.4");
              }});
  router.Add({http::Method::kGet, "/api/v1/version", http::Access::kPublic,
              [](Request&) -> core::Result<Response> {
                return http::JsonResponse(200, boost::json::object{{"name", "tsunagari"},
                                                                   {"version", TSUNAGARI_VERSION}});
              }});
}

}  // namespace app

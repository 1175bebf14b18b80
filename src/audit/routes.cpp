#include "audit/routes.h"

#include <boost/json.hpp>
#include <charconv>

#include "auth/request_caller.h"
#include "http/json_body.h"

namespace audit {
namespace {
namespace json = boost::json;
using core::Result;
using http::Request;
using http::Response;

json::object EntryJson(const StoredEntry& s) {
  const Entry& e = s.entry;
  return {{"id", s.id},
          {"seq", s.seq},
          {"chain", s.chain},
          {"at", e.at},
          {"user_id", e.user_id},
          {"organization_id", e.organization_id},
          {"municipality_code", e.municipality_code},
          {"role", e.role},
          {"ip", e.ip},
          {"user_agent", e.user_agent},
          {"action", e.action},
          {"object_type", e.object_type},
          {"object_id", e.object_id},
          {"person_id", e.person_id},
          {"reason", e.reason},
          {"outcome", e.outcome},
          {"request_id", e.request_id},
          {"details", e.details}};
}

Result<int64_t> TimeParam(const Request& r, const char* name) {
  auto v = r.Query(name);
  if (!v || v->empty()) return int64_t{0};
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < 0) {
    return core::Error::Invalid(name, "UTCミリ秒の整数で指定してください (epoch milliseconds)");
  }
  return out;
}

Result<SearchFilter> ReadFilter(const Request& r) {
  SearchFilter f;
  f.person_id = r.Query("person_id").value_or("");
  f.user_id = r.Query("user_id").value_or("");
  f.action_prefix = r.Query("action").value_or("");
  f.cursor = r.Query("cursor").value_or("");
  ASSIGN_OR_RETURN(f.from, TimeParam(r, "from"));
  ASSIGN_OR_RETURN(f.to, TimeParam(r, "to"));
  const std::pair<const char*, const std::string*> filters[] = {
      {"action", &f.action_prefix}, {"person_id", &f.person_id}, {"user_id", &f.user_id}};
  for (const auto& [name, value] : filters) {
    if (value->size() > 64)
      return core::Error::Invalid(name, "検索条件が長すぎます (filter too long)");
  }
  return f;
}

Result<Response> RunSearch(db::Database& db, AuditSink& sink, const Request& req,
                           const SearchFilter& f) {
  ASSIGN_OR_RETURN(auto page, Search(db, f));
  json::array items;
  for (const auto& s : page.entries) items.push_back(EntryJson(s));
  // Reading the audit log is itself an access to personal data.
  Entry e = auth::CallerFrom(req).Audit("audit.search", "audit_log");
  e.person_id = f.person_id;
  sink.Record(std::move(e));
  json::object body{{"items", std::move(items)}};
  body["next_cursor"] =
      page.next_cursor.empty() ? json::value(nullptr) : json::value(page.next_cursor);
  return http::JsonResponse(200, body);
}

}  // namespace

void RegisterRoutes(http::Router& router, db::Database& db, AuditSink& sink) {
  router.Add({http::Method::kGet, "/api/v1/audit", http::Access::kSystemAdmin,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto f, ReadFilter(req));
                return RunSearch(db, sink, req, f);
              }});
  router.Add({http::Method::kGet, "/api/v1/municipalities/{municipality_code}/audit",
              http::Access::kMunicipalityAdmin, [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto f, ReadFilter(req));
                f.restrict_to_scope = true;
                f.municipality_codes = {std::string(req.PathParam("municipality_code"))};
                return RunSearch(db, sink, req, f);
              }});
  router.Add({http::Method::kGet, "/api/v1/organizations/{org_id}/audit", http::Access::kOrgAdmin,
              [&](Request& req) -> Result<Response> {
                ASSIGN_OR_RETURN(auto f, ReadFilter(req));
                f.restrict_to_scope = true;
                f.organization_id = std::string(req.PathParam("org_id"));
                return RunSearch(db, sink, req, f);
              }});
  router.Add({http::Method::kPost, "/api/v1/audit/verify", http::Access::kSystemAdmin,
              [&](Request& req) -> Result<Response> {
                sink.Flush();
                ASSIGN_OR_RETURN(auto report, VerifyChains(db));
                sink.Record(auth::CallerFrom(req).Audit("audit.verify", "audit_log"));
                return http::JsonResponse(200, json::object{{"ok", report.ok},
                                                            {"entries", report.entries},
                                                            {"chains", report.chains},
                                                            {"broken_chain", report.broken_chain},
                                                            {"broken_seq", report.broken_seq},
                                                            {"problem", report.problem}});
              }});
}

}  // namespace audit

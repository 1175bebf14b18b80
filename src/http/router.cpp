// Route table with `{name}` path parameters and a `{*rest}` tail.
#include "http/router.h"

#include <stdexcept>

namespace http {

std::string_view AccessName(Access a) {
  switch (a) {
    case Access::kUnspecified:
      return "unspecified";
    case Access::kPublic:
      return "public";
    case Access::kPasswordOnly:
      return "password_only";
    case Access::kAuthenticated:
      return "authenticated";
    case Access::kStaff:
      return "staff";
    case Access::kOrgAdmin:
      return "org_admin";
    case Access::kMunicipalityAdmin:
      return "municipality_admin";
    case Access::kCareTeam:
      return "care_team";
    case Access::kSystemAdmin:
      return "system_admin";
    case Access::kEms:
      return "ems";
    case Access::kFamily:
      return "family";
    case Access::kWatch:
      return "watch";
    case Access::kWatchBoard:
      return "watch_board";
    case Access::kDevice:
      return "device";
  }
  return "unknown";
}

void Router::Add(Route route) {
  if (route.access == Access::kUnspecified) {
    throw std::logic_error("route without an access rule: " + route.pattern);
  }
  if (!route.handler) throw std::logic_error("route without a handler: " + route.pattern);
  if (route.access == Access::kOrgAdmin && route.pattern.find("{org_id}") == std::string::npos) {
    throw std::logic_error("org_admin route must name {org_id}: " + route.pattern);
  }
  for (const Route& r : routes_) {
    if (r.method == route.method && r.pattern == route.pattern) {
      throw std::logic_error("duplicate route: " + route.pattern);
    }
  }
  routes_.push_back(std::move(route));
}

bool Router::MatchPattern(std::string_view pattern, std::string_view path,
                          std::map<std::string, std::string, std::less<>>* params) {
  size_t pi = 0, si = 0;
  while (pi < pattern.size()) {
    if (pattern[pi] == '{') {
      size_t close = pattern.find('}', pi);
      std::string_view name = pattern.substr(pi + 1, close - pi - 1);
      if (name.starts_with('*')) {
        if (params) (*params)[std::string(name.substr(1))] = std::string(path.substr(si));
        return true;
      }
      size_t end = path.find('/', si);
      if (end == std::string_view::npos) end = path.size();
      if (end == si) return false;  // empty segment never matches a parameter
      if (params) (*params)[std::string(name)] = std::string(path.substr(si, end - si));
      si = end;
      pi = close + 1;
      continue;
    }
    if (si >= path.size() || pattern[pi] != path[si]) return false;
    ++pi;
    ++si;
  }
  return si == path.size();
}

RouteMatch Router::Match(Method method, std::string_view path) const {
  RouteMatch m;
  Method wanted = method == Method::kHead ? Method::kGet : method;
  // Literal routes win over parameterised ones: "/users/me" before "/users/{user_id}".
  const Route* best = nullptr;
  size_t best_literal = 0;
  for (const Route& r : routes_) {
    std::map<std::string, std::string, std::less<>> params;
    if (!MatchPattern(r.pattern, path, &params)) continue;
    if (r.method != wanted) {
      m.method_mismatch = true;
      continue;
    }
    size_t literal = r.pattern.find('{');
    if (literal == std::string::npos) literal = r.pattern.size() + 1;
    if (!best || literal > best_literal) {
      best = &r;
      best_literal = literal;
      m.params = std::move(params);
    }
  }
  m.route = best;
  if (best) m.method_mismatch = false;
  return m;
}

}  // namespace http

// The route table. Every route names its access rule; the permission-matrix test walks this
// table, so a route registered without a rule cannot exist (Add throws at start-up).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/message.h"

namespace http {

/// The coarse rule checked before the handler runs. Finer rules (team membership of a person,
/// admin of a given organization) are checked again by the service through auth::Policy.
enum class Access {
  kUnspecified,    // never valid: Router::Add refuses it
  kPublic,         // no login (health, login, invitation acceptance, public pages)
  kPasswordOnly,   // after the password step, before/while completing 2FA
  kAuthenticated,  // any fully logged-in user (2FA done where required)
  kStaff,          // any professional account (not family)
  kOrgAdmin,       // admin of the organization named by {org_id}, its municipality admin, or system
                   // admin
  kMunicipalityAdmin,  // municipality admin (of {municipality_code} when the path names one) or
                       // system admin
  kSystemAdmin,
  kCareTeam,  // a person's record ({person_id}): any fully signed-in professional passes here; the
              // care service then requires active team membership with a valid consent, or
              // municipality admin of the registering municipality (403 + audit otherwise)
  kEms,  // an EMS crew member (救急隊員・消防指令: an `ems` membership of a fire department)
  kFamily,  // a family account (spec 09); for {person_id}, the care service then requires the
            // account's active family link to the person and the family consent (403 + audit)
  kWatch,   // watch (spec 06) data of a person: any fully signed-in professional passes here; the
            // watch service then requires the person's municipality as operator or admin, or the
            // care team with its consent (403 + audit); unknown alert ids are 404 for anyone
  kWatchBoard,  // the call center's lists (status list, alert queue): an operator (コールセンター)
                // or a municipality admin; the service narrows them to their municipalities
  kDevice,  // a sensor device or gateway: no session; the handler verifies the payload's
            // signature against the device's secret (401 without a valid one)
};

std::string_view AccessName(Access a);

using Handler = std::function<core::Result<Response>(Request&)>;

struct Route {
  Method method = Method::kGet;
  std::string pattern;  // "/api/v1/organizations/{org_id}/members"; "{*rest}" matches the tail
  Access access = Access::kUnspecified;
  Handler handler;
  size_t body_limit = 64 * 1024;  // bytes; per route (CSV import routes raise it)
  bool csrf_exempt = false;       // only for routes that cannot carry a session (login, public)
  bool audit_personal = false;    // documentation aid: route touches personal data
  // Care-team routes only: check read access to {person_id} before the handler. Off for the
  // few routes whose callers may not read the person yet (an invitee accepting, a care manager
  // recording the first consent); their services check and audit instead.
  bool person_gate = true;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string, std::less<>> params;
  bool method_mismatch = false;  // path exists with another method → 405
};

class Router {
 public:
  /// Throws std::logic_error on a missing access rule, handler, or duplicate route.
  void Add(Route route);
  RouteMatch Match(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  static bool MatchPattern(std::string_view pattern, std::string_view path,
                           std::map<std::string, std::string, std::less<>>* params);
  std::vector<Route> routes_;
};

}  // namespace http

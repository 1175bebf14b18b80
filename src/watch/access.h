// Who may see and do what in the watch service (spec 06). The facts come from the care module's
// person check (team role, consents, family link, municipality admin) plus the watch enrolment;
// the call center's operators act for the municipality that contracted them.
//
// - read (status, alerts, charts, reports): the municipality's operators and admins; the care
//   team with the team consent; a family member with the family consent (status and reports);
// - operate (work an alert, record calls, schedule absences): operators, municipality admins and
//   the care team;
// - manage (enrol, devices, thresholds): municipality admins and the person's care manager.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.h"
#include "auth/caller.h"
#include "care/access.h"
#include "core/result.h"
#include "db/database.h"

namespace watch {

using core::Result;

enum class WatchNeed { kRead, kFamilyRead, kOperate, kManage };

struct WatchAccess {
  care::PersonAccess person;   // the care module's facts
  bool enrolled = false;       // an enrolment exists (it may have ended)
  bool active = false;         // enrolled and not ended
  bool operator_role = false;  // an operator of the person's municipality
  bool municipality_admin = false;
  bool care_manager = false;  // the caller is the person's care manager, with the team consent
  bool team = false;          // an active team member with the team consent
  bool family = false;        // a family member with the family consent

  bool Allows(WatchNeed need) const;
};

/// True when `caller` is an operator (コールセンター) of an organization in `municipality_code`.
bool OperatorOf(const auth::Caller& caller, std::string_view municipality_code);
/// The municipalities whose status list the caller may see: as operator or municipality admin.
std::vector<std::string> BoardMunicipalities(const auth::Caller& caller);

class AccessChecker {
 public:
  explicit AccessChecker(audit::AuditSink& audit) : audit_(audit) {}
  /// Loads the facts on `c` and checks `need`. Unknown persons and refusals are both kForbidden
  /// (ids cannot be probed); refusals are audited as `action` with outcome "denied". A person who
  /// is not enrolled passes only kManage (to enrol them) and only for their municipality admin or
  /// care manager; other needs get 404 not_enrolled.
  Result<WatchAccess> Require(db::Connection& c, const std::string& person_id,
                              const auth::Caller& caller, WatchNeed need, std::string_view action);

 private:
  audit::AuditSink& audit_;
};

/// The person's care managers who may read their watch data (the team consent in force): whom
/// alerts and trend signs are told to.
Result<std::vector<std::string>> CareManagersWithConsent(db::Connection& c,
                                                         const std::string& person_id);

/// An error whose detail carries a machine-readable `code` for the client (field "").
core::Error Coded(core::ErrorCode status, std::string code, std::string message);

/// An audit entry for a watch action on the person (person id, municipality, object).
audit::Entry WatchAudit(const auth::Caller& caller, const WatchAccess& a, std::string action,
                        std::string object_type = "watch_subject", std::string object_id = {});

}  // namespace watch

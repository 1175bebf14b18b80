#include "watch/access.h"

#include <algorithm>

#include "care/emergency_record.h"

namespace watch {
namespace {

constexpr db::Statement kEnrolment{"watch_enrolment",
                                   "SELECT ended_at FROM watch_subjects WHERE person_id = $1"};

bool SignedInStaff(const auth::Caller& caller) {
  return caller.principal && caller.principal->IsStaff() && caller.principal->FullySignedIn();
}

}  // namespace

bool OperatorOf(const auth::Caller& caller, std::string_view municipality_code) {
  if (!SignedInStaff(caller)) return false;
  for (const auto& m : caller.principal->memberships) {
    if (m.role == auth::Role::kOperator && m.municipality_code == municipality_code) return true;
  }
  return false;
}

std::vector<std::string> BoardMunicipalities(const auth::Caller& caller) {
  std::vector<std::string> out;
  if (!SignedInStaff(caller)) return out;
  for (const auto& m : caller.principal->memberships) {
    if (m.role == auth::Role::kOperator || m.role == auth::Role::kMunicipalityAdmin) {
      out.push_back(m.municipality_code);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool WatchAccess::Allows(WatchNeed need) const {
  bool office = operator_role || municipality_admin;
  switch (need) {
    case WatchNeed::kRead:
    case WatchNeed::kOperate:
      return active && (office || team);
    case WatchNeed::kFamilyRead:
      return active && (office || team || family);
    case WatchNeed::kManage:
      return municipality_admin || care_manager;
  }
  return false;
}

Result<WatchAccess> AccessChecker::Require(db::Connection& c, const std::string& person_id,
                                           const auth::Caller& caller, WatchNeed need,
                                           std::string_view action) {
  auto loaded = care::PersonAccessChecker::Load(c, person_id, caller);
  if (!loaded.ok() && loaded.error().code != core::ErrorCode::kNotFound) return loaded.error();
  WatchAccess a;
  if (loaded.ok()) {
    a.person = std::move(*loaded);
    a.municipality_admin = a.person.municipality_admin;
    a.operator_role = OperatorOf(caller, a.person.municipality_code);
    a.team = a.person.ActiveMember() && a.person.consent.team;
    a.care_manager = a.team && a.person.team_role == "care_manager";
    a.family = a.person.family_member;
    ASSIGN_OR_RETURN(auto row, c.QueryOne(kEnrolment, {person_id}));
    a.enrolled = row.has_value();
    a.active = a.enrolled && row->IsNull(0);
    if (a.Allows(need)) return a;
    bool may_know = a.municipality_admin || a.operator_role || a.team || a.family;
    if (may_know && !a.active && need != WatchNeed::kManage) {
      return Coded(core::ErrorCode::kNotFound, "not_enrolled",
                   "見守りサービスに登録されていません (not enrolled in watch)");
    }
  }
  audit::Entry e = caller.Audit(std::string(action), "watch_subject", person_id);
  e.person_id = person_id;
  if (loaded.ok()) e.municipality_code = a.person.municipality_code;
  e.outcome = "denied";
  audit_.Record(std::move(e));
  return core::Error::Forbidden("この方の見守り情報を扱う権限がありません (no watch access)");
}

Result<std::vector<std::string>> CareManagersWithConsent(db::Connection& c,
                                                         const std::string& person_id) {
  std::vector<std::string> out;
  ASSIGN_OR_RETURN(auto scopes, care::LoadConsentScopes(c, person_id));
  if (!scopes || !scopes->team) return out;
  ASSIGN_OR_RETURN(auto members, care::ActiveMembers(c, person_id));
  for (const auto& m : members) {
    if (m.team_role == "care_manager") out.push_back(m.user_id);
  }
  return out;
}

core::Error Coded(core::ErrorCode status, std::string code, std::string message) {
  core::Error e = core::Error::Of(status, message);
  e.details.push_back({"", std::move(code), std::move(message)});
  return e;
}

audit::Entry WatchAudit(const auth::Caller& caller, const WatchAccess& a, std::string action,
                        std::string object_type, std::string object_id) {
  if (object_id.empty()) object_id = a.person.person_id;
  audit::Entry e = caller.Audit(std::move(action), std::move(object_type), std::move(object_id));
  e.person_id = a.person.person_id;
  e.municipality_code = a.person.municipality_code;
  if (a.operator_role) {
    e.reason = "watch:operator";
  } else if (a.municipality_admin) {
    e.reason = "municipality";
  } else if (a.team) {
    e.reason = "team:" + a.person.team_role;
  } else if (a.family) {
    e.reason = "family";
  }
  return e;
}

}  // namespace watch

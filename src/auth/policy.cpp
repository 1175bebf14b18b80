#include "auth/policy.h"

namespace auth {
namespace {

core::Error NeedsSecondFactor(const Principal& p) {
  core::Error e = core::Error::Unauthenticated(
      p.stage == SessionStage::kEnrol ? "二段階認証の設定が必要です (two-factor enrolment required)"
                                      : "確認コードの入力が必要です (two-factor code required)");
  e.details.push_back(
      {"session", p.stage == SessionStage::kEnrol ? "enrolment_required" : "second_factor_required",
       e.message});
  return e;
}

}  // namespace

core::Result<void> Policy::CheckRoute(
    const Principal* p, http::Access access,
    const std::map<std::string, std::string, std::less<>>& params) {
  using http::Access;
  if (access == Access::kPublic || access == Access::kDevice) return core::Ok();
  if (!p) return core::Error::Unauthenticated();
  if (access == Access::kPasswordOnly) return core::Ok();
  if (!p->FullySignedIn()) return NeedsSecondFactor(*p);
  switch (access) {
    case Access::kAuthenticated:
      return core::Ok();
    case Access::kStaff:
    case Access::kWatch:  // the person's municipality or care team is checked by the watch service
    case Access::kCareTeam:  // team membership is checked by the care service, per person
      if (p->IsStaff()) return core::Ok();
      return core::Error::Forbidden();
    case Access::kOrgAdmin: {
      auto it = params.find("org_id");
      if (it == params.end()) return core::Error::Forbidden();
      return CanAdministerOrganization(*p, it->second);
    }
    case Access::kMunicipalityAdmin: {
      auto it = params.find("municipality_code");
      if (it != params.end()) return CanAdministerMunicipality(*p, it->second);
      if (p->system_admin || p->IsAnyMunicipalityAdmin()) return core::Ok();
      return core::Error::Forbidden();
    }
    case Access::kSystemAdmin:
      if (p->system_admin) return core::Ok();
      return core::Error::Forbidden();
    case Access::kEms:
      if (p->IsStaff() && p->HasRole(Role::kEms)) return core::Ok();
      return core::Error::Forbidden(
          "救急隊員のアカウントでのみ利用できます (EMS crew accounts only)");
    case Access::kWatchBoard:
      if (p->IsStaff() && (p->HasRole(Role::kOperator) || p->HasRole(Role::kMunicipalityAdmin))) {
        return core::Ok();
      }
      return core::Error::Forbidden(
          "コールセンターのオペレーターと自治体担当者のみ利用できます (call-center operators and "
          "municipality admins only)");
    case Access::kFamily:
      if (!p->IsStaff()) return core::Ok();
      return core::Error::Forbidden("ご家族のアカウントでのみ利用できます (family accounts only)");
    default:
      return core::Error::Forbidden();
  }
}

core::Result<void> Policy::CanAdministerOrganization(const Principal& p, std::string_view org_id) {
  if (p.system_admin) return core::Ok();
  if (!p.IsStaff()) return core::Error::Forbidden();
  if (p.AdminsOrganization(org_id)) return core::Ok();
  if (p.IsAnyMunicipalityAdmin()) {
    auto code = facts_.MunicipalityOfOrganization(org_id);
    if (code && p.AdminsMunicipality(*code)) return core::Ok();
  }
  return core::Error::Forbidden();
}

core::Result<void> Policy::CanAdministerMunicipality(const Principal& p, std::string_view code) {
  if (p.system_admin || p.AdminsMunicipality(code)) return core::Ok();
  return core::Error::Forbidden();
}

core::Result<void> Policy::CanAdministerUser(const Principal& p, std::string_view user_id) {
  if (p.system_admin) return core::Ok();
  if (!p.IsStaff()) return core::Error::Forbidden();
  for (const auto& [org, code] : facts_.OrganizationsOfUser(user_id)) {
    if (p.AdminsOrganization(org) || p.AdminsMunicipality(code)) return core::Ok();
  }
  return core::Error::Forbidden();
}

core::Result<void> Policy::CanReadDirectory(const Principal& p) {
  if (p.IsStaff() && p.FullySignedIn()) return core::Ok();
  return core::Error::Forbidden();
}

}  // namespace auth

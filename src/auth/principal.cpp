#include "auth/principal.h"

namespace auth {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kMember:
      return "member";
    case Role::kOrgAdmin:
      return "org_admin";
    case Role::kMunicipalityAdmin:
      return "municipality_admin";
    case Role::kEms:
      return "ems";
    case Role::kOperator:
      return "operator";
  }
  return "member";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r :
       {Role::kMember, Role::kOrgAdmin, Role::kMunicipalityAdmin, Role::kEms, Role::kOperator}) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

std::string_view AccountTypeName(AccountType t) {
  return t == AccountType::kStaff ? "staff" : "family";
}

std::string_view StageName(SessionStage s) {
  switch (s) {
    case SessionStage::kPassword:
      return "password";
    case SessionStage::kEnrol:
      return "enrol";
    case SessionStage::kFull:
      return "full";
  }
  return "password";
}

std::optional<SessionStage> ParseStage(std::string_view s) {
  if (s == "password") return SessionStage::kPassword;
  if (s == "enrol") return SessionStage::kEnrol;
  if (s == "full") return SessionStage::kFull;
  return std::nullopt;
}

bool Principal::HasRole(Role role) const {
  for (const auto& m : memberships) {
    if (m.role == role) return true;
  }
  return false;
}

bool Principal::IsMemberOf(std::string_view organization_id) const {
  for (const auto& m : memberships) {
    if (m.organization_id == organization_id) return true;
  }
  return false;
}

bool Principal::AdminsOrganization(std::string_view organization_id) const {
  for (const auto& m : memberships) {
    if (m.organization_id == organization_id && m.role == Role::kOrgAdmin) return true;
  }
  return false;
}

bool Principal::AdminsMunicipality(std::string_view municipality_code) const {
  for (const auto& m : memberships) {
    if (m.role == Role::kMunicipalityAdmin && m.municipality_code == municipality_code) return true;
  }
  return false;
}

std::vector<std::string> Principal::AdminMunicipalities() const {
  std::vector<std::string> out;
  for (const auto& m : memberships) {
    if (m.role == Role::kMunicipalityAdmin) out.push_back(m.municipality_code);
  }
  return out;
}

const Membership* Principal::Primary() const {
  return memberships.empty() ? nullptr : &memberships.front();
}

}  // namespace auth

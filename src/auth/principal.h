// Who is making a request: the user, the session stage, and the user's roles in organizations.
// Built by the auth guard for every authenticated request; read by every service's checks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace auth {

/// A role a user holds in one organization (memberships.role).
enum class Role {
  kMember,             // 専門職: a professional of the organization
  kOrgAdmin,           // 事業所管理者
  kMunicipalityAdmin,  // 自治体担当: only in a municipal_department organization
  kEms,                // 救急隊員・消防指令: only in a fire_department organization
  kOperator,           // コールセンター
};

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

enum class AccountType { kStaff, kFamily };
std::string_view AccountTypeName(AccountType t);

/// How far the login has gone: password checked, 2FA enrolment required, or fully signed in.
enum class SessionStage { kPassword, kEnrol, kFull };
std::string_view StageName(SessionStage s);
std::optional<SessionStage> ParseStage(std::string_view s);

struct Membership {
  std::string organization_id;
  std::string organization_name;
  std::string organization_type;
  std::string municipality_code;
  Role role = Role::kMember;
};

struct Principal {
  std::string user_id;
  std::string session_id;
  std::string login_id;
  std::string display_name;
  std::string csrf_token;
  AccountType account_type = AccountType::kStaff;
  bool system_admin = false;
  bool totp_enabled = false;
  bool bearer = false;
  SessionStage stage = SessionStage::kPassword;
  std::vector<Membership> memberships;

  bool IsStaff() const { return account_type == AccountType::kStaff; }
  bool FullySignedIn() const { return stage == SessionStage::kFull; }
  bool HasRole(Role role) const;
  bool IsMemberOf(std::string_view organization_id) const;
  bool AdminsOrganization(std::string_view organization_id) const;
  bool AdminsMunicipality(std::string_view municipality_code) const;
  bool IsAnyMunicipalityAdmin() const { return HasRole(Role::kMunicipalityAdmin); }
  std::vector<std::string> AdminMunicipalities() const;
  /// The organization and role this user acts in by default (first membership), for audit rows.
  const Membership* Primary() const;
};

}  // namespace auth

// Accounts: own password and recovery codes, invitations, admin-issued password resets, admin
// actions on users, and the operator's CLI commands.
#include <spdlog/spdlog.h>

#include "auth/service.h"
#include "auth/store.h"
#include "auth/totp.h"
#include "core/id.h"
#include "core/japanese_text.h"
#include "directory/store.h"
#include "directory/validation.h"

namespace auth {
namespace {

Result<void> Discard(Result<int64_t> r) {
  if (!r.ok()) return std::move(r).error();
  return core::Ok();
}

core::Error PolicyError(std::vector<core::FieldError> errors) {
  return core::Error::Fields(std::move(errors));
}

/// The admin actions reach the whole account (password, second factor, status, sessions), not
/// just its membership in the admin's organization. So the admin needs authority over every
/// organization the account belongs to, and only system admins act on system admins; otherwise
/// an organization admin could add another organization's admin (or a system admin) as a member
/// and take the account over with a password reset.
Result<void> CheckAuthorityOverAccount(db::Connection& c, const Principal& admin,
                                       const std::string& user_id) {
  if (admin.system_admin) return core::Ok();
  ASSIGN_OR_RETURN(auto user, directory::Store::GetUser(c, user_id));
  if (!user) return core::Error::NotFound("ユーザーが見つかりません (user not found)");
  core::Error refused = core::Error::Forbidden(
      "他の事業所にも所属する利用者のため操作できません。システム管理者に依頼してください "
      "(the account belongs to an organization you do not administer)");
  if (user->system_admin) return refused;
  ASSIGN_OR_RETURN(auto memberships, directory::Store::MembershipsOfUser(c, user_id));
  for (const auto& m : memberships) {
    if (!admin.AdminsOrganization(m.organization_id) &&
        !admin.AdminsMunicipality(m.municipality_code)) {
      return refused;
    }
  }
  return core::Ok();
}

}  // namespace

std::string AuthService::LinkUrl(std::string_view path, std::string_view token) const {
  // The token travels in the fragment: browsers never send it to a server, so it cannot end up
  // in an access log or a proxy's log; the page posts it in a request body.
  return config_.public_url + std::string(path) + "#token=" + std::string(token);
}

Result<void> AuthService::ChangePassword(const std::string& current, const std::string& next,
                                         const Caller& caller) {
  const Principal& p = *caller.principal;
  int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto account, LoadAccount(p.user_id));
  auto& [user, cr] = account;
  if (!cr || !user || !cr->password_hash) return core::Error::Unauthenticated();
  if (!VerifyPassword(current, *cr->password_hash)) {
    RETURN_IF_ERROR(RegisterFailure(p.user_id, caller, "password"));
    return core::Error::Invalid("current_password",
                                "現在のパスワードが違います (wrong current password)",
                                "wrong_password");
  }
  PasswordContext ctx{cr->totp_enabled, user->login_id, user->display_name, user->kana, ""};
  if (auto errors = CheckPasswordPolicy(next, ctx); !errors.empty()) {
    for (auto& e : errors) e.field = "new_password";
    return PolicyError(std::move(errors));
  }
  ASSIGN_OR_RETURN(std::string hash, HashPassword(next, config_.password_cost));
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    RETURN_IF_ERROR(Store::SetPassword(c, p.user_id, hash, now));
    // Other devices must sign in again with the new password; this one stays.
    ASSIGN_OR_RETURN(auto sessions,
                     Store::ActiveSessions(c, p.user_id, now, config_.idle_timeout_ms));
    for (const auto& s : sessions) {
      if (s.id != p.session_id) {
        RETURN_IF_ERROR(Discard(Store::RevokeSession(c, s.id, p.user_id, "password_changed", now)));
      }
    }
    return core::Ok();
  }));
  notifier_.Send(p.user_id, "security.password_changed",
                 "パスワードを変更しました (password changed)",
                 "他の端末のログインは終了しました (other devices were signed out)", "/account");
  audit_.Record(caller.Audit("auth.password.change", "user", p.user_id));
  return core::Ok();
}

Result<std::vector<std::string>> AuthService::RegenerateRecoveryCodes(const std::string& password,
                                                                      const Caller& caller) {
  const Principal& p = *caller.principal;
  ASSIGN_OR_RETURN(auto cr, db_.Get<std::optional<Credentials>>([&](db::Connection& c) {
    return Store::GetCredentials(c, p.user_id);
  }));
  if (!cr || !cr->password_hash || !VerifyPassword(password, *cr->password_hash)) {
    if (cr) RETURN_IF_ERROR(RegisterFailure(p.user_id, caller, "password"));
    return core::Error::Invalid("password", "パスワードが違います (wrong password)",
                                "wrong_password");
  }
  if (!cr->totp_enabled)
    return core::Error::Conflict("二段階認証が未設定です (two-factor not enrolled)");
  ASSIGN_OR_RETURN(auto codes, db_.InTransaction<std::vector<std::string>>([&](db::Connection& c) {
    return StoreNewRecoveryCodes(c, p.user_id);
  }));
  audit_.Record(caller.Audit("auth.recovery_codes.regenerate", "user", p.user_id));
  return codes;
}

std::vector<core::FieldError> ValidateInviteeContact(const std::optional<std::string>& kana,
                                                     const std::optional<std::string>& email) {
  std::vector<core::FieldError> errors;
  if (kana && !core::IsKanaName(*kana)) {
    errors.push_back({"kana", "kana_only", "カタカナまたはひらがなで入力してください (kana only)"});
  }
  if (email && !directory::IsEmailAddress(*email)) {
    errors.push_back(
        {"email", "format", "メールアドレスの形式が正しくありません (invalid e-mail)"});
  }
  return errors;
}

Result<IssuedLink> AuthService::Invite(const InviteCommand& cmd, const Caller& caller) {
  if (auto errors = ValidateInviteeContact(cmd.kana, cmd.email); !errors.empty()) {
    return core::Error::Fields(std::move(errors));
  }
  RETURN_IF_ERROR(policy_.CanAdministerOrganization(*caller.principal, cmd.organization_id));
  int64_t now = clock_.NowMillis();
  Invitation inv;
  inv.id = core::NewId(now);
  inv.kind = "invite";
  inv.organization_id = cmd.organization_id;
  inv.role = cmd.role;
  inv.display_name = cmd.display_name;
  inv.kana =
      cmd.kana ? std::optional<std::string>(core::ToFullWidthKatakana(*cmd.kana)) : std::nullopt;
  inv.profession_code = cmd.profession_code;
  inv.email = cmd.email;
  inv.created_by = caller.principal->user_id;
  inv.created_at = now;
  inv.expires_at = now + config_.invitation_ttl_ms;
  std::string token = RandomToken();
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto org, directory::Store::GetOrganization(c, cmd.organization_id));
    if (!org) return core::Error::NotFound("事業所が見つかりません (organization not found)");
    RETURN_IF_ERROR(directory::ValidateRoleForOrganization(cmd.role, org->type_code, "role"));
    // Only those who hold a municipality's powers may hand them on.
    if (cmd.role == "municipality_admin") {
      RETURN_IF_ERROR(policy_.CanAdministerMunicipality(*caller.principal, org->municipality_code));
    }
    if (cmd.profession_code) {
      ASSIGN_OR_RETURN(bool ok, directory::Store::ProfessionExists(c, *cmd.profession_code));
      if (!ok)
        return core::Error::Invalid("profession_code",
                                    "職種コードが正しくありません (unknown profession)");
    }
    return Store::InsertInvitation(c, inv, HashToken(token));
  }));
  audit::Entry e = caller.Audit("auth.invitation.create", "invitation", inv.id);
  e.organization_id = cmd.organization_id;
  audit_.Record(std::move(e));
  return IssuedLink{inv.id, LinkUrl("/invite", token), inv.expires_at};
}

Result<std::vector<Invitation>> AuthService::OpenInvitations(const std::string& org_id,
                                                             const Caller& caller) {
  RETURN_IF_ERROR(policy_.CanAdministerOrganization(*caller.principal, org_id));
  return db_.Get<std::vector<Invitation>>(
      [&](db::Connection& c) { return Store::OpenInvitations(c, org_id, clock_.NowMillis()); });
}

Result<void> AuthService::RevokeInvitation(const std::string& org_id,
                                           const std::string& invitation_id, const Caller& caller) {
  RETURN_IF_ERROR(policy_.CanAdministerOrganization(*caller.principal, org_id));
  ASSIGN_OR_RETURN(int64_t n, db_.Get<int64_t>([&](db::Connection& c) {
    return Store::RevokeInvitation(c, invitation_id, org_id, clock_.NowMillis());
  }));
  if (n == 0) return core::Error::NotFound("招待が見つかりません (invitation not found)");
  audit_.Record(caller.Audit("auth.invitation.revoke", "invitation", invitation_id));
  return core::Ok();
}

Result<InvitationView> AuthService::LookupInvitation(const std::string& token) {
  int64_t now = clock_.NowMillis();
  return db_.Get<InvitationView>([&](db::Connection& c) -> Result<InvitationView> {
    ASSIGN_OR_RETURN(auto inv, Store::InvitationByTokenHash(c, HashToken(token)));
    if (!inv || inv->used_at || inv->revoked_at || inv->expires_at <= now) {
      return core::Error::NotFound(
          "このリンクは無効か期限切れです。管理者に再発行を依頼してください (link invalid or "
          "expired)");
    }
    InvitationView v;
    v.kind = inv->kind;
    v.role = inv->role.value_or("");
    v.display_name = inv->display_name;
    v.kana = inv->kana;
    v.profession_code = inv->profession_code;
    v.expires_at = inv->expires_at;
    if (inv->organization_id) {
      v.organization_id = *inv->organization_id;
      ASSIGN_OR_RETURN(auto org, directory::Store::GetOrganization(c, *inv->organization_id));
      if (org) v.organization_name = org->name;
    }
    if (inv->user_id) {
      ASSIGN_OR_RETURN(auto user, directory::Store::GetUser(c, *inv->user_id));
      if (user) {
        v.login_id = user->login_id;
        v.display_name = user->display_name;
      }
    }
    return v;
  });
}

Result<UserSummary> AuthService::AcceptInvitation(const AcceptCommand& cmd, const Caller& caller) {
  int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto inv, db_.Get<std::optional<Invitation>>([&](db::Connection& c) {
    return Store::InvitationByTokenHash(c, HashToken(cmd.token));
  }));
  if (!inv || (inv->kind != "invite" && inv->kind != "family") || inv->used_at || inv->revoked_at ||
      inv->expires_at <= now) {
    return core::Error::NotFound("招待リンクが無効か期限切れです (invitation invalid or expired)");
  }
  const bool family = inv->kind == "family";
  directory::User u;
  u.id = core::NewId(now);
  u.login_id = core::FoldWidth(cmd.login_id);
  u.display_name = cmd.display_name;
  u.kana = core::ToFullWidthKatakana(cmd.kana);
  u.profession_code =
      family ? std::nullopt : (cmd.profession_code ? cmd.profession_code : inv->profession_code);
  u.account_type = family ? "family" : "staff";
  u.phone = cmd.phone;
  u.email = cmd.email ? cmd.email : inv->email;
  u.created_at = u.updated_at = now;
  std::vector<core::FieldError> errors = directory::ValidateNewUser(u);
  // Staff accounts always get 2FA (enrolled at first login), so the 10-character rule applies;
  // a family account may add it later, so it gets the stricter rule for a password alone.
  PasswordContext ctx{!family, u.login_id, u.display_name, u.kana, ""};
  for (auto& e : CheckPasswordPolicy(cmd.password, ctx)) errors.push_back(std::move(e));
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(cmd.password, config_.password_cost));
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(bool fresh, Store::UseInvitation(c, inv->id, now));
    if (!fresh) return core::Error::Conflict("この招待は使用済みです (invitation already used)");
    ASSIGN_OR_RETURN(auto existing, directory::Store::GetUserByLoginId(c, u.login_id));
    if (existing)
      return core::Error::Conflict("このログインIDは使われています (login id taken)", "login_id");
    if (u.profession_code) {
      ASSIGN_OR_RETURN(bool ok, directory::Store::ProfessionExists(c, *u.profession_code));
      if (!ok)
        return core::Error::Invalid("profession_code",
                                    "職種コードが正しくありません (unknown profession)");
    }
    RETURN_IF_ERROR(directory::Store::InsertUser(c, u));
    Credentials cr;
    cr.user_id = u.id;
    cr.password_hash = hash;
    cr.password_changed_at = now;
    RETURN_IF_ERROR(Store::InsertCredentials(c, cr));
    if (family) return Store::SetInvitationUser(c, inv->id, u.id);
    directory::Membership m;
    m.user_id = u.id;
    m.organization_id = *inv->organization_id;
    m.role = inv->role.value_or("member");
    return directory::Store::UpsertMembership(c, m, now);
  }));
  // A family member's name is personal data: the notice says only that the invitation was used.
  notifier_.Send(inv->created_by, "invitation.accepted",
                 family ? "ご家族が招待を受け入れました (a family member accepted)"
                        : u.display_name + " さんが招待を受け入れました (accepted your invitation)",
                 "", family ? "" : "/directory/users/" + u.id);
  audit::Entry e = caller.Audit("auth.invitation.accept", "user", u.id);
  e.user_id = u.id;
  if (inv->organization_id) e.organization_id = *inv->organization_id;
  audit_.Record(std::move(e));
  return Summarize(u.id, u.login_id, u.display_name, u.kana, u.account_type, u.profession_code,
                   false);
}

Result<void> AuthService::CheckUserInOrganization(db::Connection& c, const std::string& org_id,
                                                  const std::string& user_id) {
  ASSIGN_OR_RETURN(auto memberships, directory::Store::MembershipsOfUser(c, user_id));
  for (const auto& m : memberships) {
    if (m.organization_id == org_id) return core::Ok();
  }
  return core::Error::NotFound("この事業所の利用者ではありません (user not in this organization)");
}

Result<IssuedLink> AuthService::IssuePasswordReset(const std::string& org_id,
                                                   const std::string& user_id,
                                                   const Caller& caller) {
  RETURN_IF_ERROR(policy_.CanAdministerOrganization(*caller.principal, org_id));
  int64_t now = clock_.NowMillis();
  Invitation inv;
  inv.id = core::NewId(now);
  inv.kind = "reset";
  inv.organization_id = org_id;
  inv.user_id = user_id;
  inv.created_by = caller.principal->user_id;
  inv.created_at = now;
  inv.expires_at = now + config_.reset_ttl_ms;
  std::string token = RandomToken();
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    RETURN_IF_ERROR(CheckUserInOrganization(c, org_id, user_id));
    RETURN_IF_ERROR(CheckAuthorityOverAccount(c, *caller.principal, user_id));
    return Store::InsertInvitation(c, inv, HashToken(token));
  }));
  audit::Entry e = caller.Audit("auth.password.reset_issued", "user", user_id);
  e.organization_id = org_id;
  audit_.Record(std::move(e));
  return IssuedLink{inv.id, LinkUrl("/reset-password", token), inv.expires_at};
}

Result<void> AuthService::CompletePasswordReset(const std::string& token,
                                                const std::string& password, const Caller& caller) {
  int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto inv, db_.Get<std::optional<Invitation>>([&](db::Connection& c) {
    return Store::InvitationByTokenHash(c, HashToken(token));
  }));
  if (!inv || inv->kind != "reset" || !inv->user_id || inv->used_at || inv->revoked_at ||
      inv->expires_at <= now) {
    return core::Error::NotFound("リンクが無効か期限切れです (link invalid or expired)");
  }
  std::optional<directory::User> user;
  std::optional<Credentials> cr;
  RETURN_IF_ERROR(db_.Run([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(user, directory::Store::GetUser(c, *inv->user_id));
    ASSIGN_OR_RETURN(cr, Store::GetCredentials(c, *inv->user_id));
    return core::Ok();
  }));
  if (!user) return core::Error::NotFound();
  bool has_2fa = user->account_type == "staff" || (cr && cr->totp_enabled);
  PasswordContext ctx{has_2fa, user->login_id, user->display_name, user->kana, ""};
  if (auto errors = CheckPasswordPolicy(password, ctx); !errors.empty())
    return PolicyError(std::move(errors));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password, config_.password_cost));
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(bool fresh, Store::UseInvitation(c, inv->id, now));
    if (!fresh) return core::Error::Conflict("このリンクは使用済みです (link already used)");
    RETURN_IF_ERROR(Store::SetOrCreatePassword(c, user->id, hash, now));
    return Discard(Store::RevokeAllSessions(c, user->id, "password_reset", now));
  }));
  notifier_.Send(
      user->id, "security.password_reset", "パスワードが再設定されました (your password was reset)",
      "心当たりがない場合は事業所の管理者に連絡してください (if this was not you, tell your admin)",
      "/account");
  audit::Entry e = caller.Audit("auth.password.reset_completed", "user", user->id);
  e.user_id = user->id;
  audit_.Record(std::move(e));
  return core::Ok();
}

Result<void> AuthService::ResetTwoFactor(const std::string& org_id, const std::string& user_id,
                                         const Caller& caller) {
  RETURN_IF_ERROR(policy_.CanAdministerOrganization(*caller.principal, org_id));
  int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    RETURN_IF_ERROR(CheckUserInOrganization(c, org_id, user_id));
    RETURN_IF_ERROR(CheckAuthorityOverAccount(c, *caller.principal, user_id));
    RETURN_IF_ERROR(Store::DisableTotp(c, user_id));
    RETURN_IF_ERROR(Store::ReplaceRecoveryCodes(c, user_id, {}));
    return Discard(Store::RevokeAllSessions(c, user_id, "two_factor_reset", now));
  }));
  notifier_.Send(user_id, "security.totp_reset",
                 "二段階認証が管理者によりリセットされました (two-factor authentication was reset)",
                 "次回ログイン時に再設定してください (enrol again at your next sign-in)",
                 "/account");
  audit::Entry e = caller.Audit("auth.totp.reset", "user", user_id);
  e.organization_id = org_id;
  audit_.Record(std::move(e));
  audit_.Flush();
  return core::Ok();
}

Result<int64_t> AuthService::RevokeUserSessions(const std::string& org_id,
                                                const std::string& user_id, const Caller& caller) {
  RETURN_IF_ERROR(policy_.CanAdministerOrganization(*caller.principal, org_id));
  ASSIGN_OR_RETURN(int64_t n, db_.InTransaction<int64_t>([&](db::Connection& c) -> Result<int64_t> {
    RETURN_IF_ERROR(CheckUserInOrganization(c, org_id, user_id));
    RETURN_IF_ERROR(CheckAuthorityOverAccount(c, *caller.principal, user_id));
    return Store::RevokeAllSessions(c, user_id, "revoked_by_admin", clock_.NowMillis());
  }));
  audit::Entry e = caller.Audit("auth.session.revoke_all", "user", user_id);
  e.organization_id = org_id;
  audit_.Record(std::move(e));
  return n;
}

Result<void> AuthService::SetUserStatus(const std::string& org_id, const std::string& user_id,
                                        const std::string& status, const Caller& caller) {
  RETURN_IF_ERROR(policy_.CanAdministerOrganization(*caller.principal, org_id));
  if (status != "active" && status != "suspended" && status != "retired") {
    return core::Error::Invalid("status",
                                "active / suspended / retired のいずれかです (invalid status)");
  }
  if (user_id == caller.principal->user_id && status != "active") {
    return core::Error::Conflict("自分自身は停止できません (cannot suspend yourself)");
  }
  int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    RETURN_IF_ERROR(CheckUserInOrganization(c, org_id, user_id));
    RETURN_IF_ERROR(CheckAuthorityOverAccount(c, *caller.principal, user_id));
    RETURN_IF_ERROR(directory::Store::SetUserStatus(c, user_id, status, now));
    if (status != "active")
      return Discard(Store::RevokeAllSessions(c, user_id, "account_" + status, now));
    return core::Ok();
  }));
  audit::Entry e = caller.Audit("directory.user.status", "user", user_id);
  e.organization_id = org_id;
  e.details = "{\"status\":\"" + status + "\"}";
  audit_.Record(std::move(e));
  return core::Ok();
}

Result<UserSummary> AuthService::CreateSystemAdmin(const std::string& login_id,
                                                   const std::string& display_name,
                                                   const std::string& password) {
  int64_t now = clock_.NowMillis();
  directory::User u;
  u.id = core::NewId(now);
  u.login_id = core::FoldWidth(login_id);
  u.display_name = display_name;
  u.kana = "";
  u.account_type = "staff";
  u.system_admin = true;
  u.created_at = u.updated_at = now;
  std::vector<core::FieldError> errors = directory::ValidateLoginId(u.login_id);
  if (display_name.empty())
    errors.push_back({"display_name", "required", "入力してください (required)"});
  PasswordContext ctx{true, u.login_id, u.display_name, "", ""};
  for (auto& e : CheckPasswordPolicy(password, ctx)) errors.push_back(std::move(e));
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password, config_.password_cost));
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto existing, directory::Store::GetUserByLoginId(c, u.login_id));
    if (existing)
      return core::Error::Conflict("このログインIDは使われています (login id taken)", "login_id");
    RETURN_IF_ERROR(directory::Store::InsertUser(c, u));
    Credentials cr;
    cr.user_id = u.id;
    cr.password_hash = hash;
    cr.password_changed_at = now;
    return Store::InsertCredentials(c, cr);
  }));
  audit::Entry e;
  e.action = "auth.admin.create";
  e.object_type = "user";
  e.object_id = u.id;
  e.role = "operator_cli";
  audit_.Record(std::move(e));
  audit_.Flush();
  return Summarize(u.id, u.login_id, u.display_name, u.kana, u.account_type, u.profession_code,
                   true);
}

Result<void> AuthService::ResetPasswordByOperator(const std::string& login_id,
                                                  const std::string& password,
                                                  bool reset_two_factor) {
  int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto user, db_.Get<std::optional<directory::User>>([&](db::Connection& c) {
    return directory::Store::GetUserByLoginId(c, login_id);
  }));
  if (!user) return core::Error::NotFound("ユーザーが見つかりません (no such user)");
  PasswordContext ctx{user->account_type == "staff", user->login_id, user->display_name, user->kana,
                      ""};
  if (auto errors = CheckPasswordPolicy(password, ctx); !errors.empty())
    return PolicyError(std::move(errors));
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password, config_.password_cost));
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    RETURN_IF_ERROR(Store::SetOrCreatePassword(c, user->id, hash, now));
    if (reset_two_factor) RETURN_IF_ERROR(Store::DisableTotp(c, user->id));
    return Discard(Store::RevokeAllSessions(c, user->id, "operator_reset", now));
  }));
  audit::Entry e;
  e.action = "auth.password.operator_reset";
  e.object_type = "user";
  e.object_id = user->id;
  e.role = "operator_cli";
  e.details = reset_two_factor ? R"({"two_factor_reset":true})" : "{}";
  audit_.Record(std::move(e));
  audit_.Flush();
  return core::Ok();
}

Result<void> AuthService::SetCredentials(const std::string& user_id, const std::string& password,
                                         const std::optional<std::string>& totp_base32) {
  int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(std::string hash, HashPassword(password, config_.password_cost));
  return db_.Transact([&](db::Connection& c) -> Result<void> {
    Credentials cr;
    cr.user_id = user_id;
    cr.password_hash = hash;
    cr.password_changed_at = now;
    if (totp_base32) {
      cr.totp_secret_sealed = secrets_.Seal(*totp_base32);
      cr.totp_enabled = true;
    }
    return Store::InsertCredentials(c, cr);
  });
}

}  // namespace auth

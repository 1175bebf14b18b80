// Identity rules: login with throttling and lockout, TOTP two-factor authentication (mandatory
// for staff), sessions with idle and absolute timeouts, invitations and admin-issued password
// resets, and the admin actions on accounts. Knows nothing of HTTP.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/caller.h"
#include "auth/model.h"
#include "auth/password.h"
#include "auth/policy.h"
#include "auth/principal.h"
#include "auth/tokens.h"
#include "core/clock.h"
#include "core/rate_limiter.h"
#include "core/result.h"
#include "db/database.h"
#include "directory/model.h"
#include "notify/notifier.h"

namespace auth {

using core::Result;

struct AuthConfig {
  int64_t idle_timeout_ms = 30 * 60 * 1000;           // 01-foundation: 30 minutes
  int64_t absolute_timeout_ms = 12 * 60 * 60 * 1000;  // 12 hours
  int64_t pending_timeout_ms = 10 * 60 * 1000;        // to finish the 2FA step
  int max_failures = 5;                               // consecutive, then a lockout
  int64_t base_lockout_ms = 60 * 1000;                // doubles with each lockout
  int64_t max_lockout_ms = 60 * 60 * 1000;
  int64_t invitation_ttl_ms = 7LL * 24 * 60 * 60 * 1000;
  int64_t reset_ttl_ms = 24LL * 60 * 60 * 1000;
  // Sign-in attempts per client address. Generous: a hospital's staff may share one address.
  double login_burst_per_address = 100;
  double login_rate_per_address = 2;  // per second, sustained
  std::string issuer = "Tsunagari";
  std::string public_url = "http://localhost:8080";  // for invitation and reset links
  PasswordHashCost password_cost = PasswordHashCost::Interactive();
};

struct UserSummary {
  std::string id, login_id, display_name, kana, account_type;
  std::optional<std::string> profession_code;
  bool system_admin = false;
};

struct LoginCommand {
  std::string login_id;
  std::string password;
  bool bearer = false;  // an API client wants the token in the body instead of a cookie
};

struct IssuedSession {
  std::string token;  // goes into the cookie (or the body for bearer clients), never stored
  std::string csrf_token;
  SessionStage stage = SessionStage::kPassword;
  int64_t expires_at = 0;
  bool bearer = false;
  UserSummary user;
};

struct Enrolment {
  std::string secret_base32;
  std::string otpauth_uri;
  std::string qr_svg;
};

struct InviteCommand {
  std::string organization_id;
  std::string role = "member";
  std::optional<std::string> display_name;
  std::optional<std::string> kana;
  std::optional<std::string> profession_code;
  std::optional<std::string> email;
};

/// The optional kana and e-mail of someone invited: kana only, a well-formed address.
std::vector<core::FieldError> ValidateInviteeContact(const std::optional<std::string>& kana,
                                                     const std::optional<std::string>& email);

/// A one-time link: shown once to the admin who issued it (token in the URL fragment so that it
/// never reaches a server log).
struct IssuedLink {
  std::string id;
  std::string url;
  int64_t expires_at = 0;
};

struct InvitationView {
  std::string kind;
  std::string organization_id;
  std::string organization_name;
  std::string role;
  std::optional<std::string> display_name, kana, profession_code, login_id;
  int64_t expires_at = 0;
};

struct AcceptCommand {
  std::string token;
  std::string login_id;
  std::string password;
  std::string display_name;
  std::string kana;
  std::optional<std::string> profession_code;
  std::optional<std::string> phone;
  std::optional<std::string> email;
};

/// A family member (or the person) invited by the care team (spec 09). The care module keeps which
/// person the invitation is for and has checked the inviter's rights.
struct FamilyInviteCommand {
  std::string display_name;
  std::optional<std::string> kana;
  std::optional<std::string> email;
  std::string invited_by;  // user id
};

struct SessionInfo {
  Session session;
  bool current = false;
};

class AuthService {
 public:
  AuthService(db::Database& db, const core::Clock& clock, audit::AuditSink& audit,
              const SecretBox& secrets, Policy& policy, notify::Notifier& notifier,
              AuthConfig config);

  // Login flow.
  Result<IssuedSession> Login(const LoginCommand& cmd, const Caller& caller);
  /// TOTP code or a recovery code; on success the session is replaced by a fully signed-in one.
  Result<IssuedSession> VerifySecondFactor(const std::string& code, const Caller& caller);
  Result<Enrolment> BeginEnrolment(const Caller& caller);
  /// Confirms the first code; returns the new session and the recovery codes (shown once).
  Result<std::pair<IssuedSession, std::vector<std::string>>> ConfirmEnrolment(
      const std::string& code, const Caller& caller);
  Result<void> Logout(const Caller& caller);

  /// The principal behind a session token, or nullptr when the token is unknown, revoked,
  /// expired or idle too long, or the user is not active.
  Result<std::shared_ptr<const Principal>> Authenticate(const std::string& token, bool bearer);
  /// Whether a session (by id) could still authenticate a request now: not revoked, expired or
  /// idle too long, and its user active. For holders of long-lived resources such as streams.
  Result<bool> SessionActive(const std::string& session_id);

  // The signed-in user's own account.
  Result<std::vector<SessionInfo>> MySessions(const Caller& caller);
  Result<void> RevokeMySession(const std::string& session_id, const Caller& caller);
  Result<void> ChangePassword(const std::string& current, const std::string& next,
                              const Caller& caller);
  Result<std::vector<std::string>> RegenerateRecoveryCodes(const std::string& password,
                                                           const Caller& caller);
  Result<int64_t> UnusedRecoveryCodes(const Caller& caller);
  Result<bool> TotpEnabled(const std::string& user_id);

  // Invitations and password resets.
  Result<IssuedLink> Invite(const InviteCommand& cmd, const Caller& caller);
  Result<std::vector<Invitation>> OpenInvitations(const std::string& org_id, const Caller& caller);
  Result<void> RevokeInvitation(const std::string& org_id, const std::string& invitation_id,
                                const Caller& caller);
  Result<InvitationView> LookupInvitation(const std::string& token);
  Result<UserSummary> AcceptInvitation(const AcceptCommand& cmd, const Caller& caller);
  /// A one-time link for a family account (kind "family"). No rights check here: the care
  /// module decides who may invite for a person. Accepting it makes a family account with no
  /// organization and records it on the invitation's user_id.
  Result<IssuedLink> InviteFamily(const FamilyInviteCommand& cmd);
  /// Revokes a family invitation not used yet; false when it was used or revoked already.
  Result<bool> RevokeFamilyInvitation(const std::string& invitation_id);
  Result<IssuedLink> IssuePasswordReset(const std::string& org_id, const std::string& user_id,
                                        const Caller& caller);
  Result<void> CompletePasswordReset(const std::string& token, const std::string& password,
                                     const Caller& caller);

  // Admin actions on an account, in the context of an organization the admin administers.
  Result<void> ResetTwoFactor(const std::string& org_id, const std::string& user_id,
                              const Caller& caller);
  Result<int64_t> RevokeUserSessions(const std::string& org_id, const std::string& user_id,
                                     const Caller& caller);
  Result<void> SetUserStatus(const std::string& org_id, const std::string& user_id,
                             const std::string& status, const Caller& caller);

  // Operator commands (CLI).
  Result<UserSummary> CreateSystemAdmin(const std::string& login_id,
                                        const std::string& display_name,
                                        const std::string& password);
  Result<void> ResetPasswordByOperator(const std::string& login_id, const std::string& password,
                                       bool reset_two_factor);
  /// For seeding and tests: a user with a password and, optionally, an enrolled TOTP secret.
  Result<void> SetCredentials(const std::string& user_id, const std::string& password,
                              const std::optional<std::string>& totp_base32);

  const AuthConfig& config() const { return config_; }

 private:
  /// The user's profile and credentials (either may be missing).
  using Account = std::pair<std::optional<directory::User>, std::optional<Credentials>>;
  Result<Account> LoadAccount(const std::string& user_id);
  Result<IssuedSession> StartSession(db::Connection& c, const UserSummary& user, SessionStage stage,
                                     bool bearer, const Caller& caller);
  Result<void> CheckUserInOrganization(db::Connection& c, const std::string& org_id,
                                       const std::string& user_id);
  /// Counts a wrong password or code; returns how long the account is now locked (ms), 0 when
  /// this failure did not start a lockout.
  Result<int64_t> RegisterFailure(const std::string& user_id, const Caller& caller,
                                  const std::string& what);
  Result<std::vector<std::string>> StoreNewRecoveryCodes(db::Connection& c,
                                                         const std::string& user_id);
  std::string LinkUrl(std::string_view path, std::string_view token) const;

  db::Database& db_;
  const core::Clock& clock_;
  audit::AuditSink& audit_;
  const SecretBox& secrets_;
  Policy& policy_;
  notify::Notifier& notifier_;
  AuthConfig config_;
  core::RateLimiter login_limiter_;
  std::string dummy_hash_;  // verified against for unknown logins, so timing does not tell
};

UserSummary Summarize(const std::string& id, const std::string& login_id,
                      const std::string& display_name, const std::string& kana,
                      const std::string& account_type,
                      const std::optional<std::string>& profession_code, bool system_admin);

}  // namespace auth

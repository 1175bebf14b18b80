// Login, two-factor authentication and sessions.
#include "auth/service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

#include "auth/qr.h"
#include "auth/store.h"
#include "auth/totp.h"
#include "core/id.h"
#include "directory/store.h"

namespace auth {
namespace {

constexpr int64_t kTouchEveryMs = 60 * 1000;  // last_seen is written at most once a minute

core::Error InvalidCredentials() {
  return core::Error::Unauthenticated(
      "ログインIDまたはパスワードが違います (wrong login id or password)");
}

core::Error TooManyAttempts(int64_t wait_ms) {
  core::Error e = core::Error::Of(
      core::ErrorCode::kRateLimited,
      "試行回数が多すぎます。しばらくしてからお試しください (too many attempts; try again later)");
  e.retry_after_seconds = static_cast<int>(std::max<int64_t>(1, (wait_ms + 999) / 1000));
  return e;
}

}  // namespace

UserSummary Summarize(const std::string& id, const std::string& login_id,
                      const std::string& display_name, const std::string& kana,
                      const std::string& account_type,
                      const std::optional<std::string>& profession_code, bool system_admin) {
  return UserSummary{id, login_id, display_name, kana, account_type, profession_code, system_admin};
}

namespace {
UserSummary SummaryOf(const directory::User& u) {
  return Summarize(u.id, u.login_id, u.display_name, u.kana, u.account_type, u.profession_code,
                   u.system_admin);
}
}  // namespace

AuthService::AuthService(db::Database& db, const core::Clock& clock, audit::AuditSink& audit,
                         const SecretBox& secrets, Policy& policy, notify::Notifier& notifier,
                         AuthConfig config)
    : db_(db),
      clock_(clock),
      audit_(audit),
      secrets_(secrets),
      policy_(policy),
      notifier_(notifier),
      config_(std::move(config)),
      login_limiter_(clock, config_.login_burst_per_address, config_.login_rate_per_address) {
  auto dummy = HashPassword("dummy password for timing 0", config_.password_cost);
  if (dummy.ok()) dummy_hash_ = *dummy;
}

Result<IssuedSession> AuthService::StartSession(db::Connection& c, const UserSummary& user,
                                                SessionStage stage, bool bearer,
                                                const Caller& caller) {
  int64_t now = clock_.NowMillis();
  Session s;
  s.id = core::NewId(now);
  s.user_id = user.id;
  s.stage = std::string(StageName(stage));
  s.csrf_token = RandomToken();
  s.bearer = bearer;
  s.created_at = now;
  s.last_seen_at = now;
  s.expires_at = now + (stage == SessionStage::kFull ? config_.absolute_timeout_ms
                                                     : config_.pending_timeout_ms);
  s.ip = caller.ip;
  s.user_agent = caller.user_agent.substr(0, 200);
  std::string token = RandomToken();
  RETURN_IF_ERROR(Store::InsertSession(c, s, HashToken(token)));
  return IssuedSession{token, s.csrf_token, stage, s.expires_at, bearer, user};
}

Result<IssuedSession> AuthService::Login(const LoginCommand& cmd, const Caller& caller) {
  if (cmd.login_id.empty() || cmd.password.empty()) {
    std::vector<core::FieldError> errors;
    if (cmd.login_id.empty())
      errors.push_back({"login_id", "required", "入力してください (required)"});
    if (cmd.password.empty())
      errors.push_back({"password", "required", "入力してください (required)"});
    return core::Error::Fields(std::move(errors));
  }
  if (int wait = login_limiter_.Take("login:" + caller.ip); wait > 0) {
    audit::Entry e = caller.Audit("auth.login.throttled");
    e.outcome = "denied";
    audit_.Record(std::move(e));
    return TooManyAttempts(wait * 1000LL);
  }
  int64_t now = clock_.NowMillis();
  std::optional<directory::User> user;
  std::optional<Credentials> cr;
  RETURN_IF_ERROR(db_.Run([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(user, directory::Store::GetUserByLoginId(c, cmd.login_id));
    if (user) {
      ASSIGN_OR_RETURN(cr, Store::GetCredentials(c, user->id));
    }
    return core::Ok();
  }));
  if (!user || !cr || !cr->password_hash) {
    (void)VerifyPassword(cmd.password, dummy_hash_);  // same cost as a real check
    audit::Entry e = caller.Audit("auth.login", "user");
    e.outcome = "failed";
    // The attempted id helps an admin see a guessing campaign; it is an identifier, not a secret.
    e.details = boost::json::serialize(
        boost::json::object{{"reason", "unknown_login"}, {"login_id", cmd.login_id.substr(0, 64)}});
    audit_.Record(std::move(e));
    return InvalidCredentials();
  }
  if (cr->locked_until > now) {
    audit::Entry e = caller.Audit("auth.login", "user", user->id);
    e.user_id = user->id;
    e.outcome = "denied";
    e.details = R"({"reason":"locked"})";
    audit_.Record(std::move(e));
    return TooManyAttempts(cr->locked_until - now);
  }
  if (!VerifyPassword(cmd.password, *cr->password_hash)) {
    ASSIGN_OR_RETURN(int64_t locked_for, RegisterFailure(user->id, caller, "password"));
    if (locked_for > 0) return TooManyAttempts(locked_for);
    return InvalidCredentials();
  }
  if (user->status != "active") {
    audit::Entry e = caller.Audit("auth.login", "user", user->id);
    e.user_id = user->id;
    e.outcome = "denied";
    e.details = R"({"reason":"not_active"})";
    audit_.Record(std::move(e));
    return core::Error::Forbidden("このアカウントは利用停止中です (account suspended)");
  }
  SessionStage stage = SessionStage::kFull;
  if (cr->totp_enabled)
    stage = SessionStage::kPassword;
  else if (user->account_type == "staff")
    stage = SessionStage::kEnrol;
  std::optional<IssuedSession> issued;
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    // With a second factor still to come, the password alone proves too little to forgive
    // earlier failures: otherwise signing in again would reset the count between code guesses.
    if (stage != SessionStage::kPassword) RETURN_IF_ERROR(Store::ClearFailures(c, user->id));
    if (stage == SessionStage::kFull)
      RETURN_IF_ERROR(directory::Store::TouchLastLogin(c, user->id, now));
    ASSIGN_OR_RETURN(issued, StartSession(c, SummaryOf(*user), stage, cmd.bearer, caller));
    return core::Ok();
  }));
  if (PasswordNeedsRehash(*cr->password_hash, config_.password_cost)) {
    if (auto h = HashPassword(cmd.password, config_.password_cost); h.ok()) {
      (void)db_.Run([&](db::Connection& c) { return Store::SetPassword(c, user->id, *h, now); });
    }
  }
  audit::Entry e = caller.Audit("auth.login", "user", user->id);
  e.user_id = user->id;
  e.details = std::string(R"({"stage":")") + std::string(StageName(stage)) + "\"}";
  audit_.Record(std::move(e));
  return std::move(*issued);
}

Result<AuthService::Account> AuthService::LoadAccount(const std::string& user_id) {
  Account account;
  RETURN_IF_ERROR(db_.Run([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(account.first, directory::Store::GetUser(c, user_id));
    ASSIGN_OR_RETURN(account.second, Store::GetCredentials(c, user_id));
    return core::Ok();
  }));
  return account;
}

Result<int64_t> AuthService::RegisterFailure(const std::string& user_id, const Caller& caller,
                                             const std::string& what) {
  int64_t now = clock_.NowMillis();
  // Counted in the database, not from the credentials read before the check: guesses sent in
  // parallel would otherwise each count as the first.
  int64_t locked_until = 0;
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    locked_until = 0;
    ASSIGN_OR_RETURN(auto counts, Store::AddFailure(c, user_id));
    auto [failed, lockouts] = counts;
    if (failed < config_.max_failures) return core::Ok();
    int64_t wait = config_.base_lockout_ms << std::min(lockouts, 20);
    locked_until = now + std::min(wait, config_.max_lockout_ms);
    return Store::RecordFailure(c, user_id, 0, lockouts + 1, locked_until);
  }));
  bool locking = locked_until > 0;
  audit::Entry e =
      caller.Audit(what == "password" ? "auth.login" : "auth.second_factor", "user", user_id);
  e.user_id = user_id;
  e.outcome = "failed";
  e.details = "{\"reason\":\"wrong_" + what + "\"}";
  audit_.Record(std::move(e));
  if (locking) {
    notifier_.Send(
        user_id, "security.lockout",
        "ログインの失敗が続いたため、アカウントを一時的にロックしました (account locked)",
        "心当たりがない場合は事業所の管理者に連絡してください (if this was not you, tell your "
        "admin)",
        "/account");
    audit::Entry lock = caller.Audit("auth.lockout", "user", user_id);
    lock.user_id = user_id;
    lock.details = "{\"until\":" + std::to_string(locked_until) + "}";
    audit_.Record(std::move(lock));
    audit_.Flush();
  }
  return locking ? locked_until - now : int64_t{0};
}

Result<IssuedSession> AuthService::VerifySecondFactor(const std::string& code,
                                                      const Caller& caller) {
  const Principal& p = *caller.principal;
  if (p.stage != SessionStage::kPassword) {
    return core::Error::Conflict("確認コードの入力は不要です (no second factor pending)");
  }
  if (code.empty())
    return core::Error::Invalid("code", "確認コードを入力してください (code required)", "required");
  int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto account, LoadAccount(p.user_id));
  auto& [user, cr] = account;
  if (!cr || !user || !cr->totp_enabled || !cr->totp_secret_sealed)
    return core::Error::Unauthenticated();
  if (cr->locked_until > now) return TooManyAttempts(cr->locked_until - now);
  ASSIGN_OR_RETURN(std::string secret, secrets_.Open(*cr->totp_secret_sealed));
  TotpCheck check = VerifyTotp(secret, code, now / 1000, cr->totp_last_step);
  bool used_recovery = false;
  if (!check.ok) {
    // Not a TOTP code: perhaps one of the recovery codes.
    std::string normalized = NormalizeRecoveryCode(code);
    if (normalized.size() >= 12) {
      ASSIGN_OR_RETURN(used_recovery, db_.Get<bool>([&](db::Connection& c) {
        return Store::UseRecoveryCode(c, p.user_id, HashToken(normalized), now);
      }));
    }
    if (!used_recovery) {
      ASSIGN_OR_RETURN(int64_t locked_for, RegisterFailure(p.user_id, caller, "code"));
      if (locked_for > 0) return TooManyAttempts(locked_for);
      return core::Error::Invalid("code", "確認コードが違います (wrong code)", "wrong_code");
    }
  }
  std::optional<IssuedSession> issued;
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    if (check.ok) {
      // The read above may be stale: the step is claimed here, once.
      ASSIGN_OR_RETURN(bool fresh, Store::SetTotpLastStep(c, p.user_id, check.step));
      if (!fresh)
        return core::Error::Invalid("code", "確認コードが違います (wrong code)", "wrong_code");
    }
    RETURN_IF_ERROR(Store::ClearFailures(c, p.user_id));
    // A new token once fully signed in: a token seen before the second factor is worth nothing.
    RETURN_IF_ERROR(Store::RevokeSession(c, p.session_id, p.user_id, "upgraded", now));
    RETURN_IF_ERROR(directory::Store::TouchLastLogin(c, p.user_id, now));
    ASSIGN_OR_RETURN(issued,
                     StartSession(c, SummaryOf(*user), SessionStage::kFull, p.bearer, caller));
    return core::Ok();
  }));
  audit::Entry e = caller.Audit(used_recovery ? "auth.recovery_code_used" : "auth.second_factor",
                                "user", p.user_id);
  audit_.Record(std::move(e));
  return std::move(*issued);
}

Result<Enrolment> AuthService::BeginEnrolment(const Caller& caller) {
  const Principal& p = *caller.principal;
  if (p.stage == SessionStage::kPassword) {
    return core::Error::Conflict("先に確認コードを入力してください (enter your code first)");
  }
  ASSIGN_OR_RETURN(bool enabled, TotpEnabled(p.user_id));
  if (enabled) {
    return core::Error::Conflict(
        "二段階認証は設定済みです。再設定は管理者に依頼してください (already enrolled; ask an "
        "admin to reset)");
  }
  std::string secret = GenerateTotpSecret();
  RETURN_IF_ERROR(db_.Run([&](db::Connection& c) {
    return Store::SetPendingTotp(c, p.user_id, secrets_.Seal(secret));
  }));
  Enrolment en;
  en.secret_base32 = secret;
  en.otpauth_uri = OtpAuthUri(config_.issuer, p.login_id, secret);
  ASSIGN_OR_RETURN(en.qr_svg, QrSvg(en.otpauth_uri));
  audit_.Record(caller.Audit("auth.totp.enrol_start", "user", p.user_id));
  return en;
}

Result<std::pair<IssuedSession, std::vector<std::string>>> AuthService::ConfirmEnrolment(
    const std::string& code, const Caller& caller) {
  const Principal& p = *caller.principal;
  if (code.empty())
    return core::Error::Invalid("code", "確認コードを入力してください (code required)", "required");
  int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto account, LoadAccount(p.user_id));
  auto& [user, cr] = account;
  if (!cr || !user) return core::Error::Unauthenticated();
  if (cr->totp_enabled) return core::Error::Conflict("二段階認証は設定済みです (already enrolled)");
  if (!cr->totp_secret_sealed) {
    return core::Error::Conflict("先に設定を開始してください (start enrolment first)");
  }
  ASSIGN_OR_RETURN(std::string secret, secrets_.Open(*cr->totp_secret_sealed));
  TotpCheck check = VerifyTotp(secret, code, now / 1000, 0);
  if (!check.ok) {
    ASSIGN_OR_RETURN(int64_t locked_for, RegisterFailure(p.user_id, caller, "code"));
    if (locked_for > 0) return TooManyAttempts(locked_for);
    return core::Error::Invalid(
        "code",
        "確認コードが違います。時刻の設定もご確認ください (wrong code; check the phone's clock)",
        "wrong_code");
  }
  std::optional<IssuedSession> issued;
  std::vector<std::string> codes;
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    RETURN_IF_ERROR(Store::EnableTotp(c, p.user_id, check.step, now));
    ASSIGN_OR_RETURN(codes, StoreNewRecoveryCodes(c, p.user_id));
    if (p.stage != SessionStage::kFull) {
      RETURN_IF_ERROR(Store::RevokeSession(c, p.session_id, p.user_id, "upgraded", now));
      RETURN_IF_ERROR(directory::Store::TouchLastLogin(c, p.user_id, now));
      ASSIGN_OR_RETURN(issued,
                       StartSession(c, SummaryOf(*user), SessionStage::kFull, p.bearer, caller));
    }
    return core::Ok();
  }));
  audit_.Record(caller.Audit("auth.totp.enrolled", "user", p.user_id));
  audit_.Flush();
  IssuedSession session = issued ? std::move(*issued) : IssuedSession{};
  return std::make_pair(std::move(session), std::move(codes));
}

Result<std::vector<std::string>> AuthService::StoreNewRecoveryCodes(db::Connection& c,
                                                                    const std::string& user_id) {
  std::vector<std::string> codes = GenerateRecoveryCodes(10);
  std::vector<std::string> hashes;
  for (const auto& code : codes) hashes.push_back(HashToken(NormalizeRecoveryCode(code)));
  RETURN_IF_ERROR(Store::ReplaceRecoveryCodes(c, user_id, hashes));
  return codes;
}

Result<void> AuthService::Logout(const Caller& caller) {
  const Principal& p = *caller.principal;
  RETURN_IF_ERROR(db_.Run([&](db::Connection& c) -> Result<void> {
    RETURN_IF_ERROR(Store::RevokeSession(c, p.session_id, p.user_id, "logout", clock_.NowMillis()));
    return core::Ok();
  }));
  audit_.Record(caller.Audit("auth.logout", "session", p.session_id));
  return core::Ok();
}

Result<std::shared_ptr<const Principal>> AuthService::Authenticate(const std::string& token,
                                                                   bool bearer) {
  using Ptr = std::shared_ptr<const Principal>;
  if (token.size() < 20 || token.size() > 100) return Ptr();
  int64_t now = clock_.NowMillis();
  Ptr out;
  RETURN_IF_ERROR(db_.Run([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto holder, Store::SessionHolderByTokenHash(c, HashToken(token)));
    if (!holder) return core::Ok();
    const Session* session = &holder->session;
    if (session->revoked_at || session->expires_at <= now) return core::Ok();
    if (session->bearer != bearer) return core::Ok();  // a bearer token is not a cookie, and back
    if (now - session->last_seen_at > config_.idle_timeout_ms) return core::Ok();
    auto stage = ParseStage(session->stage);
    if (!stage) return core::Ok();
    if (holder->user_status != "active") return core::Ok();
    auto p = std::make_shared<Principal>();
    p->user_id = session->user_id;
    p->session_id = session->id;
    p->login_id = holder->login_id;
    p->display_name = holder->display_name;
    p->csrf_token = session->csrf_token;
    p->account_type = holder->account_type == "family" ? AccountType::kFamily : AccountType::kStaff;
    p->system_admin = holder->system_admin;
    p->bearer = session->bearer;
    p->stage = *stage;
    for (const auto& m : holder->memberships) {
      auto role = ParseRole(m.role);
      if (!role) continue;
      p->memberships.push_back(Membership{m.organization_id, m.organization_name,
                                          m.organization_type, m.municipality_code, *role});
    }
    if (now - session->last_seen_at > kTouchEveryMs) {
      RETURN_IF_ERROR(Store::TouchSession(c, session->id, now));
    }
    out = std::move(p);
    return core::Ok();
  }));
  return out;
}

Result<bool> AuthService::SessionActive(const std::string& session_id) {
  int64_t now = clock_.NowMillis();
  return db_.Get<bool>([&](db::Connection& c) -> Result<bool> {
    ASSIGN_OR_RETURN(auto session, Store::SessionById(c, session_id));
    if (!session || session->revoked_at || session->expires_at <= now) return false;
    if (now - session->last_seen_at > config_.idle_timeout_ms) return false;
    ASSIGN_OR_RETURN(auto user, directory::Store::GetUser(c, session->user_id));
    return user && user->status == "active";
  });
}

Result<std::vector<SessionInfo>> AuthService::MySessions(const Caller& caller) {
  const Principal& p = *caller.principal;
  ASSIGN_OR_RETURN(auto sessions, db_.Get<std::vector<Session>>([&](db::Connection& c) {
    return Store::ActiveSessions(c, p.user_id, clock_.NowMillis(), config_.idle_timeout_ms);
  }));
  std::vector<SessionInfo> out;
  for (auto& s : sessions) {
    bool current = s.id == p.session_id;
    out.push_back({std::move(s), current});
  }
  return out;
}

Result<void> AuthService::RevokeMySession(const std::string& session_id, const Caller& caller) {
  const Principal& p = *caller.principal;
  ASSIGN_OR_RETURN(int64_t n, db_.Get<int64_t>([&](db::Connection& c) {
    return Store::RevokeSession(c, session_id, p.user_id, "revoked_by_user", clock_.NowMillis());
  }));
  if (n == 0) return core::Error::NotFound("セッションが見つかりません (session not found)");
  audit_.Record(caller.Audit("auth.session.revoke", "session", session_id));
  return core::Ok();
}

Result<bool> AuthService::TotpEnabled(const std::string& user_id) {
  return db_.Get<bool>([&](db::Connection& c) -> Result<bool> {
    ASSIGN_OR_RETURN(auto cr, Store::GetCredentials(c, user_id));
    return cr && cr->totp_enabled;
  });
}

Result<int64_t> AuthService::UnusedRecoveryCodes(const Caller& caller) {
  return db_.Get<int64_t>(
      [&](db::Connection& c) { return Store::UnusedRecoveryCodes(c, caller.principal->user_id); });
}

}  // namespace auth

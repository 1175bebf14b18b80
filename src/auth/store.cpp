#include "auth/store.h"

#include <algorithm>
#include <tuple>

namespace auth {
namespace {

using db::Statement;

constexpr Statement kGetCredentials{
    "auth_get_credentials",
    "SELECT user_id, password_hash, password_changed_at, totp_secret, totp_enabled, "
    "totp_last_step, failed_logins, lockouts, locked_until FROM credentials WHERE user_id = $1"};
constexpr Statement kInsertCredentials{
    "auth_insert_credentials",
    "INSERT INTO credentials (user_id, password_hash, password_changed_at, totp_secret, "
    "totp_enabled, totp_last_step) VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr Statement kSetPassword{
    "auth_set_password",
    "UPDATE credentials SET password_hash = $2, password_changed_at = $3, failed_logins = 0, "
    "locked_until = 0 WHERE user_id = $1"};
constexpr Statement kRecordFailure{"auth_record_failure",
                                   "UPDATE credentials SET failed_logins = $2, lockouts = $3, "
                                   "locked_until = $4 WHERE user_id = $1"};
constexpr Statement kAddFailure{
    "auth_add_failure",
    "UPDATE credentials SET failed_logins = failed_logins + 1 WHERE user_id = $1"};
constexpr Statement kFailureCounts{
    "auth_failure_counts", "SELECT failed_logins, lockouts FROM credentials WHERE user_id = $1"};
constexpr Statement kClearFailures{
    "auth_clear_failures",
    "UPDATE credentials SET failed_logins = 0, lockouts = 0, locked_until = 0 WHERE user_id = $1"};
constexpr Statement kSetPendingTotp{"auth_set_pending_totp",
                                    "UPDATE credentials SET totp_secret = $2, totp_enabled = 0, "
                                    "totp_last_step = 0 WHERE user_id = $1"};
constexpr Statement kEnableTotp{
    "auth_enable_totp",
    "UPDATE credentials SET totp_enabled = 1, totp_last_step = $2, totp_enrolled_at = $3 "
    "WHERE user_id = $1"};
constexpr Statement kSetTotpStep{"auth_set_totp_step",
                                 "UPDATE credentials SET totp_last_step = $2 WHERE user_id = $1 "
                                 "AND totp_last_step < $2"};
constexpr Statement kDisableTotp{
    "auth_disable_totp",
    "UPDATE credentials SET totp_secret = NULL, totp_enabled = 0, totp_last_step = 0, "
    "totp_enrolled_at = NULL WHERE user_id = $1"};

constexpr Statement kDeleteRecovery{"auth_delete_recovery",
                                    "DELETE FROM recovery_codes WHERE user_id = $1"};
constexpr Statement kInsertRecovery{
    "auth_insert_recovery", "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)"};
constexpr Statement kUseRecovery{
    "auth_use_recovery",
    "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS "
    "NULL"};
constexpr Statement kCountRecovery{
    "auth_count_recovery",
    "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL"};

#define SESSION_COLUMNS                                                                \
  "id, user_id, stage, csrf_token, bearer, created_at, last_seen_at, expires_at, ip, " \
  "user_agent, revoked_at"
constexpr Statement kInsertSession{
    "auth_insert_session",
    "INSERT INTO sessions (id, token_hash, user_id, stage, csrf_token, bearer, created_at, "
    "last_seen_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
    "$11)"};
// One row per membership (one with NULLs for a user without any). No ORDER BY: sorting made
// SQLite build a temporary b-tree on every authenticated request; the few rows sort in C++.
constexpr Statement kSessionHolderByToken{
    "auth_session_holder_by_token",
    "SELECT s.id, s.user_id, s.stage, s.csrf_token, s.bearer, s.created_at, s.last_seen_at, "
    "s.expires_at, s.ip, s.user_agent, s.revoked_at, u.login_id, u.display_name, "
    "u.account_type, u.is_system_admin, u.status, m.organization_id, o.name, o.type_code, "
    "o.municipality_code, m.role, m.title, m.created_at "
    "FROM sessions s JOIN users u ON u.id = s.user_id "
    "LEFT JOIN memberships m ON m.user_id = s.user_id "
    "LEFT JOIN organizations o ON o.id = m.organization_id "
    "WHERE s.token_hash = $1"};
constexpr Statement kSessionById{"auth_session_by_id",
                                 "SELECT " SESSION_COLUMNS " FROM sessions WHERE id = $1"};
constexpr Statement kSetStage{"auth_set_stage", "UPDATE sessions SET stage = $2 WHERE id = $1"};
constexpr Statement kTouchSession{"auth_touch_session",
                                  "UPDATE sessions SET last_seen_at = $2 WHERE id = $1"};
constexpr Statement kRevokeSession{
    "auth_revoke_session",
    "UPDATE sessions SET revoked_at = $4, revoked_reason = $3 WHERE id = $1 AND user_id = $2 AND "
    "revoked_at IS NULL"};
constexpr Statement kRevokeAll{
    "auth_revoke_all",
    "UPDATE sessions SET revoked_at = $3, revoked_reason = $2 WHERE user_id = $1 AND revoked_at "
    "IS NULL"};
constexpr Statement kActiveSessions{
    "auth_active_sessions",
    "SELECT " SESSION_COLUMNS
    " FROM sessions WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 AND "
    "last_seen_at > $3 ORDER BY created_at DESC LIMIT 100"};

#define INVITATION_COLUMNS                                                                 \
  "id, kind, organization_id, role, user_id, display_name, kana, profession_code, email, " \
  "created_by, created_at, expires_at, used_at, revoked_at"
constexpr Statement kInsertInvitation{
    "auth_insert_invitation",
    "INSERT INTO invitations (id, token_hash, kind, organization_id, role, user_id, display_name, "
    "kana, profession_code, email, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, "
    "$5, $6, $7, $8, $9, $10, $11, $12, $13)"};
constexpr Statement kInvitationByToken{"auth_invitation_by_token",
                                       "SELECT " INVITATION_COLUMNS
                                       " FROM invitations WHERE token_hash = $1"};
constexpr Statement kUseInvitation{
    "auth_use_invitation",
    "UPDATE invitations SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL"};
constexpr Statement kRevokeInvitation{
    "auth_revoke_invitation",
    "UPDATE invitations SET revoked_at = $3 WHERE id = $1 AND organization_id = $2 AND used_at "
    "IS NULL AND revoked_at IS NULL"};
constexpr Statement kRevokeFamilyInvitation{
    "auth_revoke_family_invitation",
    "UPDATE invitations SET revoked_at = $2 WHERE id = $1 AND kind = 'family' AND used_at IS NULL "
    "AND revoked_at IS NULL"};
constexpr Statement kSetInvitationUser{"auth_set_invitation_user",
                                       "UPDATE invitations SET user_id = $2 WHERE id = $1"};
constexpr Statement kOpenInvitations{
    "auth_open_invitations",
    "SELECT " INVITATION_COLUMNS
    " FROM invitations WHERE organization_id = $1 AND kind = 'invite' AND used_at IS NULL AND "
    "revoked_at IS NULL AND expires_at > $2 ORDER BY created_at DESC LIMIT 200"};

Session SessionFromRow(const db::Row& r) {
  Session s;
  s.id = r.Text(0);
  s.user_id = r.Text(1);
  s.stage = r.Text(2);
  s.csrf_token = r.Text(3);
  s.bearer = r.Bool(4);
  s.created_at = r.Int(5);
  s.last_seen_at = r.Int(6);
  s.expires_at = r.Int(7);
  s.ip = r.Text(8);
  s.user_agent = r.Text(9);
  s.revoked_at = r.OptInt(10);
  return s;
}

Invitation InvitationFromRow(const db::Row& r) {
  Invitation i;
  i.id = r.Text(0);
  i.kind = r.Text(1);
  i.organization_id = r.OptText(2);
  i.role = r.OptText(3);
  i.user_id = r.OptText(4);
  i.display_name = r.OptText(5);
  i.kana = r.OptText(6);
  i.profession_code = r.OptText(7);
  i.email = r.OptText(8);
  i.created_by = r.Text(9);
  i.created_at = r.Int(10);
  i.expires_at = r.Int(11);
  i.used_at = r.OptInt(12);
  i.revoked_at = r.OptInt(13);
  return i;
}

Result<void> Done(Result<int64_t> r) {
  if (!r.ok()) return std::move(r).error();
  return core::Ok();
}

}  // namespace

Result<std::optional<Credentials>> Store::GetCredentials(db::Connection& c,
                                                         std::string_view user_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kGetCredentials, {user_id}));
  if (!row) return std::optional<Credentials>();
  Credentials cr;
  cr.user_id = row->Text(0);
  cr.password_hash = row->OptText(1);
  cr.password_changed_at = row->OptInt(2);
  cr.totp_secret_sealed = row->OptText(3);
  cr.totp_enabled = row->Bool(4);
  cr.totp_last_step = row->Int(5);
  cr.failed_logins = static_cast<int>(row->Int(6));
  cr.lockouts = static_cast<int>(row->Int(7));
  cr.locked_until = row->Int(8);
  return std::optional<Credentials>(std::move(cr));
}

Result<void> Store::InsertCredentials(db::Connection& c, const Credentials& cr) {
  return Done(
      c.Execute(kInsertCredentials, {cr.user_id, cr.password_hash, cr.password_changed_at,
                                     cr.totp_secret_sealed, cr.totp_enabled, cr.totp_last_step}));
}

Result<void> Store::SetPassword(db::Connection& c, std::string_view user_id, std::string_view hash,
                                int64_t now) {
  return Done(c.Execute(kSetPassword, {user_id, hash, now}));
}

Result<void> Store::SetOrCreatePassword(db::Connection& c, std::string_view user_id,
                                        std::string_view hash, int64_t now) {
  ASSIGN_OR_RETURN(auto existing, GetCredentials(c, user_id));
  if (!existing) {
    Credentials fresh;
    fresh.user_id = std::string(user_id);
    fresh.password_hash = std::string(hash);
    fresh.password_changed_at = now;
    return InsertCredentials(c, fresh);
  }
  RETURN_IF_ERROR(SetPassword(c, user_id, hash, now));
  return ClearFailures(c, user_id);
}

Result<void> Store::RecordFailure(db::Connection& c, std::string_view user_id, int failed,
                                  int lockouts, int64_t locked_until) {
  return Done(c.Execute(kRecordFailure, {user_id, failed, lockouts, locked_until}));
}

Result<std::pair<int, int>> Store::AddFailure(db::Connection& c, std::string_view user_id) {
  RETURN_IF_ERROR(c.Execute(kAddFailure, {user_id}));
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kFailureCounts, {user_id}));
  if (!row) return core::Error::NotFound();
  return std::make_pair(static_cast<int>(row->Int(0)), static_cast<int>(row->Int(1)));
}

Result<void> Store::ClearFailures(db::Connection& c, std::string_view user_id) {
  return Done(c.Execute(kClearFailures, {user_id}));
}

Result<void> Store::SetPendingTotp(db::Connection& c, std::string_view user_id,
                                   std::string_view sealed_secret) {
  return Done(c.Execute(kSetPendingTotp, {user_id, sealed_secret}));
}

Result<void> Store::EnableTotp(db::Connection& c, std::string_view user_id, int64_t step,
                               int64_t now) {
  return Done(c.Execute(kEnableTotp, {user_id, step, now}));
}

Result<bool> Store::SetTotpLastStep(db::Connection& c, std::string_view user_id, int64_t step) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute(kSetTotpStep, {user_id, step}));
  return n == 1;
}

Result<void> Store::DisableTotp(db::Connection& c, std::string_view user_id) {
  return Done(c.Execute(kDisableTotp, {user_id}));
}

Result<void> Store::ReplaceRecoveryCodes(db::Connection& c, std::string_view user_id,
                                         const std::vector<std::string>& hashes) {
  RETURN_IF_ERROR(c.Execute(kDeleteRecovery, {user_id}));
  for (const auto& h : hashes) RETURN_IF_ERROR(c.Execute(kInsertRecovery, {user_id, h}));
  return core::Ok();
}

Result<bool> Store::UseRecoveryCode(db::Connection& c, std::string_view user_id,
                                    std::string_view hash, int64_t now) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute(kUseRecovery, {user_id, hash, now}));
  return n == 1;
}

Result<int64_t> Store::UnusedRecoveryCodes(db::Connection& c, std::string_view user_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kCountRecovery, {user_id}));
  return row ? row->Int(0) : 0;
}

Result<void> Store::InsertSession(db::Connection& c, const Session& s,
                                  std::string_view token_hash) {
  return Done(
      c.Execute(kInsertSession, {s.id, token_hash, s.user_id, s.stage, s.csrf_token, s.bearer,
                                 s.created_at, s.last_seen_at, s.expires_at, s.ip, s.user_agent}));
}

Result<std::optional<SessionHolder>> Store::SessionHolderByTokenHash(db::Connection& c,
                                                                     std::string_view hash) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kSessionHolderByToken, {hash}));
  if (rows.empty()) return std::optional<SessionHolder>();
  const db::Row& first = rows.front();
  SessionHolder h{SessionFromRow(first),
                  first.Text(11),
                  first.Text(12),
                  first.Text(13),
                  first.Text(15),
                  first.Bool(14),
                  {}};
  std::vector<std::pair<int64_t, directory::Membership>> dated;
  for (const auto& r : rows) {
    if (r.IsNull(16) || r.IsNull(17)) continue;
    dated.push_back(
        {r.Int(22), directory::Membership{h.session.user_id, r.Text(16), r.Text(17), r.Text(18),
                                          r.Text(19), r.Text(20), r.OptText(21)}});
  }
  std::sort(dated.begin(), dated.end(), [](const auto& a, const auto& b) {
    return std::tie(a.first, a.second.organization_id) <
           std::tie(b.first, b.second.organization_id);
  });
  for (auto& d : dated) h.memberships.push_back(std::move(d.second));
  return std::optional<SessionHolder>(std::move(h));
}

Result<std::optional<Session>> Store::SessionById(db::Connection& c, std::string_view id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kSessionById, {id}));
  if (!row) return std::optional<Session>();
  return std::optional<Session>(SessionFromRow(*row));
}

Result<void> Store::SetSessionStage(db::Connection& c, std::string_view id,
                                    std::string_view stage) {
  return Done(c.Execute(kSetStage, {id, stage}));
}

Result<void> Store::TouchSession(db::Connection& c, std::string_view id, int64_t now) {
  return Done(c.Execute(kTouchSession, {id, now}));
}

Result<int64_t> Store::RevokeSession(db::Connection& c, std::string_view id,
                                     std::string_view user_id, std::string_view reason,
                                     int64_t now) {
  return c.Execute(kRevokeSession, {id, user_id, reason, now});
}

Result<int64_t> Store::RevokeAllSessions(db::Connection& c, std::string_view user_id,
                                         std::string_view reason, int64_t now) {
  return c.Execute(kRevokeAll, {user_id, reason, now});
}

Result<std::vector<Session>> Store::ActiveSessions(db::Connection& c, std::string_view user_id,
                                                   int64_t now, int64_t idle_ms) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kActiveSessions, {user_id, now, now - idle_ms}));
  std::vector<Session> out;
  for (const auto& r : rows) out.push_back(SessionFromRow(r));
  return out;
}

Result<void> Store::InsertInvitation(db::Connection& c, const Invitation& i,
                                     std::string_view token_hash) {
  return Done(c.Execute(kInsertInvitation, {i.id, token_hash, i.kind, i.organization_id, i.role,
                                            i.user_id, i.display_name, i.kana, i.profession_code,
                                            i.email, i.created_by, i.created_at, i.expires_at}));
}

Result<std::optional<Invitation>> Store::InvitationByTokenHash(db::Connection& c,
                                                               std::string_view hash) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kInvitationByToken, {hash}));
  if (!row) return std::optional<Invitation>();
  return std::optional<Invitation>(InvitationFromRow(*row));
}

Result<bool> Store::UseInvitation(db::Connection& c, std::string_view id, int64_t now) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute(kUseInvitation, {id, now}));
  return n == 1;
}

Result<int64_t> Store::RevokeFamilyInvitation(db::Connection& c, std::string_view id, int64_t now) {
  return c.Execute(kRevokeFamilyInvitation, {id, now});
}

Result<void> Store::SetInvitationUser(db::Connection& c, std::string_view id,
                                      std::string_view user_id) {
  RETURN_IF_ERROR(c.Execute(kSetInvitationUser, {id, user_id}));
  return core::Ok();
}

Result<int64_t> Store::RevokeInvitation(db::Connection& c, std::string_view id,
                                        std::string_view org_id, int64_t now) {
  return c.Execute(kRevokeInvitation, {id, org_id, now});
}

Result<std::vector<Invitation>> Store::OpenInvitations(db::Connection& c, std::string_view org_id,
                                                       int64_t now) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kOpenInvitations, {org_id, now}));
  std::vector<Invitation> out;
  for (const auto& r : rows) out.push_back(InvitationFromRow(r));
  return out;
}

}  // namespace auth

// The auth module's SQL: credentials, sessions, invitations, recovery codes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/model.h"
#include "core/result.h"
#include "db/database.h"

namespace auth {

using core::Result;

class Store {
 public:
  static Result<std::optional<Credentials>> GetCredentials(db::Connection& c,
                                                           std::string_view user_id);
  static Result<void> InsertCredentials(db::Connection& c, const Credentials& cr);
  static Result<void> SetPassword(db::Connection& c, std::string_view user_id,
                                  std::string_view hash, int64_t now);
  /// Sets the password and clears failures and lockouts; creates the credentials row for a user
  /// who has none yet (imported accounts).
  static Result<void> SetOrCreatePassword(db::Connection& c, std::string_view user_id,
                                          std::string_view hash, int64_t now);
  /// Adds one to the consecutive failures and returns (failures, lockouts) after it. Run it in
  /// a transaction: the update holds the row, so failures arriving in parallel all count.
  static Result<std::pair<int, int>> AddFailure(db::Connection& c, std::string_view user_id);
  static Result<void> RecordFailure(db::Connection& c, std::string_view user_id, int failed,
                                    int lockouts, int64_t locked_until);
  static Result<void> ClearFailures(db::Connection& c, std::string_view user_id);
  static Result<void> SetPendingTotp(db::Connection& c, std::string_view user_id,
                                     std::string_view sealed_secret);
  static Result<void> EnableTotp(db::Connection& c, std::string_view user_id, int64_t step,
                                 int64_t now);
  /// Records `step` as used; false when it (or a later step) was used already, so that of two
  /// requests racing with the same code only one succeeds.
  static Result<bool> SetTotpLastStep(db::Connection& c, std::string_view user_id, int64_t step);
  static Result<void> DisableTotp(db::Connection& c, std::string_view user_id);

  static Result<void> ReplaceRecoveryCodes(db::Connection& c, std::string_view user_id,
                                           const std::vector<std::string>& hashes);
  /// Marks an unused code used; false when there is no such unused code.
  static Result<bool> UseRecoveryCode(db::Connection& c, std::string_view user_id,
                                      std::string_view hash, int64_t now);
  static Result<int64_t> UnusedRecoveryCodes(db::Connection& c, std::string_view user_id);

  static Result<void> InsertSession(db::Connection& c, const Session& s,
                                    std::string_view token_hash);
  /// The session with its user and memberships.
  static Result<std::optional<SessionHolder>> SessionHolderByTokenHash(db::Connection& c,
                                                                       std::string_view hash);
  static Result<std::optional<Session>> SessionById(db::Connection& c, std::string_view id);
  static Result<void> SetSessionStage(db::Connection& c, std::string_view id,
                                      std::string_view stage);
  static Result<void> TouchSession(db::Connection& c, std::string_view id, int64_t now);
  static Result<int64_t> RevokeSession(db::Connection& c, std::string_view id,
                                       std::string_view user_id, std::string_view reason,
                                       int64_t now);
  static Result<int64_t> RevokeAllSessions(db::Connection& c, std::string_view user_id,
                                           std::string_view reason, int64_t now);
  /// Active sessions of a user, newest first.
  static Result<std::vector<Session>> ActiveSessions(db::Connection& c, std::string_view user_id,
                                                     int64_t now, int64_t idle_ms);

  static Result<void> InsertInvitation(db::Connection& c, const Invitation& inv,
                                       std::string_view token_hash);
  static Result<std::optional<Invitation>> InvitationByTokenHash(db::Connection& c,
                                                                 std::string_view hash);
  /// Marks an invitation used exactly once; false when it was already used or revoked.
  static Result<bool> UseInvitation(db::Connection& c, std::string_view id, int64_t now);
  static Result<int64_t> RevokeInvitation(db::Connection& c, std::string_view id,
                                          std::string_view org_id, int64_t now);
  /// A family invitation not used yet (no organization to scope it).
  static Result<int64_t> RevokeFamilyInvitation(db::Connection& c, std::string_view id,
                                                int64_t now);
  /// Records the account a family invitation created (the care module finds it there).
  static Result<void> SetInvitationUser(db::Connection& c, std::string_view id,
                                        std::string_view user_id);
  static Result<std::vector<Invitation>> OpenInvitations(db::Connection& c, std::string_view org_id,
                                                         int64_t now);
};

}  // namespace auth

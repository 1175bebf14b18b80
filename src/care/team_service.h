// The rules of care teams (支援チーム, spec 02): members invite professionals, the invitee
// accepts or declines, members leave, managers change roles and remove members, and a team
// never loses its last care manager while others remain in it.
#pragma once

#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/caller.h"
#include "care/access.h"
#include "care/person_model.h"
#include "core/clock.h"
#include "db/database.h"
#include "notify/notifier.h"

namespace care {

class TeamService {
 public:
  TeamService(db::Database& db, const core::Clock& clock, audit::AuditSink& audit,
              notify::Notifier& notifier, PersonAccessChecker& access)
      : db_(db), clock_(clock), audit_(audit), notifier_(notifier), access_(access) {}

  /// Every member row, former members and pending invitations included.
  Result<std::vector<TeamMember>> List(const std::string& person_id, const auth::Caller& caller);
  /// Any member who may write invites; only those who manage the team may invite a care
  /// manager. The invitee (an active professional) is notified without personal data.
  Result<TeamMember> Invite(const std::string& person_id, const Result<TeamInvite>& input,
                            const auth::Caller& caller);
  /// The invitee's answers: they need no access to the person yet.
  Result<TeamMember> Accept(const std::string& person_id, const auth::Caller& caller);
  Result<TeamMember> Decline(const std::string& person_id, const auth::Caller& caller);
  /// An active member ends their own membership.
  Result<TeamMember> Leave(const std::string& person_id, const auth::Caller& caller);
  Result<TeamMember> ChangeRole(const std::string& person_id, const std::string& user_id,
                                const Result<std::string>& team_role, const auth::Caller& caller);
  Result<void> Remove(const std::string& person_id, const std::string& user_id,
                      const auth::Caller& caller);
  /// The caller's pending invitations.
  Result<std::vector<Invitation>> MyInvitations(const auth::Caller& caller);

 private:
  /// Moves the caller's own row from `from` to `to` (accept, decline, leave).
  Result<TeamMember> Answer(const std::string& person_id, const auth::Caller& caller,
                            std::string_view from, std::string_view to, const char* action);

  db::Database& db_;
  const core::Clock& clock_;
  audit::AuditSink& audit_;
  notify::Notifier& notifier_;
  PersonAccessChecker& access_;
};

}  // namespace care

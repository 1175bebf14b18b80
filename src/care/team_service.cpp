#include "care/team_service.h"

#include <algorithm>

#include "care/person_service.h"
#include "care/person_store.h"
#include "care/team_store.h"
#include "core/id.h"

namespace care {
namespace {

core::Error NotAMember() {
  return core::Error::NotFound("チームのメンバーではありません (not a member of this team)");
}

core::Error NotInTeam() {
  return core::Error::Forbidden(
      "この方の記録を見る権限がありません (not in this person's care team)");
}

std::string RoleDetails(const std::string& team_role) {
  return "{\"team_role\":\"" + team_role + "\"}";  // a code from TeamRoles(): nothing to escape
}

/// A team must keep a care manager while it has other members: someone has to manage it.
/// Checks whether `target` may stop being an active care manager; call with the person locked.
Result<void> KeepsACareManager(db::Connection& c, const std::string& person_id,
                               const TeamMember& target) {
  if (target.status != "active" || target.team_role != "care_manager") return core::Ok();
  ASSIGN_OR_RETURN(auto counts, TeamStore::Counts(c, person_id));
  if (counts.active_care_managers <= 1 && counts.active > 1) {
    return core::Error::Conflict(
        "最後のケアマネジャーは、ほかのメンバーがいる間は外れられません。先に別のメンバーを"
        "ケアマネジャーにしてください (the last care manager cannot go while other members "
        "remain; make someone else care manager first)",
        "team_role");
  }
  return core::Ok();
}

}  // namespace

Result<std::vector<TeamMember>> TeamService::List(const std::string& person_id,
                                                  const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access,
                   CheckAccess(db_, access_, audit_, person_id, caller, Need::kRead, "team.read"));
  ASSIGN_OR_RETURN(auto list, db_.Get<std::vector<TeamMember>>([&](db::Connection& c) {
    return TeamStore::List(c, person_id);
  }));
  audit_.Record(PersonAudit(caller, access, "team.read"));
  return list;
}

Result<TeamMember> TeamService::Invite(const std::string& person_id,
                                       const Result<TeamInvite>& input,
                                       const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller, Need::kWrite,
                                            "team.invite"));
  RETURN_IF_ERROR(input);
  const TeamInvite& in = *input;
  const core::Error cannot_grant = core::Error::Make(
      core::ErrorCode::kForbidden,
      "ケアマネジャーとして招待できるのは、チームのケアマネジャーか登録自治体の担当者だけです "
      "(only those who manage the team may invite a care manager)",
      "team_role");
  if (in.team_role == "care_manager" && !access.CanManageTeam()) {
    AuditDenied(audit_, caller, person_id, access.municipality_code, "team.invite");
    return cannot_grant;
  }
  const std::string& me = caller.principal->user_id;
  const int64_t now = clock_.NowMillis();
  auto saved = db_.InTransaction<TeamMember>([&](db::Connection& c) -> Result<TeamMember> {
    ASSIGN_OR_RETURN(auto fresh, Recheck(c, person_id, caller, Need::kWrite));
    if (in.team_role == "care_manager" && !fresh.CanManageTeam()) return cannot_grant;
    ASSIGN_OR_RETURN(auto invitee, TeamStore::Invitee(c, in.user_id));
    if (!invitee || invitee->account_type != "staff" || invitee->status != "active") {
      return core::Error::Invalid(
          "user_id",
          "招待できる専門職のアカウントではありません (not an active professional account)",
          "not_found");
    }
    TeamMember m;
    m.person_id = person_id;
    m.user_id = in.user_id;
    m.team_role = in.team_role;
    m.status = "invited";
    m.invited_by = UserRef{me, "", {}};
    m.invited_at = now;
    if (in.organization_id) {
      const auto& orgs = invitee->organization_ids;
      if (std::find(orgs.begin(), orgs.end(), *in.organization_id) == orgs.end()) {
        return core::Error::Invalid(
            "organization_id",
            "招待する方の所属先ではありません (the invitee does not belong to this organization)",
            "not_member");
      }
      m.organization_id = in.organization_id;
    } else if (!invitee->organization_ids.empty()) {
      m.organization_id = invitee->organization_ids.front();
    }
    ASSIGN_OR_RETURN(auto existing, TeamStore::Get(c, person_id, in.user_id));
    if (existing && (existing->status == "active" || existing->status == "invited")) {
      return core::Error::Conflict("既にチームのメンバーか招待中です (already a member or invited)",
                                   "user_id");
    }
    // Someone who declined or left may be asked again: the same row becomes a new invitation.
    if (existing) {
      RETURN_IF_ERROR(TeamStore::Reinvite(c, m));
    } else {
      RETURN_IF_ERROR(TeamStore::Insert(c, m, now));
    }
    ASSIGN_OR_RETURN(auto stored, TeamStore::Get(c, person_id, in.user_id));
    if (!stored) return NotAMember();
    return std::move(*stored);
  });
  if (!saved.ok() && saved.error().code == core::ErrorCode::kConflict &&
      saved.error().field.empty()) {
    // Two invitations of the same user at once: the second insert meets the first one's row.
    return core::Error::Conflict("既にチームのメンバーか招待中です (already a member or invited)",
                                 "user_id");
  }
  RETURN_IF_ERROR(saved);
  // No name, no clinical word: the title may travel by e-mail as "something is new".
  notifier_.Send(in.user_id, "team.invitation", "支援チームへの招待があります", "",
                 "/care/invitations", person_id);
  audit::Entry e = PersonAudit(caller, access, "team.invite", "user", in.user_id);
  e.details = RoleDetails(in.team_role);
  audit_.Record(std::move(e));
  return std::move(*saved);
}

Result<TeamMember> TeamService::Answer(const std::string& person_id, const auth::Caller& caller,
                                       std::string_view from, std::string_view to,
                                       const char* action) {
  const auth::Principal& me = *caller.principal;
  if (!core::IsValidId(person_id) || !me.IsStaff() || !me.FullySignedIn()) {
    AuditDenied(audit_, caller, core::IsValidId(person_id) ? person_id : "", "", action);
    return NotInTeam();
  }
  const int64_t now = clock_.NowMillis();
  bool denied = false;
  PersonAccess facts;
  // The invitee cannot read the person yet, so the checker would refuse them: the member row
  // itself is what entitles them to answer.
  auto saved = db_.InTransaction<TeamMember>([&](db::Connection& c) -> Result<TeamMember> {
    denied = false;
    auto loaded = PersonAccessChecker::Load(c, person_id, caller);
    if (!loaded.ok()) {
      denied = loaded.error().code == core::ErrorCode::kNotFound;
      return denied ? NotInTeam() : loaded.error();
    }
    facts = *loaded;
    RETURN_IF_ERROR(PersonStore::Lock(c, person_id));
    ASSIGN_OR_RETURN(auto row, TeamStore::Get(c, person_id, me.user_id));
    // Someone who may read the person (the municipality) learns nothing from being told that
    // they have nothing to answer; everyone else is refused like any outsider.
    if (!row && !facts.CanRead()) {
      denied = true;
      return NotInTeam();
    }
    if (!row || row->status != from) {
      return core::Error::Conflict(from == "invited"
                                       ? "招待されていません (no pending invitation)"
                                       : "チームに参加していません (not an active member)",
                                   "status");
    }
    if (to == "left") RETURN_IF_ERROR(KeepsACareManager(c, person_id, *row));
    ASSIGN_OR_RETURN(bool moved,
                     TeamStore::Transition(c, person_id, me.user_id, from, to, me.user_id, now));
    if (!moved) return core::Error::Conflict("状態が変わりました (changed meanwhile)", "status");
    ASSIGN_OR_RETURN(auto updated, TeamStore::Get(c, person_id, me.user_id));
    if (!updated) return NotInTeam();
    return std::move(*updated);
  });
  if (!saved.ok()) {
    if (denied) AuditDenied(audit_, caller, person_id, facts.municipality_code, action);
    return std::move(saved).error();
  }
  audit::Entry e = PersonAudit(caller, facts, action, "user", me.user_id);
  e.details = RoleDetails(saved->team_role);
  audit_.Record(std::move(e));
  return std::move(*saved);
}

Result<TeamMember> TeamService::Accept(const std::string& person_id, const auth::Caller& caller) {
  return Answer(person_id, caller, "invited", "active", "team.accept");
}

Result<TeamMember> TeamService::Decline(const std::string& person_id, const auth::Caller& caller) {
  return Answer(person_id, caller, "invited", "declined", "team.decline");
}

Result<TeamMember> TeamService::Leave(const std::string& person_id, const auth::Caller& caller) {
  return Answer(person_id, caller, "active", "left", "team.leave");
}

Result<TeamMember> TeamService::ChangeRole(const std::string& person_id, const std::string& user_id,
                                           const Result<std::string>& team_role,
                                           const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller,
                                            Need::kManageTeam, "team.update"));
  RETURN_IF_ERROR(team_role);
  if (!core::IsValidId(user_id)) return NotAMember();
  ASSIGN_OR_RETURN(auto saved,
                   db_.InTransaction<TeamMember>([&](db::Connection& c) -> Result<TeamMember> {
                     RETURN_IF_ERROR(Recheck(c, person_id, caller, Need::kManageTeam));
                     RETURN_IF_ERROR(PersonStore::Lock(c, person_id));
                     ASSIGN_OR_RETURN(auto target, TeamStore::Get(c, person_id, user_id));
                     if (!target || (target->status != "active" && target->status != "invited")) {
                       return NotAMember();
                     }
                     if (*team_role != "care_manager")
                       RETURN_IF_ERROR(KeepsACareManager(c, person_id, *target));
                     RETURN_IF_ERROR(TeamStore::SetRole(c, person_id, user_id, *team_role));
                     ASSIGN_OR_RETURN(auto updated, TeamStore::Get(c, person_id, user_id));
                     if (!updated) return NotAMember();
                     return std::move(*updated);
                   }));
  audit::Entry e = PersonAudit(caller, access, "team.update", "user", user_id);
  e.details = RoleDetails(*team_role);
  audit_.Record(std::move(e));
  return saved;
}

Result<void> TeamService::Remove(const std::string& person_id, const std::string& user_id,
                                 const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller,
                                            Need::kManageTeam, "team.remove"));
  if (!core::IsValidId(user_id)) return NotAMember();
  const int64_t now = clock_.NowMillis();
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    RETURN_IF_ERROR(Recheck(c, person_id, caller, Need::kManageTeam));
    RETURN_IF_ERROR(PersonStore::Lock(c, person_id));
    ASSIGN_OR_RETURN(auto target, TeamStore::Get(c, person_id, user_id));
    if (!target || (target->status != "active" && target->status != "invited")) {
      return NotAMember();
    }
    RETURN_IF_ERROR(KeepsACareManager(c, person_id, *target));
    ASSIGN_OR_RETURN(bool moved, TeamStore::Transition(c, person_id, user_id, target->status,
                                                       "removed", caller.principal->user_id, now));
    if (!moved) return NotAMember();
    return core::Ok();
  }));
  audit_.Record(PersonAudit(caller, access, "team.remove", "user", user_id));
  return core::Ok();
}

Result<std::vector<Invitation>> TeamService::MyInvitations(const auth::Caller& caller) {
  const auth::Principal& me = *caller.principal;
  if (!me.IsStaff() || !me.FullySignedIn()) return core::Error::Forbidden();
  return db_.Get<std::vector<Invitation>>(
      [&](db::Connection& c) { return TeamStore::Invitations(c, me.user_id); });
}

}  // namespace care

// Who may see and change a person's record (spec 02: consent and care team). Every care
// service call goes through PersonAccessChecker::Require first: one statement loads the facts
// (registering municipality, the caller's team role, consent scopes), the rule decides, and a
// refusal is written to the audit log with the person id before it returns 403.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.h"
#include "auth/caller.h"
#include "core/result.h"
#include "db/database.h"

namespace care {

using core::Result;

/// What the caller wants to do with the person's record.
enum class Need {
  kRead,           // see the person, profile, team, timeline, vitals, attachments
  kWrite,          // post, edit the profile, record vitals and status, upload
  kManageTeam,     // invite with any role, remove members, change roles
  kRecordConsent,  // record or withdraw consent (allowed before any consent exists)
  // What a family member the team invited may do too (spec 08: the team, the person or the
  // family keep the emergency summary current): read the emergency summary and the parts below,
  kFamilyRead,
  // and change the emergency kit and the key persons (FamilyEditablePart).
  kFamilyEdit,
};

/// The profile parts a family member may change: the emergency kit and whom to call.
bool FamilyEditablePart(std::string_view part);

/// Consent scopes currently in force (not withdrawn).
struct ConsentScopes {
  bool team = false;
  bool emergency = false;
  bool disaster = false;
  bool family = false;
};

/// The facts behind a decision, returned to the service so it need not load them again.
struct PersonAccess {
  std::string person_id;
  std::string municipality_code;  // the registering municipality
  std::string created_by;
  std::string team_role;            // the caller's active role in the team; empty if none
  bool municipality_admin = false;  // the caller administers the registering municipality
  bool family_member = false;       // an invited family account, with the family consent in force
  ConsentScopes consent;
  // Read in the same statement, for the timeline page cache (TimelinePageCache).
  int64_t timeline_version = 0;
  int64_t names_generation = 0;

  bool ActiveMember() const { return !team_role.empty(); }
  bool CanRead() const { return (ActiveMember() && consent.team) || municipality_admin; }
  bool CanWrite() const { return CanRead(); }
  bool CanManageTeam() const {
    return (team_role == "care_manager" && consent.team) || municipality_admin;
  }
  bool CanRecordConsent() const { return team_role == "care_manager" || municipality_admin; }
  bool Allows(Need need) const;
};

struct TeamMemberRef {
  std::string user_id;
  std::string team_role;
};

class PersonAccessChecker {
 public:
  explicit PersonAccessChecker(audit::AuditSink& audit) : audit_(audit) {}

  /// Loads the facts on `conn` and checks `need`. Unknown persons and refusals both give
  /// kForbidden (ids cannot be probed); refusals are audited as `action` with outcome "denied".
  Result<PersonAccess> Require(db::Connection& conn, const std::string& person_id,
                               const auth::Caller& caller, Need need, std::string_view action);

  /// The facts without a decision (nullopt-like kNotFound when the person does not exist).
  static Result<PersonAccess> Load(db::Connection& conn, const std::string& person_id,
                                   const auth::Caller& caller);

 private:
  audit::AuditSink& audit_;
};

/// An audit entry for an action on the person's data: actor, person id, registering
/// municipality (so that the municipality's admins can search it) and the object.
audit::Entry PersonAudit(const auth::Caller& caller, const PersonAccess& access, std::string action,
                         std::string object_type = "person", std::string object_id = {});

/// Active team members (user id and role), for read receipts and notifications.
Result<std::vector<TeamMemberRef>> ActiveMembers(db::Connection& conn,
                                                 const std::string& person_id);

}  // namespace care

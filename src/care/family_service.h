// Family members the care team invites for a person (spec 09's invitation, used by spec 08: the
// family keeps the emergency kit and whom to call current). Needs the family-portal consent.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/service.h"
#include "care/access.h"
#include "care/family_store.h"
#include "core/clock.h"
#include "db/database.h"

namespace care {

struct FamilyInvite {
  std::string display_name;  // 1–50 characters
  std::string relation;      // 1–30 characters (長女, 本人 …)
  std::optional<std::string> kana;
  std::optional<std::string> email;
};

/// Reads the body of POST /persons/{id}/family; kInvalid naming each bad field.
core::Result<FamilyInvite> ParseFamilyInvite(const boost::json::object& body);

struct IssuedFamilyInvite {
  FamilyMember member;
  auth::IssuedLink link;  // shown once to the inviter, to hand to the family
};

class FamilyService {
 public:
  FamilyService(db::Database& db, const core::Clock& clock, audit::AuditSink& audit,
                PersonAccessChecker& access, auth::AuthService& accounts)
      : db_(db), clock_(clock), audit_(audit), access_(access), accounts_(accounts) {}

  /// A team member who may write the record invites; 409 `no_family_consent` without the
  /// family-portal consent in force.
  core::Result<IssuedFamilyInvite> Invite(const std::string& person_id,
                                          const core::Result<FamilyInvite>& input,
                                          const auth::Caller& caller);
  core::Result<std::vector<FamilyMember>> List(const std::string& person_id,
                                               const auth::Caller& caller);
  /// Ends the member's access at once (and the invitation, if not used yet).
  core::Result<void> Revoke(const std::string& person_id, const std::string& member_id,
                            const auth::Caller& caller);
  /// The persons the signed-in family account may see now (link active, consent in force).
  core::Result<std::vector<FamilyPerson>> MyPersons(const auth::Caller& caller);

 private:
  db::Database& db_;
  const core::Clock& clock_;
  audit::AuditSink& audit_;
  PersonAccessChecker& access_;
  auth::AuthService& accounts_;
};

}  // namespace care

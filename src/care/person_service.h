// The rules of persons (spec 02): registration, identity, the versioned care profile and the
// status history. Every call checks the caller's access to the person first (403 and an audit
// entry for anyone else), then the input, then writes; every read and write is audited with the
// person id. Knows nothing of HTTP.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/caller.h"
#include "care/access.h"
#include "care/person_model.h"
#include "core/clock.h"
#include "core/wareki.h"
#include "db/database.h"

namespace care {

/// The access check the care services share: Require on a pooled connection (a refusal is
/// audited), outside any write transaction so that a retried transaction never audits twice.
/// Malformed person ids are refused without a query.
Result<PersonAccess> CheckAccess(db::Database& db, PersonAccessChecker& checker,
                                 audit::AuditSink& audit, const std::string& person_id,
                                 const auth::Caller& caller, Need need, std::string_view action);
/// The same rule again inside a write transaction, without auditing: consent may have been
/// withdrawn or a member removed since CheckAccess.
Result<PersonAccess> Recheck(db::Connection& c, const std::string& person_id,
                             const auth::Caller& caller, Need need);
/// A refusal decided by a service itself (not by the checker), audited like the checker's.
void AuditDenied(audit::AuditSink& audit, const auth::Caller& caller, const std::string& person_id,
                 const std::string& municipality_code, std::string action);
/// Today's date in Japan.
core::Date TodayJst(const core::Clock& clock);
core::Error Stale();

class PersonService {
 public:
  PersonService(db::Database& db, const core::Clock& clock, audit::AuditSink& audit,
                PersonAccessChecker& access)
      : db_(db), clock_(clock), audit_(audit), access_(access) {}

  core::Date Today() const { return TodayJst(clock_); }

  /// Registers a person; the caller becomes an active team member with the requested role.
  /// Without a consent covering team sharing only an admin of the municipality may register.
  Result<PersonDetail> Register(const Result<Registration>& input, const auth::Caller& caller);
  Result<PersonDetail> Get(const std::string& person_id, const auth::Caller& caller);
  /// Replaces the identity when `base_version` is current (kConflict otherwise) and keeps the
  /// previous one as a version of part "identity".
  Result<PersonDetail> UpdateIdentity(const std::string& person_id,
                                      const Result<IdentityUpdate>& input,
                                      const auth::Caller& caller);
  /// The persons the caller may read (active teams with consent, administered municipalities).
  Result<PersonPage<PersonSummary>> List(const PersonQuery& q, const auth::Caller& caller);
  /// The names of the persons among `person_ids` (at most 100 looked at) the caller may read
  /// now, for labelling the notification feed; audited as one "person.names" entry.
  Result<std::map<std::string, std::string>> ReadableNames(
      const std::vector<std::string>& person_ids, const auth::Caller& caller);

  /// The latest version of a part (or of "identity"); kNotFound when never recorded.
  Result<ProfilePart> GetPart(const std::string& person_id, const std::string& part,
                              const auth::Caller& caller);
  /// Saves a new version of `part` when `base_version` is the latest (0 for the first). Team
  /// members write any part; an invited family member the FamilyEditablePart ones.
  Result<ProfilePart> PutPart(const std::string& person_id, std::string_view part,
                              const Result<ProfileUpdate>& input, const auth::Caller& caller);
  /// Every version of a part, newest first.
  Result<std::vector<ProfilePart>> PartVersions(const std::string& person_id,
                                                const std::string& part,
                                                const auth::Caller& caller);

  Result<std::vector<StatusEntry>> Statuses(const std::string& person_id,
                                            const auth::Caller& caller);
  /// Appends an entry; the person's current status becomes the entry with the latest `since`.
  Result<StatusEntry> AddStatus(const std::string& person_id, const Result<StatusInput>& input,
                                const auth::Caller& caller);

 private:
  db::Database& db_;
  const core::Clock& clock_;
  audit::AuditSink& audit_;
  PersonAccessChecker& access_;
};

}  // namespace care

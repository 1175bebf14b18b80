// The rules of consent (同意, spec 02): who records and withdraws it, what a record must say, and
// the scan of the signed form. Withdrawal ends team access at the next request, because the
// access check reads the consents in force every time.
#pragma once

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

/// Makes the attachment the scan of `consent_id`: it must be an image or PDF uploaded to
/// this person and not used for anything else. Problems are kInvalid naming `field`.
Result<void> UseScan(db::Connection& c, const std::string& person_id, const std::string& consent_id,
                     const std::string& attachment_id, const std::string& field);

/// A consent record ready to insert: id and recorder filled in.
Consent NewConsent(const std::string& person_id, const ConsentInput& input,
                   const std::string& user_id, int64_t now);

class ConsentService {
 public:
  ConsentService(db::Database& db, const core::Clock& clock, audit::AuditSink& audit,
                 PersonAccessChecker& access)
      : db_(db), clock_(clock), audit_(audit), access_(access) {}

  core::Date Today() const;

  Result<std::vector<Consent>> List(const std::string& person_id, const auth::Caller& caller);
  Result<Consent> Create(const std::string& person_id, const Result<ConsentInput>& input,
                         const auth::Caller& caller);
  /// kConflict when already withdrawn.
  Result<Consent> Withdraw(const std::string& person_id, const std::string& consent_id,
                           const Result<Withdrawal>& input, const auth::Caller& caller);
  Result<Consent> AttachScan(const std::string& person_id, const std::string& consent_id,
                             const Result<std::string>& attachment_id, const auth::Caller& caller);

 private:
  db::Database& db_;
  const core::Clock& clock_;
  audit::AuditSink& audit_;
  PersonAccessChecker& access_;
};

}  // namespace care

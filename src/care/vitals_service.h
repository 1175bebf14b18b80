// Vitals recorded on their own (without a post) and the list behind the per-vital charts.
// Same access rules as the timeline: reading needs read access to the person, recording write
// access; both are audited with the person id (vitals.list, vitals.create).
#pragma once

#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/caller.h"
#include "care/access.h"
#include "care/vitals_model.h"
#include "core/clock.h"
#include "core/result.h"
#include "db/database.h"

namespace care {

class VitalsService {
 public:
  VitalsService(db::Database& db, const core::Clock& clock, audit::AuditSink& audit,
                PersonAccessChecker& access)
      : db_(db), clock_(clock), audit_(audit), access_(access) {}

  /// Measurements with from_ms <= measured_at < to_ms (0 = open), oldest first, at most 2,000
  /// (the newest ones when there are more).
  Result<std::vector<Vitals>> List(const std::string& person_id, int64_t from_ms, int64_t to_ms,
                                   const auth::Caller& caller);
  /// Checks the values (ValidateVitals) and records them without a post.
  Result<Vitals> Record(const std::string& person_id, const VitalsInput& input,
                        const auth::Caller& caller);

 private:
  db::Database& db_;
  const core::Clock& clock_;
  audit::AuditSink& audit_;
  PersonAccessChecker& access_;
};

}  // namespace care

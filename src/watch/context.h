// What the watch module's services share: their dependencies and the watch access check.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/tokens.h"
#include "core/clock.h"
#include "db/database.h"
#include "notify/notifier.h"
#include "watch/access.h"

namespace watch {

class Ingester;

struct Context {
  db::Database& db;
  const core::Clock& clock;
  audit::AuditSink& audit;
  notify::Notifier& notifier;
  const auth::SecretBox& secrets;
  AccessChecker& access;
  Ingester& ingester;
  /// Told when a person's watch picture changed (registry, absences, alerts), so that the rules
  /// look again and live status lists refresh.
  std::function<void(const std::vector<std::string>& persons)> changed;
};

}  // namespace watch

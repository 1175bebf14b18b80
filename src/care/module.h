// The care-network module (spec 02) as one unit for the app: its services share the database,
// clock, audit log, notifier and the attachment store, and it registers its routes.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/guard.h"
#include "auth/service.h"
#include "core/clock.h"
#include "db/database.h"
#include "notify/notifier.h"

namespace http {
class Router;
}

namespace care {

class AttachmentService;

struct ModuleDeps {
  db::Database& db;
  const core::Clock& clock;
  audit::AuditSink& audit;
  notify::Notifier& notifier;
  auth::AuthService& accounts;  // family invitations make family accounts
  std::string files_dir;        // attachments live here (created if missing)
  std::chrono::hours ack_reminder_interval{24};
};

class Module {
 public:
  explicit Module(ModuleDeps deps);
  ~Module();
  void RegisterRoutes(http::Router& router);
  /// Starts background work (acknowledgement reminders, orphan upload cleanup).
  void Start();
  void Stop();
  /// The pre-handler check for care-team routes (read access to {person_id}).
  auth::PersonGate& gate();
  /// Attachments, for modules that store media of a person (the emergency module's scene media).
  AttachmentService& attachments();
  /// The names of the persons the caller may read among `person_ids` (for the notification
  /// feed); one audit entry per call. Never fails: on a database error it names nobody.
  std::map<std::string, std::string> ReadablePersonNames(
      const auth::Caller& caller, const std::vector<std::string>& person_ids);

  struct Parts;

 private:
  std::unique_ptr<Parts> parts_;
};

}  // namespace care

// The emergency module (spec 08) as one unit for the app: its three sides share the database,
// clock, audit log, notifier and the server's secret key, and it registers its routes.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "audit/audit_log.h"
#include "auth/tokens.h"
#include "care/attachment_service.h"
#include "core/clock.h"
#include "db/database.h"
#include "notify/notifier.h"

namespace http {
class Router;
}

namespace emergency {

struct ModuleDeps {
  db::Database& db;
  const core::Clock& clock;
  audit::AuditSink& audit;
  notify::Notifier& notifier;
  const auth::SecretBox& secrets;
  care::AttachmentService& attachments;
  std::string public_url;
  bool secure_cookies = false;
  std::chrono::hours access_duration{24};
};

class Module {
 public:
  explicit Module(ModuleDeps deps);
  ~Module();
  void RegisterRoutes(http::Router& router);

  struct Parts;

 private:
  std::unique_ptr<Parts> parts_;
};

}  // namespace emergency

// The watch module (spec 06, みまもり) as one unit for the app: the registry, the ingester with
// its two ways in (MQTT and HTTP), the rules, alerts and the status list.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "audit/audit_log.h"
#include "auth/tokens.h"
#include "core/clock.h"
#include "db/database.h"
#include "notify/notifier.h"

namespace http {
class Router;
class Metrics;
}  // namespace http

namespace watch {

class Ingester;
class Evaluator;
class Reports;
class SignJob;

struct WatchSettings {
  /// mqtt://host:port of the broker; empty: no MQTT (HTTP ingestion only).
  std::string mqtt_url;
  std::string mqtt_username;
  std::string mqtt_password;
  std::string mqtt_client_id = "tsunagari-server";
  /// The topic's <network> level this server ingests.
  std::string network = "tsunagari";
  /// Raw events are kept this long; hourly aggregates for good.
  int raw_retention_days = 90;
  /// false in tests that drive the rules themselves (Evaluator::Sweep at a fake clock's time);
  /// the scheduled reports follow it (Reports::RunDue at the fake clock's time).
  bool evaluate_in_background = true;
};

struct ModuleDeps {
  db::Database& db;
  const core::Clock& clock;
  audit::AuditSink& audit;
  notify::Notifier& notifier;
  const auth::SecretBox& secrets;
  WatchSettings settings;
  /// Whether a session is still valid (live status streams end with their session).
  std::function<bool(const std::string& session_id)> session_active;
};

class Module {
 public:
  explicit Module(ModuleDeps deps);
  ~Module();
  void RegisterRoutes(http::Router& router);
  void AddMetrics(http::Metrics& metrics);
  /// Connects to the broker (when configured) and starts the background jobs.
  core::Result<void> Start();
  void Stop();
  Ingester& ingester();
  Evaluator& evaluator();
  Reports& reports();
  /// The weekly trend signs (tests call SignJob::RunWeek at a fake clock's time).
  SignJob& signs();

  struct Parts;

 private:
  std::unique_ptr<Parts> parts_;
};

}  // namespace watch

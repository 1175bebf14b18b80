// Wires the modules into one server: database, audit log, services, route table, middleware,
// transport. Used by `tsunagari serve` and by the API tests (port 0, temporary data directory).
#pragma once

#include <memory>
#include <string>

#include "app/config.h"
#include "core/clock.h"
#include "core/result.h"

namespace db {
class Database;
}
namespace audit {
class AuditLog;
}
namespace auth {
class AuthService;
class SecretBox;
class Policy;
}  // namespace auth
namespace directory {
class Service;
}
namespace notify {
class Hub;
}
namespace watch {
class Module;
}
namespace http {
class Router;
class Metrics;
class Service;
}  // namespace http

namespace app {

class App {
 public:
  /// Opens (and migrates) the database, starts the audit writer, builds the route table.
  static core::Result<std::unique_ptr<App>> Create(const Config& config, const core::Clock& clock);
  ~App();

  /// Binds the listener (port 0 picks a free one).
  core::Result<void> Listen();
  uint16_t port() const;
  /// Serves until Stop() (or SIGTERM when `handle_signals`).
  void Run(bool handle_signals);
  void Stop();

  const Config& config() const;
  /// Where attachments are stored (the care module's file store; `data_dir`/files).
  std::string files_dir() const;
  db::Database& db();
  audit::AuditLog& audit();
  /// The server's secret key (<data_dir>/secret.key): seals TOTP secrets and card tokens.
  const auth::SecretBox& secrets() const;
  auth::AuthService& auth();
  auth::Policy& policy();
  directory::Service& directory();
  notify::Hub& hub();
  watch::Module& watch();
  http::Router& router();
  http::Service& http_service();
  const core::Clock& clock() const;

 private:
  struct Parts;
  explicit App(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

/// Opens the configured database and applies migrations (for `migrate`, `check`, CLI commands).
core::Result<std::unique_ptr<db::Database>> OpenDatabase(const Config& config,
                                                         const core::Clock& clock, bool migrate);

}  // namespace app

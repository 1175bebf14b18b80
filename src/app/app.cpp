#include "app/app.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "app/ops_routes.h"
#include "audit/audit_log.h"
#include "audit/routes.h"
#include "auth/guard.h"
#include "auth/policy.h"
#include "auth/routes.h"
#include "auth/service.h"
#include "auth/tokens.h"
#include "care/module.h"
#include "db/database.h"
#include "db/migrations.h"
#include "directory/import.h"
#include "directory/routes.h"
#include "directory/service.h"
#include "emergency/module.h"
#include "geo/routes.h"
#include "geo/service.h"
#include "http/metrics.h"
#include "http/pipeline.h"
#include "http/router.h"
#include "http/static_files.h"
#include "notify/digest.h"
#include "notify/hub.h"
#include "notify/mailer.h"
#include "notify/routes.h"
#include "notify/settings.h"
#include "transport/server.h"
#include "watch/module.h"

namespace app {
namespace {

// Attachments of the care network (and the demo photos seeded into them).
std::string FilesDir(const Config& config) { return config.data_dir + "/files"; }

}  // namespace

struct App::Parts {
  Config config;
  const core::Clock* clock = nullptr;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<audit::AuditLog> audit;
  std::unique_ptr<auth::SecretBox> secrets;
  std::unique_ptr<directory::Facts> facts;
  std::unique_ptr<auth::Policy> policy;
  std::unique_ptr<auth::AuthService> auth;
  std::unique_ptr<directory::Service> directory;
  std::unique_ptr<directory::Importer> importer;
  std::unique_ptr<notify::MailOutbox> mail;  // before the hub and the digest, which post to it
  std::unique_ptr<notify::Hub> hub;
  std::unique_ptr<notify::SettingsService> notify_settings;
  std::unique_ptr<notify::DigestJob> digest;
  std::unique_ptr<care::Module> care;
  std::unique_ptr<emergency::Module> emergency;
  std::unique_ptr<watch::Module> watch;
  std::unique_ptr<geo::Service> geo;
  std::unique_ptr<http::Metrics> metrics;
  std::unique_ptr<http::Router> router;
  std::unique_ptr<auth::Guard> guard;
  std::unique_ptr<http::StaticFiles> static_files;
  std::unique_ptr<http::Pipeline> pipeline;
  std::unique_ptr<transport::Server> server;
};

core::Result<std::unique_ptr<db::Database>> OpenDatabase(const Config& config,
                                                         const core::Clock& clock, bool migrate) {
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    return core::Error::Invalid(
        "data_dir", "データディレクトリを作れません (cannot create data dir): " + config.data_dir);
  }
  db::Options options;
  options.pool_size = config.db_pool;
  ASSIGN_OR_RETURN(auto database, db::Open(config.DatabaseUrl(), options));
  if (migrate) {
    ASSIGN_OR_RETURN(auto report, db::Migrate(*database, clock));
    if (report.applied > 0) {
      spdlog::info("database migrated from version {} to {}", report.from_version,
                   report.to_version);
    }
  }
  return database;
}

core::Result<std::unique_ptr<App>> App::Create(const Config& config, const core::Clock& clock) {
  RETURN_IF_ERROR(ValidateConfig(config));
  auto p = std::make_unique<Parts>();
  p->config = config;
  p->clock = &clock;
  ASSIGN_OR_RETURN(p->db, OpenDatabase(config, clock, true));
  p->audit = std::make_unique<audit::AuditLog>(*p->db, clock, config.audit_chain);
  RETURN_IF_ERROR(p->audit->Start());
  ASSIGN_OR_RETURN(auto box, auth::SecretBox::FromKeyFile(config.data_dir + "/secret.key"));
  p->secrets = std::make_unique<auth::SecretBox>(std::move(box));
  p->facts = std::make_unique<directory::Facts>(*p->db);
  p->policy = std::make_unique<auth::Policy>(*p->facts);

  auth::AuthConfig ac;
  ac.idle_timeout_ms = int64_t{config.idle_timeout_minutes} * 60 * 1000;
  ac.absolute_timeout_ms = int64_t{config.absolute_timeout_hours} * 3600 * 1000;
  ac.login_burst_per_address = config.login_burst_per_address;
  ac.login_rate_per_address = config.login_rate_per_address;
  ac.public_url = config.public_url.empty() ? "http://" + config.listen : config.public_url;
  ac.password_cost = config.password_cost == "minimum" ? auth::PasswordHashCost::ForTests()
                                                       : auth::PasswordHashCost::Interactive();
  // The hub asks auth whether a stream's session is still active, and auth notifies through the
  // hub: the hub is built first and reaches auth through `parts` once both exist.
  Parts* parts = p.get();
  std::shared_ptr<notify::Mailer> smtp;
  if (!config.smtp_url.empty()) {
    smtp = std::make_shared<notify::SmtpMailer>(
        notify::SmtpOptions{config.smtp_url, config.smtp_from, config.smtp_user,
                            config.smtp_password, config.smtp_starttls},
        clock);
  }
  p->mail = std::make_unique<notify::MailOutbox>(std::move(smtp));
  p->hub = std::make_unique<notify::Hub>(
      *p->db, clock,
      [parts](const std::string& session_id) {
        auto active = parts->auth->SessionActive(session_id);
        return active.ok() && *active;  // in doubt, deliver nothing; the client reconnects
      },
      notify::HubMail{p->mail.get(), config.MailLinkBase()});
  p->notify_settings = std::make_unique<notify::SettingsService>(*p->db, clock, *p->audit);
  p->digest = std::make_unique<notify::DigestJob>(*p->db, clock, *p->hub, p->mail.get(),
                                                  config.MailLinkBase());
  p->auth = std::make_unique<auth::AuthService>(*p->db, clock, *p->audit, *p->secrets, *p->policy,
                                                *p->hub, ac);
  p->directory = std::make_unique<directory::Service>(*p->db, clock, *p->audit, *p->policy);
  p->importer =
      std::make_unique<directory::Importer>(*p->db, clock, *p->audit, *p->policy, *p->auth);
  p->care = std::make_unique<care::Module>(
      care::ModuleDeps{*p->db, clock, *p->audit, *p->hub, *p->auth, FilesDir(config),
                       std::chrono::hours(config.ack_reminder_hours)});
  p->emergency = std::make_unique<emergency::Module>(emergency::ModuleDeps{
      *p->db, clock, *p->audit, *p->hub, *p->secrets, p->care->attachments(), ac.public_url,
      config.secure_cookies, std::chrono::hours(config.emergency_access_hours)});
  p->watch = std::make_unique<watch::Module>(watch::ModuleDeps{
      *p->db, clock, *p->audit, *p->hub, *p->secrets,
      watch::WatchSettings{config.watch_mqtt_url, config.watch_mqtt_username,
                           config.watch_mqtt_password, config.watch_mqtt_client_id,
                           config.watch_network, config.watch_raw_retention_days,
                           config.watch_evaluate_in_background},
      [parts](const std::string& session_id) {
        auto active = parts->auth->SessionActive(session_id);
        return active.ok() && *active;
      }});
  p->geo = std::make_unique<geo::Service>(
      *p->db, geo::MapSettings{config.map_tile_url, config.map_attribution});
  p->metrics = std::make_unique<http::Metrics>();

  p->router = std::make_unique<http::Router>();
  auth::RegisterRoutes(*p->router, *p->auth, config.secure_cookies);
  directory::RegisterRoutes(*p->router, *p->directory, *p->importer);
  audit::RegisterRoutes(*p->router, *p->db, *p->audit);
  notify::RegisterRoutes(
      *p->router, *p->hub,
      [care = p->care.get()](const auth::Caller& caller, const std::vector<std::string>& ids) {
        return care->ReadablePersonNames(caller, ids);
      });
  notify::RegisterSettingsRoutes(*p->router, *p->notify_settings);
  p->care->RegisterRoutes(*p->router);
  p->emergency->RegisterRoutes(*p->router);
  p->watch->RegisterRoutes(*p->router);
  geo::RegisterRoutes(*p->router, *p->geo);
  RegisterOpsRoutes(*p->router, OpsContext{p->db.get(), p->metrics.get(), config.metrics_public});

  p->guard = std::make_unique<auth::Guard>(*p->auth, *p->policy, &p->care->gate());
  ASSIGN_OR_RETURN(p->static_files, http::StaticFiles::Load(config.web_dir));
  if (p->static_files->file_count() == 0) {
    spdlog::warn("no front end found in {}; serving the API only", config.web_dir);
  }
  http::PipelineOptions po;
  po.rate_per_second = config.rate_limit_per_second;
  po.rate_capacity = config.rate_limit_per_second * 3;
  po.hsts = config.secure_cookies;
  p->pipeline = std::make_unique<http::Pipeline>(*p->router, *p->guard, *p->metrics, clock,
                                                 p->static_files.get(), po);
  Parts* raw = p.get();
  p->metrics->AddGauge("tsunagari_db_pool_in_use", "Database connections in use.",
                       [raw] { return static_cast<double>(raw->db->Stats().in_use); });
  p->metrics->AddGauge("tsunagari_db_slow_statements",
                       "Statements slower than the slow-query limit.",
                       [raw] { return static_cast<double>(raw->db->Stats().slow_statements); });
  p->metrics->AddGauge("tsunagari_audit_entries_written", "Audit entries written since start.",
                       [raw] { return static_cast<double>(raw->audit->written()); });
  p->metrics->AddGauge("tsunagari_sse_subscribers", "Open live notification streams.",
                       [raw] { return static_cast<double>(raw->hub->subscriber_count()); });
  p->watch->AddMetrics(*p->metrics);
  p->care->Start();
  p->digest->Start();
  RETURN_IF_ERROR(p->watch->Start());
  return std::unique_ptr<App>(new App(std::move(p)));
}

App::App(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

App::~App() {
  if (parts_->server) parts_->server->Stop();
  parts_->watch->Stop();
  parts_->care->Stop();
  parts_->digest->Stop();
  parts_->hub->CloseAll();
  parts_->mail->Stop();
  parts_->audit->Stop();
}

core::Result<void> App::Listen() {
  transport::ServerOptions so;
  so.host = parts_->config.Host();
  so.port = parts_->config.Port();
  so.io_threads = parts_->config.io_threads;
  so.worker_threads = parts_->config.worker_threads;
  so.trust_forwarded_for = parts_->config.trust_forwarded_for;
  parts_->server = std::make_unique<transport::Server>(*parts_->pipeline, so);
  return parts_->server->Start();
}

uint16_t App::port() const { return parts_->server ? parts_->server->port() : 0; }

void App::Run(bool handle_signals) {
  if (handle_signals) transport::StopOnSignals(*parts_->server);
  parts_->server->Run();
  parts_->hub->CloseAll();
  parts_->audit->Flush();
}

void App::Stop() {
  parts_->pipeline->SetDraining(true);
  parts_->hub->CloseAll();
  if (parts_->server) parts_->server->Stop();
}

const Config& App::config() const { return parts_->config; }
std::string App::files_dir() const { return FilesDir(parts_->config); }
db::Database& App::db() { return *parts_->db; }
audit::AuditLog& App::audit() { return *parts_->audit; }
const auth::SecretBox& App::secrets() const { return *parts_->secrets; }
auth::AuthService& App::auth() { return *parts_->auth; }
auth::Policy& App::policy() { return *parts_->policy; }
directory::Service& App::directory() { return *parts_->directory; }
notify::Hub& App::hub() { return *parts_->hub; }
watch::Module& App::watch() { return *parts_->watch; }
http::Router& App::router() { return *parts_->router; }
http::Service& App::http_service() { return *parts_->pipeline; }
const core::Clock& App::clock() const { return *parts_->clock; }

}  // namespace app

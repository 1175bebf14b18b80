// tsunagari: the one binary. Subcommands: serve, migrate, seed-demo, user create-admin,
// user reset-password, backup, audit verify, check, simulate-sensors.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/app.h"
#include "app/seed_demo.h"
#include "audit/audit_log.h"
#include "auth/service.h"
#include "core/clock.h"
#include "db/database.h"
#include "db/migrations.h"
#include "geo/import.h"
#include "http/router.h"
#include "watch/sim_cli.h"

namespace {

struct Flags {
  std::string config_file;
  std::string listen, data_dir, database, web_dir, log_level;
  bool demo = false;
};

core::Result<app::Config> ResolveConfig(const Flags& f) {
  ASSIGN_OR_RETURN(app::Config c, app::LoadConfig(f.config_file));
  if (!f.listen.empty()) c.listen = f.listen;
  if (!f.data_dir.empty()) c.data_dir = f.data_dir;
  if (!f.database.empty()) c.database = f.database;
  if (!f.web_dir.empty()) c.web_dir = f.web_dir;
  if (!f.log_level.empty()) c.log_level = f.log_level;
  c.demo = f.demo;
  RETURN_IF_ERROR(app::ValidateConfig(c));
  spdlog::set_level(spdlog::level::from_str(c.log_level));
  return c;
}

int Fail(const core::Error& e) {
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  for (const auto& d : e.details) {
    std::fprintf(stderr, "  %s: %s\n", d.field.c_str(), d.message.c_str());
  }
  return 1;
}

std::string ReadSecret(const std::string& prompt, const std::string& from_flag) {
  if (!from_flag.empty()) return from_flag;
  if (const char* env = std::getenv("TSUNAGARI_PASSWORD"); env && *env) return env;
  std::fprintf(stderr, "%s", prompt.c_str());
  std::string line;
  std::getline(std::cin, line);
  return line;
}

// The simulator's fleet file of the demo region, next to the database: it holds device secrets,
// so it is written readable by its owner only.
int WriteDemoFleet(const app::SeedReport& report, const app::Config& c) {
  if (report.fleet.homes.empty()) return 0;
  std::string path = c.data_dir + "/watch-demo-fleet.json";
  if (auto s = watch::WriteFleetFile(path, report.fleet); !s.ok()) return Fail(s.error());
  std::printf("  Sensor simulator fleet (%zu homes): %s\n", report.fleet.homes.size(),
              path.c_str());
  return 0;
}

void PrintDemoLogins(const app::SeedReport& report, const app::Config& c) {
  std::printf("\n  つながり demo region is ready / デモ地域を用意しました\n");
  std::printf("  Open %s and sign in with one of these (password: %s)\n\n",
              (c.public_url.empty() ? "http://" + c.listen : c.public_url).c_str(),
              app::DemoPassword());
  for (const auto& [login, what] : report.logins) {
    std::printf("    %-16s %s\n", login.c_str(), what.c_str());
  }
  std::printf("\n  Staff accounts enrol two-factor authentication (TOTP) at first sign-in.\n\n");
  std::fflush(stdout);
}

int Serve(const Flags& f) {
  auto config = ResolveConfig(f);
  if (!config.ok()) return Fail(config.error());
  core::SystemClock clock;
  auto app = app::App::Create(*config, clock);
  if (!app.ok()) return Fail(app.error());
  if (config->demo) {
    auto seeded =
        app::SeedDemo((*app)->db(), (*app)->auth(), clock, (*app)->files_dir(), (*app)->secrets());
    if (!seeded.ok()) return Fail(seeded.error());
    if (seeded->seeded) {
      PrintDemoLogins(*seeded, *config);
      if (int rc = WriteDemoFleet(*seeded, *config)) return rc;
    }
  }
  if (auto s = (*app)->Listen(); !s.ok()) return Fail(s.error());
  spdlog::info("tsunagari {} listening on http://{}:{}", TSUNAGARI_VERSION, config->Host(),
               (*app)->port());
  (*app)->Run(true);
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"Tsunagari (つながり): regional health-and-care collaboration platform"};
  cli.require_subcommand(1);
  cli.fallthrough();  // global options may follow the subcommand: `tsunagari serve --data-dir D`
  Flags f;
  cli.add_option("--config", f.config_file, "TOML configuration file");
  cli.add_option("--listen", f.listen, "HOST:PORT to listen on (TSUNAGARI_LISTEN)");
  cli.add_option("--data-dir", f.data_dir, "data directory (TSUNAGARI_DATA_DIR)");
  cli.add_option("--database", f.database, "sqlite:PATH or postgresql://… (TSUNAGARI_DATABASE)");
  cli.add_option("--web-dir", f.web_dir, "built front end to serve (TSUNAGARI_WEB_DIR)");
  cli.add_option("--log-level", f.log_level, "trace, debug, info, warn, error");

  auto* serve = cli.add_subcommand("serve", "Run the server (migrates an empty database first)");
  serve->add_flag("--demo", f.demo, "Seed the fictional demo region on an empty database");

  auto* migrate = cli.add_subcommand("migrate", "Apply database migrations");
  auto* seed = cli.add_subcommand("seed-demo", "Seed the fictional demo region");
  auto* check = cli.add_subcommand("check", "Check the configuration and the database");

  auto* user = cli.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  user->fallthrough();
  std::string login_id, display_name, password;
  bool reset_2fa = false;
  auto* create_admin = user->add_subcommand("create-admin", "Create a system administrator");
  create_admin->add_option("--login-id", login_id, "login id")->required();
  create_admin->add_option("--name", display_name, "display name")->required();
  create_admin->add_option("--password", password,
                           "password (or TSUNAGARI_PASSWORD, or typed at the prompt)");
  auto* reset_password = user->add_subcommand("reset-password", "Set a user's password");
  reset_password->add_option("--login-id", login_id, "login id")->required();
  reset_password->add_option("--password", password, "new password (or TSUNAGARI_PASSWORD)");
  reset_password->add_flag("--reset-2fa", reset_2fa, "also remove the two-factor enrolment");

  std::string backup_to;
  auto* backup = cli.add_subcommand("backup", "Make a consistent online copy of the database");
  backup->add_option("--to", backup_to, "destination file")->required();

  auto* routes = cli.add_subcommand("routes", "List every API route with its access rule");

  auto* audit_cmd = cli.add_subcommand("audit", "Audit log tools");
  audit_cmd->require_subcommand(1);
  audit_cmd->fallthrough();
  auto* verify = audit_cmd->add_subcommand("verify", "Verify the audit log's hash chains");

  std::string geo_file;
  auto* geo_cmd = cli.add_subcommand("geo", "Address reference points for geocoding");
  geo_cmd->require_subcommand(1);
  geo_cmd->fallthrough();
  auto* geo_import = geo_cmd->add_subcommand(
      "import", "Load 位置参照情報 (大字・町丁目レベル) CSV, Shift_JIS or UTF-8");
  geo_import->add_option("file", geo_file, "CSV file")->required()->check(CLI::ExistingFile);

  watch::SimulateOptions sim;
  auto* simulate = cli.add_subcommand(
      "simulate-sensors", "Publish simulated home sensor events (みまもり) to MQTT or HTTP");
  simulate->add_option("--fleet", sim.fleet_file, "fleet file (JSON)")->required();
  auto* sim_mqtt = simulate->add_option("--mqtt", sim.mqtt_url, "broker, mqtt://host:port");
  auto* sim_http =
      simulate->add_option("--http", sim.http_url, "server base URL, http://host:port");
  sim_mqtt->excludes(sim_http);
  simulate->add_option("--username", sim.username, "MQTT login")->needs(sim_mqtt);
  simulate->add_option("--password-file", sim.password_file, "file with the MQTT password")
      ->needs(sim_mqtt);
  simulate->add_option("--backfill-days", sim.backfill_days, "first send the last N days");
  simulate->add_flag("--follow", sim.follow, "then send live events until stopped");
  simulate->add_option("--speed", sim.speed, "live: simulated seconds per real second");
  simulate->add_option("--duration", sim.duration_seconds, "live: stop after S seconds");
  simulate->add_option(
      "--scenarios-hours-ago", sim.scenarios_hours_ago,
      "start open scenarios (a person stops moving …) H hours before the live part");
  simulate->add_option("--homes", sim.homes, "only the first N homes");
  simulate->add_flag("--report", sim.report, "print the counters at the end");

  CLI11_PARSE(cli, argc, argv);

  if (serve->parsed()) return Serve(f);
  if (simulate->parsed()) return watch::RunSimulateSensors(sim);

  auto config = ResolveConfig(f);
  if (!config.ok()) return Fail(config.error());
  core::SystemClock clock;

  if (migrate->parsed()) {
    auto database = db::Open(config->DatabaseUrl());
    if (!database.ok()) return Fail(database.error());
    auto report = db::Migrate(**database, clock);
    if (!report.ok()) return Fail(report.error());
    std::printf("schema version %d (applied %d)\n", report->to_version, report->applied);
    return 0;
  }
  if (check->parsed()) {
    auto database = app::OpenDatabase(*config, clock, false);
    if (!database.ok()) return Fail(database.error());
    auto version = db::CurrentVersion(**database);
    if (!version.ok()) return Fail(version.error());
    int latest = db::AllMigrations().back().version;
    std::printf("configuration ok\ndatabase %s: schema version %d of %d\n",
                (*database)->backend() == db::Backend::kSqlite ? "SQLite" : "PostgreSQL", *version,
                latest);
    auto report = audit::VerifyChains(**database);
    if (!report.ok()) return Fail(report.error());
    std::printf("audit log: %lld entries in %d chain(s), %s\n",
                static_cast<long long>(report->entries), report->chains,
                report->ok ? "chain intact" : "CHAIN BROKEN");
    return *version == latest && report->ok ? 0 : 2;
  }
  if (verify->parsed()) {
    auto database = app::OpenDatabase(*config, clock, false);
    if (!database.ok()) return Fail(database.error());
    auto report = audit::VerifyChains(**database);
    if (!report.ok()) return Fail(report.error());
    if (report->ok) {
      std::printf("ok: %lld entries in %d chain(s) verified\n",
                  static_cast<long long>(report->entries), report->chains);
      return 0;
    }
    std::printf("BROKEN: chain %s at entry %lld: %s\n", report->broken_chain.c_str(),
                static_cast<long long>(report->broken_seq), report->problem.c_str());
    return 3;
  }
  if (geo_import->parsed()) {
    auto database = app::OpenDatabase(*config, clock, true);
    if (!database.ok()) return Fail(database.error());
    std::ifstream in(geo_file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto report = geo::ImportAddressPoints(**database, bytes,
                                           std::filesystem::path(geo_file).filename().string());
    if (!report.ok()) return Fail(report.error());
    for (const auto& e : report->errors) std::fprintf(stderr, "%s\n", e.c_str());
    std::printf("%d rows: %d imported, %d of unknown municipalities skipped, %zu errors\n",
                report->rows, report->imported, report->skipped_unknown_municipality,
                report->errors.size());
    return report->errors.empty() ? 0 : 2;
  }
  if (backup->parsed()) {
    auto database = app::OpenDatabase(*config, clock, false);
    if (!database.ok()) return Fail(database.error());
    auto status = (*database)->Backup(backup_to);
    if (!status.ok()) return Fail(status.error());
    std::printf("backup written to %s\n", backup_to.c_str());
    return 0;
  }

  // The remaining commands need the services.
  auto app = app::App::Create(*config, clock);
  if (!app.ok()) return Fail(app.error());
  if (routes->parsed()) {
    std::printf("| method | path | access | body limit |\n| --- | --- | --- | --- |\n");
    for (const auto& r : (*app)->router().routes()) {
      std::printf("| %s | `%s` | %s | %zu KiB |\n", std::string(http::MethodName(r.method)).c_str(),
                  r.pattern.c_str(), std::string(http::AccessName(r.access)).c_str(),
                  r.body_limit / 1024);
    }
    return 0;
  }
  if (seed->parsed()) {
    auto report =
        app::SeedDemo((*app)->db(), (*app)->auth(), clock, (*app)->files_dir(), (*app)->secrets());
    if (!report.ok()) return Fail(report.error());
    if (!report->seeded) {
      std::printf("the demo region exists already\n");
      return 0;
    }
    PrintDemoLogins(*report, *config);
    return WriteDemoFleet(*report, *config);
  }
  if (create_admin->parsed()) {
    std::string pw = ReadSecret("password: ", password);
    auto created = (*app)->auth().CreateSystemAdmin(login_id, display_name, pw);
    if (!created.ok()) return Fail(created.error());
    std::printf("created system administrator %s\n", created->login_id.c_str());
    return 0;
  }
  if (reset_password->parsed()) {
    std::string pw = ReadSecret("new password: ", password);
    auto status = (*app)->auth().ResetPasswordByOperator(login_id, pw, reset_2fa);
    if (!status.ok()) return Fail(status.error());
    std::printf("password of %s reset; their sessions were ended\n", login_id.c_str());
    return 0;
  }
  return 0;
}

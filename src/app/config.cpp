#include "app/config.h"

#include <toml++/toml.h>

#include <cstdlib>

namespace app {
namespace {

void FromEnv(const char* name, std::string& out) {
  if (const char* v = std::getenv(name); v && *v) out = v;
}

void FromEnv(const char* name, int& out) {
  if (const char* v = std::getenv(name); v && *v) out = std::atoi(v);
}

void FromEnv(const char* name, bool& out) {
  if (const char* v = std::getenv(name); v && *v) {
    std::string s = v;
    out = s == "1" || s == "true" || s == "yes";
  }
}

}  // namespace

std::string Config::DatabaseUrl() const {
  if (!database.empty()) return database;
  return "sqlite:" + data_dir + "/tsunagari.db";
}

std::string Config::Host() const {
  size_t colon = listen.rfind(':');
  return colon == std::string::npos ? listen : listen.substr(0, colon);
}

uint16_t Config::Port() const {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) return 8080;
  return static_cast<uint16_t>(std::atoi(listen.c_str() + colon + 1));
}

core::Result<Config> LoadConfig(const std::string& file) {
  Config c;
  if (!file.empty()) {
    toml::table t;
    try {
      t = toml::parse_file(file);
    } catch (const toml::parse_error& e) {
      return core::Error::Invalid("config", "設定ファイルを読めません (cannot parse " + file +
                                                "): " + std::string(e.description()));
    }
    c.listen = t["server"]["listen"].value_or(c.listen);
    c.public_url = t["server"]["public_url"].value_or(c.public_url);
    c.io_threads = t["server"]["io_threads"].value_or(c.io_threads);
    c.worker_threads = t["server"]["worker_threads"].value_or(c.worker_threads);
    c.secure_cookies = t["server"]["secure_cookies"].value_or(c.secure_cookies);
    c.trust_forwarded_for = t["server"]["trust_forwarded_for"].value_or(c.trust_forwarded_for);
    c.metrics_public = t["server"]["metrics_public"].value_or(c.metrics_public);
    c.rate_limit_per_second =
        t["server"]["rate_limit_per_second"].value_or(c.rate_limit_per_second);
    c.web_dir = t["server"]["web_dir"].value_or(c.web_dir);
    c.data_dir = t["storage"]["data_dir"].value_or(c.data_dir);
    c.database = t["storage"]["database"].value_or(c.database);
    c.db_pool = t["storage"]["pool_size"].value_or(c.db_pool);
    c.idle_timeout_minutes = t["auth"]["idle_timeout_minutes"].value_or(c.idle_timeout_minutes);
    c.absolute_timeout_hours =
        t["auth"]["absolute_timeout_hours"].value_or(c.absolute_timeout_hours);
    c.login_burst_per_address =
        t["auth"]["login_burst_per_address"].value_or(c.login_burst_per_address);
    c.login_rate_per_address =
        t["auth"]["login_rate_per_address"].value_or(c.login_rate_per_address);
    c.audit_chain = t["audit"]["chain"].value_or(c.audit_chain);
    c.log_level = t["log"]["level"].value_or(c.log_level);
  }
  FromEnv("TSUNAGARI_LISTEN", c.listen);
  FromEnv("TSUNAGARI_DATA_DIR", c.data_dir);
  FromEnv("TSUNAGARI_DATABASE", c.database);
  FromEnv("TSUNAGARI_WEB_DIR", c.web_dir);
  FromEnv("TSUNAGARI_PUBLIC_URL", c.public_url);
  FromEnv("TSUNAGARI_LOG_LEVEL", c.log_level);
  FromEnv("TSUNAGARI_WORKER_THREADS", c.worker_threads);
  FromEnv("TSUNAGARI_SECURE_COOKIES", c.secure_cookies);
  FromEnv("TSUNAGARI_TRUST_FORWARDED_FOR", c.trust_forwarded_for);
  return c;
}

core::Result<void> ValidateConfig(const Config& c) {
  std::vector<core::FieldError> errors;
  if (c.listen.find(':') == std::string::npos || c.Port() == 0 && c.listen.back() != '0') {
    errors.push_back(
        {"listen", "format", "HOST:PORT で指定してください (listen must be HOST:PORT)"});
  }
  std::string db = c.DatabaseUrl();
  if (!(db.starts_with("sqlite:") || db.starts_with("postgresql://") ||
        db.starts_with("postgres://"))) {
    errors.push_back({"database", "format",
                      "sqlite:PATH か postgresql://… です (sqlite:PATH or postgresql://…)"});
  }
  if (c.worker_threads < 1 || c.worker_threads > 256) {
    errors.push_back({"worker_threads", "out_of_range", "1〜256 (1-256)"});
  }
  if (c.idle_timeout_minutes < 1 || c.absolute_timeout_hours < 1) {
    errors.push_back(
        {"timeouts", "out_of_range", "タイムアウトは1以上です (timeouts must be positive)"});
  }
  if (c.password_cost != "interactive" && c.password_cost != "minimum") {
    errors.push_back({"password_cost", "not_allowed", "interactive / minimum"});
  }
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  return core::Ok();
}

}  // namespace app

#include "app/config.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

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

/// The first line of a secret file (Docker/systemd credentials style), without the line end.
core::Result<std::string> ReadSecretFile(const std::string& path, const char* field) {
  std::ifstream in(path);
  if (!in) {
    return core::Error::Invalid(field,
                                "パスワードファイルを読めません (cannot read the password "
                                "file): " +
                                    path);
  }
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  return line;
}

bool IsLoopbackSmtp(const std::string& url) {
  for (const char* host : {"://127.0.0.1", "://localhost", "://[::1]"}) {
    size_t at = url.find(host);
    if (at == std::string::npos) continue;
    size_t after = at + std::char_traits<char>::length(host);
    if (after == url.size() || url[after] == ':' || url[after] == '/') return true;
  }
  return false;
}

}  // namespace

std::string Config::PublicUrl() const {
  return public_url.empty() ? "http://" + listen : public_url;
}

std::string Config::MailLinkBase() const {
  return mail_link_base.empty() ? PublicUrl() : mail_link_base;
}

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
    c.ack_reminder_hours = t["care"]["ack_reminder_hours"].value_or(c.ack_reminder_hours);
    c.emergency_access_hours = t["emergency"]["access_hours"].value_or(c.emergency_access_hours);
    c.log_level = t["log"]["level"].value_or(c.log_level);
    c.map_tile_url = t["map"]["tile_url"].value_or(c.map_tile_url);
    c.map_attribution = t["map"]["attribution"].value_or(c.map_attribution);
    c.smtp_url = t["mail"]["smtp_url"].value_or(c.smtp_url);
    c.smtp_from = t["mail"]["from"].value_or(c.smtp_from);
    c.smtp_user = t["mail"]["user"].value_or(c.smtp_user);
    c.smtp_starttls = t["mail"]["starttls"].value_or(c.smtp_starttls);
    c.mail_link_base = t["mail"]["link_base"].value_or(c.mail_link_base);
    // The password itself never goes into the TOML file (which is often readable by more people
    // than the secret should be): only the path of a file holding it.
    if (t["mail"]["password"]) {
      return core::Error::Invalid(
          "mail.password",
          "パスワードは設定ファイルに書かず password_file か TSUNAGARI_SMTP_PASSWORD で指定してく"
          "ださい (use password_file or TSUNAGARI_SMTP_PASSWORD)");
    }
    if (auto path = t["mail"]["password_file"].value<std::string>(); path && !path->empty()) {
      ASSIGN_OR_RETURN(c.smtp_password, ReadSecretFile(*path, "mail.password_file"));
    }
    c.watch_mqtt_url = t["watch"]["mqtt_url"].value_or(c.watch_mqtt_url);
    c.watch_mqtt_username = t["watch"]["mqtt_username"].value_or(c.watch_mqtt_username);
    c.watch_mqtt_client_id = t["watch"]["mqtt_client_id"].value_or(c.watch_mqtt_client_id);
    c.watch_network = t["watch"]["network"].value_or(c.watch_network);
    c.watch_raw_retention_days =
        t["watch"]["raw_retention_days"].value_or(c.watch_raw_retention_days);
    if (t["watch"]["mqtt_password"]) {
      return core::Error::Invalid(
          "watch.mqtt_password",
          "パスワードは設定ファイルに書かず mqtt_password_file で指定してください (use "
          "mqtt_password_file or TSUNAGARI_WATCH_MQTT_PASSWORD_FILE)");
    }
    if (auto path = t["watch"]["mqtt_password_file"].value<std::string>(); path && !path->empty()) {
      ASSIGN_OR_RETURN(c.watch_mqtt_password, ReadSecretFile(*path, "watch.mqtt_password_file"));
    }
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
  FromEnv("TSUNAGARI_MAP_TILE_URL", c.map_tile_url);
  FromEnv("TSUNAGARI_SMTP_URL", c.smtp_url);
  FromEnv("TSUNAGARI_SMTP_FROM", c.smtp_from);
  FromEnv("TSUNAGARI_SMTP_USER", c.smtp_user);
  FromEnv("TSUNAGARI_SMTP_STARTTLS", c.smtp_starttls);
  FromEnv("TSUNAGARI_MAIL_LINK_BASE", c.mail_link_base);
  if (const char* path = std::getenv("TSUNAGARI_SMTP_PASSWORD_FILE"); path && *path) {
    ASSIGN_OR_RETURN(c.smtp_password, ReadSecretFile(path, "TSUNAGARI_SMTP_PASSWORD_FILE"));
  }
  FromEnv("TSUNAGARI_SMTP_PASSWORD", c.smtp_password);
  FromEnv("TSUNAGARI_WATCH_MQTT_URL", c.watch_mqtt_url);
  FromEnv("TSUNAGARI_WATCH_MQTT_USERNAME", c.watch_mqtt_username);
  FromEnv("TSUNAGARI_WATCH_NETWORK", c.watch_network);
  if (const char* path = std::getenv("TSUNAGARI_WATCH_MQTT_PASSWORD_FILE"); path && *path) {
    ASSIGN_OR_RETURN(c.watch_mqtt_password,
                     ReadSecretFile(path, "TSUNAGARI_WATCH_MQTT_PASSWORD_FILE"));
  }
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
  if (c.ack_reminder_hours < 1 || c.ack_reminder_hours > 24 * 14) {
    errors.push_back({"care.ack_reminder_hours", "out_of_range",
                      "1〜336時間です (1-336 hours; requests older than 14 days are not chased)"});
  }
  if (c.emergency_access_hours < 1 || c.emergency_access_hours > 24 * 7) {
    errors.push_back({"emergency.access_hours", "out_of_range",
                      "救急アクセスの有効時間は1〜168時間で指定してください (1 to 168 hours)"});
  }
  if (c.watch_raw_retention_days < 1 || c.watch_raw_retention_days > 3660) {
    errors.push_back({"watch.raw_retention_days", "out_of_range",
                      "1〜3660日で指定してください (1 to 3660 days)"});
  }
  if (!c.watch_mqtt_url.empty() && !c.watch_mqtt_url.starts_with("mqtt://")) {
    errors.push_back({"watch.mqtt_url", "format", "mqtt://HOST:PORT です (mqtt://HOST:PORT)"});
  }
  if (c.watch_network.empty() || c.watch_network.size() > 64 ||
      c.watch_network.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                        "0123456789_-") != std::string::npos) {
    errors.push_back(
        {"watch.network", "format", "英数字・-・_ の64文字以内です (1-64 of A-Z a-z 0-9 - _)"});
  }
  if (c.password_cost != "interactive" && c.password_cost != "minimum") {
    errors.push_back({"password_cost", "not_allowed", "interactive / minimum"});
  }
  if (!c.smtp_url.empty()) {
    if (!c.smtp_url.starts_with("smtp://") && !c.smtp_url.starts_with("smtps://")) {
      errors.push_back({"smtp_url", "format",
                        "smtp://HOST:PORT か smtps://HOST:PORT です (smtp:// or smtps://)"});
    }
    size_t at = c.smtp_from.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == c.smtp_from.size() ||
        c.smtp_from.find_first_of(" <>\r\n\t,\"") != std::string::npos) {
      errors.push_back(
          {"smtp_from", "format", "送信元メールアドレスが必要です (smtp_from must be an address)"});
    }
    // A password sent over plain SMTP can be read by anyone on the path; only a relay on this
    // machine may be used that way.
    if (!c.smtp_user.empty() && c.smtp_url.starts_with("smtp://") && !c.smtp_starttls &&
        !IsLoopbackSmtp(c.smtp_url)) {
      errors.push_back({"smtp_starttls", "insecure",
                        "認証付きの送信には smtps:// か starttls = true が必要です (use smtps:// "
                        "or starttls with authentication)"});
    }
    std::string base = c.MailLinkBase();
    if (!base.starts_with("https://") && !base.starts_with("http://")) {
      errors.push_back({"mail_link_base", "format",
                        "http:// か https:// で始まるURLです (must be an http(s) URL)"});
    }
  }
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  return core::Ok();
}

}  // namespace app

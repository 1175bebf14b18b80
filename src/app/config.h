// Configuration: defaults, then a TOML file, then TSUNAGARI_* environment variables, then flags.
#pragma once

#include <optional>
#include <string>

#include "core/result.h"

namespace app {

struct Config {
  std::string listen = "127.0.0.1:8080";  // --listen / TSUNAGARI_LISTEN
  std::string data_dir = "./data";        // --data-dir / TSUNAGARI_DATA_DIR
  std::string database;  // --database / TSUNAGARI_DATABASE; default sqlite:<data_dir>/tsunagari.db
  std::string web_dir = "web/dist";  // built front end; TSUNAGARI_WEB_DIR
  std::string public_url;            // for links; default http://<listen>
  std::string log_level = "info";
  int io_threads = 1;
  int worker_threads = 8;
  int db_pool = 8;
  bool secure_cookies = false;       // true when served over TLS
  bool trust_forwarded_for = false;  // behind the documented nginx
  bool metrics_public = false;       // /metrics from loopback only unless true
  int idle_timeout_minutes = 30;
  int absolute_timeout_hours = 12;
  double login_burst_per_address = 100;       // sign-in attempts at once per client address
  double login_rate_per_address = 2;          // sustained sign-in attempts per second per address
  double rate_limit_per_second = 100;         // per client address
  std::string password_cost = "interactive";  // "interactive", or "minimum" for tests only
  std::string audit_chain = "main";
  int ack_reminder_hours = 24;      // [care]: how often unacknowledged requests are reminded
  int emergency_access_hours = 24;  // [emergency]: how long an EMS access and its hand-over last
  bool demo = false;                // seed the demo region on an empty database

  // "Something is new" e-mail ([mail]). Without smtp_url no e-mail is sent at all.
  std::string smtp_url;        // smtp://host:port or smtps://host:port; TSUNAGARI_SMTP_URL
  std::string smtp_from;       // envelope and From address; TSUNAGARI_SMTP_FROM
  std::string smtp_user;       // empty: no authentication; TSUNAGARI_SMTP_USER
  std::string smtp_password;   // only from TSUNAGARI_SMTP_PASSWORD or a password file; never logged
  bool smtp_starttls = false;  // smtp:// with STARTTLS required; TSUNAGARI_SMTP_STARTTLS
  std::string mail_link_base;  // where e-mail links point; default public_url

  /// The app's address for links: public_url, or http://<listen> when unset.
  std::string PublicUrl() const;
  /// Where e-mail links point: mail_link_base, or PublicUrl().
  std::string MailLinkBase() const;
  std::string
      map_tile_url;  // [map] tile_url: the operator's tile server ({z}/{x}/{y}); none = plain
  std::string map_attribution;  // [map] attribution shown under the map

  // Watch sensors ([watch]). Without watch_mqtt_url only HTTP ingestion runs.
  std::string watch_mqtt_url;       // mqtt://host:port; TSUNAGARI_WATCH_MQTT_URL
  std::string watch_mqtt_username;  // TSUNAGARI_WATCH_MQTT_USERNAME
  std::string watch_mqtt_password;  // only from a password file or the environment; never logged
  std::string watch_mqtt_client_id = "tsunagari-server";  // names the persistent session
  std::string watch_network = "tsunagari";                // the topic's <network> level
  int watch_raw_retention_days = 90;
  bool watch_evaluate_in_background = true;  // not configurable: tests switch it off

  std::string DatabaseUrl() const;
  std::string Host() const;
  uint16_t Port() const;
};

/// Reads `file` (if not empty) and the environment over the defaults.
core::Result<Config> LoadConfig(const std::string& file);
/// Checks values that would fail later in confusing ways.
core::Result<void> ValidateConfig(const Config& c);

}  // namespace app

// The watch module's records as the services and routes pass them around.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace watch {

/// A person enrolled in the watch service (watch_subjects) with the person's name for screens.
struct Subject {
  std::string person_id;
  std::string person_name;
  std::string municipality_code;
  int64_t started_at = 0;
  std::optional<int64_t> ended_at;
  std::string settings_json = "{}";  // the person's threshold overrides
  std::string runbook_json = "{}";   // {"note": "…"}: what the call center should know
  int64_t updated_at = 0;
};

/// A registered device. The state fields are the ingester's latest view.
struct Device {
  std::string id;
  std::string person_id;
  std::optional<std::string> gateway_id;
  std::string kind;
  std::string place;
  std::string firmware;
  int64_t installed_at = 0;
  std::optional<int64_t> removed_at;
  std::optional<int> battery_pct;
  std::optional<int64_t> last_seen_at;
  std::optional<int64_t> last_event_at;
  std::optional<int64_t> last_activity_at;
  std::optional<int64_t> last_heartbeat_at;
  std::optional<double> temperature_c;
  std::optional<double> humidity_pct;
  std::optional<int64_t> climate_at;
  std::optional<int64_t> day_start;
  int day_openings = 0;
};

/// A scheduled absence (short stay, hospital stay, travel): person alerts are suppressed.
struct Absence {
  std::string id;
  std::string person_id;
  std::string reason;
  int64_t starts_at = 0;
  int64_t ends_at = 0;
  std::string note;
  std::string created_by;
  std::string created_by_name;
  int64_t created_at = 0;
  std::optional<int64_t> cancelled_at;
};

}  // namespace watch

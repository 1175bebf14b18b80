#include "watch/ingest_store.h"

#include <algorithm>
#include <map>

#include "watch/local_time.h"

namespace watch::ingest {
namespace {

using db::Statement;

constexpr Statement kLoadDevice{
    "watch_ingest_device",
    "SELECT id, person_id, gateway_id, kind, secret_sealed, installed_at, removed_at "
    "FROM watch_devices WHERE id = $1"};
constexpr Statement kInsertEvent{
    "watch_insert_event",
    "INSERT INTO watch_events (device_id, seq, ts, type, temperature_c, humidity_pct, "
    "battery_pct, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "ON CONFLICT (device_id, seq) DO NOTHING"};
// Late events fold into their own hour; min/max written out with CASE because SQLite's
// two-argument min() returns NULL when either side is NULL.
constexpr Statement kUpsertHour{
    "watch_upsert_hour",
    "INSERT INTO watch_hourly (device_id, hour, person_id, openings, motions, events, temp_sum, "
    "temp_n, temp_min, temp_max, hum_sum, hum_n) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "$10, $11, $12) ON CONFLICT (device_id, hour) DO UPDATE SET "
    "openings = watch_hourly.openings + excluded.openings, "
    "motions = watch_hourly.motions + excluded.motions, "
    "events = watch_hourly.events + excluded.events, "
    "temp_sum = watch_hourly.temp_sum + excluded.temp_sum, "
    "temp_n = watch_hourly.temp_n + excluded.temp_n, "
    "temp_min = CASE WHEN watch_hourly.temp_min IS NULL OR excluded.temp_min < "
    "watch_hourly.temp_min THEN excluded.temp_min ELSE watch_hourly.temp_min END, "
    "temp_max = CASE WHEN watch_hourly.temp_max IS NULL OR excluded.temp_max > "
    "watch_hourly.temp_max THEN excluded.temp_max ELSE watch_hourly.temp_max END, "
    "hum_sum = watch_hourly.hum_sum + excluded.hum_sum, "
    "hum_n = watch_hourly.hum_n + excluded.hum_n"};
// Only newer facts replace older ones, so that a gateway flushing yesterday's events does not
// set the battery or the room temperature back. Every SET expression reads the old row.
// Only newer facts replace older ones, so that a gateway flushing yesterday's events does not
// set the battery or the room temperature back. Every SET expression reads the old row. The
// parameters are cast because PostgreSQL cannot infer the type of a bare `$n IS NOT NULL`.
#define P_BATTERY "CAST($3 AS INTEGER)"
#define P_LATEST "CAST($4 AS BIGINT)"
#define P_ACTIVITY "CAST($5 AS BIGINT)"
#define P_HEARTBEAT "CAST($6 AS BIGINT)"
#define P_TEMP "CAST($7 AS DOUBLE PRECISION)"
#define P_HUM "CAST($8 AS DOUBLE PRECISION)"
#define P_CLIMATE "CAST($9 AS BIGINT)"
constexpr Statement kUpdateState{
    "watch_update_device_state",
    "UPDATE watch_devices SET last_seen_at = $2, "
    "battery_pct = CASE WHEN " P_BATTERY " IS NOT NULL AND " P_LATEST
    " >= COALESCE(last_event_at, 0) THEN " P_BATTERY
    " ELSE battery_pct END, "
    "last_event_at = CASE WHEN " P_LATEST " > COALESCE(last_event_at, 0) THEN " P_LATEST
    " ELSE last_event_at END, "
    "last_activity_at = CASE WHEN " P_ACTIVITY " IS NOT NULL AND " P_ACTIVITY
    " > COALESCE(last_activity_at, 0) THEN " P_ACTIVITY
    " ELSE last_activity_at END, "
    "last_heartbeat_at = CASE WHEN " P_HEARTBEAT " IS NOT NULL AND " P_HEARTBEAT
    " > COALESCE(last_heartbeat_at, 0) THEN " P_HEARTBEAT
    " ELSE last_heartbeat_at END, "
    "temperature_c = CASE WHEN " P_CLIMATE " > COALESCE(climate_at, 0) AND " P_TEMP
    " IS NOT NULL THEN " P_TEMP
    " ELSE temperature_c END, "
    "humidity_pct = CASE WHEN " P_CLIMATE " > COALESCE(climate_at, 0) AND " P_HUM
    " IS NOT NULL THEN " P_HUM
    " ELSE humidity_pct END, "
    "climate_at = CASE WHEN " P_CLIMATE " > COALESCE(climate_at, 0) THEN " P_CLIMATE
    " ELSE climate_at END, "
    "day_openings = CASE WHEN day_start = $10 THEN day_openings + $11 ELSE $11 END, "
    "day_start = $10 WHERE id = $1"};
constexpr Statement kTouch{"watch_touch_device",
                           "UPDATE watch_devices SET last_seen_at = $2 WHERE id = $1"};
// Bounded: a retention run never holds the write lock for long.
constexpr Statement kAnyOld{"watch_any_old_event",
                            "SELECT 1 FROM watch_events WHERE ts < $1 LIMIT 1"};
constexpr Statement kDeleteOld{
    "watch_delete_old_events",
    "DELETE FROM watch_events WHERE (device_id, seq) IN (SELECT device_id, seq FROM watch_events "
    "WHERE ts < $1 LIMIT $2)"};

struct HourSums {
  std::string person_id;
  int openings = 0;
  int motions = 0;
  int events = 0;
  double temp_sum = 0;
  int temp_n = 0;
  std::optional<double> temp_min;
  std::optional<double> temp_max;
  double hum_sum = 0;
  int hum_n = 0;
};

struct DeviceNews {
  int64_t latest_ts = 0;
  std::optional<int> battery;  // of the latest event carrying one
  int64_t battery_ts = 0;
  std::optional<int64_t> activity;
  std::optional<int64_t> heartbeat;
  std::optional<double> temperature;
  std::optional<double> humidity;
  std::optional<int64_t> climate_at;
  int today_openings = 0;
};

bool IsActivity(const SensorEvent& e, const DeviceAuth& d) {
  return e.type == EventType::kMotion || (e.type == EventType::kDoorOpen && d.kind == "door");
}

void AddToHour(HourSums& h, const SensorEvent& e, const DeviceAuth& d) {
  h.person_id = d.person_id;
  ++h.events;
  if (e.type == EventType::kDoorOpen) ++h.openings;
  if (e.type == EventType::kMotion) ++h.motions;
  if (e.temperature_c) {
    h.temp_sum += *e.temperature_c;
    ++h.temp_n;
    if (!h.temp_min || *e.temperature_c < *h.temp_min) h.temp_min = e.temperature_c;
    if (!h.temp_max || *e.temperature_c > *h.temp_max) h.temp_max = e.temperature_c;
  }
  if (e.humidity_pct) {
    h.hum_sum += *e.humidity_pct;
    ++h.hum_n;
  }
}

void AddToNews(DeviceNews& n, const SensorEvent& e, const DeviceAuth& d, int64_t today) {
  n.latest_ts = std::max(n.latest_ts, e.ts_ms);
  if (e.battery_pct && e.ts_ms >= n.battery_ts) {
    n.battery = e.battery_pct;
    n.battery_ts = e.ts_ms;
  }
  if (IsActivity(e, d) && (!n.activity || e.ts_ms > *n.activity)) n.activity = e.ts_ms;
  if (e.type == EventType::kHeartbeat && (!n.heartbeat || e.ts_ms > *n.heartbeat)) {
    n.heartbeat = e.ts_ms;
  }
  if (e.type == EventType::kClimate && (!n.climate_at || e.ts_ms > *n.climate_at)) {
    n.climate_at = e.ts_ms;
    n.temperature = e.temperature_c;
    n.humidity = e.humidity_pct;
  }
  if (e.type == EventType::kDoorOpen && LocalDayStart(e.ts_ms) == today) ++n.today_openings;
}

}  // namespace

Result<std::optional<DeviceAuth>> LoadDevice(db::Connection& c, const std::string& device_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kLoadDevice, {device_id}));
  if (!row) return std::optional<DeviceAuth>();
  DeviceAuth d;
  d.id = row->Text(0);
  d.person_id = row->Text(1);
  d.gateway_id = row->OptText(2);
  d.kind = row->Text(3);
  d.secret_sealed = row->Text(4);
  d.installed_at = row->Int(5);
  d.removed = !row->IsNull(6);
  return std::optional<DeviceAuth>(std::move(d));
}

Result<StoreOutcome> StoreEvents(db::Connection& c, std::span<const Accepted> events,
                                 const std::string& sender, int64_t now) {
  StoreOutcome out;
  std::map<std::pair<std::string, int64_t>, HourSums> hours;
  std::map<std::string, DeviceNews> news;
  const int64_t today = LocalDayStart(now);
  for (const Accepted& a : events) {
    const SensorEvent& e = *a.event;
    ASSIGN_OR_RETURN(
        auto n, c.Execute(kInsertEvent, {e.device, e.seq, e.ts_ms, static_cast<int>(e.type),
                                         e.temperature_c, e.humidity_pct, e.battery_pct, now}));
    if (n == 0) {
      ++out.duplicates;
      continue;
    }
    ++out.inserted;
    AddToHour(hours[{e.device, HourStart(e.ts_ms)}], e, *a.device);
    AddToNews(news[e.device], e, *a.device, today);
    out.persons.push_back(a.device->person_id);
  }
  for (const auto& [key, h] : hours) {
    RETURN_IF_ERROR(
        c.Execute(kUpsertHour, {key.first, key.second, h.person_id, h.openings, h.motions, h.events,
                                h.temp_sum, h.temp_n, h.temp_min, h.temp_max, h.hum_sum, h.hum_n}));
  }
  for (const auto& [device, n] : news) {
    RETURN_IF_ERROR(c.Execute(
        kUpdateState, {device, now, n.battery, n.latest_ts, n.activity, n.heartbeat, n.temperature,
                       n.humidity, n.climate_at, today, n.today_openings}));
  }
  if (!news.contains(sender)) RETURN_IF_ERROR(c.Execute(kTouch, {sender, now}));
  std::sort(out.persons.begin(), out.persons.end());
  out.persons.erase(std::unique(out.persons.begin(), out.persons.end()), out.persons.end());
  return out;
}

Result<int64_t> DeleteRawEventsBefore(db::Connection& c, int64_t before, int limit) {
  ASSIGN_OR_RETURN(auto any, c.QueryOne(kAnyOld, {before}));
  if (!any) return int64_t{0};  // the usual case: one index probe, no write
  return c.Execute(kDeleteOld, {before, limit});
}

}  // namespace watch::ingest

#include "watch/registry_store.h"

namespace watch::registry {
namespace {

using db::Statement;

constexpr Statement kFindSubject{
    "watch_find_subject",
    "SELECT s.person_id, p.name, s.municipality_code, s.started_at, s.ended_at, s.settings, "
    "s.runbook, s.updated_at FROM watch_subjects s JOIN persons p ON p.id = s.person_id "
    "WHERE s.person_id = $1"};
constexpr Statement kInsertSubject{
    "watch_insert_subject",
    "INSERT INTO watch_subjects (person_id, municipality_code, started_at, settings, runbook, "
    "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) "
    "ON CONFLICT (person_id) DO UPDATE SET started_at = excluded.started_at, ended_at = NULL, "
    "updated_at = excluded.updated_at"};
constexpr Statement kUpdateSubject{
    "watch_update_subject",
    "UPDATE watch_subjects SET settings = $2, runbook = $3, updated_at = $4 WHERE person_id = $1"};
constexpr Statement kEndSubject{
    "watch_end_subject",
    "UPDATE watch_subjects SET ended_at = $2, updated_at = $2 WHERE person_id = $1 AND ended_at "
    "IS NULL"};

constexpr Statement kRegionSettings{
    "watch_region_settings",
    "SELECT settings FROM watch_region_settings WHERE municipality_code = $1"};
constexpr Statement kSaveRegionSettings{
    "watch_save_region_settings",
    "INSERT INTO watch_region_settings (municipality_code, settings, updated_by, updated_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT (municipality_code) DO UPDATE SET settings = "
    "excluded.settings, updated_by = excluded.updated_by, updated_at = excluded.updated_at"};

#define DEVICE_SELECT                                                                   \
  "SELECT id, person_id, gateway_id, kind, place, firmware, installed_at, removed_at, " \
  "battery_pct, last_seen_at, last_event_at, last_activity_at, last_heartbeat_at, "     \
  "temperature_c, humidity_pct, climate_at, day_start, day_openings FROM watch_devices "

constexpr Statement kDevicesOf{
    "watch_devices_of",
    DEVICE_SELECT "WHERE person_id = $1 ORDER BY removed_at IS NOT NULL, installed_at, id"};
constexpr Statement kFindDevice{"watch_find_device", DEVICE_SELECT "WHERE id = $1"};
constexpr Statement kInsertDevice{
    "watch_insert_device",
    "INSERT INTO watch_devices (id, person_id, gateway_id, kind, place, firmware, secret_sealed, "
    "installed_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};
constexpr Statement kSetSecret{"watch_set_device_secret",
                               "UPDATE watch_devices SET secret_sealed = $2 WHERE id = $1"};
constexpr Statement kRemoveDevice{
    "watch_remove_device",
    "UPDATE watch_devices SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL"};

#define ABSENCE_SELECT                                                                 \
  "SELECT a.id, a.person_id, a.reason, a.starts_at, a.ends_at, a.note, a.created_by, " \
  "u.display_name, a.created_at, a.cancelled_at FROM watch_absences a "                \
  "JOIN users u ON u.id = a.created_by "

constexpr Statement kAbsencesOf{
    "watch_absences_of", ABSENCE_SELECT
    "WHERE a.person_id = $1 AND a.ends_at > $2 AND a.cancelled_at IS NULL "
    "ORDER BY a.starts_at, a.id LIMIT 100"};
constexpr Statement kFindAbsence{"watch_find_absence", ABSENCE_SELECT "WHERE a.id = $1"};
constexpr Statement kInsertAbsence{
    "watch_insert_absence",
    "INSERT INTO watch_absences (id, person_id, reason, starts_at, ends_at, note, created_by, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr Statement kCancelAbsence{
    "watch_cancel_absence",
    "UPDATE watch_absences SET cancelled_at = $3, cancelled_by = $2 WHERE id = $1 AND "
    "cancelled_at IS NULL"};

Result<void> Done(Result<int64_t> r) {
  if (!r.ok()) return r.error();
  return core::Ok();
}

Subject SubjectFrom(const db::Row& r) {
  Subject s;
  s.person_id = r.Text(0);
  s.person_name = r.Text(1);
  s.municipality_code = r.Text(2);
  s.started_at = r.Int(3);
  s.ended_at = r.OptInt(4);
  s.settings_json = r.Text(5);
  s.runbook_json = r.Text(6);
  s.updated_at = r.Int(7);
  return s;
}

Device DeviceFrom(const db::Row& r) {
  Device d;
  d.id = r.Text(0);
  d.person_id = r.Text(1);
  d.gateway_id = r.OptText(2);
  d.kind = r.Text(3);
  d.place = r.Text(4);
  d.firmware = r.Text(5);
  d.installed_at = r.Int(6);
  d.removed_at = r.OptInt(7);
  d.battery_pct = OptInt32(r, 8);
  d.last_seen_at = r.OptInt(9);
  d.last_event_at = r.OptInt(10);
  d.last_activity_at = r.OptInt(11);
  d.last_heartbeat_at = r.OptInt(12);
  d.temperature_c = r.OptReal(13);
  d.humidity_pct = r.OptReal(14);
  d.climate_at = r.OptInt(15);
  d.day_start = r.OptInt(16);
  d.day_openings = static_cast<int>(r.Int(17));
  return d;
}

Absence AbsenceFrom(const db::Row& r) {
  Absence a;
  a.id = r.Text(0);
  a.person_id = r.Text(1);
  a.reason = r.Text(2);
  a.starts_at = r.Int(3);
  a.ends_at = r.Int(4);
  a.note = r.Text(5);
  a.created_by = r.Text(6);
  a.created_by_name = r.Text(7);
  a.created_at = r.Int(8);
  a.cancelled_at = r.OptInt(9);
  return a;
}

}  // namespace

Result<std::optional<Subject>> FindSubject(db::Connection& c, const std::string& person_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kFindSubject, {person_id}));
  if (!row) return std::optional<Subject>();
  return std::optional<Subject>(SubjectFrom(*row));
}

Result<void> UpsertSubject(db::Connection& c, const Subject& s, const std::string& user_id,
                           int64_t now) {
  return Done(c.Execute(kInsertSubject, {s.person_id, s.municipality_code, s.started_at,
                                         s.settings_json, s.runbook_json, user_id, now}));
}

Result<void> UpdateSubjectSettings(db::Connection& c, const std::string& person_id,
                                   const std::string& settings_json,
                                   const std::string& runbook_json, int64_t now) {
  return Done(c.Execute(kUpdateSubject, {person_id, settings_json, runbook_json, now}));
}

Result<bool> EndSubject(db::Connection& c, const std::string& person_id, int64_t now) {
  ASSIGN_OR_RETURN(auto n, c.Execute(kEndSubject, {person_id, now}));
  return n > 0;
}

Result<std::string> RegionSettings(db::Connection& c, const std::string& municipality_code) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kRegionSettings, {municipality_code}));
  return row ? row->Text(0) : std::string("{}");
}

Result<void> SaveRegionSettings(db::Connection& c, const std::string& municipality_code,
                                const std::string& settings_json, const std::string& user_id,
                                int64_t now) {
  return Done(c.Execute(kSaveRegionSettings, {municipality_code, settings_json, user_id, now}));
}

Result<std::vector<Device>> DevicesOf(db::Connection& c, const std::string& person_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kDevicesOf, {person_id}));
  std::vector<Device> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(DeviceFrom(r));
  return out;
}

Result<std::optional<Device>> FindDevice(db::Connection& c, const std::string& device_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kFindDevice, {device_id}));
  if (!row) return std::optional<Device>();
  return std::optional<Device>(DeviceFrom(*row));
}

Result<void> InsertDevice(db::Connection& c, const Device& d, const std::string& secret_sealed,
                          const std::string& user_id, int64_t now) {
  return Done(c.Execute(kInsertDevice, {d.id, d.person_id, d.gateway_id, d.kind, d.place,
                                        d.firmware, secret_sealed, d.installed_at, user_id, now}));
}

Result<void> SetDeviceSecret(db::Connection& c, const std::string& device_id,
                             const std::string& secret_sealed) {
  return Done(c.Execute(kSetSecret, {device_id, secret_sealed}));
}

Result<bool> RemoveDevice(db::Connection& c, const std::string& device_id, int64_t now) {
  ASSIGN_OR_RETURN(auto n, c.Execute(kRemoveDevice, {device_id, now}));
  return n > 0;
}

Result<std::vector<Absence>> AbsencesOf(db::Connection& c, const std::string& person_id,
                                        int64_t ending_after) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kAbsencesOf, {person_id, ending_after}));
  std::vector<Absence> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(AbsenceFrom(r));
  return out;
}

Result<std::optional<Absence>> FindAbsence(db::Connection& c, const std::string& absence_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kFindAbsence, {absence_id}));
  if (!row) return std::optional<Absence>();
  return std::optional<Absence>(AbsenceFrom(*row));
}

Result<void> InsertAbsence(db::Connection& c, const Absence& a) {
  return Done(c.Execute(kInsertAbsence, {a.id, a.person_id, a.reason, a.starts_at, a.ends_at,
                                         a.note, a.created_by, a.created_at}));
}

Result<bool> CancelAbsence(db::Connection& c, const std::string& absence_id,
                           const std::string& user_id, int64_t now) {
  ASSIGN_OR_RETURN(auto n, c.Execute(kCancelAbsence, {absence_id, user_id, now}));
  return n > 0;
}

std::optional<int> OptInt32(const db::Row& r, size_t i) {
  auto v = r.OptInt(i);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

}  // namespace watch::registry

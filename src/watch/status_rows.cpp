#include "watch/status_rows.h"

#include <algorithm>
#include <boost/json/array.hpp>

#include "watch/local_time.h"
#include "watch/wbgt.h"

namespace watch {
namespace {

namespace json = boost::json;
using db::Statement;

constexpr Statement kSubjectsIn{
    "watch_status_subjects",
    "SELECT s.person_id, p.name, p.kana, p.address, s.municipality_code FROM watch_subjects s "
    "JOIN persons p ON p.id = s.person_id WHERE s.municipality_code = $1 AND s.ended_at IS NULL"};
constexpr Statement kSubjectOf{
    "watch_status_one_subject",
    "SELECT s.person_id, p.name, p.kana, p.address, s.municipality_code FROM watch_subjects s "
    "JOIN persons p ON p.id = s.person_id WHERE s.person_id = $1 AND s.ended_at IS NULL"};
// Folding the devices in C++ measured faster than grouping them in SQL (one SUM per place over
// 50,000 devices).
constexpr Statement kDevicesIn{
    "watch_status_devices",
    "SELECT d.person_id, d.kind, d.place, d.last_activity_at, d.day_start, d.day_openings, "
    "d.temperature_c, d.humidity_pct, d.climate_at FROM watch_devices d "
    "JOIN watch_subjects s ON s.person_id = d.person_id "
    "WHERE s.municipality_code = $1 AND s.ended_at IS NULL AND d.removed_at IS NULL"};
constexpr Statement kDevicesOf{
    "watch_status_one_devices",
    "SELECT d.person_id, d.kind, d.place, d.last_activity_at, d.day_start, d.day_openings, "
    "d.temperature_c, d.humidity_pct, d.climate_at FROM watch_devices d "
    "WHERE d.person_id = $1 AND d.removed_at IS NULL"};
constexpr Statement kAlertsIn{
    "watch_status_alerts",
    "SELECT a.person_id, a.id, a.kind, a.category, a.severity, a.state, a.active, a.opened_at "
    "FROM watch_alerts a JOIN watch_subjects s ON s.person_id = a.person_id "
    "WHERE s.municipality_code = $1 AND s.ended_at IS NULL AND a.state <> 'resolved'"};
constexpr Statement kAlertsOf{
    "watch_status_one_alerts",
    "SELECT a.person_id, a.id, a.kind, a.category, a.severity, a.state, a.active, a.opened_at "
    "FROM watch_alerts a WHERE a.person_id = $1 AND a.state <> 'resolved'"};
// Absences not over yet, including those that start later (the facts outlive the read).
constexpr Statement kAbsencesIn{
    "watch_status_absences",
    "SELECT a.person_id, a.reason, a.starts_at, a.ends_at FROM watch_absences a "
    "JOIN watch_subjects s ON s.person_id = a.person_id WHERE s.municipality_code = $1 "
    "AND s.ended_at IS NULL AND a.cancelled_at IS NULL AND a.ends_at > $2"};
constexpr Statement kAbsencesOf{
    "watch_status_one_absences",
    "SELECT a.person_id, a.reason, a.starts_at, a.ends_at FROM watch_absences a "
    "WHERE a.person_id = $1 AND a.cancelled_at IS NULL AND a.ends_at > $2"};

// A room reading older than this is not shown as the current temperature.
constexpr int64_t kClimateFreshMs = 2 * kHourMs;
// Reloading every person beats reloading this share of them one by one.
constexpr size_t kReloadAllShare = 10;
constexpr auto kReloadAfter = std::chrono::seconds(60);

// An absence explains the silence, so an absent person ranks above a device problem (which stays
// listed in device_problems).
enum Rank { kSevere, kAlert, kWatch, kAbsent, kDevice, kNormal };
constexpr const char* kStatusCodes[] = {"alert", "alert", "watch", "absent", "device", "normal"};

PersonFacts SubjectFacts(const db::Row& r) {
  PersonFacts f;
  f.person_id = r.Text(0);
  f.name = r.Text(1);
  f.kana = r.Text(2);
  f.address = r.Text(3);
  f.municipality_code = r.Text(4);
  return f;
}

PersonFacts::Device DeviceFact(const db::Row& r) {
  PersonFacts::Device d;
  d.kind = r.Text(1);
  d.place = r.Text(2);
  d.last_activity_at = r.OptInt(3);
  d.day_start = r.OptInt(4);
  d.day_openings = static_cast<int>(r.Int(5));
  d.temperature_c = r.OptReal(6);
  d.humidity_pct = r.OptReal(7);
  d.climate_at = r.OptInt(8);
  return d;
}

PersonFacts::AlertFact AlertFactOf(const db::Row& r) {
  return {r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Bool(6), r.Int(7)};
}

PersonFacts::AbsenceFact AbsenceFactOf(const db::Row& r) { return {r.Text(1), r.Int(2), r.Int(3)}; }

// Files the rows of the device, alert and absence statements under their person.
void Fold(std::unordered_map<std::string, PersonFacts>& facts, const db::Rows& devices,
          const db::Rows& alerts, const db::Rows& absences) {
  for (const auto& r : devices) {
    if (auto it = facts.find(r.Text(0)); it != facts.end()) {
      it->second.devices.push_back(DeviceFact(r));
    }
  }
  for (const auto& r : alerts) {
    if (auto it = facts.find(r.Text(0)); it != facts.end()) {
      it->second.alerts.push_back(AlertFactOf(r));
    }
  }
  for (const auto& r : absences) {
    if (auto it = facts.find(r.Text(0)); it != facts.end()) {
      it->second.absences.push_back(AbsenceFactOf(r));
    }
  }
}

Rank RankOf(const PersonFacts::AlertFact& a) {
  if (a.category == "device") return kDevice;
  if (a.severity == "severe") return kSevere;
  if (a.severity == "alert") return kAlert;
  return kWatch;
}

json::value Opt(const std::optional<int64_t>& v) { return v ? json::value(*v) : nullptr; }
json::value Opt(const std::optional<double>& v) { return v ? json::value(*v) : nullptr; }

}  // namespace

core::Result<FactsMap> LoadMunicipalityFacts(db::Connection& c, const std::string& code,
                                             int64_t now) {
  std::unordered_map<std::string, PersonFacts> facts;
  ASSIGN_OR_RETURN(auto subjects, c.Query(kSubjectsIn, {code}));
  facts.reserve(subjects.size());
  for (const auto& r : subjects) facts.emplace(r.Text(0), SubjectFacts(r));
  ASSIGN_OR_RETURN(auto devices, c.Query(kDevicesIn, {code}));
  ASSIGN_OR_RETURN(auto alerts, c.Query(kAlertsIn, {code}));
  ASSIGN_OR_RETURN(auto absences, c.Query(kAbsencesIn, {code, now}));
  Fold(facts, devices, alerts, absences);
  FactsMap out;
  out.reserve(facts.size());
  for (auto& [id, f] : facts) out.emplace(id, std::make_shared<const PersonFacts>(std::move(f)));
  return out;
}

core::Result<std::shared_ptr<const PersonFacts>> LoadPersonFacts(db::Connection& c,
                                                                 const std::string& person_id,
                                                                 int64_t now) {
  ASSIGN_OR_RETURN(auto subject, c.QueryOne(kSubjectOf, {person_id}));
  if (!subject) return std::shared_ptr<const PersonFacts>();
  std::unordered_map<std::string, PersonFacts> one;
  one.emplace(person_id, SubjectFacts(*subject));
  ASSIGN_OR_RETURN(auto devices, c.Query(kDevicesOf, {person_id}));
  ASSIGN_OR_RETURN(auto alerts, c.Query(kAlertsOf, {person_id}));
  ASSIGN_OR_RETURN(auto absences, c.Query(kAbsencesOf, {person_id, now}));
  Fold(one, devices, alerts, absences);
  return std::make_shared<const PersonFacts>(std::move(one.begin()->second));
}

StatusRow DeriveStatusRow(const PersonFacts& f, int64_t now) {
  const int64_t today = LocalDayStart(now);
  StatusRow row;
  row.facts = &f;
  Rank rank = kNormal;
  std::map<std::string, int> openings;
  std::optional<int64_t> climate_at;
  std::optional<double> temperature, humidity;
  for (const auto& d : f.devices) {
    if (d.last_activity_at &&
        (!row.last_activity_at || *d.last_activity_at > *row.last_activity_at)) {
      row.last_activity_at = d.last_activity_at;
    }
    if (d.kind == "door") openings[d.place] += d.day_start == today ? d.day_openings : 0;
    if (d.climate_at && now - *d.climate_at < kClimateFreshMs &&
        (!climate_at || *d.climate_at > *climate_at)) {
      climate_at = d.climate_at;
      temperature = d.temperature_c;
      humidity = d.humidity_pct;
    }
  }
  int device_problems = 0;
  json::array alerts;
  for (const auto& a : f.alerts) {
    const Rank r = RankOf(a);
    if (r == kDevice) ++device_problems;
    rank = std::min(rank, r);
    alerts.push_back(json::object{{"id", a.id},
                                  {"kind", a.kind},
                                  {"category", a.category},
                                  {"severity", a.severity},
                                  {"state", a.state},
                                  {"active", a.active},
                                  {"opened_at", a.opened_at}});
  }
  json::value absence = nullptr;
  for (const auto& ab : f.absences) {
    if (ab.starts_at <= now && now < ab.ends_at) {
      absence = json::object{{"reason", ab.reason}, {"ends_at", ab.ends_at}};
      rank = std::min(rank, kAbsent);
    }
  }
  json::object today_json;
  for (const auto& [place, n] : openings) today_json[place] = n;
  json::value wbgt = nullptr;
  if (temperature && humidity) {
    if (auto w = EstimateIndoorWbgt(*temperature, *humidity)) wbgt = *w;
  }
  row.rank = rank;
  row.json = {{"person_id", f.person_id},
              {"name", f.name},
              {"kana", f.kana},
              {"address", f.address},
              {"status", kStatusCodes[rank]},
              {"severe", rank == kSevere},
              {"last_activity_at", Opt(row.last_activity_at)},
              {"today_openings", std::move(today_json)},
              {"temperature_c", Opt(temperature)},
              {"humidity_pct", Opt(humidity)},
              {"wbgt", wbgt},
              {"climate_at", Opt(climate_at)},
              {"absence", std::move(absence)},
              {"alerts", std::move(alerts)},
              {"devices", static_cast<int>(f.devices.size())},
              {"device_problems", device_problems}};
  return row;
}

const char* StatusCodeOfRank(int rank) { return kStatusCodes[rank]; }

bool MoreUrgent(const StatusRow& a, const StatusRow& b) {
  if (a.rank != b.rank) return a.rank < b.rank;
  int64_t la = a.last_activity_at.value_or(0), lb = b.last_activity_at.value_or(0);
  if (la != lb) return la < lb;
  return a.facts->kana < b.facts->kana;
}

void StatusCache::Changed(const std::vector<std::string>& persons) {
  std::lock_guard lock(mu_);
  for (auto& [code, entry] : entries_) entry.changed.insert(persons.begin(), persons.end());
}

core::Result<std::shared_ptr<const FactsMap>> StatusCache::Get(db::Database& db,
                                                               const std::string& code,
                                                               int64_t now) {
  // One load at a time; mu_ is held only briefly, so that marking changes (on the ingest path)
  // never waits for a load.
  std::lock_guard loading(load_mu_);
  const auto steady_now = std::chrono::steady_clock::now();
  std::shared_ptr<const FactsMap> current;
  std::set<std::string> changed;
  bool reload_all = false;
  {
    std::lock_guard lock(mu_);
    Entry& entry = entries_[code];
    current = entry.facts;
    reload_all = !current || steady_now - entry.loaded >= kReloadAfter ||
                 entry.changed.size() * kReloadAllShare > current->size() + 100;
    if (!reload_all && entry.changed.empty()) return current;
    // Taken before reading: a change committed meanwhile is marked again and read next time.
    changed.swap(entry.changed);
  }
  std::shared_ptr<FactsMap> fresh;
  auto status = db.ReadSnapshot([&](db::Connection& c) -> core::Result<void> {
    if (reload_all) {
      ASSIGN_OR_RETURN(auto all, LoadMunicipalityFacts(c, code, now));
      fresh = std::make_shared<FactsMap>(std::move(all));
      return core::Ok();
    }
    fresh = std::make_shared<FactsMap>(*current);
    for (const auto& person : changed) {
      ASSIGN_OR_RETURN(auto f, LoadPersonFacts(c, person, now));
      if (f && f->municipality_code == code) {
        (*fresh)[person] = std::move(f);
      } else {
        fresh->erase(person);
      }
    }
    return core::Ok();
  });
  std::lock_guard lock(mu_);
  Entry& entry = entries_[code];
  if (!status.ok()) {
    entry.changed.insert(changed.begin(), changed.end());
    return status.error();
  }
  if (reload_all) entry.loaded = steady_now;
  entry.facts = std::move(fresh);
  return entry.facts;
}

}  // namespace watch

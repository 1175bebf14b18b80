// The scheduled reports (reports.h): the scheduler, the report body, delivery and reading.
#include "watch/reports.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <limits>
#include <set>

#include "care/access.h"
#include "care/emergency_record.h"
#include "care/family_store.h"
#include "care/field_reader.h"
#include "core/id.h"
#include "watch/codes.h"
#include "watch/json.h"
#include "watch/local_time.h"
#include "watch/paging.h"
#include "watch/registry_service.h"
#include "watch/registry_store.h"
#include "watch/report_slots.h"
#include "watch/rules.h"
#include "watch/status_board.h"
#include "watch/wbgt.h"

namespace watch {
namespace {

namespace json = boost::json;
using core::Result;
using db::Statement;

constexpr Statement kSubjects{
    "watch_report_subjects",
    "SELECT person_id, municipality_code, started_at, settings FROM watch_subjects "
    "WHERE ended_at IS NULL ORDER BY person_id"};
constexpr Statement kRegions{"watch_report_regions",
                             "SELECT municipality_code, settings FROM watch_region_settings"};
constexpr Statement kLastSlots{
    "watch_report_last_slots",
    "SELECT person_id, MAX(slot_at) FROM watch_reports GROUP BY person_id"};
constexpr Statement kLastSlotOf{"watch_report_last_slot_of",
                                "SELECT MAX(slot_at) FROM watch_reports WHERE person_id = $1"};
constexpr Statement kDevices{
    "watch_report_devices",
    "SELECT id, kind, place, installed_at, removed_at, last_seen_at, last_activity_at, "
    "battery_pct, temperature_c, humidity_pct, climate_at FROM watch_devices WHERE person_id = $1 "
    "ORDER BY installed_at, id"};
constexpr Statement kHourly{
    "watch_report_hourly",
    "SELECT device_id, hour, openings, motions, temp_min, temp_max, hum_sum, hum_n "
    "FROM watch_hourly WHERE person_id = $1 AND hour >= $2 AND hour < $3"};
constexpr Statement kAlertsInPeriod{
    "watch_report_alerts",
    "SELECT kind, category, severity, state, active, outcome, opened_at, resolved_at, device_id "
    "FROM watch_alerts WHERE person_id = $1 AND ((opened_at >= $2 AND opened_at < $3) OR "
    "(resolved_at >= $2 AND resolved_at < $3)) ORDER BY opened_at, id"};
constexpr Statement kAbsences{
    "watch_report_absences",
    "SELECT reason, starts_at, ends_at FROM watch_absences WHERE person_id = $1 "
    "AND cancelled_at IS NULL AND starts_at <= $3 AND ends_at > $2 ORDER BY starts_at, id"};
constexpr Statement kInsert{
    "watch_report_insert",
    "INSERT INTO watch_reports (id, person_id, slot_at, created_at, body) "
    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id, slot_at) DO NOTHING"};
constexpr Statement kPage{
    "watch_report_page",
    "SELECT id, slot_at, created_at, body FROM watch_reports WHERE person_id = $1 "
    "AND (slot_at < $2 OR (slot_at = $2 AND id < $3)) ORDER BY slot_at DESC, id DESC LIMIT $4"};
constexpr Statement kOne{
    "watch_report_one",
    "SELECT id, slot_at, created_at, body FROM watch_reports WHERE id = $1 AND person_id = $2"};
constexpr Statement kLatest{"watch_report_latest",
                            "SELECT id, slot_at FROM watch_reports WHERE person_id = $1 "
                            "ORDER BY slot_at DESC, id DESC LIMIT 1"};

constexpr const char* kKind = "watch.report";
// The notification says only that something is new (it may reach e-mail): nothing about whom.
constexpr const char* kTitle = "見守りレポートが届きました";

json::value Opt(const std::optional<int64_t>& v) { return v ? json::value(*v) : nullptr; }
json::value Opt(const std::optional<double>& v) { return v ? json::value(*v) : nullptr; }
double Round1(double x) { return std::round(x * 10) / 10; }

struct DeviceRow {
  DeviceState state;
  std::optional<int64_t> removed_at;
};

struct PlaceCounts {
  int openings_period = 0, openings_today = 0, activity_period = 0, activity_today = 0;
};

// The thresholds in force: region, then the person's overrides (Registry::Effective, with the
// region rows read once per run).
Thresholds EffectiveOf(const std::map<std::string, Thresholds>& regions,
                       const std::string& municipality_code, const std::string& settings) {
  auto it = regions.find(municipality_code);
  Thresholds base = it == regions.end() ? Thresholds{} : it->second;
  auto merged = MergeThresholds(base, ParseStoredObject(settings));
  return merged.ok() ? std::move(*merged) : base;  // a region change may void an old override
}

json::array ReportTimes(const Thresholds& t) {
  json::array out;
  for (int m : t.report_minutes) out.push_back(json::value(FormatLocalTime(m)));
  return out;
}

// The report's body: everything the care manager and the family read, as of `now` (the slot
// or, after downtime, a little later) for the period [period_from, slot) and the local day.
// Activity and openings count by the hour they happened in (hourly aggregates): an hour belongs
// to the report whose period contains the hour's start.
Result<json::object> BuildBody(db::Connection& c, const std::string& person_id, int64_t slot,
                               int64_t period_from, const Thresholds& t, int64_t now) {
  const int64_t day_start = LocalDayStart(slot - 1);
  json::object body{
      {"version", 1},           {"slot_at", slot},     {"period_from", period_from},
      {"day_start", day_start}, {"generated_at", now}, {"report_times", ReportTimes(t)}};

  ASSIGN_OR_RETURN(auto row, PersonStatusRow(c, person_id, now));
  if (row) {
    body["status"] = row->at("status");
    body["severe"] = row->at("severe");
    body["last_activity_at"] = row->at("last_activity_at");
    body["absence"] = row->at("absence");
    json::array open;
    for (const auto& a : row->at("alerts").as_array()) {
      const auto& o = a.as_object();
      open.push_back(json::object{{"kind", o.at("kind")},
                                  {"category", o.at("category")},
                                  {"severity", o.at("severity")},
                                  {"state", o.at("state")},
                                  {"active", o.at("active")},
                                  {"opened_at", o.at("opened_at")}});
    }
    body["open_alerts"] = std::move(open);
  } else {
    body["status"] = nullptr;
    body["severe"] = false;
    body["last_activity_at"] = nullptr;
    body["absence"] = nullptr;
    body["open_alerts"] = json::array{};
  }

  ASSIGN_OR_RETURN(auto device_rows, c.Query(kDevices, {person_id}));
  std::map<std::string, DeviceRow> devices;
  std::vector<DeviceState> installed;
  for (const auto& r : device_rows) {
    DeviceRow d;
    d.state.id = r.Text(0);
    d.state.kind = r.Text(1);
    d.state.place = r.Text(2);
    d.state.installed_at = r.Int(3);
    d.removed_at = r.OptInt(4);
    d.state.last_seen_at = r.OptInt(5);
    d.state.last_activity_at = r.OptInt(6);
    if (auto b = r.OptInt(7)) d.state.battery_pct = static_cast<int>(*b);
    d.state.temperature_c = r.OptReal(8);
    d.state.humidity_pct = r.OptReal(9);
    d.state.climate_at = r.OptInt(10);
    if (!d.removed_at && d.state.installed_at <= now) installed.push_back(d.state);
    devices.emplace(d.state.id, std::move(d));
  }

  // Activity and openings per place; the climate device's readings of the period.
  std::map<std::string, PlaceCounts> places;
  for (const auto& s : installed) {
    if (s.kind == "door" || s.kind == "motion") places[s.place];
  }
  // The living room's climate device, else any climate device.
  const DeviceState* climate = nullptr;
  for (const auto& s : installed) {
    if (s.kind != "climate") continue;
    if (!climate || (s.place == "living" && climate->place != "living")) climate = &s;
  }
  std::optional<double> t_min, t_max, h_min, h_max;
  ASSIGN_OR_RETURN(auto hourly,
                   c.Query(kHourly, {person_id, std::min(day_start, period_from), slot}));
  for (const auto& r : hourly) {
    auto d = devices.find(r.Text(0));
    if (d == devices.end()) continue;
    const DeviceState& s = d->second.state;
    const int64_t hour = r.Int(1);
    const bool in_period = hour >= period_from;
    const bool in_today = hour >= day_start;
    if (s.kind == "door" || s.kind == "motion") {
      PlaceCounts& p = places[s.place];
      int openings = s.kind == "door" ? static_cast<int>(r.Int(2)) : 0;
      int activity = openings + static_cast<int>(r.Int(3));
      if (in_period) p.openings_period += openings, p.activity_period += activity;
      if (in_today) p.openings_today += openings, p.activity_today += activity;
    }
    if (climate && s.id == climate->id && in_period) {
      if (auto v = r.OptReal(4); v && (!t_min || *v < *t_min)) t_min = v;
      if (auto v = r.OptReal(5); v && (!t_max || *v > *t_max)) t_max = v;
      if (r.Int(7) > 0) {
        double mean = Round1(r.Real(6) / static_cast<double>(r.Int(7)));
        if (!h_min || mean < *h_min) h_min = mean;
        if (!h_max || mean > *h_max) h_max = mean;
      }
    }
  }
  json::array place_list;
  PlaceCounts total;
  for (const auto& [place, n] : places) {
    place_list.push_back(json::object{{"place", place},
                                      {"openings_period", n.openings_period},
                                      {"openings_today", n.openings_today},
                                      {"activity_period", n.activity_period},
                                      {"activity_today", n.activity_today}});
    total.openings_period += n.openings_period;
    total.openings_today += n.openings_today;
    total.activity_period += n.activity_period;
    total.activity_today += n.activity_today;
  }
  body["places"] = std::move(place_list);
  body["totals"] = json::object{{"openings_period", total.openings_period},
                                {"openings_today", total.openings_today},
                                {"activity_period", total.activity_period},
                                {"activity_today", total.activity_today}};

  // The rules' own view of the devices and the room at this moment: heat or cold and device
  // problems, classified exactly as the alerts are.
  LiveInput live;
  live.now_ms = now;
  live.devices = installed;
  std::vector<Condition> conditions = EvaluateLive(live, t);

  if (climate) {
    bool fresh = climate->climate_at && now - *climate->climate_at < t.offline_minutes * kMinuteMs;
    std::optional<double> temp = fresh ? climate->temperature_c : std::nullopt;
    std::optional<double> hum = fresh ? climate->humidity_pct : std::nullopt;
    json::value wbgt = nullptr, band = nullptr;
    if (temp && hum) {
      if (auto w = EstimateIndoorWbgt(*temp, *hum)) {
        wbgt = *w;
        band = json::value(std::string(HeatLevelCode(ClassifyHeat(*w))));
      }
    }
    json::value level = nullptr;
    for (const auto& cond : conditions) {
      if (cond.device_id != climate->id) continue;
      if (cond.kind == AlertKind::kHeat) level = std::string(SeverityCode(cond.severity));
      if (cond.kind == AlertKind::kCold) level = "cold";
    }
    body["climate"] = json::object{{"place", climate->place},
                                   {"temperature_c", Opt(temp)},
                                   {"humidity_pct", Opt(hum)},
                                   {"measured_at", fresh ? Opt(climate->climate_at) : nullptr},
                                   {"wbgt", wbgt},
                                   {"heat_band", band},
                                   {"heat_level", level},
                                   {"temperature_min_c", Opt(t_min)},
                                   {"temperature_max_c", Opt(t_max)},
                                   {"humidity_min_pct", Opt(h_min)},
                                   {"humidity_max_pct", Opt(h_max)}};
  } else {
    body["climate"] = nullptr;
  }

  json::array problems;
  for (const auto& cond : conditions) {
    if (!IsDeviceKind(cond.kind)) continue;
    auto d = devices.find(cond.device_id);
    if (d == devices.end()) continue;
    const DeviceState& s = d->second.state;
    problems.push_back(json::object{
        {"problem", AlertKindCode(cond.kind)},
        {"device_kind", s.kind},
        {"place", s.place},
        {"battery_pct", s.battery_pct ? json::value(*s.battery_pct) : json::value(nullptr)},
        {"last_seen_at", Opt(s.last_seen_at)}});
  }
  body["device_problems"] = std::move(problems);

  ASSIGN_OR_RETURN(auto alert_rows, c.Query(kAlertsInPeriod, {person_id, period_from, slot}));
  json::array alerts;
  for (const auto& r : alert_rows) {
    auto opened = r.Int(6);
    auto resolved = r.OptInt(7);
    bool opened_in = opened >= period_from && opened < slot;
    bool resolved_in = resolved && *resolved >= period_from && *resolved < slot;
    json::value place = nullptr;
    if (auto d = devices.find(r.Text(8)); d != devices.end()) place = d->second.state.place;
    alerts.push_back(json::object{{"kind", r.Text(0)},
                                  {"category", r.Text(1)},
                                  {"severity", r.Text(2)},
                                  {"state", r.Text(3)},
                                  {"active", r.Bool(4)},
                                  {"outcome", r.OptText(5) ? json::value(*r.OptText(5)) : nullptr},
                                  {"opened_at", opened},
                                  {"resolved_at", Opt(resolved)},
                                  {"opened_in_period", opened_in},
                                  {"resolved_in_period", resolved_in},
                                  {"place", place}});
  }
  body["alerts"] = std::move(alerts);

  ASSIGN_OR_RETURN(auto absence_rows, c.Query(kAbsences, {person_id, period_from, slot}));
  json::array absences;
  for (const auto& r : absence_rows) {
    absences.push_back(
        json::object{{"reason", r.Text(0)}, {"starts_at", r.Int(1)}, {"ends_at", r.Int(2)}});
  }
  body["absences"] = std::move(absences);
  return body;
}

struct Recipient {
  std::string user_id;
  bool family = false;
};

// The care managers (team consent in force) and the active family accounts (family consent in
// force): nobody else is told.
Result<std::vector<Recipient>> RecipientsOf(db::Connection& c, const std::string& person_id,
                                            int64_t now) {
  std::vector<Recipient> out;
  ASSIGN_OR_RETURN(auto scopes, care::LoadConsentScopes(c, person_id));
  if (!scopes) return out;
  std::set<std::string> seen;
  if (scopes->team) {
    ASSIGN_OR_RETURN(auto members, care::ActiveMembers(c, person_id));
    for (const auto& m : members) {
      if (m.team_role == "care_manager" && seen.insert(m.user_id).second) {
        out.push_back({m.user_id, false});
      }
    }
  }
  if (scopes->family) {
    ASSIGN_OR_RETURN(auto family, care::FamilyStore::ListForPerson(c, person_id));
    for (const auto& f : family) {
      if (f.user_id && f.Status(now) == "active" && seen.insert(*f.user_id).second) {
        out.push_back({*f.user_id, true});
      }
    }
  }
  return out;
}

std::string ReportLink(const std::string& person_id, const std::string& report_id, bool family) {
  return (family ? "/family/persons/" + person_id : "/persons/" + person_id + "/watch") +
         "?report=" + report_id;
}

// A list item: when, and the few facts a list shows (the full body comes with Get).
json::object Summary(const db::Row& r) {
  json::object body = ParseStoredObject(r.Text(3));
  auto member = [&](const char* name) -> json::value {
    auto it = body.find(name);
    return it == body.end() ? json::value(nullptr) : it->value();
  };
  int opened = 0;
  if (auto* alerts = body.if_contains("alerts"); alerts && alerts->is_array()) {
    for (const auto& a : alerts->as_array()) {
      if (a.is_object() && a.as_object().if_contains("opened_in_period") &&
          a.at("opened_in_period").as_bool() && a.at("category") == "person") {
        ++opened;
      }
    }
  }
  json::value totals = member("totals");
  int problems = 0;
  if (auto* p = body.if_contains("device_problems"); p && p->is_array()) {
    problems = static_cast<int>(p->as_array().size());
  }
  return json::object{{"id", r.Text(0)},
                      {"slot_at", r.Int(1)},
                      {"created_at", r.Int(2)},
                      {"status", member("status")},
                      {"last_activity_at", member("last_activity_at")},
                      {"totals", totals},
                      {"alerts_opened", opened},
                      {"device_problems", problems}};
}

struct Position {
  int64_t slot_at = 0;
  std::string id;
  int limit = 20;
};

Result<Position> ReadPosition(const std::optional<std::string>& cursor,
                              const std::optional<std::string>& limit) {
  ASSIGN_OR_RETURN(auto page, ReadPage(cursor, limit, Position{}.limit));
  Position out;
  out.limit = page.limit;
  // No cursor: from the newest (after every id).
  out.slot_at = page.after ? page.after->first : std::numeric_limits<int64_t>::max();
  out.id = page.after ? page.after->second : "\x7f";
  return out;
}

}  // namespace

Result<ReportRun> Reports::RunDue(int64_t now) {
  std::lock_guard run(run_mu_);
  ReportRun out;
  struct Due {
    std::string person_id;
    int64_t slot, period_from;
    Thresholds t;
  };
  std::vector<Due> due;
  RETURN_IF_ERROR(ctx_.db.ReadSnapshot([&](db::Connection& c) -> Result<void> {
    std::map<std::string, Thresholds> regions;
    ASSIGN_OR_RETURN(auto region_rows, c.Query(kRegions));
    for (const auto& r : region_rows) {
      auto t = MergeThresholds(Thresholds{}, ParseStoredObject(r.Text(1)));
      if (t.ok()) regions[r.Text(0)] = std::move(*t);
    }
    if (!loaded_) {
      ASSIGN_OR_RETURN(auto last, c.Query(kLastSlots));
      for (const auto& r : last) last_slot_[r.Text(0)] = r.Int(1);
      loaded_ = true;
    }
    ASSIGN_OR_RETURN(auto subjects, c.Query(kSubjects));
    for (const auto& r : subjects) {
      ++out.persons;
      std::string person_id = r.Text(0);
      Thresholds t = EffectiveOf(regions, r.Text(1), r.Text(3));
      if (auto next = NextSlotAfter(now, t.report_minutes)) {
        out.next_slot_at = std::min(out.next_slot_at.value_or(*next), *next);
      }
      auto it = last_slot_.find(person_id);
      std::optional<int64_t> last;
      if (it != last_slot_.end()) last = it->second;
      auto slot = DueSlot(now, t.report_minutes, r.Int(2), last);
      if (!slot) continue;
      int64_t from = PreviousSlot(*slot, t.report_minutes).value_or(*slot - kDayMs);
      due.push_back({std::move(person_id), *slot, from, std::move(t)});
    }
    return core::Ok();
  }));
  for (const auto& d : due) {
    auto made = Make(d.person_id, d.slot, d.period_from, d.t, now, out.notified);
    if (!made.ok()) {
      spdlog::warn("watch: a scheduled report could not be made: {}", made.error().message);
      continue;
    }
    if (*made) ++out.made;
  }
  return out;
}

Result<bool> Reports::Make(const std::string& person_id, int64_t slot, int64_t period_from,
                           const Thresholds& t, int64_t now, int& notified) {
  std::string id;
  std::vector<Recipient> recipients;
  bool made = false;
  int64_t stored_last = slot;
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    made = false;
    recipients.clear();
    // Another server (or an earlier run before our memory of it) may have reported already.
    ASSIGN_OR_RETURN(auto last, c.QueryOne(kLastSlotOf, {person_id}));
    if (last && !last->IsNull(0) && last->Int(0) >= slot) {
      stored_last = last->Int(0);
      return core::Ok();
    }
    ASSIGN_OR_RETURN(json::object body, BuildBody(c, person_id, slot, period_from, t, now));
    id = core::NewId(now);
    ASSIGN_OR_RETURN(int64_t n,
                     c.Execute(kInsert, {id, person_id, slot, now, json::serialize(body)}));
    if (n == 0) return core::Ok();
    made = true;
    ASSIGN_OR_RETURN(recipients, RecipientsOf(c, person_id, now));
    return core::Ok();
  }));
  last_slot_[person_id] = stored_last;
  if (!made) return false;
  for (const auto& r : recipients) {
    ctx_.notifier.Send(r.user_id, kKind, kTitle, "", ReportLink(person_id, id, r.family),
                       person_id);
    ++notified;
  }
  return true;
}

Result<json::object> Reports::List(const std::string& person_id, const auth::Caller& caller,
                                   const std::optional<std::string>& cursor,
                                   const std::optional<std::string>& limit) {
  json::object out;
  RETURN_IF_ERROR(ctx_.db.Run([&](db::Connection& c) -> Result<void> {
    // Access first: whoever may not read the person learns nothing from validation.
    ASSIGN_OR_RETURN(auto a, ctx_.access.Require(c, person_id, caller, WatchNeed::kFamilyRead,
                                                 "watch.report.list"));
    ASSIGN_OR_RETURN(auto pos, ReadPosition(cursor, limit));
    ASSIGN_OR_RETURN(auto rows,
                     c.Query(kPage, {person_id, pos.slot_at, pos.id, int64_t{pos.limit} + 1}));
    bool more = rows.size() > static_cast<size_t>(pos.limit);
    if (more) rows.erase(rows.begin() + pos.limit, rows.end());
    json::array items;
    for (const auto& r : rows) items.push_back(Summary(r));
    out["items"] = std::move(items);
    out["next_cursor"] = more ? json::value(CursorAfter(rows.back().Int(1), rows.back().Text(0)))
                              : json::value(nullptr);
    ctx_.audit.Record(WatchAudit(caller, a, "watch.report.list"));
    return core::Ok();
  }));
  return out;
}

Result<json::object> Reports::Get(const std::string& person_id, const std::string& report_id,
                                  const auth::Caller& caller) {
  json::object out;
  RETURN_IF_ERROR(ctx_.db.Run([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto a, ctx_.access.Require(c, person_id, caller, WatchNeed::kFamilyRead,
                                                 "watch.report.read"));
    ASSIGN_OR_RETURN(auto row, c.QueryOne(kOne, {report_id, person_id}));
    if (!row) return core::Error::NotFound("レポートが見つかりません (report not found)");
    out = json::object{{"id", row->Text(0)},
                       {"person_id", person_id},
                       {"slot_at", row->Int(1)},
                       {"created_at", row->Int(2)},
                       {"body", ParseStoredObject(row->Text(3))}};
    ctx_.audit.Record(WatchAudit(caller, a, "watch.report.read", "watch_report", report_id));
    return core::Ok();
  }));
  return out;
}

Result<json::object> Reports::FamilyStatus(const std::string& person_id,
                                           const auth::Caller& caller) {
  json::object out;
  const int64_t now = ctx_.clock.NowMillis();
  RETURN_IF_ERROR(ctx_.db.ReadSnapshot([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto a, ctx_.access.Require(c, person_id, caller, WatchNeed::kFamilyRead,
                                                 "watch.status.person.read"));
    ASSIGN_OR_RETURN(auto row, PersonStatusRow(c, person_id, now));
    if (!row) {
      return Coded(core::ErrorCode::kNotFound, "not_enrolled",
                   "見守りサービスに登録されていません (not enrolled in watch)");
    }
    // What the family may see: the row without the address and without the alerts' handling
    // (ids, who took them) that is the call center's business.
    json::array alerts;
    for (const auto& v : row->at("alerts").as_array()) {
      const auto& o = v.as_object();
      alerts.push_back(json::object{{"kind", o.at("kind")},
                                    {"category", o.at("category")},
                                    {"severity", o.at("severity")},
                                    {"active", o.at("active")},
                                    {"opened_at", o.at("opened_at")}});
    }
    json::value next_report = nullptr;
    ASSIGN_OR_RETURN(auto subject, registry::FindSubject(c, person_id));
    if (subject) {
      ASSIGN_OR_RETURN(auto t,
                       Registry::Effective(c, subject->municipality_code, subject->settings_json));
      if (auto next = NextSlotAfter(now, t.report_minutes)) next_report = *next;
    }
    out = json::object{{"person_id", person_id},
                       {"name", row->at("name")},
                       {"status", row->at("status")},
                       {"severe", row->at("severe")},
                       {"last_activity_at", row->at("last_activity_at")},
                       {"today_openings", row->at("today_openings")},
                       {"temperature_c", row->at("temperature_c")},
                       {"humidity_pct", row->at("humidity_pct")},
                       {"wbgt", row->at("wbgt")},
                       {"climate_at", row->at("climate_at")},
                       {"absence", row->at("absence")},
                       {"alerts", std::move(alerts)},
                       {"device_problems", row->at("device_problems")},
                       {"next_report_at", next_report},
                       {"generated_at", now}};
    ASSIGN_OR_RETURN(auto latest, c.QueryOne(kLatest, {person_id}));
    out["latest_report"] =
        latest ? json::value(json::object{{"id", latest->Text(0)}, {"slot_at", latest->Int(1)}})
               : json::value(nullptr);
    ctx_.audit.Record(WatchAudit(caller, a, "watch.status.person.read"));
    return core::Ok();
  }));
  return out;
}

void Reports::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void Reports::Start() {
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Reports::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Reports::Loop() {
  using namespace std::chrono;
  while (!stopping_) {
    auto run = RunDue(ctx_.clock.NowMillis());
    // Sleep until the next report time anyone has, but look again at least once a minute (a
    // clock step, another server) and at once when settings change (Wake).
    milliseconds wait = 60s;
    if (!run.ok()) {
      spdlog::warn("watch: scheduled reports failed: {}", run.error().message);
    } else {
      if (run->made > 0) {
        spdlog::info("watch: {} scheduled reports made, {} notifications", run->made,
                     run->notified);
      }
      if (run->next_slot_at) {
        auto until = milliseconds(*run->next_slot_at - ctx_.clock.NowMillis() + 200);
        wait = std::clamp(until, milliseconds(200), milliseconds(60s));
      }
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, wait, [this] { return stopping_.load() || woken_; });
    if (woken_) {
      // Changes come in bursts (every alert change wakes us too): one run for a burst.
      cv_.wait_for(lock, 2s, [this] { return stopping_.load(); });
      woken_ = false;
    }
  }
}

}  // namespace watch

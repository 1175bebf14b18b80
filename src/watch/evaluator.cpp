#include "watch/evaluator.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "watch/json.h"
#include "watch/local_time.h"
#include "watch/registry_service.h"
#include "watch/registry_store.h"
#include "watch/rules.h"

namespace watch {
namespace {

using db::Statement;

constexpr Statement kSubjects{
    "watch_eval_subjects",
    "SELECT person_id, municipality_code, started_at, settings FROM watch_subjects "
    "WHERE ended_at IS NULL ORDER BY person_id"};
constexpr Statement kDevices{
    "watch_eval_devices",
    "SELECT d.person_id, d.id, d.kind, d.place, d.installed_at, d.last_seen_at, "
    "d.last_activity_at, d.battery_pct, d.temperature_c, d.humidity_pct, d.climate_at "
    "FROM watch_devices d JOIN watch_subjects s ON s.person_id = d.person_id "
    "WHERE s.ended_at IS NULL AND d.removed_at IS NULL ORDER BY d.person_id, d.installed_at, d.id"};
// Absences that matter now or to the baselines (the last five weeks).
constexpr Statement kAbsences{
    "watch_eval_absences",
    "SELECT person_id, starts_at, ends_at FROM watch_absences WHERE cancelled_at IS NULL "
    "AND ends_at > $1 AND starts_at <= $2"};
constexpr Statement kOpenAlertPersons{
    "watch_eval_open_alert_persons",
    "SELECT DISTINCT person_id FROM watch_alerts WHERE state <> 'resolved'"};
constexpr Statement kRegions{"watch_eval_regions",
                             "SELECT municipality_code, settings FROM watch_region_settings"};
constexpr Statement kHourlyActivity{
    "watch_eval_hourly_activity",
    "SELECT hour, SUM(openings + motions) FROM watch_hourly WHERE person_id = $1 AND hour >= $2 "
    "GROUP BY hour ORDER BY hour"};

constexpr AlertKind kLiveKinds[] = {AlertKind::kInactivity,    AlertKind::kDaytimeSilence,
                                    AlertKind::kHeat,          AlertKind::kCold,
                                    AlertKind::kDeviceOffline, AlertKind::kBatteryLow};
constexpr AlertKind kBaselineKinds[] = {AlertKind::kBelowBaseline, AlertKind::kNightActivity};

struct PersonInput {
  std::string municipality_code;
  int64_t started_at = 0;
  std::string settings;
  std::vector<DeviceState> devices;
  std::vector<std::pair<int64_t, int64_t>> absences;
};

// Everything the live rules need for the chosen persons (or all), in five statements.
core::Result<std::map<std::string, PersonInput>> LoadInputs(db::Connection& c,
                                                            const std::set<std::string>& only,
                                                            int64_t now) {
  std::map<std::string, PersonInput> out;
  ASSIGN_OR_RETURN(auto subjects, c.Query(kSubjects));
  for (const auto& r : subjects) {
    std::string id = r.Text(0);
    if (!only.empty() && !only.contains(id)) continue;
    PersonInput& p = out[id];
    p.municipality_code = r.Text(1);
    p.started_at = r.Int(2);
    p.settings = r.Text(3);
  }
  ASSIGN_OR_RETURN(auto devices, c.Query(kDevices));
  for (const auto& r : devices) {
    auto it = out.find(r.Text(0));
    if (it == out.end()) continue;
    DeviceState d;
    d.id = r.Text(1);
    d.kind = r.Text(2);
    d.place = r.Text(3);
    d.installed_at = r.Int(4);
    d.last_seen_at = r.OptInt(5);
    d.last_activity_at = r.OptInt(6);
    d.battery_pct = registry::OptInt32(r, 7);
    d.temperature_c = r.OptReal(8);
    d.humidity_pct = r.OptReal(9);
    d.climate_at = r.OptInt(10);
    it->second.devices.push_back(std::move(d));
  }
  ASSIGN_OR_RETURN(auto absences, c.Query(kAbsences, {now - 36 * kDayMs, now + kDayMs}));
  for (const auto& r : absences) {
    auto it = out.find(r.Text(0));
    if (it != out.end()) it->second.absences.emplace_back(r.Int(1), r.Int(2));
  }
  return out;
}

LiveInput LiveInputOf(const PersonInput& p, int64_t now) {
  LiveInput in;
  in.now_ms = now;
  in.watched_since = p.started_at;
  in.devices = p.devices;
  for (const auto& [start, end] : p.absences) {
    if (start <= now && now < end) in.absent = true;
    if (end <= now && (!in.last_absence_end || end > *in.last_absence_end)) {
      in.last_absence_end = end;
    }
  }
  return in;
}

bool ActivityDevicesOnline(const PersonInput& p, const Thresholds& t, int64_t now) {
  for (const auto& d : p.devices) {
    if (d.kind != "door" && d.kind != "motion") continue;
    int64_t since = std::max(d.last_seen_at.value_or(0), d.installed_at);
    if (now - since < t.offline_minutes * kMinuteMs) return true;
  }
  return false;
}

// A person is judged once their events have paused this long, or have kept coming this long.
constexpr auto kQuiet = std::chrono::milliseconds(1500);
constexpr auto kLongestWait = std::chrono::seconds(30);
// A person whose events arrived gets their baseline rules again when the last run is this old.
constexpr int64_t kBaselineRefreshMs = 10 * 60 * 1000;

void Append(ReconcileOutcome& into, ReconcileOutcome&& more) {
  auto move_all = [](std::vector<AlertChange>& to, std::vector<AlertChange>& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  };
  move_all(into.opened, more.opened);
  move_all(into.escalated, more.escalated);
  move_all(into.reactivated, more.reactivated);
  move_all(into.cleared, more.cleared);
}

}  // namespace

core::Result<SweepReport> Evaluator::Sweep(const std::vector<std::string>& persons, bool baseline,
                                           const std::set<std::string>& skip) {
  std::lock_guard sweep(sweep_mu_);
  const int64_t now = ctx_.clock.NowMillis();
  const int64_t hour = HourStart(now);
  std::set<std::string> only(persons.begin(), persons.end());
  std::map<std::string, PersonInput> inputs;
  std::unordered_set<std::string> with_open_alerts;
  RETURN_IF_ERROR(ctx_.db.ReadSnapshot([&](db::Connection& c) -> core::Result<void> {
    ASSIGN_OR_RETURN(inputs, LoadInputs(c, only, now));
    ASSIGN_OR_RETURN(auto open, c.Query(kOpenAlertPersons));
    for (const auto& r : open) with_open_alerts.insert(r.Text(0));
    return core::Ok();
  }));
  SweepReport report;
  std::vector<std::string> changed;
  for (const auto& [person_id, p] : inputs) {
    if (skip.contains(person_id)) continue;
    ++report.persons;
    bool run_baseline = baseline || baseline_hour_[person_id] < hour ||
                        (!only.empty() && now - baseline_at_[person_id] >= kBaselineRefreshMs);
    ReconcileOutcome outcome;
    auto status = ctx_.db.Transact([&](db::Connection& c) -> core::Result<void> {
      outcome = ReconcileOutcome{};
      ASSIGN_OR_RETURN(auto t, Registry::Effective(c, p.municipality_code, p.settings));
      LiveInput live = LiveInputOf(p, now);
      std::vector<Condition> conditions = EvaluateLive(live, t);
      if (!conditions.empty() || with_open_alerts.contains(person_id)) {
        ++report.reconciled;
        ASSIGN_OR_RETURN(outcome, alerts_.Reconcile(c, person_id, conditions, kLiveKinds, now));
      }
      if (run_baseline) {
        BaselineInput b;
        b.now_ms = now;
        b.watched_since = p.started_at;
        b.absent = live.absent;
        b.absences = p.absences;
        b.activity_devices_online = ActivityDevicesOnline(p, t, now);
        int64_t from = LocalDayStart(now) - (std::max(t.baseline_weeks * 7, 29) + 1) * kDayMs;
        ASSIGN_OR_RETURN(auto rows, c.Query(kHourlyActivity, {person_id, from}));
        b.hourly_activity.reserve(rows.size());
        for (const auto& r : rows) {
          b.hourly_activity.emplace_back(r.Int(0), static_cast<int>(r.Int(1)));
        }
        std::vector<Condition> found = EvaluateBaseline(b, t);
        if (!found.empty() || with_open_alerts.contains(person_id)) {
          ASSIGN_OR_RETURN(auto more, alerts_.Reconcile(c, person_id, found, kBaselineKinds, now));
          Append(outcome, std::move(more));
        }
      }
      return core::Ok();
    });
    if (!status.ok()) {
      spdlog::warn("watch: rules could not be evaluated for one person: {}",
                   status.error().message);
      continue;
    }
    if (run_baseline) {
      baseline_hour_[person_id] = hour;
      baseline_at_[person_id] = now;
      ++report.baselines;
    }
    if (!outcome.empty()) {
      ++report.changed;
      changed.push_back(person_id);
      alerts_.NotifyAfterCommit(outcome);
    }
  }
  if (!changed.empty() && ctx_.changed) ctx_.changed(changed);
  return report;
}

void Evaluator::MarkDirty(const std::vector<std::string>& persons) {
  const SteadyTime now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    for (const auto& p : persons) {
      auto [it, added] = dirty_.try_emplace(p, Dirty{now, now});
      it->second.last = now;
    }
  }
  cv_.notify_all();
}

std::vector<std::string> Evaluator::TakeDue(SteadyTime now) {
  std::vector<std::string> due;
  for (auto it = dirty_.begin(); it != dirty_.end();) {
    if (now - it->second.last >= kQuiet || now - it->second.first >= kLongestWait) {
      due.push_back(it->first);
      it = dirty_.erase(it);
    } else {
      ++it;
    }
  }
  return due;
}

void Evaluator::Start() {
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Evaluator::Stop() {
  stopping_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Evaluator::Loop() {
  using namespace std::chrono_literals;
  auto next_full = std::chrono::steady_clock::now();
  while (!stopping_) {
    std::vector<std::string> batch;
    std::set<std::string> pending;
    bool full = false;
    {
      std::unique_lock lock(mu_);
      cv_.wait_until(lock, std::min(next_full, std::chrono::steady_clock::now() + kQuiet),
                     [this] { return stopping_.load(); });
      if (stopping_) break;
      const SteadyTime now = std::chrono::steady_clock::now();
      batch = TakeDue(now);
      full = now >= next_full;
      // Persons whose events are still arriving wait for their own turn.
      if (full) {
        for (const auto& [person, _] : dirty_) pending.insert(person);
      }
    }
    if (full) next_full = std::chrono::steady_clock::now() + 60s;
    if (!full && batch.empty()) continue;
    if (full && !batch.empty()) {
      // Their own turn first (it refreshes their baseline), then everybody else.
      if (auto r = Sweep(batch); !r.ok())
        spdlog::warn("watch: rule sweep failed: {}", r.error().message);
      pending.insert(batch.begin(), batch.end());
    }
    auto report = full ? Sweep({}, false, pending) : Sweep(batch);
    if (!report.ok()) {
      spdlog::warn("watch: rule sweep failed: {}", report.error().message);
    } else if (full && report->changed > 0) {
      spdlog::info("watch: rules ran for {} persons; alerts changed for {}", report->persons,
                   report->changed);
    }
  }
}

}  // namespace watch

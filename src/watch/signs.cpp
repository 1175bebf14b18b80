#include "watch/signs.h"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <map>

#include "care/access.h"
#include "care/emergency_record.h"
#include "core/id.h"
#include "watch/analytics.h"
#include "watch/local_time.h"
#include "watch/trends.h"

namespace watch {
namespace {

using core::Result;
using db::Statement;

constexpr int64_t kLookbackDays = 42;

constexpr Statement kActive{"watch_sign_active",
                            "SELECT person_id FROM watch_subjects WHERE ended_at IS NULL "
                            "ORDER BY person_id"};
constexpr Statement kDevices{"watch_sign_devices",
                             "SELECT id, kind, place FROM watch_devices WHERE person_id = $1"};
constexpr Statement kAbsences{
    "watch_sign_absences",
    "SELECT starts_at, ends_at FROM watch_absences WHERE person_id = $1 AND cancelled_at IS NULL "
    "AND ends_at > $2 AND starts_at < $3"};
constexpr Statement kHourly{
    "watch_sign_hourly",
    "SELECT device_id, hour, openings, motions, events FROM watch_hourly WHERE person_id = $1 "
    "AND hour >= $2 AND hour < $3"};
// Activity times of one door or motion device (door_open = 0, motion = 2 in EventType).
constexpr Statement kActivityTimes{
    "watch_sign_activity_times",
    "SELECT ts FROM watch_events WHERE device_id = $1 AND ts >= $2 AND ts < $3 AND type IN (0, 2)"};
constexpr Statement kInsert{
    "watch_sign_insert",
    "INSERT INTO watch_signs (id, person_id, sign, week_start, detected_at, evidence) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (person_id, sign, week_start) DO NOTHING"};

}  // namespace

std::string SignJob::Link(const std::string& person_id) {
  return "/watch/persons/" + person_id + "/analytics";
}

Result<SignRunReport> SignJob::RunWeek() {
  std::lock_guard run(run_mu_);
  SignRunReport report;
  const int64_t now = ctx_.clock.NowMillis();
  const int64_t week = LocalWeekStart(now);
  const int64_t from = week - kLookbackDays * kDayMs;
  report.week_start = week;
  std::vector<std::string> persons;
  RETURN_IF_ERROR(ctx_.db.Run([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto rows, c.Query(kActive));
    for (const auto& r : rows) persons.push_back(r.Text(0));
    return core::Ok();
  }));
  for (const auto& person_id : persons) {
    ++report.persons;
    std::vector<std::string> notify;
    auto status = ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
      notify.clear();
      std::vector<DeviceRef> devices;
      bool has_fridge = false;
      ASSIGN_OR_RETURN(auto drows, c.Query(kDevices, {person_id}));
      for (const auto& r : drows) {
        devices.push_back({r.Text(0), r.Text(1), r.Text(2)});
        has_fridge |= devices.back().kind == "door" && devices.back().place == "fridge";
      }
      std::vector<Span> absences;
      ASSIGN_OR_RETURN(auto arows, c.Query(kAbsences, {person_id, from, week}));
      for (const auto& r : arows) absences.push_back({r.Int(0), r.Int(1)});
      std::vector<HourlyRow> hourly;
      ASSIGN_OR_RETURN(auto hrows, c.Query(kHourly, {person_id, from, week}));
      for (const auto& r : hrows) {
        HourlyRow h;
        h.device_id = r.Text(0);
        h.hour = r.Int(1);
        h.openings = static_cast<int>(r.Int(2));
        h.motions = static_cast<int>(r.Int(3));
        h.events = static_cast<int>(r.Int(4));
        hourly.push_back(std::move(h));
      }
      std::vector<int64_t> times;
      for (const auto& d : devices) {
        if (d.kind != "door" && d.kind != "motion") continue;
        ASSIGN_OR_RETURN(auto trows, c.Query(kActivityTimes, {d.id, from, week}));
        for (const auto& r : trows) times.push_back(r.Int(0));
      }
      // Raw events expire (90 days by default) and may be missing for some days while the
      // hourly rows are not: those days' first activity is simply unknown.
      std::vector<DayAgg> days = AggregateDays(hourly, devices, absences, from, week);
      TrendInput in = TrendInputOf(days, times, has_fridge, week);
      std::vector<SignFinding> found = DetectTrends(in, week);
      report.found += static_cast<int>(found.size());
      int stored = 0;
      for (const auto& f : found) {
        ASSIGN_OR_RETURN(int64_t n, c.Execute(kInsert, {core::NewId(now), person_id,
                                                        std::string(SignCode(f.sign)), week, now,
                                                        boost::json::serialize(f.evidence)}));
        stored += static_cast<int>(n);
      }
      report.stored += stored;
      if (stored > 0) {
        ASSIGN_OR_RETURN(notify, CareManagersWithConsent(c, person_id));
      }
      return core::Ok();
    });
    if (!status.ok()) {
      spdlog::warn("watch: trend signs could not be judged for one person: {}",
                   status.error().message);
      continue;
    }
    for (const auto& user : notify) {
      ctx_.notifier.Send(user, kKindSign, kTitleSign, "", Link(person_id), person_id);
      ++report.notified;
    }
  }
  return report;
}

void SignJob::Start() {
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void SignJob::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SignJob::Loop() {
  std::unique_lock lock(mu_);
  // Not at start-up: a server that just started has more urgent work than last weeks' trends.
  cv_.wait_for(lock, std::chrono::minutes(5), [this] { return stopping_.load(); });
  while (!stopping_) {
    const int64_t week = LocalWeekStart(ctx_.clock.NowMillis());
    if (week != last_week_) {
      lock.unlock();
      auto report = RunWeek();
      lock.lock();
      if (report.ok()) {
        last_week_ = week;
        spdlog::info("watch: trend signs for {} persons: {} found, {} new, {} notices",
                     report->persons, report->found, report->stored, report->notified);
      } else {
        spdlog::warn("watch: trend sign run failed: {}", report.error().message);
      }
    }
    cv_.wait_for(lock, std::chrono::hours(1), [this] { return stopping_.load(); });
  }
}

}  // namespace watch

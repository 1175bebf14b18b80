#include "watch/rules.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <limits>

#include "watch/local_time.h"
#include "watch/wbgt.h"

namespace watch {
namespace {

namespace json = boost::json;

constexpr int kBaselineFromMinute = 10 * 60;
constexpr double kBaselineMinMedian = 3;
constexpr int kNightEndMinute = 4 * 60;
constexpr int kNightBaselineNights = 28;
constexpr int kNightMinComparable = 14;

bool IsActivityDevice(const DeviceState& d) { return d.kind == "door" || d.kind == "motion"; }

int64_t LastHeardOrInstalled(const DeviceState& d) {
  return std::max(d.installed_at, d.last_seen_at.value_or(std::numeric_limits<int64_t>::min()));
}

bool IsOffline(const DeviceState& d, int64_t now, const Thresholds& t) {
  return now - LastHeardOrInstalled(d) >= t.offline_minutes * kMinuteMs;
}

json::value OptionalMs(const std::optional<int64_t>& ms) {
  return ms ? json::value(*ms) : json::value(nullptr);
}

double Round1(double x) { return std::round(x * 10) / 10; }

Condition Make(AlertKind kind, Severity severity, std::string device_id = {}) {
  Condition c;
  c.kind = kind;
  c.severity = severity;
  c.device_id = std::move(device_id);
  return c;
}

void EvaluateActivity(const LiveInput& in, const Thresholds& t, std::vector<Condition>& out) {
  bool any_activity_device = false;
  bool any_online = false;
  std::optional<int64_t> last_activity;
  int64_t since = in.watched_since;
  if (in.last_absence_end) since = std::max(since, *in.last_absence_end);
  int64_t watch_start = std::numeric_limits<int64_t>::max();  // first activity device installed
  for (const DeviceState& d : in.devices) {
    if (!IsActivityDevice(d)) continue;
    any_activity_device = true;
    if (!IsOffline(d, in.now_ms, t)) any_online = true;
    if (d.last_activity_at) {
      last_activity = std::max(last_activity.value_or(*d.last_activity_at), *d.last_activity_at);
    }
    since = std::max(since, d.last_activity_at.value_or(d.installed_at));
    watch_start = std::min(watch_start, d.installed_at);
  }
  if (!any_activity_device || !any_online) return;

  int64_t silent_ms = in.now_ms - since;
  if (silent_ms >= t.inactivity_hours * kHourMs) {
    Condition c = Make(AlertKind::kInactivity, Severity::kAlert);
    c.evidence["last_activity_at"] = OptionalMs(last_activity);
    c.evidence["since"] = since;
    c.evidence["hours"] = silent_ms / kHourMs;
    c.evidence["threshold_hours"] = t.inactivity_hours;
    out.push_back(std::move(c));
  }

  int64_t day = LocalDayStart(in.now_ms);
  int minute = LocalMinuteOfDay(in.now_ms);
  std::optional<int> check;
  for (int m : t.check_minutes) {
    if (m <= minute) check = m;
  }
  if (!check) return;
  int64_t window_from = day + t.silence_from_minute * kMinuteMs;
  watch_start = std::max(watch_start, in.watched_since);
  if (in.last_absence_end) watch_start = std::max(watch_start, *in.last_absence_end);
  if (watch_start > window_from) return;
  if (last_activity && *last_activity >= window_from) return;
  Condition c = Make(AlertKind::kDaytimeSilence, Severity::kAlert);
  c.evidence["check_time"] = FormatLocalTime(*check);
  c.evidence["since"] = window_from;
  c.evidence["last_activity_at"] = OptionalMs(last_activity);
  out.push_back(std::move(c));
}

void EvaluateClimate(const LiveInput& in, const Thresholds& t, std::vector<Condition>& out) {
  for (const DeviceState& d : in.devices) {
    if (d.kind != "climate" || !d.climate_at || !d.temperature_c) continue;
    if (in.now_ms - *d.climate_at >= t.offline_minutes * kMinuteMs) continue;
    if (d.humidity_pct) {
      if (auto wbgt = EstimateIndoorWbgt(*d.temperature_c, *d.humidity_pct);
          wbgt && *wbgt >= t.heat_wbgt) {
        Condition c = Make(AlertKind::kHeat,
                           *wbgt >= t.severe_wbgt ? Severity::kSevere : Severity::kAlert, d.id);
        c.evidence["wbgt"] = *wbgt;
        c.evidence["temperature_c"] = *d.temperature_c;
        c.evidence["humidity_pct"] = *d.humidity_pct;
        c.evidence["level"] = HeatLevelCode(ClassifyHeat(*wbgt));
        c.evidence["measured_at"] = *d.climate_at;
        c.evidence["threshold_wbgt"] = t.heat_wbgt;
        out.push_back(std::move(c));
      }
    }
    if (IsCold(*d.temperature_c, t.cold_below_c)) {
      Condition c = Make(AlertKind::kCold, Severity::kAlert, d.id);
      c.evidence["temperature_c"] = *d.temperature_c;
      c.evidence["humidity_pct"] =
          d.humidity_pct ? json::value(*d.humidity_pct) : json::value(nullptr);
      c.evidence["measured_at"] = *d.climate_at;
      c.evidence["threshold_c"] = t.cold_below_c;
      out.push_back(std::move(c));
    }
  }
}

void EvaluateDevices(const LiveInput& in, const Thresholds& t, std::vector<Condition>& out) {
  for (const DeviceState& d : in.devices) {
    if (IsOffline(d, in.now_ms, t)) {
      int64_t since = LastHeardOrInstalled(d);
      Condition c = Make(AlertKind::kDeviceOffline, Severity::kWatch, d.id);
      c.evidence["last_seen_at"] = OptionalMs(d.last_seen_at);
      c.evidence["since"] = since;
      c.evidence["minutes_offline"] = (in.now_ms - since) / kMinuteMs;
      c.evidence["threshold_minutes"] = t.offline_minutes;
      out.push_back(std::move(c));
    }
    if (d.battery_pct && *d.battery_pct <= t.battery_low_pct) {
      Condition c = Make(AlertKind::kBatteryLow, Severity::kWatch, d.id);
      c.evidence["battery_pct"] = *d.battery_pct;
      c.evidence["threshold_pct"] = t.battery_low_pct;
      out.push_back(std::move(c));
    }
  }
}

// Activity in [from, to) from the sorted hourly series.
int64_t SumActivity(const std::vector<std::pair<int64_t, int>>& hourly, int64_t from, int64_t to) {
  auto it = std::lower_bound(hourly.begin(), hourly.end(), from,
                             [](const auto& h, int64_t ms) { return h.first < ms; });
  int64_t sum = 0;
  for (; it != hourly.end() && it->first < to; ++it) sum += it->second;
  return sum;
}

bool OverlapsAbsence(const BaselineInput& in, int64_t from, int64_t to) {
  for (const auto& [start, end] : in.absences) {
    if (start < to && end > from) return true;
  }
  return false;
}

// A whole past local day that can serve as a baseline sample.
bool ComparableDay(const BaselineInput& in, int64_t day_start) {
  return day_start >= in.watched_since && !OverlapsAbsence(in, day_start, day_start + kDayMs);
}

double Median(std::vector<int64_t> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  if (n == 0) return 0;
  if (n % 2 == 1) return static_cast<double>(v[n / 2]);
  return (static_cast<double>(v[n / 2 - 1]) + static_cast<double>(v[n / 2])) / 2;
}

void EvaluateBelowBaseline(const BaselineInput& in, const Thresholds& t,
                           std::vector<Condition>& out) {
  if (!in.activity_devices_online) return;
  if (LocalMinuteOfDay(in.now_ms) < kBaselineFromMinute) return;
  int64_t today = LocalDayStart(in.now_ms);
  int64_t span = HourStart(in.now_ms) - today;
  if (today < in.watched_since || OverlapsAbsence(in, today, in.now_ms)) return;

  std::vector<int64_t> samples;
  json::array sample_json;
  for (int week = 1; week <= t.baseline_weeks; ++week) {
    int64_t day = today - week * 7 * kDayMs;
    if (!ComparableDay(in, day)) continue;
    int64_t n = SumActivity(in.hourly_activity, day, day + span);
    samples.push_back(n);
    sample_json.emplace_back(n);
  }
  size_t needed = std::max<size_t>(2, (t.baseline_weeks + 1) / 2);
  if (samples.size() < needed) return;
  double median = Median(samples);
  if (median < kBaselineMinMedian) return;
  int64_t actual = SumActivity(in.hourly_activity, today, today + span);
  if (!(static_cast<double>(actual) < t.baseline_ratio * median)) return;

  Condition c = Make(AlertKind::kBelowBaseline, Severity::kWatch);
  c.evidence["expected"] = median;
  c.evidence["actual"] = actual;
  c.evidence["ratio"] = t.baseline_ratio;
  c.evidence["from"] = "00:00";
  c.evidence["to"] = FormatLocalTime(static_cast<int>(span / kMinuteMs));
  c.evidence["weeks"] = static_cast<int64_t>(samples.size());
  c.evidence["samples"] = std::move(sample_json);
  out.push_back(std::move(c));
}

void EvaluateNight(const BaselineInput& in, const Thresholds& t, std::vector<Condition>& out) {
  int64_t night = LocalDayStart(in.now_ms);
  if (LocalMinuteOfDay(in.now_ms) < kNightEndMinute) night -= kDayMs;
  int64_t night_end = night + kNightEndMinute * kMinuteMs;
  if (night < in.watched_since || OverlapsAbsence(in, night, night_end)) return;

  std::vector<int64_t> samples;
  for (int k = 1; k <= kNightBaselineNights; ++k) {
    int64_t day = night - k * kDayMs;
    if (!ComparableDay(in, day)) continue;
    samples.push_back(SumActivity(in.hourly_activity, day, day + kNightEndMinute * kMinuteMs));
  }
  if (samples.size() < static_cast<size_t>(kNightMinComparable)) return;
  double median = Median(samples);
  double threshold = std::max<double>(t.night_min_openings, t.night_ratio * median);
  int64_t actual = SumActivity(in.hourly_activity, night, night_end);
  if (static_cast<double>(actual) < threshold) return;

  Condition c = Make(AlertKind::kNightActivity, Severity::kWatch);
  c.evidence["actual"] = actual;
  c.evidence["median"] = median;
  c.evidence["threshold"] = Round1(threshold);
  c.evidence["nights"] = static_cast<int64_t>(samples.size());
  c.evidence["night_of"] = night;
  c.evidence["from"] = "00:00";
  c.evidence["to"] = FormatLocalTime(kNightEndMinute);
  out.push_back(std::move(c));
}

}  // namespace

std::vector<Condition> EvaluateLive(const LiveInput& in, const Thresholds& t) {
  std::vector<Condition> out;
  if (!in.absent) {
    EvaluateActivity(in, t, out);
    EvaluateClimate(in, t, out);
  }
  EvaluateDevices(in, t, out);
  return out;
}

std::vector<Condition> EvaluateBaseline(const BaselineInput& in, const Thresholds& t) {
  std::vector<Condition> out;
  if (in.absent) return out;
  EvaluateBelowBaseline(in, t, out);
  EvaluateNight(in, t, out);
  return out;
}

}  // namespace watch

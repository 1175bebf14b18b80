// The watch rule engine (spec 06 "Detection"): from what is known about a person's devices and
// hourly activity, which conditions hold right now. Pure functions, no database and no clock: the
// caller loads the state, passes `now`, and reconciles the returned conditions with the open
// alerts (one per person or device and kind; a condition no longer returned has ended).
//
// "Activity" is a door_open from a door device or a motion event (watch-design.md); the
// activity devices are the door and motion devices. All local times are JST (local_time.h).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "watch/codes.h"
#include "watch/thresholds.h"

namespace watch {

/// One installed, not removed device as the registry knows it.
struct DeviceState {
  std::string id;
  std::string kind;   // DeviceKinds() code
  std::string place;  // Places() code
  int64_t installed_at = 0;
  std::optional<int64_t> last_seen_at;      // server receive time of the latest event (any type)
  std::optional<int64_t> last_activity_at;  // device time of the latest door_open (door kind) or
                                            // motion
  std::optional<int> battery_pct;
  std::optional<double> temperature_c, humidity_pct;
  std::optional<int64_t> climate_at;  // time of the reading above
};

struct LiveInput {
  int64_t now_ms = 0;
  int64_t watched_since = 0;                // enrolment start
  std::vector<DeviceState> devices;         // installed and not removed
  bool absent = false;                      // a scheduled absence covers now
  std::optional<int64_t> last_absence_end;  // end of the latest absence before now
};

/// A condition that holds now. Person conditions have an empty device_id except heat and cold,
/// which name the climate device that measured the room.
struct Condition {
  AlertKind kind = AlertKind::kInactivity;
  Severity severity = Severity::kWatch;
  std::string device_id;  // device conditions, and heat/cold (the climate device); "" for the
                          // person's
  boost::json::object evidence;  // what a human needs to judge; times as epoch ms, null when
                                 // unknown; the members per kind are listed below
};

/// The rules that need only the current state, in this order of output: inactivity,
/// daytime_silence, heat/cold (per climate device, in input order), then per device in input
/// order device_offline and battery_low.
///
/// Device health (shown apart, never read as the person's state):
/// - A device is offline when nothing was received from it for ≥ offline_minutes, counted from
///   the later of last_seen_at and installed_at (a new or re-installed device gets the full
///   grace period). → device_offline, severity watch, for every kind including gateways.
///   Evidence: last_seen_at (null if never), since, minutes_offline, threshold_minutes.
/// - battery_pct ≤ battery_low_pct → battery_low, severity watch (also while offline: the last
///   known level often explains why). Evidence: battery_pct, threshold_pct.
///
/// The person (all suppressed while `absent`; device conditions are still reported):
/// - inactivity (alert): now − since ≥ inactivity_hours, where since is the latest of
///   watched_since, last_absence_end and, per activity device, its last_activity_at or, if it
///   never saw activity, its installed_at. Evidence: last_activity_at (latest over all activity
///   devices, null if none), since, hours (whole hours silent), threshold_hours.
/// - daytime_silence (alert): once today's local time has reached a check time, no activity
///   since silence_from today. Holds until activity arrives (it is not re-armed per check time;
///   check_time names the latest one passed). Only judged when the whole window from
///   silence_from was watched: if enrolment, the end of an absence or the first activity
///   device's installation falls after silence_from today, today's checks are skipped (a partial
///   morning says nothing; inactivity still covers the person). Evidence: check_time ("08:00"),
///   since (silence_from today), last_activity_at.
/// - Both need at least one activity device online: when every door/motion device is offline,
///   silence is a device problem and only device_offline is raised. Activity seen by a device
///   that has since gone offline still counts as activity.
/// - No activity device at all: no inactivity or daytime_silence (nothing to judge).
/// - heat: per climate device with temperature, humidity and a reading younger than
///   offline_minutes: WBGT by EstimateIndoorWbgt; ≥ heat_wbgt → alert, ≥ severe_wbgt → severe.
///   cold: temperature < cold_below_c → alert. Evaluated whether or not there are activity
///   devices, since a hot room is a danger by itself. A stale or missing reading raises nothing
///   (the device's offline condition says so). Evidence heat: wbgt, temperature_c, humidity_pct,
///   level (HeatLevelCode with the 環境省 bands), measured_at, threshold_wbgt; cold:
///   temperature_c, humidity_pct (null if unknown), measured_at, threshold_c.
std::vector<Condition> EvaluateLive(const LiveInput& in, const Thresholds& t);

struct BaselineInput {
  int64_t now_ms = 0;
  int64_t watched_since = 0;
  bool absent = false;
  /// (UTC hour start ms, openings + motions of all the person's devices), sorted by hour,
  /// covering at least baseline_weeks weeks (and 29 nights) before today. A missing hour is 0
  /// activity; days not watched or overlapping an absence are skipped, so missing hours there do
  /// not matter.
  std::vector<std::pair<int64_t, int>> hourly_activity;
  /// [start, end) of absences; every local day such an interval overlaps is left out of the
  /// baselines.
  std::vector<std::pair<int64_t, int64_t>> absences;
  /// False when every activity device is offline now: today's low count would then be a device
  /// problem, so below_baseline is not judged (night_activity, a rise, still is).
  bool activity_devices_online = true;
};

/// Rules against the person's own history. Nothing while absent.
///
/// - below_baseline (watch): from local 10:00 on (earlier, a late morning is indistinguishable
///   from trouble), today's activity from 00:00 to the start of the current hour is compared
///   with the same hours of the same weekday in each of the last baseline_weeks weeks. A past
///   day is comparable when it started at or after watched_since and no absence overlaps it;
///   today must itself be fully watched and free of absence up to now. Needs at least
///   max(2, ⌈baseline_weeks / 2⌉) comparable days and a median ≥ 3 (below that, an ordinary
///   quiet morning would fire). Fires when today < baseline_ratio × median. Evidence: expected
///   (median), actual, ratio, from ("00:00"), to ("10:00"), weeks (days compared), samples
///   (their counts, most recent first).
/// - night_activity (watch): activity in 00:00–04:00 of the latest complete night (tonight's
///   once local time is past 04:00, else the previous night's, so that the condition holds all
///   day) against the median of the 28 nights before it. Nights before watched_since or on a day
///   overlapped by an absence are skipped; the judged night must be watched and its 00:00–04:00
///   free of absence. Needs ≥ 14 comparable nights. Fires when count ≥ max(night_min_openings,
///   night_ratio × median). Evidence: actual, median, threshold, nights (compared), night_of
///   (the local day start of the judged night), from ("00:00"), to ("04:00").
std::vector<Condition> EvaluateBaseline(const BaselineInput& in, const Thresholds& t);

}  // namespace watch

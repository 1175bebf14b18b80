// The watch rules' thresholds (spec 06 "Detection"): the built-in defaults, their JSON form, and
// how a region's settings and then a person's overrides are laid on top of each other. Pure: the
// caller reads the stored JSON and passes it in.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace watch {

/// Every number the rules in rules.h use. Defaults are the spec's; ranges are what
/// MergeThresholds accepts. Times of day are local (JST) minutes since midnight.
struct Thresholds {
  int inactivity_hours = 12;                    // 1..72
  std::vector<int> check_minutes = {480, 840};  // daytime-silence check times, local minutes
                                                // (08:00, 14:00); 1..6 entries, sorted, unique,
                                                // each > silence_from_minute
  int silence_from_minute = 360;                // 06:00
  double baseline_ratio = 0.3;  // below_baseline when today < ratio × median (0.05..0.9)
  int baseline_weeks = 4;       // 2..8
  double night_ratio = 2.0;     // night_activity when night openings ≥ max(night_min_openings,
                                // ratio × median) (1.2..10)
  int night_min_openings = 4;   // 1..50
  double heat_wbgt = 28;        // alert (20..35)
  double severe_wbgt = 31;      // severe (> heat_wbgt, ≤ 40)
  double cold_below_c = 10;     // (0..20)
  int offline_minutes = 120;    // device offline after no event for this long (15..1440)
  int battery_low_pct = 20;     // (1..60)
  int step_minutes = 15;  // escalation: time for each ladder step before it shows overdue (1..240)
  std::vector<int> report_minutes = {480, 840};  // report times, local minutes; 0..6 entries
};

/// "HH:MM" (zero-padded) for a local minute of day 0..1439.
std::string FormatLocalTime(int minute_of_day);
/// Minute of day from "HH:MM" or "H:MM" (00:00..23:59); nullopt for anything else.
std::optional<int> ParseLocalTime(std::string_view text);

/// JSON form, times as "HH:MM" strings, whole numbers as JSON integers (boost::json::serialize
/// still writes the fractions in exponent form, 0.3 as 3E-1, which is valid JSON):
/// {"inactivity_hours":12,"check_times":["08:00","14:00"],"silence_from":"06:00",
///  "baseline_ratio":0.3,"baseline_weeks":4,"night_ratio":2,"night_min_openings":4,
///  "heat_wbgt":28,"severe_wbgt":31,"cold_below_c":10,"offline_minutes":120,
///  "battery_low_pct":20,"step_minutes":15,"report_times":["08:00","14:00"]}
boost::json::object ThresholdsToJson(const Thresholds& t);

/// Applies the members present in `overrides` on top of `base` (region defaults, then the
/// person's overrides), all or nothing. A member set to null keeps the base value (how a person's
/// override is taken back). Integer members accept whole numbers only; time lists must be in
/// ascending order without duplicates. Errors are kInvalid naming the member as
/// `field_prefix + "." + member` (list items as "check_times[1]"); unknown members, wrong types,
/// out-of-range values and the cross-field rules (severe_wbgt > heat_wbgt; every check time after
/// silence_from — blamed on whichever of the two `overrides` set) are all reported, one error
/// directly, several through Error::Fields.
core::Result<Thresholds> MergeThresholds(const Thresholds& base,
                                         const boost::json::object& overrides,
                                         std::string_view field_prefix = "settings");

}  // namespace watch

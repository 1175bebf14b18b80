// Trend signs (予兆, spec 06 "Analytics"): slow changes over weeks that a care manager should look
// at — less activity (運動不足), less use of the refrigerator (食欲不振), more night activity or an
// irregular daily rhythm (認知機能低下の予兆). Pure functions over daily series; each finding
// carries the numbers behind it and names the chart that shows it.
//
// Windows, relative to `today_start` (a local day start; today itself is incomplete and never
// used): "recent" = the 14 days before today, split into its two weeks; "previous" = the 28 days
// before that. Days without data (nullopt: absent, not watched, devices down) are left out, not
// counted as zero; a window needs ≥ 10 (recent, which leaves each recent week ≥ 3) / ≥ 20
// (previous) days with data, or the sign is not judged. Thresholds compare exactly (as
// fractions), so a value at a threshold behaves as written below.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace watch {

/// One value per local day, first_day being the local day start (ms) of values[0].
struct DailySeries {
  int64_t first_day = 0;
  std::vector<std::optional<int>> values;  // nullopt = no data (absent / not watched)
};

enum class Sign {
  kLowActivity,  // 運動不足
  kLowAppetite,  // 食欲不振
  kCognitive,    // 認知機能低下の予兆
};

/// low_activity, low_appetite, cognitive_decline
std::string_view SignCode(Sign sign);

struct SignFinding {
  Sign sign = Sign::kLowActivity;
  /// recent_mean, previous_mean, ratio (recent / previous), weeks ([{from, mean}] for the two
  /// recent weeks, oldest first), recent_days, previous_days, recent_from, previous_from, chart:
  /// "activity_by_day" | "fridge_by_day" | "night_by_week" | "first_activity_by_day".
  /// cognitive_decline adds reasons (["night_rise", "irregular_rhythm"], one or both); its
  /// recent_mean/previous_mean/ratio/weeks are the night openings, and "rhythm" holds
  /// {recent_mad_minutes, previous_mad_minutes, recent_median_minute, previous_median_minute}
  /// when the rhythm could be judged.
  boost::json::object evidence;
};

struct TrendInput {
  DailySeries activity;         // openings + motions per day
  DailySeries fridge_openings;  // door_open of the fridge door per day
  DailySeries night_openings;   // activity between 00:00 and 04:00 per day
  /// Local minute of the day's first activity at or after 04:00 (night visits are counted by
  /// night_openings and would otherwise pose as the start of the day); nullopt if none.
  DailySeries first_activity_minute;
};

/// The signs that hold at `today_start`, at most one per sign, in enum order.
///
/// - low_activity: recent mean < 70 % of the previous mean, sustained: each recent week's mean is
///   also < 80 % of the previous mean (one bad week — a cold, a visit away — is not a trend).
///   Needs a previous mean ≥ 3 a day: below that, chance alone moves the numbers this much.
///   Chart activity_by_day.
/// - low_appetite: the same rule over fridge_openings. Chart fridge_by_day.
/// - cognitive_decline, either of:
///   - night_rise: recent mean night openings ≥ 1.5 × the previous mean and at least 1 a night
///     more, sustained: each recent week ≥ 1.25 × previous and ≥ previous + 0.5. Chart
///     night_by_week.
///   - irregular_rhythm: the median absolute deviation (MAD) of the first-activity minute over
///     the recent days ≥ 2 × the previous MAD and ≥ 60 minutes (a daily start that now wanders by
///     an hour or more where it was steady). Chart first_activity_by_day when this is the only
///     reason.
std::vector<SignFinding> DetectTrends(const TrendInput& in, int64_t today_start);

}  // namespace watch

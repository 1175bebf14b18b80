// Local (Japan) time for the watch rules, reports and charts. Japan has had no daylight saving
// time since 1951, so Asia/Tokyo is UTC+9 all year and plain arithmetic is exact.
#pragma once

#include <cstdint>

namespace watch {

inline constexpr int64_t kMinuteMs = 60'000;
inline constexpr int64_t kHourMs = 3'600'000;
inline constexpr int64_t kDayMs = 86'400'000;
inline constexpr int64_t kJstOffsetMs = 9 * kHourMs;

/// Floor division, so that times before 1970 still fall into the right day or hour.
constexpr int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/// The UTC epoch ms at which the local day containing `ms` starts (00:00 JST).
constexpr int64_t LocalDayStart(int64_t ms) {
  return FloorDiv(ms + kJstOffsetMs, kDayMs) * kDayMs - kJstOffsetMs;
}

/// The start of the hour containing `ms` (hours are the same in UTC and JST).
constexpr int64_t HourStart(int64_t ms) { return FloorDiv(ms, kHourMs) * kHourMs; }

/// Minutes since local midnight, 0..1439.
constexpr int LocalMinuteOfDay(int64_t ms) {
  return static_cast<int>((ms - LocalDayStart(ms)) / kMinuteMs);
}

/// Local hour of day, 0..23.
constexpr int LocalHour(int64_t ms) { return LocalMinuteOfDay(ms) / 60; }

/// Local weekday, 0 = Monday … 6 = Sunday (1970-01-01 JST was a Thursday).
constexpr int LocalWeekday(int64_t ms) {
  return static_cast<int>((FloorDiv(LocalDayStart(ms) + kJstOffsetMs, kDayMs) + 3) % 7 + 7) % 7;
}

}  // namespace watch

// Report slots (report_slots.h): plain JST arithmetic over the report times of one day.
#include "watch/report_slots.h"

#include "watch/local_time.h"

namespace watch {

std::optional<int64_t> LatestSlotAtOrBefore(int64_t now, const std::vector<int>& minutes) {
  if (minutes.empty()) return std::nullopt;
  std::optional<int64_t> best;
  // Today's times at or before now, else yesterday's: every time occurs once a day.
  for (int64_t day : {LocalDayStart(now), LocalDayStart(now) - kDayMs}) {
    for (int m : minutes) {
      int64_t at = day + m * kMinuteMs;
      if (at <= now && (!best || at > *best)) best = at;
    }
    if (best) return best;
  }
  return best;
}

std::optional<int64_t> PreviousSlot(int64_t slot, const std::vector<int>& minutes) {
  return LatestSlotAtOrBefore(slot - 1, minutes);
}

std::optional<int64_t> NextSlotAfter(int64_t now, const std::vector<int>& minutes) {
  if (minutes.empty()) return std::nullopt;
  std::optional<int64_t> best;
  for (int64_t day : {LocalDayStart(now), LocalDayStart(now) + kDayMs}) {
    for (int m : minutes) {
      int64_t at = day + m * kMinuteMs;
      if (at > now && (!best || at < *best)) best = at;
    }
    if (best) return best;
  }
  return best;
}

std::optional<int64_t> DueSlot(int64_t now, const std::vector<int>& minutes, int64_t watched_since,
                               std::optional<int64_t> last_report_slot) {
  auto slot = LatestSlotAtOrBefore(now, minutes);
  if (!slot || *slot < watched_since) return std::nullopt;
  if (last_report_slot && *slot <= *last_report_slot) return std::nullopt;
  return slot;
}

}  // namespace watch

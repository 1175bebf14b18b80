// When scheduled watch reports fall due (spec 06 "Scheduled reports", by default 08:00 and 14:00
// Japan time). A report time is a local minute of day (thresholds.h report_minutes); a slot is
// that minute on one local day as UTC epoch ms. Pure, so that the scheduler's decisions can be
// tested at any instant.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace watch {

/// The latest slot at or before `now` for the report times `minutes` (local minutes of day,
/// any order); nullopt when there are no report times.
std::optional<int64_t> LatestSlotAtOrBefore(int64_t now, const std::vector<int>& minutes);

/// The slot before `slot` (strictly earlier) for `minutes`; nullopt when there are none.
std::optional<int64_t> PreviousSlot(int64_t slot, const std::vector<int>& minutes);

/// The first slot strictly after `now`; nullopt when there are no report times.
std::optional<int64_t> NextSlotAfter(int64_t now, const std::vector<int>& minutes);

/// The slot a scheduler running at `now` must make a report for, given when the person's
/// watching started and the latest report already made (if any): the latest slot at or before
/// `now`, provided it is not before the enrolment and later than the last report. After downtime
/// this is the latest missed slot only, never a backlog; nullopt when nothing is due.
std::optional<int64_t> DueSlot(int64_t now, const std::vector<int>& minutes, int64_t watched_since,
                               std::optional<int64_t> last_report_slot);

}  // namespace watch

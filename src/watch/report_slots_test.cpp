// When scheduled reports fall due: report times are Japan time (UTC+9), any number of them a
// day, and after downtime only the latest missed one is due.
#include "watch/report_slots.h"

#include <gtest/gtest.h>

#include "watch/local_time.h"

namespace watch {
namespace {

// 2026-11-20 00:00 JST = 2026-11-19 15:00 UTC.
constexpr int64_t kDay = 1'795'100'400'000;
constexpr int64_t At(int day, int hh, int mm) {
  return kDay + day * kDayMs + hh * kHourMs + mm * kMinuteMs;
}
const std::vector<int> kDefault = {480, 840};  // 08:00, 14:00

TEST(ReportSlotsTest, ReportTimesAreJapanTimeNotUtc) {
  static_assert(LocalDayStart(kDay) == kDay, "the test's day starts at JST midnight");
  // 08:00 JST is 23:00 UTC of the day before.
  auto slot = LatestSlotAtOrBefore(At(0, 9, 0), kDefault);
  ASSERT_TRUE(slot);
  EXPECT_EQ(*slot, At(0, 8, 0));
  EXPECT_EQ((*slot + kJstOffsetMs) % kDayMs, 8 * kHourMs);
  EXPECT_EQ(*slot % kDayMs, 23 * kHourMs);
}

TEST(ReportSlotsTest, LatestSlotIsTodaysLastPassedTimeOrYesterdaysLast) {
  EXPECT_EQ(LatestSlotAtOrBefore(At(0, 8, 0), kDefault), At(0, 8, 0));  // exactly at the time
  EXPECT_EQ(LatestSlotAtOrBefore(At(0, 13, 59), kDefault), At(0, 8, 0));
  EXPECT_EQ(LatestSlotAtOrBefore(At(0, 23, 59), kDefault), At(0, 14, 0));
  EXPECT_EQ(LatestSlotAtOrBefore(At(0, 7, 59), kDefault), At(-1, 14, 0));  // before today's first
  EXPECT_EQ(LatestSlotAtOrBefore(At(0, 0, 0), kDefault), At(-1, 14, 0));
}

TEST(ReportSlotsTest, CustomTimesInAnyOrderAndNoTimesAtAll) {
  std::vector<int> custom = {1290, 390, 750};  // 21:30, 06:30, 12:30
  EXPECT_EQ(LatestSlotAtOrBefore(At(0, 12, 29), custom), At(0, 6, 30));
  EXPECT_EQ(LatestSlotAtOrBefore(At(0, 22, 0), custom), At(0, 21, 30));
  EXPECT_EQ(PreviousSlot(At(0, 6, 30), custom), At(-1, 21, 30));
  EXPECT_EQ(NextSlotAfter(At(0, 21, 30), custom), At(1, 6, 30));
  EXPECT_EQ(NextSlotAfter(At(0, 12, 0), custom), At(0, 12, 30));
  EXPECT_FALSE(LatestSlotAtOrBefore(At(0, 12, 0), {}));
  EXPECT_FALSE(NextSlotAfter(At(0, 12, 0), {}));
  // One time a day: the previous slot is a day earlier.
  EXPECT_EQ(PreviousSlot(At(0, 8, 0), {480}), At(-1, 8, 0));
}

TEST(ReportSlotsTest, PreviousSlotOfTheMorningReportIsYesterdaysAfternoon) {
  EXPECT_EQ(PreviousSlot(At(0, 8, 0), kDefault), At(-1, 14, 0));
  EXPECT_EQ(PreviousSlot(At(0, 14, 0), kDefault), At(0, 8, 0));
}

TEST(ReportSlotsTest, AfterDowntimeOnlyTheLatestMissedSlotIsDue) {
  // Last report yesterday 08:00; the server was down until today 15:00: three slots were
  // missed, only today's 14:00 is made.
  EXPECT_EQ(DueSlot(At(0, 15, 0), kDefault, At(-10, 0, 0), At(-1, 8, 0)), At(0, 14, 0));
}

TEST(ReportSlotsTest, NothingIsDueTwiceOrBeforeTheEnrolment) {
  EXPECT_FALSE(DueSlot(At(0, 15, 0), kDefault, At(-10, 0, 0), At(0, 14, 0)));  // made already
  EXPECT_EQ(DueSlot(At(0, 15, 0), kDefault, At(-10, 0, 0), std::nullopt), At(0, 14, 0));
  // Enrolled at 14:30: the 14:00 report is not theirs; the next is.
  EXPECT_FALSE(DueSlot(At(0, 15, 0), kDefault, At(0, 14, 30), std::nullopt));
  EXPECT_EQ(DueSlot(At(1, 8, 1), kDefault, At(0, 14, 30), std::nullopt), At(1, 8, 0));
  // Report times changed to later ones: an earlier slot than the last report is not made.
  EXPECT_FALSE(DueSlot(At(0, 15, 0), {600}, At(-10, 0, 0), At(0, 14, 0)));
  EXPECT_FALSE(DueSlot(At(0, 15, 0), {}, At(-10, 0, 0), std::nullopt));
}

}  // namespace
}  // namespace watch

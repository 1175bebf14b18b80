// Tests for the analytics aggregation: means count watched days only (days without events and
// absent hours are left out, not read as zero), days, weekdays and weeks follow Japan time, a
// cohort below five persons shows no figures, and the trend input reads the day's start after
// 04:00.
#include "watch/analytics.h"

#include <gtest/gtest.h>

#include "watch/local_time.h"

namespace watch {
namespace {

// Monday 2 November 2026, 00:00 JST (= Sunday 1 November 15:00 UTC).
const int64_t kMonday = *ParseLocalDate("2026-11-02");

HourlyRow Row(const std::string& device, int64_t hour, int openings, int motions = 0,
              int events = -1) {
  HourlyRow r;
  r.device_id = device;
  r.hour = hour;
  r.openings = openings;
  r.motions = motions;
  r.events = events < 0 ? openings * 2 + motions : events;
  return r;
}

const std::vector<DeviceRef> kDevices = {
    {"door-1", "door", "entrance"}, {"fridge-1", "door", "fridge"}, {"pir-1", "motion", "living"}};

TEST(AnalyticsDates, LocalDatesFollowJapanTimeAndRejectImpossibleDays) {
  EXPECT_EQ(LocalWeekday(kMonday), 0);
  EXPECT_EQ(kMonday % kDayMs, kDayMs - kJstOffsetMs);  // 15:00 UTC the day before
  EXPECT_EQ(LocalDate(kMonday), "2026-11-02");
  EXPECT_EQ(LocalDate(kMonday - 1), "2026-11-01");
  EXPECT_EQ(LocalMonth(*ParseLocalDate("2026-12-01")), "2026-12");
  EXPECT_FALSE(ParseLocalDate("2026-02-30"));
  EXPECT_FALSE(ParseLocalDate("2026-13-01"));
  EXPECT_FALSE(ParseLocalDate("2026-1-01"));
  EXPECT_TRUE(ParseLocalDate("2028-02-29"));
}

TEST(AnalyticsDates, WeeksStartOnMondayMidnightJapanTime) {
  EXPECT_EQ(LocalWeekStart(kMonday), kMonday);
  EXPECT_EQ(LocalWeekStart(kMonday + 7 * kDayMs - 1), kMonday);  // Sunday 23:59:59 JST
  EXPECT_EQ(LocalWeekStart(kMonday + 7 * kDayMs), kMonday + 7 * kDayMs);
  EXPECT_EQ(LocalWeekStart(kMonday - 1), kMonday - 7 * kDayMs);
}

TEST(AnalyticsAggregation, HourOfDayMeansCountWatchedDaysOnly) {
  // Day 0: 4 openings at 08:00 JST; day 1: nothing at all (devices down); day 2: 2 at 08:00 and
  // a heartbeat-only hour.
  std::vector<HourlyRow> rows = {Row("door-1", kMonday + 8 * kHourMs, 4),
                                 Row("door-1", kMonday + 2 * kDayMs + 8 * kHourMs, 2),
                                 Row("door-1", kMonday + 2 * kDayMs + 20 * kHourMs, 0, 0, 1)};
  auto days = AggregateDays(rows, kDevices, {}, kMonday, kMonday + 3 * kDayMs);
  ASSERT_EQ(days.size(), 3u);
  EXPECT_TRUE(days[0].watched);
  EXPECT_FALSE(days[1].watched);
  HourProfile p = HourOfDay(days);
  EXPECT_EQ(p.watched_days, 2);
  EXPECT_DOUBLE_EQ(p.mean[8], 3.0);  // (4 + 2) / 2 watched days, not / 3
  EXPECT_DOUBLE_EQ(p.mean[20], 0.0);
}

TEST(AnalyticsAggregation, TheEnrolmentDayCountsOnlyWhenItBeganAtMidnight) {
  // Enrolled (and the sensors installed) at Monday 22:00 JST: Monday's two late openings would
  // read as an almost silent day.
  std::vector<HourlyRow> rows = {Row("door-1", kMonday + 22 * kHourMs, 2),
                                 Row("door-1", kMonday + kDayMs + 8 * kHourMs, 5)};
  auto late = AggregateDays(rows, kDevices, {BeforeFirstFullDay(kMonday + 22 * kHourMs)}, kMonday,
                            kMonday + 2 * kDayMs);
  EXPECT_FALSE(late[0].watched);
  EXPECT_TRUE(late[1].watched);
  EXPECT_EQ(HourOfDay(late).watched_days, 1);
  auto midnight =
      AggregateDays(rows, kDevices, {BeforeFirstFullDay(kMonday)}, kMonday, kMonday + 2 * kDayMs);
  EXPECT_TRUE(midnight[0].watched);
  EXPECT_EQ(HourOfDay(midnight).watched_days, 2);
}

TEST(AnalyticsAggregation, HoursInAnAbsenceAreLeftOut) {
  std::vector<HourlyRow> rows = {Row("door-1", kMonday + 8 * kHourMs, 4),
                                 Row("door-1", kMonday + kDayMs + 8 * kHourMs, 1)};
  std::vector<Span> away = {{kMonday + kDayMs, kMonday + 2 * kDayMs}};
  auto days = AggregateDays(rows, kDevices, away, kMonday, kMonday + 2 * kDayMs);
  EXPECT_FALSE(days[1].watched);
  EXPECT_EQ(HourOfDay(days).watched_days, 1);
  EXPECT_DOUBLE_EQ(HourOfDay(days).mean[8], 4.0);
}

TEST(AnalyticsAggregation, UtcHoursLandOnTheirJapanHourAndWeekday) {
  // Monday 00:30 JST is Sunday 15:30 UTC: it belongs to Monday, hour 0, and to the night.
  std::vector<HourlyRow> rows = {Row("fridge-1", kMonday, 3), Row("pir-1", kMonday, 0, 2),
                                 Row("door-1", kMonday - kHourMs, 5)};  // Sunday 23:00 JST
  auto days = AggregateDays(rows, kDevices, {}, kMonday - kDayMs, kMonday + kDayMs);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[1].by_hour[0], 5);  // openings + motions
  EXPECT_EQ(days[1].night, 5);
  EXPECT_EQ(days[1].fridge, 3);
  EXPECT_EQ(days[0].by_hour[23], 5);
  EXPECT_EQ(days[0].night, 0);
  WeekdayOpenings wd = OpeningsByWeekday(days);
  EXPECT_EQ(wd.watched_days[0], 1);  // Monday
  EXPECT_EQ(wd.watched_days[6], 1);  // Sunday
  EXPECT_DOUBLE_EQ(wd.mean.at("fridge")[0], 3.0);
  EXPECT_DOUBLE_EQ(wd.mean.at("entrance")[6], 5.0);
  EXPECT_DOUBLE_EQ(wd.mean.at("entrance")[0], 0.0);
  EXPECT_FALSE(wd.mean.contains("living"));  // motions are no openings
}

TEST(AnalyticsAggregation, NightWeeksSplitAtMondayAndAverageWatchedNights) {
  std::vector<HourlyRow> rows;
  // Sunday 03:00 JST (the first week) and Monday 01:00 + 04:00 JST (the second; 04:00 is night
  // for the chart, 00:00–05:00) and a Tuesday with no data.
  rows.push_back(Row("door-1", kMonday - kDayMs + 3 * kHourMs, 2));
  rows.push_back(Row("door-1", kMonday + 1 * kHourMs, 1));
  rows.push_back(Row("door-1", kMonday + 4 * kHourMs, 3));
  rows.push_back(Row("door-1", kMonday + 2 * kDayMs + 5 * kHourMs, 7));  // Wednesday 05:00: day
  auto days = AggregateDays(rows, kDevices, {}, kMonday - kDayMs, kMonday + 3 * kDayMs);
  auto weeks = NightByWeek(days);
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].week_start, kMonday - 7 * kDayMs);
  EXPECT_EQ(weeks[0].total, 2);
  EXPECT_EQ(weeks[1].week_start, kMonday);
  EXPECT_EQ(weeks[1].total, 4);
  EXPECT_EQ(weeks[1].watched_nights, 2);  // Monday and Wednesday; Tuesday had no data
  EXPECT_DOUBLE_EQ(*weeks[1].mean, 2.0);
  EXPECT_EQ(days[1].night_early, 1);  // the trend rule's night ends at 04:00
}

TEST(AnalyticsCohort, FewerThanFivePersonsShowNoFigures) {
  HourProfile p;
  p.watched_days = 10;
  p.mean[7] = 2.0;
  HourProfile idle;  // no watched day: does not count
  std::vector<HourProfile> four(4, p);
  four.push_back(idle);
  CohortProfile small = CohortOf(four);
  EXPECT_EQ(small.size, 4);
  EXPECT_FALSE(small.mean.has_value());

  std::vector<HourProfile> five(5, p);
  five[4].mean[7] = 7.0;
  CohortProfile ok = CohortOf(five);
  EXPECT_EQ(ok.size, 5);
  ASSERT_TRUE(ok.mean.has_value());
  EXPECT_DOUBLE_EQ((*ok.mean)[7], 3.0);  // mean of the persons' means
}

TEST(AnalyticsCohort, AgeBandsAreFiveYearsOnTheLocalDate) {
  const int64_t day = *ParseLocalDate("2026-11-02");
  EXPECT_EQ(AgeBand("1946-11-02", day), "80-84");  // 80th birthday today
  EXPECT_EQ(AgeBand("1946-11-03", day), "75-79");  // tomorrow
  EXPECT_EQ(AgeBand("unknown", day), "");
}

TEST(AnalyticsRegion, PercentilesAreNearestRank) {
  EXPECT_FALSE(Percentile({}, 50));
  EXPECT_EQ(*Percentile({30, 10, 20}, 50), 20);
  EXPECT_EQ(*Percentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90), 9);
  EXPECT_EQ(*Percentile({5}, 90), 5);
}

TEST(AnalyticsTrends, TrendInputTakesTheFirstActivityAfterFourAndOnlyOnWatchedDays) {
  const int64_t today = kMonday;
  const int64_t yesterday = today - kDayMs;
  std::vector<HourlyRow> rows = {Row("door-1", yesterday + 6 * kHourMs, 1)};
  auto days = AggregateDays(rows, kDevices, {}, today - 42 * kDayMs, today);
  std::vector<int64_t> times = {yesterday + 2 * kHourMs,                   // night visit
                                yesterday + 6 * kHourMs + 15 * kMinuteMs,  // 06:15
                                yesterday + 9 * kHourMs,
                                yesterday - kDayMs + 7 * kHourMs};  // a day without hourly data
  TrendInput in = TrendInputOf(days, times, /*has_fridge=*/false, today);
  ASSERT_EQ(in.first_activity_minute.values.size(), 42u);
  EXPECT_EQ(in.first_activity_minute.values[41], 6 * 60 + 15);
  EXPECT_FALSE(in.first_activity_minute.values[40].has_value());
  EXPECT_EQ(in.activity.values[41], 1);
  EXPECT_FALSE(in.activity.values[40].has_value());
  EXPECT_FALSE(in.fridge_openings.values[41].has_value());  // no fridge door: not zero
}

}  // namespace
}  // namespace watch

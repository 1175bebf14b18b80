// Tests for the trend signs (予兆): each sign fires on a sustained change and not at the edge of
// its threshold, days without data are left out rather than read as zero, and too little data
// judges nothing.
#include "watch/trends.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <functional>

#include "watch/local_time.h"

namespace watch {
namespace {

namespace json = boost::json;

// 1 September 2026, 00:00 JST.
constexpr int64_t kToday = 20697 * kDayMs - kJstOffsetMs;
static_assert(LocalDayStart(kToday) == kToday);

constexpr int kHistoryDays = 60;

// A series covering the 60 days before today and today itself; `value(d)` gives day d, counted
// backwards: d = 1 is yesterday, d = 14 the first day of the recent window, d = 15..42 the
// previous window, 0 today.
DailySeries Series(const std::function<std::optional<int>(int)>& value) {
  DailySeries s;
  s.first_day = kToday - kHistoryDays * kDayMs;
  for (int i = 0; i <= kHistoryDays; ++i) s.values.push_back(value(kHistoryDays - i));
  return s;
}

// `previous` a day in the 28 days before the recent window, `week1` in days 14..8 before today,
// `week2` in the last seven days.
DailySeries Steps(int previous, int week1, int week2) {
  return Series([=](int d) -> std::optional<int> {
    if (d == 0) return 0;  // today so far: must not be used
    if (d <= 7) return week2;
    if (d <= 14) return week1;
    return previous;
  });
}

DailySeries Flat(int value) { return Steps(value, value, value); }

TrendInput Steady() {
  TrendInput in;
  in.activity = Flat(80);
  in.fridge_openings = Flat(12);
  in.night_openings = Flat(1);
  in.first_activity_minute = Series([](int d) -> std::optional<int> { return 390 + (d % 2) * 10; });
  return in;
}

// A copy, so that it outlives the vector DetectTrends returned.
std::optional<SignFinding> Find(const std::vector<SignFinding>& fs, Sign sign) {
  for (const SignFinding& f : fs) {
    if (f.sign == sign) return f;
  }
  return std::nullopt;
}

bool Has(const TrendInput& in, Sign sign) {
  return Find(DetectTrends(in, kToday), sign).has_value();
}

TEST(TrendsTest, SteadyLifeShowsNoSign) { EXPECT_TRUE(DetectTrends(Steady(), kToday).empty()); }

TEST(TrendsTest, SignCodes) {
  EXPECT_EQ(SignCode(Sign::kLowActivity), "low_activity");
  EXPECT_EQ(SignCode(Sign::kLowAppetite), "low_appetite");
  EXPECT_EQ(SignCode(Sign::kCognitive), "cognitive_decline");
}

// ---- low activity (運動不足) ----

TEST(TrendsTest, LowActivityWhenTwoWeeksFallBelowSeventyPercent) {
  TrendInput in = Steady();
  in.activity = Steps(100, 60, 60);
  auto fs = DetectTrends(in, kToday);
  ASSERT_EQ(fs.size(), 1u);
  const SignFinding& f = fs.front();
  EXPECT_EQ(f.sign, Sign::kLowActivity);
  EXPECT_DOUBLE_EQ(f.evidence.at("recent_mean").as_double(), 60);
  EXPECT_DOUBLE_EQ(f.evidence.at("previous_mean").as_double(), 100);
  EXPECT_DOUBLE_EQ(f.evidence.at("ratio").as_double(), 0.6);
  EXPECT_EQ(f.evidence.at("chart"), "activity_by_day");
  EXPECT_EQ(f.evidence.at("recent_days").as_int64(), 14);
  EXPECT_EQ(f.evidence.at("previous_days").as_int64(), 28);
  EXPECT_EQ(f.evidence.at("recent_from").as_int64(), kToday - 14 * kDayMs);
  EXPECT_EQ(f.evidence.at("previous_from").as_int64(), kToday - 42 * kDayMs);
  const json::array& weeks = f.evidence.at("weeks").as_array();
  ASSERT_EQ(weeks.size(), 2u);
  EXPECT_EQ(weeks[0].at("from").as_int64(), kToday - 14 * kDayMs);
  EXPECT_EQ(weeks[1].at("from").as_int64(), kToday - 7 * kDayMs);
  EXPECT_DOUBLE_EQ(weeks[1].at("mean").as_double(), 60);
}

TEST(TrendsTest, LowActivityNotAtExactlySeventyPercent) {
  TrendInput in = Steady();
  in.activity = Steps(100, 70, 70);
  EXPECT_FALSE(Has(in, Sign::kLowActivity));
  in.activity = Steps(100, 69, 69);
  EXPECT_TRUE(Has(in, Sign::kLowActivity));
}

TEST(TrendsTest, OneBadWeekIsNotASustainedDecline) {
  TrendInput in = Steady();
  in.activity = Steps(100, 90, 40);  // mean 65 %, but the first week was ordinary
  EXPECT_FALSE(Has(in, Sign::kLowActivity));
  in.activity = Steps(100, 80, 50);  // first week at exactly 80 %: still not below it
  EXPECT_FALSE(Has(in, Sign::kLowActivity));
  in.activity = Steps(100, 79, 50);
  EXPECT_TRUE(Has(in, Sign::kLowActivity));
}

TEST(TrendsTest, DaysWithoutDataAreLeftOutNotCountedAsZero) {
  TrendInput in = Steady();
  // Four days away in the last week: as zeros the mean would be 64 % of before.
  in.activity = Series([](int d) -> std::optional<int> {
    if (d >= 1 && d <= 4) return std::nullopt;
    return d <= 14 && d >= 1 ? 90 : 100;
  });
  EXPECT_FALSE(Has(in, Sign::kLowActivity));
}

TEST(TrendsTest, TodayIsNeverPartOfTheRecentWindow) {
  TrendInput in = Steady();
  in.activity = Series([](int d) -> std::optional<int> { return d == 0 ? 0 : 100; });
  EXPECT_FALSE(Has(in, Sign::kLowActivity));
}

TEST(TrendsTest, RecentWindowNeedsTenDaysWithData) {
  TrendInput in = Steady();
  auto with_recent_days = [](int days_with_data) {
    return Series([=](int d) -> std::optional<int> {
      if (d == 0) return std::nullopt;
      if (d <= 14) {
        // Spread the missing days over both weeks so that each week keeps three or more.
        int missing = 14 - days_with_data;
        bool gone = (d % 2 == 0 && d / 2 <= missing);
        return gone ? std::nullopt : std::optional<int>(50);
      }
      return 100;
    });
  };
  in.activity = with_recent_days(9);
  EXPECT_FALSE(Has(in, Sign::kLowActivity));
  in.activity = with_recent_days(10);
  std::optional<SignFinding> f = Find(DetectTrends(in, kToday), Sign::kLowActivity);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->evidence.at("recent_days").as_int64(), 10);
}

TEST(TrendsTest, PreviousWindowNeedsTwentyDaysWithData) {
  TrendInput in = Steady();
  auto with_previous_days = [](int days_with_data) {
    return Series([=](int d) -> std::optional<int> {
      if (d >= 1 && d <= 14) return 50;
      if (d >= 15 && d <= 42)
        return d - 15 < days_with_data ? std::optional<int>(100) : std::nullopt;
      return std::nullopt;  // nothing further back either
    });
  };
  in.activity = with_previous_days(19);
  EXPECT_FALSE(Has(in, Sign::kLowActivity));
  in.activity = with_previous_days(20);
  EXPECT_TRUE(Has(in, Sign::kLowActivity));
}

TEST(TrendsTest, SeriesShorterThanTheWindowsJudgesNothing) {
  TrendInput in = Steady();
  in.activity.first_day = kToday - 20 * kDayMs;  // only the last 20 days are known
  in.activity.values.assign(20, 10);
  EXPECT_FALSE(Has(in, Sign::kLowActivity));
  in.activity = DailySeries{};
  EXPECT_FALSE(Has(in, Sign::kLowActivity));
}

TEST(TrendsTest, VeryLowCountsAreTooNoisyForADecline) {
  TrendInput in = Steady();
  in.fridge_openings = Steps(2, 0, 0);
  EXPECT_FALSE(Has(in, Sign::kLowAppetite));
  in.fridge_openings = Steps(3, 0, 0);
  EXPECT_TRUE(Has(in, Sign::kLowAppetite));
}

// ---- low appetite (食欲不振) ----

TEST(TrendsTest, LowAppetiteFromFridgeOpeningsWithItsChart) {
  TrendInput in = Steady();
  in.fridge_openings = Steps(12, 7, 6);
  auto fs = DetectTrends(in, kToday);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].sign, Sign::kLowAppetite);
  EXPECT_EQ(fs[0].evidence.at("chart"), "fridge_by_day");
  EXPECT_DOUBLE_EQ(fs[0].evidence.at("recent_mean").as_double(), 6.5);
  EXPECT_DOUBLE_EQ(fs[0].evidence.at("ratio").as_double(), 0.54);
}

TEST(TrendsTest, LowAppetiteEdge) {
  TrendInput in = Steady();
  in.fridge_openings = Steps(10, 7, 7);
  EXPECT_FALSE(Has(in, Sign::kLowAppetite));
  in.fridge_openings = Steps(10, 7, 6);
  EXPECT_TRUE(Has(in, Sign::kLowAppetite));
}

TEST(TrendsTest, SignsAreReportedTogetherInEnumOrder) {
  TrendInput in = Steady();
  in.activity = Steps(100, 50, 50);
  in.fridge_openings = Steps(12, 5, 5);
  in.night_openings = Steps(1, 4, 4);
  auto fs = DetectTrends(in, kToday);
  ASSERT_EQ(fs.size(), 3u);
  EXPECT_EQ(fs[0].sign, Sign::kLowActivity);
  EXPECT_EQ(fs[1].sign, Sign::kLowAppetite);
  EXPECT_EQ(fs[2].sign, Sign::kCognitive);
}

// ---- cognitive decline (認知機能低下の予兆) ----

TEST(TrendsTest, NightRiseFlagsCognitiveDecline) {
  TrendInput in = Steady();
  in.night_openings = Steps(1, 3, 3);
  auto fs = DetectTrends(in, kToday);
  ASSERT_EQ(fs.size(), 1u);
  const SignFinding& f = fs[0];
  EXPECT_EQ(f.sign, Sign::kCognitive);
  EXPECT_EQ(f.evidence.at("chart"), "night_by_week");
  EXPECT_EQ(json::serialize(f.evidence.at("reasons")), R"(["night_rise"])");
  EXPECT_DOUBLE_EQ(f.evidence.at("recent_mean").as_double(), 3);
  EXPECT_DOUBLE_EQ(f.evidence.at("previous_mean").as_double(), 1);
  EXPECT_DOUBLE_EQ(f.evidence.at("ratio").as_double(), 3);
  ASSERT_TRUE(f.evidence.contains("rhythm"));  // judged, and steady
}

TEST(TrendsTest, NightRiseAtExactlyOneAndAHalfTimesAndOneMore) {
  TrendInput in = Steady();
  in.night_openings = Steps(2, 3, 3);
  EXPECT_TRUE(Has(in, Sign::kCognitive));
  // One night of 2 instead of 3: mean 2.93, under 1.5 × 2.
  in.night_openings = Series([](int d) -> std::optional<int> {
    if (d == 1) return 2;
    return d >= 1 && d <= 14 ? 3 : 2;
  });
  EXPECT_FALSE(Has(in, Sign::kCognitive));
}

TEST(TrendsTest, NightRiseNeedsAtLeastOneMoreANight) {
  TrendInput in = Steady();
  auto alternating = [](int low, int high, int recent_low, int recent_high) {
    return Series([=](int d) -> std::optional<int> {
      bool odd = d % 2 == 1;
      if (d >= 1 && d <= 14) return odd ? recent_high : recent_low;
      return odd ? high : low;
    });
  };
  // 0.5 a night before; 1.0 now is twice as many but only half a night more.
  in.night_openings = alternating(0, 1, 1, 1);
  EXPECT_FALSE(Has(in, Sign::kCognitive));
  // 1.5 a night now: a full one more.
  in.night_openings = alternating(0, 1, 1, 2);
  EXPECT_TRUE(Has(in, Sign::kCognitive));
}

TEST(TrendsTest, NightRiseNeedsHalfAgainTheUsualNotJustOneMore) {
  TrendInput in = Steady();
  in.night_openings = Steps(4, 6, 5);  // 1.5 more a night, but only 1.375 × as many
  EXPECT_FALSE(Has(in, Sign::kCognitive));
  in.night_openings = Steps(4, 6, 6);
  EXPECT_TRUE(Has(in, Sign::kCognitive));
}

TEST(TrendsTest, NightRiseMustHoldInBothWeeks) {
  TrendInput in = Steady();
  in.night_openings = Steps(1, 1, 5);  // mean 3, but only the last week
  EXPECT_FALSE(Has(in, Sign::kCognitive));
  in.night_openings = Steps(2, 2, 6);  // first week at the old level
  EXPECT_FALSE(Has(in, Sign::kCognitive));
}

TEST(TrendsTest, FewerNightOpeningsAreNoSign) {
  TrendInput in = Steady();
  in.night_openings = Steps(4, 0, 0);
  EXPECT_FALSE(Has(in, Sign::kCognitive));
}

// Previous days alternate 330/390 (median 360, MAD 30); recent days alternate 360 ± spread.
DailySeries Rhythm(int recent_spread) {
  return Series([=](int d) -> std::optional<int> {
    bool odd = d % 2 == 1;
    if (d >= 1 && d <= 14) return odd ? 360 + recent_spread : 360 - recent_spread;
    return odd ? 390 : 330;
  });
}

TEST(TrendsTest, IrregularRhythmFlagsCognitiveDecline) {
  TrendInput in = Steady();
  in.first_activity_minute = Rhythm(90);
  auto fs = DetectTrends(in, kToday);
  ASSERT_EQ(fs.size(), 1u);
  const SignFinding& f = fs[0];
  EXPECT_EQ(f.sign, Sign::kCognitive);
  EXPECT_EQ(json::serialize(f.evidence.at("reasons")), R"(["irregular_rhythm"])");
  EXPECT_EQ(f.evidence.at("chart"), "first_activity_by_day");
  const json::object& rhythm = f.evidence.at("rhythm").as_object();
  EXPECT_DOUBLE_EQ(rhythm.at("recent_mad_minutes").as_double(), 90);
  EXPECT_DOUBLE_EQ(rhythm.at("previous_mad_minutes").as_double(), 30);
  EXPECT_DOUBLE_EQ(rhythm.at("recent_median_minute").as_double(), 360);
}

TEST(TrendsTest, IrregularRhythmEdgeAtTwiceTheOldSpreadAndAnHour) {
  TrendInput in = Steady();
  in.first_activity_minute = Rhythm(60);  // MAD 60 = 2 × 30 and = 60 minutes
  EXPECT_TRUE(Has(in, Sign::kCognitive));
  in.first_activity_minute = Rhythm(59);
  EXPECT_FALSE(Has(in, Sign::kCognitive));
}

TEST(TrendsTest, WanderingUnderAnHourIsNotIrregular) {
  TrendInput in = Steady();
  // Very steady before (MAD 5), now ±50 minutes: ten times the spread, but under an hour.
  in.first_activity_minute = Series([](int d) -> std::optional<int> {
    bool odd = d % 2 == 1;
    if (d >= 1 && d <= 14) return odd ? 410 : 310;
    return odd ? 365 : 355;
  });
  EXPECT_FALSE(Has(in, Sign::kCognitive));
}

TEST(TrendsTest, AlwaysIrregularIsNotANewSign) {
  TrendInput in = Steady();
  in.first_activity_minute = Series([](int d) -> std::optional<int> {
    return d % 2 == 1 ? 450 : 270;  // ±90 minutes all along
  });
  EXPECT_FALSE(Has(in, Sign::kCognitive));
}

TEST(TrendsTest, BothReasonsAreNamedAndTheNightChartShown) {
  TrendInput in = Steady();
  in.night_openings = Steps(1, 3, 3);
  in.first_activity_minute = Rhythm(90);
  std::optional<SignFinding> f = Find(DetectTrends(in, kToday), Sign::kCognitive);
  ASSERT_TRUE(f);
  EXPECT_EQ(json::serialize(f->evidence.at("reasons")), R"(["night_rise","irregular_rhythm"])");
  EXPECT_EQ(f->evidence.at("chart"), "night_by_week");
}

TEST(TrendsTest, RhythmNeedsEnoughDays) {
  TrendInput in = Steady();
  in.first_activity_minute = Rhythm(90);
  for (int d = 1; d <= 5; ++d) {
    in.first_activity_minute.values[kHistoryDays - d] = std::nullopt;  // 9 recent days left
  }
  EXPECT_FALSE(Has(in, Sign::kCognitive));
}

}  // namespace
}  // namespace watch

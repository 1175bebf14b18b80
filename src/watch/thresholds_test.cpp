// Tests for the watch thresholds: defaults, the JSON form, merging region and person overrides,
// and validation errors that name the field at fault.
#include "watch/thresholds.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace watch {
namespace {

namespace json = boost::json;

json::object Obj(std::string_view text) { return json::parse(text).as_object(); }

core::Result<Thresholds> Merge(std::string_view overrides, const Thresholds& base = {}) {
  return MergeThresholds(base, Obj(overrides));
}

// The one field the merge blamed, for single-error cases.
std::string FieldOf(const core::Result<Thresholds>& r) {
  EXPECT_FALSE(r.ok());
  if (r.ok()) return "";
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalid);
  return r.error().field;
}

std::string CodeOf(const core::Result<Thresholds>& r) {
  if (r.ok() || r.error().details.empty()) return "";
  return r.error().details.front().code;
}

TEST(ThresholdsTest, DefaultsAreTheSpecs) {
  Thresholds t;
  EXPECT_EQ(t.inactivity_hours, 12);
  EXPECT_EQ(t.check_minutes, (std::vector<int>{480, 840}));
  EXPECT_EQ(t.silence_from_minute, 360);
  EXPECT_DOUBLE_EQ(t.baseline_ratio, 0.3);
  EXPECT_EQ(t.baseline_weeks, 4);
  EXPECT_DOUBLE_EQ(t.heat_wbgt, 28);
  EXPECT_DOUBLE_EQ(t.severe_wbgt, 31);
  EXPECT_DOUBLE_EQ(t.cold_below_c, 10);
  EXPECT_EQ(t.offline_minutes, 120);
  EXPECT_EQ(t.report_minutes, (std::vector<int>{480, 840}));
}

TEST(ThresholdsTest, JsonFormWritesTimesAsHhMmAndWholeNumbersAsIntegers) {
  json::object o = ThresholdsToJson(Thresholds{});
  EXPECT_EQ(json::serialize(o.at("check_times")), R"(["08:00","14:00"])");
  EXPECT_EQ(o.at("silence_from"), "06:00");
  EXPECT_EQ(json::serialize(o.at("report_times")), R"(["08:00","14:00"])");
  EXPECT_TRUE(o.at("heat_wbgt").is_int64());
  EXPECT_EQ(o.at("heat_wbgt").as_int64(), 28);
  EXPECT_EQ(o.at("night_ratio").as_int64(), 2);
  EXPECT_DOUBLE_EQ(o.at("baseline_ratio").as_double(), 0.3);
  EXPECT_EQ(o.size(), 14u);
}

TEST(ThresholdsTest, JsonFormRoundTripsThroughMerge) {
  Thresholds custom;
  custom.inactivity_hours = 8;
  custom.check_minutes = {420, 600, 900};
  custom.silence_from_minute = 300;
  custom.baseline_ratio = 0.25;
  custom.night_ratio = 2.5;
  custom.heat_wbgt = 27.5;
  custom.severe_wbgt = 30;
  custom.report_minutes = {};
  auto r = MergeThresholds(Thresholds{}, ThresholdsToJson(custom));
  ASSERT_TRUE(r.ok()) << r.error().field;
  EXPECT_EQ(r->inactivity_hours, 8);
  EXPECT_EQ(r->check_minutes, custom.check_minutes);
  EXPECT_EQ(r->silence_from_minute, 300);
  EXPECT_DOUBLE_EQ(r->baseline_ratio, 0.25);
  EXPECT_DOUBLE_EQ(r->night_ratio, 2.5);
  EXPECT_DOUBLE_EQ(r->heat_wbgt, 27.5);
  EXPECT_DOUBLE_EQ(r->severe_wbgt, 30);
  EXPECT_TRUE(r->report_minutes.empty());
}

TEST(ThresholdsTest, PersonOverridesApplyOnTopOfRegionSettings) {
  auto region = Merge(R"({"inactivity_hours": 8, "heat_wbgt": 27})");
  ASSERT_TRUE(region.ok());
  auto person = MergeThresholds(*region, Obj(R"({"check_times": ["09:00"]})"));
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->inactivity_hours, 8);  // from the region
  EXPECT_DOUBLE_EQ(person->heat_wbgt, 27);
  EXPECT_EQ(person->check_minutes, (std::vector<int>{540}));  // the person's own
  EXPECT_EQ(person->offline_minutes, 120);                    // built-in default
}

TEST(ThresholdsTest, NullTakesAnOverrideBackToTheBase) {
  Thresholds region;
  region.inactivity_hours = 6;
  auto r = MergeThresholds(region, Obj(R"({"inactivity_hours": null, "check_times": null})"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->inactivity_hours, 6);
  EXPECT_EQ(r->check_minutes, region.check_minutes);
}

TEST(ThresholdsTest, UnknownMemberIsNamed) {
  auto r = Merge(R"({"inactivity_hour": 3})");
  EXPECT_EQ(FieldOf(r), "settings.inactivity_hour");
  EXPECT_EQ(CodeOf(r), "unknown_field");
}

TEST(ThresholdsTest, FieldPrefixIsTheCallers) {
  auto r = MergeThresholds(Thresholds{}, Obj(R"({"offline_minutes": 5})"), "region_settings");
  EXPECT_EQ(FieldOf(r), "region_settings.offline_minutes");
}

TEST(ThresholdsTest, IntegerRangesAcceptTheirEdgesAndRejectBeyond) {
  struct Case {
    const char* member;
    int min;
    int max;
  };
  for (Case c : {Case{"inactivity_hours", 1, 72}, Case{"baseline_weeks", 2, 8},
                 Case{"night_min_openings", 1, 50}, Case{"offline_minutes", 15, 1440},
                 Case{"battery_low_pct", 1, 60}, Case{"step_minutes", 1, 240}}) {
    SCOPED_TRACE(c.member);
    for (int ok : {c.min, c.max}) {
      json::object o;
      o[c.member] = ok;
      EXPECT_TRUE(MergeThresholds(Thresholds{}, o).ok()) << ok;
    }
    for (int bad : {c.min - 1, c.max + 1}) {
      json::object o;
      o[c.member] = bad;
      auto r = MergeThresholds(Thresholds{}, o);
      EXPECT_EQ(FieldOf(r), std::string("settings.") + c.member) << bad;
      EXPECT_EQ(CodeOf(r), "out_of_range");
    }
  }
}

TEST(ThresholdsTest, IntegersRejectFractionsAndStringsButTakeWholeDoubles) {
  auto fraction = Merge(R"({"inactivity_hours": 12.5})");
  EXPECT_EQ(FieldOf(fraction), "settings.inactivity_hours");
  EXPECT_EQ(CodeOf(fraction), "type");
  EXPECT_EQ(CodeOf(Merge(R"({"inactivity_hours": "12"})")), "type");
  EXPECT_EQ(CodeOf(Merge(R"({"inactivity_hours": true})")), "type");
  auto whole = Merge(R"({"inactivity_hours": 10.0})");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->inactivity_hours, 10);
}

TEST(ThresholdsTest, NumberRangesAcceptTheirEdgesAndRejectBeyond) {
  struct Case {
    const char* member;
    double min;
    double max;
    double below;
    double above;
  };
  for (Case c :
       {Case{"baseline_ratio", 0.05, 0.9, 0.04, 0.91}, Case{"night_ratio", 1.2, 10, 1.19, 10.01},
        Case{"cold_below_c", 0, 20, -0.5, 20.5}, Case{"heat_wbgt", 20, 30, 19.9, 35.1}}) {
    SCOPED_TRACE(c.member);
    for (double ok : {c.min, c.max}) {
      json::object o;
      o[c.member] = ok;
      EXPECT_TRUE(MergeThresholds(Thresholds{}, o).ok()) << ok;
    }
    for (double bad : {c.below, c.above}) {
      json::object o;
      o[c.member] = bad;
      auto r = MergeThresholds(Thresholds{}, o);
      EXPECT_EQ(FieldOf(r), std::string("settings.") + c.member) << bad;
      EXPECT_EQ(CodeOf(r), "out_of_range");
    }
  }
  EXPECT_EQ(CodeOf(Merge(R"({"baseline_ratio": "0.3"})")), "type");
}

TEST(ThresholdsTest, HeatThresholdsAllowThirtyFiveAndFortyAtMost) {
  EXPECT_TRUE(Merge(R"({"heat_wbgt": 35, "severe_wbgt": 40})").ok());
  EXPECT_EQ(FieldOf(Merge(R"({"severe_wbgt": 40.1})")), "settings.severe_wbgt");
}

TEST(ThresholdsTest, SevereMustBeAboveHeatAndTheChangedOneIsBlamed) {
  // Severe lowered to the region's heat value.
  EXPECT_EQ(FieldOf(Merge(R"({"severe_wbgt": 28})")), "settings.severe_wbgt");
  // Heat raised to the region's severe value.
  EXPECT_EQ(FieldOf(Merge(R"({"heat_wbgt": 31})")), "settings.heat_wbgt");
  EXPECT_EQ(FieldOf(Merge(R"({"heat_wbgt": 30, "severe_wbgt": 29})")), "settings.severe_wbgt");
  auto ok = Merge(R"({"heat_wbgt": 30, "severe_wbgt": 30.5})");
  ASSERT_TRUE(ok.ok());
  EXPECT_DOUBLE_EQ(ok->severe_wbgt, 30.5);
}

TEST(ThresholdsTest, CheckTimeWithBadFormatIsNamedByIndex) {
  auto r = Merge(R"({"check_times": ["08:00", "7:5"]})");
  EXPECT_EQ(FieldOf(r), "settings.check_times[1]");
  EXPECT_EQ(CodeOf(r), "format");
  for (const char* bad : {R"("24:00")", R"("08:60")", R"("0800")", R"("08:00:00")", R"("８:00")",
                          R"("-1:00")", R"("")"}) {
    SCOPED_TRACE(bad);
    auto b = Merge(std::string(R"({"check_times": [)") + bad + "]}");
    EXPECT_EQ(FieldOf(b), "settings.check_times[0]");
  }
  EXPECT_EQ(CodeOf(Merge(R"({"check_times": [480]})")), "type");
}

TEST(ThresholdsTest, CheckTimesMustAscendWithoutDuplicates) {
  auto dup = Merge(R"({"check_times": ["08:00", "08:00"]})");
  EXPECT_EQ(FieldOf(dup), "settings.check_times[1]");
  EXPECT_EQ(CodeOf(dup), "order");
  EXPECT_EQ(FieldOf(Merge(R"({"check_times": ["09:00", "14:00", "12:00"]})")),
            "settings.check_times[2]");
  auto ok = Merge(R"({"check_times": ["7:30", "12:00", "17:45"]})");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->check_minutes, (std::vector<int>{450, 720, 1065}));
}

TEST(ThresholdsTest, CheckTimesNeedOneToSixEntries) {
  auto none = Merge(R"({"check_times": []})");
  EXPECT_EQ(FieldOf(none), "settings.check_times");
  EXPECT_EQ(CodeOf(none), "out_of_range");
  EXPECT_TRUE(Merge(R"({"check_times": ["07:00","08:00","09:00","10:00","11:00","12:00"]})").ok());
  EXPECT_EQ(FieldOf(Merge(
                R"({"check_times": ["07:00","08:00","09:00","10:00","11:00","12:00","13:00"]})")),
            "settings.check_times");
  EXPECT_EQ(CodeOf(Merge(R"({"check_times": "08:00"})")), "type");
}

TEST(ThresholdsTest, CheckTimesMustFallAfterSilenceFrom) {
  auto equal = Merge(R"({"check_times": ["06:00", "14:00"]})");
  EXPECT_EQ(FieldOf(equal), "settings.check_times[0]");
  EXPECT_TRUE(Merge(R"({"check_times": ["06:01"]})").ok());
  // Moving silence_from past the region's 08:00 check blames silence_from, the member changed.
  EXPECT_EQ(FieldOf(Merge(R"({"silence_from": "08:00"})")), "settings.silence_from");
  auto both = Merge(R"({"silence_from": "09:00", "check_times": ["08:30", "10:00"]})");
  EXPECT_EQ(FieldOf(both), "settings.check_times[0]");
  auto moved = Merge(R"({"silence_from": "09:00", "check_times": ["10:00"]})");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->silence_from_minute, 540);
}

TEST(ThresholdsTest, ReportTimesMayBeEmptyButAtMostSix) {
  auto none = Merge(R"({"report_times": []})");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->report_minutes.empty());
  EXPECT_EQ(
      FieldOf(Merge(R"({"report_times": ["1:00","2:00","3:00","4:00","5:00","6:00","7:00"]})")),
      "settings.report_times");
  EXPECT_EQ(FieldOf(Merge(R"({"report_times": ["18:00", "08:00"]})")), "settings.report_times[1]");
  // Report times are not tied to silence_from.
  EXPECT_TRUE(Merge(R"({"report_times": ["05:00"]})").ok());
}

TEST(ThresholdsTest, SeveralErrorsAreAllReportedAndNothingIsApplied) {
  auto r = Merge(R"({"inactivity_hours": 0, "bogus": 1, "check_times": ["25:00"]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalid);
  ASSERT_EQ(r.error().details.size(), 3u);
  std::vector<std::string> fields;
  for (const auto& d : r.error().details) fields.push_back(d.field);
  EXPECT_NE(std::find(fields.begin(), fields.end(), "settings.inactivity_hours"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "settings.bogus"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "settings.check_times[0]"), fields.end());
  EXPECT_EQ(r.error().field, r.error().details.front().field);
}

TEST(ThresholdsTest, MessagesAreJapaneseWithEnglishInParentheses) {
  auto r = Merge(R"({"inactivity_hours": 100})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "1から72の整数で指定してください (integer 1..72)");
}

TEST(ThresholdsTest, LocalTimeTextRoundTrips) {
  EXPECT_EQ(FormatLocalTime(0), "00:00");
  EXPECT_EQ(FormatLocalTime(480), "08:00");
  EXPECT_EQ(FormatLocalTime(1439), "23:59");
  EXPECT_EQ(ParseLocalTime("8:05"), 485);
  EXPECT_EQ(ParseLocalTime("23:59"), 1439);
  EXPECT_EQ(ParseLocalTime("00:00"), 0);
  EXPECT_FALSE(ParseLocalTime("123:00"));
  EXPECT_FALSE(ParseLocalTime(":00"));
  EXPECT_FALSE(ParseLocalTime("08:5"));
  for (int m = 0; m < 1440; m += 7) EXPECT_EQ(ParseLocalTime(FormatLocalTime(m)), m);
}

}  // namespace
}  // namespace watch

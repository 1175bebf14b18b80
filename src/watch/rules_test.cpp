// Tests for the watch rule engine: each rule fires at its threshold and not just before it,
// absences suppress the person's conditions, device problems are never read as inactivity, and
// days and nights follow Japan's clock, not UTC's.
#include "watch/rules.h"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

#include "watch/local_time.h"
#include "watch/wbgt.h"

namespace watch {
namespace {

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
constexpr int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// Epoch ms of a wall-clock time in Japan.
constexpr int64_t Jst(int y, int mo, int d, int h, int mi = 0) {
  return DaysFromCivil(y, mo, d) * kDayMs + h * kHourMs + mi * kMinuteMs - kJstOffsetMs;
}

static_assert(LocalWeekday(Jst(2026, 7, 15, 12)) == 2, "2026-07-15 is a Wednesday");

// A copy, so that it outlives the vector EvaluateLive returned.
std::optional<Condition> Find(const std::vector<Condition>& cs, AlertKind kind,
                              std::string_view device = {}) {
  for (const Condition& c : cs) {
    if (c.kind == kind && (device.empty() || c.device_id == device)) return c;
  }
  return std::nullopt;
}

bool Has(const std::vector<Condition>& cs, AlertKind kind, std::string_view device = {}) {
  return Find(cs, kind, device).has_value();
}

bool HasPersonCondition(const std::vector<Condition>& cs) {
  for (const Condition& c : cs) {
    if (!IsDeviceKind(c.kind)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// EvaluateLive

class RulesLiveTest : public ::testing::Test {
 protected:
  // Wednesday 15 July 2026, 15:00 in Japan.
  int64_t now = Jst(2026, 7, 15, 15);

  DeviceState Device(std::string id, std::string kind, std::string place) {
    DeviceState d;
    d.id = std::move(id);
    d.kind = std::move(kind);
    d.place = std::move(place);
    d.installed_at = Jst(2026, 1, 10, 10);
    d.last_seen_at = now - 5 * kMinuteMs;
    d.battery_pct = 90;
    return d;
  }

  LiveInput Home(std::optional<int64_t> entrance_activity,
                 std::optional<int64_t> fridge_activity = std::nullopt) {
    LiveInput in;
    in.now_ms = now;
    in.watched_since = Jst(2026, 1, 10, 9);
    in.devices.push_back(Device("door-entrance", "door", "entrance"));
    in.devices.back().last_activity_at = entrance_activity;
    in.devices.push_back(Device("door-fridge", "door", "fridge"));
    in.devices.back().last_activity_at = fridge_activity;
    DeviceState climate = Device("climate-living", "climate", "living");
    climate.temperature_c = 26;
    climate.humidity_pct = 50;
    climate.climate_at = now - 10 * kMinuteMs;
    in.devices.push_back(climate);
    in.devices.push_back(Device("gateway", "gateway", "other"));
    return in;
  }

  static DeviceState& Climate(LiveInput& in) {
    for (DeviceState& d : in.devices) {
      if (d.id == "climate-living") return d;
    }
    throw std::logic_error("no climate device");
  }

  std::optional<Severity> HeatSeverity(const LiveInput& in) const {
    const auto cs = EvaluateLive(in, t);
    std::optional<Condition> c = Find(cs, AlertKind::kHeat);
    return c ? std::optional(c->severity) : std::nullopt;
  }

  Thresholds t;
};

TEST_F(RulesLiveTest, QuietHomeWithRecentActivityRaisesNothing) {
  auto cs = EvaluateLive(Home(now - 30 * kMinuteMs), t);
  EXPECT_TRUE(cs.empty());
}

TEST_F(RulesLiveTest, InactivityFiresAtTwelveHoursWithEvidence) {
  int64_t last = now - 12 * kHourMs;
  auto cs = EvaluateLive(Home(last), t);
  std::optional<Condition> c = Find(cs, AlertKind::kInactivity);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->severity, Severity::kAlert);
  EXPECT_EQ(c->device_id, "");
  EXPECT_EQ(c->evidence.at("last_activity_at").as_int64(), last);
  EXPECT_EQ(c->evidence.at("since").as_int64(), last);
  EXPECT_EQ(c->evidence.at("hours").as_int64(), 12);
  EXPECT_EQ(c->evidence.at("threshold_hours").as_int64(), 12);
}

TEST_F(RulesLiveTest, InactivityDoesNotFireAMinuteBeforeTwelveHours) {
  auto cs = EvaluateLive(Home(now - 12 * kHourMs + kMinuteMs), t);
  EXPECT_FALSE(Has(cs, AlertKind::kInactivity));
}

TEST_F(RulesLiveTest, InactivityFollowsTheConfiguredHours) {
  t.inactivity_hours = 6;
  EXPECT_TRUE(Has(EvaluateLive(Home(now - 6 * kHourMs), t), AlertKind::kInactivity));
  EXPECT_FALSE(Has(EvaluateLive(Home(now - 6 * kHourMs + kMinuteMs), t), AlertKind::kInactivity));
}

TEST_F(RulesLiveTest, ActivityOnAnyDeviceCounts) {
  auto cs = EvaluateLive(Home(now - 30 * kHourMs, now - 2 * kHourMs), t);
  EXPECT_FALSE(Has(cs, AlertKind::kInactivity));
}

TEST_F(RulesLiveTest, MotionCountsAsActivityButClimateReadingsDoNot) {
  LiveInput in = Home(now - 20 * kHourMs);
  DeviceState motion = Device("motion-bedroom", "motion", "bedroom");
  motion.last_activity_at = now - kHourMs;
  in.devices.push_back(motion);
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kInactivity));

  LiveInput only_climate = Home(now - 20 * kHourMs, now - 20 * kHourMs);
  Climate(only_climate).last_activity_at = now - kHourMs;  // not an activity device
  EXPECT_TRUE(Has(EvaluateLive(only_climate, t), AlertKind::kInactivity));
}

TEST_F(RulesLiveTest, InactivityCountsFromTheEndOfAnAbsence) {
  LiveInput in = Home(now - 5 * 24 * kHourMs);  // last seen moving before a hospital stay
  in.last_absence_end = now - 11 * kHourMs;
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kInactivity));
  in.last_absence_end = now - 12 * kHourMs;
  std::optional<Condition> c = Find(EvaluateLive(in, t), AlertKind::kInactivity);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->evidence.at("since").as_int64(), now - 12 * kHourMs);
}

TEST_F(RulesLiveTest, InactivityCountsFromEnrolment) {
  LiveInput in = Home(std::nullopt);
  in.watched_since = now - 11 * kHourMs;
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kInactivity));
  in.watched_since = now - 13 * kHourMs;
  std::optional<Condition> c = Find(EvaluateLive(in, t), AlertKind::kInactivity);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->evidence.at("last_activity_at").is_null());
}

TEST_F(RulesLiveTest, InactivityCountsFromInstallationWhileADeviceHasNoActivityYet) {
  LiveInput in = Home(std::nullopt);
  in.devices[0].installed_at = now - 11 * kHourMs;
  in.devices[1].installed_at = now - 100 * kHourMs;
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kInactivity));
  in.devices[0].installed_at = now - 12 * kHourMs;
  EXPECT_TRUE(Has(EvaluateLive(in, t), AlertKind::kInactivity));
}

TEST_F(RulesLiveTest, EveryActivityDeviceOfflineIsADeviceProblemNotInactivity) {
  // The gateway died 20 hours ago: nothing arrives from either door.
  LiveInput in = Home(now - 20 * kHourMs, now - 21 * kHourMs);
  for (DeviceState& d : in.devices) d.last_seen_at = now - 20 * kHourMs;
  auto cs = EvaluateLive(in, t);
  EXPECT_FALSE(Has(cs, AlertKind::kInactivity));
  EXPECT_FALSE(Has(cs, AlertKind::kDaytimeSilence));
  EXPECT_TRUE(Has(cs, AlertKind::kDeviceOffline, "door-entrance"));
  EXPECT_TRUE(Has(cs, AlertKind::kDeviceOffline, "door-fridge"));
  EXPECT_TRUE(Has(cs, AlertKind::kDeviceOffline, "gateway"));
  for (const Condition& c : cs) EXPECT_TRUE(IsDeviceKind(c.kind)) << AlertKindCode(c.kind);
}

TEST_F(RulesLiveTest, OneOnlineActivityDeviceIsEnoughToJudgeInactivity) {
  LiveInput in = Home(now - 20 * kHourMs, now - 21 * kHourMs);
  in.devices[0].last_seen_at = now - 20 * kHourMs;    // entrance offline
  in.devices[1].last_seen_at = now - 10 * kMinuteMs;  // fridge heartbeats: online, no opening
  auto cs = EvaluateLive(in, t);
  EXPECT_TRUE(Has(cs, AlertKind::kInactivity));
  EXPECT_TRUE(Has(cs, AlertKind::kDeviceOffline, "door-entrance"));
  EXPECT_FALSE(Has(cs, AlertKind::kDeviceOffline, "door-fridge"));
}

TEST_F(RulesLiveTest, DeviceGoesOfflineAtExactlyTheOfflineMinutes) {
  LiveInput in = Home(now - kHourMs);
  in.devices[3].last_seen_at = now - 119 * kMinuteMs;
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kDeviceOffline));
  in.devices[3].last_seen_at = now - 120 * kMinuteMs;
  auto cs = EvaluateLive(in, t);
  std::optional<Condition> c = Find(cs, AlertKind::kDeviceOffline, "gateway");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->severity, Severity::kWatch);
  EXPECT_EQ(c->evidence.at("minutes_offline").as_int64(), 120);
  EXPECT_EQ(c->evidence.at("last_seen_at").as_int64(), now - 120 * kMinuteMs);
  EXPECT_EQ(cs.size(), 1u);  // a gateway is no activity device: the person is fine
}

TEST_F(RulesLiveTest, NeverSeenDeviceCountsFromItsInstallation) {
  LiveInput in = Home(now - kHourMs);
  DeviceState fresh = Device("door-bath", "door", "bathroom");
  fresh.last_seen_at.reset();
  fresh.installed_at = now - 119 * kMinuteMs;
  in.devices.push_back(fresh);
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kDeviceOffline));
  in.devices.back().installed_at = now - 121 * kMinuteMs;
  std::optional<Condition> c = Find(EvaluateLive(in, t), AlertKind::kDeviceOffline, "door-bath");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->evidence.at("last_seen_at").is_null());
  EXPECT_EQ(c->evidence.at("since").as_int64(), now - 121 * kMinuteMs);
}

TEST_F(RulesLiveTest, ReinstalledDeviceGetsTheFullGracePeriod) {
  LiveInput in = Home(now - kHourMs);
  in.devices[3].last_seen_at = now - 30 * 24 * kHourMs;  // heard last at its old home
  in.devices[3].installed_at = now - 30 * kMinuteMs;
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kDeviceOffline));
}

TEST_F(RulesLiveTest, BatteryLowAtTheThresholdNotAbove) {
  LiveInput in = Home(now - kHourMs);
  in.devices[1].battery_pct = 21;
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kBatteryLow));
  in.devices[1].battery_pct = 20;
  std::optional<Condition> c = Find(EvaluateLive(in, t), AlertKind::kBatteryLow);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->device_id, "door-fridge");
  EXPECT_EQ(c->severity, Severity::kWatch);
  EXPECT_EQ(c->evidence.at("battery_pct").as_int64(), 20);
}

// ---- daytime silence ----

TEST_F(RulesLiveTest, DaytimeSilenceFiresAtTheCheckTime) {
  now = Jst(2026, 7, 15, 8);
  auto cs = EvaluateLive(Home(Jst(2026, 7, 14, 21)), t);  // 11 h: not yet inactivity
  EXPECT_FALSE(Has(cs, AlertKind::kInactivity));
  std::optional<Condition> c = Find(cs, AlertKind::kDaytimeSilence);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->severity, Severity::kAlert);
  EXPECT_EQ(c->evidence.at("check_time"), "08:00");
  EXPECT_EQ(c->evidence.at("since").as_int64(), Jst(2026, 7, 15, 6));
  EXPECT_EQ(c->evidence.at("last_activity_at").as_int64(), Jst(2026, 7, 14, 21));
}

TEST_F(RulesLiveTest, DaytimeSilenceWaitsForTheCheckTime) {
  now = Jst(2026, 7, 15, 7, 59);
  EXPECT_FALSE(Has(EvaluateLive(Home(Jst(2026, 7, 14, 21)), t), AlertKind::kDaytimeSilence));
}

TEST_F(RulesLiveTest, ActivityFromSilenceFromOnClearsTheCheck) {
  now = Jst(2026, 7, 15, 9);
  EXPECT_FALSE(Has(EvaluateLive(Home(Jst(2026, 7, 15, 6)), t), AlertKind::kDaytimeSilence));
  EXPECT_TRUE(Has(EvaluateLive(Home(Jst(2026, 7, 15, 5, 59)), t), AlertKind::kDaytimeSilence));
}

TEST_F(RulesLiveTest, DaytimeSilenceNamesTheLatestCheckPassed) {
  now = Jst(2026, 7, 15, 14, 30);
  t.inactivity_hours = 24;
  std::optional<Condition> c =
      Find(EvaluateLive(Home(Jst(2026, 7, 15, 5)), t), AlertKind::kDaytimeSilence);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->evidence.at("check_time"), "14:00");
  // Activity at 09:00 answers both checks, 14:00 included (the window starts at 06:00).
  EXPECT_FALSE(Has(EvaluateLive(Home(Jst(2026, 7, 15, 9)), t), AlertKind::kDaytimeSilence));
}

TEST_F(RulesLiveTest, DaytimeSilenceUsesJapansDayNotUtcs) {
  // 08:00 JST is 23:00 UTC the day before; an opening at 23:30 JST last night is yesterday's.
  now = Jst(2026, 7, 15, 8);
  auto cs = EvaluateLive(Home(Jst(2026, 7, 14, 23, 30)), t);
  EXPECT_TRUE(Has(cs, AlertKind::kDaytimeSilence));
  // An opening at 07:00 JST (22:00 UTC of the 14th) is this morning's.
  EXPECT_FALSE(Has(EvaluateLive(Home(Jst(2026, 7, 15, 7)), t), AlertKind::kDaytimeSilence));
}

TEST_F(RulesLiveTest, DaytimeSilenceFollowsConfiguredTimes) {
  t.silence_from_minute = 7 * 60;
  t.check_minutes = {10 * 60};
  now = Jst(2026, 7, 15, 9, 59);
  EXPECT_FALSE(Has(EvaluateLive(Home(Jst(2026, 7, 15, 6, 30)), t), AlertKind::kDaytimeSilence));
  now = Jst(2026, 7, 15, 10);
  std::optional<Condition> c =
      Find(EvaluateLive(Home(Jst(2026, 7, 15, 6, 30)), t), AlertKind::kDaytimeSilence);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->evidence.at("check_time"), "10:00");
  EXPECT_EQ(c->evidence.at("since").as_int64(), Jst(2026, 7, 15, 7));
}

TEST_F(RulesLiveTest, DaytimeSilenceSkipsAMorningThatWasNotWatched) {
  now = Jst(2026, 7, 15, 8, 30);
  LiveInput back_home = Home(Jst(2026, 7, 10, 9));
  back_home.last_absence_end = Jst(2026, 7, 15, 7);
  EXPECT_FALSE(Has(EvaluateLive(back_home, t), AlertKind::kDaytimeSilence));
  back_home.last_absence_end = Jst(2026, 7, 15, 6);
  EXPECT_TRUE(Has(EvaluateLive(back_home, t), AlertKind::kDaytimeSilence));

  LiveInput enrolled = Home(std::nullopt);
  enrolled.watched_since = Jst(2026, 7, 15, 6, 30);
  EXPECT_FALSE(Has(EvaluateLive(enrolled, t), AlertKind::kDaytimeSilence));

  LiveInput installed = Home(std::nullopt);
  for (DeviceState& d : installed.devices) d.installed_at = Jst(2026, 7, 15, 7);
  EXPECT_FALSE(Has(EvaluateLive(installed, t), AlertKind::kDaytimeSilence));
}

TEST_F(RulesLiveTest, DaytimeSilenceIsNotRaisedWhenTheDoorsAreOffline) {
  now = Jst(2026, 7, 15, 8);
  LiveInput in = Home(Jst(2026, 7, 14, 21));
  in.devices[0].last_seen_at = Jst(2026, 7, 14, 21);
  in.devices[1].last_seen_at = Jst(2026, 7, 14, 21);
  auto cs = EvaluateLive(in, t);
  EXPECT_FALSE(Has(cs, AlertKind::kDaytimeSilence));
  EXPECT_TRUE(Has(cs, AlertKind::kDeviceOffline, "door-entrance"));
}

// ---- heat and cold ----

TEST_F(RulesLiveTest, HeatAlertAtTheThresholdAndSevereAtTheSevereOne) {
  LiveInput in = Home(now - kHourMs);
  Climate(in).temperature_c = 32;
  Climate(in).humidity_pct = 70;
  double wbgt = *EstimateIndoorWbgt(32, 70);
  ASSERT_GT(wbgt, 28);  // the chart gives 29 for 32 °C at 70 %
  ASSERT_LT(wbgt, 31);

  t.heat_wbgt = wbgt + 0.1;
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kHeat));
  t.heat_wbgt = wbgt;
  auto cs = EvaluateLive(in, t);
  std::optional<Condition> c = Find(cs, AlertKind::kHeat);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->severity, Severity::kAlert);
  EXPECT_EQ(c->device_id, "climate-living");
  EXPECT_DOUBLE_EQ(c->evidence.at("wbgt").as_double(), wbgt);
  EXPECT_DOUBLE_EQ(c->evidence.at("temperature_c").as_double(), 32);
  EXPECT_DOUBLE_EQ(c->evidence.at("humidity_pct").as_double(), 70);
  EXPECT_EQ(c->evidence.at("level"), "severe_warning");
  EXPECT_EQ(c->evidence.at("measured_at").as_int64(), now - 10 * kMinuteMs);

  t.severe_wbgt = wbgt + 0.1;
  EXPECT_EQ(HeatSeverity(in), Severity::kAlert);
  t.severe_wbgt = wbgt;
  EXPECT_EQ(HeatSeverity(in), Severity::kSevere);
}

TEST_F(RulesLiveTest, HeatWithDefaultThresholds) {
  LiveInput in = Home(now - kHourMs);
  Climate(in).temperature_c = 35;  // chart: 33 at 80 %
  Climate(in).humidity_pct = 80;
  std::optional<Condition> c = Find(EvaluateLive(in, t), AlertKind::kHeat);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->severity, Severity::kSevere);
  EXPECT_EQ(c->evidence.at("level"), "danger");

  Climate(in).temperature_c = 27;  // chart: 22 at 50 %
  Climate(in).humidity_pct = 50;
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kHeat));
}

TEST_F(RulesLiveTest, StaleClimateReadingRaisesNoHeat) {
  LiveInput in = Home(now - kHourMs);
  Climate(in).temperature_c = 36;
  Climate(in).humidity_pct = 80;
  Climate(in).climate_at = now - 119 * kMinuteMs;
  EXPECT_TRUE(Has(EvaluateLive(in, t), AlertKind::kHeat));
  Climate(in).climate_at = now - 120 * kMinuteMs;
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kHeat));
}

TEST_F(RulesLiveTest, HeatNeedsHumidityButColdDoesNot) {
  LiveInput in = Home(now - kHourMs);
  Climate(in).temperature_c = 38;
  Climate(in).humidity_pct.reset();
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kHeat));
  Climate(in).temperature_c = 8;
  std::optional<Condition> c = Find(EvaluateLive(in, t), AlertKind::kCold);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->evidence.at("humidity_pct").is_null());
}

TEST_F(RulesLiveTest, ColdBelowTheThresholdOnly) {
  LiveInput in = Home(now - kHourMs);
  Climate(in).temperature_c = 10;
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kCold));
  Climate(in).temperature_c = 9.9;
  std::optional<Condition> c = Find(EvaluateLive(in, t), AlertKind::kCold);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->severity, Severity::kAlert);
  EXPECT_EQ(c->device_id, "climate-living");
  EXPECT_DOUBLE_EQ(c->evidence.at("temperature_c").as_double(), 9.9);
  t.cold_below_c = 9;
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kCold));
}

TEST_F(RulesLiveTest, EachClimateDeviceIsJudgedOnItsOwn) {
  LiveInput in = Home(now - kHourMs);
  DeviceState bedroom = Device("climate-bedroom", "climate", "bedroom");
  bedroom.temperature_c = 7;
  bedroom.humidity_pct = 40;
  bedroom.climate_at = now - 5 * kMinuteMs;
  in.devices.push_back(bedroom);
  auto cs = EvaluateLive(in, t);
  EXPECT_TRUE(Has(cs, AlertKind::kCold, "climate-bedroom"));
  EXPECT_FALSE(Has(cs, AlertKind::kCold, "climate-living"));
}

TEST_F(RulesLiveTest, OnlyClimateDevicesReportTheRoom) {
  // A door sensor's own thermometer on the fridge door reads the fridge, not the room.
  LiveInput in = Home(now - kHourMs);
  in.devices[1].temperature_c = 4;
  in.devices[1].humidity_pct = 60;
  in.devices[1].climate_at = now - kMinuteMs;
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kCold));
}

// ---- absence and homes without activity devices ----

TEST_F(RulesLiveTest, AbsenceSuppressesEveryPersonConditionButNotDeviceOnes) {
  now = Jst(2026, 7, 15, 14, 30);
  LiveInput in = Home(now - 48 * kHourMs);
  in.absent = true;
  Climate(in).temperature_c = 36;
  Climate(in).humidity_pct = 80;
  in.devices[3].last_seen_at = now - 5 * kHourMs;
  in.devices[0].battery_pct = 5;
  auto cs = EvaluateLive(in, t);
  EXPECT_FALSE(HasPersonCondition(cs));
  EXPECT_TRUE(Has(cs, AlertKind::kDeviceOffline, "gateway"));
  EXPECT_TRUE(Has(cs, AlertKind::kBatteryLow, "door-entrance"));

  in.absent = false;
  cs = EvaluateLive(in, t);
  EXPECT_TRUE(Has(cs, AlertKind::kInactivity));
  EXPECT_TRUE(Has(cs, AlertKind::kDaytimeSilence));
  EXPECT_TRUE(Has(cs, AlertKind::kHeat));

  Climate(in).temperature_c = 5;
  in.absent = true;
  EXPECT_FALSE(Has(EvaluateLive(in, t), AlertKind::kCold));
}

TEST_F(RulesLiveTest, NoActivityDeviceMeansNoInactivityOrSilence) {
  LiveInput in = Home(std::nullopt);
  in.devices.erase(in.devices.begin(), in.devices.begin() + 2);  // only climate and gateway
  in.watched_since = now - 30 * 24 * kHourMs;
  auto cs = EvaluateLive(in, t);
  EXPECT_FALSE(Has(cs, AlertKind::kInactivity));
  EXPECT_FALSE(Has(cs, AlertKind::kDaytimeSilence));
  // The room is still judged: heat does not need a door sensor to be dangerous.
  Climate(in).temperature_c = 36;
  Climate(in).humidity_pct = 80;
  EXPECT_TRUE(Has(EvaluateLive(in, t), AlertKind::kHeat));
}

TEST_F(RulesLiveTest, ConditionsComeInADocumentedOrder) {
  LiveInput in = Home(now - 30 * kHourMs);
  Climate(in).temperature_c = 36;
  Climate(in).humidity_pct = 80;
  in.devices[3].last_seen_at = now - 5 * kHourMs;
  in.devices[3].battery_pct = 3;
  auto cs = EvaluateLive(in, t);
  std::vector<AlertKind> kinds;
  for (const Condition& c : cs) kinds.push_back(c.kind);
  EXPECT_EQ(kinds, (std::vector<AlertKind>{AlertKind::kInactivity, AlertKind::kDaytimeSilence,
                                           AlertKind::kHeat, AlertKind::kDeviceOffline,
                                           AlertKind::kBatteryLow}));
}

// ---------------------------------------------------------------------------------------------
// EvaluateBaseline

class Hourly {
 public:
  Hourly& Add(int64_t at, int n) {
    by_hour_[HourStart(at)] += n;
    return *this;
  }
  std::vector<std::pair<int64_t, int>> Series() const { return {by_hour_.begin(), by_hour_.end()}; }

 private:
  std::map<int64_t, int> by_hour_;
};

class RulesBaselineTest : public ::testing::Test {
 protected:
  // Wednesday 15 July 2026, 12:30 in Japan; the same weekday before: 8, 1 July, 24, 17 June.
  int64_t now = Jst(2026, 7, 15, 12, 30);
  Thresholds t;
  Hourly hourly;

  int64_t WeeksAgo(int weeks, int h, int mi = 0) const {
    return Jst(2026, 7, 15, h, mi) - weeks * 7 * kDayMs;
  }

  BaselineInput Input() const {
    BaselineInput in;
    in.now_ms = now;
    in.watched_since = Jst(2026, 1, 1, 0);
    in.hourly_activity = hourly.Series();
    return in;
  }

  // Each of the last four Wednesdays had `n` openings at 09:00.
  void UsualMornings(int n) {
    for (int w = 1; w <= 4; ++w) hourly.Add(WeeksAgo(w, 9), n);
  }
};

TEST_F(RulesBaselineTest, BelowBaselineFiresUnderThirtyPercentOfTheMedian) {
  UsualMornings(10);
  hourly.Add(Jst(2026, 7, 15, 9), 2);
  auto cs = EvaluateBaseline(Input(), t);
  std::optional<Condition> c = Find(cs, AlertKind::kBelowBaseline);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->severity, Severity::kWatch);
  EXPECT_EQ(c->device_id, "");
  EXPECT_DOUBLE_EQ(c->evidence.at("expected").as_double(), 10);
  EXPECT_EQ(c->evidence.at("actual").as_int64(), 2);
  EXPECT_EQ(c->evidence.at("from"), "00:00");
  EXPECT_EQ(c->evidence.at("to"), "12:00");
  EXPECT_EQ(c->evidence.at("weeks").as_int64(), 4);
  EXPECT_EQ(c->evidence.at("samples").as_array().size(), 4u);
}

TEST_F(RulesBaselineTest, BelowBaselineDoesNotFireAtExactlyThirtyPercent) {
  UsualMornings(10);
  hourly.Add(Jst(2026, 7, 15, 9), 3);
  EXPECT_FALSE(Has(EvaluateBaseline(Input(), t), AlertKind::kBelowBaseline));
}

TEST_F(RulesBaselineTest, BelowBaselineFollowsTheConfiguredRatio) {
  UsualMornings(10);
  hourly.Add(Jst(2026, 7, 15, 9), 4);
  t.baseline_ratio = 0.5;
  EXPECT_TRUE(Has(EvaluateBaseline(Input(), t), AlertKind::kBelowBaseline));
}

TEST_F(RulesBaselineTest, OnlyCompletedHoursAreCompared) {
  UsualMornings(10);
  for (int w = 1; w <= 4; ++w) hourly.Add(WeeksAgo(w, 12, 10), 40);  // the current hour then
  hourly.Add(Jst(2026, 7, 15, 9), 2);
  std::optional<Condition> c = Find(EvaluateBaseline(Input(), t), AlertKind::kBelowBaseline);
  ASSERT_TRUE(c);
  EXPECT_DOUBLE_EQ(c->evidence.at("expected").as_double(), 10);
}

TEST_F(RulesBaselineTest, NotJudgedBeforeTenInTheMorning) {
  for (int w = 1; w <= 4; ++w) hourly.Add(WeeksAgo(w, 7), 10);
  now = Jst(2026, 7, 15, 9, 59);
  EXPECT_FALSE(Has(EvaluateBaseline(Input(), t), AlertKind::kBelowBaseline));
  now = Jst(2026, 7, 15, 10);
  std::optional<Condition> c = Find(EvaluateBaseline(Input(), t), AlertKind::kBelowBaseline);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->evidence.at("to"), "10:00");
}

TEST_F(RulesBaselineTest, MedianIgnoresOneUnusualWeek) {
  hourly.Add(WeeksAgo(1, 9), 100);  // a visitor's day
  for (int w = 2; w <= 4; ++w) hourly.Add(WeeksAgo(w, 9), 10);
  hourly.Add(Jst(2026, 7, 15, 9), 4);
  EXPECT_FALSE(Has(EvaluateBaseline(Input(), t), AlertKind::kBelowBaseline));
}

TEST_F(RulesBaselineTest, QuietPersonWithAMedianUnderThreeIsNotJudged) {
  for (int w = 1; w <= 4; ++w) hourly.Add(WeeksAgo(w, 9), 2);
  EXPECT_FALSE(Has(EvaluateBaseline(Input(), t), AlertKind::kBelowBaseline));
  for (int w = 1; w <= 4; ++w) hourly.Add(WeeksAgo(w, 10), 1);  // median now 3
  EXPECT_TRUE(Has(EvaluateBaseline(Input(), t), AlertKind::kBelowBaseline));
}

TEST_F(RulesBaselineTest, NeedsTwoComparableWeeksWhenComparingFour) {
  UsualMornings(10);
  BaselineInput in = Input();
  in.watched_since = Jst(2026, 7, 8, 0);  // one earlier Wednesday watched
  EXPECT_FALSE(Has(EvaluateBaseline(in, t), AlertKind::kBelowBaseline));
  in.watched_since = Jst(2026, 7, 1, 0);
  std::optional<Condition> c = Find(EvaluateBaseline(in, t), AlertKind::kBelowBaseline);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->evidence.at("weeks").as_int64(), 2);
}

TEST_F(RulesBaselineTest, LongerBaselineNeedsHalfItsWeeks) {
  t.baseline_weeks = 8;
  for (int w = 1; w <= 8; ++w) hourly.Add(WeeksAgo(w, 9), 10);
  BaselineInput in = Input();
  in.watched_since = WeeksAgo(3, 0);
  EXPECT_FALSE(Has(EvaluateBaseline(in, t), AlertKind::kBelowBaseline));
  in.watched_since = WeeksAgo(4, 0);
  EXPECT_TRUE(Has(EvaluateBaseline(in, t), AlertKind::kBelowBaseline));
}

TEST_F(RulesBaselineTest, DayWatchedFromMidMorningIsNotABaselineSample) {
  UsualMornings(10);
  BaselineInput in = Input();
  in.watched_since = WeeksAgo(2, 11);  // enrolled at 11:00 two Wednesdays ago
  EXPECT_FALSE(Has(EvaluateBaseline(in, t), AlertKind::kBelowBaseline));
}

TEST_F(RulesBaselineTest, DaysTouchedByAnAbsenceAreLeftOut) {
  hourly.Add(WeeksAgo(1, 9), 10).Add(WeeksAgo(2, 9), 10);
  hourly.Add(WeeksAgo(3, 9), 2).Add(WeeksAgo(4, 9), 2);  // away on short stays
  hourly.Add(Jst(2026, 7, 15, 9), 2);
  EXPECT_FALSE(Has(EvaluateBaseline(Input(), t), AlertKind::kBelowBaseline));  // median 6
  BaselineInput in = Input();
  // Left at 22:00 that Wednesday, back the next morning: the whole day is left out.
  in.absences = {{WeeksAgo(3, 22), WeeksAgo(3, 22) + 12 * kHourMs},
                 {WeeksAgo(4, 0) - kHourMs, WeeksAgo(4, 0) + kHourMs}};
  std::optional<Condition> c = Find(EvaluateBaseline(in, t), AlertKind::kBelowBaseline);
  ASSERT_TRUE(c);
  EXPECT_DOUBLE_EQ(c->evidence.at("expected").as_double(), 10);
  EXPECT_EQ(c->evidence.at("weeks").as_int64(), 2);
}

TEST_F(RulesBaselineTest, TodayAfterAnAbsenceThisMorningIsNotJudged) {
  UsualMornings(10);
  BaselineInput in = Input();
  in.absences = {{Jst(2026, 7, 10, 10), Jst(2026, 7, 15, 9)}};
  EXPECT_FALSE(Has(EvaluateBaseline(in, t), AlertKind::kBelowBaseline));
}

TEST_F(RulesBaselineTest, UsesJapansDayForTheComparedHours) {
  // 00:30 JST on Wednesdays is 15:30 UTC on Tuesday: it belongs to the Wednesday window.
  for (int w = 1; w <= 4; ++w) hourly.Add(WeeksAgo(w, 0, 30), 10);
  EXPECT_TRUE(Has(EvaluateBaseline(Input(), t), AlertKind::kBelowBaseline));
}

TEST_F(RulesBaselineTest, ActivityAt2330BelongsToThatDay) {
  // 23:30 JST on the Tuesdays before: not part of any Wednesday morning.
  for (int w = 1; w <= 4; ++w) hourly.Add(WeeksAgo(w, 0) - 30 * kMinuteMs, 10);
  EXPECT_FALSE(Has(EvaluateBaseline(Input(), t), AlertKind::kBelowBaseline));
}

TEST_F(RulesBaselineTest, AbsentOrDevicesDownMeansNoBelowBaseline) {
  UsualMornings(10);
  BaselineInput in = Input();
  in.absent = true;
  EXPECT_TRUE(EvaluateBaseline(in, t).empty());
  in.absent = false;
  in.activity_devices_online = false;
  EXPECT_FALSE(Has(EvaluateBaseline(in, t), AlertKind::kBelowBaseline));
}

// ---- night activity ----

class RulesNightTest : public RulesBaselineTest {
 protected:
  RulesNightTest() { now = Jst(2026, 7, 15, 9); }

  // The `nights` nights before 15 July had `n` openings at 02:00 each.
  void UsualNights(int n, int nights = 28) {
    for (int k = 1; k <= nights; ++k) hourly.Add(Jst(2026, 7, 15, 2) - k * kDayMs, n);
  }
};

TEST_F(RulesNightTest, FiresAtTheMinimumOpeningsWhenUsuallyQuiet) {
  UsualNights(1);
  hourly.Add(Jst(2026, 7, 15, 1), 2).Add(Jst(2026, 7, 15, 3, 50), 2);
  auto cs = EvaluateBaseline(Input(), t);
  std::optional<Condition> c = Find(cs, AlertKind::kNightActivity);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->severity, Severity::kWatch);
  EXPECT_EQ(c->evidence.at("actual").as_int64(), 4);
  EXPECT_DOUBLE_EQ(c->evidence.at("median").as_double(), 1);
  EXPECT_DOUBLE_EQ(c->evidence.at("threshold").as_double(), 4);
  EXPECT_EQ(c->evidence.at("nights").as_int64(), 28);
  EXPECT_EQ(c->evidence.at("night_of").as_int64(), Jst(2026, 7, 15, 0));
}

TEST_F(RulesNightTest, DoesNotFireJustBelowTheMinimum) {
  UsualNights(1);
  hourly.Add(Jst(2026, 7, 15, 1), 3);
  EXPECT_FALSE(Has(EvaluateBaseline(Input(), t), AlertKind::kNightActivity));
}

TEST_F(RulesNightTest, RatioToTheMedianRulesForBusyNights) {
  UsualNights(3);  // threshold max(4, 2 × 3) = 6
  hourly.Add(Jst(2026, 7, 15, 2), 5);
  EXPECT_FALSE(Has(EvaluateBaseline(Input(), t), AlertKind::kNightActivity));
  hourly.Add(Jst(2026, 7, 15, 2), 1);
  EXPECT_TRUE(Has(EvaluateBaseline(Input(), t), AlertKind::kNightActivity));
}

TEST_F(RulesNightTest, OnlyMidnightToFourCounts) {
  UsualNights(0);
  hourly.Add(Jst(2026, 7, 14, 23, 30), 5);  // 23:30 JST belongs to the evening before
  hourly.Add(Jst(2026, 7, 15, 4), 5);       // 04:00 is morning
  EXPECT_FALSE(Has(EvaluateBaseline(Input(), t), AlertKind::kNightActivity));
  hourly.Add(Jst(2026, 7, 15, 0, 10), 4);  // 15:10 UTC the day before, a JST night
  EXPECT_TRUE(Has(EvaluateBaseline(Input(), t), AlertKind::kNightActivity));
}

TEST_F(RulesNightTest, BeforeFourTheLastCompleteNightIsJudged) {
  UsualNights(0, 29);
  hourly.Add(Jst(2026, 7, 14, 2), 6);   // last night
  hourly.Add(Jst(2026, 7, 15, 1), 10);  // tonight, still going on
  now = Jst(2026, 7, 15, 3, 59);
  std::optional<Condition> c = Find(EvaluateBaseline(Input(), t), AlertKind::kNightActivity);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->evidence.at("night_of").as_int64(), Jst(2026, 7, 14, 0));
  EXPECT_EQ(c->evidence.at("actual").as_int64(), 6);
  now = Jst(2026, 7, 15, 4);
  c = Find(EvaluateBaseline(Input(), t), AlertKind::kNightActivity);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->evidence.at("night_of").as_int64(), Jst(2026, 7, 15, 0));
  EXPECT_EQ(c->evidence.at("actual").as_int64(), 10);
}

TEST_F(RulesNightTest, NeedsFourteenComparableNights) {
  UsualNights(0);
  hourly.Add(Jst(2026, 7, 15, 2), 5);
  BaselineInput in = Input();
  in.watched_since = Jst(2026, 7, 15, 0) - 13 * kDayMs;
  EXPECT_FALSE(Has(EvaluateBaseline(in, t), AlertKind::kNightActivity));
  in.watched_since = Jst(2026, 7, 15, 0) - 14 * kDayMs;
  std::optional<Condition> c = Find(EvaluateBaseline(in, t), AlertKind::kNightActivity);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->evidence.at("nights").as_int64(), 14);
}

TEST_F(RulesNightTest, AbsentNightsAreLeftOutOfTheMedian) {
  UsualNights(0);
  // Busy nights while away (a relative stayed over) must not lift the median: with them it is
  // 4.5 and 5 openings are ordinary; without them it is 0 and 5 is a rise.
  for (int k = 1; k <= 14; ++k) hourly.Add(Jst(2026, 7, 15, 2) - k * kDayMs, 9);
  hourly.Add(Jst(2026, 7, 15, 2), 5);
  EXPECT_FALSE(Has(EvaluateBaseline(Input(), t), AlertKind::kNightActivity));
  BaselineInput in = Input();
  in.absences = {{Jst(2026, 7, 1, 0), Jst(2026, 7, 14, 12)}};
  std::optional<Condition> c = Find(EvaluateBaseline(in, t), AlertKind::kNightActivity);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->evidence.at("nights").as_int64(), 14);
  EXPECT_DOUBLE_EQ(c->evidence.at("median").as_double(), 0);
}

TEST_F(RulesNightTest, NightCutShortByAnAbsenceIsNotJudged) {
  UsualNights(0);
  hourly.Add(Jst(2026, 7, 15, 1), 8);
  BaselineInput in = Input();
  in.absences = {{Jst(2026, 7, 10, 0), Jst(2026, 7, 15, 3)}};
  EXPECT_FALSE(Has(EvaluateBaseline(in, t), AlertKind::kNightActivity));
}

TEST_F(RulesNightTest, AbsentMeansNothing) {
  UsualNights(0);
  hourly.Add(Jst(2026, 7, 15, 1), 8);
  BaselineInput in = Input();
  EXPECT_TRUE(Has(EvaluateBaseline(in, t), AlertKind::kNightActivity));
  in.absent = true;
  EXPECT_TRUE(EvaluateBaseline(in, t).empty());
}

}  // namespace
}  // namespace watch

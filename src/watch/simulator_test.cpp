// The sensor simulator: its event model (simulator.h), the fleet file (fleet.h), the signed
// payloads and senders (sim_sender.h) and the run's time windows and loop (sim_cli.h). The MQTT
// test publishes to the broker scripts/test starts (TSUNAGARI_TEST_MQTT, TSUNAGARI_TEST_MQTT_DIR)
// and skips without it; the HTTP test runs against a small scripted server on a loopback port.
#include "watch/simulator.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/id.h"
#include "watch/device_mac.h"
#include "watch/fleet.h"
#include "watch/mqtt_client.h"
#include "watch/payload.h"
#include "watch/sim_cli.h"
#include "watch/sim_sender.h"
#include "watch/wbgt.h"

namespace watch {
namespace {

using namespace std::chrono_literals;

// ---------------------------------------------------------------------------------------------
// Helpers

/// UTC epoch ms of 00:00 JST on the given date (H. Hinnant's days_from_civil).
int64_t JstMidnight(int year, int month, int day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t yoe = year - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = era * 146097 + doe - 719468;
  return days * kDayMs - kJstOffsetMs;
}

DeviceSecret TestSecret(int k) {
  DeviceSecret s;
  for (size_t i = 0; i < s.size(); ++i) s[i] = static_cast<unsigned char>(k * 31 + int(i));
  return s;
}

/// A home as the demo equips one: doors at the entrance, fridge, bathroom, toilet and bedroom, a
/// motion sensor and a temperature-humidity sensor in the living room.
FleetHome MakeHome(const std::string& name, Scenario scenario, uint64_t seed, bool gateway) {
  FleetHome h;
  h.person_id = "person-" + name;
  h.label = name;
  h.scenario = scenario;
  h.seed = seed;
  const std::pair<const char*, const char*> devices[] = {
      {"door", "entrance"}, {"door", "fridge"},   {"door", "bathroom"}, {"door", "toilet"},
      {"door", "bedroom"},  {"motion", "living"}, {"climate", "living"}};
  int k = 1;
  for (const auto& [kind, place] : devices) {
    h.devices.push_back({name + "-" + place + "-" + kind, TestSecret(k++), kind, place});
  }
  if (gateway) h.gateway = FleetGateway{name + "-gw", TestSecret(99)};
  return h;
}

const FleetDevice& DeviceAt(const FleetHome& h, std::string_view kind, std::string_view place) {
  for (const auto& d : h.devices) {
    if (d.kind == kind && d.place == place) return d;
  }
  throw std::logic_error("no such device");
}

bool IsActivity(const SensorEvent& e) {
  return e.type == EventType::kDoorOpen || e.type == EventType::kMotion;
}

int CountOpenings(const std::vector<SensorEvent>& events, const std::string& device, int64_t from,
                  int64_t to) {
  int n = 0;
  for (const auto& e : events) {
    if (e.device == device && e.type == EventType::kDoorOpen && e.ts_ms >= from && e.ts_ms < to) {
      ++n;
    }
  }
  return n;
}

const int64_t kAug3 = JstMidnight(2026, 8, 3);    // a Monday in summer
const int64_t kJan12 = JstMidnight(2026, 1, 12);  // a Monday in winter

// ---------------------------------------------------------------------------------------------
// Determinism and sequence numbers

TEST(GenerateHomeTest, SameHomeSeedAndRangeGiveTheSameEvents) {
  const FleetHome h = MakeHome("h1", Scenario::kNormal, 17, false);
  const auto a = GenerateHome(h, kAug3, kAug3 + 3 * kDayMs);
  const auto b = GenerateHome(h, kAug3, kAug3 + 3 * kDayMs);
  ASSERT_GT(a.size(), 1000u);
  EXPECT_EQ(a, b);
  const auto other =
      GenerateHome(MakeHome("h1", Scenario::kNormal, 18, false), kAug3, kAug3 + 3 * kDayMs);
  EXPECT_NE(a, other) << "another seed must give another life";
}

TEST(GenerateHomeTest, PiecesOfARangeJoinToTheWholeRange) {
  const FleetHome h = MakeHome("h1", Scenario::kNormal, 5, true);
  const int64_t from = kAug3 + 7 * kHourMs + 123;
  const int64_t cut1 = kAug3 + 13 * kHourMs + 37 * kMinuteMs + 12'345;
  const int64_t cut2 = kAug3 + kDayMs + 17;  // just after midnight
  const int64_t to = kAug3 + 2 * kDayMs + 5 * kHourMs;
  auto whole = GenerateHome(h, from, to);
  std::vector<SensorEvent> joined;
  for (auto [a, b] : {std::pair{from, cut1}, {cut1, cut2}, {cut2, to}}) {
    auto part = GenerateHome(h, a, b);
    joined.insert(joined.end(), part.begin(), part.end());
  }
  EXPECT_EQ(whole, joined);
  ASSERT_FALSE(whole.empty());
  EXPECT_GE(whole.front().ts_ms, from);
  EXPECT_LT(whole.back().ts_ms, to);
  EXPECT_TRUE(std::is_sorted(whole.begin(), whole.end(),
                             [](const auto& x, const auto& y) { return x.ts_ms < y.ts_ms; }));
}

TEST(GenerateHomeTest, SeqIsUniquePerDeviceAndDerivedFromTime) {
  const FleetHome h = MakeHome("h1", Scenario::kNightOwl, 3, true);
  const auto events = GenerateHome(h, kAug3, kAug3 + 30 * kDayMs);
  std::set<std::pair<std::string, int64_t>> seen;
  for (const auto& e : events) {
    EXPECT_TRUE(seen.insert({e.device, e.seq}).second) << e.device << " seq " << e.seq;
    EXPECT_EQ(e.seq / kSimSeqSlotsPerMs, e.ts_ms);
    EXPECT_GE(e.seq, 1);
    EXPECT_LE(e.seq, kMaxSeq);
  }
  // A range that starts elsewhere gives the events they share the same seq: a regenerated
  // backfill is idempotent on the server.
  const auto later = GenerateHome(h, kAug3 + 10 * kDayMs + 12345, kAug3 + 40 * kDayMs);
  std::map<std::pair<std::string, int64_t>, int64_t> seq_by_time;
  for (const auto& e : events) seq_by_time[{e.device, e.ts_ms}] = e.seq;
  size_t shared = 0;
  for (const auto& e : later) {
    auto it = seq_by_time.find({e.device, e.ts_ms});
    if (it == seq_by_time.end()) continue;
    ++shared;
    EXPECT_EQ(it->second, e.seq);
  }
  EXPECT_GT(shared, 5000u);
}

TEST(GenerateHomeTest, SeqStaysBelowTheContractsLimitUntil2100) {
  EXPECT_LT((kEndTsMs - 1) * kSimSeqSlotsPerMs + kSimSeqSlotsPerMs - 1, kMaxSeq);
}

TEST(AssignSequenceNumbersTest, FifthEventInOneMillisecondMovesOnByOne) {
  std::vector<SensorEvent> events;
  auto motion = [](int64_t ts) {
    SensorEvent e;
    e.device = "d";
    e.ts_ms = ts;
    e.type = EventType::kMotion;
    return e;
  };
  for (int i = 0; i < 6; ++i) events.push_back(motion(1000));
  events.push_back(motion(1001));
  AssignSequenceNumbers(events);
  std::vector<int64_t> seqs, times;
  for (const auto& e : events) {
    seqs.push_back(e.seq);
    times.push_back(e.ts_ms);
  }
  EXPECT_EQ(seqs, (std::vector<int64_t>{4000, 4001, 4002, 4003, 4004, 4005, 4006}));
  EXPECT_EQ(times, (std::vector<int64_t>{1000, 1000, 1000, 1000, 1001, 1001, 1001}));
}

// ---------------------------------------------------------------------------------------------
// The daily rhythm

TEST(GenerateHomeTest, NormalHomeIsActiveEveryMorningAndOpensTheFridgeAtMeals) {
  for (uint64_t seed : {1u, 2u, 3u, 42u}) {
    const FleetHome h = MakeHome("h" + std::to_string(seed), Scenario::kNormal, seed, false);
    const auto events = GenerateHome(h, kJan12, kJan12 + 28 * kDayMs);
    const std::string& fridge = DeviceAt(h, "door", "fridge").id;
    const std::string& entrance = DeviceAt(h, "door", "entrance").id;
    for (int day = 0; day < 28; ++day) {
      const int64_t d = kJan12 + day * kDayMs;
      bool morning = false;
      for (const auto& e : events) {
        if (IsActivity(e) && e.ts_ms >= d + 6 * kHourMs && e.ts_ms < d + 10 * kHourMs) {
          morning = true;
        }
      }
      EXPECT_TRUE(morning) << "seed " << seed << " day " << day;
      const int fridge_openings = CountOpenings(events, fridge, d, d + kDayMs);
      EXPECT_GE(fridge_openings, 3) << "seed " << seed << " day " << day;
      EXPECT_LE(fridge_openings, 15) << "seed " << seed << " day " << day;
      const int breakfast = CountOpenings(events, fridge, d + 5 * kHourMs, d + 9 * kHourMs);
      const int lunch = CountOpenings(events, fridge, d + 11 * kHourMs, d + 13 * kHourMs);
      const int dinner =
          CountOpenings(events, fridge, d + 17 * kHourMs + 30 * kMinuteMs, d + 20 * kHourMs);
      EXPECT_GE(breakfast, 1);
      EXPECT_GE(lunch, 1);
      EXPECT_GE(dinner, 1);
      // Going out and coming back: 1–4 outings, two openings each.
      const int entrance_openings = CountOpenings(events, entrance, d, d + kDayMs);
      EXPECT_GE(entrance_openings, 2);
      EXPECT_LE(entrance_openings, 8);
      EXPECT_EQ(entrance_openings % 2, 0);
      // At most 2 night toilet trips: 4 openings of the toilet door before 05:00.
      EXPECT_LE(CountOpenings(events, DeviceAt(h, "door", "toilet").id, d, d + 5 * kHourMs), 4);
    }
  }
}

TEST(GenerateHomeTest, EveryDoorOpeningIsClosedSecondsLater) {
  const FleetHome h = MakeHome("h", Scenario::kNormal, 9, false);
  const auto events = GenerateHome(h, kAug3, kAug3 + 7 * kDayMs);
  std::map<std::string, int64_t> open_since;
  int pairs = 0;
  for (const auto& e : events) {
    if (e.type == EventType::kDoorOpen) {
      EXPECT_FALSE(open_since.contains(e.device)) << e.device << " opened twice at " << e.ts_ms;
      open_since[e.device] = e.ts_ms;
    } else if (e.type == EventType::kDoorClose) {
      auto it = open_since.find(e.device);
      ASSERT_NE(it, open_since.end()) << e.device << " closed without opening";
      EXPECT_LE(e.ts_ms - it->second, 60'000);
      open_since.erase(it);
      ++pairs;
    }
  }
  EXPECT_GT(pairs, 7 * 15);
}

TEST(GenerateHomeTest, DevicesReportClimateEveryTenMinutesAndHeartbeatsEveryHalfHour) {
  const FleetHome h = MakeHome("h", Scenario::kNormal, 4, true);
  const auto events = GenerateHome(h, kAug3, kAug3 + kDayMs);
  std::map<std::string, int> heartbeats, climate, battery;
  for (const auto& e : events) {
    if (e.type == EventType::kHeartbeat) {
      ++heartbeats[e.device];
      if (e.device == h.gateway->id) {
        EXPECT_FALSE(e.battery_pct) << "a gateway runs on mains power";
      } else {
        ASSERT_TRUE(e.battery_pct);
        EXPECT_GE(*e.battery_pct, 30);
        EXPECT_LE(*e.battery_pct, 100);
      }
    }
    if (e.type == EventType::kClimate) {
      ++climate[e.device];
      ASSERT_TRUE(e.temperature_c && e.humidity_pct);
      EXPECT_GE(*e.temperature_c, 15);
      EXPECT_LE(*e.temperature_c, 33);
    }
    if (e.type == EventType::kBattery) ++battery[e.device];
  }
  for (const auto& d : h.devices) {
    EXPECT_EQ(heartbeats[d.id], 48) << d.id;
    EXPECT_EQ(battery[d.id], 1) << d.id;
  }
  EXPECT_EQ(heartbeats[h.gateway->id], 48);
  EXPECT_EQ(climate[DeviceAt(h, "climate", "living").id], 144);
  EXPECT_EQ(climate.size(), 1u);
}

TEST(GenerateHomeTest, NormalHomesStayBelowTheHeatAlertInAugustAndAboveTheColdOneInJanuary) {
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    const FleetHome h = MakeHome("h", Scenario::kNormal, seed, false);
    for (int64_t start : {kAug3, kJan12}) {
      for (const auto& e : GenerateHome(h, start, start + 28 * kDayMs)) {
        if (e.type != EventType::kClimate) continue;
        auto wbgt = EstimateIndoorWbgt(*e.temperature_c, *e.humidity_pct);
        ASSERT_TRUE(wbgt);
        EXPECT_LT(*wbgt, 28) << *e.temperature_c << " °C " << *e.humidity_pct << " %";
        EXPECT_FALSE(IsCold(*e.temperature_c)) << *e.temperature_c << " °C";
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

TEST(ScenarioTest, StopsMovingEndsAllActivityButNotTheDevices) {
  FleetHome h = MakeHome("h", Scenario::kStopsMoving, 11, false);
  h.stop_at_ms = kAug3 + 2 * kDayMs + 9 * kHourMs;
  const auto events = GenerateHome(h, kAug3, kAug3 + 5 * kDayMs);
  int before = 0, climate_after = 0, heartbeats_after = 0;
  for (const auto& e : events) {
    const bool activity = e.type == EventType::kDoorOpen || e.type == EventType::kDoorClose ||
                          e.type == EventType::kMotion;
    if (e.ts_ms < *h.stop_at_ms) {
      before += activity;
      continue;
    }
    EXPECT_FALSE(activity) << EventTypeName(e.type) << " at " << e.ts_ms;
    climate_after += e.type == EventType::kClimate;
    heartbeats_after += e.type == EventType::kHeartbeat;
  }
  EXPECT_GT(before, 100);
  EXPECT_GT(climate_after, 2 * 144);
  EXPECT_GT(heartbeats_after, 2 * 48 * int(h.devices.size()));
}

TEST(ScenarioTest, StopsMovingWithoutStopAtStopsWhenTheRunStarts) {
  Fleet fleet{"net", {MakeHome("h", Scenario::kStopsMoving, 11, false)}};
  const int64_t run_start = kAug3 + 3 * kDayMs + 8 * kHourMs;
  ResolveScenarioTimes(fleet, run_start);
  ASSERT_EQ(fleet.homes[0].stop_at_ms, run_start);
  const auto events = GenerateHome(fleet.homes[0], kAug3, kAug3 + 5 * kDayMs);
  int64_t last_activity = 0;
  for (const auto& e : events) {
    if (IsActivity(e)) last_activity = e.ts_ms;
  }
  EXPECT_LT(last_activity, run_start);
  EXPECT_GT(last_activity, run_start - kDayMs);
}

TEST(ScenarioTest, HeatWaveMakesAfternoonsDangerouslyHotInTheLivingRoom) {
  const FleetHome h = MakeHome("h", Scenario::kHeatWave, 21, false);
  const auto events = GenerateHome(h, kAug3, kAug3 + 14 * kDayMs);
  int afternoon_readings = 0;
  for (const auto& e : events) {
    if (e.type != EventType::kClimate) continue;
    const int hour = LocalHour(e.ts_ms);
    if (hour >= 12 && hour < 18) {
      EXPECT_GE(*e.temperature_c, 31);
      EXPECT_LE(*e.temperature_c, 35);
      EXPECT_GE(*e.humidity_pct, 60);
      EXPECT_LE(*e.humidity_pct, 75);
    }
    if (hour >= 13 && hour < 17) {
      ++afternoon_readings;
      auto wbgt = EstimateIndoorWbgt(*e.temperature_c, *e.humidity_pct);
      ASSERT_TRUE(wbgt);
      EXPECT_GE(*wbgt, 28) << *e.temperature_c << " °C " << *e.humidity_pct << " %";
    }
    EXPECT_GE(*e.temperature_c, 28);  // no relief at night either
  }
  EXPECT_EQ(afternoon_readings, 14 * 24);
}

TEST(ScenarioTest, DeadBatteryDrainsOneDeviceAndThenItFallsSilent) {
  FleetHome h = MakeHome("h", Scenario::kDeadBattery, 8, false);
  h.battery_dead_at_ms = kAug3 + 6 * kDayMs + 15 * kHourMs;
  const FleetDevice* dead = DeadBatteryDevice(h);
  ASSERT_NE(dead, nullptr);
  const auto events = GenerateHome(h, kAug3, kAug3 + 9 * kDayMs);
  std::vector<int> levels;
  int64_t last_dead_event = 0, last_other_heartbeat = 0;
  for (const auto& e : events) {
    if (e.device == dead->id) {
      last_dead_event = e.ts_ms;
      if (e.type == EventType::kHeartbeat &&
          e.ts_ms >= *h.battery_dead_at_ms - kSimBatteryDrainMs) {
        levels.push_back(*e.battery_pct);
      }
    } else if (e.type == EventType::kHeartbeat) {
      last_other_heartbeat = e.ts_ms;
    }
  }
  EXPECT_LT(last_dead_event, *h.battery_dead_at_ms);
  EXPECT_GT(last_dead_event, *h.battery_dead_at_ms - kSimHeartbeatIntervalMs);
  EXPECT_GT(last_other_heartbeat, *h.battery_dead_at_ms + 2 * kDayMs);
  ASSERT_GT(levels.size(), 200u);
  EXPECT_TRUE(std::is_sorted(levels.rbegin(), levels.rend())) << "the level only falls";
  EXPECT_LE(levels.back(), 1);
  EXPECT_LT(*std::find_if(levels.begin(), levels.end(), [](int l) { return l < 20; }), 20)
      << "spends time below the battery_low threshold before it dies";
}

TEST(ScenarioTest, OfflineGatewayDeliversItsBacklogLateAndOutOfOrder) {
  FleetHome h = MakeHome("h", Scenario::kGatewayOffline, 2, true);
  h.offline_at_ms = kAug3 + 9 * kHourMs;
  h.offline_hours = 6;
  const int64_t back = *h.offline_at_ms + 6 * kHourMs;

  HomeStream stream(h, kAug3, kHourMs);
  std::vector<SensorEvent> sent;
  std::map<std::pair<std::string, int64_t>, int64_t> sent_at;  // (device, seq) → first send tick
  for (int64_t t = kAug3 + kMinuteMs; t <= kAug3 + kDayMs; t += kMinuteMs) {
    const size_t before = sent.size();
    stream.TakeUntil(t, sent);
    for (size_t i = before; i < sent.size(); ++i) {
      EXPECT_LT(sent[i].ts_ms, t) << "never sent before it happened";
      sent_at[{sent[i].device, sent[i].seq}] = t;
    }
    if (t > *h.offline_at_ms + kMinuteMs && t <= back) {
      EXPECT_EQ(before, sent.size()) << "nothing goes out while offline, at " << t;
    }
  }
  // Every event of the day exactly once.
  auto expected = GenerateHome(h, kAug3, kAug3 + kDayMs);
  EXPECT_EQ(sent.size(), expected.size());
  EXPECT_EQ(sent_at.size(), expected.size());
  // Held events arrive at least offline_hours late for the first, after the live ones
  // generated while the backlog drains.
  const SensorEvent* first_held = nullptr;
  bool out_of_order = false;
  for (size_t i = 0; i + 1 < sent.size(); ++i) {
    if (!first_held && sent[i].ts_ms >= *h.offline_at_ms && sent[i].ts_ms < back) {
      first_held = &sent[i];
    }
    if (sent[i].ts_ms > sent[i + 1].ts_ms) out_of_order = true;
  }
  ASSERT_NE(first_held, nullptr);
  EXPECT_GE((sent_at[{first_held->device, first_held->seq}] - first_held->ts_ms),
            6 * kHourMs - kMinuteMs);
  EXPECT_TRUE(out_of_order);
  EXPECT_EQ(SendTime(h, expected.front()), expected.front().ts_ms);
}

TEST(ScenarioTest, NightOwlOpensDoorsManyTimesBetweenMidnightAndFour) {
  const FleetHome owl = MakeHome("o", Scenario::kNightOwl, 31, false);
  const FleetHome usual = MakeHome("u", Scenario::kNormal, 31, false);
  auto night_openings = [](const FleetHome& h) {
    int n = 0;
    for (const auto& e : GenerateHome(h, kAug3, kAug3 + 28 * kDayMs)) {
      n += e.type == EventType::kDoorOpen && LocalHour(e.ts_ms) < 4;
    }
    return n;
  };
  const int owl_nights = night_openings(owl), usual_nights = night_openings(usual);
  EXPECT_GE(owl_nights, 28 * 5) << "about 5 or more a night";
  EXPECT_GE(owl_nights, 3 * usual_nights);
}

TEST(ScenarioTest, NightOwlIsRestlessOnlyFromTheNightOfItsStartDay) {
  FleetHome owl = MakeHome("o", Scenario::kNightOwl, 31, false);
  owl.night_owl_from_ms = kAug3 + 14 * kDayMs + 10 * kHourMs;  // 10:00 on the 15th day
  auto night_openings = [&](int64_t from, int64_t to) {
    int n = 0;
    for (const auto& e : GenerateHome(owl, from, to)) {
      n += e.type == EventType::kDoorOpen && LocalHour(e.ts_ms) < 4;
    }
    return n;
  };
  const int before = night_openings(kAug3, kAug3 + 14 * kDayMs);
  const int after = night_openings(kAug3 + 14 * kDayMs, kAug3 + 28 * kDayMs);
  EXPECT_LE(before, 14 * 3) << "usual nights: a toilet trip or two";
  EXPECT_GE(after, 14 * 5) << "restless from the night of the start day";
  EXPECT_GE(after, 3 * before);
}

// ---------------------------------------------------------------------------------------------
// HomeStream

TEST(HomeStreamTest, DayChunksThenHourChunksGiveEveryEventOnceInOrder) {
  const FleetHome h = MakeHome("h", Scenario::kNightOwl, 6, true);
  const int64_t from = kAug3 - 2 * kDayMs + 5 * kHourMs + 7;
  HomeStream stream(h, from, kDayMs);
  std::vector<SensorEvent> got;
  stream.TakeUntil(kAug3 - kDayMs, got);
  stream.TakeUntil(kAug3 + 3 * kHourMs + 1, got);
  stream.set_chunk_ms(kHourMs);
  for (int64_t t = kAug3 + 3 * kHourMs + 1; t <= kAug3 + kDayMs; t += 7 * kMinuteMs + 13) {
    stream.TakeUntil(t, got);
  }
  stream.TakeUntil(kAug3 + kDayMs, got);
  EXPECT_EQ(got, GenerateHome(h, from, kAug3 + kDayMs));
  EXPECT_EQ(stream.HeldBefore(kAug3 + kDayMs), 0u);
}

// ---------------------------------------------------------------------------------------------
// Payloads

std::map<std::string, DeviceSecret> SecretsOf(const FleetHome& h) {
  std::map<std::string, DeviceSecret> s;
  for (const auto& d : h.devices) s[d.id] = d.secret;
  if (h.gateway) s[h.gateway->id] = h.gateway->secret;
  return s;
}

TEST(BuildPayloadsTest, GatewayBatchesAreSignedByTheGatewayAndParseBackToTheEvents) {
  const FleetHome h = MakeHome("h", Scenario::kNormal, 1, true);
  const auto events = GenerateHome(h, kAug3, kAug3 + 3 * kDayMs);
  auto payloads = BuildPayloads(h, events, Transport::kMqtt);
  ASSERT_TRUE(payloads.ok()) << payloads.error().message;
  ASSERT_GE(payloads->size(), 2u);
  std::vector<SensorEvent> parsed;
  for (const auto& p : *payloads) {
    EXPECT_EQ(p.signer, h.gateway->id);
    EXPECT_TRUE(VerifyMac(h.gateway->secret, p.body, p.mac));
    EXPECT_LE(p.events, kMaxEventsPerPayload);
    EXPECT_LE(p.body.size(), kMaxPayloadBytes);
    EXPECT_EQ(p.body.rfind("{\"events\":[", 0), 0u);
    ParseResult r = ParsePayload(p.body, p.signer);
    EXPECT_TRUE(r.rejections.empty());
    EXPECT_EQ(r.events.size(), p.events);
    parsed.insert(parsed.end(), r.events.begin(), r.events.end());
  }
  EXPECT_EQ(parsed, events) << "device, seq, time and values survive the wire";
  EXPECT_NE(payloads->front().body.find("+09:00\""), std::string::npos)
      << "gateways write RFC 3339 local time";
}

TEST(BuildPayloadsTest, WithoutGatewayEachDeviceSignsItsOwnPayloads) {
  const FleetHome h = MakeHome("h", Scenario::kNormal, 1, false);
  const auto secrets = SecretsOf(h);
  const auto events = GenerateHome(h, kAug3 + 10 * kHourMs, kAug3 + 11 * kHourMs);
  for (Transport t : {Transport::kMqtt, Transport::kHttp}) {
    auto payloads = BuildPayloads(h, events, t);
    ASSERT_TRUE(payloads.ok());
    std::multiset<std::pair<std::string, int64_t>> got, want;
    for (const auto& e : events) want.insert({e.device, e.seq});
    for (const auto& p : *payloads) {
      EXPECT_TRUE(VerifyMac(secrets.at(p.signer), p.body, p.mac));
      EXPECT_EQ(p.body.find("\"device\""), std::string::npos) << "the topic or header names it";
      const bool batch = p.body.rfind("{\"events\":[", 0) == 0;
      EXPECT_EQ(batch, t == Transport::kHttp || p.events > 1) << p.body;
      ParseResult r = ParsePayload(p.body, p.signer);
      EXPECT_TRUE(r.rejections.empty()) << p.body;
      for (const auto& e : r.events) got.insert({e.device, e.seq});
    }
    EXPECT_EQ(got, want);
  }
}

TEST(BuildPayloadsTest, BatchesKeepToTheEventAndByteLimits) {
  const FleetHome h = MakeHome("h", Scenario::kNormal, 1, true);
  const auto events = GenerateHome(h, kAug3, kAug3 + 5 * kDayMs);
  ASSERT_GT(events.size(), 2500u);
  auto payloads = BuildPayloads(h, events, Transport::kHttp);
  ASSERT_TRUE(payloads.ok());
  size_t total = 0;
  for (const auto& p : *payloads) {
    EXPECT_LE(p.events, 1000u);
    EXPECT_LE(p.body.size(), kMaxPayloadBytes);
    total += p.events;
  }
  EXPECT_EQ(total, events.size());
  EXPECT_EQ(payloads->front().events, 1000u) << "full batches when there is enough";

  PayloadLimits small{1000, 4096};
  auto bytes_bound = BuildPayloads(h, events, Transport::kHttp, small);
  ASSERT_TRUE(bytes_bound.ok());
  total = 0;
  for (const auto& p : *bytes_bound) {
    EXPECT_LE(p.body.size(), 4096u);
    if (&p != &bytes_bound->back()) {
      EXPECT_GT(p.body.size(), 4096u - 200) << "filled up to the limit";
    }
    EXPECT_EQ(ParsePayload(p.body, p.signer).events.size(), p.events);
    total += p.events;
  }
  EXPECT_GT(bytes_bound->size(), 10 * payloads->size()) << "the byte limit, not the count, cut";
  EXPECT_EQ(total, events.size());
}

TEST(BuildPayloadsTest, RefusesAnEventOfAForeignDevice) {
  const FleetHome h = MakeHome("h", Scenario::kNormal, 1, false);
  std::vector<SensorEvent> events(1);
  events[0].device = "someone-else";
  events[0].seq = 4;
  events[0].ts_ms = kAug3;
  events[0].type = EventType::kMotion;
  EXPECT_FALSE(BuildPayloads(h, events, Transport::kMqtt).ok());
}

TEST(AppendEventJsonTest, WritesTheContractsFormExactly) {
  SensorEvent e{"d-1", 7'100'000'000'001, 1'782'882'300'250, EventType::kClimate, 31.4,
                68.0,  std::nullopt};
  std::string out;
  AppendEventJson(out, e, true, true);
  EXPECT_EQ(out, R"({"device":"d-1","seq":7100000000001,"ts":"2026-07-01T14:05:00.250+09:00",)"
                 R"("type":"climate","temperature_c":31.4,"humidity_pct":68})");
  out.clear();
  SensorEvent hb{"d-1", 5, 1'767'225'600'000, EventType::kHeartbeat, {}, {}, 87};
  AppendEventJson(out, hb, false, false);
  EXPECT_EQ(out, R"({"seq":5,"ts":1767225600000,"type":"heartbeat","battery_pct":87})");
}

// ---------------------------------------------------------------------------------------------
// Fleet file

TEST(FleetTest, WrittenFileReadsBackTheSameAndOnlyItsOwnerMayReadIt) {
  Fleet fleet;
  fleet.network = "gunjo";
  fleet.homes.push_back(MakeHome("home-001", Scenario::kNormal, 17, true));
  fleet.homes.push_back(MakeHome("home-002", Scenario::kGatewayOffline, 18, false));
  fleet.homes[1].offline_at_ms = kAug3;
  fleet.homes[1].offline_hours = 2.5;
  fleet.homes.push_back(MakeHome("home-003", Scenario::kStopsMoving, 19, false));
  fleet.homes[2].stop_at_ms = kAug3 + 1;
  const auto dir = std::filesystem::temp_directory_path() / ("fleet-" + core::NewId());
  std::filesystem::create_directories(dir);
  const auto path = dir / "fleet.json";
  ASSERT_TRUE(WriteFleetFile(path, fleet).ok());
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto back = ReadFleetFile(path);
  ASSERT_TRUE(back.ok()) << back.error().field << ": " << back.error().message;
  EXPECT_EQ(back->network, "gunjo");
  ASSERT_EQ(back->homes.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const auto &a = fleet.homes[i], &b = back->homes[i];
    EXPECT_EQ(a.label, b.label);
    EXPECT_EQ(a.person_id, b.person_id);
    EXPECT_EQ(a.scenario, b.scenario);
    EXPECT_EQ(a.seed, b.seed);
    EXPECT_EQ(a.stop_at_ms, b.stop_at_ms);
    EXPECT_EQ(a.offline_at_ms, b.offline_at_ms);
    EXPECT_EQ(a.offline_hours, b.offline_hours);
    EXPECT_EQ(a.gateway.has_value(), b.gateway.has_value());
    if (a.gateway) {
      EXPECT_EQ(a.gateway->secret, b.gateway->secret);
    }
    ASSERT_EQ(a.devices.size(), b.devices.size());
    for (size_t k = 0; k < a.devices.size(); ++k) {
      EXPECT_EQ(a.devices[k].id, b.devices[k].id);
      EXPECT_EQ(a.devices[k].secret, b.devices[k].secret);
      EXPECT_EQ(a.devices[k].kind, b.devices[k].kind);
      EXPECT_EQ(a.devices[k].place, b.devices[k].place);
    }
    // The same events from the file as from the original.
    EXPECT_EQ(GenerateHome(a, kAug3, kAug3 + kDayMs), GenerateHome(b, kAug3, kAug3 + kDayMs));
  }
  std::filesystem::remove_all(dir);
}

TEST(FleetTest, ReadsTheDocumentedExample) {
  const std::string secret(64, 'a');
  auto fleet = ParseFleet(R"({"network": "gunjo", "homes": [
    {"person_id": "0190", "label": "home-001", "scenario": "normal", "seed": 17,
     "gateway": {"id": "gw-0001", "secret": ")" +
                          secret + R"("},
     "devices": [{"id": "d-0001-entrance", "secret": ")" +
                          secret + R"(", "kind": "door", "place": "entrance"}], "future": [1]}]})");
  ASSERT_TRUE(fleet.ok()) << fleet.error().field << ": " << fleet.error().message;
  EXPECT_EQ(fleet->homes[0].gateway->id, "gw-0001");
  EXPECT_EQ(fleet->homes[0].devices[0].secret[0], 0xaa);
  EXPECT_EQ(fleet->homes[0].offline_hours, 6);
}

TEST(FleetTest, NamesTheBadMemberAndNeverEchoesASecret) {
  const std::string good(64, 'b');
  auto parse = [&](const std::string& home) {
    return ParseFleet(R"({"network":"n","homes":[)" + home + "]}");
  };
  auto device = [&](const std::string& id, const std::string& secret, const std::string& kind) {
    return R"({"id":")" + id + R"(","secret":")" + secret + R"(","kind":")" + kind +
           R"(","place":"fridge"})";
  };
  const std::string bad_secret = "c0ffee" + std::string(57, '0');  // 63 digits
  auto r = parse(R"({"label":"h","devices":[)" + device("d1", good, "door") + "," +
                 device("d2", bad_secret, "door") + "]}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "homes[0].devices[1].secret");
  EXPECT_EQ(r.error().message.find("c0ffee"), std::string::npos);

  r = parse(R"({"label":"h","devices":[)" + device("d1", good, "door") + "," +
            device("d1", good, "door") + "]}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "homes[0].devices[1].id");

  r = parse(R"({"label":"h","devices":[)" + device("d/1", good, "door") + "]}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "homes[0].devices[0].id");

  r = parse(R"({"label":"h","devices":[)" + device("d1", good, "toaster") + "]}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "homes[0].devices[0].kind");

  r = parse(R"({"label":"h","scenario":"zombie","devices":[]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "homes[0].scenario");

  r = parse(R"({"label":"h","seed":1.5,"devices":[]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "homes[0].seed");

  r = parse(R"({"label":"h","offline_hours":0,"devices":[]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "homes[0].offline_hours");

  EXPECT_FALSE(ParseFleet(R"({"network":"a/b","homes":[]})").ok());
  EXPECT_FALSE(ParseFleet("{").ok());
}

// ---------------------------------------------------------------------------------------------
// The run: time windows and the loop

TEST(PlanSimulationTest, RealTimeLiveRunStartsNowAfterTheBackfill) {
  const int64_t now = kAug3 + 10 * kHourMs;
  auto p = PlanSimulation(now, 7, true, 1, 0);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->backfill_from_ms, now - 7 * kDayMs);
  EXPECT_EQ(p->live_from_ms, now);
  EXPECT_EQ(p->scenario_start_ms, now);
}

TEST(PlanSimulationTest, ScenariosCanStartHoursBeforeTheLiveRun) {
  const int64_t now = kAug3 + 10 * kHourMs;
  auto live = PlanSimulation(now, 2, true, 1, 0, 13);
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->scenario_start_ms, now - 13 * kHourMs);
  EXPECT_EQ(live->live_from_ms, now);
  auto backfill_only = PlanSimulation(now, 2, false, 1, 0, 1.5);
  ASSERT_TRUE(backfill_only.ok());
  EXPECT_EQ(backfill_only->scenario_start_ms, now - 90 * 60'000);
  EXPECT_EQ(PlanSimulation(now, 2, true, 1, 0, -1).error().field, "scenarios-hours-ago");
  EXPECT_EQ(PlanSimulation(now, 2, true, 1, 0, 241).error().field, "scenarios-hours-ago");
  EXPECT_TRUE(PlanSimulation(now, 2, true, 1, 0, 240).ok());
}

TEST(PlanSimulationTest, SpedUpRunIsPlacedSoItNeverRunsAheadOfTheClock) {
  const int64_t now = kAug3 + 10 * kHourMs;
  auto p = PlanSimulation(now, 2, true, 60, 600);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->live_from_ms, now - 59 * 600'000);
  // At the end of the 600 real seconds the simulated clock shows the real time.
  EXPECT_EQ(p->live_from_ms + int64_t(600'000 * 60.0), now + 600'000);
  EXPECT_EQ(p->backfill_from_ms, now - 2 * kDayMs);
  EXPECT_EQ(p->scenario_start_ms, p->live_from_ms);

  EXPECT_EQ(PlanSimulation(now, 0, true, 60, 0).error().field, "speed");
  EXPECT_EQ(PlanSimulation(now, 0, true, 0.5, 60).error().field, "speed");
  EXPECT_EQ(PlanSimulation(now, 0, false, 1, 0).error().field, "follow");
  EXPECT_EQ(PlanSimulation(now, -1, true, 1, 0).error().field, "backfill-days");
  auto backfill_only = PlanSimulation(now, 3, false, 1, 0);
  ASSERT_TRUE(backfill_only.ok());
  EXPECT_EQ(backfill_only->live_from_ms, now);
  EXPECT_EQ(backfill_only->scenario_start_ms, now);
}

class RecordingSender final : public PayloadSender {
 public:
  explicit RecordingSender(std::map<std::string, DeviceSecret> secrets)
      : secrets_(std::move(secrets)) {}
  core::Result<SendOutcome> Send(const OutgoingPayload& p) override {
    EXPECT_TRUE(VerifyMac(secrets_.at(p.signer), p.body, p.mac));
    ParseResult r = ParsePayload(p.body, p.signer);
    EXPECT_TRUE(r.rejections.empty());
    for (auto& e : r.events) events.push_back(std::move(e));
    ++counts_.payloads_sent;
    counts_.events_sent += p.events;
    return SendOutcome{};
  }
  core::Result<void> Finish(std::chrono::milliseconds) override { return core::Ok(); }
  SendCounts Counts() const override { return counts_; }

  std::vector<SensorEvent> events;

 private:
  std::map<std::string, DeviceSecret> secrets_;
  SendCounts counts_;
};

TEST(RunSimulationTest, BackfillThenLiveSendsEveryEventOfTheRangeExactlyOnce) {
  core::FakeClock clock(kAug3 + 10 * kHourMs + 5);
  Fleet fleet{
      "net",
      {MakeHome("a", Scenario::kNormal, 1, true), MakeHome("b", Scenario::kStopsMoving, 2, false),
       MakeHome("c", Scenario::kGatewayOffline, 3, true)}};
  auto plan = PlanSimulation(clock.NowMillis(), 2, true, 1, 3 * 3600);
  ASSERT_TRUE(plan.ok());
  ResolveScenarioTimes(fleet, plan->scenario_start_ms);
  std::map<std::string, DeviceSecret> secrets;
  for (const auto& h : fleet.homes) secrets.merge(SecretsOf(h));
  RecordingSender sender(secrets);
  std::atomic<bool> stop{false};
  std::vector<std::string> progress;
  SimulationDeps deps;
  deps.clock = &clock;
  deps.sleep = [&](std::chrono::milliseconds d) { clock.Advance(d); };
  deps.stop = &stop;
  deps.progress = [&](std::string_view line) { progress.emplace_back(line); };

  auto report = RunSimulation(fleet, *plan, sender, Transport::kMqtt, deps);
  ASSERT_TRUE(report.ok()) << report.error().message;

  const int64_t end = plan->live_from_ms + 3 * kHourMs;
  std::vector<SensorEvent> want;
  size_t held = 0;
  for (const auto& h : fleet.homes) {
    for (auto& e : GenerateHome(h, plan->backfill_from_ms, end)) {
      if (SendTime(h, e) < end) {
        want.push_back(std::move(e));
      } else {
        ++held;
      }
    }
  }
  auto key = [](const SensorEvent& e) { return std::tie(e.device, e.seq); };
  auto by_key = [&](const SensorEvent& x, const SensorEvent& y) { return key(x) < key(y); };
  std::sort(want.begin(), want.end(), by_key);
  std::vector<SensorEvent> got = sender.events;
  std::sort(got.begin(), got.end(), by_key);
  EXPECT_EQ(got, want);
  EXPECT_GT(held, 0u) << "the offline gateway still holds the live part";
  EXPECT_EQ(report->held_unsent, held);
  EXPECT_EQ(report->events_generated, want.size());
  EXPECT_EQ(report->counts.events_sent, want.size());
  EXPECT_GT(report->backfill_events, 0u);
  EXPECT_GT(report->live_events, 0u);
  for (const auto& line : progress) {
    for (const auto& h : fleet.homes) EXPECT_EQ(line.find(h.person_id), std::string::npos);
  }
}

TEST(RunSimulationTest, StopFlagEndsALiveRunWithoutDuration) {
  core::FakeClock clock(kAug3 + 10 * kHourMs);
  Fleet fleet{"net", {MakeHome("a", Scenario::kNormal, 1, false)}};
  auto plan = PlanSimulation(clock.NowMillis(), 0, true, 1, 0);
  ASSERT_TRUE(plan.ok());
  RecordingSender sender(SecretsOf(fleet.homes[0]));
  std::atomic<bool> stop{false};
  SimulationDeps deps;
  deps.clock = &clock;
  deps.stop = &stop;
  deps.sleep = [&](std::chrono::milliseconds d) {
    clock.Advance(d);
    if (clock.NowMillis() >= kAug3 + 11 * kHourMs) stop = true;
  };
  auto report = RunSimulation(fleet, *plan, sender, Transport::kMqtt, deps);
  ASSERT_TRUE(report.ok());
  EXPECT_GT(report->live_events, 0u);
  for (const auto& e : sender.events) EXPECT_LT(e.ts_ms, kAug3 + 11 * kHourMs + kMinuteMs);
}

// ---------------------------------------------------------------------------------------------
// Over the wire

// The broker scripts/test started; skipped without it.
TEST(SimSenderMqttTest, PublishesSignedPayloadsThatASubscriberVerifies) {
  const char* url = std::getenv("TSUNAGARI_TEST_MQTT");
  const char* dir = std::getenv("TSUNAGARI_TEST_MQTT_DIR");
  if (!url || !*url || !dir || !*dir) GTEST_SKIP() << "TSUNAGARI_TEST_MQTT(_DIR) not set";
  auto read_line = [&](const char* file) {
    std::ifstream in(std::filesystem::path(dir) / file);
    std::string line;
    std::getline(in, line);
    return line;
  };
  auto endpoint = ParseMqttUrl(url);
  ASSERT_TRUE(endpoint.ok());
  const std::string unique = core::NewId().substr(24);
  const std::string network = "simtest-" + unique;
  Fleet fleet{network,
              {MakeHome("g" + unique, Scenario::kNormal, 1, true),
               MakeHome("s" + unique, Scenario::kHeatWave, 2, false)}};
  std::map<std::string, DeviceSecret> secrets;
  for (const auto& h : fleet.homes) secrets.merge(SecretsOf(h));

  std::mutex mu;
  std::condition_variable cv;
  std::vector<SensorEvent> received;
  size_t bad_macs = 0, messages = 0;
  MqttSubscriberOptions so;
  so.endpoint = *endpoint;
  so.endpoint.username = "tsunagari-server";
  so.endpoint.password = read_line("server.pass");
  so.endpoint.client_id = "simtest-srv-" + unique;
  so.clean_start = true;
  so.topic_filter = "tsunagari/v1/" + network + "/+/events";
  const std::string prefix = "tsunagari/v1/" + network + "/";
  MqttSubscriber sub(so, [&](const MqttMessage& m) {
    std::string device(m.topic.substr(prefix.size()));
    device.resize(device.size() - std::string_view("/events").size());
    ParseResult r = ParsePayload(m.payload, device);
    std::lock_guard lock(mu);
    ++messages;
    auto secret = secrets.find(device);
    if (!m.mac || secret == secrets.end() || !VerifyMac(secret->second, m.payload, *m.mac)) {
      ++bad_macs;
    }
    for (auto& e : r.events) received.push_back(std::move(e));
    cv.notify_all();
    return MqttDisposition::kAcknowledge;
  });
  ASSERT_TRUE(sub.Start().ok());
  ASSERT_TRUE(sub.WaitUntilSubscribed(10s)) << sub.Stats().last_error;

  MqttSenderOptions mo;
  mo.endpoint = *endpoint;
  mo.endpoint.username = "tsunagari-devices";
  mo.endpoint.password = read_line("devices.pass");
  mo.endpoint.client_id = "simtest-dev-" + unique;
  mo.network = network;
  auto sender = ConnectMqttSender(mo);
  ASSERT_TRUE(sender.ok()) << sender.error().message;

  std::vector<SensorEvent> sent;
  for (const auto& h : fleet.homes) {
    auto events = GenerateHome(h, kAug3, kAug3 + kDayMs);
    // A day's backfill in batches, then an hour of live events one payload each.
    auto backfill = BuildPayloads(h, std::span(events).first(events.size() - 40), Transport::kMqtt);
    ASSERT_TRUE(backfill.ok());
    for (const auto& p : *backfill) ASSERT_TRUE((*sender)->Send(p).ok());
    for (size_t i = events.size() - 40; i < events.size(); ++i) {
      auto live = BuildPayloads(h, std::span(events).subspan(i, 1), Transport::kMqtt);
      ASSERT_TRUE(live.ok());
      for (const auto& p : *live) ASSERT_TRUE((*sender)->Send(p).ok());
    }
    sent.insert(sent.end(), events.begin(), events.end());
  }
  ASSERT_TRUE((*sender)->Finish(10s).ok());
  const SendCounts counts = (*sender)->Counts();
  EXPECT_EQ(counts.events_sent, sent.size());
  EXPECT_EQ(counts.payloads_rejected, 0u);

  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, 10s, [&] { return received.size() >= sent.size(); }))
      << received.size() << " of " << sent.size();
  EXPECT_EQ(bad_macs, 0u);
  EXPECT_EQ(messages, counts.payloads_sent);
  auto key = [](const SensorEvent& e) { return std::tie(e.device, e.seq); };
  auto by_key = [&](const SensorEvent& x, const SensorEvent& y) { return key(x) < key(y); };
  std::sort(sent.begin(), sent.end(), by_key);
  std::sort(received.begin(), received.end(), by_key);
  EXPECT_EQ(received, sent);
  lock.unlock();
  sub.Stop();
}

TEST(SimSenderMqttTest, UnreachableBrokerIsAnError) {
  MqttSenderOptions mo;
  mo.endpoint.host = "127.0.0.1";
  mo.endpoint.port = 9;  // discard: nothing listens there
  mo.endpoint.client_id = "simtest-nobody";
  mo.network = "n";
  mo.connect_timeout = 2s;
  auto sender = ConnectMqttSender(mo);
  ASSERT_FALSE(sender.ok());
  EXPECT_EQ(sender.error().code, core::ErrorCode::kUnavailable);
}

// A loopback HTTP server that answers each request with the next scripted status and body.
class ScriptedServer {
 public:
  struct Reply {
    int status;
    std::string body;
  };
  struct Seen {
    std::string authorization, content_type, body, target;
  };

  explicit ScriptedServer(std::vector<Reply> replies)
      : replies_(std::move(replies)),
        acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~ScriptedServer() {
    boost::system::error_code ec;
    acceptor_.close(ec);
    thread_.join();
  }
  std::string Url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  std::vector<Seen> seen() {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  void Serve() {
    namespace http = boost::beast::http;
    size_t next = 0;
    while (next < replies_.size()) {
      boost::system::error_code ec;
      boost::asio::ip::tcp::socket socket(io_);
      acceptor_.accept(socket, ec);
      if (ec) return;
      boost::beast::flat_buffer buffer;
      while (next < replies_.size()) {
        http::request<http::string_body> req;
        http::read(socket, buffer, req, ec);
        if (ec) break;
        {
          std::lock_guard lock(mu_);
          seen_.push_back({std::string(req[http::field::authorization]),
                           std::string(req[http::field::content_type]), req.body(),
                           std::string(req.target())});
        }
        const Reply& r = replies_[next++];
        http::response<http::string_body> res{http::status(r.status), 11};
        res.set(http::field::content_type, "application/json");
        res.body() = r.body;
        res.prepare_payload();
        http::write(socket, res, ec);
        if (ec) break;
      }
    }
  }

  std::vector<Reply> replies_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<Seen> seen_;  // guarded by mu_
};

TEST(SimSenderHttpTest, PostsSignedBatchesRetriesOn503AndCountsRejections) {
  ScriptedServer server({
      {503, R"({"error":"busy"})"},
      {200, R"({"accepted":2,"duplicates":1,"rejected":[{"index":1,"reason":"future_ts"}]})"},
      {401, R"({"error":"unauthenticated"})"},
  });
  HttpSenderOptions o;
  o.base_url = server.Url() + "/";
  o.retry_for = 20s;
  auto sender = MakeHttpSender(o);
  ASSERT_TRUE(sender.ok());
  const FleetHome h = MakeHome("h", Scenario::kNormal, 1, true);
  auto events = GenerateHome(h, kAug3 + 10 * kHourMs, kAug3 + 11 * kHourMs);
  events.resize(4);
  auto payloads = BuildPayloads(h, events, Transport::kHttp);
  ASSERT_TRUE(payloads.ok());
  ASSERT_EQ(payloads->size(), 1u);

  auto first = (*sender)->Send(payloads->front());
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->accepted);
  EXPECT_EQ(first->http_status, 200);
  auto second = (*sender)->Send(payloads->front());
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->accepted);
  EXPECT_EQ(second->http_status, 401);

  auto seen = server.seen();
  ASSERT_EQ(seen.size(), 3u);
  for (const auto& s : seen) {
    EXPECT_EQ(s.target, "/api/v1/watch/events");
    EXPECT_EQ(s.content_type, "application/json");
    EXPECT_EQ(s.authorization, "TsunagariDevice " + h.gateway->id + ":" + payloads->front().mac);
    EXPECT_EQ(s.body, payloads->front().body);
    auto auth = ParseDeviceAuthorization(s.authorization);
    ASSERT_TRUE(auth.ok());
    EXPECT_TRUE(VerifyMac(h.gateway->secret, s.body, auth->mac_hex));
  }
  const SendCounts c = (*sender)->Counts();
  EXPECT_EQ(c.retries, 1u);
  EXPECT_EQ(c.http_status.at(503), 1u);
  EXPECT_EQ(c.http_status.at(200), 1u);
  EXPECT_EQ(c.http_status.at(401), 1u);
  EXPECT_EQ(c.payloads_sent, 1u);
  EXPECT_EQ(c.events_sent, 4u);
  EXPECT_EQ(c.events_accepted, 2u);
  EXPECT_EQ(c.events_duplicate, 1u);
  EXPECT_EQ(c.payloads_rejected, 1u);
  EXPECT_EQ(c.events_rejected, 1u + 4u);
  EXPECT_EQ(c.rejected_by_reason.at("future_ts"), 1u);
  EXPECT_EQ(c.rejected_by_reason.at("http_401"), 1u);
}

TEST(SimSenderHttpTest, NobodyListeningIsAnErrorAfterTheRetryTime) {
  HttpSenderOptions o;
  o.base_url = "http://127.0.0.1:9";
  o.retry_for = 1s;
  auto sender = MakeHttpSender(o);
  ASSERT_TRUE(sender.ok());
  auto probe = EmptyBatch(MakeHome("h", Scenario::kNormal, 1, false));
  ASSERT_TRUE(probe.ok());
  auto sent = (*sender)->Send(*probe);
  ASSERT_FALSE(sent.ok());
  EXPECT_EQ(sent.error().code, core::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace watch

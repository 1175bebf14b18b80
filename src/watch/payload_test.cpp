// Tests for the sensor payload parser: the device contract of docs/watch-ingestion.md, one
// behaviour per test, and the edges where a JSON parser usually goes wrong.
#include "watch/payload.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace watch {
namespace {

// 2026-01-01T00:00:00Z
constexpr int64_t kNewYear2026Ms = 1'767'225'600'000;

ParseResult Parse(std::string_view json, std::string_view default_device = "door-1") {
  return ParsePayload(json, default_device);
}

// The single reason a payload with exactly one rejection got (fails the test otherwise).
RejectReason OnlyReason(std::string_view json, std::string_view default_device = "door-1") {
  ParseResult result = Parse(json, default_device);
  EXPECT_TRUE(result.events.empty()) << json;
  EXPECT_EQ(result.rejections.size(), 1u) << json;
  if (result.rejections.size() != 1) return RejectReason::kMalformedJson;
  return result.rejections.front().reason;
}

// Accepted as exactly one event.
SensorEvent OnlyEvent(std::string_view json, std::string_view default_device = "door-1") {
  ParseResult result = Parse(json, default_device);
  EXPECT_TRUE(result.rejections.empty())
      << json << " -> "
      << (result.rejections.empty() ? "" : ReasonCode(result.rejections.front().reason));
  EXPECT_EQ(result.events.size(), 1u) << json;
  return result.events.empty() ? SensorEvent{} : result.events.front();
}

// An event with `members` (a JSON fragment starting with a comma, or empty) added.
std::string Event(std::string_view members = "") {
  return std::string(R"({"seq":7,"ts":1767225600000,"type":"door_open")") + std::string(members) +
         "}";
}

std::string WithTs(std::string_view ts_json) {
  return std::string(R"({"seq":1,"type":"motion","ts":)") + std::string(ts_json) + "}";
}

std::string WithSeq(std::string_view seq_json) {
  return std::string(R"({"ts":1767225600000,"type":"motion","seq":)") + std::string(seq_json) + "}";
}

TEST(PayloadTest, AcceptsOneEventAndFillsTheTopicDevice) {
  SensorEvent event = OnlyEvent(Event(), "entrance-door");
  EXPECT_EQ(event.device, "entrance-door");
  EXPECT_EQ(event.seq, 7);
  EXPECT_EQ(event.ts_ms, kNewYear2026Ms);
  EXPECT_EQ(event.type, EventType::kDoorOpen);
  EXPECT_FALSE(event.temperature_c.has_value());
  EXPECT_FALSE(event.humidity_pct.has_value());
  EXPECT_FALSE(event.battery_pct.has_value());
}

TEST(PayloadTest, SingleEventIsReportedAtIndexZeroWhenRejected) {
  ParseResult result = Parse(R"({"ts":1767225600000,"type":"motion"})");
  ASSERT_EQ(result.rejections.size(), 1u);
  EXPECT_EQ(result.rejections.front(), (Rejection{0, RejectReason::kMissingSeq}));
  EXPECT_FALSE(result.WholePayloadRejected());
}

TEST(PayloadTest, ReportsTheDeviceThePayloadNamesForTheIngesterToCheck) {
  SensorEvent event = OnlyEvent(Event(R"(,"device":"fridge-7")"), "gateway-1");
  EXPECT_EQ(event.device, "fridge-7");
}

TEST(PayloadTest, ReadsEveryEventTypeAndItsValues) {
  SensorEvent climate = OnlyEvent(
      R"({"seq":1,"ts":1767225600000,"type":"climate","temperature_c":31.5,"humidity_pct":68})");
  EXPECT_EQ(climate.type, EventType::kClimate);
  EXPECT_DOUBLE_EQ(*climate.temperature_c, 31.5);
  EXPECT_DOUBLE_EQ(*climate.humidity_pct, 68.0);

  SensorEvent battery =
      OnlyEvent(R"({"seq":2,"ts":1767225600000,"type":"battery","battery_pct":9})");
  EXPECT_EQ(battery.type, EventType::kBattery);
  EXPECT_EQ(battery.battery_pct, 9);

  SensorEvent heartbeat =
      OnlyEvent(R"({"seq":3,"ts":1767225600000,"type":"heartbeat","battery_pct":100})");
  EXPECT_EQ(heartbeat.type, EventType::kHeartbeat);
  EXPECT_EQ(heartbeat.battery_pct, 100);

  EXPECT_EQ(OnlyEvent(R"({"seq":4,"ts":1767225600000,"type":"heartbeat"})").type,
            EventType::kHeartbeat);
  EXPECT_EQ(OnlyEvent(R"({"seq":5,"ts":1767225600000,"type":"door_close"})").type,
            EventType::kDoorClose);
  EXPECT_EQ(OnlyEvent(R"({"seq":6,"ts":1767225600000,"type":"motion"})").type, EventType::kMotion);
}

TEST(PayloadTest, AcceptsABatchInOrder) {
  ParseResult result = Parse(R"({"events":[
      {"seq":10,"ts":1767225600000,"type":"door_open"},
      {"seq":11,"ts":"2026-01-01T09:00:05+09:00","type":"door_close"},
      {"seq":12,"ts":1767225610000,"type":"climate","temperature_c":-3.5}]})",
                             "hallway");
  EXPECT_TRUE(result.rejections.empty());
  ASSERT_EQ(result.events.size(), 3u);
  EXPECT_EQ(result.events[0].seq, 10);
  EXPECT_EQ(result.events[1].seq, 11);
  EXPECT_EQ(result.events[1].ts_ms, kNewYear2026Ms + 5000);
  EXPECT_EQ(result.events[2].temperature_c, -3.5);
  for (const SensorEvent& event : result.events) EXPECT_EQ(event.device, "hallway");
}

TEST(PayloadTest, BadEventsInsideAGoodBatchKeepTheOthersAndTheirIndex) {
  ParseResult result = Parse(R"({"events":[
      {"seq":1,"ts":1767225600000,"type":"door_open"},
      {"seq":0,"ts":1767225600000,"type":"door_open"},
      {"seq":3,"ts":1767225600000,"type":"door_open"},
      [1,2,3],
      {"seq":5,"ts":1767225600000,"type":"teleport"},
      {"seq":6,"ts":1767225600000,"type":"door_close"}]})");
  ASSERT_EQ(result.events.size(), 3u);
  EXPECT_EQ(result.events[0].seq, 1);
  EXPECT_EQ(result.events[1].seq, 3);
  EXPECT_EQ(result.events[2].seq, 6);
  EXPECT_EQ(result.rejections, (std::vector<Rejection>{{1, RejectReason::kBadSeq},
                                                       {3, RejectReason::kNotAnObject},
                                                       {4, RejectReason::kUnknownType}}));
}

TEST(PayloadTest, EmptyBatchIsNeitherAcceptedNorRejected) {
  ParseResult result = Parse(R"({"events":[]})");
  EXPECT_TRUE(result.events.empty());
  EXPECT_TRUE(result.rejections.empty());
}

TEST(PayloadTest, MembersBesideEventsInABatchAreIgnored) {
  ParseResult result = Parse(
      R"({"seq":"junk","gateway":"gw-1","events":[{"seq":1,"ts":1767225600000,"type":"motion"}]})");
  EXPECT_TRUE(result.rejections.empty());
  EXPECT_EQ(result.events.size(), 1u);
}

// One payload per reason code, so that every code in the contract is produced somewhere.
TEST(PayloadTest, EachRejectionReasonHasAPayloadThatProducesIt) {
  struct Case {
    std::string json;
    RejectReason reason;
  };
  const std::vector<Case> cases = {
      {R"({"seq":1,)", RejectReason::kMalformedJson},
      {R"([{"seq":1}])", RejectReason::kNotAnObject},
      {std::string(kMaxPayloadBytes + 1, ' '), RejectReason::kTooLarge},
      {R"({"ts":1767225600000,"type":"motion"})", RejectReason::kMissingSeq},
      {WithSeq("-4"), RejectReason::kBadSeq},
      {R"({"seq":1,"type":"motion"})", RejectReason::kMissingTs},
      {WithTs(R"("yesterday")"), RejectReason::kBadTs},
      {R"({"seq":1,"ts":1767225600000})", RejectReason::kMissingType},
      {R"({"seq":1,"ts":1767225600000,"type":"door_opened"})", RejectReason::kUnknownType},
      {R"({"seq":1,"ts":1767225600000,"type":"climate","temperature_c":"hot"})",
       RejectReason::kBadValue},
      {R"({"seq":1,"ts":1767225600000,"type":"climate"})", RejectReason::kMissingValue},
      {Event(R"(,"device":"living room")"), RejectReason::kBadDevice},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ReasonCode(OnlyReason(c.json)), ReasonCode(c.reason)) << c.json.substr(0, 80);
  }
  // too_many_events has its own test below; together they cover every code.
  EXPECT_EQ(cases.size() + 1, std::size(kAllRejectReasons));
}

TEST(PayloadTest, MalformedJsonLateInABatchRejectsTheWholePayloadOnce) {
  ParseResult result = Parse(R"({"events":[
      {"seq":1,"ts":1767225600000,"type":"door_open"},
      {"seq":2,"ts":1767225600000,"type":"door_open"},
      {"seq":3,"ts":1767225600000,"type":"door_open",}]})");
  EXPECT_TRUE(result.WholePayloadRejected());
  EXPECT_TRUE(result.events.empty());
  EXPECT_EQ(result.rejections.front().reason, RejectReason::kMalformedJson);
}

TEST(PayloadTest, SyntaxErrorsAnywhereAreMalformed) {
  for (std::string_view json : {
           "",
           "   ",
           "{",
           "}",
           R"({"seq":1 "ts":2})",
           R"({"seq" 1})",
           R"({seq:1})",
           R"({'seq':1})",
           R"({"seq":1}})",
           R"({"seq":01,"ts":1767225600000,"type":"motion"})",
           R"({"seq":1.,"ts":1767225600000,"type":"motion"})",
           R"({"seq":+1,"ts":1767225600000,"type":"motion"})",
           R"({"seq":-,"ts":1767225600000,"type":"motion"})",
           "{\"seq\":1,\"ts\":1767225600000,\"type\":\"motion\",\"note\":\"tab\tinside\"}",  // raw
                                                                                             // tab
           R"({"seq":1,"ts":1767225600000,"type":"mot\ion"})",
           R"({"seq":1,"ts":1767225600000,"type":"motion"} {"seq":2})",
           R"({"seq":1,"ts":1767225600000,"type":"motion"}])",
           R"({"seq":1,"ts":1767225600000,"type":"motion"},)",
           R"({"events":[{"seq":1,"ts":1767225600000,"type":"motion"})",
           R"({"events":{"seq":1,"ts":1767225600000,"type":"motion"}})",
           R"({"events":[],"events":[]})",
       }) {
    ParseResult result = Parse(json);
    EXPECT_TRUE(result.WholePayloadRejected()) << json;
    if (result.WholePayloadRejected()) {
      EXPECT_EQ(ReasonCode(result.rejections.front().reason), "malformed_json") << json;
    }
  }
}

TEST(PayloadTest, TrailingWhitespaceIsFine) {
  OnlyEvent(Event() + " \r\n\t");
  OnlyEvent(" \n" + Event());
}

TEST(PayloadTest, PayloadThatIsJsonButNotAnObjectIsNotAnObject) {
  for (std::string_view json :
       {"[]", "[1,{\"a\":null}]", "42", "-1.5e3", "\"event\"", "true", "null"}) {
    EXPECT_EQ(ReasonCode(OnlyReason(json)), "not_an_object") << json;
  }
  // A scalar followed by more bytes is not JSON (the fuzzer found the string case).
  for (std::string_view json : {"[1,]", "tru", "nul", "01", "\"open", "[1] [2]", "1 2", "1x",
                                "true false", "\"a\" \"b\"", "\"{\"seq\":1}"}) {
    EXPECT_EQ(ReasonCode(OnlyReason(json)), "malformed_json") << json;
  }
}

TEST(PayloadTest, UnknownMembersAreIgnoredWhenTheyAreJson) {
  SensorEvent event = OnlyEvent(Event(
      R"(,"firmware":"2.1.0","rssi":-67,"extra":{"list":[1,2.5e-3,true,false,null,"見守り"],"o":{}},"n":null)"));
  EXPECT_EQ(event.seq, 7);
}

TEST(PayloadTest, UnknownMembersMustStillBeJson) {
  for (std::string_view members : {
           R"(,"extra":[1 2])",
           R"(,"extra":tru)",
           R"(,"extra":nulls)",
           R"(,"extra":{"a" 1})",
           R"(,"extra":0x10)",
           R"(,"extra":"\x41")",
           R"(,"extra":NaN)",
           R"(,"extra":[1,2,])",
       }) {
    EXPECT_EQ(ReasonCode(OnlyReason(Event(members))), "malformed_json") << members;
  }
}

TEST(PayloadTest, EscapedMemberNamesAreTheSameMembers) {
  SensorEvent event = OnlyEvent(R"({"se\u0071":5,"\u0074s":1767225600000,"type":"m\u006ftion"})");
  EXPECT_EQ(event.seq, 5);
  EXPECT_EQ(event.type, EventType::kMotion);
}

TEST(PayloadTest, DuplicateKnownMembersRejectTheEventWithThatMembersReason) {
  EXPECT_EQ(OnlyReason(Event(R"(,"seq":7)")), RejectReason::kBadSeq);
  EXPECT_EQ(OnlyReason(Event(R"(,"ts":1767225600000)")), RejectReason::kBadTs);
  EXPECT_EQ(OnlyReason(Event(R"(,"ts":"2026-01-01T00:00:00Z")")), RejectReason::kBadTs);
  EXPECT_EQ(OnlyReason(Event(R"(,"type":"door_open")")), RejectReason::kUnknownType);
  EXPECT_EQ(OnlyReason(Event(R"(,"device":"a","device":"a")")), RejectReason::kBadDevice);
  EXPECT_EQ(
      OnlyReason(
          R"({"seq":1,"ts":1767225600000,"type":"climate","humidity_pct":50,"humidity_pct":50})"),
      RejectReason::kBadValue);
}

TEST(PayloadTest, DuplicateUnknownMembersAreIgnored) {
  OnlyEvent(Event(R"(,"note":1,"note":"two")"));
}

TEST(PayloadTest, NestingUpToTheLimitIsAcceptedAndDeeperIsMalformed) {
  // The event object is level 1 and the "extra" value level 2; each '[' adds a level.
  auto nested = [](int levels) {
    return Event(",\"extra\":" + std::string(levels, '[') + std::string(levels, ']'));
  };
  OnlyEvent(nested(kMaxNestingDepth - 1));
  EXPECT_EQ(OnlyReason(nested(kMaxNestingDepth)), RejectReason::kMalformedJson);
  // Far deeper than any stack would take if the walk were unbounded.
  EXPECT_EQ(OnlyReason(nested(100'000)), RejectReason::kMalformedJson);
  EXPECT_EQ(OnlyReason(std::string(100'000, '[')), RejectReason::kMalformedJson);
}

TEST(PayloadTest, DeepNestingInsideAKnownMemberIsMalformedNotABadValue) {
  std::string deep = std::string(1000, '[') + std::string(1000, ']');
  EXPECT_EQ(OnlyReason(WithSeq(deep)), RejectReason::kMalformedJson);
  EXPECT_EQ(OnlyReason(WithSeq("[[1]]")), RejectReason::kBadSeq);
}

TEST(PayloadTest, InvalidUtf8AnywhereIsMalformed) {
  EXPECT_EQ(OnlyReason(Event(",\"note\":\"\xC3\x28\"")), RejectReason::kMalformedJson);
  EXPECT_EQ(OnlyReason(Event(",\"note\":\"\xED\xA0\x80\"")), RejectReason::kMalformedJson);
  EXPECT_EQ(OnlyReason(Event(",\"\xFF\":1")), RejectReason::kMalformedJson);
  EXPECT_EQ(OnlyReason(std::string("\xEF\xBB\xBF") + Event()), RejectReason::kMalformedJson);
  // A lone UTF-16 surrogate written as an escape is not a character either.
  EXPECT_EQ(OnlyReason(Event(R"(,"note":"\ud800")")), RejectReason::kMalformedJson);
}

TEST(PayloadTest, JapaneseTextAndEscapedPairsInIgnoredMembersAreFine) {
  OnlyEvent(Event(R"(,"place":"玄関","emoji":"\ud83d\ude00")"));
}

TEST(PayloadTest, SeqMustBeAnIntegerFromOneToTwoToThe53) {
  EXPECT_EQ(OnlyEvent(WithSeq("1")).seq, 1);
  EXPECT_EQ(OnlyEvent(WithSeq("9007199254740992")).seq, kMaxSeq);
  for (std::string_view bad :
       {"0", "-1", "9007199254740993", "18446744073709551616", "99999999999999999999999999", "1.0",
        "1e2", "1.5", "1e400", "\"5\"", "true", "null", "[1]", "{}"}) {
    EXPECT_EQ(ReasonCode(OnlyReason(WithSeq(bad))), "bad_seq") << bad;
  }
}

TEST(PayloadTest, TsAcceptsEpochMillisecondsInsideTheSyntaxRange) {
  EXPECT_EQ(OnlyEvent(WithTs("946684800000")).ts_ms, kMinTsMs);
  EXPECT_EQ(OnlyEvent(WithTs("4102444799999")).ts_ms, kEndTsMs - 1);
  for (std::string_view bad : {"946684799999", "4102444800000", "0", "-1", "1767225600000.0",
                               "1.7672256e12", "1e400", "99999999999999999999999"}) {
    EXPECT_EQ(ReasonCode(OnlyReason(WithTs(bad))), "bad_ts") << bad;
  }
}

TEST(PayloadTest, TsAcceptsRfc3339WithAnOffset) {
  EXPECT_EQ(OnlyEvent(WithTs(R"("2026-01-01T00:00:00Z")")).ts_ms, kNewYear2026Ms);
  EXPECT_EQ(OnlyEvent(WithTs(R"("2026-01-01t00:00:00z")")).ts_ms, kNewYear2026Ms);
  EXPECT_EQ(OnlyEvent(WithTs(R"("2026-01-01T09:00:00+09:00")")).ts_ms, kNewYear2026Ms);
  EXPECT_EQ(OnlyEvent(WithTs(R"("2025-12-31T19:30:00-04:30")")).ts_ms, kNewYear2026Ms);
  EXPECT_EQ(OnlyEvent(WithTs(R"("2026-01-01T00:00:00.5Z")")).ts_ms, kNewYear2026Ms + 500);
  EXPECT_EQ(OnlyEvent(WithTs(R"("2026-01-01T00:00:00.123456789Z")")).ts_ms, kNewYear2026Ms + 123);
  EXPECT_EQ(OnlyEvent(WithTs(R"("2024-02-29T12:00:00Z")")).ts_ms, 1'709'208'000'000);
  EXPECT_EQ(OnlyEvent(WithTs(R"("2000-01-01T09:00:00+09:00")")).ts_ms, kMinTsMs);
  // A leap second is the first second of the next minute, as in POSIX time.
  EXPECT_EQ(OnlyEvent(WithTs(R"("2016-12-31T23:59:60Z")")).ts_ms, 1'483'228'800'000);
}

TEST(PayloadTest, TsRejectsTimesThatAreNotRfc3339OrOutsideTheRange) {
  for (std::string_view bad : {
           R"("2026-01-01T00:00:00")",        // no offset: local time of where?
           R"("2026-01-01 00:00:00Z")",       // space instead of T
           R"("2026-01-01")",                 // a date is not a time
           R"("2026-1-01T00:00:00Z")",        // fixed-width fields
           R"("2026-01-01T00:00Z")",          // seconds are required
           R"("2026-01-01T00:00:00.Z")",      // empty fraction
           R"("2026-01-01T00:00:00+0900")",   // offset needs a colon
           R"("2026-01-01T00:00:00+24:00")",  // offset hour
           R"("2026-01-01T00:00:00+09:60")",  // offset minute
           R"("2026-13-01T00:00:00Z")",       // month
           R"("2023-02-29T00:00:00Z")",       // not a leap year
           R"("2026-04-31T00:00:00Z")",       // April has 30 days
           R"("2026-01-01T24:00:00Z")",       // hour
           R"("2026-01-01T00:60:00Z")",       // minute
           R"("2026-01-01T00:00:61Z")",       // second
           R"("2026-01-01T00:00:00Z ")",      // trailing space
           R"("1999-12-31T23:59:59Z")",       // before 2000
           R"("2000-01-01T08:59:59+09:00")",  // before 2000 in UTC
           R"("2100-01-01T00:00:00Z")",       // not before 2100
           R"("１９９９-01-01T00:00:00Z")",   // full-width digits
           R"("")",
           R"(true)",
           R"(null)",
       }) {
    EXPECT_EQ(ReasonCode(OnlyReason(WithTs(bad))), "bad_ts") << bad;
  }
}

TEST(PayloadTest, TypeMustBeOneOfTheNamesExactly) {
  for (std::string_view bad :
       {R"("Door_Open")", R"("door_open ")", R"("")", R"(1)", R"(null)", R"(["motion"])"}) {
    EXPECT_EQ(ReasonCode(OnlyReason(std::string(R"({"seq":1,"ts":1767225600000,"type":)") +
                                    std::string(bad) + "}")),
              "unknown_type")
        << bad;
  }
}

TEST(PayloadTest, ValueMembersFollowTheEventType) {
  auto event = [](std::string_view type, std::string_view members) {
    return std::string(R"({"seq":1,"ts":1767225600000,"type":")") + std::string(type) + "\"" +
           std::string(members) + "}";
  };
  EXPECT_EQ(OnlyEvent(event("climate", R"(,"humidity_pct":55.5)")).humidity_pct, 55.5);
  EXPECT_EQ(OnlyEvent(event("climate", R"(,"temperature_c":-40)")).temperature_c, -40.0);
  EXPECT_EQ(OnlyEvent(event("climate", R"(,"temperature_c":80)")).temperature_c, 80.0);
  EXPECT_EQ(OnlyEvent(event("battery", R"(,"battery_pct":0)")).battery_pct, 0);

  EXPECT_EQ(OnlyReason(event("climate", "")), RejectReason::kMissingValue);
  EXPECT_EQ(OnlyReason(event("battery", "")), RejectReason::kMissingValue);
  EXPECT_EQ(OnlyReason(event("door_open", R"(,"temperature_c":20)")), RejectReason::kBadValue);
  EXPECT_EQ(OnlyReason(event("motion", R"(,"battery_pct":50)")), RejectReason::kBadValue);
  EXPECT_EQ(OnlyReason(event("climate", R"(,"temperature_c":20,"battery_pct":50)")),
            RejectReason::kBadValue);
  EXPECT_EQ(OnlyReason(event("heartbeat", R"(,"humidity_pct":40)")), RejectReason::kBadValue);

  for (std::string_view bad :
       {R"(,"temperature_c":-40.01)", R"(,"temperature_c":80.5)", R"(,"temperature_c":1e400)",
        R"(,"temperature_c":"25")", R"(,"temperature_c":null)", R"(,"humidity_pct":-0.1)",
        R"(,"humidity_pct":100.01)", R"(,"humidity_pct":[50])"}) {
    EXPECT_EQ(ReasonCode(OnlyReason(event("climate", bad))), "bad_value") << bad;
  }
  for (std::string_view bad :
       {R"(,"battery_pct":50.0)", R"(,"battery_pct":101)", R"(,"battery_pct":-1)",
        R"(,"battery_pct":5e1)", R"(,"battery_pct":99999999999999999999)"}) {
    EXPECT_EQ(ReasonCode(OnlyReason(event("battery", bad))), "bad_value") << bad;
  }
}

TEST(PayloadTest, DeviceIdsAreOneTo64SafeCharacters) {
  EXPECT_EQ(OnlyEvent(Event(",\"device\":\"" + std::string(64, 'a') + "\"")).device,
            std::string(64, 'a'));
  EXPECT_EQ(OnlyEvent(Event(R"(,"device":"A-z_09")")).device, "A-z_09");
  for (std::string_view bad :
       {R"("")", R"("a/b")", R"("a+b")", R"("玄関")", R"("a b")", R"(7)", R"(null)"}) {
    EXPECT_EQ(ReasonCode(OnlyReason(Event(",\"device\":" + std::string(bad)))), "bad_device")
        << bad;
  }
  EXPECT_EQ(OnlyReason(Event(",\"device\":\"" + std::string(65, 'a') + "\"")),
            RejectReason::kBadDevice);
}

TEST(PayloadTest, WithoutADefaultDeviceEachEventMustNameOne) {
  EXPECT_EQ(OnlyReason(Event(), ""), RejectReason::kBadDevice);
  EXPECT_EQ(OnlyReason(Event(), "bad/topic"), RejectReason::kBadDevice);
  EXPECT_EQ(OnlyEvent(Event(R"(,"device":"bath-1")"), "").device, "bath-1");
}

TEST(PayloadTest, TheFirstRuleBrokenDecidesTheReason) {
  // Documented order: device, seq, ts, type, values.
  EXPECT_EQ(OnlyReason(R"({"device":"","ts":"x","type":"?"})"), RejectReason::kBadDevice);
  EXPECT_EQ(OnlyReason(R"({"ts":"x","type":"?"})"), RejectReason::kMissingSeq);
  EXPECT_EQ(OnlyReason(R"({"seq":1,"ts":"x","type":"?"})"), RejectReason::kBadTs);
  EXPECT_EQ(OnlyReason(R"({"seq":1,"ts":1767225600000,"type":"?","temperature_c":"x"})"),
            RejectReason::kUnknownType);
}

TEST(PayloadTest, PayloadSizeLimitIsInclusive) {
  std::string at_limit = Event();
  at_limit.append(kMaxPayloadBytes - at_limit.size(), ' ');
  OnlyEvent(at_limit);
  EXPECT_EQ(OnlyReason(at_limit + " "), RejectReason::kTooLarge);
}

TEST(PayloadTest, AThousandEventsAreAcceptedAndOneMoreRejectsThePayload) {
  auto batch = [](size_t n) {
    std::string json = R"({"events":[)";
    for (size_t i = 0; i < n; ++i) {
      if (i) json += ',';
      json += R"({"seq":)" + std::to_string(i + 1) + R"(,"ts":1767225600000,"type":"motion"})";
    }
    return json + "]}";
  };
  ParseResult full = Parse(batch(kMaxEventsPerPayload));
  EXPECT_EQ(full.events.size(), kMaxEventsPerPayload);
  EXPECT_TRUE(full.rejections.empty());
  EXPECT_EQ(full.events.back().seq, 1000);

  ParseResult over = Parse(batch(kMaxEventsPerPayload + 1));
  EXPECT_TRUE(over.WholePayloadRejected());
  EXPECT_EQ(ReasonCode(over.rejections.front().reason), "too_many_events");
}

TEST(PayloadTest, InPlaceParsingGivesTheSameResultAsCopying) {
  std::string body = R"({"events":[{"seq":1,"ts":1767225600000,"type":"door_open"},
      {"seq":2,"ts":"2026-01-01T00:00:01Z","type":"climate","humidity_pct":70},{"seq":-2}]})";
  ParseResult copied = ParsePayload(body, "dev");
  body.reserve(body.size() + kPayloadPadding);
  PayloadParser parser;
  ParseResult in_place = parser.ParseInPlace(body, body.capacity(), "dev");
  EXPECT_EQ(in_place.events, copied.events);
  EXPECT_EQ(in_place.rejections, copied.rejections);
  EXPECT_EQ(in_place.events.size(), 2u);
}

TEST(PayloadTest, InPlaceWithTooLittlePaddingFallsBackToCopying) {
  std::string body = Event();
  PayloadParser parser;
  ParseResult result = parser.ParseInPlace(body, body.size() + kPayloadPadding - 1, "dev");
  ASSERT_EQ(result.events.size(), 1u);
  EXPECT_EQ(result.events.front().seq, 7);
}

TEST(PayloadTest, InPlaceIsNotFooledByClosingBracesInThePadding) {
  // The unbalanced object ends in '}' and the padding is all '}': a reader that trusted the
  // padding would see a complete document.
  std::string unbalanced = R"({"seq":1,"ts":1767225600000,"type":"motion","x":{"a":1})";
  std::string buffer = unbalanced + std::string(kPayloadPadding, '}');
  PayloadParser parser;
  ParseResult result =
      parser.ParseInPlace(std::string_view(buffer.data(), unbalanced.size()), buffer.size(), "d");
  EXPECT_TRUE(result.WholePayloadRejected());
}

TEST(PayloadTest, AReusedParserKeepsNothingFromThePreviousPayload) {
  PayloadParser parser;
  ParseResult first = parser.Parse(
      R"({"events":[{"seq":1,"ts":1767225600000,"type":"climate","temperature_c":30,"device":"long-device-name-for-heap"}]})",
      "a");
  ASSERT_EQ(first.events.size(), 1u);
  ParseResult second = parser.Parse(R"({"seq":2,"ts":1767225600000,"type":"motion"})", "b");
  ASSERT_EQ(second.events.size(), 1u);
  EXPECT_EQ(second.events.front().device, "b");
  EXPECT_FALSE(second.events.front().temperature_c.has_value());
  EXPECT_EQ(first.events.front().device, "long-device-name-for-heap");  // still owned by `first`
  ParseResult third = parser.Parse("{", "c");
  EXPECT_TRUE(third.WholePayloadRejected());
  ParseResult fourth = parser.Parse(R"({"seq":3,"ts":1767225600000,"type":"motion"})", "d");
  EXPECT_EQ(fourth.events.size(), 1u);
}

TEST(PayloadTest, ReasonCodesAreTheContractsSnakeCaseNames) {
  std::vector<std::string_view> codes;
  for (RejectReason reason : kAllRejectReasons) codes.push_back(ReasonCode(reason));
  EXPECT_EQ(codes, (std::vector<std::string_view>{
                       "malformed_json", "not_an_object", "too_large", "too_many_events",
                       "missing_seq", "bad_seq", "missing_ts", "bad_ts", "missing_type",
                       "unknown_type", "bad_value", "missing_value", "bad_device"}));
}

TEST(PayloadTest, EventTypeNamesRoundTrip) {
  for (EventType type : {EventType::kDoorOpen, EventType::kDoorClose, EventType::kMotion,
                         EventType::kClimate, EventType::kBattery, EventType::kHeartbeat}) {
    EXPECT_EQ(EventTypeFromName(EventTypeName(type)), type);
  }
  EXPECT_EQ(EventTypeName(EventType::kDoorOpen), "door_open");
  EXPECT_FALSE(EventTypeFromName("DOOR_OPEN").has_value());
}

}  // namespace
}  // namespace watch

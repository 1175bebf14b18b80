// The rules at work through the API (docs/watch-api.md "Status list"): a person who stops moving
// turns red on the status list, a device that goes quiet shows as a device problem and not as
// the person's silence, activity clears the alert (it stays listed until a human resolves it),
// a scheduled absence shows as absent, and only the municipality's operators and admins see the
// list. The rules run when the test says so, at the fake clock's time.
#include <set>

#include "app/app.h"
#include "watch/evaluator.h"
#include "watch/local_time.h"
#include "watch/module.h"
#include "watch_fixture.h"

namespace watch_test {
namespace {

using watch::kHourMs;
using watch::kMinuteMs;

class ApiWatchStatusTest : public WatchFixture {
 protected:
  void SetUp() override {
    Enrol(person_);
    AddDevice(person_, "door-1", "door", "entrance");
    AddDevice(person_, "fridge-1", "door", "fridge");
  }
  void Sweep() {
    auto report = server_.app().watch().evaluator().Sweep({}, true);
    ASSERT_TRUE(report.ok()) << report.error().message;
  }
  /// The person's row as the operator sees it (signed in again: the clock jumps hours).
  json::object Row(const std::string& person) {
    Reply r = SignedIn(operator_)->Get("/api/v1/watch/status?municipality=991015");
    EXPECT_EQ(r.status, 200) << r.raw;
    for (const auto& item : r.body.at("items").as_array()) {
      if (Str(item, "person_id") == person) return item.as_object();
    }
    ADD_FAILURE() << "no row for " << person << ": " << r.raw;
    return {};
  }
  void Heartbeats(int64_t seq) {
    for (const char* d : {"door-1", "fridge-1"}) {
      Reply r = SendEvents(d, Batch(json::array{Event(seq, Now(), "heartbeat")}));
      ASSERT_EQ(r.status, 200) << r.raw;
    }
  }
};

TEST_P(ApiWatchStatusTest, APersonWhoStopsMovingTurnsRedAndMovingAgainClearsTheAlert) {
  Reply first = SendEvents("door-1", Batch(json::array{Event(1, Now() - kMinuteMs, "door_open"),
                                                       Event(2, Now(), "door_close")}));
  ASSERT_EQ(first.status, 200) << first.raw;
  Heartbeats(10);  // the fridge has not opened yet but is online
  Sweep();
  json::object row = Row(person_);
  EXPECT_EQ(Str(row, "status"), "normal");
  EXPECT_EQ(row.at("today_openings").at("entrance").to_number<int>(), 1);

  // 13 hours without an opening; the devices keep sending heartbeats, so they are online.
  for (int h = 1; h <= 13; ++h) {
    server_.clock().Advance(std::chrono::hours(1));
    Heartbeats(100 + h);
  }
  Sweep();
  row = Row(person_);
  EXPECT_EQ(Str(row, "status"), "alert") << json::serialize(row);
  std::set<std::string> kinds;
  for (const auto& a : row.at("alerts").as_array()) {
    EXPECT_EQ(Str(a, "category"), "person") << json::serialize(row);
    kinds.insert(Str(a, "kind"));
  }
  // Daytime silence too when the 13 hours cover a check time with no activity since 06:00.
  EXPECT_TRUE(kinds.contains("inactivity")) << json::serialize(row);
  EXPECT_EQ(Str(row, "person_id"),
            Str(SignedIn(operator_)->Get("/api/v1/watch/status").body.at("items").at(0),
                "person_id"));  // most urgent first

  Reply moved = SendEvents("fridge-1", Batch(json::array{Event(500, Now(), "door_open")}));
  ASSERT_EQ(moved.status, 200);
  Sweep();
  row = Row(person_);
  ASSERT_EQ(row.at("alerts").as_array().size(), kinds.size());  // on record until resolved
  for (const auto& a : row.at("alerts").as_array()) {
    EXPECT_FALSE(a.at("active").as_bool()) << json::serialize(row);
  }
}

TEST_P(ApiWatchStatusTest, DevicesThatGoQuietAreADeviceProblemNotThePersonsSilence) {
  SendEvents("door-1", Batch(json::array{Event(1, Now(), "door_open")}));
  SendEvents("fridge-1", Batch(json::array{Event(1, Now(), "door_open")}));
  server_.clock().Advance(std::chrono::hours(14));
  Sweep();
  json::object row = Row(person_);
  EXPECT_EQ(Str(row, "status"), "device") << json::serialize(row);
  EXPECT_EQ(row.at("device_problems").to_number<int>(), 2);
  for (const auto& a : row.at("alerts").as_array()) {
    EXPECT_EQ(Str(a, "category"), "device") << json::serialize(row);
  }
}

TEST_P(ApiWatchStatusTest, AScheduledAbsenceShowsAndSuppressesPersonAlerts) {
  SendEvents("door-1", Batch(json::array{Event(1, Now(), "door_open")}));
  Reply absence = cm_client_->Post(Base(person_) + "/absences",
                                   json::object{{"reason", "short_stay"},
                                                {"starts_at", Now()},
                                                {"ends_at", Now() + 3 * 24 * kHourMs},
                                                {"note", "ショートステイ利用"}});
  ASSERT_EQ(absence.status, 201) << absence.raw;
  Reply bad = cm_client_->Post(
      Base(person_) + "/absences",
      json::object{{"reason", "holiday"}, {"starts_at", Now()}, {"ends_at", Now() - 1}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.raw.find("reason"), std::string::npos);
  EXPECT_NE(bad.raw.find("ends_at"), std::string::npos);
  for (int h = 1; h <= 13; ++h) {
    server_.clock().Advance(std::chrono::hours(1));
    Heartbeats(100 + h);
  }
  Sweep();
  json::object row = Row(person_);
  EXPECT_EQ(Str(row, "status"), "absent") << json::serialize(row);
  EXPECT_EQ(Str(row.at("absence"), "reason"), "short_stay");
  EXPECT_TRUE(row.at("alerts").as_array().empty()) << json::serialize(row);
}

TEST_P(ApiWatchStatusTest, AnAbsentPersonIsAbsentEvenWhileTheDevicesAreQuiet) {
  SendEvents("door-1", Batch(json::array{Event(1, Now(), "door_open")}));
  Reply absence = cm_client_->Post(
      Base(person_) + "/absences",
      json::object{
          {"reason", "hospital"}, {"starts_at", Now()}, {"ends_at", Now() + 5 * 24 * kHourMs}});
  ASSERT_EQ(absence.status, 201) << absence.raw;
  server_.clock().Advance(std::chrono::hours(14));  // no heartbeats: both devices go offline
  Sweep();
  json::object row = Row(person_);
  EXPECT_EQ(Str(row, "status"), "absent") << json::serialize(row);
  EXPECT_EQ(row.at("device_problems").to_number<int>(), 2) << json::serialize(row);
}

TEST_P(ApiWatchStatusTest, ALiveRefreshReturnsOnlyTheNamedPersonsOfTheMunicipality) {
  const std::string other =
      server_.CreatePerson("991016", cm_.user_id, "若葉 次郎", "ワカバ ジロウ", true);
  const std::string unenrolled =
      server_.CreatePerson("991015", cm_.user_id, "青葉 三郎", "アオバ サブロウ", true);
  SendEvents("door-1", Batch(json::array{Event(1, Now(), "door_open")}));
  Reply r = operator_client_->Get("/api/v1/watch/status?municipality=991015&persons=" + person_ +
                                  "," + other + "," + unenrolled + "," + person_);
  ASSERT_EQ(r.status, 200) << r.raw;
  const auto& items = r.body.at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << r.raw;
  EXPECT_EQ(Str(items[0], "person_id"), person_);
  EXPECT_EQ(items[0].at("today_openings").at("entrance").to_number<int>(), 1) << r.raw;
  EXPECT_EQ(items[0].at("devices").to_number<int>(), 2);
}

TEST_P(ApiWatchStatusTest, APersonWhoseEventsArrivedGetsTheBaselineAgainAfterTenMinutes) {
  auto& evaluator = server_.app().watch().evaluator();
  // Start just past an hour, so that no hour boundary reruns the baseline by itself.
  const int64_t into_hour = Now() % kHourMs;
  server_.clock().Advance(std::chrono::milliseconds(kHourMs - into_hour + 60'000));
  auto all = evaluator.Sweep({}, true);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->baselines, 1);
  server_.clock().Advance(std::chrono::minutes(5));
  auto soon = evaluator.Sweep({person_});
  ASSERT_TRUE(soon.ok());
  EXPECT_EQ(soon->baselines, 0) << "5 minutes after the last run";
  server_.clock().Advance(std::chrono::minutes(6));
  auto later = evaluator.Sweep({person_});
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->baselines, 1) << "11 minutes after the last run";
  server_.clock().Advance(std::chrono::minutes(1));
  auto everybody = evaluator.Sweep();
  ASSERT_TRUE(everybody.ok());
  EXPECT_EQ(everybody->baselines, 0) << "the minute sweep keeps the hourly rhythm";
  // A person whose events are still arriving is left to their own turn.
  auto skipping = evaluator.Sweep({}, false, {person_});
  ASSERT_TRUE(skipping.ok());
  EXPECT_EQ(skipping->persons, 0);
}

TEST_P(ApiWatchStatusTest, OnlyTheMunicipalitysOperatorsAndAdminsSeeTheList) {
  EXPECT_EQ(admin_client_->Get("/api/v1/watch/status").status, 200);
  EXPECT_EQ(cm_client_->Get("/api/v1/watch/status").status, 403);
  auto other = SignedIn(other_operator_);
  EXPECT_EQ(other->Get("/api/v1/watch/status?municipality=991015").status, 403);
  Reply theirs = other->Get("/api/v1/watch/status");
  ASSERT_EQ(theirs.status, 200);
  EXPECT_TRUE(theirs.body.at("items").as_array().empty());
  EXPECT_EQ(SignedIn(outsider_)->Get("/api/v1/watch/status/stream").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiWatchStatusTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace
}  // namespace watch_test

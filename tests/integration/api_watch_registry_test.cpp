// The watch registry and HTTP ingestion (docs/watch-api.md, docs/watch-ingestion.md): who may
// enrol a person and register devices, that a device's secret is shown once, and that signed
// batches are stored once however often they arrive, with every rejection named.
#include "watch/local_time.h"
#include "watch_fixture.h"

namespace watch_test {
namespace {

class ApiWatchRegistryTest : public WatchFixture {
 protected:
  json::object DeviceOf(const std::string& id) {
    Reply r = cm_client_->Get(Base(person_));
    EXPECT_EQ(r.status, 200) << r.raw;
    for (const auto& d : r.body.at("devices").as_array()) {
      if (Str(d, "id") == id) return d.as_object();
    }
    ADD_FAILURE() << "no device " << id;
    return {};
  }
};

TEST_P(ApiWatchRegistryTest, TheCityEnrolsAPersonAndTheTeamAndTheCallCenterSeeItButNobodyElse) {
  EXPECT_EQ(cm_client_->Get(Base(person_)).status, 404);  // not enrolled yet
  Reply bad = admin_client_->Post(
      Base(person_), json::object{{"settings", json::object{{"inactivity_hours", 0}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.raw.find("settings.inactivity_hours"), std::string::npos) << bad.raw;
  Enrol(person_, json::object{{"settings", json::object{{"inactivity_hours", 8}}},
                              {"runbook", json::object{{"note", "耳が遠いので長めに鳴らす"}}}});
  EXPECT_EQ(admin_client_->Post(Base(person_), json::object{}).status, 409);

  Reply seen = operator_client_->Get(Base(person_));
  ASSERT_EQ(seen.status, 200) << seen.raw;
  EXPECT_EQ(Str(seen.body, "person_name"), "山田 花子");
  EXPECT_EQ(seen.body.at("thresholds").at("inactivity_hours").to_number<int>(), 8);
  EXPECT_EQ(seen.body.at("thresholds").at("offline_minutes").to_number<int>(), 120);
  EXPECT_EQ(Str(seen.body.at("runbook"), "note"), "耳が遠いので長めに鳴らす");
  EXPECT_FALSE(seen.body.at("may_manage").as_bool());
  EXPECT_EQ(cm_client_->Get(Base(person_)).status, 200);
  EXPECT_TRUE(cm_client_->Get(Base(person_)).body.at("may_manage").as_bool());
  EXPECT_EQ(SignedIn(outsider_)->Get(Base(person_)).status, 403);
  EXPECT_EQ(SignedIn(other_operator_)->Get(Base(person_)).status, 403);
  // The operator reads but does not manage.
  Reply op_device =
      operator_client_->Post(Base(person_) + "/devices",
                             json::object{{"id", "d-1"}, {"kind", "door"}, {"place", "entrance"}});
  EXPECT_EQ(op_device.status, 403);
}

TEST_P(ApiWatchRegistryTest, ADeviceSecretIsShownOnceAndDeviceFieldsAreChecked) {
  Enrol(person_);
  Reply added = cm_client_->Post(
      Base(person_) + "/devices",
      json::object{{"id", "door-entrance-1"}, {"kind", "door"}, {"place", "entrance"}});
  ASSERT_EQ(added.status, 201) << added.raw;
  EXPECT_EQ(Str(added.body, "secret").size(), 64u);
  Reply again = cm_client_->Get(Base(person_));
  EXPECT_EQ(again.raw.find(Str(added.body, "secret")), std::string::npos);
  EXPECT_EQ(again.raw.find("secret"), std::string::npos);

  Reply dup = cm_client_->Post(
      Base(person_) + "/devices",
      json::object{{"id", "door-entrance-1"}, {"kind", "door"}, {"place", "fridge"}});
  EXPECT_EQ(dup.status, 409);
  Reply bad = cm_client_->Post(
      Base(person_) + "/devices",
      json::object{{"id", "has space"}, {"kind", "toaster"}, {"place", "entrance"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.raw.find("\"id\""), std::string::npos) << bad.raw;
  EXPECT_NE(bad.raw.find("\"kind\""), std::string::npos) << bad.raw;
  Reply not_gateway =
      cm_client_->Post(Base(person_) + "/devices", json::object{{"id", "fridge-1"},
                                                                {"kind", "door"},
                                                                {"place", "fridge"},
                                                                {"gateway_id", "door-entrance-1"}});
  EXPECT_EQ(not_gateway.status, 400);
  EXPECT_NE(not_gateway.raw.find("gateway_id"), std::string::npos);
}

TEST_P(ApiWatchRegistryTest, SignedBatchesAreStoredOnceAndLateEventsFoldIntoTheirDay) {
  Enrol(person_);
  // Installed two days ago: the late event below is from yesterday, whatever the hour now.
  AddDevice(person_, "door-1", "door", "entrance", "", 2);
  const int64_t now = Now();
  json::array events{Event(1, now - 60'000, "door_open"), Event(2, now - 50'000, "door_close"),
                     Event(3, now - 40'000, "door_open")};
  Reply first = SendEvents("door-1", Batch(events));
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body.at("accepted").to_number<int>(), 3);
  Reply replay = SendEvents("door-1", Batch(events));
  ASSERT_EQ(replay.status, 200) << replay.raw;
  EXPECT_EQ(replay.body.at("accepted").to_number<int>(), 0);
  EXPECT_EQ(replay.body.at("duplicates").to_number<int>(), 3);
  json::object d = DeviceOf("door-1");
  EXPECT_EQ(d.at("day_openings").to_number<int>(), 2);
  EXPECT_EQ(d.at("last_activity_at").to_number<int64_t>(), now - 40'000);

  // A gateway that was offline flushes an older opening: accepted, but neither today's count nor
  // the latest activity moves back.
  int64_t yesterday = watch::LocalDayStart(now) - 3600'000;
  Reply late = SendEvents("door-1", Batch(json::array{Event(4, yesterday, "door_open")}));
  EXPECT_EQ(late.body.at("accepted").to_number<int>(), 1) << late.raw;
  d = DeviceOf("door-1");
  EXPECT_EQ(d.at("day_openings").to_number<int>(), 2);
  EXPECT_EQ(d.at("last_activity_at").to_number<int64_t>(), now - 40'000);
}

TEST_P(ApiWatchRegistryTest, UnsignedForeignFutureAndMalformedEventsAreRejectedByName) {
  Enrol(person_);
  AddDevice(person_, "gw-1", "gateway", "living");
  AddDevice(person_, "door-1", "door", "entrance", "gw-1");
  AddDevice(person_, "door-2", "door", "fridge");
  const int64_t now = Now();
  std::string payload = Batch(json::array{Event(1, now, "door_open", "door-1")});
  EXPECT_EQ(SendEvents("gw-1", payload, std::string(64, 'a')).status, 401);
  EXPECT_EQ(SendEvents("nobody", payload, std::string(64, 'a')).status, 401);
  Client device(server_);
  EXPECT_EQ(device.Send("POST", "/api/v1/watch/events", payload, "application/json").status, 401);

  Reply mixed = SendEvents(
      "gw-1", Batch(json::array{Event(1, now, "door_open", "door-1"),             // via its gateway
                                Event(1, now, "door_open", "door-2"),             // not behind gw-1
                                Event(2, now + 3600'000, "door_open", "door-1"),  // future
                                json::object{{"seq", 3}, {"type", "door_open"}}}));  // no ts
  ASSERT_EQ(mixed.status, 200) << mixed.raw;
  EXPECT_EQ(mixed.body.at("accepted").to_number<int>(), 1);
  const auto& rejected = mixed.body.at("rejected").as_array();
  ASSERT_EQ(rejected.size(), 3u) << mixed.raw;
  EXPECT_EQ(Str(rejected.at(0), "reason"), "foreign_device");
  EXPECT_EQ(rejected.at(0).at("index").to_number<int>(), 1);
  EXPECT_EQ(Str(rejected.at(1), "reason"), "future_ts");
  EXPECT_EQ(Str(rejected.at(2), "reason"), "missing_ts");
  EXPECT_EQ(rejected.at(2).at("index").to_number<int>(), 3);

  Reply malformed = SendEvents("door-2", "{\"events\": [");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_NE(malformed.raw.find("malformed_json"), std::string::npos);

  // A removed device is refused from then on.
  EXPECT_EQ(admin_client_->Delete(Base(person_) + "/devices/door-2").status, 204);
  EXPECT_EQ(SendEvents("door-2", Batch(json::array{Event(9, now, "door_open")})).status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiWatchRegistryTest,
                         ::testing::ValuesIn(db::testing::Backends()), db::testing::BackendName());

}  // namespace
}  // namespace watch_test

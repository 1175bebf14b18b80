// API tests of live notifications and the operational endpoints against the real server: the
// Server-Sent Events stream, replay after reconnecting with Last-Event-ID, the notification feed
// with its unread count, isolation between users, and /healthz, /readyz and /metrics.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include "app/app.h"
#include "notify/hub.h"
#include "test_env.h"
#include "transport/test_client.h"

namespace {

using namespace std::chrono_literals;
using testing_env::Account;
using testing_env::Client;
using testing_env::Reply;
using testing_env::TestServer;
namespace json = boost::json;

/// The notification events of a capture (heartbeats left out).
std::vector<std::string> Notifications(const transport::SseCapture& capture) {
  std::vector<std::string> out;
  for (const auto& e : capture.raw_events) {
    if (e.find("event: notification") != std::string::npos) out.push_back(e);
  }
  return out;
}

/// Opens a stream for `c` on another thread and returns once the hub has registered it, so that
/// what is notified next is live for it (the registration is awaited, not time).
std::future<transport::SseCapture> OpenStream(TestServer& server, Client& c, size_t count,
                                              transport::HeaderList headers = {}) {
  size_t before = server.app().hub().subscriber_count();
  headers.emplace_back("Cookie", "tsunagari_session=" + c.cookie());
  uint16_t port = server.port();
  auto capture = std::async(std::launch::async, [port, headers, count] {
    return transport::ReadSse(port, "/api/v1/events", headers, count, 5000ms);
  });
  for (int i = 0; i < 5000 && server.app().hub().subscriber_count() <= before; ++i) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_GT(server.app().hub().subscriber_count(), before) << "stream never registered";
  return capture;
}

void Notify(TestServer& server, const Account& to, const std::string& title) {
  auto n = server.app().hub().Notify(to.user_id, "timeline.post", title, "本文", "/persons/p1");
  ASSERT_TRUE(n.ok()) << n.error().message;
}

/// A server of its own for tests of streams that must receive nothing: shutting it down ends
/// the open streams, so no timeout is waited out.
struct Region {
  Region() {
    server->CreateMunicipality("991015", "群青市");
    clinic = server->CreateOrganization("991015", "clinic", "群青クリニック");
    nurse = server->CreateUser("nurse.gunjo", clinic, "member");
    admin = server->CreateUser("clinic.admin", clinic, "org_admin");
  }
  std::unique_ptr<TestServer> server = std::make_unique<TestServer>();
  std::string clinic;
  Account nurse, admin;
};

class ApiEventsTest : public ::testing::Test {
 protected:
  ApiEventsTest() {
    server_.CreateMunicipality("991015", "群青市");
    std::string clinic = server_.CreateOrganization("991015", "clinic", "群青クリニック");
    nurse_ = server_.CreateUser("nurse.gunjo", clinic, "member");
    other_ = server_.CreateUser("nurse.other", clinic, "member");
    EXPECT_EQ(nurse_client_.Login(nurse_).status, 200);
    EXPECT_EQ(other_client_.Login(other_).status, 200);
  }

  void Notify(const Account& to, const std::string& title) { ::Notify(server_, to, title); }
  std::future<transport::SseCapture> Open(Client& c, size_t count,
                                          transport::HeaderList headers = {}) {
    return OpenStream(server_, c, count, std::move(headers));
  }

  TestServer server_;
  Account nurse_, other_;
  Client nurse_client_{server_}, other_client_{server_};
};

TEST_F(ApiEventsTest, StreamDeliversANewNotification) {
  auto stream = Open(nurse_client_, 1);
  Notify(nurse_, "サービス担当者会議のお知らせ");
  transport::SseCapture capture = stream.get();
  EXPECT_EQ(capture.status, 200);
  EXPECT_TRUE(capture.headers["content-type"].starts_with("text/event-stream"));
  auto events = Notifications(capture);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].find("id: 1\n"), std::string::npos) << events[0];
  EXPECT_NE(events[0].find("サービス担当者会議のお知らせ"), std::string::npos) << events[0];
  EXPECT_NE(events[0].find("\"seq\":1"), std::string::npos) << events[0];
}

TEST_F(ApiEventsTest, ReconnectingWithLastEventIdReplaysOnlyNewerEvents) {
  Notify(nurse_, "一件目");
  Notify(nurse_, "二件目");
  Notify(nurse_, "三件目");
  transport::SseCapture replay = transport::ReadSse(
      server_.port(), "/api/v1/events",
      {{"Cookie", "tsunagari_session=" + nurse_client_.cookie()}, {"Last-Event-ID", "1"}}, 2,
      5000ms);
  auto events = Notifications(replay);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_NE(events[0].find("id: 2\n"), std::string::npos);
  EXPECT_NE(events[0].find("二件目"), std::string::npos);
  EXPECT_NE(events[1].find("id: 3\n"), std::string::npos);
  for (const auto& e : events) EXPECT_EQ(e.find("一件目"), std::string::npos);

  // Caught up: only what comes next arrives, backlog and live feed joined without repeats.
  auto live = Open(nurse_client_, 1, {{"Last-Event-ID", "3"}});
  Notify(nurse_, "四件目");
  auto next = Notifications(live.get());
  ASSERT_EQ(next.size(), 1u);
  EXPECT_NE(next[0].find("id: 4\n"), std::string::npos);
  EXPECT_NE(next[0].find("四件目"), std::string::npos);
}

TEST_F(ApiEventsTest, AnotherUsersStreamNeverReceivesThem) {
  auto others = Open(other_client_, 1);
  Notify(nurse_, "看護師あての通知");
  Notify(nurse_, "看護師あての通知その二");
  Notify(other_, "別の人あての通知");
  auto events = Notifications(others.get());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].find("別の人あての通知"), std::string::npos) << events[0];
  // Nor through a replay: sequence numbers are per user, so the nurse's 2 and 3 are not theirs.
  auto again = Open(other_client_, 1, {{"Last-Event-ID", "1"}});
  Notify(other_, "別の人あての二通目");
  auto replay = Notifications(again.get());
  ASSERT_EQ(replay.size(), 1u);
  EXPECT_NE(replay[0].find("別の人あての二通目"), std::string::npos) << replay[0];
  Reply feed = other_client_.Get("/api/v1/notifications");
  ASSERT_EQ(feed.body.at("items").as_array().size(), 2u);
}

TEST(ApiEventsSessionTest, LoggedOutSessionsStreamGetsNoMoreEvents) {
  Region region;
  Client kept(*region.server), left(*region.server);
  ASSERT_EQ(left.Login(region.nurse).status, 200);
  region.server->clock().Advance(30s);  // next TOTP step
  ASSERT_EQ(kept.Login(region.nurse).status, 200);
  notify::Hub& hub = region.server->app().hub();
  auto left_stream = OpenStream(*region.server, left, 1);
  auto kept_stream = OpenStream(*region.server, kept, 2);
  ASSERT_EQ(hub.subscriber_count(), 2u);
  left.Logout();
  Notify(*region.server, region.nurse, "退出後の通知");
  EXPECT_EQ(hub.subscriber_count(), 1u);  // the logged-out session's stream is dropped at once
  Notify(*region.server, region.nurse, "二通目");
  EXPECT_EQ(Notifications(kept_stream.get()).size(), 2u);  // the session still signed in
  // The server ends the logged-out stream itself (no need to wait for the client to leave).
  transport::SseCapture left_capture = left_stream.get();
  EXPECT_TRUE(left_capture.ended);
  EXPECT_TRUE(Notifications(left_capture).empty());
}

TEST(ApiEventsSessionTest, SuspendedUsersStreamGetsNoMoreEvents) {
  Region region;
  Client nurse(*region.server), admin(*region.server);
  ASSERT_EQ(nurse.Login(region.nurse).status, 200);
  ASSERT_EQ(admin.Login(region.admin).status, 200);
  auto stream = OpenStream(*region.server, nurse, 1);
  ASSERT_EQ(admin
                .Post("/api/v1/organizations/" + region.clinic + "/users/" + region.nurse.user_id +
                          "/status",
                      json::object{{"status", "suspended"}})
                .status,
            204);
  ASSERT_EQ(region.server->app().hub().subscriber_count(), 1u);
  Notify(*region.server, region.nurse, "停止後の通知");
  EXPECT_EQ(region.server->app().hub().subscriber_count(), 0u);
  region.server.reset();
  EXPECT_TRUE(Notifications(stream.get()).empty());
}

TEST(ApiEventsSessionTest, IdleSessionsStreamGetsNoMoreEvents) {
  Region region;
  Client nurse(*region.server);
  ASSERT_EQ(nurse.Login(region.nurse).status, 200);
  auto stream = OpenStream(*region.server, nurse, 1);
  region.server->clock().Advance(31min);
  ASSERT_EQ(region.server->app().hub().subscriber_count(), 1u);
  Notify(*region.server, region.nurse, "放置後の通知");
  EXPECT_EQ(region.server->app().hub().subscriber_count(), 0u);
  region.server.reset();
  EXPECT_TRUE(Notifications(stream.get()).empty());
}

TEST_F(ApiEventsTest, StreamRequiresAFullSignIn) {
  auto anonymous = transport::ReadSse(server_.port(), "/api/v1/events", {}, 1, 2000ms);
  EXPECT_EQ(anonymous.status, 401);
  Client pending(server_);
  Account stranger = server_.CreateUser("half.way", "", "", true);
  ASSERT_EQ(pending
                .Post("/api/v1/auth/login", json::object{{"login_id", stranger.login_id},
                                                         {"password", stranger.password}})
                .status,
            200);
  auto half = transport::ReadSse(server_.port(), "/api/v1/events",
                                 {{"Cookie", "tsunagari_session=" + pending.cookie()}}, 1, 2000ms);
  EXPECT_EQ(half.status, 401);
}

TEST_F(ApiEventsTest, NotificationFeedCountsUnreadAndMarksThemRead) {
  Notify(nurse_, "一件目");
  Notify(nurse_, "二件目");
  Notify(nurse_, "三件目");
  Reply feed = nurse_client_.Get("/api/v1/notifications");
  ASSERT_EQ(feed.status, 200) << feed.raw;
  EXPECT_EQ(feed.body.at("unread").as_int64(), 3);
  const auto& items = feed.body.at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].at("seq").as_int64(), 3);  // newest first
  EXPECT_EQ(items[0].at("title").as_string(), "三件目");
  EXPECT_FALSE(items[0].at("read").as_bool());

  // Someone else cannot mark mine.
  Reply theirs =
      other_client_.Post("/api/v1/notifications/read", json::object{{"seqs", json::array{1, 2}}});
  EXPECT_EQ(theirs.body.at("marked").as_int64(), 0);

  Reply one =
      nurse_client_.Post("/api/v1/notifications/read", json::object{{"seqs", json::array{1}}});
  ASSERT_EQ(one.status, 200) << one.raw;
  EXPECT_EQ(one.body.at("marked").as_int64(), 1);
  Reply after = nurse_client_.Get("/api/v1/notifications");
  EXPECT_EQ(after.body.at("unread").as_int64(), 2);
  EXPECT_TRUE(after.body.at("items").as_array()[2].at("read").as_bool());
  EXPECT_EQ(nurse_client_.Get("/api/v1/notifications?unread=1").body.at("items").as_array().size(),
            2u);

  Reply page = nurse_client_.Get("/api/v1/notifications?limit=2");
  ASSERT_EQ(page.body.at("items").as_array().size(), 2u);
  std::string cursor(page.body.at("next_cursor").as_string());
  Reply rest = nurse_client_.Get("/api/v1/notifications?limit=2&cursor=" + cursor);
  ASSERT_EQ(rest.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(rest.body.at("items").as_array()[0].at("seq").as_int64(), 1);

  Reply all = nurse_client_.Post("/api/v1/notifications/read", json::object{{"all", true}});
  EXPECT_EQ(all.body.at("marked").as_int64(), 2);
  EXPECT_EQ(nurse_client_.Get("/api/v1/notifications").body.at("unread").as_int64(), 0);
}

TEST_F(ApiEventsTest, HealthReadinessAndMetricsAnswer) {
  transport::TestClient http(server_.port());
  auto health = http.Request("GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "ok\n");
  auto ready = http.Request("GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, "ready\n");
  EXPECT_EQ(nurse_client_.Get("/api/v1/users/me").status, 200);
  auto metrics = http.Request("GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_TRUE(metrics.Header("content-type").starts_with("text/plain"));
  EXPECT_NE(metrics.body.find("tsunagari_http_requests_total"), std::string::npos);
  EXPECT_NE(metrics.body.find("/api/v1/users/me"), std::string::npos) << "counted by route";
  auto version = http.Request("GET", "/api/v1/version");
  EXPECT_EQ(version.status, 200);
  EXPECT_EQ(json::parse(version.body).at("name").as_string(), "tsunagari");
}

}  // namespace

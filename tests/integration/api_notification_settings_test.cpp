// API tests of the notification settings (GET/PUT /api/v1/notification-settings) and of what they
// do to deliveries on the real server: off stores nothing, digest stores without pushing, quiet
// hours hold back all but security notices, security kinds cannot be turned off, and the e-mail
// says only that something is new, at most once per 30 minutes (through a fake transport, and
// through the test SMTP sink when scripts/test runs one).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "app/app.h"
#include "core/id.h"
#include "db/database.h"
#include "notify/hub.h"
#include "notify/mailer.h"
#include "test_env.h"
#include "transport/test_client.h"

namespace {

using namespace std::chrono_literals;
using testing_env::Account;
using testing_env::Client;
using testing_env::Reply;
using testing_env::TestServer;
namespace json = boost::json;

// 2026-09-14 23:30 JST: inside the quiet hours 22:00–07:00 some tests set.
constexpr int64_t kLateEveningJst = 1'789'311'600'000 - 30 * 60'000;

constexpr db::Statement kSetEmail{"test_settings_set_email",
                                  "UPDATE users SET email = $2 WHERE id = $1"};

std::vector<std::string> Notifications(const transport::SseCapture& capture) {
  std::vector<std::string> out;
  for (const auto& e : capture.raw_events) {
    if (e.find("event: notification") != std::string::npos) out.push_back(e);
  }
  return out;
}

json::object FullSettings() {
  return json::object{
      {"kinds", json::array{json::object{{"kind", "timeline.post"}, {"mode", "digest"}},
                            json::object{{"kind", "team.invitation"}, {"mode", "off"}},
                            json::object{{"kind", "security.lockout"}, {"mode", "immediate"}}}},
      {"quiet_hours", json::object{{"start", "22:00"}, {"end", "07:00"}}},
      {"email", json::object{{"enabled", false}, {"address", nullptr}}},
      {"digest_time", "18:30"}};
}

std::string ModeOf(const json::value& settings, std::string_view kind) {
  for (const auto& k : settings.at("kinds").as_array()) {
    if (k.at("kind").as_string() == kind) return std::string(k.at("mode").as_string());
  }
  return {};
}

class ApiNotificationSettingsTest : public ::testing::Test {
 protected:
  ApiNotificationSettingsTest() {
    server_.clock().Set(kLateEveningJst);
    server_.CreateMunicipality("991015", "群青市");
    std::string clinic = server_.CreateOrganization("991015", "clinic", "群青クリニック");
    nurse_ = server_.CreateNamedUser("nurse.gunjo", clinic, "member", "佐藤 花子", "サトウ ハナコ");
    other_ = server_.CreateUser("nurse.other", clinic, "member");
    EXPECT_EQ(nurse_client_.Login(nurse_).status, 200);
    EXPECT_EQ(other_client_.Login(other_).status, 200);
  }

  /// Opens a stream and returns once the hub has registered it (as in api_events_test).
  std::future<transport::SseCapture> Open(Client& c, size_t count) {
    notify::Hub& hub = server_.app().hub();
    size_t before = hub.subscriber_count();
    transport::HeaderList headers{{"Cookie", "tsunagari_session=" + c.cookie()}};
    uint16_t port = server_.port();
    auto capture = std::async(std::launch::async, [port, headers, count] {
      return transport::ReadSse(port, "/api/v1/events", headers, count, 5000ms);
    });
    for (int i = 0; i < 5000 && hub.subscriber_count() <= before; ++i) {
      std::this_thread::sleep_for(1ms);
    }
    EXPECT_GT(hub.subscriber_count(), before) << "stream never registered";
    return capture;
  }

  notify::Notification Notify(const Account& to, const std::string& kind, const std::string& title,
                              const std::optional<std::string>& person_id = std::nullopt) {
    auto n = server_.app().hub().Notify(to.user_id, kind, title, "本文", "/persons/p1", person_id);
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? *n : notify::Notification{};
  }

  void SetEmail(const Account& a, const std::string& address) {
    auto s = server_.app().db().Run([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(c.Execute(kSetEmail, {a.user_id, address}));
      return core::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  Reply Put(Client& c, json::object body) { return c.Put("/api/v1/notification-settings", body); }

  TestServer server_;
  Account nurse_, other_;
  Client nurse_client_{server_}, other_client_{server_};
};

TEST_F(ApiNotificationSettingsTest, DefaultsListEveryKindImmediately) {
  Reply r = nurse_client_.Get("/api/v1/notification-settings");
  ASSERT_EQ(r.status, 200) << r.raw;
  const auto& kinds = r.body.at("kinds").as_array();
  ASSERT_GE(kinds.size(), 10u);
  for (const auto& k : kinds) EXPECT_EQ(k.at("mode").as_string(), "immediate") << k;
  EXPECT_EQ(ModeOf(r.body, "timeline.ack_request"), "immediate");
  EXPECT_EQ(ModeOf(r.body, "security.password_reset"), "immediate");
  EXPECT_TRUE(r.body.at("quiet_hours").is_null());
  EXPECT_EQ(r.body.at("email").at("enabled").as_bool(), false);
  EXPECT_TRUE(r.body.at("email").at("address").is_null());
  EXPECT_EQ(r.body.at("digest_time").as_string(), "08:00");
}

TEST_F(ApiNotificationSettingsTest, SettingsRoundTripAndAreAuditedWithoutValues) {
  Reply put = Put(nurse_client_, FullSettings());
  ASSERT_EQ(put.status, 200) << put.raw;
  Reply got = nurse_client_.Get("/api/v1/notification-settings");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, put.body);
  EXPECT_EQ(ModeOf(got.body, "timeline.post"), "digest");
  EXPECT_EQ(ModeOf(got.body, "team.invitation"), "off");
  EXPECT_EQ(ModeOf(got.body, "timeline.reply"), "immediate");
  EXPECT_EQ(got.body.at("quiet_hours").at("start").as_string(), "22:00");
  EXPECT_EQ(got.body.at("quiet_hours").at("end").as_string(), "07:00");
  EXPECT_EQ(got.body.at("digest_time").as_string(), "18:30");
  // The other user's settings are untouched.
  Reply theirs = other_client_.Get("/api/v1/notification-settings");
  EXPECT_EQ(ModeOf(theirs.body, "timeline.post"), "immediate");
  EXPECT_TRUE(theirs.body.at("quiet_hours").is_null());

  // Quiet hours switched off with null; fields not sent stay as they were.
  Reply cleared = Put(nurse_client_, json::object{{"quiet_hours", nullptr}});
  ASSERT_EQ(cleared.status, 200) << cleared.raw;
  EXPECT_TRUE(cleared.body.at("quiet_hours").is_null());
  EXPECT_EQ(cleared.body.at("digest_time").as_string(), "18:30");
  EXPECT_EQ(ModeOf(cleared.body, "timeline.post"), "digest");

  Account sysadmin = server_.CreateUser("sys.admin", "", "", true, "staff", true);
  server_.clock().Advance(30s);
  Client admin(server_);
  ASSERT_EQ(admin.Login(sysadmin).status, 200);
  Reply audit = testing_env::SearchAudit(server_, admin, "action=notify.settings.update");
  ASSERT_EQ(audit.status, 200) << audit.raw;
  const auto& items = audit.body.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  for (const auto& e : items) {
    EXPECT_EQ(e.at("user_id").as_string(), nurse_.user_id);
    std::string details(e.at("details").as_string());
    EXPECT_EQ(details.find("22:00"), std::string::npos) << details;
    EXPECT_EQ(details.find("18:30"), std::string::npos) << details;
  }
}

TEST_F(ApiNotificationSettingsTest, EachBadFieldIsNamed) {
  struct Case {
    json::object body;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"kinds", json::array{json::object{{"kind", "timeline.post"}, {"mode", "immediate"}},
                              json::object{{"kind", "timeline.post"}, {"mode", "off"}},
                              json::object{{"kind", "nonsense"}, {"mode", "off"}}}}},
       "kinds[2].kind"},
      {{{"kinds", json::array{json::object{{"kind", "timeline.post"}, {"mode", "off"}},
                              json::object{{"kind", "timeline.post"}, {"mode", "off"}}}}},
       "kinds[1].kind"},
      {{{"kinds", json::array{json::object{{"kind", "timeline.post"}, {"mode", "weekly"}}}}},
       "kinds[0].mode"},
      {{{"kinds", json::array{json::object{{"kind", "timeline.post"}}}}}, "kinds[0].mode"},
      {{{"kinds", json::array{json::object{{"mode", "off"}}}}}, "kinds[0].kind"},
      {{{"kinds", json::array{json::object{{"kind", "timeline.post"}, {"mode", 1}}}}},
       "kinds[0].mode"},
      {{{"kinds",
         json::array{json::object{{"kind", "timeline.post"}, {"mode", "off"}, {"extra", true}}}}},
       "kinds[0].extra"},
      {{{"kinds", json::array{"timeline.post"}}}, "kinds[0]"},
      {{{"kinds", "timeline.post"}}, "kinds"},
      {{{"quiet_hours", json::object{{"start", "24:00"}, {"end", "07:00"}}}}, "quiet_hours.start"},
      {{{"quiet_hours", json::object{{"start", "22:00"}, {"end", "7:00"}}}}, "quiet_hours.end"},
      {{{"quiet_hours", json::object{{"start", "22:00"}, {"end", "22:00"}}}}, "quiet_hours.end"},
      {{{"quiet_hours", json::object{{"end", "07:00"}}}}, "quiet_hours.start"},
      {{{"quiet_hours", "22:00-07:00"}}, "quiet_hours"},
      {{{"digest_time", "8:00"}}, "digest_time"},
      {{{"digest_time", 480}}, "digest_time"},
      {{{"email", json::object{{"enabled", "yes"}}}}, "email.enabled"},
      {{{"email", json::object{{"enabled", false}, {"cc", "x@example.jp"}}}}, "email.cc"},
      {{{"email", json::object{{"enabled", true}}}}, "email.enabled"},  // no address on file
      {{{"sound", true}}, "sound"},
  };
  for (const auto& c : cases) {
    Reply r = Put(nurse_client_, c.body);
    EXPECT_EQ(r.status, 400) << json::serialize(c.body) << " " << r.raw;
    EXPECT_TRUE(r.NamesField(c.field)) << json::serialize(c.body) << " " << r.raw;
  }
  // Nothing of the refused updates was stored.
  Reply got = nurse_client_.Get("/api/v1/notification-settings");
  EXPECT_EQ(ModeOf(got.body, "timeline.post"), "immediate");
  EXPECT_TRUE(got.body.at("quiet_hours").is_null());
}

TEST_F(ApiNotificationSettingsTest, SecurityKindCannotBeTurnedOffAndStillArrives) {
  Reply off =
      Put(nurse_client_,
          json::object{
              {"kinds", json::array{json::object{{"kind", "security.lockout"}, {"mode", "off"}}}}});
  ASSERT_EQ(off.status, 400) << off.raw;
  EXPECT_TRUE(off.NamesField("kinds[0].mode")) << off.raw;
  Reply digest =
      Put(nurse_client_,
          json::object{{"kinds", json::array{json::object{{"kind", "security.totp_reset"},
                                                          {"mode", "digest"}}}}});
  EXPECT_EQ(digest.status, 400) << digest.raw;
  EXPECT_EQ(ModeOf(nurse_client_.Get("/api/v1/notification-settings").body, "security.lockout"),
            "immediate");

  auto stream = Open(nurse_client_, 1);
  EXPECT_EQ(Notify(nurse_, "security.lockout", "アカウントをロックしました").delivery, "immediate");
  auto events = Notifications(stream.get());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].find("security.lockout"), std::string::npos) << events[0];
}

TEST_F(ApiNotificationSettingsTest, OffStoresNothing) {
  ASSERT_EQ(
      Put(nurse_client_, json::object{{"kinds", json::array{json::object{{"kind", "timeline.post"},
                                                                         {"mode", "off"}}}}})
          .status,
      200);
  EXPECT_EQ(Notify(nurse_, "timeline.post", "オフにした投稿").delivery, "off");
  Notify(other_, "timeline.post", "別の人には届く");
  Reply feed = nurse_client_.Get("/api/v1/notifications");
  ASSERT_EQ(feed.status, 200);
  EXPECT_TRUE(feed.body.at("items").as_array().empty()) << feed.raw;
  EXPECT_EQ(feed.body.at("unread").as_int64(), 0);
  EXPECT_EQ(other_client_.Get("/api/v1/notifications").body.at("items").as_array().size(), 1u);
}

TEST_F(ApiNotificationSettingsTest, DigestIsStoredButNotPushed) {
  ASSERT_EQ(
      Put(nurse_client_, json::object{{"kinds", json::array{json::object{{"kind", "timeline.post"},
                                                                         {"mode", "digest"}}}}})
          .status,
      200);
  EXPECT_EQ(Notify(nurse_, "timeline.reply", "最初の返信").delivery, "immediate");  // seq 1
  auto stream = Open(nurse_client_, 1);
  EXPECT_EQ(Notify(nurse_, "timeline.post", "まとめて届く投稿").delivery, "digest");  // seq 2
  EXPECT_EQ(Notify(nurse_, "timeline.reply", "すぐ届く返信").delivery, "immediate");  // seq 3
  auto events = Notifications(stream.get());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].find("すぐ届く返信"), std::string::npos) << events[0];
  // Nor on reconnecting after seq 1: the replay skips the digest entry.
  auto replay = transport::ReadSse(
      server_.port(), "/api/v1/events",
      {{"Cookie", "tsunagari_session=" + nurse_client_.cookie()}, {"Last-Event-ID", "1"}}, 1,
      5000ms);
  auto replayed = Notifications(replay);
  ASSERT_EQ(replayed.size(), 1u);
  EXPECT_NE(replayed[0].find("id: 3\n"), std::string::npos) << replayed[0];
  Reply feed = nurse_client_.Get("/api/v1/notifications");
  ASSERT_EQ(feed.body.at("items").as_array().size(), 3u) << feed.raw;
  EXPECT_EQ(feed.body.at("items").as_array()[1].at("title").as_string(), "まとめて届く投稿");
  EXPECT_EQ(feed.body.at("unread").as_int64(), 3);
}

TEST_F(ApiNotificationSettingsTest, QuietHoursHoldBackButTheFeedListsThem) {
  ASSERT_EQ(Put(nurse_client_,
                json::object{{"quiet_hours", json::object{{"start", "22:00"}, {"end", "07:00"}}}})
                .status,
            200);
  auto stream = Open(nurse_client_, 1);
  EXPECT_EQ(Notify(nurse_, "timeline.post", "夜間の投稿").delivery, "quiet");
  EXPECT_EQ(Notify(nurse_, "security.password_changed", "パスワード変更").delivery, "immediate");
  auto events = Notifications(stream.get());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].find("security.password_changed"), std::string::npos) << events[0];
  EXPECT_EQ(events[0].find("夜間の投稿"), std::string::npos) << events[0];

  Reply feed = nurse_client_.Get("/api/v1/notifications");
  ASSERT_EQ(feed.body.at("items").as_array().size(), 2u) << feed.raw;
  EXPECT_EQ(feed.body.at("unread").as_int64(), 2);
  EXPECT_EQ(feed.body.at("items").as_array()[1].at("title").as_string(), "夜間の投稿");
  // The other user has no quiet hours: pushed at once.
  auto theirs = Open(other_client_, 1);
  EXPECT_EQ(Notify(other_, "timeline.post", "同じ時刻の投稿").delivery, "immediate");
  EXPECT_EQ(Notifications(theirs.get()).size(), 1u);
}

TEST_F(ApiNotificationSettingsTest, EmailSaysOnlyThatSomethingIsNewAtMostEveryThirtyMinutes) {
  auto fake = std::make_shared<notify::FakeMailer>();
  notify::MailOutbox* outbox = server_.app().hub().mail_outbox();
  ASSERT_NE(outbox, nullptr);
  outbox->SetTransport(fake);
  SetEmail(nurse_, "hanako.sato@example.jp");
  Reply on = Put(nurse_client_, json::object{{"email", json::object{{"enabled", true}}}});
  ASSERT_EQ(on.status, 200) << on.raw;
  EXPECT_EQ(on.body.at("email").at("address").as_string(), "hanako.sato@example.jp");
  EXPECT_TRUE(on.body.at("email").at("enabled").as_bool());

  std::string person_id = core::NewId();
  Notify(nurse_, "timeline.mention", "山田 太郎さんの褥瘡が悪化しています", person_id);
  ASSERT_TRUE(outbox->WaitIdle(5s));
  auto sent = fake->sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, "hanako.sato@example.jp");
  EXPECT_EQ(sent[0].subject, "【つながり】新着のお知らせ");
  std::string text = sent[0].subject + sent[0].body;
  for (const std::string& secret :
       {std::string("山田"), std::string("褥瘡"), person_id, std::string("佐藤"),
        std::string("timeline"), std::string("mention"), std::string("/persons")}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
  }
  EXPECT_NE(sent[0].body.find(server_.app().hub().mail_link_base() + "/"), std::string::npos)
      << sent[0].body;

  server_.clock().Advance(10min);
  Notify(nurse_, "timeline.post", "十分後の投稿");
  server_.clock().Advance(19min);
  Notify(nurse_, "timeline.reply", "二十九分後の返信");
  ASSERT_TRUE(outbox->WaitIdle(5s));
  EXPECT_EQ(fake->sent().size(), 1u) << "one e-mail per 30 minutes";
  server_.clock().Advance(1min);
  Notify(nurse_, "timeline.reply", "三十分後の返信");
  ASSERT_TRUE(outbox->WaitIdle(5s));
  EXPECT_EQ(fake->sent().size(), 2u);
  // The other user never enabled e-mail.
  SetEmail(other_, "other@example.jp");
  Notify(other_, "timeline.post", "別の人あて");
  ASSERT_TRUE(outbox->WaitIdle(5s));
  EXPECT_EQ(fake->sent().size(), 2u);
}

TEST_F(ApiNotificationSettingsTest, NoEmailDuringQuietHoursOrForDigestedKinds) {
  auto fake = std::make_shared<notify::FakeMailer>();
  notify::MailOutbox* outbox = server_.app().hub().mail_outbox();
  outbox->SetTransport(fake);
  SetEmail(nurse_, "hanako.sato@example.jp");
  json::object body = FullSettings();
  body["email"] = json::object{{"enabled", true}};
  ASSERT_EQ(Put(nurse_client_, body).status, 200);  // quiet 22:00–07:00, timeline.post digest
  Notify(nurse_, "timeline.reply", "夜間の返信");
  Notify(nurse_, "security.lockout", "夜間のロック");
  server_.clock().Advance(8h);  // 07:30: quiet hours are over
  Notify(nurse_, "timeline.post", "まとめる投稿");
  ASSERT_TRUE(outbox->WaitIdle(5s));
  EXPECT_TRUE(fake->sent().empty());
  Notify(nurse_, "timeline.reply", "朝の返信");
  ASSERT_TRUE(outbox->WaitIdle(5s));
  EXPECT_EQ(fake->sent().size(), 1u);
}

/// The dump smtp-sink wrote for a message to `rcpt`, or "" after 5 s.
std::string FindSinkDump(const std::string& dir, const std::string& rcpt) {
  for (int i = 0; i < 100; ++i) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (text.find("<" + rcpt + ">") != std::string::npos &&
          text.find("Content-Transfer-Encoding") != std::string::npos) {
        return text;
      }
    }
    std::this_thread::sleep_for(50ms);
  }
  return {};
}

TEST_F(ApiNotificationSettingsTest, EmailReachesTheTestSmtpSink) {
  const char* url = std::getenv("TSUNAGARI_TEST_SMTP");
  const char* dir = std::getenv("TSUNAGARI_TEST_SMTP_DIR");
  if (!url || !*url || !dir || !*dir) {
    GTEST_SKIP()
        << "TSUNAGARI_TEST_SMTP / TSUNAGARI_TEST_SMTP_DIR not set (scripts/test sets them)";
  }
  notify::MailOutbox* outbox = server_.app().hub().mail_outbox();
  outbox->SetTransport(std::make_shared<notify::SmtpMailer>(
      notify::SmtpOptions{url, "noreply@care.example.jp"}, server_.clock()));
  std::string address = "api." + core::NewId().substr(24) + "@example.jp";
  SetEmail(nurse_, address);
  ASSERT_EQ(Put(nurse_client_, json::object{{"email", json::object{{"enabled", true}}}}).status,
            200);
  Notify(nurse_, "timeline.mention", "山田 太郎さんの褥瘡が悪化しています", core::NewId());
  ASSERT_TRUE(outbox->WaitIdle(10s));
  EXPECT_EQ(outbox->failed(), 0);
  std::string dump = FindSinkDump(dir, address);
  ASSERT_FALSE(dump.empty()) << "no message for the nurse in " << dir;
  EXPECT_NE(dump.find("Subject: =?UTF-8?B?"), std::string::npos) << dump;
  // The body is base64 of UTF-8; none of it may carry the notification's words, encoded or not.
  EXPECT_EQ(dump.find("山田"), std::string::npos);
  EXPECT_EQ(dump.find("timeline"), std::string::npos) << dump;
}

}  // namespace

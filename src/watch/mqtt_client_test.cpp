// MqttSubscriber and MqttPublisher against a real Mosquitto: the broker scripts/test starts
// (TSUNAGARI_TEST_MQTT, TSUNAGARI_TEST_MQTT_DIR) and, for the restart test, a private one started
// here with scripts/mqtt-test-broker so that restarting it disturbs no other test. Without
// TSUNAGARI_TEST_MQTT the broker tests skip. Everything runs on loopback, bounded in time.
#include "watch/mqtt_client.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/id.h"

namespace watch {
namespace {

using namespace std::chrono_literals;

// ---------------------------------------------------------------------------------------------
// Without a broker

TEST(ParseMqttUrlTest, ReadsHostAndPort) {
  auto e = ParseMqttUrl("mqtt://127.0.0.1:18830");
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->host, "127.0.0.1");
  EXPECT_EQ(e->port, 18830);
}

TEST(ParseMqttUrlTest, DefaultsToPort1883) {
  auto e = ParseMqttUrl("mqtt://broker.example.jp/");
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->host, "broker.example.jp");
  EXPECT_EQ(e->port, 1883);
}

TEST(ParseMqttUrlTest, RefusesCredentialsOtherSchemesAndBadPorts) {
  EXPECT_FALSE(ParseMqttUrl("mqtt://user:secret@127.0.0.1:1883").ok());
  EXPECT_FALSE(ParseMqttUrl("mqtts://127.0.0.1:8883").ok());
  EXPECT_FALSE(ParseMqttUrl("http://127.0.0.1:1883").ok());
  EXPECT_FALSE(ParseMqttUrl("mqtt://127.0.0.1:0").ok());
  EXPECT_FALSE(ParseMqttUrl("mqtt://127.0.0.1:70000").ok());
  EXPECT_FALSE(ParseMqttUrl("mqtt://127.0.0.1:18x").ok());
  EXPECT_FALSE(ParseMqttUrl("mqtt://:1883").ok());
  EXPECT_FALSE(ParseMqttUrl("mqtt://127.0.0.1:1883/topic").ok());
}

TEST(MqttSubscriberTest, RefusesAnInvalidTopicFilterBeforeConnecting) {
  MqttSubscriberOptions o;
  o.endpoint.client_id = "never-connects";
  o.topic_filter = "tsunagari/#/events";
  MqttSubscriber sub(o, [](const MqttMessage&) { return MqttDisposition::kAcknowledge; });
  auto started = sub.Start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().field, "topic_filter");
}

// ---------------------------------------------------------------------------------------------
// Helpers for the broker tests

std::string ReadFirstLine(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

struct Broker {
  std::string host;
  int port = 0;
  std::string server_password;
  std::string devices_password;

  MqttEndpoint Server(std::string client_id) const {
    return {host, port, "tsunagari-server", server_password, std::move(client_id)};
  }
  MqttEndpoint Devices(std::string client_id) const {
    return {host, port, "tsunagari-devices", devices_password, std::move(client_id)};
  }
};

Broker BrokerAt(const std::string& url, const std::filesystem::path& dir) {
  auto e = ParseMqttUrl(url);
  EXPECT_TRUE(e.ok()) << url;
  Broker b;
  if (e.ok()) {
    b.host = e->host;
    b.port = e->port;
  }
  b.server_password = ReadFirstLine(dir / "server.pass");
  b.devices_password = ReadFirstLine(dir / "devices.pass");
  return b;
}

// Client ids and topics no other test (or earlier run against the same broker) uses.
std::string Unique(std::string_view prefix) {
  std::string id = core::NewId();
  return std::string(prefix) + "-" + id.substr(0, 8) + id.substr(24);
}

std::string TopicFor(std::string_view network, std::string_view device) {
  return "tsunagari/v1/" + std::string(network) + "/" + std::string(device) + "/events";
}

struct Received {
  std::string topic;
  std::string payload;
  std::optional<std::string> mac;
};

// Collects what a subscriber is handed; the tests wait on it with a deadline.
class Inbox {
 public:
  MqttDisposition Add(const MqttMessage& m) {
    {
      std::lock_guard lock(mutex_);
      messages_.push_back({std::string(m.topic), std::string(m.payload), m.mac});
    }
    changed_.notify_all();
    return MqttDisposition::kAcknowledge;
  }
  MqttMessageHandler Handler() {
    return [this](const MqttMessage& m) { return Add(m); };
  }
  bool WaitForCount(size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return messages_.size() >= n; });
  }
  bool WaitForPayload(std::string_view payload, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] {
      for (const auto& m : messages_) {
        if (m.payload == payload) return true;
      }
      return false;
    });
  }
  std::vector<Received> Snapshot() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Received> messages_;  // guarded by mutex_
};

MqttSubscriberOptions SubscriberOptions(MqttEndpoint endpoint, std::string filter) {
  MqttSubscriberOptions o;
  o.endpoint = std::move(endpoint);
  o.topic_filter = std::move(filter);
  // Short back-off keeps the reconnecting tests well inside their time bounds.
  o.reconnect_delay_min_seconds = 1;
  o.reconnect_delay_max_seconds = 2;
  o.reconnect_exponential = false;
  return o;
}

MqttPublisherOptions PublisherOptions(MqttEndpoint endpoint) {
  MqttPublisherOptions o;
  o.endpoint = std::move(endpoint);
  return o;
}

// The broker scripts/test started; broker tests skip without it.
class MqttClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("TSUNAGARI_TEST_MQTT");
    const char* dir = std::getenv("TSUNAGARI_TEST_MQTT_DIR");
    if (!url || !*url || !dir || !*dir) {
      GTEST_SKIP() << "TSUNAGARI_TEST_MQTT / TSUNAGARI_TEST_MQTT_DIR not set (scripts/test sets "
                      "them)";
    }
    broker_ = BrokerAt(url, dir);
    ASSERT_FALSE(broker_.server_password.empty()) << "no server.pass in " << dir;
    network_ = Unique("net");
  }

  Broker broker_;
  std::string network_;  // this test's own slice of the topic space
};

// ---------------------------------------------------------------------------------------------
// Against the shared broker

TEST_F(MqttClientTest, PublishedMessageArrivesWithItsExactBytesAndMac) {
  Inbox inbox;
  MqttSubscriber sub(SubscriberOptions(broker_.Server(Unique("srv")), TopicFor(network_, "+")),
                     inbox.Handler());
  ASSERT_TRUE(sub.Start().ok());
  ASSERT_TRUE(sub.WaitUntilSubscribed(10s)) << sub.Stats().last_error;

  MqttPublisher pub(PublisherOptions(broker_.Devices(Unique("dev"))));
  auto connected = pub.Connect(10s);
  ASSERT_TRUE(connected.ok()) << connected.error().message;
  // Bytes a text API would mangle: a NUL, invalid UTF-8, trailing newline. The HMAC covers exactly
  // these bytes, so they must arrive unchanged.
  const std::string payload("{\"seq\":1}\0\xff\n", 12);
  const std::string mac(64, 'a');
  ASSERT_TRUE(pub.Publish(TopicFor(network_, "door-1"), payload, mac).ok());
  ASSERT_TRUE(pub.Publish(TopicFor(network_, "door-2"), "{\"seq\":2}").ok());
  ASSERT_TRUE(pub.WaitUntilAllAcknowledged(10s));

  ASSERT_TRUE(inbox.WaitForCount(2, 10s));
  auto got = inbox.Snapshot();
  EXPECT_EQ(got[0].topic, TopicFor(network_, "door-1"));
  EXPECT_EQ(got[0].payload, payload);
  EXPECT_EQ(got[0].mac, mac);
  EXPECT_EQ(got[1].topic, TopicFor(network_, "door-2"));
  EXPECT_EQ(got[1].mac, std::nullopt);
  EXPECT_EQ(sub.Stats().received, 2u);
  EXPECT_EQ(pub.Stats().refused, 0u);
}

TEST_F(MqttClientTest, PersistentSessionReceivesWhatWasPublishedWhileAway) {
  const std::string client_id = Unique("srv");
  {
    Inbox first;
    MqttSubscriber sub(SubscriberOptions(broker_.Server(client_id), TopicFor(network_, "+")),
                       first.Handler());
    ASSERT_TRUE(sub.Start().ok());
    ASSERT_TRUE(sub.WaitUntilSubscribed(10s)) << sub.Stats().last_error;
    sub.Stop();
  }

  MqttPublisher pub(PublisherOptions(broker_.Devices(Unique("dev"))));
  ASSERT_TRUE(pub.Connect(10s).ok());
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(pub.Publish(TopicFor(network_, "fridge"), "away-" + std::to_string(i)).ok());
  }
  ASSERT_TRUE(pub.WaitUntilAllAcknowledged(10s));

  Inbox second;
  MqttSubscriber sub(SubscriberOptions(broker_.Server(client_id), TopicFor(network_, "+")),
                     second.Handler());
  ASSERT_TRUE(sub.Start().ok());
  ASSERT_TRUE(second.WaitForCount(5, 10s)) << second.Snapshot().size() << " of 5";
  auto got = second.Snapshot();
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(got[i - 1].payload, "away-" + std::to_string(i));
  EXPECT_TRUE(sub.Stats().session_present);
}

TEST_F(MqttClientTest, BrokerRefusesAWrongPassword) {
  Broker wrong = broker_;
  wrong.server_password = "not-the-password";
  Inbox inbox;
  MqttSubscriber sub(SubscriberOptions(wrong.Server(Unique("srv")), TopicFor(network_, "+")),
                     inbox.Handler());
  ASSERT_TRUE(sub.Start().ok());
  EXPECT_FALSE(sub.WaitUntilSubscribed(10s));
  EXPECT_EQ(sub.Stats().last_connect_reason, 135);  // MQTT 5: not authorized
  EXPECT_FALSE(sub.Stats().connected);
  sub.Stop();

  MqttEndpoint stranger = broker_.Devices(Unique("dev"));
  stranger.username = "somebody";
  MqttPublisher pub(PublisherOptions(stranger));
  auto connected = pub.Connect(10s);
  ASSERT_FALSE(connected.ok());
  EXPECT_EQ(connected.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(pub.Stats().last_connect_reason, 135);
}

TEST_F(MqttClientTest, DeviceAccountReadsNothingAndServerAccountCannotPublish) {
  Inbox server_inbox;
  MqttSubscriber server(SubscriberOptions(broker_.Server(Unique("srv")), TopicFor(network_, "+")),
                        server_inbox.Handler());
  ASSERT_TRUE(server.Start().ok());
  ASSERT_TRUE(server.WaitUntilSubscribed(10s)) << server.Stats().last_error;

  // Mosquitto 2.0.11 grants the device account's SUBSCRIBE but checks read access for every
  // message it would deliver, so the subscription never carries anything.
  Inbox device_inbox;
  MqttSubscriber device(SubscriberOptions(broker_.Devices(Unique("dev-reader")), "tsunagari/#"),
                        device_inbox.Handler());
  ASSERT_TRUE(device.Start().ok());
  device.WaitUntilSubscribed(10s);
  ASSERT_TRUE(device.Stats().connected) << device.Stats().last_error;

  MqttPublisher pub(PublisherOptions(broker_.Devices(Unique("dev"))));
  ASSERT_TRUE(pub.Connect(10s).ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(pub.Publish(TopicFor(network_, "bath"), "x").ok());
  ASSERT_TRUE(pub.WaitUntilAllAcknowledged(10s));
  EXPECT_EQ(pub.Stats().refused, 0u);
  ASSERT_TRUE(server_inbox.WaitForCount(3, 10s));
  // The broker routes each message to both subscribers in the same step; by the time the server
  // has all three, anything meant for the device would be on its way. A short grace covers the
  // other client thread.
  EXPECT_FALSE(device_inbox.WaitForCount(1, 300ms));

  MqttPublisher server_pub(PublisherOptions(broker_.Server(Unique("srv-pub"))));
  ASSERT_TRUE(server_pub.Connect(10s).ok());
  ASSERT_TRUE(server_pub.Publish(TopicFor(network_, "bath"), "forged").ok());
  ASSERT_TRUE(server_pub.WaitUntilAllAcknowledged(10s));
  EXPECT_EQ(server_pub.Stats().refused, 1u);  // PUBACK 135: not authorized
  // A device may only write .../<network>/<device>/events.
  ASSERT_TRUE(pub.Publish("tsunagari/v1/" + network_ + "/bath/config", "x").ok());
  ASSERT_TRUE(pub.WaitUntilAllAcknowledged(10s));
  EXPECT_EQ(pub.Stats().refused, 1u);
  EXPECT_EQ(server_inbox.Snapshot().size(), 3u);
}

// The PUBACK rule in mqtt_client.h: the acknowledgement leaves only after the handler returns.
// A handler that asks for redelivery drops the connection before the PUBACK is written, and the
// broker must send the message again; once acknowledged, a new connection to the same session
// must not see it again.
TEST_F(MqttClientTest, MessageIsAcknowledgedOnlyWhenTheHandlerReturnsAcknowledge) {
  const std::string client_id = Unique("srv");
  std::mutex mutex;
  std::condition_variable changed;
  int first_seen = 0;  // guarded by mutex
  auto handler = [&](const MqttMessage& m) {
    std::lock_guard lock(mutex);
    if (m.payload != "first") return MqttDisposition::kAcknowledge;
    ++first_seen;
    changed.notify_all();
    // Like a handler whose database is down the first time.
    return first_seen == 1 ? MqttDisposition::kRedeliver : MqttDisposition::kAcknowledge;
  };
  MqttSubscriber sub(SubscriberOptions(broker_.Server(client_id), TopicFor(network_, "+")),
                     handler);
  ASSERT_TRUE(sub.Start().ok());
  ASSERT_TRUE(sub.WaitUntilSubscribed(10s)) << sub.Stats().last_error;

  MqttPublisher pub(PublisherOptions(broker_.Devices(Unique("dev"))));
  ASSERT_TRUE(pub.Connect(10s).ok());
  ASSERT_TRUE(pub.Publish(TopicFor(network_, "door"), "first").ok());
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, 15s, [&] { return first_seen >= 2; }))
        << "seen " << first_seen << " time(s); the broker did not deliver it again";
  }
  auto stats = sub.Stats();
  EXPECT_EQ(stats.redelivery_requests, 1u);
  EXPECT_GE(stats.reconnects, 1u);
  EXPECT_EQ(stats.sessions_lost, 0u);
  sub.Stop();

  // Same session again: a fence message shows the queue is drained; "first" must not precede it.
  Inbox again;
  MqttSubscriber resumed(SubscriberOptions(broker_.Server(client_id), TopicFor(network_, "+")),
                         again.Handler());
  ASSERT_TRUE(resumed.Start().ok());
  ASSERT_TRUE(resumed.WaitUntilSubscribed(10s));
  ASSERT_TRUE(pub.Publish(TopicFor(network_, "door"), "fence").ok());
  ASSERT_TRUE(again.WaitForPayload("fence", 10s));
  auto got = again.Snapshot();
  ASSERT_EQ(got.size(), 1u) << "first message delivered again after it was acknowledged";
  EXPECT_EQ(got[0].payload, "fence");
}

// ---------------------------------------------------------------------------------------------
// Broker restart, on a private broker

std::filesystem::path BrokerScript() {
  if (const char* s = std::getenv("TSUNAGARI_MQTT_BROKER_SCRIPT"); s && *s) return s;
  return std::filesystem::path(__FILE__).parent_path() / "../../scripts/mqtt-test-broker";
}

// Runs the script; returns its stdout (the URL) or "" on failure.
std::string RunBrokerScript(const std::string& verb, const std::filesystem::path& dir) {
  std::string cmd = "'" + BrokerScript().string() + "' " + verb + " '" + dir.string() + "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return {};
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  int status = ::pclose(p);
  if (status != 0) return {};
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

class PrivateBroker {
 public:
  PrivateBroker() {
    char tmpl[] = "/tmp/tsunagari-mqtt-test.XXXXXX";
    if (::mkdtemp(tmpl) != nullptr) dir_ = tmpl;
  }
  ~PrivateBroker() {
    if (!dir_.empty()) RunBrokerScript("stop", dir_);
  }
  PrivateBroker(const PrivateBroker&) = delete;
  PrivateBroker& operator=(const PrivateBroker&) = delete;

  std::string Start() { return dir_.empty() ? "" : RunBrokerScript("start", dir_); }
  std::string Restart() { return RunBrokerScript("restart", dir_); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

int64_t SeqOf(std::string_view payload) {
  constexpr std::string_view kKey = "\"seq\":";
  size_t at = payload.find(kKey);
  if (at == std::string_view::npos) return -1;
  int64_t seq = -1;
  std::from_chars(payload.data() + at + kKey.size(), payload.data() + payload.size(), seq);
  return seq;
}

TEST(MqttBrokerRestartTest, NoMessageIsLostWhenTheBrokerRestartsMidStream) {
  if (!std::getenv("TSUNAGARI_TEST_MQTT")) {
    GTEST_SKIP() << "TSUNAGARI_TEST_MQTT not set (scripts/test sets it)";
  }
  ASSERT_TRUE(std::filesystem::exists(BrokerScript())) << BrokerScript();
  PrivateBroker broker;
  const std::string url = broker.Start();
  ASSERT_FALSE(url.empty()) << "scripts/mqtt-test-broker start failed";
  const Broker b = BrokerAt(url, broker.dir());

  constexpr int kMessages = 20'000;
  constexpr int kRestartAfter = 5'000;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<uint16_t> seen(kMessages + 1, 0);  // guarded by mutex
  int distinct = 0;                              // guarded by mutex
  int delivered = 0;                             // guarded by mutex
  auto handler = [&](const MqttMessage& m) {
    int64_t seq = SeqOf(m.payload);
    std::lock_guard lock(mutex);
    ++delivered;
    if (seq >= 1 && seq <= kMessages && seen[size_t(seq)]++ == 0) ++distinct;
    changed.notify_all();
    return MqttDisposition::kAcknowledge;
  };
  MqttSubscriber sub(SubscriberOptions(b.Server("restart-server"), "tsunagari/v1/+/+/events"),
                     handler);
  ASSERT_TRUE(sub.Start().ok());
  ASSERT_TRUE(sub.WaitUntilSubscribed(10s)) << sub.Stats().last_error;

  MqttPublisherOptions po = PublisherOptions(b.Devices("restart-device"));
  po.max_in_flight = 200;
  MqttPublisher pub(po);
  ASSERT_TRUE(pub.Connect(10s).ok());

  std::string publish_error;
  std::thread publisher([&] {
    for (int seq = 1; seq <= kMessages; ++seq) {
      std::string payload = "{\"seq\":" + std::to_string(seq) +
                            ",\"ts\":1767225600000,\"type\":\"heartbeat\",\"battery_pct\":87}";
      auto r = pub.Publish("tsunagari/v1/13101/home-" + std::to_string(seq % 50) + "/events",
                           payload, {}, 20s);
      if (!r.ok()) {
        publish_error = "seq " + std::to_string(seq) + ": " + r.error().message;
        return;
      }
    }
  });

  {
    std::unique_lock lock(mutex);
    EXPECT_TRUE(changed.wait_for(lock, 15s, [&] { return distinct >= kRestartAfter; }));
  }
  const auto restart_began = std::chrono::steady_clock::now();
  const std::string restarted = broker.Restart();
  const auto restart_took = std::chrono::steady_clock::now() - restart_began;
  publisher.join();
  EXPECT_EQ(restarted, url) << "scripts/mqtt-test-broker restart failed";
  ASSERT_EQ(publish_error, "");
  EXPECT_TRUE(pub.WaitUntilAllAcknowledged(20s))
      << pub.Stats().acknowledged << " of " << pub.Stats().published << " acknowledged";

  int distinct_now = 0, delivered_now = 0, duplicated = 0;
  {
    std::unique_lock lock(mutex);
    changed.wait_for(lock, 20s, [&] { return distinct >= kMessages; });
    distinct_now = distinct;
    delivered_now = delivered;
    for (int seq = 1; seq <= kMessages; ++seq) duplicated += seen[size_t(seq)] > 1 ? 1 : 0;
  }
  auto s = sub.Stats();
  auto p = pub.Stats();
  std::cout << "[ restart  ] " << kMessages << " published, " << distinct_now
            << " distinct delivered, " << delivered_now - distinct_now << " duplicate deliveries ("
            << duplicated << " sequences), subscriber reconnects " << s.reconnects
            << ", publisher reconnects " << p.reconnects << ", restart took "
            << std::chrono::duration_cast<std::chrono::milliseconds>(restart_took).count()
            << " ms\n";
  RecordProperty("duplicate_deliveries", delivered_now - distinct_now);
  EXPECT_EQ(distinct_now, kMessages) << "lost " << kMessages - distinct_now << " message(s)";
  EXPECT_GE(s.reconnects, 1u);
  EXPECT_GE(p.reconnects, 1u);
  EXPECT_EQ(s.sessions_lost, 0u);
  EXPECT_EQ(p.refused, 0u);
}

}  // namespace
}  // namespace watch

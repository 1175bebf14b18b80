// Spec 12 (reliability): no sensor event is lost or double-counted across a broker restart and a
// server restart. A server (app::App with the watch module subscribed over MQTT) ingests signed
// gateway batches from a publisher thread; mid-stream the broker restarts, and later the server
// is destroyed and a new one opened on the same data directory (same persistent session). In the
// end every distinct (device, seq) is stored once, the hourly counts add up to exactly that, and
// each device's latest state and today's openings are what the events say, although the broker
// delivered some of them twice (in-flight windows resent after the restarts, and a gateway that
// sends five batches again on purpose).
//
// The broker is a private one (scripts/mqtt-test-broker, started here) so that restarting it
// disturbs no other test. Skipped unless TSUNAGARI_TEST_MQTT and TSUNAGARI_TEST_MQTT_DIR are set
// (scripts/test sets them). Bounded: about 5,000 events, every wait has a deadline.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "app/config.h"
#include "auth/tokens.h"
#include "core/clock.h"
#include "core/id.h"
#include "db/database.h"
#include "db/testing.h"
#include "directory/model.h"
#include "directory/store.h"
#include "test_env.h"
#include "watch/device_mac.h"
#include "watch/fleet.h"
#include "watch/ingester.h"
#include "watch/local_time.h"
#include "watch/model.h"
#include "watch/module.h"
#include "watch/mqtt_client.h"
#include "watch/registry_store.h"

namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

constexpr db::Statement kRows{"test_restart_rows", "SELECT COUNT(*) FROM watch_events"};
constexpr db::Statement kDistinct{
    "test_restart_distinct",
    "SELECT COUNT(*) FROM (SELECT DISTINCT device_id, seq FROM watch_events) d"};
constexpr db::Statement kHourlyEvents{"test_restart_hourly_events",
                                      "SELECT COALESCE(SUM(events), 0) FROM watch_hourly"};

constexpr int kHomes = 4;
constexpr int kBatches = 100;  // round-robin over the homes' gateways
constexpr int kBatchSize = 50;
constexpr int kEvents = kBatches * kBatchSize;
constexpr int kResent = 5;  // batches the gateways send again at the end, unchanged
constexpr int64_t kEventSpacingMs = 30'000;

std::filesystem::path BrokerScript() {
  if (const char* s = std::getenv("TSUNAGARI_MQTT_BROKER_SCRIPT"); s && *s) return s;
  return std::filesystem::path(__FILE__).parent_path() / "../../scripts/mqtt-test-broker";
}

std::string RunBrokerScript(const std::string& verb, const std::filesystem::path& dir) {
  std::string cmd = "'" + BrokerScript().string() + "' " + verb + " '" + dir.string() + "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return {};
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  if (::pclose(p) != 0) return {};
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string ReadFirstLine(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

class PrivateBroker {
 public:
  PrivateBroker() {
    char tmpl[] = "/tmp/tsunagari-watch-restart-mqtt.XXXXXX";
    if (::mkdtemp(tmpl) != nullptr) dir_ = tmpl;
  }
  ~PrivateBroker() {
    if (!dir_.empty()) RunBrokerScript("stop", dir_);
  }
  std::string Start() { return dir_.empty() ? "" : RunBrokerScript("start", dir_); }
  std::string Restart() { return RunBrokerScript("restart", dir_); }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

// What one sensor should look like once all its events are in.
struct Expected {
  std::string person_id;
  std::string kind;
  int events = 0;
  int64_t last_event_at = 0;
  std::optional<int64_t> last_activity_at;
  std::optional<int64_t> last_heartbeat_at;
  std::optional<int> battery_pct;  // of the latest event carrying one
  int64_t battery_ts = 0;
  std::optional<double> temperature_c;
  std::optional<int64_t> climate_at;
  int today_openings = 0;
  std::map<int64_t, std::pair<int, int>> hours;  // hour → (events, openings)
};

struct Message {
  std::string topic;
  std::string payload;
  std::string mac;
};

class WatchRestartTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!std::getenv("TSUNAGARI_TEST_MQTT") || !std::getenv("TSUNAGARI_TEST_MQTT_DIR")) {
      GTEST_SKIP() << "TSUNAGARI_TEST_MQTT / TSUNAGARI_TEST_MQTT_DIR not set (scripts/test sets "
                      "them)";
    }
    ASSERT_TRUE(std::filesystem::exists(BrokerScript())) << BrokerScript();
    broker_ = std::make_unique<PrivateBroker>();
    spdlog::set_level(spdlog::level::warn);
    database_ = testing_env::BackendDatabase(GetParam());
    char tmpl[] = "/tmp/tsunagari-watch-restart-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    data_dir_ = tmpl;
  }

  void TearDown() override {
    server_.reset();
    std::error_code ec;
    if (!data_dir_.empty()) std::filesystem::remove_all(data_dir_, ec);
  }

  app::Config ServerConfig(const std::string& url) {
    app::Config c;
    c.listen = "127.0.0.1:0";
    c.data_dir = data_dir_;
    c.database = database_ ? database_->url() : std::string();
    c.web_dir = data_dir_ + "/no-web";
    c.password_cost = "minimum";
    c.log_level = "warn";
    c.db_pool = 4;
    c.watch_mqtt_url = url;
    c.watch_mqtt_username = "tsunagari-server";
    c.watch_mqtt_password = ReadFirstLine(broker_->dir() / "server.pass");
    c.watch_mqtt_client_id = "watch-restart-" + core::NewId();  // a session of this test alone
    c.watch_network = "restart-test";
    c.watch_evaluate_in_background = false;  // the rules are not what this test is about
    return c;
  }

  void StartServer(const app::Config& config) {
    auto created = app::App::Create(config, clock_);
    ASSERT_TRUE(created.ok()) << created.error().message;
    server_ = std::move(*created);
  }

  // Homes with a gateway, two door sensors and a climate sensor each, written through the
  // stores; returns the secrets by device id.
  std::map<std::string, watch::DeviceSecret> RegisterHomes() {
    std::map<std::string, watch::DeviceSecret> secrets;
    const int64_t now = clock_.NowMillis();
    const int64_t installed = now - 3 * watch::kDayMs;
    auto status = server_->db().Transact([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(directory::Store::InsertMunicipality(
          c, {"991015", "群青市", "グンジョウシ", "架空県", "active", now}));
      directory::User registrar;
      registrar.id = core::NewId();
      registrar.login_id = "registrar";
      registrar.display_name = "登録 担当";
      registrar.kana = "トウロク タントウ";
      registrar.created_at = registrar.updated_at = now;
      RETURN_IF_ERROR(directory::Store::InsertUser(c, registrar));
      static constexpr db::Statement kPerson{
          "test_restart_person",
          "INSERT INTO persons (id, municipality_code, name, kana, search_name, search_kana, sex, "
          "birth_date, address, categories, created_by, created_at, updated_by, updated_at) "
          "VALUES ($1, '991015', $2, 'ミマモリ', $2, 'ミマモリ', 'female', '1938-04-01', "
          "'群青市本町1-1', 'elderly', $3, $4, $3, $4)"};
      for (int h = 0; h < kHomes; ++h) {
        const std::string person = core::NewId();
        RETURN_IF_ERROR(
            c.Execute(kPerson, {person, "見守り " + std::to_string(h), registrar.id, now}));
        watch::Subject s;
        s.person_id = person;
        s.municipality_code = "991015";
        s.started_at = installed;
        RETURN_IF_ERROR(watch::registry::UpsertSubject(c, s, registrar.id, now));
        auto add = [&](const std::string& id, const char* kind, const char* place,
                       std::optional<std::string> gateway) -> core::Result<void> {
          watch::Device d;
          d.id = id;
          d.person_id = person;
          d.gateway_id = std::move(gateway);
          d.kind = kind;
          d.place = place;
          d.installed_at = installed;
          watch::DeviceSecret secret = watch::NewDeviceSecret();
          secrets[id] = secret;
          std::string sealed = server_->secrets().Seal(
              std::string_view(reinterpret_cast<const char*>(secret.data()), secret.size()));
          if (d.kind != "gateway") expected_[id] = Expected{person, kind};
          return watch::registry::InsertDevice(c, d, sealed, registrar.id, now);
        };
        const std::string gw = Gateway(h);
        RETURN_IF_ERROR(add(gw, "gateway", "living", std::nullopt));
        RETURN_IF_ERROR(add(Sensor(h, 0), "door", "entrance", gw));
        RETURN_IF_ERROR(add(Sensor(h, 1), "door", "fridge", gw));
        RETURN_IF_ERROR(add(Sensor(h, 2), "climate", "living", gw));
      }
      return core::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return secrets;
  }

  static std::string Gateway(int home) { return "home" + std::to_string(home) + "-gw"; }
  static std::string Sensor(int home, int s) {
    static const char* kNames[] = {"entrance", "fridge", "living"};
    return "home" + std::to_string(home) + "-" + kNames[s];
  }

  // The gateways' batches, built once so that a batch sent again is byte for byte the same.
  // Each sensor's events start at 22:00 yesterday (local time) and come every 30 s, so they run
  // past midnight: only today's openings count in day_openings. Door sensors alternate open and
  // close; every 10th event of a sensor is a heartbeat with the battery level; the climate sensor
  // reports temperature and humidity. The expected state is worked out alongside.
  std::vector<Message> BuildBatches(const std::map<std::string, watch::DeviceSecret>& secrets,
                                    const std::string& network) {
    const int64_t today = watch::LocalDayStart(clock_.NowMillis());
    const int64_t first_ts = today - 2 * watch::kHourMs;
    std::map<std::string, int64_t> seq;
    std::vector<Message> out;
    for (int b = 0; b < kBatches; ++b) {
      const int h = b % kHomes;
      std::string payload = "{\"events\":[";
      for (int i = 0; i < kBatchSize; ++i) {
        const int s = i % 3;
        const std::string device = Sensor(h, s);
        const int64_t n = ++seq[device];
        const int64_t ts = first_ts + (n - 1) * kEventSpacingMs;
        Expected& e = expected_.at(device);
        std::string event = "{\"device\":\"" + device + "\",\"seq\":" + std::to_string(n) +
                            ",\"ts\":" + std::to_string(ts) + ",\"type\":";
        ++e.events;
        auto& hour = e.hours[watch::HourStart(ts)];
        ++hour.first;
        e.last_event_at = std::max(e.last_event_at, ts);
        if (n % 10 == 0) {
          const int battery = 100 - int(n / 10);
          event += "\"heartbeat\",\"battery_pct\":" + std::to_string(battery) + "}";
          e.last_heartbeat_at = ts;
          if (ts >= e.battery_ts) {
            e.battery_pct = battery;
            e.battery_ts = ts;
          }
        } else if (e.kind == "climate") {
          const double t = 20.0 + double(n % 50) / 10.0;
          char buf[96];
          std::snprintf(buf, sizeof buf, "\"climate\",\"temperature_c\":%.1f,\"humidity_pct\":55}",
                        t);
          event += buf;
          e.temperature_c = t;
          e.climate_at = ts;
        } else if (n % 2 == 1) {
          event += "\"door_open\"}";
          ++hour.second;
          e.last_activity_at = ts;
          if (watch::LocalDayStart(ts) == today) ++e.today_openings;
        } else {
          event += "\"door_close\"}";
        }
        if (i > 0) payload += ',';
        payload += event;
      }
      payload += "]}";
      out.push_back({"tsunagari/v1/" + network + "/" + Gateway(h) + "/events", payload,
                     watch::ComputeMac(secrets.at(Gateway(h)), payload)});
    }
    return out;
  }

  // One scalar; each statement has its own name (the name keys the prepared-statement cache).
  int64_t Count(const db::Statement& st) {
    int64_t n = -1;
    auto status = server_->db().Run([&](db::Connection& c) -> core::Result<void> {
      ASSIGN_OR_RETURN(auto row, c.QueryOne(st));
      if (row) n = row->Int(0);
      return core::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return n;
  }

  // Waits until `done` or the deadline; false on timeout.
  template <typename F>
  static bool WaitFor(F done, std::chrono::milliseconds timeout) {
    const auto deadline = SteadyClock::now() + timeout;
    while (!done()) {
      if (SteadyClock::now() > deadline) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }

  // Midday in Japan, fixed: "today" does not move while the test runs.
  core::FakeClock clock_{watch::LocalDayStart(1'795'300'000'000) + 12 * watch::kHourMs};
  std::unique_ptr<PrivateBroker> broker_;
  std::unique_ptr<db::testing::TestDatabase> database_;
  std::string data_dir_;
  std::unique_ptr<app::App> server_;
  std::map<std::string, Expected> expected_;
};

TEST_P(WatchRestartTest, NoEventIsLostOrCountedTwiceAcrossABrokerAndAServerRestart) {
  const auto began = SteadyClock::now();
  const std::string url = broker_->Start();
  ASSERT_FALSE(url.empty()) << "scripts/mqtt-test-broker start failed";
  const app::Config config = ServerConfig(url);
  ASSERT_NO_FATAL_FAILURE(StartServer(config));
  const auto secrets = RegisterHomes();
  const std::vector<Message> batches = BuildBatches(secrets, config.watch_network);

  auto endpoint = watch::ParseMqttUrl(url);
  ASSERT_TRUE(endpoint.ok()) << endpoint.error().message;
  watch::MqttPublisherOptions po;
  po.endpoint = *endpoint;
  po.endpoint.username = "tsunagari-devices";
  po.endpoint.password = ReadFirstLine(broker_->dir() / "devices.pass");
  po.endpoint.client_id = "watch-restart-gateways-" + core::NewId();
  po.max_in_flight = 10;  // a window that is resent after the broker restart
  watch::MqttPublisher publisher(po);
  ASSERT_TRUE(publisher.Connect(10s).ok()) << publisher.Stats().last_error;

  // The server subscribes asynchronously: wait until it takes a probe (from an unknown device,
  // rejected, nothing stored) before the real stream starts.
  ASSERT_TRUE(WaitFor(
      [&] {
        auto r = publisher.Publish("tsunagari/v1/" + config.watch_network + "/probe/events", "{}",
                                   "00", 5s);
        std::this_thread::sleep_for(50ms);
        return r.ok() && server_->watch().ingester().Counters().payloads > 0;
      },
      20s))
      << "the server never subscribed";

  std::atomic<int> sent{0};
  std::string publish_error;
  std::thread gateways([&] {
    for (const Message& m : batches) {
      if (auto r = publisher.Publish(m.topic, m.payload, m.mac, 20s); !r.ok()) {
        publish_error = "batch " + std::to_string(sent.load()) + ": " + r.error().message;
        return;
      }
      ++sent;
      std::this_thread::sleep_for(20ms);  // a stream, so that both restarts fall inside it
    }
  });

  // Broker restart once a fifth of the events are stored.
  EXPECT_TRUE(
      WaitFor([&] { return server_->watch().ingester().Counters().accepted >= kEvents / 5; }, 20s));
  const int sent_at_broker_restart = sent.load();
  EXPECT_EQ(broker_->Restart(), url) << "scripts/mqtt-test-broker restart failed";
  // Server restart once half the batches are out: the server is usually behind the gateways, so
  // some of them wait in its persistent session at the broker while it is down.
  EXPECT_TRUE(WaitFor([&] { return sent.load() >= kBatches / 2; }, 20s));
  const int sent_at_server_restart = sent.load();
  // Stopped before its counters are read, so that no batch lands after the snapshot.
  server_->watch().Stop();
  const watch::IngestCounters first = server_->watch().ingester().Counters();
  server_.reset();
  ASSERT_NO_FATAL_FAILURE(StartServer(config));

  gateways.join();
  ASSERT_EQ(publish_error, "");
  EXPECT_LT(sent_at_broker_restart, kBatches) << "the broker restart came after the stream";
  EXPECT_LT(sent_at_server_restart, kBatches) << "the server restart came after the stream";
  // Gateways send a few batches again, unchanged (as after a reboot that lost their ack state).
  for (int b = 0; b < kResent; ++b) {
    ASSERT_TRUE(publisher.Publish(batches[b].topic, batches[b].payload, batches[b].mac, 20s).ok());
  }
  EXPECT_TRUE(publisher.WaitUntilAllAcknowledged(20s))
      << publisher.Stats().acknowledged << " of " << publisher.Stats().published;

  auto duplicates = [&] {
    return first.duplicates + server_->watch().ingester().Counters().duplicates;
  };
  EXPECT_TRUE(WaitFor(
      [&] { return Count(kRows) >= kEvents && duplicates() >= uint64_t(kResent * kBatchSize); },
      30s));
  std::this_thread::sleep_for(200ms);  // anything still on its way would show up as extra rows

  const watch::IngestCounters second = server_->watch().ingester().Counters();
  const auto publisher_stats = publisher.Stats();
  publisher.Disconnect();
  std::cout << "[ restart  ] " << kEvents << " events in " << kBatches << " batches (+" << kResent
            << " resent); server 1: " << first.accepted << " stored, " << first.duplicates
            << " duplicates; server 2: " << second.accepted << " stored, " << second.duplicates
            << " duplicates; broker restart after batch " << sent_at_broker_restart
            << ", server restart after batch " << sent_at_server_restart
            << "; publisher reconnects " << publisher_stats.reconnects << "\n";

  EXPECT_EQ(Count(kRows), kEvents);
  EXPECT_EQ(Count(kDistinct), kEvents);
  EXPECT_EQ(Count(kHourlyEvents), kEvents)
      << "an event counted twice (or not at all) in the hourly aggregates";
  EXPECT_EQ(first.accepted + second.accepted, uint64_t(kEvents));
  EXPECT_GE(first.duplicates + second.duplicates, uint64_t(kResent * kBatchSize));
  EXPECT_GE(publisher_stats.reconnects, 1u) << "the broker restart was not noticed";
  EXPECT_EQ(publisher_stats.refused, 0u);

  // Per device: the latest state and today's openings, and every hour's counts.
  static constexpr db::Statement kHours{
      "test_restart_hours",
      "SELECT hour, events, openings, person_id FROM watch_hourly WHERE device_id = $1 "
      "ORDER BY hour"};
  for (const auto& [id, want] : expected_) {
    SCOPED_TRACE(id);
    std::optional<watch::Device> got;
    db::Rows hours;
    auto status = server_->db().Run([&](db::Connection& c) -> core::Result<void> {
      ASSIGN_OR_RETURN(got, watch::registry::FindDevice(c, id));
      ASSIGN_OR_RETURN(hours, c.Query(kHours, {id}));
      return core::Ok();
    });
    ASSERT_TRUE(status.ok()) << status.error().message;
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->last_event_at, want.last_event_at);
    EXPECT_EQ(got->last_activity_at, want.last_activity_at);
    EXPECT_EQ(got->last_heartbeat_at, want.last_heartbeat_at);
    EXPECT_EQ(got->battery_pct, want.battery_pct);
    EXPECT_EQ(got->climate_at, want.climate_at);
    if (want.temperature_c) {
      ASSERT_TRUE(got->temperature_c.has_value());
      EXPECT_NEAR(*got->temperature_c, *want.temperature_c, 1e-9);
    }
    EXPECT_EQ(got->day_start, watch::LocalDayStart(clock_.NowMillis()));
    EXPECT_EQ(got->day_openings, want.today_openings);
    if (want.kind == "door") EXPECT_GT(want.today_openings, 0);  // the check means something
    std::map<int64_t, std::pair<int, int>> got_hours;
    for (const auto& r : hours) {
      got_hours[r.Int(0)] = {int(r.Int(1)), int(r.Int(2))};
      EXPECT_EQ(r.Text(3), want.person_id);
    }
    EXPECT_EQ(got_hours, want.hours);
  }
  EXPECT_LT(SteadyClock::now() - began, 60s);
}

INSTANTIATE_TEST_SUITE_P(Backends, WatchRestartTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace

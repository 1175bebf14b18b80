// Devices that speak only MQTT 3.1.1 (no user properties) sign by topic: the MAC is one more level,
// tsunagari/v1/<network>/<device>/events/<mac>. The server, subscribed as usual, stores what a
// 3.1.1 client signed that way and refuses it unsigned or wrongly signed; an MQTT 5 client's user
// property still works beside it. Needs the test broker (TSUNAGARI_TEST_MQTT and
// TSUNAGARI_TEST_MQTT_DIR, set by scripts/test); skipped otherwise.
#include <gtest/gtest.h>
#include <mosquitto.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "app/app.h"
#include "app/config.h"
#include "core/clock.h"
#include "core/id.h"
#include "db/database.h"
#include "db/testing.h"
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

std::string FirstLine(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// A bare MQTT 3.1.1 client, as a simple sensor has: QoS 1, clean session, no properties.
class Mqtt311Client {
 public:
  explicit Mqtt311Client(const watch::MqttEndpoint& e) {
    mosquitto_lib_init();
    m_ = mosquitto_new(("mqtt311-" + core::NewId()).c_str(), true, this);
    mosquitto_int_option(m_, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_username_pw_set(m_, e.username.c_str(), e.password.c_str());
    mosquitto_publish_callback_set(
        m_, [](mosquitto*, void* self, int) { ++static_cast<Mqtt311Client*>(self)->acked_; });
    ok_ = mosquitto_connect(m_, e.host.c_str(), e.port, 30) == MOSQ_ERR_SUCCESS &&
          mosquitto_loop_start(m_) == MOSQ_ERR_SUCCESS;
  }
  ~Mqtt311Client() {
    mosquitto_disconnect(m_);
    mosquitto_loop_stop(m_, false);
    mosquitto_destroy(m_);
  }
  bool ok() const { return ok_; }
  bool Publish(const std::string& topic, const std::string& payload) {
    ++sent_;
    return mosquitto_publish(m_, nullptr, topic.c_str(), int(payload.size()), payload.data(), 1,
                             false) == MOSQ_ERR_SUCCESS;
  }
  bool AllAcked(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (acked_.load() < sent_) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }

 private:
  mosquitto* m_ = nullptr;
  bool ok_ = false;
  int sent_ = 0;
  std::atomic<int> acked_{0};
};

uint64_t BadSignatures(const watch::IngestCounters& c) {
  for (const auto& [reason, n] : c.rejected) {
    if (reason == "bad_signature") return n;
  }
  return 0;
}

std::string Describe(const watch::IngestCounters& c) {
  std::string out = "payloads " + std::to_string(c.payloads);
  for (const auto& [reason, n] : c.rejected) {
    if (n > 0) out += ", " + reason + " " + std::to_string(n);
  }
  return out;
}

class WatchMqtt311Test : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const char* url = std::getenv("TSUNAGARI_TEST_MQTT");
    const char* dir = std::getenv("TSUNAGARI_TEST_MQTT_DIR");
    if (!url || !dir) GTEST_SKIP() << "TSUNAGARI_TEST_MQTT / TSUNAGARI_TEST_MQTT_DIR not set";
    spdlog::set_level(spdlog::level::warn);
    database_ = testing_env::BackendDatabase(GetParam());
    char tmpl[] = "/tmp/tsunagari-watch-mqtt311-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    data_dir_ = tmpl;
    auto endpoint = watch::ParseMqttUrl(url);
    ASSERT_TRUE(endpoint.ok());
    devices_ = *endpoint;
    devices_.username = "tsunagari-devices";
    devices_.password = FirstLine(std::filesystem::path(dir) / "devices.pass");

    app::Config c;
    c.listen = "127.0.0.1:0";
    c.data_dir = data_dir_;
    c.database = database_ ? database_->url() : std::string();
    c.web_dir = data_dir_ + "/no-web";
    c.password_cost = "minimum";
    c.log_level = "warn";
    c.watch_mqtt_url = url;
    c.watch_mqtt_username = "tsunagari-server";
    c.watch_mqtt_password = FirstLine(std::filesystem::path(dir) / "server.pass");
    c.watch_mqtt_client_id = "mqtt311-" + core::NewId();
    network_ = "n311-" + core::NewId().substr(0, 8);  // this test's own topics on a shared broker
    c.watch_network = network_;
    c.watch_evaluate_in_background = false;
    auto created = app::App::Create(c, clock_);
    ASSERT_TRUE(created.ok()) << created.error().message;
    server_ = std::move(*created);
    RegisterDevice();
  }
  void TearDown() override {
    server_.reset();
    std::error_code ec;
    if (!data_dir_.empty()) std::filesystem::remove_all(data_dir_, ec);
  }

  void RegisterDevice() {
    const int64_t now = clock_.NowMillis();
    auto status = server_->db().Transact([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(directory::Store::InsertMunicipality(
          c, {"991015", "群青市", "グンジョウシ", "架空県", "active", now}));
      directory::User u;
      u.id = core::NewId();
      u.login_id = "registrar";
      u.display_name = "登録 担当";
      u.kana = "トウロク タントウ";
      u.created_at = u.updated_at = now;
      RETURN_IF_ERROR(directory::Store::InsertUser(c, u));
      static constexpr db::Statement kPerson{
          "test_mqtt311_person",
          "INSERT INTO persons (id, municipality_code, name, kana, search_name, search_kana, sex, "
          "birth_date, address, categories, created_by, created_at, updated_by, updated_at) "
          "VALUES ($1, '991015', '見守り 一', 'ミマモリ', '見守り 一', 'ミマモリ', 'female', "
          "'1938-04-01', '群青市本町1-1', 'elderly', $2, $3, $2, $3)"};
      const std::string person = core::NewId();
      RETURN_IF_ERROR(c.Execute(kPerson, {person, u.id, now}));
      watch::Subject s;
      s.person_id = person;
      s.municipality_code = "991015";
      s.started_at = now - watch::kDayMs;
      RETURN_IF_ERROR(watch::registry::UpsertSubject(c, s, u.id, now));
      watch::Device d;
      d.id = "door-311";
      d.person_id = person;
      d.kind = "door";
      d.place = "entrance";
      d.installed_at = now - watch::kDayMs;
      secret_ = watch::NewDeviceSecret();
      const std::string sealed = server_->secrets().Seal(
          std::string_view(reinterpret_cast<const char*>(secret_.data()), secret_.size()));
      return watch::registry::InsertDevice(c, d, sealed, u.id, now);
    });
    ASSERT_TRUE(status.ok()) << status.error().message;
  }

  std::string Event(int seq) const {
    return "{\"seq\":" + std::to_string(seq) +
           ",\"ts\":" + std::to_string(clock_.NowMillis() - 60'000 + seq) +
           ",\"type\":\"door_open\"}";
  }
  std::string Topic() const { return "tsunagari/v1/" + network_ + "/door-311/events"; }

  template <typename F>
  static bool WaitFor(F done) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }

  core::FakeClock clock_{1'795'300'000'000};
  std::unique_ptr<db::testing::TestDatabase> database_;
  std::string data_dir_, network_;
  watch::MqttEndpoint devices_;
  watch::DeviceSecret secret_{};
  std::unique_ptr<app::App> server_;
};

TEST_P(WatchMqtt311Test, AMqtt311DeviceSignsByTopicAndAMqtt5DeviceByProperty) {
  auto& ingester = server_->watch().ingester();
  Mqtt311Client old_sensor(devices_);
  ASSERT_TRUE(old_sensor.ok());
  // The server subscribes asynchronously: publish the first signed event until it is taken.
  const std::string first = Event(1);
  ASSERT_TRUE(WaitFor([&] {
    old_sensor.Publish(Topic() + "/" + watch::ComputeMac(secret_, first), first);
    std::this_thread::sleep_for(100ms);
    return ingester.Counters().accepted >= 1;
  })) << "the server never stored the 3.1.1 device's event: "
      << Describe(ingester.Counters());

  const std::string unsigned_event = Event(2), forged = Event(3), signed_event = Event(4);
  ASSERT_TRUE(old_sensor.Publish(Topic(), unsigned_event));
  ASSERT_TRUE(old_sensor.Publish(Topic() + "/" + std::string(64, '0'), forged));
  ASSERT_TRUE(
      old_sensor.Publish(Topic() + "/" + watch::ComputeMac(secret_, signed_event), signed_event));
  ASSERT_TRUE(old_sensor.AllAcked(10s));

  watch::MqttPublisherOptions po;
  po.endpoint = devices_;
  po.endpoint.client_id = "mqtt5-" + core::NewId();
  watch::MqttPublisher new_sensor(po);
  ASSERT_TRUE(new_sensor.Connect(10s).ok());
  const std::string v5 = Event(5);
  ASSERT_TRUE(new_sensor.Publish(Topic(), v5, watch::ComputeMac(secret_, v5), 10s).ok());
  new_sensor.Disconnect();

  ASSERT_TRUE(WaitFor([&] { return ingester.Counters().accepted >= 3; }));
  ASSERT_TRUE(WaitFor([&] { return BadSignatures(ingester.Counters()) >= 2; }));
  std::this_thread::sleep_for(200ms);  // nothing more is on its way
  const auto counters = ingester.Counters();
  EXPECT_EQ(counters.accepted, 3u) << "seq 1, 4 (3.1.1, signed by topic) and 5 (MQTT 5)";
  EXPECT_EQ(BadSignatures(counters), 2u) << "seq 2 unsigned, seq 3 forged";

  static constexpr db::Statement kSeqs{
      "test_mqtt311_seqs",
      "SELECT seq FROM watch_events WHERE device_id = 'door-311' ORDER BY seq"};
  std::vector<int64_t> seqs;
  auto status = server_->db().Run([&](db::Connection& c) -> core::Result<void> {
    ASSIGN_OR_RETURN(auto rows, c.Query(kSeqs));
    for (const auto& r : rows) seqs.push_back(r.Int(0));
    return core::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(seqs, (std::vector<int64_t>{1, 4, 5}));
}

INSTANTIATE_TEST_SUITE_P(Backends, WatchMqtt311Test, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace

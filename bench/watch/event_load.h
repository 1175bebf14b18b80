// Synthetic sensor traffic for the watch benchmarks: MQTT topics and payloads in the v1 format of
// notes/watch-design.md, signed with HMAC-SHA256 like real devices sign them. Shared by the broker
// baseline (broker_baseline.cpp) and the server-side ingestion benchmark, so that both measure
// the same bytes.
//
// Homes <network>-h000000…: each has four sensors (entrance, fridge and bath door sensors, a
// living-room temperature-humidity sensor) and a gateway. One-event messages come from the sensors
// themselves (topic device = the sensor); batches come from the home's gateway (topic device = the
// gateway, each event naming its sensor in "device"). Every device has its own sequence counter
// starting at `first_seq`, so (device, seq) never repeats within one EventLoad.
//
// Device secrets are derived, not stored: secret(device) = SHA-256("tsunagari-bench:" + device id),
// so a benchmark that registers the same homes in the server can give them the same secrets.
#pragma once

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bench_watch {

inline constexpr std::string_view kSensorPlaces[] = {"entrance", "fridge", "bath", "living"};
inline constexpr int kSensorsPerHome = 4;

// Device ids carry the municipality code, as ids must be unique across a region's networks.
inline std::string HomeId(std::string_view network, int home) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "-h%06d", home);
  return std::string(network) + buf;
}
inline std::string SensorId(std::string_view network, int home, int sensor) {
  return HomeId(network, home) + "-" + std::string(kSensorPlaces[sensor]);
}
inline std::string GatewayId(std::string_view network, int home) {
  return HomeId(network, home) + "-gw";
}

using Secret = std::array<unsigned char, crypto_auth_hmacsha256_KEYBYTES>;

inline Secret DeviceSecret(std::string_view device_id) {
  static_assert(crypto_hash_sha256_BYTES == crypto_auth_hmacsha256_KEYBYTES);
  std::string input = "tsunagari-bench:";
  input += device_id;
  Secret s;
  crypto_hash_sha256(s.data(), reinterpret_cast<const unsigned char*>(input.data()), input.size());
  return s;
}

/// Lowercase hex HMAC-SHA256(secret, payload): the MQTT user property "mac".
inline std::string Mac(const Secret& secret, std::string_view payload) {
  unsigned char tag[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, secret.data(), secret.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(payload.data()),
                                payload.size());
  crypto_auth_hmacsha256_final(&st, tag);
  char hex[2 * sizeof tag + 1];
  sodium_bin2hex(hex, sizeof hex, tag, sizeof tag);
  return std::string(hex, 2 * sizeof tag);
}

struct OutgoingMessage {
  std::string topic;
  std::string payload;
  std::string mac;
  int events = 0;
};

class EventLoad {
 public:
  /// Homes [first_home, first_home + homes); `network` is the topic's <network> level.
  EventLoad(std::string network, int first_home, int homes, int64_t start_ms, uint64_t first_seq)
      : network_(std::move(network)), first_home_(first_home), homes_(homes), now_ms_(start_ms) {
    if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
    if (homes <= 0) throw std::invalid_argument("homes must be positive");
    sensor_seq_.assign(size_t(homes) * kSensorsPerHome, first_seq);
    sensor_secret_.reserve(sensor_seq_.size());
    gateway_secret_.reserve(size_t(homes));
    for (int h = 0; h < homes; ++h) {
      for (int s = 0; s < kSensorsPerHome; ++s) {
        sensor_secret_.push_back(DeviceSecret(SensorId(network_, first_home + h, s)));
      }
      gateway_secret_.push_back(DeviceSecret(GatewayId(network_, first_home + h)));
    }
  }

  /// The next message: one event from the next sensor (batch == 1), or `batch` events of one
  /// home's sensors sent by its gateway.
  OutgoingMessage Next(int batch) {
    OutgoingMessage m;
    // Walks all homes, then the next sensor of each: consecutive messages come from different
    // homes, as they would from a region.
    const int h = int(counter_ % uint64_t(homes_));
    const int round = int((counter_ / uint64_t(homes_)) % kSensorsPerHome);
    ++counter_;
    if (batch <= 1) {
      const int s = (h + round) % kSensorsPerHome;  // the same mix of sensors from the start
      std::string device = SensorId(network_, first_home_ + h, s);
      m.topic = Topic(device);
      AppendEvent(m.payload, device, h, s);
      m.mac = Mac(sensor_secret_[size_t(h) * kSensorsPerHome + size_t(s)], m.payload);
      m.events = 1;
      return m;
    }
    m.topic = Topic(GatewayId(network_, first_home_ + h));
    m.payload.reserve(size_t(batch) * 130 + 16);
    m.payload += "{\"events\":[";
    for (int i = 0; i < batch; ++i) {
      if (i > 0) m.payload += ',';
      const int s = i % kSensorsPerHome;
      AppendEvent(m.payload, SensorId(network_, first_home_ + h, s), h, s);
    }
    m.payload += "]}";
    m.mac = Mac(gateway_secret_[size_t(h)], m.payload);
    m.events = batch;
    return m;
  }

 private:
  std::string Topic(std::string_view device) const {
    std::string t = "tsunagari/v1/";
    t += network_;
    t += '/';
    t += device;
    t += "/events";
    return t;
  }

  // Door sensors alternate open/close, every 16th event of a sensor is a heartbeat with the
  // battery level, the living-room sensor reports climate. Timestamps are RFC 3339 in Japan time,
  // 250 ms apart, as a gateway would send them.
  void AppendEvent(std::string& out, std::string_view device, int h, int s) {
    uint64_t& seq = sensor_seq_[size_t(h) * kSensorsPerHome + size_t(s)];
    const uint64_t n = seq++;
    now_ms_ += 250;
    const int64_t local_ms = now_ms_ + 9 * 3600 * 1000;
    const time_t secs = time_t(local_ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char ts[96];
    std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03d+09:00", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  int(local_ms % 1000));
    char buf[256];
    int len;
    if (n % 16 == 0) {
      len = std::snprintf(buf, sizeof buf,
                          "{\"device\":\"%.*s\",\"seq\":%llu,\"ts\":\"%s\",\"type\":\"heartbeat\","
                          "\"battery_pct\":%d}",
                          int(device.size()), device.data(), (unsigned long long)n, ts,
                          int(95 - (n / 16) % 60));
    } else if (s == 3) {
      len = std::snprintf(buf, sizeof buf,
                          "{\"device\":\"%.*s\",\"seq\":%llu,\"ts\":\"%s\",\"type\":\"climate\","
                          "\"temperature_c\":%.1f,\"humidity_pct\":%.1f}",
                          int(device.size()), device.data(), (unsigned long long)n, ts,
                          22.0 + double(n % 90) / 10.0, 45.0 + double(n % 200) / 10.0);
    } else {
      len = std::snprintf(buf, sizeof buf,
                          "{\"device\":\"%.*s\",\"seq\":%llu,\"ts\":\"%s\",\"type\":\"%s\"}",
                          int(device.size()), device.data(), (unsigned long long)n, ts,
                          n % 2 ? "door_open" : "door_close");
    }
    out.append(buf, std::min(size_t(len), sizeof buf - 1));
  }

  std::string network_;
  int first_home_;
  int homes_;
  int64_t now_ms_;
  uint64_t counter_ = 0;
  std::vector<uint64_t> sensor_seq_;
  std::vector<Secret> sensor_secret_;
  std::vector<Secret> gateway_secret_;
};

}  // namespace bench_watch

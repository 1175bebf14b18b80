// Fleet file reader and writer (see fleet.h), on Boost.JSON.
#include "watch/fleet.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "watch/codes.h"
#include "watch/payload.h"
#include "watch/sensor_event.h"

namespace watch {
namespace {

namespace json = boost::json;
using core::Error;

constexpr std::array<std::pair<Scenario, std::string_view>, 6> kScenarios = {{
    {Scenario::kNormal, "normal"},
    {Scenario::kStopsMoving, "stops_moving"},
    {Scenario::kHeatWave, "heat_wave"},
    {Scenario::kDeadBattery, "dead_battery"},
    {Scenario::kGatewayOffline, "gateway_offline"},
    {Scenario::kNightOwl, "night_owl"},
}};

constexpr double kMaxOfflineHours = 240;
constexpr double kDefaultOfflineHours = 6;
constexpr uint64_t kMaxSeed = uint64_t{1} << 53;  // what a JSON number carries exactly

// Collects the first problem with its path; reading goes on only while there is none.
class Reader {
 public:
  bool failed() const { return error_.has_value(); }
  Error TakeError() { return std::move(*error_); }

  void Fail(std::string path, std::string message) {
    if (!error_) error_ = Error::Invalid(std::move(path), std::move(message));
  }

  const json::object* Object(const json::value& v, const std::string& path) {
    if (const auto* o = v.if_object()) return o;
    Fail(path, "オブジェクトではありません (not an object)");
    return nullptr;
  }

  std::optional<std::string> String(const json::object& o, std::string_view key,
                                    const std::string& path, bool required) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr) {
      if (required) Fail(path + "." + std::string(key), "必須です (required)");
      return std::nullopt;
    }
    if (!v->is_string()) {
      Fail(path + "." + std::string(key), "文字列ではありません (not a string)");
      return std::nullopt;
    }
    return std::string(v->get_string());
  }

  // A whole number in [min, max], written as an integer (a JSON number with a fraction or an
  // exponent is refused, as the device contract refuses "seq": 5.0).
  std::optional<int64_t> Integer(const json::object& o, std::string_view key,
                                 const std::string& path, int64_t min, int64_t max) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr) return std::nullopt;
    std::optional<int64_t> n;
    if (v->is_int64()) n = v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= uint64_t(INT64_MAX)) n = int64_t(v->get_uint64());
    if (!n || *n < min || *n > max) {
      Fail(path + "." + std::string(key),
           "範囲外か整数ではありません (not a whole number in range)");
      return std::nullopt;
    }
    return n;
  }

  std::optional<DeviceSecret> Secret(const json::object& o, const std::string& path) {
    auto hex = String(o, "secret", path, true);
    if (!hex) return std::nullopt;
    auto secret = ParseDeviceSecretHex(*hex);
    // The message must not echo the value: it is a secret even when malformed.
    if (!secret) Fail(path + ".secret", "16進64桁ではありません (not 64 hex digits)");
    return secret;
  }

  std::optional<std::string> DeviceId(const json::object& o, const std::string& path,
                                      std::set<std::string>& seen) {
    auto id = String(o, "id", path, true);
    if (!id) return std::nullopt;
    if (!IsValidDeviceId(*id)) {
      Fail(path + ".id", "機器IDは英数字・_・- の1〜64文字です (invalid device id)");
      return std::nullopt;
    }
    if (!seen.insert(*id).second) {
      Fail(path + ".id", "機器IDが重複しています (duplicate device id " + *id + ")");
      return std::nullopt;
    }
    return id;
  }

 private:
  std::optional<Error> error_;
};

void ReadHome(Reader& r, const json::value& v, const std::string& path, std::set<std::string>& ids,
              std::vector<FleetHome>& homes) {
  const json::object* o = r.Object(v, path);
  if (!o) return;
  FleetHome h;
  h.person_id = r.String(*o, "person_id", path, false).value_or("");
  h.label = r.String(*o, "label", path, true).value_or("");
  if (!r.failed() && h.label.empty()) r.Fail(path + ".label", "空です (empty)");
  if (auto code = r.String(*o, "scenario", path, false)) {
    auto s = ParseScenario(*code);
    if (!s) {
      r.Fail(path + ".scenario", "不明なシナリオです (unknown scenario " + *code + ")");
    } else {
      h.scenario = *s;
    }
  }
  h.seed = uint64_t(r.Integer(*o, "seed", path, 0, int64_t(kMaxSeed)).value_or(0));
  // Times within the device contract's range, so that every event derived from them is valid.
  h.stop_at_ms = r.Integer(*o, "stop_at", path, kMinTsMs, kEndTsMs - 1);
  h.battery_dead_at_ms = r.Integer(*o, "battery_dead_at", path, kMinTsMs, kEndTsMs - 1);
  h.offline_at_ms = r.Integer(*o, "offline_at", path, kMinTsMs, kEndTsMs - 1);
  h.night_owl_from_ms = r.Integer(*o, "night_owl_from", path, kMinTsMs, kEndTsMs - 1);
  if (const json::value* hours = o->if_contains("offline_hours")) {
    double x = hours->is_number() ? hours->to_number<double>() : NAN;
    if (!(x > 0 && x <= kMaxOfflineHours)) {
      r.Fail(path + ".offline_hours", "0より大きく240以下の数です (a number in (0, 240])");
    } else {
      h.offline_hours = x;
    }
  }
  if (const json::value* gw = o->if_contains("gateway")) {
    const std::string gw_path = path + ".gateway";
    if (const json::object* g = r.Object(*gw, gw_path)) {
      FleetGateway gateway;
      gateway.id = r.DeviceId(*g, gw_path, ids).value_or("");
      if (auto s = r.Secret(*g, gw_path)) gateway.secret = *s;
      h.gateway = std::move(gateway);
    }
  }
  const json::value* devices = o->if_contains("devices");
  if (devices == nullptr || !devices->is_array()) {
    r.Fail(path + ".devices", "配列が必要です (an array is required)");
    return;
  }
  size_t i = 0;
  for (const json::value& dv : devices->get_array()) {
    const std::string dpath = path + ".devices[" + std::to_string(i++) + "]";
    const json::object* d = r.Object(dv, dpath);
    if (!d) return;
    FleetDevice device;
    device.id = r.DeviceId(*d, dpath, ids).value_or("");
    if (auto s = r.Secret(*d, dpath)) device.secret = *s;
    device.kind = r.String(*d, "kind", dpath, true).value_or("");
    device.place = r.String(*d, "place", dpath, true).value_or("");
    if (r.failed()) return;
    if (device.kind == "gateway") {
      r.Fail(dpath + ".kind", "ゲートウェイは gateway に書きます (put a gateway in \"gateway\")");
    } else if (!IsOneOf(DeviceKinds(), device.kind)) {
      r.Fail(dpath + ".kind", "不明な機器種別です (unknown kind " + device.kind + ")");
    } else if (!IsOneOf(Places(), device.place)) {
      r.Fail(dpath + ".place", "不明な設置場所です (unknown place " + device.place + ")");
    }
    h.devices.push_back(std::move(device));
  }
  homes.push_back(std::move(h));
}

void AppendHome(std::string& out, const FleetHome& h) {
  json::object o;
  if (!h.person_id.empty()) o["person_id"] = h.person_id;
  o["label"] = h.label;
  o["scenario"] = ScenarioCode(h.scenario);
  o["seed"] = h.seed;
  if (h.stop_at_ms) o["stop_at"] = *h.stop_at_ms;
  if (h.battery_dead_at_ms) o["battery_dead_at"] = *h.battery_dead_at_ms;
  if (h.offline_at_ms) o["offline_at"] = *h.offline_at_ms;
  if (h.night_owl_from_ms) o["night_owl_from"] = *h.night_owl_from_ms;
  if (h.offline_hours != kDefaultOfflineHours) o["offline_hours"] = h.offline_hours;
  if (h.gateway) {
    o["gateway"] =
        json::object{{"id", h.gateway->id}, {"secret", DeviceSecretHex(h.gateway->secret)}};
  }
  json::array devices;
  devices.reserve(h.devices.size());
  for (const FleetDevice& d : h.devices) {
    devices.push_back(json::object{
        {"id", d.id}, {"secret", DeviceSecretHex(d.secret)}, {"kind", d.kind}, {"place", d.place}});
  }
  o["devices"] = std::move(devices);
  out += json::serialize(o);
}

}  // namespace

std::string_view ScenarioCode(Scenario scenario) {
  for (const auto& [s, code] : kScenarios) {
    if (s == scenario) return code;
  }
  return "normal";
}

std::optional<Scenario> ParseScenario(std::string_view code) {
  for (const auto& [s, c] : kScenarios) {
    if (c == code) return s;
  }
  return std::nullopt;
}

core::Result<Fleet> ParseFleet(std::string_view text) {
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec) return Error::Invalid("fleet", "JSONとして読めません (not JSON: " + ec.message() + ")");
  Reader r;
  const json::object* o = r.Object(root, "fleet");
  if (!o) return r.TakeError();
  Fleet fleet;
  fleet.network = r.String(*o, "network", "fleet", true).value_or("");
  if (!r.failed() && !IsValidDeviceId(fleet.network)) {
    r.Fail("fleet.network", "ネットワーク名は英数字・_・- の1〜64文字です (invalid network)");
  }
  const json::value* homes = o->if_contains("homes");
  if (!r.failed() && (homes == nullptr || !homes->is_array())) {
    r.Fail("fleet.homes", "配列が必要です (an array is required)");
  }
  if (r.failed()) return r.TakeError();
  std::set<std::string> ids;
  size_t i = 0;
  for (const json::value& hv : homes->get_array()) {
    ReadHome(r, hv, "homes[" + std::to_string(i++) + "]", ids, fleet.homes);
    if (r.failed()) return r.TakeError();
  }
  return fleet;
}

core::Result<Fleet> ReadFleetFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error::Of(core::ErrorCode::kNotFound,
                     "fleet file " + path.string() + ": " + std::strerror(errno));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return ParseFleet(buffer.str());
}

std::string SerializeFleet(const Fleet& fleet) {
  std::string out = "{\"network\":";
  out += json::serialize(json::value(fleet.network));
  out += ",\"homes\":[";
  for (size_t i = 0; i < fleet.homes.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    AppendHome(out, fleet.homes[i]);
  }
  out += "\n]}\n";
  return out;
}

core::Result<void> WriteFleetFile(const std::filesystem::path& path, const Fleet& fleet) {
  const std::string bytes = SerializeFleet(fleet);
  std::filesystem::path tmp = path;
  tmp += ".tmp-" + std::to_string(::getpid());
  auto fail = [&](std::string what) {
    std::string message = "fleet file " + path.string() + ": " + what + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return Error::Unavailable(std::move(message));
  };
  // 0600 from the start (O_CREAT's mode), so the secrets are never readable by others, not even
  // between create and chmod.
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail("create");
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return fail("write");
    }
    written += size_t(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return fail("fsync");
  }
  if (::close(fd) != 0) return fail("close");
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("rename");
  return core::Ok();
}

DeviceSecret NewDeviceSecret() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
  DeviceSecret s;
  randombytes_buf(s.data(), s.size());
  return s;
}

std::string DeviceSecretHex(const DeviceSecret& secret) {
  char hex[2 * kDeviceSecretBytes + 1];
  sodium_bin2hex(hex, sizeof hex, secret.data(), secret.size());
  return std::string(hex, 2 * kDeviceSecretBytes);
}

std::optional<DeviceSecret> ParseDeviceSecretHex(std::string_view hex) {
  if (hex.size() != 2 * kDeviceSecretBytes) return std::nullopt;
  DeviceSecret s;
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(s.data(), s.size(), hex.data(), hex.size(), nullptr, &len, &end) != 0 ||
      len != s.size() || end != hex.data() + hex.size()) {
    return std::nullopt;
  }
  return s;
}

}  // namespace watch

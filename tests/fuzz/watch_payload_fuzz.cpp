// libFuzzer target for the sensor payload parser. For any bytes: no crash, hang, exception or
// sanitizer report; the result keeps the contract's invariants; parsing in place with hostile
// padding gives the same result as parsing a copy; and nothing Boost.JSON calls invalid JSON is
// ever accepted (a second, independent parser as the oracle), with one event or rejection per
// element of "events".
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "watch/payload.h"

namespace {

constexpr std::string_view kDefaultDevice = "fuzz-device";

void CheckEvent(const watch::SensorEvent& e) {
  using watch::EventType;
  if (!watch::IsValidDeviceId(e.device)) __builtin_trap();
  if (e.seq < 1 || e.seq > watch::kMaxSeq) __builtin_trap();
  if (e.ts_ms < watch::kMinTsMs || e.ts_ms >= watch::kEndTsMs) __builtin_trap();
  const bool climate = e.type == EventType::kClimate;
  const bool battery_allowed = e.type == EventType::kBattery || e.type == EventType::kHeartbeat;
  if (!climate && (e.temperature_c || e.humidity_pct)) __builtin_trap();
  if (climate && !e.temperature_c && !e.humidity_pct) __builtin_trap();
  if (!battery_allowed && e.battery_pct) __builtin_trap();
  if (e.type == EventType::kBattery && !e.battery_pct) __builtin_trap();
  if (e.temperature_c &&
      !(*e.temperature_c >= watch::kMinTemperatureC && *e.temperature_c <= watch::kMaxTemperatureC))
    __builtin_trap();
  if (e.humidity_pct &&
      !(*e.humidity_pct >= watch::kMinHumidityPct && *e.humidity_pct <= watch::kMaxHumidityPct))
    __builtin_trap();
  if (e.battery_pct &&
      !(*e.battery_pct >= watch::kMinBatteryPct && *e.battery_pct <= watch::kMaxBatteryPct))
    __builtin_trap();
}

void CheckResult(const watch::ParseResult& r) {
  bool whole = false;
  for (const watch::Rejection& rejection : r.rejections) {
    if (rejection.index == watch::kWholePayload) whole = true;
  }
  if (whole && !r.WholePayloadRejected()) __builtin_trap();  // a whole rejection comes alone
  if (whole && !r.events.empty()) __builtin_trap();
  int previous = -1;
  for (const watch::Rejection& rejection : r.rejections) {
    if (whole) break;
    if (rejection.index <= previous) __builtin_trap();  // in payload order, once each
    previous = rejection.index;
  }
  if (r.events.size() + r.rejections.size() > watch::kMaxEventsPerPayload) __builtin_trap();
  for (const watch::SensorEvent& event : r.events) CheckEvent(event);
}

// Boost.JSON rejects numbers whose exponent overflows a double; that is valid JSON all the same.
bool OracleSaysInvalid(const boost::system::error_code& ec) {
  return ec && ec != boost::json::error::exponent_overflow;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // One parser for the whole run, as an ingesting worker keeps one: state must not leak between
  // payloads.
  static watch::PayloadParser parser;
  std::string_view payload(reinterpret_cast<const char*>(data), size);

  watch::ParseResult copied = parser.Parse(payload, kDefaultDevice);
  CheckResult(copied);

  // The same bytes in place, followed by padding made of characters that could complete a
  // truncated document if the parser trusted them.
  constexpr std::string_view kHostilePadding = "}]\",{";
  char pad = kHostilePadding[size == 0 ? 0 : data[0] % kHostilePadding.size()];
  std::string buffer(payload);
  buffer.append(watch::kPayloadPadding, pad);
  watch::ParseResult in_place =
      parser.ParseInPlace(std::string_view(buffer.data(), size), buffer.size(), kDefaultDevice);
  if (in_place.events != copied.events || in_place.rejections != copied.rejections)
    __builtin_trap();

  if (copied.WholePayloadRejected()) {
    auto reason = copied.rejections.front().reason;
    if (reason == watch::RejectReason::kMalformedJson || reason == watch::RejectReason::kTooLarge)
      return 0;
  }
  boost::json::parse_options options;
  options.max_depth = 1'000'000;  // our own limit is far lower; the oracle must not be the stricter
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(payload, ec, {}, options);
  if (OracleSaysInvalid(ec)) __builtin_trap();  // we accepted bytes that are not JSON
  if (ec) return 0;
  if (copied.WholePayloadRejected()) {
    auto reason = copied.rejections.front().reason;
    if (reason == watch::RejectReason::kNotAnObject && value.is_object()) __builtin_trap();
    return 0;
  }
  if (!value.is_object()) __builtin_trap();
  const boost::json::object& root = value.get_object();
  size_t expected = 1;
  if (auto it = root.find("events"); it != root.end()) {
    if (!it->value().is_array()) __builtin_trap();
    expected = it->value().get_array().size();
  }
  if (copied.events.size() + copied.rejections.size() != expected) __builtin_trap();
  return 0;
}

// One sensor event as the watch (みまもり) ingester stores it, and the fixed vocabularies around
// it: event types and the reasons a payload or an event is rejected. Kept free of JSON and database
// types so the parser, the ingester, the rules and the simulator can all share it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace watch {

enum class EventType : uint8_t {
  kDoorOpen,
  kDoorClose,
  kMotion,
  kClimate,  // temperature and/or humidity
  kBattery,
  kHeartbeat,
};

/// One event after parsing. The ingester keeps millions of these in memory on their way to the
/// database, so everything but the device id is held by value.
struct SensorEvent {
  std::string device;  // the device's public id (see IsValidDeviceId)
  int64_t seq = 0;     // 1..kMaxSeq, per device; (device, seq) identifies the event
  int64_t ts_ms = 0;   // UTC epoch ms, device clock (not checked against our clock here)
  EventType type = EventType::kHeartbeat;
  std::optional<double> temperature_c;  // °C, -40..80
  std::optional<double> humidity_pct;   // % RH, 0..100
  std::optional<int> battery_pct;       // 0..100

  bool operator==(const SensorEvent&) const = default;
};

/// Why a payload (index kWholePayload) or one event of it was not accepted. Counted per reason;
/// the printable codes (ReasonCode) are part of the device contract in docs/watch-ingestion.md
/// and must not change once published.
enum class RejectReason : uint8_t {
  kMalformedJson,  // not JSON, or a payload-level shape we cannot read at all
  kNotAnObject,    // the payload or an element of "events" is not a JSON object
  kTooLarge,       // payload above kMaxPayloadBytes
  kTooManyEvents,  // more than kMaxEventsPerPayload events
  kMissingSeq,
  kBadSeq,  // not an integer in 1..kMaxSeq, or given twice
  kMissingTs,
  kBadTs,  // neither epoch ms nor RFC 3339 with offset, outside 2000..2100, or given twice
  kMissingType,
  kUnknownType,   // not one of the type names, not a string, or given twice
  kBadValue,      // a value member of the wrong JSON type, out of range, or not for this type
  kMissingValue,  // climate without temperature_c/humidity_pct, battery without battery_pct
  kBadDevice,     // device id not 1..64 of [A-Za-z0-9_-] (or absent with no default)
};

/// Largest accepted seq: 2^53, so that every seq survives a trip through a JavaScript number.
inline constexpr int64_t kMaxSeq = int64_t{1} << 53;
inline constexpr size_t kMaxDeviceIdLength = 64;

/// Value ranges of the device contract: what an indoor sensor can plausibly report.
inline constexpr double kMinTemperatureC = -40;
inline constexpr double kMaxTemperatureC = 80;
inline constexpr double kMinHumidityPct = 0;
inline constexpr double kMaxHumidityPct = 100;
inline constexpr int kMinBatteryPct = 0;
inline constexpr int kMaxBatteryPct = 100;

constexpr std::string_view ReasonCode(RejectReason reason) {
  switch (reason) {
    case RejectReason::kMalformedJson:
      return "malformed_json";
    case RejectReason::kNotAnObject:
      return "not_an_object";
    case RejectReason::kTooLarge:
      return "too_large";
    case RejectReason::kTooManyEvents:
      return "too_many_events";
    case RejectReason::kMissingSeq:
      return "missing_seq";
    case RejectReason::kBadSeq:
      return "bad_seq";
    case RejectReason::kMissingTs:
      return "missing_ts";
    case RejectReason::kBadTs:
      return "bad_ts";
    case RejectReason::kMissingType:
      return "missing_type";
    case RejectReason::kUnknownType:
      return "unknown_type";
    case RejectReason::kBadValue:
      return "bad_value";
    case RejectReason::kMissingValue:
      return "missing_value";
    case RejectReason::kBadDevice:
      return "bad_device";
  }
  return "unknown";
}

/// Every reason, in enum order, for counters that want one slot per reason.
inline constexpr RejectReason kAllRejectReasons[] = {
    RejectReason::kMalformedJson, RejectReason::kNotAnObject, RejectReason::kTooLarge,
    RejectReason::kTooManyEvents, RejectReason::kMissingSeq,  RejectReason::kBadSeq,
    RejectReason::kMissingTs,     RejectReason::kBadTs,       RejectReason::kMissingType,
    RejectReason::kUnknownType,   RejectReason::kBadValue,    RejectReason::kMissingValue,
    RejectReason::kBadDevice,
};

constexpr std::string_view EventTypeName(EventType type) {
  switch (type) {
    case EventType::kDoorOpen:
      return "door_open";
    case EventType::kDoorClose:
      return "door_close";
    case EventType::kMotion:
      return "motion";
    case EventType::kClimate:
      return "climate";
    case EventType::kBattery:
      return "battery";
    case EventType::kHeartbeat:
      return "heartbeat";
  }
  return "unknown";
}

/// The inverse of EventTypeName; exact, case-sensitive match.
constexpr std::optional<EventType> EventTypeFromName(std::string_view name) {
  for (EventType type : {EventType::kDoorOpen, EventType::kDoorClose, EventType::kMotion,
                         EventType::kClimate, EventType::kBattery, EventType::kHeartbeat}) {
    if (EventTypeName(type) == name) return type;
  }
  return std::nullopt;
}

/// A device's public id: 1..64 characters from [A-Za-z0-9_-], so it can stand as one MQTT topic
/// level and inside the Authorization header without escaping.
constexpr bool IsValidDeviceId(std::string_view id) {
  if (id.empty() || id.size() > kMaxDeviceIdLength) return false;
  for (char c : id) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace watch

// Parser for the watch sensor payload (docs/watch-ingestion.md): one event object or
// {"events": [...]}, read with simdjson On-Demand. Database-free and clock-free: it checks syntax
// and fixed ranges only; whether a timestamp is plausible against "now", whether the device is
// registered or may speak for another device, and idempotency belong to the ingester.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "watch/sensor_event.h"

namespace watch {

inline constexpr size_t kMaxPayloadBytes = 256 * 1024;
inline constexpr size_t kMaxEventsPerPayload = 1000;
/// Members nested deeper than this (counting the payload object as level 1) make the payload
/// malformed_json; it bounds the work spent validating members we otherwise ignore.
inline constexpr int kMaxNestingDepth = 32;
/// Bytes simdjson may read past the end of the payload (SIMDJSON_PADDING, checked in payload.cpp).
inline constexpr size_t kPayloadPadding = 64;
/// Rejection::index for a rejection of the whole payload.
inline constexpr int kWholePayload = -1;

/// The earliest and the first not accepted timestamp: 2000-01-01T00:00:00Z and
/// 2100-01-01T00:00:00Z. Only a syntax-level sanity range; the ingester compares with its clock.
inline constexpr int64_t kMinTsMs = 946'684'800'000;
inline constexpr int64_t kEndTsMs = 4'102'444'800'000;

struct Rejection {
  /// Position in "events" (0 for the single-event form), or kWholePayload.
  int index = kWholePayload;
  RejectReason reason = RejectReason::kMalformedJson;

  bool operator==(const Rejection&) const = default;
};

struct ParseResult {
  std::vector<SensorEvent> events;    // accepted, in payload order
  std::vector<Rejection> rejections;  // in payload order; a whole-payload rejection comes alone

  /// True when the payload was rejected as a whole: then `events` is empty and `rejections`
  /// holds exactly one entry with index kWholePayload.
  bool WholePayloadRejected() const {
    return rejections.size() == 1 && rejections.front().index == kWholePayload;
  }
};

/// Reusable parser: keeps simdjson's buffers and a padded copy buffer between calls, so a worker
/// that parses many payloads allocates only for the results. Not thread-safe; use one per thread.
///
/// Contract for every Parse call, for any bytes: it never throws and never crashes. A payload that
/// is not JSON, too large, not an object, has more than kMaxEventsPerPayload events, or whose
/// "events" is not an array is rejected as a whole (one rejection, no events). Otherwise each
/// event is accepted or rejected on its own, keeping its index. `default_device` is the device
/// named by the MQTT topic or the HTTP Authorization header; an event without "device" gets it.
class PayloadParser {
 public:
  PayloadParser();
  ~PayloadParser();
  PayloadParser(PayloadParser&&) noexcept;
  PayloadParser& operator=(PayloadParser&&) noexcept;
  PayloadParser(const PayloadParser&) = delete;
  PayloadParser& operator=(const PayloadParser&) = delete;

  /// Copies `payload` into an internal padded buffer (reused across calls), then parses it.
  ParseResult Parse(std::string_view payload, std::string_view default_device);

  /// Parses without copying when the caller owns at least `capacity` readable bytes starting at
  /// payload.data() and capacity >= payload.size() + kPayloadPadding (e.g. a std::string body
  /// after reserve(size + kPayloadPadding): pass body.capacity()). The bytes after the payload
  /// are read but never written and need not be initialised to anything in particular.
  /// With a smaller capacity it falls back to Parse (copying).
  ParseResult ParseInPlace(std::string_view payload, size_t capacity,
                           std::string_view default_device);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One-off convenience: builds a PayloadParser, parses, and throws it away. Fine for tests and
/// tools; an ingesting worker should keep a PayloadParser per thread, because building simdjson's
/// buffers made a lone 200-byte event cost about 1.3–1.5 times as much (measured; batches of 50
/// showed no difference).
ParseResult ParsePayload(std::string_view payload, std::string_view default_device);

}  // namespace watch

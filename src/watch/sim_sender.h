// Putting simulated events on the wire exactly as docs/watch-ingestion.md asks of a device maker:
// signed payloads (BuildPayloads), sent over MQTT 5 (QoS 1, user property "mac") or HTTP
// (POST /api/v1/watch/events, Authorization: TsunagariDevice <id>:<mac>).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "watch/fleet.h"
#include "watch/mqtt_client.h"
#include "watch/payload.h"
#include "watch/sensor_event.h"

namespace watch {

enum class Transport : uint8_t { kMqtt, kHttp };

/// The contract's limits; smaller values are for tests.
struct PayloadLimits {
  size_t max_events = kMaxEventsPerPayload;  // 1,000
  size_t max_bytes = kMaxPayloadBytes;       // 256 KiB
};

/// One signed payload, ready to publish or post.
struct OutgoingPayload {
  /// The device (or gateway) whose secret signed `body`: the MQTT topic's <device> level and the
  /// id in the Authorization header.
  std::string signer;
  std::string body;  // the exact bytes the MAC covers
  std::string mac;   // 64 lowercase hex digits
  size_t events = 0;
};

/// Groups one home's `events` (in the order they are to be sent) into signed payloads:
/// - a home with a gateway: {"events":[…]} batches signed by the gateway, every event naming its
///   device in "device" (the gateway's own heartbeats too), timestamps as RFC 3339 local time with
///   the +09:00 offset and milliseconds;
/// - a home without: one payload per device, signed by that device, events without "device",
///   timestamps as epoch milliseconds; over MQTT a lone event goes as a single event object, over
///   HTTP (which takes batches only) always as a batch.
/// Each payload holds at most limits.max_events events and limits.max_bytes bytes; payloads keep
/// the order of `events` per signer. Fails (kInvalid) for an event of a device the home does not
/// have, or an event too large for limits.max_bytes on its own.
core::Result<std::vector<OutgoingPayload>> BuildPayloads(const FleetHome& home,
                                                         std::span<const SensorEvent> events,
                                                         Transport transport,
                                                         const PayloadLimits& limits = {});

/// {"events":[]} signed by the home's gateway, or by its first device: a valid payload that
/// stores nothing, used to check that an HTTP server is there and knows the home's secrets.
/// Fails for a home with neither gateway nor devices.
core::Result<OutgoingPayload> EmptyBatch(const FleetHome& home);

/// One event as the contract's JSON object, without whitespace, appended to `out`.
void AppendEventJson(std::string& out, const SensorEvent& event, bool with_device, bool rfc3339_ts);

/// tsunagari/v1/<network>/<device>/events
std::string MqttEventsTopic(std::string_view network, std::string_view device);

/// What a sender did so far.
struct SendCounts {
  uint64_t payloads_sent = 0;  // handed over: published (MQTT) or answered 2xx (HTTP)
  uint64_t events_sent = 0;
  uint64_t payloads_rejected = 0;       // refused: PUBACK ≥ 0x80 (MQTT), 4xx (HTTP)
  uint64_t events_rejected = 0;         // events of refused payloads, plus single events a 2xx
                                        // answer reports as rejected (HTTP)
  uint64_t events_accepted = 0;         // HTTP: stored as new (the answer's "accepted")
  uint64_t events_duplicate = 0;        // HTTP: already stored (the answer's "duplicates")
  uint64_t retries = 0;                 // HTTP: attempts repeated after 5xx, 408, 429 or no answer
  std::map<int, uint64_t> http_status;  // HTTP: answers by status code
  std::map<std::string, uint64_t> rejected_by_reason;  // HTTP: by the answer's reason codes
};

/// Result of one Send that reached the other side.
struct SendOutcome {
  bool accepted = true;  // false: refused for good (HTTP 4xx); not retried
  int http_status = 0;   // 0 for MQTT
};

/// Where simulated payloads go. Send and Finish are called from one thread.
class PayloadSender {
 public:
  virtual ~PayloadSender() = default;
  /// Sends one payload, blocking while the transport is saturated. An error means the other side
  /// could not be reached in time (the run should stop); refusals are outcomes, not errors.
  virtual core::Result<SendOutcome> Send(const OutgoingPayload& payload) = 0;
  /// Waits until everything sent is acknowledged (MQTT) and closes the connection.
  virtual core::Result<void> Finish(std::chrono::milliseconds timeout) = 0;
  virtual SendCounts Counts() const = 0;
};

struct MqttSenderOptions {
  MqttEndpoint endpoint;  // with username, password and a client id
  std::string network;    // the topic's <network> level
  int max_in_flight = 1000;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds publish_timeout{30'000};
};

/// Connects a QoS 1 MqttPublisher; fails (kUnavailable) when the broker cannot be reached or
/// refuses the login.
core::Result<std::unique_ptr<PayloadSender>> ConnectMqttSender(MqttSenderOptions options);

struct HttpSenderOptions {
  std::string base_url;  // e.g. http://127.0.0.1:8080 ; the path /api/v1/watch/events is added
  long connect_timeout_seconds = 10;
  long request_timeout_seconds = 60;
  /// The contract says "retry until you get a 2xx": 5xx, 408, 429 and transport errors are
  /// retried with back-off (honouring Retry-After) for this long, then Send fails.
  std::chrono::milliseconds retry_for{60'000};
};

/// An HTTP sender over libcurl (one kept-alive connection). Does not connect yet: the first Send
/// does; send EmptyBatch first to check the server.
core::Result<std::unique_ptr<PayloadSender>> MakeHttpSender(HttpSenderOptions options);

}  // namespace watch

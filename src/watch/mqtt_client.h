// MQTT plumbing for the watch module (みまもり): a persistent-session QoS 1 subscriber that hands
// every message to a handler, and a publisher for the sensor simulator, the tests and the
// benchmarks. Thin RAII wrappers over libmosquitto 2.0 speaking MQTT 5, each with the library's
// own network thread (mosquitto_loop_start).
//
// When the broker forgets a message (the PUBACK rule, verified in mqtt_client_test.cpp):
// libmosquitto 2.0's handle__publish (lib/handle_publish.c) queues the PUBACK for an incoming QoS 1
// message *before* it calls on_message, but with the threaded interface packet__queue only queues
// it: the network thread writes it after on_message has returned. So the PUBACK leaves after the
// handler returns, never before, and a process that dies inside the handler gets the message again
// from its persistent session. Hence the handler's contract: return only once the message is
// durably stored (or durably rejected). Handing it to another thread and returning early would let
// the broker forget an event that a crash then loses. This holds only with the threaded interface:
// driven by mosquitto_loop() on the caller's thread, the same library writes the PUBACK before
// on_message runs (tried: a connection cut inside on_message then loses the message), so these
// classes must keep using mosquitto_loop_start.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

struct mosquitto;
struct mosquitto_message;
struct mqtt5__property;

namespace watch {

/// Where and as whom to connect. The password is never logged.
struct MqttEndpoint {
  std::string host = "127.0.0.1";
  int port = 1883;
  std::string username;  // empty: anonymous
  std::string password;
  /// The session's name at the broker: a persistent session is found again by it, and a second
  /// connection with the same id takes the session over (the first is disconnected).
  std::string client_id;
  int keepalive_seconds = 30;
};

/// "mqtt://host:port" or "mqtt://host" (port 1883) into host and port. Credentials do not belong
/// in the URL (they would end up in logs) and are refused, as are other schemes (no TLS here yet).
core::Result<MqttEndpoint> ParseMqttUrl(std::string_view url);

/// One received message. The views are valid only during the handler call.
struct MqttMessage {
  std::string_view topic;
  std::string_view payload;        // the exact bytes received (the HMAC covers exactly these)
  std::optional<std::string> mac;  // MQTT 5 user property "mac" (the first one), if present
  bool retained = false;
};

/// What the handler did with a message.
enum class MqttDisposition {
  /// Stored, or rejected for good (malformed, bad signature): the broker may forget it.
  kAcknowledge,
  /// Could not be handled now (e.g. the database is unavailable): the connection is dropped before
  /// the PUBACK leaves, so the broker keeps the message in the session and delivers it again after
  /// the reconnect back-off. Messages that arrive on the same connection after this one are not
  /// handed to the handler; they come back too.
  kRedeliver,
};

/// Runs on the subscriber's network thread, one message at a time. While it runs no other message
/// is read and no keep-alive is sent: a handler blocked for 1.5 × keepalive gets the connection
/// dropped by the broker (harmless, everything is redelivered, but slow). Must not throw; if it
/// does, the exception is logged and counted and the message is treated as kRedeliver.
using MqttMessageHandler = std::function<MqttDisposition(const MqttMessage&)>;

struct MqttSubscriberOptions {
  MqttEndpoint endpoint;
  std::string topic_filter = "tsunagari/v1/+/+/events";
  /// false: a persistent session. The broker keeps the subscription and queues QoS 1 messages
  /// while this client is away, for up to session_expiry_seconds.
  bool clean_start = false;
  uint32_t session_expiry_seconds = 30u * 24 * 3600;
  /// How many unacknowledged QoS 1 messages the broker may have in flight towards us (MQTT 5
  /// receive maximum, 1..65535). Larger keeps the pipe full; everything in flight is delivered
  /// again after a crash or a kRedeliver.
  int receive_maximum = 1000;
  /// Reconnect back-off: 1, 4, 9 … × min seconds (exponential) or 1, 2, 3 … × min, capped at max.
  unsigned reconnect_delay_min_seconds = 1;
  unsigned reconnect_delay_max_seconds = 30;
  bool reconnect_exponential = true;
};

struct MqttSubscriberStats {
  uint64_t received = 0;             // messages handed to the handler, redeliveries included
  uint64_t redelivery_requests = 0;  // handler answered kRedeliver (or threw)
  uint64_t handler_errors = 0;       // handler threw
  uint64_t skipped = 0;        // arrived after a kRedeliver on the same connection; will come back
  uint64_t connects = 0;       // successful CONNACKs
  uint64_t reconnects = 0;     // successful CONNACKs after the first
  uint64_t sessions_lost = 0;  // reconnects where the broker no longer had our session
  bool connected = false;
  bool subscribed = false;       // the broker granted the subscription on this connection
  bool session_present = false;  // the last CONNACK resumed an existing session
  int last_connect_reason = -1;  // MQTT 5 reason code of the last CONNACK (0 success), -1 none yet
  std::string last_error;
};

/// A persistent-session QoS 1 subscriber. Start() once, Stop() (or the destructor) once.
class MqttSubscriber {
 public:
  MqttSubscriber(MqttSubscriberOptions options, MqttMessageHandler handler);
  ~MqttSubscriber();
  MqttSubscriber(const MqttSubscriber&) = delete;
  MqttSubscriber& operator=(const MqttSubscriber&) = delete;

  /// Makes the first connection attempt (the TCP connect itself is synchronous) and starts the
  /// network thread; does not wait for the CONNACK. A broker that is down or refuses us is not an
  /// error here: the thread keeps retrying with back-off (see Stats()). Errors are bad options
  /// and a library that cannot start.
  core::Result<void> Start();
  /// True once connected with the subscription granted; false after `timeout`, or at once when
  /// the broker refused the connection (wrong password: last_connect_reason 135).
  bool WaitUntilSubscribed(std::chrono::milliseconds timeout);
  /// Disconnects cleanly (the persistent session stays at the broker) and joins the network
  /// thread, after the handler call in progress, if any, has returned. Idempotent.
  void Stop();

  MqttSubscriberStats Stats() const;

 private:
  static void OnConnect(mosquitto* m, void* self, int rc, int flags, const mqtt5__property* props);
  static void OnDisconnect(mosquitto* m, void* self, int rc, const mqtt5__property* props);
  static void OnSubscribe(mosquitto* m, void* self, int mid, int count, const int* granted,
                          const mqtt5__property* props);
  static void OnMessage(mosquitto* m, void* self, const struct mosquitto_message* message,
                        const mqtt5__property* props);
  void SetError(std::string error);

  MqttSubscriberOptions options_;
  MqttMessageHandler handler_;
  mosquitto* mosq_ = nullptr;  // owned; destroyed in the destructor
  bool started_ = false;       // guarded by lifecycle_mutex_
  std::mutex lifecycle_mutex_;

  // Only touched on the network thread: set by kRedeliver, cleared by the next CONNACK.
  bool dropping_connection_ = false;

  std::atomic<uint64_t> received_{0}, redelivery_requests_{0}, handler_errors_{0}, skipped_{0},
      connects_{0}, sessions_lost_{0};
  mutable std::mutex state_mutex_;
  std::condition_variable state_changed_;
  bool connected_ = false;        // guarded by state_mutex_
  bool subscribed_ = false;       // guarded by state_mutex_
  bool session_present_ = false;  // guarded by state_mutex_
  bool refused_ = false;          // guarded by state_mutex_: the last CONNACK refused us
  int last_connect_reason_ = -1;  // guarded by state_mutex_
  std::string last_error_;        // guarded by state_mutex_
};

struct MqttPublisherOptions {
  MqttEndpoint endpoint;
  /// A persistent session, so that after a broker restart the broker and the library agree on the
  /// messages still in flight; the library sends every unacknowledged message again on reconnect.
  bool clean_start = false;
  uint32_t session_expiry_seconds = 3600;
  /// Publish() blocks while this many messages are unacknowledged (1..65535); also the library's
  /// MQTT 5 send maximum, lowered by the broker's receive maximum if that is smaller.
  int max_in_flight = 1000;
  unsigned reconnect_delay_min_seconds = 1;
  unsigned reconnect_delay_max_seconds = 5;
  bool reconnect_exponential = false;
};

struct MqttPublisherStats {
  uint64_t published = 0;     // accepted by Publish()
  uint64_t acknowledged = 0;  // PUBACKs received (including refusals)
  uint64_t refused = 0;       // PUBACKs with a reason code ≥ 0x80 (e.g. 135: not authorized)
  uint64_t connects = 0;
  uint64_t reconnects = 0;
  bool connected = false;
  int last_connect_reason = -1;
  std::string last_error;
};

/// A QoS 1 publisher with a bounded number of unacknowledged messages. Publish() may be called
/// from one thread at a time.
class MqttPublisher {
 public:
  explicit MqttPublisher(MqttPublisherOptions options);
  ~MqttPublisher();
  MqttPublisher(const MqttPublisher&) = delete;
  MqttPublisher& operator=(const MqttPublisher&) = delete;

  /// Connects and starts the network thread; waits up to `timeout` for the broker's CONNACK.
  /// Fails (kUnavailable) when the broker cannot be reached or refuses us in that time.
  core::Result<void> Connect(std::chrono::milliseconds timeout);
  /// Sends one QoS 1 message with the user property "mac" (left out when `mac` is empty). Waits
  /// while max_in_flight messages are unacknowledged, up to `timeout`; meanwhile the library
  /// reconnects if the broker went away. Fails on timeout, after Disconnect(), or for a topic or
  /// payload the library rejects.
  core::Result<void> Publish(std::string_view topic, std::string_view payload,
                             std::string_view mac = {},
                             std::chrono::milliseconds timeout = std::chrono::seconds(30));
  /// True once every message accepted by Publish() so far is acknowledged.
  bool WaitUntilAllAcknowledged(std::chrono::milliseconds timeout);
  /// Disconnects cleanly and joins the network thread. Unacknowledged messages stay in the
  /// broker's session only if they reached it. Idempotent.
  void Disconnect();

  MqttPublisherStats Stats() const;

 private:
  static void OnConnect(mosquitto* m, void* self, int rc, int flags, const mqtt5__property* props);
  static void OnDisconnect(mosquitto* m, void* self, int rc, const mqtt5__property* props);
  static void OnPublish(mosquitto* m, void* self, int mid, int reason,
                        const mqtt5__property* props);

  MqttPublisherOptions options_;
  mosquitto* mosq_ = nullptr;  // owned
  bool started_ = false;       // guarded by lifecycle_mutex_
  std::mutex lifecycle_mutex_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t published_ = 0;        // guarded by mutex_
  uint64_t acknowledged_ = 0;     // guarded by mutex_
  uint64_t refused_ = 0;          // guarded by mutex_
  uint64_t connects_ = 0;         // guarded by mutex_
  bool connected_ = false;        // guarded by mutex_
  bool refused_connect_ = false;  // guarded by mutex_
  bool stopping_ = false;         // guarded by mutex_
  int last_connect_reason_ = -1;  // guarded by mutex_
  std::string last_error_;        // guarded by mutex_
};

}  // namespace watch

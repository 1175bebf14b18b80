// libmosquitto 2.0 behind MqttSubscriber and MqttPublisher (see mqtt_client.h for the PUBACK rule
// the subscriber's handler contract rests on).
#include "watch/mqtt_client.h"

#include <mosquitto.h>
#include <mqtt_protocol.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <exception>
#include <limits>
#include <mutex>
#include <utility>

namespace watch {
namespace {

using core::Error;
using core::Result;

// The library keeps process-wide state (the random source for client ids, OpenSSL); it is set up
// once and never torn down, since other threads may still hold clients at exit.
void InitLibraryOnce() {
  static std::once_flag once;
  std::call_once(once, [] { mosquitto_lib_init(); });
}

std::string LibraryError(std::string_view what, int rc) {
  std::string text(what);
  text += ": ";
  text += mosquitto_strerror(rc);
  return text;
}

// The first user property named "mac"; libmosquitto hands out copies that must be freed.
std::optional<std::string> ReadMac(const mosquitto_property* props) {
  std::optional<std::string> mac;
  bool skip_first = false;
  const mosquitto_property* p = props;
  while (p != nullptr) {
    char* name = nullptr;
    char* value = nullptr;
    p = mosquitto_property_read_string_pair(p, MQTT_PROP_USER_PROPERTY, &name, &value, skip_first);
    skip_first = true;
    if (p != nullptr && !mac && name != nullptr && std::string_view(name) == "mac") {
      mac.emplace(value != nullptr ? value : "");
    }
    std::free(name);
    std::free(value);
  }
  return mac;
}

struct Properties {
  mosquitto_property* list = nullptr;
  Properties() = default;
  Properties(const Properties&) = delete;
  Properties& operator=(const Properties&) = delete;
  ~Properties() { mosquitto_property_free_all(&list); }
};

Result<void> CheckEndpoint(const MqttEndpoint& e) {
  if (e.host.empty()) return Error::Invalid("host", "MQTT broker host is empty");
  if (e.port <= 0 || e.port > 65535) return Error::Invalid("port", "MQTT port out of range");
  if (e.client_id.empty() || e.client_id.size() > 65535) {
    return Error::Invalid("client_id", "MQTT client id is required for a persistent session");
  }
  if (e.keepalive_seconds < 5 || e.keepalive_seconds > 65535) {
    return Error::Invalid("keepalive_seconds", "MQTT keepalive must be 5..65535 s");
  }
  return core::Ok();
}

// Creates a v5 client with credentials and reconnect back-off; `self` is the callback userdata.
Result<mosquitto*> NewClient(const MqttEndpoint& e, bool clean_start, void* self,
                             unsigned delay_min, unsigned delay_max, bool exponential) {
  InitLibraryOnce();
  mosquitto* m = mosquitto_new(e.client_id.c_str(), clean_start, self);
  if (m == nullptr) return Error::Internal("mosquitto_new failed");
  int rc = mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5);
  if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_int_option(m, MOSQ_OPT_TCP_NODELAY, 1);
  if (rc == MOSQ_ERR_SUCCESS && !e.username.empty()) {
    rc = mosquitto_username_pw_set(m, e.username.c_str(), e.password.c_str());
  }
  if (rc == MOSQ_ERR_SUCCESS) {
    rc = mosquitto_reconnect_delay_set(m, std::max(1u, delay_min), std::max(delay_min, delay_max),
                                       exponential);
  }
  if (rc != MOSQ_ERR_SUCCESS) {
    mosquitto_destroy(m);
    return Error::Internal(LibraryError("configuring the MQTT client", rc));
  }
  return m;
}

// Sends CONNECT (session expiry as a property: the library keeps it for every reconnect) and
// starts the network thread. A broker that cannot be reached now is left to the thread's retries.
Result<void> ConnectAndLoop(mosquitto* m, const MqttEndpoint& e, uint32_t session_expiry) {
  Properties props;
  if (session_expiry > 0) {
    int rc = mosquitto_property_add_int32(&props.list, MQTT_PROP_SESSION_EXPIRY_INTERVAL,
                                          session_expiry);
    if (rc != MOSQ_ERR_SUCCESS) return Error::Internal(LibraryError("session expiry", rc));
  }
  int rc = mosquitto_connect_bind_v5(m, e.host.c_str(), e.port, e.keepalive_seconds, nullptr,
                                     props.list);
  if (rc != MOSQ_ERR_SUCCESS) {
    // Unreachable or not resolvable now (the broker may start after us): not fatal.
    if (rc == MOSQ_ERR_INVAL || rc == MOSQ_ERR_NOMEM) {
      return Error::Invalid("host", LibraryError("MQTT connect to " + e.host, rc));
    }
    spdlog::warn("mqtt: {}:{} not reachable yet ({}); retrying in the background", e.host, e.port,
                 mosquitto_strerror(rc));
  }
  rc = mosquitto_loop_start(m);
  if (rc != MOSQ_ERR_SUCCESS) return Error::Internal(LibraryError("mosquitto_loop_start", rc));
  return core::Ok();
}

int ClampInFlight(int n) { return std::clamp(n, 1, 65535); }

}  // namespace

core::Result<MqttEndpoint> ParseMqttUrl(std::string_view url) {
  constexpr std::string_view kScheme = "mqtt://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    return Error::Invalid("url", "MQTT URL must start with mqtt://");
  }
  std::string_view rest = url.substr(kScheme.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find('@') != std::string_view::npos) {
    return Error::Invalid("url", "MQTT URL must not carry credentials; use a password file");
  }
  if (rest.find('/') != std::string_view::npos || rest.empty()) {
    return Error::Invalid("url", "MQTT URL must be mqtt://host[:port]");
  }
  MqttEndpoint e;
  std::string_view host = rest;
  if (size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    std::string_view port = rest.substr(colon + 1);
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value <= 0 || value > 65535) {
      return Error::Invalid("url", "MQTT URL has a bad port");
    }
    e.port = value;
  }
  if (host.empty()) return Error::Invalid("url", "MQTT URL has no host");
  e.host = std::string(host);
  return e;
}

// ---------------------------------------------------------------------------------------------
// MqttSubscriber

MqttSubscriber::MqttSubscriber(MqttSubscriberOptions options, MqttMessageHandler handler)
    : options_(std::move(options)), handler_(std::move(handler)) {}

MqttSubscriber::~MqttSubscriber() {
  Stop();
  if (mosq_ != nullptr) mosquitto_destroy(mosq_);
}

core::Result<void> MqttSubscriber::Start() {
  std::lock_guard lifecycle(lifecycle_mutex_);
  if (started_ || mosq_ != nullptr) return Error::Internal("MqttSubscriber started twice");
  RETURN_IF_ERROR(CheckEndpoint(options_.endpoint));
  if (options_.topic_filter.empty() ||
      mosquitto_sub_topic_check(options_.topic_filter.c_str()) != MOSQ_ERR_SUCCESS) {
    return Error::Invalid("topic_filter", "invalid MQTT topic filter");
  }
  if (!handler_) return Error::Internal("MqttSubscriber needs a handler");

  ASSIGN_OR_RETURN(
      mosq_,
      NewClient(options_.endpoint, options_.clean_start, this, options_.reconnect_delay_min_seconds,
                options_.reconnect_delay_max_seconds, options_.reconnect_exponential));
  int rc = mosquitto_int_option(mosq_, MOSQ_OPT_RECEIVE_MAXIMUM,
                                ClampInFlight(options_.receive_maximum));
  if (rc != MOSQ_ERR_SUCCESS) return Error::Internal(LibraryError("receive maximum", rc));
  mosquitto_connect_v5_callback_set(mosq_, &MqttSubscriber::OnConnect);
  mosquitto_disconnect_v5_callback_set(mosq_, &MqttSubscriber::OnDisconnect);
  mosquitto_subscribe_v5_callback_set(mosq_, &MqttSubscriber::OnSubscribe);
  mosquitto_message_v5_callback_set(mosq_, &MqttSubscriber::OnMessage);

  RETURN_IF_ERROR(ConnectAndLoop(mosq_, options_.endpoint, options_.session_expiry_seconds));
  started_ = true;
  return core::Ok();
}

bool MqttSubscriber::WaitUntilSubscribed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(state_mutex_);
  state_changed_.wait_for(lock, timeout, [&] { return subscribed_ || refused_; });
  return subscribed_;
}

void MqttSubscriber::Stop() {
  std::lock_guard lifecycle(lifecycle_mutex_);
  if (!started_) return;
  started_ = false;
  // Sets the client to "disconnecting" even while it waits to reconnect, so the thread ends.
  mosquitto_disconnect_v5(mosq_, MQTT_RC_NORMAL_DISCONNECTION, nullptr);
  mosquitto_loop_stop(mosq_, false);
  std::lock_guard lock(state_mutex_);
  connected_ = false;
  subscribed_ = false;
}

MqttSubscriberStats MqttSubscriber::Stats() const {
  MqttSubscriberStats s;
  s.received = received_.load();
  s.redelivery_requests = redelivery_requests_.load();
  s.handler_errors = handler_errors_.load();
  s.skipped = skipped_.load();
  s.connects = connects_.load();
  s.reconnects = s.connects > 0 ? s.connects - 1 : 0;
  s.sessions_lost = sessions_lost_.load();
  std::lock_guard lock(state_mutex_);
  s.connected = connected_;
  s.subscribed = subscribed_;
  s.session_present = session_present_;
  s.last_connect_reason = last_connect_reason_;
  s.last_error = last_error_;
  return s;
}

void MqttSubscriber::SetError(std::string error) {
  std::lock_guard lock(state_mutex_);
  last_error_ = std::move(error);
}

void MqttSubscriber::OnConnect(mosquitto* m, void* obj, int rc, int flags,
                               const mosquitto_property*) {
  auto* self = static_cast<MqttSubscriber*>(obj);
  const auto& e = self->options_.endpoint;
  {
    std::lock_guard lock(self->state_mutex_);
    self->last_connect_reason_ = rc;
    self->refused_ = rc != MQTT_RC_SUCCESS;
    self->connected_ = rc == MQTT_RC_SUCCESS;
    self->subscribed_ = false;
  }
  if (rc != MQTT_RC_SUCCESS) {
    spdlog::warn("mqtt: {}:{} refused {} as {}: {}", e.host, e.port, e.client_id, e.username,
                 mosquitto_reason_string(rc));
    self->SetError(std::string("connection refused: ") + mosquitto_reason_string(rc));
    self->state_changed_.notify_all();
    return;
  }
  self->dropping_connection_ = false;
  const bool session_present = (flags & 1) != 0;
  {
    std::lock_guard lock(self->state_mutex_);
    self->session_present_ = session_present;
  }
  const uint64_t connects = ++self->connects_;
  if (connects > 1 && !self->options_.clean_start && !session_present) {
    // The broker lost our session (expired, or restarted without persistence): anything
    // published while we were away is gone. Nothing to do but say so loudly.
    ++self->sessions_lost_;
    spdlog::error(
        "mqtt: broker {}:{} no longer had session {}; messages sent while it was "
        "disconnected may be lost",
        e.host, e.port, e.client_id);
  }
  spdlog::info("mqtt: connected to {}:{} as {} (session {})", e.host, e.port, e.client_id,
               session_present ? "resumed" : "new");
  // Subscribing again on a resumed session is harmless and repairs one the broker lost.
  int sub = mosquitto_subscribe_v5(m, nullptr, self->options_.topic_filter.c_str(), 1, 0, nullptr);
  if (sub != MOSQ_ERR_SUCCESS) {
    self->SetError(LibraryError("subscribe", sub));
    spdlog::error("mqtt: subscribe to {} failed: {}", self->options_.topic_filter,
                  mosquitto_strerror(sub));
  }
  self->state_changed_.notify_all();
}

void MqttSubscriber::OnDisconnect(mosquitto*, void* obj, int rc, const mosquitto_property*) {
  auto* self = static_cast<MqttSubscriber*>(obj);
  {
    std::lock_guard lock(self->state_mutex_);
    self->connected_ = false;
    self->subscribed_ = false;
  }
  if (rc != MOSQ_ERR_SUCCESS) {
    // rc is a library error here (connection lost …), or a broker's DISCONNECT reason code.
    const auto& e = self->options_.endpoint;
    spdlog::warn("mqtt: disconnected from {}:{} ({}); reconnecting", e.host, e.port,
                 rc < 128 ? mosquitto_strerror(rc) : mosquitto_reason_string(rc));
    self->SetError(std::string("disconnected: ") +
                   (rc < 128 ? mosquitto_strerror(rc) : mosquitto_reason_string(rc)));
  }
  self->state_changed_.notify_all();
}

void MqttSubscriber::OnSubscribe(mosquitto*, void* obj, int, int count, const int* granted,
                                 const mosquitto_property*) {
  auto* self = static_cast<MqttSubscriber*>(obj);
  const bool ok = count >= 1 && granted != nullptr && granted[0] < 0x80;
  {
    std::lock_guard lock(self->state_mutex_);
    self->subscribed_ = ok;
    if (!ok) {
      self->last_error_ = "subscription refused: " +
                          std::string(count >= 1 && granted ? mosquitto_reason_string(granted[0])
                                                            : "no reason code");
    }
  }
  if (!ok) spdlog::error("mqtt: subscription to {} refused", self->options_.topic_filter);
  self->state_changed_.notify_all();
}

void MqttSubscriber::OnMessage(mosquitto* m, void* obj, const mosquitto_message* message,
                               const mosquitto_property* props) {
  auto* self = static_cast<MqttSubscriber*>(obj);
  if (self->dropping_connection_) {
    ++self->skipped_;  // its PUBACK cannot leave any more; the broker delivers it again
    return;
  }
  ++self->received_;
  MqttMessage msg;
  msg.topic = message->topic != nullptr ? std::string_view(message->topic) : std::string_view();
  msg.payload = std::string_view(static_cast<const char*>(message->payload),
                                 message->payloadlen > 0 ? size_t(message->payloadlen) : 0);
  msg.mac = ReadMac(props);
  msg.retained = message->retain;

  MqttDisposition disposition = MqttDisposition::kRedeliver;
  try {
    disposition = self->handler_(msg);
  } catch (const std::exception& ex) {
    ++self->handler_errors_;
    spdlog::error("mqtt: message handler failed on {}: {}", msg.topic, ex.what());
  } catch (...) {
    ++self->handler_errors_;
    spdlog::error("mqtt: message handler failed on {}", msg.topic);
  }
  if (disposition == MqttDisposition::kRedeliver) {
    ++self->redelivery_requests_;
    // The PUBACK for this message is queued but not yet written (the network thread writes after
    // this callback returns). Shutting the socket down now keeps it from ever leaving; the
    // library then sees the connection fail and reconnects with back-off, and the broker sends
    // the message again from the session.
    self->dropping_connection_ = true;
    int fd = mosquitto_socket(m);
    if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
  }
}

// ---------------------------------------------------------------------------------------------
// MqttPublisher

MqttPublisher::MqttPublisher(MqttPublisherOptions options) : options_(std::move(options)) {}

MqttPublisher::~MqttPublisher() {
  Disconnect();
  if (mosq_ != nullptr) mosquitto_destroy(mosq_);
}

core::Result<void> MqttPublisher::Connect(std::chrono::milliseconds timeout) {
  {
    std::lock_guard lifecycle(lifecycle_mutex_);
    if (started_ || mosq_ != nullptr) return Error::Internal("MqttPublisher connected twice");
    RETURN_IF_ERROR(CheckEndpoint(options_.endpoint));
    ASSIGN_OR_RETURN(
        mosq_, NewClient(options_.endpoint, options_.clean_start, this,
                         options_.reconnect_delay_min_seconds, options_.reconnect_delay_max_seconds,
                         options_.reconnect_exponential));
    int rc =
        mosquitto_int_option(mosq_, MOSQ_OPT_SEND_MAXIMUM, ClampInFlight(options_.max_in_flight));
    if (rc != MOSQ_ERR_SUCCESS) return Error::Internal(LibraryError("send maximum", rc));
    mosquitto_connect_v5_callback_set(mosq_, &MqttPublisher::OnConnect);
    mosquitto_disconnect_v5_callback_set(mosq_, &MqttPublisher::OnDisconnect);
    mosquitto_publish_v5_callback_set(mosq_, &MqttPublisher::OnPublish);
    RETURN_IF_ERROR(ConnectAndLoop(mosq_, options_.endpoint, options_.session_expiry_seconds));
    started_ = true;
  }
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return connected_ || refused_connect_; });
  if (connected_) return core::Ok();
  std::string why = last_error_.empty() ? "no answer" : last_error_;
  lock.unlock();
  Disconnect();
  return Error::Unavailable("MQTT broker " + options_.endpoint.host + ":" +
                            std::to_string(options_.endpoint.port) + ": " + why);
}

core::Result<void> MqttPublisher::Publish(std::string_view topic, std::string_view payload,
                                          std::string_view mac, std::chrono::milliseconds timeout) {
  if (payload.size() > size_t(std::numeric_limits<int>::max())) {
    return Error::Make(core::ErrorCode::kTooLarge, "MQTT payload too large");
  }
  Properties props;
  if (!mac.empty()) {
    int rc = mosquitto_property_add_string_pair(&props.list, MQTT_PROP_USER_PROPERTY, "mac",
                                                std::string(mac).c_str());
    if (rc != MOSQ_ERR_SUCCESS) return Error::Invalid("mac", LibraryError("user property", rc));
  }
  const std::string topic_z(topic);
  {
    std::unique_lock lock(mutex_);
    const uint64_t limit = uint64_t(ClampInFlight(options_.max_in_flight));
    if (!changed_.wait_for(lock, timeout,
                           [&] { return stopping_ || published_ - acknowledged_ < limit; })) {
      return Error::Unavailable("MQTT publish timed out waiting for acknowledgements");
    }
    if (stopping_ || mosq_ == nullptr) return Error::Unavailable("MQTT publisher disconnected");
    // Counted before the call: the PUBACK may arrive (on the network thread) before it returns.
    ++published_;
  }
  int rc = mosquitto_publish_v5(mosq_, nullptr, topic_z.c_str(), int(payload.size()),
                                payload.data(), 1, false, props.list);
  // While the broker is away the library queues the message and sends it after reconnecting.
  if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN) {
    std::lock_guard lock(mutex_);
    --published_;
    changed_.notify_all();
    if (rc == MOSQ_ERR_INVAL || rc == MOSQ_ERR_PAYLOAD_SIZE || rc == MOSQ_ERR_MALFORMED_UTF8 ||
        rc == MOSQ_ERR_OVERSIZE_PACKET || rc == MOSQ_ERR_QOS_NOT_SUPPORTED) {
      return Error::Invalid("topic", LibraryError("MQTT publish", rc));
    }
    return Error::Unavailable(LibraryError("MQTT publish", rc));
  }
  return core::Ok();
}

bool MqttPublisher::WaitUntilAllAcknowledged(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return acknowledged_ >= published_; });
}

void MqttPublisher::Disconnect() {
  std::lock_guard lifecycle(lifecycle_mutex_);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (!started_) return;
  started_ = false;
  mosquitto_disconnect_v5(mosq_, MQTT_RC_NORMAL_DISCONNECTION, nullptr);
  mosquitto_loop_stop(mosq_, false);
  std::lock_guard lock(mutex_);
  connected_ = false;
}

MqttPublisherStats MqttPublisher::Stats() const {
  std::lock_guard lock(mutex_);
  MqttPublisherStats s;
  s.published = published_;
  s.acknowledged = acknowledged_;
  s.refused = refused_;
  s.connects = connects_;
  s.reconnects = connects_ > 0 ? connects_ - 1 : 0;
  s.connected = connected_;
  s.last_connect_reason = last_connect_reason_;
  s.last_error = last_error_;
  return s;
}

void MqttPublisher::OnConnect(mosquitto*, void* obj, int rc, int, const mosquitto_property*) {
  auto* self = static_cast<MqttPublisher*>(obj);
  {
    std::lock_guard lock(self->mutex_);
    self->last_connect_reason_ = rc;
    self->connected_ = rc == MQTT_RC_SUCCESS;
    self->refused_connect_ = rc != MQTT_RC_SUCCESS;
    if (rc == MQTT_RC_SUCCESS) {
      ++self->connects_;
    } else {
      self->last_error_ = std::string("connection refused: ") + mosquitto_reason_string(rc);
    }
  }
  self->changed_.notify_all();
}

void MqttPublisher::OnDisconnect(mosquitto*, void* obj, int rc, const mosquitto_property*) {
  auto* self = static_cast<MqttPublisher*>(obj);
  {
    std::lock_guard lock(self->mutex_);
    self->connected_ = false;
    if (rc != MOSQ_ERR_SUCCESS) {
      self->last_error_ = std::string("disconnected: ") +
                          (rc < 128 ? mosquitto_strerror(rc) : mosquitto_reason_string(rc));
    }
  }
  self->changed_.notify_all();
}

void MqttPublisher::OnPublish(mosquitto*, void* obj, int, int reason, const mosquitto_property*) {
  auto* self = static_cast<MqttPublisher*>(obj);
  {
    std::lock_guard lock(self->mutex_);
    ++self->acknowledged_;
    if (reason >= 0x80) ++self->refused_;
  }
  self->changed_.notify_all();
}

}  // namespace watch

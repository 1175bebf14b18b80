// The MQTT way in: a persistent-session subscriber on tsunagari/v1/<network>/+/events/# whose
// handler hands each message to the Ingester and returns only after it committed (the PUBACK
// leaves after the handler returns, see mqtt_client.h), so no acknowledged event is ever lost.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "watch/ingester.h"
#include "watch/mqtt_client.h"

namespace watch {

struct MqttIngestOptions {
  MqttEndpoint endpoint;  // client_id names the persistent session
  std::string network;    // the topic's <network> level
};

struct EventTopic {
  std::string device;
  std::string mac;  // MQTT 3.1.1 clients: the signature as the last level; "" otherwise
};

/// `tsunagari/v1/<network>/<device>/events` (MQTT 5: the signature is a user property) or
/// `tsunagari/v1/<network>/<device>/events/<64 hex mac>` (MQTT 3.1.1, which has no user
/// properties); nullopt when the topic is not one of ours for `network`.
std::optional<EventTopic> ParseEventTopic(std::string_view topic, std::string_view network);

class MqttIngest {
 public:
  MqttIngest(MqttIngestOptions options, Ingester& ingester);
  ~MqttIngest();
  core::Result<void> Start();
  void Stop();
  MqttSubscriberStats Stats() const;
  uint64_t wrong_topic() const { return wrong_topic_.load(); }

 private:
  MqttDisposition Handle(const MqttMessage& m);

  MqttIngestOptions options_;
  Ingester& ingester_;
  std::unique_ptr<MqttSubscriber> subscriber_;
  std::atomic<uint64_t> wrong_topic_{0};
};

}  // namespace watch

#include "watch/mqtt_ingest.h"

#include <spdlog/spdlog.h>

namespace watch {

std::optional<EventTopic> ParseEventTopic(std::string_view topic, std::string_view network) {
  constexpr std::string_view kPrefix = "tsunagari/v1/";
  constexpr std::string_view kEvents = "/events";
  if (!topic.starts_with(kPrefix)) return std::nullopt;
  topic.remove_prefix(kPrefix.size());
  if (!topic.starts_with(network) || topic.substr(network.size(), 1) != "/") return std::nullopt;
  topic.remove_prefix(network.size() + 1);
  const size_t events = topic.find(kEvents);
  if (events == std::string_view::npos) return std::nullopt;
  EventTopic out;
  const std::string_view device = topic.substr(0, events);
  if (!IsValidDeviceId(device)) return std::nullopt;
  out.device = std::string(device);
  std::string_view rest = topic.substr(events + kEvents.size());
  if (rest.empty()) return out;
  // MQTT 3.1.1 has no user properties: the signature comes as one more topic level.
  if (!rest.starts_with('/')) return std::nullopt;
  rest.remove_prefix(1);
  if (rest.size() != 64 || rest.find_first_not_of("0123456789abcdefABCDEF") != rest.npos) {
    return std::nullopt;
  }
  out.mac = std::string(rest);
  return out;
}

MqttIngest::MqttIngest(MqttIngestOptions options, Ingester& ingester)
    : options_(std::move(options)), ingester_(ingester) {}

MqttIngest::~MqttIngest() { Stop(); }

core::Result<void> MqttIngest::Start() {
  MqttSubscriberOptions so;
  so.endpoint = options_.endpoint;
  // "events/#" matches ".../events" itself (MQTT 5, the signature in a user property) and
  // ".../events/<mac>" (MQTT 3.1.1).
  so.topic_filter = "tsunagari/v1/" + options_.network + "/+/events/#";
  subscriber_ =
      std::make_unique<MqttSubscriber>(so, [this](const MqttMessage& m) { return Handle(m); });
  return subscriber_->Start();
}

void MqttIngest::Stop() {
  if (subscriber_) subscriber_->Stop();
}

MqttSubscriberStats MqttIngest::Stats() const {
  return subscriber_ ? subscriber_->Stats() : MqttSubscriberStats{};
}

MqttDisposition MqttIngest::Handle(const MqttMessage& m) {
  auto topic = ParseEventTopic(m.topic, options_.network);
  if (!topic) {
    ++wrong_topic_;
    return MqttDisposition::kAcknowledge;  // not ours: keeping it would only block the session
  }
  // The user property wins when a client sends both.
  auto report = ingester_.Ingest(topic->device, m.payload, m.mac.value_or(topic->mac));
  if (!report.ok()) {
    spdlog::warn("watch: a sensor message could not be stored, the broker will resend it: {}",
                 report.error().message);
    return MqttDisposition::kRedeliver;
  }
  return MqttDisposition::kAcknowledge;
}

}  // namespace watch

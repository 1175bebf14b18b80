#include "watch/mqtt_ingest.h"

#include <spdlog/spdlog.h>

namespace watch {

std::string DeviceOfTopic(std::string_view topic, std::string_view network) {
  constexpr std::string_view kPrefix = "tsunagari/v1/";
  constexpr std::string_view kSuffix = "/events";
  if (!topic.starts_with(kPrefix) || !topic.ends_with(kSuffix)) return {};
  topic.remove_prefix(kPrefix.size());
  topic.remove_suffix(kSuffix.size());
  auto slash = topic.find('/');
  if (slash == std::string_view::npos || topic.substr(0, slash) != network) return {};
  std::string_view device = topic.substr(slash + 1);
  if (!IsValidDeviceId(device)) return {};
  return std::string(device);
}

MqttIngest::MqttIngest(MqttIngestOptions options, Ingester& ingester)
    : options_(std::move(options)), ingester_(ingester) {}

MqttIngest::~MqttIngest() { Stop(); }

core::Result<void> MqttIngest::Start() {
  MqttSubscriberOptions so;
  so.endpoint = options_.endpoint;
  so.topic_filter = "tsunagari/v1/" + options_.network + "/+/events";
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
  std::string device = DeviceOfTopic(m.topic, options_.network);
  if (device.empty()) {
    ++wrong_topic_;
    return MqttDisposition::kAcknowledge;  // not ours: keeping it would only block the session
  }
  auto report = ingester_.Ingest(device, m.payload, m.mac.value_or(""));
  if (!report.ok()) {
    spdlog::warn("watch: a sensor message could not be stored, the broker will resend it: {}",
                 report.error().message);
    return MqttDisposition::kRedeliver;
  }
  return MqttDisposition::kAcknowledge;
}

}  // namespace watch

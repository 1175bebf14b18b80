// Signed simulator payloads and their MQTT and HTTP senders (see sim_sender.h).
#include "watch/sim_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "watch/device_mac.h"
#include "watch/local_time.h"

namespace watch {
namespace {

using core::Error;
namespace json = boost::json;

void AppendInt(std::string& out, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

// Shortest fixed notation: never an exponent, which some device-side parsers trip over.
void AppendNumber(std::string& out, double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  out.append(buf, end);
}

void Append2(std::string& out, int v) {
  out += char('0' + v / 10);
  out += char('0' + v % 10);
}

// "2026-07-01T14:05:00.250+09:00": local (JST) wall time with its offset, as a gateway with a
// local clock would write it.
void AppendRfc3339Local(std::string& out, int64_t ts_ms) {
  const int64_t local = ts_ms + kJstOffsetMs;
  const int64_t days = FloorDiv(local, kDayMs);
  const int64_t ms_of_day = local - days * kDayMs;
  // H. Hinnant's civil_from_days.
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = int(doy - (153 * mp + 2) / 5 + 1);
  const int month = int(mp < 10 ? mp + 3 : mp - 9);
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  AppendInt(out, year);
  out += '-';
  Append2(out, month);
  out += '-';
  Append2(out, day);
  out += 'T';
  Append2(out, int(ms_of_day / kHourMs));
  out += ':';
  Append2(out, int(ms_of_day / kMinuteMs % 60));
  out += ':';
  Append2(out, int(ms_of_day / 1000 % 60));
  out += '.';
  const int ms = int(ms_of_day % 1000);
  out += char('0' + ms / 100);
  Append2(out, ms % 100);
  out += "+09:00";
}

class PayloadBuilder {
 public:
  PayloadBuilder(std::string signer, const DeviceSecret& secret, bool with_device, bool rfc3339,
                 bool single_allowed, const PayloadLimits& limits,
                 std::vector<OutgoingPayload>& out)
      : signer_(std::move(signer)),
        secret_(secret),
        with_device_(with_device),
        rfc3339_(rfc3339),
        single_allowed_(single_allowed),
        limits_(limits),
        out_(out) {}

  core::Result<void> Add(const SensorEvent& e) {
    item_.clear();
    AppendEventJson(item_, e, with_device_, rfc3339_);
    constexpr size_t kFrame = sizeof("{\"events\":[]}") - 1;
    if (kFrame + item_.size() > limits_.max_bytes) {
      return Error::Invalid("events", "one event is larger than the payload limit");
    }
    if (count_ == limits_.max_events ||
        (count_ > 0 && body_.size() + 1 + item_.size() + 2 > limits_.max_bytes)) {
      Close();
    }
    if (count_ == 0) {
      body_ = "{\"events\":[";
      first_item_begin_ = body_.size();
    } else {
      body_ += ',';
    }
    body_ += item_;
    ++count_;
    return core::Ok();
  }

  void Close() {
    if (count_ == 0) return;
    OutgoingPayload p;
    p.signer = signer_;
    p.events = count_;
    if (count_ == 1 && single_allowed_) {
      p.body = body_.substr(first_item_begin_);  // the lone event object itself
    } else {
      body_ += "]}";
      p.body = std::move(body_);
    }
    p.mac = ComputeMac(secret_, p.body);
    out_.push_back(std::move(p));
    body_.clear();
    count_ = 0;
  }

 private:
  std::string signer_;
  const DeviceSecret& secret_;
  bool with_device_, rfc3339_, single_allowed_;
  PayloadLimits limits_;
  std::vector<OutgoingPayload>& out_;
  std::string body_, item_;
  size_t first_item_begin_ = 0;
  size_t count_ = 0;
};

std::once_flag curl_once;

size_t CollectBody(char* data, size_t size, size_t count, void* user) noexcept {
  auto* body = static_cast<std::string*>(user);
  const size_t n = size * count;
  // Only the JSON report is wanted; a huge answer is cut rather than held.
  if (body->size() < 1024 * 1024) body->append(data, std::min(n, 1024 * 1024 - body->size()));
  return n;
}

class MqttSender final : public PayloadSender {
 public:
  MqttSender(MqttSenderOptions options)
      : options_(std::move(options)), publisher_([&] {
          MqttPublisherOptions o;
          o.endpoint = options_.endpoint;
          o.max_in_flight = options_.max_in_flight;
          return o;
        }()) {}

  core::Result<void> Connect() { return publisher_.Connect(options_.connect_timeout); }

  core::Result<SendOutcome> Send(const OutgoingPayload& p) override {
    auto published = publisher_.Publish(MqttEventsTopic(options_.network, p.signer), p.body, p.mac,
                                        options_.publish_timeout);
    if (!published.ok()) return published.error();
    ++counts_.payloads_sent;
    counts_.events_sent += p.events;
    return SendOutcome{};
  }

  core::Result<void> Finish(std::chrono::milliseconds timeout) override {
    const bool all = publisher_.WaitUntilAllAcknowledged(timeout);
    MqttPublisherStats stats = publisher_.Stats();
    publisher_.Disconnect();
    if (!all) {
      return Error::Unavailable("MQTT: " + std::to_string(stats.published - stats.acknowledged) +
                                " messages not acknowledged by the broker");
    }
    return core::Ok();
  }

  SendCounts Counts() const override {
    SendCounts c = counts_;
    // The broker refuses whole messages (e.g. 135 not authorized for the topic); which events
    // they held is not reported back, so only payloads are counted.
    c.payloads_rejected = publisher_.Stats().refused;
    return c;
  }

 private:
  MqttSenderOptions options_;
  MqttPublisher publisher_;
  SendCounts counts_;
};

class HttpSender final : public PayloadSender {
 public:
  explicit HttpSender(HttpSenderOptions options) : options_(std::move(options)) {
    std::string base = options_.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    url_ = base + "/api/v1/watch/events";
  }
  ~HttpSender() override {
    if (curl_) curl_easy_cleanup(curl_);
  }

  core::Result<void> Init() {
    std::call_once(curl_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl_ = curl_easy_init();
    if (!curl_) return Error::Unavailable("HTTP: libcurl could not start");
    curl_easy_setopt(curl_, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, options_.connect_timeout_seconds);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT, options_.request_timeout_seconds);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &CollectBody);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response_);
    return core::Ok();
  }

  core::Result<SendOutcome> Send(const OutgoingPayload& p) override {
    const std::string auth = "Authorization: TsunagariDevice " + p.signer + ":" + p.mac;
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(headers, auth.c_str());
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> guard(headers,
                                                                      &curl_slist_free_all);
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, p.body.data());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(p.body.size()));

    const auto deadline = std::chrono::steady_clock::now() + options_.retry_for;
    std::chrono::milliseconds backoff(250);
    for (int attempt = 0;; ++attempt) {
      if (attempt > 0) ++counts_.retries;
      response_.clear();
      const CURLcode rc = curl_easy_perform(curl_);
      long status = 0;
      std::string problem;
      if (rc == CURLE_OK) {
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
        ++counts_.http_status[int(status)];
        if (status >= 200 && status < 300) {
          ++counts_.payloads_sent;
          counts_.events_sent += p.events;
          ReadReport(p, /*whole_rejected=*/false);
          return SendOutcome{true, int(status)};
        }
        if (status != 408 && status != 429 && status < 500) {
          ++counts_.payloads_rejected;
          ReadReport(p, /*whole_rejected=*/true);
          return SendOutcome{false, int(status)};
        }
        problem = "HTTP " + std::to_string(status);
        curl_off_t retry_after = 0;
        if (curl_easy_getinfo(curl_, CURLINFO_RETRY_AFTER, &retry_after) == CURLE_OK &&
            retry_after > 0) {
          backoff = std::max(backoff, std::chrono::milliseconds(retry_after * 1000));
        }
      } else {
        problem = curl_easy_strerror(rc);
      }
      if (std::chrono::steady_clock::now() + backoff > deadline) {
        return Error::Unavailable("HTTP " + url_ + ": " + problem);
      }
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(10'000));
    }
  }

  core::Result<void> Finish(std::chrono::milliseconds) override { return core::Ok(); }
  SendCounts Counts() const override { return counts_; }

 private:
  // The server's answer: {"accepted": n, "duplicates": n, "rejected": [{"index": i,
  // "reason": "code"}]} (index -1: the whole payload). Anything else counts as a refusal of all
  // events (4xx) or as sent without details (2xx).
  void ReadReport(const OutgoingPayload& p, bool whole_rejected) {
    boost::system::error_code ec;
    json::value v = json::parse(response_, ec);
    const json::object* o = ec ? nullptr : v.if_object();
    if (whole_rejected) counts_.events_rejected += p.events;
    if (o == nullptr) {
      if (whole_rejected) ++counts_.rejected_by_reason["http_" + std::to_string(LastStatus())];
      return;
    }
    if (const auto* a = o->if_contains("accepted"); a && a->is_int64()) {
      counts_.events_accepted += uint64_t(std::max<int64_t>(0, a->get_int64()));
    }
    if (const auto* d = o->if_contains("duplicates"); d && d->is_int64()) {
      counts_.events_duplicate += uint64_t(std::max<int64_t>(0, d->get_int64()));
    }
    bool any_reason = false;
    if (const auto* r = o->if_contains("rejected"); r && r->is_array()) {
      for (const json::value& item : r->get_array()) {
        const json::object* rej = item.if_object();
        if (!rej) continue;
        const json::value* reason = rej->if_contains("reason");
        const json::value* index = rej->if_contains("index");
        if (reason && reason->is_string()) {
          ++counts_.rejected_by_reason[std::string(reason->get_string())];
          any_reason = true;
        }
        // Single events refused inside an accepted payload.
        if (!whole_rejected && index && index->is_int64() && index->get_int64() >= 0) {
          ++counts_.events_rejected;
        }
      }
    }
    if (whole_rejected && !any_reason) {
      ++counts_.rejected_by_reason["http_" + std::to_string(LastStatus())];
    }
  }

  long LastStatus() const {
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    return status;
  }

  HttpSenderOptions options_;
  std::string url_;
  CURL* curl_ = nullptr;  // owned; one handle keeps the connection alive between requests
  std::string response_;
  SendCounts counts_;
};

}  // namespace

void AppendEventJson(std::string& out, const SensorEvent& e, bool with_device, bool rfc3339_ts) {
  out += '{';
  if (with_device) {
    out += "\"device\":\"";
    out += e.device;  // [A-Za-z0-9_-] only: nothing to escape
    out += "\",";
  }
  out += "\"seq\":";
  AppendInt(out, e.seq);
  out += ",\"ts\":";
  if (rfc3339_ts) {
    out += '"';
    AppendRfc3339Local(out, e.ts_ms);
    out += '"';
  } else {
    AppendInt(out, e.ts_ms);
  }
  out += ",\"type\":\"";
  out += EventTypeName(e.type);
  out += '"';
  if (e.temperature_c) {
    out += ",\"temperature_c\":";
    AppendNumber(out, *e.temperature_c);
  }
  if (e.humidity_pct) {
    out += ",\"humidity_pct\":";
    AppendNumber(out, *e.humidity_pct);
  }
  if (e.battery_pct) {
    out += ",\"battery_pct\":";
    AppendInt(out, *e.battery_pct);
  }
  out += '}';
}

std::string MqttEventsTopic(std::string_view network, std::string_view device) {
  std::string topic = "tsunagari/v1/";
  topic += network;
  topic += '/';
  topic += device;
  topic += "/events";
  return topic;
}

core::Result<std::vector<OutgoingPayload>> BuildPayloads(const FleetHome& home,
                                                         std::span<const SensorEvent> events,
                                                         Transport transport,
                                                         const PayloadLimits& limits) {
  std::vector<OutgoingPayload> out;
  if (limits.max_events == 0) return Error::Invalid("max_events", "must be at least 1");
  std::unordered_map<std::string_view, const FleetDevice*> devices;
  for (const FleetDevice& d : home.devices) devices.emplace(d.id, &d);
  auto unknown = [&](const SensorEvent& e) {
    return Error::Invalid("events", home.label + ": event of a device the home does not have");
  };

  if (home.gateway) {
    PayloadBuilder batch(home.gateway->id, home.gateway->secret, /*with_device=*/true,
                         /*rfc3339=*/true, /*single_allowed=*/false, limits, out);
    for (const SensorEvent& e : events) {
      if (e.device != home.gateway->id && !devices.contains(e.device)) return unknown(e);
      RETURN_IF_ERROR(batch.Add(e));
    }
    batch.Close();
    return out;
  }

  // Per device, in the order devices first appear; each device's events keep their order.
  std::vector<std::pair<const FleetDevice*, std::vector<const SensorEvent*>>> groups;
  std::unordered_map<std::string_view, size_t> group_of;
  for (const SensorEvent& e : events) {
    auto d = devices.find(e.device);
    if (d == devices.end()) return unknown(e);
    auto [it, inserted] = group_of.emplace(d->first, groups.size());
    if (inserted) groups.push_back({d->second, {}});
    groups[it->second].second.push_back(&e);
  }
  for (const auto& [device, list] : groups) {
    PayloadBuilder batch(device->id, device->secret, /*with_device=*/false, /*rfc3339=*/false,
                         /*single_allowed=*/transport == Transport::kMqtt, limits, out);
    for (const SensorEvent* e : list) RETURN_IF_ERROR(batch.Add(*e));
    batch.Close();
  }
  return out;
}

core::Result<OutgoingPayload> EmptyBatch(const FleetHome& home) {
  OutgoingPayload p;
  p.body = "{\"events\":[]}";
  if (home.gateway) {
    p.signer = home.gateway->id;
    p.mac = ComputeMac(home.gateway->secret, p.body);
  } else if (!home.devices.empty()) {
    p.signer = home.devices.front().id;
    p.mac = ComputeMac(home.devices.front().secret, p.body);
  } else {
    return Error::Invalid("devices", home.label + ": no device to sign with");
  }
  return p;
}

core::Result<std::unique_ptr<PayloadSender>> ConnectMqttSender(MqttSenderOptions options) {
  auto sender = std::make_unique<MqttSender>(std::move(options));
  RETURN_IF_ERROR(sender->Connect());
  return std::unique_ptr<PayloadSender>(std::move(sender));
}

core::Result<std::unique_ptr<PayloadSender>> MakeHttpSender(HttpSenderOptions options) {
  if (options.base_url.rfind("http://", 0) != 0 && options.base_url.rfind("https://", 0) != 0) {
    return Error::Invalid("http", "http:// または https:// のURLを指定してください (http(s) URL)");
  }
  auto sender = std::make_unique<HttpSender>(std::move(options));
  RETURN_IF_ERROR(sender->Init());
  return std::unique_ptr<PayloadSender>(std::move(sender));
}

}  // namespace watch

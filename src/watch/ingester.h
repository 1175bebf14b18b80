// The watch ingester: one signed payload in (from MQTT or HTTP), its accepted events stored
// idempotently, every rejection counted by reason. Both ways in share it, so a device gets the
// same answer whichever way it sends.
//
// The sender (the MQTT topic's device, or the device named in the Authorization header) must be a
// registered device that is not removed, and the MAC must be HMAC-SHA256 of the payload under its
// secret; otherwise the whole payload is rejected (unknown_device, bad_signature). Each event is
// then checked against the registry: an event for another device is accepted only from that
// device's gateway (foreign_device); events dated more than kMaxClockSkewMs ahead of our clock
// (future_ts) or before the device was installed (before_install) are rejected.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/tokens.h"
#include "core/clock.h"
#include "core/result.h"
#include "db/database.h"
#include "watch/device_mac.h"
#include "watch/ingest_store.h"
#include "watch/sensor_event.h"

namespace watch {

/// Reasons the ingester adds to the parser's (RejectReason); printable codes, part of the device
/// contract (docs/watch-ingestion.md).
enum class IngestReason : uint8_t {
  kUnknownDevice,
  kBadSignature,
  kForeignDevice,
  kFutureTs,
  kBeforeInstall,
};
std::string_view IngestReasonCode(IngestReason r);

inline constexpr int64_t kMaxClockSkewMs = 10 * 60 * 1000;

struct IngestRejection {
  int index = -1;  // position in the payload's events, -1 for the whole payload
  std::string code;
};

struct IngestReport {
  int accepted = 0;    // new events stored
  int duplicates = 0;  // already stored before (same device and seq)
  std::vector<IngestRejection> rejections;
  bool whole_rejected = false;
  /// The people whose data changed, for the rules to look at again.
  std::vector<std::string> persons;
};

struct IngestCounters {
  uint64_t payloads = 0;
  uint64_t accepted = 0;
  uint64_t duplicates = 0;
  std::vector<std::pair<std::string, uint64_t>> rejected;  // by reason code, every reason listed
};

class Ingester {
 public:
  /// Called after a payload's events were committed, with the persons whose data changed.
  using Observer = std::function<void(const std::vector<std::string>& persons)>;

  Ingester(db::Database& db, const core::Clock& clock, const auth::SecretBox& secrets);

  void SetObserver(Observer observer) { observer_ = std::move(observer); }

  /// Checks and stores one payload. An error means nothing was stored and the sender should try
  /// again (database unavailable: MQTT redelivers, HTTP answers 503); rejections are not errors.
  core::Result<IngestReport> Ingest(std::string_view sender, std::string_view payload,
                                    std::string_view mac_hex);

  /// Forgets what is cached about a device (its registry entry changed).
  void Forget(const std::string& device_id);

  IngestCounters Counters() const;

 private:
  struct CachedDevice {
    ingest::DeviceAuth auth;
    DeviceSecret secret{};
    int64_t loaded_at = 0;
    bool exists = false;
  };
  core::Result<CachedDevice> Device(db::Connection& c, const std::string& id, int64_t now);
  void CountWhole(IngestReport& report, std::string code);

  db::Database& db_;
  const core::Clock& clock_;
  const auth::SecretBox& secrets_;
  Observer observer_;

  mutable std::mutex mu_;
  std::unordered_map<std::string, CachedDevice> cache_;  // guarded by mu_
  std::unordered_map<std::string, uint64_t> rejected_;   // guarded by mu_
  std::atomic<uint64_t> payloads_{0};
  std::atomic<uint64_t> accepted_{0};
  std::atomic<uint64_t> duplicates_{0};
};

}  // namespace watch

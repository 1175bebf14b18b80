#include "watch/ingester.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>

#include "watch/payload.h"

namespace watch {
namespace {

// A registry change (removal, new secret) reaches other server processes within this time;
// this process forgets at once (Forget).
constexpr int64_t kCacheTtlMs = 30'000;

constexpr IngestReason kAllIngestReasons[] = {
    IngestReason::kUnknownDevice, IngestReason::kBadSignature, IngestReason::kForeignDevice,
    IngestReason::kFutureTs, IngestReason::kBeforeInstall};

PayloadParser& ThreadParser() {
  thread_local PayloadParser parser;
  return parser;
}

}  // namespace

std::string_view IngestReasonCode(IngestReason r) {
  switch (r) {
    case IngestReason::kUnknownDevice:
      return "unknown_device";
    case IngestReason::kBadSignature:
      return "bad_signature";
    case IngestReason::kForeignDevice:
      return "foreign_device";
    case IngestReason::kFutureTs:
      return "future_ts";
    case IngestReason::kBeforeInstall:
      return "before_install";
  }
  return "unknown";
}

Ingester::Ingester(db::Database& db, const core::Clock& clock, const auth::SecretBox& secrets)
    : db_(db), clock_(clock), secrets_(secrets) {
  for (RejectReason r : kAllRejectReasons) rejected_[std::string(ReasonCode(r))] = 0;
  for (IngestReason r : kAllIngestReasons) rejected_[std::string(IngestReasonCode(r))] = 0;
}

void Ingester::Forget(const std::string& device_id) {
  std::lock_guard lock(mu_);
  cache_.erase(device_id);
}

core::Result<Ingester::CachedDevice> Ingester::Device(db::Connection& c, const std::string& id,
                                                      int64_t now) {
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(id);
    if (it != cache_.end() && now - it->second.loaded_at < kCacheTtlMs) return it->second;
  }
  CachedDevice d;
  d.loaded_at = now;
  ASSIGN_OR_RETURN(auto row, ingest::LoadDevice(c, id));
  if (row && !row->removed) {
    auto secret = secrets_.Open(row->secret_sealed);
    if (secret.ok() && secret->size() == kDeviceSecretBytes) {
      std::memcpy(d.secret.data(), secret->data(), kDeviceSecretBytes);
      d.auth = std::move(*row);
      d.exists = true;
    } else {
      spdlog::error("watch: the secret of a device cannot be opened with the server key");
    }
  }
  std::lock_guard lock(mu_);
  if (cache_.size() > 200'000) cache_.clear();  // bound memory against id scanning
  cache_[id] = d;
  return d;
}

void Ingester::CountWhole(IngestReport& report, std::string code) {
  report.whole_rejected = true;
  {
    std::lock_guard lock(mu_);
    ++rejected_[code];
  }
  report.rejections.push_back({-1, std::move(code)});
}

core::Result<IngestReport> Ingester::Ingest(std::string_view sender, std::string_view payload,
                                            std::string_view mac_hex) {
  ++payloads_;
  IngestReport report;
  const int64_t now = clock_.NowMillis();
  if (!IsValidDeviceId(sender)) {
    CountWhole(report, std::string(ReasonCode(RejectReason::kBadDevice)));
    return report;
  }
  const std::string sender_id(sender);
  std::optional<IngestReport> out;
  auto status = db_.Transact([&](db::Connection& c) -> core::Result<void> {
    IngestReport r;
    ASSIGN_OR_RETURN(auto device, Device(c, sender_id, now));
    if (!device.exists) {
      r.whole_rejected = true;
      r.rejections.push_back({-1, std::string(IngestReasonCode(IngestReason::kUnknownDevice))});
      out = std::move(r);
      return core::Ok();
    }
    if (!VerifyMac(device.secret, payload, mac_hex)) {
      r.whole_rejected = true;
      r.rejections.push_back({-1, std::string(IngestReasonCode(IngestReason::kBadSignature))});
      out = std::move(r);
      return core::Ok();
    }
    ParseResult parsed = ThreadParser().Parse(payload, sender);
    for (const auto& rej : parsed.rejections) {
      r.rejections.push_back({rej.index, std::string(ReasonCode(rej.reason))});
    }
    r.whole_rejected = parsed.WholePayloadRejected();
    // Devices named in the batch (a gateway's), looked up once each.
    std::unordered_map<std::string, CachedDevice> named;
    named.emplace(sender_id, device);
    std::vector<ingest::Accepted> accepted;
    accepted.reserve(parsed.events.size());
    // The parser's event rejections keep their payload index; the k-th parsed event has the k-th
    // index that was not rejected.
    std::vector<int> rejected_index;
    for (const auto& rej : parsed.rejections) rejected_index.push_back(rej.index);
    size_t next_rejected = 0;
    int index = -1;
    for (const SensorEvent& e : parsed.events) {
      ++index;
      while (next_rejected < rejected_index.size() && rejected_index[next_rejected] <= index) {
        if (rejected_index[next_rejected] == index) ++index;
        ++next_rejected;
      }
      auto it = named.find(e.device);
      if (it == named.end()) {
        ASSIGN_OR_RETURN(auto d, Device(c, e.device, now));
        it = named.emplace(e.device, std::move(d)).first;
      }
      const CachedDevice& d = it->second;
      const char* reason = nullptr;
      if (!d.exists) {
        reason = "unknown_device";
      } else if (e.device != sender_id && d.auth.gateway_id != sender_id) {
        reason = "foreign_device";
      } else if (e.ts_ms > now + kMaxClockSkewMs) {
        reason = "future_ts";
      } else if (e.ts_ms < d.auth.installed_at) {
        reason = "before_install";
      }
      if (reason) {
        r.rejections.push_back({index, reason});
      } else {
        accepted.push_back({&e, &d.auth});
      }
    }
    ASSIGN_OR_RETURN(auto stored, ingest::StoreEvents(c, accepted, sender_id, now));
    r.accepted = stored.inserted;
    r.duplicates = stored.duplicates;
    r.persons = std::move(stored.persons);
    std::stable_sort(r.rejections.begin(), r.rejections.end(),
                     [](const auto& a, const auto& b) { return a.index < b.index; });
    out = std::move(r);
    return core::Ok();
  });
  if (!status.ok()) return std::move(status).error();
  {
    std::lock_guard lock(mu_);
    for (const auto& rej : out->rejections) ++rejected_[rej.code];
  }
  accepted_ += out->accepted;
  duplicates_ += out->duplicates;
  if (observer_ && !out->persons.empty()) observer_(out->persons);
  return std::move(*out);
}

IngestCounters Ingester::Counters() const {
  IngestCounters c;
  c.payloads = payloads_.load();
  c.accepted = accepted_.load();
  c.duplicates = duplicates_.load();
  std::lock_guard lock(mu_);
  for (RejectReason r : kAllRejectReasons) {
    std::string code(ReasonCode(r));
    c.rejected.emplace_back(code, rejected_.at(code));
  }
  for (IngestReason r : kAllIngestReasons) {
    std::string code(IngestReasonCode(r));
    c.rejected.emplace_back(code, rejected_.at(code));
  }
  return c;
}

}  // namespace watch

// SQL of the ingester: what it needs to know about a sending device, and storing a batch of
// accepted events idempotently together with the hourly aggregates and the devices' latest state.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"
#include "watch/sensor_event.h"

namespace watch::ingest {

using core::Result;

/// A registered device as the ingester sees it.
struct DeviceAuth {
  std::string id;
  std::string person_id;
  std::optional<std::string> gateway_id;
  std::string kind;
  std::string secret_sealed;
  int64_t installed_at = 0;
  bool removed = false;
};

Result<std::optional<DeviceAuth>> LoadDevice(db::Connection& c, const std::string& device_id);

/// One accepted event and the person its device belongs to.
struct Accepted {
  const SensorEvent* event = nullptr;
  const DeviceAuth* device = nullptr;
};

struct StoreOutcome {
  int inserted = 0;
  int duplicates = 0;
  std::vector<std::string> persons;  // whose data changed (sorted, unique)
};

/// Inserts the events that are new (device, seq), folds the new ones into their device's hourly
/// aggregates and latest state, and marks `sender` (the device or gateway that sent the payload)
/// as seen at `now`. Run inside one transaction: duplicates change nothing.
Result<StoreOutcome> StoreEvents(db::Connection& c, std::span<const Accepted> events,
                                 const std::string& sender, int64_t now);

/// Deletes raw events older than `before` (device time), at most `limit` of them; returns how
/// many. The hourly aggregates stay.
Result<int64_t> DeleteRawEventsBefore(db::Connection& c, int64_t before, int limit);

}  // namespace watch::ingest

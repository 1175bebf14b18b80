// The fleet file: which homes the sensor simulator (`tsunagari simulate-sensors`) plays, with
// their devices, the devices' secrets and each home's scenario. The server writes it when it seeds
// the demo region or provisions simulated devices (it knows the secrets it just sealed); the
// simulator reads it. JSON, one home per line:
//
//   {"network": "gunjo", "homes": [
//     {"person_id": "0190…", "label": "home-001", "scenario": "normal", "seed": 17,
//      "gateway": {"id": "gw-0001", "secret": "<64 hex>"},
//      "devices": [{"id": "d-0001-entrance", "secret": "<64 hex>", "kind": "door",
//                   "place": "entrance"}, …]}]}
//
// Optional per home: "gateway" (events then go out as batches signed by the gateway), "stop_at"
// (stops_moving), "battery_dead_at" (dead_battery), "offline_at" and "offline_hours"
// (gateway_offline), "night_owl_from" (night_owl); times are UTC epoch ms. The file holds device
// secrets, so it is written readable by its owner only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "watch/device_mac.h"

namespace watch {

/// What happens in a simulated home (see simulator.h for the exact behaviour).
enum class Scenario : uint8_t {
  kNormal,          // the daily rhythm
  kStopsMoving,     // all activity (doors, motion) stops at stop_at; climate and heartbeats go on
  kHeatWave,        // living room 31–35 °C, 60–75 % in the afternoon
  kDeadBattery,     // one device's battery drains to 0 at battery_dead_at; then it is silent
  kGatewayOffline,  // events from offline_at are held for offline_hours, then flushed late
  kNightOwl,        // from night_owl_from on, many openings between 00:00 and 04:00
};

/// snake_case code as in the fleet file: normal, stops_moving, heat_wave, dead_battery,
/// gateway_offline, night_owl.
std::string_view ScenarioCode(Scenario scenario);
std::optional<Scenario> ParseScenario(std::string_view code);

struct FleetDevice {
  std::string id;  // public device id (IsValidDeviceId)
  DeviceSecret secret{};
  std::string kind;   // door | climate | motion (a gateway is FleetHome::gateway)
  std::string place;  // entrance | fridge | bathroom | toilet | living | bedroom | other
};

struct FleetGateway {
  std::string id;
  DeviceSecret secret{};
};

struct FleetHome {
  std::string person_id;  // kept for the server's side; the simulator never prints it
  std::string label;      // what progress and errors name, e.g. "home-001"
  Scenario scenario = Scenario::kNormal;
  uint64_t seed = 0;  // 0 .. 2^53: the same seed, home and time range give the same events
  /// stops_moving: the first instant without activity. Absent in the file: when the run starts
  /// (ResolveScenarioTimes in simulator.h).
  std::optional<int64_t> stop_at_ms;
  /// dead_battery: when the battery reaches 0 and the device falls silent. Absent: run start.
  std::optional<int64_t> battery_dead_at_ms;
  /// gateway_offline: when the gateway loses its connection. Absent: run start.
  std::optional<int64_t> offline_at_ms;
  /// night_owl: the nights (00:00–04:00) of this local day and later are restless, so that the
  /// rise shows against the weeks before. Absent: run start.
  std::optional<int64_t> night_owl_from_ms;
  double offline_hours = 6;  // gateway_offline: how long events are held (0 < h ≤ 240)
  std::optional<FleetGateway> gateway;
  std::vector<FleetDevice> devices;
};

struct Fleet {
  std::string network;  // the topic's <network> level (same syntax as a device id)
  std::vector<FleetHome> homes;
};

/// Reads and checks a fleet: network and ids are valid topic levels, device ids unique across
/// the fleet (gateways included), secrets exactly 64 hex digits, kinds and places from codes.h,
/// scenario known, seed a whole number 0..2^53, times whole numbers, offline_hours in (0, 240].
/// Unknown members are ignored. Errors are kInvalid with the path of the bad member as field,
/// e.g. "homes[3].devices[1].secret"; messages never contain a secret.
core::Result<Fleet> ParseFleet(std::string_view json);
core::Result<Fleet> ReadFleetFile(const std::filesystem::path& path);

/// The file form (one home per line), readable by ParseFleet. Optional members are written only
/// when set; offline_hours only when it is not the default.
std::string SerializeFleet(const Fleet& fleet);
/// Writes SerializeFleet(fleet) to `path` atomically (temporary file in the same directory,
/// fsync, rename) with mode 0600, because it holds device secrets.
core::Result<void> WriteFleetFile(const std::filesystem::path& path, const Fleet& fleet);

/// A new random device secret (libsodium's CSPRNG).
DeviceSecret NewDeviceSecret();
/// 64 lowercase hex digits.
std::string DeviceSecretHex(const DeviceSecret& secret);
/// nullopt unless exactly 64 hex digits (either case).
std::optional<DeviceSecret> ParseDeviceSecretHex(std::string_view hex);

}  // namespace watch

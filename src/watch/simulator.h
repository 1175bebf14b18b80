// The sensor simulator's event model: what the devices of one simulated home report, as a pure
// function of the home (its devices, scenario and seed) and a time range. No clock, no network:
// `tsunagari simulate-sensors` (sim_cli.h) drives it and sim_sender.h puts the events on the wire.
//
// The person's day, in Japan time (JST, local_time.h), drawn afresh every day from the seed:
// - wakes about 06:00–07:45 (night_owl 07:00–09:30), goes to bed 21:30–23:00;
// - meals around 07:00 (breakfast 20–45 min after waking), 12:00 and 18:00–19:30, each with 1–3
//   fridge openings, plus 0–3 snacks between 10:00 and 21:00 (so 3–12 fridge openings a day);
// - goes out 1–4 times (entrance door on leaving and on coming back), in the morning between
//   breakfast and lunch or in the afternoon, 20–150 minutes each;
// - 4–8 toilet visits while awake and 0–2 at night (the door opens going in and coming out);
// - a bath in the evening most days (bathroom door in and out);
// - living-room motion about every 10 minutes while awake and at home, bedroom door and motion
//   on getting up and going to bed.
// Every door opening is followed by its door_close seconds later. Devices report what happens at
// their place; a place without a device is simply not observed.
//
// Devices also report, whatever the person does: climate every 10 minutes (a seasonal indoor
// temperature with a daily curve, peak at 15:00, humidity falling as it warms), a heartbeat with
// the battery level every 30 minutes, a battery event once a day (at night), and the gateway's own
// heartbeat (no battery) every 30 minutes. Each device has its own phase, so devices of one home
// do not report in the same millisecond. Battery levels follow a slow sawtooth (100 % down to
// 30 % over about 400 days, then a new battery), a function of time alone.
//
// Scenarios change this:
// - stops_moving: no door or motion event at or after stop_at; climate and heartbeats go on (the
//   devices are fine, the person is not).
// - heat_wave: the living room's climate sensors (every climate sensor if none is in the living
//   room) read 28–29 °C at night and 31–35 °C with 60–75 % humidity from 12:00 to 18:00.
// - dead_battery: one device (DeadBatteryDevice) drains linearly to 0 % over the 5 days before
//   battery_dead_at and sends nothing at all from then on, heartbeats included.
// - gateway_offline: everything the home reports from offline_at for offline_hours is held and
//   sent when the connection comes back, oldest first, spread over 15 minutes while live events
//   go out at once (so the server receives them late and out of order). Without a gateway the
//   sensors themselves hold their events. See SendTime.
// - night_owl: from the local day of night_owl_from on, wakes later, and 2–4 times between 00:00
//   and 04:00 gets up for 10–40 minutes: bedroom, toilet, fridge, living-room motion, now and then
//   the entrance door. Before that day the person sleeps as usual, so the rise shows against the
//   weeks before (the night_activity rule).
//
// Determinism: each local day is drawn from its own random stream, derived from the home's seed
// and the day, so the events of a time range do not depend on how the range is cut up: generating
// [a, b) and [b, c) gives exactly the events of [a, c). The same holds across runs and machines
// (the random distributions are implemented here, not taken from <random>, whose algorithms
// differ between standard libraries).
//
// Sequence numbers are derived from time, so a restarted simulator or a regenerated backfill sends
// the same (device, seq) for the same event and the server stores it once:
// seq = ts_ms × 4 + the event's index among the device's events in the same millisecond (0..3);
// a fifth event in one millisecond is moved 1 ms later. ts × 4 + 3 stays far below 2^53 until the
// year 2100, the contract's end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "watch/fleet.h"
#include "watch/local_time.h"
#include "watch/sensor_event.h"

namespace watch {

inline constexpr int64_t kSimClimateIntervalMs = 10 * kMinuteMs;
inline constexpr int64_t kSimHeartbeatIntervalMs = 30 * kMinuteMs;
/// dead_battery: the battery falls from its usual level to 0 over this long before it dies.
inline constexpr int64_t kSimBatteryDrainMs = 5 * kDayMs;
/// gateway_offline: how long the held events take to go out after the connection is back.
inline constexpr int64_t kSimFlushSpreadMs = 15 * kMinuteMs;
/// Events of one device in one millisecond that get their own seq (see the header comment).
inline constexpr int kSimSeqSlotsPerMs = 4;

/// Gives one device's events (sorted by ts, stably) their seq by the rule above, moving the
/// fifth and later events of one millisecond 1 ms later (and so on).
void AssignSequenceNumbers(std::vector<SensorEvent>& device_events);

/// Gives the homes that left stop_at, battery_dead_at or offline_at open the run's start, as the
/// fleet file defines. Unresolved, GenerateHome takes `from_ms` of the call for stop_at and
/// battery_dead_at (so the result depends on where the range starts), and SendTime holds nothing:
/// resolve before generating in pieces.
void ResolveScenarioTimes(Fleet& fleet, int64_t run_start_ms);
void ResolveScenarioTimes(FleetHome& home, int64_t run_start_ms);

/// Every event the home's devices (and its gateway) report with from_ms ≤ ts < to_ms, sorted by
/// ts (then device, then seq). `device` is always set; seq follows the rule above.
std::vector<SensorEvent> GenerateHome(const FleetHome& home, int64_t from_ms, int64_t to_ms);

/// The device whose battery dies in the dead_battery scenario: one of the home's devices, chosen
/// by the seed; nullptr for other scenarios or a home without devices.
const FleetDevice* DeadBatteryDevice(const FleetHome& home);

/// When the home hands `event` to the network: its ts, except for events the gateway_offline
/// scenario holds, which go out after the connection is back (never before their ts).
int64_t SendTime(const FleetHome& home, const SensorEvent& event);

/// Walks one home's events in the order the home sends them (by SendTime, then ts), generating
/// them piece by piece, so that a long backfill or an endless live run keeps only a few hours of
/// events in memory. Borrows `home`, which must outlive the stream.
class HomeStream {
 public:
  /// Covers the events with ts ≥ from_ms. `chunk_ms` (1 minute to a day) is how far ahead it
  /// generates at a time: a day for backfills (pieces end at local midnight), an hour for live
  /// runs (pieces start at a minute of the hour that depends on the home, so that many homes do
  /// not all generate at once). Each piece regenerates its whole local day internally, so small
  /// pieces cost more CPU per event; the events are the same whatever the pieces.
  HomeStream(const FleetHome& home, int64_t from_ms, int64_t chunk_ms = kHourMs);

  /// Appends to `out` every event not taken yet whose send time is before `until_ms`, in send
  /// order. Calls must not go back in time.
  void TakeUntil(int64_t until_ms, std::vector<SensorEvent>& out);
  /// Events generated but not taken yet (ahead within a chunk, or held by an offline gateway).
  size_t pending() const { return pending_.size(); }
  /// Of those, the ones that happened before `until_ms`: held back by an offline gateway. Only
  /// generated chunks are known, so ask after TakeUntil(until_ms).
  size_t HeldBefore(int64_t until_ms) const;
  void set_chunk_ms(int64_t chunk_ms) { chunk_ms_ = chunk_ms; }
  const FleetHome& home() const { return *home_; }

 private:
  struct Pending {
    int64_t send_at;
    uint64_t order;  // generation order: ts order within the stream
    SensorEvent event;
  };
  struct Later {
    bool operator()(const Pending& a, const Pending& b) const {
      return a.send_at != b.send_at ? a.send_at > b.send_at : a.order > b.order;
    }
  };

  const FleetHome* home_;
  int64_t chunk_ms_;
  int64_t generated_until_;  // every event with ts < this has been generated
  uint64_t order_ = 0;
  std::vector<Pending> pending_;  // a heap ordered by Later: the next to send at front()
};

}  // namespace watch

// `tsunagari simulate-sensors`: plays the homes of a fleet file (fleet.h) through the event model
// (simulator.h) and sends their signed payloads (sim_sender.h) to an MQTT broker or to the
// server's HTTP ingestion. Used for the demo region, the browser tests and the load benchmark.
//
// A run has up to two parts:
// 1. Backfill (--backfill-days N): the last N days up to the start of the live part, sent as fast
//    as the transport takes them, a local day at a time, in batches.
// 2. Live (--follow): events are sent when they happen, until SIGINT/SIGTERM or --duration.
//    --speed X (X ≥ 1) plays X simulated seconds per real second. Events always carry simulated
//    time, and the server refuses times far ahead of its clock, so a sped-up run is placed in the
//    past so that it ends at the real end of the run: with --duration D it covers
//    [now − (X−1)·D, now + D), the simulated clock running X times as fast as the real one and
//    catching up with it exactly at the end; no event is ever dated ahead of the wall clock. Hence
//    --speed other than 1 needs --duration, and a backfill then stops where the live part begins.
//    At --speed 1 events carry the real time at which they are sent.
//
// Scenario times a home leaves open (stop_at, battery_dead_at, offline_at, night_owl_from) are the
// start of the live part (or "now" without --follow), so e.g. a stops_moving person goes silent as
// the live run begins, after a normal backfill. --scenarios-hours-ago H moves them H hours earlier,
// into the backfill, so that a demo or a browser test shows the situations at once (a person silent
// for 13 hours is past the 12-hour inactivity threshold as soon as the backfill is in).
//
// Progress goes to stderr and names homes by their label only, never by person.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"
#include "watch/fleet.h"
#include "watch/sim_sender.h"

namespace watch {

/// The command line, as parsed by src/app/main.cpp.
struct SimulateOptions {
  std::string fleet_file;
  std::string mqtt_url;       // mqtt://host:port; or:
  std::string http_url;       // http(s)://host:port (the server's base URL)
  std::string username;       // MQTT login (empty: anonymous)
  std::string password_file;  // first line is the MQTT password
  int backfill_days = 0;
  bool follow = false;
  double speed = 1;
  double duration_seconds = 0;     // 0: until SIGINT/SIGTERM
  double scenarios_hours_ago = 0;  // open scenario times this much before the live start
  int homes = 0;                   // 0: every home of the fleet
  bool report = false;             // print the counters to stdout at the end
};

/// Runs the command; returns the process exit code: 0 done, 1 bad options or fleet file,
/// 2 the broker or server could not be reached (at the start or during the run), 3 the server
/// refused the fleet's signature check (HTTP 401/403/404 to an empty batch).
int RunSimulateSensors(const SimulateOptions& options);

/// The time windows of a run, from the options and the wall clock at its start.
struct SimulationPlan {
  int64_t backfill_from_ms = 0;  // backfill covers [backfill_from_ms, live_from_ms)
  int64_t live_from_ms = 0;      // simulated time at which the live part starts
  bool follow = false;
  double speed = 1;
  int64_t duration_ms = 0;  // real time the live part lasts; 0: until stopped
  /// Where open scenario times are placed (ResolveScenarioTimes).
  int64_t scenario_start_ms = 0;
};

/// Checks the options' numbers and places the windows (see the header comment). Errors are
/// kInvalid naming the option: backfill_days 0..366, speed in [1, 100000], speed ≠ 1 only with
/// --follow and --duration, duration ≥ 0, nothing to do (neither backfill nor follow),
/// scenarios_hours_ago 0..240.
core::Result<SimulationPlan> PlanSimulation(int64_t now_ms, int backfill_days, bool follow,
                                            double speed, double duration_seconds,
                                            double scenarios_hours_ago = 0);

struct SimulationReport {
  size_t homes = 0;
  uint64_t events_generated = 0;  // taken from the homes' streams (sent or attempted)
  uint64_t backfill_events = 0;
  double backfill_seconds = 0;  // real time the backfill took
  uint64_t live_events = 0;
  double live_seconds = 0;
  /// Events that happened in the run's time range but were still held by an offline gateway
  /// when it ended (gateway_offline); they were never sent.
  uint64_t held_unsent = 0;
  SendCounts counts;
};

/// What RunSimulation needs from the outside world; tests pass fakes.
struct SimulationDeps {
  const core::Clock* clock = nullptr;
  /// Sleeps (real time) for the live loop; a test's sleep advances its fake clock.
  std::function<void(std::chrono::milliseconds)> sleep;
  /// Set from a signal handler to end the run early; may be null.
  const std::atomic<bool>* stop = nullptr;
  /// One line of progress (without newline); may be null.
  std::function<void(std::string_view)> progress;
};

/// Plays `fleet` (scenario times resolved) according to `plan` into `sender`. Fails only when
/// the sender fails (the other side unreachable); refusals are counted in the report.
core::Result<SimulationReport> RunSimulation(const Fleet& fleet, const SimulationPlan& plan,
                                             PayloadSender& sender, Transport transport,
                                             const SimulationDeps& deps);

}  // namespace watch

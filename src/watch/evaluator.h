// Runs the rules (rules.h) for every watched person and hands the conditions to the alerts
// (AlertService::Reconcile). Two rhythms:
// - the live rules (inactivity, daytime silence, heat, cold, device offline, battery) for
//   everybody once a minute, because silence is the absence of events and no event will wake
//   us; and within seconds for persons whose events just arrived (an alert clears as soon as
//   the person moves again);
// - the baseline rules (below baseline, night activity) once an hour per person, because they
//   compare whole hours against weeks of hourly aggregates; and again for a person whose events
//   arrived when their last baseline run is ten minutes old (late events rewrite past hours).
//
// A person whose events are still arriving (a gateway flushing hours of held-back events, a
// backfill) is judged only once their events have paused for a moment (or after 30 s at most):
// judged halfway, their last activity would look hours old and raise an alert that the rest of
// the flush disproves.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "watch/alert_service.h"
#include "watch/context.h"

namespace watch {

struct SweepReport {
  int persons = 0;     // persons evaluated
  int reconciled = 0;  // persons whose alerts were brought in line (conditions or open alerts)
  int changed = 0;     // persons with an alert opened, escalated, reactivated or cleared
  int baselines = 0;   // persons whose baseline rules ran
};

class Evaluator {
 public:
  Evaluator(Context& ctx, AlertService& alerts) : ctx_(ctx), alerts_(alerts) {}
  ~Evaluator() { Stop(); }

  /// Evaluates `persons` (all active enrolments when empty, except those in `skip`) at the
  /// clock's now. Baseline rules run for a person when `baseline` is set, or its last baseline
  /// run was in an earlier hour, or `persons` names them and that run is 10 minutes old.
  core::Result<SweepReport> Sweep(const std::vector<std::string>& persons = {},
                                  bool baseline = false, const std::set<std::string>& skip = {});

  /// Queues persons whose data changed; the background loop evaluates them within seconds.
  void MarkDirty(const std::vector<std::string>& persons);

  void Start();
  void Stop();

 private:
  void Loop();

  Context& ctx_;
  AlertService& alerts_;
  std::mutex mu_;
  std::condition_variable cv_;
  using SteadyTime = std::chrono::steady_clock::time_point;
  struct Dirty {
    SteadyTime first, last;  // the first and the latest mark since the person was judged
  };
  /// The persons due now (their events paused, or waiting too long), taken out of dirty_.
  std::vector<std::string> TakeDue(SteadyTime now);

  std::map<std::string, Dirty> dirty_;            // guarded by mu_
  std::map<std::string, int64_t> baseline_hour_;  // guarded by sweep_mu_
  std::map<std::string, int64_t> baseline_at_;    // guarded by sweep_mu_
  std::mutex sweep_mu_;                           // one sweep at a time
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace watch

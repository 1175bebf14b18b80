// The weekly trend-sign job (spec 06 "Analytics", 予兆): once a week, for every active watched
// person, the last six weeks of hourly aggregates (and the raw activity times, for the daily
// rhythm) go through DetectTrends (trends.h). Findings are stored in watch_signs, one row per
// person, sign and week (the unique key makes a second run in the same week a no-op), and only a
// newly stored sign notifies the person's care managers who have the team consent — in-app,
// with a title that says nothing about the person and a link to the analytics chart.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "watch/context.h"

namespace watch {

inline constexpr const char* kKindSign = "watch.sign";
inline constexpr const char* kTitleSign = "見守りで予兆が見つかりました";

struct SignRunReport {
  int64_t week_start = 0;
  int persons = 0;   // active persons looked at
  int found = 0;     // findings, including ones stored before
  int stored = 0;    // new rows in watch_signs
  int notified = 0;  // notifications sent
};

class SignJob {
 public:
  explicit SignJob(Context& ctx) : ctx_(ctx) {}
  ~SignJob() { Stop(); }

  /// Judges the week that starts on the Monday (00:00 JST) of the clock's now, looking at the
  /// six complete weeks before it. Safe to repeat: stored signs are not stored or sent again.
  core::Result<SignRunReport> RunWeek();

  /// A background thread that runs RunWeek once per local week (checked hourly).
  void Start();
  void Stop();

  /// Link of the chart a sign points to (the analytics view of the person).
  static std::string Link(const std::string& person_id);

 private:
  void Loop();

  Context& ctx_;
  std::mutex run_mu_;  // one run at a time
  std::mutex mu_;
  std::condition_variable cv_;
  int64_t last_week_ = 0;  // guarded by mu_
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace watch

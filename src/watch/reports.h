// Scheduled watch reports (spec 06 "Status list and reports"): at each report time (by default
// 08:00 and 14:00 JST; region then person settings, thresholds.h report_minutes) one report per
// active watched person summarises the time since the previous report time: status, activity
// and openings per place, the living room's climate, alerts, absences and device problems. The
// care manager (team consent) and the family (family consent) are told in-app that a report is
// ready, with a link and nothing about the person. Reports are read by the office, the care team
// and the family (WatchNeed::kFamilyRead); the family also reads the person's current status.
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "auth/caller.h"
#include "core/result.h"
#include "watch/context.h"
#include "watch/thresholds.h"

namespace watch {

struct ReportRun {
  int persons = 0;                      // active enrolments looked at
  int made = 0;                         // reports written by this run
  int notified = 0;                     // notifications sent
  std::optional<int64_t> next_slot_at;  // the earliest report time after `now`, over everyone
};

class Reports {
 public:
  explicit Reports(Context& ctx) : ctx_(ctx) {}
  ~Reports() { Stop(); }

  /// Writes the report due at `now` for every active watched person (report_slots.h DueSlot: the
  /// latest report time not yet reported, never before the enrolment, never a backlog) and
  /// notifies after each commit. Idempotent: UNIQUE(person_id, slot_at) and the latest stored
  /// slot make a second run, or a second server, write nothing.
  core::Result<ReportRun> RunDue(int64_t now);

  /// GET …/watch/reports: newest first, keyset `cursor`, `limit` 1..100 (default 20).
  core::Result<boost::json::object> List(const std::string& person_id, const auth::Caller& caller,
                                         const std::optional<std::string>& cursor,
                                         const std::optional<std::string>& limit);
  /// One report with its body; 404 for an id that is not this person's report.
  core::Result<boost::json::object> Get(const std::string& person_id, const std::string& report_id,
                                        const auth::Caller& caller);
  /// The family's view of the person's watch: the status list's classification, last activity,
  /// today's openings, the room climate, an absence, the open alerts' kinds; no device ids,
  /// secrets, runbook or alert handling.
  core::Result<boost::json::object> FamilyStatus(const std::string& person_id,
                                                 const auth::Caller& caller);

  /// Something changed that may move a report time (settings): the loop looks again now.
  void Wake();
  void Start();
  void Stop();

 private:
  void Loop();
  /// Writes one report; false when it existed already. Notifies after the commit.
  core::Result<bool> Make(const std::string& person_id, int64_t slot, int64_t period_from,
                          const Thresholds& t, int64_t now, int& notified);

  Context& ctx_;
  std::mutex run_mu_;                         // one run at a time
  std::map<std::string, int64_t> last_slot_;  // person → latest reported slot, guarded by run_mu_
  bool loaded_ = false;                       // guarded by run_mu_

  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;  // guarded by mu_
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace watch

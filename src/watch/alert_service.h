// Watch alerts and the call center's escalation (spec 06 "Alerts and escalation"): the rules'
// conditions become alerts (one per person or device and kind), and operators work them down
// the call ladder — the person, the family in their order, the care manager, the city, then the
// advice of an emergency call or a welfare visit — recording every call, until they resolve the
// alert and, if it matters to the care team, post it to the person's timeline.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "auth/caller.h"
#include "core/result.h"
#include "db/database.h"
#include "watch/codes.h"
#include "watch/context.h"
#include "watch/rules.h"

namespace watch {

/// One alert Reconcile changed, with what NotifyAfterCommit needs to tell people.
struct AlertChange {
  std::string alert_id;
  std::string person_id;
  std::string municipality_code;
  AlertKind kind = AlertKind::kInactivity;
  Severity severity = Severity::kWatch;
};

/// What Reconcile changed, for the caller to notify once its transaction committed.
struct ReconcileOutcome {
  std::vector<AlertChange> opened;       // new alerts
  std::vector<AlertChange> escalated;    // severity rose on a not resolved alert
  std::vector<AlertChange> reactivated;  // the condition came back before anyone resolved it
  std::vector<AlertChange> cleared;      // the condition ended (the alert stays until resolved)

  bool empty() const {
    return opened.empty() && escalated.empty() && reactivated.empty() && cleared.empty();
  }
};

/// GET /api/v1/watch/alerts: the raw query parameters (checked by List).
struct AlertListQuery {
  std::optional<std::string> state;         // active (default: not resolved) | resolved
  std::optional<std::string> category;      // person | device; default both
  std::optional<std::string> municipality;  // one of the caller's; default all of them
  std::optional<std::string> cursor;        // resolved only
  std::optional<std::string> limit;         // resolved: 1..100 (default 50)
};

class AlertService {
 public:
  /// Notifications about one alert are sent at most once in this period, unless its severity
  /// rose.
  static constexpr int64_t kNotifyGapMs = 30 * 60'000;
  /// A condition that still holds when a human resolves its alert opens no new alert (the
  /// operator knows), unless its severity rises or it still holds this long after resolving.
  static constexpr int64_t kReopenAfterMs = 24 * 3'600'000;
  /// That holds only while the rules keep seeing the condition: one not reported for this long
  /// (longer than the hourly rhythm of the baseline rules) counts as having ended.
  static constexpr int64_t kContinuityMs = 2 * 3'600'000;
  /// The active list answers at most this many alerts (`truncated` says there were more).
  static constexpr int kMaxActive = 500;

  explicit AlertService(Context& ctx) : ctx_(ctx) {}

  // The system's side.

  /// Brings the person's alerts of every kind in `evaluated` in line with `conditions` (those
  /// that hold now), on the caller's connection and inside the caller's transaction:
  /// - a condition without a not resolved alert of its key (person, device — empty for person
  ///   kinds other than heat/cold — and kind) opens one: state open, active, step 0, evidence,
  ///   due after the person's step_minutes; unless a resolved alert of that key still holds the
  ///   condition at no lower severity, was resolved less than kReopenAfterMs ago and was seen
  ///   holding within kContinuityMs;
  /// - a persisting one updates severity, evidence and updated_at (events only when the severity
  ///   changes), and becomes active again if it had cleared;
  /// - a not resolved alert whose condition is no longer returned clears (active 0, cleared_at);
  ///   it stays until a human resolves it.
  /// Conditions of kinds not in `evaluated` are ignored, and so are alerts of those kinds.
  /// Every open, clear, reactivation and severity change is logged (no user).
  core::Result<ReconcileOutcome> Reconcile(db::Connection& c, const std::string& person_id,
                                           std::span<const Condition> conditions,
                                           std::span<const AlertKind> evaluated, int64_t now);

  /// In-app notifications for what Reconcile changed, after the caller's commit: new person
  /// alerts, severity rises and reactivations go to the municipality's operators and the
  /// person's care managers (with the team consent in force); device problems to the operators
  /// only. At most one per alert per kNotifyGapMs unless the severity rose. Titles carry nothing
  /// personal or clinical. Best effort: failures are logged.
  void NotifyAfterCommit(const ReconcileOutcome& outcome);

  // The human side. Each checks the caller's watch access to the alert's person (kRead to see,
  // kOperate to act; unknown alerts 404), audits, and answers the alert as GET shows it.

  /// The call center's queue: alerts of the municipalities the caller works for as operator or
  /// administers (403 when none). `active`: every not resolved alert, most urgent first
  /// (severity, condition still holding, overdue, nobody holding it, oldest); `resolved`: latest
  /// first with a keyset cursor. {items, next_cursor, truncated}.
  core::Result<boost::json::object> List(const AlertListQuery& q, const auth::Caller& caller);
  /// The person's alerts, latest opened first; {items, next_cursor}.
  core::Result<boost::json::object> PersonHistory(const std::string& person_id,
                                                  const std::optional<std::string>& cursor,
                                                  const std::optional<std::string>& limit,
                                                  const auth::Caller& caller);
  /// The alert with its evidence, log, ladder and suggested next step.
  core::Result<boost::json::object> Get(const std::string& alert_id, const auth::Caller& caller);

  /// {note?}: takes an open alert, or takes over one another operator holds (hand-over). The
  /// timer restarts.
  core::Result<boost::json::object> Take(const std::string& alert_id, const auth::Caller& caller,
                                         const boost::json::object& body);
  /// {step: person|family|care_manager|city, callee, phone?, answered, note?}: only by the
  /// holder (409 not_taken). Moves the ladder forward to that step and restarts the timer.
  core::Result<boost::json::object> RecordCall(const std::string& alert_id,
                                               const auth::Caller& caller,
                                               const boost::json::object& body);
  /// {step: care_manager|city, note?}: in-app notices to the person's care managers or the
  /// municipality's administrators; only by the holder.
  core::Result<boost::json::object> Notify(const std::string& alert_id, const auth::Caller& caller,
                                           const boost::json::object& body);
  /// {kind: 119|welfare_visit, note?}: records the advice given; only by the holder.
  core::Result<boost::json::object> Advise(const std::string& alert_id, const auth::Caller& caller,
                                           const boost::json::object& body);
  /// {outcome, note?}: closes the alert (409 already_resolved).
  core::Result<boost::json::object> Resolve(const std::string& alert_id, const auth::Caller& caller,
                                            const boost::json::object& body);
  /// {note?}: writes the resolved alert's summary on the person's timeline (category
  /// sensor_alert), once. 409 not_resolved | already_posted | no_team_consent.
  core::Result<boost::json::object> PostToTimeline(const std::string& alert_id,
                                                   const auth::Caller& caller,
                                                   const boost::json::object& body);
  /// {note?}: the caller's shift ends; every alert they hold goes back to the queue (open, due
  /// now) with a handed_over entry carrying the note. {released: n, alert_ids}.
  core::Result<boost::json::object> ReleaseMine(const auth::Caller& caller,
                                                const boost::json::object& body);

 private:
  Context& ctx_;
};

}  // namespace watch

// SQL for the watch alerts and their log (watch_alerts, watch_alert_events). The writes that
// change who holds an alert or its state are conditional on what the service read, so that two
// operators acting at once cannot both win: they return false when the row had changed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"
#include "watch/alert_model.h"

namespace watch::alerts {

using core::Result;

/// A keyset position: (sort time, id) of the last row seen; nullopt for the first page.
struct Position {
  int64_t at = 0;
  std::string id;
};

Result<std::optional<Alert>> Find(db::Connection& c, const std::string& alert_id);
/// The person's alerts the rules reconcile: every not resolved one, and the resolved ones whose
/// condition still held when they were resolved (active = 1).
Result<std::vector<Alert>> ForReconcile(db::Connection& c, const std::string& person_id);
/// Not resolved alerts of persons registered in `municipality_code`, oldest first, at most
/// `limit`; `category` person | device, or "" for both.
Result<std::vector<Alert>> UnresolvedIn(db::Connection& c, const std::string& municipality_code,
                                        const std::string& category, int limit);
/// Resolved alerts of the municipality, latest resolved first, after `from`.
Result<std::vector<Alert>> ResolvedIn(db::Connection& c, const std::string& municipality_code,
                                      const std::string& category,
                                      const std::optional<Position>& from, int limit);
/// The person's alerts, latest opened first, after `from`.
Result<std::vector<Alert>> OfPerson(db::Connection& c, const std::string& person_id,
                                    const std::optional<Position>& from, int limit);
/// Not resolved alerts taken by `user_id`.
Result<std::vector<Alert>> HeldBy(db::Connection& c, const std::string& user_id);

/// A new alert; `open_key` is unique among not resolved alerts.
Result<void> Insert(db::Connection& c, const Alert& a, const std::string& open_key);
/// The rules' view of a not resolved alert: severity, evidence and whether the condition holds.
Result<void> UpdateCondition(db::Connection& c, const Alert& a);
/// The rules saw a resolved alert's condition still holding (updated_at = now).
Result<void> TouchResolved(db::Connection& c, const std::string& alert_id, int64_t now);
/// A resolved alert's condition ended (or a newer alert took over its key).
Result<void> SetResolvedInactive(db::Connection& c, const std::string& alert_id,
                                 std::optional<int64_t> cleared_at);
/// Sets last_notified_at to `now` when the last notification is at least `min_gap_ms` old (or
/// `force`); false when the rate limit holds the notification back.
Result<bool> MarkNotified(db::Connection& c, const std::string& alert_id, int64_t now,
                          int64_t min_gap_ms, bool force);

/// Gives the alert to `user_id` if it is still held by `expected_holder` ("" = nobody) and not
/// resolved.
Result<bool> Take(db::Connection& c, const std::string& alert_id, const std::string& user_id,
                  const std::string& expected_holder, int64_t now, int64_t next_step_at);
/// Moves the ladder forward (step never goes back) and restarts the timer, if `user_id` still
/// holds the alert.
Result<bool> Progress(db::Connection& c, const std::string& alert_id, const std::string& user_id,
                      int step, int64_t now, int64_t next_step_at);
/// Returns the alert to the queue (open, nobody holds it, due now), if `user_id` holds it.
Result<bool> Release(db::Connection& c, const std::string& alert_id, const std::string& user_id,
                     int64_t now);
Result<bool> Resolve(db::Connection& c, const std::string& alert_id, const std::string& user_id,
                     int64_t now, const std::string& outcome, const std::string& note);
/// Records the timeline post, once.
Result<bool> SetTimelinePost(db::Connection& c, const std::string& alert_id,
                             const std::string& post_id);

/// Appends to the alert's log; an entry never sorts before an earlier one (its time moves to one
/// millisecond after the latest entry when it would not be later).
Result<void> InsertEvent(db::Connection& c, const AlertEvent& e);
/// The alert's log, oldest first (at most 1,000 entries).
Result<std::vector<AlertEvent>> EventsOf(db::Connection& c, const std::string& alert_id);

/// Active users who are operators (コールセンター) of an organization in the municipality.
Result<std::vector<std::string>> OperatorIds(db::Connection& c,
                                             const std::string& municipality_code);

}  // namespace watch::alerts

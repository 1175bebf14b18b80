#include "watch/alert_store.h"

#include <limits>

namespace watch::alerts {
namespace {

using db::Statement;

// The municipality is the person's registering one: the one whose operators and admins the
// access check (AccessChecker) lets in.
#define ALERT_SELECT                                                                           \
  "SELECT a.id, a.person_id, p.name, p.municipality_code, a.device_id, d.kind, d.place, "      \
  "a.kind, a.category, a.severity, a.state, a.active, a.evidence, a.opened_at, a.updated_at, " \
  "a.cleared_at, a.taken_by, tu.display_name, a.taken_at, a.step, a.next_step_at, "            \
  "a.resolved_by, ru.display_name, a.resolved_at, a.outcome, a.outcome_note, "                 \
  "a.timeline_post_id, a.last_notified_at FROM watch_alerts a JOIN persons p ON p.id = "       \
  "a.person_id LEFT JOIN watch_devices d ON d.id = a.device_id LEFT JOIN users tu ON tu.id = " \
  "a.taken_by LEFT JOIN users ru ON ru.id = a.resolved_by "

constexpr Statement kFind{"watch_alert_find", ALERT_SELECT "WHERE a.id = $1"};
constexpr Statement kForReconcile{
    "watch_alerts_for_reconcile", ALERT_SELECT
    "WHERE a.person_id = $1 AND (a.state IN ('open', 'taken') OR (a.state = 'resolved' AND "
    "a.active = 1)) ORDER BY a.opened_at, a.id"};
constexpr Statement kUnresolvedIn{"watch_alerts_unresolved_in", ALERT_SELECT
                                  "WHERE a.state IN ('open', 'taken') AND p.municipality_code = $1 "
                                  "AND ($2 = '' OR a.category = $2) "
                                  "ORDER BY a.opened_at, a.id LIMIT $3"};
constexpr Statement kResolvedIn{
    "watch_alerts_resolved_in", ALERT_SELECT
    "WHERE a.state = 'resolved' AND p.municipality_code = $1 AND ($2 = '' OR a.category = $2) "
    "AND (a.resolved_at, a.id) < ($3, $4) ORDER BY a.resolved_at DESC, a.id DESC LIMIT $5"};
constexpr Statement kOfPerson{"watch_alerts_of_person", ALERT_SELECT
                              "WHERE a.person_id = $1 AND (a.opened_at, a.id) < ($2, $3) "
                              "ORDER BY a.opened_at DESC, a.id DESC LIMIT $4"};
constexpr Statement kHeldBy{
    "watch_alerts_held_by",
    ALERT_SELECT "WHERE a.taken_by = $1 AND a.state = 'taken' ORDER BY a.opened_at, a.id"};

constexpr Statement kInsert{
    "watch_alert_insert",
    "INSERT INTO watch_alerts (id, person_id, device_id, kind, category, severity, state, active, "
    "open_key, evidence, opened_at, updated_at, step, next_step_at) VALUES ($1, $2, $3, $4, $5, "
    "$6, 'open', 1, $7, $8, $9, $9, 0, $10)"};
constexpr Statement kUpdateCondition{
    "watch_alert_update_condition",
    "UPDATE watch_alerts SET severity = $2, evidence = $3, active = $4, cleared_at = $5, "
    "updated_at = $6 WHERE id = $1"};
constexpr Statement kSetResolvedInactive{
    "watch_alert_resolved_inactive",
    "UPDATE watch_alerts SET active = 0, cleared_at = COALESCE($2, cleared_at) WHERE id = $1 AND "
    "state = 'resolved'"};
constexpr Statement kTouchResolved{
    "watch_alert_touch_resolved",
    "UPDATE watch_alerts SET updated_at = $2 WHERE id = $1 AND state = 'resolved'"};
constexpr Statement kMarkNotified{
    "watch_alert_mark_notified",
    "UPDATE watch_alerts SET last_notified_at = $2 WHERE id = $1 AND ($4 = 1 OR last_notified_at "
    "IS NULL OR last_notified_at <= $3)"};
constexpr Statement kTake{
    "watch_alert_take",
    "UPDATE watch_alerts SET state = 'taken', taken_by = $2, taken_at = $4, next_step_at = $5, "
    "updated_at = $4 WHERE id = $1 AND state <> 'resolved' AND COALESCE(taken_by, '') = $3"};
constexpr Statement kProgress{
    "watch_alert_progress",
    "UPDATE watch_alerts SET step = CASE WHEN step < $3 THEN $3 ELSE step END, next_step_at = $5, "
    "updated_at = $4 WHERE id = $1 AND state = 'taken' AND taken_by = $2"};
constexpr Statement kRelease{
    "watch_alert_release",
    "UPDATE watch_alerts SET state = 'open', taken_by = NULL, taken_at = NULL, next_step_at = $3, "
    "updated_at = $3 WHERE id = $1 AND state = 'taken' AND taken_by = $2"};
constexpr Statement kResolve{
    "watch_alert_resolve",
    "UPDATE watch_alerts SET state = 'resolved', open_key = NULL, resolved_by = $2, resolved_at = "
    "$3, outcome = $4, outcome_note = $5, next_step_at = NULL, updated_at = $3 WHERE id = $1 AND "
    "state <> 'resolved'"};
constexpr Statement kSetTimelinePost{
    "watch_alert_timeline_post",
    "UPDATE watch_alerts SET timeline_post_id = $2 WHERE id = $1 AND timeline_post_id IS NULL"};

constexpr Statement kInsertEvent{
    "watch_alert_event_insert",
    "INSERT INTO watch_alert_events (id, alert_id, at, user_id, action, step, callee, phone, "
    "answered, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};
constexpr Statement kLastEventAt{"watch_alert_last_event_at",
                                 "SELECT MAX(at) FROM watch_alert_events WHERE alert_id = $1"};
constexpr Statement kEventsOf{
    "watch_alert_events_of",
    "SELECT e.id, e.alert_id, e.at, e.user_id, u.display_name, e.action, e.step, e.callee, "
    "e.phone, e.answered, e.note FROM watch_alert_events e LEFT JOIN users u ON u.id = e.user_id "
    "WHERE e.alert_id = $1 ORDER BY e.at, e.id LIMIT 1000"};

constexpr Statement kOperatorIds{
    "watch_operator_ids",
    "SELECT DISTINCT m.user_id FROM memberships m JOIN organizations o ON o.id = "
    "m.organization_id JOIN users u ON u.id = m.user_id WHERE o.municipality_code = $1 AND "
    "m.role = 'operator' AND u.status = 'active' ORDER BY m.user_id"};

std::optional<AlertUser> UserAt(const db::Row& r, size_t id, size_t name) {
  if (r.IsNull(id)) return std::nullopt;
  return AlertUser{r.Text(id), r.Text(name)};
}

Alert AlertFrom(const db::Row& r) {
  Alert a;
  a.id = r.Text(0);
  a.person_id = r.Text(1);
  a.person_name = r.Text(2);
  a.municipality_code = r.Text(3);
  a.device_id = r.OptText(4);
  a.device_kind = r.Text(5);
  a.device_place = r.Text(6);
  a.kind = r.Text(7);
  a.category = r.Text(8);
  a.severity = r.Text(9);
  a.state = r.Text(10);
  a.active = r.Bool(11);
  a.evidence_json = r.Text(12);
  a.opened_at = r.Int(13);
  a.updated_at = r.Int(14);
  a.cleared_at = r.OptInt(15);
  a.taken_by = UserAt(r, 16, 17);
  a.taken_at = r.OptInt(18);
  a.step = static_cast<int>(r.Int(19));
  a.next_step_at = r.OptInt(20);
  a.resolved_by = UserAt(r, 21, 22);
  a.resolved_at = r.OptInt(23);
  a.outcome = r.OptText(24);
  a.outcome_note = r.OptText(25);
  a.timeline_post_id = r.OptText(26);
  a.last_notified_at = r.OptInt(27);
  return a;
}

Result<std::vector<Alert>> Alerts(Result<db::Rows> rows) {
  if (!rows.ok()) return std::move(rows).error();
  std::vector<Alert> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(AlertFrom(r));
  return out;
}

Result<bool> Changed(Result<int64_t> n) {
  if (!n.ok()) return std::move(n).error();
  return *n > 0;
}

Position FirstPage() { return {std::numeric_limits<int64_t>::max(), ""}; }

}  // namespace

Result<std::optional<Alert>> Find(db::Connection& c, const std::string& alert_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kFind, {alert_id}));
  if (!row) return std::optional<Alert>();
  return std::optional<Alert>(AlertFrom(*row));
}

Result<std::vector<Alert>> ForReconcile(db::Connection& c, const std::string& person_id) {
  return Alerts(c.Query(kForReconcile, {person_id}));
}

Result<std::vector<Alert>> UnresolvedIn(db::Connection& c, const std::string& municipality_code,
                                        const std::string& category, int limit) {
  return Alerts(c.Query(kUnresolvedIn, {municipality_code, category, limit}));
}

Result<std::vector<Alert>> ResolvedIn(db::Connection& c, const std::string& municipality_code,
                                      const std::string& category,
                                      const std::optional<Position>& from, int limit) {
  Position p = from.value_or(FirstPage());
  return Alerts(c.Query(kResolvedIn, {municipality_code, category, p.at, p.id, limit}));
}

Result<std::vector<Alert>> OfPerson(db::Connection& c, const std::string& person_id,
                                    const std::optional<Position>& from, int limit) {
  Position p = from.value_or(FirstPage());
  return Alerts(c.Query(kOfPerson, {person_id, p.at, p.id, limit}));
}

Result<std::vector<Alert>> HeldBy(db::Connection& c, const std::string& user_id) {
  return Alerts(c.Query(kHeldBy, {user_id}));
}

Result<void> Insert(db::Connection& c, const Alert& a, const std::string& open_key) {
  RETURN_IF_ERROR(
      c.Execute(kInsert, {a.id, a.person_id, a.device_id, a.kind, a.category, a.severity, open_key,
                          a.evidence_json, a.opened_at, a.next_step_at}));
  return core::Ok();
}

Result<void> UpdateCondition(db::Connection& c, const Alert& a) {
  RETURN_IF_ERROR(c.Execute(
      kUpdateCondition, {a.id, a.severity, a.evidence_json, a.active, a.cleared_at, a.updated_at}));
  return core::Ok();
}

Result<void> TouchResolved(db::Connection& c, const std::string& alert_id, int64_t now) {
  RETURN_IF_ERROR(c.Execute(kTouchResolved, {alert_id, now}));
  return core::Ok();
}

Result<void> SetResolvedInactive(db::Connection& c, const std::string& alert_id,
                                 std::optional<int64_t> cleared_at) {
  RETURN_IF_ERROR(c.Execute(kSetResolvedInactive, {alert_id, cleared_at}));
  return core::Ok();
}

Result<bool> MarkNotified(db::Connection& c, const std::string& alert_id, int64_t now,
                          int64_t min_gap_ms, bool force) {
  return Changed(c.Execute(kMarkNotified, {alert_id, now, now - min_gap_ms, force}));
}

Result<bool> Take(db::Connection& c, const std::string& alert_id, const std::string& user_id,
                  const std::string& expected_holder, int64_t now, int64_t next_step_at) {
  return Changed(c.Execute(kTake, {alert_id, user_id, expected_holder, now, next_step_at}));
}

Result<bool> Progress(db::Connection& c, const std::string& alert_id, const std::string& user_id,
                      int step, int64_t now, int64_t next_step_at) {
  return Changed(c.Execute(kProgress, {alert_id, user_id, step, now, next_step_at}));
}

Result<bool> Release(db::Connection& c, const std::string& alert_id, const std::string& user_id,
                     int64_t now) {
  return Changed(c.Execute(kRelease, {alert_id, user_id, now}));
}

Result<bool> Resolve(db::Connection& c, const std::string& alert_id, const std::string& user_id,
                     int64_t now, const std::string& outcome, const std::string& note) {
  return Changed(c.Execute(kResolve, {alert_id, user_id, now, outcome, note}));
}

Result<bool> SetTimelinePost(db::Connection& c, const std::string& alert_id,
                             const std::string& post_id) {
  return Changed(c.Execute(kSetTimelinePost, {alert_id, post_id}));
}

Result<void> InsertEvent(db::Connection& c, const AlertEvent& e) {
  std::optional<std::string> user;
  if (e.user) user = e.user->id;
  // The log reads in the order things happened. Ids made in the same millisecond do not sort
  // in that order, so an entry in the millisecond of the previous one (the system reactivating
  // and raising an alert at once, a take and a call in one instant) goes one millisecond later.
  ASSIGN_OR_RETURN(auto last, c.QueryOne(kLastEventAt, {e.alert_id}));
  int64_t at = e.at;
  if (last && !last->IsNull(0) && last->Int(0) >= at) at = last->Int(0) + 1;
  RETURN_IF_ERROR(c.Execute(kInsertEvent, {e.id, e.alert_id, at, user, e.action, e.step, e.callee,
                                           e.phone, e.answered, e.note}));
  return core::Ok();
}

Result<std::vector<AlertEvent>> EventsOf(db::Connection& c, const std::string& alert_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kEventsOf, {alert_id}));
  std::vector<AlertEvent> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    AlertEvent e;
    e.id = r.Text(0);
    e.alert_id = r.Text(1);
    e.at = r.Int(2);
    e.user = UserAt(r, 3, 4);
    e.action = r.Text(5);
    e.step = r.OptText(6);
    e.callee = r.OptText(7);
    e.phone = r.OptText(8);
    if (!r.IsNull(9)) e.answered = r.Bool(9);
    e.note = r.Text(10);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<std::string>> OperatorIds(db::Connection& c,
                                             const std::string& municipality_code) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kOperatorIds, {municipality_code}));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}

}  // namespace watch::alerts

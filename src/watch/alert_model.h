// The watch alerts (spec 06 "Alerts and escalation") as the alert store, service and JSON pass
// them around: the alert with its lifecycle, and the entries of its log (lifecycle changes the
// system makes, calls and hand-overs the operators make).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace watch {

/// A user as the alert screens show them.
struct AlertUser {
  std::string id;
  std::string display_name;
};

/// One alert (watch_alerts) with the names the screens need.
/// - state: open → taken → resolved. `active` says whether the condition still holds; it is kept
///   after resolving (a resolved alert whose condition still holds keeps a new one from opening,
///   see AlertService::Reconcile).
/// - step: how far the call ladder went, as the index of the furthest step acted on
///   (0 none, then LadderSteps() order from 1: person, family, care_manager, city, emergency).
/// - next_step_at: when the current step is due (the timer); overdue once passed.
struct Alert {
  std::string id;
  std::string person_id;
  std::string person_name;
  std::string municipality_code;  // of the person's watch enrolment
  std::optional<std::string> device_id;
  std::string device_kind;   // "" without a device
  std::string device_place;  // "" without a device
  std::string kind;          // AlertKindCode
  std::string category;      // person | device
  std::string severity;      // SeverityCode
  std::string state;         // open | taken | resolved
  bool active = true;
  std::string evidence_json = "{}";
  int64_t opened_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> cleared_at;
  std::optional<AlertUser> taken_by;
  std::optional<int64_t> taken_at;
  int step = 0;
  std::optional<int64_t> next_step_at;
  std::optional<AlertUser> resolved_by;
  std::optional<int64_t> resolved_at;
  std::optional<std::string> outcome;
  std::optional<std::string> outcome_note;
  std::optional<std::string> timeline_post_id;
  std::optional<int64_t> last_notified_at;

  bool resolved() const { return state == "resolved"; }
  /// The timer ran out while nobody closed the alert.
  bool Overdue(int64_t now) const { return !resolved() && next_step_at && now >= *next_step_at; }
};

/// One entry of an alert's log (watch_alert_events). What the free columns hold per action:
/// - opened | updated | cleared | reactivated (the system, `user` empty): `note` says what
///   changed ("severity alert → severe").
/// - taken: `note` the operator's note.
/// - handed_over: `user` the one acting; `callee` the operator who held the alert before (taking
///   over) or empty (returned to the queue by release-mine); `note` the hand-over note.
/// - call: `step` (person | family | care_manager | city), `callee`, `phone`, `answered`, `note`.
/// - notified: `step` (care_manager | city), `callee` the names of those notified, `note`.
/// - advised: `step` "emergency", `callee` the advice (119 | welfare_visit), `note`.
/// - resolved: `callee` the outcome, `note` the outcome note.
/// - posted: the alert was written to the person's timeline.
struct AlertEvent {
  std::string id;
  std::string alert_id;
  int64_t at = 0;
  std::optional<AlertUser> user;
  std::string action;
  std::optional<std::string> step;
  std::optional<std::string> callee;
  std::optional<std::string> phone;
  std::optional<bool> answered;
  std::string note;
};

/// Someone the operator may call or notify on one step of the ladder.
struct LadderContact {
  std::string name;
  std::optional<std::string> user_id;  // care managers and city officers: notified in-app
  std::string relation;                // key persons: 続柄 as recorded
  std::string organization_name;
  std::vector<std::string> phones;
  bool lives_with = false;
  std::string note;
  int attempts = 0;  // calls recorded to this contact (by name) on this alert
  bool answered = false;
};

struct LadderStep {
  std::string step;  // kLadderSteps code
  std::vector<LadderContact> contacts;
  std::string advice;  // the emergency step: what to consider
  bool done = false;   // the alert's step reached it
};

/// The call ladder (エスカレーション) in order; Alert::step counts from 1 in this order.
inline constexpr std::string_view kLadderSteps[] = {"person", "family", "care_manager", "city",
                                                    "emergency"};
/// The 1-based index of a ladder step, 0 for an unknown code.
inline int LadderIndex(std::string_view step) {
  for (size_t i = 0; i < std::size(kLadderSteps); ++i) {
    if (kLadderSteps[i] == step) return static_cast<int>(i) + 1;
  }
  return 0;
}

}  // namespace watch

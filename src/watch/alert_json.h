// JSON forms of the watch alerts for the API (docs/watch-api.md "Alerts and the call ladder"),
// and the Japanese summary an alert leaves on the person's timeline.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "watch/alert_model.h"

namespace watch {

/// The ladder step code of Alert::step (1-based), or null for 0.
boost::json::value StepJson(int step);

/// A row of the alert lists: id, person, device, kind, category, severity, state, active, times,
/// taken_by, step, next_step_at, overdue (at `now`), resolved_at, outcome.
boost::json::object AlertItemJson(const Alert& a, int64_t now);
/// The row plus evidence, taken_at, resolved_by, outcome_note and timeline_post_id.
boost::json::object AlertJson(const Alert& a, int64_t now);
boost::json::object EventJson(const AlertEvent& e);
boost::json::array LadderJson(const std::vector<LadderStep>& ladder);

/// Japanese labels for people (the screens have their own; these are for the timeline text).
std::string_view AlertKindLabel(std::string_view kind);
std::string_view SeverityLabel(std::string_view severity);
std::string_view OutcomeLabel(std::string_view outcome);
std::string_view StepLabel(std::string_view step);
/// "11月22日 08:00" in JST.
std::string FormatJstDateTime(int64_t ms);

/// The timeline text of a resolved alert: what it was, when it opened and was resolved, the call
/// log in short (oldest first), the outcome and the notes. `extra_note` is the poster's note.
std::string TimelineSummary(const Alert& a, const std::vector<AlertEvent>& events,
                            const std::string& extra_note);

}  // namespace watch

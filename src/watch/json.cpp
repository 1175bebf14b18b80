#include "watch/json.h"

#include <boost/json/parse.hpp>

namespace watch {
namespace json = boost::json;

json::object ParseStoredObject(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.as_object());
}

json::object ToJson(const Subject& s) {
  return {{"person_id", s.person_id},
          {"person_name", s.person_name},
          {"municipality_code", s.municipality_code},
          {"started_at", s.started_at},
          {"ended_at", Opt(s.ended_at)},
          {"active", !s.ended_at.has_value()},
          {"settings", ParseStoredObject(s.settings_json)},
          {"runbook", ParseStoredObject(s.runbook_json)},
          {"updated_at", s.updated_at}};
}

json::object ToJson(const Device& d) {
  return {{"id", d.id},
          {"person_id", d.person_id},
          {"gateway_id", Opt(d.gateway_id)},
          {"kind", d.kind},
          {"place", d.place},
          {"firmware", d.firmware},
          {"installed_at", d.installed_at},
          {"removed_at", Opt(d.removed_at)},
          {"battery_pct", Opt(d.battery_pct)},
          {"last_seen_at", Opt(d.last_seen_at)},
          {"last_event_at", Opt(d.last_event_at)},
          {"last_activity_at", Opt(d.last_activity_at)},
          {"last_heartbeat_at", Opt(d.last_heartbeat_at)},
          {"temperature_c", Opt(d.temperature_c)},
          {"humidity_pct", Opt(d.humidity_pct)},
          {"climate_at", Opt(d.climate_at)},
          {"day_start", Opt(d.day_start)},
          {"day_openings", d.day_openings}};
}

json::object ToJson(const Absence& a) {
  return {{"id", a.id},
          {"person_id", a.person_id},
          {"reason", a.reason},
          {"starts_at", a.starts_at},
          {"ends_at", a.ends_at},
          {"note", a.note},
          {"created_by", {{"id", a.created_by}, {"display_name", a.created_by_name}}},
          {"created_at", a.created_at},
          {"cancelled_at", Opt(a.cancelled_at)}};
}

}  // namespace watch

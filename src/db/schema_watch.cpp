#include "db/schema_parts.h"

namespace db::schema {

// Watch (spec 06, みまもり): persons enrolled in the home-sensor service, their devices, the raw
// events and hourly aggregates, the alerts with their call log, scheduled absences, reports and
// trend signs.
// - watch_subjects: enrolment of a person (the municipality's watch service), per-person
//   threshold overrides and the runbook (whom to call, in order) as JSON.
// - watch_devices: `id` is the device's public id (MQTT topic level, Authorization header); the
//   secret is sealed with the server key. The columns after `removed_at` are the device's latest
//   state, kept by the ingester so that the rules and the status list read one row per device:
//   `day_openings` counts the openings of the local (JST) day starting at `day_start`.
// - watch_events: see the backend-specific parts below; idempotent on (device_id, seq).
// - watch_hourly: per device and UTC hour, kept for good (raw events expire).
// - watch_alerts: `open_key` (person|device|kind) is unique while the alert is not resolved, so a
//   persisting condition updates its alert instead of opening another; resolving sets it NULL.
const std::string_view kWatch = R"SQL(
CREATE TABLE watch_subjects (
  person_id TEXT PRIMARY KEY REFERENCES persons(id),
  municipality_code TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at BIGINT,
  settings TEXT NOT NULL DEFAULT '{}',
  runbook TEXT NOT NULL DEFAULT '{}',
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX watch_subjects_municipality ON watch_subjects (municipality_code, person_id);

CREATE TABLE watch_region_settings (
  municipality_code TEXT PRIMARY KEY,
  settings TEXT NOT NULL,
  updated_by TEXT REFERENCES users(id),
  updated_at BIGINT NOT NULL
);

CREATE TABLE watch_devices (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  gateway_id TEXT REFERENCES watch_devices(id),
  kind TEXT NOT NULL,
  place TEXT NOT NULL,
  firmware TEXT NOT NULL DEFAULT '',
  secret_sealed TEXT NOT NULL,
  installed_at BIGINT NOT NULL,
  removed_at BIGINT,
  battery_pct INTEGER,
  last_seen_at BIGINT,
  last_event_at BIGINT,
  last_activity_at BIGINT,
  last_heartbeat_at BIGINT,
  temperature_c DOUBLE PRECISION,
  humidity_pct DOUBLE PRECISION,
  climate_at BIGINT,
  day_start BIGINT,
  day_openings INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX watch_devices_person ON watch_devices (person_id);

CREATE TABLE watch_hourly (
  device_id TEXT NOT NULL REFERENCES watch_devices(id),
  hour BIGINT NOT NULL,
  person_id TEXT NOT NULL,
  openings INTEGER NOT NULL DEFAULT 0,
  motions INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  temp_sum DOUBLE PRECISION NOT NULL DEFAULT 0,
  temp_n INTEGER NOT NULL DEFAULT 0,
  temp_min DOUBLE PRECISION,
  temp_max DOUBLE PRECISION,
  hum_sum DOUBLE PRECISION NOT NULL DEFAULT 0,
  hum_n INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (device_id, hour)
);
CREATE INDEX watch_hourly_person ON watch_hourly (person_id, hour);

CREATE TABLE watch_absences (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  reason TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  cancelled_at BIGINT,
  cancelled_by TEXT REFERENCES users(id)
);
CREATE INDEX watch_absences_person ON watch_absences (person_id, ends_at);

CREATE TABLE watch_alerts (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  device_id TEXT REFERENCES watch_devices(id),
  kind TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  state TEXT NOT NULL,
  active INTEGER NOT NULL,
  open_key TEXT UNIQUE,
  evidence TEXT NOT NULL,
  opened_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  cleared_at BIGINT,
  taken_by TEXT REFERENCES users(id),
  taken_at BIGINT,
  step INTEGER NOT NULL DEFAULT 0,
  next_step_at BIGINT,
  resolved_by TEXT REFERENCES users(id),
  resolved_at BIGINT,
  outcome TEXT,
  outcome_note TEXT,
  timeline_post_id TEXT,
  last_notified_at BIGINT
);
CREATE INDEX watch_alerts_person ON watch_alerts (person_id, opened_at);
CREATE INDEX watch_alerts_state ON watch_alerts (state, opened_at);

CREATE TABLE watch_alert_events (
  id TEXT PRIMARY KEY,
  alert_id TEXT NOT NULL REFERENCES watch_alerts(id),
  at BIGINT NOT NULL,
  user_id TEXT REFERENCES users(id),
  action TEXT NOT NULL,
  step TEXT,
  callee TEXT,
  phone TEXT,
  answered INTEGER,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX watch_alert_events_alert ON watch_alert_events (alert_id, at);

CREATE TABLE watch_reports (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  slot_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (person_id, slot_at)
);

CREATE TABLE watch_signs (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  sign TEXT NOT NULL,
  week_start BIGINT NOT NULL,
  detected_at BIGINT NOT NULL,
  evidence TEXT NOT NULL,
  UNIQUE (person_id, sign, week_start)
);
)SQL";

// Raw events: the highest-volume table, so no foreign key (the ingester inserts only events of
// registered devices) and, on SQLite, no rowid: the primary key is the table, which saves one
// b-tree insert per event. `ts` is the device's time; retention deletes by it.
const std::string_view kWatchEventsSqlite = R"SQL(
CREATE TABLE watch_events (
  device_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  ts BIGINT NOT NULL,
  type INTEGER NOT NULL,
  temperature_c DOUBLE PRECISION,
  humidity_pct DOUBLE PRECISION,
  battery_pct INTEGER,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (device_id, seq)
) WITHOUT ROWID;
CREATE INDEX watch_events_ts ON watch_events (ts);
)SQL";

const std::string_view kWatchEventsPostgres = R"SQL(
CREATE TABLE watch_events (
  device_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  ts BIGINT NOT NULL,
  type SMALLINT NOT NULL,
  temperature_c DOUBLE PRECISION,
  humidity_pct DOUBLE PRECISION,
  battery_pct INTEGER,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (device_id, seq)
);
CREATE INDEX watch_events_ts ON watch_events (ts);
)SQL";

}  // namespace db::schema

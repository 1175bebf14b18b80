#include "db/schema_parts.h"

namespace db::schema {

// Emergency (spec 08): the QR card, EMS break-glass accesses (one per incident and person) and
// the hand-over of an access to the receiving hospital. ACP and the emergency kit are profile
// parts (person_profile_versions), not tables of their own.
// - emergency_cards: the token's SHA-256 finds the card; the token itself is kept sealed with
//   the server's secret key, so that the same card can be printed again.
// - ems_accesses: the incident number, the reason and the time limit of one crew member's
//   access; the destination and the hospital's outcome are recorded on it.
// - handovers: what the receiving hospital holds: the organization whose members may read, or
//   a one-time link (token and PIN stored as hashes) and, once unlocked, the browser's grant.
const std::string_view kEmergency = R"SQL(
CREATE TABLE emergency_cards (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  token_hash TEXT NOT NULL UNIQUE,
  token_sealed TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  revoked_by TEXT REFERENCES users(id)
);
CREATE INDEX emergency_cards_person ON emergency_cards (person_id, created_at);

CREATE TABLE ems_accesses (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  organization_id TEXT NOT NULL REFERENCES organizations(id),
  incident_number TEXT NOT NULL,
  reason TEXT NOT NULL,
  found_by TEXT NOT NULL,
  card_id TEXT REFERENCES emergency_cards(id),
  opened_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  destination_org_id TEXT REFERENCES organizations(id),
  destination_name TEXT,
  destination_set_at BIGINT,
  outcome TEXT,
  outcome_note TEXT,
  outcome_at BIGINT,
  outcome_by_user TEXT REFERENCES users(id),
  outcome_reporter TEXT,
  outcome_via TEXT
);
CREATE INDEX ems_accesses_user ON ems_accesses (user_id, opened_at);
CREATE INDEX ems_accesses_person ON ems_accesses (person_id, opened_at);
CREATE INDEX ems_accesses_destination ON ems_accesses (destination_org_id, expires_at);

CREATE TABLE handovers (
  id TEXT PRIMARY KEY,
  access_id TEXT NOT NULL REFERENCES ems_accesses(id),
  organization_id TEXT REFERENCES organizations(id),
  link_token_hash TEXT UNIQUE,
  pin_hash TEXT,
  failed_pins INTEGER NOT NULL DEFAULT 0,
  grant_hash TEXT UNIQUE,
  unlocked_at BIGINT,
  created_at BIGINT NOT NULL,
  ended_at BIGINT
);
CREATE INDEX handovers_access ON handovers (access_id, created_at);
)SQL";

// The key persons' phones as digits (care::IndexKeyPersonPhones keeps it in step with the latest
// key_persons version), so that EMS finds a person by the number a relative calls from.
const std::string_view kPersonPhones = R"SQL(
CREATE TABLE person_phones (
  person_id TEXT NOT NULL REFERENCES persons(id),
  digits TEXT NOT NULL,
  PRIMARY KEY (person_id, digits)
);
CREATE INDEX person_phones_digits ON person_phones (digits);
)SQL";

}  // namespace db::schema

// Care-network tables (spec 02): persons and their versioned care profile, status history,
// consent, care teams, the timeline with versions, reads and acknowledgements, vitals and
// attachments; then the per-user notification settings. Portable SQL as in schema.cpp.
#include "db/schema_parts.h"

namespace db::schema {

const std::string_view kCareNetwork = R"SQL(
CREATE TABLE persons (
  id TEXT PRIMARY KEY,
  municipality_code TEXT NOT NULL REFERENCES municipalities(code),
  resident_id TEXT,
  name TEXT NOT NULL,
  kana TEXT NOT NULL,
  search_name TEXT NOT NULL,
  search_kana TEXT NOT NULL,
  sex TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  postal_code TEXT,
  address TEXT NOT NULL DEFAULT '',
  latitude DOUBLE PRECISION,
  longitude DOUBLE PRECISION,
  location_source TEXT NOT NULL DEFAULT 'none',
  phone TEXT,
  search_phone TEXT NOT NULL DEFAULT '',
  categories TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'at_home',
  status_since TEXT,
  photo_attachment_id TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL REFERENCES users(id),
  updated_at BIGINT NOT NULL
);
CREATE INDEX persons_kana_id ON persons (search_kana, id);
CREATE INDEX persons_municipality_kana ON persons (municipality_code, search_kana, id);
CREATE INDEX persons_birth_date ON persons (birth_date);
CREATE INDEX persons_phone ON persons (search_phone);

CREATE TABLE person_profile_versions (
  person_id TEXT NOT NULL REFERENCES persons(id),
  part TEXT NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL,
  changed_by TEXT NOT NULL REFERENCES users(id),
  changed_at BIGINT NOT NULL,
  PRIMARY KEY (person_id, part, version)
);

CREATE TABLE person_status_history (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  status TEXT NOT NULL,
  since TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  recorded_by TEXT NOT NULL REFERENCES users(id),
  recorded_at BIGINT NOT NULL
);
CREATE INDEX person_status_history_person ON person_status_history (person_id, since, recorded_at);

CREATE TABLE consents (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  scope_team INTEGER NOT NULL,
  scope_emergency INTEGER NOT NULL,
  scope_disaster INTEGER NOT NULL,
  scope_family INTEGER NOT NULL,
  obtained_on TEXT NOT NULL,
  obtained_by TEXT NOT NULL REFERENCES users(id),
  given_by TEXT NOT NULL,
  representative_name TEXT,
  representative_relation TEXT,
  method TEXT NOT NULL,
  scan_attachment_id TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  withdrawn_on TEXT,
  withdrawn_at BIGINT,
  withdrawn_by TEXT REFERENCES users(id),
  withdrawal_reason TEXT
);
CREATE INDEX consents_person ON consents (person_id, created_at);

CREATE TABLE care_team_members (
  person_id TEXT NOT NULL REFERENCES persons(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  organization_id TEXT REFERENCES organizations(id),
  team_role TEXT NOT NULL,
  status TEXT NOT NULL,
  invited_by TEXT REFERENCES users(id),
  invited_at BIGINT NOT NULL,
  joined_at BIGINT,
  ended_at BIGINT,
  ended_by TEXT REFERENCES users(id),
  PRIMARY KEY (person_id, user_id)
);
CREATE INDEX care_team_members_user ON care_team_members (user_id, status, person_id);

CREATE TABLE timeline_posts (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  parent_id TEXT REFERENCES timeline_posts(id),
  is_reply INTEGER NOT NULL DEFAULT 0,
  author_id TEXT NOT NULL REFERENCES users(id),
  author_org_id TEXT,
  category TEXT NOT NULL,
  body TEXT NOT NULL,
  search_text TEXT NOT NULL,
  important INTEGER NOT NULL DEFAULT 0,
  ack_requested INTEGER NOT NULL DEFAULT 0,
  share_family INTEGER NOT NULL DEFAULT 0,
  reply_count INTEGER NOT NULL DEFAULT 0,
  attachment_count INTEGER NOT NULL DEFAULT 0,
  has_vitals INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  edited_at BIGINT,
  deleted_at BIGINT,
  deleted_by TEXT REFERENCES users(id),
  delete_reason TEXT,
  last_reminded_at BIGINT
);
CREATE INDEX timeline_posts_page ON timeline_posts (person_id, is_reply, created_at, id);
CREATE INDEX timeline_posts_replies ON timeline_posts (parent_id, created_at, id);
CREATE INDEX timeline_posts_ack ON timeline_posts (ack_requested, created_at);

CREATE TABLE timeline_post_versions (
  post_id TEXT NOT NULL REFERENCES timeline_posts(id),
  version INTEGER NOT NULL,
  category TEXT NOT NULL,
  body TEXT NOT NULL,
  important INTEGER NOT NULL,
  edited_by TEXT NOT NULL REFERENCES users(id),
  edited_at BIGINT NOT NULL,
  PRIMARY KEY (post_id, version)
);

CREATE TABLE timeline_mentions (
  post_id TEXT NOT NULL REFERENCES timeline_posts(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  PRIMARY KEY (post_id, user_id)
);

CREATE TABLE timeline_reads (
  post_id TEXT NOT NULL REFERENCES timeline_posts(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  read_at BIGINT NOT NULL,
  PRIMARY KEY (post_id, user_id)
);

CREATE TABLE timeline_acks (
  post_id TEXT NOT NULL REFERENCES timeline_posts(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  acked_at BIGINT NOT NULL,
  PRIMARY KEY (post_id, user_id)
);

CREATE TABLE vitals (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  post_id TEXT REFERENCES timeline_posts(id),
  measured_at BIGINT NOT NULL,
  systolic INTEGER,
  diastolic INTEGER,
  pulse INTEGER,
  temperature DOUBLE PRECISION,
  spo2 INTEGER,
  respiration INTEGER,
  weight DOUBLE PRECISION,
  glucose INTEGER,
  recorded_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX vitals_person_time ON vitals (person_id, measured_at);
CREATE INDEX vitals_post ON vitals (post_id);

CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  owner_type TEXT NOT NULL DEFAULT '',
  owner_id TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  content_type TEXT NOT NULL,
  byte_size BIGINT NOT NULL,
  width INTEGER,
  height INTEGER,
  sha256 TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  thumbnail_key TEXT,
  original_name TEXT NOT NULL DEFAULT '',
  uploaded_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  deleted_at BIGINT
);
CREATE INDEX attachments_person ON attachments (person_id, owner_type, owner_id);
)SQL";

const std::string_view kNotificationSettings = R"SQL(
CREATE TABLE notification_settings (
  user_id TEXT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  mode TEXT NOT NULL,
  PRIMARY KEY (user_id, kind)
);

CREATE TABLE notification_preferences (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  quiet_start INTEGER,
  quiet_end INTEGER,
  email_enabled INTEGER NOT NULL DEFAULT 0,
  digest_minute INTEGER NOT NULL DEFAULT 480,
  last_digest_at BIGINT,
  last_email_at BIGINT,
  updated_at BIGINT NOT NULL
);

ALTER TABLE notifications ADD COLUMN delivery TEXT NOT NULL DEFAULT 'immediate';
CREATE INDEX notifications_digest ON notifications (delivery, created_at);
)SQL";

// Reference points for geocoding (位置参照情報: one point per 町字 or 丁目).
const std::string_view kAddressPoints = R"SQL(
CREATE TABLE address_points (
  municipality_code TEXT NOT NULL REFERENCES municipalities(code),
  base TEXT NOT NULL,
  chome INTEGER NOT NULL,
  town TEXT NOT NULL,
  latitude DOUBLE PRECISION NOT NULL,
  longitude DOUBLE PRECISION NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (municipality_code, base, chome)
);
)SQL";

}  // namespace db::schema

namespace db::schema {

// Read paths of the care network at region scale (bench/care/run).
// - persons.timeline_version: bumped in the same transaction as every change to what a
//   timeline page shows (posts, replies, reads, acknowledgements, the team), so a cached page
//   is known to be current by comparing one number; cache_generations 'directory' does the same
//   for the names of users and organizations shown on every page.
// - person_name_grams: every two-character window of a person's search name (the last window
//   is one character), so that a part of a name is found from an index instead of by reading
//   every person of a municipality. Filled here for existing persons; kept by PersonStore.
const std::string_view kCareReadPaths = R"SQL(
ALTER TABLE persons ADD COLUMN timeline_version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE cache_generations (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO cache_generations (name, value) VALUES ('directory', 0);

CREATE TABLE person_name_grams (
  municipality_code TEXT NOT NULL,
  gram TEXT NOT NULL,
  person_id TEXT NOT NULL REFERENCES persons(id),
  PRIMARY KEY (municipality_code, gram, person_id)
);
CREATE INDEX person_name_grams_person ON person_name_grams (person_id);
)SQL" PERSON_NAME_GRAMS_INSERT ";\n";
const std::string_view kPersonNameGramsBackfill = PERSON_NAME_GRAMS_INSERT;

// Family members (or the person) the care team invited (spec 09, used by spec 08: the family
// keeps the emergency kit and the key persons current). The account is the one the invitation
// made (invitations.user_id); the link stops at revoked_at or when the family consent ends.
const std::string_view kFamilyMembers = R"SQL(
CREATE TABLE family_members (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES persons(id),
  invitation_id TEXT NOT NULL UNIQUE REFERENCES invitations(id),
  display_name TEXT NOT NULL,
  relation TEXT NOT NULL,
  invited_by TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  revoked_by TEXT REFERENCES users(id)
);
CREATE INDEX family_members_person ON family_members (person_id, created_at);
CREATE INDEX invitations_user ON invitations (user_id);
)SQL";

}  // namespace db::schema

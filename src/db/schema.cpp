// The product's schema, one forward-only migration after another. Portable SQL only: the same
// text runs on SQLite and PostgreSQL (and PostgreSQL-compatible distributed engines).
#include "care/phone_index.h"
#include "db/migrations.h"
#include "db/schema_parts.h"

namespace db {
namespace {

constexpr std::string_view kFoundation = R"SQL(
CREATE TABLE region_network (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE municipalities (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kana TEXT NOT NULL DEFAULT '',
  prefecture TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active',
  created_at BIGINT NOT NULL
);

CREATE TABLE professions (
  code TEXT PRIMARY KEY,
  name_ja TEXT NOT NULL,
  name_en TEXT NOT NULL,
  sort_order INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE organization_types (
  code TEXT PRIMARY KEY,
  name_ja TEXT NOT NULL,
  name_en TEXT NOT NULL,
  sort_order INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE organizations (
  id TEXT PRIMARY KEY,
  municipality_code TEXT NOT NULL REFERENCES municipalities(code),
  type_code TEXT NOT NULL REFERENCES organization_types(code),
  name TEXT NOT NULL,
  kana TEXT NOT NULL DEFAULT '',
  search_name TEXT NOT NULL,
  search_kana TEXT NOT NULL,
  care_office_number TEXT,
  medical_institution_code TEXT,
  postal_code TEXT,
  address TEXT,
  latitude DOUBLE PRECISION,
  longitude DOUBLE PRECISION,
  phone TEXT,
  fax TEXT,
  email TEXT,
  status TEXT NOT NULL DEFAULT 'active',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX organizations_municipality ON organizations (municipality_code, search_kana);
CREATE INDEX organizations_kana ON organizations (search_kana);
CREATE INDEX organizations_type ON organizations (type_code);
CREATE UNIQUE INDEX organizations_care_office ON organizations (care_office_number)
  WHERE care_office_number IS NOT NULL;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  login_id TEXT NOT NULL,
  login_key TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  kana TEXT NOT NULL DEFAULT '',
  search_name TEXT NOT NULL,
  search_kana TEXT NOT NULL,
  profession_code TEXT REFERENCES professions(code),
  account_type TEXT NOT NULL,
  is_system_admin INTEGER NOT NULL DEFAULT 0,
  phone TEXT,
  email TEXT,
  status TEXT NOT NULL DEFAULT 'active',
  last_login_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX users_kana ON users (search_kana);
CREATE INDEX users_profession ON users (profession_code, search_kana);

CREATE TABLE memberships (
  user_id TEXT NOT NULL REFERENCES users(id),
  organization_id TEXT NOT NULL REFERENCES organizations(id),
  role TEXT NOT NULL,
  title TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, organization_id)
);
CREATE INDEX memberships_organization ON memberships (organization_id, user_id);

CREATE TABLE credentials (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  password_hash TEXT,
  password_changed_at BIGINT,
  totp_secret TEXT,
  totp_enabled INTEGER NOT NULL DEFAULT 0,
  totp_last_step BIGINT NOT NULL DEFAULT 0,
  totp_enrolled_at BIGINT,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  lockouts INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE recovery_codes (
  user_id TEXT NOT NULL REFERENCES users(id),
  code_hash TEXT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id TEXT NOT NULL REFERENCES users(id),
  stage TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  bearer INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ip TEXT,
  user_agent TEXT,
  revoked_at BIGINT,
  revoked_reason TEXT
);
CREATE INDEX sessions_user ON sessions (user_id, created_at);

CREATE TABLE invitations (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  organization_id TEXT REFERENCES organizations(id),
  role TEXT,
  user_id TEXT REFERENCES users(id),
  display_name TEXT,
  kana TEXT,
  profession_code TEXT,
  email TEXT,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  revoked_at BIGINT
);
CREATE INDEX invitations_organization ON invitations (organization_id, created_at);

CREATE TABLE audit_log (
  chain TEXT NOT NULL,
  seq BIGINT NOT NULL,
  id TEXT NOT NULL,
  at BIGINT NOT NULL,
  user_id TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  municipality_code TEXT NOT NULL,
  role TEXT NOT NULL,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  outcome TEXT NOT NULL,
  request_id TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (chain, seq)
);
CREATE INDEX audit_log_at ON audit_log (at, chain, seq);
CREATE INDEX audit_log_person ON audit_log (person_id, at);
CREATE INDEX audit_log_user ON audit_log (user_id, at);

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  seq BIGINT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  person_id TEXT,
  created_at BIGINT NOT NULL,
  read_at BIGINT,
  UNIQUE (user_id, seq)
);

CREATE TABLE imports (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  municipality_code TEXT,
  organization_id TEXT,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  file_sha256 TEXT NOT NULL,
  encoding TEXT NOT NULL,
  status TEXT NOT NULL,
  total_rows INTEGER NOT NULL,
  valid_rows INTEGER NOT NULL,
  error_rows INTEGER NOT NULL,
  payload TEXT NOT NULL,
  applied_at BIGINT,
  applied_by TEXT,
  result TEXT
);
CREATE INDEX imports_created ON imports (created_by, created_at);

INSERT INTO professions (code, name_ja, name_en, sort_order) VALUES
  ('doctor', '医師', 'Physician', 10),
  ('dentist', '歯科医師', 'Dentist', 20),
  ('pharmacist', '薬剤師', 'Pharmacist', 30),
  ('public_health_nurse', '保健師', 'Public health nurse', 40),
  ('midwife', '助産師', 'Midwife', 50),
  ('nurse', '看護師', 'Nurse', 60),
  ('assistant_nurse', '准看護師', 'Assistant nurse', 70),
  ('physical_therapist', '理学療法士', 'Physical therapist', 80),
  ('occupational_therapist', '作業療法士', 'Occupational therapist', 90),
  ('speech_therapist', '言語聴覚士', 'Speech-language-hearing therapist', 100),
  ('registered_dietitian', '管理栄養士', 'Registered dietitian', 110),
  ('dietitian', '栄養士', 'Dietitian', 120),
  ('dental_hygienist', '歯科衛生士', 'Dental hygienist', 130),
  ('psychologist', '公認心理師', 'Certified public psychologist', 140),
  ('clinical_engineer', '臨床工学技士', 'Clinical engineer', 150),
  ('judo_therapist', '柔道整復師', 'Judo therapist', 160),
  ('massage_therapist', 'あん摩マッサージ指圧師', 'Massage and shiatsu therapist', 170),
  ('acupuncturist', '鍼灸師', 'Acupuncturist and moxibustionist', 180),
  ('care_manager', '介護支援専門員', 'Care manager', 190),
  ('chief_care_manager', '主任介護支援専門員', 'Chief care manager', 200),
  ('social_worker', '社会福祉士', 'Certified social worker', 210),
  ('certified_care_worker', '介護福祉士', 'Certified care worker', 220),
  ('psychiatric_social_worker', '精神保健福祉士', 'Psychiatric social worker', 230),
  ('medical_social_worker', '医療ソーシャルワーカー', 'Medical social worker', 240),
  ('home_helper', '訪問介護員', 'Home helper', 250),
  ('care_worker', '介護職員', 'Care worker', 260),
  ('service_coordinator', 'サービス提供責任者', 'Home-care service coordinator', 270),
  ('welfare_equipment_advisor', '福祉用具専門相談員', 'Welfare equipment advisor', 280),
  ('disability_support_specialist', '相談支援専門員', 'Disability support specialist', 290),
  ('life_support_coordinator', '生活支援コーディネーター', 'Life support coordinator', 300),
  ('childcare_worker', '保育士', 'Childcare worker', 310),
  ('teacher', '教員', 'Teacher', 320),
  ('welfare_commissioner', '民生委員', 'Welfare commissioner', 330),
  ('municipal_officer', '行政職員', 'Municipal officer', 340),
  ('community_center_staff', '地域包括支援センター職員', 'Community general support center staff', 350),
  ('paramedic', '救急救命士', 'Paramedic', 360),
  ('ems_crew', '救急隊員', 'Ambulance crew', 370),
  ('firefighter', '消防職員', 'Fire service staff', 380),
  ('police_officer', '警察官', 'Police officer', 390),
  ('clerk', '事務職員', 'Clerical staff', 400),
  ('other', 'その他', 'Other', 999);

INSERT INTO organization_types (code, name_ja, name_en, sort_order) VALUES
  ('hospital', '病院', 'Hospital', 10),
  ('clinic', '診療所', 'Clinic', 20),
  ('dental_clinic', '歯科診療所', 'Dental clinic', 30),
  ('pharmacy', '薬局', 'Pharmacy', 40),
  ('visiting_nursing', '訪問看護ステーション', 'Home-visit nursing station', 50),
  ('care_management', '居宅介護支援事業所', 'Care-management office', 60),
  ('home_care', '訪問介護事業所', 'Home-care office', 70),
  ('day_service', '通所介護事業所', 'Day service', 80),
  ('short_stay', '短期入所事業所', 'Short stay', 90),
  ('nursing_home', '入所施設', 'Nursing home', 100),
  ('group_home', 'グループホーム', 'Group home', 110),
  ('community_support_center', '地域包括支援センター', 'Community general support center', 120),
  ('municipal_department', '市町村担当部署', 'Municipal department', 130),
  ('fire_department', '消防本部・消防署', 'Fire department', 140),
  ('police', '警察', 'Police', 150),
  ('social_welfare_council', '社会福祉協議会', 'Social welfare council', 160),
  ('school', '学校', 'School', 170),
  ('other', 'その他', 'Other', 999);
)SQL";

// Keyset pagination sorts by (search_kana, id): an index on both lets SQLite walk it in order
// instead of sorting each run of equal kana in a temporary B-tree (measured: bench/http).
constexpr std::string_view kDirectorySortIndexes = R"SQL(
CREATE INDEX organizations_kana_id ON organizations (search_kana, id);
CREATE INDEX users_kana_id ON users (search_kana, id);
DROP INDEX organizations_kana;
DROP INDEX users_kana;
)SQL";

// A data step is the one place where a migration calls into a module: only the module can read
// the JSON it stored.
// Not constexpr: the module texts live in other files (constant-initialized string views).
const Migration kMigrations[] = {
    {1, "foundation", kFoundation},
    {2, "directory_sort_indexes", kDirectorySortIndexes},
    {3, "care_network", schema::kCareNetwork},
    {4, "notification_settings", schema::kNotificationSettings},
    {5, "address_points", schema::kAddressPoints},
    {6, "care_read_paths", schema::kCareReadPaths},
    {7, "emergency", schema::kEmergency},
    {8, "person_phones", schema::kPersonPhones, {}, {}, care::BackfillKeyPersonPhones},
    {9, "family_members", schema::kFamilyMembers},
    {10, "watch", schema::kWatch, schema::kWatchEventsSqlite, schema::kWatchEventsPostgres},
};

}  // namespace

std::span<const Migration> AllMigrations() { return kMigrations; }

}  // namespace db

#include "care/person_store.h"

#include <algorithm>
#include <unordered_set>

#include "care/person_validation.h"
#include "care/phone_index.h"
#include "core/cursor.h"
#include "core/japanese_text.h"
#include "core/utf8.h"
#include "db/schema_parts.h"

namespace care {
namespace {

using db::Statement;

#define PERSON_COLUMNS                                                                      \
  "p.id, p.municipality_code, p.resident_id, p.name, p.kana, p.sex, p.birth_date, "         \
  "p.postal_code, p.address, p.latitude, p.longitude, p.location_source, p.phone, "         \
  "p.categories, p.status, p.status_since, p.version, p.created_at, p.created_by, "         \
  "cu.display_name, cu.profession_code, p.updated_at, p.updated_by, uu.display_name, "      \
  "uu.profession_code, p.photo_attachment_id FROM persons p LEFT JOIN users cu ON cu.id = " \
  "p.created_by LEFT JOIN "                                                                 \
  "users uu ON uu.id = p.updated_by "

constexpr Statement kInsertPerson{
    "care_insert_person",
    "INSERT INTO persons (id, municipality_code, resident_id, name, kana, search_name, "
    "search_kana, sex, birth_date, postal_code, address, latitude, longitude, location_source, "
    "phone, search_phone, categories, status, status_since, version, created_by, created_at, "
    "updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
    "$15, $16, $17, $18, $19, $20, $21, $22, $23, $24)"};
constexpr Statement kUpdateIdentity{
    "care_update_identity",
    "UPDATE persons SET municipality_code = $3, resident_id = $4, name = $5, kana = $6, "
    "search_name = $7, search_kana = $8, sex = $9, birth_date = $10, postal_code = $11, "
    "address = $12, latitude = $13, longitude = $14, location_source = $15, phone = $16, "
    "search_phone = $17, categories = $18, version = version + 1, updated_by = $19, "
    "updated_at = $20 WHERE id = $1 AND version = $2"};
constexpr Statement kGetPerson{"care_get_person", "SELECT " PERSON_COLUMNS "WHERE p.id = $1"};
constexpr Statement kSetPhoto{"care_set_person_photo",
                              "UPDATE persons SET photo_attachment_id = $2 WHERE id = $1"};
constexpr Statement kLockPerson{"care_lock_person",
                                "UPDATE persons SET version = version WHERE id = $1"};

#define SUMMARY_COLUMNS                                                                      \
  "p.id, p.name, p.kana, p.sex, p.birth_date, p.municipality_code, p.categories, p.status, " \
  "p.address, p.search_kana"

// The caller's teams. CROSS JOIN makes SQLite drive the loop from the caller's memberships
// (index care_team_members_user) instead of walking all persons in kana order; a member has
// tens of persons, which are then sorted in memory.
constexpr Statement kSearchTeams{
    "care_search_teams",
    "SELECT " SUMMARY_COLUMNS
    ", m.team_role FROM care_team_members m CROSS JOIN persons p "
    "WHERE m.user_id = $1 AND m.status = 'active' AND p.id = m.person_id "
    "AND EXISTS (SELECT 1 FROM consents c WHERE c.person_id = m.person_id AND c.scope_team = 1 "
    "AND c.withdrawn_at IS NULL) "
    "AND ($2 = '' OR p.municipality_code = $2) "
    "AND ($3 = '' OR p.search_kana LIKE $3 || '%' ESCAPE '\\' "
    "OR p.search_name LIKE '%' || $3 || '%' ESCAPE '\\') "
    "AND ($4 = '' OR ',' || p.categories || ',' LIKE '%,' || $4 || ',%' ESCAPE '\\') "
    "AND ($5 = '' OR p.status = $5) "
    "AND (p.search_kana, p.id) > ($6, $7) "
    "ORDER BY p.search_kana, p.id LIMIT $8"};

// One administered municipality, walked in kana order on persons_municipality_kana from the
// cursor on: the keyset is a plain row comparison (no "cursor = '' OR" escape hatch), so that it
// bounds the index range and a page costs `limit` rows however deep it is.
constexpr Statement kSearchMunicipality{
    "care_search_municipality",
    "SELECT " SUMMARY_COLUMNS
    ", COALESCE(m.team_role, '') FROM persons p LEFT JOIN care_team_members m "
    "ON m.person_id = p.id AND m.user_id = $1 AND m.status = 'active' "
    "WHERE p.municipality_code = $2 "
    "AND ($3 = '' OR ',' || p.categories || ',' LIKE '%,' || $3 || ',%' ESCAPE '\\') "
    "AND ($4 = '' OR p.status = $4) "
    "AND (p.search_kana, p.id) > ($5, $6) "
    "ORDER BY p.search_kana, p.id LIMIT $7"};
// With a search text, the two ways of matching are asked separately, each in the way an index
// can serve: a kana prefix is a range of persons_municipality_kana (search_kana from the text up
// to its successor), walked in order and stopped after `limit` rows.
constexpr Statement kSearchMunicipalityKana{
    "care_search_municipality_kana",
    "SELECT " SUMMARY_COLUMNS
    ", COALESCE(m.team_role, '') FROM persons p LEFT JOIN care_team_members m "
    "ON m.person_id = p.id AND m.user_id = $1 AND m.status = 'active' "
    "WHERE p.municipality_code = $2 AND p.search_kana >= $3 AND p.search_kana < $4 "
    "AND ($5 = '' OR ',' || p.categories || ',' LIKE '%,' || $5 || ',%' ESCAPE '\\') "
    "AND ($6 = '' OR p.status = $6) "
    "AND (p.search_kana, p.id) > ($7, $8) "
    "ORDER BY p.search_kana, p.id LIMIT $9"};
// A part of the name: the persons having a name window that starts like the text (its first
// one or two characters, an index range of person_name_grams), checked against the whole text
// and sorted; a common character gives hundreds of candidates, not the whole municipality.
constexpr Statement kSearchMunicipalityNamePart{
    "care_search_municipality_name_part",
    "SELECT " SUMMARY_COLUMNS
    ", COALESCE(m.team_role, '') FROM (SELECT DISTINCT person_id FROM person_name_grams "
    "WHERE municipality_code = $2 AND gram >= $3 AND gram < $4) g CROSS JOIN persons p "
    "LEFT JOIN care_team_members m ON m.person_id = p.id AND m.user_id = $1 "
    "AND m.status = 'active' "
    "WHERE p.id = g.person_id AND p.municipality_code = $2 "
    "AND p.search_name LIKE '%' || $5 || '%' ESCAPE '\\' "
    "AND ($6 = '' OR ',' || p.categories || ',' LIKE '%,' || $6 || ',%' ESCAPE '\\') "
    "AND ($7 = '' OR p.status = $7) AND (p.search_kana, p.id) > ($8, $9) "
    "ORDER BY p.search_kana, p.id LIMIT $10"};
constexpr Statement kDeleteNameGrams{"care_delete_name_grams",
                                     "DELETE FROM person_name_grams WHERE person_id = $1"};
constexpr Statement kInsertNameGrams{"care_insert_name_grams",
                                     PERSON_NAME_GRAMS_INSERT "WHERE p.id = $1"};
// A category or a status alone can only be found by looking at every row of the
// municipality (no index has them). Walking the kana index would then fetch each row by rowid,
// unbounded when few rows match; one sequential scan of the table (NOT INDEXED) with a top-N
// sort of the matches costs the same every time.
#define SCAN_REST                                                                    \
  "AND ($3 = '' OR ',' || p.categories || ',' LIKE '%,' || $3 || ',%' ESCAPE '\\') " \
  "AND ($4 = '' OR p.status = $4) AND (p.search_kana, p.id) > ($5, $6) "             \
  "ORDER BY p.search_kana, p.id LIMIT $7"
#define SCAN_FROM                                                            \
  " LEFT JOIN care_team_members m ON m.person_id = p.id AND m.user_id = $1 " \
  "AND m.status = 'active' WHERE p.municipality_code = $2 "
constexpr Statement kScanMunicipalitySqlite{
    "care_scan_municipality",
    "SELECT " SUMMARY_COLUMNS
    ", COALESCE(m.team_role, '') FROM persons p NOT INDEXED" SCAN_FROM SCAN_REST};
constexpr Statement kScanMunicipalityPostgres{
    "care_scan_municipality",
    "SELECT " SUMMARY_COLUMNS ", COALESCE(m.team_role, '') FROM persons p" SCAN_FROM SCAN_REST};

#define PART_COLUMNS                                                                          \
  "v.part, v.version, v.data, v.changed_at, v.changed_by, u.display_name, u.profession_code " \
  "FROM person_profile_versions v LEFT JOIN users u ON u.id = v.changed_by "

constexpr Statement kLatestVersion{
    "care_profile_latest_version",
    "SELECT COALESCE(MAX(version), 0) FROM person_profile_versions WHERE person_id = $1 AND "
    "part = $2"};
constexpr Statement kInsertVersion{
    "care_profile_insert_version",
    "INSERT INTO person_profile_versions (person_id, part, version, data, changed_by, "
    "changed_at) VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr Statement kLatestPart{"care_profile_latest_part",
                                "SELECT " PART_COLUMNS
                                "WHERE v.person_id = $1 AND v.part = $2 "
                                "ORDER BY v.version DESC LIMIT 1"};
constexpr Statement kLatestParts{
    "care_profile_latest_parts",
    "SELECT " PART_COLUMNS
    "WHERE v.person_id = $1 AND v.part <> 'identity' AND v.version = (SELECT MAX(w.version) "
    "FROM person_profile_versions w WHERE w.person_id = v.person_id AND w.part = v.part)"};
constexpr Statement kVersions{"care_profile_versions",
                              "SELECT " PART_COLUMNS
                              "WHERE v.person_id = $1 AND v.part = $2 ORDER BY v.version DESC"};

constexpr Statement kInsertStatus{
    "care_insert_status",
    "INSERT INTO person_status_history (id, person_id, status, since, place, note, recorded_by, "
    "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr Statement kStatuses{
    "care_statuses",
    "SELECT s.id, s.person_id, s.status, s.since, s.place, s.note, s.recorded_at, "
    "s.recorded_by, u.display_name, u.profession_code FROM person_status_history s "
    "LEFT JOIN users u ON u.id = s.recorded_by WHERE s.person_id = $1 "
    "ORDER BY s.since DESC, s.recorded_at DESC, s.id DESC"};
constexpr Statement kLatestStatus{
    "care_latest_status",
    "SELECT status, since FROM person_status_history WHERE person_id = $1 "
    "ORDER BY since DESC, recorded_at DESC, id DESC LIMIT 1"};
constexpr Statement kSetStatus{"care_set_status",
                               "UPDATE persons SET status = $2, status_since = $3 WHERE id = $1"};

constexpr Statement kMunicipalityExists{"care_municipality_exists",
                                        "SELECT 1 FROM municipalities WHERE code = $1"};
constexpr Statement kOrganizationExists{"care_organization_exists",
                                        "SELECT 1 FROM organizations WHERE id = $1"};
constexpr Statement kUserRef{"care_user_ref",
                             "SELECT id, display_name, profession_code FROM users WHERE id = $1"};

UserRef RefAt(const db::Row& r, size_t id, size_t name, size_t profession) {
  return UserRef{r.Text(id), r.Text(name), r.OptText(profession)};
}

Person PersonFromRow(const db::Row& r) {
  Person p;
  p.id = r.Text(0);
  Identity& id = p.identity;
  id.municipality_code = r.Text(1);
  id.resident_id = r.OptText(2);
  id.name = r.Text(3);
  id.kana = r.Text(4);
  id.sex = r.Text(5);
  id.birth_date = r.Text(6);
  id.postal_code = r.OptText(7);
  id.address = r.Text(8);
  id.latitude = r.OptReal(9);
  id.longitude = r.OptReal(10);
  id.location_source = r.Text(11);
  id.phone = r.OptText(12);
  id.categories = SplitCategories(r.Text(13));
  p.status = r.Text(14);
  p.status_since = r.OptText(15);
  p.version = r.Int(16);
  p.created_at = r.Int(17);
  p.created_by = RefAt(r, 18, 19, 20);
  p.updated_at = r.Int(21);
  p.updated_by = RefAt(r, 22, 23, 24);
  p.photo_attachment_id = r.OptText(25);
  return p;
}

PersonSummary SummaryFromRow(const db::Row& r) {
  PersonSummary s;
  s.id = r.Text(0);
  s.name = r.Text(1);
  s.kana = r.Text(2);
  s.sex = r.Text(3);
  s.birth_date = r.Text(4);
  s.municipality_code = r.Text(5);
  s.categories = SplitCategories(r.Text(6));
  s.status = r.Text(7);
  s.address = r.Text(8);
  s.search_kana = r.Text(9);
  s.my_team_role = r.Text(10);
  return s;
}

ProfilePart PartFromRow(const db::Row& r) {
  return ProfilePart{r.Text(0), r.Int(1), r.Text(2), r.Int(3), RefAt(r, 4, 5, 6)};
}

std::string EscapeLike(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

/// True when every character of the search key could appear in a reading's key (hiragana and
/// the long-vowel mark), so that the text may be the start of someone's kana.
bool IsReadingPrefix(std::string_view key) {
  size_t pos = 0;
  while (pos < key.size()) {
    auto cp = core::DecodeCodePoint(key, pos);
    if (!cp) return false;
    bool kana = (*cp >= 0x3041 && *cp <= 0x309F) || *cp == 0x30FC;
    if (!kana) return false;
  }
  return !key.empty();
}

/// The smallest string greater than every string that starts with `prefix` (its last code
/// point plus one), the exclusive end of a prefix range in code-point order.
std::string PrefixEnd(std::string_view prefix) {
  std::u32string cps = core::DecodeUtf8(prefix);
  std::string out;
  for (size_t i = 0; i + 1 < cps.size(); ++i) core::AppendUtf8(out, cps[i]);
  core::AppendUtf8(out, cps.back() + 1);
  return out;
}

/// The first one or two characters of a search key: what a name window containing the key
/// starts with.
std::string GramPrefix(std::string_view key) {
  std::u32string cps = core::DecodeUtf8(key);
  std::string out;
  for (size_t i = 0; i < cps.size() && i < 2; ++i) core::AppendUtf8(out, cps[i]);
  return out;
}

Result<std::pair<std::string, std::string>> CursorParts(const std::string& cursor) {
  if (cursor.empty()) return std::make_pair(std::string(), std::string());
  auto parts = core::DecodeCursor(cursor);
  // Decoded bytes go to the database as text: they must be UTF-8 (PostgreSQL refuses others).
  if (!parts || !core::IsValidUtf8(parts->first) || !core::IsValidUtf8(parts->second) ||
      parts->second.size() > 64) {
    return core::Error::Invalid("cursor", "カーソルが正しくありません (invalid cursor)");
  }
  return *parts;
}

}  // namespace

std::string JoinCategories(const std::vector<std::string>& categories) {
  std::string out;
  for (const auto& c : categories) out += (out.empty() ? "" : ",") + c;
  return out;
}

std::vector<std::string> SplitCategories(std::string_view stored) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= stored.size()) {
    size_t comma = stored.find(',', start);
    if (comma == std::string_view::npos) comma = stored.size();
    if (comma > start) out.emplace_back(stored.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

namespace {

/// The identity columns in the order both kInsertPerson ($2–$17) and kUpdateIdentity ($3–$18)
/// list them, with the search keys derived from the identity.
void AppendIdentity(std::vector<db::Param>& out, const Identity& id) {
  out.insert(out.end(), {id.municipality_code, id.resident_id, id.name, id.kana,
                         core::NormalizeForSearch(id.name), core::NormalizeForSearch(id.kana),
                         id.sex, id.birth_date, id.postal_code, id.address, id.latitude,
                         id.longitude, id.location_source, id.phone,
                         DigitsOnly(id.phone.value_or("")), JoinCategories(id.categories)});
}

}  // namespace

Result<void> PersonStore::Insert(db::Connection& c, const Person& p) {
  std::vector<db::Param> params{p.id};
  AppendIdentity(params, p.identity);
  params.insert(params.end(), {p.status, p.status_since, p.version, p.created_by.id, p.created_at,
                               p.updated_by.id, p.updated_at});
  RETURN_IF_ERROR(c.Execute(kInsertPerson, params));
  return ReplaceNameGrams(c, p.id);
}

Result<void> PersonStore::ReplaceNameGrams(db::Connection& c, const std::string& person_id) {
  RETURN_IF_ERROR(c.Execute(kDeleteNameGrams, {person_id}));
  RETURN_IF_ERROR(c.Execute(kInsertNameGrams, {person_id}));
  return core::Ok();
}

Result<bool> PersonStore::UpdateIdentity(db::Connection& c, const std::string& person_id,
                                         const Identity& id, int64_t base_version,
                                         const std::string& user_id, int64_t now) {
  std::vector<db::Param> params{person_id, base_version};
  AppendIdentity(params, id);
  params.insert(params.end(), {user_id, now});
  ASSIGN_OR_RETURN(int64_t n, c.Execute(kUpdateIdentity, params));
  if (n != 1) return false;
  RETURN_IF_ERROR(ReplaceNameGrams(c, person_id));
  return true;
}

Result<std::optional<Person>> PersonStore::Get(db::Connection& c, std::string_view person_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kGetPerson, {person_id}));
  if (!row) return std::optional<Person>();
  return std::optional<Person>(PersonFromRow(*row));
}

Result<void> PersonStore::Lock(db::Connection& c, std::string_view person_id) {
  RETURN_IF_ERROR(c.Execute(kLockPerson, {person_id}));
  return core::Ok();
}

Result<PersonPage<PersonSummary>> PersonStore::Search(
    db::Connection& c, const PersonQuery& q, const std::string& user_id,
    const std::vector<std::string>& admin_municipalities) {
  ASSIGN_OR_RETURN(auto cursor, CursorParts(q.cursor));
  const int limit = std::clamp(q.limit, 1, 100);
  const std::string key = core::NormalizeForSearch(q.text);
  const std::string like = EscapeLike(key);
  const std::string category = EscapeLike(q.category);

  // Each source returns its first limit + 1 rows after the cursor in (kana, id) order; the
  // page is the first limit + 1 of their merge. Byte order of UTF-8 is code-point order, which
  // is how SQLite (BINARY) and PostgreSQL with the C collation sort text.
  std::vector<PersonSummary> rows;
  auto add = [&](const db::Rows& found) {
    for (const auto& r : found) rows.push_back(SummaryFromRow(r));
  };
  ASSIGN_OR_RETURN(auto team,
                   c.Query(kSearchTeams, {user_id, q.municipality_code, like, category, q.status,
                                          cursor.first, cursor.second, limit + 1}));
  add(team);
  const bool filtered = !q.category.empty() || !q.status.empty();
  const db::Statement& scan =
      c.backend() == db::Backend::kSqlite ? kScanMunicipalitySqlite : kScanMunicipalityPostgres;
  for (const auto& code : admin_municipalities) {
    if (!q.municipality_code.empty() && q.municipality_code != code) continue;
    if (key.empty() && !filtered) {
      ASSIGN_OR_RETURN(
          auto found, c.Query(kSearchMunicipality, {user_id, code, category, q.status, cursor.first,
                                                    cursor.second, limit + 1}));
      add(found);
      continue;
    }
    if (key.empty()) {  // a category or a status only
      ASSIGN_OR_RETURN(auto found, c.Query(scan, {user_id, code, category, q.status, cursor.first,
                                                  cursor.second, limit + 1}));
      add(found);
      continue;
    }
    // Only a text of kana (as search keys have it: hiragana) can begin a reading.
    if (IsReadingPrefix(key)) {
      ASSIGN_OR_RETURN(auto found, c.Query(kSearchMunicipalityKana,
                                           {user_id, code, key, PrefixEnd(key), category, q.status,
                                            cursor.first, cursor.second, limit + 1}));
      add(found);
    }
    std::string window = GramPrefix(key);
    ASSIGN_OR_RETURN(auto found, c.Query(kSearchMunicipalityNamePart,
                                         {user_id, code, window, PrefixEnd(window), like, category,
                                          q.status, cursor.first, cursor.second, limit + 1}));
    add(found);
  }
  std::sort(rows.begin(), rows.end(), [](const PersonSummary& a, const PersonSummary& b) {
    return std::tie(a.search_kana, a.id) < std::tie(b.search_kana, b.id);
  });
  PersonPage<PersonSummary> page;
  std::unordered_set<std::string> seen;
  for (auto& r : rows) {
    if (!seen.insert(r.id).second) {
      // Listed through a team and through the municipality: keep the team role if either has it.
      if (!r.my_team_role.empty()) page.items.back().my_team_role = r.my_team_role;
      continue;
    }
    if (static_cast<int>(page.items.size()) == limit) {
      const auto& last = page.items.back();
      page.next_cursor = core::EncodeCursor(last.search_kana, last.id);
      break;
    }
    page.items.push_back(std::move(r));
  }
  return page;
}

std::vector<db::Statement> PersonStore::SearchStatements() {
  return {kSearchTeams, kSearchMunicipality, kSearchMunicipalityKana, kSearchMunicipalityNamePart,
          kScanMunicipalitySqlite};
}

Result<void> PersonStore::SetPhoto(db::Connection& c, std::string_view person_id,
                                   const std::optional<std::string>& attachment_id) {
  RETURN_IF_ERROR(c.Execute(kSetPhoto, {person_id, attachment_id}));
  return core::Ok();
}

Result<int64_t> PersonStore::LatestVersion(db::Connection& c, std::string_view person_id,
                                           std::string_view part) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kLatestVersion, {person_id, part}));
  return row ? row->Int(0) : 0;
}

Result<void> PersonStore::InsertVersion(db::Connection& c, std::string_view person_id,
                                        const ProfilePart& v) {
  RETURN_IF_ERROR(c.Execute(
      kInsertVersion, {person_id, v.part, v.version, v.data_json, v.changed_by.id, v.changed_at}));
  if (v.part == "key_persons") RETURN_IF_ERROR(IndexKeyPersonPhones(c, person_id, v.data_json));
  return core::Ok();
}

Result<std::optional<ProfilePart>> PersonStore::LatestPart(db::Connection& c,
                                                           std::string_view person_id,
                                                           std::string_view part) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kLatestPart, {person_id, part}));
  if (!row) return std::optional<ProfilePart>();
  return std::optional<ProfilePart>(PartFromRow(*row));
}

Result<std::map<std::string, ProfilePart>> PersonStore::LatestParts(db::Connection& c,
                                                                    std::string_view person_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kLatestParts, {person_id}));
  std::map<std::string, ProfilePart> out;
  for (const auto& r : rows) {
    ProfilePart p = PartFromRow(r);
    std::string part = p.part;
    out.emplace(std::move(part), std::move(p));
  }
  return out;
}

Result<std::vector<ProfilePart>> PersonStore::Versions(db::Connection& c,
                                                       std::string_view person_id,
                                                       std::string_view part) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kVersions, {person_id, part}));
  std::vector<ProfilePart> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(PartFromRow(r));
  return out;
}

Result<void> PersonStore::InsertStatus(db::Connection& c, const StatusEntry& s) {
  RETURN_IF_ERROR(c.Execute(kInsertStatus, {s.id, s.person_id, s.status, s.since, s.place, s.note,
                                            s.recorded_by.id, s.recorded_at}));
  return core::Ok();
}

Result<std::vector<StatusEntry>> PersonStore::Statuses(db::Connection& c,
                                                       std::string_view person_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kStatuses, {person_id}));
  std::vector<StatusEntry> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back(StatusEntry{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5),
                              r.Int(6), RefAt(r, 7, 8, 9)});
  }
  return out;
}

Result<void> PersonStore::RefreshCurrentStatus(db::Connection& c, std::string_view person_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kLatestStatus, {person_id}));
  if (!row) return core::Ok();
  RETURN_IF_ERROR(c.Execute(kSetStatus, {person_id, row->Text(0), row->Text(1)}));
  return core::Ok();
}

Result<bool> PersonStore::MunicipalityExists(db::Connection& c, std::string_view code) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kMunicipalityExists, {code}));
  return row.has_value();
}

Result<bool> PersonStore::OrganizationExists(db::Connection& c, std::string_view id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kOrganizationExists, {id}));
  return row.has_value();
}

Result<bool> PersonStore::UserExists(db::Connection& c, std::string_view id) {
  ASSIGN_OR_RETURN(auto ref, GetUserRef(c, id));
  return ref.has_value();
}

Result<std::optional<UserRef>> PersonStore::GetUserRef(db::Connection& c, std::string_view id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kUserRef, {id}));
  if (!row) return std::optional<UserRef>();
  return std::optional<UserRef>(RefAt(*row, 0, 1, 2));
}

}  // namespace care

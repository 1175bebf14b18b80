// The SQL texts of the migrations, one per module file so that each module's tables sit apart.
#pragma once

#include <string_view>

// The name windows of persons (person_name_grams): every two-character substring of the search
// name, the last window being one character. substr counts characters in SQLite and in
// PostgreSQL (UTF-8), so both databases cut the same windows. Migration 6 fills them for every
// person, PersonStore for one (appending "WHERE p.id = $1").
#define PERSON_NAME_GRAMS_INSERT                                                       \
  "WITH RECURSIVE pos(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM pos WHERE n < 200) " \
  "INSERT INTO person_name_grams (municipality_code, gram, person_id) "                \
  "SELECT DISTINCT p.municipality_code, substr(p.search_name, pos.n, 2), p.id "        \
  "FROM persons p JOIN pos ON pos.n <= length(p.search_name) "

namespace db::schema {

// All in src/db/schema_care.cpp.
extern const std::string_view kCareNetwork;           // migration 3
extern const std::string_view kNotificationSettings;  // migration 4
extern const std::string_view kAddressPoints;         // migration 5
extern const std::string_view kCareReadPaths;         // migration 6
extern const std::string_view kFamilyMembers;         // migration 9
// In src/db/schema_emergency.cpp.
extern const std::string_view kEmergency;     // migration 7
extern const std::string_view kPersonPhones;  // migration 8
// In src/db/schema_watch.cpp (migration 10).
extern const std::string_view kWatch;
extern const std::string_view kWatchEventsSqlite;
extern const std::string_view kWatchEventsPostgres;
/// Fills person_name_grams for every person (part of migration 6; the bench generator runs it
/// after writing persons directly).
extern const std::string_view kPersonNameGramsBackfill;

}  // namespace db::schema

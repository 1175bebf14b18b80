// The SQL of persons: identity rows, the person list, versions of the care profile and the
// status history. Methods take the connection so that services can combine them in one
// transaction (db::Database::Transact).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "care/person_model.h"
#include "core/result.h"
#include "db/database.h"

namespace care {

class PersonStore {
 public:
  /// Inserts the person with search keys (name, kana, phone digits) derived from the identity.
  static Result<void> Insert(db::Connection& c, const Person& p);
  /// Replaces the identity and increments the version, only when the stored version is
  /// `base_version`; false when it was not (someone else saved first).
  static Result<bool> UpdateIdentity(db::Connection& c, const std::string& person_id,
                                     const Identity& identity, int64_t base_version,
                                     const std::string& user_id, int64_t now);
  /// Rewrites the person's name windows (person_name_grams) from the stored search name;
  /// Insert and UpdateIdentity call it.
  static Result<void> ReplaceNameGrams(db::Connection& c, const std::string& person_id);
  static Result<std::optional<Person>> Get(db::Connection& c, std::string_view person_id);
  /// Takes the person's row lock for the rest of the transaction (a no-op update), so that
  /// rules over several rows of the team are checked against a team nobody else is changing.
  static Result<void> Lock(db::Connection& c, std::string_view person_id);

  /// The persons `user_id` may list: active teams with team consent in force, plus every person
  /// of `admin_municipalities`; sorted by kana then id, keyset cursor, at most 100 per page.
  static Result<PersonPage<PersonSummary>> Search(
      db::Connection& c, const PersonQuery& q, const std::string& user_id,
      const std::vector<std::string>& admin_municipalities);
  /// The SQL texts Search runs, for query-plan checks in tests: the caller's teams; one
  /// administered municipality without a text, with a kana prefix, with a part of the name,
  /// with only a category or status.
  static std::vector<db::Statement> SearchStatements();

  // The care profile (and part "identity"): append-only versions.
  /// The latest version number of a part, 0 when never recorded.
  static Result<int64_t> LatestVersion(db::Connection& c, std::string_view person_id,
                                       std::string_view part);
  /// kConflict when the version exists already (a concurrent save).
  static Result<void> InsertVersion(db::Connection& c, std::string_view person_id,
                                    const ProfilePart& version);
  /// The person's photo (an attachment owned by "person_photo"), or none.
  static Result<void> SetPhoto(db::Connection& c, std::string_view person_id,
                               const std::optional<std::string>& attachment_id);
  static Result<std::optional<ProfilePart>> LatestPart(db::Connection& c,
                                                       std::string_view person_id,
                                                       std::string_view part);
  /// The latest version of every part except identity.
  static Result<std::map<std::string, ProfilePart>> LatestParts(db::Connection& c,
                                                                std::string_view person_id);
  /// Newest first.
  static Result<std::vector<ProfilePart>> Versions(db::Connection& c, std::string_view person_id,
                                                   std::string_view part);

  // Status history.
  static Result<void> InsertStatus(db::Connection& c, const StatusEntry& s);
  /// Newest `since` first (ties: latest recorded first).
  static Result<std::vector<StatusEntry>> Statuses(db::Connection& c, std::string_view person_id);
  /// Sets persons.status and status_since from the entry with the latest `since` (ties: the
  /// latest recorded), so that back-dated entries do not override newer ones.
  static Result<void> RefreshCurrentStatus(db::Connection& c, std::string_view person_id);

  // Directory facts the care records refer to (read directly: a single-row lookup each).
  static Result<bool> MunicipalityExists(db::Connection& c, std::string_view code);
  static Result<bool> OrganizationExists(db::Connection& c, std::string_view id);
  static Result<bool> UserExists(db::Connection& c, std::string_view id);
  static Result<std::optional<UserRef>> GetUserRef(db::Connection& c, std::string_view id);
};

/// Categories as stored in persons.categories ("elderly,watched").
std::string JoinCategories(const std::vector<std::string>& categories);
std::vector<std::string> SplitCategories(std::string_view stored);

}  // namespace care

// The directory's SQL. Methods take the connection so that services can combine several of them
// in one transaction (db::Database::Transact).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "db/database.h"
#include "directory/model.h"

namespace directory {

using core::Result;

class Store {
 public:
  // Code lists.
  static Result<std::vector<CodeEntry>> Professions(db::Connection& c);
  static Result<std::vector<CodeEntry>> OrganizationTypes(db::Connection& c);
  static Result<bool> ProfessionExists(db::Connection& c, std::string_view code);
  static Result<bool> OrganizationTypeExists(db::Connection& c, std::string_view code);

  // Municipalities.
  static Result<void> InsertMunicipality(db::Connection& c, const Municipality& m);
  static Result<std::optional<Municipality>> GetMunicipality(db::Connection& c,
                                                             std::string_view code);
  static Result<std::vector<Municipality>> ListMunicipalities(db::Connection& c);

  // Organizations.
  static Result<void> InsertOrganization(db::Connection& c, const Organization& o);
  static Result<void> UpdateOrganization(db::Connection& c, const Organization& o);
  static Result<std::optional<Organization>> GetOrganization(db::Connection& c,
                                                             std::string_view id);
  static Result<Page<Organization>> SearchOrganizations(db::Connection& c,
                                                        const OrganizationQuery& q);
  static Result<std::optional<std::string>> MunicipalityOfOrganization(db::Connection& c,
                                                                       std::string_view id);
  static Result<std::optional<std::string>> OrganizationIdByCareOfficeNumber(db::Connection& c,
                                                                             std::string_view no);

  // Users.
  static Result<void> InsertUser(db::Connection& c, const User& u);
  static Result<void> UpdateUserProfile(db::Connection& c, const User& u);
  static Result<void> SetUserStatus(db::Connection& c, std::string_view id, std::string_view status,
                                    int64_t now);
  static Result<void> TouchLastLogin(db::Connection& c, std::string_view id, int64_t now);
  static Result<std::optional<User>> GetUser(db::Connection& c, std::string_view id);
  static Result<std::optional<User>> GetUserByLoginId(db::Connection& c, std::string_view login_id);
  static Result<Page<User>> SearchUsers(db::Connection& c, const UserQuery& q);
  static Result<int64_t> CountSystemAdmins(db::Connection& c);

  // Memberships.
  static Result<void> UpsertMembership(db::Connection& c, const Membership& m, int64_t now);
  static Result<int64_t> RemoveMembership(db::Connection& c, std::string_view user_id,
                                          std::string_view org_id);
  /// Active users holding a municipality_admin membership in the municipality.
  static Result<std::vector<std::string>> MunicipalityAdminIds(db::Connection& c,
                                                               std::string_view municipality_code);
  /// Active users with a membership in the organization.
  static Result<std::vector<std::string>> ActiveMemberIds(db::Connection& c,
                                                          std::string_view organization_id);
  static Result<std::vector<Membership>> MembershipsOfUser(db::Connection& c,
                                                           std::string_view user_id);
  static Result<std::vector<Membership>> MembershipsOfUsers(db::Connection& c,
                                                            const std::vector<std::string>& ids);
  static Result<std::vector<UserWithMemberships>> MembersOfOrganization(db::Connection& c,
                                                                        std::string_view org_id);
};

/// The comparison key of a login id: width-folded, lower-case ASCII.
std::string LoginKey(std::string_view login_id);
/// Escapes LIKE wildcards so that user input matches literally (used with ESCAPE '\').
std::string EscapeLike(std::string_view s);

}  // namespace directory

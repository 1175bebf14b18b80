// Directory rules: who may read and change municipalities, organizations, users and
// memberships; validation; audit entries. Knows nothing of HTTP.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/caller.h"
#include "auth/policy.h"
#include "core/clock.h"
#include "db/database.h"
#include "directory/model.h"

namespace directory {

using core::Result;

/// Looks up organization and membership facts for auth::Policy.
class Facts final : public auth::DirectoryFacts {
 public:
  explicit Facts(db::Database& db) : db_(db) {}
  std::optional<std::string> MunicipalityOfOrganization(std::string_view org_id) override;
  std::vector<std::pair<std::string, std::string>> OrganizationsOfUser(
      std::string_view user_id) override;

 private:
  db::Database& db_;
};

struct OrganizationDetail {
  Organization organization;
  std::string municipality_name;
  std::string type_name;
};

class Service {
 public:
  Service(db::Database& db, const core::Clock& clock, audit::AuditSink& audit, auth::Policy& policy)
      : db_(db), clock_(clock), audit_(audit), policy_(policy) {}

  Result<std::vector<CodeEntry>> Professions();
  Result<std::vector<CodeEntry>> OrganizationTypes();

  Result<std::vector<Municipality>> Municipalities(const auth::Caller& caller);
  Result<Municipality> CreateMunicipality(Municipality m, const auth::Caller& caller);

  Result<Page<Organization>> SearchOrganizations(const OrganizationQuery& q,
                                                 const auth::Caller& caller);
  Result<Organization> GetOrganization(const std::string& id, const auth::Caller& caller);
  Result<Organization> CreateOrganization(Organization o, const auth::Caller& caller);
  /// Replaces the editable fields of an organization (not its id or municipality).
  Result<Organization> UpdateOrganization(Organization o, const auth::Caller& caller);
  Result<std::vector<UserWithMemberships>> Members(const std::string& org_id,
                                                   const auth::Caller& caller);
  /// Adds an existing user (by login id) to the organization with a role, or changes the role.
  Result<Membership> AddMember(const std::string& org_id, const std::string& login_id,
                               const std::string& role, const std::optional<std::string>& title,
                               const auth::Caller& caller);
  Result<void> RemoveMember(const std::string& org_id, const std::string& user_id,
                            const auth::Caller& caller);

  Result<Page<UserWithMemberships>> SearchUsers(const UserQuery& q, const auth::Caller& caller);
  Result<UserWithMemberships> GetUser(const std::string& id, const auth::Caller& caller);
  /// The signed-in user's own editable fields: name, kana, phone, e-mail, profession.
  Result<User> UpdateMyProfile(const User& changes, const auth::Caller& caller);

 private:
  db::Database& db_;
  const core::Clock& clock_;
  audit::AuditSink& audit_;
  auth::Policy& policy_;
};

}  // namespace directory

// auth::Policy: the permission rules every service calls. Route-level rules (http::Access) are
// checked here too, so the route table and the services share one definition of each role.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/result.h"
#include "http/router.h"

namespace auth {

/// Facts about organizations and users the policy needs; implemented by the directory store.
class DirectoryFacts {
 public:
  virtual ~DirectoryFacts() = default;
  /// The municipality of an organization, or nullopt when it does not exist.
  virtual std::optional<std::string> MunicipalityOfOrganization(std::string_view org_id) = 0;
  /// (organization id, municipality code) for each membership of a user.
  virtual std::vector<std::pair<std::string, std::string>> OrganizationsOfUser(
      std::string_view user_id) = 0;
};

class Policy {
 public:
  explicit Policy(DirectoryFacts& facts) : facts_(facts) {}

  /// The coarse rule of a route, with its path parameters.
  core::Result<void> CheckRoute(const Principal* principal, http::Access access,
                                const std::map<std::string, std::string, std::less<>>& params);

  /// Organization admin of the organization, municipality admin of its municipality, or system
  /// admin.
  core::Result<void> CanAdministerOrganization(const Principal& p, std::string_view org_id);
  /// Municipality admin of that municipality, or system admin.
  core::Result<void> CanAdministerMunicipality(const Principal& p, std::string_view code);
  /// Administers one of the organizations the user belongs to (or system admin). A user with no
  /// membership yet can be administered by system admins only.
  core::Result<void> CanAdministerUser(const Principal& p, std::string_view user_id);
  /// Reads the directory (other professionals' names, organizations): staff only.
  core::Result<void> CanReadDirectory(const Principal& p);

 private:
  DirectoryFacts& facts_;
};

}  // namespace auth

// The authorization matrix, generated from the route table: every route × every role × own or
// other tenant. A route added without an access rule cannot be registered (Router::Add throws),
// and a route whose rule the matrix does not know fails here.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "app/app.h"
#include "core/id.h"
#include "http/router.h"
#include "test_env.h"
#include "transport/test_client.h"

namespace {

using http::Access;
using testing_env::Account;
using testing_env::Client;
using testing_env::TestServer;

enum class Who {
  kAnonymous,
  kPending2fa,
  kFamily,
  kMember,
  kOrgAdmin,
  kMunicipalityAdmin,
  kEms,
  kSystemAdmin,
  kTeamMember,  // care manager in the own person's team, from another municipality's org
};
enum class Tenant { kOwn, kOther };

const char* Name(Who w) {
  switch (w) {
    case Who::kAnonymous:
      return "anonymous";
    case Who::kPending2fa:
      return "pending_2fa";
    case Who::kFamily:
      return "family";
    case Who::kMember:
      return "member";
    case Who::kOrgAdmin:
      return "org_admin";
    case Who::kMunicipalityAdmin:
      return "municipality_admin";
    case Who::kEms:
      return "ems";
    case Who::kSystemAdmin:
      return "system_admin";
    case Who::kTeamMember:
      return "team_member";
  }
  return "?";
}

/// What the rule promises. Returns nullopt for a rule the matrix does not know yet, which fails
/// the test so that a new kind of rule comes with its expectations.
std::optional<bool> Allowed(Access access, Who who, Tenant tenant, bool names_municipality) {
  bool signed_in = who != Who::kAnonymous;
  bool full = signed_in && who != Who::kPending2fa;
  bool staff = full && who != Who::kFamily;
  switch (access) {
    case Access::kPublic:
      return true;
    case Access::kPasswordOnly:
      return signed_in;
    case Access::kAuthenticated:
      return full;
    case Access::kStaff:
      return staff;
    case Access::kOrgAdmin:
      return who == Who::kSystemAdmin ||
             (tenant == Tenant::kOwn && (who == Who::kOrgAdmin || who == Who::kMunicipalityAdmin));
    case Access::kMunicipalityAdmin:
      return who == Who::kSystemAdmin ||
             (who == Who::kMunicipalityAdmin && (tenant == Tenant::kOwn || !names_municipality));
    case Access::kSystemAdmin:
      return who == Who::kSystemAdmin;
    case Access::kCareTeam:
      // The own person is registered in the own municipality (991015) with a team consent; the
      // other person in 991023 has a team none of these principals belongs to.
      return tenant == Tenant::kOwn && (who == Who::kTeamMember || who == Who::kMunicipalityAdmin);
    case Access::kEms:
      return who == Who::kEms;
    case Access::kFamily:
      // The family account is an invited family member of the own person (family consent).
      return who == Who::kFamily && tenant == Tenant::kOwn;
    case Access::kWatch:
      // As the care team: the own person's team member (care manager, team consent) and the
      // own municipality's admin. (No principal here is a call-center operator.)
      return tenant == Tenant::kOwn && (who == Who::kTeamMember || who == Who::kMunicipalityAdmin);
    case Access::kWatchBoard:
      return who == Who::kMunicipalityAdmin;
    case Access::kDevice:
      return false;  // no session passes: only a device's signature does
    case Access::kUnspecified:
      return std::nullopt;
  }
  return std::nullopt;
}

class PermissionMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>();
    server_->CreateMunicipality("991015", "群青市");
    server_->CreateMunicipality("991023", "翠町");
    own_city_ = server_->CreateOrganization("991015", "municipal_department", "群青市 長寿介護課");
    own_org_ = server_->CreateOrganization("991015", "clinic", "あおば内科");
    own_fire_ = server_->CreateOrganization("991015", "fire_department", "群青市消防本部");
    other_org_ = server_->CreateOrganization("991023", "clinic", "みどり診療所");
    own_user_ = server_->CreateUser("target.own", own_org_, "member").user_id;
    other_user_ = server_->CreateUser("target.other", other_org_, "member").user_id;
    accounts_[Who::kPending2fa] = server_->CreateUser("pending", own_org_, "member", false);
    accounts_[Who::kFamily] = server_->CreateUser("family", "", "", false, "family");
    accounts_[Who::kMember] = server_->CreateUser("member", own_org_, "member");
    accounts_[Who::kOrgAdmin] = server_->CreateUser("orgadmin", own_org_, "org_admin");
    accounts_[Who::kMunicipalityAdmin] =
        server_->CreateUser("muniadmin", own_city_, "municipality_admin");
    accounts_[Who::kEms] = server_->CreateUser("ems", own_fire_, "ems");
    accounts_[Who::kSystemAdmin] = server_->CreateUser("sysadmin", "", "", true, "staff", true);
    accounts_[Who::kTeamMember] = server_->CreateUser("teammember", other_org_, "member");
    own_person_ = server_->CreatePerson("991015", accounts_[Who::kTeamMember].user_id);
    std::string other_registrant =
        server_->CreateUser("registrant.other", other_org_, "member").user_id;
    other_person_ = server_->CreatePerson("991023", other_registrant);
    server_->AddFamilyMember(own_person_, accounts_[Who::kFamily].user_id,
                             accounts_[Who::kTeamMember].user_id);
  }

  /// The path with its parameters filled for the tenant.
  std::string Fill(const std::string& pattern, Tenant tenant) {
    static const std::regex param(R"(\{([a-z_*]+)\})");
    std::string out;
    auto begin = std::sregex_iterator(pattern.begin(), pattern.end(), param);
    size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
      out += pattern.substr(last, it->position() - last);
      std::string name = (*it)[1];
      if (name == "org_id")
        out += tenant == Tenant::kOwn ? own_org_ : other_org_;
      else if (name == "municipality_code")
        out += tenant == Tenant::kOwn ? "991015" : "991023";
      else if (name == "user_id")
        out += tenant == Tenant::kOwn ? own_user_ : other_user_;
      else if (name == "person_id")
        out += tenant == Tenant::kOwn ? own_person_ : other_person_;
      else if (name == "part")
        out += "emergency";  // a part the family keeps current as well as the team
      else
        out += core::NewId();  // sessions, invitations, imports: unknown ids
      last = it->position() + it->length();
    }
    return out + pattern.substr(last);
  }

  int Send(Client& client, const http::Route& route, const std::string& path) {
    std::string method(http::MethodName(route.method));
    if (route.pattern == "/api/v1/events" || route.pattern.ends_with("/stream")) {  // SSE
      transport::HeaderList headers;
      if (client.signed_in())
        headers.emplace_back("Cookie", "tsunagari_session=" + client.cookie());
      return transport::ReadSse(server_->port(), path, headers, 0, std::chrono::milliseconds(300))
          .status;
    }
    bool write = route.method != http::Method::kGet && route.method != http::Method::kDelete;
    return client.Send(method, path, write ? "{}" : "", write ? "application/json" : "").status;
  }

  std::unique_ptr<TestServer> server_;
  std::string own_city_, own_org_, own_fire_, other_org_, own_user_, other_user_;
  std::string own_person_, other_person_;
  std::map<Who, Account> accounts_;
};

TEST_F(PermissionMatrixTest, EveryRouteAnswersEveryRoleAsItsRulePromises) {
  const auto& routes = server_->app().router().routes();
  ASSERT_GT(routes.size(), 30u);
  int checked = 0;
  for (Who who : {Who::kAnonymous, Who::kPending2fa, Who::kFamily, Who::kMember, Who::kOrgAdmin,
                  Who::kMunicipalityAdmin, Who::kEms, Who::kSystemAdmin, Who::kTeamMember}) {
    auto client = std::make_unique<Client>(*server_);
    auto sign_in = [&] {
      if (who == Who::kAnonymous) return;
      auto r = client->Login(accounts_.at(who));
      ASSERT_EQ(r.status, 200) << Name(who) << " cannot sign in: " << r.raw;
    };
    sign_in();
    for (const http::Route& route : routes) {
      for (Tenant tenant : {Tenant::kOwn, Tenant::kOther}) {
        bool names_tenant = route.pattern.find('{') != std::string::npos;
        if (!names_tenant && tenant == Tenant::kOther) continue;
        bool names_municipality = route.pattern.find("{municipality_code}") != std::string::npos;
        auto expected = Allowed(route.access, who, tenant, names_municipality);
        ASSERT_TRUE(expected.has_value())
            << "no expectation for access rule " << http::AccessName(route.access) << " of "
            << route.pattern;
        std::string path = Fill(route.pattern, tenant);
        int status = Send(*client, route, path);
        std::string where = std::string(http::MethodName(route.method)) + " " + route.pattern +
                            " as " + Name(who) + (tenant == Tenant::kOwn ? " (own)" : " (other)");
        EXPECT_NE(status, 0) << where << ": no answer";
        EXPECT_NE(status, 500) << where;
        // Ids of posts, attachments or consents in the path are made up: a service may answer
        // those with 403 as it does for any object it will not confirm exists.
        bool made_up_object =
            (route.access == Access::kCareTeam || route.access == Access::kWatch) &&
            std::regex_search(route.pattern, std::regex(R"(\{[a-z]+_id\}.*\{)"));
        // A watch object found by its own id alone (an alert) names no person to check the
        // caller against: an unknown one is 404 for everyone.
        bool unknown_watch_object = route.access == Access::kWatch &&
                                    route.pattern.find("{person_id}") == std::string::npos &&
                                    route.pattern.find("_id}") != std::string::npos;
        if (*expected) {
          EXPECT_TRUE(status != 401 && (status != 403 || made_up_object))
              << where << " was refused: " << status;
        } else {
          EXPECT_TRUE(status == 401 || status == 403 || (unknown_watch_object && status == 404))
              << where << " was allowed: " << status;
        }
        ++checked;
        // The team member may just have left the team (POST …/team/leave): keep them in it.
        if (who == Who::kTeamMember) {
          server_->AddTeamMember(own_person_, accounts_.at(who).user_id, "care_manager");
        }
        // Some routes end the session (logout, revoking sessions): sign in again.
        if (who != Who::kAnonymous && client->Get("/api/v1/auth/session").status == 401) {
          client = std::make_unique<Client>(*server_);
          // A TOTP code is accepted once: the next sign-in needs the next 30-second step.
          server_->clock().Advance(std::chrono::seconds(30));
          sign_in();
        }
      }
    }
  }
  RecordProperty("checked", checked);
  EXPECT_GT(checked, 400);
}

TEST(RouterRuleTest, RouteWithoutAccessRuleCannotBeRegistered) {
  http::Router router;
  EXPECT_THROW(router.Add({http::Method::kGet, "/api/v1/x", Access::kUnspecified,
                           [](http::Request&) -> core::Result<http::Response> {
                             return http::Response::NoContent();
                           }}),
               std::logic_error);
}

TEST(RouterRuleTest, OrgAdminRuleNeedsAnOrganizationInThePath) {
  http::Router router;
  EXPECT_THROW(router.Add({http::Method::kGet, "/api/v1/x", Access::kOrgAdmin,
                           [](http::Request&) -> core::Result<http::Response> {
                             return http::Response::NoContent();
                           }}),
               std::logic_error);
}

}  // namespace

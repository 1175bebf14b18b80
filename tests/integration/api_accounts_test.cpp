// API tests of account administration against the real server: changing one's password,
// invitations, admin-issued password reset links, suspension, 2FA reset, and who may do these.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "notify/hub.h"
#include "test_env.h"

namespace {

using namespace std::chrono_literals;
using testing_env::Account;
using testing_env::Client;
using testing_env::Reply;
using testing_env::Str;
using testing_env::TestServer;
using testing_env::TokenFromLink;
namespace json = boost::json;

class ApiAccountsTest : public ::testing::Test {
 protected:
  ApiAccountsTest() {
    server_.CreateMunicipality("991015", "群青市");
    server_.CreateMunicipality("991023", "翠町");
    clinic_ = server_.CreateOrganization("991015", "clinic", "あおば内科");
    other_ = server_.CreateOrganization("991023", "clinic", "みどり診療所");
    nurse_ = server_.CreateUser("nurse.sato", clinic_, "member");
    admin_ = server_.CreateUser("clinic.admin", clinic_, "org_admin");
    other_admin_ = server_.CreateUser("other.admin", other_, "org_admin");
  }

  std::string UserAction(const std::string& org, const Account& who, const std::string& action) {
    return "/api/v1/organizations/" + org + "/users/" + who.user_id + "/" + action;
  }
  Reply Invite(Client& admin, const std::string& org) {
    return admin.Post("/api/v1/organizations/" + org + "/invitations",
                      json::object{{"role", "member"},
                                   {"display_name", "新人 花子"},
                                   {"kana", "しんじん はなこ"},
                                   {"profession_code", "nurse"}});
  }
  json::object Acceptance(const std::string& token, const std::string& login_id) {
    return {{"token", token},
            {"login_id", login_id},
            {"password", "Violet-Harbor-3381"},
            {"display_name", "新人 花子"},
            {"kana", "シンジン ハナコ"}};
  }
  void NextTotpStep() { server_.clock().Advance(30s); }

  TestServer server_;
  std::string clinic_, other_;
  Account nurse_, admin_, other_admin_;
};

TEST_F(ApiAccountsTest, PasswordChangeEnforcesThePolicyOnNewPassword) {
  Client c(server_);
  ASSERT_EQ(c.Login(nurse_).status, 200);
  auto change = [&](const std::string& current, const std::string& next) {
    return c.Post("/api/v1/auth/password",
                  json::object{{"current_password", current}, {"new_password", next}});
  };
  for (const char* weak : {"Ab1", "Password1234", "xnurse.sato-2024z"}) {
    Reply r = change(nurse_.password, weak);
    EXPECT_EQ(r.status, 400) << weak;
    EXPECT_TRUE(r.NamesField("new_password")) << weak << " " << r.raw;
  }
  Reply wrong = change("Not-My-Password-1", "Copper-Meadow-5521");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.ErrorField(), "current_password");
}

TEST_F(ApiAccountsTest, PasswordChangeRevokesMyOtherSessionsOnly) {
  Client laptop(server_), phone(server_);
  ASSERT_EQ(laptop.Login(nurse_).status, 200);
  NextTotpStep();
  ASSERT_EQ(phone.Login(nurse_).status, 200);
  Reply r = laptop.Post(
      "/api/v1/auth/password",
      json::object{{"current_password", nurse_.password}, {"new_password", "Copper-Meadow-5521"}});
  ASSERT_EQ(r.status, 204) << r.raw;
  EXPECT_EQ(phone.Get("/api/v1/auth/session").status, 401);
  EXPECT_EQ(laptop.Get("/api/v1/auth/session").status, 200);

  Client again(server_);
  EXPECT_EQ(again.Login(nurse_).status, 401);  // the old password
  Account changed = nurse_;
  changed.password = "Copper-Meadow-5521";
  NextTotpStep();
  EXPECT_EQ(Str(again.Login(changed).body, "stage"), "full");
}

TEST_F(ApiAccountsTest, InvitationIsAcceptedOnceAndTheNewUserMustEnrol) {
  Client admin(server_);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  Reply invited = Invite(admin, clinic_);
  ASSERT_EQ(invited.status, 201) << invited.raw;
  std::string token = TokenFromLink(Str(invited.body, "url"));
  ASSERT_FALSE(token.empty());
  Reply open = admin.Get("/api/v1/organizations/" + clinic_ + "/invitations");
  EXPECT_EQ(open.body.at("items").as_array().size(), 1u);

  Client invitee(server_);
  Reply lookup = invitee.Post("/api/v1/invitations/lookup", json::object{{"token", token}});
  ASSERT_EQ(lookup.status, 200) << lookup.raw;
  EXPECT_EQ(Str(lookup.body, "kind"), "invite");
  EXPECT_EQ(Str(lookup.body, "organization_name"), "あおば内科");
  EXPECT_EQ(Str(lookup.body, "display_name"), "新人 花子");

  Reply accepted = invitee.Post("/api/v1/invitations/accept", Acceptance(token, "hanako.new"));
  ASSERT_EQ(accepted.status, 201) << accepted.raw;
  EXPECT_EQ(Str(accepted.body.at("user"), "login_id"), "hanako.new");
  EXPECT_EQ(Str(accepted.body.at("user"), "kana"), "シンジン　ハナコ");

  Reply login = invitee.Login(Account{"", "hanako.new", "Violet-Harbor-3381", ""});
  ASSERT_EQ(login.status, 200) << login.raw;
  EXPECT_EQ(Str(login.body, "stage"), "enrol");
  EXPECT_EQ(invitee.Get("/api/v1/users").ErrorDetailCode(), "enrolment_required");

  Client second(server_);
  EXPECT_EQ(second.Post("/api/v1/invitations/accept", Acceptance(token, "someone.else")).status,
            404);
  EXPECT_EQ(second.Post("/api/v1/invitations/lookup", json::object{{"token", token}}).status, 404);
  EXPECT_TRUE(admin.Get("/api/v1/organizations/" + clinic_ + "/invitations")
                  .body.at("items")
                  .as_array()
                  .empty());
}

TEST_F(ApiAccountsTest, AcceptedInvitationAppearsInTheInvitersFeed) {
  Client admin(server_);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  std::string token = TokenFromLink(Str(Invite(admin, clinic_).body, "url"));
  Client invitee(server_);
  ASSERT_EQ(invitee.Post("/api/v1/invitations/accept", Acceptance(token, "hanako.feed")).status,
            201);
  Reply feed = admin.Get("/api/v1/notifications");
  ASSERT_EQ(feed.status, 200);
  ASSERT_EQ(feed.body.at("items").as_array().size(), 1u) << feed.raw;
  const auto& item = feed.body.at("items").as_array()[0];
  EXPECT_EQ(Str(item, "kind"), "invitation.accepted");
  EXPECT_NE(Str(item, "title").find("新人 花子"), std::string::npos);
  EXPECT_EQ(feed.body.at("unread").as_int64(), 1);
}

TEST_F(ApiAccountsTest, InvitationFieldsAreValidated) {
  Client admin(server_);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  Reply r = admin.Post("/api/v1/organizations/" + clinic_ + "/invitations",
                       json::object{{"kana", "abc"}, {"email", "bad-email"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(r.NamesField("kana")) << r.raw;
  EXPECT_TRUE(r.NamesField("email")) << r.raw;
}

TEST_F(ApiAccountsTest, TwoFactorResetIsAnnouncedToTheUser) {
  Client admin(server_);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  ASSERT_EQ(admin.Post(UserAction(clinic_, nurse_, "reset-2fa"), json::object{}).status, 204);
  Client nurse(server_);
  Account no_totp = nurse_;
  no_totp.totp_secret.clear();
  ASSERT_EQ(nurse.Login(no_totp).status, 200);  // stage "enrol": the feed needs a full sign-in
  app::App& app = server_.app();
  auto feed = app.hub().List(nurse_.user_id, false, 0, 10);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].kind, "security.totp_reset");
}

TEST_F(ApiAccountsTest, InvitationAcceptanceValidatesTheNewAccountWithoutUsingTheLink) {
  Client admin(server_);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  std::string token = TokenFromLink(Str(Invite(admin, clinic_).body, "url"));
  Client invitee(server_);
  json::object weak = Acceptance(token, "hanako.new");
  weak["password"] = "hanako.new-2024";
  Reply r = invitee.Post("/api/v1/invitations/accept", weak);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(r.NamesField("password"));
  Reply taken = invitee.Post("/api/v1/invitations/accept", Acceptance(token, "NURSE.SATO"));
  EXPECT_EQ(taken.status, 409) << taken.raw;
  EXPECT_EQ(invitee.Post("/api/v1/invitations/accept", Acceptance(token, "hanako.new")).status,
            201);
}

TEST_F(ApiAccountsTest, RevokedInvitationCannotBeAcceptedAndRolesFitTheOrganization) {
  Client admin(server_);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  Reply invited = Invite(admin, clinic_);
  std::string token = TokenFromLink(Str(invited.body, "url"));
  std::string path = "/api/v1/organizations/" + clinic_ + "/invitations/" + Str(invited.body, "id");
  EXPECT_EQ(admin.Delete(path).status, 204);
  EXPECT_EQ(admin.Delete(path).status, 404);
  Client invitee(server_);
  EXPECT_EQ(invitee.Post("/api/v1/invitations/accept", Acceptance(token, "hanako.new")).status,
            404);

  // A clinic has no municipality admins or ambulance crews.
  for (const char* role : {"municipality_admin", "ems"}) {
    Reply r = admin.Post("/api/v1/organizations/" + clinic_ + "/invitations",
                         json::object{{"role", role}});
    EXPECT_EQ(r.status, 400) << role;
    EXPECT_EQ(r.ErrorField(), "role") << role;
  }
  Reply unknown = admin.Post("/api/v1/organizations/" + clinic_ + "/invitations",
                             json::object{{"role", "member"}, {"profession_code", "wizard"}});
  EXPECT_EQ(unknown.ErrorField(), "profession_code");
}

TEST_F(ApiAccountsTest, ExpiredInvitationIsRefused) {
  Client admin(server_);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  std::string token = TokenFromLink(Str(Invite(admin, clinic_).body, "url"));
  server_.clock().Advance(std::chrono::hours(24 * 8));
  Client invitee(server_);
  EXPECT_EQ(invitee.Post("/api/v1/invitations/lookup", json::object{{"token", token}}).status, 404);
  EXPECT_EQ(invitee.Post("/api/v1/invitations/accept", Acceptance(token, "hanako.new")).status,
            404);
  EXPECT_EQ(invitee.Login(Account{"", "hanako.new", "Violet-Harbor-3381", ""}).status, 401);
}

TEST_F(ApiAccountsTest, AdminIssuedResetLinkWorksOnceAndEndsTheUsersSessions) {
  Client nurse(server_), admin(server_);
  ASSERT_EQ(nurse.Login(nurse_).status, 200);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  Reply link = admin.Post(UserAction(clinic_, nurse_, "password-reset"), json::object{});
  ASSERT_EQ(link.status, 201) << link.raw;
  std::string token = TokenFromLink(Str(link.body, "url"));
  ASSERT_FALSE(token.empty());

  Client anon(server_);
  Reply weak = anon.Post("/api/v1/password-reset/complete",
                         json::object{{"token", token}, {"password", "short1"}});
  EXPECT_EQ(weak.status, 400);
  EXPECT_TRUE(weak.NamesField("password"));
  Reply done = anon.Post("/api/v1/password-reset/complete",
                         json::object{{"token", token}, {"password", "Copper-Meadow-5521"}});
  ASSERT_EQ(done.status, 204) << done.raw;
  EXPECT_EQ(nurse.Get("/api/v1/auth/session").status, 401);
  EXPECT_EQ(anon.Post("/api/v1/password-reset/complete",
                      json::object{{"token", token}, {"password", "Second-Attempt-7788"}})
                .status,
            404);

  Client again(server_);
  EXPECT_EQ(again.Login(nurse_).status, 401);
  Account reset = nurse_;
  reset.password = "Copper-Meadow-5521";
  NextTotpStep();
  EXPECT_EQ(Str(again.Login(reset).body, "stage"), "full");  // 2FA kept
}

TEST_F(ApiAccountsTest, AdminOfAnotherOrganizationIsForbiddenEverywhere) {
  Client other(server_);
  ASSERT_EQ(other.Login(other_admin_).status, 200);
  EXPECT_EQ(Invite(other, clinic_).status, 403);
  EXPECT_EQ(other.Get("/api/v1/organizations/" + clinic_ + "/invitations").status, 403);
  for (const char* action : {"password-reset", "reset-2fa", "revoke-sessions"}) {
    EXPECT_EQ(other.Post(UserAction(clinic_, nurse_, action), json::object{}).status, 403)
        << action;
  }
  EXPECT_EQ(other.Post(UserAction(clinic_, nurse_, "status"), json::object{{"status", "suspended"}})
                .status,
            403);
  // Through their own organization they reach only its members.
  EXPECT_EQ(other.Post(UserAction(other_, nurse_, "password-reset"), json::object{}).status, 404);
  EXPECT_EQ(other.Post(UserAction(other_, nurse_, "status"), json::object{{"status", "suspended"}})
                .status,
            404);
  Client nurse(server_);
  EXPECT_EQ(nurse.Login(nurse_).status, 200);  // nothing happened to the account
}

TEST_F(ApiAccountsTest, SuspendingEndsSessionsAndBlocksLoginUntilReactivated) {
  Client nurse(server_), admin(server_);
  ASSERT_EQ(nurse.Login(nurse_).status, 200);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  ASSERT_EQ(admin.Post(UserAction(clinic_, nurse_, "status"), json::object{{"status", "suspended"}})
                .status,
            204);
  EXPECT_EQ(nurse.Get("/api/v1/auth/session").status, 401);
  Client again(server_);
  Reply refused = again.Login(nurse_);
  EXPECT_EQ(refused.status, 403);
  EXPECT_FALSE(again.signed_in());
  Reply bad = admin.Post(UserAction(clinic_, nurse_, "status"), json::object{{"status", "gone"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.ErrorField(), "status");
  ASSERT_EQ(
      admin.Post(UserAction(clinic_, nurse_, "status"), json::object{{"status", "active"}}).status,
      204);
  NextTotpStep();
  EXPECT_EQ(Str(again.Login(nurse_).body, "stage"), "full");
}

TEST_F(ApiAccountsTest, AdminCannotSuspendThemselves) {
  Client admin(server_);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  EXPECT_EQ(admin.Post(UserAction(clinic_, admin_, "status"), json::object{{"status", "suspended"}})
                .status,
            409);
  EXPECT_EQ(admin.Get("/api/v1/auth/session").status, 200);
}

TEST_F(ApiAccountsTest, ResetTwoFactorMakesTheNextLoginRequireEnrolment) {
  Client nurse(server_), admin(server_);
  ASSERT_EQ(nurse.Login(nurse_).status, 200);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  ASSERT_EQ(admin.Post(UserAction(clinic_, nurse_, "reset-2fa"), json::object{}).status, 204);
  EXPECT_EQ(nurse.Get("/api/v1/auth/session").status, 401);
  Account without = nurse_;
  without.totp_secret.clear();
  Client again(server_);
  Reply login = again.Login(without);
  ASSERT_EQ(login.status, 200);
  EXPECT_EQ(Str(login.body, "stage"), "enrol");
}

TEST_F(ApiAccountsTest, AdminRevokesAllSessionsOfAMember) {
  Client nurse(server_), admin(server_);
  ASSERT_EQ(nurse.Login(nurse_).status, 200);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  Reply r = admin.Post(UserAction(clinic_, nurse_, "revoke-sessions"), json::object{});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.at("revoked").as_int64(), 1);
  EXPECT_EQ(nurse.Get("/api/v1/auth/session").status, 401);
}

TEST_F(ApiAccountsTest, OrgAdminCannotTakeOverAnAccountWithWiderPowers) {
  // A system admin who is also a member of the clinic, and the other clinic's admin whom the
  // clinic's admin adds as a member: a password reset would hand their powers to the clinic admin.
  Account root = server_.CreateUser("root.admin", clinic_, "member", true, "staff", true);
  Client admin(server_);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  Reply added = admin.Post("/api/v1/organizations/" + clinic_ + "/members",
                           json::object{{"login_id", "other.admin"}, {"role", "member"}});
  ASSERT_EQ(added.status, 200) << added.raw;
  for (const Account* target : {&root, &other_admin_}) {
    for (const char* action : {"password-reset", "reset-2fa", "revoke-sessions"}) {
      EXPECT_EQ(admin.Post(UserAction(clinic_, *target, action), json::object{}).status, 403)
          << target->login_id << " " << action;
    }
    EXPECT_EQ(
        admin.Post(UserAction(clinic_, *target, "status"), json::object{{"status", "suspended"}})
            .status,
        403)
        << target->login_id;
  }
  Client root_client(server_), other(server_);
  EXPECT_EQ(Str(root_client.Login(root).body, "stage"), "full");
  EXPECT_EQ(Str(other.Login(other_admin_).body, "stage"), "full");
  // The system admin may act on anyone.
  Reply by_root =
      root_client.Post(UserAction(clinic_, other_admin_, "password-reset"), json::object{});
  EXPECT_EQ(by_root.status, 201) << by_root.raw;
}

TEST_F(ApiAccountsTest, AccountAdministrationIsAudited) {
  Account root = server_.CreateUser("root.admin", "", "", true, "staff", true);
  Client admin(server_);
  ASSERT_EQ(admin.Login(admin_).status, 200);
  ASSERT_EQ(admin.Post(UserAction(clinic_, nurse_, "password-reset"), json::object{}).status, 201);
  ASSERT_EQ(admin.Post(UserAction(clinic_, nurse_, "reset-2fa"), json::object{}).status, 204);
  ASSERT_EQ(admin.Post(UserAction(clinic_, nurse_, "status"), json::object{{"status", "suspended"}})
                .status,
            204);
  Client auditor(server_);
  ASSERT_EQ(auditor.Login(root).status, 200);
  Reply r = testing_env::SearchAudit(server_, auditor, "user_id=" + admin_.user_id);
  ASSERT_EQ(r.status, 200);
  std::set<std::string> actions;
  for (const auto& e : r.body.at("items").as_array()) {
    if (Str(e, "object_id") == nurse_.user_id) actions.insert(Str(e, "action"));
  }
  EXPECT_TRUE(actions.contains("auth.password.reset_issued"));
  EXPECT_TRUE(actions.contains("auth.totp.reset"));
  EXPECT_TRUE(actions.contains("directory.user.status"));
}

}  // namespace

// API tests of care teams against the real server: invitations and the invitee's answer (which
// needs no access to the person yet), the notification that carries no personal data, who may
// invite with which role, members from other municipalities, leaving, role changes and removal,
// and the rule that a team keeps its last care manager while others remain.
#include <gtest/gtest.h>

#include "core/id.h"
#include "db/database.h"
#include "db/testing.h"
#include "test_env.h"

namespace {

using testing_env::Account;
using testing_env::Client;
using testing_env::Reply;
using testing_env::Str;
using testing_env::TestServer;
namespace json = boost::json;

class ApiTeamTest : public ::testing::TestWithParam<std::string> {
 protected:
  ApiTeamTest() {
    server_.CreateMunicipality("991015", "群青市");
    server_.CreateMunicipality("991023", "翠町");
    city_ = server_.CreateOrganization("991015", "municipal_department", "群青市 長寿介護課");
    office_ = server_.CreateOrganization("991015", "care_management", "群青居宅介護支援");
    clinic_ = server_.CreateOrganization("991015", "clinic", "群青クリニック");
    pharmacy_ = server_.CreateOrganization("991015", "pharmacy", "群青薬局");
    remote_office_ = server_.CreateOrganization("991023", "visiting_nursing", "翠町訪問看護");
    cm_ = server_.CreateNamedUser("cm", office_, "member", "田中 一郎", "タナカ イチロウ",
                                  "care_manager");
    nurse_ =
        server_.CreateNamedUser("nurse", clinic_, "member", "鈴木 花子", "スズキ ハナコ", "nurse");
    pharmacist_ = server_.CreateNamedUser("pharmacist", pharmacy_, "member", "佐藤 薬",
                                          "サトウ クスリ", "pharmacist");
    remote_ = server_.CreateNamedUser("remote", remote_office_, "member", "翠 看護",
                                      "ミドリ カンゴ", "nurse");
    outsider_ = server_.CreateUser("outsider", clinic_, "member");
    muni_admin_ = server_.CreateUser("muni.admin", city_, "municipality_admin");
    family_ = server_.CreateUser("family.yamada", "", "", false, "family");
    EXPECT_EQ(cm_client_.Login(cm_).status, 200);
    EXPECT_EQ(nurse_client_.Login(nurse_).status, 200);
    person_ = server_.CreatePerson("991015", cm_.user_id, "山田 花子", "ヤマダ ハナコ");
    base_ = "/api/v1/persons/" + person_;
  }

  Reply Invite(Client& by, const Account& who, const std::string& role) {
    return by.Post(base_ + "/team/invitations",
                   json::object{{"user_id", who.user_id}, {"team_role", role}});
  }
  /// The member row of `user_id` in the team list (as the care manager sees it).
  json::object Member(const std::string& user_id) {
    Reply team = cm_client_.Get(base_ + "/team");
    for (const auto& m : team.body.at("items").as_array()) {
      if (Str(m, "user_id") == user_id) return m.as_object();
    }
    return {};
  }
  std::unique_ptr<Client> SignedIn(const Account& a) {
    auto c = std::make_unique<Client>(server_);
    EXPECT_EQ(c->Login(a).status, 200) << a.login_id;
    return c;
  }

  std::unique_ptr<db::testing::TestDatabase> database_ = testing_env::BackendDatabase(GetParam());
  TestServer server_{database_ ? database_->url() : std::string()};
  std::string city_, office_, clinic_, pharmacy_, remote_office_, person_, base_;
  Account cm_, nurse_, pharmacist_, remote_, outsider_, muni_admin_, family_;
  Client cm_client_{server_}, nurse_client_{server_};
};

TEST_P(ApiTeamTest, InviteeIsNotifiedCannotReadYetAndAccepts) {
  Reply invited = Invite(cm_client_, nurse_, "visiting_nurse");
  ASSERT_EQ(invited.status, 201) << invited.raw;
  EXPECT_EQ(Str(invited.body, "status"), "invited");
  EXPECT_EQ(Str(invited.body, "organization_id"), clinic_);
  EXPECT_EQ(Str(invited.body.at("invited_by"), "name"), "田中 一郎");
  EXPECT_TRUE(invited.body.at("joined_at").is_null());

  Reply feed = nurse_client_.Get("/api/v1/notifications");
  ASSERT_EQ(feed.status, 200) << feed.raw;
  bool notified = false;
  for (const auto& n : feed.body.at("items").as_array()) {
    if (Str(n, "kind") != "team.invitation") continue;
    notified = true;
    EXPECT_EQ(Str(n, "title"), "支援チームへの招待があります");
    EXPECT_EQ(Str(n, "link"), "/care/invitations");
    EXPECT_EQ(json::serialize(n).find("山田"), std::string::npos);  // no personal data
  }
  EXPECT_TRUE(notified) << feed.raw;

  Reply pending = nurse_client_.Get("/api/v1/care-team/invitations");
  ASSERT_EQ(pending.status, 200);
  ASSERT_EQ(pending.body.at("items").as_array().size(), 1u);
  const auto& inv = pending.body.at("items").at(0);
  EXPECT_EQ(Str(inv, "person_id"), person_);
  EXPECT_EQ(Str(inv, "person_name"), "山田 花子");
  EXPECT_EQ(Str(inv, "team_role"), "visiting_nurse");
  EXPECT_EQ(Str(inv.at("invited_by"), "id"), cm_.user_id);

  // Invited but not accepted: no reads yet.
  EXPECT_EQ(nurse_client_.Get(base_).status, 403);
  EXPECT_EQ(nurse_client_.Get(base_ + "/team").status, 403);
  EXPECT_EQ(nurse_client_.Get(base_ + "/profile/living").status, 403);

  Reply accepted = nurse_client_.Post(base_ + "/team/accept", json::object{});
  ASSERT_EQ(accepted.status, 200) << accepted.raw;
  EXPECT_EQ(Str(accepted.body, "status"), "active");
  EXPECT_TRUE(accepted.body.at("joined_at").is_int64());
  EXPECT_EQ(nurse_client_.Get(base_).status, 200);
  EXPECT_TRUE(
      nurse_client_.Get("/api/v1/care-team/invitations").body.at("items").as_array().empty());
  EXPECT_EQ(nurse_client_.Post(base_ + "/team/accept", json::object{}).status, 409);

  auto sys = SignedIn(server_.CreateUser("sys.admin", "", "", true, "staff", true));
  Reply audit = SearchAudit(server_, *sys, "person_id=" + person_ + "&action=team.");
  bool accept = false, invite = false;
  for (const auto& e : audit.body.at("items").as_array()) {
    if (Str(e, "action") == "team.accept" && Str(e, "user_id") == nurse_.user_id) accept = true;
    if (Str(e, "action") == "team.invite" && Str(e, "user_id") == cm_.user_id) invite = true;
  }
  EXPECT_TRUE(accept);
  EXPECT_TRUE(invite);
}

TEST_P(ApiTeamTest, DeclinedInvitationCanBeMadeAgain) {
  ASSERT_EQ(Invite(cm_client_, nurse_, "nurse").status, 201);
  Reply declined = nurse_client_.Post(base_ + "/team/decline", json::object{});
  ASSERT_EQ(declined.status, 200) << declined.raw;
  EXPECT_EQ(Str(declined.body, "status"), "declined");
  EXPECT_EQ(nurse_client_.Get(base_).status, 403);
  EXPECT_EQ(nurse_client_.Post(base_ + "/team/accept", json::object{}).status, 409);
  Reply again = Invite(cm_client_, nurse_, "visiting_nurse");
  ASSERT_EQ(again.status, 201) << again.raw;
  EXPECT_EQ(Str(again.body, "team_role"), "visiting_nurse");
  EXPECT_TRUE(again.body.at("ended_at").is_null());
  EXPECT_EQ(nurse_client_.Post(base_ + "/team/accept", json::object{}).status, 200);
}

TEST_P(ApiTeamTest, MembersInviteButOnlyManagersInviteACareManager) {
  server_.AddTeamMember(person_, nurse_.user_id, "nurse");
  Reply by_member = Invite(nurse_client_, pharmacist_, "pharmacist");
  EXPECT_EQ(by_member.status, 201) << by_member.raw;
  Reply cm_by_member = Invite(nurse_client_, remote_, "care_manager");
  EXPECT_EQ(cm_by_member.status, 403);
  EXPECT_TRUE(cm_by_member.NamesField("team_role")) << cm_by_member.raw;
  EXPECT_EQ(Invite(cm_client_, remote_, "care_manager").status, 201);
  auto admin = SignedIn(muni_admin_);
  EXPECT_EQ(Invite(*admin, outsider_, "care_manager").status, 201);
}

TEST_P(ApiTeamTest, InvitationsAreValidated) {
  server_.AddTeamMember(person_, nurse_.user_id, "nurse");
  const std::string suspended_id = server_.CreateUser("suspended", clinic_, "member").user_id;
  auto suspended = server_.app().db().Run([&](db::Connection& c) -> core::Result<void> {
    static constexpr db::Statement kSuspend{"test_suspend",
                                            "UPDATE users SET status = 'suspended' WHERE id = $1"};
    RETURN_IF_ERROR(c.Execute(kSuspend, {suspended_id}));
    return core::Ok();
  });
  ASSERT_TRUE(suspended.ok());
  for (const auto& [body, path] : std::vector<std::pair<json::value, std::string>>{
           {json::object{{"team_role", "nurse"}}, "user_id"},
           {json::object{{"user_id", "nurse"}, {"team_role", "nurse"}}, "user_id"},
           {json::object{{"user_id", core::NewId()}, {"team_role", "nurse"}}, "user_id"},
           {json::object{{"user_id", family_.user_id}, {"team_role", "nurse"}}, "user_id"},
           {json::object{{"user_id", suspended_id}, {"team_role", "nurse"}}, "user_id"},
           {json::object{{"user_id", pharmacist_.user_id}, {"team_role", "wizard"}}, "team_role"},
           {json::object{{"user_id", pharmacist_.user_id}}, "team_role"},
           {json::object{{"user_id", pharmacist_.user_id},
                         {"team_role", "pharmacist"},
                         {"organization_id", clinic_}},
            "organization_id"},
           {json::object{{"user_id", pharmacist_.user_id}, {"team_role", "pharmacist"}, {"x", 1}},
            "x"}}) {
    Reply r = cm_client_.Post(base_ + "/team/invitations", body);
    EXPECT_EQ(r.status, 400) << path << ": " << r.raw;
    EXPECT_TRUE(r.NamesField(path)) << path << ": " << r.raw;
  }
  Reply member = Invite(cm_client_, nurse_, "nurse");
  EXPECT_EQ(member.status, 409);
  EXPECT_TRUE(member.NamesField("user_id"));
  ASSERT_EQ(Invite(cm_client_, pharmacist_, "pharmacist").status, 201);
  EXPECT_EQ(Invite(cm_client_, pharmacist_, "pharmacist").status, 409);  // already invited
  Reply role = cm_client_.Put(base_ + "/team/members/" + nurse_.user_id,
                              json::object{{"team_role", "wizard"}});
  EXPECT_EQ(role.status, 400);
  EXPECT_TRUE(role.NamesField("team_role"));
  EXPECT_EQ(
      cm_client_.Put(base_ + "/team/members/" + core::NewId(), json::object{{"team_role", "nurse"}})
          .status,
      404);
}

TEST_P(ApiTeamTest, MemberFromAnotherMunicipalityJoinsAndReads) {
  ASSERT_EQ(Invite(cm_client_, remote_, "visiting_nurse").status, 201);
  auto remote = SignedIn(remote_);
  ASSERT_EQ(remote->Post(base_ + "/team/accept", json::object{}).status, 200);
  Reply person = remote->Get(base_);
  ASSERT_EQ(person.status, 200) << person.raw;
  EXPECT_EQ(Str(person.body.at("access"), "team_role"), "visiting_nurse");
  EXPECT_EQ(Str(Member(remote_.user_id), "municipality_code"), "991023");
  EXPECT_EQ(Str(Member(remote_.user_id), "organization_name"), "翠町訪問看護");
  EXPECT_EQ(remote->Get("/api/v1/persons").body.at("items").as_array().size(), 1u);
}

TEST_P(ApiTeamTest, LastCareManagerStaysWhileOthersRemain) {
  server_.AddTeamMember(person_, nurse_.user_id, "nurse");
  Reply leave = cm_client_.Post(base_ + "/team/leave", json::object{});
  EXPECT_EQ(leave.status, 409);
  EXPECT_TRUE(leave.NamesField("team_role")) << leave.raw;
  Reply demote =
      cm_client_.Put(base_ + "/team/members/" + cm_.user_id, json::object{{"team_role", "other"}});
  EXPECT_EQ(demote.status, 409);
  EXPECT_TRUE(demote.NamesField("team_role"));
  auto admin = SignedIn(muni_admin_);
  Reply remove = admin->Delete(base_ + "/team/members/" + cm_.user_id);
  EXPECT_EQ(remove.status, 409);
  EXPECT_TRUE(remove.NamesField("team_role"));

  // With a second care manager the first may go.
  Reply promote = cm_client_.Put(base_ + "/team/members/" + nurse_.user_id,
                                 json::object{{"team_role", "care_manager"}});
  ASSERT_EQ(promote.status, 200) << promote.raw;
  Reply left = cm_client_.Post(base_ + "/team/leave", json::object{});
  ASSERT_EQ(left.status, 200) << left.raw;
  EXPECT_EQ(Str(left.body, "status"), "left");
  EXPECT_TRUE(left.body.at("ended_at").is_int64());
  EXPECT_EQ(cm_client_.Get(base_).status, 403);
  EXPECT_EQ(nurse_client_.Get(base_).status, 200);
  // Now alone in the team, the last care manager may leave too.
  EXPECT_EQ(nurse_client_.Post(base_ + "/team/leave", json::object{}).status, 200);
}

TEST_P(ApiTeamTest, ManagersChangeRolesAndRemoveOthersMayNot) {
  server_.AddTeamMember(person_, nurse_.user_id, "nurse");
  server_.AddTeamMember(person_, pharmacist_.user_id, "pharmacist");
  EXPECT_EQ(
      nurse_client_
          .Put(base_ + "/team/members/" + pharmacist_.user_id, json::object{{"team_role", "other"}})
          .status,
      403);
  EXPECT_EQ(nurse_client_.Delete(base_ + "/team/members/" + pharmacist_.user_id).status, 403);
  Reply changed = cm_client_.Put(base_ + "/team/members/" + nurse_.user_id,
                                 json::object{{"team_role", "visiting_nurse"}});
  ASSERT_EQ(changed.status, 200) << changed.raw;
  EXPECT_EQ(Str(changed.body, "team_role"), "visiting_nurse");
  EXPECT_EQ(cm_client_.Delete(base_ + "/team/members/" + nurse_.user_id).status, 204);
  EXPECT_EQ(nurse_client_.Get(base_).status, 403);
  json::object removed = Member(nurse_.user_id);
  EXPECT_EQ(Str(removed, "status"), "removed");
  EXPECT_TRUE(removed.at("ended_at").is_int64());
  EXPECT_EQ(cm_client_.Delete(base_ + "/team/members/" + nurse_.user_id).status, 404);
  // A removed member can be invited again.
  EXPECT_EQ(Invite(cm_client_, nurse_, "nurse").status, 201);
}

TEST_P(ApiTeamTest, AnsweringWithoutAnInvitationIsRefusedAndAudited) {
  auto outsider = SignedIn(outsider_);
  EXPECT_EQ(outsider->Post(base_ + "/team/accept", json::object{}).status, 403);
  EXPECT_EQ(outsider->Post(base_ + "/team/decline", json::object{}).status, 403);
  EXPECT_EQ(
      outsider->Post("/api/v1/persons/" + core::NewId() + "/team/accept", json::object{}).status,
      403);
  auto family = SignedIn(family_);
  EXPECT_EQ(family->Post(base_ + "/team/accept", json::object{}).status, 403);
  EXPECT_EQ(family->Get("/api/v1/care-team/invitations").status, 403);
  auto sys = SignedIn(server_.CreateUser("sys.admin", "", "", true, "staff", true));
  Reply audit = SearchAudit(server_, *sys, "person_id=" + person_ + "&action=team.accept");
  bool denied = false;
  for (const auto& e : audit.body.at("items").as_array()) {
    if (Str(e, "outcome") == "denied" && Str(e, "user_id") == outsider_.user_id) denied = true;
  }
  EXPECT_TRUE(denied) << audit.raw;
}

TEST_P(ApiTeamTest, WithdrawnConsentEndsMemberAccessButTheInviteeMayStillAnswer) {
  ASSERT_EQ(Invite(cm_client_, nurse_, "nurse").status, 201);
  Reply consents = cm_client_.Get(base_ + "/consents");
  std::string consent_id = Str(consents.body.at("items").at(0), "id");
  ASSERT_EQ(cm_client_
                .Post(base_ + "/consents/" + consent_id + "/withdraw",
                      json::object{{"withdrawn_on", "2026-04-02"}, {"reason", "本人の希望"}})
                .status,
            200);
  EXPECT_EQ(cm_client_.Get(base_ + "/team").status, 403);
  Reply accepted = nurse_client_.Post(base_ + "/team/accept", json::object{});
  EXPECT_EQ(accepted.status, 200) << accepted.raw;
  EXPECT_EQ(nurse_client_.Get(base_).status, 403);  // a member, but nothing is shared
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTeamTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace

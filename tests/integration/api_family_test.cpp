// Family members (docs/care-api.md "Family"): the team invites a family member with the
// family-portal consent; the family account sees only that person, keeps the emergency kit and
// the key persons current, and loses access when the team revokes it or the consent ends.
#include "core/wareki.h"
#include "emergency_fixture.h"

namespace emergency_test {
namespace {

using testing_env::TokenFromLink;

class ApiFamilyTest : public EmergencyFixture {
 protected:
  std::string Base(const std::string& person) { return "/api/v1/persons/" + person; }
  std::string FamilyBase(const std::string& person) { return "/api/v1/family/persons/" + person; }

  void AddFamilyConsent(const std::string& person) {
    std::string today =
        core::FormatIsoDate(core::DateFromEpochMillisJst(server_.clock().NowMillis()));
    Reply r = cm_client_.Post(
        Base(person) + "/consents",
        json::object{
            {"scopes", json::object{{"team", true}, {"emergency", true}, {"family", true}}},
            {"obtained_on", today},
            {"given_by", "self"},
            {"method", "written"}});
    ASSERT_EQ(r.status, 201) << r.raw;
  }
  Reply Invite(const std::string& person, const std::string& name = "山田 陽子") {
    return cm_client_.Post(Base(person) + "/family",
                           json::object{{"display_name", name}, {"relation", "長女"}});
  }
  /// Accepts the link as a new family account and returns a client signed in with it.
  std::unique_ptr<Client> Accept(const Reply& invited, const std::string& login_id) {
    auto c = std::make_unique<Client>(server_);
    Reply r = c->Post("/api/v1/invitations/accept",
                      json::object{{"token", TokenFromLink(Str(invited.body.at("link"), "url"))},
                                   {"login_id", login_id},
                                   {"password", "Kumo-Sora-Umi-2207-Hoshi"},
                                   {"display_name", "山田 陽子"},
                                   {"kana", "ヤマダ ヨウコ"}});
    EXPECT_EQ(r.status, 201) << r.raw;
    EXPECT_EQ(Str(r.body.at("user"), "account_type"), "family");
    Reply login = c->Login(Account{"", login_id, "Kumo-Sora-Umi-2207-Hoshi", ""});
    EXPECT_EQ(login.status, 200) << login.raw;
    EXPECT_EQ(Str(login.body, "stage"), "full");  // a family account may add 2FA, not must
    return c;
  }
};

TEST_P(ApiFamilyTest, AnInvitedDaughterKeepsTheKitAndKeyPersonsCurrentForHerMotherOnly) {
  EXPECT_NE(Invite(person_).raw.find("no_family_consent"), std::string::npos);
  AddFamilyConsent(person_);
  Reply invited = Invite(person_);
  ASSERT_EQ(invited.status, 201) << invited.raw;
  EXPECT_EQ(Str(invited.body, "status"), "invited");
  auto family = Accept(invited, "yoko.yamada");

  Reply mine = family->Get("/api/v1/family/persons");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  ASSERT_EQ(mine.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(Str(mine.body.at("items").at(0), "name"), "山田 花子");
  EXPECT_EQ(Str(mine.body.at("items").at(0), "relation"), "長女");

  // The kit: read, then a new version on top of the latest.
  Reply kit = family->Get(FamilyBase(person_) + "/profile/emergency");
  EXPECT_EQ(kit.status, 404) << kit.raw;  // nothing recorded yet
  Reply saved = family->Put(
      FamilyBase(person_) + "/profile/emergency",
      json::object{{"data", json::object{{"kit_location", "冷蔵庫の扉"}}}, {"base_version", 0}});
  ASSERT_EQ(saved.status, 200) << saved.raw;
  EXPECT_EQ(Str(saved.body.at("changed_by"), "name"), "山田 陽子");
  Reply bad = family->Put(
      FamilyBase(person_) + "/profile/key_persons",
      json::object{
          {"data",
           json::object{{"items", json::array{json::object{{"name", "山田 一郎"},
                                                           {"phones", json::array{"12-34"}}}}}}},
          {"base_version", 0}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(bad.NamesField("key_persons.items[0].phones[0]")) << bad.raw;

  Reply summary = family->Get(FamilyBase(person_) + "/emergency-summary");
  ASSERT_EQ(summary.status, 200) << summary.raw;
  EXPECT_EQ(Str(summary.body.at("emergency"), "kit_location"), "冷蔵庫の扉");
  // The team sees who changed it.
  Reply team_view = cm_client_.Get(Base(person_) + "/profile/emergency");
  EXPECT_EQ(Str(team_view.body.at("changed_by"), "name"), "山田 陽子");

  // Nothing else: no other part, no team route, no other person.
  EXPECT_EQ(family
                ->Put(FamilyBase(person_) + "/profile/acp",
                      json::object{{"data", json::object{}}, {"base_version", 0}})
                .status,
            403);
  EXPECT_EQ(family->Get(FamilyBase(person_) + "/profile/medical").status, 403);
  EXPECT_EQ(family->Get(Base(person_)).status, 403);
  EXPECT_EQ(family->Get(Base(person_) + "/timeline").status, 403);
  const std::string other = Register("佐藤 一", "さとう はじめ", true);
  AddFamilyConsent(other);
  EXPECT_EQ(family->Get(FamilyBase(other) + "/emergency-summary").status, 403);
  EXPECT_EQ(
      family
          ->Put(FamilyBase(other) + "/profile/emergency",
                json::object{{"data", json::object{{"kit_location", "玄関"}}}, {"base_version", 0}})
          .status,
      403);
}

TEST_P(ApiFamilyTest, RevokingOrWithdrawingTheConsentEndsTheFamilysAccessAtOnce) {
  AddFamilyConsent(person_);
  Reply first = Invite(person_);
  ASSERT_EQ(first.status, 201);
  auto family = Accept(first, "yoko.yamada");
  ASSERT_EQ(family->Get(FamilyBase(person_) + "/emergency-summary").status, 200);

  // An invitation revoked before use makes no account.
  Reply second = Invite(person_, "山田 二郎");
  ASSERT_EQ(second.status, 201);
  ASSERT_EQ(cm_client_.Delete(Base(person_) + "/family/" + Str(second.body, "id")).status, 204);
  Client late(server_);
  Reply used = late.Post("/api/v1/invitations/accept",
                         json::object{{"token", TokenFromLink(Str(second.body.at("link"), "url"))},
                                      {"login_id", "jiro.yamada"},
                                      {"password", "Kumo-Sora-Umi-2207-Hoshi"},
                                      {"display_name", "山田 二郎"},
                                      {"kana", "ヤマダ ジロウ"}});
  EXPECT_EQ(used.status, 404);

  Reply list = cm_client_.Get(Base(person_) + "/family");
  ASSERT_EQ(list.status, 200);
  std::multiset<std::string> statuses;
  for (const auto& m : list.body.at("items").as_array()) statuses.insert(Str(m, "status"));
  EXPECT_EQ(statuses, (std::multiset<std::string>{"active", "revoked"}));

  WithdrawConsents(person_);
  EXPECT_EQ(family->Get(FamilyBase(person_) + "/emergency-summary").status, 403);
  EXPECT_TRUE(family->Get("/api/v1/family/persons").body.at("items").as_array().empty());
  EXPECT_FALSE(AuditOf("family.invite").empty());
  EXPECT_FALSE(AuditOf("family.revoke").empty());
}

TEST_P(ApiFamilyTest, OnlyTheTeamInvitesAndTheInvitationNamesAFamilyMemberAndRelation) {
  AddFamilyConsent(person_);
  Reply missing = cm_client_.Post(Base(person_) + "/family", json::object{{"kana", "yamada"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_TRUE(missing.NamesField("display_name"));
  EXPECT_TRUE(missing.NamesField("relation"));
  EXPECT_TRUE(missing.NamesField("kana"));
  EXPECT_EQ(SignedIn(outsider_)
                ->Post(Base(person_) + "/family",
                       json::object{{"display_name", "誰か"}, {"relation", "知人"}})
                .status,
            403);
  EXPECT_EQ(crew_client_.Get(Base(person_) + "/family").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiFamilyTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace
}  // namespace emergency_test

// The emergency API (docs/emergency-api.md), the care team's and the EMS crew's sides: the
// summary, the QR card, searching, break-glass access with its time limit and consent rule, and
// the audit entries and notifications each step leaves.
#include <chrono>

#include "core/id.h"
#include "emergency_fixture.h"

namespace emergency_test {
namespace {

class ApiEmergencyTest : public EmergencyFixture {
 protected:
  std::string Base() const { return "/api/v1/persons/" + person_; }
};

TEST_P(ApiEmergencyTest, SummaryPutsTheAcpFirstAndKeyPersonsInCallingOrder) {
  Reply empty = cm_client_.Get(Base() + "/emergency-summary");
  ASSERT_EQ(empty.status, 200) << empty.raw;
  EXPECT_TRUE(empty.body.at("acp").is_null());
  EXPECT_EQ(Str(empty.body.at("person"), "name"), "山田 花子");
  EXPECT_TRUE(empty.body.at("emergency_consent").as_bool());

  auto put = [&](const std::string& part, const std::string& data) {
    Reply r = cm_client_.Put(Base() + "/profile/" + part,
                             json::object{{"data", json::parse(data)}, {"base_version", 0}});
    ASSERT_EQ(r.status, 200) << part << ": " << r.raw;
  };
  put("acp",
      R"({"discussed_on":"2026-10-01","participants":[{"name":"山田 花子","relation":"本人"}],
                 "resuscitation":"does_not_want","hospital_transport":"wants","signed_off":true})");
  put("key_persons", R"({"items":[{"name":"山田 次郎","relation":"次男","call_order":2},
                                   {"name":"山田 一郎","relation":"長男","call_order":1,
                                    "phones":["090-1111-2222"]}]})");
  put("providers", R"({"primary_doctor":{"organization_id":")" + clinic_ + R"(","user_id":")" +
                       doctor_.user_id + R"("}})");
  put("emergency", R"({"kit_location":"冷蔵庫","blood_type":"A"})");

  Reply s = cm_client_.Get(Base() + "/emergency-summary");
  ASSERT_EQ(s.status, 200) << s.raw;
  const json::value& acp = s.body.at("acp");
  EXPECT_EQ(Str(acp, "resuscitation"), "does_not_want");
  EXPECT_EQ(Str(acp, "discussed_on"), "2026-10-01");
  EXPECT_EQ(Str(acp.at("recorded_by"), "name"), "田中 一郎");
  EXPECT_FALSE(acp.as_object().contains("participants"));
  const auto& keys = s.body.at("key_persons").as_array();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(Str(keys[0], "name"), "山田 一郎");
  EXPECT_EQ(Str(s.body.at("providers").at("primary_doctor"), "organization_name"),
            "群青クリニック");
  EXPECT_EQ(Str(s.body.at("providers").at("primary_doctor"), "user_name"), "高橋 医師");
  EXPECT_EQ(Str(s.body.at("emergency"), "kit_location"), "冷蔵庫");
  EXPECT_EQ(Str(s.body.at("care_managers").at(0), "name"), "田中 一郎");
  EXPECT_GE(s.body.at("person").at("age").as_int64(), 86);

  EXPECT_EQ(SignedIn(outsider_)->Get(Base() + "/emergency-summary").status, 403);
  EXPECT_EQ(crew_client_.Get(Base() + "/emergency-summary").status, 403);
}

TEST_P(ApiEmergencyTest, ANewCardRevokesTheOldOneAndItsQrHoldsOnlyTheTokenUrl) {
  EXPECT_TRUE(cm_client_.Get(Base() + "/emergency-card").body.at("card").is_null());
  Reply first = cm_client_.Post(Base() + "/emergency-card", json::object{});
  ASSERT_EQ(first.status, 201) << first.raw;
  std::string url = Str(first.body, "url");
  std::string token = url.substr(url.rfind("/e/") + 3);
  EXPECT_GE(token.size(), 43u);
  EXPECT_EQ(url.find(person_), std::string::npos);  // nothing personal in the URL
  EXPECT_NE(Str(first.body, "qr_svg").find("<svg"), std::string::npos);
  EXPECT_EQ(Str(first.body.at("person"), "name"), "山田 花子");
  // Printing again gives the same card.
  EXPECT_EQ(Str(cm_client_.Get(Base() + "/emergency-card").body.at("card"), "url"), url);

  Reply checked = crew_client_.Get("/api/v1/ems/cards/" + token);
  ASSERT_EQ(checked.status, 200) << checked.raw;
  EXPECT_EQ(checked.body, json::parse(R"({"emergency_consent":true})"));  // names nobody

  Reply second = cm_client_.Post(Base() + "/emergency-card", json::object{});
  ASSERT_EQ(second.status, 201);
  EXPECT_NE(Str(second.body, "url"), url);
  Reply revoked = crew_client_.Get("/api/v1/ems/cards/" + token);
  EXPECT_EQ(revoked.status, 410);
  EXPECT_EQ(revoked.ErrorDetailCode(), "card_revoked");
  EXPECT_EQ(crew_client_.Get("/api/v1/ems/cards/" + std::string(43, 'A')).status, 404);

  EXPECT_EQ(cm_client_.Delete(Base() + "/emergency-card").status, 204);
  EXPECT_EQ(cm_client_.Delete(Base() + "/emergency-card").status, 404);
  std::string second_token = Str(second.body, "url").substr(url.rfind("/e/") + 3);
  EXPECT_EQ(crew_client_.Get("/api/v1/ems/cards/" + second_token).status, 410);
  // Only the team may issue; the crew may only check.
  EXPECT_EQ(crew_client_.Post(Base() + "/emergency-card", json::object{}).status, 403);
}

TEST_P(ApiEmergencyTest, WithoutEmergencyConsentNothingPersonalIsShownAnywhere) {
  std::string quiet = Register("佐藤 和子", "さとう かずこ", false, "0120-999-888");
  Reply card = cm_client_.Post("/api/v1/persons/" + quiet + "/emergency-card", json::object{});
  EXPECT_EQ(card.status, 409);
  EXPECT_EQ(card.ErrorDetailCode(), "no_emergency_consent");

  Reply found = crew_client_.Get("/api/v1/ems/persons?phone=0120-999-888");
  ASSERT_EQ(found.status, 200) << found.raw;
  EXPECT_TRUE(found.body.at("items").as_array().empty());
  EXPECT_EQ(found.body.at("without_consent"), 1);
  EXPECT_EQ(found.raw.find("佐藤"), std::string::npos);

  Reply opened = Open(crew_client_, OpenBody(quiet));
  EXPECT_EQ(opened.status, 403);
  EXPECT_EQ(opened.ErrorDetailCode(), "no_emergency_consent");
  EXPECT_EQ(opened.raw.find("佐藤"), std::string::npos);
  auto denied = AuditOf("ems.open");
  ASSERT_EQ(denied.size(), 1u);
  EXPECT_EQ(denied[0].outcome, "denied");
  EXPECT_EQ(denied[0].person_id, quiet);
  EXPECT_EQ(denied[0].reason, "ems:R8-0001");
  EXPECT_TRUE(EmsPosts(quiet).empty());
}

TEST_P(ApiEmergencyTest, SearchFindsByKanaWithWarekiBirthDateByPhoneAndByAddress) {
  Register("山田 花江", "やまだ はなえ", true);
  auto items = [&](const std::string& query) {
    Reply r = crew_client_.Get("/api/v1/ems/persons?" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.raw;
    std::set<std::string> names;
    if (r.status == 200) {
      for (const auto& c : r.body.at("items").as_array()) names.insert(Str(c, "name"));
    }
    return names;
  };
  // 1940-02-03 is 昭和15年2月3日.
  EXPECT_EQ(items("kana=%E3%83%A4%E3%83%9E%E3%83%80&birth_date=S15.2.3"),
            (std::set<std::string>{"山田 花子", "山田 花江"}));
  EXPECT_EQ(items("kana=%E3%82%84%E3%81%BE%E3%81%A0%E3%81%AF%E3%81%AA%E3%81%93&birth_date="
                  "%E6%98%AD%E5%92%8C15%E5%B9%B42%E6%9C%883%E6%97%A5"),
            (std::set<std::string>{"山田 花子"}));
  EXPECT_TRUE(items("kana=%E3%83%A4%E3%83%9E%E3%83%80&birth_date=1940-02-04").empty());
  EXPECT_EQ(items("phone=0120123456"), (std::set<std::string>{"山田 花子"}));
  EXPECT_EQ(items("address=%E6%9C%AC%E7%94%BA1-2").size(), 2u);  // 本町1-2

  auto field = [&](const std::string& query) {
    return crew_client_.Get("/api/v1/ems/persons?" + query).ErrorField();
  };
  EXPECT_EQ(field(""), "kana");
  EXPECT_EQ(field("kana=%E3%83%A4%E3%83%9E%E3%83%80"), "birth_date");
  EXPECT_EQ(field("birth_date=S15.2.3"), "kana");
  EXPECT_EQ(field("kana=yamada&birth_date=S15.2.3"), "kana");
  EXPECT_EQ(field("kana=%E3%83%A4&birth_date=S15.2.30"), "birth_date");
  EXPECT_EQ(field("phone=12-34"), "phone");
  EXPECT_EQ(field("address=%E6%9C%AC"), "address");
  EXPECT_EQ(field("phone=0120123456&limit=51"), "limit");

  // Only EMS crews search; every listed person is audited.
  EXPECT_EQ(cm_client_.Get("/api/v1/ems/persons?phone=0120123456").status, 403);
  auto listed = AuditOf("ems.search.listed");
  EXPECT_GE(listed.size(), 4u);
  auto searches = AuditOf("ems.search");
  bool no_values = true;
  for (const auto& a : searches) no_values &= a.details.find("0120") == std::string::npos;
  EXPECT_TRUE(no_values);
}

TEST_P(ApiEmergencyTest, PhoneSearchFindsTheKeyPersonsNumberAndFollowsTheLatestVersion) {
  const std::string base = "/api/v1/persons/" + person_;
  auto put_key_persons = [&](const std::string& phones, int64_t base_version) {
    std::string data =
        R"({"items":[{"name":"山田 一郎","relation":"長男","call_order":1,"phones":[)" + phones +
        "]}]}";
    Reply r =
        cm_client_.Put(base + "/profile/key_persons",
                       json::object{{"data", json::parse(data)}, {"base_version", base_version}});
    ASSERT_EQ(r.status, 200) << r.raw;
  };
  auto matches = [&](const std::string& phone) {
    Reply r = crew_client_.Get("/api/v1/ems/persons?phone=" + phone);
    EXPECT_EQ(r.status, 200) << r.raw;
    std::vector<std::string> out;
    for (const auto& c : r.body.at("items").as_array()) {
      out.push_back(Str(c, "name") + ":" + Str(c, "phone_match"));
    }
    return out;
  };
  put_key_persons(R"("090-1111-2222","０３－３３３３－４４４４")", 0);
  EXPECT_EQ(matches("09011112222"), std::vector<std::string>{"山田 花子:key_person"});
  EXPECT_EQ(matches("03-3333-4444"), std::vector<std::string>{"山田 花子:key_person"});
  EXPECT_EQ(matches("0120123456"), std::vector<std::string>{"山田 花子:person"});

  // The son changed his number: the old one no longer leads to his mother.
  put_key_persons(R"("080-5555-6666")", 1);
  EXPECT_TRUE(matches("09011112222").empty());
  EXPECT_EQ(matches("08055556666"), std::vector<std::string>{"山田 花子:key_person"});
}

TEST_P(ApiEmergencyTest, TheFeedNamesThePersonOnlyForReadersWhoMayStillSeeThem) {
  ASSERT_EQ(Open(crew_client_, OpenBody(person_)).status, 201);
  auto names_in_feed = [&](Client& c) {
    Reply feed = c.Get("/api/v1/notifications");
    EXPECT_EQ(feed.status, 200) << feed.raw;
    std::multiset<std::string> out;
    for (const auto& n : feed.body.at("items").as_array()) {
      if (Str(n, "kind") != "emergency.access") continue;
      EXPECT_EQ(Str(n, "title").find("山田"), std::string::npos);  // titles may reach e-mail
      out.insert(n.as_object().contains("person_name") ? Str(n, "person_name") : "-");
    }
    return out;
  };
  EXPECT_EQ(names_in_feed(cm_client_), std::multiset<std::string>{"山田 花子"});
  // Without a team consent in force the care manager no longer reads the record: the notice
  // stays, the name goes.
  WithdrawConsents(person_);
  EXPECT_EQ(names_in_feed(cm_client_), std::multiset<std::string>{"-"});
  EXPECT_FALSE(AuditOf("person.names").empty());
}

TEST_P(ApiEmergencyTest, OpeningNeedsIncidentAndReasonThenTellsTheTeamAndTheMunicipality) {
  Reply missing = Open(crew_client_, json::object{{"person_id", person_}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_TRUE(missing.NamesField("incident_number"));
  EXPECT_TRUE(missing.NamesField("reason"));
  json::object bad = OpenBody(person_, "R8/0001");
  EXPECT_TRUE(Open(crew_client_, bad).NamesField("incident_number"));
  json::object both = OpenBody(person_);
  both["card_token"] = std::string(43, 'A');
  EXPECT_TRUE(Open(crew_client_, both).NamesField("person_id"));
  EXPECT_EQ(Open(crew_client_, OpenBody(core::NewId())).status, 404);

  Reply opened = Open(crew_client_, OpenBody(person_));
  ASSERT_EQ(opened.status, 201) << opened.raw;
  EXPECT_EQ(Str(opened.body, "incident_number"), "R8-0001");
  EXPECT_EQ(Str(opened.body, "found_by"), "search");
  EXPECT_EQ(Str(opened.body, "organization_name"), "群青市消防本部");
  EXPECT_EQ(opened.body.at("expires_at").as_int64() - opened.body.at("opened_at").as_int64(),
            24 * 3600 * 1000);

  auto posts = EmsPosts(person_);
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_NE(posts[0].find("R8-0001"), std::string::npos);
  EXPECT_EQ(NoticeKinds(cm_).count("emergency.access"), 1u);
  EXPECT_EQ(NoticeKinds(doctor_).count("emergency.access"), 1u);
  EXPECT_EQ(NoticeKinds(muni_admin_).count("emergency.access"), 1u);
  EXPECT_EQ(NoticeKinds(outsider_).count("emergency.access"), 0u);

  Reply team_view = cm_client_.Get(Base() + "/ems-accesses");
  ASSERT_EQ(team_view.status, 200);
  EXPECT_EQ(Str(team_view.body.at("items").at(0), "incident_number"), "R8-0001");
  auto audit = AuditOf("ems.open");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].outcome, "ok");
  EXPECT_EQ(audit[0].person_id, person_);
  EXPECT_NE(audit[0].details.find("R8-0001"), std::string::npos);
}

TEST_P(ApiEmergencyTest, TheAccessIsTheCrewMembersAndEndsWithTimeOrConsent) {
  Reply card = cm_client_.Post(Base() + "/emergency-card", json::object{});
  std::string url = Str(card.body, "url");
  json::object by_card{{"card_token", url.substr(url.rfind("/e/") + 3)},
                       {"incident_number", "R8-0002"},
                       {"reason", "通報あり"}};
  Reply opened = Open(crew_client_, by_card);
  ASSERT_EQ(opened.status, 201) << opened.raw;
  EXPECT_EQ(Str(opened.body, "found_by"), "card");
  std::string access = "/api/v1/ems/accesses/" + Str(opened.body, "id");

  Reply read = crew_client_.Get(access);
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(Str(read.body.at("summary").at("person"), "name"), "山田 花子");
  EXPECT_EQ(Str(crew_client_.Get("/api/v1/ems/accesses").body.at("items").at(0), "id"),
            Str(opened.body, "id"));
  auto other = SignedIn(other_crew_);
  EXPECT_EQ(other->Get(access).status, 404);
  EXPECT_TRUE(other->Get("/api/v1/ems/accesses").body.at("items").as_array().empty());
  auto reads = AuditOf("ems.summary.read");
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].reason, "ems:R8-0002");

  server_.clock().Advance(std::chrono::hours(23));
  SignInAgain();  // sessions end after 30 idle minutes; the access lasts 24 hours
  EXPECT_EQ(crew_client_.Get(access).status, 200);
  WithdrawConsents(person_);
  Reply withdrawn = crew_client_.Get(access);
  EXPECT_EQ(withdrawn.status, 403);
  EXPECT_EQ(withdrawn.ErrorDetailCode(), "no_emergency_consent");
  EXPECT_EQ(withdrawn.raw.find("山田"), std::string::npos);

  std::string second = Register("山田 三郎", "やまだ さぶろう", true);
  Reply later = Open(crew_client_, OpenBody(second, "R8-0003"));
  ASSERT_EQ(later.status, 201);
  server_.clock().Advance(std::chrono::hours(24) + std::chrono::seconds(1));
  SignInAgain();
  Reply expired = crew_client_.Get("/api/v1/ems/accesses/" + Str(later.body, "id"));
  EXPECT_EQ(expired.status, 403);
  EXPECT_EQ(expired.ErrorDetailCode(), "access_expired");
}

TEST_P(ApiEmergencyTest, NonEmsUsersGetNothingFromTheEmsRoutes) {
  for (const Account* who : {&cm_, &doctor_, &muni_admin_, &hospital_doctor_}) {
    auto c = SignedIn(*who);
    EXPECT_EQ(c->Get("/api/v1/ems/persons?phone=0120123456").status, 403) << who->login_id;
    EXPECT_EQ(Open(*c, OpenBody(person_)).status, 403) << who->login_id;
    EXPECT_EQ(c->Get("/api/v1/ems/accesses").status, 403) << who->login_id;
  }
  Client anonymous(server_);
  EXPECT_EQ(anonymous.Get("/api/v1/ems/persons?phone=0120123456").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiEmergencyTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace
}  // namespace emergency_test

// The hospital hand-over (docs/emergency-api.md "Hospital hand-over"): members of the
// destination read the summary while the access lasts and report the outcome; a hospital without
// accounts gets a one-time link whose PIN allows five wrong tries, in one browser only.
#include <chrono>

#include "emergency_fixture.h"

namespace emergency_test {
namespace {

class ApiHandoverTest : public EmergencyFixture {
 protected:
  /// Opens an access to the fixture's person as the crew; returns its API path.
  std::string OpenAccess() {
    Reply r = Open(crew_client_, OpenBody(person_));
    EXPECT_EQ(r.status, 201) << r.raw;
    return "/api/v1/ems/accesses/" + Str(r.body, "id");
  }
  Reply SetDestination(const std::string& access, const json::object& body) {
    return crew_client_.Put(access + "/destination", body);
  }
  /// The link's path under /api/v1/handover-links/ and its PIN, from a destination by name.
  std::pair<std::string, std::string> LinkTo(const std::string& access) {
    Reply r = SetDestination(access, json::object{{"hospital_name", "みなと診療所"}});
    EXPECT_EQ(r.status, 200) << r.raw;
    std::string url = Str(r.body.at("handover"), "link_url");
    return {"/api/v1/handover-links/" + url.substr(url.rfind("/h/") + 3),
            Str(r.body.at("handover"), "pin")};
  }
  /// The grant cookie a successful unlock set, as a Cookie header value.
  /// The outcome post among the ems_access posts (posts of one fake-clock instant have no order).
  std::string OutcomePost() {
    for (const auto& body : EmsPosts(person_)) {
      if (body.find("からの報告") != std::string::npos) return body;
    }
    return {};
  }
  static std::string GrantCookie(const Reply& unlocked) {
    std::string set = unlocked.response.Header("set-cookie");
    return set.substr(0, set.find(';'));
  }
  Reply WithCookie(Client& c, const std::string& method, const std::string& path,
                   const std::string& cookie, const std::string& body = "") {
    return c.Send(method, path, body, body.empty() ? "" : "application/json", {{"Cookie", cookie}});
  }
};

TEST_P(ApiHandoverTest, HospitalMembersReadWhileItLastsAndTheOutcomeReachesTheTimeline) {
  std::string access = OpenAccess();
  Reply set = SetDestination(access, json::object{{"hospital_organization_id", hospital_}});
  ASSERT_EQ(set.status, 200) << set.raw;
  EXPECT_TRUE(set.body.at("handover").is_null());  // the hospital has accounts
  EXPECT_EQ(Str(set.body.at("destination"), "name"), "群青市民病院");
  EXPECT_EQ(NoticeKinds(hospital_doctor_).count("emergency.handover"), 1u);

  auto er = SignedIn(hospital_doctor_);
  Reply list = er->Get("/api/v1/handovers");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body.at("items").as_array().size(), 1u);
  std::string id = Str(list.body.at("items").at(0), "id");
  Reply read = er->Get("/api/v1/handovers/" + id);
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(Str(read.body.at("summary").at("person"), "name"), "山田 花子");
  // Staff of other places, and the crew through this route, get nothing.
  EXPECT_EQ(SignedIn(outsider_)->Get("/api/v1/handovers/" + id).status, 404);
  EXPECT_TRUE(SignedIn(outsider_)->Get("/api/v1/handovers").body.at("items").as_array().empty());

  Reply bad = er->Put("/api/v1/handovers/" + id + "/outcome", json::object{{"code", "cured"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(bad.NamesField("code"));
  Reply done = er->Put("/api/v1/handovers/" + id + "/outcome",
                       json::object{{"code", "admitted"}, {"note", "循環器内科に入院"}});
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(Str(done.body.at("outcome"), "code"), "admitted");
  EXPECT_EQ(Str(done.body.at("outcome").at("reported_by"), "via"), "account");
  EXPECT_EQ(EmsPosts(person_).size(), 3u);  // opened, destination, outcome
  std::string post = OutcomePost();
  EXPECT_NE(post.find("群青市民病院"), std::string::npos) << post;
  EXPECT_NE(post.find("入院"), std::string::npos) << post;
  EXPECT_NE(post.find("循環器内科に入院"), std::string::npos) << post;
  EXPECT_EQ(NoticeKinds(cm_).count("emergency.outcome"), 1u);
  EXPECT_EQ(NoticeKinds(crew_).count("emergency.outcome"), 1u);

  server_.clock().Advance(std::chrono::hours(25));
  er = SignedIn(hospital_doctor_);
  EXPECT_EQ(er->Get("/api/v1/handovers/" + id).status, 410);
  EXPECT_TRUE(er->Get("/api/v1/handovers").body.at("items").as_array().empty());
}

TEST_P(ApiHandoverTest, ANewDestinationEndsTheEarlierHandover) {
  std::string access = OpenAccess();
  ASSERT_EQ(SetDestination(access, json::object{{"hospital_organization_id", hospital_}}).status,
            200);
  auto er = SignedIn(hospital_doctor_);
  std::string id = access.substr(access.rfind('/') + 1);
  EXPECT_EQ(er->Get("/api/v1/handovers/" + id).status, 200);
  Reply moved = SetDestination(access, json::object{{"hospital_organization_id", small_hospital_}});
  ASSERT_EQ(moved.status, 200);
  // みどり病院 has no accounts: a link instead, and the first hospital reads no more.
  EXPECT_FALSE(moved.body.at("handover").is_null());
  EXPECT_EQ(er->Get("/api/v1/handovers/" + id).status, 404);
  Reply neither = SetDestination(access, json::object{});
  EXPECT_EQ(neither.status, 400);
  EXPECT_TRUE(neither.NamesField("hospital_name"));
  Reply unknown = SetDestination(access, json::object{{"hospital_organization_id", city_ + "x"}});
  EXPECT_EQ(unknown.status, 400);
  // A care office is no destination: its members would receive the summary.
  Reply office = SetDestination(access, json::object{{"hospital_organization_id", office_}});
  EXPECT_EQ(office.ErrorField(), "hospital_organization_id");
  EXPECT_NE(office.raw.find("\"not_medical\""), std::string::npos) << office.raw;
  // Only the crew member who opened the access sets its destination.
  auto other = SignedIn(other_crew_);
  EXPECT_EQ(other->Put(access + "/destination", json::object{{"hospital_name", "A病院"}}).status,
            404);
}

TEST_P(ApiHandoverTest, TheLinkOpensWithItsPinOnceInOneBrowserAndReportsTheOutcome) {
  std::string access = OpenAccess();
  auto [link, pin] = LinkTo(access);
  ASSERT_EQ(pin.size(), 6u);
  Client browser(server_);
  Reply locked = browser.Get(link);
  EXPECT_EQ(locked.status, 401);
  EXPECT_EQ(locked.ErrorDetailCode(), "handover_locked");
  EXPECT_EQ(locked.raw.find("山田"), std::string::npos);

  Reply unlocked = browser.Post(link + "/unlock", json::object{{"pin", pin}});
  ASSERT_EQ(unlocked.status, 200) << unlocked.raw;
  std::string cookie = GrantCookie(unlocked);
  std::string set_cookie = unlocked.response.Header("set-cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(set_cookie.find("Path=" + link), std::string::npos);

  Reply read = WithCookie(browser, "GET", link, cookie);
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(Str(read.body.at("summary").at("person"), "name"), "山田 花子");
  EXPECT_EQ(read.response.Header("cache-control"), "no-store");
  // Used up: another browser cannot unlock it, even with the right PIN.
  Client second(server_);
  Reply again = second.Post(link + "/unlock", json::object{{"pin", pin}});
  EXPECT_EQ(again.status, 410);
  EXPECT_EQ(again.ErrorDetailCode(), "link_used");
  EXPECT_EQ(second.Get(link).ErrorDetailCode(), "link_used");  // not asked for a PIN again

  Reply no_name = WithCookie(browser, "PUT", link + "/outcome", cookie,
                             json::serialize(json::object{{"code", "discharged_home"}}));
  EXPECT_EQ(no_name.status, 400);
  EXPECT_TRUE(no_name.NamesField("reporter_name"));
  Reply done = WithCookie(
      browser, "PUT", link + "/outcome", cookie,
      json::serialize(json::object{{"code", "discharged_home"}, {"reporter_name", "当直 看護師"}}));
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(Str(done.body.at("outcome").at("reported_by"), "via"), "link");
  std::string post = OutcomePost();
  EXPECT_NE(post.find("帰宅"), std::string::npos) << post;
  EXPECT_NE(post.find("当直 看護師"), std::string::npos) << post;
  EXPECT_NE(post.find("一回限りのリンク"), std::string::npos) << post;

  auto unlocks = AuditOf("handover.link.unlock");
  ASSERT_EQ(unlocks.size(), 2u);
  EXPECT_EQ(unlocks[0].outcome, "ok");
  EXPECT_EQ(unlocks[1].outcome, "denied");
  EXPECT_EQ(unlocks[0].person_id, person_);
}

TEST_P(ApiHandoverTest, FiveWrongPinsLockTheLinkForGood) {
  std::string access = OpenAccess();
  auto [link, pin] = LinkTo(access);
  std::string wrong = pin == "000000" ? "111111" : "000000";
  Client browser(server_);
  EXPECT_TRUE(browser.Post(link + "/unlock", json::object{{"pin", "12345"}}).NamesField("pin"));
  for (int left = 4; left >= 1; --left) {
    Reply r = browser.Post(link + "/unlock", json::object{{"pin", wrong}});
    ASSERT_EQ(r.status, 400) << r.raw;
    EXPECT_EQ(r.ErrorDetailCode(), "wrong_pin");
    EXPECT_TRUE(r.NamesField("attempts_left"));
    const auto& details = r.body.at("error").at("details").as_array();
    EXPECT_EQ(Str(details.at(1), "code"), std::to_string(left));
  }
  Reply fifth = browser.Post(link + "/unlock", json::object{{"pin", wrong}});
  EXPECT_EQ(fifth.status, 400);
  Reply right_too_late = browser.Post(link + "/unlock", json::object{{"pin", pin}});
  EXPECT_EQ(right_too_late.status, 410);
  EXPECT_EQ(right_too_late.ErrorDetailCode(), "link_locked");
  EXPECT_EQ(browser.Get(link).ErrorDetailCode(), "link_locked");
  // The crew makes a new link by setting the destination again.
  auto [new_link, new_pin] = LinkTo(access);
  EXPECT_EQ(browser.Post(new_link + "/unlock", json::object{{"pin", new_pin}}).status, 200);
  EXPECT_EQ(browser.Post(link + "/unlock", json::object{{"pin", pin}}).status, 410);
}

TEST_P(ApiHandoverTest, UnlockAttemptsAreThrottledPerAddress) {
  Client browser(server_);
  int limited = 0;
  for (int i = 0; i < 15; ++i) {
    Reply r = browser.Post("/api/v1/handover-links/" + std::string(43, 'A') + "/unlock",
                           json::object{{"pin", "123456"}});
    if (r.status == 429)
      ++limited;
    else
      EXPECT_EQ(r.status, 404);
  }
  EXPECT_EQ(limited, 5);  // ten at once, then one every five seconds
  server_.clock().Advance(std::chrono::seconds(5));
  EXPECT_EQ(browser
                .Post("/api/v1/handover-links/" + std::string(43, 'A') + "/unlock",
                      json::object{{"pin", "123456"}})
                .status,
            404);
}

TEST_P(ApiHandoverTest, TheLinkEndsWithTheAccessAndWithTheConsent) {
  std::string access = OpenAccess();
  auto [link, pin] = LinkTo(access);
  Client browser(server_);
  Reply unlocked = browser.Post(link + "/unlock", json::object{{"pin", pin}});
  ASSERT_EQ(unlocked.status, 200);
  std::string cookie = GrantCookie(unlocked);
  WithdrawConsents(person_);
  Reply withdrawn = WithCookie(browser, "GET", link, cookie);
  EXPECT_EQ(withdrawn.status, 403);
  EXPECT_EQ(withdrawn.ErrorDetailCode(), "no_emergency_consent");
  server_.clock().Advance(std::chrono::hours(25));
  Reply ended = WithCookie(browser, "GET", link, cookie);
  EXPECT_EQ(ended.status, 410);
  EXPECT_EQ(ended.ErrorDetailCode(), "link_expired");
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiHandoverTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace
}  // namespace emergency_test

// Watch alerts and the call ladder (docs/watch-api.md "Alerts and the call ladder"): a rule's
// condition opens one alert that persists, clears and comes back without duplicates; the call
// center is told at most every 30 minutes per alert; an operator takes the alert, calls down the
// ladder (the person, then the family in their calling order), resolves it and posts it to the
// person's timeline where the care manager reads it; hand-over and the end of a shift leave
// nothing behind; and only the person's municipality and team see or work the alert.
//
// The rules' evaluator is not driven here: the tests reconcile conditions directly through an
// AlertService over the test server's database, as the evaluator does inside its transaction.
#include <cstdio>

#include "audit/audit_log.h"
#include "core/wareki.h"
#include "db/database.h"
#include "notify/hub.h"
#include "watch/access.h"
#include "watch/alert_service.h"
#include "watch/context.h"
#include "watch/ingester.h"
#include "watch_fixture.h"

namespace watch_test {
namespace {

using watch::AlertKind;
using watch::Condition;
using watch::Severity;

constexpr int64_t kMinute = 60'000;

class ApiWatchAlertsTest : public WatchFixture {
 protected:
  ApiWatchAlertsTest()
      : access_(server_.app().audit()),
        ingester_(server_.app().db(), server_.clock(), server_.app().secrets()),
        ctx_{server_.app().db(),
             server_.clock(),
             server_.app().audit(),
             server_.app().hub(),
             server_.app().secrets(),
             access_,
             ingester_,
             nullptr},
        alerts_(ctx_) {
    Enrol(person_);
  }

  static Condition Inactivity(Severity s = Severity::kAlert, int hours = 12) {
    Condition c;
    c.kind = AlertKind::kInactivity;
    c.severity = s;
    c.evidence = json::object{{"hours", hours}, {"threshold_hours", 12}};
    return c;
  }
  static Condition Offline(const std::string& device) {
    Condition c;
    c.kind = AlertKind::kDeviceOffline;
    c.severity = Severity::kWatch;
    c.device_id = device;
    c.evidence = json::object{{"minutes_offline", 130}};
    return c;
  }

  /// Reconciles `conds` for the kinds in `kinds` in one transaction, then notifies like the
  /// evaluator does after its commit.
  watch::ReconcileOutcome Reconcile(std::vector<Condition> conds, std::vector<AlertKind> kinds,
                                    bool notify = true) {
    watch::ReconcileOutcome out;
    auto status = server_.app().db().Transact([&](db::Connection& c) -> core::Result<void> {
      ASSIGN_OR_RETURN(out, alerts_.Reconcile(c, person_, conds, kinds, Now()));
      return core::Ok();
    });
    EXPECT_TRUE(status.ok()) << (status.ok() ? "" : status.error().message);
    if (notify) alerts_.NotifyAfterCommit(out);
    return out;
  }

  /// Opens an inactivity alert and returns its id.
  std::string OpenInactivity() {
    auto out = Reconcile({Inactivity()}, {AlertKind::kInactivity});
    EXPECT_EQ(out.opened.size(), 1u);
    return out.opened.empty() ? std::string() : out.opened.front().alert_id;
  }

  std::string AlertPath(const std::string& id) { return "/api/v1/watch/alerts/" + id; }

  json::array Queue(Client& client, const std::string& query = "") {
    Reply r = client.Get("/api/v1/watch/alerts" + query);
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.status == 200 ? r.body.at("items").as_array() : json::array{};
  }

  /// Watch alert notifications in `client`'s feed pointing at `alert_id`.
  int Notices(Client& client, const std::string& alert_id) {
    Reply r = client.Get("/api/v1/notifications?limit=100");
    EXPECT_EQ(r.status, 200) << r.raw;
    int n = 0;
    for (const auto& item : r.body.at("items").as_array()) {
      if (Str(item, "link") == "/watch/alerts/" + alert_id) ++n;
    }
    return n;
  }

  static std::vector<std::string> Actions(const json::value& alert) {
    std::vector<std::string> out;
    for (const auto& e : alert.at("events").as_array()) out.push_back(Str(e, "action"));
    return out;
  }

  static json::object Call(const std::string& step, const std::string& callee, bool answered,
                           const std::string& note = "") {
    json::object body{{"step", step}, {"callee", callee}, {"answered", answered}};
    if (!note.empty()) body["note"] = note;
    return body;
  }

  void PutKeyPersons() {
    json::value data = json::parse(R"({"items":[
      {"name":"山田 一郎","relation":"長男","call_order":2,"phones":["090-2222-3333"]},
      {"name":"佐藤 恵子","relation":"長女","call_order":1,"phones":["080-1111-2222"],
       "lives_with":false}]})");
    Reply r = cm_client_->Put("/api/v1/persons/" + person_ + "/profile/key_persons",
                              json::object{{"data", data}, {"base_version", 0}});
    ASSERT_EQ(r.status, 200) << r.raw;
  }

  watch::AccessChecker access_;
  watch::Ingester ingester_;
  watch::Context ctx_;
  watch::AlertService alerts_;
};

TEST_P(ApiWatchAlertsTest, APersistingConditionKeepsOneAlertThatClearsAndComesBackOnRecord) {
  std::string id = OpenInactivity();
  ASSERT_FALSE(id.empty());
  json::array queue = Queue(*operator_client_);
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_EQ(Str(queue[0], "id"), id);
  EXPECT_EQ(Str(queue[0], "kind"), "inactivity");
  EXPECT_EQ(Str(queue[0], "category"), "person");
  EXPECT_EQ(Str(queue[0], "severity"), "alert");
  EXPECT_EQ(Str(queue[0], "state"), "open");
  EXPECT_TRUE(queue[0].at("active").as_bool());
  EXPECT_EQ(Str(queue[0].at("person"), "name"), "山田 花子");
  EXPECT_TRUE(queue[0].at("taken_by").is_null());

  // The same condition later on: the alert is updated, not duplicated.
  server_.clock().Advance(std::chrono::minutes(20));
  auto persisting = Reconcile({Inactivity(Severity::kAlert, 13)}, {AlertKind::kInactivity});
  EXPECT_TRUE(persisting.opened.empty());
  EXPECT_TRUE(persisting.escalated.empty());
  auto worse = Reconcile({Inactivity(Severity::kSevere, 14)}, {AlertKind::kInactivity});
  ASSERT_EQ(worse.escalated.size(), 1u);
  EXPECT_EQ(worse.escalated[0].alert_id, id);
  Reply detail = operator_client_->Get(AlertPath(id));
  ASSERT_EQ(detail.status, 200) << detail.raw;
  EXPECT_EQ(Str(detail.body, "severity"), "severe");
  EXPECT_EQ(detail.body.at("evidence").at("hours").to_number<int>(), 14);

  // Rules that did not look at inactivity this time leave the alert alone.
  EXPECT_TRUE(Reconcile({}, {AlertKind::kHeat}).empty());
  // The person moved: the alert clears but stays for a human to close.
  auto cleared = Reconcile({}, {AlertKind::kInactivity});
  ASSERT_EQ(cleared.cleared.size(), 1u);
  queue = Queue(*operator_client_);
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_FALSE(queue[0].at("active").as_bool());
  EXPECT_EQ(queue[0].at("cleared_at").to_number<int64_t>(), Now());
  EXPECT_EQ(Str(queue[0], "state"), "open");

  // And the condition came back before anyone resolved it: the same alert again.
  auto back = Reconcile({Inactivity(Severity::kSevere, 15)}, {AlertKind::kInactivity});
  EXPECT_TRUE(back.opened.empty());
  ASSERT_EQ(back.reactivated.size(), 1u);
  EXPECT_EQ(back.reactivated[0].alert_id, id);
  detail = operator_client_->Get(AlertPath(id));
  EXPECT_TRUE(detail.body.at("active").as_bool());
  EXPECT_TRUE(detail.body.at("cleared_at").is_null());
  EXPECT_EQ(Actions(detail.body),
            (std::vector<std::string>{"opened", "updated", "cleared", "reactivated"}));
  for (const auto& e : detail.body.at("events").as_array()) EXPECT_TRUE(e.at("by").is_null());

  // A device problem is its own alert, in its own category.
  AddDevice(person_, "door-1", "door", "entrance");
  auto device = Reconcile({Offline("door-1")}, {AlertKind::kDeviceOffline});
  ASSERT_EQ(device.opened.size(), 1u);
  json::array devices = Queue(*operator_client_, "?category=device");
  ASSERT_EQ(devices.size(), 1u);
  EXPECT_EQ(Str(devices[0].at("device"), "id"), "door-1");
  EXPECT_EQ(Str(devices[0].at("device"), "place"), "entrance");
  EXPECT_EQ(Queue(*operator_client_, "?category=person").size(), 1u);
  // Most urgent first: the severe person alert before the device's watch.
  queue = Queue(*operator_client_);
  ASSERT_EQ(queue.size(), 2u);
  EXPECT_EQ(Str(queue[0], "id"), id);
}

TEST_P(ApiWatchAlertsTest, NotificationsAreRateLimitedPerAlertUnlessTheSeverityRises) {
  AddDevice(person_, "door-1", "door", "entrance");
  std::string id = OpenInactivity();
  EXPECT_EQ(Notices(*operator_client_, id), 1);
  EXPECT_EQ(Notices(*cm_client_, id), 1);
  auto other = SignedIn(other_operator_);
  EXPECT_EQ(Notices(*other, id), 0);
  Reply feed = cm_client_->Get("/api/v1/notifications?limit=100");
  for (const auto& n : feed.body.at("items").as_array()) {
    if (Str(n, "link") != "/watch/alerts/" + id) continue;
    EXPECT_EQ(Str(n, "kind"), "watch.alert");
    EXPECT_EQ(Str(n, "person_id"), person_);
    // Titles may reach e-mail: no name, no condition.
    EXPECT_EQ(Str(n, "title").find("山田"), std::string::npos);
    EXPECT_EQ(Str(n, "title").find("無活動"), std::string::npos);
  }

  // Flapping within 30 minutes: no second notice.
  server_.clock().Advance(std::chrono::minutes(10));
  Reconcile({}, {AlertKind::kInactivity});
  auto back = Reconcile({Inactivity()}, {AlertKind::kInactivity});
  ASSERT_EQ(back.reactivated.size(), 1u);
  EXPECT_EQ(Notices(*operator_client_, id), 1);
  // A rise in severity is news at once.
  Reconcile({Inactivity(Severity::kSevere)}, {AlertKind::kInactivity});
  EXPECT_EQ(Notices(*operator_client_, id), 2);
  EXPECT_EQ(Notices(*cm_client_, id), 2);
  // Half an hour after the last notice, coming back is news again (sessions kept alive).
  server_.clock().Advance(std::chrono::minutes(16));
  EXPECT_EQ(Notices(*operator_client_, id), 2);
  EXPECT_EQ(Notices(*cm_client_, id), 2);
  server_.clock().Advance(std::chrono::minutes(15));
  Reconcile({}, {AlertKind::kInactivity});
  Reconcile({Inactivity(Severity::kSevere)}, {AlertKind::kInactivity});
  EXPECT_EQ(Notices(*operator_client_, id), 3);

  // Device problems go to the call center only.
  auto device = Reconcile({Offline("door-1")}, {AlertKind::kDeviceOffline});
  ASSERT_EQ(device.opened.size(), 1u);
  EXPECT_EQ(Notices(*operator_client_, device.opened[0].alert_id), 1);
  EXPECT_EQ(Notices(*cm_client_, device.opened[0].alert_id), 0);
}

TEST_P(ApiWatchAlertsTest, TheLadderCallsTheFamilyInTheirOrderThenTheCareManagerAndTheCity) {
  PutKeyPersons();
  std::string id = OpenInactivity();
  Reply r = operator_client_->Get(AlertPath(id));
  ASSERT_EQ(r.status, 200) << r.raw;
  const json::array& ladder = r.body.at("ladder").as_array();
  ASSERT_EQ(ladder.size(), 5u);
  std::vector<std::string> steps;
  for (const auto& s : ladder) steps.push_back(Str(s, "step"));
  EXPECT_EQ(steps,
            (std::vector<std::string>{"person", "family", "care_manager", "city", "emergency"}));
  EXPECT_EQ(Str(ladder[0].at("contacts").at(0), "name"), "山田 花子");
  const json::array& family = ladder[1].at("contacts").as_array();
  ASSERT_EQ(family.size(), 2u);
  EXPECT_EQ(Str(family[0], "name"), "佐藤 恵子");
  EXPECT_EQ(Str(family[0], "relation"), "長女");
  EXPECT_EQ(Str(family[0], "phone"), "080-1111-2222");
  EXPECT_EQ(Str(family[1], "name"), "山田 一郎");
  const json::array& managers = ladder[2].at("contacts").as_array();
  ASSERT_EQ(managers.size(), 1u);
  EXPECT_EQ(Str(managers[0], "name"), "田中 一郎");
  EXPECT_EQ(Str(managers[0], "organization_name"), "群青居宅介護支援");
  const json::array& city = ladder[3].at("contacts").as_array();
  ASSERT_EQ(city.size(), 1u);
  EXPECT_EQ(Str(city[0], "user_id"), muni_admin_.user_id);
  EXPECT_NE(Str(ladder[4], "advice").find("119"), std::string::npos);
  // The person has no phone on record, so the ladder suggests the first family member.
  EXPECT_EQ(Str(r.body.at("next"), "step"), "family");
  EXPECT_EQ(Str(r.body.at("next").at("contact"), "name"), "佐藤 恵子");

  ASSERT_EQ(operator_client_->Post(AlertPath(id) + "/take", json::object{}).status, 200);
  r = operator_client_->Post(AlertPath(id) + "/calls", Call("family", "佐藤 恵子", false));
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(Str(r.body.at("next").at("contact"), "name"), "山田 一郎");
  r = operator_client_->Post(AlertPath(id) + "/calls", Call("family", "山田 一郎", false));
  EXPECT_EQ(Str(r.body.at("next"), "step"), "care_manager");

  // Notifying the care manager tells them in-app, without clinical words in the title.
  r = operator_client_->Post(AlertPath(id) + "/notify",
                             json::object{{"step", "care_manager"}, {"note", "家族に連絡つかず"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(Str(r.body, "step"), "care_manager");
  EXPECT_EQ(Str(r.body.at("next"), "step"), "city");
  Reply feed = cm_client_->Get("/api/v1/notifications?limit=100");
  int requests = 0;
  for (const auto& n : feed.body.at("items").as_array()) {
    if (Str(n, "kind") == "watch.request" && Str(n, "link") == "/watch/alerts/" + id) {
      ++requests;
      EXPECT_EQ(Str(n, "title").find("家族"), std::string::npos);
    }
  }
  EXPECT_EQ(requests, 1);
  r = operator_client_->Post(
      AlertPath(id) + "/advise",
      json::object{{"kind", "welfare_visit"}, {"note", "民生委員に訪問依頼"}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(Str(r.body, "step"), "emergency");
  Reply bad = operator_client_->Post(AlertPath(id) + "/advise", json::object{{"kind", "police"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(bad.NamesField("kind")) << bad.raw;
}

TEST_P(ApiWatchAlertsTest, AnOperatorWorksTheAlertAndTheCareManagerReadsTheOutcomeOnTheTimeline) {
  PutKeyPersons();
  std::string id = OpenInactivity();
  const int64_t opened_at = Now();

  // Calls are recorded by the operator who took the alert.
  Reply early =
      operator_client_->Post(AlertPath(id) + "/calls", Call("person", "山田 花子", false));
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(early.ErrorDetailCode(), "not_taken");

  server_.clock().Advance(std::chrono::minutes(3));
  Reply taken = operator_client_->Post(AlertPath(id) + "/take", json::object{});
  ASSERT_EQ(taken.status, 200) << taken.raw;
  EXPECT_EQ(Str(taken.body, "state"), "taken");
  EXPECT_EQ(Str(taken.body.at("taken_by"), "display_name"), "中村 恵");
  EXPECT_EQ(taken.body.at("next_step_at").to_number<int64_t>(), Now() + 15 * kMinute);
  EXPECT_TRUE(taken.body.at("held_by_me").as_bool());
  // The call center is not on the care team: it posts to the timeline but cannot read it.
  EXPECT_FALSE(taken.body.at("timeline_readable").as_bool());
  Reply as_cm = cm_client_->Get(AlertPath(id));
  ASSERT_EQ(as_cm.status, 200) << as_cm.raw;
  EXPECT_TRUE(as_cm.body.at("timeline_readable").as_bool());

  Reply invalid = operator_client_->Post(
      AlertPath(id) + "/calls",
      json::object{{"step", "neighbour"}, {"callee", std::string(101, 'a')}, {"answered", "no"}});
  EXPECT_EQ(invalid.status, 400);
  EXPECT_TRUE(invalid.NamesField("step")) << invalid.raw;
  EXPECT_TRUE(invalid.NamesField("callee")) << invalid.raw;
  EXPECT_TRUE(invalid.NamesField("answered")) << invalid.raw;

  server_.clock().Advance(std::chrono::minutes(2));
  Reply call = operator_client_->Post(AlertPath(id) + "/calls", Call("person", "山田 花子", false));
  ASSERT_EQ(call.status, 200) << call.raw;
  EXPECT_EQ(Str(call.body, "step"), "person");
  server_.clock().Advance(std::chrono::minutes(5));
  call = operator_client_->Post(AlertPath(id) + "/calls",
                                Call("family", "佐藤 恵子", true,
                                     "娘さんが訪問し、台所で転倒していたが意識ははっきりしている"));
  ASSERT_EQ(call.status, 200) << call.raw;
  EXPECT_EQ(Str(call.body, "step"), "family");
  EXPECT_EQ(call.body.at("next_step_at").to_number<int64_t>(), Now() + 15 * kMinute);
  const json::value& daughter = call.body.at("ladder").at(1).at("contacts").at(0);
  EXPECT_EQ(daughter.at("attempts").to_number<int>(), 1);
  EXPECT_TRUE(daughter.at("answered").as_bool());

  Reply too_soon = operator_client_->Post(AlertPath(id) + "/post-to-timeline", json::object{});
  EXPECT_EQ(too_soon.status, 409);
  EXPECT_EQ(too_soon.ErrorDetailCode(), "not_resolved");

  Reply resolved =
      operator_client_->Post(AlertPath(id) + "/resolve",
                             json::object{{"outcome", "hospital"}, {"note", "長女が付き添い受診"}});
  ASSERT_EQ(resolved.status, 200) << resolved.raw;
  EXPECT_EQ(Str(resolved.body, "state"), "resolved");
  EXPECT_EQ(Str(resolved.body, "outcome"), "hospital");
  EXPECT_EQ(Str(resolved.body.at("resolved_by"), "id"), operator_.user_id);
  EXPECT_TRUE(resolved.body.at("next").is_null());
  EXPECT_EQ(operator_client_->Post(AlertPath(id) + "/resolve", json::object{{"outcome", "safe"}})
                .ErrorDetailCode(),
            "already_resolved");
  EXPECT_TRUE(Queue(*operator_client_).empty());
  json::array done = Queue(*operator_client_, "?state=resolved");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(Str(done[0], "id"), id);

  // The condition still holds, but the operator resolved it: no new alert until it ends.
  EXPECT_TRUE(Reconcile({Inactivity()}, {AlertKind::kInactivity}).opened.empty());

  Reply posted = operator_client_->Post(AlertPath(id) + "/post-to-timeline",
                                        json::object{{"note", "主治医に共有をお願いします"}});
  ASSERT_EQ(posted.status, 200) << posted.raw;
  EXPECT_FALSE(Str(posted.body, "timeline_post_id").empty());
  Reply again = operator_client_->Post(AlertPath(id) + "/post-to-timeline", json::object{});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.ErrorDetailCode(), "already_posted");

  Reply timeline = cm_client_->Get("/api/v1/persons/" + person_ + "/timeline");
  ASSERT_EQ(timeline.status, 200) << timeline.raw;
  json::array posts;
  for (const auto& p : timeline.body.at("items").as_array()) {
    if (Str(p, "category") == "sensor_alert") posts.push_back(p);
  }
  ASSERT_EQ(posts.size(), 1u) << timeline.raw;
  EXPECT_EQ(Str(posts[0], "id"), Str(posted.body, "timeline_post_id"));
  EXPECT_TRUE(posts[0].at("important").as_bool());  // a hospital visit
  const std::string body = Str(posts[0], "body");
  core::Date day = core::DateFromEpochMillisJst(opened_at);
  int minute = static_cast<int>(((opened_at + 9 * 3600'000) % 86'400'000) / kMinute);
  char opened_text[32];
  std::snprintf(opened_text, sizeof opened_text, "%d月%d日 %02d:%02d", day.month, day.day,
                minute / 60, minute % 60);
  for (const std::string& expected :
       {std::string("長時間の無活動"), std::string(opened_text),
        std::string("本人(山田 花子)に電話: 応答なし"),
        std::string("家族(佐藤 恵子)に電話: 応答あり"), std::string("転倒していた"),
        std::string("結果: 受診・入院"), std::string("長女が付き添い受診"),
        std::string("主治医に共有をお願いします")}) {
    EXPECT_NE(body.find(expected), std::string::npos) << expected << "\n" << body;
  }
  // The care manager was told there is a new post.
  Reply feed = cm_client_->Get("/api/v1/notifications?limit=100");
  bool told = false;
  for (const auto& n : feed.body.at("items").as_array()) {
    told = told || Str(n, "kind") == "timeline.post";
  }
  EXPECT_TRUE(told);
  // And the care manager reads the alert's history on the person.
  Reply history = cm_client_->Get("/api/v1/persons/" + person_ + "/watch/alerts");
  ASSERT_EQ(history.status, 200) << history.raw;
  ASSERT_EQ(history.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(Str(history.body.at("items").at(0), "outcome"), "hospital");
}

TEST_P(ApiWatchAlertsTest, AConditionResolvedWhileItHoldsReopensOnlyWhenItRisesOrReturns) {
  const std::vector<AlertKind> kinds{AlertKind::kInactivity};
  auto resolve = [&](const std::string& id) {
    Reply r = operator_client_->Post(AlertPath(id) + "/resolve",
                                     json::object{{"outcome", "safe"}, {"note", "近所の家にいた"}});
    ASSERT_EQ(r.status, 200) << r.raw;
  };
  std::string first = OpenInactivity();
  resolve(first);
  server_.clock().Advance(std::chrono::minutes(1));
  EXPECT_TRUE(Reconcile({Inactivity()}, kinds).empty());  // the operator knows
  auto rose = Reconcile({Inactivity(Severity::kSevere)}, kinds);
  ASSERT_EQ(rose.opened.size(), 1u);
  std::string second = rose.opened[0].alert_id;
  EXPECT_NE(second, first);
  resolve(second);

  // The person moved, then went quiet again: that is a new alert.
  Reconcile({}, kinds);
  auto returned = Reconcile({Inactivity()}, kinds);
  ASSERT_EQ(returned.opened.size(), 1u);
  Reply detail = operator_client_->Get(AlertPath(second));
  EXPECT_FALSE(detail.body.at("active").as_bool());
  EXPECT_EQ(Actions(detail.body), (std::vector<std::string>{"opened", "resolved", "cleared"}));
  resolve(returned.opened[0].alert_id);

  // A condition the rules did not report for hours may have ended unseen: new again.
  server_.clock().Advance(std::chrono::hours(3));
  EXPECT_EQ(Reconcile({Inactivity()}, kinds, false).opened.size(), 1u);
}

TEST_P(ApiWatchAlertsTest, AnotherOperatorTakesOverWithANoteAndOnlyTheHolderRecordsCalls) {
  Account second = server_.CreateNamedUser("op-b", callcenter_, "operator", "小林 誠",
                                           "コバヤシ マコト", "other");
  auto second_client = SignedIn(second);
  std::string id = OpenInactivity();
  ASSERT_EQ(operator_client_->Post(AlertPath(id) + "/take", json::object{}).status, 200);
  // Taking again is harmless.
  ASSERT_EQ(operator_client_->Post(AlertPath(id) + "/take", json::object{}).status, 200);

  EXPECT_EQ(second_client->Post(AlertPath(id) + "/calls", Call("person", "山田 花子", false))
                .ErrorDetailCode(),
            "not_taken");
  Reply over = second_client->Post(AlertPath(id) + "/take",
                                   json::object{{"note", "中村さん休憩のため引き継ぎ"}});
  ASSERT_EQ(over.status, 200) << over.raw;
  EXPECT_EQ(Str(over.body.at("taken_by"), "id"), second.user_id);
  EXPECT_EQ(Actions(over.body), (std::vector<std::string>{"opened", "taken", "handed_over"}));
  const json::value& handover = over.body.at("events").at(2);
  EXPECT_EQ(Str(handover, "note"), "中村さん休憩のため引き継ぎ");
  EXPECT_EQ(Str(handover, "callee"), "中村 恵");
  EXPECT_EQ(Str(handover.at("by"), "display_name"), "小林 誠");

  EXPECT_EQ(operator_client_->Post(AlertPath(id) + "/calls", Call("person", "山田 花子", false))
                .ErrorDetailCode(),
            "not_taken");
  EXPECT_EQ(second_client->Post(AlertPath(id) + "/calls", Call("person", "山田 花子", true)).status,
            200);
}

TEST_P(ApiWatchAlertsTest, ReleasingAtTheEndOfAShiftReturnsEveryHeldAlertToTheQueue) {
  AddDevice(person_, "door-1", "door", "entrance");
  std::string person_alert = OpenInactivity();
  auto device = Reconcile({Offline("door-1")}, {AlertKind::kDeviceOffline});
  ASSERT_EQ(device.opened.size(), 1u);
  std::string device_alert = device.opened[0].alert_id;
  for (const auto& id : {person_alert, device_alert}) {
    ASSERT_EQ(operator_client_->Post(AlertPath(id) + "/take", json::object{}).status, 200);
  }
  server_.clock().Advance(std::chrono::minutes(1));
  Reply released = operator_client_->Post("/api/v1/watch/alerts/release-mine",
                                          json::object{{"note", "夜勤の佐々木さんへ"}});
  ASSERT_EQ(released.status, 200) << released.raw;
  EXPECT_EQ(released.body.at("released").to_number<int>(), 2);

  json::array queue = Queue(*operator_client_);
  ASSERT_EQ(queue.size(), 2u);
  for (const auto& item : queue) {
    EXPECT_EQ(Str(item, "state"), "open");
    EXPECT_TRUE(item.at("taken_by").is_null());
    EXPECT_TRUE(item.at("overdue").as_bool());  // due now: the next shift sees them first
  }
  Reply detail = admin_client_->Get(AlertPath(person_alert));
  ASSERT_EQ(detail.status, 200) << detail.raw;
  const json::array& events = detail.body.at("events").as_array();
  EXPECT_EQ(Str(events.back(), "action"), "handed_over");
  EXPECT_EQ(Str(events.back(), "note"), "夜勤の佐々木さんへ");
  EXPECT_TRUE(events.back().at("callee").is_null());
  Reply none = operator_client_->Post("/api/v1/watch/alerts/release-mine", json::object{});
  EXPECT_EQ(none.body.at("released").to_number<int>(), 0);
}

TEST_P(ApiWatchAlertsTest, OnlyThePersonsMunicipalityAndTeamSeeAlertsAndFamilyCannotWorkThem) {
  std::string id = OpenInactivity();
  // Another municipality's call center: its queue is its own, the alert is closed to it.
  auto other = SignedIn(other_operator_);
  EXPECT_TRUE(Queue(*other).empty());
  EXPECT_EQ(other->Get(AlertPath(id)).status, 403);
  EXPECT_EQ(other->Post(AlertPath(id) + "/take", json::object{}).status, 403);
  EXPECT_EQ(other->Get("/api/v1/watch/alerts?municipality=991015").status, 403);
  EXPECT_EQ(other->Get(AlertPath("0193a0a0-0000-7000-8000-000000000000")).status, 404);
  // A professional outside the team and the call center.
  auto outsider = SignedIn(outsider_);
  EXPECT_EQ(outsider->Get("/api/v1/watch/alerts").status, 403);
  EXPECT_EQ(outsider->Get(AlertPath(id)).status, 403);
  EXPECT_EQ(outsider->Get("/api/v1/persons/" + person_ + "/watch/alerts").status, 403);
  EXPECT_EQ(outsider->Post(AlertPath(id) + "/resolve", json::object{{"outcome", "safe"}}).status,
            403);
  // The care manager reads and may work the alert, but the queue is the call center's.
  EXPECT_EQ(cm_client_->Get(AlertPath(id)).status, 200);
  EXPECT_EQ(cm_client_->Get("/api/v1/watch/alerts").status, 403);
  // The city sees its queue.
  EXPECT_EQ(Queue(*admin_client_).size(), 1u);

  // The family sees their person's status elsewhere, never works an alert.
  Account family = server_.CreateUser("family.yamada", "", "", false, "family");
  server_.AddFamilyMember(person_, family.user_id, cm_.user_id);
  Client family_client(server_);
  ASSERT_EQ(family_client.Login(family).status, 200);
  EXPECT_EQ(family_client.Get(AlertPath(id)).status, 403);
  EXPECT_EQ(family_client.Post(AlertPath(id) + "/take", json::object{}).status, 403);
  Reply still = operator_client_->Get(AlertPath(id));
  EXPECT_EQ(Str(still.body, "state"), "open");
  EXPECT_EQ(Actions(still.body), std::vector<std::string>{"opened"});
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiWatchAlertsTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace
}  // namespace watch_test

// Scheduled reports and the family's view through the API (docs/watch-api.md "Reports and the
// family's view"): at a report time the scheduler writes one report per watched person, once;
// after downtime only the latest missed report time; the care manager and the family (with
// their consents) are told that a report is ready, without anything about the person; the
// reports and the person's status are read by the office, the team and the family, nobody else.
// The scheduler runs when the test says so, at the fake clock's time.
#include <set>

#include "app/app.h"
#include "core/id.h"
#include "watch/local_time.h"
#include "watch/module.h"
#include "watch/report_slots.h"
#include "watch/reports.h"
#include "watch_fixture.h"

namespace watch_test {
namespace {

using watch::kHourMs;
using watch::kMinuteMs;

const std::vector<int> kDefaultTimes = {480, 840};  // 08:00, 14:00 JST

class ApiWatchReportsTest : public WatchFixture {
 protected:
  void SetUp() override {
    Enrol(person_);
    AddDevice(person_, "door-1", "door", "entrance");
    AddDevice(person_, "fridge-1", "door", "fridge");
    AddDevice(person_, "climate-1", "climate", "living");
    family_ = server_.CreateUser("family.yamada", "", "", false, "family");
    server_.AddFamilyMember(person_, family_.user_id, cm_.user_id);
    // A second watched person whose daughter has an account but no family consent was given.
    other_person_ = server_.CreatePerson("991015", cm_.user_id, "鈴木 次郎", "スズキ ジロウ", true);
    Enrol(other_person_);
    unconsented_family_ = server_.CreateUser("family.suzuki", "", "", false, "family");
    LinkFamilyWithoutConsent(other_person_, unconsented_family_.user_id);
  }

  void LinkFamilyWithoutConsent(const std::string& person, const std::string& user) {
    static constexpr db::Statement kInvitation{
        "test_report_family_invitation",
        "INSERT INTO invitations (id, token_hash, kind, user_id, display_name, created_by, "
        "created_at, expires_at, used_at) VALUES ($1, $2, 'family', $3, '家族', $4, $5, $5, $5)"};
    static constexpr db::Statement kMember{
        "test_report_family_member",
        "INSERT INTO family_members (id, person_id, invitation_id, display_name, relation, "
        "invited_by, created_at) VALUES ($1, $2, $3, '家族', '長女', $4, $5)"};
    std::string invitation = core::NewId();
    auto s = server_.app().db().Transact([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(
          c.Execute(kInvitation, {invitation, core::NewId(), user, cm_.user_id, Now()}));
      RETURN_IF_ERROR(c.Execute(kMember, {core::NewId(), person, invitation, cm_.user_id, Now()}));
      return core::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  watch::ReportRun RunDue() {
    auto run = server_.app().watch().reports().RunDue(Now());
    EXPECT_TRUE(run.ok()) << run.error().message;
    return run.ok() ? *run : watch::ReportRun{};
  }

  /// Moves the clock to `minutes_before` the next default report time.
  int64_t BeforeNextSlot(int minutes_before) {
    int64_t slot = *watch::NextSlotAfter(Now() + minutes_before * kMinuteMs, kDefaultTimes);
    server_.clock().Set(slot - minutes_before * kMinuteMs);
    return slot;
  }

  /// Opens the entrance door `n` times, the fridge once, and reports 32 °C / 70 % in the living
  /// room, all in the last minutes.
  void Activity(int n, int64_t& seq) {
    json::array doors;
    for (int i = 0; i < n; ++i) {
      doors.push_back(Event(++seq, Now() - (n - i) * kMinuteMs, "door_open"));
    }
    ASSERT_EQ(SendEvents("door-1", Batch(doors)).status, 200);
    ASSERT_EQ(SendEvents("fridge-1", Batch(json::array{Event(++seq, Now(), "door_open")})).status,
              200);
    json::object climate = Event(++seq, Now(), "climate");
    climate["temperature_c"] = 32.0;
    climate["humidity_pct"] = 70.0;
    ASSERT_EQ(SendEvents("climate-1", Batch(json::array{climate})).status, 200);
  }

  /// Report notifications in the account's feed.
  json::array ReportNotices(const Account& a) {
    Reply r = SignedIn(a)->Get("/api/v1/notifications?limit=100");
    EXPECT_EQ(r.status, 200) << r.raw;
    json::array out;
    if (r.status != 200) return out;
    for (const auto& item : r.body.at("items").as_array()) {
      if (Str(item, "kind") == "watch.report") out.push_back(item);
    }
    return out;
  }

  json::array Reports(Client& client, const std::string& person) {
    Reply r = client.Get(Base(person) + "/reports");
    EXPECT_EQ(r.status, 200) << r.raw;
    return r.status == 200 ? r.body.at("items").as_array() : json::array{};
  }

  Account family_, unconsented_family_;
  std::string other_person_;
};

TEST_P(ApiWatchReportsTest, AtAReportTimeEachWatchedPersonGetsOneReportOnce) {
  int64_t slot = BeforeNextSlot(40);
  int64_t seq = 0;
  Activity(3, seq);
  EXPECT_EQ(RunDue().made, 0) << "nothing is due before the report time";
  server_.clock().Set(slot + 2 * kMinuteMs);

  watch::ReportRun run = RunDue();
  EXPECT_EQ(run.persons, 2);
  EXPECT_EQ(run.made, 2) << "one per watched person";
  EXPECT_EQ(RunDue().made, 0) << "a second run writes nothing";
  server_.clock().Advance(std::chrono::minutes(30));
  EXPECT_EQ(RunDue().made, 0) << "nor a later one before the next report time";

  auto cm = SignedIn(cm_);
  json::array mine = Reports(*cm, person_);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine.at(0).at("slot_at").to_number<int64_t>(), slot);
  Reply one = cm->Get(Base(person_) + "/reports/" + Str(mine.at(0), "id"));
  ASSERT_EQ(one.status, 200) << one.raw;
  const json::object& body = one.body.at("body").as_object();
  EXPECT_EQ(body.at("slot_at").to_number<int64_t>(), slot);
  EXPECT_EQ(body.at("period_from").to_number<int64_t>(), *watch::PreviousSlot(slot, kDefaultTimes));
  EXPECT_EQ(Str(body, "status"), "normal") << json::serialize(body);
  EXPECT_FALSE(body.at("last_activity_at").is_null());
  std::map<std::string, int> openings;
  for (const auto& p : body.at("places").as_array()) {
    openings[Str(p, "place")] = p.at("openings_period").to_number<int>();
  }
  EXPECT_EQ(openings["entrance"], 3) << json::serialize(body);
  EXPECT_EQ(openings["fridge"], 1) << json::serialize(body);
  EXPECT_EQ(body.at("totals").at("openings_period").to_number<int>(), 4);
  const json::object& climate = body.at("climate").as_object();
  EXPECT_EQ(Str(climate, "place"), "living");
  EXPECT_DOUBLE_EQ(climate.at("temperature_c").to_number<double>(), 32.0);
  EXPECT_DOUBLE_EQ(climate.at("temperature_max_c").to_number<double>(), 32.0);
  // 32 °C at 70 % is an estimated WBGT of about 30: a heat alert (28..31) by the defaults.
  EXPECT_EQ(Str(climate, "heat_level"), "alert") << json::serialize(climate);
  EXPECT_TRUE(body.at("device_problems").as_array().empty()) << json::serialize(body);
}

TEST_P(ApiWatchReportsTest, AfterDowntimeOnlyTheLatestMissedReportTimeIsMade) {
  int64_t slot = BeforeNextSlot(1);
  server_.clock().Set(slot + kMinuteMs);
  ASSERT_EQ(RunDue().made, 2);
  // Down for two and a half days: four report times passed, one report each is made.
  server_.clock().Advance(std::chrono::hours(60));
  EXPECT_EQ(RunDue().made, 2);
  auto cm = SignedIn(cm_);
  json::array reports = Reports(*cm, person_);
  ASSERT_EQ(reports.size(), 2u);
  int64_t latest = *watch::LatestSlotAtOrBefore(Now(), kDefaultTimes);
  EXPECT_EQ(reports.at(0).at("slot_at").to_number<int64_t>(), latest) << "newest first";
  EXPECT_EQ(reports.at(1).at("slot_at").to_number<int64_t>(), slot);
  // The devices went silent meanwhile: the report says so, as device problems.
  Reply newest = cm->Get(Base(person_) + "/reports/" + Str(reports.at(0), "id"));
  ASSERT_EQ(newest.status, 200);
  std::set<std::string> problems;
  for (const auto& p : newest.body.at("body").at("device_problems").as_array()) {
    problems.insert(Str(p, "problem") + ":" + Str(p, "place"));
  }
  EXPECT_TRUE(problems.contains("device_offline:entrance")) << newest.raw;
}

TEST_P(ApiWatchReportsTest, AnEndedEnrolmentGetsNoMoreReports) {
  ASSERT_EQ(admin_client_->Delete(Base(other_person_)).status, 204);
  int64_t slot = BeforeNextSlot(1);
  server_.clock().Set(slot + kMinuteMs);
  watch::ReportRun run = RunDue();
  EXPECT_EQ(run.persons, 1);
  EXPECT_EQ(run.made, 1);
  EXPECT_EQ(Reports(*SignedIn(cm_), person_).size(), 1u);
  // Its reports cannot be read either: the enrolment ended (404 not_enrolled to the team).
  Reply ended = SignedIn(cm_)->Get(Base(other_person_) + "/reports");
  EXPECT_EQ(ended.status, 404) << ended.raw;
}

TEST_P(ApiWatchReportsTest, CustomReportTimesOfThePersonAreFollowed) {
  Reply put = SignedIn(cm_)->Put(
      Base(person_),
      json::object{{"settings", json::object{{"report_times", json::array{"21:30"}}}},
                   {"runbook", json::object{}}});
  ASSERT_EQ(put.status, 200) << put.raw;
  int64_t next = *watch::NextSlotAfter(Now(), {1290});
  server_.clock().Set(next + kMinuteMs);
  RunDue();
  json::array reports = Reports(*SignedIn(cm_), person_);
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports.at(0).at("slot_at").to_number<int64_t>(), next);
  EXPECT_EQ(watch::LocalMinuteOfDay(next), 1290);
}

TEST_P(ApiWatchReportsTest, TheCareManagerAndTheFamilyAreToldAndNobodyElseNorAnythingPersonal) {
  int64_t slot = BeforeNextSlot(1);
  server_.clock().Set(slot + kMinuteMs);
  watch::ReportRun run = RunDue();
  // The care manager of both persons; the family with the consent; the unconsented one not.
  EXPECT_EQ(run.notified, 3);
  std::string report_id = Str(Reports(*SignedIn(cm_), person_).at(0), "id");

  json::array to_cm = ReportNotices(cm_);
  ASSERT_EQ(to_cm.size(), 2u) << json::serialize(to_cm);
  std::set<std::string> links;
  for (const auto& n : to_cm) {
    EXPECT_EQ(Str(n, "title"), "見守りレポートが届きました");
    links.insert(Str(n, "link"));
  }
  EXPECT_TRUE(links.contains("/persons/" + person_ + "/watch?report=" + report_id));

  json::array to_family = ReportNotices(family_);
  ASSERT_EQ(to_family.size(), 1u) << json::serialize(to_family);
  EXPECT_EQ(Str(to_family.at(0), "link"), "/family/persons/" + person_ + "?report=" + report_id);
  for (const auto& n : {to_family.at(0), to_cm.at(0)}) {
    std::string text = Str(n, "title") + Str(n, "body");
    for (const char* personal : {"山田", "花子", "鈴木", "entrance", "玄関", "異常", "正常"}) {
      EXPECT_EQ(text.find(personal), std::string::npos) << personal << " in " << text;
    }
  }
  EXPECT_TRUE(ReportNotices(unconsented_family_).empty());
  EXPECT_TRUE(ReportNotices(operator_).empty());
  EXPECT_TRUE(ReportNotices(muni_admin_).empty());
  EXPECT_TRUE(ReportNotices(outsider_).empty());
}

TEST_P(ApiWatchReportsTest, TheFamilyWithConsentReadsStatusAndReportsOthersAreRefused) {
  int64_t slot = BeforeNextSlot(1);
  server_.clock().Set(slot + kMinuteMs);
  int64_t seq = 0;
  Activity(2, seq);
  RunDue();
  std::string family_base = "/api/v1/family/persons/" + person_ + "/watch";

  auto family = SignedIn(family_);
  Reply status = family->Get(family_base);
  ASSERT_EQ(status.status, 200) << status.raw;
  EXPECT_EQ(Str(status.body, "status"), "normal");
  EXPECT_EQ(status.body.at("today_openings").at("entrance").to_number<int>(), 2) << status.raw;
  EXPECT_DOUBLE_EQ(status.body.at("temperature_c").to_number<double>(), 32.0);
  EXPECT_FALSE(status.body.at("last_activity_at").is_null());
  EXPECT_FALSE(status.body.at("latest_report").is_null());
  // Nothing of the office's: no address, devices, secrets, runbook, thresholds or alert handling.
  for (const char* staff_only : {"address", "devices", "runbook", "thresholds", "settings"}) {
    EXPECT_FALSE(status.body.as_object().contains(staff_only)) << staff_only;
  }
  for (const auto& a : status.body.at("alerts").as_array()) {
    EXPECT_FALSE(a.as_object().contains("id")) << status.raw;
    EXPECT_FALSE(a.as_object().contains("state")) << status.raw;
  }
  Reply list = family->Get(family_base + "/reports");
  ASSERT_EQ(list.status, 200) << list.raw;
  ASSERT_EQ(list.body.at("items").as_array().size(), 1u);
  std::string id = Str(list.body.at("items").at(0), "id");
  EXPECT_EQ(family->Get(family_base + "/reports/" + id).status, 200);
  // The staff routes are not the family's.
  EXPECT_EQ(family->Get(Base(person_) + "/reports").status, 403);
  EXPECT_EQ(family->Get(Base(person_)).status, 403);

  // A family account without the family consent, and for a person not theirs.
  auto unconsented = SignedIn(unconsented_family_);
  EXPECT_EQ(unconsented->Get("/api/v1/family/persons/" + other_person_ + "/watch").status, 403);
  EXPECT_EQ(unconsented->Get("/api/v1/family/persons/" + other_person_ + "/watch/reports").status,
            403);
  EXPECT_EQ(unconsented->Get(family_base).status, 403);
  EXPECT_EQ(family->Get("/api/v1/family/persons/" + other_person_ + "/watch").status, 403);

  // Staff outside the team and the municipality; the office and the team read.
  EXPECT_EQ(SignedIn(outsider_)->Get(Base(person_) + "/reports").status, 403);
  EXPECT_EQ(SignedIn(outsider_)->Get(Base(person_) + "/reports/" + id).status, 403);
  EXPECT_EQ(SignedIn(other_operator_)->Get(Base(person_) + "/reports").status, 403);
  EXPECT_EQ(SignedIn(operator_)->Get(Base(person_) + "/reports/" + id).status, 200);
  EXPECT_EQ(SignedIn(muni_admin_)->Get(Base(person_) + "/reports").status, 200);
}

TEST_P(ApiWatchReportsTest, ListPagesNewestFirstAndBadParametersNameTheField) {
  int64_t slot = BeforeNextSlot(1);
  for (int i = 0; i < 3; ++i) {
    server_.clock().Set(slot + kMinuteMs);
    ASSERT_EQ(RunDue().made, 2);
    slot = *watch::NextSlotAfter(slot, kDefaultTimes);
  }
  auto cm = SignedIn(cm_);
  Reply first = cm->Get(Base(person_) + "/reports?limit=2");
  ASSERT_EQ(first.status, 200) << first.raw;
  ASSERT_EQ(first.body.at("items").as_array().size(), 2u);
  ASSERT_TRUE(first.body.at("next_cursor").is_string());
  Reply second =
      cm->Get(Base(person_) + "/reports?limit=2&cursor=" + Str(first.body, "next_cursor"));
  ASSERT_EQ(second.status, 200) << second.raw;
  ASSERT_EQ(second.body.at("items").as_array().size(), 1u);
  EXPECT_TRUE(second.body.at("next_cursor").is_null());
  std::vector<int64_t> slots;
  for (const auto* page : {&first, &second}) {
    for (const auto& item : page->body.at("items").as_array()) {
      slots.push_back(item.at("slot_at").to_number<int64_t>());
    }
  }
  EXPECT_TRUE(slots[0] > slots[1] && slots[1] > slots[2]);

  Reply bad_limit = cm->Get(Base(person_) + "/reports?limit=0");
  EXPECT_EQ(bad_limit.status, 400);
  EXPECT_EQ(bad_limit.ErrorField(), "limit");
  Reply bad_cursor = cm->Get(Base(person_) + "/reports?cursor=nonsense");
  EXPECT_EQ(bad_cursor.status, 400);
  EXPECT_EQ(bad_cursor.ErrorField(), "cursor");
  EXPECT_EQ(cm->Get(Base(person_) + "/reports/" + core::NewId()).status, 404);
  // Another person's report id under this person is unknown here.
  std::string theirs = Str(Reports(*cm, other_person_).at(0), "id");
  EXPECT_EQ(cm->Get(Base(person_) + "/reports/" + theirs).status, 404);
  // Validation does not come before access: an outsider learns nothing from a bad limit.
  EXPECT_EQ(SignedIn(outsider_)->Get(Base(person_) + "/reports?limit=0").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiWatchReportsTest,
                         ::testing::ValuesIn(db::testing::Backends()), db::testing::BackendName());

}  // namespace
}  // namespace watch_test

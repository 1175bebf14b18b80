// The analytics through the API (docs/watch-api.md "Analytics"): a person's charts count
// watched days only and compare with a cohort only from five persons on, without naming them;
// the CSV opens in Excel and its file name says nothing about the person; the weekly job stores
// a sign once and tells the care manager only; the region view is for the municipality's own
// operators and admins. Hourly aggregates are written straight to the table: weeks of history
// through the ingester would test the ingester, not the analytics.
#include <set>

#include "app/app.h"
#include "core/id.h"
#include "watch/analytics.h"
#include "watch/local_time.h"
#include "watch/module.h"
#include "watch/signs.h"
#include "watch_fixture.h"

namespace watch_test {
namespace {

using watch::kDayMs;
using watch::kHourMs;
using watch::kMinuteMs;

constexpr db::Statement kInsertHourly{
    "test_insert_hourly",
    "INSERT INTO watch_hourly (device_id, hour, person_id, openings, motions, events, temp_sum, "
    "temp_n, temp_min, temp_max) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};
constexpr db::Statement kInsertAlert{
    "test_insert_alert",
    "INSERT INTO watch_alerts (id, person_id, kind, category, severity, state, active, evidence, "
    "opened_at, updated_at, taken_at, resolved_at) VALUES ($1, $2, $3, 'person', $4, "
    "'resolved', 0, '{}', $5, $6, $7, $8)"};

constexpr db::Statement kInsertAbsence{
    "test_insert_absence",
    "INSERT INTO watch_absences (id, person_id, reason, starts_at, ends_at, created_by, "
    "created_at) VALUES ($1, $2, 'travel', $3, $4, $5, $6)"};

class ApiWatchAnalyticsTest : public WatchFixture {
 protected:
  void SetUp() override {
    Enrol(person_);
    // Installed well before the data the tests write (analytics leave out days before that).
    AddDevice(person_, "door-1", "door", "entrance", "", 70);
    AddDevice(person_, "fridge-1", "door", "fridge", "", 70);
    AddDevice(person_, "climate-1", "climate", "living", "", 70);
    today_ = watch::LocalDayStart(Now());
  }
  void Hourly(const std::string& person, const std::string& device, int64_t hour, int openings,
              int events, std::optional<double> temp = std::nullopt) {
    auto status = server_.app().db().Run([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(c.Execute(
          kInsertHourly, {device, hour, person, temp ? 0 : openings, 0, events, temp.value_or(0.0),
                          temp ? 1 : 0, temp ? db::Param(*temp) : db::Param(nullptr),
                          temp ? db::Param(*temp) : db::Param(nullptr)}));
      return core::Ok();
    });
    ASSERT_TRUE(status.ok()) << status.error().message;
  }
  /// Another watched person of the municipality with `per_day` openings at 09:00 for 10 days.
  void CohortMember(int n, int per_day) {
    std::string p =
        server_.CreatePerson("991015", cm_.user_id, "見守 " + std::to_string(n), "ミマモリ", true);
    Enrol(p);
    std::string dev = "door-c" + std::to_string(n);
    AddDevice(p, dev, "door", "entrance", "", 70);
    for (int d = 1; d <= 10; ++d) Hourly(p, dev, today_ - d * kDayMs + 9 * kHourMs, per_day, 5);
    members_.insert(p);
  }
  std::string Url(const std::string& query = "") {
    return Base(person_) + "/analytics" + (query.empty() ? "" : "?" + query);
  }

  int64_t today_ = 0;
  std::set<std::string> members_;
};

TEST_P(ApiWatchAnalyticsTest, HourOfDayMeansCountWatchedDaysOnly) {
  // 10 days with 4 openings at 08:00 JST; one more day with nothing at all (devices down) and
  // one day in an absence with openings (someone else in the house) — neither counts.
  for (int d = 1; d <= 10; ++d) Hourly(person_, "door-1", today_ - d * kDayMs + 8 * kHourMs, 4, 8);
  Hourly(person_, "door-1", today_ - 13 * kDayMs + 8 * kHourMs, 20, 40);
  // Absences in the past cannot be scheduled through the API: written as the rules would see one.
  auto away = server_.app().db().Run([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(c.Execute(kInsertAbsence, {core::NewId(), person_, today_ - 13 * kDayMs,
                                               today_ - 12 * kDayMs, cm_.user_id, Now()}));
    return core::Ok();
  });
  ASSERT_TRUE(away.ok()) << away.error().message;
  Hourly(person_, "climate-1", today_ - kDayMs + 3 * kHourMs, 0, 1, 26.5);

  Reply r = cm_client_->Get(Url());
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body.at("watched_days").to_number<int>(), 10);
  EXPECT_EQ(r.body.at("range").at("days").to_number<int>(), 56);
  EXPECT_DOUBLE_EQ(r.body.at("hourly").at("person").at(8).to_number<double>(), 4.0);
  const auto& cohort = r.body.at("hourly").at("cohort");
  EXPECT_EQ(cohort.at("size").to_number<int>(), 1);
  EXPECT_TRUE(cohort.at("too_small").as_bool());
  EXPECT_TRUE(cohort.at("mean").is_null());
  const auto& temps = r.body.at("temperature").as_array();
  ASSERT_EQ(temps.size(), 1u);
  EXPECT_DOUBLE_EQ(temps.at(0).at("days").at(0).at("max").to_number<double>(), 26.5);
  // Weekday openings: the entrance, averaged over watched days of each weekday.
  const auto& places = r.body.at("weekday").at("places").as_array();
  ASSERT_EQ(places.size(), 1u);
  EXPECT_EQ(Str(places.at(0), "place"), "entrance");
}

TEST_P(ApiWatchAnalyticsTest, TheCohortShowsFromFivePersonsWithoutNamingThem) {
  for (int d = 1; d <= 10; ++d) Hourly(person_, "door-1", today_ - d * kDayMs + 9 * kHourMs, 2, 4);
  for (int n = 1; n <= 3; ++n) CohortMember(n, 6);
  Reply small = cm_client_->Get(Url());
  ASSERT_EQ(small.status, 200) << small.raw;
  EXPECT_EQ(small.body.at("hourly").at("cohort").at("size").to_number<int>(), 4);
  EXPECT_TRUE(small.body.at("hourly").at("cohort").at("mean").is_null());

  CohortMember(4, 6);
  // The cohort of a range is cached for an hour: a later hour sees the fifth person.
  server_.clock().Advance(std::chrono::minutes(61));
  Reply full = SignedIn(cm_)->Get(Url());
  ASSERT_EQ(full.status, 200) << full.raw;
  const auto& cohort = full.body.at("hourly").at("cohort");
  EXPECT_EQ(cohort.at("size").to_number<int>(), 5);
  EXPECT_FALSE(cohort.at("too_small").as_bool());
  EXPECT_DOUBLE_EQ(cohort.at("mean").at(9).to_number<double>(), (2.0 + 4 * 6.0) / 5);
  for (const auto& id : members_) EXPECT_EQ(full.raw.find(id), std::string::npos);

  // The other grouping says what it is; the fixture's persons share sex and birth date.
  Reply grouped = SignedIn(cm_)->Get(Url("cohort=sex_age"));
  ASSERT_EQ(grouped.status, 200) << grouped.raw;
  EXPECT_EQ(Str(grouped.body.at("hourly").at("cohort"), "kind"), "sex_age");
  EXPECT_NE(Str(grouped.body.at("hourly").at("cohort"), "label").find("歳"), std::string::npos);
}

TEST_P(ApiWatchAnalyticsTest, OnlyTheCareTeamAndTheMunicipalityMayReadAPersonsAnalytics) {
  Account family = server_.CreateUser("family", "", "", false, "family");
  server_.AddFamilyMember(person_, family.user_id, cm_.user_id);
  EXPECT_EQ(SignedIn(family)->Get(Url()).status, 403);
  EXPECT_EQ(SignedIn(outsider_)->Get(Url()).status, 403);
  EXPECT_EQ(SignedIn(other_operator_)->Get(Url()).status, 403);
  EXPECT_EQ(SignedIn(outsider_)->Get(Url() + "/csv?chart=hourly").status, 403);
  EXPECT_EQ(SignedIn(family)->Get(Base(person_) + "/signs").status, 403);
  EXPECT_EQ(operator_client_->Get(Url()).status, 200);
  EXPECT_EQ(admin_client_->Get(Url()).status, 200);
}

TEST_P(ApiWatchAnalyticsTest, BadParametersNameTheField) {
  auto field_of = [&](const std::string& target) {
    Client& client = target.starts_with("/api/v1/watch/region") ? *admin_client_ : *cm_client_;
    Reply r = client.Get(target);
    EXPECT_EQ(r.status, 400) << target << ": " << r.raw;
    return r.ErrorField();
  };
  EXPECT_EQ(field_of(Url("from=2026-02-30")), "from");
  EXPECT_EQ(field_of(Url("to=" + watch::LocalDate(today_))), "to");  // today is not complete
  EXPECT_EQ(field_of(Url("weeks=0")), "weeks");
  EXPECT_EQ(field_of(Url("weeks=53")), "weeks");
  EXPECT_EQ(field_of(Url("cohort=neighbours")), "cohort");
  EXPECT_EQ(field_of(Url("from=" + watch::LocalDate(today_ - 400 * kDayMs))), "from");
  EXPECT_EQ(field_of(Url() + "/csv?chart=everything"), "chart");
  EXPECT_EQ(field_of("/api/v1/watch/region?from=2026-13-01"), "from");
}

TEST_P(ApiWatchAnalyticsTest, CsvOpensInExcelAndItsNameCarriesNoPersonalData) {
  for (int d = 1; d <= 3; ++d) Hourly(person_, "door-1", today_ - d * kDayMs + 8 * kHourMs, 4, 8);
  Reply r = cm_client_->Get(Url() + "/csv?chart=hourly&weeks=1");
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_GE(r.raw.size(), 3u);
  EXPECT_EQ(r.raw.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(r.raw.find("時(JST),本人"), 3u) << r.raw.substr(0, 200);
  EXPECT_NE(r.raw.find("\r\n8,4.00,"), std::string::npos) << r.raw;
  std::string disposition = r.response.Header("content-disposition");
  EXPECT_NE(disposition.find("attachment"), std::string::npos);
  EXPECT_NE(disposition.find(".csv"), std::string::npos);
  EXPECT_EQ(disposition.find(person_), std::string::npos) << disposition;
  EXPECT_EQ(disposition.find("%E5%B1%B1"), std::string::npos) << disposition;  // 山
  EXPECT_NE(r.response.Header("content-type").find("text/csv"), std::string::npos);
}

TEST_P(ApiWatchAnalyticsTest, TheWeeklyJobStoresASignOnceAndTellsTheCareManagerOnly) {
  // Six weeks before this week: 20 activities a day for four weeks, then 5 a day.
  const int64_t week = watch::LocalWeekStart(Now());
  for (int d = 1; d <= 42; ++d) {
    int64_t day = week - d * kDayMs;
    Hourly(person_, "door-1", day + 10 * kHourMs, d <= 14 ? 5 : 20, 30);
  }
  auto first = server_.app().watch().signs().RunWeek();
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->stored, 1);
  EXPECT_EQ(first->notified, 1);
  auto again = server_.app().watch().signs().RunWeek();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->found, 1);
  EXPECT_EQ(again->stored, 0);
  EXPECT_EQ(again->notified, 0);

  const std::string link = "/watch/persons/" + person_ + "/analytics";
  auto notices = [&](Client& client) {
    Reply feed = client.Get("/api/v1/notifications?limit=100");
    EXPECT_EQ(feed.status, 200) << feed.raw;
    int n = 0;
    for (const auto& item : feed.body.at("items").as_array()) {
      if (Str(item, "link") == link) {
        ++n;
        EXPECT_EQ(Str(item, "title"), watch::kTitleSign);
      }
    }
    return n;
  };
  EXPECT_EQ(notices(*cm_client_), 1);
  EXPECT_EQ(notices(*admin_client_), 0);
  EXPECT_EQ(notices(*operator_client_), 0);

  Reply signs = cm_client_->Get(Base(person_) + "/signs");
  ASSERT_EQ(signs.status, 200) << signs.raw;
  ASSERT_EQ(signs.body.at("items").as_array().size(), 1u);
  const auto& s = signs.body.at("items").at(0);
  EXPECT_EQ(Str(s, "sign"), "low_activity");
  EXPECT_EQ(Str(s, "label"), "運動不足");
  EXPECT_EQ(Str(s, "chart"), "daily");
  EXPECT_EQ(Str(s, "week_start"), watch::LocalDate(week));
  EXPECT_DOUBLE_EQ(s.at("evidence").at("ratio").to_number<double>(), 0.25);
  // The analytics answer flags it too.
  Reply charts = cm_client_->Get(Url());
  ASSERT_EQ(charts.status, 200);
  EXPECT_EQ(charts.body.at("signs").as_array().size(), 1u);
}

TEST_P(ApiWatchAnalyticsTest, TheRegionViewIsForTheMunicipalitysOperatorsAndAdmins) {
  const int64_t opened = today_ - 2 * kDayMs;
  auto status = server_.app().db().Run([&](db::Connection& c) -> core::Result<void> {
    for (int i = 0; i < 10; ++i) {
      int64_t at = opened + i * kMinuteMs;
      RETURN_IF_ERROR(c.Execute(
          kInsertAlert, {core::NewId(), person_, "inactivity", i < 9 ? "alert" : "severe", at, at,
                         at + (i + 1) * kMinuteMs, at + (i + 1) * 10 * kMinuteMs}));
    }
    return core::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.error().message;

  Reply r = admin_client_->Get("/api/v1/watch/region");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(Str(r.body, "municipality_code"), "991015");
  EXPECT_EQ(r.body.at("participation").at("active").to_number<int>(), 1);
  EXPECT_EQ(r.body.at("participation").at("devices").to_number<int>(), 3);
  const auto& months = r.body.at("months").as_array();
  ASSERT_FALSE(months.empty());
  int alerts = 0;
  for (const auto& m : months) {
    alerts += m.at("alerts").to_number<int>();
    if (m.at("alerts").to_number<int>() == 10) {
      EXPECT_EQ(m.at("by_kind").at("inactivity").to_number<int>(), 10);
      EXPECT_EQ(m.at("by_severity").at("severe").to_number<int>(), 1);
      EXPECT_DOUBLE_EQ(m.at("taken").at("median_minutes").to_number<double>(), 5.0);
      EXPECT_DOUBLE_EQ(m.at("taken").at("p90_minutes").to_number<double>(), 9.0);
      EXPECT_DOUBLE_EQ(m.at("resolved").at("p90_minutes").to_number<double>(), 90.0);
    }
  }
  EXPECT_EQ(alerts, 10);
  EXPECT_EQ(operator_client_->Get("/api/v1/watch/region?municipality=991015").status, 200);
  EXPECT_EQ(SignedIn(other_operator_)->Get("/api/v1/watch/region?municipality=991015").status, 403);
  EXPECT_EQ(cm_client_->Get("/api/v1/watch/region").status, 403);
  Reply csv = admin_client_->Get("/api/v1/watch/region/csv?chart=months");
  ASSERT_EQ(csv.status, 200) << csv.raw;
  EXPECT_EQ(csv.raw.find("\xEF\xBB\xBF月,新規登録"), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiWatchAnalyticsTest,
                         ::testing::ValuesIn(db::testing::Backends()), db::testing::BackendName());

}  // namespace
}  // namespace watch_test

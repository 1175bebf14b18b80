// API tests of vitals (docs/care-api.md "Vitals") on SQLite and PostgreSQL: recording on their
// own and with a post, the range of each field named in its 400, the chart list (oldest first,
// JST day range), who may read and record, and the audit entries.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "care/timeline_service.h"
#include "core/id.h"
#include "core/wareki.h"
#include "db/database.h"
#include "db/testing.h"
#include "test_env.h"

namespace {

using namespace std::chrono_literals;
using testing_env::Account;
using testing_env::Client;
using testing_env::Reply;
using testing_env::Str;
using testing_env::TestServer;
namespace json = boost::json;

constexpr db::Statement kAuditFor{
    "vitals_api_test_audit",
    "SELECT action, outcome, person_id FROM audit_log WHERE user_id = $1 AND action LIKE "
    "'vitals.%' ORDER BY at, seq"};

class ApiVitalsTest : public ::testing::TestWithParam<std::string> {
 protected:
  ApiVitalsTest()
      : test_db_(testing_env::BackendDatabase(GetParam())),
        server_(test_db_ ? test_db_->url() : "") {
    server_.CreateMunicipality("991015", "群青市");
    std::string station = server_.CreateOrganization("991015", "visiting_nursing", "群青訪問看護");
    std::string clinic = server_.CreateOrganization("991015", "clinic", "群青クリニック");
    manager_ = server_.CreateNamedUser("vt.manager", station, "member", "佐藤 ケア", "サトウ",
                                       "care_manager");
    nurse_ = server_.CreateNamedUser("vt.nurse", station, "member", "鈴木 看護", "スズキ", "nurse");
    outsider_ =
        server_.CreateNamedUser("vt.outsider", clinic, "member", "部外 者", "ブガイ", "doctor");
    person_ = server_.CreatePerson("991015", manager_.user_id);
    server_.AddTeamMember(person_, nurse_.user_id, "visiting_nurse");
    EXPECT_EQ(nurse_client_.Login(nurse_).status, 200);
  }

  std::string Vitals() const { return "/api/v1/persons/" + person_ + "/vitals"; }
  int64_t Now() { return server_.clock().NowMillis(); }
  static const json::array& Items(const Reply& r) { return r.body.at("items").as_array(); }

  std::unique_ptr<db::testing::TestDatabase> test_db_;
  TestServer server_;
  Account manager_, nurse_, outsider_;
  std::string person_;
  Client nurse_client_{server_};
};

TEST_P(ApiVitalsTest, RecordedAloneAndReturnedWithTheRecorder) {
  int64_t at = Now() - 60'000;
  Reply r = nurse_client_.Post(Vitals(), {{"measured_at", at},
                                          {"systolic", 142},
                                          {"diastolic", 88},
                                          {"pulse", 90},
                                          {"temperature", 37.4},
                                          {"spo2", 94},
                                          {"respiration", 20},
                                          {"weight", 42.3},
                                          {"glucose", 180}});
  ASSERT_EQ(r.status, 201) << r.raw;
  EXPECT_TRUE(core::IsValidId(Str(r.body, "id")));
  EXPECT_TRUE(r.body.at("post_id").is_null());
  EXPECT_EQ(r.body.at("measured_at").as_int64(), at);
  EXPECT_EQ(r.body.at("systolic").as_int64(), 142);
  EXPECT_EQ(r.body.at("diastolic").as_int64(), 88);
  EXPECT_EQ(r.body.at("pulse").as_int64(), 90);
  EXPECT_DOUBLE_EQ(r.body.at("temperature").as_double(), 37.4);
  EXPECT_EQ(r.body.at("spo2").as_int64(), 94);
  EXPECT_EQ(r.body.at("respiration").as_int64(), 20);
  EXPECT_DOUBLE_EQ(r.body.at("weight").as_double(), 42.3);
  EXPECT_EQ(r.body.at("glucose").as_int64(), 180);
  EXPECT_EQ(Str(r.body.at("recorded_by"), "id"), nurse_.user_id);
  EXPECT_EQ(Str(r.body.at("recorded_by"), "name"), "鈴木 看護");
  EXPECT_EQ(Str(r.body.at("recorded_by"), "profession_code"), "nurse");
  EXPECT_EQ(r.body.at("created_at").as_int64(), Now());

  // Only some values: the others are null.
  Reply some = nurse_client_.Post(Vitals(), {{"measured_at", at}, {"temperature", 36.5}});
  ASSERT_EQ(some.status, 201) << some.raw;
  EXPECT_TRUE(some.body.at("systolic").is_null());
  EXPECT_TRUE(some.body.at("weight").is_null());
}

TEST_P(ApiVitalsTest, EveryFieldOutOfRangeOrOfTheWrongTypeIsNamed) {
  int64_t now = Now();
  struct Case {
    json::object body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"systolic", 120}}, "measured_at"},
      {{{"measured_at", "2026-11-21T10:00"}, {"pulse", 60}}, "measured_at"},
      {{{"measured_at", now + 11 * 60 * 1000}, {"pulse", 60}}, "measured_at"},
      {{{"measured_at", now}}, "systolic"},  // no value at all
      {{{"measured_at", now}, {"systolic", 39}}, "systolic"},
      {{{"measured_at", now}, {"systolic", 301}}, "systolic"},
      {{{"measured_at", now}, {"systolic", 120.5}}, "systolic"},
      {{{"measured_at", now}, {"diastolic", 19}}, "diastolic"},
      {{{"measured_at", now}, {"diastolic", 201}}, "diastolic"},
      {{{"measured_at", now}, {"systolic", 100}, {"diastolic", 100}}, "diastolic"},
      {{{"measured_at", now}, {"pulse", 19}}, "pulse"},
      {{{"measured_at", now}, {"pulse", 251}}, "pulse"},
      {{{"measured_at", now}, {"temperature", 29.9}}, "temperature"},
      {{{"measured_at", now}, {"temperature", 43.1}}, "temperature"},
      {{{"measured_at", now}, {"temperature", "36.5"}}, "temperature"},
      {{{"measured_at", now}, {"spo2", 49}}, "spo2"},
      {{{"measured_at", now}, {"spo2", 101}}, "spo2"},
      {{{"measured_at", now}, {"respiration", 3}}, "respiration"},
      {{{"measured_at", now}, {"respiration", 81}}, "respiration"},
      {{{"measured_at", now}, {"weight", 0.5}}, "weight"},
      {{{"measured_at", now}, {"weight", 300.5}}, "weight"},
      {{{"measured_at", now}, {"glucose", 9}}, "glucose"},
      {{{"measured_at", now}, {"glucose", 1001}}, "glucose"},
      {{{"measured_at", now}, {"pulse", 60}, {"heart_rate", 60}}, "heart_rate"},
  };
  for (const auto& c : cases) {
    Reply r = nurse_client_.Post(Vitals(), c.body);
    EXPECT_EQ(r.status, 400) << json::serialize(c.body) << " " << r.raw;
    EXPECT_TRUE(r.NamesField(c.field)) << c.field << ": " << r.raw;
  }
  Reply not_object = nurse_client_.Send("POST", Vitals(), "[1]", "application/json");
  EXPECT_EQ(not_object.status, 400);
  EXPECT_TRUE(not_object.NamesField("body")) << not_object.raw;
  Reply not_json = nurse_client_.Send("POST", Vitals(), "{", "application/json");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_TRUE(Items(nurse_client_.Get(Vitals())).empty()) << "nothing stored";
  // The bounds themselves are accepted.
  Reply edge = nurse_client_.Post(Vitals(), {{"measured_at", now + 10 * 60 * 1000},
                                             {"systolic", 300},
                                             {"diastolic", 200},
                                             {"temperature", 30.0},
                                             {"spo2", 100},
                                             {"weight", 1.0}});
  EXPECT_EQ(edge.status, 201) << edge.raw;
}

TEST_P(ApiVitalsTest, ListIsOldestFirstWithinJstDaysAndIncludesVitalsOfPosts) {
  core::Date today = core::DateFromEpochMillisJst(Now());
  int64_t start_of_today = care::StartOfJstDayMillis(today.year, today.month, today.day);
  auto record = [&](int64_t at, int systolic) {
    Reply r = nurse_client_.Post(Vitals(), {{"measured_at", at}, {"systolic", systolic}});
    EXPECT_EQ(r.status, 201) << r.raw;
  };
  record(Now() - 1000, 130);
  record(start_of_today + 1000, 120);
  record(start_of_today - 2 * 60'000, 110);  // yesterday in Japan
  Reply with_post =
      nurse_client_.Post("/api/v1/persons/" + person_ + "/timeline",
                         {{"category", "contact"},
                          {"body", "訪問時のバイタル"},
                          {"vitals", {{"measured_at", Now() - 500}, {"systolic", 125}}}});
  ASSERT_EQ(with_post.status, 201) << with_post.raw;

  auto systolics = [&](const std::string& query) {
    Reply r = nurse_client_.Get(Vitals() + query);
    EXPECT_EQ(r.status, 200) << query << " " << r.raw;
    std::vector<int64_t> out;
    if (r.status == 200) {
      for (const auto& v : Items(r)) out.push_back(v.at("systolic").as_int64());
    }
    return out;
  };
  std::string day = core::FormatIsoDate(today);
  EXPECT_EQ(systolics(""), (std::vector<int64_t>{110, 120, 130, 125}));
  EXPECT_EQ(systolics("?from=" + day), (std::vector<int64_t>{120, 130, 125}));
  EXPECT_EQ(systolics("?to=" + day), (std::vector<int64_t>{110, 120, 130, 125}));
  EXPECT_EQ(systolics("?from=" + day + "&to=" + day), (std::vector<int64_t>{120, 130, 125}));
  Reply list = nurse_client_.Get(Vitals());
  EXPECT_EQ(Str(Items(list)[3], "post_id"), Str(with_post.body, "id"));

  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"?from=tomorrow", "from"},
                                                        {"?to=2026-13-01", "to"},
                                                        {"?from=2026-05-02&to=2026-05-01", "to"}}) {
    Reply r = nurse_client_.Get(Vitals() + query);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_TRUE(r.NamesField(field)) << query << ": " << r.raw;
  }
}

TEST_P(ApiVitalsTest, OnlyTheTeamReadsAndRecordsAndEveryCallIsAudited) {
  Client outsider{server_};
  ASSERT_EQ(outsider.Login(outsider_).status, 200);
  EXPECT_EQ(outsider.Get(Vitals()).status, 403);
  EXPECT_EQ(outsider.Post(Vitals(), {{"measured_at", Now()}, {"pulse", 70}}).status, 403);
  ASSERT_EQ(nurse_client_.Post(Vitals(), {{"measured_at", Now()}, {"pulse", 70}}).status, 201);
  ASSERT_EQ(nurse_client_.Get(Vitals()).status, 200);

  server_.app().audit().Flush();
  auto rows = server_.app().db().Get<db::Rows>(
      [&](db::Connection& c) { return c.Query(kAuditFor, {nurse_.user_id}); });
  ASSERT_TRUE(rows.ok());
  std::set<std::string> actions;
  for (const auto& r : *rows) {
    EXPECT_EQ(r.Text(1), "ok");
    EXPECT_EQ(r.Text(2), person_);
    actions.insert(r.Text(0));
  }
  EXPECT_EQ(actions, (std::set<std::string>{"vitals.create", "vitals.list"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiVitalsTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace

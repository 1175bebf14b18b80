// The demo region's care data, seeded into a fresh database and read back through the real API
// as the demo accounts see it after their first sign-in: persons and statuses, timelines with
// replies, receipts, acknowledgements, edits and a deletion, vitals series, photos with
// thumbnails that only the team may fetch, and the pending invitation.
#include "app/seed_demo.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

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

constexpr int64_t kDay = 24 * 60 * 60 * 1000;

constexpr db::Statement kCountPosts{"seed_test_count_posts", "SELECT COUNT(*) FROM timeline_posts"};
constexpr db::Statement kCountPersons{"seed_test_count_persons", "SELECT COUNT(*) FROM persons"};

int64_t Count(TestServer& server, const db::Statement& count) {
  auto n = server.app().db().Get<int64_t>([&](db::Connection& c) -> core::Result<int64_t> {
    ASSIGN_OR_RETURN(auto row, c.QueryOne(count));
    return row->Int(0);
  });
  return n.ok() ? *n : -1;
}

class SeedDemoTest : public ::testing::TestWithParam<std::string> {
 protected:
  SeedDemoTest() {
    auto seeded = app::SeedDemo(server_.app().db(), server_.app().auth(), server_.clock(),
                                server_.app().files_dir());
    if (!seeded.ok()) throw std::runtime_error("SeedDemo: " + seeded.error().message);
    report_ = *seeded;
  }

  /// Signs in as a demo account the way its first sign-in goes: the demo password, then TOTP
  /// enrolment (demo staff have no second factor until they enrol).
  Client& As(const std::string& login) {
    auto it = clients_.find(login);
    if (it != clients_.end()) return *it->second;
    auto c = std::make_unique<Client>(server_);
    Account a{"", login, app::DemoPassword(), ""};
    Reply r = c->Login(a);
    EXPECT_EQ(r.status, 200) << login << " " << r.raw;
    EXPECT_EQ(Str(r.body, "stage"), "enrol") << login;
    Reply begin = c->Post("/api/v1/auth/enrolment", json::object{});
    EXPECT_EQ(begin.status, 200) << begin.raw;
    Reply done = c->Post("/api/v1/auth/enrolment/confirm",
                         json::object{{"code", server_.TotpNow(Str(begin.body, "secret"))}});
    EXPECT_EQ(done.status, 200) << login << " " << done.raw;
    return *clients_.emplace(login, std::move(c)).first->second;
  }

  /// The persons `login` may list, by name.
  std::map<std::string, json::object> Persons(const std::string& login) {
    Reply r = As(login).Get("/api/v1/persons?limit=100");
    EXPECT_EQ(r.status, 200) << r.raw;
    std::map<std::string, json::object> out;
    if (r.status != 200) return out;
    for (const auto& p : r.body.at("items").as_array()) out[Str(p, "name")] = p.as_object();
    return out;
  }

  std::string PersonId(const std::string& login, const std::string& name) {
    auto persons = Persons(login);
    auto it = persons.find(name);
    EXPECT_NE(it, persons.end()) << name << " not listed for " << login;
    return it == persons.end() ? std::string() : Str(it->second, "id");
  }

  /// Every top-level post of the person's timeline as `login` sees it, newest first.
  std::vector<json::object> Timeline(const std::string& login, const std::string& person_id,
                                     const std::string& query = "") {
    std::vector<json::object> out;
    std::string cursor;
    for (int page = 0; page < 20; ++page) {
      std::string target = "/api/v1/persons/" + person_id + "/timeline?limit=100" + query +
                           (cursor.empty() ? "" : "&cursor=" + cursor);
      Reply r = As(login).Get(target);
      EXPECT_EQ(r.status, 200) << r.raw;
      if (r.status != 200) break;
      for (const auto& p : r.body.at("items").as_array()) out.push_back(p.as_object());
      cursor = Str(r.body, "next_cursor");
      if (cursor.empty()) break;
    }
    return out;
  }

  std::unique_ptr<db::testing::TestDatabase> database_ = testing_env::BackendDatabase(GetParam());
  TestServer server_{database_ ? database_->url() : std::string()};
  app::SeedReport report_;
  std::map<std::string, std::unique_ptr<Client>> clients_;
};

TEST_P(SeedDemoTest, SeedsPersonsAndHundredsOfPostsOnce) {
  EXPECT_TRUE(report_.seeded);
  EXPECT_EQ(report_.persons, 12);
  EXPECT_GE(report_.posts, 300);
  EXPECT_LE(report_.posts, 800);
  const int64_t posts = Count(server_, kCountPosts);
  EXPECT_EQ(posts, report_.posts);

  auto again = app::SeedDemo(server_.app().db(), server_.app().auth(), server_.clock(),
                             server_.app().files_dir());
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_FALSE(again->seeded);
  EXPECT_EQ(Count(server_, kCountPosts), posts);
  EXPECT_EQ(Count(server_, kCountPersons), 12);
}

TEST_P(SeedDemoTest, CareManagerListsHerPersonsWithTheirStatus) {
  auto persons = Persons("cm.sato");
  for (const char* name :
       {"佐藤 清", "高橋 ハル", "鈴木 茂", "中島 正雄", "山口 千代子", "岡田 義男", "前田 勇"}) {
    ASSERT_TRUE(persons.contains(name)) << name;
    EXPECT_EQ(Str(persons[name], "my_team_role"), "care_manager") << name;
  }
  EXPECT_FALSE(persons.contains("松本 トミ"));  // followed by the community support center
  EXPECT_EQ(Str(persons["佐藤 清"], "status"), "at_home");
  EXPECT_EQ(Str(persons["高橋 ハル"], "status"), "short_stay");
  EXPECT_EQ(Str(persons["岡田 義男"], "status"), "died");
  EXPECT_EQ(Str(persons["前田 勇"], "municipality_code"), "991023");

  // 翠町's admin sees that town's persons, one of whose team is all from 群青市.
  auto town = Persons("town.ogawa");
  EXPECT_TRUE(town.contains("石川 フミ"));
  EXPECT_TRUE(town.contains("村上 サダ"));
  EXPECT_FALSE(town.contains("佐藤 清"));
}

TEST_P(SeedDemoTest, PersonHasAVersionedCareProfileAndStatusHistory) {
  const std::string id = PersonId("cm.sato", "佐藤 清");
  Reply person = As("cm.sato").Get("/api/v1/persons/" + id);
  ASSERT_EQ(person.status, 200) << person.raw;
  const auto& profile = person.body.at("profile").as_object();
  for (const char* part :
       {"care_level", "key_persons", "providers", "medical", "prescriptions", "living"}) {
    EXPECT_FALSE(profile.at(part).is_null()) << part;
  }
  EXPECT_EQ(person.body.at("consent"),
            json::parse(R"({"team":true,"emergency":true,"disaster":true,"family":true})"));

  Reply versions = As("cm.sato").Get("/api/v1/persons/" + id + "/profile/prescriptions/versions");
  ASSERT_EQ(versions.status, 200) << versions.raw;
  EXPECT_EQ(versions.body.at("items").as_array().size(), 2u);

  Reply statuses = As("cm.sato").Get("/api/v1/persons/" + id + "/status");
  ASSERT_EQ(statuses.status, 200) << statuses.raw;
  std::vector<std::string> seen;
  for (const auto& s : statuses.body.at("items").as_array()) seen.push_back(Str(s, "status"));
  EXPECT_EQ(seen, (std::vector<std::string>{"at_home", "hospitalized", "at_home"}));

  Reply consents = As("cm.sato").Get("/api/v1/persons/" + id + "/consents");
  ASSERT_EQ(consents.status, 200) << consents.raw;
  const auto& consent = consents.body.at("items").as_array().at(0);
  EXPECT_EQ(Str(consent, "given_by"), "representative");
  EXPECT_EQ(Str(consent, "representative_relation"), "長女");
}

TEST_P(SeedDemoTest, TimelineHasRepliesReceiptsAcknowledgementsAndAnEditedPost) {
  const std::string id = PersonId("cm.sato", "佐藤 清");
  auto posts = Timeline("cm.sato", id);
  ASSERT_GE(posts.size(), 40u);
  int with_replies = 0, fully_read = 0, asking_ack = 0, edited = 0, with_vitals = 0;
  std::string edited_id;
  for (const auto& p : posts) {
    if (p.at("reply_count").as_int64() > 0) ++with_replies;
    const auto& read = p.at("read").as_object();
    EXPECT_LE(read.at("count").as_int64(), read.at("total").as_int64());
    if (read.at("count") == read.at("total")) ++fully_read;
    if (!p.at("ack").is_null()) ++asking_ack;
    if (!p.at("vitals").is_null()) ++with_vitals;
    if (p.at("version").as_int64() > 1) {
      ++edited;
      edited_id = Str(p, "id");
      EXPECT_FALSE(p.at("edited_at").is_null());
    }
  }
  EXPECT_GE(with_replies, 5);
  EXPECT_GE(asking_ack, 3);
  EXPECT_GE(with_vitals, 15);
  EXPECT_EQ(edited, 1);
  // Most posts are read by every other member; the newest are not, yet.
  EXPECT_GT(fully_read, static_cast<int>(posts.size()) * 3 / 4);
  EXPECT_LT(posts.front().at("read").at("count").as_int64(),
            posts.front().at("read").at("total").as_int64());

  Reply versions =
      As("cm.sato").Get("/api/v1/persons/" + id + "/timeline/" + edited_id + "/versions");
  ASSERT_EQ(versions.status, 200) << versions.raw;
  EXPECT_EQ(versions.body.at("items").as_array().size(), 2u);

  // A meeting record completed after the meeting keeps every version.
  const std::string takahashi = PersonId("cm.sato", "高橋 ハル");
  std::string amended;
  for (const auto& p : Timeline("cm.sato", takahashi, "&category=meeting")) {
    if (p.at("version").as_int64() == 3) amended = Str(p, "id");
  }
  ASSERT_FALSE(amended.empty());
  Reply history =
      As("cm.sato").Get("/api/v1/persons/" + takahashi + "/timeline/" + amended + "/versions");
  ASSERT_EQ(history.status, 200) << history.raw;
  EXPECT_EQ(history.body.at("items").as_array().size(), 3u);

  // A thread reads back with its replies oldest first.
  for (const auto& p : posts) {
    if (p.at("reply_count").as_int64() < 3) continue;
    Reply thread = As("cm.sato").Get("/api/v1/persons/" + id + "/timeline/" + Str(p, "id"));
    ASSERT_EQ(thread.status, 200) << thread.raw;
    const auto& replies = thread.body.at("replies").as_array();
    ASSERT_EQ(static_cast<int64_t>(replies.size()), p.at("reply_count").as_int64());
    EXPECT_LT(replies[0].at("created_at").as_int64(), replies[1].at("created_at").as_int64());
    break;
  }
}

TEST_P(SeedDemoTest, EveryDemoProfessionalHasSomethingUnread) {
  for (const char* login :
       {"cm.sato", "cm.kato", "dr.yamamoto", "dr.mori", "ns.ito", "ph.watanabe", "hh.hayashi",
        "dh.shimizu", "center.inoue", "msw.kimura", "town.ogawa", "city.tanaka"}) {
    auto persons = Persons(login);
    ASSERT_FALSE(persons.empty()) << login;
    size_t unread = 0;
    for (const auto& [name, p] : persons) {
      if (Str(p, "my_team_role").empty()) continue;  // listed as municipality admin only
      unread += Timeline(login, Str(p, "id"), "&unread=1").size();
    }
    EXPECT_GE(unread, 1u) << login;
  }
}

TEST_P(SeedDemoTest, DeletedPostKeepsItsReasonButNotItsText) {
  const std::string id = PersonId("cm.sato", "山口 千代子");
  int deleted = 0;
  for (const auto& p : Timeline("cm.sato", id)) {
    if (p.at("deleted").is_null()) continue;
    ++deleted;
    EXPECT_EQ(Str(p, "body"), "");
    EXPECT_FALSE(Str(p.at("deleted"), "reason").empty());
    EXPECT_EQ(Str(p.at("deleted").at("by"), "name"), "林 京子");
  }
  EXPECT_EQ(deleted, 1);
}

TEST_P(SeedDemoTest, PhotoThumbnailIsAJpegForTheTeamAndForbiddenToOthers) {
  const std::string id = PersonId("cm.sato", "高橋 ハル");
  std::string attachment;
  for (const auto& p : Timeline("cm.sato", id, "&category=skin")) {
    const auto& files = p.at("attachments").as_array();
    if (files.empty()) continue;
    EXPECT_EQ(Str(files[0], "kind"), "image");
    EXPECT_EQ(Str(files[0], "content_type"), "image/jpeg");
    EXPECT_EQ(files[0].at("width").as_int64(), 800);
    attachment = Str(files[0], "id");
  }
  ASSERT_FALSE(attachment.empty());
  const std::string base = "/api/v1/persons/" + id + "/attachments/" + attachment;

  Reply thumb = As("ns.ito").Get(base + "/thumbnail");
  ASSERT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.response.Header("content-type"), "image/jpeg");
  ASSERT_GE(thumb.raw.size(), 3u);
  EXPECT_EQ(thumb.raw.substr(0, 3), "\xFF\xD8\xFF");
  Reply full = As("cm.sato").Get(base);
  ASSERT_EQ(full.status, 200);
  EXPECT_GT(full.raw.size(), thumb.raw.size());
  EXPECT_EQ(full.raw.find("Exif"), std::string::npos);  // stored as uploads are: no metadata

  // dr.mori is in another person's team and only invited to 佐藤 清's.
  EXPECT_EQ(As("dr.mori").Get(base + "/thumbnail").status, 403);
  EXPECT_EQ(As("dr.mori").Get(base).status, 403);
}

TEST_P(SeedDemoTest, VitalsSeriesSpanTheMonthsWithAndWithoutPosts) {
  const std::string id = PersonId("cm.sato", "佐藤 清");
  Reply r = As("cm.sato").Get("/api/v1/persons/" + id + "/vitals");
  ASSERT_EQ(r.status, 200) << r.raw;
  const auto& items = r.body.at("items").as_array();
  ASSERT_GE(items.size(), 60u);
  int alone = 0, weights = 0;
  int64_t first = items.front().at("measured_at").as_int64();
  int64_t last = items.back().at("measured_at").as_int64();
  for (const auto& v : items) {
    if (v.at("post_id").is_null()) ++alone;
    if (!v.at("weight").is_null()) {
      ++weights;
      EXPECT_GE(v.at("weight").to_number<double>(), 50.0);
      EXPECT_LE(v.at("weight").to_number<double>(), 62.0);
    }
  }
  EXPECT_GE(alone, 20);
  EXPECT_GE(weights, 40);
  EXPECT_GE(last - first, 80 * kDay);
  EXPECT_LE(last, server_.clock().NowMillis());

  const std::string nakajima = PersonId("cm.sato", "中島 正雄");
  Reply g = As("cm.sato").Get("/api/v1/persons/" + nakajima + "/vitals");
  ASSERT_EQ(g.status, 200) << g.raw;
  int glucose = 0;
  for (const auto& v : g.body.at("items").as_array()) glucose += !v.at("glucose").is_null();
  EXPECT_GE(glucose, 40);
}

TEST_P(SeedDemoTest, HospitalDoctorHasAPendingInvitation) {
  Reply r = As("dr.mori").Get("/api/v1/care-team/invitations");
  ASSERT_EQ(r.status, 200) << r.raw;
  const auto& items = r.body.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(Str(items[0], "person_name"), "佐藤 清");
  EXPECT_EQ(Str(items[0].at("invited_by"), "name"), "佐藤 花子");
  // Her own patient is listed; the inviting team's person is not, until she accepts.
  auto persons = Persons("dr.mori");
  EXPECT_TRUE(persons.contains("青木 陽向"));
  EXPECT_FALSE(persons.contains("佐藤 清"));
}

INSTANTIATE_TEST_SUITE_P(Backends, SeedDemoTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace

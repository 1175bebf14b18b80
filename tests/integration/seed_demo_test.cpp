// The demo region's care data, seeded into a fresh database and read back through the real API
// as the demo accounts see it after their first sign-in: persons and statuses, timelines with
// replies, receipts, acknowledgements, edits and a deletion, vitals series, photos with
// thumbnails that only the team may fetch, the pending invitation, and the emergency data
// (ACP versions with their sign-off, QR cards an EMS crew can open, a person without consent).
#include "app/seed_demo.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "auth/tokens.h"
#include "core/wareki.h"
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
    // The server's own key, so that the cards the seed seals open through the API.
    auto seeded = app::SeedDemo(server_.app().db(), server_.app().auth(), server_.clock(),
                                server_.app().files_dir(), server_.app().secrets());
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
  EXPECT_EQ(report_.emergency_cards, 2);
  const int64_t posts = Count(server_, kCountPosts);
  EXPECT_EQ(posts, report_.posts);

  auto again = app::SeedDemo(server_.app().db(), server_.app().auth(), server_.clock(),
                             server_.app().files_dir(), server_.app().secrets());
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

TEST_P(SeedDemoTest, AcpReadsBackOnTheEmergencySummaryWithItsSignOffAndHistory) {
  const std::string id = PersonId("cm.sato", "佐藤 清");
  Reply summary = As("cm.sato").Get("/api/v1/persons/" + id + "/emergency-summary");
  ASSERT_EQ(summary.status, 200) << summary.raw;
  const auto& acp = summary.body.at("acp");
  ASSERT_TRUE(acp.is_object()) << summary.raw;
  // The latest version: he changed his mind after his stay in hospital.
  EXPECT_EQ(acp.at("version").as_int64(), 2);
  EXPECT_EQ(Str(acp, "resuscitation"), "does_not_want");
  EXPECT_EQ(Str(acp, "ventilation"), "does_not_want");
  EXPECT_EQ(Str(acp, "hospital_transport"), "wants");
  EXPECT_EQ(Str(acp, "end_of_life_place"), "home");
  EXPECT_EQ(Str(acp.at("substitute"), "relation"), "長女");
  EXPECT_EQ(Str(acp.at("recorded_by"), "name"), "山本 一郎");
  EXPECT_EQ(Str(acp.at("recorded_by"), "profession_code"), "doctor");
  EXPECT_FALSE(acp.as_object().contains("signed_off"));  // the version's author is the sign-off
  EXPECT_FALSE(acp.as_object().contains("participants"));
  // Discussed at the meeting, signed off the next day, before the summary was made.
  const int64_t recorded = acp.at("recorded_at").as_int64();
  EXPECT_LT(recorded, summary.body.at("generated_at").as_int64());
  EXPECT_LT(Str(acp, "discussed_on"), core::FormatIsoDate(core::DateFromEpochMillisJst(recorded)));
  EXPECT_FALSE(Str(summary.body.at("emergency"), "kit_location").empty());
  EXPECT_EQ(Str(summary.body.at("emergency"), "blood_type"), "A");
  EXPECT_TRUE(summary.body.at("emergency_consent").as_bool());

  // The earlier version is kept, with its own author and the opposite wish.
  Reply versions = As("cm.sato").Get("/api/v1/persons/" + id + "/profile/acp/versions");
  ASSERT_EQ(versions.status, 200) << versions.raw;
  const auto& items = versions.body.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(Str(items[1].at("data"), "resuscitation"), "wants");
  EXPECT_EQ(Str(items[1].at("changed_by"), "name"), "山本 一郎");
  EXPECT_LT(items[1].at("changed_at").as_int64(), items[0].at("changed_at").as_int64());
  EXPECT_GE(items[0].at("data").at("participants").as_array().size(), 3u);

  // Several of the care manager's persons have wishes and a kit; one is signed off by her.
  int with_acp = 0, with_kit = 0;
  std::set<std::string> signers;
  for (const auto& [name, p] : Persons("cm.sato")) {
    Reply person = As("cm.sato").Get("/api/v1/persons/" + Str(p, "id"));
    ASSERT_EQ(person.status, 200) << person.raw;
    const auto& profile = person.body.at("profile");
    if (!profile.at("acp").is_null()) {
      ++with_acp;
      signers.insert(Str(profile.at("acp").at("changed_by"), "name"));
    }
    if (!profile.at("emergency").is_null()) ++with_kit;
  }
  EXPECT_GE(with_acp, 4);
  EXPECT_GE(with_kit, 4);
  EXPECT_EQ(signers, (std::set<std::string>{"山本 一郎", "佐藤 花子"}));
}

TEST_P(SeedDemoTest, TwoPersonsHaveAQrCardThatOpensTheirRecordForEms) {
  std::vector<std::string> tokens;
  for (const char* name : {"佐藤 清", "鈴木 茂"}) {
    Reply r = As("cm.sato").Get("/api/v1/persons/" + PersonId("cm.sato", name) + "/emergency-card");
    ASSERT_EQ(r.status, 200) << r.raw;
    const auto& card = r.body.at("card");
    ASSERT_TRUE(card.is_object()) << name << " " << r.raw;
    EXPECT_EQ(Str(card.at("person"), "name"), name);
    EXPECT_EQ(Str(card.at("created_by"), "name"), "佐藤 花子");
    EXPECT_EQ(Str(card, "qr_svg").rfind("<svg", 0), 0u);
    const std::string url = Str(card, "url");
    const size_t at = url.find("/e/");
    ASSERT_NE(at, std::string::npos) << url;
    tokens.push_back(url.substr(at + 3));
    EXPECT_EQ(tokens.back().size(), 43u) << url;
  }
  EXPECT_NE(tokens[0], tokens[1]);
  Reply none =
      As("cm.sato").Get("/api/v1/persons/" + PersonId("cm.sato", "前田 勇") + "/emergency-card");
  ASSERT_EQ(none.status, 200) << none.raw;
  EXPECT_TRUE(none.body.at("card").is_null());

  // The token the team prints is the one the seed sealed and hashed: the crew's scan finds it.
  Reply check = As("ems.kobayashi").Get("/api/v1/ems/cards/" + tokens[0]);
  ASSERT_EQ(check.status, 200) << check.raw;
  EXPECT_TRUE(check.body.at("emergency_consent").as_bool());
  Reply opened = As("ems.kobayashi")
                     .Post("/api/v1/ems/accesses",
                           json::object{{"card_token", tokens[0]},
                                        {"incident_number", "2026-0815"},
                                        {"reason", "自宅で胸苦しさを訴え、長女が119番通報"}});
  ASSERT_EQ(opened.status, 201) << opened.raw;
  EXPECT_EQ(Str(opened.body, "person_name"), "佐藤 清");
  EXPECT_EQ(Str(opened.body, "found_by"), "card");
  Reply read = As("ems.kobayashi").Get("/api/v1/ems/accesses/" + Str(opened.body, "id"));
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(Str(read.body.at("summary").at("acp"), "resuscitation"), "does_not_want");
}

TEST_P(SeedDemoTest, PersonWithoutEmergencyConsentIsShownToNoCrew) {
  auto persons = Persons("cm.kato");
  ASSERT_TRUE(persons.contains("石川 フミ"));
  const json::object ishikawa = persons["石川 フミ"];
  const std::string id = Str(ishikawa, "id");
  Reply person = As("cm.kato").Get("/api/v1/persons/" + id);
  ASSERT_EQ(person.status, 200) << person.raw;
  EXPECT_TRUE(person.body.at("consent").at("team").as_bool());
  EXPECT_FALSE(person.body.at("consent").at("emergency").as_bool());

  // Found by her kana and birth date, she is only counted; opening her record is refused.
  Reply search = As("ems.kobayashi")
                     .Get(
                         "/api/v1/ems/persons?kana=%E3%82%A4%E3%82%B7%E3%82%AB%E3%83%AF&"
                         "birth_date=" +
                         Str(ishikawa, "birth_date"));
  ASSERT_EQ(search.status, 200) << search.raw;
  EXPECT_TRUE(search.body.at("items").as_array().empty()) << search.raw;
  EXPECT_EQ(search.body.at("without_consent").as_int64(), 1);
  EXPECT_EQ(search.raw.find("石川"), std::string::npos);
  Reply open = As("ems.kobayashi")
                   .Post("/api/v1/ems/accesses", json::object{{"person_id", id},
                                                              {"incident_number", "2026-0816"},
                                                              {"reason", "転倒し動けないと通報"}});
  EXPECT_EQ(open.status, 403) << open.raw;
  EXPECT_NE(open.raw.find("no_emergency_consent"), std::string::npos) << open.raw;
  EXPECT_EQ(open.raw.find("石川"), std::string::npos);
  // Nor can her team print a card for her.
  EXPECT_EQ(As("cm.kato").Post("/api/v1/persons/" + id + "/emergency-card", json::object{}).status,
            409);
}

INSTANTIATE_TEST_SUITE_P(Backends, SeedDemoTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace

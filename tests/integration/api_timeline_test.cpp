// API tests of the timeline (docs/care-api.md "Timeline") against the real server, on SQLite
// and on PostgreSQL: the acceptance sketch (a nurse posts vitals with a photo, the doctor reads
// it — 既読 1/2 — and replies), every field of every body named in its 400, who may do what
// (outsiders, invitees and a withdrawn consent get 403 everywhere), keyset pages over 120 posts,
// filters and Japanese search, edits with their history, soft delete, acknowledgements, the
// audit entries and the notifications each write leaves behind.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
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

std::string Encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

constexpr db::Statement kInsertAttachment{
    "tl_api_test_insert_attachment",
    "INSERT INTO attachments (id, person_id, kind, content_type, byte_size, width, height, "
    "sha256, storage_key, original_name, uploaded_by, created_at) VALUES ($1, $2, 'image', "
    "'image/jpeg', 52344, 1280, 960, 'x', 'key', '褥瘡の写真.jpg', $3, $4)"};
constexpr db::Statement kNotificationsFor{
    "tl_api_test_notifications",
    "SELECT kind, title, link, COALESCE(person_id, '') FROM notifications WHERE user_id = $1 "
    "ORDER BY seq"};
constexpr db::Statement kAuditFor{
    "tl_api_test_audit",
    "SELECT action, outcome, person_id, object_id, details FROM audit_log WHERE user_id = $1 "
    "AND action LIKE $2 ORDER BY at, seq"};
constexpr db::Statement kWithdrawConsents{
    "tl_api_test_withdraw", "UPDATE consents SET withdrawn_at = $2 WHERE person_id = $1"};
constexpr db::Statement kBackdatePost{"tl_api_test_backdate",
                                      "UPDATE timeline_posts SET created_at = $2 WHERE id = $1"};
// A write behind the services' back must say so, as the services do (timeline_cache.h).
constexpr db::Statement kBumpTimeline{
    "tl_api_test_bump",
    "UPDATE persons SET timeline_version = timeline_version + 1 "
    "WHERE id = (SELECT person_id FROM timeline_posts WHERE id = $1)"};

struct Notice {
  std::string kind, title, link;
};
struct AuditRow {
  std::string action, outcome, person_id, object_id, details;
};

class ApiTimelineTest : public ::testing::TestWithParam<std::string> {
 protected:
  ApiTimelineTest()
      : test_db_(testing_env::BackendDatabase(GetParam())),
        server_(test_db_ ? test_db_->url() : "") {
    server_.CreateMunicipality("991015", "群青市");
    std::string office = server_.CreateOrganization("991015", "care_management", "群青ケアプラン");
    std::string clinic = server_.CreateOrganization("991015", "clinic", "群青クリニック");
    std::string station = server_.CreateOrganization("991015", "visiting_nursing", "群青訪問看護");
    manager_ = server_.CreateNamedUser("tl.manager", office, "member", "佐藤 ケア", "サトウ ケア",
                                       "care_manager");
    doctor_ = server_.CreateNamedUser("tl.doctor", clinic, "member", "髙橋 医師", "タカハシ イシ",
                                      "doctor");
    nurse_ = server_.CreateNamedUser("tl.nurse", station, "member", "鈴木 看護", "スズキ カンゴ",
                                     "nurse");
    outsider_ = server_.CreateNamedUser("tl.outsider", clinic, "member", "部外 者", "ブガイ シャ",
                                        "doctor");
    invitee_ = server_.CreateNamedUser("tl.invitee", clinic, "member", "招待 中", "ショウタイ",
                                       "pharmacist");
    person_ = server_.CreatePerson("991015", manager_.user_id);
    other_person_ = server_.CreatePerson("991015", outsider_.user_id, "別人 太郎", "ベツジン");
    server_.AddTeamMember(person_, doctor_.user_id, "primary_doctor");
    server_.AddTeamMember(person_, nurse_.user_id, "visiting_nurse");
    server_.AddTeamMember(person_, invitee_.user_id, "pharmacist", "invited");
    EXPECT_EQ(manager_client_.Login(manager_).status, 200);
    EXPECT_EQ(doctor_client_.Login(doctor_).status, 200);
    EXPECT_EQ(nurse_client_.Login(nurse_).status, 200);
  }

  std::string Timeline() const { return "/api/v1/persons/" + person_ + "/timeline"; }
  std::string PostUrl(const std::string& id) const { return Timeline() + "/" + id; }

  /// Posts as `client` and returns the reply (201 expected by callers that need the id).
  Reply PostAs(Client& client, json::object body) { return client.Post(Timeline(), body); }
  std::string NewPost(Client& client, const std::string& text,
                      const std::string& category = "contact", json::object extra = {}) {
    json::object body{{"category", category}, {"body", text}};
    for (auto& kv : extra) body[kv.key()] = kv.value();
    Reply r = PostAs(client, body);
    EXPECT_EQ(r.status, 201) << r.raw;
    return Str(r.body, "id");
  }

  /// An unclaimed upload row, as the attachment routes leave it.
  std::string Upload(const Account& by, const std::string& person) {
    std::string id = core::NewId();
    auto s = server_.app().db().Transact([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(
          c.Execute(kInsertAttachment, {id, person, by.user_id, server_.clock().NowMillis()}));
      return core::Ok();
    });
    EXPECT_TRUE(s.ok());
    return id;
  }

  std::vector<Notice> NotificationsOf(const Account& a) {
    auto rows = server_.app().db().Get<db::Rows>(
        [&](db::Connection& c) { return c.Query(kNotificationsFor, {a.user_id}); });
    std::vector<Notice> out;
    if (rows.ok()) {
      for (const auto& r : *rows) {
        out.push_back({r.Text(0), r.Text(1), r.Text(2)});
        // Every notification these tests cause is about the fixture's person.
        EXPECT_EQ(r.Text(3), person_) << "notification " << r.Text(0) << " names its person";
      }
    }
    return out;
  }
  std::multiset<std::string> KindsOf(const Account& a) {
    std::multiset<std::string> out;
    for (const auto& n : NotificationsOf(a)) out.insert(n.kind);
    return out;
  }

  std::vector<AuditRow> AuditOf(const Account& a, const std::string& action_prefix) {
    server_.app().audit().Flush();
    auto rows = server_.app().db().Get<db::Rows>([&](db::Connection& c) {
      return c.Query(kAuditFor, {a.user_id, action_prefix + "%"});
    });
    std::vector<AuditRow> out;
    if (rows.ok()) {
      for (const auto& r : *rows) {
        out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
      }
    }
    return out;
  }

  void Exec(const db::Statement& st, std::initializer_list<db::Param> params) {
    std::vector<db::Param> p(params);
    auto s = server_.app().db().Transact([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(c.Execute(st, db::Params(p.data(), p.size())));
      return core::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }

  static const json::array& Items(const Reply& r) { return r.body.at("items").as_array(); }
  static std::set<std::string> BodiesOf(const Reply& r) {
    std::set<std::string> out;
    for (const auto& p : Items(r)) out.insert(Str(p, "body"));
    return out;
  }

  std::unique_ptr<db::testing::TestDatabase> test_db_;
  TestServer server_;
  Account manager_, doctor_, nurse_, outsider_, invitee_;
  std::string person_, other_person_;
  Client manager_client_{server_}, doctor_client_{server_}, nurse_client_{server_};
};

TEST_P(ApiTimelineTest, NursePostsVitalsWithAPhotoDoctorReadsItAndReplies) {
  std::string photo = Upload(nurse_, person_);
  int64_t measured = server_.clock().NowMillis() - 5 * 60 * 1000;
  Reply posted = PostAs(nurse_client_, {{"category", "daily_life"},
                                        {"body", "訪問時、仙骨部に発赤あり。写真を添付します。"},
                                        {"attachment_ids", json::array{photo}},
                                        {"vitals",
                                         {{"measured_at", measured},
                                          {"systolic", 132},
                                          {"diastolic", 78},
                                          {"pulse", 76},
                                          {"temperature", 36.9},
                                          {"spo2", 96}}}});
  ASSERT_EQ(posted.status, 201) << posted.raw;
  std::string post = Str(posted.body, "id");
  EXPECT_EQ(Str(posted.body.at("author"), "name"), "鈴木 看護");
  EXPECT_EQ(Str(posted.body.at("author"), "organization_name"), "群青訪問看護");
  EXPECT_EQ(Str(posted.body.at("author"), "profession_code"), "nurse");
  EXPECT_EQ(posted.body.at("version").as_int64(), 1);
  EXPECT_TRUE(posted.body.at("deleted").is_null());
  EXPECT_TRUE(posted.body.at("ack").is_null());

  // The doctor sees it with the photo and the vitals, not yet read: 0 of 2 (the nurse wrote it).
  Reply page = doctor_client_.Get(Timeline());
  ASSERT_EQ(page.status, 200) << page.raw;
  EXPECT_EQ(page.body.at("team_size").as_int64(), 3);
  ASSERT_EQ(Items(page).size(), 1u);
  const json::value& seen = Items(page)[0];
  EXPECT_EQ(Str(seen, "id"), post);
  const auto& attachments = seen.at("attachments").as_array();
  ASSERT_EQ(attachments.size(), 1u);
  EXPECT_EQ(Str(attachments[0], "id"), photo);
  EXPECT_EQ(Str(attachments[0], "name"), "褥瘡の写真.jpg");
  EXPECT_EQ(attachments[0].at("size").as_int64(), 52344);
  EXPECT_EQ(attachments[0].at("width").as_int64(), 1280);
  EXPECT_EQ(seen.at("vitals").at("systolic").as_int64(), 132);
  EXPECT_DOUBLE_EQ(seen.at("vitals").at("temperature").as_double(), 36.9);
  EXPECT_EQ(seen.at("vitals").at("measured_at").as_int64(), measured);
  EXPECT_EQ(Str(seen.at("vitals").at("recorded_by"), "id"), nurse_.user_id);
  EXPECT_EQ(Str(seen.at("vitals"), "post_id"), post);
  EXPECT_EQ(seen.at("read").at("count").as_int64(), 0);
  EXPECT_EQ(seen.at("read").at("total").as_int64(), 2);
  EXPECT_FALSE(seen.at("read").at("by_me").as_bool());

  Reply marked = doctor_client_.Post(Timeline() + "/read", {{"post_ids", json::array{post}}});
  ASSERT_EQ(marked.status, 200) << marked.raw;
  EXPECT_EQ(marked.body.at("marked").as_int64(), 1);

  // The nurse sees 既読 1/2.
  Reply nurse_view = nurse_client_.Get(Timeline());
  const json::value& mine = Items(nurse_view)[0];
  EXPECT_EQ(mine.at("read").at("count").as_int64(), 1);
  EXPECT_EQ(mine.at("read").at("total").as_int64(), 2);
  EXPECT_TRUE(mine.at("read").at("by_me").as_bool());

  Reply reads = nurse_client_.Get(PostUrl(post) + "/reads");
  ASSERT_EQ(reads.status, 200) << reads.raw;
  ASSERT_EQ(reads.body.at("read").as_array().size(), 1u);
  EXPECT_EQ(Str(reads.body.at("read").as_array()[0].at("user"), "id"), doctor_.user_id);
  ASSERT_TRUE(reads.body.at("unread").is_array());
  ASSERT_EQ(reads.body.at("unread").as_array().size(), 1u);
  EXPECT_EQ(Str(reads.body.at("unread").as_array()[0], "id"), manager_.user_id);
  // Who has not read it is for the author only.
  Reply doctor_reads = doctor_client_.Get(PostUrl(post) + "/reads");
  EXPECT_EQ(doctor_reads.body.at("read").as_array().size(), 1u);
  EXPECT_TRUE(doctor_reads.body.at("unread").is_null());

  Reply replied =
      doctor_client_.Post(PostUrl(post) + "/replies", {{"body", "明日の往診で確認します。"}});
  ASSERT_EQ(replied.status, 201) << replied.raw;
  EXPECT_EQ(Str(replied.body, "parent_id"), post);
  EXPECT_EQ(Str(replied.body, "category"), "daily_life");

  Reply thread = nurse_client_.Get(PostUrl(post));
  ASSERT_EQ(thread.status, 200) << thread.raw;
  EXPECT_EQ(thread.body.at("reply_count").as_int64(), 1);
  ASSERT_EQ(thread.body.at("replies").as_array().size(), 1u);
  EXPECT_EQ(Str(thread.body.at("replies").as_array()[0], "body"), "明日の往診で確認します。");
  // Replies are not top-level posts.
  EXPECT_EQ(Items(nurse_client_.Get(Timeline())).size(), 1u);

  // Notifications: the doctor and the manager heard of the post, the nurse of the reply.
  EXPECT_EQ(KindsOf(doctor_), std::multiset<std::string>{"timeline.post"});
  EXPECT_EQ(KindsOf(manager_), std::multiset<std::string>{"timeline.post"});
  auto nurse_notices = NotificationsOf(nurse_);
  ASSERT_EQ(nurse_notices.size(), 1u);
  EXPECT_EQ(nurse_notices[0].kind, "timeline.reply");
  EXPECT_EQ(nurse_notices[0].title, "返信があります");
  EXPECT_EQ(nurse_notices[0].link, "/persons/" + person_ + "/timeline/" + post);
  EXPECT_EQ(NotificationsOf(doctor_)[0].title, "新しい投稿があります");
  EXPECT_TRUE(NotificationsOf(invitee_).empty()) << "not yet a member";
}

TEST_P(ApiTimelineTest, RepliesNotifyTheAuthorAndEarlierRepliersButNotTheReplier) {
  std::string post = NewPost(nurse_client_, "食事量が減っています", "meal");
  ASSERT_EQ(doctor_client_.Post(PostUrl(post) + "/replies", {{"body", "様子を見ましょう"}}).status,
            201);
  ASSERT_EQ(manager_client_.Post(PostUrl(post) + "/replies", {{"body", "家族に連絡します"}}).status,
            201);
  EXPECT_EQ(KindsOf(nurse_), (std::multiset<std::string>{"timeline.reply", "timeline.reply"}));
  EXPECT_EQ(KindsOf(doctor_), (std::multiset<std::string>{"timeline.post", "timeline.reply"}));
  EXPECT_EQ(KindsOf(manager_), std::multiset<std::string>{"timeline.post"});
}

TEST_P(ApiTimelineTest, MentionedMembersGetAMentionInsteadOfTheNewPostNotice) {
  std::string post = NewPost(nurse_client_, "先生、ご確認ください", "medical_visit",
                             {{"mentions", json::array{doctor_.user_id}}});
  auto doctor = NotificationsOf(doctor_);
  ASSERT_EQ(doctor.size(), 1u);
  EXPECT_EQ(doctor[0].kind, "timeline.mention");
  EXPECT_EQ(doctor[0].title, "あなた宛ての投稿があります");
  EXPECT_EQ(KindsOf(manager_), std::multiset<std::string>{"timeline.post"});
  EXPECT_TRUE(NotificationsOf(nurse_).empty()) << "the author is not told of their own post";
  Reply got = manager_client_.Get(PostUrl(post));
  ASSERT_EQ(got.body.at("mentions").as_array().size(), 1u);
  EXPECT_EQ(Str(got.body.at("mentions").as_array()[0], "name"), "髙橋 医師");
}

TEST_P(ApiTimelineTest, PostBodyErrorsNameEveryField) {
  std::string theirs = Upload(doctor_, person_);
  std::string elsewhere = Upload(nurse_, other_person_);
  int64_t now = server_.clock().NowMillis();
  json::array eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back(json::value(core::NewId()));
  struct Case {
    json::object body;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"body", "本文"}}, "category"},
      {{{"category", "gossip"}, {"body", "本文"}}, "category"},
      {{{"category", "sensor_alert"}, {"body", "本文"}}, "category"},  // the system's only
      {{{"category", "contact"}}, "body"},
      {{{"category", "contact"}, {"body", "   "}}, "body"},
      {{{"category", "contact"}, {"body", std::string(10001, 'a')}}, "body"},
      {{{"category", "contact"}, {"body", 12}}, "body"},
      {{{"category", "contact"}, {"body", "本文"}, {"important", "yes"}}, "important"},
      {{{"category", "contact"}, {"body", "本文"}, {"ack_requested", true}}, "ack_requested"},
      {{{"category", "contact"}, {"body", "本文"}, {"share_family", 1}}, "share_family"},
      {{{"category", "contact"}, {"body", "本文"}, {"mentions", "x"}}, "mentions"},
      {{{"category", "contact"},
        {"body", "本文"},
        {"mentions", json::array{doctor_.user_id, "not-an-id"}}},
       "mentions[1]"},
      {{{"category", "contact"},
        {"body", "本文"},
        {"mentions", json::array{doctor_.user_id, outsider_.user_id}}},
       "mentions[1]"},  // not in the team
      {{{"category", "contact"}, {"body", "本文"}, {"mentions", json::array{invitee_.user_id}}},
       "mentions[0]"},  // invited, not yet active
      {{{"category", "contact"},
        {"body", "本文"},
        {"mentions", json::array{doctor_.user_id, doctor_.user_id}}},
       "mentions[1]"},
      {{{"category", "contact"}, {"body", "本文"}, {"attachment_ids", eleven}}, "attachment_ids"},
      {{{"category", "contact"}, {"body", "本文"}, {"attachment_ids", json::array{theirs}}},
       "attachment_ids[0]"},  // someone else's upload
      {{{"category", "contact"},
        {"body", "本文"},
        {"attachment_ids", json::array{Upload(nurse_, person_), elsewhere}}},
       "attachment_ids[1]"},  // uploaded to another person
      {{{"category", "contact"}, {"body", "本文"}, {"attachment_ids", json::array{core::NewId()}}},
       "attachment_ids[0]"},
      {{{"category", "contact"}, {"body", "本文"}, {"vitals", "120/80"}}, "vitals"},
      {{{"category", "contact"}, {"body", "本文"}, {"vitals", {{"systolic", 120}}}},
       "vitals.measured_at"},
      {{{"category", "contact"}, {"body", "本文"}, {"vitals", {{"measured_at", now}}}},
       "vitals.systolic"},  // no value at all
      {{{"category", "contact"},
        {"body", "本文"},
        {"vitals", {{"measured_at", now}, {"systolic", 400}}}},
       "vitals.systolic"},
      {{{"category", "contact"},
        {"body", "本文"},
        {"vitals", {{"measured_at", now}, {"systolic", 110}, {"diastolic", 120}}}},
       "vitals.diastolic"},
      {{{"category", "contact"},
        {"body", "本文"},
        {"vitals", {{"measured_at", now}, {"temperature", 45.2}}}},
       "vitals.temperature"},
      {{{"category", "contact"},
        {"body", "本文"},
        {"vitals", {{"measured_at", now + 11 * 60 * 1000}, {"pulse", 70}}}},
       "vitals.measured_at"},
      {{{"category", "contact"}, {"body", "本文"}, {"vitals", {{"measured_at", now}, {"bp", 1}}}},
       "vitals.bp"},
      {{{"category", "contact"}, {"body", "本文"}, {"colour", "red"}}, "colour"},
  };
  for (const auto& c : cases) {
    Reply r = PostAs(nurse_client_, c.body);
    EXPECT_EQ(r.status, 400) << json::serialize(c.body) << " " << r.raw;
    EXPECT_TRUE(r.NamesField(c.field)) << c.field << ": " << r.raw;
  }
  // Nothing was stored by any of them, and the valid upload was not used up.
  EXPECT_TRUE(Items(nurse_client_.Get(Timeline())).empty());
  std::string unused = Upload(nurse_, person_);
  Reply ok =
      PostAs(nurse_client_,
             {{"category", "contact"}, {"body", "本文"}, {"attachment_ids", json::array{unused}}});
  EXPECT_EQ(ok.status, 201) << ok.raw;
  Reply again =
      PostAs(nurse_client_,
             {{"category", "contact"}, {"body", "本文"}, {"attachment_ids", json::array{unused}}});
  EXPECT_TRUE(again.NamesField("attachment_ids[0]")) << "an upload is used once";
}

TEST_P(ApiTimelineTest, ReplyEditDeleteAndReadBodiesNameTheirFields) {
  std::string post = NewPost(nurse_client_, "元の本文");
  struct Case {
    std::string method, url;
    json::object body;
    std::string field;
  };
  std::vector<Case> cases = {
      {"POST", PostUrl(post) + "/replies", {}, "body"},
      {"POST", PostUrl(post) + "/replies", {{"body", std::string(10001, 'x')}}, "body"},
      {"POST", PostUrl(post) + "/replies", {{"body", "返信"}, {"category", "meal"}}, "category"},
      {"POST", PostUrl(post) + "/replies", {{"body", "返信"}, {"important", true}}, "important"},
      {"POST",
       PostUrl(post) + "/replies",
       {{"body", "返信"}, {"vitals", json::object{}}},
       "vitals"},
      {"POST",
       PostUrl(post) + "/replies",
       {{"body", "返信"}, {"mentions", json::array{outsider_.user_id}}},
       "mentions[0]"},
      {"POST",
       PostUrl(post) + "/replies",
       {{"body", "返信"}, {"attachment_ids", json::array{42}}},
       "attachment_ids[0]"},
      {"PUT", PostUrl(post), {{"body", "新しい本文"}}, "base_version"},
      {"PUT", PostUrl(post), {{"body", "新しい本文"}, {"base_version", "1"}}, "base_version"},
      {"PUT", PostUrl(post), {{"body", "新しい本文"}, {"base_version", 0}}, "base_version"},
      {"PUT", PostUrl(post), {{"base_version", 1}}, "body"},
      {"PUT", PostUrl(post), {{"body", std::string(10001, 'x')}, {"base_version", 1}}, "body"},
      {"PUT",
       PostUrl(post),
       {{"body", "本文"}, {"category", "x"}, {"base_version", 1}},
       "category"},
      {"PUT",
       PostUrl(post),
       {{"body", "本文"}, {"important", 1}, {"base_version", 1}},
       "important"},
      {"PUT",
       PostUrl(post),
       {{"body", "本文"}, {"base_version", 1}, {"ack_requested", true}},
       "ack_requested"},
      {"POST", PostUrl(post) + "/delete", {}, "reason"},
      {"POST", PostUrl(post) + "/delete", {{"reason", std::string(501, 'x')}}, "reason"},
      {"POST", PostUrl(post) + "/delete", {{"reason", "誤り"}, {"hard", true}}, "hard"},
      {"POST", Timeline() + "/read", {}, "post_ids"},
      {"POST", Timeline() + "/read", {{"post_ids", post}}, "post_ids"},
      {"POST", Timeline() + "/read", {{"post_ids", json::array{post, "x"}}}, "post_ids[1]"},
      {"POST", PostUrl(post) + "/ack", {{"note", "ok"}}, "note"},
  };
  json::array too_many;
  for (int i = 0; i < 201; ++i) too_many.push_back(json::value(core::NewId()));
  cases.push_back({"POST", Timeline() + "/read", {{"post_ids", too_many}}, "post_ids"});
  for (const auto& c : cases) {
    Reply r = nurse_client_.Send(c.method, c.url, json::serialize(c.body), "application/json");
    EXPECT_EQ(r.status, 400) << c.method << " " << c.url << " " << json::serialize(c.body) << " "
                             << r.raw;
    EXPECT_TRUE(r.NamesField(c.field)) << c.field << ": " << r.raw;
  }
  Reply unchanged = nurse_client_.Get(PostUrl(post));
  EXPECT_EQ(Str(unchanged.body, "body"), "元の本文");
  EXPECT_EQ(unchanged.body.at("reply_count").as_int64(), 0);
  EXPECT_TRUE(unchanged.body.at("deleted").is_null());
}

TEST_P(ApiTimelineTest, RepliesGoUnderTopLevelLivePostsOfTheSamePersonOnly) {
  std::string post = NewPost(nurse_client_, "親の投稿");
  Reply reply = doctor_client_.Post(PostUrl(post) + "/replies", {{"body", "返信"}});
  ASSERT_EQ(reply.status, 201);
  EXPECT_EQ(
      doctor_client_.Post(PostUrl(Str(reply.body, "id")) + "/replies", {{"body", "孫"}}).status,
      404);
  EXPECT_EQ(doctor_client_.Post(PostUrl(core::NewId()) + "/replies", {{"body", "x"}}).status, 404);
  EXPECT_EQ(doctor_client_.Post(PostUrl("not-an-id") + "/replies", {{"body", "x"}}).status, 404);
  // A post of another person, addressed through this person's URL.
  Client outsider{server_};
  ASSERT_EQ(outsider.Login(outsider_).status, 200);
  Reply foreign = outsider.Post("/api/v1/persons/" + other_person_ + "/timeline",
                                {{"category", "contact"}, {"body", "別の方"}});
  ASSERT_EQ(foreign.status, 201) << foreign.raw;
  EXPECT_EQ(
      doctor_client_.Post(PostUrl(Str(foreign.body, "id")) + "/replies", {{"body", "x"}}).status,
      404);
  EXPECT_EQ(doctor_client_.Get(PostUrl(Str(foreign.body, "id"))).status, 404);
  ASSERT_EQ(nurse_client_.Post(PostUrl(post) + "/delete", {{"reason", "重複"}}).status, 200);
  Reply late = doctor_client_.Post(PostUrl(post) + "/replies", {{"body", "遅い返信"}});
  EXPECT_EQ(late.status, 409) << late.raw;
}

TEST_P(ApiTimelineTest, EditsKeepEveryVersionAndRefuseAStaleBaseOrAnotherAuthor) {
  std::string post = NewPost(nurse_client_, "血圧128/76", "contact");
  Reply edited = nurse_client_.Put(PostUrl(post), {{"body", "血圧132/78（再測定）"},
                                                   {"category", "medical_visit"},
                                                   {"important", true},
                                                   {"base_version", 1}});
  ASSERT_EQ(edited.status, 200) << edited.raw;
  EXPECT_EQ(edited.body.at("version").as_int64(), 2);
  EXPECT_EQ(Str(edited.body, "category"), "medical_visit");
  EXPECT_TRUE(edited.body.at("important").as_bool());
  EXPECT_TRUE(edited.body.at("edited_at").is_int64());

  Reply stale = nurse_client_.Put(PostUrl(post), {{"body", "古い版から"}, {"base_version", 1}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_TRUE(stale.NamesField("base_version")) << stale.raw;
  Reply not_author =
      doctor_client_.Put(PostUrl(post), {{"body", "医師が書き換え"}, {"base_version", 2}});
  EXPECT_EQ(not_author.status, 403);
  Reply missing = nurse_client_.Put(PostUrl(core::NewId()), {{"body", "x"}, {"base_version", 1}});
  EXPECT_EQ(missing.status, 404);

  // Omitted category and important stay as they are.
  Reply third = nurse_client_.Put(PostUrl(post), {{"body", "血圧132/78"}, {"base_version", 2}});
  ASSERT_EQ(third.status, 200) << third.raw;
  EXPECT_EQ(Str(third.body, "category"), "medical_visit");
  EXPECT_TRUE(third.body.at("important").as_bool());

  Reply versions = doctor_client_.Get(PostUrl(post) + "/versions");
  ASSERT_EQ(versions.status, 200) << versions.raw;
  const auto& items = Items(versions);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].at("version").as_int64(), 3);
  EXPECT_EQ(Str(items[0], "body"), "血圧132/78");
  EXPECT_EQ(items[2].at("version").as_int64(), 1);
  EXPECT_EQ(Str(items[2], "body"), "血圧128/76");
  EXPECT_EQ(Str(items[2], "category"), "contact");
  EXPECT_FALSE(items[2].at("important").as_bool());
  EXPECT_EQ(Str(items[2].at("edited_by"), "id"), nurse_.user_id);

  // The search follows the current text.
  EXPECT_TRUE(BodiesOf(doctor_client_.Get(Timeline() + "?q=" + Encode("再測定"))).empty());
  EXPECT_EQ(BodiesOf(doctor_client_.Get(Timeline() + "?q=132")),
            std::set<std::string>{"血圧132/78"});

  // An important post that asks for acknowledgement cannot drop "important".
  std::string asked =
      NewPost(nurse_client_, "確認依頼", "contact", {{"important", true}, {"ack_requested", true}});
  Reply drop = nurse_client_.Put(PostUrl(asked),
                                 {{"body", "確認依頼"}, {"important", false}, {"base_version", 1}});
  EXPECT_EQ(drop.status, 400);
  EXPECT_TRUE(drop.NamesField("important")) << drop.raw;
}

TEST_P(ApiTimelineTest, DeletedPostsShowWhoAndWhyWithoutTheirWords) {
  std::string photo = Upload(nurse_, person_);
  std::string post =
      NewPost(nurse_client_, "別の利用者の記録を誤って投稿", "contact",
              {{"attachment_ids", json::array{photo}},
               {"vitals", {{"measured_at", server_.clock().NowMillis()}, {"pulse", 80}}}});
  // Neither the doctor (not the author, not a manager) …
  EXPECT_EQ(doctor_client_.Post(PostUrl(post) + "/delete", {{"reason", "誤り"}}).status, 403);
  // … but the care manager may delete it.
  Reply deleted =
      manager_client_.Post(PostUrl(post) + "/delete", {{"reason", "別の利用者の記録のため"}});
  ASSERT_EQ(deleted.status, 200) << deleted.raw;
  EXPECT_EQ(Str(deleted.body, "body"), "");
  ASSERT_TRUE(deleted.body.at("deleted").is_object());
  EXPECT_EQ(Str(deleted.body.at("deleted").at("by"), "id"), manager_.user_id);
  EXPECT_EQ(Str(deleted.body.at("deleted").at("by"), "name"), "佐藤 ケア");
  EXPECT_EQ(Str(deleted.body.at("deleted"), "reason"), "別の利用者の記録のため");
  EXPECT_TRUE(deleted.body.at("attachments").as_array().empty());
  EXPECT_TRUE(deleted.body.at("vitals").is_null());

  Reply listed = doctor_client_.Get(Timeline());
  ASSERT_EQ(Items(listed).size(), 1u);
  EXPECT_EQ(Str(Items(listed)[0], "body"), "");
  EXPECT_FALSE(Items(listed)[0].at("deleted").is_null());
  EXPECT_TRUE(BodiesOf(doctor_client_.Get(Timeline() + "?q=" + Encode("誤って"))).empty());
  EXPECT_EQ(manager_client_.Post(PostUrl(post) + "/delete", {{"reason", "再度"}}).status, 409);
  EXPECT_EQ(nurse_client_.Put(PostUrl(post), {{"body", "直し"}, {"base_version", 1}}).status, 409);

  // The history is kept, for the author and managers only.
  EXPECT_EQ(doctor_client_.Get(PostUrl(post) + "/versions").status, 403);
  Reply for_author = nurse_client_.Get(PostUrl(post) + "/versions");
  ASSERT_EQ(for_author.status, 200);
  EXPECT_EQ(Str(Items(for_author)[0], "body"), "別の利用者の記録を誤って投稿");
  EXPECT_EQ(manager_client_.Get(PostUrl(post) + "/versions").status, 200);
  // The vitals of a withdrawn post leave the chart too.
  Reply vitals = doctor_client_.Get("/api/v1/persons/" + person_ + "/vitals");
  EXPECT_TRUE(Items(vitals).empty()) << vitals.raw;
}

TEST_P(ApiTimelineTest, AcknowledgementRequestsAreCountedAndAnnounced) {
  Reply bad =
      PostAs(nurse_client_,
             {{"category", "contact"}, {"body", "確認してください"}, {"ack_requested", true}});
  EXPECT_TRUE(bad.NamesField("ack_requested")) << bad.raw;
  std::string plain = NewPost(nurse_client_, "通常の投稿");
  std::string post = NewPost(nurse_client_, "来週から服薬変更です。確認をお願いします。",
                             "medication", {{"important", true}, {"ack_requested", true}});
  EXPECT_EQ(KindsOf(doctor_),
            (std::multiset<std::string>{"timeline.post", "timeline.ack_request"}));
  EXPECT_EQ(NotificationsOf(doctor_)[1].title, "確認依頼があります");

  Reply acked = doctor_client_.Post(PostUrl(post) + "/ack", json::object{});
  ASSERT_EQ(acked.status, 200) << acked.raw;
  EXPECT_EQ(acked.body.at("ack").at("count").as_int64(), 1);
  EXPECT_EQ(acked.body.at("ack").at("total").as_int64(), 2);
  EXPECT_TRUE(acked.body.at("ack").at("by_me").as_bool());
  Reply again = doctor_client_.Send("POST", PostUrl(post) + "/ack", "", "");
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body.at("ack").at("count").as_int64(), 1) << "idempotent";

  EXPECT_EQ(doctor_client_.Post(PostUrl(plain) + "/ack", json::object{}).status, 409);
  EXPECT_EQ(nurse_client_.Post(PostUrl(post) + "/ack", json::object{}).status, 409)
      << "the author does not acknowledge their own request";

  Reply as_manager = manager_client_.Get(PostUrl(post));
  EXPECT_EQ(as_manager.body.at("ack").at("count").as_int64(), 1);
  EXPECT_FALSE(as_manager.body.at("ack").at("by_me").as_bool());
  // Acknowledging counts as reading.
  EXPECT_EQ(as_manager.body.at("read").at("count").as_int64(), 1);
  Reply listed = manager_client_.Get(Timeline());
  for (const auto& p : Items(listed)) {
    EXPECT_EQ(p.at("ack").is_null(), Str(p, "id") == plain) << "ack only where requested";
  }
}

TEST_P(ApiTimelineTest, EveryTimelineUrlRefusesOutsidersInviteesAndWithdrawnConsent) {
  std::string post = NewPost(nurse_client_, "チーム内の投稿");
  int64_t now = server_.clock().NowMillis();
  struct Call {
    std::string method, url;
    json::object body;
  };
  const std::vector<Call> calls = {
      {"GET", Timeline(), {}},
      {"GET", Timeline() + "?q=" + Encode("投稿"), {}},
      {"POST", Timeline(), {{"category", "contact"}, {"body", "侵入"}}},
      {"POST", Timeline() + "/read", {{"post_ids", json::array{post}}}},
      {"GET", PostUrl(post), {}},
      {"GET", PostUrl(core::NewId()), {}},  // unknown posts too: ids cannot be probed
      {"PUT", PostUrl(post), {{"body", "改ざん"}, {"base_version", 1}}},
      {"POST", PostUrl(post) + "/replies", {{"body", "返信"}}},
      {"GET", PostUrl(post) + "/versions", {}},
      {"POST", PostUrl(post) + "/delete", {{"reason", "削除"}}},
      {"GET", PostUrl(post) + "/reads", {}},
      {"POST", PostUrl(post) + "/ack", {}},
      {"GET", "/api/v1/persons/" + person_ + "/vitals", {}},
      {"POST", "/api/v1/persons/" + person_ + "/vitals", {{"measured_at", now}, {"pulse", 70}}},
  };
  Client outsider{server_}, invitee{server_};
  ASSERT_EQ(outsider.Login(outsider_).status, 200);
  ASSERT_EQ(invitee.Login(invitee_).status, 200);
  auto expect_refused = [&](Client& client, const std::string& who) {
    for (const auto& c : calls) {
      Reply r = client.Send(c.method, c.url, c.method == "GET" ? "" : json::serialize(c.body),
                            c.method == "GET" ? "" : "application/json");
      EXPECT_EQ(r.status, 403) << who << " " << c.method << " " << c.url << " " << r.raw;
    }
  };
  expect_refused(outsider, "outsider");
  expect_refused(invitee, "invitee");

  // Each refusal is in the audit log once, with the person id (the care-team gate refuses
  // before the handler runs, so the action is the gate's).
  int denied = 0;
  for (const auto& a : AuditOf(outsider_, "")) {
    if (a.outcome != "denied") continue;
    EXPECT_EQ(a.person_id, person_) << a.action;
    ++denied;
  }
  EXPECT_EQ(denied, static_cast<int>(calls.size()));

  // Withdrawing the team consent ends the members' access at the next request.
  Exec(kWithdrawConsents, {person_, now});
  expect_refused(doctor_client_, "member after withdrawal");
  Reply still = doctor_client_.Get(PostUrl(post));
  EXPECT_EQ(still.status, 403);
}

TEST_P(ApiTimelineTest, KeysetPagesWalkAll120PostsWithoutRepeatsOrGaps) {
  std::set<std::string> created;
  for (int i = 0; i < 120; ++i) {
    // Every third post shares its millisecond with the previous one: the id breaks the tie.
    if (i % 3 != 0) server_.clock().Advance(1ms);
    created.insert(NewPost(i % 2 ? nurse_client_ : doctor_client_, "記録 " + std::to_string(i)));
  }
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  int64_t previous = INT64_MAX;
  do {
    Reply page =
        manager_client_.Get(Timeline() + "?limit=50" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.raw;
    ++pages;
    for (const auto& p : Items(page)) {
      EXPECT_TRUE(seen.insert(Str(p, "id")).second) << "repeated " << Str(p, "id");
      EXPECT_LE(p.at("created_at").as_int64(), previous);
      previous = p.at("created_at").as_int64();
    }
    cursor = page.body.at("next_cursor").is_null() ? "" : Str(page.body, "next_cursor");
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, created);
  Reply small = manager_client_.Get(Timeline() + "?limit=7");
  EXPECT_EQ(Items(small).size(), 7u);
  EXPECT_EQ(Items(manager_client_.Get(Timeline())).size(), 50u) << "default limit";
  EXPECT_EQ(Items(manager_client_.Get(Timeline() + "?limit=100")).size(), 100u);
  // The timeline list is audited once per page, with the person id.
  auto listed = AuditOf(manager_, "timeline.list");
  EXPECT_EQ(listed.size(), 6u);
  for (const auto& a : listed) EXPECT_EQ(a.person_id, person_);
}

TEST_P(ApiTimelineTest, FiltersAndJapaneseSearchAcrossKanaAndWidth) {
  std::string meal = NewPost(nurse_client_, "朝食はカタカナでオカユを全量摂取", "meal");
  std::string visit = NewPost(doctor_client_, "ＡＢＣ検査の結果は良好。ﾀﾞｲｼﾞｮｳﾌﾞです",
                              "medical_visit", {{"important", true}});
  std::string note = NewPost(manager_client_, "100%_達成 サービス担当者会議", "meeting");

  auto bodies = [&](const std::string& query) {
    Reply r = nurse_client_.Get(Timeline() + "?" + query);
    EXPECT_EQ(r.status, 200) << query << " " << r.raw;
    std::set<std::string> ids;
    if (r.status == 200) {
      for (const auto& p : Items(r)) ids.insert(Str(p, "id"));
    }
    return ids;
  };
  using Ids = std::set<std::string>;
  EXPECT_EQ(bodies("category=meal"), Ids{meal});
  EXPECT_EQ(bodies("author=" + doctor_.user_id), Ids{visit});
  EXPECT_EQ(bodies("important=1"), Ids{visit});
  // Unread for the nurse: the others' posts until she reads them, never her own.
  EXPECT_EQ(bodies("unread=1"), (Ids{visit, note}));
  ASSERT_EQ(nurse_client_.Post(Timeline() + "/read", {{"post_ids", json::array{visit}}}).status,
            200);
  EXPECT_EQ(bodies("unread=1"), Ids{note});

  // ひらがな finds カタカナ, half-width kana and full-width letters fold too.
  EXPECT_EQ(bodies("q=" + Encode("おかゆ")), Ids{meal});
  EXPECT_EQ(bodies("q=" + Encode("だいじょうぶ")), Ids{visit});
  EXPECT_EQ(bodies("q=" + Encode("ダイジョウブ")), Ids{visit});
  EXPECT_EQ(bodies("q=abc"), Ids{visit});
  EXPECT_EQ(bodies("q=" + Encode("ａｂｃ")), Ids{visit});
  // Every term must occur; an ideographic space separates terms too.
  EXPECT_EQ(bodies("q=" + Encode("朝食 全量")), Ids{meal});
  EXPECT_EQ(bodies("q=" + Encode("朝食　結果")), Ids{});
  // Wildcards are literal.
  EXPECT_EQ(bodies("q=" + Encode("100%_")), Ids{note});
  EXPECT_EQ(bodies("q=" + Encode("%")), Ids{note});
  EXPECT_EQ(bodies("q=" + Encode("_")), Ids{note});
  EXPECT_EQ(bodies("q=" + Encode("おかゆ") + "&category=meeting"), Ids{});

  // Dates are JST days, both ends inclusive. Move the meal post to 23:59:59.999 JST the day
  // before and the visit to 00:00 JST of today.
  core::Date today = core::DateFromEpochMillisJst(server_.clock().NowMillis());
  int64_t midnight = care::StartOfJstDayMillis(today.year, today.month, today.day);
  Exec(kBackdatePost, {meal, midnight - 1});
  Exec(kBackdatePost, {visit, midnight});
  Exec(kBumpTimeline, {visit});
  std::string day = core::FormatIsoDate(today);
  core::Date yesterday = core::DateFromEpochMillisJst(midnight - 1);
  std::string previous_day = core::FormatIsoDate(yesterday);
  EXPECT_EQ(bodies("from=" + day), (Ids{visit, note}));
  EXPECT_EQ(bodies("to=" + previous_day), Ids{meal});
  EXPECT_EQ(bodies("from=" + previous_day + "&to=" + previous_day), Ids{meal});
  EXPECT_EQ(bodies("from=" + previous_day + "&to=" + day), (Ids{meal, visit, note}));

  // The audit entry names the filters but never the words searched for.
  server_.clock().Advance(1s);
  (void)nurse_client_.Get(Timeline() + "?q=" + Encode("おかゆ 全量") + "&category=meal");
  auto listed = AuditOf(nurse_, "timeline.list");
  ASSERT_FALSE(listed.empty());
  const AuditRow& last = listed.back();
  EXPECT_EQ(last.person_id, person_);
  EXPECT_NE(last.details.find("\"category\":\"meal\""), std::string::npos) << last.details;
  EXPECT_NE(last.details.find("\"q_terms\":2"), std::string::npos) << last.details;
  EXPECT_EQ(last.details.find("おかゆ"), std::string::npos) << last.details;
  EXPECT_EQ(last.details.find("\\u"), std::string::npos) << last.details;
}

TEST_P(ApiTimelineTest, BadQueryParametersAreNamed) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"category=gossip", "category"},
      {"author=someone", "author"},
      {"from=2026-02-30", "from"},
      {"from=" + Encode("令和8年1月1日"), "from"},
      {"to=yesterday", "to"},
      {"from=2026-05-02&to=2026-05-01", "to"},
      {"important=yes", "important"},
      {"unread=2", "unread"},
      {"q=" + Encode("一 二 三 四 五 六"), "q"},
      {"q=" + std::string(51, 'a'), "q"},
      {"cursor=zz", "cursor"},
      {"limit=0", "limit"},
      {"limit=101", "limit"},
      {"limit=ten", "limit"},
  };
  for (const auto& [query, field] : cases) {
    Reply r = doctor_client_.Get(Timeline() + "?" + query);
    EXPECT_EQ(r.status, 400) << query << " " << r.raw;
    EXPECT_TRUE(r.NamesField(field)) << query << ": " << r.raw;
  }
  EXPECT_EQ(doctor_client_.Get(Timeline() + "?q=" + Encode("一 二 三 四 五")).status, 200);
  EXPECT_EQ(doctor_client_.Get(Timeline() + "?q=" + std::string(50, 'a')).status, 200);
}

TEST_P(ApiTimelineTest, WritesAndReadsAreAuditedWithThePersonId) {
  std::string post = NewPost(nurse_client_, "監査対象");
  ASSERT_EQ(nurse_client_.Put(PostUrl(post), {{"body", "監査対象2"}, {"base_version", 1}}).status,
            200);
  ASSERT_EQ(nurse_client_.Get(PostUrl(post)).status, 200);
  ASSERT_EQ(nurse_client_.Get(PostUrl(post) + "/versions").status, 200);
  ASSERT_EQ(nurse_client_.Get(PostUrl(post) + "/reads").status, 200);
  ASSERT_EQ(nurse_client_.Post(PostUrl(post) + "/replies", {{"body", "補足"}}).status, 201);
  ASSERT_EQ(nurse_client_.Post(Timeline() + "/read", {{"post_ids", json::array{post}}}).status,
            200);
  ASSERT_EQ(nurse_client_.Post(PostUrl(post) + "/delete", {{"reason", "不要"}}).status, 200);
  std::set<std::string> actions;
  for (const auto& a : AuditOf(nurse_, "timeline.")) {
    EXPECT_EQ(a.person_id, person_) << a.action;
    EXPECT_EQ(a.outcome, "ok") << a.action;
    actions.insert(a.action);
  }
  EXPECT_EQ(actions, (std::set<std::string>{"timeline.post", "timeline.edit", "timeline.read",
                                            "timeline.versions", "timeline.reads", "timeline.reply",
                                            "timeline.mark_read", "timeline.delete"}));
  // A refused edit by someone else is recorded as denied, with the person id.
  EXPECT_EQ(doctor_client_.Put(PostUrl(post), {{"body", "x"}, {"base_version", 2}}).status, 403);
  auto refused = AuditOf(doctor_, "timeline.edit");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].outcome, "denied");
  EXPECT_EQ(refused[0].person_id, person_);
  EXPECT_EQ(refused[0].object_id, post);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTimelineTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace

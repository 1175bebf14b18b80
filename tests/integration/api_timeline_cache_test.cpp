// The first timeline page is served from memory once read (src/care/timeline_cache.h). These
// tests read it, change one thing through the API, and read it again, for every kind of change a
// page shows: a new post, a read, an acknowledgement, an edit, a deletion, a reply count, a
// member joining or leaving (the 既読 denominator) and a renamed author. On SQLite and
// PostgreSQL.
#include <gtest/gtest.h>

#include "db/testing.h"
#include "test_env.h"

namespace {

using testing_env::Client;
using testing_env::Reply;
using testing_env::Str;
using testing_env::TestServer;
namespace json = boost::json;

class ApiTimelineCacheTest : public ::testing::TestWithParam<std::string> {
 protected:
  ApiTimelineCacheTest()
      : test_db_(testing_env::BackendDatabase(GetParam())),
        server_(test_db_ ? test_db_->url() : "") {
    server_.CreateMunicipality("991015", "群青市");
    std::string office = server_.CreateOrganization("991015", "care_management", "群青ケアプラン");
    std::string station = server_.CreateOrganization("991015", "visiting_nursing", "群青訪問看護");
    manager_ = server_.CreateNamedUser("tc.manager", office, "member", "佐藤 ケア", "サトウ ケア",
                                       "care_manager");
    nurse_ = server_.CreateNamedUser("tc.nurse", station, "member", "鈴木 看護", "スズキ カンゴ",
                                     "nurse");
    helper_ = server_.CreateNamedUser("tc.helper", station, "member", "林 介護", "ハヤシ カイゴ",
                                      "home_helper");
    person_ = server_.CreatePerson("991015", manager_.user_id);
    server_.AddTeamMember(person_, nurse_.user_id, "visiting_nurse");
    EXPECT_EQ(manager_client_.Login(manager_).status, 200);
    EXPECT_EQ(nurse_client_.Login(nurse_).status, 200);
  }

  std::string Timeline() const { return "/api/v1/persons/" + person_ + "/timeline"; }

  /// The first page as `client` sees it, read twice (the second from the cache) and checked to
  /// be the same bytes.
  json::object Page(Client& client) {
    Reply first = client.Get(Timeline());
    EXPECT_EQ(first.status, 200) << first.raw;
    Reply again = client.Get(Timeline());
    EXPECT_EQ(again.raw, first.raw) << "a second read of an unchanged page differs";
    return first.body.as_object();
  }
  static const json::object& Item(const json::object& page, size_t i) {
    return page.at("items").as_array().at(i).as_object();
  }
  static int64_t Read(const json::object& post, const char* field) {
    return post.at("read").as_object().at(field).to_number<int64_t>();
  }

  std::unique_ptr<db::testing::TestDatabase> test_db_;
  TestServer server_;
  testing_env::Account manager_, nurse_, helper_;
  std::string person_;
  Client manager_client_{server_}, nurse_client_{server_};
};

TEST_P(ApiTimelineCacheTest, ACachedPageShowsEveryChangeAtOnce) {
  EXPECT_TRUE(Page(manager_client_).at("items").as_array().empty());

  Reply posted = nurse_client_.Post(Timeline(), json::object{{"category", "medical_visit"},
                                                             {"body", "訪問しました"},
                                                             {"important", true},
                                                             {"ack_requested", true}});
  ASSERT_EQ(posted.status, 201) << posted.raw;
  std::string post = Str(posted.body, "id");
  json::object page = Page(manager_client_);
  ASSERT_EQ(page.at("items").as_array().size(), 1u) << "the new post";
  EXPECT_EQ(Read(Item(page, 0), "count"), 0);
  EXPECT_EQ(Read(Item(page, 0), "total"), 1) << "members other than the author";
  EXPECT_FALSE(Item(page, 0).at("read").at("by_me").as_bool());
  EXPECT_TRUE(Item(Page(nurse_client_), 0).at("read").at("by_me").as_bool())
      << "the author's own post, from the same cached page";

  Reply acked = manager_client_.Post(Timeline() + "/" + post + "/ack", json::object{});
  ASSERT_EQ(acked.status, 200) << acked.raw;
  page = Page(manager_client_);
  EXPECT_EQ(Read(Item(page, 0), "count"), 1) << "the acknowledgement implies the read";
  EXPECT_TRUE(Item(page, 0).at("read").at("by_me").as_bool());
  EXPECT_TRUE(Item(page, 0).at("ack").at("by_me").as_bool());
  EXPECT_FALSE(Item(Page(nurse_client_), 0).at("ack").at("by_me").as_bool());

  Reply edited =
      nurse_client_.Put(Timeline() + "/" + post, json::object{{"category", "medical_visit"},
                                                              {"body", "訪問しました（追記）"},
                                                              {"important", true},
                                                              {"base_version", 1}});
  ASSERT_EQ(edited.status, 200) << edited.raw;
  EXPECT_EQ(Str(Item(Page(manager_client_), 0), "body"), "訪問しました（追記）");

  Reply replied =
      manager_client_.Post(Timeline() + "/" + post + "/replies", json::object{{"body", "了解"}});
  ASSERT_EQ(replied.status, 201) << replied.raw;
  EXPECT_EQ(Item(Page(manager_client_), 0).at("reply_count").to_number<int64_t>(), 1);

  // A member joins through the invitation: the denominator grows.
  Reply invited = manager_client_.Post(
      "/api/v1/persons/" + person_ + "/team/invitations",
      json::object{{"user_id", helper_.user_id}, {"team_role", "home_helper"}});
  ASSERT_EQ(invited.status, 201) << invited.raw;
  EXPECT_EQ(Read(Item(Page(manager_client_), 0), "total"), 1) << "an invitee is not a member";
  Client helper_client(server_);
  ASSERT_EQ(helper_client.Login(helper_).status, 200);
  ASSERT_EQ(
      helper_client.Post("/api/v1/persons/" + person_ + "/team/accept", json::object{}).status,
      200);
  EXPECT_EQ(Read(Item(Page(manager_client_), 0), "total"), 2);
  Reply read = helper_client.Post(Timeline() + "/read", json::object{{"post_ids", {post}}});
  ASSERT_EQ(read.status, 200) << read.raw;
  EXPECT_EQ(Read(Item(Page(manager_client_), 0), "count"), 2);
  ASSERT_EQ(helper_client.Post("/api/v1/persons/" + person_ + "/team/leave", json::object{}).status,
            200);
  page = Page(manager_client_);
  EXPECT_EQ(Read(Item(page, 0), "total"), 1) << "a member who left no longer counts";
  EXPECT_EQ(Read(Item(page, 0), "count"), 1);

  // The author renames herself: every page showing her name changes.
  Reply renamed =
      nurse_client_.Put("/api/v1/users/me", json::object{{"display_name", "鈴木 看護師"},
                                                         {"kana", "スズキ カンゴシ"},
                                                         {"profession_code", "nurse"}});
  ASSERT_EQ(renamed.status, 200) << renamed.raw;
  EXPECT_EQ(Str(Item(Page(manager_client_), 0).at("author").as_object(), "name"), "鈴木 看護師");

  Reply deleted = nurse_client_.Post(Timeline() + "/" + post + "/delete",
                                     json::object{{"reason", "別の方の記録でした"}});
  ASSERT_EQ(deleted.status, 200) << deleted.raw;
  page = Page(manager_client_);
  EXPECT_TRUE(Item(page, 0).at("deleted").is_object());
  EXPECT_EQ(Str(Item(page, 0), "body"), "");
}

TEST_P(ApiTimelineCacheTest, ACachedPageIsStillRefusedToSomeoneWhoLostAccess) {
  ASSERT_EQ(Page(nurse_client_).at("items").as_array().size(), 0u);
  ASSERT_EQ(nurse_client_.Post("/api/v1/persons/" + person_ + "/team/leave", json::object{}).status,
            200);
  EXPECT_EQ(nurse_client_.Get(Timeline()).status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTimelineCacheTest,
                         ::testing::ValuesIn(db::testing::Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace

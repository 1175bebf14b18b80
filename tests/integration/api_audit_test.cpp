// API tests of the audit log (アクセスログ) against the real server: searching by user, action
// and time as a system admin, the scoped views of municipality and organization admins, keyset
// pages, and the hash chain's verification catching a row changed or removed in the database.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "app/app.h"
#include "audit/audit_log.h"
#include "db/database.h"
#include "test_env.h"

namespace {

using namespace std::chrono_literals;
using testing_env::Account;
using testing_env::Client;
using testing_env::Reply;
using testing_env::Str;
using testing_env::TestServer;
namespace json = boost::json;

constexpr db::Statement kTamper{"test_tamper_audit",
                                "UPDATE audit_log SET action = 'x' WHERE seq = 3"};
constexpr db::Statement kRemove{"test_remove_audit", "DELETE FROM audit_log WHERE seq = 4"};

const json::array& Items(const Reply& r) { return r.body.at("items").as_array(); }

bool HasEntry(const Reply& r, const std::string& user_id, const std::string& action) {
  for (const auto& e : Items(r)) {
    if (Str(e, "user_id") == user_id && Str(e, "action") == action) return true;
  }
  return false;
}

class ApiAuditTest : public ::testing::Test {
 protected:
  ApiAuditTest() {
    server_.CreateMunicipality("991015", "群青市");
    server_.CreateMunicipality("991023", "翠町");
    city_ = server_.CreateOrganization("991015", "municipal_department", "群青市 長寿介護課");
    clinic_ = server_.CreateOrganization("991015", "clinic", "群青クリニック");
    other_ = server_.CreateOrganization("991023", "clinic", "翠町診療所");
    nurse_ = server_.CreateUser("nurse.gunjo", clinic_, "member");
    other_nurse_ = server_.CreateUser("nurse.midori", other_, "member");
    clinic_admin_ = server_.CreateUser("clinic.admin", clinic_, "org_admin");
    muni_admin_ = server_.CreateUser("muni.admin", city_, "municipality_admin");
    sysadmin_ = server_.CreateUser("sys.admin", "", "", true, "staff", true);
    EXPECT_EQ(nurse_client_.Login(nurse_).status, 200);
    EXPECT_EQ(other_client_.Login(other_nurse_).status, 200);
    EXPECT_EQ(nurse_client_.Get("/api/v1/users?q=%E3%81%97").status, 200);  // directory.user.search
    EXPECT_EQ(other_client_.Get("/api/v1/users?q=%E3%81%97").status, 200);
    EXPECT_EQ(admin_.Login(sysadmin_).status, 200);
  }

  Reply Verify() { return admin_.Post("/api/v1/audit/verify", json::object{}); }
  void Exec(const db::Statement& st) {
    server_.app().audit().Flush();
    auto status = server_.app().db().Run([&](db::Connection& c) -> core::Result<void> {
      auto n = c.Execute(st);
      if (!n.ok()) return n.error();
      EXPECT_EQ(*n, 1);
      return core::Ok();
    });
    ASSERT_TRUE(status.ok()) << status.error().message;
  }

  TestServer server_;
  std::string city_, clinic_, other_;
  Account nurse_, other_nurse_, clinic_admin_, muni_admin_, sysadmin_;
  Client nurse_client_{server_}, other_client_{server_}, admin_{server_};
};

TEST_F(ApiAuditTest, SystemAdminFiltersByUserAndActionPrefix) {
  Reply by_user = testing_env::SearchAudit(server_, admin_, "user_id=" + nurse_.user_id);
  ASSERT_EQ(by_user.status, 200) << by_user.raw;
  ASSERT_FALSE(Items(by_user).empty());
  std::set<std::string> actions;
  for (const auto& e : Items(by_user)) {
    EXPECT_EQ(Str(e, "user_id"), nurse_.user_id);
    actions.insert(Str(e, "action"));
  }
  EXPECT_TRUE(actions.contains("auth.login"));
  EXPECT_TRUE(actions.contains("auth.second_factor"));
  EXPECT_TRUE(actions.contains("directory.user.search"));

  Reply by_action = testing_env::SearchAudit(server_, admin_, "action=directory.");
  ASSERT_FALSE(Items(by_action).empty());
  for (const auto& e : Items(by_action))
    EXPECT_TRUE(Str(e, "action").starts_with("directory.")) << Str(e, "action");
  EXPECT_TRUE(HasEntry(by_action, nurse_.user_id, "directory.user.search"));
  EXPECT_TRUE(HasEntry(by_action, other_nurse_.user_id, "directory.user.search"));

  Reply both =
      testing_env::SearchAudit(server_, admin_, "user_id=" + nurse_.user_id + "&action=auth.");
  for (const auto& e : Items(both)) {
    EXPECT_EQ(Str(e, "user_id"), nurse_.user_id);
    EXPECT_TRUE(Str(e, "action").starts_with("auth.")) << Str(e, "action");
  }
  // The action is a prefix of dotted words, not a pattern.
  EXPECT_TRUE(Items(testing_env::SearchAudit(server_, admin_, "action=directory_user")).empty());
  EXPECT_TRUE(Items(testing_env::SearchAudit(server_, admin_, "action=%25")).empty());
  // Reading the log is itself recorded.
  EXPECT_TRUE(HasEntry(testing_env::SearchAudit(server_, admin_, "action=audit.search"),
                       sysadmin_.user_id, "audit.search"));
}

TEST_F(ApiAuditTest, PersonAndUserFiltersCombine) {
  std::string person = server_.CreatePerson("991015", nurse_.user_id);
  ASSERT_EQ(nurse_client_.Get("/api/v1/persons/" + person).status, 200);
  ASSERT_EQ(other_client_.Get("/api/v1/persons/" + person).status, 403);
  Reply both = testing_env::SearchAudit(server_, admin_,
                                        "person_id=" + person + "&user_id=" + other_nurse_.user_id);
  ASSERT_EQ(both.status, 200) << both.raw;
  ASSERT_FALSE(Items(both).empty());
  for (const auto& e : Items(both)) {
    EXPECT_EQ(Str(e, "user_id"), other_nurse_.user_id) << Str(e, "action");
    EXPECT_EQ(Str(e, "person_id"), person);
    EXPECT_EQ(Str(e, "outcome"), "denied");
  }
  Reply person_only = testing_env::SearchAudit(server_, admin_, "person_id=" + person);
  EXPECT_TRUE(HasEntry(person_only, nurse_.user_id, "person.read"));
}

TEST_F(ApiAuditTest, SystemAdminFiltersByTimeRangeAndPagesThroughResults) {
  int64_t before = server_.clock().NowMillis();
  server_.clock().Advance(10min);
  int64_t cut = server_.clock().NowMillis();
  for (int i = 0; i < 60; ++i) ASSERT_EQ(nurse_client_.Get("/api/v1/users/me").status, 200);
  Reply early = testing_env::SearchAudit(
      server_, admin_, "user_id=" + nurse_.user_id + "&to=" + std::to_string(before + 1));
  for (const auto& e : Items(early)) EXPECT_LE(e.at("at").as_int64(), before);
  EXPECT_TRUE(HasEntry(early, nurse_.user_id, "auth.login"));

  std::string query =
      "user_id=" + nurse_.user_id + "&action=directory.user.read&from=" + std::to_string(cut);
  std::set<std::string> ids;
  std::string cursor;
  int pages = 0;
  do {
    Reply page = testing_env::SearchAudit(server_, admin_,
                                          query + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.raw;
    ++pages;
    for (const auto& e : Items(page)) {
      EXPECT_GE(e.at("at").as_int64(), cut);
      EXPECT_TRUE(ids.insert(Str(e, "id")).second);
    }
    cursor = page.body.at("next_cursor").is_null() ? "" : Str(page.body, "next_cursor");
    ASSERT_LE(pages, 5);
  } while (!cursor.empty());
  EXPECT_EQ(ids.size(), 60u);
  EXPECT_EQ(pages, 2);
}

TEST_F(ApiAuditTest, MunicipalityAdminSeesOnlyTheirMunicipality) {
  Client muni(server_);
  ASSERT_EQ(muni.Login(muni_admin_).status, 200);
  server_.app().audit().Flush();
  Reply own = muni.Get("/api/v1/municipalities/991015/audit");
  ASSERT_EQ(own.status, 200) << own.raw;
  for (const auto& e : Items(own))
    EXPECT_EQ(Str(e, "municipality_code"), "991015") << Str(e, "action");
  EXPECT_TRUE(HasEntry(own, nurse_.user_id, "directory.user.search"));
  EXPECT_FALSE(HasEntry(own, other_nurse_.user_id, "directory.user.search"));
  EXPECT_TRUE(Items(muni.Get("/api/v1/municipalities/991015/audit?user_id=" + other_nurse_.user_id))
                  .empty());
  EXPECT_EQ(muni.Get("/api/v1/municipalities/991023/audit").status, 403);
  EXPECT_EQ(muni.Get("/api/v1/audit").status, 403);
  EXPECT_EQ(muni.Post("/api/v1/audit/verify", json::object{}).status, 403);
}

TEST_F(ApiAuditTest, OrganizationAdminSeesOnlyTheirOrganization) {
  Client admin(server_);
  ASSERT_EQ(admin.Login(clinic_admin_).status, 200);
  server_.app().audit().Flush();
  Reply own = admin.Get("/api/v1/organizations/" + clinic_ + "/audit");
  ASSERT_EQ(own.status, 200) << own.raw;
  for (const auto& e : Items(own))
    EXPECT_EQ(Str(e, "organization_id"), clinic_) << Str(e, "action");
  EXPECT_TRUE(HasEntry(own, nurse_.user_id, "directory.user.search"));
  EXPECT_FALSE(HasEntry(own, other_nurse_.user_id, "directory.user.search"));
  EXPECT_EQ(admin.Get("/api/v1/organizations/" + other_ + "/audit").status, 403);
  EXPECT_EQ(admin.Get("/api/v1/municipalities/991015/audit").status, 403);
  EXPECT_EQ(nurse_client_.Get("/api/v1/organizations/" + clinic_ + "/audit").status, 403);
}

TEST_F(ApiAuditTest, VerifyReportsAnIntactChain) {
  Reply r = Verify();
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_TRUE(r.body.at("ok").as_bool());
  EXPECT_GT(r.body.at("entries").as_int64(), 5);
  EXPECT_EQ(r.body.at("broken_seq").as_int64(), 0);
}

TEST_F(ApiAuditTest, VerifyReportsTheSequenceNumberOfAChangedRow) {
  ASSERT_TRUE(Verify().body.at("ok").as_bool());
  Exec(kTamper);
  Reply r = Verify();
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_FALSE(r.body.at("ok").as_bool());
  EXPECT_EQ(r.body.at("broken_seq").as_int64(), 3);
  EXPECT_EQ(Str(r.body, "broken_chain"), "main");
  EXPECT_FALSE(Str(r.body, "problem").empty());
  // Entries written after the change still chain on; the report does not heal by itself.
  EXPECT_EQ(nurse_client_.Get("/api/v1/users/me").status, 200);
  EXPECT_EQ(Verify().body.at("broken_seq").as_int64(), 3);
}

TEST_F(ApiAuditTest, VerifyReportsARemovedRow) {
  Exec(kRemove);
  Reply r = Verify();
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(r.body.at("ok").as_bool());
  EXPECT_EQ(r.body.at("broken_seq").as_int64(), 5);
}

}  // namespace

// API tests of the directory against the real server: searching people and organizations the
// way Japanese users type (hiragana, katakana, half-width kana, 旧字体), filters, keyset
// pagination, organization maintenance by the admins allowed to do it, and who may read it.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "test_env.h"

namespace {

using testing_env::Account;
using testing_env::Client;
using testing_env::Reply;
using testing_env::Str;
using testing_env::TestServer;
using testing_env::UrlEncode;
namespace json = boost::json;

/// The login ids in a list reply, sorted.
std::set<std::string> Logins(const Reply& r) {
  std::set<std::string> out;
  for (const auto& u : r.body.at("items").as_array()) out.insert(Str(u, "login_id"));
  return out;
}

std::set<std::string> Names(const Reply& r) {
  std::set<std::string> out;
  for (const auto& o : r.body.at("items").as_array()) out.insert(Str(o, "name"));
  return out;
}

class ApiDirectoryTest : public ::testing::Test {
 protected:
  ApiDirectoryTest() {
    server_.CreateMunicipality("991015", "群青市");
    server_.CreateMunicipality("991023", "翠町");
    city_ = server_.CreateOrganization("991015", "municipal_department", "群青市 長寿介護課");
    clinic_ = server_.CreateOrganization("991015", "clinic", "群青クリニック");
    other_clinic_ = server_.CreateOrganization("991023", "clinic", "翠町診療所");
    care_office_ = server_.CreateOrganization("991023", "care_management", "翠町居宅介護支援");
    takahashi_ = server_.CreateNamedUser("takahashi", clinic_, "member", "髙橋 和夫",
                                         "タカハシ カズオ", "doctor");
    suzuki_ = server_.CreateNamedUser("suzuki", other_clinic_, "member", "鈴木 花子",
                                      "スズキ ハナコ", "nurse");
    tanaka_ = server_.CreateNamedUser("tanaka", care_office_, "member", "田中 一郎",
                                      "タナカ イチロウ", "care_manager");
    muni_admin_ = server_.CreateUser("muni.admin", city_, "municipality_admin");
    clinic_admin_ = server_.CreateUser("clinic.admin", clinic_, "org_admin");
    other_admin_ = server_.CreateUser("other.admin", other_clinic_, "org_admin");
    sysadmin_ = server_.CreateUser("sys.admin", "", "", true, "staff", true);
    family_ = server_.CreateUser("family.yamada", "", "", false, "family");
    EXPECT_EQ(searcher_.Login(takahashi_).status, 200);
  }

  Reply Users(const std::string& query) { return searcher_.Get("/api/v1/users?" + query); }
  static json::object NewOrganization(const std::string& name, const std::string& kana,
                                      const std::string& type) {
    return {{"name", name}, {"kana", kana}, {"type_code", type}};
  }

  TestServer server_;
  std::string city_, clinic_, other_clinic_, care_office_;
  Account takahashi_, suzuki_, tanaka_, muni_admin_, clinic_admin_, other_admin_, sysadmin_,
      family_;
  Client searcher_{server_};
};

TEST_F(ApiDirectoryTest, KanaPrefixInHiraganaKatakanaOrHalfWidthFindsTheSameUser) {
  for (const char* typed : {"たかは", "タカハ", "ﾀｶﾊ", "たかはし　かずお", "ﾀｶﾊｼｶｽﾞｵ"}) {
    Reply r = Users("q=" + UrlEncode(typed));
    ASSERT_EQ(r.status, 200) << typed;
    EXPECT_EQ(Logins(r), std::set<std::string>{"takahashi"}) << typed;
  }
  EXPECT_TRUE(Logins(Users("q=" + UrlEncode("かずお"))).empty());  // kana matches from the start
}

TEST_F(ApiDirectoryTest, NameSubstringAndOldKanjiFormsMatch) {
  EXPECT_EQ(Logins(Users("q=" + UrlEncode("和夫"))), std::set<std::string>{"takahashi"});
  EXPECT_EQ(Logins(Users("q=" + UrlEncode("高橋"))), std::set<std::string>{"takahashi"});
  EXPECT_EQ(Logins(Users("q=" + UrlEncode("髙橋"))), std::set<std::string>{"takahashi"});
  EXPECT_EQ(Logins(Users("q=" + UrlEncode("花子"))), std::set<std::string>{"suzuki"});
  Reply found = Users("q=" + UrlEncode("高橋"));
  EXPECT_EQ(Str(found.body.at("items").as_array()[0], "display_name"), "髙橋 和夫");  // as stored
  const auto& memberships = found.body.at("items").as_array()[0].at("memberships").as_array();
  ASSERT_EQ(memberships.size(), 1u);
  EXPECT_EQ(Str(memberships[0], "organization_name"), "群青クリニック");
}

TEST_F(ApiDirectoryTest, FiltersByProfessionOrganizationAndMunicipality) {
  EXPECT_EQ(Logins(Users("profession=doctor")), std::set<std::string>{"takahashi"});
  EXPECT_EQ(Logins(Users("profession=care_manager")), std::set<std::string>{"tanaka"});
  EXPECT_EQ(Logins(Users("organization=" + other_clinic_)),
            (std::set<std::string>{"other.admin", "suzuki"}));
  EXPECT_EQ(Logins(Users("municipality=991023")),
            (std::set<std::string>{"other.admin", "suzuki", "tanaka"}));
  EXPECT_EQ(Logins(Users("municipality=991023&profession=nurse&q=" + UrlEncode("すず"))),
            std::set<std::string>{"suzuki"});
  EXPECT_TRUE(Logins(Users("municipality=991015&q=" + UrlEncode("すずき"))).empty());
  // Family accounts are never listed in the professional directory.
  EXPECT_FALSE(Logins(Users("limit=50")).contains("family.yamada"));
}

TEST_F(ApiDirectoryTest, KeysetPaginationReturnsEachOf120UsersExactlyOnce) {
  std::string bulk = server_.CreateOrganization("991015", "home_care", "群青ヘルパー");
  const char* syllables[] = {"ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ"};
  std::set<std::string> created;
  for (int i = 0; i < 120; ++i) {
    // Several users share a reading, so the id breaks ties in the keyset.
    std::string kana = std::string(syllables[i % 10]) + syllables[(i / 10) % 10] + "タ";
    if (i % 7 == 0) kana = "オナジ";
    created.insert(server_
                       .CreateNamedUser("bulk" + std::to_string(i), bulk, "member",
                                        "一括 " + std::to_string(i), kana, "care_worker")
                       .user_id);
  }
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  std::string previous_kana;
  do {
    Reply page =
        Users("organization=" + bulk + "&limit=50" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(page.status, 200) << page.raw;
    ++pages;
    for (const auto& u : page.body.at("items").as_array()) {
      EXPECT_TRUE(seen.insert(Str(u, "id")).second) << "seen twice: " << Str(u, "login_id");
    }
    cursor = page.body.at("next_cursor").is_null() ? "" : Str(page.body, "next_cursor");
    ASSERT_LE(pages, 5);
  } while (!cursor.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, created);
}

TEST_F(ApiDirectoryTest, OrganizationsFoundByKanaAndType) {
  Client admin(server_);
  ASSERT_EQ(admin.Login(sysadmin_).status, 200);
  ASSERT_EQ(admin
                .Post("/api/v1/municipalities/991015/organizations",
                      NewOrganization("あおば訪問看護ステーション", "あおば ほうもんかんご",
                                      "visiting_nursing"))
                .status,
            201);
  ASSERT_EQ(admin
                .Post("/api/v1/municipalities/991015/organizations",
                      NewOrganization("あおば薬局", "アオバヤッキョク", "pharmacy"))
                .status,
            201);
  ASSERT_EQ(admin
                .Post("/api/v1/municipalities/991023/organizations",
                      NewOrganization("みどり薬局", "ﾐﾄﾞﾘﾔｯｷｮｸ", "pharmacy"))
                .status,
            201);
  auto search = [&](const std::string& query) {
    return searcher_.Get("/api/v1/organizations?" + query);
  };
  std::set<std::string> aoba{"あおば訪問看護ステーション", "あおば薬局"};
  EXPECT_EQ(Names(search("q=" + UrlEncode("あおば"))), aoba);
  EXPECT_EQ(Names(search("q=" + UrlEncode("ｱｵﾊﾞ"))), aoba);
  EXPECT_EQ(Names(search("q=" + UrlEncode("ミドリ"))), std::set<std::string>{"みどり薬局"});
  EXPECT_EQ(Names(search("type=pharmacy")), (std::set<std::string>{"あおば薬局", "みどり薬局"}));
  EXPECT_EQ(Names(search("type=pharmacy&q=" + UrlEncode("あおば"))),
            std::set<std::string>{"あおば薬局"});
  EXPECT_EQ(Names(search("type=pharmacy&municipality=991023")),
            std::set<std::string>{"みどり薬局"});
  Reply one = search("q=" + UrlEncode("みどり"));
  EXPECT_EQ(Str(one.body.at("items").as_array()[0], "kana"), "ミドリヤッキョク");  // stored folded
}

TEST_F(ApiDirectoryTest, MunicipalityAdminCreatesOrganizationsOnlyInTheirMunicipality) {
  Client muni(server_);
  ASSERT_EQ(muni.Login(muni_admin_).status, 200);
  json::object body = NewOrganization("群青訪問介護", "ぐんじょう ほうもんかいご", "home_care");
  body["care_office_number"] = "9910150001";
  body["phone"] = "0120-123-456";
  body["latitude"] = 35.1;
  body["longitude"] = 136.9;
  Reply created = muni.Post("/api/v1/municipalities/991015/organizations", body);
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(Str(created.body, "municipality_code"), "991015");
  EXPECT_EQ(Str(created.body, "kana"), "グンジョウ　ホウモンカイゴ");
  EXPECT_EQ(searcher_.Get("/api/v1/organizations/" + Str(created.body, "id")).status, 200);

  body["care_office_number"] = "9910230001";
  EXPECT_EQ(muni.Post("/api/v1/municipalities/991023/organizations", body).status, 403);
  Client clinic_admin(server_);
  ASSERT_EQ(clinic_admin.Login(clinic_admin_).status, 200);
  EXPECT_EQ(clinic_admin.Post("/api/v1/municipalities/991015/organizations", body).status, 403);
  // The same 介護保険事業所番号 twice is a conflict.
  body["care_office_number"] = "9910150001";
  Reply twice = muni.Post("/api/v1/municipalities/991015/organizations", body);
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.ErrorField(), "care_office_number");
}

TEST_F(ApiDirectoryTest, OrganizationValidationNamesTheFields) {
  Client admin(server_);
  ASSERT_EQ(admin.Login(sysadmin_).status, 200);
  auto create = [&](const std::string& code, json::object changes) {
    json::object body = NewOrganization("青葉歯科", "アオバシカ", "dental_clinic");
    for (const auto& kv : changes) body[kv.key()] = kv.value();
    return admin.Post("/api/v1/municipalities/" + code + "/organizations", body);
  };
  Reply bad_digit = create("991016", {});
  EXPECT_EQ(bad_digit.status, 400);
  EXPECT_TRUE(bad_digit.NamesField("municipality_code")) << bad_digit.raw;
  Reply unregistered = create("991031", {});  // valid check digit, not in the directory
  EXPECT_EQ(unregistered.status, 400);
  EXPECT_TRUE(unregistered.NamesField("municipality_code"));
  Reply abroad = create("991015", {{"latitude", 10.5}, {"longitude", 139.7}});
  EXPECT_EQ(abroad.status, 400);
  EXPECT_TRUE(abroad.NamesField("latitude"));
  Reply phone = create("991015", {{"phone", "03-ABCD-EFGH"}});
  EXPECT_EQ(phone.status, 400);
  EXPECT_TRUE(phone.NamesField("phone"));
  Reply kana = create("991015", {{"kana", "青葉歯科"}});
  EXPECT_EQ(kana.status, 400);
  EXPECT_TRUE(kana.NamesField("kana"));
  Reply several = create("991015", {{"kana", "Aoba"},
                                    {"fax", "12"},
                                    {"care_office_number", "123"},
                                    {"postal_code", "1234"},
                                    {"email", "not-an-address"}});
  EXPECT_EQ(several.status, 400);
  for (const char* f : {"kana", "fax", "care_office_number", "postal_code", "email"}) {
    EXPECT_TRUE(several.NamesField(f)) << f << " " << several.raw;
  }
  Reply type = create("991015", {{"type_code", "spaceport"}});
  EXPECT_EQ(type.status, 400);
  EXPECT_TRUE(type.NamesField("type_code"));
  EXPECT_EQ(create("991015", {}).status, 201);
}

TEST_F(ApiDirectoryTest, OrgAdminUpdatesOnlyTheirOrganization) {
  Client admin(server_), other(server_);
  ASSERT_EQ(admin.Login(clinic_admin_).status, 200);
  ASSERT_EQ(other.Login(other_admin_).status, 200);
  json::object body = NewOrganization("群青クリニック 本院", "グンジョウクリニック", "clinic");
  body["phone"] = "03-1234-5678";
  Reply updated = admin.Put("/api/v1/organizations/" + clinic_, body);
  ASSERT_EQ(updated.status, 200) << updated.raw;
  Reply read = searcher_.Get("/api/v1/organizations/" + clinic_);
  EXPECT_EQ(Str(read.body, "name"), "群青クリニック 本院");
  EXPECT_EQ(Str(read.body, "phone"), "03-1234-5678");
  EXPECT_EQ(Str(read.body, "municipality_code"), "991015");
  EXPECT_EQ(Names(searcher_.Get("/api/v1/organizations?q=" + UrlEncode("ぐんじょうく"))),
            std::set<std::string>{"群青クリニック 本院"});

  EXPECT_EQ(other.Put("/api/v1/organizations/" + clinic_, body).status, 403);
  EXPECT_EQ(searcher_.Put("/api/v1/organizations/" + clinic_, body).status, 403);
  body["status"] = "deleted";
  Reply bad = admin.Put("/api/v1/organizations/" + clinic_, body);
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(bad.NamesField("status"));
}

TEST_F(ApiDirectoryTest, OrgAdminCannotGrantThemselvesMunicipalityPowers) {
  // Turning the clinic into a municipal department would let its admin appoint municipality admins.
  Client admin(server_);
  ASSERT_EQ(admin.Login(clinic_admin_).status, 200);
  json::object body =
      NewOrganization("群青クリニック", "グンジョウクリニック", "municipal_department");
  EXPECT_EQ(admin.Put("/api/v1/organizations/" + clinic_, body).status, 403);
  EXPECT_EQ(Str(searcher_.Get("/api/v1/organizations/" + clinic_).body, "type_code"), "clinic");
  Client muni(server_);
  ASSERT_EQ(muni.Login(muni_admin_).status, 200);
  body["type_code"] = "hospital";
  EXPECT_EQ(muni.Put("/api/v1/organizations/" + clinic_, body).status,
            200);  // the municipality may

  // Nor may a municipal department's own organization admin appoint them.
  Account dept_admin = server_.CreateUser("dept.admin", city_, "org_admin");
  Client dept(server_);
  ASSERT_EQ(dept.Login(dept_admin).status, 200);
  std::string members = "/api/v1/organizations/" + city_ + "/members";
  for (const char* who : {"dept.admin", "takahashi"}) {
    EXPECT_EQ(
        dept.Post(members, json::object{{"login_id", who}, {"role", "municipality_admin"}}).status,
        403)
        << who;
  }
  EXPECT_EQ(dept.Post("/api/v1/organizations/" + city_ + "/invitations",
                      json::object{{"role", "municipality_admin"}})
                .status,
            403);
  EXPECT_EQ(dept.Post(members, json::object{{"login_id", "takahashi"}, {"role", "member"}}).status,
            200);
  EXPECT_EQ(
      muni.Post(members, json::object{{"login_id", "dept.admin"}, {"role", "municipality_admin"}})
          .status,
      200);
}

TEST_F(ApiDirectoryTest, OrgAdminAddsAndRemovesMembers) {
  Client admin(server_);
  ASSERT_EQ(admin.Login(clinic_admin_).status, 200);
  std::string members = "/api/v1/organizations/" + clinic_ + "/members";
  Reply added = admin.Post(
      members, json::object{{"login_id", "SUZUKI"}, {"role", "member"}, {"title", "非常勤"}});
  ASSERT_EQ(added.status, 200) << added.raw;
  EXPECT_TRUE(Logins(searcher_.Get(members)).contains("suzuki"));
  EXPECT_TRUE(Logins(Users("organization=" + clinic_)).contains("suzuki"));

  Reply unknown = admin.Post(members, json::object{{"login_id", "nobody"}});
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.ErrorField(), "login_id");
  EXPECT_EQ(admin.Post(members, json::object{{"login_id", "family.yamada"}}).ErrorField(),
            "login_id");
  Reply role = admin.Post(members, json::object{{"login_id", "tanaka"}, {"role", "ems"}});
  EXPECT_EQ(role.status, 400);
  EXPECT_EQ(role.ErrorField(), "role");
  EXPECT_EQ(searcher_.Post(members, json::object{{"login_id", "tanaka"}}).status, 403);

  EXPECT_EQ(admin.Delete(members + "/" + suzuki_.user_id).status, 204);
  EXPECT_FALSE(Logins(searcher_.Get(members)).contains("suzuki"));
  EXPECT_EQ(admin.Delete(members + "/" + suzuki_.user_id).status, 404);
  EXPECT_EQ(admin.Delete(members + "/" + clinic_admin_.user_id).status, 409);  // not oneself
}

// A signed-in member's rights follow membership changes from the next request on, with the
// organizations oldest first (Authenticate reads them with the session, unsorted, and sorts).
TEST_F(ApiDirectoryTest, SignedInMembersSessionFollowsMembershipChangesAtOnce) {
  Client suzuki(server_);
  ASSERT_EQ(suzuki.Login(suzuki_).status, 200);
  auto organizations = [&] {
    std::vector<std::string> ids;
    Reply session = suzuki.Get("/api/v1/auth/session");
    for (const auto& m : session.body.at("memberships").as_array()) {
      ids.push_back(Str(m, "organization_id"));
    }
    return ids;
  };
  EXPECT_EQ(organizations(), std::vector<std::string>{other_clinic_});

  Client admin(server_);
  ASSERT_EQ(admin.Login(clinic_admin_).status, 200);
  std::string members = "/api/v1/organizations/" + clinic_ + "/members";
  server_.clock().Advance(std::chrono::seconds(1));  // joined later than the first membership
  ASSERT_EQ(admin.Post(members, json::object{{"login_id", "suzuki"}, {"role", "org_admin"}}).status,
            200);
  EXPECT_EQ(organizations(), (std::vector<std::string>{other_clinic_, clinic_}));
  EXPECT_EQ(suzuki.Get(members).status, 200);
  EXPECT_EQ(suzuki.Post(members, json::object{{"login_id", "tanaka"}}).status, 200);

  ASSERT_EQ(admin.Delete(members + "/" + suzuki_.user_id).status, 204);
  EXPECT_EQ(organizations(), std::vector<std::string>{other_clinic_});
  EXPECT_EQ(suzuki.Post(members, json::object{{"login_id", "takahashi"}}).status, 403);
}

TEST_F(ApiDirectoryTest, FamilyAccountsAreRefusedOnDirectoryRoutes) {
  Client family(server_);
  Reply login = family.Login(family_);
  ASSERT_EQ(login.status, 200);
  ASSERT_EQ(Str(login.body, "stage"), "full");
  for (const std::string& target : std::vector<std::string>{
           "/api/v1/users", "/api/v1/users?q=" + UrlEncode("たかはし"),
           "/api/v1/users/" + takahashi_.user_id, "/api/v1/organizations",
           "/api/v1/organizations/" + clinic_, "/api/v1/organizations/" + clinic_ + "/members"}) {
    EXPECT_EQ(family.Get(target).status, 403) << target;
  }
  Reply me = family.Get("/api/v1/users/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(Str(me.body, "account_type"), "family");
  EXPECT_EQ(Str(me.body, "id"), family_.user_id);
}

TEST_F(ApiDirectoryTest, UsersMeWorksForEveryRole) {
  server_.clock().Advance(std::chrono::seconds(30));  // takahashi's TOTP code is used already
  for (const Account* who : {&takahashi_, &clinic_admin_, &muni_admin_, &sysadmin_, &family_}) {
    Client c(server_);
    ASSERT_EQ(c.Login(*who).status, 200) << who->login_id;
    Reply me = c.Get("/api/v1/users/me");
    ASSERT_EQ(me.status, 200) << who->login_id;
    EXPECT_EQ(Str(me.body, "login_id"), who->login_id);
    EXPECT_EQ(me.response.Header("cache-control"), "no-store");  // personal data
  }
  Client anonymous(server_);
  EXPECT_EQ(anonymous.Get("/api/v1/users/me").status, 401);
}

TEST_F(ApiDirectoryTest, SuspendedUsersAreHiddenExceptFromAdmins) {
  Client admin(server_);
  ASSERT_EQ(admin.Login(other_admin_).status, 200);
  ASSERT_EQ(
      admin
          .Post("/api/v1/organizations/" + other_clinic_ + "/users/" + suzuki_.user_id + "/status",
                json::object{{"status", "suspended"}})
          .status,
      204);
  EXPECT_TRUE(Logins(Users("q=" + UrlEncode("すずき"))).empty());
  EXPECT_TRUE(Logins(Users("q=" + UrlEncode("すずき") + "&status=any")).empty());  // not an admin
  EXPECT_EQ(Logins(admin.Get("/api/v1/users?status=any&q=" + UrlEncode("すずき"))),
            std::set<std::string>{"suzuki"});
}

}  // namespace

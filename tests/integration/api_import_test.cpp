// API tests of the CSV bulk import against the real server: users into an organization and
// organizations into a municipality, in the encodings and header styles that Japanese offices
// produce, with a preview that names bad rows by row and line, and an apply that runs once.
#include <gtest/gtest.h>

#include "core/text_encoding.h"
#include "test_env.h"

namespace {

using testing_env::Account;
using testing_env::Client;
using testing_env::Reply;
using testing_env::Str;
using testing_env::TestServer;
namespace json = boost::json;

/// True when the preview lists an error at this row, line and field.
bool HasRowError(const Reply& preview, int row, int line, const std::string& field) {
  for (const auto& e : preview.body.at("errors").as_array()) {
    if (e.at("row").as_int64() == row && e.at("line").as_int64() == line &&
        Str(e, "field") == field) {
      return true;
    }
  }
  return false;
}

// One good row, then a blank line (ignored), then a row with a bad login id and no name, so
// that the bad row is data row 2 but physical line 4.
const std::string kUsersCsv =
    "login_id,display_name,kana,profession_code,role\r\n"
    "import.hanako,輸入 花子,ユニュウ ハナコ,nurse,member\r\n"
    "\r\n"
    "bad login!,,ワルイ,nurse,member\r\n";

const std::string kUsersCsvJapaneseHeaders =
    "ログインID,氏名,氏名カナ,職種,役割\r\n"
    "import.hanako,輸入 花子,ﾕﾆｭｳ ﾊﾅｺ,看護師,一般\r\n"
    "\r\n"
    "bad login!,,ワルイ,看護師,一般\r\n";

class ApiImportTest : public ::testing::Test {
 protected:
  ApiImportTest() {
    server_.CreateMunicipality("991015", "群青市");
    server_.CreateMunicipality("991023", "翠町");
    city_ = server_.CreateOrganization("991015", "municipal_department", "群青市 長寿介護課");
    clinic_ = server_.CreateOrganization("991015", "clinic", "群青クリニック");
    other_ = server_.CreateOrganization("991023", "clinic", "翠町診療所");
    admin_ = server_.CreateUser("clinic.admin", clinic_, "org_admin");
    muni_admin_ = server_.CreateUser("muni.admin", city_, "municipality_admin");
    EXPECT_EQ(admin_client_.Login(admin_).status, 200);
  }

  Reply PreviewUsers(Client& c, const std::string& org, const std::string& bytes,
                     const std::string& type = "text/csv") {
    return c.Send("POST", "/api/v1/organizations/" + org + "/imports/users", bytes, type);
  }
  Reply ApplyUsers(Client& c, const std::string& org, const std::string& import_id) {
    return c.Post("/api/v1/organizations/" + org + "/imports/" + import_id + "/apply",
                  json::object{});
  }

  /// The whole users import: preview shows the encoding and the one bad row; apply creates only
  /// the good user, once; the link it returns lets that user set a password and sign in.
  void ImportUsersAndSignIn(const std::string& bytes, const std::string& encoding) {
    Reply preview = PreviewUsers(admin_client_, clinic_, bytes);
    ASSERT_EQ(preview.status, 200) << preview.raw;
    EXPECT_EQ(Str(preview.body, "encoding"), encoding);
    EXPECT_EQ(preview.body.at("total_rows").as_int64(), 2);
    EXPECT_EQ(preview.body.at("valid_rows").as_int64(), 1);
    EXPECT_EQ(preview.body.at("error_rows").as_int64(), 1);
    EXPECT_TRUE(HasRowError(preview, 2, 4, "login_id")) << preview.raw;
    EXPECT_TRUE(HasRowError(preview, 2, 4, "display_name")) << preview.raw;
    ASSERT_EQ(preview.body.at("sample").as_array().size(), 1u);
    EXPECT_EQ(preview.body.at("sample").as_array()[0].as_array()[0].as_string(), "import.hanako");
    std::string import_id = Str(preview.body, "import_id");

    Reply applied = ApplyUsers(admin_client_, clinic_, import_id);
    ASSERT_EQ(applied.status, 200) << applied.raw;
    EXPECT_EQ(applied.body.at("created").as_int64(), 1);
    const auto& links = applied.body.at("links").as_array();
    ASSERT_EQ(links.size(), 1u);
    EXPECT_EQ(Str(links[0], "login_id"), "import.hanako");
    std::string token = testing_env::TokenFromLink(Str(links[0], "url"));
    ASSERT_FALSE(token.empty()) << applied.raw;
    EXPECT_EQ(ApplyUsers(admin_client_, clinic_, import_id).status, 409);

    Reply found = admin_client_.Get("/api/v1/users?organization=" + clinic_);
    int imported = 0;
    for (const auto& u : found.body.at("items").as_array()) {
      if (Str(u, "login_id") == "import.hanako") {
        ++imported;
        EXPECT_EQ(Str(u, "kana"), "ユニュウ　ハナコ");
        EXPECT_EQ(Str(u, "profession_code"), "nurse");
        EXPECT_EQ(Str(u.at("memberships").as_array()[0], "role"), "member");
      }
      EXPECT_NE(Str(u, "login_id"), "bad login!");
    }
    EXPECT_EQ(imported, 1);

    Client newcomer(server_);
    EXPECT_EQ(newcomer
                  .Post("/api/v1/password-reset/complete",
                        json::object{{"token", token}, {"password", "Maple-Lantern-4410"}})
                  .status,
              204);
    Reply login = newcomer.Login(Account{"", "import.hanako", "Maple-Lantern-4410", ""});
    ASSERT_EQ(login.status, 200) << login.raw;
    EXPECT_EQ(Str(login.body, "stage"), "enrol");
    EXPECT_EQ(newcomer
                  .Post("/api/v1/password-reset/complete",
                        json::object{{"token", token}, {"password", "Other-Lantern-4411"}})
                  .status,
              404);
  }

  TestServer server_;
  std::string city_, clinic_, other_;
  Account admin_, muni_admin_;
  Client admin_client_{server_};
};

TEST_F(ApiImportTest, UsersCsvInUtf8WithBom) {
  ImportUsersAndSignIn("\xEF\xBB\xBF" + kUsersCsv, "UTF-8 (BOM)");
}

TEST_F(ApiImportTest, UsersCsvInUtf8WithoutBom) { ImportUsersAndSignIn(kUsersCsv, "UTF-8"); }

TEST_F(ApiImportTest, UsersCsvInCp932WithJapaneseHeaders) {
  std::string bytes = core::EncodeCp932(kUsersCsvJapaneseHeaders);
  ASSERT_EQ(bytes.find('?'), std::string::npos);  // everything had a CP932 form
  ImportUsersAndSignIn(bytes, "Shift_JIS (CP932)");
}

TEST_F(ApiImportTest, UsersAlreadyRegisteredOrRepeatedInTheFileAreFlagged) {
  std::string csv =
      "login_id,display_name,kana,profession_code\n"
      "CLINIC.ADMIN,重複 一郎,ジュウフク,nurse\n"
      "twice,二度 二郎,ニド,nurse\n"
      "TWICE,二度 三郎,ニド,nurse\n"
      "odd.job,変 四郎,ヘン,astronaut\n";
  Reply preview = PreviewUsers(admin_client_, clinic_, csv);
  ASSERT_EQ(preview.status, 200) << preview.raw;
  EXPECT_EQ(preview.body.at("valid_rows").as_int64(), 1);
  EXPECT_TRUE(HasRowError(preview, 1, 2, "login_id"));
  EXPECT_TRUE(HasRowError(preview, 3, 4, "login_id"));
  EXPECT_TRUE(HasRowError(preview, 4, 5, "profession_code"));
}

TEST_F(ApiImportTest, OrganizationsCsvForAMunicipalityFlagsDuplicateOfficeNumbers) {
  std::string csv =
      "\xEF\xBB\xBF名称,名称カナ,事業所種別,介護保険事業所番号,電話番号,全国地方公共団体コード\r\n"
      "あおば訪問看護ステーション,アオバホウモンカンゴ,訪問看護ステーション,9910150001,03-1234-"
      "5678,991015\r\n"
      "みどり訪問介護,ミドリホウモンカイゴ,home_care,9910150001,,99101\r\n"
      "よその事業所,ヨソ,home_care,,,991023\r\n";
  Client muni(server_);
  ASSERT_EQ(muni.Login(muni_admin_).status, 200);
  std::string base = "/api/v1/municipalities/991015/imports/";
  Reply preview = muni.Send("POST", base + "organizations", csv, "text/csv; charset=utf-8");
  ASSERT_EQ(preview.status, 200) << preview.raw;
  EXPECT_EQ(Str(preview.body, "encoding"), "UTF-8 (BOM)");
  EXPECT_EQ(preview.body.at("total_rows").as_int64(), 3);
  EXPECT_EQ(preview.body.at("valid_rows").as_int64(), 1);
  EXPECT_TRUE(HasRowError(preview, 2, 3, "care_office_number")) << preview.raw;
  EXPECT_TRUE(HasRowError(preview, 3, 4, "municipality_code")) << preview.raw;
  std::string import_id = Str(preview.body, "import_id");

  // Another municipality's admin cannot apply it, nor can this one through another municipality.
  EXPECT_EQ(
      muni.Post("/api/v1/municipalities/991023/imports/" + import_id + "/apply", json::object{})
          .status,
      403);
  Reply applied = muni.Post(base + import_id + "/apply", json::object{});
  ASSERT_EQ(applied.status, 200) << applied.raw;
  EXPECT_EQ(applied.body.at("created").as_int64(), 1);
  EXPECT_EQ(muni.Post(base + import_id + "/apply", json::object{}).status, 409);

  Reply found = muni.Get("/api/v1/organizations?municipality=991015&type=visiting_nursing");
  ASSERT_EQ(found.body.at("items").as_array().size(), 1u);
  const auto& org = found.body.at("items").as_array()[0];
  EXPECT_EQ(Str(org, "name"), "あおば訪問看護ステーション");
  EXPECT_EQ(Str(org, "care_office_number"), "9910150001");
  EXPECT_EQ(Str(org, "phone"), "03-1234-5678");
  EXPECT_TRUE(muni.Get("/api/v1/organizations?q=" + std::string("%E3%81%BF%E3%81%A9%E3%82%8A"))
                  .body.at("items")
                  .as_array()
                  .empty());  // みどり was not created

  // Importing the same office again is caught against the directory, not only within the file.
  Reply again = muni.Send("POST", base + "organizations", csv, "text/csv");
  EXPECT_TRUE(HasRowError(again, 1, 2, "care_office_number")) << again.raw;
}

TEST_F(ApiImportTest, OrganizationsImportIsForTheMunicipalitysAdminOnly) {
  std::string csv = "name,kana,type_code\nあおば薬局,アオバヤッキョク,pharmacy\n";
  Client muni(server_);
  ASSERT_EQ(muni.Login(muni_admin_).status, 200);
  EXPECT_EQ(
      muni.Send("POST", "/api/v1/municipalities/991023/imports/organizations", csv, "text/csv")
          .status,
      403);
  EXPECT_EQ(
      admin_client_
          .Send("POST", "/api/v1/municipalities/991015/imports/organizations", csv, "text/csv")
          .status,
      403);
  EXPECT_EQ(PreviewUsers(admin_client_, other_, kUsersCsv).status, 403);
  // An import previewed for one organization cannot be applied through another.
  Reply preview = PreviewUsers(admin_client_, clinic_, kUsersCsv);
  ASSERT_EQ(preview.status, 200);
  EXPECT_EQ(ApplyUsers(muni, city_, Str(preview.body, "import_id")).status, 404);
}

TEST_F(ApiImportTest, OnlyTheMunicipalityMayImportMunicipalityAdmins) {
  std::string csv =
      "ログインID,氏名,氏名カナ,職種,役割\nnew.officer,新任 職員,シンニン,行政職員,自治体担当\n";
  Account dept_admin = server_.CreateUser("dept.admin", city_, "org_admin");
  Client dept(server_);
  ASSERT_EQ(dept.Login(dept_admin).status, 200);
  Reply refused = PreviewUsers(dept, city_, csv);
  ASSERT_EQ(refused.status, 200) << refused.raw;
  EXPECT_EQ(refused.body.at("valid_rows").as_int64(), 0);
  EXPECT_TRUE(HasRowError(refused, 1, 2, "role")) << refused.raw;
  Client muni(server_);
  ASSERT_EQ(muni.Login(muni_admin_).status, 200);
  Reply allowed = PreviewUsers(muni, city_, csv);
  EXPECT_EQ(allowed.body.at("valid_rows").as_int64(), 1) << allowed.raw;
}

TEST_F(ApiImportTest, UnknownColumnIsRefusedByName) {
  Reply r = PreviewUsers(admin_client_, clinic_,
                         "login_id,display_name,kana,profession_code,favourite_colour\n"
                         "a.b,名,カナ,nurse,blue\n");
  ASSERT_EQ(r.status, 400) << r.raw;
  EXPECT_TRUE(r.NamesField("file"));
  EXPECT_NE(r.raw.find("favourite_colour"), std::string::npos) << r.raw;
  Reply missing = PreviewUsers(admin_client_, clinic_, "login_id,display_name\na.b,名\n");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.raw.find("kana"), std::string::npos) << missing.raw;
}

TEST_F(ApiImportTest, UndecodableFileIs422) {
  std::string bytes = "login_id,display_name,kana,profession_code\n\x80\xFD\xFE\xFF,x,y,z\n";
  Reply r = PreviewUsers(admin_client_, clinic_, bytes);
  EXPECT_EQ(r.status, 422) << r.raw;
  EXPECT_EQ(r.ErrorCode(), "unprocessable");
}

TEST_F(ApiImportTest, BrokenOrEmptyCsvNamesTheFile) {
  Reply empty = PreviewUsers(admin_client_, clinic_, "");
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(empty.NamesField("file"));
  Reply quote = PreviewUsers(admin_client_, clinic_,
                             "login_id,display_name,kana,profession_code\n\"a.b,名,カナ,nurse\n");
  EXPECT_EQ(quote.status, 400);
  EXPECT_TRUE(quote.NamesField("file"));
}

TEST_F(ApiImportTest, FileWithTooManyRowsIs413) {
  std::string csv = "login_id,display_name,kana,profession_code\n";
  for (int i = 0; i <= 20000; ++i) csv += "u" + std::to_string(i) + ",名,カナ,nurse\n";
  Reply r = PreviewUsers(admin_client_, clinic_, csv);
  EXPECT_EQ(r.status, 413) << r.raw.substr(0, 200);
  EXPECT_TRUE(r.NamesField("file"));
}

TEST_F(ApiImportTest, NonCsvContentTypeIs415) {
  for (const char* type : {"application/json", "text/html", "image/png", ""}) {
    Reply r = PreviewUsers(admin_client_, clinic_, kUsersCsv, type);
    EXPECT_EQ(r.status, 415) << type;
    EXPECT_EQ(r.ErrorCode(), "unsupported_media_type") << type;
  }
}

}  // namespace

// API tests of consent (同意) against the real server: recording and listing, withdrawal that
// ends team access at the next request while the municipality keeps it, who may record, field
// validation, and the scan of the signed form.
#include <gtest/gtest.h>

#include <chrono>

#include "core/id.h"
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

json::value J(std::string_view text) { return json::parse(text); }

/// The database of a test's server: SQLite in the server's data directory, or a fresh
/// PostgreSQL schema (TSUNAGARI_TEST_PG) so that the API is exercised on both backends.
class ApiConsentTest : public ::testing::TestWithParam<std::string> {
 protected:
  ApiConsentTest() {
    server_.CreateMunicipality("991015", "群青市");
    city_ = server_.CreateOrganization("991015", "municipal_department", "群青市 長寿介護課");
    office_ = server_.CreateOrganization("991015", "care_management", "群青居宅介護支援");
    clinic_ = server_.CreateOrganization("991015", "clinic", "群青クリニック");
    other_clinic_ = server_.CreateOrganization("991015", "clinic", "あおば内科");
    cm_ = server_.CreateNamedUser("cm", office_, "member", "田中 一郎", "タナカ イチロウ",
                                  "care_manager");
    nurse_ =
        server_.CreateNamedUser("nurse", clinic_, "member", "鈴木 花子", "スズキ ハナコ", "nurse");
    outsider_ = server_.CreateUser("outsider", other_clinic_, "member");
    muni_admin_ = server_.CreateUser("muni.admin", city_, "municipality_admin");
    EXPECT_EQ(cm_client_.Login(cm_).status, 200);
    EXPECT_EQ(nurse_client_.Login(nurse_).status, 200);
    EXPECT_EQ(admin_client_.Login(muni_admin_).status, 200);
    json::object body{{"municipality_code", "991015"}, {"name", "山田 花子"},
                      {"kana", "ヤマダ ハナコ"},       {"sex", "female"},
                      {"birth_date", "1940-02-03"},    {"address", "群青市本町1-2-3"},
                      {"categories", json::array{}},   {"consent", Consent()}};
    Reply r = cm_client_.Post("/api/v1/persons", body);
    EXPECT_EQ(r.status, 201) << r.raw;
    person_ = Str(r.body, "id");
    server_.AddTeamMember(person_, nurse_.user_id, "visiting_nurse");
    base_ = "/api/v1/persons/" + person_;
  }

  std::string Today() {
    return core::FormatIsoDate(core::DateFromEpochMillisJst(server_.clock().NowMillis()));
  }
  json::object Consent() {
    return json::object{{"scopes", json::object{{"team", true}, {"emergency", true}}},
                        {"obtained_on", Today()},
                        {"given_by", "self"},
                        {"method", "written"}};
  }
  std::string FirstConsentId() {
    return Str(cm_client_.Get(base_ + "/consents").body.at("items").at(0), "id");
  }
  Reply Withdraw(Client& c, const std::string& consent_id) {
    return c.Post(base_ + "/consents/" + consent_id + "/withdraw",
                  json::object{{"withdrawn_on", Today()}, {"reason", "本人の希望"}});
  }
  /// An uploaded file row for `person_id`, written straight to the table.
  std::string AddAttachment(const std::string& person_id, const std::string& kind = "pdf") {
    static constexpr db::Statement kInsert{
        "test_insert_attachment",
        "INSERT INTO attachments (id, person_id, kind, content_type, byte_size, sha256, "
        "storage_key, uploaded_by, created_at) VALUES ($1, $2, $3, 'application/pdf', 10, 'x', "
        "$1, $4, $5)"};
    std::string id = core::NewId();
    auto s = server_.app().db().Run([&](db::Connection& c) -> core::Result<void> {
      RETURN_IF_ERROR(
          c.Execute(kInsert, {id, person_id, kind, cm_.user_id, server_.clock().NowMillis()}));
      return core::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.error().message;
    return id;
  }

  std::unique_ptr<db::testing::TestDatabase> database_ = testing_env::BackendDatabase(GetParam());
  TestServer server_{database_ ? database_->url() : std::string()};
  std::string city_, office_, clinic_, other_clinic_, person_, base_;
  Account cm_, nurse_, outsider_, muni_admin_;
  Client cm_client_{server_}, nurse_client_{server_}, admin_client_{server_};
};

TEST_P(ApiConsentTest, CareManagerRecordsListsAndWithdrawsConsent) {
  json::object family = Consent();
  family["scopes"] = json::object{{"family", true}};
  family["given_by"] = "representative";
  family["representative_name"] = "山田 一郎";
  family["representative_relation"] = "長男";
  family["method"] = "verbal";
  family["note"] = "電話で確認";
  server_.clock().Advance(std::chrono::seconds(1));  // newer than the registration's consent
  Reply created = cm_client_.Post(base_ + "/consents", family);
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(created.body.at("scopes"),
            J(R"({"team":false,"emergency":false,"disaster":false,"family":true})"));
  EXPECT_EQ(Str(created.body, "representative_relation"), "長男");
  EXPECT_EQ(Str(created.body.at("obtained_by"), "name"), "田中 一郎");
  EXPECT_TRUE(created.body.at("withdrawn_at").is_null());
  EXPECT_TRUE(created.body.at("withdrawn_by").is_null());

  Reply list = nurse_client_.Get(base_ + "/consents");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body.at("items").as_array().size(), 2u);
  EXPECT_EQ(Str(list.body.at("items").at(0), "id"), Str(created.body, "id"));  // newest first

  Reply withdrawn = Withdraw(cm_client_, Str(created.body, "id"));
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.raw;
  EXPECT_EQ(Str(withdrawn.body, "withdrawn_on"), Today());
  EXPECT_EQ(Str(withdrawn.body, "withdrawal_reason"), "本人の希望");
  EXPECT_EQ(Str(withdrawn.body.at("withdrawn_by"), "id"), cm_.user_id);
  EXPECT_TRUE(withdrawn.body.at("withdrawn_at").is_int64());
  EXPECT_EQ(Withdraw(cm_client_, Str(created.body, "id")).status, 409);  // not twice
  Reply person = cm_client_.Get(base_);
  EXPECT_EQ(person.body.at("consent").at("family"), false);
  EXPECT_EQ(person.body.at("consent").at("team"), true);
}

TEST_P(ApiConsentTest, WithdrawingTeamConsentEndsMemberAccessAtOnceButNotTheMunicipality) {
  ASSERT_EQ(nurse_client_.Get(base_).status, 200);
  ASSERT_EQ(Withdraw(cm_client_, FirstConsentId()).status, 200);
  EXPECT_EQ(nurse_client_.Get(base_).status, 403);
  EXPECT_EQ(nurse_client_.Get(base_ + "/team").status, 403);
  EXPECT_EQ(cm_client_.Get(base_).status, 403);  // the care manager is a member too
  EXPECT_TRUE(nurse_client_.Get("/api/v1/persons").body.at("items").as_array().empty());
  Reply admin = admin_client_.Get(base_);
  ASSERT_EQ(admin.status, 200);
  EXPECT_EQ(admin.body.at("consent").at("team"), false);
  EXPECT_EQ(admin_client_.Get("/api/v1/persons").body.at("items").as_array().size(), 1u);

  // The care manager may record a new consent even now; access returns with it.
  Reply renewed = cm_client_.Post(base_ + "/consents", Consent());
  ASSERT_EQ(renewed.status, 201) << renewed.raw;
  EXPECT_EQ(nurse_client_.Get(base_).status, 200);
}

TEST_P(ApiConsentTest, OnlyTheCareManagerOrTheMunicipalityRecordsConsent) {
  EXPECT_EQ(nurse_client_.Post(base_ + "/consents", Consent()).status, 403);
  EXPECT_EQ(Withdraw(nurse_client_, FirstConsentId()).status, 403);
  Client outsider(server_);
  outsider.Login(outsider_);
  EXPECT_EQ(outsider.Post(base_ + "/consents", Consent()).status, 403);
  EXPECT_EQ(outsider.Get(base_ + "/consents").status, 403);
  EXPECT_EQ(admin_client_.Post(base_ + "/consents", Consent()).status, 201);
  EXPECT_EQ(cm_client_.Get(base_ + "/consents").body.at("items").as_array().size(), 2u);
}

TEST_P(ApiConsentTest, ConsentFieldsAreValidated) {
  for (const auto& [key, value, path] :
       std::vector<std::tuple<std::string, json::value, std::string>>{
           {"scopes", J(R"({"team":false})"), "scopes"},
           {"scopes", nullptr, "scopes"},
           {"scopes", J(R"({"team":true,"all":true})"), "scopes.all"},
           {"obtained_on", "2999-01-01", "obtained_on"},
           {"obtained_on", "令和8年1月1日", "obtained_on"},
           {"given_by", "representative", "representative_name"},
           {"given_by", "friend", "given_by"},
           {"method", "email", "method"},
           {"scan_attachment_id", "scan.pdf", "scan_attachment_id"},
           {"scan_attachment_id", json::value(core::NewId()), "scan_attachment_id"},
           {"note", json::value(std::string(2001, 'x')), "note"},
           {"signed", true, "signed"}}) {
    json::object body = Consent();
    if (value.is_null()) {
      body.erase(key);
    } else {
      body[key] = value;
    }
    Reply r = cm_client_.Post(base_ + "/consents", body);
    EXPECT_EQ(r.status, 400) << key << ": " << r.raw;
    EXPECT_TRUE(r.NamesField(path)) << key << " should name " << path << ": " << r.raw;
  }
  std::string id = FirstConsentId();
  Reply no_reason = cm_client_.Post(base_ + "/consents/" + id + "/withdraw",
                                    json::object{{"withdrawn_on", Today()}});
  EXPECT_TRUE(no_reason.NamesField("reason"));
  Reply before = cm_client_.Post(base_ + "/consents/" + id + "/withdraw",
                                 J(R"({"withdrawn_on":"2000-01-01","reason":"x"})"));
  EXPECT_EQ(before.status, 400);
  EXPECT_TRUE(before.NamesField("withdrawn_on")) << before.raw;
  EXPECT_EQ(cm_client_
                .Post(base_ + "/consents/" + core::NewId() + "/withdraw",
                      json::object{{"withdrawn_on", Today()}, {"reason", "x"}})
                .status,
            404);
}

TEST_P(ApiConsentTest, ScanMustBeAnUploadOfThisPerson) {
  std::string consent = FirstConsentId();
  std::string file = AddAttachment(person_);
  Reply r = cm_client_.Put(base_ + "/consents/" + consent + "/scan",
                           json::object{{"attachment_id", file}});
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(Str(r.body, "scan_attachment_id"), file);
  static constexpr db::Statement kOwner{
      "test_attachment_owner", "SELECT owner_type, owner_id FROM attachments WHERE id = $1"};
  auto owner = server_.app().db().Get<std::optional<db::Row>>(
      [&](db::Connection& c) { return c.QueryOne(kOwner, {file}); });
  ASSERT_TRUE(owner.ok() && owner->has_value());
  EXPECT_EQ((*owner)->Text(0), "consent");
  EXPECT_EQ((*owner)->Text(1), consent);

  // Someone else's upload, a malformed id, and a file already used elsewhere are refused.
  Reply other = cm_client_.Post("/api/v1/persons", json::object{{"municipality_code", "991015"},
                                                                {"name", "別人"},
                                                                {"kana", "ベツジン"},
                                                                {"sex", "male"},
                                                                {"birth_date", "1950-01-01"},
                                                                {"address", "群青市"},
                                                                {"categories", json::array{}},
                                                                {"consent", Consent()}});
  std::string foreign = AddAttachment(Str(other.body, "id"));
  for (const auto& id : {foreign, std::string("scan.pdf"), std::string("")}) {
    Reply bad = cm_client_.Put(base_ + "/consents/" + consent + "/scan",
                               json::object{{"attachment_id", id}});
    EXPECT_EQ(bad.status, 400) << id;
    EXPECT_TRUE(bad.NamesField("attachment_id")) << bad.raw;
  }
  Reply renewed = cm_client_.Post(base_ + "/consents", Consent());
  Reply used = cm_client_.Put(base_ + "/consents/" + Str(renewed.body, "id") + "/scan",
                              json::object{{"attachment_id", file}});
  EXPECT_TRUE(used.NamesField("attachment_id")) << used.raw;
  EXPECT_EQ(cm_client_
                .Put(base_ + "/consents/" + core::NewId() + "/scan",
                     json::object{{"attachment_id", AddAttachment(person_)}})
                .status,
            404);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiConsentTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace

// API tests of persons against the real server: registration with and without consent, the
// detail, identity updates with optimistic concurrency and history, every part of the care
// profile with its versions, the status history, the person list, and who gets 403 on every
// person URL (with the refusal in the audit log).
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "core/id.h"
#include "core/municipality_code.h"
#include "core/wareki.h"
#include "db/testing.h"
#include "test_env.h"

namespace {

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

json::value J(std::string_view text) { return json::parse(text); }

/// The database of a test's server: SQLite in the server's data directory, or a fresh
/// PostgreSQL schema (TSUNAGARI_TEST_PG) so that the API is exercised on both backends.
class ApiPersonsTest : public ::testing::TestWithParam<std::string> {
 protected:
  ApiPersonsTest() {
    server_.CreateMunicipality("991015", "群青市");
    server_.CreateMunicipality("991023", "翠町");
    city_ = server_.CreateOrganization("991015", "municipal_department", "群青市 長寿介護課");
    other_city_ = server_.CreateOrganization("991023", "municipal_department", "翠町 福祉課");
    office_ = server_.CreateOrganization("991015", "care_management", "群青居宅介護支援");
    clinic_ = server_.CreateOrganization("991015", "clinic", "群青クリニック");
    other_clinic_ = server_.CreateOrganization("991015", "clinic", "あおば内科");
    cm_ = server_.CreateNamedUser("cm", office_, "member", "田中 一郎", "タナカ イチロウ",
                                  "care_manager");
    nurse_ =
        server_.CreateNamedUser("nurse", clinic_, "member", "鈴木 花子", "スズキ ハナコ", "nurse");
    outsider_ = server_.CreateNamedUser("outsider", other_clinic_, "member", "部外 者",
                                        "ブガイ シャ", "doctor");
    muni_admin_ = server_.CreateUser("muni.admin", city_, "municipality_admin");
    other_admin_ = server_.CreateUser("other.admin", other_city_, "municipality_admin");
    sysadmin_ = server_.CreateUser("sys.admin", "", "", true, "staff", true);
    family_ = server_.CreateUser("family.yamada", "", "", false, "family");
    EXPECT_EQ(cm_client_.Login(cm_).status, 200);
  }

  std::string Today() {
    return core::FormatIsoDate(core::DateFromEpochMillisJst(server_.clock().NowMillis()));
  }
  std::string DaysFromToday(int days) {
    return core::FormatIsoDate(core::DateFromEpochMillisJst(server_.clock().NowMillis() +
                                                            int64_t{days} * 24 * 60 * 60 * 1000));
  }

  json::object Consent() {
    return json::object{{"scopes", json::object{{"team", true}, {"emergency", true}}},
                        {"obtained_on", Today()},
                        {"given_by", "self"},
                        {"method", "written"}};
  }
  json::object NewPerson(const std::string& name = "山田 花子",
                         const std::string& kana = "やまだ はなこ", bool consent = true) {
    json::object o{{"municipality_code", "991015"},
                   {"name", name},
                   {"kana", kana},
                   {"sex", "female"},
                   {"birth_date", "1940-02-03"},
                   {"address", "群青市本町1-2-3"},
                   {"categories", json::array{"elderly"}}};
    if (consent) o["consent"] = Consent();
    return o;
  }
  /// Registers through the API as the care manager; returns the person id.
  std::string Register(const std::string& name = "山田 花子",
                       const std::string& kana = "やまだ はなこ") {
    Reply r = cm_client_.Post("/api/v1/persons", NewPerson(name, kana));
    EXPECT_EQ(r.status, 201) << r.raw;
    return Str(r.body, "id");
  }
  std::unique_ptr<Client> SignedIn(const Account& a) {
    auto c = std::make_unique<Client>(server_);
    EXPECT_EQ(c->Login(a).status, 200) << a.login_id;
    return c;
  }

  std::unique_ptr<db::testing::TestDatabase> database_ = testing_env::BackendDatabase(GetParam());
  TestServer server_{database_ ? database_->url() : std::string()};
  std::string city_, other_city_, office_, clinic_, other_clinic_;
  Account cm_, nurse_, outsider_, muni_admin_, other_admin_, sysadmin_, family_;
  Client cm_client_{server_};
};

TEST_P(ApiPersonsTest, RegistrationWithConsentMakesTheRegistrantCareManager) {
  Reply r = cm_client_.Post("/api/v1/persons", NewPerson("山田 花子", "ﾔﾏﾀﾞ ﾊﾅｺ"));
  ASSERT_EQ(r.status, 201) << r.raw;
  const json::value& p = r.body;
  EXPECT_EQ(Str(p, "kana"), "ヤマダ\u3000ハナコ");
  EXPECT_EQ(Str(p, "status"), "at_home");
  EXPECT_EQ(Str(p, "status_since"), Today());
  EXPECT_EQ(p.at("version"), 1);
  EXPECT_GE(p.at("age").as_int64(), 85);
  EXPECT_EQ(Str(p.at("created_by"), "name"), "田中 一郎");
  EXPECT_EQ(Str(p.at("created_by"), "profession_code"), "care_manager");
  EXPECT_EQ(p.at("consent"),
            J(R"({"team":true,"emergency":true,"disaster":false,"family":false})"));
  EXPECT_EQ(p.at("access"), J(R"({"team_role":"care_manager","municipality_admin":false,
                                  "can_write":true,"can_manage_team":true,
                                  "can_record_consent":true})"));
  const auto& profile = p.at("profile").as_object();
  EXPECT_EQ(profile.size(), 10u);  // every part, emergency and acp included
  for (const auto& kv : profile) EXPECT_TRUE(kv.value().is_null()) << kv.key();

  std::string id = Str(p, "id");
  Reply team = cm_client_.Get("/api/v1/persons/" + id + "/team");
  ASSERT_EQ(team.status, 200);
  ASSERT_EQ(team.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(Str(team.body.at("items").at(0), "status"), "active");
  EXPECT_EQ(Str(team.body.at("items").at(0), "team_role"), "care_manager");
  EXPECT_EQ(Str(team.body.at("items").at(0), "organization_name"), "群青居宅介護支援");
  Reply status = cm_client_.Get("/api/v1/persons/" + id + "/status");
  ASSERT_EQ(status.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(Str(status.body.at("items").at(0), "status"), "at_home");
  Reply identity = cm_client_.Get("/api/v1/persons/" + id + "/profile/identity/versions");
  ASSERT_EQ(identity.status, 200);
  ASSERT_EQ(identity.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(Str(identity.body.at("items").at(0).at("data"), "name"), "山田 花子");
  Reply consents = cm_client_.Get("/api/v1/persons/" + id + "/consents");
  ASSERT_EQ(consents.body.at("items").as_array().size(), 1u);
}

TEST_P(ApiPersonsTest, WithoutConsentOnlyTheMunicipalityAdminMayRegister) {
  Reply refused = cm_client_.Post("/api/v1/persons", NewPerson("山田 花子", "ヤマダ", false));
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(refused.NamesField("consent")) << refused.raw;
  json::object emergency_only = NewPerson();
  emergency_only["consent"].as_object()["scopes"] = json::object{{"emergency", true}};
  EXPECT_TRUE(cm_client_.Post("/api/v1/persons", emergency_only).NamesField("consent"));

  auto other_admin = SignedIn(other_admin_);
  EXPECT_TRUE(other_admin->Post("/api/v1/persons", NewPerson("山田 花子", "ヤマダ", false))
                  .NamesField("consent"));
  auto admin = SignedIn(muni_admin_);
  Reply ok = admin->Post("/api/v1/persons", NewPerson("山田 花子", "ヤマダ", false));
  ASSERT_EQ(ok.status, 201) << ok.raw;
  EXPECT_EQ(ok.body.at("access").at("municipality_admin"), true);
  EXPECT_EQ(ok.body.at("consent").at("team"), false);
  // Any professional may register with consent, also for another municipality.
  EXPECT_EQ(other_admin->Post("/api/v1/persons", NewPerson()).status, 201);
}

TEST_P(ApiPersonsTest, RegistrationNamesEveryBadField) {
  std::string unknown_code = std::string("13101") + core::MunicipalityCheckDigit("13101");
  struct Case {
    std::string key;
    json::value value;  // null removes the field
    std::string path;
  };
  std::vector<Case> cases = {
      {"municipality_code", nullptr, "municipality_code"},
      {"municipality_code", "991016", "municipality_code"},
      {"municipality_code", json::value(unknown_code), "municipality_code"},
      {"resident_id", "番号1", "resident_id"},
      {"name", nullptr, "name"},
      {"name", json::value(std::string(101, 'a')), "name"},
      {"kana", "山田", "kana"},
      {"sex", "woman", "sex"},
      {"birth_date", "1940/02/03", "birth_date"},
      {"birth_date", json::value(DaysFromToday(1)), "birth_date"},
      {"birth_date", "1879-12-31", "birth_date"},
      {"postal_code", "123-456", "postal_code"},
      {"address", nullptr, "address"},
      {"latitude", 60, "latitude"},
      {"longitude", 100, "longitude"},
      {"location_source", "gps", "location_source"},
      {"phone", "電話", "phone"},
      {"categories", J(R"(["elderly","robot"])"), "categories[1]"},
      {"team_role", "captain", "team_role"},
      {"consent", J(R"({"scopes":{},"given_by":"self","method":"written"})"), "consent.scopes"},
      {"consent", J(R"({"scopes":{"team":true},"given_by":"self","method":"written"})"),
       "consent.obtained_on"},
      {"consent",
       J(R"({"scopes":{"team":true},"obtained_on":"2020-01-01","given_by":"representative","method":"verbal"})"),
       "consent.representative_name"},
      {"consent",
       J(R"({"scopes":{"team":true},"obtained_on":"2020-01-01","given_by":"self","method":"fax"})"),
       "consent.method"},
      {"consent",
       json::value(json::object{{"scopes", json::object{{"team", true}}},
                                {"obtained_on", "2020-01-01"},
                                {"given_by", "self"},
                                {"method", "written"},
                                {"scan_attachment_id", core::NewId()}}),
       "consent.scan_attachment_id"},  // no upload of this (new) person can exist
      {"nickname", "はなちゃん", "nickname"},
  };
  for (const auto& c : cases) {
    json::object body = NewPerson();
    if (c.value.is_null()) {
      body.erase(c.key);
    } else {
      body[c.key] = c.value;
    }
    Reply r = cm_client_.Post("/api/v1/persons", body);
    EXPECT_EQ(r.status, 400) << c.key << ": " << r.raw;
    EXPECT_TRUE(r.NamesField(c.path)) << c.key << " should name " << c.path << ": " << r.raw;
  }
  Reply list = cm_client_.Get("/api/v1/persons");
  EXPECT_TRUE(list.body.at("items").as_array().empty());  // nothing half-registered
}

TEST_P(ApiPersonsTest, IdentityUpdateKeepsVersionsAndRefusesAStaleBase) {
  std::string id = Register();
  json::object body = NewPerson("山田 はな", "やまだ はな", false);
  body["phone"] = "090-1111-2222";
  body["base_version"] = 1;
  Reply first = cm_client_.Put("/api/v1/persons/" + id, body);
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.body.at("version"), 2);
  EXPECT_EQ(Str(first.body, "name"), "山田 はな");
  EXPECT_EQ(Str(first.body, "phone"), "090-1111-2222");
  body["name"] = "山田 華";
  Reply stale = cm_client_.Put("/api/v1/persons/" + id, body);
  EXPECT_EQ(stale.status, 409);
  EXPECT_TRUE(stale.NamesField("base_version")) << stale.raw;

  Reply versions = cm_client_.Get("/api/v1/persons/" + id + "/profile/identity/versions");
  ASSERT_EQ(versions.status, 200);
  const auto& items = versions.body.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("version"), 2);
  EXPECT_EQ(Str(items[0].at("data"), "name"), "山田 はな");
  EXPECT_EQ(Str(items[1].at("data"), "name"), "山田 花子");
  EXPECT_EQ(Str(items[0].at("changed_by"), "name"), "田中 一郎");

  // The municipality stays unless someone who administers the new one moves the record.
  body["base_version"] = 2;
  body["municipality_code"] = "991023";
  EXPECT_TRUE(cm_client_.Put("/api/v1/persons/" + id, body).NamesField("municipality_code"));

  for (const auto& [key, value, path] :
       std::vector<std::tuple<std::string, json::value, std::string>>{
           {"kana", "Hana", "kana"},
           {"base_version", "2", "base_version"},
           {"base_version", nullptr, "base_version"},
           {"team_role", "nurse", "team_role"},
           {"birth_date", "1940-02-30", "birth_date"},
           {"latitude", 35.0, "longitude"}}) {
    json::object b = NewPerson("山田 はな", "やまだ はな", false);
    b["base_version"] = 2;
    if (value.is_null()) {
      b.erase(key);
    } else {
      b[key] = value;
    }
    Reply r = cm_client_.Put("/api/v1/persons/" + id, b);
    EXPECT_EQ(r.status, 400) << key;
    EXPECT_TRUE(r.NamesField(path)) << key << ": " << r.raw;
  }
}

TEST_P(ApiPersonsTest, ProfilePartsKeepEveryVersionAndRefuseAStaleBase) {
  std::string id = Register();
  std::string url = "/api/v1/persons/" + id + "/profile/care_level";
  EXPECT_EQ(cm_client_.Get(url).status, 404);  // never recorded
  Reply v1 = cm_client_.Put(url, J(R"({"data":{"level":"care_1","valid_from":"2026-04-01"},
                                       "base_version":0})"));
  ASSERT_EQ(v1.status, 200) << v1.raw;
  EXPECT_EQ(v1.body.at("version"), 1);
  Reply v2 = cm_client_.Put(url, J(R"({"data":{"level":"care_2"},"base_version":1})"));
  ASSERT_EQ(v2.status, 200) << v2.raw;
  EXPECT_EQ(v2.body.at("version"), 2);
  EXPECT_EQ(Str(v2.body.at("changed_by"), "name"), "田中 一郎");
  Reply stale = cm_client_.Put(url, J(R"({"data":{"level":"care_3"},"base_version":1})"));
  EXPECT_EQ(stale.status, 409);
  EXPECT_TRUE(stale.NamesField("base_version"));

  Reply current = cm_client_.Get(url);
  ASSERT_EQ(current.status, 200);
  EXPECT_EQ(current.body.at("data"), J(R"({"level":"care_2"})"));
  Reply versions = cm_client_.Get(url + "/versions");
  ASSERT_EQ(versions.body.at("items").as_array().size(), 2u);
  EXPECT_EQ(versions.body.at("items").at(0).at("data"), J(R"({"level":"care_2"})"));
  EXPECT_EQ(versions.body.at("items").at(1).at("data"),
            J(R"({"level":"care_1","valid_from":"2026-04-01"})"));
  Reply detail = cm_client_.Get("/api/v1/persons/" + id);
  EXPECT_EQ(detail.body.at("profile").at("care_level").at("version"), 2);
  EXPECT_TRUE(detail.body.at("profile").at("living").is_null());
  EXPECT_EQ(cm_client_.Get("/api/v1/persons/" + id + "/profile/hobbies").status, 404);
}

// ACP (spec 08): each version is one discussion, signed off by whoever saved it; earlier
// versions stay, and a new version is never saved without its own sign-off.
TEST_P(ApiPersonsTest, AcpVersionsAreSignedOffByTheirRecorderAndKept) {
  std::string id = Register();
  server_.AddTeamMember(id, nurse_.user_id, "visiting_nurse");
  std::string url = "/api/v1/persons/" + id + "/profile/acp";
  const std::string first = R"({"discussed_on":"2026-06-01","participants":[
      {"name":"山田 花子","relation":"本人"},{"name":"田中 一郎","relation":"ケアマネジャー"}],
      "resuscitation":"undecided","end_of_life_place":"home","signed_off":true})";
  Reply v1 = cm_client_.Put(url, json::object{{"data", J(first)}, {"base_version", 0}});
  ASSERT_EQ(v1.status, 200) << v1.raw;

  auto nurse = SignedIn(nurse_);
  json::object second = J(first).as_object();
  second["discussed_on"] = "2026-11-01";
  second["resuscitation"] = "does_not_want";
  second.erase("signed_off");
  Reply unsigned_version = nurse->Put(url, json::object{{"data", second}, {"base_version", 1}});
  EXPECT_EQ(unsigned_version.status, 400);
  EXPECT_TRUE(unsigned_version.NamesField("acp.signed_off")) << unsigned_version.raw;
  second["signed_off"] = true;
  Reply v2 = nurse->Put(url, json::object{{"data", second}, {"base_version", 1}});
  ASSERT_EQ(v2.status, 200) << v2.raw;
  EXPECT_EQ(v2.body.at("version"), 2);
  EXPECT_FALSE(v2.body.at("data").as_object().contains("signed_off"));

  Reply versions = cm_client_.Get(url + "/versions");
  ASSERT_EQ(versions.status, 200);
  const auto& items = versions.body.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items.at(0).at("data").at("resuscitation"), "does_not_want");
  EXPECT_EQ(Str(items.at(0).at("changed_by"), "id"), nurse_.user_id);
  EXPECT_EQ(items.at(1).at("data").at("resuscitation"), "undecided");
  EXPECT_EQ(Str(items.at(1).at("changed_by"), "id"), cm_.user_id);
}

TEST_P(ApiPersonsTest, EveryProfilePartIsSavedAndItsBadValuesNamed) {
  std::string id = Register();
  std::string doctor =
      server_.CreateNamedUser("doctor", clinic_, "member", "高橋 医師", "タカハシ イシ", "doctor")
          .user_id;
  const std::map<std::string, std::string> good = {
      {"care_level", R"({"level":"support_2","insured_number":"0123456789"})"},
      {"disability",
       R"({"support_category":"2","certificates":[{"type":"physical","grade":"3級"}]})"},
      {"key_persons", R"({"items":[{"name":"山田 一郎","relation":"長男","phones":["090-1111-2222"],
                           "lives_with":true,"call_order":1}]})"},
      {"providers", R"({"primary_doctor":{"organization_id":")" + clinic_ + R"(","user_id":")" +
                        doctor + R"("},"pharmacy":{"name":"みどり薬局"}})"},
      {"medical",
       R"({"history":[{"name":"脳梗塞","since":"2019-05-01"}],"allergies":[{"substance":"卵"}]})"},
      {"prescriptions", R"({"items":[{"drug":"アムロジピン","start":"2026-01-01"}]})"},
      {"devices", R"({"items":[{"type":"home_oxygen"}]})"},
      {"living", R"({"arrangement":"alone","floor":2,"elevator":false})"},
      {"emergency", R"({"kit_location":"冷蔵庫","blood_type":"A","rh":"positive"})"},
      {"acp", R"({"discussed_on":"2026-10-01","participants":[{"name":"本人","relation":"本人"}],
                  "resuscitation":"does_not_want","signed_off":true})"},
  };
  for (const auto& [part, data] : good) {
    Reply r = cm_client_.Put("/api/v1/persons/" + id + "/profile/" + part,
                             json::object{{"data", J(data)}, {"base_version", 0}});
    EXPECT_EQ(r.status, 200) << part << ": " << r.raw;
  }
  Reply detail = cm_client_.Get("/api/v1/persons/" + id);
  for (const auto& [part, data] : good) {
    EXPECT_EQ(detail.body.at("profile").at(part).at("version"), 1) << part;
  }

  const std::vector<std::tuple<std::string, std::string, std::string>> bad = {
      {"care_level", R"({"level":"care_9"})", "care_level.level"},
      {"disability", R"({"certificates":[{"type":"hearing","grade":"1"}]})",
       "disability.certificates[0].type"},
      {"key_persons", R"({"items":[{"name":"A","relation":"子","call_order":1},
                                   {"name":"B","relation":"子","call_order":2,"phones":["x"]}]})",
       "key_persons.items[1].phones[0]"},
      {"providers", R"({"primary_doctor":{"organization_id":")" + core::NewId() + R"("}})",
       "providers.primary_doctor.organization_id"},
      {"providers", R"({"care_manager":{"user_id":")" + core::NewId() + R"("}})",
       "providers.care_manager.user_id"},
      {"providers", R"({"pharmacy":{"note":"近所"}})", "providers.pharmacy.name"},
      {"medical", R"({"allergies":[{"substance":"卵","severity":"fatal"}]})",
       "medical.allergies[0].severity"},
      {"prescriptions", R"({"items":[{"drug":"A","start":"2026-02-01","end":"2026-01-01"}]})",
       "prescriptions.items[0].end"},
      {"devices", R"({"items":[{"type":"jetpack"}]})", "devices.items[0].type"},
      {"living", R"({"arrangement":"alone","floor":"2"})", "living.floor"},
      {"emergency", R"({"blood_type":"Z"})", "emergency.blood_type"},
      {"acp", R"({"discussed_on":"2026-10-01","participants":[{"name":"本人","relation":"本人"}],
                  "resuscitation":"does_not_want"})",
       "acp.signed_off"},
  };
  for (const auto& [part, data, path] : bad) {
    Reply r = cm_client_.Put("/api/v1/persons/" + id + "/profile/" + part,
                             json::object{{"data", J(data)}, {"base_version", 1}});
    EXPECT_EQ(r.status, 400) << part << ": " << r.raw;
    EXPECT_TRUE(r.NamesField(path)) << part << " should name " << path << ": " << r.raw;
  }
  Reply no_data =
      cm_client_.Put("/api/v1/persons/" + id + "/profile/living", J(R"({"base_version":1})"));
  EXPECT_TRUE(no_data.NamesField("data"));
}

TEST_P(ApiPersonsTest, StatusHistoryAndTheCurrentStatus) {
  std::string id = Register();
  std::string url = "/api/v1/persons/" + id + "/status";
  server_.clock().Advance(std::chrono::seconds(1));  // same day as registration, recorded later
  Reply admitted = cm_client_.Post(
      url, json::object{{"status", "hospitalized"}, {"since", Today()}, {"place", "群青病院"}});
  ASSERT_EQ(admitted.status, 201) << admitted.raw;
  EXPECT_EQ(Str(admitted.body.at("recorded_by"), "name"), "田中 一郎");
  server_.clock().Advance(std::chrono::seconds(1));
  // Back-dated: goes into the history without replacing the present.
  EXPECT_EQ(
      cm_client_.Post(url, json::object{{"status", "short_stay"}, {"since", DaysFromToday(-30)}})
          .status,
      201);
  Reply person = cm_client_.Get("/api/v1/persons/" + id);
  EXPECT_EQ(Str(person.body, "status"), "hospitalized");
  EXPECT_EQ(Str(person.body, "status_since"), Today());
  Reply history = cm_client_.Get(url);
  const auto& items = history.body.at("items").as_array();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(Str(items[0], "status"), "hospitalized");
  EXPECT_EQ(Str(items[2], "status"), "short_stay");

  for (const auto& [body, path] : std::vector<std::pair<json::value, std::string>>{
           {J(R"({"status":"asleep","since":"2026-01-01"})"), "status"},
           {J(R"({"status":"died"})"), "since"},
           {json::object{{"status", "died"}, {"since", DaysFromToday(1)}}, "since"},
           {J(R"({"status":"died","since":"1930-01-01"})"), "since"},  // before birth
           {json::object{{"status", "died"}, {"since", Today()}, {"place", std::string(101, 'x')}},
            "place"},
           {json::object{{"status", "died"}, {"since", Today()}, {"note", std::string(2001, 'x')}},
            "note"},
           {J(R"({"status":"died","since":"2026-01-01","by":"me"})"), "by"}}) {
    Reply r = cm_client_.Post(url, body);
    EXPECT_EQ(r.status, 400) << path << ": " << r.raw;
    EXPECT_TRUE(r.NamesField(path)) << path << ": " << r.raw;
  }
}

TEST_P(ApiPersonsTest, ListShowsOnlyReadablePersonsWithSearchFiltersAndPages) {
  std::string a = Register("青木 ハル", "あおき はる");
  std::string b = Register("馬場 次郎", "ばば じろう");
  std::string c = Register("千葉 三郎", "ちば さぶろう");
  server_.AddTeamMember(b, nurse_.user_id, "visiting_nurse");
  auto nurse = SignedIn(nurse_);
  Reply mine = nurse->Get("/api/v1/persons");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  ASSERT_EQ(mine.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(Str(mine.body.at("items").at(0), "id"), b);
  EXPECT_EQ(Str(mine.body.at("items").at(0), "my_team_role"), "visiting_nurse");

  auto admin = SignedIn(muni_admin_);
  Reply all = admin->Get("/api/v1/persons");
  ASSERT_EQ(all.body.at("items").as_array().size(), 3u);
  EXPECT_EQ(Str(all.body.at("items").at(0), "kana"), "アオキ\u3000ハル");  // kana order
  EXPECT_TRUE(all.body.at("items").at(0).at("my_team_role").is_null());
  EXPECT_TRUE(SignedIn(outsider_)->Get("/api/v1/persons").body.at("items").as_array().empty());
  EXPECT_TRUE(SignedIn(other_admin_)->Get("/api/v1/persons").body.at("items").as_array().empty());

  for (const char* typed : {"ばば", "ﾊﾞﾊﾞ", "バ", "次郎"}) {
    Reply r = cm_client_.Get("/api/v1/persons?q=" + Encode(typed));
    ASSERT_EQ(r.body.at("items").as_array().size(), 1u) << typed;
    EXPECT_EQ(Str(r.body.at("items").at(0), "id"), b) << typed;
  }
  EXPECT_EQ(
      cm_client_.Get("/api/v1/persons?q=" + Encode("はる")).body.at("items").as_array().size(),
      1u);                                           // ハル is part of the name
  server_.clock().Advance(std::chrono::seconds(1));  // recorded after the registration's entry
  cm_client_.Post("/api/v1/persons/" + c + "/status",
                  json::object{{"status", "hospitalized"}, {"since", Today()}});
  Reply hospitalized = cm_client_.Get("/api/v1/persons?status=hospitalized");
  ASSERT_EQ(hospitalized.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(Str(hospitalized.body.at("items").at(0), "id"), c);
  EXPECT_EQ(cm_client_.Get("/api/v1/persons?category=elderly&municipality=991015")
                .body.at("items")
                .as_array()
                .size(),
            3u);
  EXPECT_TRUE(
      cm_client_.Get("/api/v1/persons?category=watched").body.at("items").as_array().empty());

  Reply page1 = cm_client_.Get("/api/v1/persons?limit=2");
  ASSERT_EQ(page1.body.at("items").as_array().size(), 2u);
  ASSERT_TRUE(page1.body.at("next_cursor").is_string());
  Reply page2 = cm_client_.Get("/api/v1/persons?limit=2&cursor=" + Str(page1.body, "next_cursor"));
  ASSERT_EQ(page2.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(Str(page2.body.at("items").at(0), "id"), b);  // あおき, ちば | ばば (code-point order)
  EXPECT_TRUE(page2.body.at("next_cursor").is_null());
  (void)a;

  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"category=robot", "category"},
                                                        {"status=asleep", "status"},
                                                        {"municipality=12", "municipality"},
                                                        {"limit=0", "limit"},
                                                        {"limit=101", "limit"},
                                                        {"limit=ten", "limit"},
                                                        {"cursor=zz", "cursor"}}) {
    Reply r = cm_client_.Get("/api/v1/persons?" + query);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_TRUE(r.NamesField(field)) << query << ": " << r.raw;
  }
  auto sys = SignedIn(sysadmin_);
  Reply audit = SearchAudit(server_, *sys, "action=person.list&user_id=" + cm_.user_id);
  ASSERT_EQ(audit.status, 200);
  EXPECT_FALSE(audit.body.at("items").as_array().empty());
}

TEST_P(ApiPersonsTest, EveryPersonUrlRefusesOutsidersAdminsOfOtherPlacesSystemAdminsAndFamily) {
  std::string id = Register();
  std::string consent_id =
      Str(cm_client_.Get("/api/v1/persons/" + id + "/consents").body.at("items").at(0), "id");
  const std::string base = "/api/v1/persons/" + id;
  struct Call {
    std::string method, path;
    json::value body;
  };
  const std::vector<Call> calls = {
      {"GET", base, nullptr},
      {"PUT", base, NewPerson()},
      {"GET", base + "/profile/living", nullptr},
      {"PUT", base + "/profile/living", J(R"({"data":{"arrangement":"alone"},"base_version":0})")},
      {"GET", base + "/profile/living/versions", nullptr},
      {"GET", base + "/status", nullptr},
      {"POST", base + "/status", J(R"({"status":"died","since":"2026-01-01"})")},
      {"GET", base + "/consents", nullptr},
      {"POST", base + "/consents", json::value(Consent())},
      {"POST", base + "/consents/" + consent_id + "/withdraw", J(R"({"reason":"x"})")},
      {"PUT", base + "/consents/" + consent_id + "/scan", J(R"({})")},
      {"GET", base + "/team", nullptr},
      {"POST", base + "/team/invitations",
       json::object{{"user_id", nurse_.user_id}, {"team_role", "nurse"}}},
      {"POST", base + "/team/accept", J("{}")},
      {"POST", base + "/team/decline", J("{}")},
      {"POST", base + "/team/leave", J("{}")},
      {"PUT", base + "/team/members/" + cm_.user_id, J(R"({"team_role":"nurse"})")},
      {"DELETE", base + "/team/members/" + cm_.user_id, nullptr},
  };
  for (const Account* who : {&outsider_, &other_admin_, &sysadmin_, &family_}) {
    Client client(server_);
    client.Login(*who);
    for (const auto& call : calls) {
      std::string body = call.body.is_null() ? "" : json::serialize(call.body);
      Reply r = client.Send(call.method, call.path, body, body.empty() ? "" : "application/json");
      EXPECT_EQ(r.status, 403) << who->login_id << " " << call.method << " " << call.path << ": "
                               << r.raw;
    }
  }
  // Unknown and malformed person ids look exactly the same.
  server_.clock().Advance(std::chrono::seconds(30));  // the outsider's TOTP code was used above
  auto outsider = SignedIn(outsider_);
  EXPECT_EQ(outsider->Get("/api/v1/persons/" + core::NewId()).status, 403);
  EXPECT_EQ(cm_client_.Get("/api/v1/persons/" + core::NewId()).status, 403);
  EXPECT_EQ(cm_client_.Get("/api/v1/persons/not-an-id/team").status, 403);
  EXPECT_EQ(cm_client_.Post("/api/v1/persons/%FF/team/accept", json::object{}).status,
            403);  // not even UTF-8
  // Nothing changed.
  Reply person = cm_client_.Get(base);
  EXPECT_EQ(person.body.at("version"), 1);
  EXPECT_EQ(Str(person.body, "status"), "at_home");
}

TEST_P(ApiPersonsTest, ReadsAndRefusalsAreInTheAuditLogWithThePersonId) {
  std::string id = Register();
  ASSERT_EQ(cm_client_.Get("/api/v1/persons/" + id).status, 200);
  auto outsider = SignedIn(outsider_);
  ASSERT_EQ(outsider->Get("/api/v1/persons/" + id).status, 403);
  auto sys = SignedIn(sysadmin_);
  Reply audit = SearchAudit(server_, *sys, "person_id=" + id);
  ASSERT_EQ(audit.status, 200) << audit.raw;
  bool read = false, denied = false, created = false;
  for (const auto& e : audit.body.at("items").as_array()) {
    EXPECT_EQ(Str(e, "person_id"), id);
    if (Str(e, "action") == "person.create" && Str(e, "user_id") == cm_.user_id) created = true;
    if (Str(e, "outcome") == "ok" && Str(e, "action") == "person.read" &&
        Str(e, "user_id") == cm_.user_id) {
      read = true;
      EXPECT_EQ(Str(e, "municipality_code"), "991015");
      EXPECT_EQ(Str(e, "reason"), "team:care_manager");
    }
    if (Str(e, "outcome") == "denied" && Str(e, "user_id") == outsider_.user_id) denied = true;
  }
  EXPECT_TRUE(created);
  EXPECT_TRUE(read);
  EXPECT_TRUE(denied);
}

TEST_P(ApiPersonsTest, MunicipalityAdminReadsAndWritesWithoutBeingInTheTeam) {
  std::string id = Register();
  auto admin = SignedIn(muni_admin_);
  Reply r = admin->Get("/api/v1/persons/" + id);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body.at("access"), J(R"({"team_role":null,"municipality_admin":true,
                                       "can_write":true,"can_manage_team":true,
                                       "can_record_consent":true})"));
  EXPECT_EQ(admin
                ->Put("/api/v1/persons/" + id + "/profile/living",
                      J(R"({"data":{"arrangement":"with_family"},"base_version":0})"))
                .status,
            200);
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiPersonsTest, ::testing::ValuesIn(db::testing::Backends()),
                         db::testing::BackendName());

}  // namespace

// Unit tests of the person field rules: every identity field, every part of the care profile,
// status, consent and team requests — what is accepted, how it is normalised, and that every
// bad value is reported with the path of the field at fault.
#include "care/person_validation.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

namespace care {
namespace {

namespace json = boost::json;

const core::Date kToday{2026, 11, 21};

json::object Obj(std::string_view text) { return json::parse(text).as_object(); }

/// The paths named by a failed result ("" when it succeeded).
template <typename T>
std::set<std::string> Paths(const Result<T>& r) {
  std::set<std::string> out;
  if (r.ok()) return out;
  if (!r.error().field.empty()) out.insert(r.error().field);
  for (const auto& d : r.error().details) out.insert(d.field);
  return out;
}

/// The detail code for `path`, or "".
template <typename T>
std::string CodeAt(const Result<T>& r, const std::string& path) {
  if (r.ok()) return {};
  for (const auto& d : r.error().details) {
    if (d.field == path) return d.code;
  }
  return {};
}

json::object ValidIdentity() {
  return Obj(R"({"municipality_code":"991015","name":"山田 花子","kana":"やまだ はなこ",
                 "sex":"female","birth_date":"1940-02-03","address":"群青市本町1-2-3",
                 "categories":["elderly"]})");
}

Result<Registration> Register(json::object body) { return ParseRegistration(body, kToday); }

/// `body` with `key` set to the JSON `value` (or removed when `value` is empty).
json::object With(json::object body, const std::string& key, std::string_view value) {
  if (value.empty()) {
    body.erase(key);
  } else {
    body[key] = json::parse(value);
  }
  return body;
}

// ---- registration and identity ----

TEST(PersonValidationTest, MinimalRegistrationIsAcceptedWithDefaults) {
  auto r = Register(ValidIdentity());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->identity.kana, "ヤマダ\u3000ハナコ");  // stored as full-width katakana
  EXPECT_EQ(r->team_role, "care_manager");
  EXPECT_EQ(r->identity.location_source, "none");
  EXPECT_FALSE(r->consent.has_value());
  EXPECT_EQ(r->identity.categories, std::vector<std::string>{"elderly"});
}

TEST(PersonValidationTest, RegistrationNormalisesKanaPostalCodePhoneAndSpaces) {
  json::object body = ValidIdentity();
  body["name"] = "\u3000 山田 花子 ";
  body["kana"] = "ﾔﾏﾀﾞ ﾊﾅｺ";
  body["postal_code"] = "１２３４５６７";
  body["phone"] = "０９０−１２３４−５６７８";
  body["resident_id"] = "００１２３";
  body["latitude"] = 35.5;
  body["longitude"] = 139.5;
  auto r = Register(body);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->identity.name, "山田 花子");
  EXPECT_EQ(r->identity.kana, "ヤマダ\u3000ハナコ");
  EXPECT_EQ(r->identity.postal_code, "123-4567");
  EXPECT_EQ(r->identity.phone, "090-1234-5678");
  EXPECT_EQ(r->identity.resident_id, "00123");
  EXPECT_EQ(r->identity.location_source, "map");  // coordinates without a source: placed by hand
}

struct BadField {
  const char* key;
  const char* value;  // JSON; "" removes the field
  const char* path;
};

class RegistrationFieldTest : public ::testing::TestWithParam<BadField> {};

TEST_P(RegistrationFieldTest, BadValueIsReportedWithItsPath) {
  const BadField& f = GetParam();
  auto r = Register(With(ValidIdentity(), f.key, f.value));
  ASSERT_FALSE(r.ok()) << f.key << " = " << f.value;
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalid);
  EXPECT_TRUE(Paths(r).contains(f.path)) << f.key << " = " << f.value << ": " << r.error().field;
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}
const std::string kName101 = "\"" + Repeat("山", 101) + "\"";
const std::string kKana101 = "\"" + Repeat("ア", 101) + "\"";
const std::string kAddress301 = "\"" + Repeat("町", 301) + "\"";

INSTANTIATE_TEST_SUITE_P(
    EveryIdentityField, RegistrationFieldTest,
    ::testing::Values(
        BadField{"municipality_code", "", "municipality_code"},
        BadField{"municipality_code", R"("991016")", "municipality_code"},  // wrong check digit
        BadField{"municipality_code", "991015", "municipality_code"},       // not a string
        BadField{"resident_id", R"("12#4")", "resident_id"},
        BadField{"resident_id", R"("123456789012345678901")", "resident_id"},
        BadField{"name", "", "name"}, BadField{"name", R"("   ")", "name"},
        BadField{"name", kName101.c_str(), "name"}, BadField{"name", R"("山田\u0007花子")", "name"},
        BadField{"kana", "", "kana"}, BadField{"kana", R"("山田はなこ")", "kana"},
        BadField{"kana", R"("Yamada")", "kana"}, BadField{"sex", "", "sex"},
        BadField{"sex", R"("f")", "sex"}, BadField{"birth_date", "", "birth_date"},
        BadField{"birth_date", R"("1940/02/03")", "birth_date"},
        BadField{"birth_date", R"("昭和15年2月3日")", "birth_date"},
        BadField{"birth_date", R"("1941-02-29")", "birth_date"},
        BadField{"birth_date", R"("2026-11-22")", "birth_date"},  // tomorrow
        BadField{"birth_date", R"("1879-12-31")", "birth_date"},
        BadField{"postal_code", R"("12-34567")", "postal_code"},
        BadField{"postal_code", R"("123456")", "postal_code"}, BadField{"address", "", "address"},
        BadField{"address", R"(12)", "address"},
        BadField{"address", kAddress301.c_str(), "address"},
        BadField{"kana", kKana101.c_str(), "kana"}, BadField{"latitude", R"(10.0)", "latitude"},
        BadField{"latitude", R"("35.1")", "latitude"},
        BadField{"latitude", R"(35.1)", "longitude"},  // latitude alone: longitude missing
        BadField{"longitude", R"(200)", "longitude"}, BadField{"longitude", R"(139.1)", "latitude"},
        BadField{"location_source", R"("gps")", "location_source"},
        BadField{"location_source", R"("geocoded")", "location_source"},  // no coordinates
        BadField{"phone", R"("090-1234-567a")", "phone"},
        BadField{"phone", R"("03(1234)5678")", "phone"}, BadField{"phone", R"("123")", "phone"},
        BadField{"phone", R"("090--1234-5678")", "phone"}, BadField{"categories", "", "categories"},
        BadField{"categories", R"("elderly")", "categories"},
        BadField{"categories", R"(["alien"])", "categories[0]"},
        BadField{"categories", R"(["elderly", "elderly"])", "categories[1]"},
        BadField{"categories", R"(["watched", 3])", "categories[1]"},
        BadField{"team_role", R"("boss")", "team_role"}, BadField{"consent", R"("yes")", "consent"},
        BadField{"nickname", R"("はなちゃん")", "nickname"}));

TEST(PersonValidationTest, LocationSourceNoneWithCoordinatesIsRefused) {
  json::object body = ValidIdentity();
  body["latitude"] = 35.5;
  body["longitude"] = 139.5;
  body["location_source"] = "none";
  EXPECT_TRUE(Paths(Register(body)).contains("location_source"));
}

TEST(PersonValidationTest, AllProblemsAreReportedTogether) {
  auto r = Register(Obj(R"({"name":"","kana":"abc","sex":"x"})"));
  ASSERT_FALSE(r.ok());
  for (const char* path :
       {"municipality_code", "name", "kana", "sex", "birth_date", "address", "categories"}) {
    EXPECT_TRUE(Paths(r).contains(path)) << path;
  }
}

json::object ValidConsent() {
  return Obj(R"({"scopes":{"team":true,"emergency":true},"obtained_on":"2026-11-20",
                 "given_by":"self","method":"written"})");
}

TEST(PersonValidationTest, RegistrationConsentIsReadWithNestedPaths) {
  json::object body = ValidIdentity();
  body["consent"] = ValidConsent();
  auto ok = Register(body);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  ASSERT_TRUE(ok->consent.has_value());
  EXPECT_TRUE(ok->consent->scopes.team);
  EXPECT_FALSE(ok->consent->scopes.family);

  struct Case {
    const char* key;
    const char* value;
    const char* path;
  };
  for (const Case& c :
       {Case{"scopes", "", "consent.scopes"}, Case{"scopes", R"({"team":false})", "consent.scopes"},
        Case{"scopes", R"({"team":"yes"})", "consent.scopes.team"},
        Case{"scopes", R"({"team":true,"police":true})", "consent.scopes.police"},
        Case{"obtained_on", "", "consent.obtained_on"},
        Case{"obtained_on", R"("2026-11-22")", "consent.obtained_on"},
        Case{"obtained_on", R"("20261120")", "consent.obtained_on"},
        Case{"given_by", R"("neighbour")", "consent.given_by"},
        Case{"given_by", R"("representative")", "consent.representative_name"},
        Case{"given_by", R"("representative")", "consent.representative_relation"},
        Case{"method", R"("fax")", "consent.method"}, Case{"method", "", "consent.method"},
        Case{"scan_attachment_id", R"("scan.pdf")", "consent.scan_attachment_id"},
        Case{"note", R"(12)", "consent.note"}, Case{"signature", R"("x")", "consent.signature"}}) {
    json::object b = ValidIdentity();
    b["consent"] = With(ValidConsent(), c.key, c.value);
    EXPECT_TRUE(Paths(Register(b)).contains(c.path)) << c.key << " = " << c.value;
  }
}

TEST(PersonValidationTest, RepresentativeConsentKeepsNameAndRelationSelfDropsThem) {
  json::object c = ValidConsent();
  c["given_by"] = "representative";
  c["representative_name"] = "山田 一郎";
  c["representative_relation"] = "長男";
  auto r = ParseConsent(c, kToday);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->representative_relation, "長男");
  c["given_by"] = "self";
  auto self = ParseConsent(c, kToday);
  ASSERT_TRUE(self.ok());
  EXPECT_FALSE(self->representative_name.has_value());
}

TEST(PersonValidationTest, IdentityUpdateNeedsBaseVersionAndRefusesRegistrationOnlyFields) {
  json::object body = ValidIdentity();
  body.erase("municipality_code");
  EXPECT_EQ(Paths(ParseIdentityUpdate(body, kToday)), std::set<std::string>{"base_version"});
  body["base_version"] = 0;
  EXPECT_TRUE(Paths(ParseIdentityUpdate(body, kToday)).contains("base_version"));
  body["base_version"] = "3";
  EXPECT_TRUE(Paths(ParseIdentityUpdate(body, kToday)).contains("base_version"));
  body["base_version"] = 3;
  auto ok = ParseIdentityUpdate(body, kToday);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_FALSE(ok->municipality_given);
  EXPECT_EQ(ok->base_version, 3);
  body["team_role"] = "nurse";
  body["consent"] = ValidConsent();
  auto extra = ParseIdentityUpdate(body, kToday);
  EXPECT_TRUE(Paths(extra).contains("team_role"));
  EXPECT_TRUE(Paths(extra).contains("consent"));
  body.erase("team_role");
  body.erase("consent");
  body["birth_date"] = "1940-13-01";
  EXPECT_TRUE(Paths(ParseIdentityUpdate(body, kToday)).contains("birth_date"));
}

TEST(PersonValidationTest, BodyErrorsPassThrough) {
  Result<json::object> broken = core::Error::Invalid("body", "malformed", "malformed_json");
  EXPECT_TRUE(Paths(ParseRegistration(broken, kToday)).contains("body"));
  EXPECT_TRUE(Paths(ParseStatus(broken, kToday)).contains("body"));
}

// ---- profile parts ----

Result<std::string> Part(std::string_view part, std::string_view data) {
  return ValidatePartData(part, json::parse(data), kToday);
}

/// Expects `data` for `part` to be refused naming `path`.
void ExpectRefused(std::string_view part, std::string_view data, const std::string& path) {
  auto r = Part(part, data);
  ASSERT_FALSE(r.ok()) << part << ": " << data << " was accepted";
  EXPECT_TRUE(Paths(r).contains(path))
      << part << ": " << data << " did not name " << path << " (first: " << r.error().field << ")";
}

TEST(ProfilePartTest, UnknownPartIsNotFound) {
  auto r = Part("hobbies", "{}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kNotFound);
  auto put = ParseProfileUpdate("identity", Obj(R"({"data":{},"base_version":0})"), kToday);
  EXPECT_EQ(put.error().code, core::ErrorCode::kNotFound);  // identity goes through PUT /persons
}

TEST(ProfilePartTest, PartDataMustBeAnObject) {
  ExpectRefused("living", "[]", "living");
  ExpectRefused("living", R"("alone")", "living");
}

TEST(ProfilePartTest, CareLevelIsCheckedAndCanonical) {
  auto ok = Part("care_level", R"({"note":" 更新申請中 ","level":"care_2",
                                   "valid_from":"2026-04-01","valid_to":"2027-03-31",
                                   "certified_on":"2026-03-20","insured_number":"０１２３４５６７８９"})");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(*ok,
            R"({"level":"care_2","valid_from":"2026-04-01","valid_to":"2027-03-31",)"
            R"("certified_on":"2026-03-20","insured_number":"0123456789","note":"更新申請中"})");
  EXPECT_EQ(*Part("care_level", R"({"level":"applying","note":""})"), R"({"level":"applying"})");
  ExpectRefused("care_level", R"({})", "care_level.level");
  ExpectRefused("care_level", R"({"level":"care_6"})", "care_level.level");
  ExpectRefused("care_level", R"({"level":"care_1","valid_from":"2026-04-01",
                                  "valid_to":"2026-03-31"})",
                "care_level.valid_to");
  ExpectRefused("care_level", R"({"level":"care_1","valid_from":"2026-4-1"})",
                "care_level.valid_from");
  ExpectRefused("care_level", R"({"level":"care_1","certified_on":"2026-12-01"})",
                "care_level.certified_on");
  ExpectRefused("care_level", R"({"level":"care_1","insured_number":"12345"})",
                "care_level.insured_number");
  ExpectRefused("care_level", R"({"level":"care_1","note":")" + std::string(2001, 'a') + R"("})",
                "care_level.note");
  ExpectRefused("care_level", R"({"level":"care_1","grade":"A"})", "care_level.grade");
}

TEST(ProfilePartTest, DisabilityCertificatesAreCheckedPerItem) {
  auto ok = Part("disability", R"({"support_category":"3","certificates":[
      {"type":"physical","grade":"2級","number":"第123号","valid_to":"2030-01-31"}]})");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(*Part("disability", "{}"), R"({"support_category":null,"certificates":[]})");
  ExpectRefused("disability", R"({"support_category":"7"})", "disability.support_category");
  ExpectRefused("disability", R"({"support_category":3})", "disability.support_category");
  ExpectRefused("disability", R"({"certificates":[{"type":"hearing","grade":"1級"}]})",
                "disability.certificates[0].type");
  ExpectRefused("disability",
                R"({"certificates":[{"type":"mental","grade":"1級"},{"type":"mental"}]})",
                "disability.certificates[1].grade");
  ExpectRefused("disability",
                R"({"certificates":[{"type":"mental","grade":"1級","valid_to":"soon"}]})",
                "disability.certificates[0].valid_to");
  ExpectRefused("disability", R"({"certificates":[{"type":"mental","grade":"1級","color":1}]})",
                "disability.certificates[0].color");
  ExpectRefused("disability", R"({"certificates":["physical"]})", "disability.certificates[0]");
  ExpectRefused("disability", R"({"certificates":{}})", "disability.certificates");
}

TEST(ProfilePartTest, KeyPersonsPhonesCallOrderAndKana) {
  auto ok = Part("key_persons", R"({"items":[
      {"name":"山田 一郎","kana":"やまだ いちろう","relation":"長男",
       "phones":["０９０-１１１１-２２２２"],"lives_with":false,"call_order":1},
      {"name":"佐藤 和子","relation":"長女","call_order":2}]})");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  json::value v = json::parse(*ok);
  EXPECT_EQ(v.at("items").at(0).at("kana"), "ヤマダ\u3000イチロウ");
  EXPECT_EQ(v.at("items").at(0).at("phones").at(0), "090-1111-2222");
  EXPECT_EQ(v.at("items").at(1).at("lives_with"), false);
  EXPECT_EQ(v.at("items").at(1).at("phones").as_array().size(), 0u);

  // The contract's own example of a nested path.
  ExpectRefused("key_persons", R"({"items":[
      {"name":"A","relation":"長男","call_order":1},
      {"name":"B","relation":"長女","call_order":2,"phones":["abc"]}]})",
                "key_persons.items[1].phones[0]");
  ExpectRefused("key_persons", R"({"items":[{"relation":"長男","call_order":1}]})",
                "key_persons.items[0].name");
  ExpectRefused("key_persons", R"({"items":[{"name":"A","call_order":1}]})",
                "key_persons.items[0].relation");
  ExpectRefused("key_persons", R"({"items":[{"name":"A","relation":"子"}]})",
                "key_persons.items[0].call_order");
  ExpectRefused("key_persons", R"({"items":[{"name":"A","relation":"子","call_order":0}]})",
                "key_persons.items[0].call_order");
  ExpectRefused("key_persons", R"({"items":[{"name":"A","relation":"子","call_order":1},
                                            {"name":"B","relation":"子","call_order":1}]})",
                "key_persons.items[1].call_order");
  ExpectRefused("key_persons",
                R"({"items":[{"name":"A","relation":"子","call_order":1,"lives_with":"yes"}]})",
                "key_persons.items[0].lives_with");
  ExpectRefused("key_persons",
                R"({"items":[{"name":"A","kana":"Ichiro","relation":"子","call_order":1}]})",
                "key_persons.items[0].kana");
  ExpectRefused("key_persons", R"({"items":[{"name":"A","relation":"子","call_order":1,
                                             "phones":"090-1111-2222"}]})",
                "key_persons.items[0].phones");
  std::string many = R"({"items":[)";
  for (int i = 1; i <= 51; ++i) {
    many += (i > 1 ? "," : "") + std::string(R"({"name":"A","relation":"子","call_order":)") +
            std::to_string(i) + "}";
  }
  ExpectRefused("key_persons", many + "]}", "key_persons.items");
  ExpectRefused("key_persons", R"({"people":[]})", "key_persons.people");
}

TEST(ProfilePartTest, ProvidersNeedANameWithoutDirectoryIds) {
  auto ok = Part("providers", R"({"primary_doctor":{"organization_id":
      "01936c0a-5e0c-7cc1-8f5e-3b1f0c2d9a4b","note":"往診あり"},
      "pharmacy":{"name":"みどり薬局","phone":"03-1234-5678"}})");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(*Part("providers", "{}"), "{}");
  ExpectRefused("providers", R"({"primary_doctor":{"note":"x"}})", "providers.primary_doctor.name");
  ExpectRefused("providers", R"({"care_manager":{"user_id":"tanaka"}})",
                "providers.care_manager.user_id");
  ExpectRefused("providers", R"({"visiting_nurse":{"organization_id":"123"}})",
                "providers.visiting_nurse.organization_id");
  ExpectRefused("providers", R"({"primary_dentist":{"name":"X歯科","phone":"call me"}})",
                "providers.primary_dentist.phone");
  ExpectRefused("providers", R"({"pharmacy":"みどり薬局"})", "providers.pharmacy");
  ExpectRefused("providers", R"({"dentist":{"name":"X"}})", "providers.dentist");
  ExpectRefused("providers", R"({"pharmacy":{"name":"X","fax":"1"}})", "providers.pharmacy.fax");
}

TEST(ProfilePartTest, MedicalListsAreCheckedPerItem) {
  auto ok = Part("medical", R"({"history":[{"name":"脳梗塞","since":"2019-05-01"}],
      "conditions":[{"name":"高血圧"}],"allergies":[{"substance":"ペニシリン","severity":"severe"}],
      "infection_notes":"なし"})");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(*Part("medical", "{}"), R"({"history":[],"conditions":[],"allergies":[]})");
  ExpectRefused("medical", R"({"history":[{"name":"x","since":"2027-01-01"}]})",
                "medical.history[0].since");
  ExpectRefused("medical", R"({"history":[{"since":"2020-01-01"}]})", "medical.history[0].name");
  ExpectRefused("medical", R"({"conditions":[{"name":""}]})", "medical.conditions[0].name");
  ExpectRefused("medical", R"({"allergies":[{"substance":"卵","severity":"deadly"}]})",
                "medical.allergies[0].severity");
  ExpectRefused("medical", R"({"allergies":[{"reaction":"発疹"}]})",
                "medical.allergies[0].substance");
  ExpectRefused("medical", R"({"infection_notes":")" + std::string(2001, 'x') + R"("})",
                "medical.infection_notes");
}

TEST(ProfilePartTest, PrescriptionsNeedADrugAndOrderedDates) {
  ASSERT_TRUE(Part("prescriptions", R"({"items":[{"drug":"アムロジピン","dose":"5mg",
      "usage":"1日1回朝食後","start":"2026-01-10","institution":"群青クリニック"}]})")
                  .ok());
  ExpectRefused("prescriptions", R"({"items":[{"dose":"5mg"}]})", "prescriptions.items[0].drug");
  ExpectRefused("prescriptions",
                R"({"items":[{"drug":"A","start":"2026-02-01","end":"2026-01-31"}]})",
                "prescriptions.items[0].end");
  ExpectRefused("prescriptions", R"({"items":[{"drug":"A","prescriber":["x"]}]})",
                "prescriptions.items[0].prescriber");
}

TEST(ProfilePartTest, DevicesHaveAKnownType) {
  ASSERT_TRUE(Part("devices", R"({"items":[{"type":"home_oxygen","detail":"2L/分",
                                            "since":"2024-06-01","supplier":"酸素サービス"}]})")
                  .ok());
  ExpectRefused("devices", R"({"items":[{"type":"robot"}]})", "devices.items[0].type");
  ExpectRefused("devices", R"({"items":[{"detail":"x"}]})", "devices.items[0].type");
  ExpectRefused("devices", R"({"items":[{"type":"other","since":"yesterday"}]})",
                "devices.items[0].since");
}

TEST(ProfilePartTest, LivingArrangementHousingFloorAndElevator) {
  auto ok = Part("living", R"({"arrangement":"alone","housing":"apartment","floor":3,
                               "elevator":false,"pets":"猫","key_box":"玄関脇"})");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(json::parse(*ok).at("floor"), 3);
  ExpectRefused("living", R"({})", "living.arrangement");
  ExpectRefused("living", R"({"arrangement":"tent"})", "living.arrangement");
  ExpectRefused("living", R"({"arrangement":"alone","housing":"castle"})", "living.housing");
  ExpectRefused("living", R"({"arrangement":"alone","floor":1000})", "living.floor");
  ExpectRefused("living", R"({"arrangement":"alone","floor":2.5})", "living.floor");
  ExpectRefused("living", R"({"arrangement":"alone","elevator":"yes"})", "living.elevator");
  ExpectRefused("living", R"({"arrangement":"alone","pets":")" + std::string(101, 'x') + R"("})",
                "living.pets");
}

TEST(ProfilePartTest, EmergencyKitFields) {
  auto ok = Part("emergency", R"({"kit_location":" 冷蔵庫 ","blood_type":"AB","rh":"positive",
                                  "notes_for_crew":"難聴。左耳で話す"})");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(*ok, R"({"kit_location":"冷蔵庫","blood_type":"AB","rh":"positive",)"
                 R"("notes_for_crew":"難聴。左耳で話す"})");
  EXPECT_EQ(*Part("emergency", "{}"), "{}");
  ExpectRefused("emergency", R"({"blood_type":"C"})", "emergency.blood_type");
  ExpectRefused("emergency", R"({"rh":"+"})", "emergency.rh");
  ExpectRefused("emergency", R"({"communication":")" + std::string(501, 'x') + R"("})",
                "emergency.communication");
}

// A valid ACP version; tests change one member at a time.
json::object AcpData() {
  return json::parse(R"({"discussed_on":"2026-10-01",
      "participants":[{"name":"佐藤 花子","relation":"本人"},{"name":"山本 医師","relation":"主治医"}],
      "resuscitation":"does_not_want","hospital_transport":"wants","end_of_life_place":"home",
      "values":"自宅で猫と過ごしたい","substitute":{"name":"佐藤 一郎","relation":"長男",
      "phone":"090-1234-5678"},"signed_off":true})")
      .as_object();
}

std::string Str(const json::object& o) { return json::serialize(o); }

TEST(ProfilePartTest, AcpIsCheckedAndTheSignOffIsNotStored) {
  auto ok = Part("acp", Str(AcpData()));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  json::object stored = json::parse(*ok).as_object();
  EXPECT_EQ(stored.at("resuscitation"), "does_not_want");
  EXPECT_EQ(stored.at("participants").as_array().size(), 2u);
  EXPECT_EQ(stored.at("substitute").at("phone"), "090-1234-5678");
  EXPECT_FALSE(stored.contains("signed_off"));  // each version is confirmed by its own author
}

TEST(ProfilePartTest, AcpRefusesEachBadFieldByPath) {
  struct Case {
    const char* key;
    std::string value;  // JSON text
    const char* path;
  };
  const std::string long_text = "\"" + std::string(2001, 'x') + "\"";
  const std::vector<Case> cases = {
      {"discussed_on", R"("2026-13-01")", "acp.discussed_on"},
      {"discussed_on", R"("2027-01-01")", "acp.discussed_on"},  // in the future
      {"participants", "[]", "acp.participants"},
      {"participants", R"([{"name":"本人"}])", "acp.participants[0].relation"},
      {"resuscitation", R"("maybe")", "acp.resuscitation"},
      {"ventilation", R"("yes")", "acp.ventilation"},
      {"artificial_nutrition", "1", "acp.artificial_nutrition"},
      {"hospital_transport", R"("always")", "acp.hospital_transport"},
      {"end_of_life_place", R"("sea")", "acp.end_of_life_place"},
      {"values", long_text, "acp.values"},
      {"substitute", R"({"relation":"長男"})", "acp.substitute.name"},
      {"substitute", R"({"name":"佐藤","phone":"call me"})", "acp.substitute.phone"},
      {"signed_off", "false", "acp.signed_off"},
      {"signed_off", R"("yes")", "acp.signed_off"},
  };
  for (const auto& c : cases) {
    json::object data = AcpData();
    data[c.key] = json::parse(c.value);
    ExpectRefused("acp", Str(data), c.path);
  }
  for (const char* required : {"discussed_on", "participants", "resuscitation", "signed_off"}) {
    json::object data = AcpData();
    data.erase(required);
    ExpectRefused("acp", Str(data), ("acp." + std::string(required)).c_str());
  }
}

TEST(ProfilePartTest, UpdateBodyNeedsDataAndBaseVersion) {
  auto missing = ParseProfileUpdate("living", Obj("{}"), kToday);
  EXPECT_TRUE(Paths(missing).contains("data"));
  EXPECT_TRUE(Paths(missing).contains("base_version"));
  auto both = ParseProfileUpdate(
      "living", Obj(R"({"data":{"arrangement":"x"},"base_version":-1,"extra":1})"), kToday);
  EXPECT_TRUE(Paths(both).contains("living.arrangement"));
  EXPECT_TRUE(Paths(both).contains("base_version"));
  EXPECT_TRUE(Paths(both).contains("extra"));
  auto ok = ParseProfileUpdate("living",
                               Obj(R"({"data":{"arrangement":"alone"},"base_version":0})"), kToday);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->data_json, R"({"arrangement":"alone"})");
}

// ---- status, consent, team ----

TEST(StatusValidationTest, StatusSinceAndTexts) {
  auto ok = ParseStatus(Obj(R"({"status":"hospitalized","since":"2026-11-20","place":"群青病院"})"),
                        kToday);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->place, "群青病院");
  EXPECT_TRUE(Paths(ParseStatus(Obj(R"({"status":"asleep","since":"2026-11-20"})"), kToday))
                  .contains("status"));
  EXPECT_TRUE(Paths(ParseStatus(Obj(R"({"status":"died"})"), kToday)).contains("since"));
  EXPECT_TRUE(Paths(ParseStatus(Obj(R"({"status":"died","since":"2026-11-22"})"), kToday))
                  .contains("since"));
  EXPECT_EQ(CodeAt(ParseStatus(Obj(R"({"status":"died","since":"2026-11-22"})"), kToday), "since"),
            "future");
  EXPECT_TRUE(Paths(ParseStatus(Obj(R"({"status":"died","since":"2026-11-20","place":")" +
                                    std::string(101, 'x') + R"("})"),
                                kToday))
                  .contains("place"));
  EXPECT_TRUE(Paths(ParseStatus(Obj(R"({"status":"died","since":"2026-11-20","when":1})"), kToday))
                  .contains("when"));
}

TEST(ConsentValidationTest, WithdrawalNeedsDateAndReason) {
  EXPECT_TRUE(
      ParseWithdrawal(Obj(R"({"withdrawn_on":"2026-11-21","reason":"本人の希望"})"), kToday).ok());
  auto bad = ParseWithdrawal(Obj(R"({"withdrawn_on":"2026-11-30"})"), kToday);
  EXPECT_TRUE(Paths(bad).contains("withdrawn_on"));
  EXPECT_TRUE(Paths(bad).contains("reason"));
  EXPECT_TRUE(Paths(ParseScan(Obj(R"({"attachment_id":"file.pdf"})"))).contains("attachment_id"));
  EXPECT_TRUE(Paths(ParseScan(Obj("{}"))).contains("attachment_id"));
}

TEST(TeamValidationTest, InviteAndRoleChange) {
  const std::string id = "01936c0a-5e0c-7cc1-8f5e-3b1f0c2d9a4b";
  auto ok = ParseInvite(Obj(R"({"user_id":")" + id + R"(","team_role":"visiting_nurse"})"));
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(ok->organization_id.has_value());
  auto bad =
      ParseInvite(Obj(R"({"user_id":"suzuki","team_role":"nurse_boss","organization_id":1})"));
  EXPECT_TRUE(Paths(bad).contains("user_id"));
  EXPECT_TRUE(Paths(bad).contains("team_role"));
  EXPECT_TRUE(Paths(bad).contains("organization_id"));
  EXPECT_TRUE(Paths(ParseInvite(Obj("{}"))).contains("user_id"));
  EXPECT_TRUE(Paths(ParseRoleChange(Obj(R"({"team_role":"chief"})"))).contains("team_role"));
  EXPECT_EQ(*ParseRoleChange(Obj(R"({"team_role":"pharmacist"})")), "pharmacist");
}

TEST(PhoneNumberTest, DigitsAndSingleHyphensOnly) {
  EXPECT_TRUE(IsPhoneNumber("090-1234-5678"));
  EXPECT_TRUE(IsPhoneNumber("0312345678"));
  EXPECT_FALSE(IsPhoneNumber("-0312345678"));
  EXPECT_FALSE(IsPhoneNumber("03 1234 5678"));
  EXPECT_FALSE(IsPhoneNumber("+81-3-1234-5678"));
  EXPECT_FALSE(IsPhoneNumber("110"));
  EXPECT_EQ(DigitsOnly("090-1234-5678"), "09012345678");
}

}  // namespace
}  // namespace care

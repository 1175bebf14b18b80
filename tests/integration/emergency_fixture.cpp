#include "emergency_fixture.h"

#include "audit/audit_log.h"
#include "core/wareki.h"

namespace emergency_test {
namespace {

constexpr db::Statement kNotices{"em_test_notices",
                                 "SELECT kind FROM notifications WHERE user_id = $1 ORDER BY seq"};
constexpr db::Statement kAudit{
    "em_test_audit",
    "SELECT action, outcome, person_id, reason, details FROM audit_log WHERE action LIKE $1 "
    "ORDER BY at, seq"};
constexpr db::Statement kWithdraw{"em_test_withdraw",
                                  "UPDATE consents SET withdrawn_at = $2 WHERE person_id = $1"};

}  // namespace

EmergencyFixture::EmergencyFixture() {
  server_.CreateMunicipality("991015", "群青市");
  city_ = server_.CreateOrganization("991015", "municipal_department", "群青市 長寿介護課");
  office_ = server_.CreateOrganization("991015", "care_management", "群青居宅介護支援");
  clinic_ = server_.CreateOrganization("991015", "clinic", "群青クリニック");
  fire_ = server_.CreateOrganization("991015", "fire_department", "群青市消防本部");
  hospital_ = server_.CreateOrganization("991015", "hospital", "群青市民病院");
  small_hospital_ = server_.CreateOrganization("991015", "hospital", "みどり病院");
  cm_ = server_.CreateNamedUser("cm", office_, "member", "田中 一郎", "タナカ イチロウ",
                                "care_manager");
  doctor_ =
      server_.CreateNamedUser("doctor", clinic_, "member", "高橋 医師", "タカハシ イシ", "doctor");
  outsider_ =
      server_.CreateNamedUser("outsider", clinic_, "member", "部外 者", "ブガイ シャ", "nurse");
  muni_admin_ = server_.CreateUser("muni.admin", city_, "municipality_admin");
  crew_ = server_.CreateNamedUser("crew", fire_, "ems", "小林 救急", "コバヤシ キュウキュウ",
                                  "paramedic");
  other_crew_ = server_.CreateNamedUser("crew2", fire_, "ems", "大野 救急", "オオノ キュウキュウ",
                                        "paramedic");
  hospital_doctor_ =
      server_.CreateNamedUser("er.doctor", hospital_, "member", "森 直子", "モリ ナオコ", "doctor");
  EXPECT_EQ(cm_client_.Login(cm_).status, 200);
  EXPECT_EQ(crew_client_.Login(crew_).status, 200);
  person_ = Register("山田 花子", "やまだ はなこ", true, "0120-123-456");
  server_.AddTeamMember(person_, doctor_.user_id, "doctor");
}

std::string EmergencyFixture::Register(const std::string& name, const std::string& kana,
                                       bool emergency, const std::string& phone) {
  std::string today =
      core::FormatIsoDate(core::DateFromEpochMillisJst(server_.clock().NowMillis()));
  json::object body{
      {"municipality_code", "991015"},
      {"name", name},
      {"kana", kana},
      {"sex", "female"},
      {"birth_date", "1940-02-03"},
      {"address", "群青市本町1-2-3"},
      {"categories", json::array{"elderly"}},
      {"consent", json::object{{"scopes", json::object{{"team", true}, {"emergency", emergency}}},
                               {"obtained_on", today},
                               {"given_by", "self"},
                               {"method", "written"}}}};
  if (!phone.empty()) body["phone"] = phone;
  Reply r = cm_client_.Post("/api/v1/persons", body);
  EXPECT_EQ(r.status, 201) << r.raw;
  return Str(r.body, "id");
}

std::unique_ptr<Client> EmergencyFixture::SignedIn(const Account& a) {
  server_.clock().Advance(std::chrono::seconds(30));  // a TOTP code is accepted once
  auto c = std::make_unique<Client>(server_);
  EXPECT_EQ(c->Login(a).status, 200) << a.login_id;
  return c;
}

json::object EmergencyFixture::OpenBody(const std::string& person_id, const std::string& incident) {
  return json::object{{"person_id", person_id},
                      {"incident_number", incident},
                      {"reason", "自宅で倒れているところを発見、意識レベル低下"}};
}

Reply EmergencyFixture::Open(Client& crew, const json::object& body) {
  return crew.Post("/api/v1/ems/accesses", body);
}

std::multiset<std::string> EmergencyFixture::NoticeKinds(const Account& a) {
  auto rows = server_.app().db().Get<db::Rows>(
      [&](db::Connection& c) { return c.Query(kNotices, {a.user_id}); });
  std::multiset<std::string> out;
  if (rows.ok()) {
    for (const auto& r : *rows) out.insert(r.Text(0));
  }
  return out;
}

std::vector<AuditRow> EmergencyFixture::AuditOf(const std::string& action_prefix) {
  server_.app().audit().Flush();
  auto rows = server_.app().db().Get<db::Rows>(
      [&](db::Connection& c) { return c.Query(kAudit, {action_prefix + "%"}); });
  std::vector<AuditRow> out;
  if (rows.ok()) {
    for (const auto& r : *rows) {
      out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4)});
    }
  }
  return out;
}

std::vector<std::string> EmergencyFixture::EmsPosts(const std::string& person_id) {
  Reply r = cm_client_.Get("/api/v1/persons/" + person_id + "/timeline?category=ems_access");
  EXPECT_EQ(r.status, 200) << r.raw;
  std::vector<std::string> out;
  if (r.status == 200) {
    for (const auto& p : r.body.at("items").as_array()) out.push_back(Str(p, "body"));
  }
  return out;
}

void EmergencyFixture::SignInAgain() {
  server_.clock().Advance(std::chrono::seconds(30));
  EXPECT_EQ(cm_client_.Login(cm_).status, 200);
  EXPECT_EQ(crew_client_.Login(crew_).status, 200);
}

void EmergencyFixture::WithdrawConsents(const std::string& person_id) {
  auto s = server_.app().db().Run([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(c.Execute(kWithdraw, {person_id, server_.clock().NowMillis()}));
    return core::Ok();
  });
  EXPECT_TRUE(s.ok());
}

}  // namespace emergency_test

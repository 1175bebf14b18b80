#include "watch_fixture.h"

#include "watch/device_mac.h"
#include "watch/fleet.h"

namespace watch_test {

WatchFixture::WatchFixture() {
  server_.CreateMunicipality("991015", "群青市");
  server_.CreateMunicipality("991016", "若葉町");
  city_ = server_.CreateOrganization("991015", "municipal_department", "群青市 長寿介護課");
  office_ = server_.CreateOrganization("991015", "care_management", "群青居宅介護支援");
  callcenter_ = server_.CreateOrganization("991015", "other", "群青見守りセンター");
  other_callcenter_ = server_.CreateOrganization("991016", "other", "若葉見守りセンター");
  clinic_ = server_.CreateOrganization("991015", "clinic", "群青クリニック");
  cm_ = server_.CreateNamedUser("cm", office_, "member", "田中 一郎", "タナカ イチロウ",
                                "care_manager");
  muni_admin_ = server_.CreateUser("muni.admin", city_, "municipality_admin");
  operator_ =
      server_.CreateNamedUser("op", callcenter_, "operator", "中村 恵", "ナカムラ メグミ", "other");
  other_operator_ = server_.CreateNamedUser("op2", other_callcenter_, "operator", "若葉 太郎",
                                            "ワカバ タロウ", "other");
  outsider_ =
      server_.CreateNamedUser("outsider", clinic_, "member", "部外 者", "ブガイ シャ", "nurse");
  person_ = server_.CreatePerson("991015", cm_.user_id, "山田 花子", "ヤマダ ハナコ", true);
  cm_client_ = SignedIn(cm_);
  admin_client_ = SignedIn(muni_admin_);
  operator_client_ = SignedIn(operator_);
}

std::unique_ptr<Client> WatchFixture::SignedIn(const Account& a) {
  server_.clock().Advance(std::chrono::seconds(30));  // a TOTP code is accepted once
  auto c = std::make_unique<Client>(server_);
  EXPECT_EQ(c->Login(a).status, 200) << a.login_id;
  return c;
}

void WatchFixture::Enrol(const std::string& person, json::object body) {
  Reply r = admin_client_->Post(Base(person), body);
  ASSERT_EQ(r.status, 201) << r.raw;
}

void WatchFixture::AddDevice(const std::string& person, const std::string& id,
                             const std::string& kind, const std::string& place,
                             const std::string& gateway, int installed_days_ago) {
  json::object body{{"id", id}, {"kind", kind}, {"place", place}};
  if (!gateway.empty()) body["gateway_id"] = gateway;
  // Installed in the past (a day by default), so that tests may send earlier events.
  body["installed_at"] = Now() - int64_t{installed_days_ago} * 24 * 3600 * 1000;
  Reply r = admin_client_->Post(Base(person) + "/devices", body);
  ASSERT_EQ(r.status, 201) << r.raw;
  secrets_[id] = Str(r.body, "secret");
}

Reply WatchFixture::SendEvents(const std::string& sender, const std::string& payload,
                               const std::string& mac) {
  std::string signature = mac;
  if (signature.empty()) {
    auto secret = watch::ParseDeviceSecretHex(secrets_.at(sender));
    EXPECT_TRUE(secret.has_value());
    signature = watch::ComputeMac(*secret, payload);
  }
  Client device(server_);
  return device.Send("POST", "/api/v1/watch/events", payload, "application/json",
                     {{"Authorization", "TsunagariDevice " + sender + ":" + signature}});
}

json::object WatchFixture::Event(int64_t seq, int64_t ts, const std::string& type,
                                 const std::string& device) {
  json::object e{{"seq", seq}, {"ts", ts}, {"type", type}};
  if (!device.empty()) e["device"] = device;
  return e;
}

std::string WatchFixture::Batch(const json::array& events) {
  return json::serialize(json::object{{"events", events}});
}

}  // namespace watch_test

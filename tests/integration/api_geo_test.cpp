// Geocoding against the municipalities' own reference points, the 位置参照情報 import, and the
// map metadata the registration screen draws.
#include <gtest/gtest.h>

#include "core/text_encoding.h"
#include "geo/import.h"
#include "test_env.h"

namespace {

using testing_env::Account;
using testing_env::Client;
using testing_env::Str;
using testing_env::TestServer;
using testing_env::UrlEncode;

// The published column order of 位置参照情報 (大字・町丁目レベル); 99101 is 群青市 without its
// check digit, 99999 a municipality the platform does not know.
constexpr const char* kMlitCsv =
    "\"都道府県コード\",\"都道府県名\",\"市区町村コード\",\"市区町村名\",\"大字町丁目コード\","
    "\"大字町丁目名\",\"緯度\",\"経度\",\"原典資料コード\",\"大字・字・丁目区分コード\"\r\n"
    "\"99\",\"架空県\",\"99101\",\"群青市\",\"991010001001\",\"本町一丁目\",\"35.100000\","
    "\"137.100000\",\"1\",\"3\"\r\n"
    "\"99\",\"架空県\",\"99101\",\"群青市\",\"991010001002\",\"本町二丁目\",\"35.102000\","
    "\"137.104000\",\"1\",\"3\"\r\n"
    "\"99\",\"架空県\",\"99101\",\"群青市\",\"991010002000\",\"若葉町\",\"35.105000\","
    "\"137.095000\",\"1\",\"1\"\r\n"
    "\"99\",\"架空県\",\"99999\",\"どこか市\",\"999990001000\",\"どこか\",\"35.0\",\"137.0\","
    "\"1\",\"1\"\r\n";

class ApiGeoTest : public ::testing::Test {
 protected:
  ApiGeoTest() {
    server_.CreateMunicipality("991015", "群青市");
    org_ = server_.CreateOrganization("991015", "care_management", "群青居宅");
    cm_ = server_.CreateUser("cm", org_, "member");
    auto report =
        geo::ImportAddressPoints(server_.app().db(), core::EncodeCp932(kMlitCsv), "test.csv");
    EXPECT_TRUE(report.ok());
    if (report.ok()) {
      EXPECT_EQ(report->imported, 3);
      EXPECT_EQ(report->skipped_unknown_municipality, 1);
    }
    client_.Login(cm_);
  }

  testing_env::Reply Geocode(const std::string& address, const std::string& extra = "") {
    return client_.Get("/api/v1/geocode?address=" + UrlEncode(address) + extra);
  }

  TestServer server_;
  std::string org_;
  Account cm_;
  Client client_{server_};
};

TEST_F(ApiGeoTest, FindsTheChomeOfAFullWidthAddress) {
  auto r = Geocode("架空県群青市本町２－５－１");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(Str(r.body, "precision"), "chome");
  EXPECT_DOUBLE_EQ(r.body.at("latitude").as_double(), 35.102);
}

TEST_F(ApiGeoTest, TownWithoutChomeAndMunicipalityByCode) {
  auto r = Geocode("若葉町3-5", "&municipality=991015");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(Str(r.body, "precision"), "town");
  EXPECT_DOUBLE_EQ(r.body.at("longitude").as_double(), 137.095);
}

TEST_F(ApiGeoTest, UnknownStreetFallsBackToTheMunicipality) {
  auto r = Geocode("群青市どこでもない町1-1");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(Str(r.body, "precision"), "municipality");
}

TEST_F(ApiGeoTest, NoMatchIs404NamingTheAddress) {
  auto r = Geocode("東京都千代田区");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(r.NamesField("address"));
}

TEST_F(ApiGeoTest, BadQueriesAre400) {
  EXPECT_TRUE(client_.Get("/api/v1/geocode").NamesField("address"));
  EXPECT_TRUE(Geocode("本町", "&municipality=12").NamesField("municipality"));
}

TEST_F(ApiGeoTest, MapListsThePlacesOfMyMunicipality) {
  auto r = client_.Get("/api/v1/meta/map");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_TRUE(r.body.at("tile_url").is_null());
  EXPECT_EQ(r.body.at("places").as_array().size(), 2u);  // 本町 (two 丁目 averaged), 若葉町
  EXPECT_NEAR(r.body.at("center").at("latitude").as_double(), 35.10, 0.01);
}

TEST_F(ApiGeoTest, AnonymousCannotGeocode) {
  Client anonymous(server_);
  EXPECT_EQ(anonymous.Get("/api/v1/geocode?address=x").status, 401);
}

TEST(GeoImportTest, BadCoordinatesRejectTheWholeFile) {
  TestServer server;
  server.CreateMunicipality("991015", "群青市");
  std::string csv =
      "municipality_code,town,latitude,longitude\n991015,本町,35.1,137.1\n"
      "991015,港町,north,137.1\n";
  auto report = geo::ImportAddressPoints(server.app().db(), csv, "bad.csv");
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_NE(report->errors[0].find("line 3"), std::string::npos);
  EXPECT_EQ(report->imported, 0);
}

}  // namespace

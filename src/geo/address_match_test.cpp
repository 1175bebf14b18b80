#include "geo/address_match.h"

#include <gtest/gtest.h>

namespace geo {
namespace {

std::vector<AddressPoint> Points() {
  std::vector<AddressPoint> v;
  auto add = [&](std::string town, double lat, double lon) {
    AddressPoint p;
    p.town = town;
    std::tie(p.base, p.chome) = SplitTown(town);
    p.latitude = lat;
    p.longitude = lon;
    v.push_back(p);
  };
  add("本町一丁目", 35.100, 137.100);
  add("本町二丁目", 35.102, 137.104);
  add("本町十二丁目", 35.110, 137.110);
  add("若葉町", 35.105, 137.095);
  add("若葉", 35.200, 137.200);  // a shorter town name that prefixes another
  return v;
}

TEST(SplitTownTest, ReadsKanjiAndArabicChome) {
  EXPECT_EQ(SplitTown("本町一丁目"), (std::pair<std::string, int>{"本町", 1}));
  EXPECT_EQ(SplitTown("本町二十三丁目"), (std::pair<std::string, int>{"本町", 23}));
  EXPECT_EQ(SplitTown("本町十丁目"), (std::pair<std::string, int>{"本町", 10}));
  EXPECT_EQ(SplitTown("本町３丁目"), (std::pair<std::string, int>{"本町", 3}));
  EXPECT_EQ(SplitTown("若葉町"), (std::pair<std::string, int>{"若葉町", 0}));
  EXPECT_EQ(SplitTown("丁目"), (std::pair<std::string, int>{"丁目", 0}));
}

TEST(AddressRemainderTest, DropsPrefectureMunicipalityAndSpaces) {
  EXPECT_EQ(AddressRemainder("愛知県 群青市本町１－１", "愛知県", "群青市"), "本町1-1");
  EXPECT_EQ(AddressRemainder("本町1-1", "愛知県", "群青市"), "本町1-1");
  EXPECT_EQ(AddressRemainder("南郡翠町　中央2-3", "", "翠町"), "中央2-3");
}

TEST(MatchAddressTest, ChomeFromHyphenatedNumber) {
  auto r = MatchAddress("本町2-5-1", Points());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->precision, "chome");
  EXPECT_DOUBLE_EQ(r->latitude, 35.102);
  EXPECT_EQ(r->matched, "本町2丁目");
}

TEST(MatchAddressTest, ChomeWrittenInKanjiAndTwoDigits) {
  EXPECT_DOUBLE_EQ(MatchAddress("本町一丁目3番", Points())->latitude, 35.100);
  EXPECT_DOUBLE_EQ(MatchAddress("本町12-1", Points())->latitude, 35.110);
}

TEST(MatchAddressTest, UnknownChomeFallsBackToTownMean) {
  auto r = MatchAddress("本町9-1", Points());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->precision, "town");
  EXPECT_NEAR(r->latitude, (35.100 + 35.102 + 35.110) / 3, 1e-9);
}

TEST(MatchAddressTest, LongestTownWins) {
  auto r = MatchAddress("若葉町3-5", Points());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->matched, "若葉町");
  EXPECT_DOUBLE_EQ(r->latitude, 35.105);
}

TEST(MatchAddressTest, NoTownIsNoMatch) {
  EXPECT_FALSE(MatchAddress("青葉台2-14", Points()));
  EXPECT_FALSE(MatchAddress("", Points()));
}

TEST(CentroidTest, MeanOfAllPoints) {
  EXPECT_FALSE(Centroid({}));
  auto c = Centroid(Points());
  ASSERT_TRUE(c);
  EXPECT_EQ(c->precision, "municipality");
}

}  // namespace
}  // namespace geo

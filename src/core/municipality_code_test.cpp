// Tests for municipality code check digits and repair, with codes of real municipalities.
#include "core/municipality_code.h"

#include <gtest/gtest.h>

#include <string>

namespace core {
namespace {

TEST(MunicipalityCheckDigitTest, MatchesPublishedCodes) {
  EXPECT_EQ(MunicipalityCheckDigit("13101"), '6');  // 千代田区 131016
  EXPECT_EQ(MunicipalityCheckDigit("01000"), '6');  // 北海道 010006
  EXPECT_EQ(MunicipalityCheckDigit("13000"), '1');  // 東京都 130001
  EXPECT_EQ(MunicipalityCheckDigit("09201"), '1');  // 宇都宮市 092011
  EXPECT_EQ(MunicipalityCheckDigit("46220"), '9');  // 南さつま市 462209
  EXPECT_EQ(MunicipalityCheckDigit("23204"), '1');  // 瀬戸市 232041
}

TEST(MunicipalityCheckDigitTest, WritesTenAsZeroAndElevenAsOne) {
  // 01310: weighted sum 20, 20 mod 11 = 9, 11 − 9 = 2: the ordinary case.
  EXPECT_EQ(MunicipalityCheckDigit("01310"), '2');
  // 20000: sum 12, 12 mod 11 = 1, 11 − 1 = 10 → 0.
  EXPECT_EQ(MunicipalityCheckDigit("20000"), '0');
  // 09201: sum 55, 55 mod 11 = 0, 11 − 0 = 11 → 1.
  EXPECT_EQ(MunicipalityCheckDigit("09201"), '1');
}

TEST(MunicipalityCheckDigitTest, ReturnsNulForAnythingButFiveAsciiDigits) {
  EXPECT_EQ(MunicipalityCheckDigit(""), '\0');
  EXPECT_EQ(MunicipalityCheckDigit("1310"), '\0');
  EXPECT_EQ(MunicipalityCheckDigit("131016"), '\0');
  EXPECT_EQ(MunicipalityCheckDigit("1310a"), '\0');
  EXPECT_EQ(MunicipalityCheckDigit("１３１０１"), '\0');
}

TEST(IsValidMunicipalityCodeTest, AcceptsCodesWithMatchingCheckDigits) {
  for (const char* code : {"131016", "010006", "130001", "092011", "462209", "232041"}) {
    EXPECT_TRUE(IsValidMunicipalityCode(code)) << code;
  }
}

TEST(IsValidMunicipalityCodeTest, RejectsWrongCheckDigits) {
  EXPECT_FALSE(IsValidMunicipalityCode("131017"));
  EXPECT_FALSE(IsValidMunicipalityCode("232040"));
}

TEST(IsValidMunicipalityCodeTest, RejectsPrefecturesOutside01To47) {
  EXPECT_FALSE(IsValidMunicipalityCode("000001"));  // check digit alone would pass
  EXPECT_FALSE(IsValidMunicipalityCode(std::string("48000") + MunicipalityCheckDigit("48000")));
  EXPECT_FALSE(IsValidMunicipalityCode(std::string("92011") + MunicipalityCheckDigit("92011")));
}

TEST(IsValidMunicipalityCodeTest, RejectsWrongLengthsAndNonDigits) {
  EXPECT_FALSE(IsValidMunicipalityCode("13101"));
  EXPECT_FALSE(IsValidMunicipalityCode("1310160"));
  EXPECT_FALSE(IsValidMunicipalityCode("13101a"));
  EXPECT_FALSE(IsValidMunicipalityCode("１３１０１６"));
  EXPECT_FALSE(IsValidMunicipalityCode(""));
}

TEST(RepairMunicipalityCodeTest, KeepsValidSixDigitCodes) {
  EXPECT_EQ(RepairMunicipalityCode("131016"), "131016");
  EXPECT_EQ(RepairMunicipalityCode("092011"), "092011");
}

TEST(RepairMunicipalityCodeTest, RejectsSixDigitCodesWithWrongCheckDigits) {
  EXPECT_EQ(RepairMunicipalityCode("131017"), std::nullopt);
}

TEST(RepairMunicipalityCodeTest, AppendsTheCheckDigitToFiveDigitCodes) {
  EXPECT_EQ(RepairMunicipalityCode("13101"), "131016");
  EXPECT_EQ(RepairMunicipalityCode("09201"), "092011");
  EXPECT_EQ(RepairMunicipalityCode("23204"), "232041");
  EXPECT_EQ(RepairMunicipalityCode("46220"), "462209");
}

TEST(RepairMunicipalityCodeTest, RestoresALeadingZeroDroppedFromASixDigitCode) {
  EXPECT_EQ(RepairMunicipalityCode("92011"), "092011");  // 宇都宮市; prefecture 92 is impossible
  EXPECT_EQ(RepairMunicipalityCode("72036"), "072036");  // 郡山市
}

TEST(RepairMunicipalityCodeTest, RestoresALeadingZeroDroppedFromAFiveDigitCode) {
  EXPECT_EQ(RepairMunicipalityCode("9201"), "092011");
  EXPECT_EQ(RepairMunicipalityCode("1000"), "010006");
}

TEST(RepairMunicipalityCodeTest, RefusesToGuessWhenBothReadingsAreValid) {
  // 13102 is 中央区 without its check digit (131024), but 013102 is also well-formed.
  EXPECT_EQ(RepairMunicipalityCode("13102"), std::nullopt);
  // Likewise 47201 (那覇市, 472018) against 047201.
  EXPECT_EQ(RepairMunicipalityCode("47201"), std::nullopt);
  // 北海道 010006 without its zero, or a well-formed (if unused) 10006 + check digit 4.
  EXPECT_EQ(RepairMunicipalityCode("10006"), std::nullopt);
  // The full six digits are always unambiguous.
  EXPECT_EQ(RepairMunicipalityCode("131024"), "131024");
  EXPECT_EQ(RepairMunicipalityCode("472018"), "472018");
}

TEST(RepairMunicipalityCodeTest, AcceptsFullWidthDigitsAndSurroundingSpaces) {
  EXPECT_EQ(RepairMunicipalityCode("１３１０１６"), "131016");
  EXPECT_EQ(RepairMunicipalityCode("１３１０１"), "131016");
  EXPECT_EQ(RepairMunicipalityCode(" 13101 "), "131016");
  EXPECT_EQ(RepairMunicipalityCode("\u3000９２０１"), "092011");
}

TEST(MunicipalityCodeTest, AcceptsTheFictionalPrefectureOfTheDemoRegion) {
  EXPECT_TRUE(IsValidMunicipalityCode("991015"));  // 群青市 (demo)
  EXPECT_TRUE(IsValidMunicipalityCode("991023"));  // 翠町 (demo)
  EXPECT_FALSE(IsValidMunicipalityCode("481009"));
}

TEST(RepairMunicipalityCodeTest, RejectsWhatCannotBeACode) {
  for (const char* raw : {"", "   ", "123", "1310160", "13-101", "13101a", "東京都", "00000", "000",
                          "48001", "\xFF\xFE"}) {
    EXPECT_EQ(RepairMunicipalityCode(raw), std::nullopt) << raw;
  }
}

}  // namespace
}  // namespace core

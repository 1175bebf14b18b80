// Tests for 和暦/西暦 parsing and formatting, including every era boundary.
#include "core/wareki.h"

#include <gtest/gtest.h>

#include <string>

namespace core {
namespace {

Date Parse(std::string_view text) {
  Result<Date> result = ParseDate(text, "birth_date");
  EXPECT_TRUE(result.ok()) << text << ": " << (result.ok() ? "" : result.error().message);
  return result.ok() ? result.value() : Date{};
}

std::string ErrorCodeOf(std::string_view text) {
  Result<Date> result = ParseDate(text, "birth_date");
  if (result.ok()) return "ok";
  return result.error().details.empty() ? "" : result.error().details.front().code;
}

constexpr Date kNov21{2026, 11, 21};

TEST(WarekiTest, ParsesWesternDatesInEveryCommonLayout) {
  EXPECT_EQ(Parse("2026-11-21"), kNov21);
  EXPECT_EQ(Parse("2026/11/21"), kNov21);
  EXPECT_EQ(Parse("2026.11.21"), kNov21);
  EXPECT_EQ(Parse("20261121"), kNov21);
  EXPECT_EQ(Parse("2026年11月21日"), kNov21);
  EXPECT_EQ(Parse("2026/1/5"), (Date{2026, 1, 5}));
  EXPECT_EQ(Parse("2026-01-05"), (Date{2026, 1, 5}));
}

TEST(WarekiTest, ParsesFullWidthDigitsAndSpaces) {
  EXPECT_EQ(Parse("２０２６年１１月２１日"), kNov21);
  EXPECT_EQ(Parse("２０２６／１１／２１"), kNov21);
  EXPECT_EQ(Parse("  2026 年 11 月 21 日　"), kNov21);
  EXPECT_EQ(Parse("２０２６ー１１ー２１"), kNov21);
}

TEST(WarekiTest, ParsesEraNamesInKanji) {
  EXPECT_EQ(Parse("昭和11年1月1日"), (Date{1936, 1, 1}));
  EXPECT_EQ(Parse("令和7年12月3日"), (Date{2025, 12, 3}));
  EXPECT_EQ(Parse("平成31年4月30日"), (Date{2019, 4, 30}));
  EXPECT_EQ(Parse("大正3年5月6日"), (Date{1914, 5, 6}));
  EXPECT_EQ(Parse("明治45年7月29日"), (Date{1912, 7, 29}));
}

TEST(WarekiTest, GannenIsYearOne) {
  EXPECT_EQ(Parse("昭和元年12月25日"), (Date{1926, 12, 25}));
  EXPECT_EQ(Parse("令和元年5月1日"), (Date{2019, 5, 1}));
  EXPECT_EQ(Parse("平成元年1月8日"), (Date{1989, 1, 8}));
}

TEST(WarekiTest, ParsesEraLettersAndOneKanjiAbbreviations) {
  const Date expected{1936, 1, 1};
  EXPECT_EQ(Parse("S11.1.1"), expected);
  EXPECT_EQ(Parse("S11/1/1"), expected);
  EXPECT_EQ(Parse("s11-1-1"), expected);
  EXPECT_EQ(Parse("昭11.1.1"), expected);
  EXPECT_EQ(Parse("Ｓ１１．１．１"), expected);
  EXPECT_EQ(Parse("S11年1月1日"), expected);
  EXPECT_EQ(Parse("昭32. 7. 1"), (Date{1957, 7, 1}));
  EXPECT_EQ(Parse("H31.4.30"), (Date{2019, 4, 30}));
  EXPECT_EQ(Parse("R1.5.1"), (Date{2019, 5, 1}));
  EXPECT_EQ(Parse("M45.7.29"), (Date{1912, 7, 29}));
  EXPECT_EQ(Parse("T15.12.24"), (Date{1926, 12, 24}));
  EXPECT_EQ(Parse("平1.1.8"), (Date{1989, 1, 8}));
}

TEST(WarekiTest, ParsesSquareEraSymbolsFromCp932Files) {
  EXPECT_EQ(Parse("㍼11年1月1日"), (Date{1936, 1, 1}));
  EXPECT_EQ(Parse("㍻2.3.4"), (Date{1990, 3, 4}));
  EXPECT_EQ(Parse("㋿2年1月1日"), (Date{2020, 1, 1}));
}

TEST(WarekiTest, ShowaSixtyFourEndsOnJanuarySeventh) {
  EXPECT_EQ(Parse("昭和64年1月7日"), (Date{1989, 1, 7}));
  EXPECT_EQ(ErrorCodeOf("昭和64年1月8日"), "date_out_of_range");
}

TEST(WarekiTest, HeiseiThirtyOneEndsOnAprilThirtieth) {
  EXPECT_EQ(Parse("平成31年4月30日"), (Date{2019, 4, 30}));
  EXPECT_EQ(ErrorCodeOf("平成31年5月1日"), "date_out_of_range");
}

TEST(WarekiTest, ReiwaStartsOnMayFirst) {
  EXPECT_EQ(ErrorCodeOf("令和1年4月30日"), "date_out_of_range");
  EXPECT_EQ(ErrorCodeOf("R1.4.30"), "date_out_of_range");
}

TEST(WarekiTest, EveryEraRejectsTheDayBeforeItStarts) {
  EXPECT_EQ(ErrorCodeOf("明治元年10月22日"), "date_out_of_range");
  EXPECT_EQ(Parse("明治元年10月23日"), (Date{1868, 10, 23}));
  EXPECT_EQ(ErrorCodeOf("大正元年7月29日"), "date_out_of_range");
  EXPECT_EQ(Parse("大正元年7月30日"), (Date{1912, 7, 30}));
  EXPECT_EQ(ErrorCodeOf("昭和元年12月24日"), "date_out_of_range");
  EXPECT_EQ(ErrorCodeOf("平成元年1月7日"), "date_out_of_range");
}

TEST(WarekiTest, EveryEraRejectsTheDayAfterItEnds) {
  EXPECT_EQ(ErrorCodeOf("明治45年7月30日"), "date_out_of_range");
  EXPECT_EQ(ErrorCodeOf("大正15年12月25日"), "date_out_of_range");
  EXPECT_EQ(ErrorCodeOf("昭和65年1月1日"), "date_out_of_range");
}

TEST(WarekiTest, EraYearZeroIsOutOfRange) {
  EXPECT_EQ(ErrorCodeOf("昭和0年1月1日"), "date_out_of_range");
}

TEST(WarekiTest, OutOfEraMessageNamesTheEraAndItsDates) {
  Result<Date> result = ParseDate("昭和64年1月8日", "birth_date");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(result.error().field, "birth_date");
  EXPECT_NE(result.error().message.find("昭和は1926年12月25日から1989年1月7日までです"),
            std::string::npos)
      << result.error().message;
  EXPECT_NE(result.error().message.find("Showa era runs from 1926-12-25 to 1989-01-07"),
            std::string::npos);
}

TEST(WarekiTest, RejectsImpossibleDays) {
  EXPECT_EQ(ErrorCodeOf("2026年2月30日"), "date_out_of_range");
  EXPECT_EQ(ErrorCodeOf("2023-02-29"), "date_out_of_range");
  EXPECT_EQ(ErrorCodeOf("2026-04-31"), "date_out_of_range");
  EXPECT_EQ(ErrorCodeOf("2026-13-01"), "date_out_of_range");
  EXPECT_EQ(ErrorCodeOf("2026-00-10"), "date_out_of_range");
  EXPECT_EQ(ErrorCodeOf("2026-01-00"), "date_out_of_range");
  EXPECT_EQ(ErrorCodeOf("20260230"), "date_out_of_range");
}

TEST(WarekiTest, AcceptsLeapDays) {
  EXPECT_EQ(Parse("2024-02-29"), (Date{2024, 2, 29}));
  EXPECT_EQ(Parse("2000-02-29"), (Date{2000, 2, 29}));
  EXPECT_EQ(ErrorCodeOf("2100-02-29"), "date_out_of_range");
}

TEST(WarekiTest, RejectsYearsBefore1868OrAfter2200) {
  EXPECT_EQ(ErrorCodeOf("1867-12-31"), "date_out_of_range");
  EXPECT_EQ(ErrorCodeOf("2201-01-01"), "date_out_of_range");
  EXPECT_EQ(Parse("1868-01-01"), (Date{1868, 1, 1}));
  EXPECT_EQ(Parse("2200-12-31"), (Date{2200, 12, 31}));
}

TEST(WarekiTest, RejectsTextThatIsNotADate) {
  for (const char* text : {"",
                           "   ",
                           "abc",
                           "2026",
                           "2026-11",
                           "26-11-21",
                           "2026-11-21-1",
                           "2026/11-21",
                           "2026年11月21",
                           "2026年11/21",
                           "2026-111-21",
                           "X11.1.1",
                           "昭和",
                           "昭和年1月1日",
                           "S1234.1.1",
                           "2026-11-21x",
                           "202611211",
                           "1121",
                           "令和元.5.1x",
                           "S11..1"}) {
    EXPECT_EQ(ErrorCodeOf(text), "date_format") << text;
  }
}

TEST(WarekiTest, FormatErrorCarriesFieldAndBilingualMessage) {
  Result<Date> result = ParseDate("きのう", "visit_date");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(result.error().field, "visit_date");
  ASSERT_EQ(result.error().details.size(), 1u);
  EXPECT_EQ(result.error().details[0].code, "date_format");
  EXPECT_NE(result.error().message.find("(invalid date"), std::string::npos);
}

TEST(WarekiTest, DoesNotCrashOnInvalidUtf8) {
  EXPECT_EQ(ErrorCodeOf("\xFF\xFE"), "date_format");
  EXPECT_EQ(ErrorCodeOf("2026-11-21\xFF"), "ok");  // the bad byte is dropped by folding
}

TEST(WarekiTest, ParseIsoDateIsStrict) {
  EXPECT_EQ(ParseIsoDate("2026-11-21"), kNov21);
  EXPECT_EQ(ParseIsoDate("0001-01-01"), (Date{1, 1, 1}));
  EXPECT_EQ(ParseIsoDate("2026/11/21"), std::nullopt);
  EXPECT_EQ(ParseIsoDate("2026-1-21"), std::nullopt);
  EXPECT_EQ(ParseIsoDate("2026-11-21 "), std::nullopt);
  EXPECT_EQ(ParseIsoDate("２０２６-11-21"), std::nullopt);
  EXPECT_EQ(ParseIsoDate("2026-02-30"), std::nullopt);
  EXPECT_EQ(ParseIsoDate("0000-01-01"), std::nullopt);
  EXPECT_EQ(ParseIsoDate("+026-11-21"), std::nullopt);
  EXPECT_EQ(ParseIsoDate(""), std::nullopt);
}

TEST(WarekiTest, FormatsIsoJapaneseAndWareki) {
  EXPECT_EQ(FormatIsoDate(kNov21), "2026-11-21");
  EXPECT_EQ(FormatIsoDate({1936, 1, 1}), "1936-01-01");
  EXPECT_EQ(FormatJapaneseDate(kNov21), "2026年11月21日");
  EXPECT_EQ(FormatJapaneseDate({1936, 1, 1}), "1936年1月1日");
  EXPECT_EQ(FormatWareki({1936, 1, 1}), "昭和11年1月1日");
  EXPECT_EQ(FormatWareki(kNov21), "令和8年11月21日");
}

TEST(WarekiTest, FormatsYearOneAsGannen) {
  EXPECT_EQ(FormatWareki({2019, 5, 1}), "令和元年5月1日");
  EXPECT_EQ(FormatWareki({1989, 1, 8}), "平成元年1月8日");
  EXPECT_EQ(FormatWareki({1926, 12, 31}), "昭和元年12月31日");
}

TEST(WarekiTest, FormatsTheLastDayOfEachEraInThatEra) {
  EXPECT_EQ(FormatWareki({1912, 7, 29}), "明治45年7月29日");
  EXPECT_EQ(FormatWareki({1926, 12, 24}), "大正15年12月24日");
  EXPECT_EQ(FormatWareki({1989, 1, 7}), "昭和64年1月7日");
  EXPECT_EQ(FormatWareki({2019, 4, 30}), "平成31年4月30日");
}

TEST(WarekiTest, FormatsDatesBeforeMeijiInWesternStyle) {
  EXPECT_EQ(FormatWareki({1868, 10, 22}), "1868年10月22日");
}

TEST(WarekiTest, FormattedWarekiParsesBackToTheSameDate) {
  for (const Date& d : {Date{1868, 10, 23}, Date{1912, 7, 30}, Date{1945, 8, 15}, Date{1989, 1, 7},
                        Date{2019, 5, 1}, Date{2200, 12, 31}}) {
    EXPECT_EQ(Parse(FormatWareki(d)), d) << FormatIsoDate(d);
    EXPECT_EQ(ParseIsoDate(FormatIsoDate(d)), d);
    EXPECT_EQ(Parse(FormatJapaneseDate(d)), d);
  }
}

TEST(WarekiTest, DatesCompareChronologically) {
  EXPECT_LT((Date{1989, 1, 7}), (Date{1989, 1, 8}));
  EXPECT_LT((Date{1988, 12, 31}), (Date{1989, 1, 1}));
  EXPECT_LT((Date{2026, 1, 31}), (Date{2026, 2, 1}));
}

TEST(WarekiTest, ValidatesCalendarDates) {
  EXPECT_TRUE(IsValidCalendarDate({2024, 2, 29}));
  EXPECT_FALSE(IsValidCalendarDate({2023, 2, 29}));
  EXPECT_FALSE(IsValidCalendarDate({}));
  EXPECT_FALSE(IsValidCalendarDate({2026, 11, 300}));
}

TEST(AgeOnTest, AgeGoesUpOnTheBirthday) {
  const Date birth{1936, 1, 1};
  EXPECT_EQ(AgeOn(birth, {2025, 12, 31}), 89);
  EXPECT_EQ(AgeOn(birth, {2026, 1, 1}), 90);
  EXPECT_EQ(AgeOn({1950, 11, 21}, {2026, 11, 20}), 75);
  EXPECT_EQ(AgeOn({1950, 11, 21}, {2026, 11, 21}), 76);
}

TEST(AgeOnTest, LeapDayBirthsAgeOnFirstMarchInCommonYears) {
  const Date birth{2000, 2, 29};
  EXPECT_EQ(AgeOn(birth, {2023, 2, 28}), 22);
  EXPECT_EQ(AgeOn(birth, {2023, 3, 1}), 23);
  EXPECT_EQ(AgeOn(birth, {2024, 2, 28}), 23);
  EXPECT_EQ(AgeOn(birth, {2024, 2, 29}), 24);
}

TEST(AgeOnTest, ZeroOnTheDayOfBirthAndNegativeBefore) {
  EXPECT_EQ(AgeOn({2026, 11, 21}, {2026, 11, 21}), 0);
  EXPECT_LT(AgeOn({2026, 11, 21}, {2026, 11, 20}), 0);
}

TEST(DateFromEpochMillisJstTest, UsesTokyoTimeNotUtc) {
  EXPECT_EQ(DateFromEpochMillisJst(0), (Date{1970, 1, 1}));
  // 2026-11-20T14:59:59.999Z is 23:59:59.999 in Tokyo; one millisecond later it is the 21st.
  const int64_t midnight_jst_ms = 1'795'186'800'000;  // 2026-11-20T15:00:00Z
  EXPECT_EQ(DateFromEpochMillisJst(midnight_jst_ms - 1), (Date{2026, 11, 20}));
  EXPECT_EQ(DateFromEpochMillisJst(midnight_jst_ms), kNov21);
}

TEST(DateFromEpochMillisJstTest, HandlesInstantsBefore1970) {
  // 1969-12-31T14:59:59.999Z is the last millisecond of 31 December in Tokyo.
  EXPECT_EQ(DateFromEpochMillisJst(-9 * 3'600'000 - 1), (Date{1969, 12, 31}));
  EXPECT_EQ(DateFromEpochMillisJst(-9 * 3'600'000), (Date{1970, 1, 1}));
  // 1936-01-01T00:00:00+09:00.
  EXPECT_EQ(DateFromEpochMillisJst(-1'073'034'000'000), (Date{1936, 1, 1}));
}

}  // namespace
}  // namespace core

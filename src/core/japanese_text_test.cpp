// Tests for width, kana and variant folding, written from the spellings met in real registers.
#include "core/japanese_text.h"

#include <gtest/gtest.h>

#include <string>

namespace core {
namespace {

TEST(NormalizeForSearchTest, FoldsFullWidthAsciiAndLowerCases) {
  EXPECT_EQ(NormalizeForSearch("ＹＡＭＡＤＡ　Ｔａｒｏ"), "yamadataro");
  EXPECT_EQ(NormalizeForSearch("ＡＢＣ１２３"), "abc123");
  EXPECT_EQ(NormalizeForSearch("Smith"), "smith");
}

TEST(NormalizeForSearchTest, KatakanaAndHiraganaGiveTheSameKey) {
  EXPECT_EQ(NormalizeForSearch("カナ"), "かな");
  EXPECT_EQ(NormalizeForSearch("かな"), "かな");
  EXPECT_EQ(NormalizeForSearch("ヤマダ　タロウ"), NormalizeForSearch("やまだ たろう"));
}

TEST(NormalizeForSearchTest, HalfWidthKatakanaComposesVoicedMarks) {
  EXPECT_EQ(NormalizeForSearch("ｶﾞ"), "が");
  EXPECT_EQ(NormalizeForSearch("ﾔﾏﾀﾞ ﾀﾛｳ"), "やまだたろう");
  EXPECT_EQ(NormalizeForSearch("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ"), "ぱぴぷぺぽ");
  EXPECT_EQ(NormalizeForSearch("ｳﾞｨ"), "ゔぃ");
}

TEST(NormalizeForSearchTest, ComposesCombiningSoundMarksFromDecomposedInput) {
  // macOS file names and some copy-paste paths give NFD: カ + U+3099.
  EXPECT_EQ(NormalizeForSearch("カ\u3099ス"), "がす");
  EXPECT_EQ(NormalizeForSearch("は\u309A"), "ぱ");
}

TEST(NormalizeForSearchTest, MapsOldAndVariantKanjiToCommonForms) {
  EXPECT_EQ(NormalizeForSearch("髙橋"), "高橋");
  EXPECT_EQ(NormalizeForSearch("山﨑"), "山崎");
  EXPECT_EQ(NormalizeForSearch("山嵜"), "山崎");
  EXPECT_EQ(NormalizeForSearch("渡邊"), "渡辺");
  EXPECT_EQ(NormalizeForSearch("渡邉"), "渡辺");
  EXPECT_EQ(NormalizeForSearch("齋藤"), "斎藤");
  EXPECT_EQ(NormalizeForSearch("齊藤"), "斎藤");
  EXPECT_EQ(NormalizeForSearch("濵田"), "浜田");
  EXPECT_EQ(NormalizeForSearch("德川"), "徳川");
  EXPECT_EQ(NormalizeForSearch("櫻井"), "桜井");
  EXPECT_EQ(NormalizeForSearch("廣田"), "広田");
  EXPECT_EQ(NormalizeForSearch("澤口"), "沢口");
  EXPECT_EQ(NormalizeForSearch("國分"), "国分");
  EXPECT_EQ(NormalizeForSearch("眞鍋"), "真鍋");
  EXPECT_EQ(NormalizeForSearch("龍馬"), "竜馬");
}

TEST(NormalizeForSearchTest, SaitoSpellingsAllMatch) {
  const std::string key = NormalizeForSearch("斎藤");
  EXPECT_EQ(NormalizeForSearch("斉藤"), key);
  EXPECT_EQ(NormalizeForSearch("齋藤"), key);
  EXPECT_EQ(NormalizeForSearch("齊藤"), key);
}

TEST(NormalizeForSearchTest, LeavesCommonFormsAndOtherKanjiAlone) {
  EXPECT_EQ(NormalizeForSearch("高橋"), "高橋");
  EXPECT_EQ(NormalizeForSearch("田中"), "田中");
}

TEST(NormalizeForSearchTest, RemovesEveryKindOfWhiteSpace) {
  EXPECT_EQ(NormalizeForSearch(" 山田\t太郎\u3000 \n"), "山田太郎");
  EXPECT_EQ(NormalizeForSearch("山田\u00A0太郎"), "山田太郎");
  EXPECT_EQ(NormalizeForSearch("\u3000\u3000"), "");
}

TEST(NormalizeForSearchTest, RemovesMiddleDots) {
  EXPECT_EQ(NormalizeForSearch("ジョン・スミス"), "じょんすみす");
  EXPECT_EQ(NormalizeForSearch("ｼﾞｮﾝ･ｽﾐｽ"), "じょんすみす");
}

TEST(NormalizeForSearchTest, KeepsTheLongVowelMark) {
  EXPECT_EQ(NormalizeForSearch("ユーコ"), "ゆーこ");
  EXPECT_EQ(NormalizeForSearch("ﾕｰｺ"), "ゆーこ");
}

TEST(NormalizeForSearchTest, TurnsDashesAfterKanaIntoTheLongVowelMark) {
  const std::string key = NormalizeForSearch("ユーコ");
  EXPECT_EQ(NormalizeForSearch("ユ－コ"), key);  // U+FF0D
  EXPECT_EQ(NormalizeForSearch("ユ―コ"), key);   // U+2015
  EXPECT_EQ(NormalizeForSearch("ユ-コ"), key);
  EXPECT_EQ(NormalizeForSearch("ゆ−こ"), key);    // U+2212
  EXPECT_EQ(NormalizeForSearch("ヷー"), "ヷー");  // ヷ has no hiragana twin but is still kana
}

TEST(NormalizeForSearchTest, KeepsDashesThatDoNotFollowKana) {
  EXPECT_EQ(NormalizeForSearch("０９０ー１２３４"), "090-1234");
  EXPECT_EQ(NormalizeForSearch("A-1"), "a-1");
  EXPECT_EQ(NormalizeForSearch("山田―"), "山田―");
}

TEST(NormalizeForSearchTest, DropsInvalidBytesWithoutCrashing) {
  EXPECT_EQ(NormalizeForSearch("山\xFF田\xE5\xB1"), "山田");
  EXPECT_EQ(NormalizeForSearch("\x80\x80\x80"), "");
  EXPECT_EQ(NormalizeForSearch(""), "");
}

TEST(NormalizeForSearchTest, IsIdempotent) {
  for (const char* s : {"髙橋　ｶｽﾞｵ", "ジョン・スミス", "ﾕｰｺ", "０９０ー１２３４", "ＡＢＣ"}) {
    const std::string once = NormalizeForSearch(s);
    EXPECT_EQ(NormalizeForSearch(once), once) << s;
  }
}

TEST(NormalizeForSearchTest, FoldsAcrossRemovedSpacesSoTheKeyIsStable) {
  EXPECT_EQ(NormalizeForSearch("1 ー2"), "1-2");
  EXPECT_EQ(NormalizeForSearch("ｶ ﾞ"), "が");
}

TEST(NormalizeForSearchTest, DifferentlyTypedNamesMeet) {
  const std::string key = NormalizeForSearch("高橋かずお");
  EXPECT_EQ(NormalizeForSearch("髙橋　ｶｽﾞｵ"), key);
  EXPECT_EQ(NormalizeForSearch("高橋 カズオ"), key);
}

TEST(ToFullWidthKatakanaTest, ConvertsHiraganaToKatakana) {
  EXPECT_EQ(ToFullWidthKatakana("やまだ たろう"), "ヤマダ\u3000タロウ");
  EXPECT_EQ(ToFullWidthKatakana("ゔぁ"), "ヴァ");
  EXPECT_EQ(ToFullWidthKatakana("みすゞ"), "ミスヾ");
}

TEST(ToFullWidthKatakanaTest, ConvertsHalfWidthKatakanaComposingSoundMarks) {
  EXPECT_EQ(ToFullWidthKatakana("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダ\u3000タロウ");
  EXPECT_EQ(ToFullWidthKatakana("ﾎﾟﾝﾄﾞ"), "ポンド");
  EXPECT_EQ(ToFullWidthKatakana("ｳﾞｪﾙﾃﾞｨ"), "ヴェルディ");
  EXPECT_EQ(ToFullWidthKatakana("ﾜﾞ"), "ヷ");
  EXPECT_EQ(ToFullWidthKatakana("ｺｰﾋｰ"), "コーヒー");
}

TEST(ToFullWidthKatakanaTest, KeepsAnUncomposableSoundMarkAsAFullWidthMark) {
  EXPECT_EQ(ToFullWidthKatakana("ｱﾞ"), "ア゛");
  EXPECT_EQ(ToFullWidthKatakana("ｶﾟ"), "カ゜");
}

TEST(ToFullWidthKatakanaTest, CollapsesAndTrimsSpaces) {
  EXPECT_EQ(ToFullWidthKatakana("  ヤマダ \u3000 タロウ\u3000"), "ヤマダ\u3000タロウ");
  EXPECT_EQ(ToFullWidthKatakana("\u3000"), "");
  EXPECT_EQ(ToFullWidthKatakana(""), "");
}

TEST(ToFullWidthKatakanaTest, LeavesOtherCharactersUnchanged) {
  EXPECT_EQ(ToFullWidthKatakana("山田ＡＢＣabc・ー"), "山田ＡＢＣabc・ー");
  EXPECT_EQ(ToFullWidthKatakana("ジョン･ｽﾐｽ"), "ジョン・スミス");
}

TEST(ToFullWidthKatakanaTest, ComposesMarksAfterHiraganaThatHaveOnlyKatakanaForms) {
  EXPECT_EQ(ToFullWidthKatakana("わ\u3099"), "ヷ");
  EXPECT_EQ(ToFullWidthKatakana("をﾞ"), "ヺ");
}

TEST(ToFullWidthKatakanaTest, IsIdempotent) {
  const std::string once = ToFullWidthKatakana(" ﾔﾏﾀﾞ　たろう ");
  EXPECT_EQ(ToFullWidthKatakana(once), once);
}

TEST(ToFullWidthKatakanaTest, DropsInvalidBytes) {
  EXPECT_EQ(ToFullWidthKatakana("や\xFFま"), "ヤマ");
}

TEST(IsKanaNameTest, AcceptsHiraganaKatakanaAndHalfWidthReadings) {
  EXPECT_TRUE(IsKanaName("やまだ たろう"));
  EXPECT_TRUE(IsKanaName("ヤマダ\u3000タロウ"));
  EXPECT_TRUE(IsKanaName("ﾔﾏﾀﾞ ﾀﾛｳ"));
  EXPECT_TRUE(IsKanaName("ジョン・スミス"));
  EXPECT_TRUE(IsKanaName("ｼﾞｮﾝ･ｽﾐｽ"));
  EXPECT_TRUE(IsKanaName("ユーコ"));
  EXPECT_TRUE(IsKanaName("ヴィクトリア"));
  EXPECT_TRUE(IsKanaName("みすゞ"));
}

TEST(IsKanaNameTest, RejectsKanjiLatinAndDigits) {
  EXPECT_FALSE(IsKanaName("山田たろう"));
  EXPECT_FALSE(IsKanaName("Yamada"));
  EXPECT_FALSE(IsKanaName("タロウ2"));
  EXPECT_FALSE(IsKanaName("タロウ（仮）"));
}

TEST(IsKanaNameTest, RequiresAtLeastOneKanaLetter) {
  EXPECT_FALSE(IsKanaName(""));
  EXPECT_FALSE(IsKanaName("   "));
  EXPECT_FALSE(IsKanaName("ー・ー"));
  EXPECT_FALSE(IsKanaName("ﾞ"));
}

TEST(IsKanaNameTest, RejectsTabsNewlinesAndInvalidUtf8) {
  EXPECT_FALSE(IsKanaName("やまだ\tたろう"));
  EXPECT_FALSE(IsKanaName("やまだ\n"));
  EXPECT_FALSE(IsKanaName("やまだ\xFF"));
}

TEST(FoldWidthTest, FoldsFullWidthDigitsAndHyphensInPhoneNumbers) {
  EXPECT_EQ(FoldWidth("０９０−１２３４"), "090-1234");                  // U+2212
  EXPECT_EQ(FoldWidth("０９０－１２３４－５６７８"), "090-1234-5678");  // U+FF0D
  EXPECT_EQ(FoldWidth("０９０ー１２３４ー５６７８"), "090-1234-5678");  // U+30FC
  EXPECT_EQ(FoldWidth("03ｰ1234ｰ5678"), "03-1234-5678");                 // U+FF70
  EXPECT_EQ(FoldWidth("03‐1234―5678"), "03-1234-5678");                 // U+2010, U+2015
}

TEST(FoldWidthTest, FoldsAddressesWithoutTouchingKanji) {
  EXPECT_EQ(FoldWidth("東京都千代田区１ー２ー３　ＡＢＣビル"), "東京都千代田区1-2-3 ABCビル");
}

TEST(FoldWidthTest, KeepsLongVowelMarksAfterKana) {
  EXPECT_EQ(FoldWidth("コーヒー"), "コーヒー");
  EXPECT_EQ(FoldWidth("ｺｰﾋｰ"), "コーヒー");
}

TEST(FoldWidthTest, FoldsHalfWidthKatakanaAndPunctuationToFullWidth) {
  EXPECT_EQ(FoldWidth("ｶﾞｽ"), "ガス");
  EXPECT_EQ(FoldWidth("｢ｱ｣､｡"), "「ア」、。");
}

TEST(FoldWidthTest, KeepsHiraganaKatakanaAndCaseAsTheyAre) {
  EXPECT_EQ(FoldWidth("やまだ ヤマダ Yamada"), "やまだ ヤマダ Yamada");
}

TEST(FoldWidthTest, MapsTheWholeFullWidthAsciiRange) {
  EXPECT_EQ(FoldWidth("！＂＃＄％＆＇（）＊＋，．／：；＜＝＞？＠［＼］＾＿｀｛｜｝～"),
            "!\"#$%&'()*+,./:;<=>?@[\\]^_`{|}~");
}

TEST(FoldWidthTest, DropsInvalidBytes) { EXPECT_EQ(FoldWidth("１\xC0\xAF２"), "12"); }

}  // namespace
}  // namespace core

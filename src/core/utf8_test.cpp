// Tests for the UTF-8 primitives, with the edge cases from Unicode's well-formedness table.
#include "core/utf8.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace core {
namespace {

TEST(Utf8Test, AcceptsAsciiJapaneseAndEmoji) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("abc"));
  EXPECT_TRUE(IsValidUtf8("山田 太郎"));
  EXPECT_TRUE(IsValidUtf8("ﾔﾏﾀﾞ"));
  EXPECT_TRUE(IsValidUtf8("\xF0\xA0\xAE\xB7"));  // 𠮷, outside the BMP
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));
}

TEST(Utf8Test, AcceptsTheBoundaryCodePoints) {
  EXPECT_TRUE(IsValidUtf8("\x7F"));
  EXPECT_TRUE(IsValidUtf8("\xC2\x80"));          // U+0080
  EXPECT_TRUE(IsValidUtf8("\xDF\xBF"));          // U+07FF
  EXPECT_TRUE(IsValidUtf8("\xE0\xA0\x80"));      // U+0800
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));      // U+E000, just above them
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(IsValidUtf8("\xF0\x90\x80\x80"));  // U+10000
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(Utf8Test, RejectsOverlongForms) {
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));  // '/' in two bytes
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // '/' in three bytes
  EXPECT_FALSE(IsValidUtf8("\xE0\x9F\xBF"));      // U+07FF in three bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));  // '/' in four bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in four bytes
}

TEST(Utf8Test, RejectsSurrogates) {
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));              // U+D800
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));              // U+DFFF
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 style pair
}

TEST(Utf8Test, RejectsCodePointsAboveTheUnicodeRange) {
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Utf8Test, RejectsTruncatedSequencesAndStrayContinuationBytes) {
  EXPECT_FALSE(IsValidUtf8("\xE5\xB1"));  // 山 without its last byte
  EXPECT_FALSE(IsValidUtf8("abc\xF0\x9F\x98"));
  EXPECT_FALSE(IsValidUtf8("\x80"));
  EXPECT_FALSE(IsValidUtf8("x\xBFy"));
  EXPECT_FALSE(IsValidUtf8("\xE5z\xB1"));  // a character interrupted by ASCII
}

TEST(Utf8Test, RejectsShiftJisBytes) {
  EXPECT_FALSE(IsValidUtf8("\x8E\x52\x93\x63"));  // 山田 in CP932
}

TEST(Utf8Test, LengthCountsCodePointsNotBytes) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("山田太郎"), 4u);
  EXPECT_EQ(Utf8Length("ｶﾞ"), 2u);  // half-width voiced kana are two characters
  EXPECT_EQ(Utf8Length("𠮷野家"), 3u);
}

TEST(Utf8Test, LengthCountsEachIllFormedPieceOnce) {
  EXPECT_EQ(Utf8Length("x\xFFy"), 3u);
  EXPECT_EQ(Utf8Length("\xE5\xB1"), 1u);
}

TEST(Utf8Test, DecodesToCodePoints) {
  EXPECT_EQ(DecodeUtf8("a山𠮷"), (std::u32string{U'a', U'山', U'𠮷'}));
  EXPECT_EQ(DecodeUtf8(""), std::u32string());
}

TEST(Utf8Test, DecodeReplacesEachMaximalIllFormedSubsequenceOnce) {
  // Truncated three-byte sequence followed by ASCII: one U+FFFD, then the ASCII survives.
  EXPECT_EQ(DecodeUtf8("\xE5\xB1z"), (std::u32string{0xFFFD, U'z'}));
  // Each stray continuation byte is its own ill-formed piece.
  EXPECT_EQ(DecodeUtf8("\x80\x80"), (std::u32string{0xFFFD, 0xFFFD}));
  // A surrogate's lead byte E0..EF is not followed by an allowed second byte, so it stands
  // alone and the next two bytes are stray continuations.
  EXPECT_EQ(DecodeUtf8("\xED\xA0\x80"), (std::u32string{0xFFFD, 0xFFFD, 0xFFFD}));
  // A new lead byte right after a truncated sequence starts a fresh character.
  EXPECT_EQ(DecodeUtf8("\xE5\xE5\xB1\xB1"), (std::u32string{0xFFFD, U'山'}));
}

TEST(Utf8Test, DecodeCodePointAdvancesPastTheCharacter) {
  const std::string s = "a山\xFF";
  size_t pos = 0;
  EXPECT_EQ(DecodeCodePoint(s, pos), U'a');
  EXPECT_EQ(pos, 1u);
  EXPECT_EQ(DecodeCodePoint(s, pos), U'山');
  EXPECT_EQ(pos, 4u);
  EXPECT_EQ(DecodeCodePoint(s, pos), std::nullopt);
  EXPECT_EQ(pos, 5u);
}

TEST(Utf8Test, AppendEncodesEveryLength) {
  std::string out;
  AppendUtf8(out, U'a');
  AppendUtf8(out, 0xE9);
  AppendUtf8(out, U'山');
  AppendUtf8(out, U'𠮷');
  EXPECT_EQ(out, "a\xC3\xA9山𠮷");
}

TEST(Utf8Test, AppendWritesReplacementForNonCharacters) {
  std::string out;
  AppendUtf8(out, 0xD800);
  AppendUtf8(out, 0x110000);
  EXPECT_EQ(out, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Utf8Test, EncodeAndDecodeRoundTripEveryScalarValue) {
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string s;
    AppendUtf8(s, cp);
    ASSERT_TRUE(IsValidUtf8(s)) << std::hex << static_cast<uint32_t>(cp);
    ASSERT_EQ(DecodeUtf8(s), std::u32string(1, cp)) << std::hex << static_cast<uint32_t>(cp);
  }
}

}  // namespace
}  // namespace core

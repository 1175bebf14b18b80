// Tests for encoding detection, with CP932 byte strings written out by hand so that they do not
// depend on the converter under test.
#include "core/text_encoding.h"

#include <gtest/gtest.h>

#include <string>

namespace core {
namespace {

DecodedText Decode(std::string_view bytes) {
  Result<DecodedText> result = DecodeToUtf8(bytes);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? result.value() : DecodedText{};
}

std::string DecodeError(std::string_view bytes) {
  Result<DecodedText> result = DecodeToUtf8(bytes);
  if (result.ok()) return "ok";
  EXPECT_EQ(result.error().code, ErrorCode::kUnprocessable);
  return result.error().message;
}

TEST(EncodingNameTest, NamesEveryEncodingForPeople) {
  EXPECT_EQ(EncodingName(TextEncoding::kUtf8), "UTF-8");
  EXPECT_EQ(EncodingName(TextEncoding::kUtf8Bom), "UTF-8 (BOM)");
  EXPECT_EQ(EncodingName(TextEncoding::kCp932), "Shift_JIS (CP932)");
  EXPECT_EQ(EncodingName(TextEncoding::kUtf16Le), "UTF-16LE");
}

TEST(DecodeToUtf8Test, PassesValidUtf8ThroughUnchanged) {
  const DecodedText text = Decode("氏名,生年月日\r\n山田太郎,S11.1.1\r\n");
  EXPECT_EQ(text.utf8, "氏名,生年月日\r\n山田太郎,S11.1.1\r\n");
  EXPECT_EQ(text.encoding, TextEncoding::kUtf8);
}

TEST(DecodeToUtf8Test, EmptyAndAsciiInputAreUtf8) {
  EXPECT_EQ(Decode("").encoding, TextEncoding::kUtf8);
  EXPECT_EQ(Decode("a,b\n").encoding, TextEncoding::kUtf8);
}

TEST(DecodeToUtf8Test, StripsTheUtf8ByteOrderMark) {
  const DecodedText text = Decode("\xEF\xBB\xBF氏名");
  EXPECT_EQ(text.utf8, "氏名");
  EXPECT_EQ(text.encoding, TextEncoding::kUtf8Bom);
  EXPECT_EQ(Decode("\xEF\xBB\xBF").utf8, "");
}

TEST(DecodeToUtf8Test, RejectsInvalidUtf8AfterAByteOrderMarkNamingTheOffset) {
  const std::string message = DecodeError("\xEF\xBB\xBFxy\x8E\x52");
  EXPECT_NE(message.find("(byte offset 5)"), std::string::npos) << message;
}

TEST(DecodeToUtf8Test, ConvertsUtf16LittleEndian) {
  // FF FE, then 山 (U+5C71), 田 (U+7530), ',' and 𠮷 (U+20BB7 = D842 DFB7).
  const DecodedText text = Decode(std::string("\xFF\xFE\x71\x5C\x30\x75,\x00\x42\xD8\xB7\xDF", 12));
  EXPECT_EQ(text.utf8, "山田,𠮷");
  EXPECT_EQ(text.encoding, TextEncoding::kUtf16Le);
}

TEST(DecodeToUtf8Test, RejectsMalformedUtf16) {
  // Odd length.
  EXPECT_NE(DecodeError(std::string("\xFF\xFE\x71\x5C\x30", 5)).find("(byte offset 4)"),
            std::string::npos);
  // A high surrogate followed by a normal character.
  EXPECT_NE(DecodeError(std::string("\xFF\xFE\x42\xD8\x71\x5C", 6)).find("(byte offset 2)"),
            std::string::npos);
  // A low surrogate on its own.
  EXPECT_NE(DecodeError(std::string("\xFF\xFE\x71\x5C\xB7\xDF", 6)).find("(byte offset 4)"),
            std::string::npos);
  // A high surrogate at the very end.
  EXPECT_NE(DecodeError(std::string("\xFF\xFE\x42\xD8", 4)).find("(byte offset 2)"),
            std::string::npos);
}

TEST(DecodeToUtf8Test, ExplainsThatUtf16BigEndianIsNotSupported) {
  const std::string message = DecodeError(std::string("\xFE\xFF\x5C\x71", 4));
  EXPECT_NE(message.find("UTF-16BE"), std::string::npos);
}

TEST(DecodeToUtf8Test, DecodesOrdinaryCp932Kanji) {
  // 氏名,山田太郎\r\n
  const DecodedText text = Decode("\x8E\x81\x96\xBC,\x8E\x52\x93\x63\x91\xBE\x98\x59\r\n");
  EXPECT_EQ(text.utf8, "氏名,山田太郎\r\n");
  EXPECT_EQ(text.encoding, TextEncoding::kCp932);
}

TEST(DecodeToUtf8Test, DecodesCp932HalfWidthKatakana) {
  EXPECT_EQ(Decode("\xD4\xCF\xC0\xDE \xC0\xDB\xB3").utf8, "ﾔﾏﾀﾞ ﾀﾛｳ");
}

TEST(DecodeToUtf8Test, DecodesNecAndIbmExtensionCharacters) {
  EXPECT_EQ(Decode("\xFB\xFC\x8B\xB4").utf8, "髙橋");  // IBM extension
  EXPECT_EQ(Decode("\x8E\x52\xFA\xB1").utf8, "山﨑");  // IBM extension
  EXPECT_EQ(Decode("\x87\x40\x87\x8A").utf8, "①㈱");   // NEC row 13
  EXPECT_EQ(Decode("\x87\x8F").utf8, "㍼");            // NEC row 13 era symbol
  EXPECT_EQ(Decode("\xED\x40").utf8, "纊");            // NEC-selected IBM extension
}

TEST(DecodeToUtf8Test, Cp932BackslashAndTildeStayAscii) {
  // In CP932 0x5C is U+005C (fonts draw it as ¥); strict Shift_JIS would give U+00A5.
  EXPECT_EQ(Decode("\x8E\x52,\\1000,~").utf8, "山,\\1000,~");
}

TEST(DecodeToUtf8Test, Cp932WaveDashAndMinusDecodeToTheirWindowsForms) {
  EXPECT_EQ(Decode("\x82\xA0\x81\x60").utf8, "あ\uFF5E");  // ～, not 〜 U+301C
  EXPECT_EQ(Decode("\x82\xA0\x81\x7C").utf8, "あ\uFF0D");  // －, not − U+2212
  EXPECT_EQ(Decode("\x82\xA0\x81\x5C").utf8, "あ\u2015");  // ―
}

TEST(DecodeToUtf8Test, Cp932TrailBytesThatLookLikeBackslashDoNotBreakText) {
  // ソ (0x835C) and 表 (0x955C) have 0x5C as their second byte.
  EXPECT_EQ(Decode("\x83\x5C\x95\x5C,").utf8, "ソ表,");
}

TEST(DecodeToUtf8Test, ReportsTheOffsetOfAnUndecodableCp932Byte) {
  // 山田 then 0x85 0x40, a pair CP932 leaves unassigned.
  std::string message = DecodeError("\x8E\x52\x93\x63\x85\x40");
  EXPECT_NE(message.find("文字コードを判別できません"), std::string::npos) << message;
  EXPECT_NE(message.find("(byte offset 4)"), std::string::npos) << message;
  // Bytes that are never valid in CP932.
  EXPECT_NE(DecodeError("\x8E\x52\xFD").find("(byte offset 2)"), std::string::npos);
  EXPECT_NE(DecodeError("\x80").find("(byte offset 0)"), std::string::npos);
  EXPECT_NE(DecodeError("ab\xA0").find("(byte offset 2)"), std::string::npos);
  // A lead byte whose trail byte is out of range.
  EXPECT_NE(DecodeError("\x8E\x52\x81\x20").find("(byte offset 2)"), std::string::npos);
}

TEST(DecodeToUtf8Test, ReportsALeadByteCutOffAtTheEnd) {
  EXPECT_NE(DecodeError("\x8E\x52\x93").find("(byte offset 2)"), std::string::npos);
}

TEST(EncodeCp932Test, EncodesKanjiKanaAndAscii) {
  EXPECT_EQ(EncodeCp932("氏名,山田太郎\r\n"),
            "\x8E\x81\x96\xBC,\x8E\x52\x93\x63\x91\xBE\x98\x59\r\n");
  EXPECT_EQ(EncodeCp932("ｶﾞ"), "\xB6\xDE");
  EXPECT_EQ(EncodeCp932(""), "");
}

TEST(EncodeCp932Test, EncodesExtensionCharactersAsWindowsDoes) {
  EXPECT_EQ(EncodeCp932("髙﨑①㈱"), "\xFB\xFC\xFA\xB1\x87\x40\x87\x8A");
}

TEST(EncodeCp932Test, AcceptsBothWaveDashesAndBothMinusSigns) {
  EXPECT_EQ(EncodeCp932("\u301C\uFF5E"), "\x81\x60\x81\x60");
  EXPECT_EQ(EncodeCp932("\u2212\uFF0D"), "\x81\x7C\x81\x7C");
  EXPECT_EQ(EncodeCp932("¥"), "\\");
}

TEST(EncodeCp932Test, ReplacesCharactersWithoutACp932FormWithQuestionMarks) {
  EXPECT_EQ(EncodeCp932("𠮷野家"), "?\x96\xEC\x89\xC6");
  EXPECT_EQ(EncodeCp932("Café"), "Caf?");
  EXPECT_EQ(EncodeCp932("😀😀"), "??");
}

TEST(EncodeCp932Test, ReplacesInvalidUtf8WithQuestionMarks) {
  EXPECT_EQ(EncodeCp932("x\xFFy"), "x?y");
  EXPECT_EQ(EncodeCp932("a\xE5\xB1"), "a?");  // truncated at the end
}

TEST(EncodeCp932Test, RoundTripsThroughDecode) {
  const std::string text = "氏名,ﾌﾘｶﾞﾅ,備考\r\n髙橋 一郎,ﾀｶﾊｼ ｲﾁﾛｳ,①要支援\\～\r\n";
  const DecodedText decoded = Decode(EncodeCp932(text));
  EXPECT_EQ(decoded.encoding, TextEncoding::kCp932);
  EXPECT_EQ(decoded.utf8, text);
}

TEST(EncodeCp932Test, HandlesLongInputs) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "山田😀";
  const std::string encoded = EncodeCp932(text);
  EXPECT_EQ(encoded.size(), 10000u * 5);
}

}  // namespace
}  // namespace core

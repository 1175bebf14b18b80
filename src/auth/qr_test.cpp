// Tests for the QR code SVG: shape of the document, size per version, fidelity to libqrencode.
#include "auth/qr.h"

#include <gtest/gtest.h>
#include <qrencode.h>

#include <regex>
#include <string>
#include <vector>

namespace auth {
namespace {

std::string Attribute(const std::string& svg, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(svg, m, std::regex(" " + name + "=\"([^\"]*)\""))) return {};
  return m[1];
}

std::string PathData(const std::string& svg) {
  std::smatch m;
  if (!std::regex_search(svg, m, std::regex("<path [^>]*d=\"([^\"]*)\""))) return {};
  return m[1];
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

TEST(QrSvgTest, IsAStandaloneAccessibleSvgDocument) {
  core::Result<std::string> svg = QrSvg("hello");
  ASSERT_TRUE(svg.ok());
  EXPECT_TRUE(svg->starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")) << *svg;
  EXPECT_TRUE(svg->ends_with("</svg>"));
  EXPECT_EQ(Attribute(*svg, "role"), "img");
  EXPECT_NE(svg->find("<title>QRコード (QR code)</title>"), std::string::npos);
  EXPECT_EQ(Count(*svg, "<path "), 1u);
  EXPECT_EQ(Count(*svg, "<svg"), 1u);
  EXPECT_EQ(Count(*svg, "<"), Count(*svg, ">"));
}

TEST(QrSvgTest, Version1HasTwentyOneModulesPlusQuietZone) {
  // "hello" fits version 1 at level M (14 bytes): 21 modules + 2 × 4 quiet = 29.
  core::Result<std::string> svg = QrSvg("hello");
  ASSERT_TRUE(svg.ok());
  EXPECT_EQ(Attribute(*svg, "viewBox"), "0 0 29 29");
  EXPECT_EQ(Attribute(*svg, "width"), "116");
  EXPECT_EQ(Attribute(*svg, "height"), "116");
}

TEST(QrSvgTest, ModuleSizeScalesThePixelSizeOnly) {
  core::Result<std::string> svg = QrSvg("hello", 10);
  ASSERT_TRUE(svg.ok());
  EXPECT_EQ(Attribute(*svg, "width"), "290");
  EXPECT_EQ(Attribute(*svg, "viewBox"), "0 0 29 29");
  EXPECT_EQ(PathData(*svg), PathData(QrSvg("hello", 4).value()));
}

TEST(QrSvgTest, LongerTextUsesALargerVersion) {
  const std::string uri =
      "otpauth://totp/Tsunagari:yamada.t?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
      "&issuer=Tsunagari&algorithm=SHA1&digits=6&period=30";
  core::Result<std::string> svg = QrSvg(uri);
  ASSERT_TRUE(svg.ok());
  int modules = std::stoi(Attribute(*svg, "width")) / 4;
  int symbol = modules - 8;
  EXPECT_GT(symbol, 21);
  EXPECT_EQ((symbol - 17) % 4, 0) << symbol;  // every version is 4v + 17 modules wide
}

TEST(QrSvgTest, IsDeterministic) {
  EXPECT_EQ(QrSvg("otpauth://totp/T:u?secret=JBSWY3DPEHPK3PXP").value(),
            QrSvg("otpauth://totp/T:u?secret=JBSWY3DPEHPK3PXP").value());
  EXPECT_NE(QrSvg("hello").value(), QrSvg("hellp").value());
}

TEST(QrSvgTest, StartsWithTheTopLeftFinderPattern) {
  // The finder's top edge is a run of 7 dark modules at the corner inside the quiet zone.
  EXPECT_TRUE(PathData(QrSvg("hello").value()).starts_with("M4 4h7v1H4z"));
}

TEST(QrSvgTest, DrawsExactlyTheDarkModulesOfLibqrencode) {
  const std::string text = "つながり 2FA";
  QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  ASSERT_NE(code, nullptr);
  const int width = code->width;
  std::vector<bool> expected(width * width);
  for (int i = 0; i < width * width; ++i) expected[i] = (code->data[i] & 1) != 0;
  QRcode_free(code);

  // Paint the path's runs back onto a grid, undoing the quiet-zone offset.
  std::vector<bool> drawn(width * width, false);
  const std::string d = PathData(QrSvg(text).value());
  std::regex run("M([0-9]+) ([0-9]+)h([0-9]+)v1H\\1z");
  size_t consumed = 0;
  for (auto it = std::sregex_iterator(d.begin(), d.end(), run); it != std::sregex_iterator();
       ++it) {
    const int x = std::stoi((*it)[1]) - 4, y = std::stoi((*it)[2]) - 4, n = std::stoi((*it)[3]);
    ASSERT_TRUE(x >= 0 && y >= 0 && y < width && x + n <= width) << it->str();
    for (int k = 0; k < n; ++k) {
      EXPECT_FALSE(drawn[y * width + x + k]) << "drawn twice: " << it->str();
      drawn[y * width + x + k] = true;
    }
    consumed += it->length();
  }
  EXPECT_EQ(consumed, d.size());  // nothing in the path but runs
  EXPECT_EQ(drawn, expected);
}

TEST(QrSvgTest, RefusesEmptyTextAndTextWithNul) {
  core::Result<std::string> empty = QrSvg("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, core::ErrorCode::kInvalid);
  EXPECT_EQ(empty.error().field, "text");
  EXPECT_FALSE(QrSvg(std::string_view("a\0b", 3)).ok());
}

TEST(QrSvgTest, RefusesTextTooLongForAnyVersion) {
  core::Result<std::string> svg = QrSvg(std::string(3000, 'x'));
  ASSERT_FALSE(svg.ok());
  EXPECT_EQ(svg.error().code, core::ErrorCode::kInvalid);
  ASSERT_EQ(svg.error().details.size(), 1u);
  EXPECT_EQ(svg.error().details[0].code, "too_long");
}

TEST(QrSvgTest, RefusesModuleSizeOutOfRange) {
  EXPECT_FALSE(QrSvg("hello", 0).ok());
  EXPECT_FALSE(QrSvg("hello", 65).ok());
  EXPECT_EQ(QrSvg("hello", -3).error().field, "module_px");
}

}  // namespace
}  // namespace auth

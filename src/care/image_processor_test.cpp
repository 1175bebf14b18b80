// Tests of content detection and of the libvips image pipeline: photos come out upright, with no
// EXIF (in particular no GPS position), thumbnails are small JPEGs, and broken, oversized or
// unreadable files are refused with an error naming "file" rather than a crash or a 500.
#include "care/image_processor.h"

#include <gtest/gtest.h>
#include <vips/vips.h>
#include <zlib.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace care {
namespace {

using core::ErrorCode;
using namespace std::literals;

struct Unref {
  void operator()(VipsImage* p) const {
    if (p) g_object_unref(p);
  }
};
using Image = std::unique_ptr<VipsImage, Unref>;

// A 3-band sRGB test card: white where x < split, black elsewhere, so rotation is visible.
Image HalfWhite(int width, int height, int split) {
  VipsImage* xyz = nullptr;
  VipsImage* x = nullptr;
  VipsImage* mask = nullptr;
  VipsImage* rgb = nullptr;
  VipsImage* out = nullptr;
  EXPECT_EQ(vips_xyz(&xyz, width, height, nullptr), 0);
  EXPECT_EQ(vips_extract_band(xyz, &x, 0, nullptr), 0);
  EXPECT_EQ(vips_less_const1(x, &mask, split, nullptr), 0);  // 255 where x < split
  VipsImage* bands[3] = {mask, mask, mask};
  EXPECT_EQ(vips_bandjoin(bands, &rgb, 3, nullptr), 0);
  EXPECT_EQ(vips_copy(rgb, &out, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), 0);
  for (VipsImage* p : {xyz, x, mask, rgb}) g_object_unref(p);
  return Image(out);
}

// A fresh copy whose metadata may be changed (libvips images are shared and immutable).
Image Writable(const Image& in) {
  VipsImage* out = nullptr;
  EXPECT_EQ(vips_copy(in.get(), &out, nullptr), 0);
  return Image(out);
}

void SetGps(VipsImage* image) {
  vips_image_set_string(image, "exif-ifd3-GPSLatitudeRef", "N");
  vips_image_set_string(image, "exif-ifd3-GPSLatitude", "35/1 41/1 2233/100");
  vips_image_set_string(image, "exif-ifd3-GPSLongitudeRef", "E");
  vips_image_set_string(image, "exif-ifd3-GPSLongitude", "139/1 45/1 1234/100");
  vips_image_set_string(image, "exif-ifd0-Make", "CameraMaker");
}

// Takes the saver's buffer by address: the call must have run before it is read.
std::string Saved(int rc, void** buf, const size_t* len) {
  EXPECT_EQ(rc, 0) << vips_error_buffer();
  if (rc != 0) return {};
  std::string out(static_cast<const char*>(*buf), *len);
  g_free(*buf);
  return out;
}

std::string Jpeg(const Image& image) {
  void* buf = nullptr;
  size_t len = 0;
  return Saved(vips_jpegsave_buffer(image.get(), &buf, &len, nullptr), &buf, &len);
}

std::string Png(const Image& image) {
  void* buf = nullptr;
  size_t len = 0;
  return Saved(vips_pngsave_buffer(image.get(), &buf, &len, nullptr), &buf, &len);
}

std::string Webp(const Image& image) {
  void* buf = nullptr;
  size_t len = 0;
  return Saved(vips_webpsave_buffer(image.get(), &buf, &len, nullptr), &buf, &len);
}

/// A JPEG with EXIF orientation 6 (shown turned 90° clockwise) and a GPS position.
std::string PhoneJpeg(int width = 40, int height = 20) {
  Image card = Writable(HalfWhite(width, height, width / 2));
  vips_image_set_int(card.get(), "orientation", 6);
  SetGps(card.get());
  return Jpeg(card);
}

// Decodes fully into memory, so the image no longer refers to `bytes`.
Image Decode(const std::string& bytes) {
  Image lazy(vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr));
  EXPECT_TRUE(lazy) << vips_error_buffer();
  if (!lazy) return nullptr;
  Image out(vips_image_copy_memory(lazy.get()));
  EXPECT_TRUE(out) << vips_error_buffer();
  return out;
}

bool HasField(const Image& image, const char* name) {
  if (!image) {
    ADD_FAILURE() << "no image";
    return false;
  }
  return vips_image_get_typeof(image.get(), name) != 0;
}

/// Every metadata field name that mentions EXIF, GPS, XMP or IPTC.
std::vector<std::string> TellTaleFields(const Image& image) {
  std::vector<std::string> found;
  if (!image) return {"(not decodable)"};
  gchar** fields = vips_image_get_fields(image.get());
  for (gchar** f = fields; f && *f; ++f) {
    std::string_view name(*f);
    if (name.starts_with("exif") || name.find("GPS") != std::string_view::npos ||
        name.starts_with("xmp") || name.starts_with("iptc") || name.starts_with("png-comment")) {
      found.emplace_back(name);
    }
  }
  g_strfreev(fields);
  return found;
}

double Brightness(const Image& image, int x, int y) {
  if (!image) return -1;
  double* values = nullptr;
  int n = 0;
  EXPECT_EQ(vips_getpoint(image.get(), &values, &n, x, y, nullptr), 0);
  double v = n > 0 ? values[0] : -1;
  g_free(values);
  return v;
}

// The TIFF-format EXIF block (without the "Exif\0\0" prefix) of a JPEG carrying a GPS position.
std::string ExifWithGps() {
  Image card = Writable(HalfWhite(8, 8, 4));
  SetGps(card.get());
  Image jpeg = Decode(Jpeg(card));
  const void* data = nullptr;
  size_t size = 0;
  EXPECT_EQ(vips_image_get_blob(jpeg.get(), "exif-data", &data, &size), 0);
  std::string exif(static_cast<const char*>(data), size);
  EXPECT_TRUE(exif.starts_with("Exif\0\0"sv));
  return exif.substr(6);
}

// `png` with an eXIf chunk holding `tiff` right after IHDR.
std::string WithExifChunk(std::string png, const std::string& tiff) {
  auto be32 = [](std::string& out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(v >> shift));
  };
  const std::string body = "eXIf" + tiff;
  std::string chunk;
  be32(chunk, static_cast<uint32_t>(tiff.size()));
  chunk += body;
  be32(chunk,
       static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())));
  constexpr size_t kAfterIhdr = 8 + 8 + 13 + 4;  // signature, IHDR header, data and CRC
  png.insert(kAfterIhdr, chunk);
  return png;
}

class ImageProcessorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(InitVips()); }
  std::unique_ptr<ImageProcessor> processor_ = NewVipsImageProcessor();
};

TEST(SniffFileTypeTest, DecidesByMagicBytesOnly) {
  EXPECT_EQ(SniffFileType("\xFF\xD8\xFF\xE0rest"sv), FileType::kJpeg);
  EXPECT_EQ(SniffFileType("\x89PNG\r\n\x1A\n...."sv), FileType::kPng);
  EXPECT_EQ(SniffFileType("RIFF\x10\0\0\0WEBPVP8 "sv), FileType::kWebp);
  EXPECT_EQ(SniffFileType("\0\0\0\x18"
                          "ftypheic\0\0\0\0"sv),
            FileType::kHeic);
  EXPECT_EQ(SniffFileType("\0\0\0\x18"
                          "ftypheix\0\0\0\0"sv),
            FileType::kHeic);
  EXPECT_EQ(SniffFileType("\0\0\0\x18"
                          "ftypmif1\0\0\0\0"sv),
            FileType::kHeic);
  EXPECT_EQ(SniffFileType("%PDF-1.7\n"sv), FileType::kPdf);

  EXPECT_EQ(SniffFileType(""sv), FileType::kUnknown);
  EXPECT_EQ(SniffFileType("\xFF\xD8"sv), FileType::kUnknown);  // too short for JPEG
  EXPECT_EQ(SniffFileType("\x89PNG\r\n"sv), FileType::kUnknown);
  EXPECT_EQ(SniffFileType("RIFF\x10\0\0\0AVI LIST"sv), FileType::kUnknown);
  EXPECT_EQ(SniffFileType("\0\0\0\x18"
                          "ftypavif\0\0\0\0"sv),
            FileType::kUnknown);
  EXPECT_EQ(SniffFileType("\0\0\0\x18"
                          "ftypisom\0\0\0\0"sv),
            FileType::kUnknown);  // MP4
  EXPECT_EQ(SniffFileType("GIF89a"sv), FileType::kUnknown);
  EXPECT_EQ(SniffFileType("<svg xmlns='http://www.w3.org/2000/svg'/>"sv), FileType::kUnknown);
  EXPECT_EQ(SniffFileType("hello.jpg"sv), FileType::kUnknown);
  EXPECT_EQ(SniffFileType(" %PDF-1.7"sv), FileType::kUnknown);
}

constexpr std::string_view kPdf =
    "%PDF-1.4\n"
    "1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    "2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000056 00000 n \n"
    "trailer <</Size 3 /Root 1 0 R>>\n"
    "startxref\n106\n%%EOF\n";

TEST(CheckPdfStructureTest, AcceptsAWellFormedPdf) {
  EXPECT_TRUE(CheckPdfStructure(kPdf).ok());
  EXPECT_TRUE(CheckPdfStructure(std::string(kPdf) + "\r\n\0\0"s).ok()) << "padding after %%EOF";
}

TEST(CheckPdfStructureTest, RefusesTruncatedAndFakePdfs) {
  std::string_view truncated = kPdf.substr(0, kPdf.size() / 2);
  for (std::string_view bad :
       {truncated, "%PDF-1.4 just text %%EOF"sv, "%PDF-x.y\nstartxref\n10\n%%EOF"sv,
        "%PDF-1.4\nstartxref\n99999\n%%EOF"sv, "%PDF-1.4\nstartxref\n\n%%EOF"sv, "%PDF-"sv}) {
    auto r = CheckPdfStructure(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(r.error().field, "file");
  }
  // %%EOF far from the end: the file was cut and something else appended.
  std::string padded = std::string(kPdf) + std::string(2000, ' ');
  EXPECT_FALSE(CheckPdfStructure(padded).ok());
}

TEST_F(ImageProcessorTest, JpegLosesGpsAndAllExifAndIsTurnedUpright) {
  const std::string input = PhoneJpeg();
  {
    // The input really carries what must go, or the test below proves nothing.
    Image original = Decode(input);
    ASSERT_TRUE(HasField(original, "exif-ifd3-GPSLatitude"));
    ASSERT_TRUE(HasField(original, "exif-data"));
    ASSERT_EQ(vips_image_get_width(original.get()), 40);
    ASSERT_NE(input.find("CameraMaker"), std::string::npos);
  }
  auto result = processor_->Sanitize(input, FileType::kJpeg);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->content_type, "image/jpeg");
  EXPECT_EQ(SniffFileType(result->bytes), FileType::kJpeg);
  // Orientation 6 applied: 40×20 stored as shown, 20×40, white half now on top.
  EXPECT_EQ(result->width, 20);
  EXPECT_EQ(result->height, 40);

  Image clean = Decode(result->bytes);
  ASSERT_TRUE(clean);
  EXPECT_EQ(vips_image_get_width(clean.get()), 20);
  EXPECT_EQ(vips_image_get_height(clean.get()), 40);
  EXPECT_GT(Brightness(clean, 10, 5), 200);
  EXPECT_LT(Brightness(clean, 10, 34), 55);
  EXPECT_TRUE(TellTaleFields(clean).empty()) << TellTaleFields(clean).front();
  EXPECT_FALSE(HasField(clean, "orientation"));
  EXPECT_EQ(result->bytes.find("Exif"), std::string::npos) << "APP1 EXIF segment left";
  EXPECT_EQ(result->bytes.find("CameraMaker"), std::string::npos);
}

TEST_F(ImageProcessorTest, PngLosesExifAndTextChunks) {
  Image card = Writable(HalfWhite(30, 10, 15));
  vips_image_set_string(card.get(), "png-comment-0-Comment", "home address of the patient");
  // libvips' PNG saver writes no eXIf chunk, so the EXIF block of a JPEG is put in by hand,
  // the way phones and editors store it in screenshots.
  const std::string input = WithExifChunk(Png(card), ExifWithGps());
  {
    Image original = Decode(input);
    ASSERT_TRUE(HasField(original, "exif-ifd3-GPSLatitude"));
    ASSERT_TRUE(HasField(original, "png-comment-0-Comment"));
  }

  auto result = processor_->Sanitize(input, FileType::kPng);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->content_type, "image/png");
  EXPECT_EQ(SniffFileType(result->bytes), FileType::kPng);
  EXPECT_EQ(result->width, 30);
  EXPECT_EQ(result->height, 10);
  EXPECT_EQ(result->bytes.find("eXIf"), std::string::npos);
  EXPECT_EQ(result->bytes.find("tEXt"), std::string::npos);
  EXPECT_EQ(result->bytes.find("zTXt"), std::string::npos);
  EXPECT_EQ(result->bytes.find("iTXt"), std::string::npos);
  EXPECT_TRUE(TellTaleFields(Decode(result->bytes)).empty());
}

TEST_F(ImageProcessorTest, WebpStaysWebpWithoutExif) {
  Image card = Writable(HalfWhite(16, 16, 8));
  SetGps(card.get());
  const std::string input = Webp(card);
  ASSERT_TRUE(HasField(Decode(input), "exif-data"));

  auto result = processor_->Sanitize(input, FileType::kWebp);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->content_type, "image/webp");
  EXPECT_EQ(SniffFileType(result->bytes), FileType::kWebp);
  EXPECT_EQ(result->bytes.find("EXIF"), std::string::npos);
  EXPECT_TRUE(TellTaleFields(Decode(result->bytes)).empty());
}

TEST_F(ImageProcessorTest, TransparentWebpStaysAValidWebpWithAlpha) {
  // Alpha makes libvips write the extended layout (VP8X, ALPH, VP8) whose chunks are rewritten.
  Image card = HalfWhite(16, 16, 8);
  VipsImage* alpha = nullptr;
  ASSERT_EQ(vips_bandjoin_const1(card.get(), &alpha, 128, nullptr), 0);
  Image with_alpha = Writable(Image(alpha));
  SetGps(with_alpha.get());
  auto result = processor_->Sanitize(Webp(with_alpha), FileType::kWebp);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->bytes.find("EXIF"), std::string::npos);
  Image clean = Decode(result->bytes);
  ASSERT_TRUE(clean);
  EXPECT_EQ(vips_image_get_bands(clean.get()), 4);
  EXPECT_EQ(vips_image_get_width(clean.get()), 16);
  EXPECT_TRUE(TellTaleFields(clean).empty());
}

TEST_F(ImageProcessorTest, HeicBecomesJpeg) {
  Image card = Writable(HalfWhite(64, 48, 32));
  void* buf = nullptr;
  size_t len = 0;
  if (vips_heifsave_buffer(card.get(), &buf, &len, "compression",
                           VIPS_FOREIGN_HEIF_COMPRESSION_HEVC, nullptr) != 0) {
    vips_error_clear();
    GTEST_SKIP() << "this libvips cannot write HEIC";
  }
  const std::string input(static_cast<const char*>(buf), len);
  g_free(buf);
  ASSERT_EQ(SniffFileType(input), FileType::kHeic);
  auto result = processor_->Sanitize(input, FileType::kHeic);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->content_type, "image/jpeg");
  EXPECT_EQ(SniffFileType(result->bytes), FileType::kJpeg);
  EXPECT_EQ(result->width, 64);
  EXPECT_EQ(result->height, 48);
}

TEST_F(ImageProcessorTest, UnreadableHeicIsUnsupportedMediaNotAnError) {
  std::string fake = std::string(
                         "\0\0\0\x18"
                         "ftypheic\0\0\0\0mif1heic"sv) +
                     std::string(64, 'x');
  auto result = processor_->Sanitize(fake, FileType::kHeic);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kUnsupportedMedia);
  EXPECT_EQ(result.error().field, "file");
}

TEST_F(ImageProcessorTest, CmykJpegComesOutAsRgb) {
  VipsImage* black = nullptr;
  ASSERT_EQ(vips_black(&black, 8, 8, "bands", 4, nullptr), 0);
  VipsImage* cmyk = nullptr;
  ASSERT_EQ(vips_copy(black, &cmyk, "interpretation", VIPS_INTERPRETATION_CMYK, nullptr), 0);
  g_object_unref(black);
  const std::string input = Jpeg(Image(cmyk));
  auto result = processor_->Sanitize(input, FileType::kJpeg);
  ASSERT_TRUE(result.ok()) << result.error().message;
  Image clean = Decode(result->bytes);
  ASSERT_TRUE(clean);
  EXPECT_EQ(vips_image_get_bands(clean.get()), 3);
}

TEST_F(ImageProcessorTest, BrokenAndTruncatedImagesAreInvalidFile) {
  const std::string good = Jpeg(HalfWhite(64, 64, 10));
  const std::string cases[] = {
      "\xFF\xD8\xFF\xE0 this is not a JPEG at all",
      good.substr(0, good.size() / 2),               // cut off in the scan data
      std::string("\x89PNG\r\n\x1A\n") + "garbage",  // PNG signature, no chunks
      "RIFF\x20\0\0\0WEBPVP8 garbage-garbage-garbage"s,
  };
  const FileType types[] = {FileType::kJpeg, FileType::kJpeg, FileType::kPng, FileType::kWebp};
  for (size_t i = 0; i < std::size(cases); ++i) {
    auto result = processor_->Sanitize(cases[i], types[i]);
    ASSERT_FALSE(result.ok()) << "case " << i;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalid) << "case " << i;
    EXPECT_EQ(result.error().field, "file") << "case " << i;
  }
}

TEST_F(ImageProcessorTest, PixelLimitIsCheckedBeforeDecoding) {
  auto small = NewVipsImageProcessor({.max_pixels = 1200, .concurrent = 1});
  auto at_limit = small->Sanitize(Jpeg(HalfWhite(40, 30, 5)), FileType::kJpeg);
  EXPECT_TRUE(at_limit.ok());
  auto over = small->Sanitize(Jpeg(HalfWhite(41, 30, 5)), FileType::kJpeg);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(over.error().field, "file");
}

TEST_F(ImageProcessorTest, ThumbnailIsASmallJpegKeepingTheAspect) {
  auto sanitized = processor_->Sanitize(Png(HalfWhite(800, 600, 400)), FileType::kPng);
  ASSERT_TRUE(sanitized.ok());
  auto thumb = processor_->Thumbnail(sanitized->bytes, 320);
  ASSERT_TRUE(thumb.ok()) << thumb.error().message;
  EXPECT_EQ(SniffFileType(*thumb), FileType::kJpeg);
  Image t = Decode(*thumb);
  ASSERT_TRUE(t);
  EXPECT_EQ(vips_image_get_width(t.get()), 320);
  EXPECT_EQ(vips_image_get_height(t.get()), 240);
  EXPECT_TRUE(TellTaleFields(t).empty());
}

TEST_F(ImageProcessorTest, ThumbnailOfASmallImageIsNotEnlarged) {
  auto thumb = processor_->Thumbnail(Jpeg(HalfWhite(100, 50, 50)), 320);
  ASSERT_TRUE(thumb.ok());
  Image t = Decode(*thumb);
  ASSERT_TRUE(t);
  EXPECT_EQ(vips_image_get_width(t.get()), 100);
  EXPECT_EQ(vips_image_get_height(t.get()), 50);
}

TEST_F(ImageProcessorTest, ThumbnailOfTransparentPngIsFlattenedJpeg) {
  Image card = HalfWhite(50, 50, 25);
  VipsImage* alpha = nullptr;
  ASSERT_EQ(vips_bandjoin_const1(card.get(), &alpha, 0, nullptr), 0);  // fully transparent
  auto thumb = processor_->Thumbnail(Png(Image(alpha)), 320);
  ASSERT_TRUE(thumb.ok()) << thumb.error().message;
  Image t = Decode(*thumb);
  ASSERT_TRUE(t);
  EXPECT_EQ(vips_image_get_bands(t.get()), 3);
  EXPECT_GT(Brightness(t, 40, 40), 200) << "transparent areas become white, not black";
}

TEST_F(ImageProcessorTest, NonImagesAreRefused) {
  auto result = processor_->Sanitize(kPdf, FileType::kPdf);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kUnsupportedMedia);
  auto thumb = processor_->Thumbnail(kPdf, 320);
  ASSERT_FALSE(thumb.ok());
  EXPECT_EQ(thumb.error().code, ErrorCode::kUnsupportedMedia);
}

}  // namespace
}  // namespace care

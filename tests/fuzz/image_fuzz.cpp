// libFuzzer target for the attachment upload path: arbitrary bytes → SniffFileType →
// CheckPdfStructure, or ImageProcessor::Sanitize → Thumbnail (libvips). Besides "no crash, no
// sanitizer report" it checks what the service relies on: every refusal names the field "file"
// with a 400/413/415 code, and an accepted image comes out as the promised type, within the pixel
// limit, and is itself accepted again with the same size (it is upright and decodable).
//   tests/fuzz/run 60     (builds with clang; seeds the corpus with small images made by libvips)
//   IMAGE_FUZZ_WRITE_SEEDS=dir ./image_fuzz   writes those seeds into dir and exits
#include <vips/vips.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "care/image_processor.h"

namespace {

using care::FileType;
using core::ErrorCode;

constexpr int64_t kMaxPixels = 1'000'000;  // smaller than production, to keep runs fast

// Invariant failures must reach libFuzzer as crashes, in every build type.
void Require(bool condition) {
  if (!condition) std::abort();
}

care::ImageProcessor& Processor() {
  static std::unique_ptr<care::ImageProcessor> processor =
      care::NewVipsImageProcessor({.max_pixels = kMaxPixels, .concurrent = 1});
  return *processor;
}

void RequireFileError(const core::Error& e, bool heic) {
  Require(e.field == "file");
  Require(e.code == ErrorCode::kInvalid || e.code == ErrorCode::kTooLarge ||
          (heic && e.code == ErrorCode::kUnsupportedMedia));
}

FileType OutputType(FileType input) {
  return input == FileType::kPng    ? FileType::kPng
         : input == FileType::kWebp ? FileType::kWebp
                                    : FileType::kJpeg;
}

void WriteSeeds(const std::string& dir) {
  VipsImage* black = nullptr;
  VipsImage* card = nullptr;
  Require(vips_black(&black, 4, 2, "bands", 3, nullptr) == 0);
  Require(vips_copy(black, &card, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr) == 0);
  vips_image_set_int(card, "orientation", 6);
  vips_image_set_string(card, "exif-ifd3-GPSLatitude", "35/1 40/1 30/1");
  // The buffer is taken by address: the saver must have run before it is read.
  auto write = [&](const char* name, int rc, void** buf, const size_t* len) {
    if (rc != 0) return;  // e.g. no HEIC encoder in this build
    std::ofstream(dir + "/" + name, std::ios::binary)
        .write(static_cast<char*>(*buf), static_cast<std::streamsize>(*len));
    g_free(*buf);
  };
  void* buf = nullptr;
  size_t len = 0;
  write("seed.jpg", vips_jpegsave_buffer(card, &buf, &len, "Q", 50, nullptr), &buf, &len);
  write("seed.png", vips_pngsave_buffer(card, &buf, &len, nullptr), &buf, &len);
  write("seed.webp", vips_webpsave_buffer(card, &buf, &len, nullptr), &buf, &len);
  write("seed.heic",
        vips_heifsave_buffer(card, &buf, &len, "compression", VIPS_FOREIGN_HEIF_COMPRESSION_HEVC,
                             nullptr),
        &buf, &len);
  std::ofstream(dir + "/seed.pdf") << "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\nxref\n0 1\n"
                                      "0000000000 65535 f \ntrailer <</Root 1 0 R>>\n"
                                      "startxref\n45\n%%EOF\n";
  g_object_unref(card);
  g_object_unref(black);
}

}  // namespace

// libheif's HEVC plugin (x265) keeps an allocation for the life of the process; it is not ours
// and not per input, but LeakSanitizer reports it at exit.
extern "C" const char* __lsan_default_suppressions() { return "leak:libx265\nleak:libheif\n"; }

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  Require(care::InitVips());
  if (const char* dir = std::getenv("IMAGE_FUZZ_WRITE_SEEDS")) {
    WriteSeeds(dir);
    std::exit(0);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const FileType type = care::SniffFileType(bytes);
  if (type == FileType::kUnknown) return 0;
  if (type == FileType::kPdf) {
    core::Result<void> pdf = care::CheckPdfStructure(bytes);
    if (!pdf.ok()) RequireFileError(pdf.error(), false);
    return 0;
  }

  core::Result<care::ProcessedImage> image = Processor().Sanitize(bytes, type);
  if (!image.ok()) {
    RequireFileError(image.error(), type == FileType::kHeic);
    return 0;
  }
  Require(!image->bytes.empty());
  Require(image->width > 0 && image->height > 0);
  Require(int64_t{image->width} * image->height <= kMaxPixels);
  const FileType out_type = OutputType(type);
  Require(care::SniffFileType(image->bytes) == out_type);

  // What we store must be acceptable input again, unchanged in size (already upright).
  core::Result<care::ProcessedImage> again = Processor().Sanitize(image->bytes, out_type);
  Require(again.ok());
  Require(again->width == image->width && again->height == image->height);

  core::Result<std::string> thumb = Processor().Thumbnail(image->bytes, 64);
  Require(thumb.ok());
  Require(care::SniffFileType(*thumb) == FileType::kJpeg);
  return 0;
}

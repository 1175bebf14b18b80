#include "care/image_processor.h"

#include <vips/vips.h>

#include <charconv>
#include <mutex>
#include <semaphore>

namespace care {
namespace {

using core::Error;
using core::ErrorCode;

struct ImageUnref {
  void operator()(VipsImage* image) const {
    if (image) g_object_unref(image);
  }
};
using Image = std::unique_ptr<VipsImage, ImageUnref>;

struct GFree {
  void operator()(void* p) const { g_free(p); }
};

// Every refusal names the field "file" so the front end can put the message next to the picker.
Error FileError(ErrorCode code, std::string message, std::string detail_code) {
  Error e = Error::Make(code, message, "file");
  e.details.push_back({"file", std::move(detail_code), std::move(message)});
  return e;
}

Error Undecodable() {
  // libvips' own message is dropped: it is English, technical and can quote the file's bytes.
  vips_error_clear();
  return FileError(ErrorCode::kInvalid,
                   "画像を読み込めませんでした。ファイルが壊れている可能性があります (the image "
                   "could not be decoded)",
                   "undecodable");
}

Error TooManyPixels() {
  vips_error_clear();
  return FileError(ErrorCode::kTooLarge,
                   "画像が大きすぎます。4000万画素以下にしてください (the image has more than 40 "
                   "megapixels)",
                   "too_many_pixels");
}

Error HeicUnsupported() {
  vips_error_clear();
  return FileError(ErrorCode::kUnsupportedMedia,
                   "このHEIC/HEIF画像は読み込めません。JPEGで保存し直してください (this HEIC/HEIF "
                   "image cannot be read; please upload a JPEG)",
                   "unsupported_type");
}

Error PdfBroken(std::string why) {
  return FileError(ErrorCode::kInvalid,
                   "PDFファイルが壊れているか途中で切れています (the PDF is damaged or "
                   "incomplete: " +
                       why + ")",
                   "damaged_pdf");
}

// Wraps the out-parameter style of libvips: `op(&out)` returns 0 on success.
template <typename Op>
Result<Image> Apply(Op&& op) {
  VipsImage* out = nullptr;
  if (op(&out) != 0) {
    if (out) g_object_unref(out);
    return Undecodable();
  }
  return Image(out);
}

Result<Image> Load(std::string_view bytes, FileType type) {
  // The loaders read from the caller's buffer lazily; `bytes` outlives every image made here.
  void* data = const_cast<char*>(bytes.data());
  const size_t size = bytes.size();
  VipsImage* out = nullptr;
  int rc = -1;
  switch (type) {
    case FileType::kJpeg:
      rc = vips_jpegload_buffer(data, size, &out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
      break;
    case FileType::kPng:
      rc = vips_pngload_buffer(data, size, &out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
      break;
    case FileType::kWebp:
      rc = vips_webpload_buffer(data, size, &out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
      break;
    case FileType::kHeic:
      rc = vips_heifload_buffer(data, size, &out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
      break;
    case FileType::kUnknown:
    case FileType::kPdf:
      break;
  }
  if (rc != 0 || out == nullptr) {
    if (out) g_object_unref(out);
    // HEIC comes in codecs a given libheif may lack; the user can convert it, so 415 not 400.
    if (type == FileType::kHeic) return HeicUnsupported();
    return Undecodable();
  }
  return Image(out);
}

// The image in sRGB (or grey) without its ICC profile being needed any more: a profile is about
// to be stripped with the rest of the metadata, and wide-gamut phone photos would otherwise come
// out dull. Without a working transform the pixels are kept as they are.
Result<Image> ToDisplayColours(Image in) {
  const VipsInterpretation interpretation = vips_image_get_interpretation(in.get());
  const bool has_profile = vips_image_get_typeof(in.get(), VIPS_META_ICC_NAME) != 0;
  if (vips_icc_present() && (has_profile || interpretation == VIPS_INTERPRETATION_CMYK)) {
    VipsImage* out = nullptr;
    const char* fallback = interpretation == VIPS_INTERPRETATION_CMYK ? "cmyk" : "srgb";
    if (vips_icc_transform(in.get(), &out, "srgb", "embedded", TRUE, "input_profile", fallback,
                           "intent", VIPS_INTENT_RELATIVE, nullptr) == 0) {
      return Image(out);
    }
    if (out) g_object_unref(out);
    vips_error_clear();  // a broken profile: carry on with the raw pixels
  }
  if (interpretation == VIPS_INTERPRETATION_CMYK) {
    return Apply([&](VipsImage** out) {
      return vips_colourspace(in.get(), out, VIPS_INTERPRETATION_sRGB, nullptr);
    });
  }
  return in;
}

// JPEG holds 8-bit grey or sRGB without transparency.
Result<Image> ForJpeg(Image in) {
  if (vips_image_hasalpha(in.get())) {
    const VipsBandFormat format = vips_image_get_format(in.get());
    const double white = format == VIPS_FORMAT_USHORT ? 65535.0 : 255.0;
    VipsArrayDouble* background = vips_array_double_newv(1, white);
    VipsImage* out = nullptr;
    int rc = vips_flatten(in.get(), &out, "background", background, nullptr);
    vips_area_unref(VIPS_AREA(background));
    if (rc != 0) {
      if (out) g_object_unref(out);
      return Undecodable();
    }
    in.reset(out);
  }
  const VipsInterpretation interpretation = vips_image_get_interpretation(in.get());
  if (interpretation == VIPS_INTERPRETATION_GREY16) {
    ASSIGN_OR_RETURN(in, Apply([&](VipsImage** out) {
                       return vips_colourspace(in.get(), out, VIPS_INTERPRETATION_B_W, nullptr);
                     }));
  } else if (interpretation != VIPS_INTERPRETATION_sRGB &&
             interpretation != VIPS_INTERPRETATION_B_W) {
    ASSIGN_OR_RETURN(in, Apply([&](VipsImage** out) {
                       return vips_colourspace(in.get(), out, VIPS_INTERPRETATION_sRGB, nullptr);
                     }));
  }
  if (vips_image_get_format(in.get()) != VIPS_FORMAT_UCHAR) {
    ASSIGN_OR_RETURN(
        in, Apply([&](VipsImage** out) { return vips_cast_uchar(in.get(), out, nullptr); }));
  }
  return in;
}

// A copy carrying no metadata at all: EXIF (GPS position, camera serial, time), XMP, IPTC, ICC,
// comments. The savers are also told to strip; removing the fields as well means nothing
// depends on one saver's idea of what "strip" covers.
Result<Image> WithoutMetadata(const Image& in) {
  ASSIGN_OR_RETURN(Image copy,
                   Apply([&](VipsImage** out) { return vips_copy(in.get(), out, nullptr); }));
  gchar** fields = vips_image_get_fields(copy.get());
  for (gchar** f = fields; f && *f; ++f) {
    vips_image_remove(copy.get(), *f);  // no-op for the built-in header fields
  }
  g_strfreev(fields);
  return copy;
}

enum class Encoding { kJpeg, kPng, kWebp };

uint32_t ReadLe32(std::string_view b, size_t pos) {
  return static_cast<uint32_t>(static_cast<unsigned char>(b[pos])) |
         static_cast<uint32_t>(static_cast<unsigned char>(b[pos + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[pos + 2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[pos + 3])) << 24;
}

void WriteLe32(std::string& b, size_t pos, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[pos + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// libvips 8.14's WebP saver writes an EXIF chunk even when told to strip (it makes one up when
// the image has none), so the container is rewritten without EXIF, XMP and ICC chunks and with
// their flags cleared in the VP8X header. Only ever given libvips' own output; a layout it does
// not expect is an internal error, not the user's.
Result<std::string> WithoutWebpMetadata(std::string_view in) {
  if (in.size() < 12 || in.substr(0, 4) != "RIFF" || in.substr(8, 4) != "WEBP") {
    return Error::Internal("webpsave produced no RIFF/WEBP container");
  }
  std::string out(in.substr(0, 12));
  size_t pos = 12;
  while (pos < in.size()) {
    if (in.size() - pos < 8) return Error::Internal("webpsave produced a truncated chunk header");
    const std::string_view fourcc = in.substr(pos, 4);
    const size_t size = ReadLe32(in, pos + 4);
    const size_t padded = size + (size & 1);
    if (in.size() - pos - 8 < padded) return Error::Internal("webpsave produced a truncated chunk");
    if (fourcc != "EXIF" && fourcc != "XMP " && fourcc != "ICCP") {
      const size_t start = out.size();
      out.append(in.substr(pos, 8 + padded));
      if (fourcc == "VP8X" && size >= 1) {
        constexpr unsigned char kIcc = 0x20, kExif = 0x08, kXmp = 0x04;
        out[start + 8] =
            static_cast<char>(static_cast<unsigned char>(out[start + 8]) & ~(kIcc | kExif | kXmp));
      }
    }
    pos += 8 + padded;
  }
  WriteLe32(out, 4, static_cast<uint32_t>(out.size() - 8));
  return out;
}

Result<std::string> Save(const Image& image, Encoding encoding, int quality) {
  void* raw = nullptr;
  size_t size = 0;
  int rc = -1;
  switch (encoding) {
    case Encoding::kJpeg:
      rc = vips_jpegsave_buffer(image.get(), &raw, &size, "Q", quality, "strip", TRUE,
                                "optimize_coding", TRUE, nullptr);
      break;
    case Encoding::kPng:
      rc = vips_pngsave_buffer(image.get(), &raw, &size, "strip", TRUE, "compression", 6, nullptr);
      break;
    case Encoding::kWebp:
      rc = vips_webpsave_buffer(image.get(), &raw, &size, "Q", quality, "strip", TRUE, nullptr);
      break;
  }
  std::unique_ptr<void, GFree> owned(raw);
  // Pixels are decoded while saving, so a file that is broken past its header fails here.
  if (rc != 0 || raw == nullptr || size == 0) return Undecodable();
  std::string_view bytes(static_cast<const char*>(raw), size);
  if (encoding == Encoding::kWebp) return WithoutWebpMetadata(bytes);
  return std::string(bytes);
}

// Bounds how many images are decoded at once; each may hold max_pixels × 4 bytes or more.
class SlotGuard {
 public:
  explicit SlotGuard(std::counting_semaphore<>& slots) : slots_(slots) { slots_.acquire(); }
  ~SlotGuard() { slots_.release(); }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;

 private:
  std::counting_semaphore<>& slots_;
};

class VipsImageProcessor final : public ImageProcessor {
 public:
  explicit VipsImageProcessor(ImageLimits limits)
      : limits_(limits), slots_(std::max(1, limits.concurrent)) {}

  Result<ProcessedImage> Sanitize(std::string_view bytes, FileType type) override {
    if (type != FileType::kJpeg && type != FileType::kPng && type != FileType::kWebp &&
        type != FileType::kHeic) {
      return FileError(ErrorCode::kUnsupportedMedia, "画像ではありません (not an image)",
                       "unsupported_type");
    }
    if (!InitVips()) return Error::Internal("libvips failed to initialise");
    SlotGuard slot(slots_);
    ASSIGN_OR_RETURN(Image image, Load(bytes, type));
    // Checked on the header, before a single pixel is decoded (decompression bombs).
    if (TooLarge(image.get())) return TooManyPixels();
    ASSIGN_OR_RETURN(
        image, Apply([&](VipsImage** out) { return vips_autorot(image.get(), out, nullptr); }));
    ASSIGN_OR_RETURN(image, ToDisplayColours(std::move(image)));
    Encoding encoding = Encoding::kJpeg;
    const char* content_type = "image/jpeg";
    if (type == FileType::kPng) {
      encoding = Encoding::kPng;
      content_type = "image/png";
    } else if (type == FileType::kWebp) {
      encoding = Encoding::kWebp;
      content_type = "image/webp";
    } else {
      ASSIGN_OR_RETURN(image, ForJpeg(std::move(image)));
    }
    ASSIGN_OR_RETURN(Image clean, WithoutMetadata(image));
    ProcessedImage out;
    ASSIGN_OR_RETURN(out.bytes, Save(clean, encoding, 85));
    out.content_type = content_type;
    out.width = vips_image_get_width(clean.get());
    out.height = vips_image_get_height(clean.get());
    return out;
  }

  Result<std::string> Thumbnail(std::string_view bytes, int max_side) override {
    FileType type = SniffFileType(bytes);
    if (type != FileType::kJpeg && type != FileType::kPng && type != FileType::kWebp) {
      return FileError(ErrorCode::kUnsupportedMedia, "画像ではありません (not an image)",
                       "unsupported_type");
    }
    if (max_side < 1) return Error::Internal("thumbnail size must be positive");
    if (!InitVips()) return Error::Internal("libvips failed to initialise");
    SlotGuard slot(slots_);
    {
      // Header only, to hold the pixel limit here too.
      ASSIGN_OR_RETURN(Image header, Load(bytes, type));
      if (TooLarge(header.get())) return TooManyPixels();
    }
    ASSIGN_OR_RETURN(Image image, Apply([&](VipsImage** out) {
                       return vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(),
                                                    out, max_side, "height", max_side, "size",
                                                    VIPS_SIZE_DOWN, nullptr);
                     }));
    ASSIGN_OR_RETURN(image, ForJpeg(std::move(image)));
    ASSIGN_OR_RETURN(Image clean, WithoutMetadata(image));
    return Save(clean, Encoding::kJpeg, 80);
  }

 private:
  bool TooLarge(VipsImage* image) const {
    const int64_t pixels =
        int64_t{vips_image_get_width(image)} * int64_t{vips_image_get_height(image)};
    return pixels > limits_.max_pixels;
  }

  const ImageLimits limits_;
  std::counting_semaphore<> slots_;
};

bool StartsWith(std::string_view s, std::string_view prefix) { return s.starts_with(prefix); }

}  // namespace

FileType SniffFileType(std::string_view b) {
  using namespace std::string_view_literals;
  if (b.size() >= 3 && StartsWith(b, "\xFF\xD8\xFF"sv)) return FileType::kJpeg;
  if (StartsWith(b, "\x89PNG\r\n\x1A\n"sv)) return FileType::kPng;
  if (b.size() >= 12 && StartsWith(b, "RIFF"sv) && b.substr(8, 4) == "WEBP"sv) {
    return FileType::kWebp;
  }
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp"sv) {
    std::string_view brand = b.substr(8, 4);
    if (brand == "heic"sv || brand == "heix"sv || brand == "mif1"sv) return FileType::kHeic;
  }
  if (StartsWith(b, "%PDF-"sv)) return FileType::kPdf;
  return FileType::kUnknown;
}

Result<void> CheckPdfStructure(std::string_view b) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (b.size() < 8 || !b.starts_with("%PDF-") || !digit(b[5]) || b[6] != '.' || !digit(b[7])) {
    return PdfBroken("no %PDF-x.y header");
  }
  // Writers may append a newline or a little padding after the final marker.
  constexpr size_t kTail = 1024;
  const size_t tail_start = b.size() > kTail ? b.size() - kTail : 0;
  const size_t eof = b.rfind("%%EOF");
  if (eof == std::string_view::npos || eof < tail_start) return PdfBroken("no %%EOF at the end");
  const size_t startxref = b.rfind("startxref", eof);
  if (startxref == std::string_view::npos || startxref < 8) return PdfBroken("no startxref");
  size_t pos = startxref + 9;
  while (pos < eof && (b[pos] == ' ' || b[pos] == '\r' || b[pos] == '\n' || b[pos] == '\t')) {
    ++pos;
  }
  uint64_t offset = 0;
  auto [end, ec] = std::from_chars(b.data() + pos, b.data() + eof, offset);
  if (ec != std::errc() || end == b.data() + pos) return PdfBroken("startxref without offset");
  if (offset >= startxref) return PdfBroken("startxref offset outside the file");
  return core::Ok();
}

bool InitVips() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    ok = vips_init("tsunagari") == 0;
    if (!ok) return;
    // Uploads are personal data and never repeat: nothing is kept in libvips' cache.
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_cache_set_max_files(0);
    // Only the loaders named in this file may parse uploaded bytes; the catch-all ones that
    // libvips itself marks unsafe for untrusted input (ImageMagick, poppler …) stay off.
    vips_block_untrusted_set(TRUE);
  });
  return ok;
}

std::unique_ptr<ImageProcessor> NewVipsImageProcessor(ImageLimits limits) {
  return std::make_unique<VipsImageProcessor>(limits);
}

}  // namespace care

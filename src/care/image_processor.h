// What an uploaded file is, decided from its bytes (never from the name or the Content-Type the
// browser sent), and the image work done before anything is stored: decode, turn upright by the
// EXIF orientation, re-encode with every piece of metadata dropped (EXIF with the GPS location
// of the photo, XMP, IPTC, comments), and make a thumbnail.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace care {

using core::Result;

/// What the bytes of an upload are.
enum class FileType { kUnknown, kJpeg, kPng, kWebp, kHeic, kPdf };

/// Decides the type from magic bytes: JPEG FF D8 FF, PNG's 8-byte signature, RIFF….WEBP,
/// an ISO-BMFF `ftyp` box with brand heic/heix/mif1, or `%PDF-`. Pure; no decoding.
FileType SniffFileType(std::string_view bytes);

/// A structural sanity check of a PDF: the `%PDF-x.y` header, a `%%EOF` marker in the last
/// 1 KiB and a `startxref` before it naming an offset inside the file. Catches truncated
/// uploads and files that merely start like a PDF. Errors are kInvalid with field "file".
Result<void> CheckPdfStructure(std::string_view bytes);

/// An image as it will be stored.
struct ProcessedImage {
  std::string bytes;
  std::string content_type;  // image/jpeg | image/png | image/webp
  int width = 0;             // after auto-rotation
  int height = 0;
};

/// Decoding and re-encoding images. Implementations must be safe to call from several threads.
class ImageProcessor {
 public:
  virtual ~ImageProcessor() = default;

  /// Decodes `bytes` of `type` (an image type from SniffFileType), applies the EXIF orientation
  /// and re-encodes without any metadata: JPEG (quality 85) for JPEG and HEIC input, PNG for PNG,
  /// WebP for WebP. Errors, all naming field "file": kInvalid when the image cannot be decoded,
  /// kTooLarge above the pixel limit, kUnsupportedMedia for HEIC this build cannot read.
  virtual Result<ProcessedImage> Sanitize(std::string_view bytes, FileType type) = 0;

  /// A JPEG whose longest side is at most `max_side` (never enlarged), from image bytes that
  /// Sanitize produced. Errors as for Sanitize.
  virtual Result<std::string> Thumbnail(std::string_view bytes, int max_side) = 0;
};

struct ImageLimits {
  int64_t max_pixels = 40'000'000;  // 40 megapixels: beyond any phone camera, bounds memory use
  int concurrent = 2;               // decodes at once; each can take ~4 bytes × max_pixels
};

/// The libvips implementation. Initialises libvips on first use (see InitVips).
std::unique_ptr<ImageProcessor> NewVipsImageProcessor(ImageLimits limits = {});

/// Initialises libvips once per process (thread-safe): no operation cache (uploads are personal
/// data and never repeat), and loaders libvips marks untrusted (ImageMagick, poppler PDF …)
/// blocked, so only the loaders called explicitly here ever parse uploaded bytes. Returns false
/// when libvips cannot start. Tests that call libvips directly call this first.
bool InitVips();

}  // namespace care

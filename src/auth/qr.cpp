// QR code rendering: libqrencode computes the modules, this file writes them as one SVG path.
#include "auth/qr.h"

#include <qrencode.h>

#include <cerrno>
#include <memory>

namespace auth {
namespace {

constexpr int kQuietZone = 4;  // modules of white around the symbol, as ISO/IEC 18004 requires
constexpr int kMaxModulePx = 64;

struct QrCodeDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

// Dark modules as one path of filled rectangles, one per horizontal run, in module units: far
// smaller than a <rect> per module, and crisp at any scale.
std::string RunsPath(const QRcode& code) {
  std::string d;
  for (int y = 0; y < code.width; ++y) {
    const unsigned char* row = code.data + static_cast<size_t>(y) * code.width;
    int x = 0;
    while (x < code.width) {
      if ((row[x] & 1) == 0) {  // bit 0 is "dark"; the other bits are libqrencode's bookkeeping
        ++x;
        continue;
      }
      int start = x;
      while (x < code.width && (row[x] & 1) != 0) ++x;
      const std::string left = std::to_string(start + kQuietZone);
      d += "M" + left + " " + std::to_string(y + kQuietZone) + "h" + std::to_string(x - start) +
           "v1H" + left + "z";
    }
  }
  return d;
}

}  // namespace

core::Result<std::string> QrSvg(std::string_view text, int module_px) {
  if (module_px < 1 || module_px > kMaxModulePx) {
    return core::Error::Invalid("module_px",
                                "モジュールの大きさは1〜64ピクセルです (module_px must be 1-64)",
                                "out_of_range");
  }
  if (text.empty()) {
    return core::Error::Invalid("text", "QRコードにする文字列がありません (text is empty)",
                                "required");
  }
  // QRcode_encodeString8bit takes a C string, so a NUL would silently cut the text short.
  if (text.find('\0') != std::string_view::npos) {
    return core::Error::Invalid(
        "text", "QRコードにできない文字が含まれています (text contains NUL)", "format");
  }
  const std::string c_text(text);
  errno = 0;
  std::unique_ptr<QRcode, QrCodeDeleter> code(
      QRcode_encodeString8bit(c_text.c_str(), /*version=*/0, QR_ECLEVEL_M));
  if (!code) {
    if (errno == ERANGE) {
      return core::Error::Invalid(
          "text", "QRコードにするには長すぎます (text is too long for a QR code)", "too_long");
    }
    return core::Error::Internal("libqrencode failed to encode the text");
  }

  const int modules = code->width + 2 * kQuietZone;
  const std::string size_px = std::to_string(modules * module_px);
  const std::string size_modules = std::to_string(modules);
  // Sized in pixels, drawn in modules: the viewBox does the scaling, so the path stays small.
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + size_px +
                    "\" height=\"" + size_px + "\" viewBox=\"0 0 " + size_modules + " " +
                    size_modules + "\" role=\"img\" shape-rendering=\"crispEdges\">";
  svg += "<title>QRコード (QR code)</title>";
  svg += "<rect width=\"" + size_modules + "\" height=\"" + size_modules + "\" fill=\"#fff\"/>";
  svg += "<path fill=\"#000\" d=\"" + RunsPath(*code) + "\"/>";
  svg += "</svg>";
  return svg;
}

}  // namespace auth

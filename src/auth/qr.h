// QR codes as standalone SVG, for TOTP enrolment (the otpauth:// URI) on the first login.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace auth {

/// Encodes `text` (bytes, typically UTF-8) as a QR code of error-correction level M, in the
/// smallest version that fits, and renders it as a standalone SVG document: black modules on
/// white, a 4-module quiet zone, `module_px` pixels per module (1–64), role="img" and a <title>
/// for screen readers. The title is generic on purpose: the text is usually a TOTP secret, which
/// must not be read aloud or shown as a tooltip. Same input, same output.
/// Errors (kInvalid, field "text"): empty text, text containing NUL, or text too long for any QR
/// version (about 2,300 bytes at level M); field "module_px" when out of range.
core::Result<std::string> QrSvg(std::string_view text, int module_px = 4);

}  // namespace auth

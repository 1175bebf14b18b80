// Character-set detection and conversion for uploaded files. Municipal systems export CSV in
// CP932 (Windows Shift_JIS) far more often than in UTF-8; staff re-save them from Excel as
// UTF-8 with a BOM or as "Unicode text" (UTF-16LE). Everything inside Tsunagari is UTF-8.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace core {

enum class TextEncoding {
  kUtf8,     // valid UTF-8 without a byte-order mark (plain ASCII is reported as this)
  kUtf8Bom,  // UTF-8 starting with EF BB BF (Excel's "CSV UTF-8")
  kCp932,    // Windows code page 932: Shift_JIS plus the NEC and IBM extensions
  kUtf16Le,  // UTF-16 little endian with FF FE (Excel's "Unicode text")
};

/// The name to show people: "UTF-8", "UTF-8 (BOM)", "Shift_JIS (CP932)", "UTF-16LE".
std::string_view EncodingName(TextEncoding encoding);

struct DecodedText {
  std::string utf8;  // without any byte-order mark
  TextEncoding encoding = TextEncoding::kUtf8;
};

/// Detects the encoding of `bytes` and converts them to UTF-8, in this order:
///   EF BB BF → UTF-8 with BOM (stripped; the rest must be valid UTF-8);
///   FF FE    → UTF-16LE (BOM stripped; surrogates must pair up);
///   valid UTF-8 → as is;
///   otherwise → CP932, which accepts the NEC/IBM extension characters (髙 﨑 ① ㈱) that strict
///               Shift_JIS decoders reject.
/// A file that is none of these is kUnprocessable with a message naming the byte offset of the
/// first undecodable byte. Known CP932 mappings: 0x5C is U+005C (a backslash, shown as ¥ by
/// Japanese fonts) and the wave dash 0x8160 is U+FF5E (～), as Windows does.
/// Caveat: text that is UTF-8 apart from a few corrupt bytes may still decode as CP932 (as
/// mojibake); the importer's preview is where people catch that.
Result<DecodedText> DecodeToUtf8(std::string_view bytes);

/// Converts UTF-8 to CP932 for spreadsheet-friendly export. Characters CP932 cannot represent
/// (most emoji, accented Latin, rare kanji such as 𠮷) and invalid UTF-8 bytes become '?'.
/// Mappings follow Windows: 〜 U+301C and ～ U+FF5E both become 0x8160, − U+2212 becomes 0x817C,
/// ¥ U+00A5 becomes 0x5C.
std::string EncodeCp932(std::string_view utf8);

}  // namespace core

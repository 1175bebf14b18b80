// Encoding detection and conversion. CP932 goes through glibc iconv ("CP932"); UTF-16LE is
// simple enough to convert by hand.
//
// What glibc 2.36's CP932 converter does (checked with iconv(1) and pinned in the tests):
//   decode  0x5C → U+005C and 0x7E → U+007E (ASCII, unlike glibc's "SHIFT_JIS", which gives
//           ¥ U+00A5 and ‾ U+203E); 0x8160 → U+FF5E ～ (not U+301C 〜); 0x817C → U+FF0D －;
//           0x8161 → U+2225 ∥; 0x815C → U+2015 ―; 0x8191/0x8192/0x81CA → U+FFE0/FFE1/FFE2;
//           NEC row 13 (0x8740 ①, 0x878A ㈱), NEC-selected IBM (0xED40..) and IBM extensions
//           (0xFA40.., 0xFBFC 髙) all decode; user-defined 0xF040..0xF9FC decode to the Private
//           Use Area (U+E000..); 0x80, 0xA0, 0xFD..0xFF and unassigned pairs (0x8540, 0xEB40)
//           are rejected with EILSEQ, and a lead byte at the very end with EINVAL.
//   encode  besides the round trip, it also accepts the JIS-style forms: 〜 U+301C → 0x8160,
//           − U+2212 → 0x817C, ‖ U+2016 → 0x8161, — U+2014 → 0x815C, and ¥ U+00A5 → 0x5C.
//           IBM/NEC duplicates encode to the IBM code (髙 → 0xFBFC), as Windows does.
// Those are the mappings Windows uses, so text survives a round trip through Excel.
#include "core/text_encoding.h"

#include <errno.h>
#include <iconv.h>

#include <cstdint>
#include <optional>

#include "core/utf8.h"

namespace core {
namespace {

// Owns an iconv descriptor. One per call: descriptors are cheap and not safe to share between
// threads.
class IconvHandle {
 public:
  IconvHandle(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  ~IconvHandle() {
    if (ok()) iconv_close(cd_);
  }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;

  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

Error Unprocessable(std::string message, size_t offset) {
  return Error::Of(ErrorCode::kUnprocessable,
                   std::move(message) + " (byte offset " + std::to_string(offset) + ")");
}

std::optional<size_t> FirstInvalidUtf8Offset(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t start = pos;
    if (!DecodeCodePoint(s, pos)) return start;
  }
  return std::nullopt;
}

Result<std::string> DecodeUtf16Le(std::string_view bytes, size_t base_offset) {
  auto unit_at = [&](size_t i) {
    return static_cast<char16_t>(static_cast<uint8_t>(bytes[i]) |
                                 (static_cast<uint8_t>(bytes[i + 1]) << 8));
  };
  auto malformed = [&](size_t i) {
    return Unprocessable("UTF-16LE のファイルが壊れています (malformed UTF-16LE)", base_offset + i);
  };
  std::string out;
  out.reserve(bytes.size() * 3 / 2);
  size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    const char16_t unit = unit_at(i);
    if (unit >= 0xDC00 && unit <= 0xDFFF) return malformed(i);  // low surrogate first
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (i + 3 >= bytes.size()) return malformed(i);
      const char16_t low = unit_at(i + 2);
      if (low < 0xDC00 || low > 0xDFFF) return malformed(i);
      AppendUtf8(out, 0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10) + (low - 0xDC00));
      i += 2;
      continue;
    }
    AppendUtf8(out, unit);
  }
  if (i < bytes.size()) return malformed(i);  // odd number of bytes
  return out;
}

// CP932 → UTF-8, or the offset of the first byte that does not decode.
Result<std::string> DecodeCp932(std::string_view bytes) {
  IconvHandle cd("UTF-8", "CP932");
  if (!cd.ok()) return Error::Internal("iconv has no CP932 converter");
  // One CP932 byte becomes at most three UTF-8 bytes (half-width katakana), two at most three.
  std::string out(bytes.size() * 3 + 4, '\0');
  char* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write
  size_t in_left = bytes.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  if (iconv(cd.get(), &in, &in_left, &out_ptr, &out_left) == static_cast<size_t>(-1)) {
    const size_t offset = static_cast<size_t>(in - bytes.data());
    if (errno == EILSEQ || errno == EINVAL) {
      return Unprocessable(
          "文字コードを判別できません。UTF-8 か Shift_JIS (CP932) で保存してください "
          "(unknown text encoding: neither UTF-8 nor CP932)",
          offset);
    }
    return Error::Internal("iconv CP932 failed at byte offset " + std::to_string(offset));
  }
  out.resize(out.size() - out_left);
  return out;
}

}  // namespace

std::string_view EncodingName(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::kUtf8:
      return "UTF-8";
    case TextEncoding::kUtf8Bom:
      return "UTF-8 (BOM)";
    case TextEncoding::kCp932:
      return "Shift_JIS (CP932)";
    case TextEncoding::kUtf16Le:
      return "UTF-16LE";
  }
  return "unknown";
}

Result<DecodedText> DecodeToUtf8(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    const std::string_view rest = bytes.substr(3);
    if (std::optional<size_t> bad = FirstInvalidUtf8Offset(rest)) {
      return Unprocessable(
          "UTF-8 (BOM付き) のファイルに UTF-8 として読めない部分があります "
          "(invalid UTF-8 after a UTF-8 byte-order mark)",
          3 + *bad);
    }
    return DecodedText{std::string(rest), TextEncoding::kUtf8Bom};
  }
  if (bytes.starts_with("\xFF\xFE")) {
    ASSIGN_OR_RETURN(std::string utf8, DecodeUtf16Le(bytes.substr(2), 2));
    return DecodedText{std::move(utf8), TextEncoding::kUtf16Le};
  }
  if (bytes.starts_with("\xFE\xFF")) {
    // FE and FF are invalid in both UTF-8 and CP932; say what the file really is.
    return Unprocessable(
        "UTF-16BE のファイルには対応していません。UTF-8 で保存してください "
        "(UTF-16BE is not supported)",
        0);
  }
  if (IsValidUtf8(bytes)) return DecodedText{std::string(bytes), TextEncoding::kUtf8};
  ASSIGN_OR_RETURN(std::string utf8, DecodeCp932(bytes));
  return DecodedText{std::move(utf8), TextEncoding::kCp932};
}

std::string EncodeCp932(std::string_view utf8) {
  IconvHandle cd("CP932", "UTF-8");
  if (!cd.ok()) return std::string(utf8.size(), '?');
  // CP932 never needs more bytes than UTF-8 for the same text and '?' replaces at least one
  // input byte, so this rarely grows; the E2BIG branch is there for safety, not for speed.
  std::string out(utf8.size() + 16, '\0');
  char* in = const_cast<char*>(utf8.data());  // iconv's signature; it does not write
  size_t in_left = utf8.size();
  size_t written = 0;
  while (in_left > 0) {
    char* out_ptr = out.data() + written;
    size_t out_left = out.size() - written;
    const size_t result = iconv(cd.get(), &in, &in_left, &out_ptr, &out_left);
    written = out.size() - out_left;
    if (result != static_cast<size_t>(-1)) break;
    if (errno == E2BIG || out_left == 0) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ (no CP932 form, or ill-formed UTF-8) or EINVAL (truncated at the end): skip that
    // character or the maximal ill-formed piece, and write '?' instead.
    size_t skip = 0;
    (void)DecodeCodePoint(std::string_view(in, in_left), skip);
    in += skip;
    in_left -= skip;
    out[written++] = '?';
  }
  out.resize(written);
  return out;
}

}  // namespace core

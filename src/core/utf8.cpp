// UTF-8 per Unicode 15 §3.9 (Table 3-7, well-formed byte sequences). The second byte's allowed
// range depends on the lead byte; checking it there is what rejects overlongs (E0 80..9F,
// F0 80..8F), surrogates (ED A0..BF) and code points above U+10FFFF (F4 90..BF) in one place.
#include "core/utf8.h"

#include <cstdint>

namespace core {
namespace {

bool IsContinuation(uint8_t b) { return (b & 0xC0) == 0x80; }

}  // namespace

std::optional<char32_t> DecodeCodePoint(std::string_view s, size_t& pos) {
  const auto lead = static_cast<uint8_t>(s[pos]);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  int length = 0;
  char32_t cp = 0;
  // Bounds for the second byte; later bytes are always 80..BF.
  uint8_t lo = 0x80;
  uint8_t hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0F;
    if (lead == 0xE0) lo = 0xA0;  // below would be overlong
    if (lead == 0xED) hi = 0x9F;  // above would be a surrogate
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07;
    if (lead == 0xF0) lo = 0x90;  // below would be overlong
    if (lead == 0xF4) hi = 0x8F;  // above would exceed U+10FFFF
  } else {
    // C0, C1 (always overlong), F5..FF (beyond Unicode) and stray continuation bytes.
    ++pos;
    return std::nullopt;
  }
  size_t i = pos + 1;
  for (int k = 1; k < length; ++k, ++i) {
    if (i >= s.size()) {
      pos = i;
      return std::nullopt;
    }
    const auto b = static_cast<uint8_t>(s[i]);
    const bool in_range = k == 1 ? (b >= lo && b <= hi) : IsContinuation(b);
    if (!in_range) {
      // The maximal ill-formed subsequence ends before this byte, which may start a new
      // character.
      pos = i;
      return std::nullopt;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  pos = i;
  return cp;
}

bool IsValidUtf8(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    // ASCII runs dominate real files; skip them without the general decoder.
    if (static_cast<uint8_t>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    if (!DecodeCodePoint(s, pos)) return false;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t count = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    (void)DecodeCodePoint(s, pos);
    ++count;
  }
  return count;
}

std::u32string DecodeUtf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    out.push_back(DecodeCodePoint(s, pos).value_or(kReplacementCharacter));
  }
  return out;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = kReplacementCharacter;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace core

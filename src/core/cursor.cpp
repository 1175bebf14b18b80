#include "core/cursor.h"

namespace core {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string Hex(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (unsigned char c : s) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view s) {
  if (s.size() % 2) return std::nullopt;
  auto val = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); i += 2) {
    int hi = val(s[i]), lo = val(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

}  // namespace

std::string EncodeCursor(std::string_view sort_key, std::string_view id) {
  return Hex(sort_key) + "." + Hex(id);
}

std::optional<std::pair<std::string, std::string>> DecodeCursor(std::string_view cursor) {
  if (cursor.size() > 2048) return std::nullopt;
  size_t dot = cursor.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto key = Unhex(cursor.substr(0, dot));
  auto id = Unhex(cursor.substr(dot + 1));
  if (!key || !id) return std::nullopt;
  return std::make_pair(std::move(*key), std::move(*id));
}

}  // namespace core

// HMAC-SHA256 payload signatures for sensor devices, on libsodium.
#include "watch/device_mac.h"

#include <sodium.h>

#include "watch/sensor_event.h"

namespace watch {
namespace {

static_assert(kDeviceSecretBytes == crypto_auth_hmacsha256_KEYBYTES);
static_assert(kMacBytes == crypto_auth_hmacsha256_BYTES);

void EnsureSodium() {
  // HMAC-SHA256 and sodium_memcmp need no random source, but libsodium asks for sodium_init()
  // before any other call; it is idempotent and thread-safe, the static makes repeats free.
  static const bool initialised = sodium_init() >= 0;
  (void)initialised;
}

void Mac(std::span<const unsigned char, kDeviceSecretBytes> secret, std::string_view payload,
         unsigned char (&out)[kMacBytes]) {
  EnsureSodium();
  crypto_auth_hmacsha256(out, reinterpret_cast<const unsigned char*>(payload.data()),
                         payload.size(), secret.data());
}

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

core::Error BadAuthorization(std::string_view what) {
  return core::Error::Unauthenticated("機器の認証情報が正しくありません (" + std::string(what) +
                                      ")");
}

}  // namespace

std::string ComputeMac(std::span<const unsigned char, kDeviceSecretBytes> secret,
                       std::string_view payload) {
  unsigned char mac[kMacBytes];
  Mac(secret, payload, mac);
  char hex[kMacHexChars + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);  // lowercase
  return std::string(hex, kMacHexChars);
}

bool VerifyMac(std::span<const unsigned char, kDeviceSecretBytes> secret, std::string_view payload,
               std::string_view mac_hex) {
  if (mac_hex.size() != kMacHexChars) return false;
  unsigned char given[kMacBytes];
  size_t given_len = 0;
  const char* hex_end = nullptr;
  // With hex_end given, libsodium stops at the first non-hex character instead of failing; the
  // end pointer tells whether all 64 characters were digits.
  if (sodium_hex2bin(given, sizeof given, mac_hex.data(), mac_hex.size(), /*ignore=*/nullptr,
                     &given_len, &hex_end) != 0 ||
      given_len != kMacBytes || hex_end != mac_hex.data() + mac_hex.size()) {
    return false;
  }
  unsigned char expected[kMacBytes];
  Mac(secret, payload, expected);
  const bool equal = sodium_memcmp(expected, given, kMacBytes) == 0;
  sodium_memzero(expected, sizeof expected);
  return equal;
}

core::Result<DeviceAuthorization> ParseDeviceAuthorization(std::string_view header) {
  // A field value never includes surrounding whitespace (RFC 9110 §5.5); a server may hand it over
  // untrimmed.
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t'))
    header.remove_prefix(1);
  while (!header.empty() && (header.back() == ' ' || header.back() == '\t'))
    header.remove_suffix(1);

  if (header.size() <= kDeviceAuthScheme.size() ||
      !EqualsIgnoringAsciiCase(header.substr(0, kDeviceAuthScheme.size()), kDeviceAuthScheme) ||
      header[kDeviceAuthScheme.size()] != ' ') {
    return BadAuthorization("expected scheme TsunagariDevice");
  }
  std::string_view credentials = header.substr(kDeviceAuthScheme.size());
  while (!credentials.empty() && credentials.front() == ' ') credentials.remove_prefix(1);

  const size_t colon = credentials.find(':');
  if (colon == std::string_view::npos) return BadAuthorization("expected <device id>:<mac>");
  std::string_view device = credentials.substr(0, colon);
  std::string_view mac = credentials.substr(colon + 1);
  if (!IsValidDeviceId(device)) return BadAuthorization("device id");
  if (mac.size() != kMacHexChars) return BadAuthorization("mac must be 64 hex digits");
  for (char c : mac) {
    if (!IsHexDigit(c)) return BadAuthorization("mac must be 64 hex digits");
  }
  return DeviceAuthorization{std::string(device), std::string(mac)};
}

}  // namespace watch

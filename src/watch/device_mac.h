// Signed sensor payloads: every device (or gateway) holds a 32-byte secret and sends
// HMAC-SHA256(secret, exact payload bytes) in lowercase hex — as the MQTT 5 user property "mac" or
// in the HTTP header `Authorization: TsunagariDevice <device id>:<mac>`. Verifying the payload
// itself, rather than trusting broker ACLs, gives one check for MQTT and HTTP and works with any
// broker (docs/watch-ingestion.md).
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace watch {

inline constexpr size_t kDeviceSecretBytes = 32;
inline constexpr size_t kMacBytes = 32;
inline constexpr size_t kMacHexChars = 2 * kMacBytes;

using DeviceSecret = std::array<unsigned char, kDeviceSecretBytes>;

/// HMAC-SHA256 of `payload` under `secret`, as 64 lowercase hex characters.
std::string ComputeMac(std::span<const unsigned char, kDeviceSecretBytes> secret,
                       std::string_view payload);

/// True when `mac_hex` is the HMAC-SHA256 of `payload` under `secret`. Hex digits may be upper or
/// lower case; anything that is not exactly 64 hex digits is false. The comparison takes the same
/// time wherever the first differing byte is, so a forger learns nothing from timing.
bool VerifyMac(std::span<const unsigned char, kDeviceSecretBytes> secret, std::string_view payload,
               std::string_view mac_hex);

/// The HTTP authentication scheme name; matched case-insensitively, as RFC 9110 requires.
inline constexpr std::string_view kDeviceAuthScheme = "TsunagariDevice";

struct DeviceAuthorization {
  std::string device;   // a valid device id (IsValidDeviceId)
  std::string mac_hex;  // 64 hex digits, not yet verified
};

/// Parses `TsunagariDevice <device id>:<64 hex digits>` (one or more spaces after the scheme,
/// nothing else around). Errors are kUnauthenticated and say which part is wrong, without
/// echoing the header. Only the syntax is checked: verify the MAC with VerifyMac.
core::Result<DeviceAuthorization> ParseDeviceAuthorization(std::string_view header);

}  // namespace watch

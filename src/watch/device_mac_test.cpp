// Tests for device payload signatures and the TsunagariDevice Authorization header. The expected
// MACs were computed outside this code base, with Python's hmac module and with
// `openssl dgst -sha256 -mac HMAC -macopt hexkey:000102…1f`, which agree.
#include "watch/device_mac.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

namespace watch {
namespace {

// 00 01 02 … 1f
DeviceSecret CountingSecret() {
  DeviceSecret secret;
  for (size_t i = 0; i < secret.size(); ++i) secret[i] = static_cast<unsigned char>(i);
  return secret;
}

constexpr std::string_view kDoorOpen = R"({"seq":1,"ts":1767225600000,"type":"door_open"})";
constexpr std::string_view kDoorOpenMac =
    "f550cf58acfa53c4d968602204eedbd8f2d61044da863b1bb1b26be6acddcd42";

constexpr std::string_view kClimateBatch =
    R"({"events":[{"seq":42,"ts":"2026-07-01T14:05:00+09:00","type":"climate","temperature_c":31.4,"humidity_pct":68}]})";
constexpr std::string_view kClimateBatchMac =
    "8408ebfd5433a96e10b6e75c91520e3e7960145e8d9682d0ea523b4882548999";

constexpr std::string_view kEmptyMac =
    "d38b42096d80f45f826b44a9d5607de72496a415d3f4a1a8c88e3bb9da8dc1cb";

TEST(DeviceMacTest, ComputesTheIndependentlyCalculatedVectors) {
  const DeviceSecret secret = CountingSecret();
  EXPECT_EQ(ComputeMac(secret, kDoorOpen), kDoorOpenMac);
  EXPECT_EQ(ComputeMac(secret, kClimateBatch), kClimateBatchMac);
  EXPECT_EQ(ComputeMac(secret, ""), kEmptyMac);
}

TEST(DeviceMacTest, VerifiesAGoodMacInEitherCase) {
  const DeviceSecret secret = CountingSecret();
  EXPECT_TRUE(VerifyMac(secret, kDoorOpen, kDoorOpenMac));
  std::string upper(kDoorOpenMac);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(VerifyMac(secret, kDoorOpen, upper));
}

TEST(DeviceMacTest, RejectsAChangedPayloadOrAnotherDevicesSecret) {
  DeviceSecret secret = CountingSecret();
  // One byte more whitespace is a different payload: the MAC covers the exact bytes.
  EXPECT_FALSE(VerifyMac(secret, std::string(kDoorOpen) + " ", kDoorOpenMac));
  EXPECT_FALSE(
      VerifyMac(secret, R"({"seq":2,"ts":1767225600000,"type":"door_open"})", kDoorOpenMac));
  secret[31] ^= 0x01;
  EXPECT_FALSE(VerifyMac(secret, kDoorOpen, kDoorOpenMac));
}

TEST(DeviceMacTest, RejectsAMacThatIsNotExactly64HexDigits) {
  const DeviceSecret secret = CountingSecret();
  std::string mac(kDoorOpenMac);
  EXPECT_FALSE(VerifyMac(secret, kDoorOpen, ""));
  EXPECT_FALSE(VerifyMac(secret, kDoorOpen, mac.substr(0, 63)));
  EXPECT_FALSE(VerifyMac(secret, kDoorOpen, mac + "0"));
  EXPECT_FALSE(VerifyMac(secret, kDoorOpen, mac.substr(0, 62)));  // a valid 31-byte prefix
  std::string with_space = mac;
  with_space[10] = ' ';
  EXPECT_FALSE(VerifyMac(secret, kDoorOpen, with_space));
  std::string with_g = mac;
  with_g[63] = 'g';
  EXPECT_FALSE(VerifyMac(secret, kDoorOpen, with_g));
  std::string with_nul = mac;
  with_nul[0] = '\0';
  EXPECT_FALSE(VerifyMac(secret, kDoorOpen, with_nul));
}

TEST(DeviceMacTest, RejectsEveryMacWithOneDigitChanged) {
  const DeviceSecret secret = CountingSecret();
  for (size_t i = 0; i < kMacHexChars; ++i) {
    std::string mac(kDoorOpenMac);
    mac[i] = mac[i] == '0' ? '1' : '0';
    EXPECT_FALSE(VerifyMac(secret, kDoorOpen, mac)) << "digit " << i;
  }
}

TEST(DeviceMacTest, ParsesTheAuthorizationHeader) {
  auto parsed = ParseDeviceAuthorization("TsunagariDevice fridge-7:" + std::string(kDoorOpenMac));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->device, "fridge-7");
  EXPECT_EQ(parsed->mac_hex, kDoorOpenMac);
}

TEST(DeviceMacTest, SchemeIsCaseInsensitiveAndSpacesAroundAreTolerated) {
  auto parsed =
      ParseDeviceAuthorization("  tsunagaridevice   gw_01:" + std::string(kDoorOpenMac) + " \t");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->device, "gw_01");
}

TEST(DeviceMacTest, RejectsMalformedAuthorizationHeaders) {
  const std::string mac(kDoorOpenMac);
  for (const std::string& header : {
           std::string(""),
           std::string("TsunagariDevice"),
           std::string("TsunagariDevice "),
           "Bearer fridge-7:" + mac,
           "TsunagariDevicefridge-7:" + mac,
           "TsunagariDevice\tfridge-7:" + mac,
           "TsunagariDevice fridge-7" + mac,
           "TsunagariDevice :" + mac,
           "TsunagariDevice fridge/7:" + mac,
           "TsunagariDevice " + std::string(65, 'a') + ":" + mac,
           "TsunagariDevice fridge-7:" + mac.substr(1),
           "TsunagariDevice fridge-7:" + mac + "00",
           "TsunagariDevice fridge-7:" + mac.substr(0, 63) + "x",
           "TsunagariDevice fridge-7: " + mac,
           "TsunagariDevice fridge-7:" + mac + " extra",
           "TsunagariDevice a:b:" + mac,
       }) {
    auto parsed = ParseDeviceAuthorization(header);
    EXPECT_FALSE(parsed.ok()) << header;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.error().code, core::ErrorCode::kUnauthenticated);
      EXPECT_EQ(parsed.error().message.find(mac), std::string::npos) << "never echo the MAC";
    }
  }
}

TEST(DeviceMacTest, ParsedHeaderVerifiesAgainstTheBody) {
  // The whole HTTP path in one: header → device id → that device's secret → body check.
  const DeviceSecret secret = CountingSecret();
  auto parsed =
      ParseDeviceAuthorization("TsunagariDevice gw-1:" + ComputeMac(secret, kClimateBatch));
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(VerifyMac(secret, kClimateBatch, parsed->mac_hex));
  EXPECT_FALSE(VerifyMac(secret, kDoorOpen, parsed->mac_hex));
}

}  // namespace
}  // namespace watch

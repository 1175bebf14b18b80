// Tests for Base32, HOTP (RFC 4226 Appendix D), TOTP (RFC 6238 Appendix B), verification with
// window and replay protection, and the otpauth:// URI.
#include "auth/totp.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace auth {
namespace {

// The RFC seeds are ASCII digits repeated to the hash's output size.
const std::string kSeedSha1 = "12345678901234567890";
const std::string kSeedSha256 = "12345678901234567890123456789012";
const std::string kSeedSha512 = "1234567890123456789012345678901234567890123456789012345678901234";
const std::string kSeedSha1Base32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

// --- Base32 ----------------------------------------------------------------------------------

TEST(Base32Test, MatchesRfc4648VectorsWithoutPadding) {
  EXPECT_EQ(Base32Encode(""), "");
  EXPECT_EQ(Base32Encode("f"), "MY");
  EXPECT_EQ(Base32Encode("fo"), "MZXQ");
  EXPECT_EQ(Base32Encode("foo"), "MZXW6");
  EXPECT_EQ(Base32Encode("foob"), "MZXW6YQ");
  EXPECT_EQ(Base32Encode("fooba"), "MZXW6YTB");
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32Encode(kSeedSha1), kSeedSha1Base32);
}

TEST(Base32Test, DecodesIgnoringCaseSpacesAndPadding) {
  EXPECT_EQ(Base32Decode("MZXW6YTBOI"), "foobar");
  EXPECT_EQ(Base32Decode("MZXW6YTBOI======"), "foobar");
  EXPECT_EQ(Base32Decode("mzxw 6ytb oi"), "foobar");
  EXPECT_EQ(Base32Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"), kSeedSha1);
  EXPECT_EQ(Base32Decode(""), "");
}

TEST(Base32Test, RejectsForeignCharactersAndImpossibleLengths) {
  EXPECT_FALSE(Base32Decode("MZXW1").has_value());  // '1' is not in the alphabet
  EXPECT_FALSE(Base32Decode("MZXW-6YQ").has_value());
  EXPECT_FALSE(Base32Decode("M").has_value());
  EXPECT_FALSE(Base32Decode("MZX").has_value());
  EXPECT_FALSE(Base32Decode("MZXW6Y").has_value());
}

TEST(Base32Test, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 64; ++i) bytes.push_back(static_cast<char>(i * 37 + 11));
  for (size_t len = 0; len <= bytes.size(); ++len) {
    EXPECT_EQ(Base32Decode(Base32Encode(bytes.substr(0, len))), bytes.substr(0, len));
  }
}

TEST(TotpSecretTest, Is160BitsInBase32AndFreshEachTime) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string secret = GenerateTotpSecret();
    EXPECT_EQ(secret.size(), 32u);
    std::optional<std::string> bytes = Base32Decode(secret);
    ASSERT_TRUE(bytes.has_value());
    EXPECT_EQ(bytes->size(), 20u);
    EXPECT_TRUE(seen.insert(secret).second);
  }
}

// --- HOTP / TOTP vectors ---------------------------------------------------------------------

TEST(HotpTest, MatchesRfc4226AppendixDValues) {
  const uint32_t expected[] = {755224, 287082, 359152, 969429, 338314,
                               254676, 287922, 162583, 399871, 520489};
  for (uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(Hotp(kSeedSha1, counter), expected[counter]) << "counter " << counter;
  }
}

struct Rfc6238Vector {
  const char* name;
  int64_t time;
  TotpAlgorithm alg;
  const char* code;
};

class TotpRfc6238Test : public ::testing::TestWithParam<Rfc6238Vector> {};

TEST_P(TotpRfc6238Test, MatchesAppendixBVector) {
  const Rfc6238Vector& v = GetParam();
  const std::string& seed = v.alg == TotpAlgorithm::kSha1     ? kSeedSha1
                            : v.alg == TotpAlgorithm::kSha256 ? kSeedSha256
                                                              : kSeedSha512;
  EXPECT_EQ(TotpCode(seed, v.time, 8, 30, v.alg), v.code);
}

constexpr auto kSha1 = TotpAlgorithm::kSha1;
constexpr auto kSha256 = TotpAlgorithm::kSha256;
constexpr auto kSha512 = TotpAlgorithm::kSha512;

INSTANTIATE_TEST_SUITE_P(
    Rfc6238, TotpRfc6238Test,
    ::testing::Values(Rfc6238Vector{"Sha1At59", 59, kSha1, "94287082"},
                      Rfc6238Vector{"Sha256At59", 59, kSha256, "46119246"},
                      Rfc6238Vector{"Sha512At59", 59, kSha512, "90693936"},
                      Rfc6238Vector{"Sha1At1111111109", 1111111109, kSha1, "07081804"},
                      Rfc6238Vector{"Sha256At1111111109", 1111111109, kSha256, "68084774"},
                      Rfc6238Vector{"Sha512At1111111109", 1111111109, kSha512, "25091201"},
                      Rfc6238Vector{"Sha1At1111111111", 1111111111, kSha1, "14050471"},
                      Rfc6238Vector{"Sha256At1111111111", 1111111111, kSha256, "67062674"},
                      Rfc6238Vector{"Sha512At1111111111", 1111111111, kSha512, "99943326"},
                      Rfc6238Vector{"Sha1At1234567890", 1234567890, kSha1, "89005924"},
                      Rfc6238Vector{"Sha256At1234567890", 1234567890, kSha256, "91819424"},
                      Rfc6238Vector{"Sha512At1234567890", 1234567890, kSha512, "93441116"},
                      Rfc6238Vector{"Sha1At2000000000", 2000000000, kSha1, "69279037"},
                      Rfc6238Vector{"Sha256At2000000000", 2000000000, kSha256, "90698825"},
                      Rfc6238Vector{"Sha512At2000000000", 2000000000, kSha512, "38618901"},
                      Rfc6238Vector{"Sha1At20000000000", 20000000000, kSha1, "65353130"},
                      Rfc6238Vector{"Sha256At20000000000", 20000000000, kSha256, "77737706"},
                      Rfc6238Vector{"Sha512At20000000000", 20000000000, kSha512, "47863826"}),
    [](const ::testing::TestParamInfo<Rfc6238Vector>& info) { return info.param.name; });

TEST(TotpTest, MatchesRfc6238Sha1VectorAt59Seconds) {
  EXPECT_EQ(TotpCode(kSeedSha1, 59, 8), "94287082");
}

TEST(TotpTest, SixDigitCodesKeepLeadingZeros) {
  // 07081804 at 1111111109 (RFC 6238): the six-digit code is its last six digits.
  EXPECT_EQ(TotpCode(kSeedSha1, 1111111109), "081804");
  EXPECT_EQ(TotpCode(kSeedSha1, 1111111109, 8), "07081804");
}

TEST(TotpTest, CodeIsStableWithinAStep) {
  EXPECT_EQ(TotpCode(kSeedSha1, 60), TotpCode(kSeedSha1, 89));
  EXPECT_NE(TotpCode(kSeedSha1, 89), TotpCode(kSeedSha1, 90));
}

// --- verification ----------------------------------------------------------------------------

// 94287082 at t = 59 is step 1, so the six-digit code of step 1 is "287082" (also HOTP(1)).
constexpr int64_t kStep1Time = 59;
const char* const kStep1Code = "287082";

TEST(VerifyTotpTest, AcceptsTheCurrentCodeAndReportsItsStep) {
  TotpCheck check = VerifyTotp(kSeedSha1Base32, kStep1Code, kStep1Time, -1);
  EXPECT_TRUE(check.ok);
  EXPECT_EQ(check.step, 1);
}

TEST(VerifyTotpTest, AcceptsOneStepOfDriftEitherWayByDefault) {
  EXPECT_TRUE(VerifyTotp(kSeedSha1Base32, kStep1Code, 89, -1).ok);   // step 2: code is old
  EXPECT_TRUE(VerifyTotp(kSeedSha1Base32, kStep1Code, 29, -1).ok);   // step 0: phone is ahead
  EXPECT_FALSE(VerifyTotp(kSeedSha1Base32, kStep1Code, 90, -1).ok);  // step 3
  EXPECT_EQ(VerifyTotp(kSeedSha1Base32, kStep1Code, 89, -1).step, 1);
}

TEST(VerifyTotpTest, WindowZeroAcceptsOnlyTheCurrentStep) {
  EXPECT_TRUE(VerifyTotp(kSeedSha1Base32, kStep1Code, kStep1Time, -1, 0).ok);
  EXPECT_FALSE(VerifyTotp(kSeedSha1Base32, kStep1Code, 89, -1, 0).ok);
}

TEST(VerifyTotpTest, WiderWindowAcceptsOlderCodes) {
  EXPECT_TRUE(VerifyTotp(kSeedSha1Base32, kStep1Code, 119, -1, 2).ok);  // step 3
  EXPECT_FALSE(VerifyTotp(kSeedSha1Base32, kStep1Code, 149, -1, 2).ok);
}

TEST(VerifyTotpTest, RefusesReplayOfAnUsedStep) {
  TotpCheck first = VerifyTotp(kSeedSha1Base32, kStep1Code, kStep1Time, -1);
  ASSERT_TRUE(first.ok);
  EXPECT_FALSE(VerifyTotp(kSeedSha1Base32, kStep1Code, kStep1Time + 5, first.step).ok);
  // A later step's code is still accepted after it.
  EXPECT_TRUE(VerifyTotp(kSeedSha1Base32, TotpCode(kSeedSha1, 60), 60, first.step).ok);
}

TEST(VerifyTotpTest, RefusesCodeOfAStepBeforeTheLastUsedOne) {
  // The step-1 code is inside the window at t = 89 (step 2), but step 2 was already used.
  EXPECT_FALSE(VerifyTotp(kSeedSha1Base32, kStep1Code, 89, 2).ok);
}

TEST(VerifyTotpTest, IgnoresSpacesAndAcceptsFullWidthDigits) {
  EXPECT_TRUE(VerifyTotp(kSeedSha1Base32, "287 082", kStep1Time, -1).ok);
  EXPECT_TRUE(VerifyTotp(kSeedSha1Base32, " 287082 ", kStep1Time, -1).ok);
  EXPECT_TRUE(VerifyTotp(kSeedSha1Base32, "２８７\xE3\x80\x80０８２", kStep1Time, -1).ok);
}

TEST(VerifyTotpTest, RefusesNonDigitsAndWrongLengths) {
  for (const char* code : {"28708a", "287-082", "+287082", "2870820", "28708", "", "      ",
                           "287082\n", "２８７０８"}) {
    EXPECT_FALSE(VerifyTotp(kSeedSha1Base32, code, kStep1Time, -1).ok) << code;
  }
}

TEST(VerifyTotpTest, RefusesWrongCode) {
  EXPECT_FALSE(VerifyTotp(kSeedSha1Base32, "287083", kStep1Time, -1).ok);
}

TEST(VerifyTotpTest, AcceptsSecretAsPeopleCopyIt) {
  EXPECT_TRUE(VerifyTotp("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", kStep1Code, kStep1Time, -1).ok);
}

TEST(VerifyTotpTest, RefusesUndecodableOrEmptySecret) {
  EXPECT_FALSE(VerifyTotp("not base32!", kStep1Code, kStep1Time, -1).ok);
  EXPECT_FALSE(VerifyTotp("", kStep1Code, kStep1Time, -1).ok);
}

TEST(VerifyTotpTest, WorksWithAGeneratedSecretAtTheCurrentEra) {
  const std::string secret = GenerateTotpSecret();
  const int64_t now = 1795000000;  // 2026-11
  const std::string code = TotpCode(*Base32Decode(secret), now);
  TotpCheck check = VerifyTotp(secret, code, now, -1);
  EXPECT_TRUE(check.ok);
  EXPECT_EQ(check.step, now / 30);
}

// --- otpauth URI -----------------------------------------------------------------------------

TEST(OtpAuthUriTest, HasTheKeyUriFormat) {
  EXPECT_EQ(OtpAuthUri("Tsunagari", "yamada.t", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Tsunagari:yamada.t?secret=JBSWY3DPEHPK3PXP&issuer=Tsunagari"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(OtpAuthUriTest, PercentEncodesIssuerAndAccount) {
  EXPECT_EQ(OtpAuthUri("つながり 群青市", "a:b@example.jp", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/%E3%81%A4%E3%81%AA%E3%81%8C%E3%82%8A%20%E7%BE%A4%E9%9D%92%E5%B8%82:"
            "a%3Ab%40example.jp?secret=JBSWY3DPEHPK3PXP"
            "&issuer=%E3%81%A4%E3%81%AA%E3%81%8C%E3%82%8A%20%E7%BE%A4%E9%9D%92%E5%B8%82"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(OtpAuthUriTest, NormalizesTheSecret) {
  EXPECT_NE(OtpAuthUri("T", "u", "jbsw y3dp ehpk 3pxp==").find("secret=JBSWY3DPEHPK3PXP&"),
            std::string::npos);
}

}  // namespace
}  // namespace auth

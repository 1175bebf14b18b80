// Tests for random tokens, token hashes, recovery codes, base64url and SecretBox.
#include "auth/tokens.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

namespace auth {
namespace {

bool IsBase64UrlChar(char ch) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
         ch == '-' || ch == '_';
}

// A fresh directory per test, removed afterwards, so key-file tests never see each other's files.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "tsunagari-tokens-XXXXXX";
    char* made = ::mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

SecretBox::Key KeyOf(unsigned char fill) {
  SecretBox::Key key;
  key.fill(fill);
  return key;
}

TEST(RandomTokenTest, Is43Base64UrlCharacters) {
  std::string token = RandomToken();
  ASSERT_EQ(token.size(), 43u);
  for (char ch : token) EXPECT_TRUE(IsBase64UrlChar(ch)) << token;
}

TEST(RandomTokenTest, CarriesThirtyTwoBytes) {
  std::optional<std::string> bytes = Base64UrlDecode(RandomToken());
  ASSERT_TRUE(bytes.has_value());
  EXPECT_EQ(bytes->size(), 32u);
}

TEST(RandomTokenTest, NeverRepeats) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(RandomToken()).second);
}

TEST(HashTokenTest, MatchesSha256TestVectors) {
  // FIPS 180-2 example "abc", and the empty message.
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HashToken(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(HashTokenTest, IsLowerCaseHexOfFixedLength) {
  std::string hash = HashToken(RandomToken());
  ASSERT_EQ(hash.size(), 64u);
  for (char ch : hash) EXPECT_TRUE((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'));
}

TEST(ConstantTimeEqualsTest, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_TRUE(ConstantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

TEST(RecoveryCodeTest, GeneratesTheRequestedNumberOfDistinctCodes) {
  std::vector<std::string> codes = GenerateRecoveryCodes();
  EXPECT_EQ(codes.size(), 10u);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 10u);
  EXPECT_EQ(GenerateRecoveryCodes(3).size(), 3u);
  EXPECT_TRUE(GenerateRecoveryCodes(0).empty());
  EXPECT_TRUE(GenerateRecoveryCodes(-1).empty());
}

TEST(RecoveryCodeTest, HasFourGroupsOfFourWithoutLookAlikes) {
  for (const std::string& code : GenerateRecoveryCodes(200)) {
    ASSERT_EQ(code.size(), 19u) << code;
    for (size_t i = 0; i < code.size(); ++i) {
      if (i % 5 == 4) {
        EXPECT_EQ(code[i], '-') << code;
        continue;
      }
      char ch = code[i];
      EXPECT_TRUE((ch >= '2' && ch <= '9') || (ch >= 'a' && ch <= 'z')) << code;
      EXPECT_EQ(std::string_view("0o1li").find(ch), std::string_view::npos) << code;
    }
  }
}

TEST(RecoveryCodeTest, UsesEverySymbolOfTheAlphabet) {
  // 31 symbols × 16 positions × 200 codes: a symbol missing here would mean lost entropy.
  std::set<char> used;
  for (const std::string& code : GenerateRecoveryCodes(200)) {
    for (char ch : code) {
      if (ch != '-') used.insert(ch);
    }
  }
  EXPECT_EQ(used.size(), 31u);
}

TEST(RecoveryCodeTest, LooselyTypedCodeNormalizesToTheStoredForm) {
  EXPECT_EQ(NormalizeRecoveryCode("7KX2 M9QA-wr4t hz8e"), "7kx2m9qawr4thz8e");
  EXPECT_EQ(NormalizeRecoveryCode("7kx2\xE3\x80\x80m9qa-wr4t-hz8e"), "7kx2m9qawr4thz8e");
  EXPECT_EQ(NormalizeRecoveryCode(" 7kx2--m9qa "), "7kx2m9qa");
  for (const std::string& code : GenerateRecoveryCodes(5)) {
    std::string typed = code;
    for (char& ch : typed) {
      if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
      if (ch == '-') ch = ' ';
    }
    EXPECT_EQ(HashToken(NormalizeRecoveryCode(typed)), HashToken(NormalizeRecoveryCode(code)));
  }
}

TEST(Base64UrlTest, MatchesRfc4648Vectors) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("fooba"), "Zm9vYmE");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlDecode("Zm9vYmE"), "fooba");
  EXPECT_EQ(Base64UrlDecode(""), "");
}

TEST(Base64UrlTest, UsesUrlSafeAlphabet) {
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_EQ(Base64UrlDecode("-_8"), "\xfb\xff");
}

TEST(Base64UrlTest, RejectsStandardAlphabetPaddingAndBadLengths) {
  EXPECT_FALSE(Base64UrlDecode("+/8").has_value());
  EXPECT_FALSE(Base64UrlDecode("Zg==").has_value());
  EXPECT_FALSE(Base64UrlDecode("Z").has_value());
  EXPECT_FALSE(Base64UrlDecode("Zm 9v").has_value());
  EXPECT_FALSE(Base64UrlDecode("Zh").has_value());  // non-zero unused bits: not canonical
}

TEST(Base64UrlTest, RoundTripsEveryByteValue) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  for (size_t len = 0; len <= bytes.size(); len += 37) {
    std::string part = bytes.substr(0, len);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(part)), part);
  }
}

TEST(SecretBoxTest, OpensWhatItSealed) {
  SecretBox box = SecretBox::FromKey(KeyOf(7));
  for (std::string plain : {std::string(), std::string("JBSWY3DPEHPK3PXP"),
                            std::string("秘密\0bytes", 12), std::string(5000, 'x')}) {
    core::Result<std::string> opened = box.Open(box.Seal(plain));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(*opened, plain);
  }
}

TEST(SecretBoxTest, SealingTwiceUsesFreshNonces) {
  SecretBox box = SecretBox::FromKey(KeyOf(7));
  EXPECT_NE(box.Seal("same"), box.Seal("same"));
}

TEST(SecretBoxTest, SealedTextIsBase64OfNonceTagAndCiphertext) {
  std::string sealed = SecretBox::FromKey(KeyOf(7)).Seal("0123456789");
  // 24-byte nonce + 16-byte tag + 10 bytes = 50 bytes = 68 base64 characters with padding.
  EXPECT_EQ(sealed.size(), 68u);
  EXPECT_EQ(
      sealed.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
      std::string::npos);
}

TEST(SecretBoxTest, RefusesTamperedText) {
  SecretBox box = SecretBox::FromKey(KeyOf(7));
  std::string sealed = box.Seal("secret");
  // Flip a character in the middle of the ciphertext part, keeping valid base64.
  sealed[40] = sealed[40] == 'A' ? 'B' : 'A';
  core::Result<std::string> opened = box.Open(sealed);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, core::ErrorCode::kInternal);
}

TEST(SecretBoxTest, RefusesTextSealedUnderAnotherKey) {
  std::string sealed = SecretBox::FromKey(KeyOf(7)).Seal("secret");
  EXPECT_FALSE(SecretBox::FromKey(KeyOf(8)).Open(sealed).ok());
}

TEST(SecretBoxTest, RefusesGarbageAndShortText) {
  SecretBox box = SecretBox::FromKey(KeyOf(7));
  EXPECT_FALSE(box.Open("not base64 at all!").ok());
  EXPECT_FALSE(box.Open("").ok());
  EXPECT_FALSE(box.Open("AAAA").ok());
}

TEST(SecretBoxTest, CreatesAPrivateKeyFileOnFirstUse) {
  TempDir dir;
  const std::string path = dir.path() + "/totp.key";
  core::Result<SecretBox> box = SecretBox::FromKeyFile(path);
  ASSERT_TRUE(box.ok()) << box.error().message;
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
}

TEST(SecretBoxTest, ReusesAnExistingKeyFile) {
  TempDir dir;
  const std::string path = dir.path() + "/totp.key";
  core::Result<SecretBox> first = SecretBox::FromKeyFile(path);
  ASSERT_TRUE(first.ok());
  const std::string key_before = ReadFile(path);
  std::string sealed = first->Seal("JBSWY3DPEHPK3PXP");

  core::Result<SecretBox> second = SecretBox::FromKeyFile(path);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(ReadFile(path), key_before);
  core::Result<std::string> opened = second->Open(sealed);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "JBSWY3DPEHPK3PXP");
}

TEST(SecretBoxTest, KeyFileMatchesFromKey) {
  TempDir dir;
  const std::string path = dir.path() + "/given.key";
  WriteFile(path, std::string(32, '\x07'));
  core::Result<SecretBox> from_file = SecretBox::FromKeyFile(path);
  ASSERT_TRUE(from_file.ok());
  EXPECT_TRUE(SecretBox::FromKey(KeyOf(7)).Open(from_file->Seal("x")).ok());
}

TEST(SecretBoxTest, RefusesKeyFileOfWrongSizeAndLeavesItAlone) {
  TempDir dir;
  for (size_t size : {0u, 31u, 33u, 64u}) {
    const std::string path = dir.path() + "/bad" + std::to_string(size) + ".key";
    WriteFile(path, std::string(size, 'k'));
    core::Result<SecretBox> box = SecretBox::FromKeyFile(path);
    ASSERT_FALSE(box.ok()) << size;
    EXPECT_EQ(box.error().code, core::ErrorCode::kInternal);
    EXPECT_EQ(ReadFile(path), std::string(size, 'k'));
  }
}

TEST(SecretBoxTest, ReportsAMissingDirectory) {
  TempDir dir;
  core::Result<SecretBox> box = SecretBox::FromKeyFile(dir.path() + "/missing/totp.key");
  ASSERT_FALSE(box.ok());
  EXPECT_NE(box.error().message.find("missing/totp.key"), std::string::npos);
}

}  // namespace
}  // namespace auth

// Tests for Argon2id password hashing and the password policy.
#include "auth/password.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

#include "auth/tokens.h"

namespace auth {
namespace {

const PasswordHashCost kFast = PasswordHashCost::ForTests();

std::vector<std::string> Codes(const std::vector<core::FieldError>& errors) {
  std::vector<std::string> codes;
  for (const core::FieldError& e : errors) codes.push_back(e.code);
  return codes;
}

using Codes_ = std::vector<std::string>;

PasswordContext Yamada() {
  PasswordContext ctx;
  ctx.has_two_factor = true;
  ctx.login_id = "yamada.t";
  ctx.display_name = "山田 太郎";
  ctx.kana = "やまだ　たろう";  // with an ideographic space, as typed with an IME
  ctx.birth_date_iso = "1936-11-01";
  return ctx;
}

PasswordContext NoTwoFactor() {
  PasswordContext ctx;
  ctx.has_two_factor = false;
  return ctx;
}

// --- hashing ---------------------------------------------------------------------------------

TEST(PasswordHashTest, ProducesArgon2idPhcStringThatVerifies) {
  core::Result<std::string> hash = HashPassword("kumo7hashi3ta", kFast);
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$")) << *hash;
  EXPECT_TRUE(VerifyPassword("kumo7hashi3ta", *hash));
}

TEST(PasswordHashTest, RejectsWrongPassword) {
  std::string hash = HashPassword("kumo7hashi3ta", kFast).value();
  EXPECT_FALSE(VerifyPassword("kumo7hashi3tA", hash));
  EXPECT_FALSE(VerifyPassword("", hash));
  EXPECT_FALSE(VerifyPassword(std::string("kumo7hashi3ta\0", 14), hash));
}

TEST(PasswordHashTest, SaltsEveryHash) {
  EXPECT_NE(HashPassword("same password 1", kFast).value(),
            HashPassword("same password 1", kFast).value());
}

TEST(PasswordHashTest, HandlesNonAsciiAndEmptyPasswords) {
  std::string hash = HashPassword("さくら咲く2026年春", kFast).value();
  EXPECT_TRUE(VerifyPassword("さくら咲く2026年春", hash));
  std::string empty = HashPassword("", kFast).value();
  EXPECT_TRUE(VerifyPassword("", empty));
  EXPECT_FALSE(VerifyPassword("x", empty));
}

TEST(PasswordHashTest, MalformedHashesNeverVerify) {
  EXPECT_FALSE(VerifyPassword("x", ""));
  EXPECT_FALSE(VerifyPassword("x", "x"));
  EXPECT_FALSE(VerifyPassword("x", "$argon2id$v=19$m=8,t=1,p=1$garbage"));
  EXPECT_FALSE(VerifyPassword("x", std::string(500, '$')));
}

TEST(PasswordHashTest, InteractiveCostIsRecordedInTheHash) {
  core::Result<std::string> hash = HashPassword("kumo7hashi3ta", PasswordHashCost::Interactive());
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << *hash;
  EXPECT_TRUE(VerifyPassword("kumo7hashi3ta", *hash));
}

TEST(PasswordHashTest, OutOfRangeCostIsAnError) {
  core::Result<std::string> hash = HashPassword("x", PasswordHashCost{0, 0});
  ASSERT_FALSE(hash.ok());
  EXPECT_EQ(hash.error().code, core::ErrorCode::kInternal);
}

TEST(PasswordRehashTest, CurrentHashNeedsNoRehash) {
  std::string hash = HashPassword("kumo7hashi3ta", kFast).value();
  EXPECT_FALSE(PasswordNeedsRehash(hash, kFast));
}

TEST(PasswordRehashTest, HashWithOtherCostNeedsRehash) {
  std::string hash = HashPassword("kumo7hashi3ta", kFast).value();
  EXPECT_TRUE(PasswordNeedsRehash(hash, PasswordHashCost::Interactive()));
}

TEST(PasswordRehashTest, Argon2iAndGarbageNeedRehash) {
  EnsureSodium();
  char argon2i[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(argon2i, "pw", 2, crypto_pwhash_argon2i_OPSLIMIT_MIN,
                                  crypto_pwhash_argon2i_MEMLIMIT_MIN, crypto_pwhash_ALG_ARGON2I13),
            0);
  EXPECT_TRUE(VerifyPassword("pw", argon2i));        // old hashes still log in ...
  EXPECT_TRUE(PasswordNeedsRehash(argon2i, kFast));  // ... and are upgraded afterwards
  EXPECT_TRUE(PasswordNeedsRehash("", kFast));
  EXPECT_TRUE(PasswordNeedsRehash("$argon2id$nonsense", kFast));
}

// --- policy: length and composition ---------------------------------------------------------

TEST(PasswordPolicyTest, AcceptsTenCharactersWithLetterAndDigitWhenTwoFactor) {
  EXPECT_TRUE(CheckPasswordPolicy("kumo7hashi", Yamada()).empty());
}

TEST(PasswordPolicyTest, RejectsNineCharactersWhenTwoFactor) {
  EXPECT_EQ(Codes(CheckPasswordPolicy("kumo7hash", Yamada())), Codes_{"too_short"});
}

TEST(PasswordPolicyTest, RequiresLetterAndDigitWhenTwoFactor) {
  EXPECT_EQ(Codes(CheckPasswordPolicy("kumohashitawa", Yamada())),
            Codes_{"needs_letter_and_digit"});
  EXPECT_EQ(Codes(CheckPasswordPolicy("9081726354", Yamada())), Codes_{"needs_letter_and_digit"});
}

TEST(PasswordPolicyTest, RequiresThirteenCharactersWithoutTwoFactor) {
  EXPECT_EQ(Codes(CheckPasswordPolicy("kumo7hashi3t", NoTwoFactor())), Codes_{"too_short"});
  EXPECT_TRUE(CheckPasswordPolicy("kumo7hashi3ta", NoTwoFactor()).empty());
}

TEST(PasswordPolicyTest, LongPassphraseWithoutDigitsIsFineWithoutTwoFactor) {
  EXPECT_TRUE(CheckPasswordPolicy("kumo no ue no hashi", NoTwoFactor()).empty());
}

TEST(PasswordPolicyTest, CountsCharactersNotBytes) {
  // Ten kana and digits are 10 characters (28 bytes); nine are too few.
  EXPECT_TRUE(CheckPasswordPolicy("くものうえの7はし", Yamada()).size() == 1);
  EXPECT_TRUE(CheckPasswordPolicy("くものうえの7はしだ", Yamada()).empty());
}

TEST(PasswordPolicyTest, KanaCountAsLettersAndFullWidthDigitsAsDigits) {
  EXPECT_TRUE(CheckPasswordPolicy("くものうえのはしだ７", Yamada()).empty());
}

TEST(PasswordPolicyTest, RejectsMoreThan256BytesAndNothingElse) {
  EXPECT_TRUE(CheckPasswordPolicy(std::string(256, 'a'), NoTwoFactor()).empty());
  EXPECT_EQ(Codes(CheckPasswordPolicy(std::string(257, 'a'), Yamada())), Codes_{"too_long"});
  // 86 three-byte characters are only 86 characters but 258 bytes.
  std::string kana;
  for (int i = 0; i < 86; ++i) kana += "あ";
  EXPECT_EQ(Codes(CheckPasswordPolicy(kana, NoTwoFactor())), Codes_{"too_long"});
}

TEST(PasswordPolicyTest, RejectsInvalidUtf8) {
  const std::string cases[] = {
      "kumo7hashi\xff",              // never valid
      "kumo7hashi\xe3\x81",          // truncated sequence
      "kumo7hashi\xc0\xaf",          // overlong '/'
      "kumo7hashi\xed\xa0\x80",      // UTF-16 surrogate
      "kumo7hashi\xf4\x90\x80\x80",  // beyond U+10FFFF
      "kumo7hashi\x80",              // stray continuation byte
  };
  for (const std::string& password : cases) {
    EXPECT_EQ(Codes(CheckPasswordPolicy(password, Yamada())), Codes_{"invalid_utf8"}) << password;
  }
}

// --- policy: common passwords ----------------------------------------------------------------

TEST(PasswordPolicyTest, RejectsCommonPasswordsIgnoringCase) {
  EXPECT_EQ(Codes(CheckPasswordPolicy("1234567890", NoTwoFactor())),
            (Codes_{"too_short", "common"}));
  EXPECT_EQ(Codes(CheckPasswordPolicy("1q2w3e4r5t6y", Yamada())), Codes_{"common"});
  EXPECT_EQ(Codes(CheckPasswordPolicy("1Q2W3E4R5T6Y", Yamada())), Codes_{"common"});
}

TEST(PasswordPolicyTest, RejectsCommonWordPaddedWithDigitsAndSymbols) {
  EXPECT_EQ(Codes(CheckPasswordPolicy("password2024!", Yamada())), Codes_{"common"});
  EXPECT_EQ(Codes(CheckPasswordPolicy("Sakura20260401", Yamada())), Codes_{"common"});
  EXPECT_EQ(Codes(CheckPasswordPolicy("!!doraemon1234", Yamada())), Codes_{"common"});
  EXPECT_EQ(Codes(CheckPasswordPolicy("Tsunagari2026#", Yamada())), Codes_{"common"});
}

TEST(PasswordPolicyTest, RejectsCommonWordWithLetterSubstitutions) {
  EXPECT_EQ(Codes(CheckPasswordPolicy("D0r@em0n2024", Yamada())), Codes_{"common"});
  EXPECT_EQ(Codes(CheckPasswordPolicy("5akura-2026!", Yamada())), Codes_{"common"});
}

TEST(PasswordPolicyTest, CommonWordInsideALongerPasswordIsFine) {
  EXPECT_TRUE(CheckPasswordPolicy("tokyo-tower-2026", Yamada()).empty());
  EXPECT_TRUE(CheckPasswordPolicy("sakura7kumo3hashi", Yamada()).empty());
}

TEST(CommonPasswordListTest, LooksUpLowerCaseEntries) {
  EXPECT_TRUE(internal::InCommonPasswordList("password"));
  EXPECT_TRUE(internal::InCommonPasswordList("sakura"));
  EXPECT_TRUE(internal::InCommonPasswordList("qwertyuiop"));
  EXPECT_FALSE(internal::InCommonPasswordList("Password"));
  EXPECT_FALSE(internal::InCommonPasswordList("kumo7hashi3ta"));
  EXPECT_FALSE(internal::InCommonPasswordList(""));
}

// --- policy: personal data -------------------------------------------------------------------

TEST(PasswordPolicyTest, RejectsLoginIdIgnoringCase) {
  std::vector<core::FieldError> errors = CheckPasswordPolicy("Yamada.T-2026x", Yamada());
  ASSERT_EQ(Codes(errors), Codes_{"contains_personal"});
  EXPECT_NE(errors[0].message.find("ログインID"), std::string::npos);
}

TEST(PasswordPolicyTest, IgnoresLoginIdShorterThanThreeCharacters) {
  PasswordContext ctx;
  ctx.login_id = "k7";
  EXPECT_TRUE(CheckPasswordPolicy("kumo7hashi3ta", ctx).empty());
}

TEST(PasswordPolicyTest, RejectsNameWithoutSpacesAndItsParts) {
  EXPECT_EQ(Codes(CheckPasswordPolicy("山田太郎2026かわ", Yamada())), Codes_{"contains_personal"});
  EXPECT_EQ(Codes(CheckPasswordPolicy("くものうえの太郎77", Yamada())),
            Codes_{"contains_personal"});
  EXPECT_EQ(Codes(CheckPasswordPolicy("やまだたろう2026", Yamada())), Codes_{"contains_personal"});
  EXPECT_EQ(Codes(CheckPasswordPolicy("kumo-たろう-2026", Yamada())), Codes_{"contains_personal"});
}

TEST(PasswordPolicyTest, RejectsLatinNameIgnoringCase) {
  PasswordContext ctx;
  ctx.display_name = "Maria Santos";
  EXPECT_EQ(Codes(CheckPasswordPolicy("SANTOS-kumo-7", ctx)), Codes_{"contains_personal"});
}

TEST(PasswordPolicyTest, IgnoresOneCharacterNames) {
  PasswordContext ctx;
  ctx.display_name = "林 一";  // neither part has two characters, the whole has
  EXPECT_TRUE(CheckPasswordPolicy("一番星のうた2026", ctx).empty());
  EXPECT_EQ(Codes(CheckPasswordPolicy("林一のうた2026ab", ctx)), Codes_{"contains_personal"});
}

TEST(PasswordPolicyTest, RejectsBirthDateInItsUsualForms) {
  for (const char* password : {"kumo19361101x", "kumo361101xy", "kumo1101hashi", "1936/11/01kumo",
                               "kumo36.11.01x", "kumo1936x1101", "showa11-11-01x"}) {
    std::vector<core::FieldError> errors = CheckPasswordPolicy(password, Yamada());
    ASSERT_EQ(Codes(errors), Codes_{"contains_personal"}) << password;
    EXPECT_NE(errors[0].message.find("生年月日"), std::string::npos);
  }
}

TEST(PasswordPolicyTest, BirthYearAloneIsAllowed) {
  EXPECT_TRUE(CheckPasswordPolicy("kumo1936hashi", Yamada()).empty());
}

TEST(PasswordPolicyTest, IgnoresMalformedBirthDate) {
  PasswordContext ctx;
  ctx.birth_date_iso = "1936/11/01";
  EXPECT_TRUE(CheckPasswordPolicy("kumo1101hashi", ctx).empty());
}

TEST(PasswordPolicyTest, ReportsAllPersonalMatchesInOneError) {
  std::vector<core::FieldError> errors = CheckPasswordPolicy("yamada.t山田1101", Yamada());
  ASSERT_EQ(Codes(errors), Codes_{"contains_personal"});
  EXPECT_EQ(errors[0].message,
            "パスワードにログインID・氏名・生年月日を含めないでください "
            "(password must not contain your login id, name or birth date)");
}

TEST(PasswordPolicyTest, ReportsEveryBrokenRuleOnThePasswordField) {
  std::vector<core::FieldError> errors = CheckPasswordPolicy("yamada.t", Yamada());
  EXPECT_EQ(Codes(errors), (Codes_{"too_short", "needs_letter_and_digit", "contains_personal"}));
  for (const core::FieldError& e : errors) {
    EXPECT_EQ(e.field, "password");
    EXPECT_NE(e.message.find(" ("), std::string::npos) << e.message;  // "日本語 (English)"
    EXPECT_TRUE(e.message.ends_with(")")) << e.message;
  }
}

}  // namespace
}  // namespace auth

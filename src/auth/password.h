// Password hashing (Argon2id via libsodium) and the password policy of 01-foundation: length by
// whether the account has 2FA (MHLW guideline Q&A), common passwords, personal data. No rotation.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace auth {

/// Argon2id work factors. Stored inside each hash, so raising them later only affects new hashes;
/// PasswordNeedsRehash tells the login path when to upgrade an old one.
struct PasswordHashCost {
  unsigned long long opslimit;
  size_t memlimit;

  /// libsodium's interactive limits (2 passes, 64 MiB): the production setting for logins.
  static PasswordHashCost Interactive();
  /// libsodium's minimum limits (1 pass, 8 KiB), so tests run in microseconds. Never in production.
  static PasswordHashCost ForTests();
};

/// Hashes `password` with Argon2id and a random salt; returns the PHC string
/// ("$argon2id$v=19$m=…,t=…,p=1$salt$hash", at most 127 characters). Slow by design: run it on a
/// worker thread, never on an I/O thread. Fails (kInternal) only when memory cannot be allocated.
/// Does not check the policy; call CheckPasswordPolicy first.
core::Result<std::string> HashPassword(std::string_view password, const PasswordHashCost& cost);

/// True when `password` matches `hash` (a string from HashPassword, or an older Argon2i one).
/// Malformed or empty hashes never match. Costs as much as hashing; run it on a worker thread.
bool VerifyPassword(std::string_view password, const std::string& hash);

/// True when `hash` was made with other limits than `cost` or with another algorithm than
/// Argon2id (including unparseable strings), so that the caller should store a fresh hash after
/// the next successful VerifyPassword.
bool PasswordNeedsRehash(const std::string& hash, const PasswordHashCost& cost);

/// What the policy needs to know about the account. Empty strings are ignored.
struct PasswordContext {
  bool has_two_factor = true;
  std::string login_id;
  std::string display_name;    // 氏名 in kanji, spaces allowed ("山田 太郎")
  std::string kana;            // 氏名 in kana ("やまだ たろう")
  std::string birth_date_iso;  // "1936-11-01"
};

/// Checks `password` against the policy and returns every rule it breaks (empty when accepted).
/// Each entry has field "password", a code and a message "日本語 (English)":
/// - "too_long": more than 256 bytes; "invalid_utf8": not valid UTF-8 (nothing else is checked
///   after either of these);
/// - "too_short": fewer than 10 characters (code points) with 2FA, fewer than 13 without;
/// - "needs_letter_and_digit": with 2FA, no letter or no digit;
/// - "common": in the common-password list, ignoring case, leading/trailing digits and symbols,
///   and common letter substitutions ("Passw0rd2024!");
/// - "contains_personal": contains the login id (3+ characters), the name or kana with spaces
///   removed or any part of it (2+ characters), or the birth date as yyyymmdd, yymmdd or mmdd
///   (also with '-', '/', '.' between the numbers). At most one entry for all of these.
std::vector<core::FieldError> CheckPasswordPolicy(std::string_view password,
                                                  const PasswordContext& ctx);

namespace internal {
/// Exact lookup in the team's list of common passwords (src/auth/common_passwords.cpp). The list
/// holds ASCII lower-case entries, so `lowercase` must already be lower-cased.
bool InCommonPasswordList(std::string_view lowercase);
}  // namespace internal

}  // namespace auth

// Random secrets and what we store in their place: session and invitation tokens, recovery codes,
// and the SecretBox that keeps TOTP secrets encrypted at rest. All randomness comes from libsodium.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace auth {

/// Initialises libsodium once per process (thread-safe); every function here calls it, and other
/// code that uses libsodium directly must call it first. Throws std::runtime_error if libsodium
/// cannot initialise, which only happens when the system has no usable source of randomness.
void EnsureSodium();

/// A fresh 256-bit random token, base64url without padding (always 43 characters). Used for
/// session and invitation tokens; store HashToken(token), never the token itself.
std::string RandomToken();

/// Lower-case hex SHA-256 of `token` (64 characters). Tokens carry 256 bits of entropy, so a fast
/// unsalted hash is enough to make a stolen table useless; do not use this for passwords.
std::string HashToken(std::string_view token);

/// Compares in time that depends only on the lengths, never on where the contents differ. Strings
/// of different lengths compare unequal at once: lengths are not secret (hashes have fixed size).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

/// `count` one-time recovery codes such as "7kx2-m9qa-wr4t-hz8e": four groups of four characters
/// from a 31-symbol alphabet without look-alikes (no 0, o, 1, l, i), about 79 bits each. Show them
/// once; store HashToken(NormalizeRecoveryCode(code)) for each.
std::vector<std::string> GenerateRecoveryCodes(int count = 10);

/// The canonical form of a typed recovery code: ASCII lower-case, with spaces (including U+3000,
/// the full-width space) and hyphens removed, so that "7KX2 M9QA-wr4t hz8e" matches.
std::string NormalizeRecoveryCode(std::string_view typed);

/// URL- and cookie-safe base64 (RFC 4648 section 5) without '=' padding.
std::string Base64UrlEncode(std::string_view bytes);

/// Decodes unpadded base64url; nullopt on any other character, on padding, on an impossible length
/// or on non-zero unused bits, so that each byte string has exactly one accepted encoding.
std::optional<std::string> Base64UrlDecode(std::string_view text);

/// Authenticated secret-key encryption (XSalsa20-Poly1305, libsodium crypto_secretbox) for small
/// secrets kept in the database, such as TOTP seeds. Immutable after construction, so one instance
/// may be shared between threads.
class SecretBox {
 public:
  static constexpr size_t kKeySize = 32;
  using Key = std::array<unsigned char, kKeySize>;

  /// Reads the 32-byte key at `path`, or creates it with fresh random bytes and mode 0600 if the
  /// file does not exist. A file of any other size is an error (kInternal) rather than being
  /// replaced: overwriting a key would make every sealed secret unreadable.
  static core::Result<SecretBox> FromKeyFile(const std::string& path);

  /// Uses `key` as given (tests, or keys supplied by a secrets manager).
  static SecretBox FromKey(Key key);

  SecretBox(const SecretBox&) = default;
  SecretBox& operator=(const SecretBox&) = default;
  ~SecretBox();

  /// Encrypts `plaintext` under a fresh random nonce; returns standard base64 of
  /// nonce (24 bytes) || ciphertext with its 16-byte tag. Sealing the same text twice gives
  /// different results.
  std::string Seal(std::string_view plaintext) const;

  /// Reverses Seal. Fails with kInternal when the text is not valid base64, too short, or does
  /// not authenticate under this key (tampered data, or the key file was changed).
  core::Result<std::string> Open(std::string_view sealed) const;

 private:
  explicit SecretBox(const Key& key) : key_(key) {}

  Key key_;
};

}  // namespace auth

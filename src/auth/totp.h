// One-time passwords for two-factor authentication: HOTP (RFC 4226), TOTP (RFC 6238), the Base32
// secrets (RFC 4648) that authenticator apps exchange, and the otpauth:// URI shown as a QR code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace auth {

/// The HMAC hash. Authenticator apps (Google, Microsoft, IIJ SmartKey) reliably support only
/// SHA-1, which is what we enrol; the others exist for the RFC 6238 test vectors.
enum class TotpAlgorithm { kSha1, kSha256, kSha512 };

/// RFC 4648 Base32 (A–Z, 2–7), upper-case, without '=' padding.
std::string Base32Encode(std::string_view bytes);

/// Decodes Base32 ignoring case, spaces and '=' padding, since people copy secrets by hand.
/// nullopt on any other character or on a length no encoding can have.
std::optional<std::string> Base32Decode(std::string_view text);

/// A fresh 160-bit TOTP secret (the size RFC 4226 recommends for HMAC-SHA-1), Base32-encoded
/// (32 characters). Keep it sealed at rest (SecretBox) and show it only during enrolment.
std::string GenerateTotpSecret();

/// The RFC 4226 HOTP value of `key_bytes` (raw bytes, not Base32) at `counter`, reduced to
/// `digits` decimal digits (1–9; 6 or 8 in practice).
uint32_t Hotp(std::string_view key_bytes, uint64_t counter, int digits = 6,
              TotpAlgorithm alg = TotpAlgorithm::kSha1);

/// The RFC 6238 TOTP code at `unix_seconds` (T0 = 0), zero-padded to `digits` characters.
/// `period` must be positive; times before 1970 are not meaningful.
std::string TotpCode(std::string_view key_bytes, int64_t unix_seconds, int digits = 6,
                     int period = 30, TotpAlgorithm alg = TotpAlgorithm::kSha1);

/// Outcome of VerifyTotp. `step` is the time step the code belonged to, meaningful only when
/// `ok`; store it as the new last_used_step so the same code cannot be used again.
struct TotpCheck {
  bool ok;
  int64_t step;
};

/// Checks a 6-digit SHA-1 code with 30-second steps (what OtpAuthUri enrols) against the steps
/// from `window` before to `window` after the current one, to allow for clock drift and typing
/// time. Steps at or before `last_used_step` are refused, so a code seen over a shoulder cannot be
/// replayed; before the first use pass any value below every real step (0 or -1). Spaces in `code`
/// are ignored (apps show "123 456"), as are ideographic spaces, and full-width digits are read as
/// digits; anything else that is not a digit fails. An undecodable secret fails.
TotpCheck VerifyTotp(std::string_view base32_secret, std::string_view code, int64_t unix_seconds,
                     int64_t last_used_step, int window = 1);

/// The Key Uri Format enrolment URI:
/// "otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30".
/// Issuer and account are UTF-8, percent-encoded (spaces as %20, which every app understands);
/// the secret is upper-cased with spaces and padding removed.
std::string OtpAuthUri(std::string_view issuer, std::string_view account,
                       std::string_view base32_secret);

}  // namespace auth

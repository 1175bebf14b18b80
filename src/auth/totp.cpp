// HOTP/TOTP on OpenSSL's HMAC, Base32 and the otpauth:// URI.
//
// The HMAC comes from OpenSSL rather than libsodium because libsodium has no SHA-1, and SHA-1 is
// the only algorithm every authenticator app implements (most ignore the algorithm parameter).
// HMAC-SHA-1 remains sound for this use: HOTP relies on HMAC's PRF property, not on collision
// resistance, which is what is broken in SHA-1.
#include "auth/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <cassert>
#include <stdexcept>

#include "auth/tokens.h"

namespace auth {
namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// What VerifyTotp checks and OtpAuthUri enrols; apps ignore any other setting anyway.
constexpr int kDigits = 6;
constexpr int kPeriod = 30;

int Base32Value(char ch) {
  if (ch >= 'A' && ch <= 'Z') return ch - 'A';
  if (ch >= 'a' && ch <= 'z') return ch - 'a';
  if (ch >= '2' && ch <= '7') return ch - '2' + 26;
  return -1;
}

const EVP_MD* Digest(TotpAlgorithm alg) {
  switch (alg) {
    case TotpAlgorithm::kSha1:
      return EVP_sha1();
    case TotpAlgorithm::kSha256:
      return EVP_sha256();
    case TotpAlgorithm::kSha512:
      return EVP_sha512();
  }
  return EVP_sha1();
}

uint32_t PowerOfTen(int digits) {
  uint32_t value = 1;
  for (int i = 0; i < digits; ++i) value *= 10;
  return value;
}

// floor(seconds / period), also for negative times, so that steps never straddle zero.
int64_t TimeStep(int64_t unix_seconds, int period) {
  int64_t step = unix_seconds / period;
  if (unix_seconds % period < 0) --step;
  return step;
}

// Reduces a typed code to ASCII digits. People read the code off a phone and may type it with a
// Japanese IME on, which yields U+3000 spaces and full-width digits (U+FF10..U+FF19); both are
// accepted. Returns nullopt on anything else.
std::optional<std::string> NormalizeCode(std::string_view code) {
  std::string digits;
  for (size_t i = 0; i < code.size(); ++i) {
    char ch = code[i];
    if (ch == ' ') continue;
    if (ch >= '0' && ch <= '9') {
      digits.push_back(ch);
      continue;
    }
    std::string_view rest = code.substr(i);
    if (rest.starts_with("\xE3\x80\x80")) {  // U+3000 IDEOGRAPHIC SPACE
      i += 2;
      continue;
    }
    if (rest.size() >= 3 && rest.starts_with("\xEF\xBC") &&
        static_cast<unsigned char>(rest[2]) >= 0x90 &&
        static_cast<unsigned char>(rest[2]) <= 0x99) {
      digits.push_back(static_cast<char>('0' + (static_cast<unsigned char>(rest[2]) - 0x90)));
      i += 2;
      continue;
    }
    return std::nullopt;
  }
  return digits;
}

std::string PercentEncode(std::string_view text) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    bool unreserved = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                      (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' || ch == '~';
    if (unreserved) {
      out.push_back(ch);
    } else {
      auto byte = static_cast<unsigned char>(ch);
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

}  // namespace

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  uint32_t buffer = 0;
  int bits = 0;
  for (char ch : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(ch);
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32Alphabet[(buffer >> (bits - 5)) & 0x1F]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 0x1F]);
  return out;
}

std::optional<std::string> Base32Decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  size_t symbols = 0;
  for (char ch : text) {
    if (ch == ' ' || ch == '=') continue;
    int value = Base32Value(ch);
    if (value < 0) return std::nullopt;
    ++symbols;
    buffer = (buffer << 5) | static_cast<uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xFF));
      bits -= 8;
    }
  }
  // 1, 3 or 6 symbols past a whole group of 8 cannot come from any byte string. Leftover bits
  // are otherwise ignored rather than required to be zero: a hand-copied secret should work.
  switch (symbols % 8) {
    case 1:
    case 3:
    case 6:
      return std::nullopt;
    default:
      return out;
  }
}

std::string GenerateTotpSecret() {
  EnsureSodium();
  unsigned char bytes[20];
  randombytes_buf(bytes, sizeof bytes);
  std::string secret = Base32Encode(std::string_view(reinterpret_cast<char*>(bytes), sizeof bytes));
  sodium_memzero(bytes, sizeof bytes);
  return secret;
}

uint32_t Hotp(std::string_view key_bytes, uint64_t counter, int digits, TotpAlgorithm alg) {
  assert(digits >= 1 && digits <= 9);  // the truncated value has 31 bits: 9 digits at most
  unsigned char message[8];
  for (int i = 7; i >= 0; --i) {  // the counter is hashed as 8 bytes, big-endian
    message[i] = static_cast<unsigned char>(counter & 0xFF);
    counter >>= 8;
  }
  static const unsigned char kEmptyKey = 0;  // OpenSSL wants a non-null key even when empty
  const void* key = key_bytes.empty() ? static_cast<const void*>(&kEmptyKey) : key_bytes.data();
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (HMAC(Digest(alg), key, static_cast<int>(key_bytes.size()), message, sizeof message, mac,
           &mac_len) == nullptr) {
    throw std::runtime_error("OpenSSL HMAC failed");  // only if the digest is unavailable
  }
  // Dynamic truncation (RFC 4226 section 5.3): the low nibble of the last byte picks 4 bytes.
  unsigned offset = mac[mac_len - 1] & 0x0F;
  uint32_t binary = (static_cast<uint32_t>(mac[offset] & 0x7F) << 24) |
                    (static_cast<uint32_t>(mac[offset + 1]) << 16) |
                    (static_cast<uint32_t>(mac[offset + 2]) << 8) |
                    static_cast<uint32_t>(mac[offset + 3]);
  return binary % PowerOfTen(digits);
}

std::string TotpCode(std::string_view key_bytes, int64_t unix_seconds, int digits, int period,
                     TotpAlgorithm alg) {
  assert(period > 0);
  uint64_t step = static_cast<uint64_t>(TimeStep(unix_seconds, period));
  std::string code = std::to_string(Hotp(key_bytes, step, digits, alg));
  if (code.size() < static_cast<size_t>(digits)) code.insert(0, digits - code.size(), '0');
  return code;
}

TotpCheck VerifyTotp(std::string_view base32_secret, std::string_view code, int64_t unix_seconds,
                     int64_t last_used_step, int window) {
  const TotpCheck kRejected{false, 0};
  std::optional<std::string> key = Base32Decode(base32_secret);
  if (!key || key->empty()) return kRejected;
  std::optional<std::string> typed = NormalizeCode(code);
  if (!typed || typed->size() != kDigits) return kRejected;
  if (window < 0) window = 0;

  const int64_t current = TimeStep(unix_seconds, kPeriod);
  bool ok = false;
  int64_t matched = 0;
  // Every step in the window is computed and compared, whatever matches, so the time taken does
  // not tell which step (or whether any) matched.
  for (int64_t step = current - window; step <= current + window; ++step) {
    std::string expected = TotpCode(*key, step * kPeriod, kDigits, kPeriod);
    bool equal = ConstantTimeEquals(expected, *typed);
    if (equal && step > last_used_step) {
      ok = true;
      matched = step;  // the latest matching step, in the rare case two steps share a code
    }
  }
  sodium_memzero(key->data(), key->size());
  return ok ? TotpCheck{true, matched} : kRejected;
}

std::string OtpAuthUri(std::string_view issuer, std::string_view account,
                       std::string_view base32_secret) {
  std::string secret;
  for (char ch : base32_secret) {
    if (ch == ' ' || ch == '=') continue;
    secret.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
  }
  // The issuer appears in the label prefix and as a parameter: older apps read only the former,
  // newer ones prefer the latter.
  const std::string encoded_issuer = PercentEncode(issuer);
  std::string uri = "otpauth://totp/" + encoded_issuer + ":" + PercentEncode(account);
  uri += "?secret=" + PercentEncode(secret);
  uri += "&issuer=" + encoded_issuer;
  uri += "&algorithm=SHA1&digits=" + std::to_string(kDigits) + "&period=" + std::to_string(kPeriod);
  return uri;
}

}  // namespace auth

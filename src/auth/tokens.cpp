// Random tokens, token hashes, recovery codes and SecretBox, all built on libsodium.
#include "auth/tokens.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace auth {
namespace {

// 8 digits and 23 letters: 0/o, 1/l/i are left out because people copy these codes from paper.
constexpr std::string_view kRecoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";
static_assert(kRecoveryAlphabet.size() == 31);
// log2(31) * 16 ≈ 79 bits. Three groups (12 characters) would give only 59.4 bits, short of the
// 60 bits required, because the alphabet has 31 symbols rather than 32.
constexpr int kRecoveryGroups = 4;
constexpr int kRecoveryGroupLength = 4;

std::string ToBase64(std::string_view bytes, int variant) {
  std::string out(sodium_base64_encoded_len(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), variant);
  out.resize(std::strlen(out.c_str()));  // encoded_len counts the terminating NUL
  return out;
}

std::optional<std::string> FromBase64(std::string_view text, int variant) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t out_len = 0;
  // A null end pointer makes libsodium reject input it could not consume entirely.
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), /*ignore=*/nullptr, &out_len, /*b64_end=*/nullptr,
                        variant) != 0) {
    return std::nullopt;
  }
  out.resize(out_len);
  return out;
}

std::string ErrnoText(int err) { return std::strerror(err); }

}  // namespace

void EnsureSodium() {
  // sodium_init is itself idempotent, but the static makes the check free after the first call.
  static const bool initialised = sodium_init() >= 0;
  if (!initialised) throw std::runtime_error("libsodium could not be initialised");
}

std::string RandomToken() {
  EnsureSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  std::string token =
      Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  sodium_memzero(bytes, sizeof bytes);
  return token;
}

std::string HashToken(std::string_view token) {
  EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  EnsureSodium();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::vector<std::string> GenerateRecoveryCodes(int count) {
  EnsureSodium();
  std::vector<std::string> codes;
  if (count <= 0) return codes;
  codes.reserve(count);
  for (int c = 0; c < count; ++c) {
    std::string code;
    for (int g = 0; g < kRecoveryGroups; ++g) {
      if (g > 0) code.push_back('-');
      for (int i = 0; i < kRecoveryGroupLength; ++i) {
        // randombytes_uniform avoids the modulo bias of reducing a random byte by 31.
        code.push_back(kRecoveryAlphabet[randombytes_uniform(kRecoveryAlphabet.size())]);
      }
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

std::string NormalizeRecoveryCode(std::string_view typed) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000, typed with an IME on
  std::string out;
  out.reserve(typed.size());
  for (size_t i = 0; i < typed.size(); ++i) {
    char ch = typed[i];
    if (typed.substr(i, kIdeographicSpace.size()) == kIdeographicSpace) {
      i += kIdeographicSpace.size() - 1;
      continue;
    }
    if (ch == ' ' || ch == '-' || ch == '\t') continue;
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    out.push_back(ch);
  }
  return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
  EnsureSodium();
  return ToBase64(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  EnsureSodium();
  return FromBase64(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

// --- SecretBox ---------------------------------------------------------------------------------

core::Result<SecretBox> SecretBox::FromKeyFile(const std::string& path) {
  EnsureSodium();
  Key key{};
  // O_EXCL so that two processes starting at once cannot both create (and disagree on) a key:
  // the loser falls through to reading the winner's file.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    randombytes_buf(key.data(), key.size());
    size_t written = 0;
    while (written < key.size()) {
      ssize_t n = ::write(fd, key.data() + written, key.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        int err = errno;
        ::close(fd);
        ::unlink(path.c_str());  // a short key file would be rejected on every later start
        sodium_memzero(key.data(), key.size());
        return core::Error::Internal("cannot write key file " + path + ": " + ErrnoText(err));
      }
      written += static_cast<size_t>(n);
    }
    // The key must survive a crash: secrets sealed with it are written to the database next.
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
      int err = errno;
      sodium_memzero(key.data(), key.size());
      return core::Error::Internal("cannot save key file " + path + ": " + ErrnoText(err));
    }
    SecretBox box(key);
    sodium_memzero(key.data(), key.size());
    return box;
  }
  if (errno != EEXIST) {
    return core::Error::Internal("cannot create key file " + path + ": " + ErrnoText(errno));
  }

  fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return core::Error::Internal("cannot open key file " + path + ": " + ErrnoText(errno));
  }
  // Read one byte more than a key so that a longer file is detected rather than truncated.
  unsigned char buffer[kKeySize + 1];
  size_t got = 0;
  while (got < sizeof buffer) {
    ssize_t n = ::read(fd, buffer + got, sizeof buffer - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      sodium_memzero(buffer, sizeof buffer);
      return core::Error::Internal("cannot read key file " + path + ": " + ErrnoText(err));
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  if (got != kKeySize) {
    sodium_memzero(buffer, sizeof buffer);
    return core::Error::Internal("key file " + path + " must hold exactly 32 bytes");
  }
  std::memcpy(key.data(), buffer, kKeySize);
  sodium_memzero(buffer, sizeof buffer);
  SecretBox box(key);
  sodium_memzero(key.data(), key.size());
  return box;
}

SecretBox SecretBox::FromKey(Key key) {
  EnsureSodium();
  SecretBox box(key);
  sodium_memzero(key.data(), key.size());
  return box;
}

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

std::string SecretBox::Seal(std::string_view plaintext) const {
  EnsureSodium();
  std::string sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(),
                     '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);  // 192-bit nonces: random is safe
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        nonce, key_.data());
  return ToBase64(sealed, sodium_base64_VARIANT_ORIGINAL);
}

core::Result<std::string> SecretBox::Open(std::string_view sealed) const {
  EnsureSodium();
  std::optional<std::string> raw = FromBase64(sealed, sodium_base64_VARIANT_ORIGINAL);
  if (!raw) return core::Error::Internal("sealed secret is not valid base64");
  if (raw->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return core::Error::Internal("sealed secret is too short");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
  const unsigned char* box = nonce + crypto_secretbox_NONCEBYTES;
  size_t box_len = raw->size() - crypto_secretbox_NONCEBYTES;
  std::string plain(box_len - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), box, box_len,
                                 nonce, key_.data()) != 0) {
    return core::Error::Internal("sealed secret does not authenticate (tampered, or wrong key)");
  }
  return plain;
}

}  // namespace auth

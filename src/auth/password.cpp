// Argon2id password hashes and the password policy. The policy follows 01-foundation and the MHLW
// guideline Q&A on length, and NIST SP 800-63B in rejecting known and personal passwords instead
// of demanding symbols or periodic changes.
#include "auth/password.h"

#include <sodium.h>

#include <array>
#include <optional>
#include <utility>

#include "auth/tokens.h"

namespace auth {
namespace {

constexpr size_t kMaxPasswordBytes = 256;
constexpr size_t kMinLengthWithTwoFactor = 10;
constexpr size_t kMinLengthWithoutTwoFactor = 13;
constexpr size_t kMinLoginIdLength = 3;
constexpr size_t kMinNameLength = 2;

core::FieldError PasswordError(std::string code, std::string message) {
  return core::FieldError{"password", std::move(code), std::move(message)};
}

// Strict UTF-8 decoding (no overlong forms, surrogates or code points beyond U+10FFFF), because a
// password stored from one client must be typeable, byte for byte, from another.
std::optional<std::u32string> DecodeUtf8(std::string_view text) {
  std::u32string out;
  size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    size_t extra;
    char32_t cp;
    char32_t min;
    if (lead < 0x80) {
      out.push_back(lead);
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      extra = 1, cp = lead & 0x1F, min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      extra = 2, cp = lead & 0x0F, min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      extra = 3, cp = lead & 0x07, min = 0x10000;
    } else {
      return std::nullopt;  // a continuation byte or 0xF8..0xFF where a character should start
    }
    if (text.size() - i <= extra) return std::nullopt;
    for (size_t k = 1; k <= extra; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (next & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

// Only ASCII is folded: Japanese has no case, and full-width Latin letters are rare in passwords.
std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

bool IsAsciiLetter(char32_t cp) { return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'); }
bool IsDigit(char32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);  // ０-９ from an IME
}
// Kana and kanji are letters as far as this rule goes: a password of hiragana and digits is no
// weaker than one of romaji and digits. Any non-ASCII character that is not a digit counts.
bool IsLetter(char32_t cp) { return IsAsciiLetter(cp) || (cp >= 0x80 && !IsDigit(cp)); }

// ASCII digits, punctuation and spaces that people pad a weak word with ("password2024!").
bool IsPadding(char ch) {
  auto u = static_cast<unsigned char>(ch);
  return u < 0x80 && u >= 0x20 && !(ch >= 'a' && ch <= 'z') && !(ch >= 'A' && ch <= 'Z');
}

std::string_view TrimPaddingRight(std::string_view text) {
  while (!text.empty() && IsPadding(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view TrimPaddingLeft(std::string_view text) {
  while (!text.empty() && IsPadding(text.front())) text.remove_prefix(1);
  return text;
}

// Undoes the substitutions that password crackers try first ("p@ssw0rd" -> "password").
std::string Unleet(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    switch (ch) {
      case '0':
        ch = 'o';
        break;
      case '1':
        ch = 'i';
        break;
      case '3':
        ch = 'e';
        break;
      case '4':
        ch = 'a';
        break;
      case '5':
        ch = 's';
        break;
      case '7':
        ch = 't';
        break;
      case '@':
        ch = 'a';
        break;
      case '$':
        ch = 's';
        break;
      default:
        break;
    }
  }
  return out;
}

bool LooksCommon(std::string_view password) {
  const std::string lower = AsciiLower(password);
  const std::string_view forms[] = {lower, TrimPaddingRight(lower),
                                    TrimPaddingLeft(TrimPaddingRight(lower))};
  for (std::string_view form : forms) {
    if (form.empty()) continue;
    if (internal::InCommonPasswordList(form)) return true;
    if (internal::InCommonPasswordList(Unleet(form))) return true;
  }
  return false;
}

size_t CodePointCount(std::string_view text) {
  std::optional<std::u32string> decoded = DecodeUtf8(text);
  return decoded ? decoded->size() : text.size();
}

// Splits a name on ASCII and ideographic (U+3000) spaces, the two that people type between
// family and given name.
std::vector<std::string> NameParts(std::string_view name) {
  constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  std::vector<std::string> parts;
  std::string current;
  for (size_t i = 0; i < name.size(); ++i) {
    bool space = name[i] == ' ' || name[i] == '\t';
    if (!space && name.substr(i, kIdeographicSpace.size()) == kIdeographicSpace) {
      space = true;
      i += kIdeographicSpace.size() - 1;
    }
    if (space) {
      if (!current.empty()) parts.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(name[i]);
    }
  }
  if (!current.empty()) parts.push_back(std::move(current));
  return parts;
}

bool ContainsName(std::string_view lower_password, std::string_view name) {
  std::vector<std::string> parts = NameParts(name);
  std::string joined;
  for (const std::string& part : parts) joined += part;
  if (CodePointCount(joined) >= kMinNameLength &&
      lower_password.find(AsciiLower(joined)) != std::string_view::npos) {
    return true;
  }
  // Parts alone too: a family name plus digits is as guessable as the whole name.
  for (const std::string& part : parts) {
    if (CodePointCount(part) >= kMinNameLength &&
        lower_password.find(AsciiLower(part)) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool AllDigits(std::string_view text) {
  for (char ch : text) {
    if (ch < '0' || ch > '9') return false;
  }
  return !text.empty();
}

bool ContainsBirthDate(std::string_view password, std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return false;
  std::string_view year = iso.substr(0, 4), month = iso.substr(5, 2), day = iso.substr(8, 2);
  if (!AllDigits(year) || !AllDigits(month) || !AllDigits(day)) return false;
  // Separators are dropped so that "1936/11/01" and "36.11.01" count as well. Every longer form
  // (yyyymmdd, yymmdd, and the 和暦 ones such as "s111101") ends in mmdd, so mmdd is the check;
  // the longer forms are listed for whoever changes this rule.
  std::string compact;
  for (char ch : password) {
    if (ch != '-' && ch != '/' && ch != '.' && ch != ' ') compact.push_back(ch);
  }
  const std::string mmdd = std::string(month) + std::string(day);
  const std::string forms[] = {std::string(year) + mmdd, std::string(year.substr(2)) + mmdd, mmdd};
  for (const std::string& form : forms) {
    if (compact.find(form) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

PasswordHashCost PasswordHashCost::Interactive() {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

PasswordHashCost PasswordHashCost::ForTests() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

core::Result<std::string> HashPassword(std::string_view password, const PasswordHashCost& cost) {
  EnsureSodium();
  // An empty string_view may have a null data(); libsodium wants a valid pointer.
  const char* data = password.empty() ? "" : password.data();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), data, password.size(), cost.opslimit, cost.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return core::Error::Internal("password hashing failed (out of memory, or cost out of range)");
  }
  return std::string(out.data());
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  // libsodium reads the hash as a C string of at most crypto_pwhash_STRBYTES - 1 characters.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  EnsureSodium();
  const char* data = password.empty() ? "" : password.data();
  return crypto_pwhash_str_verify(hash.c_str(), data, password.size()) == 0;
}

bool PasswordNeedsRehash(const std::string& hash, const PasswordHashCost& cost) {
  // libsodium's generic check also accepts Argon2i hashes as current; we want them upgraded.
  if (!hash.starts_with("$argon2id$") || hash.size() >= crypto_pwhash_STRBYTES) return true;
  EnsureSodium();
  return crypto_pwhash_str_needs_rehash(hash.c_str(), cost.opslimit, cost.memlimit) != 0;
}

std::vector<core::FieldError> CheckPasswordPolicy(std::string_view password,
                                                  const PasswordContext& ctx) {
  std::vector<core::FieldError> errors;
  // The byte limit bounds the work below and the hashing cost of hostile input.
  if (password.size() > kMaxPasswordBytes) {
    errors.push_back(PasswordError(
        "too_long",
        "パスワードは256バイト以内にしてください (password must be at most 256 bytes)"));
  }
  std::optional<std::u32string> chars = DecodeUtf8(password);
  if (!chars) {
    errors.push_back(PasswordError(
        "invalid_utf8",
        "パスワードに使えない文字が含まれています (password is not valid UTF-8 text)"));
  }
  if (!errors.empty()) return errors;

  if (ctx.has_two_factor) {
    if (chars->size() < kMinLengthWithTwoFactor) {
      errors.push_back(PasswordError(
          "too_short",
          "パスワードは10文字以上にしてください (password must be at least 10 characters)"));
    }
    bool letter = false, digit = false;
    for (char32_t cp : *chars) {
      letter = letter || IsLetter(cp);
      digit = digit || IsDigit(cp);
    }
    if (!letter || !digit) {
      errors.push_back(PasswordError("needs_letter_and_digit",
                                     "英字と数字をそれぞれ1文字以上含めてください "
                                     "(password must contain at least one letter and one digit)"));
    }
  } else if (chars->size() < kMinLengthWithoutTwoFactor) {
    errors.push_back(PasswordError(
        "too_short",
        "二要素認証を使わない場合、パスワードは13文字以上にしてください "
        "(without two-factor authentication, password must be at least 13 characters)"));
  }

  if (LooksCommon(password)) {
    errors.push_back(PasswordError(
        "common", "よく使われているパスワードは使えません (this password is too common)"));
  }

  const std::string lower = AsciiLower(password);
  std::vector<std::pair<std::string_view, std::string_view>> found;  // (日本語, English)
  if (CodePointCount(ctx.login_id) >= kMinLoginIdLength &&
      lower.find(AsciiLower(ctx.login_id)) != std::string::npos) {
    found.emplace_back("ログインID", "login id");
  }
  if (ContainsName(lower, ctx.display_name) || ContainsName(lower, ctx.kana)) {
    found.emplace_back("氏名", "name");
  }
  if (ContainsBirthDate(password, ctx.birth_date_iso)) {
    found.emplace_back("生年月日", "birth date");
  }
  if (!found.empty()) {
    std::string ja, en;
    for (size_t i = 0; i < found.size(); ++i) {
      if (i > 0) {
        ja += "・";
        en += i + 1 == found.size() ? " or " : ", ";
      }
      ja += found[i].first;
      en += found[i].second;
    }
    std::string message =
        "パスワードに" + ja + "を含めないでください (password must not contain your " + en + ")";
    errors.push_back(PasswordError("contains_personal", std::move(message)));
  }
  return errors;
}

}  // namespace auth

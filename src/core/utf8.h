// UTF-8 validation, decoding and encoding. Every piece of text in Tsunagari is UTF-8; these are
// the primitives the Japanese text helpers, the CSV reader and field validators build on.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace core {

/// True when `s` is well-formed UTF-8 as defined by Unicode (RFC 3629): no overlong forms, no
/// UTF-16 surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.
bool IsValidUtf8(std::string_view s);

/// Number of code points in `s`. Intended for valid UTF-8 (e.g. length limits on fields); for
/// invalid input it counts what DecodeUtf8 returns, i.e. each ill-formed piece counts as one.
size_t Utf8Length(std::string_view s);

/// Decodes `s` into code points. Each maximal ill-formed subsequence becomes one U+FFFD (the
/// substitution Unicode recommends and browsers use), so the result never loses sync.
std::u32string DecodeUtf8(std::string_view s);

/// Appends `cp` encoded as UTF-8. Surrogates and values above U+10FFFF are not characters and
/// are written as U+FFFD instead, so the output is always valid UTF-8.
void AppendUtf8(std::string& out, char32_t cp);

/// Decodes the code point starting at byte `pos` and advances `pos` past it. On an ill-formed
/// sequence returns nullopt and advances past the maximal ill-formed subsequence (at least one
/// byte), so callers that want to drop bad bytes can simply continue. `pos` must be < s.size().
std::optional<char32_t> DecodeCodePoint(std::string_view s, size_t& pos);

/// U+FFFD REPLACEMENT CHARACTER.
inline constexpr char32_t kReplacementCharacter = 0xFFFD;

}  // namespace core

// Japanese text folding: width (全角/半角), kana (ひらがな/カタカナ) and 異体字 variants, for
// search keys, stored kana readings and general input cleanup. Names are always stored as
// entered; these functions produce keys and cleaned copies, never replacements for the original.
#pragma once

#include <string>
#include <string_view>

namespace core {

/// Search key for names and kana readings, so that differently typed forms of the same name
/// compare equal: 髙橋　ｶｽﾞｵ, 高橋 かずお and 高橋カズオ all give "高橋かずお".
/// - full-width ASCII to half-width, then ASCII lower-cased;
/// - half-width katakana to full-width, with ﾞ/ﾟ (and combining U+3099/U+309A) composed into
///   the voiced kana (ｶﾞ → ガ), then katakana folded to hiragana;
/// - common 旧字体/異体字 to their everyday forms (髙→高, 﨑/嵜→崎, 邊/邉→辺, 齋/齊/斉→斎 …);
/// - white space of every kind and middle dots (・ ･ ·) removed;
/// - ー kept; dash-like marks (ｰ － - ― — – ‐ −) right after kana become ー.
/// Invalid UTF-8 bytes are dropped. The key is for comparison only; never show or store it as
/// the person's name.
std::string NormalizeForSearch(std::string_view utf8);

/// The form in which kana readings (フリガナ) are stored: hiragana and half-width katakana become
/// full-width katakana (ｶﾞ → ガ), other characters are unchanged. Runs of white space (ASCII or
/// U+3000) become a single U+3000 between words and are trimmed at both ends. Invalid UTF-8
/// bytes are dropped.
std::string ToFullWidthKatakana(std::string_view utf8);

/// True when `utf8` is a plausible kana reading: only hiragana, katakana (full or half width,
/// with their sound marks), ー, spaces (ASCII or U+3000) and middle dots (・ ･), with at least
/// one kana letter. False for invalid UTF-8, kanji, Latin letters, digits, tabs and newlines.
bool IsKanaName(std::string_view utf8);

/// Width folding only, for general input cleanup (phone numbers, postal codes, addresses):
/// full-width ASCII (U+FF01..U+FF5E) to ASCII, U+3000 to an ASCII space, half-width katakana and
/// punctuation (U+FF61..U+FF9F) to full-width, composing ﾞ/ﾟ into the voiced kana. Because
/// people and old systems type hyphens in many ways, U+2212 MINUS SIGN always becomes '-', and
/// long-vowel and dash marks (ー ｰ ― — – ‐) directly after a digit become '-':
/// "０９０−１２３４ー５６７８" → "090-1234-5678". Note that U+FF5E (～, which CP932 files
/// decode to for the wave dash) becomes '~'. Invalid UTF-8 bytes are dropped.
std::string FoldWidth(std::string_view utf8);

}  // namespace core

// 全国地方公共団体コード: six digits, two for the prefecture (01..47), three for the
// municipality (000 for the prefecture itself) and a modulus-11 check digit.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace core {

/// The check digit for five ASCII digits: 11 − (d1·6 + d2·5 + d3·4 + d4·3 + d5·2) mod 11, with
/// 10 written as 0 and 11 as 1. '\0' when `five_digits` is not exactly five ASCII digits.
char MunicipalityCheckDigit(std::string_view five_digits);

/// The prefecture part reserved for fictional data (the demo region, tests).
inline constexpr int kFictionalPrefecture = 99;

/// True for six ASCII digits with a prefecture part of 01..47 (or 99, fictional) and a matching
/// check digit.
/// (Whether the municipality exists is not checked.)
bool IsValidMunicipalityCode(std::string_view six_digits);

/// The six-digit code meant by `raw` as found in spreadsheets, or nullopt. Full-width digits
/// and surrounding spaces are accepted. Accepted forms:
///   6 digits: returned when valid;
///   5 digits: the code without its check digit ("13101" → "131016"), or a six-digit code
///             whose leading zero a spreadsheet dropped ("92011" → "092011");
///   4 digits: a five-digit code without its leading zero ("9201" → "092011").
/// A five-digit value that reads validly both ways (e.g. "13102": 中央区 without its check
/// digit, or "013102" without its zero) is ambiguous and gives nullopt rather than a guess;
/// that happens for about one in ten codes of prefectures 10..47.
std::optional<std::string> RepairMunicipalityCode(std::string_view raw);

}  // namespace core

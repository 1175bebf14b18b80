// Municipality code check digits and repair of codes mangled by spreadsheets (leading zeros
// dropped, check digit missing, typed in full width).
#include "core/municipality_code.h"

#include <algorithm>
#include <array>
#include <vector>

#include "core/japanese_text.h"

namespace core {
namespace {

bool AllAsciiDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 99 is used by no real prefecture; the product's fictional demo region and tests live there so
// that they can never be mistaken for, or collide with, a real municipality.
bool ValidPrefecture(std::string_view code) {
  const int prefecture = (code[0] - '0') * 10 + (code[1] - '0');
  return (prefecture >= 1 && prefecture <= 47) || prefecture == kFictionalPrefecture;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The five-digit code with its check digit, when its prefecture part is plausible.
std::optional<std::string> WithCheckDigit(std::string_view five_digits) {
  if (!ValidPrefecture(five_digits)) return std::nullopt;
  return std::string(five_digits) + MunicipalityCheckDigit(five_digits);
}

}  // namespace

char MunicipalityCheckDigit(std::string_view five_digits) {
  if (five_digits.size() != 5 || !AllAsciiDigits(five_digits)) return '\0';
  constexpr std::array<int, 5> kWeights = {6, 5, 4, 3, 2};
  int sum = 0;
  for (size_t i = 0; i < 5; ++i) sum += (five_digits[i] - '0') * kWeights[i];
  return static_cast<char>('0' + (11 - sum % 11) % 10);
}

bool IsValidMunicipalityCode(std::string_view six_digits) {
  return six_digits.size() == 6 && AllAsciiDigits(six_digits) && ValidPrefecture(six_digits) &&
         MunicipalityCheckDigit(six_digits.substr(0, 5)) == six_digits[5];
}

std::optional<std::string> RepairMunicipalityCode(std::string_view raw) {
  const std::string folded = FoldWidth(raw);
  const std::string_view digits = TrimSpaces(folded);
  if (!AllAsciiDigits(digits)) return std::nullopt;
  switch (digits.size()) {
    case 6:
      if (IsValidMunicipalityCode(digits)) return std::string(digits);
      return std::nullopt;
    case 5: {
      std::vector<std::string> readings;
      if (std::optional<std::string> code = WithCheckDigit(digits)) readings.push_back(*code);
      const std::string zero_restored = "0" + std::string(digits);
      if (IsValidMunicipalityCode(zero_restored)) readings.push_back(zero_restored);
      if (readings.size() == 1) return readings.front();
      return std::nullopt;  // none, or two plausible codes: do not guess
    }
    case 4:
      return WithCheckDigit("0" + std::string(digits));
    default:
      return std::nullopt;
  }
}

}  // namespace core

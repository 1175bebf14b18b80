// Address → coordinates from reference points (位置参照情報: one representative point per 町字 or
// 丁目). Pure functions, so the matching rules are unit-tested without a database.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace geo {

struct AddressPoint {
  std::string town;  // as published: "本町一丁目"
  std::string base;  // the town without its 丁目: "本町"
  int chome = 0;     // 0 when the town has no 丁目 part
  double latitude = 0;
  double longitude = 0;
};

struct GeocodeResult {
  double latitude = 0;
  double longitude = 0;
  std::string precision;  // chome | town | municipality
  std::string matched;    // what matched, e.g. "本町1丁目"
};

/// Splits a published town name into its base and 丁目 number ("本町一丁目" → 本町, 1;
/// "若葉町" → 若葉町, 0). Kanji (一…九十) and Arabic numerals are both read.
std::pair<std::string, int> SplitTown(std::string_view town);

/// Width-folded, space-free address with the prefecture and municipality name removed when
/// present ("愛知県 群青市本町１－１" → "本町1-1").
std::string AddressRemainder(std::string_view address, std::string_view prefecture,
                             std::string_view municipality_name);

/// The best point for `remainder` (output of AddressRemainder): the longest town base that the
/// address starts with, then its 丁目 when the address names one ("1丁目", "一丁目", "1-…");
/// a town without a matching 丁目 point gets the mean of its points. Nullopt when no town
/// matches.
std::optional<GeocodeResult> MatchAddress(std::string_view remainder,
                                          const std::vector<AddressPoint>& points);

/// The mean of all points (the municipality as a whole), nullopt when there are none.
std::optional<GeocodeResult> Centroid(const std::vector<AddressPoint>& points);

}  // namespace geo

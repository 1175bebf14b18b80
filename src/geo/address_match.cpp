#include "geo/address_match.h"

#include <array>

#include "core/japanese_text.h"

namespace geo {
namespace {

constexpr std::array<std::string_view, 10> kKanjiDigits = {"〇", "一", "二", "三", "四",
                                                           "五", "六", "七", "八", "九"};
constexpr std::string_view kTen = "十";
constexpr std::string_view kChome = "丁目";

/// Reads a number written in Arabic digits or kanji (up to 99) at the start of `s`.
/// Returns the value and the number of bytes read (0 when there is no number).
std::pair<int, size_t> ReadNumber(std::string_view s) {
  size_t i = 0;
  int value = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i < 4) value = value * 10 + (s[i++] - '0');
  if (i > 0) return {value, i};
  int tens = 0;
  int units = 0;
  bool any = false;
  while (i < s.size()) {
    std::string_view rest = s.substr(i);
    if (rest.starts_with(kTen)) {
      tens = (units == 0 ? 1 : units);
      units = 0;
      i += kTen.size();
      any = true;
      continue;
    }
    bool digit = false;
    for (int d = 0; d < 10; ++d) {
      if (rest.starts_with(kKanjiDigits[d])) {
        units = d;
        i += kKanjiDigits[d].size();
        digit = any = true;
        break;
      }
    }
    if (!digit) break;
  }
  if (!any) return {0, 0};
  return {tens * 10 + units, i};
}

std::string RemoveSpaces(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == ' ' || s[i] == '\t') {
      ++i;
    } else if (s.substr(i).starts_with("\u3000")) {
      i += 3;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

GeocodeResult Mean(const std::vector<const AddressPoint*>& pts, std::string precision,
                   std::string matched) {
  GeocodeResult r;
  for (const AddressPoint* p : pts) {
    r.latitude += p->latitude;
    r.longitude += p->longitude;
  }
  r.latitude /= static_cast<double>(pts.size());
  r.longitude /= static_cast<double>(pts.size());
  r.precision = std::move(precision);
  r.matched = std::move(matched);
  return r;
}

}  // namespace

std::pair<std::string, int> SplitTown(std::string_view town) {
  std::string t = RemoveSpaces(core::FoldWidth(town));
  if (!std::string_view(t).ends_with(kChome)) return {t, 0};
  std::string_view head = std::string_view(t).substr(0, t.size() - kChome.size());
  // Find where the trailing number starts: try every suffix from the left.
  for (size_t start = 0; start < head.size(); ++start) {
    if ((static_cast<unsigned char>(head[start]) & 0xC0) == 0x80) continue;
    auto [value, used] = ReadNumber(head.substr(start));
    if (used > 0 && start + used == head.size() && value > 0) {
      return {std::string(head.substr(0, start)), value};
    }
  }
  return {t, 0};
}

std::string AddressRemainder(std::string_view address, std::string_view prefecture,
                             std::string_view municipality_name) {
  std::string a = RemoveSpaces(core::FoldWidth(address));
  if (!prefecture.empty() && std::string_view(a).starts_with(prefecture)) {
    a.erase(0, prefecture.size());
  }
  if (!municipality_name.empty()) {
    size_t at = a.find(municipality_name);
    if (at != std::string::npos) a.erase(0, at + municipality_name.size());
  }
  return a;
}

std::optional<GeocodeResult> MatchAddress(std::string_view remainder,
                                          const std::vector<AddressPoint>& points) {
  const std::string* best = nullptr;
  for (const auto& p : points) {
    if (!p.base.empty() && remainder.starts_with(p.base) &&
        (!best || p.base.size() > best->size())) {
      best = &p.base;
    }
  }
  if (!best) return std::nullopt;
  std::string base = *best;
  std::string_view rest = remainder.substr(base.size());
  auto [chome, used] = ReadNumber(rest);
  std::string_view after = rest.substr(used);
  bool names_chome =
      used > 0 && (after.starts_with(kChome) || after.starts_with("-") ||
                   after.starts_with("\u2212") || after.starts_with("\u30FC") || after.empty());
  std::vector<const AddressPoint*> of_town;
  for (const auto& p : points) {
    if (p.base != base) continue;
    if (names_chome && p.chome == chome) {
      return Mean({&p}, "chome", base + std::to_string(chome) + std::string(kChome));
    }
    of_town.push_back(&p);
  }
  for (const AddressPoint* p : of_town) {
    if (p->chome == 0) return Mean({p}, "town", base);
  }
  return Mean(of_town, "town", base);
}

std::optional<GeocodeResult> Centroid(const std::vector<AddressPoint>& points) {
  if (points.empty()) return std::nullopt;
  std::vector<const AddressPoint*> all;
  for (const auto& p : points) all.push_back(&p);
  return Mean(all, "municipality", "");
}

}  // namespace geo

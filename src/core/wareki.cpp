// Date parsing and formatting with the Japanese era calendar. Era start dates are the days each
// era began (改元): an era ends the day before the next one starts, which is what makes
// 昭和64年1月7日 valid and 昭和64年1月8日 (already 平成元年) invalid. 明治 1–5 (until 1872) used
// the lunisolar calendar; like every modern system we read those dates as Gregorian.
#include "core/wareki.h"

#include <chrono>
#include <cstdio>
#include <utility>

#include "core/japanese_text.h"
#include "core/utf8.h"

namespace core {
namespace {

constexpr int kMinYear = 1868;
constexpr int kMaxYear = 2200;

struct Era {
  std::u32string_view name;    // 昭和
  char32_t short_name;         // 昭
  char32_t letter;             // S (upper case)
  char32_t square;             // ㍼, the one-character form CP932 files may contain
  std::string_view romanized;  // for the English half of error messages
  Date start;
};

// In order; each era ends the day before the next one's start.
constexpr Era kEras[] = {
    {U"明治", U'明', U'M', 0x337E, "Meiji", {1868, 10, 23}},
    {U"大正", U'大', U'T', 0x337D, "Taisho", {1912, 7, 30}},
    {U"昭和", U'昭', U'S', 0x337C, "Showa", {1926, 12, 25}},
    {U"平成", U'平', U'H', 0x337B, "Heisei", {1989, 1, 8}},
    {U"令和", U'令', U'R', 0x32FF, "Reiwa", {2019, 5, 1}},
};

std::chrono::year_month_day ToChrono(const Date& d) {
  return std::chrono::year_month_day{std::chrono::year{d.year},
                                     std::chrono::month{static_cast<unsigned>(d.month)},
                                     std::chrono::day{static_cast<unsigned>(d.day)}};
}

Date FromChrono(const std::chrono::year_month_day& ymd) {
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

Date DayBefore(const Date& d) {
  return FromChrono(std::chrono::sys_days{ToChrono(d)} - std::chrono::days{1});
}

Error FormatError(std::string_view field) {
  return Error::Invalid(std::string(field),
                        "日付の形式が正しくありません。例: 2026-11-21、昭和11年1月1日、S11.1.1 "
                        "(invalid date; e.g. 2026-11-21, 昭和11年1月1日, S11.1.1)",
                        "date_format");
}

Error RangeError(std::string_view field, std::string message) {
  return Error::Invalid(std::string(field), std::move(message), "date_out_of_range");
}

Error OutsideEraError(std::string_view field, size_t era_index) {
  const Era& era = kEras[era_index];
  std::string name;
  for (char32_t c : era.name) AppendUtf8(name, c);
  std::string message = name + "は" + FormatJapaneseDate(era.start) + "から";
  std::string english = std::string(era.romanized) + " era runs from " + FormatIsoDate(era.start);
  if (era_index + 1 < std::size(kEras)) {
    const Date last = DayBefore(kEras[era_index + 1].start);
    message += FormatJapaneseDate(last) + "まで";
    english += " to " + FormatIsoDate(last);
  }
  return RangeError(field, message + "です (date outside its era: " + english + ")");
}

// A cursor over the folded text. Spaces between the parts of a date are allowed anywhere.
class Scanner {
 public:
  explicit Scanner(std::u32string_view text) : text_(text) {}

  bool AtEnd() {
    SkipSpaces();
    return pos_ == text_.size();
  }

  char32_t Peek() {
    SkipSpaces();
    return pos_ < text_.size() ? text_[pos_] : 0;
  }

  bool Consume(char32_t c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }

  bool ConsumeText(std::u32string_view s) {
    SkipSpaces();
    if (text_.substr(pos_).starts_with(s)) {
      pos_ += s.size();
      return true;
    }
    return false;
  }

  // A run of ASCII digits; returns the value and sets `digits` to how many there were (0 when
  // there are none). Stops at 9 digits so the value cannot overflow.
  int Number(int& digits) {
    SkipSpaces();
    int value = 0;
    digits = 0;
    while (pos_ < text_.size() && text_[pos_] >= U'0' && text_[pos_] <= U'9' && digits < 9) {
      value = value * 10 + static_cast<int>(text_[pos_] - U'0');
      ++pos_;
      ++digits;
    }
    return value;
  }

 private:
  void SkipSpaces() {
    while (pos_ < text_.size() && (text_[pos_] == U' ' || text_[pos_] == U'\t')) ++pos_;
  }

  std::u32string_view text_;
  size_t pos_ = 0;
};

// Index into kEras of the era named at the scanner, or -1 when the text starts with none.
int ScanEra(Scanner& in) {
  for (size_t i = 0; i < std::size(kEras); ++i) {
    const Era& era = kEras[i];
    if (in.ConsumeText(era.name)) return static_cast<int>(i);
  }
  const char32_t c = in.Peek();
  for (size_t i = 0; i < std::size(kEras); ++i) {
    const Era& era = kEras[i];
    const char32_t lower = era.letter - U'A' + U'a';
    if (c == era.short_name || c == era.letter || c == lower || c == era.square) {
      in.Consume(c);
      return static_cast<int>(i);
    }
  }
  return -1;
}

struct ParsedParts {
  int era = -1;  // index into kEras, or -1 for 西暦
  Date date;     // year is the era year when era >= 0
};

std::optional<ParsedParts> Scan(std::u32string_view text) {
  Scanner in(text);
  ParsedParts parts;
  parts.era = ScanEra(in);
  int digits = 0;
  if (parts.era >= 0 && in.Consume(U'元')) {
    parts.date.year = 1;
    digits = 1;
  } else {
    parts.date.year = in.Number(digits);
  }
  if (parts.era < 0 && digits == 8 && in.AtEnd()) {  // 20261121
    const int n = parts.date.year;
    parts.date = {n / 10000, n / 100 % 100, n % 100};
    return parts;
  }
  const bool year_ok = parts.era >= 0 ? (digits >= 1 && digits <= 3) : digits == 4;
  if (!year_ok) return std::nullopt;

  const char32_t separator = in.Peek();
  const bool kanji = separator == U'年';
  if (!kanji && separator != U'-' && separator != U'/' && separator != U'.') return std::nullopt;
  in.Consume(separator);
  parts.date.month = in.Number(digits);
  if (digits < 1 || digits > 2 || !in.Consume(kanji ? U'月' : separator)) return std::nullopt;
  parts.date.day = in.Number(digits);
  if (digits < 1 || digits > 2) return std::nullopt;
  if (kanji && !in.Consume(U'日')) return std::nullopt;
  if (!in.AtEnd()) return std::nullopt;
  return parts;
}

std::string Pad(int value, int width) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%0*d", width, value);
  return buffer;
}

}  // namespace

bool IsValidCalendarDate(const Date& date) {
  return date.year >= 1 && date.year <= 9999 && date.month >= 1 && date.month <= 12 &&
         date.day >= 1 && date.day <= 31 && ToChrono(date).ok();
}

Result<Date> ParseDate(std::string_view text, std::string_view field) {
  const std::optional<ParsedParts> parts = Scan(DecodeUtf8(FoldWidth(text)));
  if (!parts) return FormatError(field);
  Date date = parts->date;
  if (parts->era >= 0) {
    if (date.year < 1) return OutsideEraError(field, parts->era);
    date.year += kEras[parts->era].start.year - 1;
  }
  if (date.year < kMinYear || date.year > kMaxYear) {
    return RangeError(field,
                      "1868年から2200年までの日付を入力してください "
                      "(date must be between 1868 and 2200)");
  }
  if (!IsValidCalendarDate(date)) {
    return RangeError(field, "存在しない日付です (no such date)");
  }
  if (parts->era >= 0) {
    const size_t i = static_cast<size_t>(parts->era);
    if (date < kEras[i].start || (i + 1 < std::size(kEras) && date >= kEras[i + 1].start)) {
      return OutsideEraError(field, i);
    }
  }
  return date;
}

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int fields[3] = {0, 0, 0};
  const std::pair<size_t, size_t> spans[3] = {{0, 4}, {5, 2}, {8, 2}};
  for (int f = 0; f < 3; ++f) {
    for (size_t i = spans[f].first; i < spans[f].first + spans[f].second; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      fields[f] = fields[f] * 10 + (text[i] - '0');
    }
  }
  const Date date{fields[0], fields[1], fields[2]};
  if (!IsValidCalendarDate(date)) return std::nullopt;
  return date;
}

std::string FormatIsoDate(const Date& date) {
  return Pad(date.year, 4) + "-" + Pad(date.month, 2) + "-" + Pad(date.day, 2);
}

std::string FormatJapaneseDate(const Date& date) {
  return std::to_string(date.year) + "年" + std::to_string(date.month) + "月" +
         std::to_string(date.day) + "日";
}

std::string FormatWareki(const Date& date) {
  for (size_t i = std::size(kEras); i-- > 0;) {
    const Era& era = kEras[i];
    if (date < era.start) continue;
    std::string out;
    for (char32_t c : era.name) AppendUtf8(out, c);
    const int year = date.year - era.start.year + 1;
    out += year == 1 ? "元" : std::to_string(year);
    return out + "年" + std::to_string(date.month) + "月" + std::to_string(date.day) + "日";
  }
  return FormatJapaneseDate(date);
}

int AgeOn(const Date& birth, const Date& on) {
  int age = on.year - birth.year;
  if (std::pair(on.month, on.day) < std::pair(birth.month, birth.day)) --age;
  return age;
}

Date DateFromEpochMillisJst(int64_t ms) {
  using std::chrono::milliseconds;
  const std::chrono::sys_time<milliseconds> instant{milliseconds{ms}};
  const auto tokyo_local = instant + std::chrono::hours{9};
  return FromChrono(
      std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(tokyo_local)});
}

}  // namespace core

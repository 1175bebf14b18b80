// Calendar dates in 西暦 and 和暦. Birth dates in municipal registers come as 昭和11年1月1日,
// S11.1.1 or 1936/01/01 alike; everything is parsed into one Date and stored as ISO text.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace core {

/// A day in the (proleptic) Gregorian calendar, without time or zone. The zero value is not a
/// valid date; functions returning Date always return valid ones.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
  auto operator<=>(const Date&) const = default;
};

/// Parses a date as people type it in forms and CSV files, after width folding (so full-width
/// digits and letters work). Accepted, with spaces allowed between the parts:
///   西暦: 2026-11-21, 2026/11/21, 2026.11.21, 20261121, 2026年11月21日
///   和暦: 昭和11年1月1日, 昭和元年12月25日, 昭11.1.1, S11.1.1, S11/1/1, s11-1-1, ㍼11.1.1,
///         with eras 明治 M, 大正 T, 昭和 S, 平成 H, 令和 R (元年 = year 1).
/// The separators of one date must agree (年月日, or the same one of - / .).
/// Errors are kInvalid for `field`, with code "date_format" when the text is not a date, or
/// "date_out_of_range" for impossible days (2月30日), dates outside their era (昭和64年1月8日)
/// and years before 1868 or after 2200.
Result<Date> ParseDate(std::string_view text, std::string_view field);

/// Strict YYYY-MM-DD (as stored and as sent by the API); nullopt for anything else, including
/// impossible days and year 0000.
std::optional<Date> ParseIsoDate(std::string_view text);

/// True when `date` names a day that exists in the Gregorian calendar (years 1..9999).
bool IsValidCalendarDate(const Date& date);

/// "2026-11-21".
std::string FormatIsoDate(const Date& date);

/// "2026年11月21日".
std::string FormatJapaneseDate(const Date& date);

/// "昭和11年1月1日"; year 1 of an era is written 元年 ("令和元年5月1日"). Dates before 明治
/// (1868-10-23) have no era and are written in 西暦 as FormatJapaneseDate does.
std::string FormatWareki(const Date& date);

/// Age in full years on `on`, counted the everyday way: it goes up on the birthday. A person
/// born on 29 February gets one year older on 1 March in common years (which also matches the
/// legal reckoning of 年齢計算ニ関スル法律). Negative when `on` is before `birth`.
int AgeOn(const Date& birth, const Date& on);

/// The calendar date in Asia/Tokyo (UTC+9; Japan has no daylight saving time) of an instant
/// given as Unix epoch milliseconds. Works for instants before 1970 too.
Date DateFromEpochMillisJst(int64_t ms);

}  // namespace core

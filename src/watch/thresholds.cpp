#include "watch/thresholds.h"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <limits>

namespace watch {
namespace {

namespace json = boost::json;
using core::FieldError;

constexpr int kMaxCheckTimes = 6;
constexpr int kMaxReportTimes = 6;

struct IntMember {
  std::string_view name;
  int Thresholds::*member;
  int min;
  int max;
};

struct DoubleMember {
  std::string_view name;
  double Thresholds::*member;
  double min;
  double max;
};

constexpr IntMember kIntMembers[] = {
    {"inactivity_hours", &Thresholds::inactivity_hours, 1, 72},
    {"baseline_weeks", &Thresholds::baseline_weeks, 2, 8},
    {"night_min_openings", &Thresholds::night_min_openings, 1, 50},
    {"offline_minutes", &Thresholds::offline_minutes, 15, 1440},
    {"battery_low_pct", &Thresholds::battery_low_pct, 1, 60},
    {"step_minutes", &Thresholds::step_minutes, 1, 240},
};

// severe_wbgt's lower bound is heat_wbgt (checked once both are known), so only its ceiling
// matters here.
constexpr DoubleMember kDoubleMembers[] = {
    {"baseline_ratio", &Thresholds::baseline_ratio, 0.05, 0.9},
    {"night_ratio", &Thresholds::night_ratio, 1.2, 10},
    {"heat_wbgt", &Thresholds::heat_wbgt, 20, 35},
    {"severe_wbgt", &Thresholds::severe_wbgt, 20, 40},
    {"cold_below_c", &Thresholds::cold_below_c, 0, 20},
};

// A whole number as int: JSON integers, and doubles with no fraction (some clients write 12.0).
std::optional<int64_t> WholeNumber(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) {
    uint64_t u = v.get_uint64();
    if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
    return static_cast<int64_t>(u);
  }
  if (v.is_double()) {
    double d = v.get_double();
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 1e15) {
      return static_cast<int64_t>(d);
    }
  }
  return std::nullopt;
}

std::optional<double> Number(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_double() && std::isfinite(v.get_double())) return v.get_double();
  return std::nullopt;
}

// Whole numbers as JSON integers so that the stored form reads like the spec ("heat_wbgt":28).
json::value NumberValue(double d) {
  if (d == std::trunc(d) && std::fabs(d) < 1e15) return json::value(static_cast<int64_t>(d));
  return json::value(d);
}

json::array TimesToJson(const std::vector<int>& minutes) {
  json::array a;
  for (int m : minutes) a.emplace_back(FormatLocalTime(m));
  return a;
}

class Merger {
 public:
  Merger(Thresholds base, std::string_view prefix) : t_(std::move(base)), prefix_(prefix) {}

  void Apply(std::string_view key, const json::value& v) {
    if (key == "check_times") {
      if (v.is_null()) return;
      check_times_set_ = ReadTimes(key, v, 1, kMaxCheckTimes, t_.check_minutes);
      return;
    }
    if (key == "report_times") {
      if (v.is_null()) return;
      ReadTimes(key, v, 0, kMaxReportTimes, t_.report_minutes);
      return;
    }
    if (key == "silence_from") {
      if (v.is_null()) return;
      silence_from_set_ = ReadTime(Path(key), v, t_.silence_from_minute);
      return;
    }
    for (const IntMember& m : kIntMembers) {
      if (key != m.name) continue;
      if (v.is_null()) return;
      auto n = WholeNumber(v);
      if (!n) {
        Fail(Path(key), "type", "整数で指定してください (must be an integer)");
      } else if (*n < m.min || *n > m.max) {
        Fail(Path(key), "out_of_range",
             fmt::format("{}から{}の整数で指定してください (integer {}..{})", m.min, m.max, m.min,
                         m.max));
      } else {
        t_.*m.member = static_cast<int>(*n);
      }
      return;
    }
    for (const DoubleMember& m : kDoubleMembers) {
      if (key != m.name) continue;
      if (v.is_null()) return;
      auto d = Number(v);
      if (!d) {
        Fail(Path(key), "type", "数値で指定してください (must be a number)");
      } else if (*d < m.min || *d > m.max) {
        Fail(Path(key), "out_of_range",
             fmt::format("{}から{}の数値で指定してください (number {}..{})", m.min, m.max, m.min,
                         m.max));
      } else {
        t_.*m.member = *d;
        if (key == "heat_wbgt") heat_set_ = true;
        if (key == "severe_wbgt") severe_set_ = true;
      }
      return;
    }
    Fail(Path(key), "unknown_field", "不明な項目です (unknown field)");
  }

  // Rules between members, on the merged values. The error names the member the overrides
  // changed, since that is the one the person editing them can fix.
  void CheckTogether() {
    if (!errors_.empty()) return;
    if (!(t_.severe_wbgt > t_.heat_wbgt)) {
      bool blame_heat = heat_set_ && !severe_set_;
      Fail(Path(blame_heat ? "heat_wbgt" : "severe_wbgt"), "out_of_range",
           "「危険」の暑さ指数は警戒の値より高くしてください (severe_wbgt must be above "
           "heat_wbgt)");
    }
    for (size_t i = 0; i < t_.check_minutes.size(); ++i) {
      if (t_.check_minutes[i] > t_.silence_from_minute) continue;
      if (silence_from_set_ && !check_times_set_) {
        Fail(Path("silence_from"), "out_of_range",
             "確認時刻より前の時刻にしてください (silence_from must be before every check time)");
      } else {
        Fail(Path("check_times") + "[" + std::to_string(i) + "]", "out_of_range",
             "確認時刻は見守り開始時刻(silence_from)より後にしてください (check times must be "
             "after silence_from)");
      }
      break;
    }
  }

  core::Result<Thresholds> Finish() && {
    if (errors_.empty()) return std::move(t_);
    if (errors_.size() == 1) {
      FieldError& e = errors_.front();
      return core::Error::Invalid(std::move(e.field), std::move(e.message), std::move(e.code));
    }
    return core::Error::Fields(std::move(errors_));
  }

 private:
  std::string Path(std::string_view member) const {
    std::string p(prefix_);
    if (!p.empty()) p += '.';
    p += member;
    return p;
  }

  void Fail(std::string field, std::string code, std::string message) {
    errors_.push_back({std::move(field), std::move(code), std::move(message)});
  }

  bool ReadTime(const std::string& path, const json::value& v, int& out) {
    if (!v.is_string()) {
      Fail(path, "type", "\"HH:MM\" 形式の文字列で指定してください (must be a \"HH:MM\" string)");
      return false;
    }
    auto m = ParseLocalTime(v.get_string());
    if (!m) {
      Fail(path, "format", "時刻は 00:00〜23:59 の \"HH:MM\" 形式で指定してください (time HH:MM)");
      return false;
    }
    out = *m;
    return true;
  }

  bool ReadTimes(std::string_view key, const json::value& v, size_t min_items, size_t max_items,
                 std::vector<int>& out) {
    if (!v.is_array()) {
      Fail(Path(key), "type", "時刻の配列で指定してください (must be an array of times)");
      return false;
    }
    const json::array& a = v.get_array();
    if (a.size() < min_items || a.size() > max_items) {
      Fail(Path(key), "out_of_range",
           fmt::format("{}〜{}件の時刻を指定してください ({}..{} times)", min_items, max_items,
                       min_items, max_items));
      return false;
    }
    std::vector<int> times;
    bool ok = true;
    for (size_t i = 0; i < a.size(); ++i) {
      std::string path = Path(key) + "[" + std::to_string(i) + "]";
      int m = 0;
      if (!ReadTime(path, a[i], m)) {
        ok = false;
        continue;
      }
      if (!times.empty() && m <= times.back()) {
        Fail(path, "order",
             "時刻は早い順に重複なく並べてください (times must be ascending, without "
             "duplicates)");
        ok = false;
      }
      times.push_back(m);
    }
    if (ok) out = std::move(times);
    return ok;
  }

  Thresholds t_;
  std::string_view prefix_;
  std::vector<FieldError> errors_;
  bool check_times_set_ = false;
  bool silence_from_set_ = false;
  bool heat_set_ = false;
  bool severe_set_ = false;
};

}  // namespace

std::string FormatLocalTime(int minute_of_day) {
  int m = ((minute_of_day % 1440) + 1440) % 1440;
  return fmt::format("{:02}:{:02}", m / 60, m % 60);
}

std::optional<int> ParseLocalTime(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon < 1 || colon > 2 || text.size() != colon + 3) {
    return std::nullopt;
  }
  int value[2] = {0, 0};
  std::string_view parts[2] = {text.substr(0, colon), text.substr(colon + 1)};
  for (int i = 0; i < 2; ++i) {
    for (char c : parts[i]) {
      if (c < '0' || c > '9') return std::nullopt;
      value[i] = value[i] * 10 + (c - '0');
    }
  }
  if (value[0] > 23 || value[1] > 59) return std::nullopt;
  return value[0] * 60 + value[1];
}

json::object ThresholdsToJson(const Thresholds& t) {
  json::object o;
  o["inactivity_hours"] = t.inactivity_hours;
  o["check_times"] = TimesToJson(t.check_minutes);
  o["silence_from"] = FormatLocalTime(t.silence_from_minute);
  o["baseline_ratio"] = NumberValue(t.baseline_ratio);
  o["baseline_weeks"] = t.baseline_weeks;
  o["night_ratio"] = NumberValue(t.night_ratio);
  o["night_min_openings"] = t.night_min_openings;
  o["heat_wbgt"] = NumberValue(t.heat_wbgt);
  o["severe_wbgt"] = NumberValue(t.severe_wbgt);
  o["cold_below_c"] = NumberValue(t.cold_below_c);
  o["offline_minutes"] = t.offline_minutes;
  o["battery_low_pct"] = t.battery_low_pct;
  o["step_minutes"] = t.step_minutes;
  o["report_times"] = TimesToJson(t.report_minutes);
  return o;
}

core::Result<Thresholds> MergeThresholds(const Thresholds& base, const json::object& overrides,
                                         std::string_view field_prefix) {
  Merger merger(base, field_prefix);
  for (const auto& kv : overrides) merger.Apply(kv.key(), kv.value());
  merger.CheckTogether();
  return std::move(merger).Finish();
}

}  // namespace watch

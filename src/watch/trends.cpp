#include "watch/trends.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <string>

#include "watch/local_time.h"

namespace watch {
namespace {

namespace json = boost::json;

constexpr int kRecentDays = 14;
constexpr int kPreviousDays = 28;
constexpr int kRecentMinDays = 10;  // which leaves each recent week at least 3
constexpr int kPreviousMinDays = 20;

// Ratios as fractions so that the thresholds compare exactly: a mean of 7 against 70 % of 10
// must not fire because 0.7 × 10 happens to round below 7 in binary.
struct Fraction {
  int64_t num;
  int64_t den;
};

constexpr Fraction kDeclineRatio{7, 10};
constexpr Fraction kDeclineWeekRatio{8, 10};
constexpr int64_t kDeclineMinPreviousMean = 3;

constexpr Fraction kNightRiseRatio{3, 2};
constexpr Fraction kNightRiseMinIncrease{1, 1};
constexpr Fraction kNightWeekRatio{5, 4};
constexpr Fraction kNightWeekMinIncrease{1, 2};

constexpr double kRhythmMadRatio = 2;
constexpr double kRhythmMinMadMinutes = 60;

// The days with data in a run of days: their sum and count (exact), and the values.
struct Window {
  int64_t from = 0;
  int64_t sum = 0;
  int64_t days = 0;
  std::vector<double> values;
  double Mean() const { return days ? static_cast<double>(sum) / static_cast<double>(days) : 0; }
};

Window Collect(const DailySeries& s, int64_t from, int days) {
  Window w;
  w.from = from;
  for (int i = 0; i < days; ++i) {
    int64_t idx = FloorDiv(from + i * kDayMs - s.first_day, kDayMs);
    if (idx < 0 || idx >= static_cast<int64_t>(s.values.size())) continue;
    if (const auto& v = s.values[static_cast<size_t>(idx)]) {
      w.sum += *v;
      ++w.days;
      w.values.push_back(*v);
    }
  }
  return w;
}

// mean(a) < r × mean(b), exactly (both windows non-empty).
bool MeanBelow(const Window& a, const Window& b, Fraction r) {
  return a.sum * b.days * r.den < r.num * b.sum * a.days;
}

// mean(a) − mean(b) ≥ d, exactly (both windows non-empty).
bool MeanExceedsBy(const Window& a, const Window& b, Fraction d) {
  return (a.sum * b.days - b.sum * a.days) * d.den >= d.num * a.days * b.days;
}

// The windows every rule compares.
struct Windows {
  Window previous, recent, week1, week2;
  bool Enough() const { return previous.days >= kPreviousMinDays && recent.days >= kRecentMinDays; }
};

Windows Split(const DailySeries& s, int64_t today_start) {
  int64_t recent_from = today_start - kRecentDays * kDayMs;
  Windows w;
  w.previous = Collect(s, recent_from - kPreviousDays * kDayMs, kPreviousDays);
  w.recent = Collect(s, recent_from, kRecentDays);
  w.week1 = Collect(s, recent_from, 7);
  w.week2 = Collect(s, recent_from + 7 * kDayMs, 7);
  return w;
}

// Rounded for people: means to 0.1, ratios to 0.01.
double Round(double x, double scale) { return std::round(x * scale) / scale; }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  if (n == 0) return 0;
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double MedianAbsoluteDeviation(const std::vector<double>& v) {
  double m = Median(v);
  std::vector<double> dev;
  dev.reserve(v.size());
  for (double x : v) dev.push_back(std::fabs(x - m));
  return Median(std::move(dev));
}

json::object CompareEvidence(const Windows& w, std::string_view chart) {
  double previous = w.previous.Mean();
  double recent = w.recent.Mean();
  json::object e;
  e["recent_mean"] = Round(recent, 10);
  e["previous_mean"] = Round(previous, 10);
  e["ratio"] = previous > 0 ? json::value(Round(recent / previous, 100)) : json::value(nullptr);
  json::array weeks;
  for (const Window* week : {&w.week1, &w.week2}) {
    weeks.push_back(json::object{{"from", week->from}, {"mean", Round(week->Mean(), 10)}});
  }
  e["weeks"] = std::move(weeks);
  e["recent_days"] = w.recent.days;
  e["previous_days"] = w.previous.days;
  e["recent_from"] = w.recent.from;
  e["previous_from"] = w.previous.from;
  e["chart"] = chart;
  return e;
}

std::optional<SignFinding> Decline(Sign sign, const DailySeries& s, int64_t today_start,
                                   std::string_view chart) {
  Windows w = Split(s, today_start);
  if (!w.Enough()) return std::nullopt;
  if (w.previous.sum < kDeclineMinPreviousMean * w.previous.days) return std::nullopt;
  if (!MeanBelow(w.recent, w.previous, kDeclineRatio)) return std::nullopt;
  if (!MeanBelow(w.week1, w.previous, kDeclineWeekRatio) ||
      !MeanBelow(w.week2, w.previous, kDeclineWeekRatio)) {
    return std::nullopt;
  }
  return SignFinding{sign, CompareEvidence(w, chart)};
}

bool NightRose(const Windows& w) {
  if (!w.Enough()) return false;
  if (MeanBelow(w.recent, w.previous, kNightRiseRatio) ||
      !MeanExceedsBy(w.recent, w.previous, kNightRiseMinIncrease)) {
    return false;
  }
  for (const Window* week : {&w.week1, &w.week2}) {
    if (MeanBelow(*week, w.previous, kNightWeekRatio) ||
        !MeanExceedsBy(*week, w.previous, kNightWeekMinIncrease)) {
      return false;
    }
  }
  return true;
}

std::optional<SignFinding> Cognitive(const TrendInput& in, int64_t today_start) {
  Windows night = Split(in.night_openings, today_start);
  bool night_rise = NightRose(night);

  int64_t recent_from = today_start - kRecentDays * kDayMs;
  Window rhythm_recent = Collect(in.first_activity_minute, recent_from, kRecentDays);
  Window rhythm_previous =
      Collect(in.first_activity_minute, recent_from - kPreviousDays * kDayMs, kPreviousDays);
  bool rhythm_judged =
      rhythm_recent.days >= kRecentMinDays && rhythm_previous.days >= kPreviousMinDays;
  double recent_mad = rhythm_judged ? MedianAbsoluteDeviation(rhythm_recent.values) : 0;
  double previous_mad = rhythm_judged ? MedianAbsoluteDeviation(rhythm_previous.values) : 0;
  bool irregular = rhythm_judged && recent_mad >= kRhythmMadRatio * previous_mad &&
                   recent_mad >= kRhythmMinMadMinutes;

  if (!night_rise && !irregular) return std::nullopt;
  json::object e = CompareEvidence(night, night_rise ? "night_by_week" : "first_activity_by_day");
  json::array reasons;
  if (night_rise) reasons.emplace_back("night_rise");
  if (irregular) reasons.emplace_back("irregular_rhythm");
  e["reasons"] = std::move(reasons);
  if (rhythm_judged) {
    e["rhythm"] = json::object{
        {"recent_mad_minutes", Round(recent_mad, 10)},
        {"previous_mad_minutes", Round(previous_mad, 10)},
        {"recent_median_minute", Round(Median(rhythm_recent.values), 10)},
        {"previous_median_minute", Round(Median(rhythm_previous.values), 10)},
    };
  }
  return SignFinding{Sign::kCognitive, std::move(e)};
}

}  // namespace

std::string_view SignCode(Sign sign) {
  switch (sign) {
    case Sign::kLowActivity:
      return "low_activity";
    case Sign::kLowAppetite:
      return "low_appetite";
    case Sign::kCognitive:
      return "cognitive_decline";
  }
  return "low_activity";
}

std::vector<SignFinding> DetectTrends(const TrendInput& in, int64_t today_start) {
  std::vector<SignFinding> out;
  if (auto f = Decline(Sign::kLowActivity, in.activity, today_start, "activity_by_day")) {
    out.push_back(std::move(*f));
  }
  if (auto f = Decline(Sign::kLowAppetite, in.fridge_openings, today_start, "fridge_by_day")) {
    out.push_back(std::move(*f));
  }
  if (auto f = Cognitive(in, today_start)) out.push_back(std::move(*f));
  return out;
}

}  // namespace watch

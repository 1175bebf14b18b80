// Life-data analytics of the watch service (spec 06 "Analytics", 生活情報データ分析): what a
// person's sensors say over weeks, against a cohort, and the region's picture. The aggregation is
// pure functions over watch_hourly rows (kept for good; hours are UTC hour starts, all local
// computations in JST, local_time.h), so the rules about which days count are unit-tested here;
// AnalyticsService reads the rows, checks access and audits.
//
// A "watched day" is a complete local day with at least one event from the person's devices in
// an hour not covered by a scheduled absence. Days without data (devices down, away, before the
// enrolment) are left out of means rather than counted as zero: a week in hospital must not read
// as a week of inactivity.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "auth/caller.h"
#include "core/result.h"
#include "watch/context.h"
#include "watch/trends.h"

namespace watch {

/// Persons a cohort needs before its figures are shown: fewer could single someone out.
inline constexpr int kMinCohort = 5;
/// Persons read for one cohort at most: a deterministic sample beyond that keeps a cohort of a
/// large city to a bounded number of index range reads (the mean of 200 persons' means is as
/// good a reference as that of 10,000). About 1,300 grouped rows per member for 8 weeks.
inline constexpr int kCohortSample = 200;
/// The longest range one request may cover.
inline constexpr int kMaxRangeDays = 366;

struct HourlyRow {
  std::string device_id;
  int64_t hour = 0;  // UTC hour start
  int openings = 0;
  int motions = 0;
  int events = 0;
  double temp_sum = 0;
  int temp_n = 0;
  std::optional<double> temp_min, temp_max;
};

struct DeviceRef {
  std::string id, kind, place;
};

struct Span {
  int64_t start = 0, end = 0;  // [start, end)
};

/// The hours before the first complete local day after the first sensor was installed at
/// `installed_at`, as a span to leave out like an absence: the installation day itself counts only
/// when it began at its midnight (a partly watched day would read as a quiet one).
Span BeforeFirstFullDay(int64_t installed_at);

/// One local day of a person.
struct DayAgg {
  int64_t day = 0;  // local day start (UTC ms)
  bool watched = false;
  int activity = 0;                     // openings + motions (door devices' openings, motions)
  std::array<int, 24> by_hour{};        // activity per local hour
  std::map<std::string, int> openings;  // per place (door devices)
  int night = 0;                        // activity 00:00–05:00 (the night chart)
  int night_early = 0;                  // activity 00:00–04:00 (the trend rule's night, trends.h)
  int fridge = 0;                       // fridge door openings
};

/// Days [from, to) (local day starts) of one person's rows. Hours overlapping an absence are
/// dropped; activity counts door openings of door devices and motions of motion devices.
std::vector<DayAgg> AggregateDays(const std::vector<HourlyRow>& rows,
                                  const std::vector<DeviceRef>& devices,
                                  const std::vector<Span>& absences, int64_t from, int64_t to);

struct HourProfile {
  int watched_days = 0;
  std::array<double, 24> mean{};  // activity per watched day, by local hour
};
HourProfile HourOfDay(const std::vector<DayAgg>& days);

struct WeekdayOpenings {
  std::array<int, 7> watched_days{};  // 0 = Monday
  /// place → mean openings per watched day of that weekday (0 where no watched day).
  std::map<std::string, std::array<double, 7>> mean;
};
WeekdayOpenings OpeningsByWeekday(const std::vector<DayAgg>& days);

struct NightWeek {
  int64_t week_start = 0;  // Monday 00:00 JST
  int watched_nights = 0;
  int total = 0;
  std::optional<double> mean;  // per watched night
};
/// Weeks (Monday to Sunday, local) touching the days, oldest first.
std::vector<NightWeek> NightByWeek(const std::vector<DayAgg>& days);

/// The Monday 00:00 JST that starts the local week containing `ms`.
int64_t LocalWeekStart(int64_t ms);

/// Per-person profiles → the cohort's mean of person means. Persons without a watched day do
/// not count; below kMinCohort persons there are no figures (nullopt), only the size.
struct CohortProfile {
  int size = 0;
  std::optional<std::array<double, 24>> mean;
};
CohortProfile CohortOf(const std::vector<HourProfile>& persons);

/// 5-year age band ("75-79") of a birth date (YYYY-MM-DD) on local day `today` (UTC ms), or "" if
/// the date cannot be read.
std::string AgeBand(const std::string& birth_date, int64_t today);

/// YYYY-MM-DD of a local day start, and back (nullopt unless a real calendar date).
std::string LocalDate(int64_t day_start);
std::optional<int64_t> ParseLocalDate(const std::string& s);
/// YYYY-MM of the local month containing `ms`.
std::string LocalMonth(int64_t ms);

/// Nearest-rank percentile (0 < p ≤ 100) of unsorted values; nullopt when empty.
std::optional<int64_t> Percentile(std::vector<int64_t> values, int p);

/// Trend input (trends.h) for the 42 days before `today_start`: activity, fridge and night
/// series from the days, first activity minutes from raw activity times (UTC ms, any order).
TrendInput TrendInputOf(const std::vector<DayAgg>& days, const std::vector<int64_t>& activity_ts,
                        bool has_fridge, int64_t today_start);

/// Which chart of the analytics view shows a sign's evidence.
std::string ChartOfSign(const SignFinding& f);

struct AnalyticsQuery {
  std::optional<std::string> from, to, weeks, cohort;
};

class AnalyticsService {
 public:
  explicit AnalyticsService(Context& ctx) : ctx_(ctx) {}

  /// Charts of one person (WatchNeed::kRead, audited as watch.analytics.read).
  core::Result<boost::json::object> Person(const std::string& person_id, const auth::Caller& caller,
                                           const AnalyticsQuery& q);
  /// One chart as CSV (UTF-8 with BOM, Japanese headers); `file_name` carries no personal data.
  struct Csv {
    std::string body, file_name;
  };
  core::Result<Csv> PersonCsv(const std::string& person_id, const auth::Caller& caller,
                              const AnalyticsQuery& q, const std::string& chart);
  /// The trend signs found for the person, newest week first (WatchNeed::kRead, audited).
  core::Result<boost::json::object> Signs(const std::string& person_id, const auth::Caller& caller);

  /// The municipality's picture (operators and admins of it; audited as watch.region.read).
  core::Result<boost::json::object> Region(const auth::Caller& caller,
                                           const std::optional<std::string>& municipality,
                                           const std::optional<std::string>& from,
                                           const std::optional<std::string>& to);
  core::Result<Csv> RegionCsv(const auth::Caller& caller,
                              const std::optional<std::string>& municipality,
                              const std::optional<std::string>& from,
                              const std::optional<std::string>& to, const std::string& chart);

 private:
  struct PersonCharts;
  core::Result<PersonCharts> Compute(const std::string& person_id, const auth::Caller& caller,
                                     const AnalyticsQuery& q, const char* action,
                                     const std::string* chart);
  struct Cohort {
    int64_t computed_at = 0;
    int members = 0;  // persons in the group (sampled or not)
    bool sampled = false;
    CohortProfile profile;
  };
  /// The cohort of `person_id`'s group over [from, to): the municipality's active persons, or
  /// those of the same sex and age band. Cached per group and range for an hour.
  core::Result<std::shared_ptr<const Cohort>> CohortFor(
      db::Connection& c, const std::string& municipality, const std::string& kind,
      const std::string& person_id, int64_t now, int64_t from, int64_t to, std::string* label);

  Context& ctx_;
  std::mutex cache_mu_;
  /// (municipality, group, from, to) → the cohort. Complete days change only with late events,
  /// so a cohort is computed once per hour at most. guarded by cache_mu_
  std::map<std::string, std::shared_ptr<const Cohort>> cohort_cache_;
};

}  // namespace watch

#include "watch/analytics.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>

#include "watch/access.h"
#include "watch/alert_json.h"
#include "watch/json.h"
#include "watch/local_time.h"

namespace watch {
namespace {

namespace json = boost::json;
using core::Result;
using db::Statement;

constexpr Statement kSubject{
    "watch_an_subject",
    "SELECT municipality_code, started_at, ended_at FROM watch_subjects WHERE person_id = $1"};
constexpr Statement kDevicesOf{"watch_an_devices",
                               "SELECT id, kind, place, installed_at FROM watch_devices "
                               "WHERE person_id = $1 ORDER BY installed_at, id"};
constexpr Statement kAbsencesOf{
    "watch_an_absences",
    "SELECT starts_at, ends_at FROM watch_absences WHERE person_id = $1 AND cancelled_at IS NULL "
    "AND ends_at > $2 AND starts_at < $3"};
// Uses watch_hourly_person (person_id, hour): one person's range, never the whole table.
constexpr Statement kHourlyOf{
    "watch_an_hourly",
    "SELECT device_id, hour, openings, motions, events, temp_sum, temp_n, temp_min, temp_max "
    "FROM watch_hourly WHERE person_id = $1 AND hour >= $2 AND hour < $3"};
constexpr Statement kSignsOf{
    "watch_an_signs",
    "SELECT id, sign, week_start, detected_at, evidence FROM watch_signs WHERE person_id = $1 "
    "ORDER BY week_start DESC, sign LIMIT 200"};

// The cohort: its members, then per member and local hour of day (hours in absences left out
// as for the person), one person's range at a time through watch_hourly_person.
constexpr Statement kCohortMembers{
    "watch_an_cohort_members",
    "SELECT s.person_id, p.sex, p.birth_date, (SELECT MIN(d.installed_at) FROM watch_devices d "
    "WHERE d.person_id = s.person_id) FROM watch_subjects s "
    "JOIN persons p ON p.id = s.person_id WHERE s.municipality_code = $1 AND s.ended_at IS NULL"};
// One member's activity and events per hour (all devices together), aggregated by the same
// rules as the person's own (AggregateDays). One index range read per member.
constexpr Statement kMemberHourly{
    "watch_an_member_hourly",
    "SELECT hour, SUM(openings + motions), SUM(events) FROM watch_hourly WHERE person_id = $1 "
    "AND hour >= $2 AND hour < $3 GROUP BY hour"};
constexpr Statement kMemberAbsences{
    "watch_an_member_absences",
    "SELECT a.person_id, a.starts_at, a.ends_at FROM watch_absences a "
    "JOIN watch_subjects s ON s.person_id = a.person_id WHERE s.municipality_code = $1 "
    "AND s.ended_at IS NULL AND a.cancelled_at IS NULL AND a.ends_at > $2 AND a.starts_at < $3"};

constexpr Statement kRegionSubjects{
    "watch_an_region_subjects",
    "SELECT person_id, started_at, ended_at FROM watch_subjects WHERE municipality_code = $1"};
constexpr Statement kRegionDevices{
    "watch_an_region_devices",
    "SELECT COUNT(*) FROM watch_devices d JOIN watch_subjects s ON s.person_id = d.person_id "
    "WHERE s.municipality_code = $1 AND s.ended_at IS NULL AND d.removed_at IS NULL"};
constexpr Statement kRegionDeviceProblems{
    "watch_an_region_device_problems",
    "SELECT COUNT(DISTINCT a.device_id) FROM watch_alerts a "
    "JOIN watch_subjects s ON s.person_id = a.person_id WHERE s.municipality_code = $1 "
    "AND s.ended_at IS NULL AND a.category = 'device' AND a.state <> 'resolved'"};
constexpr Statement kRegionAlerts{
    "watch_an_region_alerts",
    "SELECT a.kind, a.severity, a.opened_at, a.taken_at, a.resolved_at FROM watch_alerts a "
    "JOIN watch_subjects s ON s.person_id = a.person_id WHERE s.municipality_code = $1 "
    "AND a.opened_at >= $2 AND a.opened_at < $3"};

constexpr int64_t kCohortCacheMs = kHourMs;

bool IsPersonChart(const std::string& chart) {
  return chart == "hourly" || chart == "weekday" || chart == "night" || chart == "daily" ||
         chart == "temperature";
}

// Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

struct Civil {
  int64_t y;
  unsigned m, d;
};
Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

Civil LocalCivil(int64_t ms) { return CivilFromDays(FloorDiv(ms + kJstOffsetMs, kDayMs)); }

bool Overlaps(const std::vector<Span>& spans, int64_t start, int64_t end) {
  for (const auto& s : spans) {
    if (s.start < end && s.end > start) return true;
  }
  return false;
}

json::value Num(std::optional<double> v, int decimals = 2) {
  if (!v) return nullptr;
  double f = std::pow(10.0, decimals);
  return std::round(*v * f) / f;
}

std::string Fixed(std::optional<double> v, int decimals = 2) {
  if (!v) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  return buf;
}

std::string_view PlaceLabel(std::string_view place) {
  if (place == "entrance") return "玄関";
  if (place == "fridge") return "冷蔵庫";
  if (place == "bathroom") return "浴室";
  if (place == "toilet") return "トイレ";
  if (place == "living") return "居間";
  if (place == "bedroom") return "寝室";
  return "その他";
}

std::string_view SignLabel(std::string_view sign) {
  if (sign == "low_activity") return "運動不足";
  if (sign == "low_appetite") return "食欲不振";
  if (sign == "cognitive_decline") return "認知機能低下の予兆";
  return "予兆";
}

constexpr const char* kWeekdays[] = {"月", "火", "水", "木", "金", "土", "日"};

// The CSV starts with a BOM so that Excel opens UTF-8 as UTF-8.
constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += CsvField(fields[i]);
  }
  return out + "\r\n";
}

struct Range {
  int64_t from = 0, to = 0;  // local day starts, [from, to)
};

// from/to are inclusive local dates; `weeks` counts back from `to`. Today is incomplete and is
// never part of a range.
Result<Range> ParseRange(const AnalyticsQuery& q, int64_t today, int default_days) {
  Range r{today - default_days * kDayMs, today};
  if (q.to && !q.to->empty()) {
    auto t = ParseLocalDate(*q.to);
    if (!t) return core::Error::Invalid("to", "終了日は YYYY-MM-DD で指定してください");
    if (*t >= today) return core::Error::Invalid("to", "終了日は昨日以前を指定してください");
    r.to = *t + kDayMs;
    r.from = r.to - default_days * kDayMs;
  }
  if (q.weeks && !q.weeks->empty()) {
    int w = 0;
    auto [p, ec] = std::from_chars(q.weeks->data(), q.weeks->data() + q.weeks->size(), w);
    if (ec != std::errc() || p != q.weeks->data() + q.weeks->size() || w < 1 || w > 52) {
      return core::Error::Invalid("weeks", "週数は 1〜52 で指定してください");
    }
    r.from = r.to - w * 7 * kDayMs;
  }
  if (q.from && !q.from->empty()) {
    if (q.weeks && !q.weeks->empty()) {
      return core::Error::Invalid("from", "開始日と週数は同時に指定できません");
    }
    auto f = ParseLocalDate(*q.from);
    if (!f) return core::Error::Invalid("from", "開始日は YYYY-MM-DD で指定してください");
    r.from = *f;
  }
  if (r.from >= r.to) return core::Error::Invalid("from", "開始日は終了日より前にしてください");
  if (r.to - r.from > kMaxRangeDays * kDayMs) {
    return core::Error::Invalid("from", "期間は 366 日以内にしてください");
  }
  return r;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Pure aggregation.

int64_t LocalWeekStart(int64_t ms) {
  int64_t day = LocalDayStart(ms);
  return day - LocalWeekday(day) * kDayMs;
}

Span BeforeFirstFullDay(int64_t installed_at) {
  const int64_t day = LocalDayStart(installed_at);
  return {std::numeric_limits<int64_t>::min() / 4, day == installed_at ? day : day + kDayMs};
}

std::vector<DayAgg> AggregateDays(const std::vector<HourlyRow>& rows,
                                  const std::vector<DeviceRef>& devices,
                                  const std::vector<Span>& absences, int64_t from, int64_t to) {
  std::vector<DayAgg> days;
  for (int64_t d = from; d < to; d += kDayMs) {
    DayAgg day;
    day.day = d;
    days.push_back(std::move(day));
  }
  std::map<std::string, const DeviceRef*> by_id;
  for (const auto& d : devices) by_id[d.id] = &d;
  for (const auto& r : rows) {
    if (r.hour < from || r.hour >= to) continue;
    if (Overlaps(absences, r.hour, r.hour + kHourMs)) continue;
    DayAgg& day = days[static_cast<size_t>((LocalDayStart(r.hour) - from) / kDayMs)];
    if (r.events > 0) day.watched = true;
    const int activity = r.openings + r.motions;
    const int hour = LocalHour(r.hour);
    day.activity += activity;
    day.by_hour[static_cast<size_t>(hour)] += activity;
    if (hour < 5) day.night += activity;
    if (hour < 4) day.night_early += activity;
    auto it = by_id.find(r.device_id);
    if (it != by_id.end() && it->second->kind == "door" && r.openings > 0) {
      day.openings[it->second->place] += r.openings;
      if (it->second->place == "fridge") day.fridge += r.openings;
    }
  }
  return days;
}

HourProfile HourOfDay(const std::vector<DayAgg>& days) {
  HourProfile p;
  std::array<int64_t, 24> sum{};
  for (const auto& d : days) {
    if (!d.watched) continue;
    ++p.watched_days;
    for (size_t h = 0; h < 24; ++h) sum[h] += d.by_hour[h];
  }
  if (p.watched_days > 0) {
    for (size_t h = 0; h < 24; ++h) p.mean[h] = static_cast<double>(sum[h]) / p.watched_days;
  }
  return p;
}

WeekdayOpenings OpeningsByWeekday(const std::vector<DayAgg>& days) {
  WeekdayOpenings out;
  std::map<std::string, std::array<int64_t, 7>> sums;
  for (const auto& d : days) {
    if (!d.watched) continue;
    const auto wd = static_cast<size_t>(LocalWeekday(d.day));
    ++out.watched_days[wd];
    for (const auto& [place, n] : d.openings) sums[place][wd] += n;
  }
  for (const auto& [place, s] : sums) {
    auto& m = out.mean[place];
    for (size_t i = 0; i < 7; ++i) {
      m[i] = out.watched_days[i] ? static_cast<double>(s[i]) / out.watched_days[i] : 0.0;
    }
  }
  return out;
}

std::vector<NightWeek> NightByWeek(const std::vector<DayAgg>& days) {
  std::vector<NightWeek> out;
  for (const auto& d : days) {
    int64_t ws = LocalWeekStart(d.day);
    if (out.empty() || out.back().week_start != ws) {
      NightWeek week;
      week.week_start = ws;
      out.push_back(week);
    }
    if (!d.watched) continue;
    ++out.back().watched_nights;
    out.back().total += d.night;
  }
  for (auto& w : out) {
    if (w.watched_nights > 0) w.mean = static_cast<double>(w.total) / w.watched_nights;
  }
  return out;
}

CohortProfile CohortOf(const std::vector<HourProfile>& persons) {
  CohortProfile c;
  std::array<double, 24> sum{};
  for (const auto& p : persons) {
    if (p.watched_days <= 0) continue;
    ++c.size;
    for (size_t h = 0; h < 24; ++h) sum[h] += p.mean[h];
  }
  if (c.size >= kMinCohort) {
    for (auto& v : sum) v /= c.size;
    c.mean = sum;
  }
  return c;
}

std::optional<int64_t> ParseLocalDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  int y = std::stoi(s.substr(0, 4));
  unsigned m = static_cast<unsigned>(std::stoi(s.substr(5, 2)));
  unsigned d = static_cast<unsigned>(std::stoi(s.substr(8, 2)));
  if (y < 2000 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  int64_t days = DaysFromCivil(y, m, d);
  Civil back = CivilFromDays(days);
  if (back.m != m || back.d != d) return std::nullopt;  // 2月30日 and the like
  return days * kDayMs - kJstOffsetMs;
}

std::string LocalDate(int64_t day_start) {
  Civil c = LocalCivil(day_start);
  char buf[40];  // room for any value the format could print, so none is cut
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.y), c.m, c.d);
  return buf;
}

std::string LocalMonth(int64_t ms) { return LocalDate(ms).substr(0, 7); }

std::string AgeBand(const std::string& birth_date, int64_t today) {
  const std::string& s = birth_date;
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return "";
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return "";
  }
  Civil b{std::stoll(s.substr(0, 4)), static_cast<unsigned>(std::stoi(s.substr(5, 2))),
          static_cast<unsigned>(std::stoi(s.substr(8, 2)))};
  Civil t = LocalCivil(today);
  int64_t age = t.y - b.y - ((t.m < b.m || (t.m == b.m && t.d < b.d)) ? 1 : 0);
  if (age < 0 || age > 150) return "";
  int64_t lo = age / 5 * 5;
  return std::to_string(lo) + "-" + std::to_string(lo + 4);
}

std::optional<int64_t> Percentile(std::vector<int64_t> values, int p) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

TrendInput TrendInputOf(const std::vector<DayAgg>& days, const std::vector<int64_t>& activity_ts,
                        bool has_fridge, int64_t today_start) {
  const int64_t first = today_start - 42 * kDayMs;
  TrendInput in;
  for (DailySeries* s :
       {&in.activity, &in.fridge_openings, &in.night_openings, &in.first_activity_minute}) {
    s->first_day = first;
    s->values.assign(42, std::nullopt);
  }
  std::vector<bool> watched(42, false);
  for (const auto& d : days) {
    if (d.day < first || d.day >= today_start || !d.watched) continue;
    auto i = static_cast<size_t>((d.day - first) / kDayMs);
    watched[i] = true;
    in.activity.values[i] = d.activity;
    if (has_fridge) in.fridge_openings.values[i] = d.fridge;
    in.night_openings.values[i] = d.night_early;
  }
  for (int64_t ts : activity_ts) {
    if (ts < first || ts >= today_start) continue;
    auto i = static_cast<size_t>((LocalDayStart(ts) - first) / kDayMs);
    if (!watched[i]) continue;
    int minute = LocalMinuteOfDay(ts);
    if (minute < 240) continue;  // night visits are not the start of the day
    auto& v = in.first_activity_minute.values[i];
    if (!v || minute < *v) v = minute;
  }
  return in;
}

std::string ChartOfSign(const SignFinding& f) {
  const auto* chart = f.evidence.if_contains("chart");
  std::string c = chart && chart->is_string() ? std::string(chart->as_string()) : "";
  if (c == "activity_by_day" || c == "fridge_by_day") return "daily";
  if (c == "night_by_week") return "night";
  // An irregular daily rhythm shows as activity spread over the hours of the day.
  return "hourly";
}

// ---------------------------------------------------------------------------------------------
// The service.

struct AnalyticsService::PersonCharts {
  WatchAccess access;
  Range range;
  std::vector<DayAgg> days;
  HourProfile hours;
  std::string cohort_kind, cohort_label;
  CohortProfile cohort;
  bool cohort_sampled = false;
  int cohort_members = 0;
  std::vector<DeviceRef> devices;
  std::vector<HourlyRow> rows;
  json::array signs;
};

Result<std::shared_ptr<const AnalyticsService::Cohort>> AnalyticsService::CohortFor(
    db::Connection& c, const std::string& municipality, const std::string& kind,
    const std::string& person_id, int64_t now, int64_t from, int64_t to, std::string* label) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kCohortMembers, {municipality}));
  std::string sex, band;
  for (const auto& r : rows) {
    if (r.Text(0) == person_id) {
      sex = r.Text(1);
      band = AgeBand(r.Text(2), now);
    }
  }
  std::string group = "all";
  if (kind == "sex_age") {
    group = sex + "|" + band;
    std::string sex_ja = sex == "male" ? "男性" : sex == "female" ? "女性" : "同じ性別";
    *label =
        sex_ja + "・" + (band.empty() ? std::string("年齢不明") : band + "歳") + "で見守り中の方";
  } else {
    *label = "同じ自治体で見守り中の方";
  }
  const std::string key =
      municipality + "|" + group + "|" + std::to_string(from) + "|" + std::to_string(to);
  {
    std::lock_guard lock(cache_mu_);
    auto it = cohort_cache_.find(key);
    if (it != cohort_cache_.end() && now >= it->second->computed_at &&
        now - it->second->computed_at < kCohortCacheMs) {
      return it->second;
    }
  }
  // The group's members, in a stable pseudo-random order (FNV-1a of the id), so that a sample
  // is the same on every server and for every request.
  std::vector<std::pair<uint64_t, std::string>> members;
  std::map<std::string, std::vector<Span>> absences;
  for (const auto& r : rows) {
    if (kind == "sex_age" &&
        (band.empty() || r.Text(1) != sex || AgeBand(r.Text(2), now) != band)) {
      continue;
    }
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char ch : r.Text(0)) h = (h ^ ch) * 1099511628211ULL;
    members.emplace_back(h, r.Text(0));
    if (auto first = r.OptInt(3)) absences[r.Text(0)].push_back(BeforeFirstFullDay(*first));
  }
  auto cohort = std::make_shared<Cohort>();
  cohort->computed_at = now;
  cohort->members = static_cast<int>(members.size());
  // The person always counts: their own line is drawn beside the cohort's.
  std::sort(members.begin(), members.end(), [&](const auto& a, const auto& b) {
    if ((a.second == person_id) != (b.second == person_id)) return a.second == person_id;
    return a < b;
  });
  if (members.size() > static_cast<size_t>(kCohortSample)) {
    members.resize(static_cast<size_t>(kCohortSample));
    cohort->sampled = true;
  }
  ASSIGN_OR_RETURN(auto away, c.Query(kMemberAbsences, {municipality, from, to}));
  for (const auto& r : away) absences[r.Text(0)].push_back({r.Int(1), r.Int(2)});
  std::vector<HourProfile> profiles;
  profiles.reserve(members.size());
  for (const auto& [hash, id] : members) {
    ASSIGN_OR_RETURN(auto hourly, c.Query(kMemberHourly, {id, from, to}));
    std::vector<HourlyRow> rows_of;
    rows_of.reserve(hourly.size());
    for (const auto& r : hourly) {
      HourlyRow h;
      h.hour = r.Int(0);
      h.openings = static_cast<int>(r.Int(1));  // openings + motions: activity is their sum
      h.events = static_cast<int>(r.Int(2));
      rows_of.push_back(std::move(h));
    }
    auto it = absences.find(id);
    profiles.push_back(HourOfDay(AggregateDays(
        rows_of, {}, it == absences.end() ? std::vector<Span>{} : it->second, from, to)));
  }
  cohort->profile = CohortOf(profiles);
  std::lock_guard lock(cache_mu_);
  if (cohort_cache_.size() > 256) cohort_cache_.clear();  // bounded; recomputed on demand
  cohort_cache_[key] = cohort;
  return std::shared_ptr<const Cohort>(cohort);
}

Result<AnalyticsService::PersonCharts> AnalyticsService::Compute(const std::string& person_id,
                                                                 const auth::Caller& caller,
                                                                 const AnalyticsQuery& q,
                                                                 const char* action,
                                                                 const std::string* chart) {
  PersonCharts out;
  std::string cohort = q.cohort.value_or("municipality");
  if (cohort.empty()) cohort = "municipality";
  const int64_t now = ctx_.clock.NowMillis();
  // Access first: a caller who may not see the person learns nothing from a 400.
  RETURN_IF_ERROR(ctx_.db.Run([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(out.access,
                     ctx_.access.Require(c, person_id, caller, WatchNeed::kRead, action));
    return core::Ok();
  }));
  if (cohort != "municipality" && cohort != "sex_age") {
    return core::Error::Invalid("cohort", "比較集団は municipality か sex_age を指定してください");
  }
  if (chart && !IsPersonChart(*chart)) {
    return core::Error::Invalid(
        "chart", "chart は hourly, weekday, night, daily, temperature のいずれかです");
  }
  ASSIGN_OR_RETURN(out.range, ParseRange(q, LocalDayStart(now), 56));
  RETURN_IF_ERROR(ctx_.db.ReadSnapshot([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto subject, c.Query(kSubject, {person_id}));
    if (subject.empty()) return core::Error::NotFound("見守りの登録がありません");
    const std::string municipality = subject[0].Text(0);
    ASSIGN_OR_RETURN(auto devices, c.Query(kDevicesOf, {person_id}));
    for (const auto& r : devices) out.devices.push_back({r.Text(0), r.Text(1), r.Text(2)});
    // Sensors report nothing before they are installed: the first installation's day is partial.
    std::vector<Span> absences;
    if (!devices.empty()) absences.push_back(BeforeFirstFullDay(devices.front().Int(3)));
    ASSIGN_OR_RETURN(auto abs, c.Query(kAbsencesOf, {person_id, out.range.from, out.range.to}));
    for (const auto& r : abs) absences.push_back({r.Int(0), r.Int(1)});
    ASSIGN_OR_RETURN(auto hourly, c.Query(kHourlyOf, {person_id, out.range.from, out.range.to}));
    out.rows.reserve(hourly.size());
    for (const auto& r : hourly) {
      out.rows.push_back(HourlyRow{r.Text(0), r.Int(1), static_cast<int>(r.Int(2)),
                                   static_cast<int>(r.Int(3)), static_cast<int>(r.Int(4)),
                                   r.Real(5), static_cast<int>(r.Int(6)), r.OptReal(7),
                                   r.OptReal(8)});
    }
    out.days = AggregateDays(out.rows, out.devices, absences, out.range.from, out.range.to);
    out.hours = HourOfDay(out.days);

    ASSIGN_OR_RETURN(auto group, CohortFor(c, municipality, cohort, person_id, now, out.range.from,
                                           out.range.to, &out.cohort_label));
    out.cohort = group->profile;
    out.cohort_kind = cohort;
    out.cohort_sampled = group->sampled;
    out.cohort_members = group->members;

    ASSIGN_OR_RETURN(auto signs, c.Query(kSignsOf, {person_id}));
    for (const auto& r : signs) {
      int64_t week = r.Int(2);
      if (week < out.range.from || week > out.range.to + 7 * kDayMs) continue;
      json::object evidence;
      auto parsed = ParseStoredObject(r.Text(4));
      SignFinding f;
      f.evidence = parsed;
      out.signs.push_back(json::object{{"id", r.Text(0)},
                                       {"sign", r.Text(1)},
                                       {"label", SignLabel(r.Text(1))},
                                       {"week_start", LocalDate(week)},
                                       {"detected_at", r.Int(3)},
                                       {"chart", ChartOfSign(f)},
                                       {"evidence", std::move(parsed)}});
    }
    return core::Ok();
  }));
  ctx_.audit.Record(WatchAudit(caller, out.access, action));
  return out;
}

Result<json::object> AnalyticsService::Person(const std::string& person_id,
                                              const auth::Caller& caller, const AnalyticsQuery& q) {
  ASSIGN_OR_RETURN(auto p, Compute(person_id, caller, q, "watch.analytics.read", nullptr));
  json::array person_hours, cohort_hours;
  for (double v : p.hours.mean) person_hours.push_back(Num(v));
  json::value cohort_mean = nullptr;
  if (p.cohort.mean) {
    for (double v : *p.cohort.mean) cohort_hours.push_back(Num(v));
    cohort_mean = std::move(cohort_hours);
  }
  WeekdayOpenings wd = OpeningsByWeekday(p.days);
  json::array places;
  for (const auto& [place, mean] : wd.mean) {
    json::array m;
    for (double v : mean) m.push_back(Num(v));
    places.push_back(json::object{{"place", place}, {"label", PlaceLabel(place)}, {"mean", m}});
  }
  json::array wd_days;
  for (int n : wd.watched_days) wd_days.push_back(n);
  json::array night;
  for (const auto& w : NightByWeek(p.days)) {
    night.push_back(json::object{{"week_start", LocalDate(w.week_start)},
                                 {"watched_nights", w.watched_nights},
                                 {"total", w.total},
                                 {"mean", Num(w.mean)}});
  }
  json::array daily;
  for (const auto& d : p.days) {
    daily.push_back(json::object{{"date", LocalDate(d.day)},
                                 {"watched", d.watched},
                                 {"activity", d.watched ? json::value(d.activity) : nullptr},
                                 {"fridge", d.watched ? json::value(d.fridge) : nullptr}});
  }
  // Temperature per climate device and local day.
  json::array temperature;
  for (const auto& dev : p.devices) {
    if (dev.kind != "climate") continue;
    struct T {
      double sum = 0;
      int n = 0;
      std::optional<double> lo, hi;
    };
    std::map<int64_t, T> by_day;
    for (const auto& r : p.rows) {
      if (r.device_id != dev.id || r.temp_n <= 0) continue;
      T& t = by_day[LocalDayStart(r.hour)];
      t.sum += r.temp_sum;
      t.n += r.temp_n;
      if (r.temp_min && (!t.lo || *r.temp_min < *t.lo)) t.lo = r.temp_min;
      if (r.temp_max && (!t.hi || *r.temp_max > *t.hi)) t.hi = r.temp_max;
    }
    json::array days;
    for (const auto& [day, t] : by_day) {
      days.push_back(json::object{{"date", LocalDate(day)},
                                  {"min", Num(t.lo, 1)},
                                  {"mean", Num(t.sum / t.n, 1)},
                                  {"max", Num(t.hi, 1)}});
    }
    temperature.push_back(json::object{{"device_id", dev.id},
                                       {"place", dev.place},
                                       {"label", PlaceLabel(dev.place)},
                                       {"days", std::move(days)}});
  }
  return json::object{
      {"person_id", person_id},
      {"range", json::object{{"from", LocalDate(p.range.from)},
                             {"to", LocalDate(p.range.to - kDayMs)},
                             {"days", (p.range.to - p.range.from) / kDayMs}}},
      {"watched_days", p.hours.watched_days},
      {"hourly", json::object{{"person", std::move(person_hours)},
                              {"cohort", json::object{{"kind", p.cohort_kind},
                                                      {"label", p.cohort_label},
                                                      {"size", p.cohort.size},
                                                      {"members", p.cohort_members},
                                                      {"sampled", p.cohort_sampled},
                                                      {"too_small", !p.cohort.mean.has_value()},
                                                      {"min_size", kMinCohort},
                                                      {"mean", std::move(cohort_mean)}}}}},
      {"weekday", json::object{{"watched_days", std::move(wd_days)}, {"places", places}}},
      {"night", std::move(night)},
      {"daily", std::move(daily)},
      {"temperature", std::move(temperature)},
      {"signs", std::move(p.signs)}};
}

Result<AnalyticsService::Csv> AnalyticsService::PersonCsv(const std::string& person_id,
                                                          const auth::Caller& caller,
                                                          const AnalyticsQuery& q,
                                                          const std::string& chart) {
  ASSIGN_OR_RETURN(auto p, Compute(person_id, caller, q, "watch.analytics.export", &chart));
  std::string out(kBom);
  if (chart == "hourly") {
    out += CsvLine({"時(JST)", "本人(1日あたりの活動)",
                    "比較集団(1日あたりの活動) " + p.cohort_label + " " +
                        std::to_string(p.cohort.size) + "人"});
    for (size_t h = 0; h < 24; ++h) {
      out += CsvLine({std::to_string(h), Fixed(p.hours.mean[h]),
                      p.cohort.mean ? Fixed((*p.cohort.mean)[h]) : ""});
    }
  } else if (chart == "weekday") {
    WeekdayOpenings wd = OpeningsByWeekday(p.days);
    std::vector<std::string> head = {"曜日", "見守り日数"};
    for (const auto& [place, m] : wd.mean) {
      head.push_back(std::string(PlaceLabel(place)) + "(1日あたりの開閉)");
    }
    out += CsvLine(head);
    for (size_t i = 0; i < 7; ++i) {
      std::vector<std::string> line = {kWeekdays[i], std::to_string(wd.watched_days[i])};
      for (const auto& [place, m] : wd.mean) line.push_back(Fixed(m[i]));
      out += CsvLine(line);
    }
  } else if (chart == "night") {
    out += CsvLine({"週の開始日(月曜)", "見守り日数", "夜間(0〜5時)の活動 合計", "1晩あたり"});
    for (const auto& w : NightByWeek(p.days)) {
      out += CsvLine({LocalDate(w.week_start), std::to_string(w.watched_nights),
                      std::to_string(w.total), Fixed(w.mean)});
    }
  } else if (chart == "daily") {
    out += CsvLine({"日付", "見守り", "活動", "冷蔵庫の開閉"});
    for (const auto& d : p.days) {
      out += CsvLine({LocalDate(d.day), d.watched ? "あり" : "なし",
                      d.watched ? std::to_string(d.activity) : "",
                      d.watched ? std::to_string(d.fridge) : ""});
    }
  } else {
    out += CsvLine({"日付", "機器", "場所", "最低(℃)", "平均(℃)", "最高(℃)"});
    for (const auto& dev : p.devices) {
      if (dev.kind != "climate") continue;
      std::map<int64_t, std::tuple<double, int, std::optional<double>, std::optional<double>>>
          by_day;
      for (const auto& r : p.rows) {
        if (r.device_id != dev.id || r.temp_n <= 0) continue;
        auto& [sum, n, lo, hi] = by_day[LocalDayStart(r.hour)];
        sum += r.temp_sum;
        n += r.temp_n;
        if (r.temp_min && (!lo || *r.temp_min < *lo)) lo = r.temp_min;
        if (r.temp_max && (!hi || *r.temp_max > *hi)) hi = r.temp_max;
      }
      for (const auto& [day, t] : by_day) {
        const auto& [sum, n, lo, hi] = t;
        out += CsvLine({LocalDate(day), dev.id, std::string(PlaceLabel(dev.place)), Fixed(lo, 1),
                        Fixed(sum / n, 1), Fixed(hi, 1)});
      }
    }
  }
  return Csv{std::move(out), "watch-" + chart + "-" + LocalDate(p.range.from) + "-" +
                                 LocalDate(p.range.to - kDayMs) + ".csv"};
}

Result<json::object> AnalyticsService::Signs(const std::string& person_id,
                                             const auth::Caller& caller) {
  json::array items;
  WatchAccess a;
  RETURN_IF_ERROR(ctx_.db.Run([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(
        a, ctx_.access.Require(c, person_id, caller, WatchNeed::kRead, "watch.signs.read"));
    ASSIGN_OR_RETURN(auto signs, c.Query(kSignsOf, {person_id}));
    for (const auto& r : signs) {
      SignFinding f;
      f.evidence = ParseStoredObject(r.Text(4));
      items.push_back(json::object{{"id", r.Text(0)},
                                   {"sign", r.Text(1)},
                                   {"label", SignLabel(r.Text(1))},
                                   {"week_start", LocalDate(r.Int(2))},
                                   {"detected_at", r.Int(3)},
                                   {"chart", ChartOfSign(f)},
                                   {"evidence", f.evidence}});
    }
    return core::Ok();
  }));
  ctx_.audit.Record(WatchAudit(caller, a, "watch.signs.read"));
  return json::object{{"items", std::move(items)}};
}

// ---------------------------------------------------------------------------------------------
// Region.

namespace {

struct RegionData {
  std::string code;
  Range range;
  int enrolled = 0, active = 0, ended = 0, devices = 0, device_problems = 0;
  std::vector<std::string> months;
  std::map<std::string, int> new_persons, ended_persons, alerts;
  std::map<std::string, std::map<std::string, int>> by_kind, by_severity;
  std::map<std::string, std::vector<int64_t>> taken, resolved;  // minutes
};

json::value Minutes(std::optional<int64_t> ms) {
  if (!ms) return nullptr;
  return std::round(static_cast<double>(*ms) / kMinuteMs * 10) / 10;
}

std::string MinutesText(std::optional<int64_t> ms) {
  if (!ms) return "";
  return Fixed(static_cast<double>(*ms) / kMinuteMs, 1);
}

}  // namespace

namespace {
Result<std::string> RegionCode(const auth::Caller& caller,
                               const std::optional<std::string>& wanted) {
  std::vector<std::string> mine = BoardMunicipalities(caller);
  if (mine.empty()) {
    return core::Error::Forbidden(
        "地域の状況はオペレーターと自治体担当者が見られます (operators and municipality admins "
        "only)");
  }
  if (!wanted || wanted->empty()) return mine.front();
  if (std::find(mine.begin(), mine.end(), *wanted) == mine.end()) {
    return core::Error::Forbidden("この自治体の状況は見られません (not your municipality)");
  }
  return *wanted;
}

Result<RegionData> LoadRegion(Context& ctx, const auth::Caller& caller,
                              const std::optional<std::string>& municipality,
                              const std::optional<std::string>& from,
                              const std::optional<std::string>& to, const char* action) {
  RegionData d;
  ASSIGN_OR_RETURN(d.code, RegionCode(caller, municipality));
  const int64_t now = ctx.clock.NowMillis();
  const int64_t today = LocalDayStart(now);
  // Default: this month and the eleven before it, today included.
  Range r;
  {
    Civil t = LocalCivil(today);
    int64_t y = t.y, m = static_cast<int64_t>(t.m) - 11;
    if (m < 1) {
      m += 12;
      --y;
    }
    r.from = DaysFromCivil(y, static_cast<unsigned>(m), 1) * kDayMs - kJstOffsetMs;
    r.to = today + kDayMs;
  }
  if (to && !to->empty()) {
    auto t = ParseLocalDate(*to);
    if (!t) return core::Error::Invalid("to", "終了日は YYYY-MM-DD で指定してください");
    r.to = *t + kDayMs;
  }
  if (from && !from->empty()) {
    auto f = ParseLocalDate(*from);
    if (!f) return core::Error::Invalid("from", "開始日は YYYY-MM-DD で指定してください");
    r.from = *f;
  }
  if (r.from >= r.to) return core::Error::Invalid("from", "開始日は終了日より前にしてください");
  if (r.to - r.from > kMaxRangeDays * kDayMs) {
    return core::Error::Invalid("from", "期間は 366 日以内にしてください");
  }
  d.range = r;
  for (int64_t day = r.from; day < r.to; day += kDayMs) {
    std::string m = LocalMonth(day);
    if (d.months.empty() || d.months.back() != m) d.months.push_back(m);
  }
  RETURN_IF_ERROR(ctx.db.ReadSnapshot([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto subjects, c.Query(kRegionSubjects, {d.code}));
    for (const auto& row : subjects) {
      ++d.enrolled;
      auto ended = row.OptInt(2);
      if (ended) {
        ++d.ended;
        if (*ended >= r.from && *ended < r.to) ++d.ended_persons[LocalMonth(*ended)];
      } else {
        ++d.active;
      }
      int64_t started = row.Int(1);
      if (started >= r.from && started < r.to) ++d.new_persons[LocalMonth(started)];
    }
    ASSIGN_OR_RETURN(auto devices, c.Query(kRegionDevices, {d.code}));
    d.devices = devices.empty() ? 0 : static_cast<int>(devices[0].Int(0));
    ASSIGN_OR_RETURN(auto problems, c.Query(kRegionDeviceProblems, {d.code}));
    d.device_problems = problems.empty() ? 0 : static_cast<int>(problems[0].Int(0));
    ASSIGN_OR_RETURN(auto alerts, c.Query(kRegionAlerts, {d.code, r.from, r.to}));
    for (const auto& row : alerts) {
      int64_t opened = row.Int(2);
      std::string m = LocalMonth(opened);
      ++d.alerts[m];
      ++d.by_kind[m][row.Text(0)];
      ++d.by_severity[m][row.Text(1)];
      if (auto t = row.OptInt(3)) d.taken[m].push_back(std::max<int64_t>(0, *t - opened));
      if (auto t = row.OptInt(4)) d.resolved[m].push_back(std::max<int64_t>(0, *t - opened));
    }
    return core::Ok();
  }));
  audit::Entry e = caller.Audit(action, "municipality", d.code);
  e.municipality_code = d.code;
  ctx.audit.Record(std::move(e));
  return d;
}

json::object Counts(const std::map<std::string, int>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

int At(const std::map<std::string, int>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

const std::vector<int64_t>& Values(const std::map<std::string, std::vector<int64_t>>& m,
                                   const std::string& k) {
  static const std::vector<int64_t> kNone;
  auto it = m.find(k);
  return it == m.end() ? kNone : it->second;
}

}  // namespace

Result<json::object> AnalyticsService::Region(const auth::Caller& caller,
                                              const std::optional<std::string>& municipality,
                                              const std::optional<std::string>& from,
                                              const std::optional<std::string>& to) {
  ASSIGN_OR_RETURN(auto d, LoadRegion(ctx_, caller, municipality, from, to, "watch.region.read"));
  json::array months;
  std::vector<int64_t> all_taken, all_resolved;
  for (const auto& m : d.months) {
    const auto& taken = Values(d.taken, m);
    const auto& resolved = Values(d.resolved, m);
    all_taken.insert(all_taken.end(), taken.begin(), taken.end());
    all_resolved.insert(all_resolved.end(), resolved.begin(), resolved.end());
    auto kinds = d.by_kind.find(m);
    auto sev = d.by_severity.find(m);
    months.push_back(json::object{
        {"month", m},
        {"new_persons", At(d.new_persons, m)},
        {"ended_persons", At(d.ended_persons, m)},
        {"alerts", At(d.alerts, m)},
        {"by_kind", kinds == d.by_kind.end() ? json::object{} : Counts(kinds->second)},
        {"by_severity", sev == d.by_severity.end() ? json::object{} : Counts(sev->second)},
        {"taken", json::object{{"count", taken.size()},
                               {"median_minutes", Minutes(Percentile(taken, 50))},
                               {"p90_minutes", Minutes(Percentile(taken, 90))}}},
        {"resolved", json::object{{"count", resolved.size()},
                                  {"median_minutes", Minutes(Percentile(resolved, 50))},
                                  {"p90_minutes", Minutes(Percentile(resolved, 90))}}}});
  }
  return json::object{
      {"municipality_code", d.code},
      {"range",
       json::object{{"from", LocalDate(d.range.from)}, {"to", LocalDate(d.range.to - kDayMs)}}},
      {"participation", json::object{{"enrolled", d.enrolled},
                                     {"active", d.active},
                                     {"ended", d.ended},
                                     {"devices", d.devices},
                                     {"device_problems", d.device_problems}}},
      {"response", json::object{{"taken_median_minutes", Minutes(Percentile(all_taken, 50))},
                                {"taken_p90_minutes", Minutes(Percentile(all_taken, 90))},
                                {"resolved_median_minutes", Minutes(Percentile(all_resolved, 50))},
                                {"resolved_p90_minutes", Minutes(Percentile(all_resolved, 90))}}},
      {"months", std::move(months)}};
}

Result<AnalyticsService::Csv> AnalyticsService::RegionCsv(
    const auth::Caller& caller, const std::optional<std::string>& municipality,
    const std::optional<std::string>& from, const std::optional<std::string>& to,
    const std::string& chart) {
  if (chart != "months" && chart != "alerts") {
    return core::Error::Invalid("chart", "chart は months か alerts です");
  }
  ASSIGN_OR_RETURN(auto d, LoadRegion(ctx_, caller, municipality, from, to, "watch.region.export"));
  std::string out(kBom);
  if (chart == "months") {
    out += CsvLine({"月", "新規登録", "終了", "アラート件数", "対応開始まで 中央値(分)",
                    "対応開始まで 90%(分)", "解決まで 中央値(分)", "解決まで 90%(分)"});
    for (const auto& m : d.months) {
      const auto& taken = Values(d.taken, m);
      const auto& resolved = Values(d.resolved, m);
      out +=
          CsvLine({m, std::to_string(At(d.new_persons, m)), std::to_string(At(d.ended_persons, m)),
                   std::to_string(At(d.alerts, m)), MinutesText(Percentile(taken, 50)),
                   MinutesText(Percentile(taken, 90)), MinutesText(Percentile(resolved, 50)),
                   MinutesText(Percentile(resolved, 90))});
    }
  } else {
    out += CsvLine({"月", "種類", "件数"});
    for (const auto& m : d.months) {
      auto it = d.by_kind.find(m);
      if (it == d.by_kind.end()) continue;
      for (const auto& [kind, n] : it->second) {
        out += CsvLine({m, std::string(AlertKindLabel(kind)), std::to_string(n)});
      }
    }
  }
  return Csv{std::move(out), "watch-region-" + d.code + "-" + chart + "-" +
                                 LocalDate(d.range.from) + "-" + LocalDate(d.range.to - kDayMs) +
                                 ".csv"};
}

}  // namespace watch

// The demo timelines as data: what each member of a demo person's team wrote, when, with which
// replies, edits, vitals and photo, built by pure functions (seed_demo_stories*.cpp) from a
// calendar anchored at `now` and a fixed pseudo-random sequence, then written by
// seed_demo_timeline.cpp. Internal to src/app.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "care/vitals_model.h"
#include "core/wareki.h"

namespace app::demo {

inline constexpr int64_t kMinute = 60'000;
inline constexpr int64_t kHour = 60 * kMinute;
inline constexpr int64_t kDay = 24 * kHour;

/// How far back the timelines reach.
inline constexpr int kWindowDays = 90;

/// Deterministic pseudo-random numbers (splitmix64 and plain arithmetic on it): the same
/// sequence with every compiler and standard library, which the std distributions do not promise.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  /// An integer in [lo, hi].
  int Between(int lo, int hi);
  /// A number in [0, 1).
  double Uniform();
  bool Chance(double p) { return Uniform() < p; }
  /// Roughly normal (sum of four uniforms), mean 0 and standard deviation `sd`.
  double Noise(double sd);
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Between(0, static_cast<int>(items.size()) - 1))];
  }

 private:
  uint64_t state_;
};

/// Days counted back from today in Japan (JST, UTC+9 all year).
class Calendar {
 public:
  explicit Calendar(int64_t now);
  int64_t now() const { return now_; }
  /// `days_ago` days before today, at hh:mm JST.
  int64_t At(int days_ago, int hour, int minute) const;
  /// About `hours_ago` hours back, moved earlier until it falls between 8:00 and 19:00 JST (nobody
  /// posts about a visit at 3 a.m.).
  int64_t Recent(double hours_ago) const;
  /// Whole days between the JST day of `t` and today.
  int DaysAgo(int64_t t) const;
  /// 0 = Sunday … 6 = Saturday.
  int Weekday(int days_ago) const;
  bool Workday(int days_ago) const { return Weekday(days_ago) != 0 && Weekday(days_ago) != 6; }
  /// `days_ago`, or the Friday before when it falls on a weekend: for meetings and paperwork,
  /// which happen on working days.
  int OfficeDay(int days_ago) const {
    while (!Workday(days_ago)) ++days_ago;
    return days_ago;
  }
  core::Date Date(int days_ago) const;
  std::string Iso(int days_ago) const;
  /// "11月3日" for texts.
  std::string MonthDay(int days_ago) const;
  /// "11月3日(月)" for texts.
  std::string MonthDayWeekday(int days_ago) const;
  int Month(int days_ago) const { return Date(days_ago).month; }
  int TodayDay() const { return Date(0).day; }

 private:
  int64_t now_;
  int64_t today_;  // days since 1970-01-01 in JST
};

/// When the demo persons' events happened, shared by their records and their timelines.
struct DemoDays {
  static constexpr int kSatoAdmitted = 46;  // 佐藤 清: heart failure, 群青市民病院
  static constexpr int kSatoDischarged = 34;
  static constexpr int kTakahashiShortStay = 3;   // 高橋 ハル: in short stay now
  static constexpr int kNakajimaRegistered = 62;  // 中島 正雄: a new case in the window
  /// 岡田 義男 died at home last month: on the 20th–23rd of the previous month.
  static int OkadaDied(const Calendar& cal) { return cal.TodayDay() + 8; }
};

struct ReplySpec {
  int64_t at = 0;
  std::string author;  // login
  std::string body;
};

struct EditSpec {
  int64_t at = 0;
  std::string body;
};

struct DeleteSpec {
  int64_t at = 0;
  std::string by;  // login
  std::string reason;
};

/// One top-level post with everything that happened to it.
struct PostSpec {
  int64_t at = 0;
  std::string author;  // login
  std::string category;
  std::string body;
  bool important = false;
  bool ack_requested = false;
  bool share_family = false;
  std::vector<std::string> mentions;  // logins
  std::optional<care::VitalsInput> vitals;
  std::string photo;  // key of a demo photo, "" for none
  std::vector<ReplySpec> replies;
  std::vector<EditSpec> edits;  // oldest first; each one a new version by the author
  std::optional<DeleteSpec> deletion;
  std::vector<std::string> acked_by;  // logins; each acknowledges when next reading
};

/// Vitals recorded on their own, without a post.
struct VitalsSpec {
  std::string recorder;  // login
  care::VitalsInput values;
  int64_t recorded_at = 0;  // 0: typed in a few minutes after measuring
};

struct Timeline {
  std::vector<PostSpec> posts;
  std::vector<VitalsSpec> vitals;

  PostSpec& Add(int64_t at, std::string author, std::string category, std::string body) {
    PostSpec p;
    p.at = at;
    p.author = std::move(author);
    p.category = std::move(category);
    p.body = std::move(body);
    posts.push_back(std::move(p));
    return posts.back();
  }
};

/// One person's timeline, from the calendar and the person's own random sequence.
using StoryFn = Timeline (*)(const Calendar& cal, Rng& rng);

// The stories (seed_demo_stories_*.cpp), keyed like the persons in seed_demo_care.cpp.
Timeline SatoStory(const Calendar& cal, Rng& rng);       // 佐藤 清
Timeline TakahashiStory(const Calendar& cal, Rng& rng);  // 高橋 ハル
Timeline SuzukiStory(const Calendar& cal, Rng& rng);     // 鈴木 茂
Timeline MatsumotoStory(const Calendar& cal, Rng& rng);  // 松本 トミ
Timeline NakajimaStory(const Calendar& cal, Rng& rng);   // 中島 正雄
Timeline YamaguchiStory(const Calendar& cal, Rng& rng);  // 山口 千代子
Timeline OkadaStory(const Calendar& cal, Rng& rng);      // 岡田 義男
Timeline FujitaStory(const Calendar& cal, Rng& rng);     // 藤田 美咲
Timeline AokiStory(const Calendar& cal, Rng& rng);       // 青木 陽向
Timeline IshikawaStory(const Calendar& cal, Rng& rng);   // 石川 フミ
Timeline MaedaStory(const Calendar& cal, Rng& rng);      // 前田 勇
Timeline MurakamiStory(const Calendar& cal, Rng& rng);   // 村上 サダ

// Helpers shared by the stories (seed_demo_story.cpp).

/// Vitals measured at `at`, values still to be filled in.
inline care::VitalsInput Measured(int64_t at) {
  care::VitalsInput v;
  v.measured_at = at;
  return v;
}
/// One decimal, as thermometers and scales show it.
inline double Round1(double v) { return std::round(v * 10) / 10; }

/// `n` different sentences from `items` (in random order), joined.
std::string Sentences(Rng& rng, const std::vector<std::string>& items, int n);
/// "血圧 128/72mmHg、脈拍 76回/分、…" for the values that are present.
std::string VitalsText(const care::VitalsInput& v);
/// A sentence about the season of the day (熱中症 in summer, ヒートショック in winter …).
std::string SeasonalAdvice(const Calendar& cal, int days_ago, Rng& rng);
/// Calls `make(days_ago)` for each day from `from_ago` down to `to_ago` (inclusive) whose
/// weekday is in `weekdays` (bit 0 = Sunday), with probability `p`.
template <typename F>
void EachVisit(const Calendar& cal, Rng& rng, int from_ago, int to_ago, unsigned weekdays, double p,
               F&& make) {
  for (int d = from_ago; d >= to_ago; --d) {
    if (!(weekdays & (1u << cal.Weekday(d)))) continue;
    if (!rng.Chance(p)) continue;
    make(d);
  }
}

inline constexpr unsigned kSun = 1u << 0, kMon = 1u << 1, kTue = 1u << 2, kWed = 1u << 3,
                          kThu = 1u << 4, kFri = 1u << 5, kSat = 1u << 6;
inline constexpr unsigned kWeekdays = kMon | kTue | kWed | kThu | kFri;

}  // namespace app::demo

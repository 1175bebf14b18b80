#include "app/seed_demo_story.h"

#include <cstdio>

namespace app::demo {
namespace {

constexpr int64_t kJstOffset = 9 * kHour;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string Format(const char* fmt, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

const char* const kWeekdayNames[] = {"日", "月", "火", "水", "木", "金", "土"};

}  // namespace

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int Rng::Between(int lo, int hi) {
  if (hi <= lo) return lo;
  return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
}

double Rng::Uniform() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }

double Rng::Noise(double sd) {
  // The sum of four uniforms has variance 4/12; scaled to the wanted deviation.
  double s = Uniform() + Uniform() + Uniform() + Uniform() - 2.0;
  return s * sd * 1.7320508075688772;
}

Calendar::Calendar(int64_t now) : now_(now), today_(FloorDiv(now + kJstOffset, kDay)) {}

int64_t Calendar::At(int days_ago, int hour, int minute) const {
  return (today_ - days_ago) * kDay - kJstOffset + hour * kHour + minute * kMinute;
}

int64_t Calendar::Recent(double hours_ago) const {
  int64_t t = now_ - static_cast<int64_t>(hours_ago * static_cast<double>(kHour));
  for (;;) {
    int64_t local = t + kJstOffset;
    int64_t hour = FloorDiv(local, kHour) % 24;
    if (hour >= 8 && hour < 19) return t;
    t -= kHour;
  }
}

int Calendar::DaysAgo(int64_t t) const {
  return static_cast<int>(today_ - FloorDiv(t + kJstOffset, kDay));
}

int Calendar::Weekday(int days_ago) const {
  // 1970-01-01 was a Thursday.
  int64_t day = today_ - days_ago;
  return static_cast<int>(((day + 4) % 7 + 7) % 7);
}

core::Date Calendar::Date(int days_ago) const {
  return core::DateFromEpochMillisJst(At(days_ago, 12, 0));
}

std::string Calendar::Iso(int days_ago) const { return core::FormatIsoDate(Date(days_ago)); }

std::string Calendar::MonthDay(int days_ago) const {
  core::Date d = Date(days_ago);
  return std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
}

std::string Calendar::MonthDayWeekday(int days_ago) const {
  return MonthDay(days_ago) + "(" + kWeekdayNames[Weekday(days_ago)] + ")";
}

std::string Sentences(Rng& rng, const std::vector<std::string>& items, int n) {
  std::vector<size_t> order(items.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::string out;
  for (int k = 0; k < n && k < static_cast<int>(order.size()); ++k) {
    size_t j = static_cast<size_t>(rng.Between(k, static_cast<int>(order.size()) - 1));
    std::swap(order[static_cast<size_t>(k)], order[j]);
    out += items[order[static_cast<size_t>(k)]];
  }
  return out;
}

std::string VitalsText(const care::VitalsInput& v) {
  std::vector<std::string> parts;
  if (v.systolic && v.diastolic) {
    parts.push_back("血圧 " + std::to_string(*v.systolic) + "/" + std::to_string(*v.diastolic) +
                    "mmHg");
  }
  if (v.pulse) parts.push_back("脈拍 " + std::to_string(*v.pulse) + "回/分");
  if (v.temperature) parts.push_back("体温 " + Format("%.1f", *v.temperature) + "℃");
  if (v.spo2) parts.push_back("SpO2 " + std::to_string(*v.spo2) + "%");
  if (v.respiration) parts.push_back("呼吸数 " + std::to_string(*v.respiration) + "回/分");
  if (v.weight) parts.push_back("体重 " + Format("%.1f", *v.weight) + "kg");
  if (v.glucose) parts.push_back("血糖 " + std::to_string(*v.glucose) + "mg/dL");
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "、") + p;
  return out;
}

std::string SeasonalAdvice(const Calendar& cal, int days_ago, Rng& rng) {
  const int month = cal.Month(days_ago);
  static const std::vector<std::string> kSummer = {
      "日中の室温が30℃を超えていたため、エアコンを28℃設定で使用していただくよう声をかけました。",
      "熱中症予防のため、コップ1杯ずつこまめに水分をとるよう、飲んだ量を記録表に書いてもらって"
      "います。",
      "扇風機のみで過ごされていました。温湿度計が「危険」表示だったので、エアコンの使用をお願いし"
      "ました。",
      "発汗が多く、口渇の訴えがありました。経口補水液を冷蔵庫に用意しています。"};
  static const std::vector<std::string> kAutumn = {
      "朝晩が冷えるようになり、掛け布団を1枚増やしました。",
      "インフルエンザと新型コロナの予防接種の予約について、ご家族と相談しました。",
      "日中と夜の寒暖差で体調を崩しやすい時期です。室温の確認を続けます。"};
  static const std::vector<std::string> kWinter = {
      "脱衣所と浴室の温度差によるヒートショックに注意するよう、入浴前に暖房をつけていただくよう"
      "お伝えしました。",
      "空気が乾燥しているため、加湿器の使用と水分補給をお願いしました。",
      "電気毛布による低温やけどに注意するよう、使用は就寝前までとお伝えしました。"};
  static const std::vector<std::string> kSpring = {"寒暖差があり、衣類の調整を一緒に確認しました。",
                                                   "花粉の時期のため、窓の開閉時間を工夫して"
                                                   "いただいています。"};
  if (month >= 6 && month <= 9) return rng.Pick(kSummer);
  if (month >= 10 && month <= 11) return rng.Pick(kAutumn);
  if (month == 12 || month <= 2) return rng.Pick(kWinter);
  return rng.Pick(kSpring);
}

}  // namespace app::demo

// The simulated homes' event model (see simulator.h for what it produces and why).
#include "watch/simulator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <string_view>

namespace watch {
namespace {

// ---------------------------------------------------------------------------------------------
// Randomness: SplitMix64 and distributions written out, so that a seed gives the same events
// with any standard library.

constexpr uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

constexpr uint64_t HashText(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, then mixed: cheap and well spread
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return Mix(h);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// [0, 1)
  double Uniform() { return double(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double a, double b) { return a + (b - a) * Uniform(); }
  /// lo..hi inclusive; the modulo bias is below 2^-58 for these small ranges.
  int Int(int lo, int hi) { return lo + int(Next() % uint64_t(hi - lo + 1)); }
  bool Chance(double p) { return Uniform() < p; }
  double Normal(double mean, double sd) {
    double u1 = 1.0 - Uniform();  // (0, 1]: log() stays finite
    double u2 = Uniform();
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
  }
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }
  int Poisson(double lambda) {  // Knuth; lambda is small here
    const double limit = std::exp(-lambda);
    int k = 0;
    double p = Uniform();
    while (p > limit) {
      ++k;
      p *= Uniform();
    }
    return k;
  }
  /// Index i with probability weights[i] / sum.
  template <size_t N>
  int Weighted(const std::array<double, N>& weights) {
    double sum = 0;
    for (double w : weights) sum += w;
    double x = Uniform() * sum;
    for (size_t i = 0; i < N; ++i) {
      if (x < weights[i]) return int(i);
      x -= weights[i];
    }
    return int(N - 1);
  }

 private:
  uint64_t state_;
};

// Independent streams per home, local day and purpose; a purpose is a fixed tag or a device.
enum Tag : uint64_t { kPlanTag = 1, kClimateOffsetTag = 2, kHumidityOffsetTag = 3 };

Rng Stream(uint64_t seed, int64_t day_index, uint64_t purpose) {
  return Rng(Mix(Mix(seed ^ Mix(uint64_t(day_index))) ^ purpose));
}

// ---------------------------------------------------------------------------------------------
// Time of day

constexpr int64_t Minutes(double m) { return int64_t(m * double(kMinuteMs)); }
constexpr int64_t Hours(double h) { return int64_t(h * double(kHourMs)); }
constexpr int64_t Seconds(double s) { return int64_t(s * 1000.0); }

int64_t DayIndex(int64_t day_start) { return FloorDiv(day_start + kJstOffsetMs, kDayMs); }

/// Day of the year (0-based, 0 = 1 January) of a local day, from the civil date
/// (H. Hinnant's days_from_civil inverse).
int DayOfYear(int64_t day_index) {
  const int64_t z = day_index + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy_march = doe - (365 * yoe + yoe / 4 - yoe / 100);  // 0 = 1 March
  const int64_t mp = (5 * doy_march + 2) / 153;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;  // 1..12
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  // 1 March is day 59 (60 in a leap year) of the year.
  const int64_t march1 = leap ? 60 : 59;
  return int((doy_march + march1) % (leap ? 366 : 365));
}

struct Span {
  int64_t begin = 0;
  int64_t end = 0;
  bool Contains(int64_t t) const { return t >= begin && t < end; }
};

bool InAny(const std::vector<Span>& spans, int64_t t, const Span** which = nullptr) {
  for (const Span& s : spans) {
    if (s.Contains(t)) {
      if (which) *which = &s;
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The person's day

enum class Place : uint8_t { kEntrance, kFridge, kBathroom, kToilet, kLiving, kBedroom, kOther };

Place PlaceOf(std::string_view code) {
  if (code == "entrance") return Place::kEntrance;
  if (code == "fridge") return Place::kFridge;
  if (code == "bathroom") return Place::kBathroom;
  if (code == "toilet") return Place::kToilet;
  if (code == "living") return Place::kLiving;
  if (code == "bedroom") return Place::kBedroom;
  return Place::kOther;
}

/// Something the person does at a place at time t (ms after local midnight): passing a door
/// (a door sensor there sees it open and close; a motion sensor sees the person) or just being
/// there (only a motion sensor sees it).
struct Action {
  Place place;
  bool door;
  int64_t t;
};

class DayPlanner {
 public:
  DayPlanner(const FleetHome& home, int64_t day_index, bool night_owl)
      : rng_(Stream(home.seed, day_index, kPlanTag)), night_owl_(night_owl) {}

  std::vector<Action> Plan() {
    wake_ = int64_t(night_owl_ ? std::clamp(rng_.Normal(Hours(8), Minutes(30)), double(Hours(7)),
                                            double(Hours(9.5)))
                               : std::clamp(rng_.Normal(Hours(6) + Minutes(40), Minutes(20)),
                                            double(Hours(5.5)), double(Hours(7.75))));
    bed_ = int64_t(rng_.Uniform(Hours(21.5), Hours(23)));
    if (night_owl_) {
      NightEpisodes();
    } else {
      NightToiletTrips();
    }
    Morning();
    Meals();
    Outings();
    Bath();
    Toilet();
    Snacks();
    Evening();
    LivingRoom();
    OtherDoors();
    return std::move(actions_);
  }

 private:
  void Door(Place p, int64_t t) { actions_.push_back({p, true, t}); }
  void Here(Place p, int64_t t) { actions_.push_back({p, false, t}); }
  // In through the door, out again after `stay`.
  void Visit(Place p, int64_t t, int64_t stay) {
    Door(p, t);
    Door(p, t + stay);
  }

  void NightToiletTrips() {
    const int trips = rng_.Weighted(std::array{0.35, 0.45, 0.2});
    for (int i = 0; i < trips; ++i) {
      int64_t t = int64_t(rng_.Uniform(Minutes(30), double(wake_ - Minutes(30))));
      Door(Place::kBedroom, t);
      Here(Place::kBedroom, t);
      Visit(Place::kToilet, t + Minutes(rng_.Uniform(0.5, 2)), Minutes(rng_.Uniform(2, 6)));
      Door(Place::kBedroom, t + Minutes(rng_.Uniform(9, 12)));
    }
  }

  // night_owl: up 2–4 times between 00:00 and 04:00, 10–40 minutes each.
  void NightEpisodes() {
    const int n = rng_.Int(2, 4);
    std::vector<int64_t> starts;
    for (int i = 0; i < n; ++i) starts.push_back(int64_t(rng_.Uniform(0, Hours(4) - Minutes(40))));
    std::sort(starts.begin(), starts.end());
    int64_t free_from = 0;
    for (int64_t start : starts) {
      start = std::max(start, free_from);
      if (start >= Hours(4)) break;
      const int64_t end = start + Minutes(rng_.Uniform(10, 40));
      free_from = end + Minutes(5);
      Door(Place::kBedroom, start);
      Here(Place::kBedroom, start);
      if (rng_.Chance(0.8)) {
        Visit(Place::kToilet, start + Minutes(rng_.Uniform(1, 3)), Minutes(rng_.Uniform(2, 6)));
      }
      if (rng_.Chance(0.7)) {
        const int openings = rng_.Int(1, 2);
        for (int k = 0; k < openings; ++k) {
          Door(Place::kFridge, int64_t(rng_.Uniform(start + Minutes(5), end)));
        }
      }
      for (int64_t t = start + Minutes(4); t < end; t += Minutes(rng_.Uniform(2, 5))) {
        Here(Place::kLiving, t);
      }
      if (rng_.Chance(0.15)) {
        Visit(Place::kEntrance, int64_t(rng_.Uniform(start + Minutes(5), end)),
              Minutes(rng_.Uniform(1, 5)));
      }
      Door(Place::kBedroom, end);
    }
  }

  void Morning() {
    Here(Place::kBedroom, wake_ - Minutes(rng_.Uniform(2, 10)));
    Here(Place::kBedroom, wake_);
    Door(Place::kBedroom, wake_ + Minutes(rng_.Uniform(0.5, 3)));
  }

  void Meals() {
    breakfast_ = wake_ + Minutes(rng_.Uniform(20, 45));
    lunch_ = int64_t(rng_.Uniform(Hours(11) + Minutes(50), Hours(12.5)));
    dinner_ = int64_t(rng_.Uniform(Hours(18), Hours(19.5)));
    for (int64_t meal : {breakfast_, lunch_, dinner_}) {
      const int openings = rng_.Int(1, 3);
      for (int k = 0; k < openings; ++k) {
        Door(Place::kFridge, meal + Minutes(rng_.Uniform(-10, 25)));
      }
    }
  }

  void Outings() {
    const int outings = 1 + rng_.Weighted(std::array{0.3, 0.35, 0.25, 0.1});
    const Span windows[2] = {{breakfast_ + Minutes(30), lunch_ - Minutes(25)},
                             {lunch_ + Minutes(40), dinner_ - Minutes(30)}};
    int in_window[2] = {0, 0};
    for (int i = 0; i < outings; ++i) ++in_window[rng_.Chance(0.4) ? 0 : 1];
    for (int w = 0; w < 2; ++w) {
      const Span window = windows[w];
      if (window.end - window.begin < Minutes(30)) continue;
      std::vector<int64_t> starts;
      for (int i = 0; i < in_window[w]; ++i) {
        starts.push_back(int64_t(rng_.Uniform(window.begin, window.end - Minutes(15))));
      }
      std::sort(starts.begin(), starts.end());
      for (size_t i = 0; i < starts.size(); ++i) {
        const int64_t latest_end = i + 1 < starts.size() ? starts[i + 1] - Minutes(10) : window.end;
        const int64_t length =
            std::min<int64_t>(Minutes(rng_.Uniform(20, 150)), latest_end - starts[i]);
        if (length < Minutes(10)) continue;  // squeezed out by the next one
        away_.push_back({starts[i], starts[i] + length});
        Visit(Place::kEntrance, starts[i], length);
      }
    }
  }

  void Bath() {
    if (!rng_.Chance(0.85)) return;
    const int64_t earliest = std::max(dinner_ + Minutes(60), Hours(19));
    const int64_t start = int64_t(rng_.Uniform(earliest, std::max(earliest, Hours(21.25))));
    const int64_t length = Minutes(rng_.Uniform(20, 45));
    away_.push_back({start, start + length});
    Visit(Place::kBathroom, start, length);
    bed_ = std::max(bed_, start + length + Minutes(20));
  }

  // Visits while out or in the bath happen right after coming back.
  int64_t AtHome(int64_t t) {
    const Span* s = nullptr;
    while (InAny(away_, t, &s)) t = s->end + Minutes(rng_.Uniform(2, 10));
    return t;
  }

  void Toilet() {
    const int visits = rng_.Int(4, 8);
    for (int i = 0; i < visits; ++i) {
      const int64_t t = AtHome(int64_t(rng_.Uniform(wake_ + Minutes(5), bed_ - Minutes(10))));
      Visit(Place::kToilet, t, Minutes(rng_.Uniform(2, 6)));
    }
  }

  void Snacks() {
    const int snacks = std::min(3, rng_.Poisson(1.0));
    for (int i = 0; i < snacks; ++i) {
      const int64_t t = int64_t(rng_.Uniform(Hours(10), Hours(21)));
      if (!InAny(away_, t)) Door(Place::kFridge, t);
    }
  }

  void Evening() {
    Door(Place::kBedroom, bed_);
    Here(Place::kBedroom, bed_ + Minutes(rng_.Uniform(1, 5)));
  }

  // A passive infrared sensor reports movement at most about once a minute (its blind time).
  void LivingRoom() {
    for (int64_t t = wake_ + int64_t(rng_.Exponential(Minutes(10))); t < bed_;
         t += std::max(Minutes(1), int64_t(rng_.Exponential(Minutes(10))))) {
      if (!InAny(away_, t)) Here(Place::kLiving, t);
    }
  }

  void OtherDoors() {
    const int n = rng_.Int(0, 3);
    for (int i = 0; i < n; ++i) {
      const int64_t t = int64_t(rng_.Uniform(wake_ + Minutes(30), bed_ - Minutes(30)));
      if (!InAny(away_, t)) Door(Place::kOther, t);
    }
  }

  Rng rng_;
  bool night_owl_;
  int64_t wake_ = 0, bed_ = 0, breakfast_ = 0, lunch_ = 0, dinner_ = 0;
  std::vector<Span> away_;  // out of the house or in the bath: no living-room motion
  std::vector<Action> actions_;
};

// ---------------------------------------------------------------------------------------------
// Devices

/// Resolved per call: the scenario times GenerateHome uses.
struct ScenarioTimes {
  int64_t stop_at = 0;
  int64_t battery_dead_at = 0;
  int64_t night_owl_from = 0;
  const FleetDevice* dead_device = nullptr;
};

constexpr int64_t kBatteryCycleMs = 400 * kDayMs;

/// Usual battery level: a sawtooth from 100 % to 30 % over kBatteryCycleMs, then a new battery.
int UsualBattery(std::string_view device, int64_t t) {
  const int64_t phase = int64_t(HashText(device) % uint64_t(kBatteryCycleMs));
  const int64_t into = ((t + phase) % kBatteryCycleMs + kBatteryCycleMs) % kBatteryCycleMs;
  return int(100.0 - 70.0 * double(into) / double(kBatteryCycleMs));
}

int BatteryAt(const FleetDevice& d, int64_t t, const ScenarioTimes& times) {
  if (&d != times.dead_device || t < times.battery_dead_at - kSimBatteryDrainMs) {
    return UsualBattery(d.id, t);
  }
  const int64_t drain_start = times.battery_dead_at - kSimBatteryDrainMs;
  const int start_level = UsualBattery(d.id, drain_start);
  const double left = double(times.battery_dead_at - t) / double(kSimBatteryDrainMs);
  return std::clamp(int(start_level * left), 0, 100);
}

double Round1(double x) { return std::round(x * 10.0) / 10.0; }

/// A slowly wandering offset (°C or %) for one device: a random value per local day, joined
/// linearly from noon to noon so that there is no jump at midnight.
double DailyOffset(uint64_t seed, uint64_t purpose, int64_t day_index, int64_t ms_in_day,
                   double sd) {
  auto at = [&](int64_t day) { return Stream(seed, day, purpose).Normal(0, sd); };
  const double f = double(ms_in_day) / double(kDayMs);  // 0..1
  if (f < 0.5) return at(day_index - 1) + (at(day_index) - at(day_index - 1)) * (f + 0.5);
  return at(day_index) + (at(day_index + 1) - at(day_index)) * (f - 0.5);
}

struct Climate {
  double temperature_c;
  double humidity_pct;
};

/// Indoor climate of a lived-in home in Japan: about 16 °C in winter and 26 °C in summer, humidity
/// about 42 % in winter and 62 % in summer. An air conditioner keeps a normal home out of the heat
/// bands (indoor WBGT below 28) and above the cold alert.
Climate UsualClimate(const FleetHome& home, const FleetDevice& d, int64_t day_index,
                     int64_t ms_in_day, Rng& noise) {
  const double year = 2 * std::numbers::pi * DayOfYear(day_index) / 365.25;
  const double hour = double(ms_in_day) / double(kHourMs);
  const double base = 21 + 5 * std::cos(year - 2 * std::numbers::pi * 212 / 365.25);
  const double daily = 2.0 * std::cos(2 * std::numbers::pi * (hour - 15) / 24);
  const uint64_t purpose = HashText(d.id);
  const double t = base + daily +
                   DailyOffset(home.seed, purpose ^ kClimateOffsetTag, day_index, ms_in_day, 0.8) +
                   noise.Normal(0, 0.15);
  const double humidity_base = 52 + 10 * std::cos(year - 2 * std::numbers::pi * 196 / 365.25);
  const double h = humidity_base - 2.5 * daily +
                   DailyOffset(home.seed, purpose ^ kHumidityOffsetTag, day_index, ms_in_day, 3) +
                   noise.Normal(0, 1);
  return {std::clamp(t, 5.0, 35.0), std::clamp(h, 25.0, 80.0)};
}

/// heat_wave: a hot, humid room with no cooling; 31–35 °C, 60–75 % from 12:00 to 18:00.
Climate HeatWaveClimate(int64_t ms_in_day, Rng& noise) {
  const double hour = double(ms_in_day) / double(kHourMs);
  const double bump = std::max(0.0, std::cos(std::numbers::pi * (hour - 15) / 12));
  const double t = 28.5 + 5.5 * bump + noise.Normal(0, 0.3);
  const double h = 62 + 10 * bump + noise.Normal(0, 2);
  const bool afternoon = hour >= 12 && hour < 18;
  return {std::clamp(t, afternoon ? 31.0 : 28.0, 35.0),
          std::clamp(h, afternoon ? 60.0 : 55.0, afternoon ? 75.0 : 80.0)};
}

bool HeatWaveHits(const FleetHome& home, const FleetDevice& d) {
  if (home.scenario != Scenario::kHeatWave || d.kind != "climate") return false;
  if (d.place == "living") return true;
  return std::none_of(home.devices.begin(), home.devices.end(), [](const FleetDevice& x) {
    return x.kind == "climate" && x.place == "living";
  });
}

SensorEvent Event(const std::string& device, int64_t ts, EventType type) {
  SensorEvent e;
  e.device = device;
  e.ts_ms = ts;
  e.type = type;
  return e;
}

bool IsActivity(EventType t) {
  return t == EventType::kDoorOpen || t == EventType::kDoorClose || t == EventType::kMotion;
}

}  // namespace

void AssignSequenceNumbers(std::vector<SensorEvent>& events) {
  int64_t prev = INT64_MIN;
  int index = 0;
  for (SensorEvent& e : events) {
    if (e.ts_ms <= prev) {
      e.ts_ms = prev;
      if (++index == kSimSeqSlotsPerMs) {
        ++e.ts_ms;
        index = 0;
      }
    } else {
      index = 0;
    }
    prev = e.ts_ms;
    e.seq = e.ts_ms * kSimSeqSlotsPerMs + index;
  }
}

namespace {

void DeviceDay(const FleetHome& home, const FleetDevice& d, int64_t day_start,
               const std::vector<Action>& actions, const ScenarioTimes& times,
               std::vector<SensorEvent>& out) {
  const int64_t day_index = DayIndex(day_start);
  const uint64_t device_hash = HashText(d.id);
  Rng rng = Stream(home.seed, day_index, device_hash);
  std::vector<SensorEvent> events;
  const Place place = PlaceOf(d.place);

  if (d.kind == "door") {
    for (const Action& a : actions) {
      if (!a.door || a.place != place) continue;
      const int64_t open = day_start + a.t;
      // A fridge door stays open while something is taken out; other doors just let one pass.
      const int64_t close = open + (place == Place::kFridge ? Seconds(rng.Uniform(5, 60))
                                                            : Seconds(rng.Uniform(3, 10)));
      events.push_back(Event(d.id, open, EventType::kDoorOpen));
      events.push_back(Event(d.id, close, EventType::kDoorClose));
    }
  } else if (d.kind == "motion") {
    for (const Action& a : actions) {
      if (a.place != place) continue;
      events.push_back(
          Event(d.id, day_start + a.t + Seconds(rng.Uniform(0, 20)), EventType::kMotion));
    }
  } else if (d.kind == "climate") {
    const bool heat = HeatWaveHits(home, d);
    const int64_t phase =
        int64_t(Mix(device_hash ^ kClimateOffsetTag) % uint64_t(kSimClimateIntervalMs));
    for (int64_t t = phase; t < kDayMs; t += kSimClimateIntervalMs) {
      Climate c = heat ? HeatWaveClimate(t, rng) : UsualClimate(home, d, day_index, t, rng);
      SensorEvent e = Event(d.id, day_start + t, EventType::kClimate);
      e.temperature_c = Round1(c.temperature_c);
      e.humidity_pct = std::round(c.humidity_pct);
      events.push_back(std::move(e));
    }
  }
  if (home.scenario == Scenario::kStopsMoving) {
    std::erase_if(events, [&](const SensorEvent& e) {
      return IsActivity(e.type) && e.ts_ms >= times.stop_at;
    });
  }

  // Heartbeats and the daily battery report.
  const int64_t hb_phase = int64_t(device_hash % uint64_t(kSimHeartbeatIntervalMs));
  for (int64_t t = hb_phase; t < kDayMs; t += kSimHeartbeatIntervalMs) {
    SensorEvent e = Event(d.id, day_start + t, EventType::kHeartbeat);
    e.battery_pct = BatteryAt(d, e.ts_ms, times);
    events.push_back(std::move(e));
  }
  {
    const int64_t t = Hours(2) + int64_t(Mix(device_hash) % uint64_t(Hours(2)));
    SensorEvent e = Event(d.id, day_start + t, EventType::kBattery);
    e.battery_pct = BatteryAt(d, e.ts_ms, times);
    events.push_back(std::move(e));
  }
  if (&d == times.dead_device) {
    std::erase_if(events, [&](const SensorEvent& e) { return e.ts_ms >= times.battery_dead_at; });
  }
  // Keep every event inside its own local day (a late toilet visit may spill over midnight), and
  // a second clear of its end, so that moving a colliding event by 1 ms never crosses into the
  // next day: each day can then be generated on its own.
  std::erase_if(events, [&](const SensorEvent& e) {
    return e.ts_ms < day_start || e.ts_ms >= day_start + kDayMs - 1000;
  });
  std::stable_sort(events.begin(), events.end(),
                   [](const SensorEvent& a, const SensorEvent& b) { return a.ts_ms < b.ts_ms; });
  AssignSequenceNumbers(events);
  out.insert(out.end(), std::make_move_iterator(events.begin()),
             std::make_move_iterator(events.end()));
}

void GatewayDay(const FleetGateway& gw, int64_t day_start, std::vector<SensorEvent>& out) {
  std::vector<SensorEvent> events;
  const int64_t phase = int64_t(HashText(gw.id) % uint64_t(kSimHeartbeatIntervalMs));
  for (int64_t t = phase; t < kDayMs - 1000; t += kSimHeartbeatIntervalMs) {
    events.push_back(Event(gw.id, day_start + t, EventType::kHeartbeat));  // mains powered
  }
  AssignSequenceNumbers(events);
  out.insert(out.end(), std::make_move_iterator(events.begin()),
             std::make_move_iterator(events.end()));
}

std::vector<SensorEvent> GenerateDay(const FleetHome& home, int64_t day_start,
                                     const ScenarioTimes& times) {
  const bool night_owl =
      home.scenario == Scenario::kNightOwl && day_start >= LocalDayStart(times.night_owl_from);
  const std::vector<Action> actions = DayPlanner(home, DayIndex(day_start), night_owl).Plan();
  std::vector<SensorEvent> events;
  events.reserve(700);
  for (const FleetDevice& d : home.devices) DeviceDay(home, d, day_start, actions, times, events);
  if (home.gateway) GatewayDay(*home.gateway, day_start, events);
  std::sort(events.begin(), events.end(), [](const SensorEvent& a, const SensorEvent& b) {
    if (a.ts_ms != b.ts_ms) return a.ts_ms < b.ts_ms;
    if (a.device != b.device) return a.device < b.device;
    return a.seq < b.seq;
  });
  return events;
}

}  // namespace

void ResolveScenarioTimes(FleetHome& home, int64_t run_start_ms) {
  if (!home.stop_at_ms) home.stop_at_ms = run_start_ms;
  if (!home.battery_dead_at_ms) home.battery_dead_at_ms = run_start_ms;
  if (!home.offline_at_ms) home.offline_at_ms = run_start_ms;
  if (!home.night_owl_from_ms) home.night_owl_from_ms = run_start_ms;
}

void ResolveScenarioTimes(Fleet& fleet, int64_t run_start_ms) {
  for (FleetHome& h : fleet.homes) ResolveScenarioTimes(h, run_start_ms);
}

const FleetDevice* DeadBatteryDevice(const FleetHome& home) {
  if (home.scenario != Scenario::kDeadBattery || home.devices.empty()) return nullptr;
  return &home.devices[Mix(home.seed ^ 0x6261747465727921ULL) % home.devices.size()];
}

std::vector<SensorEvent> GenerateHome(const FleetHome& home, int64_t from_ms, int64_t to_ms) {
  std::vector<SensorEvent> out;
  if (from_ms >= to_ms) return out;
  ScenarioTimes times;
  times.stop_at = home.stop_at_ms.value_or(from_ms);
  times.battery_dead_at = home.battery_dead_at_ms.value_or(from_ms);
  times.night_owl_from = home.night_owl_from_ms.value_or(from_ms);
  times.dead_device = DeadBatteryDevice(home);
  for (int64_t day = LocalDayStart(from_ms); day < to_ms; day += kDayMs) {
    std::vector<SensorEvent> events = GenerateDay(home, day, times);
    for (SensorEvent& e : events) {
      if (e.ts_ms >= from_ms && e.ts_ms < to_ms) out.push_back(std::move(e));
    }
  }
  return out;
}

int64_t SendTime(const FleetHome& home, const SensorEvent& event) {
  if (home.scenario != Scenario::kGatewayOffline || !home.offline_at_ms) return event.ts_ms;
  const int64_t from = *home.offline_at_ms;
  const int64_t hold = int64_t(home.offline_hours * double(kHourMs));
  if (event.ts_ms < from || event.ts_ms >= from + hold) return event.ts_ms;
  // Oldest first, spread over the flush: the held backlog goes out after the live events that
  // happen while it drains.
  const double into = double(event.ts_ms - from) / double(hold);
  return from + hold + int64_t(into * double(kSimFlushSpreadMs));
}

// ---------------------------------------------------------------------------------------------
// HomeStream

HomeStream::HomeStream(const FleetHome& home, int64_t from_ms, int64_t chunk_ms)
    : home_(&home), chunk_ms_(chunk_ms), generated_until_(from_ms) {}

void HomeStream::TakeUntil(int64_t until_ms, std::vector<SensorEvent>& out) {
  // An event is never sent before it happens, so everything due before until_ms has ts < until_ms.
  while (generated_until_ < until_ms) {
    const int64_t day = LocalDayStart(generated_until_);
    const int64_t chunk = std::clamp<int64_t>(chunk_ms_, kMinuteMs, kDayMs);
    // Each piece regenerates the whole day; homes start their pieces at their own minute, so
    // that a live run with thousands of homes spreads that work over the hour instead of doing
    // it all on the hour. Day-sized pieces stay on local midnight: one day generated per piece.
    const int64_t phase =
        chunk < kDayMs ? int64_t(Mix(home_->seed ^ HashText(home_->label)) % uint64_t(chunk)) : 0;
    const int64_t next = chunk < kDayMs ? generated_until_ + chunk -
                                              (((generated_until_ - phase) % chunk) + chunk) % chunk
                                        : day + kDayMs;
    for (SensorEvent& e : GenerateHome(*home_, generated_until_, next)) {
      const int64_t send_at = SendTime(*home_, e);
      pending_.push_back({send_at, order_++, std::move(e)});
      std::push_heap(pending_.begin(), pending_.end(), Later{});
    }
    generated_until_ = next;
  }
  while (!pending_.empty() && pending_.front().send_at < until_ms) {
    std::pop_heap(pending_.begin(), pending_.end(), Later{});
    out.push_back(std::move(pending_.back().event));
    pending_.pop_back();
  }
}

size_t HomeStream::HeldBefore(int64_t until_ms) const {
  return size_t(std::count_if(pending_.begin(), pending_.end(),
                              [&](const Pending& p) { return p.event.ts_ms < until_ms; }));
}

}  // namespace watch

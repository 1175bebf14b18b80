// Indoor WBGT from temperature and humidity. Three candidates were compared with the
// 日本生気象学会 indoor chart (2022, 340 points, whole degrees): 環境省's 実況推定式 with no sun
// and no wind (RMS 0.47 °C, worst 0.99 °C, reads low on average), the psychrometric wet bulb of an
// aspirated psychrometer (RMS 0.41 °C, worst 1.02 °C), and the still-air wet bulb used here
// (RMS 0.29 °C, worst 0.6 °C, no bias). The chart's own premise is a room with no sun and air at
// 0.2 m/s, which is what a natural (unventilated) wet bulb sees.
#include "watch/wbgt.h"

#include <cmath>

#include "watch/sensor_event.h"

namespace watch {
namespace {

// Saturation vapour pressure over water in hPa, Magnus form with the constants of the WMO Guide
// to Instruments and Methods of Observation (CIMO guide): 6.112·exp(17.62·t / (243.12 + t)).
constexpr double kMagnusHpa = 6.112;
constexpr double kMagnusB = 17.62;
constexpr double kMagnusCelsius = 243.12;

// Psychrometer coefficient A (per K) in e = es(Tw) − A·p·(Ta − Tw). An aspirated (Assmann)
// psychrometer has 0.000662 (Sprung); a wet bulb in nearly still air cools less and needs a larger
// A. 0.00080 is in the flat optimum against the chart (0.00075–0.00080 all stay within 0.62 °C).
constexpr double kStillAirPsychrometerCoefficient = 0.00080;
constexpr double kStandardPressureHpa = 1013.25;

// Indoor WBGT weights (JIS Z 8504, 環境省): 0.7·wet bulb + 0.3·globe.
constexpr double kWetBulbWeight = 0.7;
constexpr double kGlobeWeight = 0.3;

// The resolution 環境省 publishes WBGT in; the estimate is rounded to it so that the value shown
// and the value classified are the same.
constexpr double kWbgtResolution = 0.1;

// 小野ら (2014) coefficients as published on wbgt.env.go.jp (wbgt_detail.php).
constexpr double kOnoTa = 0.735;
constexpr double kOnoRh = 0.0374;
constexpr double kOnoTaRh = 0.00292;
constexpr double kOnoSr = 7.619;
constexpr double kOnoSr2 = -4.557;
constexpr double kOnoWs = -0.0572;
constexpr double kOnoConstant = -4.064;

// Newton steps for the wet bulb stop when they move less than this (°C) — far below the 0.1 °C
// resolution — or after kMaxNewtonSteps, which is never reached in the sensor range.
constexpr double kWetBulbToleranceC = 1e-9;
constexpr int kMaxNewtonSteps = 50;

double SaturationVapourPressureHpa(double t) {
  return kMagnusHpa * std::exp(kMagnusB * t / (kMagnusCelsius + t));
}

// Wet-bulb temperature for air at `t` °C and `rh` %: the root of
// f(x) = es(x) + A·p·(x − t) − e. f is increasing and convex and f(t) = es(t) − e ≥ 0, so Newton's
// method started at t walks down to the root without overshooting.
double StillAirWetBulbC(double t, double rh) {
  const double vapour_pressure = rh / 100 * SaturationVapourPressureHpa(t);
  const double a_p = kStillAirPsychrometerCoefficient * kStandardPressureHpa;
  double x = t;
  for (int step = 0; step < kMaxNewtonSteps; ++step) {
    const double es = SaturationVapourPressureHpa(x);
    const double f = es + a_p * (x - t) - vapour_pressure;
    const double slope =
        es * kMagnusB * kMagnusCelsius / ((kMagnusCelsius + x) * (kMagnusCelsius + x)) + a_p;
    const double next = x - f / slope;
    const bool done = std::fabs(next - x) < kWetBulbToleranceC;
    x = next;
    if (done) break;
  }
  return x;
}

}  // namespace

std::optional<double> EstimateIndoorWbgt(double temperature_c, double humidity_pct) {
  if (!std::isfinite(temperature_c) || !std::isfinite(humidity_pct)) return std::nullopt;
  if (temperature_c < kMinTemperatureC || temperature_c > kMaxTemperatureC) return std::nullopt;
  if (humidity_pct < kMinHumidityPct || humidity_pct > kMaxHumidityPct) return std::nullopt;
  const double globe_c = temperature_c;  // no sun, no radiant heater: the globe reads the air
  const double wbgt =
      kWetBulbWeight * StillAirWetBulbC(temperature_c, humidity_pct) + kGlobeWeight * globe_c;
  return std::round(wbgt / kWbgtResolution) * kWbgtResolution;
}

double MoeObservedWbgtEstimate(double temperature_c, double humidity_pct, double solar_kw_m2,
                               double wind_m_s) {
  return kOnoTa * temperature_c + kOnoRh * humidity_pct + kOnoTaRh * temperature_c * humidity_pct +
         kOnoSr * solar_kw_m2 + kOnoSr2 * solar_kw_m2 * solar_kw_m2 + kOnoWs * wind_m_s +
         kOnoConstant;
}

HeatLevel ClassifyHeat(double wbgt, const HeatBands& bands) {
  if (wbgt >= bands.danger_from) return HeatLevel::kDanger;
  if (wbgt >= bands.severe_warning_from) return HeatLevel::kSevereWarning;
  if (wbgt >= bands.warning_from) return HeatLevel::kWarning;
  if (wbgt >= bands.caution_from) return HeatLevel::kCaution;
  return HeatLevel::kSafe;
}

std::string_view HeatLevelCode(HeatLevel level) {
  switch (level) {
    case HeatLevel::kSafe:
      return "safe";
    case HeatLevel::kCaution:
      return "caution";
    case HeatLevel::kWarning:
      return "warning";
    case HeatLevel::kSevereWarning:
      return "severe_warning";
    case HeatLevel::kDanger:
      return "danger";
  }
  return "safe";
}

std::string_view HeatLevelLabelJa(HeatLevel level) {
  switch (level) {
    case HeatLevel::kSafe:
      return "ほぼ安全";
    case HeatLevel::kCaution:
      return "注意";
    case HeatLevel::kWarning:
      return "警戒";
    case HeatLevel::kSevereWarning:
      return "厳重警戒";
    case HeatLevel::kDanger:
      return "危険";
  }
  return "ほぼ安全";
}

bool IsCold(double temperature_c, double cold_below_c) { return temperature_c < cold_below_c; }

}  // namespace watch

// Indoor heat-stress estimate (暑さ指数, WBGT) from a room's temperature and humidity, the heat
// bands the alerts use, and the cold threshold. Pure functions; the rules engine decides what an
// alert is, these only say how hot or cold a room is.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace watch {

/// Estimated indoor WBGT in °C, rounded to 0.1 °C (the resolution 環境省 publishes), for a room
/// without sun or radiant heaters: the 環境省 / JIS Z 8504 indoor definition
/// WBGT = 0.7·Tw + 0.3·Tg with the globe temperature Tg taken as the air temperature and the
/// natural wet-bulb temperature Tw computed from temperature and humidity for still indoor air.
/// Agrees with 日本生気象学会「室内用のWBGT簡易推定図」(2022) within 0.6 °C over the whole chart
/// (21–40 °C, 20–100 %); see wbgt_test.cpp for the comparison and docs for the choice.
/// nullopt when a reading is not finite or outside the device contract's ranges
/// (-40..80 °C, 0..100 %).
std::optional<double> EstimateIndoorWbgt(double temperature_c, double humidity_pct);

/// 環境省's 実況推定式 (小野ら 2014), used for its ~840 observation points: outdoor WBGT from air
/// temperature (°C), relative humidity (%), global solar radiation (kW/m²) and mean wind (m/s).
/// Unrounded. Kept for comparison and for outdoor data; with no sun and no wind it reads about
/// 0.2 °C below the indoor chart on average and up to 1 °C off, so EstimateIndoorWbgt is used for
/// rooms.
double MoeObservedWbgtEstimate(double temperature_c, double humidity_pct, double solar_kw_m2,
                               double wind_m_s);

/// 暑さ指数 bands of 日本生気象学会「日常生活における熱中症予防指針」 as 環境省 shows them.
enum class HeatLevel : uint8_t {
  kSafe,           // ほぼ安全, below 21
  kCaution,        // 注意, 21 to below 25
  kWarning,        // 警戒, 25 to below 28
  kSevereWarning,  // 厳重警戒, 28 to below 31
  kDanger,         // 危険, 31 and above
};

/// Lower bounds of each band (inclusive), so that a municipality may move them.
struct HeatBands {
  double caution_from = 21;
  double warning_from = 25;
  double severe_warning_from = 28;
  double danger_from = 31;
};

inline constexpr HeatBands kDefaultHeatBands{};

/// The band `wbgt` falls in; compare the same rounded value you show. NaN counts as kSafe (no
/// reading is not a heat alert; a missing sensor is reported as a device problem instead).
HeatLevel ClassifyHeat(double wbgt, const HeatBands& bands = kDefaultHeatBands);

/// snake_case code for APIs and logs: safe, caution, warning, severe_warning, danger.
std::string_view HeatLevelCode(HeatLevel level);
/// The Japanese name of the band (ほぼ安全, 注意, 警戒, 厳重警戒, 危険).
std::string_view HeatLevelLabelJa(HeatLevel level);

/// The spec's cold alert: a room below 10 °C.
inline constexpr double kDefaultColdBelowC = 10;

/// True when the room is strictly below `cold_below_c`; false for NaN.
bool IsCold(double temperature_c, double cold_below_c = kDefaultColdBelowC);

}  // namespace watch

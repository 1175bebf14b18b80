// The watch module's fixed vocabularies (spec 06): device kinds and places, alert kinds,
// severities and states, absence reasons. The snake_case codes are part of the API and stored in
// the database; the screens translate them.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace watch {

/// door | climate (temperature and humidity) | motion | gateway (forwards other devices' events).
std::span<const std::string_view> DeviceKinds();
/// entrance 玄関 | fridge 冷蔵庫 | bathroom 浴室 | toilet トイレ | living 居間 | bedroom 寝室 |
/// other
std::span<const std::string_view> Places();
/// short_stay | hospital | travel | other
std::span<const std::string_view> AbsenceReasons();

enum class AlertKind {
  // About the person.
  kInactivity,      // no activity for N hours
  kDaytimeSilence,  // no activity between 06:00 and a check time
  kBelowBaseline,   // today's activity far below the same weekday and hours of the last weeks
  kNightActivity,   // openings between 00:00 and 04:00 well above the person's usual
  kHeat,            // estimated indoor WBGT at or above the threshold
  kCold,            // room below the cold threshold
  // About a device: shown apart, never read as the person's inactivity.
  kDeviceOffline,
  kBatteryLow,
};

std::string_view AlertKindCode(AlertKind kind);
std::optional<AlertKind> ParseAlertKind(std::string_view code);
/// Device problems (offline, battery) as opposed to the person's condition.
bool IsDeviceKind(AlertKind kind);

enum class Severity { kWatch = 1, kAlert = 2, kSevere = 3 };
std::string_view SeverityCode(Severity s);
std::optional<Severity> ParseSeverity(std::string_view code);

bool IsOneOf(std::span<const std::string_view> codes, std::string_view value);

}  // namespace watch

#include "watch/codes.h"

#include <algorithm>
#include <array>

namespace watch {
namespace {

constexpr std::array<std::string_view, 4> kDeviceKinds = {"door", "climate", "motion", "gateway"};
constexpr std::array<std::string_view, 7> kPlaces = {"entrance", "fridge",  "bathroom", "toilet",
                                                     "living",   "bedroom", "other"};
constexpr std::array<std::string_view, 4> kAbsenceReasons = {"short_stay", "hospital", "travel",
                                                             "other"};

constexpr std::array<std::pair<AlertKind, std::string_view>, 8> kAlertKinds = {{
    {AlertKind::kInactivity, "inactivity"},
    {AlertKind::kDaytimeSilence, "daytime_silence"},
    {AlertKind::kBelowBaseline, "below_baseline"},
    {AlertKind::kNightActivity, "night_activity"},
    {AlertKind::kHeat, "heat"},
    {AlertKind::kCold, "cold"},
    {AlertKind::kDeviceOffline, "device_offline"},
    {AlertKind::kBatteryLow, "battery_low"},
}};

}  // namespace

std::span<const std::string_view> DeviceKinds() { return kDeviceKinds; }
std::span<const std::string_view> Places() { return kPlaces; }
std::span<const std::string_view> AbsenceReasons() { return kAbsenceReasons; }

std::string_view AlertKindCode(AlertKind kind) {
  for (const auto& [k, code] : kAlertKinds) {
    if (k == kind) return code;
  }
  return "unknown";
}

std::optional<AlertKind> ParseAlertKind(std::string_view code) {
  for (const auto& [k, c] : kAlertKinds) {
    if (c == code) return k;
  }
  return std::nullopt;
}

bool IsDeviceKind(AlertKind kind) {
  return kind == AlertKind::kDeviceOffline || kind == AlertKind::kBatteryLow;
}

std::string_view SeverityCode(Severity s) {
  switch (s) {
    case Severity::kWatch:
      return "watch";
    case Severity::kAlert:
      return "alert";
    case Severity::kSevere:
      return "severe";
  }
  return "watch";
}

std::optional<Severity> ParseSeverity(std::string_view code) {
  for (Severity s : {Severity::kWatch, Severity::kAlert, Severity::kSevere}) {
    if (SeverityCode(s) == code) return s;
  }
  return std::nullopt;
}

bool IsOneOf(std::span<const std::string_view> codes, std::string_view value) {
  return std::find(codes.begin(), codes.end(), value) != codes.end();
}

}  // namespace watch

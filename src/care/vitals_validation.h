// Reading and checking vital signs: the same rules whether they come with a timeline post
// (fields named `vitals.systolic`) or on their own through POST /persons/{id}/vitals
// (`systolic`). Ranges are the contract's (docs/care-api.md, Vitals): wide enough for every
// real measurement, narrow enough to catch a typo such as 1200 for 120.
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "care/vitals_model.h"
#include "core/result.h"

namespace care {

/// How far ahead of the server clock `measured_at` may lie (clock drift on tablets).
inline constexpr int64_t kVitalsFutureToleranceMs = 10 * 60 * 1000;
/// The earliest accepted `measured_at` (2000-01-01T00:00Z): older values are typos.
inline constexpr int64_t kVitalsEarliestMs = 946'684'800'000;

/// Ranges, in the units of VitalsInput.
struct VitalsRange {
  std::string_view field;
  double min;
  double max;
};
inline constexpr VitalsRange kSystolicRange{"systolic", 40, 300};
inline constexpr VitalsRange kDiastolicRange{"diastolic", 20, 200};
inline constexpr VitalsRange kPulseRange{"pulse", 20, 250};
inline constexpr VitalsRange kTemperatureRange{"temperature", 30.0, 43.0};
inline constexpr VitalsRange kSpo2Range{"spo2", 50, 100};
inline constexpr VitalsRange kRespirationRange{"respiration", 4, 80};
inline constexpr VitalsRange kWeightRange{"weight", 1.0, 300.0};
inline constexpr VitalsRange kGlucoseRange{"glucose", 10, 1000};

/// The rules on parsed values: measured_at present and not more than 10 minutes after `now`,
/// at least one value, every value in its range, diastolic below systolic. Field names are
/// prefixed with `prefix` ("vitals." inside a post body, "" on its own).
std::vector<core::FieldError> ValidateVitals(const VitalsInput& v, int64_t now,
                                             std::string_view prefix = "");

/// Reads a VitalsInput from a JSON object: shape and types only (unknown fields, wrong types),
/// errors naming `prefix` + field; the rules are ValidateVitals'. A value
/// that is not an object is an error on `prefix` without its dot (e.g. "vitals"), or "body".
core::Result<VitalsInput> ParseVitals(const boost::json::value& value,
                                      std::string_view prefix = "");

}  // namespace care

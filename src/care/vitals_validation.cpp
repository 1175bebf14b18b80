#include "care/vitals_validation.h"

#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdio>
#include <limits>

#include "http/json_body.h"

namespace care {
namespace {

constexpr int64_t kAnyInt = std::numeric_limits<int64_t>::max();

std::string Field(std::string_view prefix, std::string_view name) {
  return std::string(prefix) + std::string(name);
}

std::string FormatBound(double v) {
  char buf[32];
  if (v == std::floor(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  }
  return buf;
}

template <typename T>
void CheckRange(const std::optional<T>& value, const VitalsRange& range, std::string_view prefix,
                std::vector<core::FieldError>& errors) {
  if (!value) return;
  double v = static_cast<double>(*value);
  if (std::isfinite(v) && v >= range.min && v <= range.max) return;
  std::string bounds = FormatBound(range.min) + "〜" + FormatBound(range.max);
  errors.push_back({Field(prefix, range.field), "out_of_range",
                    bounds + "の範囲で入力してください (must be between " + FormatBound(range.min) +
                        " and " + FormatBound(range.max) + ")"});
}

}  // namespace

std::vector<core::FieldError> ValidateVitals(const VitalsInput& v, int64_t now,
                                             std::string_view prefix) {
  std::vector<core::FieldError> errors;
  if (v.measured_at <= 0) {
    errors.push_back({Field(prefix, "measured_at"), "required", "入力してください (required)"});
  } else if (v.measured_at > now + kVitalsFutureToleranceMs) {
    errors.push_back({Field(prefix, "measured_at"), "future",
                      "測定日時が未来になっています (measured_at is in the future)"});
  } else if (v.measured_at < kVitalsEarliestMs) {
    errors.push_back({Field(prefix, "measured_at"), "out_of_range",
                      "測定日時が古すぎます (measured_at is before 2000)"});
  }
  if (!v.HasAnyValue()) {
    errors.push_back({Field(prefix, "systolic"), "required",
                      "測定値を1つ以上入力してください (at least one value is required)"});
  }
  CheckRange(v.systolic, kSystolicRange, prefix, errors);
  CheckRange(v.diastolic, kDiastolicRange, prefix, errors);
  CheckRange(v.pulse, kPulseRange, prefix, errors);
  CheckRange(v.temperature, kTemperatureRange, prefix, errors);
  CheckRange(v.spo2, kSpo2Range, prefix, errors);
  CheckRange(v.respiration, kRespirationRange, prefix, errors);
  CheckRange(v.weight, kWeightRange, prefix, errors);
  CheckRange(v.glucose, kGlucoseRange, prefix, errors);
  if (v.systolic && v.diastolic && *v.diastolic >= *v.systolic) {
    errors.push_back({Field(prefix, "diastolic"), "not_below_systolic",
                      "拡張期血圧は収縮期血圧より低い値にしてください (diastolic must be below "
                      "systolic)"});
  }
  return errors;
}

core::Result<VitalsInput> ParseVitals(const boost::json::value& value, std::string_view prefix) {
  std::string self =
      prefix.empty() ? std::string("body") : std::string(prefix.substr(0, prefix.size() - 1));
  if (!value.is_object()) {
    return core::Error::Invalid(self, "オブジェクトで指定してください (must be an object)", "type");
  }
  // JsonBody gives the same type checks and messages as every other body; its field names are
  // then prefixed to point into the enclosing body.
  auto parsed = http::JsonBody::ParseText(boost::json::serialize(value));
  if (!parsed.ok()) return std::move(parsed).error();
  http::JsonBody& in = *parsed;
  VitalsInput v;
  // Range errors come from ValidateVitals with the contract's bounds, so any number is read.
  // A missing measured_at stays 0, which ValidateVitals reports as required.
  v.measured_at = in.Int("measured_at", 0, kAnyInt).value_or(0);
  v.systolic = in.Int("systolic", -kAnyInt, kAnyInt);
  v.diastolic = in.Int("diastolic", -kAnyInt, kAnyInt);
  v.pulse = in.Int("pulse", -kAnyInt, kAnyInt);
  v.temperature = in.Number("temperature", -1e9, 1e9);
  v.spo2 = in.Int("spo2", -kAnyInt, kAnyInt);
  v.respiration = in.Int("respiration", -kAnyInt, kAnyInt);
  v.weight = in.Number("weight", -1e9, 1e9);
  v.glucose = in.Int("glucose", -kAnyInt, kAnyInt);
  auto finished = in.Finish();
  if (finished.ok()) return v;
  core::Error e = std::move(finished).error();
  for (auto& d : e.details) d.field = Field(prefix, d.field);
  return core::Error::Fields(std::move(e.details));
}

}  // namespace care

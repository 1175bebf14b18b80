// Vital signs (バイタル) as recorded by the care team: blood pressure, pulse, temperature, SpO2,
// respiration rate, weight and blood glucose, with the time they were measured. Recorded with a
// timeline post or on their own; the chart per vital reads them back oldest first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace care {

/// What a member enters. At least one value; ranges are checked by ValidateVitals.
struct VitalsInput {
  int64_t measured_at = 0;             // UTC epoch ms
  std::optional<int64_t> systolic;     // 収縮期血圧 mmHg
  std::optional<int64_t> diastolic;    // 拡張期血圧 mmHg
  std::optional<int64_t> pulse;        // 脈拍 /min
  std::optional<double> temperature;   // 体温 ℃
  std::optional<int64_t> spo2;         // %
  std::optional<int64_t> respiration;  // 呼吸数 /min
  std::optional<double> weight;        // 体重 kg
  std::optional<int64_t> glucose;      // 血糖 mg/dL

  bool HasAnyValue() const {
    return systolic || diastolic || pulse || temperature || spo2 || respiration || weight ||
           glucose;
  }
};

/// A stored measurement.
struct Vitals {
  std::string id;
  std::string person_id;
  std::optional<std::string> post_id;  // the post it came with, if any
  VitalsInput values;
  std::string recorded_by;
  std::string recorded_by_name;
  std::string recorded_by_profession;
  int64_t created_at = 0;
};

}  // namespace care

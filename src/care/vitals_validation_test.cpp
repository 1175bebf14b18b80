// The vitals rules on their own: ranges at both ends, diastolic below systolic, at least one
// value, measured_at not in the future beyond the tolerance, and JSON shape errors that name
// the field with the caller's prefix.
#include "care/vitals_validation.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace care {
namespace {

constexpr int64_t kNow = 1'790'000'000'000;

VitalsInput Valid() {
  VitalsInput v;
  v.measured_at = kNow - 60'000;
  v.systolic = 128;
  v.diastolic = 76;
  return v;
}

std::vector<std::string> Fields(const std::vector<core::FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field);
  return out;
}

TEST(VitalsValidationTest, TypicalMeasurementsPass) {
  VitalsInput v = Valid();
  v.pulse = 72;
  v.temperature = 36.8;
  v.spo2 = 97;
  v.respiration = 16;
  v.weight = 48.5;
  v.glucose = 110;
  EXPECT_TRUE(ValidateVitals(v, kNow).empty());
}

TEST(VitalsValidationTest, EachValueIsCheckedAtBothEndsOfItsRange) {
  struct Case {
    const char* field;
    void (*set)(VitalsInput&, double);
    double low_ok, high_ok, low_bad, high_bad;
  };
  const Case cases[] = {
      {"systolic", [](VitalsInput& v, double x) { v.systolic = x, v.diastolic.reset(); }, 40, 300,
       39, 301},
      {"diastolic", [](VitalsInput& v, double x) { v.diastolic = x, v.systolic.reset(); }, 20, 200,
       19, 201},
      {"pulse", [](VitalsInput& v, double x) { v.pulse = x; }, 20, 250, 19, 251},
      {"temperature", [](VitalsInput& v, double x) { v.temperature = x; }, 30.0, 43.0, 29.9, 43.1},
      {"spo2", [](VitalsInput& v, double x) { v.spo2 = x; }, 50, 100, 49, 101},
      {"respiration", [](VitalsInput& v, double x) { v.respiration = x; }, 4, 80, 3, 81},
      {"weight", [](VitalsInput& v, double x) { v.weight = x; }, 1.0, 300.0, 0.9, 300.1},
      {"glucose", [](VitalsInput& v, double x) { v.glucose = x; }, 10, 1000, 9, 1001},
  };
  for (const auto& c : cases) {
    for (double ok : {c.low_ok, c.high_ok}) {
      VitalsInput v = Valid();
      c.set(v, ok);
      EXPECT_TRUE(ValidateVitals(v, kNow).empty()) << c.field << "=" << ok;
    }
    for (double bad : {c.low_bad, c.high_bad}) {
      VitalsInput v = Valid();
      c.set(v, bad);
      EXPECT_EQ(Fields(ValidateVitals(v, kNow, "vitals.")),
                std::vector<std::string>{std::string("vitals.") + c.field})
          << c.field << "=" << bad;
    }
  }
}

TEST(VitalsValidationTest, DiastolicMustBeBelowSystolic) {
  VitalsInput v = Valid();
  v.systolic = 90;
  v.diastolic = 90;
  EXPECT_EQ(Fields(ValidateVitals(v, kNow)), std::vector<std::string>{"diastolic"});
  v.diastolic = 89;
  EXPECT_TRUE(ValidateVitals(v, kNow).empty());
}

TEST(VitalsValidationTest, AtLeastOneValueIsRequired) {
  VitalsInput v;
  v.measured_at = kNow;
  auto errors = ValidateVitals(v, kNow);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, "required");
}

TEST(VitalsValidationTest, MeasuredAtMayBeAtMostTenMinutesAhead) {
  VitalsInput v = Valid();
  v.measured_at = kNow + kVitalsFutureToleranceMs;
  EXPECT_TRUE(ValidateVitals(v, kNow).empty());
  v.measured_at = kNow + kVitalsFutureToleranceMs + 1;
  EXPECT_EQ(Fields(ValidateVitals(v, kNow)), std::vector<std::string>{"measured_at"});
  v.measured_at = 0;
  EXPECT_EQ(Fields(ValidateVitals(v, kNow)), std::vector<std::string>{"measured_at"});
  v.measured_at = 123;  // 1970: a typo, not a measurement
  EXPECT_EQ(Fields(ValidateVitals(v, kNow)), std::vector<std::string>{"measured_at"});
}

TEST(VitalsValidationTest, ParseReadsEveryFieldAndKeepsAbsentOnesEmpty) {
  auto v = ParseVitals(boost::json::parse(
      R"({"measured_at": 1789999999000, "systolic": 120, "temperature": 36.4, "weight": 50})"));
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ(v->measured_at, 1789999999000);
  EXPECT_EQ(v->systolic, 120);
  EXPECT_DOUBLE_EQ(*v->temperature, 36.4);
  EXPECT_DOUBLE_EQ(*v->weight, 50.0);
  EXPECT_FALSE(v->diastolic.has_value());
  EXPECT_FALSE(v->glucose.has_value());
}

TEST(VitalsValidationTest, ParseErrorsNameTheFieldWithThePrefix) {
  auto v = ParseVitals(
      boost::json::parse(R"({"measured_at": "today", "pulse": 72.5, "bp": 120, "spo2": "97"})"),
      "vitals.");
  ASSERT_FALSE(v.ok());
  std::vector<std::string> fields;
  for (const auto& d : v.error().details) fields.push_back(d.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"vitals.measured_at", "vitals.pulse", "vitals.spo2",
                                              "vitals.bp"}));
  auto not_object = ParseVitals(boost::json::parse("[1, 2]"), "vitals.");
  ASSERT_FALSE(not_object.ok());
  EXPECT_EQ(not_object.error().field, "vitals");
}

}  // namespace
}  // namespace care

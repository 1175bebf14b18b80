#include "app/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace app {
namespace {

/// A TOML file in a fresh temporary directory, removed afterwards.
class ConfigFileTest : public ::testing::Test {
 protected:
  ConfigFileTest()
      : dir_(std::filesystem::temp_directory_path() /
             ("tsunagari-config-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    std::filesystem::create_directories(dir_);
  }
  ~ConfigFileTest() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& toml) {
    std::string path = (dir_ / "tsunagari.toml").string();
    std::ofstream(path) << toml;
    return path;
  }

  static bool NamesField(const core::Error& e, const std::string& field) {
    for (const auto& d : e.details) {
      if (d.field == field) return true;
    }
    return e.field == field;
  }

  std::filesystem::path dir_;
};

TEST_F(ConfigFileTest, AckReminderIntervalIsReadFromTheCareSection) {
  auto c = LoadConfig(Write("[care]\nack_reminder_hours = 6\n"));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->ack_reminder_hours, 6);
  EXPECT_TRUE(ValidateConfig(*c).ok());
  auto defaults = LoadConfig(Write(""));
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->ack_reminder_hours, 24);
}

TEST_F(ConfigFileTest, AckReminderIntervalOutsideOneHourToFourteenDaysIsRefusedByName) {
  for (int hours : {0, -3, 24 * 14 + 1}) {
    auto c = LoadConfig(Write("[care]\nack_reminder_hours = " + std::to_string(hours) + "\n"));
    ASSERT_TRUE(c.ok()) << c.error().message;
    auto checked = ValidateConfig(*c);
    ASSERT_FALSE(checked.ok()) << hours;
    EXPECT_TRUE(NamesField(checked.error(), "care.ack_reminder_hours")) << hours;
  }
}

TEST_F(ConfigFileTest, EmergencyAccessHoursAreReadAndRefusedOutsideOneHourToAWeek) {
  auto c = LoadConfig(Write("[emergency]\naccess_hours = 12\n"));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->emergency_access_hours, 12);
  EXPECT_TRUE(ValidateConfig(*c).ok());
  EXPECT_EQ(LoadConfig(Write(""))->emergency_access_hours, 24);
  for (int hours : {0, 24 * 7 + 1}) {
    auto bad = LoadConfig(Write("[emergency]\naccess_hours = " + std::to_string(hours) + "\n"));
    ASSERT_TRUE(bad.ok());
    auto checked = ValidateConfig(*bad);
    ASSERT_FALSE(checked.ok()) << hours;
    EXPECT_TRUE(NamesField(checked.error(), "emergency.access_hours")) << hours;
  }
}

}  // namespace
}  // namespace app

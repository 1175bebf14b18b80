#include "care/codes.h"

#include <algorithm>
#include <array>

namespace care {
namespace {

constexpr std::array<std::string_view, 5> kPersonCategories = {
    "elderly", "disability", "medical_child", "watched", "evacuation_support"};
constexpr std::array<std::string_view, 4> kSexes = {"male", "female", "other", "unknown"};
constexpr std::array<std::string_view, 6> kStatuses = {"at_home",  "hospitalized", "short_stay",
                                                       "facility", "moved_away",   "died"};
constexpr std::array<std::string_view, 18> kTeamRoles = {"care_manager",
                                                         "primary_doctor",
                                                         "primary_dentist",
                                                         "visiting_nurse",
                                                         "nurse",
                                                         "pharmacist",
                                                         "home_helper",
                                                         "therapist",
                                                         "dental_hygienist",
                                                         "dietitian",
                                                         "medical_social_worker",
                                                         "day_service",
                                                         "short_stay",
                                                         "welfare_equipment",
                                                         "support_center",
                                                         "consultation_support",
                                                         "municipality",
                                                         "other"};
constexpr std::array<std::string_view, 13> kPostCategories = {
    "contact",   "daily_life", "medical_visit", "support", "wishes",  "medication", "meal",
    "excretion", "sleep",      "skin",          "rehab",   "meeting", "other"};
constexpr std::array<std::string_view, 4> kSystemPostCategories = {
    "sensor_alert", "resource_referral", "safety_check", "ems_access"};
constexpr std::array<std::string_view, 10> kProfileParts = {
    "care_level",    "disability", "key_persons", "providers", "medical",
    "prescriptions", "devices",    "living",      "emergency", "acp"};

}  // namespace

std::span<const std::string_view> PersonCategories() { return kPersonCategories; }
std::span<const std::string_view> Sexes() { return kSexes; }
std::span<const std::string_view> PersonStatuses() { return kStatuses; }
std::span<const std::string_view> TeamRoles() { return kTeamRoles; }
std::span<const std::string_view> PostCategories() { return kPostCategories; }
std::span<const std::string_view> SystemPostCategories() { return kSystemPostCategories; }
std::span<const std::string_view> ProfileParts() { return kProfileParts; }

bool IsOneOf(std::span<const std::string_view> codes, std::string_view value) {
  return std::find(codes.begin(), codes.end(), value) != codes.end();
}

}  // namespace care

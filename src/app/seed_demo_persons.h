// The demo persons as data: identity, the versions of their care profile in the order they
// were saved, status changes, consent and team, each dated in days before today. Written by
// seed_demo_care.cpp; the plans are in seed_demo_persons_*.cpp. Internal to src/app.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/seed_demo_care.h"
#include "app/seed_demo_story.h"
#include "care/access.h"

namespace app::demo {

struct Seat {
  std::string login;
  std::string role;
  int joined_ago = 0;  // for "invited": the day of the invitation
  std::string status = "active";
  int left_ago = -1;  // >= 0: left the team on that day
};

struct PartChange {
  std::string part;
  int days_ago = 0;
  std::string by;  // login
  boost::json::value data;
};

struct StatusChange {
  std::string status;
  int since_ago = 0;
  std::string place;
  std::string note;
  std::string by;
};

struct ConsentPlan {
  care::ConsentScopes scopes;
  std::string by;                   // who recorded it
  std::string representative_name;  // "" when the person consented
  std::string representative_relation;
  std::string method = "written";
  std::string note;
};

struct PersonPlan {
  std::string key;
  boost::json::object identity;  // as POST /persons takes it
  int registered_ago = 0;
  std::string registrant;
  std::vector<Seat> team;  // after the registrant, who is its first member
  std::string registrant_role;
  ConsentPlan consent;
  std::vector<StatusChange> statuses;  // after "at_home" from registration
  std::vector<PartChange> parts;       // in the order they were saved
  std::optional<std::pair<int, boost::json::object>> identity_change;  // days ago, changed fields
  StoryFn story = nullptr;
};

// Helpers for the plans (seed_demo_persons_1.cpp).

/// The birth date of someone `age` years old this year.
std::string BirthDate(const Calendar& cal, int age, int month, int day);
/// Identity as POST /persons takes it, placed on the map by hand (location_source "map").
boost::json::object Identity(const std::string& municipality, const char* name, const char* kana,
                             const char* sex, const std::string& birth, const char* address,
                             double lat, double lon, const char* phone,
                             std::initializer_list<const char*> categories,
                             const char* resident_id = nullptr);
/// A provider entry linked to a directory organization (and user).
boost::json::object Provider(const Directory& dir, const char* org, const char* login = nullptr,
                             const char* note = nullptr);
boost::json::object KeyPerson(const char* name, const char* kana, const char* relation,
                              std::initializer_list<const char*> phones, bool lives_with, int order,
                              const char* note = nullptr);
boost::json::object Drug(const char* drug, const char* dose, const char* usage,
                         const std::string& start, const char* institution, const char* prescriber,
                         const std::string& end = "");
boost::json::object Items(boost::json::array items);

inline constexpr const char* kClinic = "あおば内科クリニック";
inline constexpr const char* kHospital = "群青市民病院";
inline constexpr const char* kDrYamamoto = "山本 一郎";

/// 群青市's elderly persons (seed_demo_persons_1.cpp).
std::vector<PersonPlan> GunjoElderlyPlans(const Calendar& cal, const Directory& dir);
/// The younger persons of 群青市 and the persons of 翠町 (seed_demo_persons_2.cpp).
std::vector<PersonPlan> YoungerAndMidoriPlans(const Calendar& cal, const Directory& dir);

}  // namespace app::demo

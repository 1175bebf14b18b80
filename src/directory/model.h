// The directory's data: municipalities, organizations, users (profiles) and memberships, plus
// the code lists kept as data (professions, organization types).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace directory {

struct Municipality {
  std::string code;  // 全国地方公共団体コード, six digits with the check digit
  std::string name;
  std::string kana;
  std::string prefecture;
  std::string status = "active";
  int64_t created_at = 0;
};

struct Organization {
  std::string id;
  std::string municipality_code;
  std::string type_code;
  std::string name;
  std::string kana;
  std::optional<std::string> care_office_number;  // 介護保険事業所番号 (10 digits)
  std::optional<std::string>
      medical_institution_code;  // 医療機関コード (10 digits with prefecture)
  std::optional<std::string> postal_code;
  std::optional<std::string> address;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::optional<std::string> phone;
  std::optional<std::string> fax;
  std::optional<std::string> email;
  std::string status = "active";
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct User {
  std::string id;
  std::string login_id;
  std::string display_name;  // kanji as entered
  std::string kana;          // stored as full-width katakana
  std::optional<std::string> profession_code;
  std::string account_type = "staff";  // staff | family
  bool system_admin = false;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::string status = "active";  // active | suspended | retired
  std::optional<int64_t> last_login_at;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct Membership {
  std::string user_id;
  std::string organization_id;
  std::string organization_name;
  std::string organization_type;
  std::string municipality_code;
  std::string role;
  std::optional<std::string> title;
};

/// A user with the organizations they belong to, for lists and profiles.
struct UserWithMemberships {
  User user;
  std::vector<Membership> memberships;
};

struct CodeEntry {
  std::string code;
  std::string name_ja;
  std::string name_en;
};

struct UserQuery {
  std::string text;  // name or kana, normalised before matching
  std::string profession_code;
  std::string organization_id;
  std::string municipality_code;
  std::string status = "active";  // "" = any
  std::string cursor;
  int limit = 50;
};

struct OrganizationQuery {
  std::string text;
  std::string type_code;
  std::string municipality_code;
  std::string cursor;
  int limit = 50;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;  // empty at the end
};

}  // namespace directory

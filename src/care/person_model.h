// The data of a supported person (支援対象者) as the care network keeps it: identity, the
// versioned care profile, status history, consent records and the care team (spec 02). Plain
// structs; the rules live in the services, the SQL in the stores.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "care/access.h"

namespace care {

/// A user as other professionals see them next to a record: who wrote, invited, changed it.
struct UserRef {
  std::string id;
  std::string name;
  std::optional<std::string> profession_code;
};

/// The identity fields: what registration asks for and what PUT /persons/{id} replaces.
/// Text is stored as entered (trimmed); kana as full-width katakana.
struct Identity {
  std::string municipality_code;           // the registering municipality
  std::optional<std::string> resident_id;  // 宛名番号
  std::string name;
  std::string kana;
  std::string sex;
  std::string birth_date;                  // YYYY-MM-DD
  std::optional<std::string> postal_code;  // "123-4567"
  std::string address;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::string location_source = "none";  // geocoded | map | none
  std::optional<std::string> phone;
  std::vector<std::string> categories;
};

struct Person {
  std::string id;
  Identity identity;
  std::string status = "at_home";
  std::optional<std::string> status_since;
  int64_t version = 1;  // of the identity; PUT must name it (optimistic concurrency)
  int64_t created_at = 0;
  UserRef created_by;
  int64_t updated_at = 0;
  UserRef updated_by;
  // The face the crew and a new helper recognise; outside `version`, so a photo never conflicts
  // with an identity edit.
  std::optional<std::string> photo_attachment_id;
};

/// One version of one part of the care profile (or of part "identity"). `data_json` is the
/// canonical JSON text as validated and stored.
struct ProfilePart {
  std::string part;
  int64_t version = 0;
  std::string data_json;
  int64_t changed_at = 0;
  UserRef changed_by;
};

/// GET /persons/{id}: the person with what the caller may do and the latest of every part.
struct PersonDetail {
  Person person;
  PersonAccess access;
  std::map<std::string, ProfilePart> profile;  // parts never recorded are absent
};

/// A row of GET /persons.
struct PersonSummary {
  std::string id;
  std::string name;
  std::string kana;
  std::string sex;
  std::string birth_date;
  std::string municipality_code;
  std::vector<std::string> categories;
  std::string status;
  std::string address;
  std::string my_team_role;  // empty when the caller is not an active member
  std::string search_kana;   // the sort key, for the cursor
};

struct PersonQuery {
  std::string text;  // kana prefix or part of the name, as typed
  std::string municipality_code;
  std::string category;
  std::string status;
  std::string cursor;
  int limit = 50;
};

template <typename T>
struct PersonPage {
  std::vector<T> items;
  std::string next_cursor;  // empty at the end
};

/// 在宅・入院中 … with the day it began.
struct StatusEntry {
  std::string id;
  std::string person_id;
  std::string status;
  std::string since;  // YYYY-MM-DD
  std::string place;
  std::string note;
  int64_t recorded_at = 0;
  UserRef recorded_by;
};

/// What a consent (同意) says, as recorded.
struct ConsentInput {
  ConsentScopes scopes;
  std::string obtained_on;  // YYYY-MM-DD
  std::string given_by;     // self | representative
  std::optional<std::string> representative_name;
  std::optional<std::string> representative_relation;
  std::string method;  // written | verbal
  std::optional<std::string> scan_attachment_id;
  std::string note;
};

struct Consent {
  std::string id;
  std::string person_id;
  ConsentInput input;
  UserRef obtained_by;
  int64_t created_at = 0;
  std::optional<std::string> withdrawn_on;  // 撤回日
  std::optional<int64_t> withdrawn_at;
  std::optional<UserRef> withdrawn_by;
  std::optional<std::string> withdrawal_reason;
};

struct TeamMember {
  std::string person_id;
  std::string user_id;
  std::string name;
  std::string kana;
  std::optional<std::string> profession_code;
  std::optional<std::string> organization_id;
  std::optional<std::string> organization_name;
  std::optional<std::string> municipality_code;  // of the member's organization
  std::string team_role;
  std::string status;  // invited | active | declined | left | removed
  std::optional<UserRef> invited_by;
  int64_t invited_at = 0;
  std::optional<int64_t> joined_at;
  std::optional<int64_t> ended_at;
};

/// A pending invitation of the caller, with the person's name (the invitation shares it).
struct Invitation {
  std::string person_id;
  std::string person_name;
  std::string person_kana;
  std::string team_role;
  std::optional<UserRef> invited_by;
  int64_t invited_at = 0;
};

// Inputs as read from a request and checked field by field (person_validation.h).

struct Registration {
  Identity identity;
  std::string team_role = "care_manager";
  std::optional<ConsentInput> consent;
};

struct IdentityUpdate {
  Identity identity;
  bool municipality_given = false;  // absent: the registering municipality stays
  int64_t base_version = 0;
};

struct ProfileUpdate {
  std::string part;
  std::string data_json;  // canonical
  int64_t base_version = 0;
};

struct StatusInput {
  std::string status;
  std::string since;
  std::string place;
  std::string note;
};

struct Withdrawal {
  std::string withdrawn_on;
  std::string reason;
};

struct TeamInvite {
  std::string user_id;
  std::string team_role;
  std::optional<std::string> organization_id;
};

}  // namespace care

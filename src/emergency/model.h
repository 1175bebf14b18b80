// The emergency module's records (spec 08): the QR card, an EMS crew's break-glass access for one
// incident, and its hand-over to the receiving hospital. Plain structs; the rules live in the
// services, the SQL in store.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace emergency {

/// A user as shown next to a record.
struct UserRef {
  std::string id;
  std::string name;
  std::optional<std::string> profession_code;
};

/// 救急情報カード: its QR code carries only `<public_url>/e/<token>`.
struct Card {
  std::string id;
  std::string person_id;
  std::string token;  // opened from token_sealed; never logged
  int64_t created_at = 0;
  UserRef created_by;
};

/// What the receiving hospital reported (受入, 入院, 帰宅, 転院).
struct Outcome {
  std::string code;  // accepted | admitted | discharged_home | transferred
  std::string note;
  int64_t reported_at = 0;
  std::string reporter_name;
  std::string organization_name;
  std::string via;  // account | link
};

struct Destination {
  std::optional<std::string> organization_id;
  std::string name;
  int64_t set_at = 0;
  bool link = false;  // handed over through a one-time link (no accounts at the hospital)
};

/// One crew member's access to one person's emergency summary for one incident.
struct EmsAccess {
  std::string id;
  std::string person_id;
  std::string person_name;
  std::string municipality_code;  // the person's registering municipality
  std::string incident_number;    // 事案番号
  std::string reason;
  std::string found_by;  // card | search
  int64_t opened_at = 0;
  int64_t expires_at = 0;
  UserRef opened_by;
  std::string organization_id;
  std::string organization_name;
  std::optional<Destination> destination;
  std::optional<Outcome> outcome;
};

/// The hospital's side of an access: an organization's members, or a one-time link.
struct Handover {
  std::string id;
  std::string access_id;
  std::optional<std::string> organization_id;
  int failed_pins = 0;
  bool unlocked = false;
  int64_t created_at = 0;
  std::optional<int64_t> ended_at;
};

/// A person an EMS search may show (only with an emergency-sharing consent in force).
struct Candidate {
  std::string person_id;
  std::string name;
  std::string kana;
  std::string sex;
  std::string birth_date;
  std::string address;
  // "person" or "key_person" when found by phone: a crew called from a relative's number must
  // see that it matched the relative, not the patient.
  std::string phone_match;
};

// Inputs as read from requests (validation.h).

struct SearchCriteria {
  std::string kana_prefix;  // search kana (hiragana), with birth_date
  std::string birth_date;   // YYYY-MM-DD
  std::string phone_digits;
  std::string address_part;  // normalised for search
  int limit = 20;
};

struct OpenRequest {
  std::string card_token;  // either this
  std::string person_id;   // or this
  std::string incident_number;
  std::string reason;
};

struct DestinationRequest {
  std::optional<std::string> organization_id;
  std::string name;
};

struct OutcomeRequest {
  std::string code;
  std::string note;
  std::string reporter_name;  // link only
};

}  // namespace emergency

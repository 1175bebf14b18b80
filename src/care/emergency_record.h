// What the emergency summary (spec 08) is made of, read for the emergency module. There is no
// caller here: the emergency module reads the record only after its own check (a team member's
// read access, an EMS crew's break-glass access, a hospital's hand-over) and audits the view.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "care/access.h"
#include "care/person_model.h"
#include "care/vitals_model.h"
#include "core/result.h"
#include "db/database.h"

namespace care {

struct EmergencyRecord {
  Person person;
  std::map<std::string, ProfilePart> profile;  // the latest version of every recorded part
  std::optional<Vitals> latest_vitals;
  std::vector<TeamMember> care_managers;  // active members with the care_manager role
  ConsentScopes consent;                  // the scopes in force now
};

/// What an EMS search asks (spec 08): a kana prefix with the birth date, a phone number, or a
/// part of the address; the criteria given are all applied.
struct EmergencyQuery {
  std::string kana_key;    // core::NormalizeForSearch of the typed kana (with birth_date)
  std::string birth_date;  // YYYY-MM-DD
  std::string phone_digits;
  std::string address_part;  // width-folded
  int limit = 20;
};

struct EmergencyMatch {
  PersonSummary person;
  bool emergency_consent = false;
  bool key_person_phone = false;  // found by a key person's phone, not the person's own
};

/// Persons matching every given criterion, in kana order, at most 200 (the caller shows only
/// those with consent and counts the rest). Persons who died are left out.
core::Result<std::vector<EmergencyMatch>> FindForEmergency(db::Connection& c,
                                                           const EmergencyQuery& q);

/// The record, or nullopt for an unknown person.
core::Result<std::optional<EmergencyRecord>> LoadEmergencyRecord(db::Connection& c,
                                                                 const std::string& person_id);

/// The consent scopes in force for the person, or nullopt for an unknown person.
core::Result<std::optional<ConsentScopes>> LoadConsentScopes(db::Connection& c,
                                                             const std::string& person_id);

}  // namespace care

// Field rules of a person's record: identity, every part of the care profile, status entries,
// consent and care-team requests, read from request JSON into checked inputs. Every problem is
// reported with the path of the field at fault (`key_persons.items[1].phones[0]`), all at once.
//
// The parse functions return the input or the validation error as a value; services look at it
// only after the caller's access to the person has been checked, so that someone outside the
// team learns nothing from validation messages. Checks that need the database (directory ids,
// attachments, the registering municipality) are the services' job.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <span>
#include <string>
#include <string_view>

#include "care/person_model.h"
#include "core/result.h"
#include "core/wareki.h"

namespace care {

using core::Result;

/// POST /persons: identity, `team_role` (default care_manager) and an optional `consent`.
/// `today` (JST) bounds birth and consent dates.
Result<Registration> ParseRegistration(const Result<boost::json::object>& body,
                                       const core::Date& today);
/// PUT /persons/{id}: identity (municipality_code may be left out) and `base_version`.
Result<IdentityUpdate> ParseIdentityUpdate(const Result<boost::json::object>& body,
                                           const core::Date& today);

/// PUT /persons/{id}/profile/{part}: `{data, base_version}`. Unknown parts are kNotFound.
Result<ProfileUpdate> ParseProfileUpdate(std::string_view part,
                                         const Result<boost::json::object>& body,
                                         const core::Date& today);
/// The data of one profile part, checked and normalised (strings trimmed, kana as katakana,
/// optional fields that were empty left out), as canonical JSON text. Error paths start with
/// the part's name: `medical.allergies[0].severity`.
Result<std::string> ValidatePartData(std::string_view part, const boost::json::value& data,
                                     const core::Date& today);

Result<StatusInput> ParseStatus(const Result<boost::json::object>& body, const core::Date& today);
Result<ConsentInput> ParseConsent(const Result<boost::json::object>& body, const core::Date& today);
Result<Withdrawal> ParseWithdrawal(const Result<boost::json::object>& body,
                                   const core::Date& today);
/// PUT …/consents/{id}/scan: the attachment id.
Result<std::string> ParseScan(const Result<boost::json::object>& body);
Result<TeamInvite> ParseInvite(const Result<boost::json::object>& body);
/// PUT …/team/members/{user_id}: the new team role.
Result<std::string> ParseRoleChange(const Result<boost::json::object>& body);

/// Identity as stored in part "identity" of person_profile_versions (same keys as the API).
boost::json::object IdentityJson(const Identity& identity);

/// Digits and hyphens only, 10–13 digits, no leading, trailing or doubled hyphen.
bool IsPhoneNumber(std::string_view s);
/// The digits of `s` (search_phone).
std::string DigitsOnly(std::string_view s);

/// Codes of the profile parts' enumerations, for the front end and tests.
std::span<const std::string_view> CareLevels();
std::span<const std::string_view> DeviceTypes();

}  // namespace care

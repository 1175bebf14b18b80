// Field rules of the directory's records, shared by the API, the CSV importer and the CLI, so
// that every way in applies the same checks and names the same fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "directory/model.h"

namespace directory {

/// 3–64 characters of A–Z a–z 0–9 . _ @ - (after width folding).
std::vector<core::FieldError> ValidateLoginId(std::string_view login_id,
                                              std::string field = "login_id");
/// Name, kana (kana only), profession, phone and e-mail of a new or edited user.
std::vector<core::FieldError> ValidateNewUser(const User& u);
/// Required fields, code formats (municipality code check digit, 10-digit office numbers),
/// coordinates inside Japan, phone and fax formats.
std::vector<core::FieldError> ValidateOrganization(const Organization& o);
/// Which roles an organization of this type may grant.
core::Result<void> ValidateRoleForOrganization(std::string_view role, std::string_view org_type,
                                               std::string_view field);

bool IsPhoneNumber(std::string_view s);  // digits with optional hyphens/parentheses, 10–11 digits
                                         // (or 3-digit short numbers)
bool IsEmailAddress(std::string_view s);
bool IsPostalCode(std::string_view s);  // 123-4567 or 1234567

}  // namespace directory

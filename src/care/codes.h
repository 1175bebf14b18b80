// The care network's code values (spec 02). Codes are stable English identifiers stored in the
// database and sent over the API; the front end shows Japanese or English names for them.
#pragma once

#include <span>
#include <string_view>

namespace care {

/// 高齢者, 障がい者, 医療的ケア児, 見守り対象者, 避難行動要支援者
std::span<const std::string_view> PersonCategories();
/// FHIR administrative gender: male | female | other | unknown
std::span<const std::string_view> Sexes();
/// 在宅, 入院中, ショートステイ中, 施設入所, 転出, 死亡
std::span<const std::string_view> PersonStatuses();
/// Roles in a care team (主治医, ケアマネジャー, 訪問看護 …)
std::span<const std::string_view> TeamRoles();
/// Categories a member may choose for a post (連絡 … その他).
std::span<const std::string_view> PostCategories();
/// Categories only the system writes (sensor alerts, referrals, safety checks, EMS access).
std::span<const std::string_view> SystemPostCategories();
/// The versioned parts of the care profile besides identity.
std::span<const std::string_view> ProfileParts();

bool IsOneOf(std::span<const std::string_view> codes, std::string_view value);

}  // namespace care

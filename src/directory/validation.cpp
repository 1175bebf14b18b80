#include "directory/validation.h"

#include <cctype>

#include "core/japanese_text.h"
#include "core/municipality_code.h"
#include "core/utf8.h"

namespace directory {
namespace {

void Require(std::vector<core::FieldError>& errors, std::string_view value, const char* field,
             size_t max_chars) {
  if (value.empty()) {
    errors.push_back({field, "required", "入力してください (required)"});
  } else if (core::Utf8Length(value) > max_chars) {
    errors.push_back(
        {field, "too_long", std::to_string(max_chars) + "文字以内で入力してください (too long)"});
  }
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

bool IsPhoneNumber(std::string_view s) {
  int digits = 0;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)))
      ++digits;
    else if (c != '-' && c != '(' && c != ')' && c != ' ' && c != '+')
      return false;
  }
  return (digits >= 10 && digits <= 13) || digits == 3;
}

bool IsEmailAddress(std::string_view s) {
  size_t at = s.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= s.size() || s.size() > 254) return false;
  if (s.find('@', at + 1) != std::string_view::npos) return false;
  std::string_view domain = s.substr(at + 1);
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.') {
    return false;
  }
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= ' ' || c == '<' || c == '>' || c == '"' || c == ',') {
      return false;
    }
  }
  return true;
}

bool IsPostalCode(std::string_view s) {
  if (s.size() == 7) return AllDigits(s);
  return s.size() == 8 && s[3] == '-' && AllDigits(s.substr(0, 3)) && AllDigits(s.substr(4));
}

std::vector<core::FieldError> ValidateLoginId(std::string_view login_id, std::string field) {
  std::vector<core::FieldError> errors;
  if (login_id.empty()) {
    errors.push_back({field, "required", "入力してください (required)"});
    return errors;
  }
  bool ok = login_id.size() >= 3 && login_id.size() <= 64;
  for (char c : login_id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '@' ||
          c == '-')) {
      ok = false;
    }
  }
  if (!ok) {
    errors.push_back(
        {field, "format",
         "半角英数字と . _ @ - で3〜64文字にしてください (3-64 letters, digits, . _ @ -)"});
  }
  return errors;
}

std::vector<core::FieldError> ValidateNewUser(const User& u) {
  std::vector<core::FieldError> errors = ValidateLoginId(u.login_id);
  Require(errors, u.display_name, "display_name", 100);
  Require(errors, u.kana, "kana", 100);
  if (!u.kana.empty() && !core::IsKanaName(u.kana)) {
    errors.push_back({"kana", "kana_only", "カタカナまたはひらがなで入力してください (kana only)"});
  }
  if (u.account_type == "staff" && !u.profession_code) {
    errors.push_back({"profession_code", "required", "職種を選んでください (choose a profession)"});
  }
  if (u.phone && !IsPhoneNumber(*u.phone)) {
    errors.push_back(
        {"phone", "format", "電話番号の形式が正しくありません (invalid phone number)"});
  }
  if (u.email && !IsEmailAddress(*u.email)) {
    errors.push_back(
        {"email", "format", "メールアドレスの形式が正しくありません (invalid e-mail)"});
  }
  return errors;
}

std::vector<core::FieldError> ValidateOrganization(const Organization& o) {
  std::vector<core::FieldError> errors;
  Require(errors, o.name, "name", 200);
  Require(errors, o.kana, "kana", 200);
  if (!o.kana.empty() && !core::IsKanaName(o.kana)) {
    errors.push_back({"kana", "kana_only", "カタカナまたはひらがなで入力してください (kana only)"});
  }
  if (o.type_code.empty())
    errors.push_back({"type_code", "required", "種別を選んでください (required)"});
  if (!core::IsValidMunicipalityCode(o.municipality_code)) {
    errors.push_back({"municipality_code", "format",
                      "6桁の全国地方公共団体コードを入力してください (6-digit municipality code)"});
  }
  auto ten_digits = [&](const std::optional<std::string>& v, const char* field) {
    if (v && !(v->size() == 10 && AllDigits(*v))) {
      errors.push_back({field, "format", "10桁の数字で入力してください (10 digits)"});
    }
  };
  ten_digits(o.care_office_number, "care_office_number");
  ten_digits(o.medical_institution_code, "medical_institution_code");
  if (o.postal_code && !IsPostalCode(*o.postal_code)) {
    errors.push_back(
        {"postal_code", "format", "郵便番号は 123-4567 の形式です (postal code 123-4567)"});
  }
  if (o.address && core::Utf8Length(*o.address) > 300) {
    errors.push_back({"address", "too_long", "住所が長すぎます (address too long)"});
  }
  if (o.latitude.has_value() != o.longitude.has_value()) {
    errors.push_back({o.latitude ? "longitude" : "latitude", "required",
                      "緯度と経度は両方入力してください (latitude and longitude together)"});
  }
  // Japan lies within these bounds; swapped or Tokyo-datum-shifted values usually fall outside.
  if (o.latitude && (*o.latitude < 20 || *o.latitude > 46)) {
    errors.push_back({"latitude", "out_of_range", "緯度は20〜46の範囲です (latitude 20-46)"});
  }
  if (o.longitude && (*o.longitude < 122 || *o.longitude > 154)) {
    errors.push_back({"longitude", "out_of_range", "経度は122〜154の範囲です (longitude 122-154)"});
  }
  if (o.phone && !IsPhoneNumber(*o.phone)) {
    errors.push_back(
        {"phone", "format", "電話番号の形式が正しくありません (invalid phone number)"});
  }
  if (o.fax && !IsPhoneNumber(*o.fax)) {
    errors.push_back({"fax", "format", "FAX番号の形式が正しくありません (invalid fax number)"});
  }
  if (o.email && !IsEmailAddress(*o.email)) {
    errors.push_back(
        {"email", "format", "メールアドレスの形式が正しくありません (invalid e-mail)"});
  }
  return errors;
}

core::Result<void> ValidateRoleForOrganization(std::string_view role, std::string_view org_type,
                                               std::string_view field) {
  bool ok = role == "member" || role == "org_admin" || role == "operator" ||
            (role == "municipality_admin" && org_type == "municipal_department") ||
            (role == "ems" && org_type == "fire_department");
  if (ok) return core::Ok();
  return core::Error::Invalid(
      std::string(field),
      "この事業所では指定できない役割です (role not allowed for this organization type)",
      "role_not_allowed");
}

}  // namespace directory

#include "emergency/validation.h"

#include <array>
#include <charconv>

#include "care/field_reader.h"
#include "care/person_validation.h"
#include "core/id.h"
#include "core/japanese_text.h"
#include "core/utf8.h"
#include "core/wareki.h"

namespace emergency {
namespace {

using care::fields::Reader;
using core::FieldError;

constexpr std::array<std::string_view, 4> kOutcomes = {"accepted", "admitted", "discharged_home",
                                                       "transferred"};

bool IsIncidentNumber(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok =
        (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool IsOutcomeCode(std::string_view code) {
  for (auto c : kOutcomes) {
    if (c == code) return true;
  }
  return false;
}

Result<SearchCriteria> ParseSearch(const SearchText& q) {
  std::vector<FieldError> errors;
  SearchCriteria c;
  std::string kana = std::string(care::fields::Trim(q.kana));
  if (!kana.empty()) {
    if (!core::IsKanaName(kana) || core::Utf8Length(kana) > 50) {
      errors.push_back(
          {"kana", "kana_only", "カタカナまたはひらがなで入力してください (kana only)"});
    } else {
      c.kana_prefix = core::NormalizeForSearch(kana);
    }
  }
  std::string birth = std::string(care::fields::Trim(q.birth_date));
  if (!birth.empty()) {
    auto d = core::ParseDate(birth, "birth_date");
    if (d.ok()) {
      c.birth_date = core::FormatIsoDate(*d);
    } else {
      for (auto& e : std::move(d).error().details) errors.push_back(std::move(e));
      if (errors.empty() || errors.back().field != "birth_date") {
        errors.push_back({"birth_date", "date_format", "日付が正しくありません (invalid date)"});
      }
    }
  }
  if (!kana.empty() && birth.empty()) {
    errors.push_back({"birth_date", "required",
                      "カナ氏名で探すときは生年月日も入力してください (birth date required with "
                      "kana)"});
  }
  if (kana.empty() && !birth.empty()) {
    errors.push_back({"kana", "required",
                      "生年月日で探すときはカナ氏名も入力してください (kana required with birth "
                      "date)"});
  }
  std::string phone = core::FoldWidth(care::fields::Trim(q.phone));
  if (!phone.empty()) {
    std::string digits = care::DigitsOnly(phone);
    if (digits.size() < 10 || digits.size() > 13 ||
        phone.find_first_not_of("0123456789-") != std::string::npos) {
      errors.push_back(
          {"phone", "format", "電話番号は数字とハイフンで入力してください (digits and hyphens)"});
    } else {
      c.phone_digits = digits;
    }
  }
  std::string address = core::FoldWidth(care::fields::Trim(q.address));
  if (!address.empty()) {
    size_t n = core::Utf8Length(address);
    if (n < 4 || n > 100) {
      errors.push_back({"address", "length",
                        "住所は4文字以上100文字以内で入力してください (4 to 100 characters)"});
    } else {
      c.address_part = address;
    }
  }
  if (!q.limit.empty()) {
    int limit = 0;
    auto [p, ec] = std::from_chars(q.limit.data(), q.limit.data() + q.limit.size(), limit);
    if (ec != std::errc() || p != q.limit.data() + q.limit.size() || limit < 1 || limit > 50) {
      errors.push_back({"limit", "range", "1から50で指定してください (1 to 50)"});
    } else {
      c.limit = limit;
    }
  }
  if (kana.empty() && birth.empty() && phone.empty() && address.empty() && errors.empty()) {
    errors.push_back({"kana", "required",
                      "カナ氏名と生年月日、電話番号、住所のいずれかで探してください (give a "
                      "criterion)"});
  }
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  return c;
}

Result<OpenRequest> ParseOpen(const Result<boost::json::object>& body) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  OpenRequest r;
  r.card_token = in.Str("card_token", 100).value_or("");
  r.person_id = care::fields::Id(in, "person_id", false).value_or("");
  if (r.card_token.empty() == r.person_id.empty()) {
    in.Error("person_id", "required",
             "カードか検索した方のどちらかを指定してください (card_token or person_id)");
  }
  if (auto n = in.Str("incident_number", 30, false, true)) {
    std::string folded = core::FoldWidth(*n);
    if (IsIncidentNumber(folded)) {
      r.incident_number = folded;
    } else {
      in.Error("incident_number", "format",
               "事案番号は英数字とハイフンで入力してください (letters, digits and hyphens)");
    }
  }
  r.reason = in.Str("reason", 500, true, true).value_or("");
  in.Finish();
  RETURN_IF_ERROR(care::fields::Done(errors));
  return r;
}

Result<DestinationRequest> ParseDestination(const Result<boost::json::object>& body) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  DestinationRequest r;
  r.organization_id = care::fields::Id(in, "hospital_organization_id", false);
  r.name = in.Str("hospital_name", 100).value_or("");
  if (r.organization_id.has_value() == !r.name.empty()) {
    in.Error("hospital_name", "required",
             "搬送先の病院を名簿から選ぶか、病院名を入力してください (hospital_organization_id or "
             "hospital_name)");
  }
  in.Finish();
  RETURN_IF_ERROR(care::fields::Done(errors));
  return r;
}

Result<OutcomeRequest> ParseOutcome(const Result<boost::json::object>& body, bool with_reporter) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  OutcomeRequest r;
  r.code = in.Enum("code", kOutcomes, true).value_or("");
  r.note = in.Str("note", 1000, true).value_or("");
  if (with_reporter) r.reporter_name = in.Str("reporter_name", 100, false, true).value_or("");
  in.Finish();
  RETURN_IF_ERROR(care::fields::Done(errors));
  return r;
}

Result<std::string> ParsePin(const Result<boost::json::object>& body) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  std::string pin;
  if (auto p = in.Str("pin", 20, false, true)) {
    pin = core::FoldWidth(*p);
    if (pin.size() != 6 || !care::fields::AllDigits(pin)) {
      in.Error("pin", "format", "6桁の数字を入力してください (6 digits)");
    }
  }
  in.Finish();
  RETURN_IF_ERROR(care::fields::Done(errors));
  return pin;
}

}  // namespace emergency

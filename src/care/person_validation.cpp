#include "care/person_validation.h"

#include <array>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <set>

#include "care/codes.h"
#include "care/field_reader.h"
#include "care/profile_parts.h"
#include "core/id.h"
#include "core/japanese_text.h"
#include "core/municipality_code.h"
#include "core/utf8.h"

namespace care {
namespace {

namespace json = boost::json;
using core::FieldError;
using namespace fields;  // NOLINT(build/namespaces): the parsers are written in its words

constexpr std::array<std::string_view, 3> kLocationSources = {"geocoded", "map", "none"};
constexpr std::array<std::string_view, 2> kGivenBy = {"self", "representative"};
constexpr std::array<std::string_view, 2> kConsentMethods = {"written", "verbal"};

constexpr core::Date kEarliestBirth{1880, 1, 1};

// ---- identity ----

void ReadIdentity(Reader& in, Identity& id, const core::Date& today, bool municipality_required,
                  bool* municipality_given) {
  if (auto code = in.Str("municipality_code", 10, false, municipality_required)) {
    std::string folded = core::FoldWidth(*code);
    if (core::IsValidMunicipalityCode(folded)) {
      id.municipality_code = folded;
      if (municipality_given) *municipality_given = true;
    } else {
      in.Error(in.Path("municipality_code"), "format",
               "全国地方公共団体コード(6桁、検査数字付き)を入力してください (invalid municipality "
               "code)");
    }
  }
  if (auto rid = in.Str("resident_id", 20)) {
    std::string folded = core::FoldWidth(*rid);
    bool ok = true;
    for (char c : folded) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') ok = false;
    }
    if (ok) {
      id.resident_id = folded;
    } else {
      in.Error(in.Path("resident_id"), "format",
               "宛名番号は英数字とハイフンで入力してください (letters, digits and hyphens)");
    }
  }
  id.name = in.Required("name", kName);
  id.kana = Kana(in, "kana", true).value_or("");
  id.sex = in.Enum("sex", Sexes(), true).value_or("");
  if (auto birth = in.PastDate("birth_date", today, true)) {
    if (*birth < kEarliestBirth) {
      in.Error(in.Path("birth_date"), "out_of_range",
               "1880年以降の日付にしてください (after 1880)");
    } else {
      id.birth_date = core::FormatIsoDate(*birth);
    }
  }
  if (auto postal = in.Str("postal_code", 10)) {
    std::string folded = core::FoldWidth(*postal);
    std::string digits = DigitsOnly(folded);
    bool ok =
        digits.size() == 7 && (folded.size() == 7 || (folded.size() == 8 && folded[3] == '-'));
    if (ok) {
      id.postal_code = digits.substr(0, 3) + "-" + digits.substr(3);
    } else {
      in.Error(in.Path("postal_code"), "format",
               "郵便番号は7桁(123-4567)で入力してください (7 digits, e.g. 123-4567)");
    }
  }
  id.address = in.Required("address", 300);
  id.latitude = in.Number("latitude", 20, 46, "緯度は20〜46の範囲です (latitude 20-46)");
  id.longitude = in.Number("longitude", 122, 154, "経度は122〜154の範囲です (longitude 122-154)");
  bool lat_sent = in.Take("latitude") != nullptr, lon_sent = in.Take("longitude") != nullptr;
  if (lat_sent != lon_sent) {
    in.Error(in.Path(lat_sent ? "longitude" : "latitude"), "required",
             "緯度と経度は両方入力してください (latitude and longitude together)");
  }
  auto source = in.Enum("location_source", kLocationSources);
  bool located = id.latitude && id.longitude;
  if (source) {
    if (*source == "none" && lat_sent) {
      in.Error(in.Path("location_source"), "mismatch",
               "座標があるときは geocoded か map です (coordinates given)");
    } else if (*source != "none" && !lat_sent && !lon_sent) {
      in.Error(in.Path("location_source"), "mismatch", "座標がありません (no coordinates given)");
    }
    id.location_source = *source;
  } else {
    id.location_source = located ? "map" : "none";
  }
  if (!located) {
    id.latitude.reset();
    id.longitude.reset();
  }
  id.phone = Phone(in, "phone");
  if (const json::array* cats = in.Array("categories", 10, true)) {
    std::set<std::string> seen;
    for (size_t i = 0; i < cats->size(); ++i) {
      std::string path = in.Path("categories") + "[" + std::to_string(i) + "]";
      auto c = in.Text((*cats)[i], path, 64, false, true);
      if (!c) continue;
      if (!IsOneOf(PersonCategories(), *c)) {
        in.Error(path, "not_allowed", OneOfMessage(PersonCategories()));
      } else if (!seen.insert(*c).second) {
        in.Error(path, "duplicate", "同じ区分が重複しています (duplicate category)");
      } else {
        id.categories.push_back(*c);
      }
    }
  }
}

// ---- consent ----

ConsentInput ReadConsent(Reader& in, const core::Date& today) {
  ConsentInput c;
  if (const json::object* scopes = in.Object("scopes", true)) {
    Reader s(*scopes, in.Path("scopes"), in.errors());
    c.scopes.team = s.Bool("team").value_or(false);
    c.scopes.emergency = s.Bool("emergency").value_or(false);
    c.scopes.disaster = s.Bool("disaster").value_or(false);
    c.scopes.family = s.Bool("family").value_or(false);
    s.Finish();
    if (!c.scopes.team && !c.scopes.emergency && !c.scopes.disaster && !c.scopes.family) {
      in.Error(in.Path("scopes"), "at_least_one",
               "同意の範囲を1つ以上選んでください (choose at least one scope)");
    }
  }
  if (auto d = in.PastDate("obtained_on", today, true)) c.obtained_on = core::FormatIsoDate(*d);
  c.given_by = in.Enum("given_by", kGivenBy, true).value_or("");
  c.representative_name = in.Str("representative_name", kName);
  c.representative_relation = in.Str("representative_relation", kName);
  if (c.given_by == "representative") {
    if (!c.representative_name) {
      in.Error(in.Path("representative_name"), "required",
               "代理人の氏名を入力してください (representative's name required)");
    }
    if (!c.representative_relation) {
      in.Error(in.Path("representative_relation"), "required",
               "代理人の続柄を入力してください (representative's relation required)");
    }
  } else {
    // Given by the person: representative fields left over from the form mean nothing.
    c.representative_name.reset();
    c.representative_relation.reset();
  }
  c.method = in.Enum("method", kConsentMethods, true).value_or("");
  c.scan_attachment_id = Id(in, "scan_attachment_id", false);
  c.note = in.Str("note", kNote, true).value_or("");
  return c;
}

core::Error UnknownPart() {
  return core::Error::NotFound("プロフィールの項目が正しくありません (unknown profile part)");
}

}  // namespace

bool IsPhoneNumber(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  int digits = 0;
  char prev = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '-' || prev == '-') {
      return false;
    }
    prev = c;
  }
  return digits >= 10 && digits <= 13;
}

std::string DigitsOnly(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

json::object IdentityJson(const Identity& id) {
  json::array categories;
  for (const auto& c : id.categories) categories.push_back(json::value(c));
  auto opt = [](const auto& v) -> json::value {
    if (!v) return nullptr;
    return json::value(*v);
  };
  return {{"municipality_code", id.municipality_code},
          {"resident_id", opt(id.resident_id)},
          {"name", id.name},
          {"kana", id.kana},
          {"sex", id.sex},
          {"birth_date", id.birth_date},
          {"postal_code", opt(id.postal_code)},
          {"address", id.address},
          {"latitude", opt(id.latitude)},
          {"longitude", opt(id.longitude)},
          {"location_source", id.location_source},
          {"phone", opt(id.phone)},
          {"categories", std::move(categories)}};
}

Result<Registration> ParseRegistration(const Result<json::object>& body, const core::Date& today) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  Registration r;
  ReadIdentity(in, r.identity, today, true, nullptr);
  r.team_role = in.Enum("team_role", TeamRoles()).value_or("care_manager");
  if (const json::object* consent = in.Object("consent")) {
    Reader c(*consent, "consent", errors);
    r.consent = ReadConsent(c, today);
    c.Finish();
  }
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return r;
}

Result<IdentityUpdate> ParseIdentityUpdate(const Result<json::object>& body,
                                           const core::Date& today) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  IdentityUpdate u;
  ReadIdentity(in, u.identity, today, false, &u.municipality_given);
  u.base_version = in.Int("base_version", 1, INT64_MAX, true).value_or(0);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return u;
}

Result<std::string> ValidatePartData(std::string_view part, const json::value& data,
                                     const core::Date& today) {
  PartReader reader = ReaderFor(part);
  if (!reader) return UnknownPart();
  std::vector<FieldError> errors;
  if (!data.is_object()) {
    errors.push_back(
        {std::string(part), "type", "オブジェクトで指定してください (must be an object)"});
    return core::Error::Fields(std::move(errors));
  }
  Reader in(data.as_object(), std::string(part), errors);
  json::object out = reader(in, today);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return json::serialize(out);
}

Result<ProfileUpdate> ParseProfileUpdate(std::string_view part, const Result<json::object>& body,
                                         const core::Date& today) {
  if (!ReaderFor(part)) return UnknownPart();
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  ProfileUpdate u;
  u.part = std::string(part);
  u.base_version = in.Int("base_version", 0, INT64_MAX, true).value_or(0);
  const json::value* data = in.Take("data");
  in.Finish();
  if (!data) {
    errors.push_back({"data", "required", "入力してください (required)"});
  } else {
    auto canonical = ValidatePartData(part, *data, today);
    if (canonical.ok()) {
      u.data_json = std::move(*canonical);
    } else {
      for (auto& d : std::move(canonical).error().details) errors.push_back(std::move(d));
    }
  }
  RETURN_IF_ERROR(Done(errors));
  return u;
}

Result<StatusInput> ParseStatus(const Result<json::object>& body, const core::Date& today) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  StatusInput s;
  s.status = in.Enum("status", PersonStatuses(), true).value_or("");
  if (auto d = in.PastDate("since", today, true)) s.since = core::FormatIsoDate(*d);
  s.place = in.Str("place", kName).value_or("");
  s.note = in.Str("note", kNote, true).value_or("");
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return s;
}

Result<ConsentInput> ParseConsent(const Result<json::object>& body, const core::Date& today) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  ConsentInput c = ReadConsent(in, today);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return c;
}

Result<Withdrawal> ParseWithdrawal(const Result<json::object>& body, const core::Date& today) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  Withdrawal w;
  if (auto d = in.PastDate("withdrawn_on", today, true)) w.withdrawn_on = core::FormatIsoDate(*d);
  w.reason = in.Required("reason", kNote, true);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return w;
}

Result<std::string> ParseScan(const Result<json::object>& body) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  auto id = Id(in, "attachment_id", true);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return *id;
}

Result<TeamInvite> ParseInvite(const Result<json::object>& body) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  TeamInvite t;
  t.user_id = Id(in, "user_id", true).value_or("");
  t.team_role = in.Enum("team_role", TeamRoles(), true).value_or("");
  t.organization_id = Id(in, "organization_id", false);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return t;
}

Result<std::string> ParseRoleChange(const Result<json::object>& body) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  auto role = in.Enum("team_role", TeamRoles(), true);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return *role;
}

}  // namespace care

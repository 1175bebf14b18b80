#include "care/person_json.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include "care/codes.h"
#include "care/person_validation.h"

namespace care {
namespace json = boost::json;

namespace {

template <typename T>
json::value Opt(const std::optional<T>& v) {
  if (!v) return nullptr;
  return json::value(*v);
}

json::array Strings(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v) out.push_back(json::value(s));
  return out;
}

json::value Age(const std::string& birth_date, const core::Date& today) {
  auto birth = core::ParseIsoDate(birth_date);
  if (!birth) return nullptr;
  return core::AgeOn(*birth, today);
}

json::object Scopes(const ConsentScopes& s) {
  return {
      {"team", s.team}, {"emergency", s.emergency}, {"disaster", s.disaster}, {"family", s.family}};
}

}  // namespace

json::object ToJson(const UserRef& u) {
  return {{"id", u.id}, {"name", u.name}, {"profession_code", Opt(u.profession_code)}};
}

json::value ToJson(const std::optional<UserRef>& u) {
  if (!u) return nullptr;
  return ToJson(*u);
}

json::object ToJson(const ProfilePart& p) {
  boost::system::error_code ec;
  json::value data = json::parse(p.data_json, ec);
  if (ec) data = json::object();  // stored data is always valid JSON; never fail a read on it
  return {{"part", p.part},
          {"version", p.version},
          {"data", std::move(data)},
          {"changed_at", p.changed_at},
          {"changed_by", ToJson(p.changed_by)}};
}

json::object ToJson(const PersonDetail& d, const core::Date& today) {
  const Person& p = d.person;
  json::object o{{"id", p.id}};
  for (auto& field : IdentityJson(p.identity)) o[field.key()] = std::move(field.value());
  o["age"] = Age(p.identity.birth_date, today);
  o["status"] = p.status;
  o["status_since"] = Opt(p.status_since);
  o["version"] = p.version;
  o["created_at"] = p.created_at;
  o["created_by"] = ToJson(p.created_by);
  o["updated_at"] = p.updated_at;
  o["updated_by"] = ToJson(p.updated_by);
  o["photo_attachment_id"] =
      p.photo_attachment_id ? json::value(*p.photo_attachment_id) : json::value(nullptr);
  o["consent"] = Scopes(d.access.consent);
  o["access"] =
      json::object{{"team_role", d.access.team_role.empty() ? json::value(nullptr)
                                                            : json::value(d.access.team_role)},
                   {"municipality_admin", d.access.municipality_admin},
                   {"can_write", d.access.CanWrite()},
                   {"can_manage_team", d.access.CanManageTeam()},
                   {"can_record_consent", d.access.CanRecordConsent()}};
  json::object profile;
  for (std::string_view part : ProfileParts()) {
    auto it = d.profile.find(std::string(part));
    profile[part] = it == d.profile.end() ? json::value(nullptr) : json::value(ToJson(it->second));
  }
  o["profile"] = std::move(profile);
  return o;
}

json::object ToJson(const PersonSummary& s, const core::Date& today) {
  return {{"id", s.id},
          {"name", s.name},
          {"kana", s.kana},
          {"sex", s.sex},
          {"birth_date", s.birth_date},
          {"age", Age(s.birth_date, today)},
          {"municipality_code", s.municipality_code},
          {"categories", Strings(s.categories)},
          {"status", s.status},
          {"address", s.address},
          {"my_team_role",
           s.my_team_role.empty() ? json::value(nullptr) : json::value(s.my_team_role)}};
}

json::object ToJson(const StatusEntry& s) {
  return {{"id", s.id},
          {"status", s.status},
          {"since", s.since},
          {"place", s.place},
          {"note", s.note},
          {"recorded_at", s.recorded_at},
          {"recorded_by", ToJson(s.recorded_by)}};
}

json::object ToJson(const Consent& c) {
  const ConsentInput& in = c.input;
  return {{"id", c.id},
          {"scopes", Scopes(in.scopes)},
          {"obtained_on", in.obtained_on},
          {"given_by", in.given_by},
          {"representative_name", Opt(in.representative_name)},
          {"representative_relation", Opt(in.representative_relation)},
          {"method", in.method},
          {"scan_attachment_id", Opt(in.scan_attachment_id)},
          {"note", in.note},
          {"obtained_by", ToJson(c.obtained_by)},
          {"created_at", c.created_at},
          {"withdrawn_on", Opt(c.withdrawn_on)},
          {"withdrawn_at", Opt(c.withdrawn_at)},
          {"withdrawn_by", ToJson(c.withdrawn_by)},
          {"withdrawal_reason", Opt(c.withdrawal_reason)}};
}

json::object ToJson(const TeamMember& m) {
  return {{"user_id", m.user_id},
          {"name", m.name},
          {"kana", m.kana},
          {"profession_code", Opt(m.profession_code)},
          {"organization_id", Opt(m.organization_id)},
          {"organization_name", Opt(m.organization_name)},
          {"municipality_code", Opt(m.municipality_code)},
          {"team_role", m.team_role},
          {"status", m.status},
          {"invited_by", ToJson(m.invited_by)},
          {"invited_at", m.invited_at},
          {"joined_at", Opt(m.joined_at)},
          {"ended_at", Opt(m.ended_at)}};
}

json::object ToJson(const Invitation& i) {
  return {{"person_id", i.person_id},           {"person_name", i.person_name},
          {"person_kana", i.person_kana},       {"team_role", i.team_role},
          {"invited_by", ToJson(i.invited_by)}, {"invited_at", i.invited_at}};
}

core::Result<json::object> RequestObject(const http::Request& request) {
  auto type = request.Header("content-type").value_or("");
  if (!type.starts_with("application/json")) {
    return core::Error::Of(
        core::ErrorCode::kUnsupportedMedia,
        "Content-Type は application/json にしてください (expected application/json)");
  }
  json::parse_options opts;
  opts.max_depth = 32;
  boost::system::error_code ec;
  json::value v = json::parse(request.body, ec, {}, opts);
  if (ec) {
    return core::Error::Invalid("body",
                                "本文が正しいJSONではありません (malformed JSON or invalid UTF-8)",
                                "malformed_json");
  }
  if (!v.is_object()) {
    return core::Error::Invalid(
        "body", "本文はJSONオブジェクトにしてください (body must be a JSON object)", "not_object");
  }
  return std::move(v.as_object());
}

}  // namespace care

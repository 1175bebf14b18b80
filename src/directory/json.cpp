#include "directory/json.h"

#include <boost/json/array.hpp>

namespace directory {
namespace json = boost::json;

namespace {

template <typename T>
json::value Opt(const std::optional<T>& v) {
  if (!v) return nullptr;
  return json::value(*v);
}

}  // namespace

json::object ToJson(const Municipality& m) {
  return {{"code", m.code},
          {"name", m.name},
          {"kana", m.kana},
          {"prefecture", m.prefecture},
          {"status", m.status}};
}

json::object ToJson(const Organization& o) {
  return {{"id", o.id},
          {"municipality_code", o.municipality_code},
          {"type_code", o.type_code},
          {"name", o.name},
          {"kana", o.kana},
          {"care_office_number", Opt(o.care_office_number)},
          {"medical_institution_code", Opt(o.medical_institution_code)},
          {"postal_code", Opt(o.postal_code)},
          {"address", Opt(o.address)},
          {"latitude", Opt(o.latitude)},
          {"longitude", Opt(o.longitude)},
          {"phone", Opt(o.phone)},
          {"fax", Opt(o.fax)},
          {"email", Opt(o.email)},
          {"status", o.status},
          {"updated_at", o.updated_at}};
}

json::object ToJson(const User& u) {
  return {{"id", u.id},
          {"login_id", u.login_id},
          {"display_name", u.display_name},
          {"kana", u.kana},
          {"profession_code", Opt(u.profession_code)},
          {"account_type", u.account_type},
          {"system_admin", u.system_admin},
          {"phone", Opt(u.phone)},
          {"email", Opt(u.email)},
          {"status", u.status},
          {"last_login_at", Opt(u.last_login_at)}};
}

json::object ToJson(const Membership& m) {
  return {{"organization_id", m.organization_id},
          {"organization_name", m.organization_name},
          {"organization_type", m.organization_type},
          {"municipality_code", m.municipality_code},
          {"role", m.role},
          {"title", Opt(m.title)}};
}

json::object ToJson(const UserWithMemberships& u) {
  json::object o = ToJson(u.user);
  json::array ms;
  for (const auto& m : u.memberships) ms.push_back(ToJson(m));
  o["memberships"] = std::move(ms);
  return o;
}

json::object ToJson(const CodeEntry& c) {
  return {{"code", c.code}, {"name_ja", c.name_ja}, {"name_en", c.name_en}};
}

}  // namespace directory

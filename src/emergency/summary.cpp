#include "emergency/summary.h"

#include <algorithm>
#include <boost/json/parse.hpp>

#include "care/person_json.h"
#include "care/timeline_json.h"
#include "directory/store.h"

namespace emergency {
namespace {

namespace json = boost::json;

json::value PartData(const care::EmergencyRecord& r, const std::string& part) {
  auto it = r.profile.find(part);
  if (it == r.profile.end()) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(it->second.data_json, ec);
  return ec ? json::value(nullptr) : v;
}

json::value Text(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

json::object PersonJson(const care::Person& p, const core::Date& today) {
  const care::Identity& id = p.identity;
  json::object o{{"id", p.id},
                 {"name", id.name},
                 {"kana", id.kana},
                 {"sex", id.sex},
                 {"birth_date", id.birth_date},
                 {"address", id.address},
                 {"phone", Text(id.phone)},
                 {"status", p.status},
                 {"status_since", Text(p.status_since)},
                 {"photo_attachment_id", Text(p.photo_attachment_id)}};
  auto birth = core::ParseIsoDate(id.birth_date);
  o["age"] = birth ? json::value(core::AgeOn(*birth, today)) : json::value(nullptr);
  return o;
}

// The latest ACP with its sign-off (the version's author and time).
json::value AcpJson(const care::EmergencyRecord& r) {
  auto it = r.profile.find("acp");
  if (it == r.profile.end()) return nullptr;
  json::value data = PartData(r, "acp");
  if (!data.is_object()) return nullptr;
  json::object o = data.as_object();
  o.erase("participants");  // who took part stays in the profile; the crew needs the wishes
  if (!o.contains("substitute")) o["substitute"] = nullptr;
  o["version"] = it->second.version;
  o["recorded_at"] = it->second.changed_at;
  o["recorded_by"] = care::ToJson(it->second.changed_by);
  return o;
}

json::value KeyPersons(const care::EmergencyRecord& r) {
  json::value data = PartData(r, "key_persons");
  json::array items;
  if (data.is_object() && data.as_object().contains("items")) {
    items = data.as_object().at("items").as_array();
  }
  std::stable_sort(items.begin(), items.end(), [](const json::value& a, const json::value& b) {
    auto order = [](const json::value& v) {
      const auto* o = v.if_object();
      const auto* n = o ? o->if_contains("call_order") : nullptr;
      return n && n->is_int64() ? n->as_int64() : INT64_MAX;
    };
    return order(a) < order(b);
  });
  return items;
}

// Directory references with their names (an unknown or removed entry keeps only its id).
core::Result<json::value> Providers(db::Connection& c, const care::EmergencyRecord& r) {
  json::value data = PartData(r, "providers");
  if (!data.is_object()) return json::value(json::object{});
  json::object out = data.as_object();
  for (auto& [role, value] : out) {
    json::object* p = value.if_object();
    if (!p) continue;
    if (const json::value* org = p->if_contains("organization_id"); org && org->is_string()) {
      ASSIGN_OR_RETURN(auto o, directory::Store::GetOrganization(c, org->as_string().c_str()));
      if (o) {
        (*p)["organization_name"] = o->name;
        if (!p->contains("phone") && o->phone) (*p)["phone"] = *o->phone;
      }
    }
    if (const json::value* user = p->if_contains("user_id"); user && user->is_string()) {
      ASSIGN_OR_RETURN(auto u, directory::Store::GetUser(c, user->as_string().c_str()));
      if (u) (*p)["user_name"] = u->display_name;
    }
  }
  return json::value(std::move(out));
}

json::array CareManagers(const care::EmergencyRecord& r) {
  json::array out;
  for (const auto& m : r.care_managers) {
    out.push_back(json::object{{"user_id", m.user_id},
                               {"name", m.name},
                               {"organization_name", Text(m.organization_name)}});
  }
  return out;
}

}  // namespace

core::Result<json::object> BuildSummary(db::Connection& c, const care::EmergencyRecord& r,
                                        const core::Date& today, int64_t now) {
  json::object s;
  s["person"] = PersonJson(r.person, today);
  s["acp"] = AcpJson(r);
  s["key_persons"] = KeyPersons(r);
  ASSIGN_OR_RETURN(s["providers"], Providers(c, r));
  for (const char* part :
       {"care_level", "disability", "medical", "prescriptions", "devices", "living", "emergency"}) {
    s[part] = PartData(r, part);
  }
  s["latest_vitals"] =
      r.latest_vitals ? json::value(care::VitalsJson(*r.latest_vitals)) : json::value(nullptr);
  s["care_managers"] = CareManagers(r);
  s["emergency_consent"] = r.consent.emergency;
  s["generated_at"] = now;
  return s;
}

}  // namespace emergency

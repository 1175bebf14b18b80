#include "emergency/json.h"

#include "care/attachment_routes.h"

namespace emergency {
namespace {

namespace json = boost::json;

json::value Opt(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

json::object UserJson(const UserRef& u) {
  return json::object{{"id", u.id}, {"name", u.name}, {"profession_code", Opt(u.profession_code)}};
}

}  // namespace

json::object ToJson(const EmsAccess& a) {
  json::object o{{"id", a.id},
                 {"person_id", a.person_id},
                 {"person_name", a.person_name},
                 {"incident_number", a.incident_number},
                 {"reason", a.reason},
                 {"found_by", a.found_by},
                 {"opened_at", a.opened_at},
                 {"expires_at", a.expires_at},
                 {"opened_by", UserJson(a.opened_by)},
                 {"organization_name", a.organization_name}};
  if (a.destination) {
    o["destination"] = json::object{{"organization_id", Opt(a.destination->organization_id)},
                                    {"name", a.destination->name},
                                    {"set_at", a.destination->set_at},
                                    {"link", a.destination->link}};
  } else {
    o["destination"] = nullptr;
  }
  if (a.outcome) {
    o["outcome"] = json::object{
        {"code", a.outcome->code},
        {"note", a.outcome->note},
        {"reported_at", a.outcome->reported_at},
        {"reported_by", json::object{{"name", a.outcome->reporter_name},
                                     {"organization_name", a.outcome->organization_name},
                                     {"via", a.outcome->via}}}};
  } else {
    o["outcome"] = nullptr;
  }
  return o;
}

json::object ToJson(const CardView& v) {
  return json::object{{"id", v.card.id},
                      {"url", v.url},
                      {"qr_svg", v.qr_svg},
                      {"created_at", v.card.created_at},
                      {"created_by", UserJson(v.card.created_by)},
                      {"person", json::object{{"name", v.person_name},
                                              {"kana", v.person_kana},
                                              {"birth_date", v.person_birth_date}}}};
}

json::object ToJson(const Candidate& c, const core::Date& today) {
  json::object o{
      {"person_id", c.person_id},   {"name", c.name},      {"kana", c.kana}, {"sex", c.sex},
      {"birth_date", c.birth_date}, {"address", c.address}};
  auto birth = core::ParseIsoDate(c.birth_date);
  o["age"] = birth ? json::value(core::AgeOn(*birth, today)) : json::value(nullptr);
  if (!c.phone_match.empty()) o["phone_match"] = c.phone_match;
  return o;
}

json::object ToJson(const OpenedAccess& o) {
  json::object out = ToJson(o.access);
  out["summary"] = o.summary;
  json::array media;
  for (const auto& m : o.media) media.push_back(care::AttachmentJson(m));
  out["media"] = std::move(media);
  return out;
}

}  // namespace emergency

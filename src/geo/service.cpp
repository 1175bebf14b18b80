#include "geo/service.h"

#include <set>

#include "core/japanese_text.h"

namespace geo {

core::Result<GeocodeResult> Service::Geocode(const std::string& address,
                                             const std::string& municipality_code) {
  return db_.Get<GeocodeResult>([&](db::Connection& c) -> core::Result<GeocodeResult> {
    ASSIGN_OR_RETURN(auto municipalities, Store::Municipalities(c));
    std::string folded = core::FoldWidth(address);
    const MunicipalityName* m = nullptr;
    for (const auto& candidate : municipalities) {
      if (!municipality_code.empty()) {
        if (candidate.code == municipality_code) m = &candidate;
      } else if (!candidate.name.empty() && folded.find(candidate.name) != std::string::npos &&
                 (!m || candidate.name.size() > m->name.size())) {
        m = &candidate;
      }
    }
    if (!m) {
      return core::Error::Make(core::ErrorCode::kNotFound,
                               "市町村が分かりません (municipality not found)", "address");
    }
    ASSIGN_OR_RETURN(auto points, Store::Points(c, m->code));
    std::string rest = AddressRemainder(address, m->prefecture, m->name);
    if (auto hit = MatchAddress(rest, points)) return *hit;
    bool names_municipality = folded.find(m->name) != std::string::npos;
    if (names_municipality) {
      if (auto whole = Centroid(points)) {
        whole->matched = m->name;
        return *whole;
      }
    }
    return core::Error::Make(core::ErrorCode::kNotFound,
                             "住所から位置が分かりません (address not found)", "address");
  });
}

core::Result<MapMeta> Service::Map(const auth::Caller& caller) {
  MapMeta meta;
  if (!map_.tile_url.empty()) meta.tile_url = map_.tile_url;
  meta.attribution = map_.attribution;
  std::set<std::string> codes;
  if (caller.principal) {
    for (const auto& m : caller.principal->memberships) codes.insert(m.municipality_code);
  }
  RETURN_IF_ERROR(db_.Run([&](db::Connection& c) -> core::Result<void> {
    for (const auto& code : codes) {
      int room = 500 - static_cast<int>(meta.places.size());
      if (room <= 0) break;
      ASSIGN_OR_RETURN(auto places, Store::Places(c, code, room));
      meta.places.insert(meta.places.end(), places.begin(), places.end());
    }
    return core::Ok();
  }));
  if (!meta.places.empty()) {
    double lat = 0, lon = 0;
    for (const auto& p : meta.places) {
      lat += p.latitude;
      lon += p.longitude;
    }
    meta.center_latitude = lat / static_cast<double>(meta.places.size());
    meta.center_longitude = lon / static_cast<double>(meta.places.size());
    meta.zoom = 14;
  }
  return meta;
}

}  // namespace geo

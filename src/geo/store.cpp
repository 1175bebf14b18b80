#include "geo/store.h"

namespace geo {
namespace {

using db::Statement;

constexpr Statement kPoints{"geo_points",
                            "SELECT town, base, chome, latitude, longitude FROM address_points "
                            "WHERE municipality_code = $1"};
constexpr Statement kMunicipalities{"geo_municipalities",
                                    "SELECT code, name, prefecture FROM municipalities"};
constexpr Statement kDelete{
    "geo_delete_point",
    "DELETE FROM address_points WHERE municipality_code = $1 AND base = $2 AND chome = $3"};
constexpr Statement kInsert{
    "geo_insert_point",
    "INSERT INTO address_points (municipality_code, base, chome, town, latitude, longitude, "
    "source) VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr Statement kPlaces{
    "geo_places",
    "SELECT base, AVG(latitude), AVG(longitude) FROM address_points WHERE municipality_code = $1 "
    "GROUP BY base ORDER BY base LIMIT $2"};

}  // namespace

core::Result<std::vector<AddressPoint>> Store::Points(db::Connection& c,
                                                      const std::string& municipality_code) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kPoints, {municipality_code}));
  std::vector<AddressPoint> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r.Text(0), r.Text(1), static_cast<int>(r.Int(2)), r.Real(3), r.Real(4)});
  }
  return out;
}

core::Result<std::vector<MunicipalityName>> Store::Municipalities(db::Connection& c) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kMunicipalities));
  std::vector<MunicipalityName> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Text(2)});
  return out;
}

core::Result<void> Store::Upsert(db::Connection& c, const std::string& municipality_code,
                                 const AddressPoint& p, const std::string& source) {
  RETURN_IF_ERROR(c.Execute(kDelete, {municipality_code, p.base, p.chome}));
  RETURN_IF_ERROR(c.Execute(
      kInsert, {municipality_code, p.base, p.chome, p.town, p.latitude, p.longitude, source}));
  return core::Ok();
}

core::Result<std::vector<Place>> Store::Places(db::Connection& c,
                                               const std::string& municipality_code, int limit) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kPlaces, {municipality_code, limit}));
  std::vector<Place> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Real(1), r.Real(2)});
  return out;
}

}  // namespace geo

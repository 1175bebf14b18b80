// Geocoding from the municipalities' own reference points, and what the front end needs to
// draw a map. No outside service is asked: the addresses of the people we support stay here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/caller.h"
#include "core/result.h"
#include "db/database.h"
#include "geo/address_match.h"
#include "geo/store.h"

namespace geo {

struct MapSettings {
  std::string tile_url;  // empty: no tile server
  std::string attribution;
};

struct MapMeta {
  std::optional<std::string> tile_url;
  std::string attribution;
  double center_latitude = 36.2;  // Japan as a whole when nothing better is known
  double center_longitude = 138.25;
  int zoom = 5;
  std::vector<Place> places;
};

class Service {
 public:
  Service(db::Database& db, MapSettings map) : db_(db), map_(std::move(map)) {}

  /// `municipality_code` may be empty: the municipality is then found by its name in the
  /// address. kNotFound (field "address") when nothing matches.
  core::Result<GeocodeResult> Geocode(const std::string& address,
                                      const std::string& municipality_code);
  /// Tile server and the reference places of the caller's municipalities.
  core::Result<MapMeta> Map(const auth::Caller& caller);

 private:
  db::Database& db_;
  MapSettings map_;
};

}  // namespace geo

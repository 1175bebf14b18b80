// SQL for address reference points and the municipalities they belong to.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"
#include "geo/address_match.h"

namespace geo {

struct MunicipalityName {
  std::string code;
  std::string name;
  std::string prefecture;
};

struct Place {
  std::string name;
  double latitude = 0;
  double longitude = 0;
};

class Store {
 public:
  static core::Result<std::vector<AddressPoint>> Points(db::Connection& c,
                                                        const std::string& municipality_code);
  static core::Result<std::vector<MunicipalityName>> Municipalities(db::Connection& c);
  /// Replaces the point of (municipality, base, chome) or adds it.
  static core::Result<void> Upsert(db::Connection& c, const std::string& municipality_code,
                                   const AddressPoint& p, const std::string& source);
  /// One point per town (the mean of its 丁目), at most `limit`, for a tile-less map.
  static core::Result<std::vector<Place>> Places(db::Connection& c,
                                                 const std::string& municipality_code, int limit);
};

}  // namespace geo

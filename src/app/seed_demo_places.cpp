// Address reference points for the fictional demo region, so that geocoding and the map work
// out of the box: each town of 群青市 and 翠町 with its 丁目, laid out around the made-up
// centres used by the demo organizations.
#include "app/seed_demo.h"
#include "geo/address_match.h"
#include "geo/store.h"

namespace app {
namespace {

struct DemoTown {
  const char* municipality;
  const char* base;
  int chome_count;  // 0: the town has no 丁目
  double lat, lon;  // the town's first point; further 丁目 step east
};

constexpr DemoTown kTowns[] = {
    {"991015", "本町", 4, 35.1000, 137.1000},   {"991015", "若葉町", 0, 35.1050, 137.0950},
    {"991015", "青葉台", 3, 35.0980, 137.1080}, {"991015", "港町", 2, 35.0930, 137.1060},
    {"991015", "日向町", 0, 35.1020, 137.1150}, {"991015", "宮前", 3, 35.0990, 137.0970},
    {"991015", "緑が丘", 3, 35.1080, 137.1050}, {"991015", "桜木町", 0, 35.0950, 137.0920},
    {"991015", "川端町", 2, 35.1030, 137.0880}, {"991015", "東町", 0, 35.1000, 137.1200},
    {"991015", "北山町", 0, 35.1120, 137.1000}, {"991023", "中央", 3, 35.1500, 137.1800},
    {"991023", "上野", 0, 35.1560, 137.1760},   {"991023", "下野", 0, 35.1440, 137.1830},
    {"991023", "森下", 0, 35.1520, 137.1900},   {"991023", "川原", 0, 35.1470, 137.1720},
};

const char* kKanjiNumbers[] = {"", "一", "二", "三", "四"};

}  // namespace

core::Result<void> SeedDemoPlaces(db::Connection& c) {
  for (const DemoTown& t : kTowns) {
    for (int chome = t.chome_count == 0 ? 0 : 1; chome <= t.chome_count; ++chome) {
      geo::AddressPoint p;
      p.base = t.base;
      p.chome = chome;
      p.town = std::string(t.base) + (chome ? std::string(kKanjiNumbers[chome]) + "丁目" : "");
      p.latitude = t.lat + 0.0008 * (chome > 0 ? chome - 1 : 0);
      p.longitude = t.lon + 0.0012 * (chome > 0 ? chome - 1 : 0);
      RETURN_IF_ERROR(geo::Store::Upsert(c, t.municipality, p, "demo"));
    }
  }
  return core::Ok();
}

}  // namespace app

#include "app/seed_demo_watch.h"

#include "auth/tokens.h"
#include "db/database.h"
#include "watch/model.h"
#include "watch/registry_store.h"

namespace app::demo {
namespace {

constexpr db::Statement kWatched{
    "demo_watched_persons",
    "SELECT id, municipality_code FROM persons WHERE ',' || categories || ',' LIKE "
    "'%,watched,%' ORDER BY kana, id"};

// One scenario per home, in kana order, so that the demo shows each situation the spec names.
constexpr watch::Scenario kScenarios[] = {
    watch::Scenario::kStopsMoving, watch::Scenario::kHeatWave,       watch::Scenario::kNightOwl,
    watch::Scenario::kDeadBattery, watch::Scenario::kGatewayOffline, watch::Scenario::kNormal};

struct DeviceSpec {
  const char* suffix;
  const char* kind;
  const char* place;
};
constexpr DeviceSpec kHomeDevices[] = {
    {"entrance", "door", "entrance"}, {"fridge", "door", "fridge"},
    {"bathroom", "door", "bathroom"}, {"toilet", "door", "toilet"},
    {"living", "climate", "living"},  {"motion", "motion", "living"}};

std::string Sealed(const auth::SecretBox& secrets, const watch::DeviceSecret& s) {
  return secrets.Seal(std::string_view(reinterpret_cast<const char*>(s.data()), s.size()));
}

}  // namespace

core::Result<watch::Fleet> SeedWatch(db::Connection& c, const std::string& registrar_user_id,
                                     int64_t now, const auth::SecretBox& secrets) {
  watch::Fleet fleet;
  fleet.network = "gunjo";
  ASSIGN_OR_RETURN(auto persons, c.Query(kWatched));
  // Installed six weeks ago, so that a backfill gives the baselines their four weeks.
  const int64_t installed = now - 42LL * 24 * 3600 * 1000;
  int n = 0;
  for (const auto& row : persons) {
    ++n;
    watch::Subject s;
    s.person_id = row.Text(0);
    s.municipality_code = row.Text(1);
    s.started_at = installed;
    RETURN_IF_ERROR(watch::registry::UpsertSubject(c, s, registrar_user_id, installed));
    watch::FleetHome home;
    home.person_id = s.person_id;
    char label[16];
    std::snprintf(label, sizeof label, "home-%03d", n);
    home.label = label;
    home.scenario = kScenarios[(n - 1) % std::size(kScenarios)];
    home.seed = 1000 + n;
    watch::FleetGateway gw{std::string("gw-") + label, watch::NewDeviceSecret()};
    watch::Device gateway;
    gateway.id = gw.id;
    gateway.person_id = s.person_id;
    gateway.kind = "gateway";
    gateway.place = "living";
    gateway.firmware = "demo-1.0";
    gateway.installed_at = installed;
    RETURN_IF_ERROR(watch::registry::InsertDevice(c, gateway, Sealed(secrets, gw.secret),
                                                  registrar_user_id, installed));
    for (const DeviceSpec& spec : kHomeDevices) {
      watch::FleetDevice fd{std::string(label) + "-" + spec.suffix, watch::NewDeviceSecret(),
                            spec.kind, spec.place};
      watch::Device d;
      d.id = fd.id;
      d.person_id = s.person_id;
      d.gateway_id = gw.id;
      d.kind = spec.kind;
      d.place = spec.place;
      d.firmware = "demo-1.0";
      d.installed_at = installed;
      RETURN_IF_ERROR(watch::registry::InsertDevice(c, d, Sealed(secrets, fd.secret),
                                                    registrar_user_id, installed));
      home.devices.push_back(std::move(fd));
    }
    home.gateway = std::move(gw);
    fleet.homes.push_back(std::move(home));
  }
  return fleet;
}

}  // namespace app::demo

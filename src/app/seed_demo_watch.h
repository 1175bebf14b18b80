// The watch part of the demo region: the demo's watched persons (category "watched") enrolled
// with a home's worth of devices behind a gateway, each home given a simulator scenario, and
// the fleet file the simulator plays (`tsunagari simulate-sensors --fleet …`).
#pragma once

#include <cstdint>

#include "core/result.h"
#include "watch/fleet.h"

namespace db {
class Connection;
}
namespace auth {
class SecretBox;
}

namespace app::demo {

/// Enrols the watched persons on `c` (inside SeedDemo's transaction), registered by
/// `registrar_user_id`; returns the fleet for the simulator (secrets included).
core::Result<watch::Fleet> SeedWatch(db::Connection& c, const std::string& registrar_user_id,
                                     int64_t now, const auth::SecretBox& secrets);

}  // namespace app::demo

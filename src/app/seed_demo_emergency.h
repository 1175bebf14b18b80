// The emergency data of the demo region (spec 08): the ACP (人生会議) versions and emergency kits
// (救急医療情報キット) of some demo persons, saved as their profile parts, and the QR cards of two
// of them. Internal to src/app: seed_demo_care.cpp is the only caller.
#pragma once

#include <string>
#include <vector>

#include "app/seed_demo_persons.h"
#include "app/seed_demo_timeline.h"
#include "core/result.h"
#include "db/database.h"

namespace auth {
class SecretBox;
}

namespace app::demo {

/// The `acp` and `emergency` profile parts of the person with `key`, oldest first, to be saved
/// after the person's other parts (none for most persons).
std::vector<PartChange> EmergencyParts(const std::string& key, const Calendar& cal);

/// Issues the QR cards of the demo persons who have one, as the API does: a random token sealed
/// with the server's secret key, found by its hash. Returns how many were issued.
core::Result<int> SeedEmergencyCards(db::Connection& c, const Directory& dir, const Calendar& cal,
                                     const std::vector<PersonSeed>& persons,
                                     const auth::SecretBox& secrets);

}  // namespace app::demo

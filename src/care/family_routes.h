// HTTP routes of family members (docs/care-api.md "Family"): the team's invitations, and the
// family account's own persons and the profile parts it keeps current.
#pragma once

#include "core/clock.h"
#include "http/router.h"

namespace care {

class FamilyService;
class PersonService;

void RegisterFamilyRoutes(http::Router& router, FamilyService& family, PersonService& persons,
                          const core::Clock& clock);

}  // namespace care

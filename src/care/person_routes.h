// HTTP routes of persons: the list and registration, identity, the care profile and the
// status history (docs/care-api.md "Persons", "Care profile", "Status history").
#pragma once

#include "http/router.h"

namespace care {

class PersonService;

void RegisterPersonRoutes(http::Router& router, PersonService& persons);

}  // namespace care

// HTTP routes of persons: the list and registration, identity, the care profile and the
// status history (docs/care-api.md "Persons", "Care profile", "Status history").
#pragma once

#include "http/router.h"

namespace care {

class PersonService;

void RegisterPersonRoutes(http::Router& router, PersonService& persons);

/// GET and PUT of /…/{person_id}/profile/{part}: the team's routes and the family's share them
/// (the service decides who may read or change which part).
core::Result<http::Response> GetProfilePart(PersonService& persons, http::Request& req);
core::Result<http::Response> PutProfilePart(PersonService& persons, http::Request& req);

}  // namespace care

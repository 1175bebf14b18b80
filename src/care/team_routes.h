// HTTP routes of care teams (docs/care-api.md "Care team").
#pragma once

#include "http/router.h"

namespace care {

class TeamService;

void RegisterTeamRoutes(http::Router& router, TeamService& team);

}  // namespace care

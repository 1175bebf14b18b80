// The emergency API's routes (docs/emergency-api.md): thin handlers over the three sides.
#pragma once

#include "emergency/hospital_side.h"
#include "emergency/team_side.h"

namespace http {
class Router;
}

namespace emergency {

struct Sides {
  TeamSide& team;
  EmsSide& ems;
  HospitalSide& hospital;
  const core::Clock& clock;
  bool secure_cookies = false;  // the public URL is https
};

void RegisterRoutes(http::Router& router, Sides sides);

}  // namespace emergency

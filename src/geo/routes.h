#pragma once

#include "http/router.h"

namespace geo {
class Service;
/// GET /api/v1/geocode, GET /api/v1/meta/map.
void RegisterRoutes(http::Router& router, Service& service);
}  // namespace geo

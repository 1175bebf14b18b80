// The routes of the watch alerts and the call ladder (docs/watch-api.md "Alerts and the call
// ladder").
#pragma once

namespace http {
class Router;
}

namespace watch {

class AlertService;

void RegisterAlertRoutes(http::Router& router, AlertService& alerts);

}  // namespace watch

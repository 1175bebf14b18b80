// The watch module's HTTP routes (docs/watch-api.md).
#pragma once

namespace http {
class Router;
}

namespace watch {

class Registry;
class Ingester;
class StatusBoard;

void RegisterRegistryRoutes(http::Router& router, Registry& registry);
/// POST /api/v1/watch/events: sensor clouds and gateways, authenticated per device.
/// GET /api/v1/watch/status and its live stream.
void RegisterStatusRoutes(http::Router& router, StatusBoard& board);
void RegisterIngestRoutes(http::Router& router, Ingester& ingester);

}  // namespace watch

// HTTP routes of the watch analytics (docs/watch-api.md "Analytics"): a person's charts, their
// CSV, the trend signs, and the region view.
#pragma once

namespace http {
class Router;
}

namespace watch {

class AnalyticsService;

void RegisterAnalyticsRoutes(http::Router& router, AnalyticsService& analytics);

}  // namespace watch

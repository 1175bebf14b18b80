// HTTP routes of the scheduled watch reports and the family's view of the watch status
// (docs/watch-api.md "Reports and the family's view").
#pragma once

namespace http {
class Router;
}

namespace watch {

class Reports;

void RegisterReportRoutes(http::Router& router, Reports& reports);

}  // namespace watch

// HTTP routes of the timeline and vitals (docs/care-api.md "Timeline", "Vitals"): parse the
// query or JSON body, call the service, write the response through timeline_json.
#pragma once

#include "http/router.h"

namespace care {

class TimelineService;
class VitalsService;

void RegisterTimelineRoutes(http::Router& router, TimelineService& timeline, VitalsService& vitals);

}  // namespace care

// HTTP routes of the notification feed and its live stream.
#pragma once

#include "http/router.h"

namespace notify {
class Hub;
void RegisterRoutes(http::Router& router, Hub& hub);
}  // namespace notify

// HTTP routes of the notification feed and its live stream.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "auth/caller.h"
#include "http/router.h"

namespace notify {
class Hub;

/// The names of those persons among `person_ids` the caller may read now (the care module
/// decides and audits). Notification titles never name anyone, since they may reach e-mail; the
/// feed adds the name for whoever may still see the person.
using PersonNamer = std::function<std::map<std::string, std::string>(
    const auth::Caller& caller, const std::vector<std::string>& person_ids)>;

void RegisterRoutes(http::Router& router, Hub& hub, PersonNamer namer = {});
}  // namespace notify

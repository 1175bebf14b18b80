// The context of one call into a service: who (may be nobody), from where, and which request —
// what every audit entry needs. Services take this instead of anything from HTTP.
#pragma once

#include <string>
#include <string_view>

#include "audit/model.h"
#include "auth/principal.h"

namespace auth {

struct Caller {
  const Principal* principal = nullptr;
  std::string ip;
  std::string user_agent;
  std::string request_id;

  /// An audit entry pre-filled with the actor and the request.
  audit::Entry Audit(std::string action, std::string object_type = {},
                     std::string object_id = {}) const;
};

}  // namespace auth

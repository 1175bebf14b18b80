#include "auth/caller.h"

namespace auth {

audit::Entry Caller::Audit(std::string action, std::string object_type,
                           std::string object_id) const {
  audit::Entry e;
  if (principal) {
    e.user_id = principal->user_id;
    if (const Membership* m = principal->Primary()) {
      e.organization_id = m->organization_id;
      e.municipality_code = m->municipality_code;
      e.role = std::string(RoleName(m->role));
    }
    if (principal->system_admin && e.role.empty()) e.role = "system_admin";
    if (!principal->IsStaff()) e.role = "family";
  }
  e.ip = ip;
  // User agents are long and attacker-controlled; keep enough to recognise the client.
  e.user_agent = user_agent.substr(0, 200);
  e.request_id = request_id;
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  return e;
}

}  // namespace auth

// One audit-log entry (アクセスログ): when, who, from where, what, why, and the outcome.
#pragma once

#include <cstdint>
#include <string>

namespace audit {

struct Entry {
  int64_t at = 0;               // UTC ms; filled by the log when 0
  std::string user_id;          // empty for anonymous (failed logins name the login id in details)
  std::string organization_id;  // the actor's organization for this action, if any
  std::string
      municipality_code;  // whose data or whose admin scope: lets municipality admins search
  std::string role;       // the role the actor acted in
  std::string ip;
  std::string user_agent;
  std::string action;  // dotted verb, e.g. "auth.login", "person.read", "directory.user.create"
  std::string object_type;  // e.g. "user", "organization", "person"
  std::string object_id;
  std::string person_id;       // the supported person whose data was touched, if any
  std::string reason;          // legal basis or break-glass reason
  std::string outcome = "ok";  // ok | denied | failed
  std::string request_id;
  std::string details;  // short JSON, never passwords, tokens or clinical content
};

/// A stored entry with its place in the hash chain.
struct StoredEntry {
  Entry entry;
  std::string chain;
  int64_t seq = 0;
  std::string id;
  std::string prev_hash;
  std::string hash;
};

}  // namespace audit

// The auth module's records: credentials, sessions, invitations (and password-reset links).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "directory/model.h"

namespace auth {

struct Credentials {
  std::string user_id;
  std::optional<std::string> password_hash;
  std::optional<int64_t> password_changed_at;
  std::optional<std::string> totp_secret_sealed;  // encrypted with the server's SecretBox key
  bool totp_enabled = false;
  int64_t totp_last_step = 0;
  int failed_logins = 0;
  int lockouts = 0;
  int64_t locked_until = 0;
};

struct Session {
  std::string id;
  std::string user_id;
  std::string stage;  // password | enrol | full
  std::string csrf_token;
  bool bearer = false;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t expires_at = 0;  // absolute limit
  std::string ip;
  std::string user_agent;
  std::optional<int64_t> revoked_at;
};

/// A session with what Authenticate needs of its user, read in one statement per request.
struct SessionHolder {
  Session session;
  std::string login_id;
  std::string display_name;
  std::string account_type;
  std::string user_status;
  bool system_admin = false;
  std::vector<directory::Membership> memberships;  // oldest first
};

/// An invitation to join an organization, or (kind "reset") a password-reset link issued by an
/// admin. Only the token's hash is stored; the token travels once, in the link.
struct Invitation {
  std::string id;
  std::string kind;  // invite | reset | family (a family account for one person; no organization)
  std::optional<std::string> organization_id;
  std::optional<std::string> role;
  std::optional<std::string> user_id;  // reset: whose password
  std::optional<std::string> display_name;
  std::optional<std::string> kana;
  std::optional<std::string> profession_code;
  std::optional<std::string> email;
  std::string created_by;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  std::optional<int64_t> used_at;
  std::optional<int64_t> revoked_at;
};

}  // namespace auth

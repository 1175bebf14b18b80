// A real Tsunagari server on port 0 with a temporary data directory and an injected clock, plus
// a small JSON client that carries the session cookie and CSRF token like a browser would.
#pragma once

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "app/app.h"
#include "core/clock.h"
#include "db/testing.h"
#include "transport/test_client.h"

namespace testing_env {

namespace json = boost::json;

struct Reply {
  int status = 0;
  json::value body;  // null when the body is not JSON
  std::string raw;
  transport::ClientResponse response;

  /// The `field` of the first error detail, or "".
  std::string ErrorField() const;
  std::string ErrorCode() const;
  /// True when the error's `field` or any of its details names `field`.
  bool NamesField(const std::string& field) const;
  /// The `code` of the first error detail (e.g. "required", "enrolment_required"), or "".
  std::string ErrorDetailCode() const;
};

/// The string member `key` of a JSON object, or "" when absent or not a string.
std::string Str(const json::value& v, std::string_view key);

/// For parameterised API tests (db::testing::Backends()): a fresh PostgreSQL schema to give the
/// TestServer (its url()), or null for SQLite, where the server keeps its own file. Throws when
/// PostgreSQL cannot be reached.
std::unique_ptr<db::testing::TestDatabase> BackendDatabase(const std::string& backend);

struct Account {
  std::string user_id;
  std::string login_id;
  std::string password;
  std::string totp_secret;  // Base32; empty when not enrolled
};

class TestServer {
 public:
  /// `database_url` empty = SQLite in the data directory. `data_dir` empty = a new temporary
  /// directory, removed afterwards (a given one is kept).
  explicit TestServer(std::string database_url = {}, std::string data_dir = {});
  ~TestServer();

  uint16_t port() const { return app_->port(); }
  app::App& app() { return *app_; }
  core::FakeClock& clock() { return clock_; }
  const std::string& data_dir() const { return dir_; }

  // Fixtures written straight through the stores (fast, no HTTP).
  std::string CreateMunicipality(const std::string& code, const std::string& name);
  std::string CreateOrganization(const std::string& municipality_code, const std::string& type,
                                 const std::string& name);
  /// A user with a password and (when `enrolled`) a TOTP secret, member of `org_id` with `role`.
  Account CreateUser(const std::string& login_id, const std::string& org_id,
                     const std::string& role, bool enrolled = true,
                     const std::string& account_type = "staff", bool system_admin = false);
  /// Like CreateUser (enrolled staff), with a chosen name, kana reading and profession.
  Account CreateNamedUser(const std::string& login_id, const std::string& org_id,
                          const std::string& role, const std::string& display_name,
                          const std::string& kana, const std::string& profession_code = "nurse");
  /// A person registered in `municipality_code` by `registrant_user_id`, who becomes the
  /// active care manager; with `team_consent` a consent for team sharing (and emergency) is
  /// recorded. Written straight to the tables, so tests of other care features need not go
  /// through registration.
  std::string CreatePerson(const std::string& municipality_code,
                           const std::string& registrant_user_id,
                           const std::string& name = "試験 花子",
                           const std::string& kana = "シケン ハナコ", bool team_consent = true);
  /// Adds (or re-activates) a care-team member with `team_role` and `status`.
  /// Makes the family account an invited family member of the person (a used family invitation
  /// from `inviter`, a family_members row) and records a family-portal consent.
  void AddFamilyMember(const std::string& person_id, const std::string& family_user_id,
                       const std::string& inviter_user_id);
  void AddTeamMember(const std::string& person_id, const std::string& user_id,
                     const std::string& team_role, const std::string& status = "active");
  /// The current TOTP code for a secret at the server's clock.
  std::string TotpNow(const std::string& secret) const;

 private:
  Account AddUser(const std::string& login_id, const std::string& org_id, const std::string& role,
                  bool enrolled, const std::string& account_type, bool system_admin,
                  const std::string& display_name, const std::string& kana,
                  const std::string& profession_code);

  std::string dir_;
  bool own_dir_ = true;
  core::FakeClock clock_;
  std::unique_ptr<app::App> app_;
  std::thread runner_;
};

/// A browser-like client: keeps the session cookie and sends the CSRF token on writes.
class Client {
 public:
  explicit Client(TestServer& server) : server_(server), http_(server.port()) {}

  Reply Get(const std::string& target);
  Reply Post(const std::string& target, const json::value& body);
  Reply Put(const std::string& target, const json::value& body);
  Reply Delete(const std::string& target);
  Reply Send(const std::string& method, const std::string& target, const std::string& body,
             const std::string& content_type);
  /// As above with extra header fields (sent after the cookie and CSRF token).
  Reply Send(const std::string& method, const std::string& target, const std::string& body,
             const std::string& content_type, const transport::HeaderList& extra);

  /// Password then TOTP (when enrolled); ends fully signed in. Returns the last reply.
  Reply Login(const Account& account);
  void Logout();
  bool signed_in() const { return !cookie_.empty(); }
  const std::string& cookie() const { return cookie_; }
  void set_csrf(std::string csrf) { csrf_ = std::move(csrf); }
  const std::string& csrf() const { return csrf_; }
  /// Replaces the session cookie, e.g. to replay a token that should no longer work.
  void set_cookie(std::string cookie) { cookie_ = std::move(cookie); }

 private:
  Reply Finish(transport::ClientResponse r);

  TestServer& server_;
  transport::TestClient http_;
  std::string cookie_;
  std::string csrf_;
};

/// Percent-encodes a query value (UTF-8 bytes; unreserved characters kept).
std::string UrlEncode(std::string_view s);

/// The token of a one-time link ("…#token=XYZ"), or "".
std::string TokenFromLink(const std::string& url);

/// Flushes the audit log, then searches it as `admin` (a signed-in system admin):
/// GET /api/v1/audit?<query>.
Reply SearchAudit(TestServer& server, Client& admin, const std::string& query);

}  // namespace testing_env

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
};

struct Account {
  std::string user_id;
  std::string login_id;
  std::string password;
  std::string totp_secret;  // Base32; empty when not enrolled
};

class TestServer {
 public:
  /// `database_url` empty = SQLite in the temporary directory.
  explicit TestServer(std::string database_url = {});
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
  /// The current TOTP code for a secret at the server's clock.
  std::string TotpNow(const std::string& secret) const;

 private:
  std::string dir_;
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

  /// Password then TOTP (when enrolled); ends fully signed in. Returns the last reply.
  Reply Login(const Account& account);
  void Logout();
  bool signed_in() const { return !cookie_.empty(); }
  const std::string& cookie() const { return cookie_; }
  void set_csrf(std::string csrf) { csrf_ = std::move(csrf); }

 private:
  Reply Finish(transport::ClientResponse r);

  TestServer& server_;
  transport::TestClient http_;
  std::string cookie_;
  std::string csrf_;
};

}  // namespace testing_env

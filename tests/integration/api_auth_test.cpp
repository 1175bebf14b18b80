// API tests of signing in against the real server: password and second factor, lockout with
// back-off, enrolment, recovery codes, TOTP replay, timeouts, sessions, CSRF, bearer tokens, and
// the audit trail of all of it. Account administration is in api_accounts_test.cpp.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <set>

#include "auth/service.h"
#include "auth/totp.h"
#include "test_env.h"
#include "transport/test_client.h"

namespace {

using namespace std::chrono_literals;
using testing_env::Account;
using testing_env::Client;
using testing_env::Reply;
using testing_env::Str;
using testing_env::TestServer;
namespace json = boost::json;

/// A request with only an Authorization: Bearer header (no cookie, no CSRF token).
transport::ClientResponse WithBearer(uint16_t port, const std::string& method,
                                     const std::string& target, const std::string& token,
                                     const std::string& body = {}) {
  transport::TestClient http(port);
  transport::HeaderList headers{{"Authorization", "Bearer " + token}};
  if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
  return http.Request(method, target, body, headers);
}

/// Counts audit entries with this action and outcome in a search reply.
int CountAudit(const Reply& r, const std::string& action, const std::string& outcome,
               const std::string& details_part = {}) {
  int n = 0;
  for (const auto& e : r.body.at("items").as_array()) {
    if (Str(e, "action") == action && Str(e, "outcome") == outcome &&
        Str(e, "details").find(details_part) != std::string::npos) {
      ++n;
    }
  }
  return n;
}

class ApiAuthTest : public ::testing::Test {
 protected:
  ApiAuthTest() {
    server_.CreateMunicipality("991015", "群青市");
    clinic_ = server_.CreateOrganization("991015", "clinic", "あおば内科");
    nurse_ = server_.CreateUser("nurse.sato", clinic_, "member");
    sysadmin_ = server_.CreateUser("sys.admin", "", "", true, "staff", true);
  }

  Reply PasswordStep(Client& c, const Account& a, const std::string& password) {
    return c.Post("/api/v1/auth/login",
                  json::object{{"login_id", a.login_id}, {"password", password}});
  }
  Reply Code(Client& c, const std::string& code) {
    return c.Post("/api/v1/auth/second-factor", json::object{{"code", code}});
  }
  /// TOTP codes are single-use per 30-second step: a second sign-in needs the next step.
  void NextTotpStep() { server_.clock().Advance(30s); }

  TestServer server_;
  std::string clinic_;
  Account nurse_, sysadmin_;
};

TEST_F(ApiAuthTest, PasswordThenSecondFactorSignsInFully) {
  Client c(server_);
  Reply pw = PasswordStep(c, nurse_, nurse_.password);
  ASSERT_EQ(pw.status, 200) << pw.raw;
  EXPECT_EQ(Str(pw.body, "stage"), "password");
  EXPECT_EQ(Str(pw.body.at("user"), "login_id"), "nurse.sato");
  EXPECT_TRUE(c.signed_in());
  std::string cookie = pw.response.Header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_EQ(Str(c.Get("/api/v1/auth/session").body, "stage"), "password");
  Reply blocked = c.Get("/api/v1/users");
  EXPECT_EQ(blocked.status, 401);
  EXPECT_EQ(blocked.ErrorDetailCode(), "second_factor_required");

  Reply full = Code(c, server_.TotpNow(nurse_.totp_secret));
  ASSERT_EQ(full.status, 200) << full.raw;
  EXPECT_EQ(Str(full.body, "stage"), "full");
  Reply session = c.Get("/api/v1/auth/session");
  ASSERT_EQ(session.status, 200);
  EXPECT_EQ(Str(session.body, "stage"), "full");
  EXPECT_TRUE(session.body.at("totp_enabled").as_bool());
  EXPECT_EQ(session.body.at("memberships").as_array().size(), 1u);
  EXPECT_EQ(c.Get("/api/v1/users").status, 200);
}

TEST_F(ApiAuthTest, LoginIdIgnoresCaseAndWidth) {
  for (const char* typed : {"NURSE.SATO", "ｎｕｒｓｅ．ｓａｔｏ", "  nurse.sato "}) {
    Client c(server_);
    Reply r = PasswordStep(c, Account{"", typed, "", ""}, nurse_.password);
    EXPECT_EQ(r.status, 200) << typed << " " << r.raw;
    EXPECT_EQ(Str(r.body.at("user"), "id"), nurse_.user_id) << typed;
  }
}

TEST_F(ApiAuthTest, WrongPasswordAndUnknownLoginGetTheSameAnswer) {
  Client c(server_);
  Reply wrong = PasswordStep(c, nurse_, "Not-The-Password-1");
  Account ghost{"", "nobody.here", "Not-The-Password-1", ""};
  Reply unknown = PasswordStep(c, ghost, ghost.password);
  ASSERT_EQ(wrong.status, 401);
  ASSERT_EQ(unknown.status, 401);
  json::object a = wrong.body.at("error").as_object();
  json::object b = unknown.body.at("error").as_object();
  a.erase("request_id");
  b.erase("request_id");
  EXPECT_EQ(json::serialize(a), json::serialize(b));
  EXPECT_TRUE(wrong.response.Header("set-cookie").empty());
  EXPECT_TRUE(unknown.response.Header("set-cookie").empty());
  EXPECT_FALSE(c.signed_in());
}

TEST_F(ApiAuthTest, LockoutAfterFiveWrongPasswordsThenUnlocksAfterBackoff) {
  Client c(server_);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(PasswordStep(c, nurse_, "Wrong-Guess-000" + std::to_string(i)).status, 401);
  Reply fifth = PasswordStep(c, nurse_, "Wrong-Guess-0004");
  EXPECT_EQ(fifth.status, 429) << fifth.raw;
  EXPECT_EQ(fifth.response.Header("retry-after"), "60");
  Reply right_while_locked = PasswordStep(c, nurse_, nurse_.password);
  EXPECT_EQ(right_while_locked.status, 429);
  EXPECT_FALSE(right_while_locked.response.Header("retry-after").empty());
  EXPECT_FALSE(c.signed_in());

  server_.clock().Advance(61s);
  Reply after = c.Login(nurse_);
  EXPECT_EQ(after.status, 200) << after.raw;
  EXPECT_EQ(Str(after.body, "stage"), "full");
}

TEST_F(ApiAuthTest, WrongPasswordsSentInParallelAllCountTowardsTheLockout) {
  // Ten guesses at once must not slip through as if each were the first.
  constexpr int kGuesses = 10;
  std::vector<std::future<int>> answers;
  for (int i = 0; i < kGuesses; ++i) {
    answers.push_back(std::async(std::launch::async, [&, i] {
      Client c(server_);
      return PasswordStep(c, nurse_, "Parallel-Guess-" + std::to_string(i)).status;
    }));
  }
  for (auto& a : answers) {
    int status = a.get();
    EXPECT_TRUE(status == 401 || status == 429) << status;
  }
  Client c(server_);
  EXPECT_EQ(PasswordStep(c, nurse_, nurse_.password).status, 429);
}

TEST_F(ApiAuthTest, LockoutDoublesOnTheNextLockout) {
  Client c(server_);
  for (int i = 0; i < 5; ++i) PasswordStep(c, nurse_, "Wrong-Guess-111" + std::to_string(i));
  EXPECT_EQ(PasswordStep(c, nurse_, nurse_.password).response.Header("retry-after"), "60");
  server_.clock().Advance(61s);
  Reply second = {};
  for (int i = 0; i < 5; ++i)
    second = PasswordStep(c, nurse_, "Wrong-Guess-222" + std::to_string(i));
  EXPECT_EQ(second.status, 429);
  EXPECT_EQ(second.response.Header("retry-after"), "120");
  server_.clock().Advance(61s);
  EXPECT_EQ(PasswordStep(c, nurse_, nurse_.password).status, 429);  // 120 s, not 60 s
  server_.clock().Advance(60s);
  EXPECT_EQ(c.Login(nurse_).status, 200);
}

TEST_F(ApiAuthTest, PasswordAloneDoesNotResetSecondFactorFailures) {
  // Someone who knows the password must not get fresh code guesses by signing in again.
  Client c(server_);
  ASSERT_EQ(PasswordStep(c, nurse_, nurse_.password).status, 200);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Code(c, "00000" + std::to_string(i)).status, 400);
  ASSERT_EQ(PasswordStep(c, nurse_, nurse_.password).status, 200);
  Reply locked = Code(c, "000009");
  EXPECT_EQ(locked.status, 429) << locked.raw;
  EXPECT_EQ(Code(c, server_.TotpNow(nurse_.totp_secret)).status, 429);

  // Nor does it reset the back-off: the next lockout is twice as long.
  server_.clock().Advance(61s);
  ASSERT_EQ(PasswordStep(c, nurse_, nurse_.password).status, 200);
  Reply again = {};
  for (int i = 0; i < 5; ++i) again = Code(c, "11111" + std::to_string(i));
  EXPECT_EQ(again.status, 429);
  EXPECT_EQ(again.response.Header("retry-after"), "120");
}

TEST_F(ApiAuthTest, LoginAttemptsAreThrottledPerAddress) {
  Client c(server_);
  const int burst = static_cast<int>(server_.app().auth().config().login_burst_per_address);
  for (int i = 0; i < burst; ++i) {
    Account guess{"", "guess" + std::to_string(i), "", ""};
    ASSERT_EQ(PasswordStep(c, guess, "Some-Password-1").status, 401) << i;
  }
  Reply throttled = PasswordStep(c, nurse_, nurse_.password);
  EXPECT_EQ(throttled.status, 429);
  EXPECT_FALSE(throttled.response.Header("retry-after").empty());
  server_.clock().Advance(10s);  // the bucket refills with time
  EXPECT_EQ(c.Login(nurse_).status, 200);
  Client admin(server_);
  server_.clock().Advance(10s);
  ASSERT_EQ(admin.Login(sysadmin_).status, 200);
  Reply audit = testing_env::SearchAudit(server_, admin, "action=auth.login.throttled");
  EXPECT_EQ(CountAudit(audit, "auth.login.throttled", "denied"), 1);
}

TEST_F(ApiAuthTest, SecondFactorMustFollowWithinTenMinutes) {
  Client c(server_);
  ASSERT_EQ(PasswordStep(c, nurse_, nurse_.password).status, 200);
  server_.clock().Advance(std::chrono::minutes(11));
  EXPECT_EQ(Code(c, server_.TotpNow(nurse_.totp_secret)).status, 401);
  EXPECT_EQ(Code(c, server_.TotpNow(nurse_.totp_secret)).ErrorCode(), "unauthenticated");
}

TEST_F(ApiAuthTest, StaffWithoutTotpMustEnrolBeforeUsingTheApi) {
  Account fresh = server_.CreateUser("new.staff", clinic_, "member", /*enrolled=*/false);
  Client c(server_);
  Reply login = c.Login(fresh);
  ASSERT_EQ(login.status, 200);
  EXPECT_EQ(Str(login.body, "stage"), "enrol");
  Reply users = c.Get("/api/v1/users");
  EXPECT_EQ(users.status, 401);
  EXPECT_EQ(users.ErrorDetailCode(), "enrolment_required");
  EXPECT_EQ(c.Get("/api/v1/users/me").status, 401);
  EXPECT_EQ(Str(c.Get("/api/v1/auth/session").body, "stage"), "enrol");
}

TEST_F(ApiAuthTest, EnrolmentGivesSecretUriAndQrThenConfirmGivesTenRecoveryCodes) {
  Account fresh = server_.CreateUser("new.staff", clinic_, "member", /*enrolled=*/false);
  Client c(server_);
  ASSERT_EQ(c.Login(fresh).status, 200);
  std::string enrol_cookie = c.cookie();
  Reply begin = c.Post("/api/v1/auth/enrolment", json::object{});
  ASSERT_EQ(begin.status, 200) << begin.raw;
  std::string secret = Str(begin.body, "secret");
  EXPECT_EQ(secret.size(), 32u);
  EXPECT_TRUE(Str(begin.body, "otpauth_uri").starts_with("otpauth://totp/"));
  EXPECT_NE(Str(begin.body, "otpauth_uri").find("secret=" + secret), std::string::npos);
  EXPECT_NE(Str(begin.body, "qr_svg").find("<svg"), std::string::npos);

  Reply wrong = c.Post("/api/v1/auth/enrolment/confirm", json::object{{"code", "123456x"}});
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.ErrorField(), "code");

  std::string code = auth::TotpCode(*auth::Base32Decode(secret), server_.clock().NowSeconds());
  Reply done = c.Post("/api/v1/auth/enrolment/confirm", json::object{{"code", code}});
  ASSERT_EQ(done.status, 200) << done.raw;
  EXPECT_EQ(Str(done.body, "stage"), "full");
  const auto& codes = done.body.at("recovery_codes").as_array();
  EXPECT_EQ(codes.size(), 10u);
  std::set<std::string> distinct;
  for (const auto& rc : codes) distinct.insert(std::string(rc.as_string()));
  EXPECT_EQ(distinct.size(), 10u);
  EXPECT_NE(c.cookie(), enrol_cookie);
  EXPECT_EQ(c.Get("/api/v1/users").status, 200);
  EXPECT_TRUE(c.Get("/api/v1/auth/session").body.at("totp_enabled").as_bool());

  // From now on the password alone is not enough.
  NextTotpStep();
  fresh.totp_secret = secret;
  Client later(server_);
  EXPECT_EQ(Str(PasswordStep(later, fresh, fresh.password).body, "stage"), "password");
  EXPECT_EQ(Code(later, server_.TotpNow(secret)).status, 200);
}

TEST_F(ApiAuthTest, RecoveryCodeWorksOnceAsSecondFactor) {
  Client c(server_);
  ASSERT_EQ(c.Login(nurse_).status, 200);
  Reply issued = c.Post("/api/v1/auth/recovery-codes", json::object{{"password", nurse_.password}});
  ASSERT_EQ(issued.status, 200) << issued.raw;
  ASSERT_EQ(issued.body.at("recovery_codes").as_array().size(), 10u);
  std::string first(issued.body.at("recovery_codes").as_array()[0].as_string());
  std::string second(issued.body.at("recovery_codes").as_array()[1].as_string());
  c.Logout();

  ASSERT_EQ(PasswordStep(c, nurse_, nurse_.password).status, 200);
  Reply used = Code(c, first);
  ASSERT_EQ(used.status, 200) << used.raw;
  EXPECT_EQ(Str(used.body, "stage"), "full");
  c.Logout();

  ASSERT_EQ(PasswordStep(c, nurse_, nurse_.password).status, 200);
  Reply again = Code(c, first);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.ErrorField(), "code");
  // Typed as people copy it from paper: without dashes, in capitals.
  std::string typed;
  for (char ch : second) {
    if (ch != '-') typed.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
  }
  EXPECT_EQ(Code(c, typed).status, 200);

  Client admin(server_);
  ASSERT_EQ(admin.Login(sysadmin_).status, 200);
  Reply audit =
      testing_env::SearchAudit(server_, admin, "user_id=" + nurse_.user_id + "&action=auth");
  EXPECT_EQ(CountAudit(audit, "auth.recovery_code_used", "ok"), 2);
}

TEST_F(ApiAuthTest, TotpCodeCannotBeReplayed) {
  Client c(server_);
  std::string code = server_.TotpNow(nurse_.totp_secret);
  ASSERT_EQ(PasswordStep(c, nurse_, nurse_.password).status, 200);
  ASSERT_EQ(Code(c, code).status, 200);
  Client other(server_);
  ASSERT_EQ(PasswordStep(other, nurse_, nurse_.password).status, 200);
  Reply replay = Code(other, code);
  EXPECT_EQ(replay.status, 400);
  EXPECT_EQ(replay.ErrorField(), "code");
  NextTotpStep();
  EXPECT_EQ(Code(other, server_.TotpNow(nurse_.totp_secret)).status, 200);
}

TEST_F(ApiAuthTest, TheSameTotpCodeSentInParallelSignsInOnlyOnce) {
  // Someone reading the code over a shoulder races the owner: only one of them may get in.
  constexpr int kRacers = 4;
  std::vector<std::unique_ptr<Client>> racers;
  for (int i = 0; i < kRacers; ++i) {
    racers.push_back(std::make_unique<Client>(server_));
    ASSERT_EQ(PasswordStep(*racers.back(), nurse_, nurse_.password).status, 200);
  }
  std::string code = server_.TotpNow(nurse_.totp_secret);
  std::vector<std::future<int>> answers;
  for (auto& r : racers) {
    answers.push_back(
        std::async(std::launch::async, [&, c = r.get()] { return Code(*c, code).status; }));
  }
  int signed_in = 0;
  for (auto& a : answers) signed_in += a.get() == 200 ? 1 : 0;
  EXPECT_EQ(signed_in, 1);
}

TEST_F(ApiAuthTest, IdleTimeoutEndsTheSessionAfterThirtyMinutes) {
  Client c(server_);
  ASSERT_EQ(c.Login(nurse_).status, 200);
  server_.clock().Advance(29min);
  EXPECT_EQ(c.Get("/api/v1/auth/session").status, 200);
  server_.clock().Advance(29min);  // activity above keeps it alive
  EXPECT_EQ(c.Get("/api/v1/auth/session").status, 200);
  server_.clock().Advance(31min);
  Reply idle = c.Get("/api/v1/auth/session");
  EXPECT_EQ(idle.status, 401);
  EXPECT_EQ(idle.ErrorCode(), "unauthenticated");
}

TEST_F(ApiAuthTest, AbsoluteTimeoutEndsTheSessionAfterTwelveHoursDespiteActivity) {
  Client c(server_);
  ASSERT_EQ(c.Login(nurse_).status, 200);
  for (int i = 1; i < 36; ++i) {  // every 20 minutes up to 11 h 40 min
    server_.clock().Advance(20min);
    ASSERT_EQ(c.Get("/api/v1/auth/session").status, 200) << "after " << i * 20 << " min";
  }
  server_.clock().Advance(20min);
  EXPECT_EQ(c.Get("/api/v1/auth/session").status, 401);
}

TEST_F(ApiAuthTest, RevokingAnotherOfMySessionsEndsIt) {
  Client laptop(server_), phone(server_);
  ASSERT_EQ(laptop.Login(nurse_).status, 200);
  NextTotpStep();
  ASSERT_EQ(phone.Login(nurse_).status, 200);
  Reply list = laptop.Get("/api/v1/auth/sessions");
  ASSERT_EQ(list.status, 200);
  const auto& items = list.body.at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  std::string phone_id;
  int current = 0;
  for (const auto& s : items) {
    if (s.at("current").as_bool())
      ++current;
    else
      phone_id = Str(s, "id");
  }
  EXPECT_EQ(current, 1);
  ASSERT_FALSE(phone_id.empty());

  // Another user cannot end it.
  Client stranger(server_);
  ASSERT_EQ(stranger.Login(sysadmin_).status, 200);
  EXPECT_EQ(stranger.Delete("/api/v1/auth/sessions/" + phone_id).status, 404);
  EXPECT_EQ(phone.Get("/api/v1/auth/session").status, 200);

  EXPECT_EQ(laptop.Delete("/api/v1/auth/sessions/" + phone_id).status, 204);
  EXPECT_EQ(phone.Get("/api/v1/auth/session").status, 401);
  EXPECT_EQ(laptop.Get("/api/v1/auth/session").status, 200);
  EXPECT_EQ(laptop.Get("/api/v1/auth/sessions").body.at("items").as_array().size(), 1u);
}

TEST_F(ApiAuthTest, LogoutEndsTheSession) {
  Client c(server_);
  ASSERT_EQ(c.Login(nurse_).status, 200);
  std::string cookie = c.cookie();
  std::string csrf = c.csrf();
  Reply out = c.Post("/api/v1/auth/logout", json::object{});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.response.Header("set-cookie").find("Max-Age=0"), std::string::npos);
  c.set_cookie(cookie);
  c.set_csrf(csrf);
  EXPECT_EQ(c.Get("/api/v1/auth/session").status, 401);
  EXPECT_EQ(c.Post("/api/v1/auth/logout", json::object{}).status, 401);
}

TEST_F(ApiAuthTest, SessionTokenChangesAfterTheSecondFactor) {
  Client c(server_);
  ASSERT_EQ(PasswordStep(c, nurse_, nurse_.password).status, 200);
  std::string before = c.cookie();
  ASSERT_EQ(Code(c, server_.TotpNow(nurse_.totp_secret)).status, 200);
  EXPECT_NE(c.cookie(), before);
  Client thief(server_);
  thief.set_cookie(before);
  EXPECT_EQ(thief.Get("/api/v1/auth/session").status, 401);
  EXPECT_EQ(c.Get("/api/v1/auth/session").status, 200);
}

TEST_F(ApiAuthTest, CookieAuthenticatedWriteWithoutCsrfTokenIsRefused) {
  Client c(server_);
  ASSERT_EQ(c.Login(nurse_).status, 200);
  std::string csrf = c.csrf();
  c.set_csrf("");
  Reply missing = c.Post("/api/v1/notifications/read", json::object{{"all", true}});
  EXPECT_EQ(missing.status, 403);
  EXPECT_TRUE(missing.NamesField("X-CSRF-Token"));
  c.set_csrf("not-the-token-0123456789");
  EXPECT_EQ(c.Post("/api/v1/auth/logout", json::object{}).status, 403);
  EXPECT_EQ(c.Get("/api/v1/auth/session").status, 200);  // still signed in
  c.set_csrf(csrf);
  EXPECT_EQ(c.Post("/api/v1/notifications/read", json::object{{"all", true}}).status, 200);
}

TEST_F(ApiAuthTest, BearerLoginWorksWithoutCookieOrCsrfAndIsNotACookie) {
  transport::TestClient http(server_.port());
  auto login = http.Request(
      "POST", "/api/v1/auth/login",
      json::serialize(json::object{
          {"login_id", nurse_.login_id}, {"password", nurse_.password}, {"bearer", true}}),
      {{"Content-Type", "application/json"}});
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_TRUE(login.Header("set-cookie").empty());
  std::string pending = Str(json::parse(login.body), "token");
  ASSERT_FALSE(pending.empty());

  auto second =
      WithBearer(server_.port(), "POST", "/api/v1/auth/second-factor", pending,
                 json::serialize(json::object{{"code", server_.TotpNow(nurse_.totp_secret)}}));
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_TRUE(second.Header("set-cookie").empty());
  std::string token = Str(json::parse(second.body), "token");
  ASSERT_FALSE(token.empty());
  EXPECT_NE(token, pending);
  EXPECT_EQ(WithBearer(server_.port(), "GET", "/api/v1/auth/session", pending).status, 401);

  EXPECT_EQ(WithBearer(server_.port(), "GET", "/api/v1/users/me", token).status, 200);
  auto write =
      WithBearer(server_.port(), "POST", "/api/v1/notifications/read", token, R"({"all":true})");
  EXPECT_EQ(write.status, 200) << write.body;

  Client as_cookie(server_);
  as_cookie.set_cookie(token);
  EXPECT_EQ(as_cookie.Get("/api/v1/users/me").status, 401);
  // And a browser's cookie is not a bearer token.
  Client browser(server_);
  NextTotpStep();
  ASSERT_EQ(browser.Login(nurse_).status, 200);
  EXPECT_EQ(WithBearer(server_.port(), "GET", "/api/v1/users/me", browser.cookie()).status, 401);
}

TEST_F(ApiAuthTest, AuditLogRecordsEveryLoginFailureLockoutAndSecondFactorEvent) {
  Client c(server_);
  PasswordStep(c, Account{"", "ghost.user", "x", ""}, "Whatever-123");
  for (int i = 0; i < 5; ++i) PasswordStep(c, nurse_, "Wrong-Guess-333" + std::to_string(i));
  PasswordStep(c, nurse_, nurse_.password);  // refused while locked
  server_.clock().Advance(61s);
  ASSERT_EQ(PasswordStep(c, nurse_, nurse_.password).status, 200);
  EXPECT_EQ(Code(c, "000000").status, 400);
  ASSERT_EQ(Code(c, server_.TotpNow(nurse_.totp_secret)).status, 200);
  c.Logout();
  Account fresh = server_.CreateUser("new.staff", clinic_, "member", false);
  Client e(server_);
  ASSERT_EQ(e.Login(fresh).status, 200);
  Reply begin = e.Post("/api/v1/auth/enrolment", json::object{});
  std::string code =
      auth::TotpCode(*auth::Base32Decode(Str(begin.body, "secret")), server_.clock().NowSeconds());
  ASSERT_EQ(e.Post("/api/v1/auth/enrolment/confirm", json::object{{"code", code}}).status, 200);

  Client admin(server_);
  NextTotpStep();
  ASSERT_EQ(admin.Login(sysadmin_).status, 200);
  Reply mine =
      testing_env::SearchAudit(server_, admin, "user_id=" + nurse_.user_id + "&action=auth.");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  EXPECT_EQ(CountAudit(mine, "auth.login", "failed", "wrong_password"), 5);
  EXPECT_EQ(CountAudit(mine, "auth.lockout", "ok"), 1);
  EXPECT_EQ(CountAudit(mine, "auth.login", "denied", "locked"), 1);
  EXPECT_EQ(CountAudit(mine, "auth.login", "ok", "password"), 1);
  EXPECT_EQ(CountAudit(mine, "auth.second_factor", "failed", "wrong_code"), 1);
  EXPECT_EQ(CountAudit(mine, "auth.second_factor", "ok"), 1);
  EXPECT_EQ(CountAudit(mine, "auth.logout", "ok"), 1);
  for (const auto& item : mine.body.at("items").as_array()) {
    EXPECT_EQ(Str(item, "ip"), "127.0.0.1");
  }

  Reply unknown = testing_env::SearchAudit(server_, admin, "action=auth.login");
  EXPECT_EQ(CountAudit(unknown, "auth.login", "failed", "unknown_login"), 1);
  Reply enrol = testing_env::SearchAudit(server_, admin, "user_id=" + fresh.user_id);
  EXPECT_EQ(CountAudit(enrol, "auth.login", "ok", "enrol"), 1);
  EXPECT_EQ(CountAudit(enrol, "auth.totp.enrol_start", "ok"), 1);
  EXPECT_EQ(CountAudit(enrol, "auth.totp.enrolled", "ok"), 1);
}

}  // namespace

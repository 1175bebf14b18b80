// Hostile and careless input against the real server: every case must get a 4xx with a JSON
// error naming what is wrong (or a closed connection where HTTP allows it), never a 500, and the
// server must keep answering afterwards.
#include <gtest/gtest.h>

#include <chrono>

#include "test_env.h"
#include "transport/test_client.h"

namespace {

using namespace std::chrono_literals;
using testing_env::Account;
using testing_env::Client;
using testing_env::Reply;
using testing_env::TestServer;
namespace json = boost::json;

std::string Encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

class ApiBadInputTest : public ::testing::Test {
 protected:
  ApiBadInputTest() {
    server_.CreateMunicipality("991015", "群青市");
    clinic_ = server_.CreateOrganization("991015", "clinic", "あおば内科");
    server_.CreateUser("nurse.sato", clinic_, "member");
    admin_ = server_.CreateUser("sys.admin", "", "", true, "staff", true);
  }

  Reply Raw(const std::string& target, const std::string& body,
            const std::string& type = "application/json") {
    return anon_.Send("POST", target, body, type);
  }
  Reply Login(const json::value& body) { return anon_.Post("/api/v1/auth/login", body); }
  /// The server still answers, and the JSON error is well formed.
  void ExpectClientError(const Reply& r, int status, const std::string& field) {
    EXPECT_EQ(r.status, status) << r.raw;
    EXPECT_TRUE(r.response.Header("content-type").starts_with("application/json")) << r.raw;
    EXPECT_FALSE(r.ErrorCode().empty()) << r.raw;
    if (!field.empty())
      EXPECT_TRUE(r.NamesField(field)) << "expected field " << field << ": " << r.raw;
    ExpectAlive();
  }
  void ExpectAlive() {
    transport::TestClient fresh(server_.port());
    EXPECT_EQ(fresh.Request("GET", "/healthz").status, 200);
  }

  TestServer server_;
  Client anon_{server_};
  std::string clinic_;
  Account admin_;
};

TEST_F(ApiBadInputTest, MalformedJsonNamesTheBody) {
  for (const char* body : {"{\"login_id\": ", "{login_id: 'x'}", "{\"a\":1,}", "", "\x01\x02"}) {
    Reply r = Raw("/api/v1/auth/login", body);
    ExpectClientError(r, 400, "body");
    EXPECT_EQ(r.ErrorDetailCode(), "malformed_json") << body;
  }
}

TEST_F(ApiBadInputTest, JsonThatIsNotAnObjectNamesTheBody) {
  for (const char* body : {"[1,2]", "\"login\"", "42", "null", "true"}) {
    Reply r = Raw("/api/v1/auth/login", body);
    ExpectClientError(r, 400, "body");
    EXPECT_EQ(r.ErrorDetailCode(), "not_object") << body;
  }
}

TEST_F(ApiBadInputTest, DeeplyNestedJsonIsRefusedWithoutCrashing) {
  std::string deep = "{\"login_id\":" + std::string(5000, '[') + std::string(5000, ']') + "}";
  ExpectClientError(Raw("/api/v1/auth/login", deep), 400, "body");
}

TEST_F(ApiBadInputTest, WrongTypesNameTheField) {
  ExpectClientError(Login(json::object{{"login_id", 123}, {"password", "x"}}), 400, "login_id");
  ExpectClientError(Login(json::object{{"login_id", "a"}, {"password", json::array{"x"}}}), 400,
                    "password");
  ExpectClientError(
      Login(json::object{{"login_id", "nurse.sato"}, {"password", "x"}, {"bearer", "yes"}}), 400,
      "bearer");
  Client c(server_);
  ASSERT_EQ(c.Login(admin_).status, 200);
  ExpectClientError(c.Post("/api/v1/notifications/read", json::object{{"all", "true"}}), 400,
                    "all");
  ExpectClientError(c.Post("/api/v1/notifications/read", json::object{{"seqs", "1,2"}}), 400,
                    "seqs");
  ExpectClientError(
      c.Post("/api/v1/notifications/read", json::object{{"seqs", json::array{1, "2"}}}), 400,
      "seqs");
  ExpectClientError(
      c.Post("/api/v1/municipalities/991015/organizations", json::object{{"name", "あおば薬局"},
                                                                         {"kana", "アオバ"},
                                                                         {"type_code", "pharmacy"},
                                                                         {"latitude", "35.6"},
                                                                         {"longitude", 139.7}}),
      400, "latitude");
  ExpectClientError(c.Send("POST", "/api/v1/municipalities/991015/organizations",
                           R"({"name":"あおば薬局","kana":"アオバ","type_code":"pharmacy",)"
                           R"("latitude":35.6,"longitude":1e999})",
                           "application/json"),
                    400, "longitude");
}

TEST_F(ApiBadInputTest, UnknownFieldsAreNamedInDetails) {
  Reply r =
      Login(json::object{{"login_id", "nurse.sato"}, {"password", "x"}, {"remember_me", true}});
  ExpectClientError(r, 400, "remember_me");
  bool unknown_field = false;
  for (const auto& d : r.body.at("error").at("details").as_array()) {
    unknown_field |= d.at("code").as_string() == "unknown_field";
  }
  EXPECT_TRUE(unknown_field);
}

TEST_F(ApiBadInputTest, MissingRequiredFieldsAreAllNamed) {
  Reply r = Login(json::object{});
  ExpectClientError(r, 400, "login_id");
  EXPECT_TRUE(r.NamesField("password"));
  EXPECT_EQ(r.ErrorDetailCode(), "required");
  Reply nulls = Login(json::object{{"login_id", nullptr}, {"password", "   "}});
  ExpectClientError(nulls, 400, "login_id");
  EXPECT_TRUE(nulls.NamesField("password"));
  Client c(server_);
  ASSERT_EQ(c.Login(admin_).status, 200);
  Reply profile = c.Put("/api/v1/users/me", json::object{});
  ExpectClientError(profile, 400, "display_name");
  EXPECT_TRUE(profile.NamesField("kana"));
}

TEST_F(ApiBadInputTest, OverLongStringsAreRefused) {
  Reply r = Login(json::object{{"login_id", std::string(65, 'a')}, {"password", "x"}});
  ExpectClientError(r, 400, "login_id");
  EXPECT_EQ(r.ErrorDetailCode(), "too_long");
  Client c(server_);
  ASSERT_EQ(c.Login(admin_).status, 200);
  std::string name;
  for (int i = 0; i < 101; ++i) name += "山";  // 101 characters, 303 bytes
  ExpectClientError(
      c.Put("/api/v1/users/me", json::object{{"display_name", name}, {"kana", "ヤマ"}}), 400,
      "display_name");
  ExpectClientError(c.Get("/api/v1/audit?action=" + std::string(100, 'a')), 400, "action");
  ExpectClientError(c.Get("/api/v1/audit?user_id=" + std::string(100, 'a')), 400, "user_id");
  ExpectClientError(c.Get("/api/v1/audit?person_id=" + std::string(100, 'a')), 400, "person_id");
}

TEST_F(ApiBadInputTest, ControlCharactersAreRefused) {
  ExpectClientError(Raw("/api/v1/auth/login", R"({"login_id":"nurse\u0000sato","password":"x"})"),
                    400, "login_id");
  Client c(server_);
  ASSERT_EQ(c.Login(admin_).status, 200);
  ExpectClientError(
      c.Put("/api/v1/users/me", json::object{{"display_name", "山田\t太郎"}, {"kana", "ヤマダ"}}),
      400, "display_name");
  ExpectClientError(c.Put("/api/v1/users/me",
                          json::object{{"display_name", "山田 太郎"}, {"kana", "ヤマダ\x1b[31m"}}),
                    400, "kana");
}

TEST_F(ApiBadInputTest, InvalidUtf8InsideAJsonStringIsRefused) {
  for (const char* bad : {"\xff\xfe", "\xc0\xaf", "\xed\xa0\x80", "abc\xe3\x81"}) {
    std::string body = std::string(R"({"login_id":")") + bad + R"(","password":"x"})";
    ExpectClientError(Raw("/api/v1/auth/login", body), 400, "body");
  }
  // An escaped lone surrogate is not text either.
  ExpectClientError(Raw("/api/v1/auth/login", R"({"login_id":"\ud800","password":"x"})"), 400,
                    "body");
}

TEST_F(ApiBadInputTest, WrongContentTypeIs415) {
  std::string body = R"({"login_id":"nurse.sato","password":"x"})";
  for (const char* type :
       {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""}) {
    Reply r = Raw("/api/v1/auth/login", body, type);
    ExpectClientError(r, 415, "");
    EXPECT_EQ(r.ErrorCode(), "unsupported_media_type") << type;
  }
  EXPECT_EQ(Raw("/api/v1/auth/login", body, "application/json; charset=utf-8").status, 401);
}

TEST_F(ApiBadInputTest, BodyOverTheRouteLimitIs413OrClosed) {
  std::string body =
      R"({"login_id":"nurse.sato","password":")" + std::string(200 * 1024, 'x') + "\"}";
  transport::TestClient http(server_.port());
  auto r = http.Request("POST", "/api/v1/auth/login", body, {{"Content-Type", "application/json"}});
  EXPECT_TRUE(r.status == 413 || r.status == 0) << r.status;
  if (r.status == 413) {
    EXPECT_EQ(json::parse(r.body).at("error").at("code").as_string(), "too_large");
  }
  ExpectAlive();
}

TEST_F(ApiBadInputTest, HeaderBlockOver16KiBIs431OrClosed) {
  transport::TestClient http(server_.port());
  auto r = http.Request("GET", "/api/v1/version", "", {{"X-Filler", std::string(17 * 1024, 'h')}});
  EXPECT_TRUE(r.status == 431 || r.status == 0) << r.status;
  ExpectAlive();
}

TEST_F(ApiBadInputTest, UnknownRouteIsA404JsonError) {
  for (const char* target : {"/api/v1/does-not-exist", "/api/v2/users", "/api/v1/users/me/extra"}) {
    Reply r = anon_.Get(target);
    ExpectClientError(r, 404, "");
    EXPECT_EQ(r.ErrorCode(), "not_found") << target;
  }
}

TEST_F(ApiBadInputTest, WrongMethodIs405) {
  Reply r = anon_.Delete("/api/v1/auth/login");
  ExpectClientError(r, 405, "");
  EXPECT_EQ(r.ErrorCode(), "method_not_allowed");
  ExpectClientError(anon_.Put("/api/v1/auth/login", json::object{}), 405, "");
}

TEST_F(ApiBadInputTest, InjectionAndScriptStringsInSearchesAreHarmless) {
  Client c(server_);
  ASSERT_EQ(c.Login(admin_).status, 200);
  const std::string attacks[] = {
      "' OR 1=1 --",      "\"; DROP TABLE users; --", "%", "_", "\\", "<script>alert(1)</script>",
      "シケン' OR '1'='1"};
  for (const auto& attack : attacks) {
    for (const char* route : {"/api/v1/users?q=", "/api/v1/organizations?q=",
                              "/api/v1/users?profession=", "/api/v1/organizations?type="}) {
      Reply r = c.Get(route + Encode(attack));
      ASSERT_EQ(r.status, 200) << route << attack << " " << r.raw;
      EXPECT_TRUE(r.body.at("items").as_array().empty()) << route << attack << " " << r.raw;
    }
    for (const char* filter : {"/api/v1/audit?action=", "/api/v1/audit?user_id="}) {
      Reply audit = c.Get(filter + Encode(attack));
      ASSERT_EQ(audit.status, 200) << filter << attack;
      EXPECT_TRUE(audit.body.at("items").as_array().empty())
          << filter << attack << " " << audit.raw.substr(0, 200);
    }
  }
  EXPECT_EQ(c.Get("/api/v1/organizations/" + Encode("' OR 1=1 --")).status, 404);
  // The tables are intact: the nurse is still found.
  EXPECT_EQ(c.Get("/api/v1/users?q=" + Encode("シケン")).body.at("items").as_array().size(), 2u);
}

TEST_F(ApiBadInputTest, MalformedCursorNamesTheCursor) {
  Client c(server_);
  ASSERT_EQ(c.Login(admin_).status, 200);
  for (const char* cursor : {"zz", "abc.def", "616263", "..", "%FF"}) {
    ExpectClientError(c.Get(std::string("/api/v1/users?cursor=") + cursor), 400, "cursor");
    ExpectClientError(c.Get(std::string("/api/v1/organizations?cursor=") + cursor), 400, "cursor");
  }
  ExpectClientError(c.Get("/api/v1/audit?cursor=garbage"), 400, "cursor");
  ExpectClientError(c.Get("/api/v1/notifications?cursor=garbage"), 400, "cursor");
  ExpectClientError(c.Get("/api/v1/notifications?cursor=-3"), 400, "cursor");
  EXPECT_EQ(c.Get("/api/v1/notifications?cursor=7").status, 200);
  ExpectClientError(c.Get("/api/v1/audit?from=yesterday"), 400, "from");
}

TEST_F(ApiBadInputTest, MalformedQueryStringsAndPathsAreNot500) {
  Client c(server_);
  ASSERT_EQ(c.Login(admin_).status, 200);
  for (const char* target :
       {"/api/v1/users?q=%", "/api/v1/users?q=%ZZ", "/api/v1/users?q=%E3%81", "/api/v1/users?=&&=x",
        "/api/v1/users?q=a&q=b", "/api/v1/users?limit=-1", "/api/v1/users?limit=99999999999",
        "/api/v1/organizations/..%2F..%2Fetc%2Fpasswd/members", "/api/v1/organizations/%00",
        "/api/v1/users/%FF%FE", "/api/v1//users", "/api/v1/audit?from=99999999999999999999"}) {
    Reply r = c.Get(target);
    EXPECT_LT(r.status, 500) << target << " " << r.raw;
    EXPECT_GE(r.status, 200) << target;
    EXPECT_TRUE(r.body.is_object()) << target << " " << r.raw;
  }
  ExpectAlive();
}

TEST_F(ApiBadInputTest, GarbageSessionCookiesAndAuthorizationHeadersAreJustUnauthenticated) {
  for (const std::string& cookie : {std::string("x"), std::string(5000, 'a'), std::string("%%%%"),
                                    std::string("a b\"c"), std::string(43, 'A')}) {
    Client c(server_);
    c.set_cookie(cookie);
    ExpectClientError(c.Get("/api/v1/auth/session"), 401, "");
    // A stale cookie must not keep anyone from signing in again.
    EXPECT_EQ(
        c.Post("/api/v1/auth/login", json::object{{"login_id", "nobody.at.all"}, {"password", "x"}})
            .status,
        401);
  }
  for (const char* auth : {"Bearer ", "Bearer", "Basic c3lzOmFkbWlu", "bearer abc",
                           "Bearer ~~~~~~~~~~~~~~~~~~~~~~~~"}) {
    ExpectClientError(anon_.Send("GET", "/api/v1/users/me", "", "", {{"Authorization", auth}}), 401,
                      "");
  }
}

TEST_F(ApiBadInputTest, GarbageRequestLineIs400OrClosed) {
  const std::string inputs[] = {
      "HELLO\r\n\r\n", "GET\r\n\r\n",
      std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),  // a TLS ClientHello
      "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n"};
  for (const auto& input : inputs) {
    std::string answer = transport::SendRaw(server_.port(), input, 2000ms);
    EXPECT_TRUE(answer.empty() || answer.starts_with("HTTP/1.1 400") ||
                answer.starts_with("HTTP/1.0 400") || answer.starts_with("HTTP/1.1 505"))
        << answer.substr(0, 80);
    EXPECT_EQ(answer.find(" 500 "), std::string::npos);
  }
  ExpectAlive();
}

}  // namespace

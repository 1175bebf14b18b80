#include "test_env.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <cctype>
#include <filesystem>

#include "auth/service.h"
#include "auth/totp.h"
#include "care/person_store.h"
#include "care/timeline_store.h"
#include "core/id.h"
#include "db/database.h"
#include "directory/store.h"

namespace testing_env {

std::unique_ptr<db::testing::TestDatabase> BackendDatabase(const std::string& backend) {
  if (backend == "sqlite") return nullptr;
  auto t = db::testing::TestDatabase::Create(backend);
  if (!t.ok()) throw std::runtime_error("test database (" + backend + "): " + t.error().message);
  return std::move(t).value();
}

std::string Str(const json::value& v, std::string_view key) {
  const auto* o = v.if_object();
  if (!o || !o->contains(key) || !o->at(key).is_string()) return {};
  return std::string(o->at(key).as_string());
}

std::string Reply::ErrorField() const {
  if (!body.is_object() || !body.as_object().contains("error")) return {};
  const auto& e = body.at("error").as_object();
  if (e.contains("details") && !e.at("details").as_array().empty()) {
    return std::string(e.at("details").as_array()[0].at("field").as_string());
  }
  if (e.contains("field")) return std::string(e.at("field").as_string());
  return {};
}

std::string Reply::ErrorCode() const {
  if (!body.is_object() || !body.as_object().contains("error")) return {};
  return std::string(body.at("error").at("code").as_string());
}

bool Reply::NamesField(const std::string& field) const {
  if (!body.is_object() || !body.as_object().contains("error")) return false;
  const auto& e = body.at("error").as_object();
  if (e.contains("field") && e.at("field").as_string() == field) return true;
  if (!e.contains("details")) return false;
  for (const auto& d : e.at("details").as_array()) {
    if (d.at("field").as_string() == field) return true;
  }
  return false;
}

std::string Reply::ErrorDetailCode() const {
  if (!body.is_object() || !body.as_object().contains("error")) return {};
  const auto& e = body.at("error").as_object();
  if (!e.contains("details") || e.at("details").as_array().empty()) return {};
  return std::string(e.at("details").as_array()[0].at("code").as_string());
}

TestServer::TestServer(std::string database_url, std::string data_dir)
    : clock_(core::SystemClock().NowMillis()) {
  spdlog::set_level(spdlog::level::warn);
  if (data_dir.empty()) {
    char tmpl[] = "/tmp/tsunagari-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
  } else {
    dir_ = data_dir;
    own_dir_ = false;
  }
  app::Config c;
  c.listen = "127.0.0.1:0";
  c.data_dir = dir_;
  c.database = database_url;
  c.web_dir = dir_ + "/no-web";
  c.password_cost = "minimum";
  c.rate_limit_per_second = 10000;
  c.worker_threads = 4;
  c.db_pool = 4;
  c.log_level = "warn";
  c.watch_evaluate_in_background = false;  // tests run the rules at their fake clock's time
  auto created = app::App::Create(c, clock_);
  if (!created.ok()) throw std::runtime_error("App::Create failed: " + created.error().message);
  app_ = std::move(*created);
  auto listening = app_->Listen();
  if (!listening.ok()) throw std::runtime_error("Listen failed: " + listening.error().message);
  runner_ = std::thread([this] { app_->Run(false); });
}

TestServer::~TestServer() {
  app_->Stop();
  if (runner_.joinable()) runner_.join();
  app_.reset();
  std::error_code ec;
  if (own_dir_) std::filesystem::remove_all(dir_, ec);
}

std::string TestServer::CreateMunicipality(const std::string& code, const std::string& name) {
  auto s = app_->db().Transact([&](db::Connection& c) {
    return directory::Store::InsertMunicipality(
        c, {code, name, "", "架空県", "active", clock_.NowMillis()});
  });
  if (!s.ok()) throw std::runtime_error("municipality: " + s.error().message);
  return code;
}

std::string TestServer::CreateOrganization(const std::string& municipality_code,
                                           const std::string& type, const std::string& name) {
  directory::Organization o;
  o.id = core::NewId();
  o.municipality_code = municipality_code;
  o.type_code = type;
  o.name = name;
  o.kana = "テスト";
  o.created_at = o.updated_at = clock_.NowMillis();
  auto s = app_->db().Transact(
      [&](db::Connection& c) { return directory::Store::InsertOrganization(c, o); });
  if (!s.ok()) throw std::runtime_error("organization: " + s.error().message);
  return o.id;
}

std::string TestServer::CreatePerson(const std::string& municipality_code,
                                     const std::string& registrant_user_id, const std::string& name,
                                     const std::string& kana, bool team_consent) {
  static constexpr db::Statement kInsertPerson{
      "test_insert_person",
      "INSERT INTO persons (id, municipality_code, name, kana, search_name, search_kana, sex, "
      "birth_date, address, categories, created_by, created_at, updated_by, updated_at) VALUES "
      "($1, $2, $3, $4, $3, $4, 'female', '1938-04-01', '群青市本町1-1', 'elderly', $5, $6, $5, "
      "$6)"};
  static constexpr db::Statement kInsertConsent{
      "test_insert_consent",
      "INSERT INTO consents (id, person_id, scope_team, scope_emergency, scope_disaster, "
      "scope_family, obtained_on, obtained_by, given_by, method, created_at) VALUES ($1, $2, 1, "
      "1, 0, 0, '2026-04-01', $3, 'self', 'written', $4)"};
  std::string id = core::NewId();
  int64_t now = clock_.NowMillis();
  auto s = app_->db().Transact([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(
        c.Execute(kInsertPerson, {id, municipality_code, name, kana, registrant_user_id, now}));
    if (team_consent) {
      RETURN_IF_ERROR(c.Execute(kInsertConsent, {core::NewId(), id, registrant_user_id, now}));
    }
    return care::PersonStore::ReplaceNameGrams(c, id);
  });
  if (!s.ok()) throw std::runtime_error("person: " + s.error().message);
  AddTeamMember(id, registrant_user_id, "care_manager");
  return id;
}

void TestServer::AddFamilyMember(const std::string& person_id, const std::string& family_user_id,
                                 const std::string& inviter_user_id) {
  static constexpr db::Statement kInvitation{
      "test_family_invitation",
      "INSERT INTO invitations (id, token_hash, kind, user_id, display_name, created_by, "
      "created_at, expires_at, used_at) VALUES ($1, $2, 'family', $3, '家族', $4, $5, $5, $5)"};
  static constexpr db::Statement kMember{
      "test_family_member",
      "INSERT INTO family_members (id, person_id, invitation_id, display_name, relation, "
      "invited_by, created_at) VALUES ($1, $2, $3, '家族', '長女', $4, $5)"};
  static constexpr db::Statement kConsent{
      "test_family_consent",
      "INSERT INTO consents (id, person_id, scope_team, scope_emergency, scope_disaster, "
      "scope_family, obtained_on, obtained_by, given_by, method, created_at) VALUES ($1, $2, 0, "
      "0, 0, 1, '2026-04-01', $3, 'self', 'written', $4)"};
  const std::string invitation = core::NewId();
  const int64_t now = clock_.NowMillis();
  auto s = app_->db().Transact([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(
        c.Execute(kInvitation, {invitation, core::NewId(), family_user_id, inviter_user_id, now}));
    RETURN_IF_ERROR(
        c.Execute(kMember, {core::NewId(), person_id, invitation, inviter_user_id, now}));
    RETURN_IF_ERROR(c.Execute(kConsent, {core::NewId(), person_id, inviter_user_id, now}));
    return core::Ok();
  });
  if (!s.ok()) throw std::runtime_error("family member: " + s.error().message);
}

void TestServer::AddTeamMember(const std::string& person_id, const std::string& user_id,
                               const std::string& team_role, const std::string& status) {
  static constexpr db::Statement kDelete{
      "test_delete_member", "DELETE FROM care_team_members WHERE person_id = $1 AND user_id = $2"};
  static constexpr db::Statement kInsert{
      "test_insert_member",
      "INSERT INTO care_team_members (person_id, user_id, team_role, status, invited_at, "
      "joined_at) VALUES ($1, $2, $3, $4, $5, $5)"};
  int64_t now = clock_.NowMillis();
  auto s = app_->db().Transact([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(c.Execute(kDelete, {person_id, user_id}));
    RETURN_IF_ERROR(c.Execute(kInsert, {person_id, user_id, team_role, status, now}));
    return care::TimelineStore::BumpVersion(c, person_id);  // cached pages count members
  });
  if (!s.ok()) throw std::runtime_error("team member: " + s.error().message);
}

Account TestServer::CreateUser(const std::string& login_id, const std::string& org_id,
                               const std::string& role, bool enrolled,
                               const std::string& account_type, bool system_admin) {
  return AddUser(login_id, org_id, role, enrolled, account_type, system_admin, "試験 " + login_id,
                 "シケン", account_type == "staff" ? "nurse" : "");
}

Account TestServer::CreateNamedUser(const std::string& login_id, const std::string& org_id,
                                    const std::string& role, const std::string& display_name,
                                    const std::string& kana, const std::string& profession_code) {
  return AddUser(login_id, org_id, role, true, "staff", false, display_name, kana, profession_code);
}

Account TestServer::AddUser(const std::string& login_id, const std::string& org_id,
                            const std::string& role, bool enrolled, const std::string& account_type,
                            bool system_admin, const std::string& display_name,
                            const std::string& kana, const std::string& profession_code) {
  directory::User u;
  u.id = core::NewId();
  u.login_id = login_id;
  u.display_name = display_name;
  u.kana = kana;
  if (!profession_code.empty()) u.profession_code = profession_code;
  u.account_type = account_type;
  u.system_admin = system_admin;
  u.created_at = u.updated_at = clock_.NowMillis();
  auto s = app_->db().Transact([&](db::Connection& c) -> core::Result<void> {
    RETURN_IF_ERROR(directory::Store::InsertUser(c, u));
    if (!org_id.empty()) {
      directory::Membership m;
      m.user_id = u.id;
      m.organization_id = org_id;
      m.role = role;
      RETURN_IF_ERROR(directory::Store::UpsertMembership(c, m, clock_.NowMillis()));
    }
    return core::Ok();
  });
  if (!s.ok()) throw std::runtime_error("user: " + s.error().message);
  Account a{u.id, login_id, "Kiwi-Lantern-8492-" + login_id.substr(0, 2), ""};
  if (enrolled) a.totp_secret = auth::GenerateTotpSecret();
  auto cred = app_->auth().SetCredentials(
      u.id, a.password, enrolled ? std::optional<std::string>(a.totp_secret) : std::nullopt);
  if (!cred.ok()) throw std::runtime_error("credentials: " + cred.error().message);
  return a;
}

std::string TestServer::TotpNow(const std::string& secret) const {
  auto key = auth::Base32Decode(secret);
  return auth::TotpCode(*key, clock_.NowSeconds());
}

Reply Client::Finish(transport::ClientResponse r) {
  Reply out;
  out.status = r.status;
  out.raw = r.body;
  if (!r.body.empty() && r.Header("content-type").starts_with("application/json")) {
    boost::system::error_code ec;
    out.body = json::parse(r.body, ec);
  }
  std::string set_cookie = r.Header("set-cookie");
  size_t pos = set_cookie.find("tsunagari_session=");
  if (pos != std::string::npos) {
    size_t start = pos + std::strlen("tsunagari_session=");
    std::string value = set_cookie.substr(start, set_cookie.find(';', start) - start);
    cookie_ = value;
  }
  if (out.body.is_object() && out.body.as_object().contains("csrf_token")) {
    csrf_ = std::string(out.body.at("csrf_token").as_string());
  }
  out.response = std::move(r);
  return out;
}

Reply Client::Send(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& content_type) {
  return Send(method, target, body, content_type, {});
}

Reply Client::Send(const std::string& method, const std::string& target, const std::string& body,
                   const std::string& content_type, const transport::HeaderList& extra) {
  transport::HeaderList headers;
  if (!cookie_.empty()) headers.emplace_back("Cookie", "tsunagari_session=" + cookie_);
  if (!csrf_.empty()) headers.emplace_back("X-CSRF-Token", csrf_);
  if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
  headers.insert(headers.end(), extra.begin(), extra.end());
  return Finish(http_.Request(method, target, body, headers));
}

Reply Client::Get(const std::string& target) { return Send("GET", target, "", ""); }
Reply Client::Post(const std::string& target, const json::value& body) {
  return Send("POST", target, json::serialize(body), "application/json");
}
Reply Client::Put(const std::string& target, const json::value& body) {
  return Send("PUT", target, json::serialize(body), "application/json");
}
Reply Client::Delete(const std::string& target) { return Send("DELETE", target, "", ""); }

Reply Client::Login(const Account& account) {
  Reply r = Post("/api/v1/auth/login",
                 json::object{{"login_id", account.login_id}, {"password", account.password}});
  if (r.status != 200 || account.totp_secret.empty()) return r;
  return Post("/api/v1/auth/second-factor",
              json::object{{"code", server_.TotpNow(account.totp_secret)}});
}

void Client::Logout() {
  Post("/api/v1/auth/logout", json::object{});
  cookie_.clear();
  csrf_.clear();
}

std::string TokenFromLink(const std::string& url) {
  size_t pos = url.find("#token=");
  return pos == std::string::npos ? std::string() : url.substr(pos + 7);
}

Reply SearchAudit(TestServer& server, Client& admin, const std::string& query) {
  server.app().audit().Flush();
  return admin.Get("/api/v1/audit" + (query.empty() ? std::string() : "?" + query));
}

std::string UrlEncode(std::string_view s) {
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

}  // namespace testing_env

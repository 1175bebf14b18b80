// The world of the emergency API tests: a municipality with a care team, a fire department's
// crew, a hospital with an account holder and one without accounts, and persons registered
// through the API (so their search keys are what the server makes of them), with or without an
// emergency-sharing consent. Shared by api_emergency_test and api_handover_test.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app/app.h"
#include "db/testing.h"
#include "test_env.h"

namespace emergency_test {

namespace json = boost::json;
using testing_env::Account;
using testing_env::Client;
using testing_env::Reply;
using testing_env::Str;
using testing_env::TestServer;

struct AuditRow {
  std::string action, outcome, person_id, reason, details;
};

class EmergencyFixture : public ::testing::TestWithParam<std::string> {
 protected:
  EmergencyFixture();

  /// Registers a person through the API as the care manager (1940-02-03, 群青市本町1-2-3),
  /// with a consent whose emergency scope is `emergency`; returns the id.
  std::string Register(const std::string& name, const std::string& kana, bool emergency,
                       const std::string& phone = "");
  /// A new client signed in as `a` (30 s later: a TOTP code is accepted once).
  std::unique_ptr<Client> SignedIn(const Account& a);
  /// Opens an access as the crew member; returns the reply (201 expected by callers).
  Reply Open(Client& crew, const json::object& body);
  json::object OpenBody(const std::string& person_id, const std::string& incident = "R8-0001");

  std::multiset<std::string> NoticeKinds(const Account& a);
  std::vector<AuditRow> AuditOf(const std::string& action_prefix);
  /// The ems_access posts on the person's timeline, newest first (as the care manager reads it).
  std::vector<std::string> EmsPosts(const std::string& person_id);
  void WithdrawConsents(const std::string& person_id);
  /// Signs the care manager and the crew in again (after the clock jumped past the idle limit).
  void SignInAgain();

  std::unique_ptr<db::testing::TestDatabase> database_ = testing_env::BackendDatabase(GetParam());
  TestServer server_{database_ ? database_->url() : std::string()};
  std::string city_, office_, clinic_, fire_, hospital_, small_hospital_;
  Account cm_, doctor_, outsider_, muni_admin_, crew_, other_crew_, hospital_doctor_;
  Client cm_client_{server_};
  Client crew_client_{server_};
  std::string person_;  // 山田 花子, emergency consent, team: cm_ and doctor_
};

}  // namespace emergency_test

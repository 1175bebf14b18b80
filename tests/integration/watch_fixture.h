// The world of the watch API tests: a municipality with its city office, a contracted call
// center with an operator, a care office whose care manager registered a person, and people who
// must see nothing (a nurse outside the team, another municipality's operator). Helpers enrol
// the person, register devices (keeping their secrets) and send signed sensor payloads.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <string>

#include "db/testing.h"
#include "test_env.h"

namespace watch_test {

namespace json = boost::json;
using testing_env::Account;
using testing_env::Client;
using testing_env::Reply;
using testing_env::Str;
using testing_env::TestServer;

class WatchFixture : public ::testing::TestWithParam<std::string> {
 protected:
  WatchFixture();

  std::string Base(const std::string& person) { return "/api/v1/persons/" + person + "/watch"; }
  /// Enrols `person` as the municipality admin (201 expected).
  void Enrol(const std::string& person, json::object body = {});
  /// Registers a device as the municipality admin (installed `installed_days_ago`) and remembers
  /// its secret.
  void AddDevice(const std::string& person, const std::string& id, const std::string& kind,
                 const std::string& place, const std::string& gateway = "",
                 int installed_days_ago = 1);
  /// POST /api/v1/watch/events signed by `sender` with its remembered secret (or `mac`).
  Reply SendEvents(const std::string& sender, const std::string& payload,
                   const std::string& mac = "");
  /// One event as the device contract writes it.
  static json::object Event(int64_t seq, int64_t ts, const std::string& type,
                            const std::string& device = "");
  static std::string Batch(const json::array& events);
  int64_t Now() { return server_.clock().NowMillis(); }
  std::unique_ptr<Client> SignedIn(const Account& a);

  std::unique_ptr<db::testing::TestDatabase> database_ = testing_env::BackendDatabase(GetParam());
  TestServer server_{database_ ? database_->url() : std::string()};
  std::string city_, office_, callcenter_, other_callcenter_, clinic_;
  Account cm_, muni_admin_, operator_, other_operator_, outsider_;
  std::unique_ptr<Client> cm_client_, admin_client_, operator_client_;
  std::string person_;  // 山田 花子, registered by cm_ with the team consent
  std::map<std::string, std::string> secrets_;
};

}  // namespace watch_test

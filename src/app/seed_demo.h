// Seeds the fictional demo region into an empty database (`tsunagari seed-demo`, `serve --demo`).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "watch/fleet.h"

namespace db {
class Database;
class Connection;
}  // namespace db
namespace auth {
class AuthService;
class SecretBox;
}  // namespace auth

namespace app {

struct SeedReport {
  bool seeded = false;                                      // false when the region existed already
  std::vector<std::pair<std::string, std::string>> logins;  // login id, what the account is
  int persons = 0;                                          // care data written
  int posts = 0;                                            // top-level posts and replies
  int emergency_cards = 0;                                  // QR cards issued
  int watch_homes = 0;                                      // watched persons with devices
  /// The simulator's homes (device secrets included): the caller writes the fleet file.
  watch::Fleet fleet;
};

/// The password of every demo account (printed on first start; demo data only).
const char* DemoPassword();

/// Address reference points of the demo towns (inside SeedDemo's transaction).
core::Result<void> SeedDemoPlaces(db::Connection& c);

/// Seeds the region (directory, demo accounts) and its care data (seed_demo_care.h) in one
/// transaction, the photos' files into `files_dir` (where the care module keeps attachments).
/// `secrets` is the server's secret key, which seals the tokens of the demo QR cards. Does
/// nothing when a region exists already.
core::Result<SeedReport> SeedDemo(db::Database& db, auth::AuthService& auth,
                                  const core::Clock& clock, const std::string& files_dir,
                                  const auth::SecretBox& secrets);

}  // namespace app

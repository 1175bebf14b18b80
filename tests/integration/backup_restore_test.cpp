// The documented restore procedure (docs/operations.md) works: an online backup taken while the
// server runs, copied into a fresh data directory with the secret key, serves the same accounts
// (TOTP included) and an intact audit chain.
#include <gtest/gtest.h>

#include <filesystem>

#include "audit/audit_log.h"
#include "db/database.h"
#include "test_env.h"

namespace {

namespace fs = std::filesystem;
using testing_env::Client;
using testing_env::TestServer;

TEST(BackupRestoreTest, RestoredCopyServesTheSameAccountsAndAuditChain) {
  testing_env::Account account;
  std::string backup_dir =
      fs::temp_directory_path() / ("tsunagari-backup-" + std::to_string(getpid()));
  fs::create_directories(backup_dir);
  {
    TestServer server;
    server.CreateMunicipality("991015", "群青市");
    std::string org = server.CreateOrganization("991015", "clinic", "あおば内科");
    account = server.CreateUser("restore.me", org, "org_admin");
    Client client(server);
    ASSERT_EQ(client.Login(account).status, 200);
    ASSERT_EQ(client.Get("/api/v1/users?q=シケン").status, 200);
    server.app().audit().Flush();
    // Online: the server is still running while the copy is made.
    ASSERT_TRUE(server.app().db().Backup(backup_dir + "/tsunagari.db").ok());
    fs::copy_file(server.data_dir() + "/secret.key", backup_dir + "/secret.key");
  }
  // Restore = the backup file and the key in a data directory; nothing else.
  {
    TestServer restored("", backup_dir);
    auto report = audit::VerifyChains(restored.app().db());
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->ok);
    EXPECT_GT(report->entries, 2);
    // The same password and the same authenticator still sign in (the code of the next step:
    // the one used before the backup cannot be replayed).
    restored.clock().Advance(std::chrono::seconds(30));
    Client client(restored);
    auto reply = client.Login(account);
    EXPECT_EQ(reply.status, 200) << reply.raw;
    EXPECT_EQ(client.Get("/api/v1/users/me").status, 200);
  }
  fs::remove_all(backup_dir);
}

}  // namespace

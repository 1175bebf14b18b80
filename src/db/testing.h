// Helpers for store tests that must pass on both backends: which backends to run and a fresh,
// empty database per test. Free of GoogleTest so that it can live in the main library.
//
//   class PersonStoreTest : public ::testing::TestWithParam<std::string> { … };
//   INSTANTIATE_TEST_SUITE_P(Backends, PersonStoreTest,
//                            ::testing::ValuesIn(db::testing::Backends()),
//                            db::testing::BackendName());
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"

namespace db::testing {

/// Backends to run store tests on: always "sqlite"; "postgres" when TSUNAGARI_TEST_PG (a
/// postgresql:// URL, e.g. from scripts/pg-test-cluster) is set. When CI=true or
/// TSUNAGARI_REQUIRE_PG=1 and TSUNAGARI_TEST_PG is unset, "postgres" is listed anyway and
/// TestDatabase::Create fails for it, so PostgreSQL tests FAIL instead of being skipped.
std::vector<std::string> Backends();

/// Names parameterised tests after the backend ("…/sqlite", "…/postgres"); pass as the last
/// argument of INSTANTIATE_TEST_SUITE_P.
struct BackendName {
  template <typename ParamInfo>
  std::string operator()(const ParamInfo& info) const {
    return info.param;
  }
};

/// A fresh, empty database for one test. SQLite: a new file in a new temporary directory,
/// removed on destruction. PostgreSQL: a new schema with a random name in the TSUNAGARI_TEST_PG
/// database, reached through search_path (the URL carries `options=-csearch_path=<schema>`),
/// dropped with CASCADE on destruction. Unqualified table names therefore land in the test's
/// own schema, and tests may run in parallel against one server.
class TestDatabase {
 public:
  /// `backend` is "sqlite" or "postgres". Fails (never skips) when PostgreSQL is asked for and
  /// TSUNAGARI_TEST_PG is unset or unreachable.
  static core::Result<std::unique_ptr<TestDatabase>> Create(const std::string& backend,
                                                            const Options& options = {});
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Database& db() { return *db_; }
  /// The URL db() was opened with; db::Open(url(), other_options) gives a second pool on the
  /// same data (e.g. to provoke lock contention or a statement timeout).
  const std::string& url() const { return url_; }
  const std::string& backend() const { return backend_; }

 private:
  TestDatabase() = default;

  std::string backend_;
  std::string url_;
  std::unique_ptr<Database> db_;
  std::filesystem::path temp_dir_;   // SQLite only
  std::unique_ptr<Database> admin_;  // PostgreSQL only: creates and drops the schema
  std::string schema_;               // PostgreSQL only
};

}  // namespace db::testing

// Per-test databases on SQLite and PostgreSQL; see testing.h.
#include "db/testing.h"

#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <cstdlib>
#include <random>
#include <string_view>

#include "db/postgres/pg_database.h"

namespace db::testing {
namespace {

bool EnvIsTrue(const char* name) {
  const char* v = std::getenv(name);
  if (!v) return false;
  std::string_view s(v);
  return s == "1" || s == "true" || s == "TRUE" || s == "yes";
}

std::string PostgresUrl() {
  const char* v = std::getenv("TSUNAGARI_TEST_PG");
  return v ? v : "";
}

bool PostgresRequired() { return EnvIsTrue("CI") || EnvIsTrue("TSUNAGARI_REQUIRE_PG"); }

// Lower-case letters and digits only, so that the schema name needs no quoting.
std::string RandomSuffix() {
  std::random_device rd;
  std::uniform_int_distribution<int> digit(0, 35);
  std::string out;
  for (int i = 0; i < 16; ++i) out += "0123456789abcdefghijklmnopqrstuvwxyz"[digit(rd)];
  return out;
}

}  // namespace

std::vector<std::string> Backends() {
  std::vector<std::string> out = {"sqlite"};
  if (!PostgresUrl().empty() || PostgresRequired()) out.push_back("postgres");
  return out;
}

core::Result<std::unique_ptr<TestDatabase>> TestDatabase::Create(const std::string& backend,
                                                                 const Options& options) {
  std::unique_ptr<TestDatabase> t(new TestDatabase());
  t->backend_ = backend;
  if (backend == "sqlite") {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "tsunagari-test-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) return core::Error::Internal("cannot create a temp directory");
    t->temp_dir_ = pattern;
    t->url_ = "sqlite:" + (t->temp_dir_ / "test.db").string();
  } else if (backend == "postgres") {
    const std::string base = PostgresUrl();
    if (base.empty()) {
      return core::Error::Unavailable(
          "PostgreSQL tests are required here (CI / TSUNAGARI_REQUIRE_PG) but TSUNAGARI_TEST_PG "
          "is unset; start a server with scripts/pg-test-cluster and export its URL");
    }
    Options admin_options;
    admin_options.pool_size = 1;
    ASSIGN_OR_RETURN(t->admin_, postgres::OpenPostgres(base, admin_options));
    t->schema_ = "test_" + RandomSuffix();
    RETURN_IF_ERROR(t->admin_->Run([&](Connection& c) -> Result<void> {
      return c.ExecScript("CREATE SCHEMA " + t->schema_);
    }));
    // `%3D` is "=" escaped for the URI query; libpq hands "-csearch_path=<schema>" to the server.
    t->url_ = base + (base.find('?') == std::string::npos ? "?" : "&") +
              "options=-csearch_path%3D" + t->schema_;
  } else {
    return core::Error::Invalid("backend", "unknown test backend: " + backend);
  }
  ASSIGN_OR_RETURN(t->db_, Open(t->url_, options));
  return t;
}

TestDatabase::~TestDatabase() {
  db_.reset();  // close the pool first so that nothing holds the schema or the file
  if (admin_) {
    auto dropped = admin_->Run([&](Connection& c) -> Result<void> {
      return c.ExecScript("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    });
    if (!dropped.ok())
      spdlog::warn("test schema {} not dropped: {}", schema_, dropped.error().message);
  }
  if (!temp_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_dir_, ec);
  }
}

}  // namespace db::testing

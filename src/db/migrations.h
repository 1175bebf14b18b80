// Forward-only schema migrations, applied at start-up and by `tsunagari migrate`.
// A migration is never edited after it has shipped; a change is a new migration.
#pragma once

#include <span>
#include <string_view>

#include "core/clock.h"
#include "db/database.h"

namespace db {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;           // portable SQL for both backends
  std::string_view sqlite_sql{};  // extra statements only SQLite needs (rare)
  std::string_view postgres_sql{};
  // Fills a new table from data only a module can read (JSON it stored); runs after the SQL, in
  // the same transaction.
  Result<void> (*data_step)(Connection&) = nullptr;
};

/// Every migration of the product, in version order (src/db/schema.cpp).
std::span<const Migration> AllMigrations();

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  int applied = 0;
};

/// Applies the migrations above the database's current version, each in its own transaction.
Result<MigrationReport> Migrate(Database& db, const core::Clock& clock,
                                std::span<const Migration> migrations = AllMigrations());
/// The highest applied version (0 for an empty database).
Result<int> CurrentVersion(Database& db);

}  // namespace db

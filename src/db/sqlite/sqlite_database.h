// SQLite implementation of db::Database: WAL, synchronous=FULL, foreign keys, busy timeout,
// a per-connection cache of prepared statements keyed by statement name.
#pragma once

#include <memory>
#include <string>

#include "db/database.h"

namespace db::sqlite {

/// `path` is a file path or ":memory:" (a shared in-memory database, for tests).
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const Options& options);

}  // namespace db::sqlite

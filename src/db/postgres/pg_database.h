// PostgreSQL implementation of db::Database over libpq: a connection pool, named prepared
// statements per connection, statement timeout, retry on serialization failure and deadlock.
#pragma once

#include <memory>
#include <string>

#include "db/database.h"

namespace db::postgres {

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, const Options& options);

}  // namespace db::postgres

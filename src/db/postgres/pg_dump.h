// Online backup of a PostgreSQL database by running pg_dump as a child process. Kept apart from
// the connection pool because it deals with processes and the environment, not with libpq I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace db::postgres {

/// A connection URL split so that the password never appears on a command line (where `ps`
/// would show it to every local user): `conninfo` is a libpq key=value string without it.
/// `schemas` are the schemas a search_path in the URL's `options` names (`$user`, pg_catalog
/// and pg_temp left out): a deployment confined to its own schemas backs up only those.
struct DumpTarget {
  std::string conninfo;
  std::optional<std::string> password;
  std::vector<std::string> schemas;
};

/// Parses a `postgresql://` URL (or key=value string). kInvalid when libpq cannot parse it;
/// the message never repeats the URL, which may contain the password.
core::Result<DumpTarget> SplitPassword(const std::string& url);

/// Path of a PostgreSQL client program such as "pg_dump" or "pg_restore": the directory named by
/// TSUNAGARI_PG_BIN if set, else the newest /usr/lib/postgresql/<major>/bin (Debian's layout,
/// where /usr/bin holds only a version-picking wrapper), else the bare name for a PATH lookup.
std::string FindPgProgram(std::string_view name);

/// Writes a consistent pg_dump archive (custom format) of the database at `url` to
/// `destination` while the server keeps running: the whole database, or only the schemas of the
/// URL's search_path when it sets one (test databases are schemas of one shared database, and a
/// dump of the whole of it would race with other tests dropping theirs). Blocks until pg_dump
/// exits; a partial file is removed on failure. Errors are kInternal (pg_dump missing or failing);
/// details are logged.
core::Result<void> DumpDatabase(const std::string& url, const std::string& destination);

}  // namespace db::postgres

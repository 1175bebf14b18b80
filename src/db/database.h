// The storage interface every module's store is written against. Two implementations:
// SQLite (embedded default, src/db/sqlite/) and PostgreSQL over libpq (src/db/postgres/).
//
// SQL rules (see CONVENTIONS.md): one SQL text per named statement, `$1, $2 …` placeholders,
// ids as UUIDv7 text, times as UTC epoch milliseconds, booleans as 0/1, no triggers or
// sequences, keyset pagination.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace db {

using core::Error;
using core::Result;

enum class Backend { kSqlite, kPostgres };

/// A bound parameter: NULL, integer, real or text.
class Param {
 public:
  using Value = std::variant<std::monostate, int64_t, double, std::string>;

  Param() = default;
  Param(std::nullptr_t) {}                           // NOLINT
  Param(std::nullopt_t) {}                           // NOLINT
  Param(int v) : v_(int64_t{v}) {}                   // NOLINT
  Param(int64_t v) : v_(v) {}                        // NOLINT
  Param(uint32_t v) : v_(int64_t{v}) {}              // NOLINT
  Param(bool v) : v_(int64_t{v ? 1 : 0}) {}          // NOLINT
  Param(double v) : v_(v) {}                         // NOLINT
  Param(std::string v) : v_(std::move(v)) {}         // NOLINT
  Param(std::string_view v) : v_(std::string(v)) {}  // NOLINT
  Param(const char* v) : v_(std::string(v)) {}       // NOLINT
  template <typename T>
  Param(const std::optional<T>& v) {  // NOLINT
    if (v) *this = Param(*v);
  }

  const Value& value() const { return v_; }
  bool is_null() const { return v_.index() == 0; }

 private:
  Value v_;
};

using Params = std::span<const Param>;

/// One result row. Cells are typed by the backend; accessors convert where sensible
/// (PostgreSQL returns text that is parsed on access).
class Row {
 public:
  using Cell = std::variant<std::monostate, int64_t, double, std::string>;
  explicit Row(std::vector<Cell> cells) : cells_(std::move(cells)) {}

  size_t size() const { return cells_.size(); }
  bool IsNull(size_t i) const { return cells_.at(i).index() == 0; }
  int64_t Int(size_t i) const;  // 0 for NULL
  double Real(size_t i) const;  // 0.0 for NULL
  bool Bool(size_t i) const { return Int(i) != 0; }
  std::string Text(size_t i) const;  // "" for NULL
  std::optional<std::string> OptText(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  std::optional<double> OptReal(size_t i) const;

 private:
  std::vector<Cell> cells_;
};

using Rows = std::vector<Row>;

/// A named statement. Declare as `constexpr db::Statement kFindUser{"find_user", "SELECT …"};`
/// The name keys the per-connection prepared-statement cache and the slow-query log.
struct Statement {
  std::string_view name;
  std::string_view sql;
};

/// A connection borrowed from the pool for the duration of one callback.
/// Not thread-safe; never keep it beyond the callback.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Backend backend() const = 0;
  virtual Result<Rows> Query(const Statement& st, Params params) = 0;
  /// Returns the number of rows changed.
  virtual Result<int64_t> Execute(const Statement& st, Params params) = 0;
  /// Runs several statements without parameters (migrations, pragmas).
  virtual Result<void> ExecScript(std::string_view sql) = 0;

  Result<Rows> Query(const Statement& st, std::initializer_list<Param> params = {}) {
    return Query(st, Params(params.begin(), params.size()));
  }
  Result<int64_t> Execute(const Statement& st, std::initializer_list<Param> params = {}) {
    return Execute(st, Params(params.begin(), params.size()));
  }
  /// The first row, or nullopt when there is none.
  Result<std::optional<Row>> QueryOne(const Statement& st,
                                      std::initializer_list<Param> params = {});
  Result<std::optional<Row>> QueryOne(const Statement& st, Params params);
};

struct PoolStats {
  int size = 0;
  int in_use = 0;
  int64_t statements = 0;
  int64_t slow_statements = 0;
  int64_t retries = 0;
};

class Database {
 public:
  using Work = std::function<Result<void>(Connection&)>;
  virtual ~Database() = default;

  virtual Backend backend() const = 0;

  /// Runs `fn` on a pooled connection in autocommit mode (each statement is atomic on its own).
  virtual Result<void> Run(const Work& fn) = 0;

  /// Runs `fn` inside a write transaction and commits when it returns ok, rolls back otherwise.
  /// On busy / serialization / deadlock failures the whole of `fn` is retried (bounded), so `fn`
  /// must have no side effects outside the connection.
  virtual Result<void> Transact(const Work& fn) = 0;

  /// Runs `fn` inside a read-only transaction: one consistent snapshot for several statements.
  virtual Result<void> ReadSnapshot(const Work& fn) = 0;

  /// Makes a consistent online copy into `destination` (a file for SQLite, a pg_dump archive
  /// for PostgreSQL) while the server keeps running.
  virtual Result<void> Backup(const std::string& destination) = 0;

  virtual PoolStats Stats() const = 0;

  /// Typed helpers: `auto user = db.Get<User>([&](Connection& c) -> Result<User> { … });`
  template <typename T, typename F>
  Result<T> Get(F&& fn) {
    std::optional<Result<T>> out;
    auto status = Run([&](Connection& c) -> Result<void> {
      out.emplace(fn(c));
      return core::Ok();
    });
    if (!status.ok()) return std::move(status).error();
    return std::move(*out);
  }
  template <typename T, typename F>
  Result<T> InTransaction(F&& fn) {
    std::optional<Result<T>> out;
    auto status = Transact([&](Connection& c) -> Result<void> {
      out.emplace(fn(c));
      if (!out->ok()) return out->error();
      return core::Ok();
    });
    if (!status.ok()) return std::move(status).error();
    return std::move(*out);
  }
};

struct Options {
  int pool_size = 8;
  int busy_timeout_ms = 5000;
  int statement_timeout_ms = 10000;
  int slow_query_ms = 200;
  int max_retries = 5;
};

/// Opens `url`: `sqlite:/path/file.db` (or `sqlite::memory:` for tests) or `postgresql://…`.
Result<std::unique_ptr<Database>> Open(const std::string& url, const Options& options = {});

/// True when the error came from a unique-constraint violation (for mapping to 409).
bool IsUniqueViolation(const Error& e);

}  // namespace db

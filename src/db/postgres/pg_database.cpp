// PostgreSQL backend over libpq.
//
// - A bounded pool: connections are opened on demand up to Options::pool_size, checked for a
//   dropped socket before each loan and replaced when broken; callers wait on a condition
//   variable for at most Options::busy_timeout_ms.
// - Each connection prepares a db::Statement the first time it runs it (PQprepare) and keeps the
//   server-side name by Statement::name; parameters and results travel as text, so Row's
//   accessors parse the cells.
// - Errors are mapped by SQLSTATE. Parameter values never go into an Error or the log, and SQL
//   text never into an Error: clinical data must not leak into HTTP bodies or log files; the
//   statement name and SQLSTATE in the log are enough to find the code at fault.
// - Transact retries the whole callback on serialization failure or deadlock.
#include "db/postgres/pg_database.h"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "db/postgres/pg_dump.h"

namespace db::postgres {
namespace {

using Clock = std::chrono::steady_clock;
using core::Error;

constexpr const char* kBusyMessage = "データベースが混み合っています (database busy)";
constexpr const char* kDownMessage = "データベースに接続できません (database unavailable)";
constexpr const char* kTimeoutMessage = "処理が時間内に終わりませんでした (statement timeout)";
constexpr const char* kConflictMessage = "既に登録されています (already exists)";

// PostgreSQL truncates identifiers, prepared-statement names included, to NAMEDATALEN - 1.
constexpr size_t kMaxServerNameLength = 63;

struct Counters {
  std::atomic<int64_t> statements{0};
  std::atomic<int64_t> slow{0};
  std::atomic<int64_t> retries{0};
};

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

// Routes server notices ("relation already exists, skipping" …) to the log instead of stderr.
// libpq calls this from C; nothing may propagate out of it.
void LogNotice(void*, const char* message) noexcept {
  try {
    std::string_view m(message ? message : "");
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.remove_suffix(1);
    spdlog::debug("postgres notice: {}", m);
  } catch (...) {
  }
}

std::string FormatDouble(double v) {
  // PostgreSQL spells these its own way; to_chars would write "inf"/"nan".
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest exact round trip
  return std::string(buf, end);
}

std::string FormatInt(int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

// A protocol-level name for a statement: printable in pg_prepared_statements, unique on the
// connection (the counter) even when two long names share their first 63 bytes.
std::string ServerName(std::string_view name, int id) {
  std::string out = "ts" + std::to_string(id) + "_";
  for (char ch : name) {
    if (out.size() >= kMaxServerNameLength) break;
    bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '_';
    out += plain ? ch : '_';
  }
  return out;
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class PgConnection final : public Connection {
 public:
  PgConnection(PGconn* conn, const Options& options, Counters& counters)
      : conn_(conn), options_(options), counters_(counters) {}
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Backend backend() const override { return Backend::kPostgres; }

  Result<Rows> Query(const Statement& st, Params params) override {
    ASSIGN_OR_RETURN(PgResult res, ExecPrepared(st, params));
    const int rows = PQntuples(res.get());
    const int cols = PQnfields(res.get());
    Rows out;
    out.reserve(rows);
    for (int r = 0; r < rows; ++r) {
      std::vector<Row::Cell> cells;
      cells.reserve(cols);
      for (int c = 0; c < cols; ++c) {
        if (PQgetisnull(res.get(), r, c)) {
          cells.emplace_back(std::monostate{});
        } else {
          cells.emplace_back(std::string(PQgetvalue(res.get(), r, c),
                                         static_cast<size_t>(PQgetlength(res.get(), r, c))));
        }
      }
      out.emplace_back(std::move(cells));
    }
    return out;
  }

  Result<int64_t> Execute(const Statement& st, Params params) override {
    ASSIGN_OR_RETURN(PgResult res, ExecPrepared(st, params));
    std::string_view tuples = PQcmdTuples(res.get());  // "" for commands that count nothing
    int64_t n = 0;
    std::from_chars(tuples.data(), tuples.data() + tuples.size(), n);
    return n;
  }

  Result<void> ExecScript(std::string_view sql) override {
    const auto start = Clock::now();
    PgResult res(PQexec(conn_, std::string(sql).c_str()));
    Account("script", start);
    if (!Succeeded(res.get())) return Fail(res.get(), "script");
    return core::Ok();
  }

  /// Runs one of our own fixed commands (SET, BEGIN, COMMIT, ROLLBACK); not counted as a
  /// statement. `sql` is logged on failure, so it must never carry data.
  Result<void> Control(const char* sql) {
    PgResult res(PQexec(conn_, sql));
    if (!Succeeded(res.get())) return Fail(res.get(), sql);
    return core::Ok();
  }

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  PGTransactionStatusType transaction_status() const { return PQtransactionStatus(conn_); }

  /// True when a statement since ClearFailures() hit a serialization failure or deadlock.
  bool saw_retryable() const { return saw_retryable_; }
  void ClearFailures() { saw_retryable_ = false; }

  /// Before a loan: reads whatever the server sent while the connection sat idle. A server
  /// restart or pg_terminate_backend shows up here as end-of-file, so the pool can replace the
  /// connection before a caller's statement fails on it.
  bool CheckAlive() {
    for (int i = 0; i < 4 && healthy(); ++i) {
      pollfd p{PQsocket(conn_), POLLIN, 0};
      if (::poll(&p, 1, 0) <= 0) break;  // nothing pending
      if (!PQconsumeInput(conn_)) break;
    }
    return healthy();
  }

  /// After a loan: true when the connection may go back to the pool. A transaction the caller
  /// left open is rolled back; a connection in an unknown state is not reused.
  bool ResetForPool() {
    if (!healthy()) return false;
    switch (transaction_status()) {
      case PQTRANS_IDLE:
        return true;
      case PQTRANS_INTRANS:
      case PQTRANS_INERROR:
        return Control("ROLLBACK").ok();
      default:
        return false;  // a command still running, or the connection is lost
    }
  }

 private:
  struct Prepared {
    std::string server_name;
    std::string sql;  // to catch two statements sharing one name
  };

  static bool Succeeded(const PGresult* res) {
    if (!res) return false;
    switch (PQresultStatus(res)) {
      case PGRES_COMMAND_OK:
      case PGRES_TUPLES_OK:
      case PGRES_EMPTY_QUERY:
        return true;
      default:
        return false;
    }
  }

  Result<const std::string*> Prepare(const Statement& st) {
    auto it = prepared_.find(st.name);
    if (it != prepared_.end()) {
      if (it->second.sql != st.sql) {
        spdlog::error("postgres: two different statements are both named {}", st.name);
        return Error::Internal("duplicate statement name");
      }
      return &it->second.server_name;
    }
    Prepared p{ServerName(st.name, ++prepared_count_), std::string(st.sql)};
    PgResult res(PQprepare(conn_, p.server_name.c_str(), p.sql.c_str(), 0, nullptr));
    if (!Succeeded(res.get())) return Fail(res.get(), st.name);
    // Prepared statements outlive a rolled-back transaction, so caching here is safe even when
    // the surrounding transaction fails later.
    auto [pos, inserted] = prepared_.emplace(std::string(st.name), std::move(p));
    return &pos->second.server_name;
  }

  Result<PgResult> ExecPrepared(const Statement& st, Params params) {
    const auto start = Clock::now();
    // Text parameters: integers and reals formatted exactly, NULL as a null pointer.
    std::vector<std::string> formatted(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Param::Value& v = params[i].value();
      switch (v.index()) {
        case 0:
          break;
        case 1:
          values[i] = (formatted[i] = FormatInt(std::get<1>(v))).c_str();
          break;
        case 2:
          values[i] = (formatted[i] = FormatDouble(std::get<2>(v))).c_str();
          break;
        case 3: {
          const std::string& s = std::get<3>(v);
          // Text parameters are NUL-terminated on the wire: the rest would be lost silently.
          if (s.find('\0') != std::string::npos) {
            return Error::Of(core::ErrorCode::kInvalid,
                             "文字列に NUL 文字は使えません (text must not contain NUL)");
          }
          values[i] = s.c_str();
          break;
        }
      }
    }
    ASSIGN_OR_RETURN(const std::string* server_name, Prepare(st));
    PgResult res(PQexecPrepared(conn_, server_name->c_str(), static_cast<int>(values.size()),
                                values.data(), nullptr, nullptr, /*resultFormat=*/0));
    Account(st.name, start);
    if (!Succeeded(res.get())) return Fail(res.get(), st.name);
    return res;
  }

  void Account(std::string_view name, Clock::time_point start) {
    counters_.statements++;
    const auto elapsed = Clock::now() - start;
    if (elapsed > std::chrono::milliseconds(options_.slow_query_ms)) {
      counters_.slow++;
      spdlog::warn("slow query: {} took {} ms", name,
                   std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
    }
  }

  // Maps a failed result to an Error and logs what helps to find the cause: statement name,
  // SQLSTATE and schema-level names (constraint, table, column), never values or SQL text.
  Error Fail(const PGresult* res, std::string_view what) {
    if (!healthy()) {
      // libpq's connection messages name host and port, not data.
      std::string_view m = PQerrorMessage(conn_);
      while (!m.empty() && m.back() == '\n') m.remove_suffix(1);
      spdlog::warn("postgres: connection lost during {}: {}", what, m);
      Error e = Error::Unavailable(kDownMessage);
      e.retry_after_seconds = 1;
      return e;
    }
    auto field = [&](int code) -> std::string_view {
      const char* v = res ? PQresultErrorField(res, code) : nullptr;
      return v ? v : "";
    };
    const std::string_view state = field(PG_DIAG_SQLSTATE);
    const std::string_view constraint = field(PG_DIAG_CONSTRAINT_NAME);
    const std::string_view table = field(PG_DIAG_TABLE_NAME);

    if (state == "23505") {  // unique_violation: an expected outcome, e.g. a duplicate login id
      spdlog::debug("postgres: unique violation in {} (constraint {})", what, constraint);
      return Error::Conflict(kConflictMessage);
    }
    if (state == "40001" || state == "40P01") {  // serialization_failure, deadlock_detected
      saw_retryable_ = true;
      spdlog::info("postgres: {} in {} (retryable)", state, what);
      Error e = Error::Unavailable(kBusyMessage);
      e.retry_after_seconds = 1;
      return e;
    }
    if (state == "57014") {  // query_canceled: statement_timeout
      spdlog::warn("postgres: {} cancelled by statement timeout ({} ms)", what,
                   options_.statement_timeout_ms);
      return Error::Unavailable(kTimeoutMessage);
    }
    if (state.starts_with("53") || state.starts_with("57P") || state == "55P03") {
      // Out of resources, server shutting down or starting, lock not available.
      spdlog::warn("postgres: {} failed with {}", what, state);
      Error e = Error::Unavailable(kBusyMessage);
      e.retry_after_seconds = 1;
      return e;
    }
    // Anything else (not-null/foreign-key/check violations included) is a bug or a race in our
    // code. Data exceptions (22) and integrity violations (23) may quote values in their
    // message, so only the other classes log it; those describe SQL, not data.
    std::string detail;
    auto add = [&](std::string_view label, std::string_view value) {
      if (value.empty()) return;
      detail += detail.empty() ? " (" : ", ";
      detail += label;
      detail += ' ';
      detail += value;
    };
    add("table", table);
    add("column", field(PG_DIAG_COLUMN_NAME));
    add("constraint", constraint);
    if (!detail.empty()) detail += ')';
    if (!state.starts_with("22") && !state.starts_with("23")) {
      detail += ": ";
      detail += field(PG_DIAG_MESSAGE_PRIMARY);
    }
    spdlog::error("postgres: {} failed with SQLSTATE {}{}", what, state.empty() ? "?" : state,
                  detail);
    return Error::Internal("database error");
  }

  PGconn* conn_;
  const Options& options_;
  Counters& counters_;
  std::unordered_map<std::string, Prepared, StringHash, std::equal_to<>> prepared_;
  int prepared_count_ = 0;
  bool saw_retryable_ = false;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, Options options)
      : url_(std::move(url)),
        options_(options),
        pool_size_(std::max(1, options.pool_size)),
        // libpq counts whole seconds and treats anything below 2 as 2.
        connect_timeout_(std::to_string(std::max(2, (options.busy_timeout_ms + 999) / 1000))) {}

  ~PgDatabase() override {
    std::lock_guard lock(mu_);
    if (in_use_ != 0)
      spdlog::error("postgres: pool destroyed with {} connections on loan", in_use_);
    idle_.clear();
  }

  Backend backend() const override { return Backend::kPostgres; }

  Result<void> Run(const Work& fn) override {
    ASSIGN_OR_RETURN(Lease lease, Acquire());
    return fn(lease.conn());
  }

  Result<void> Transact(const Work& fn) override {
    return WithRetry("BEGIN ISOLATION LEVEL READ COMMITTED", fn);
  }

  Result<void> ReadSnapshot(const Work& fn) override {
    return WithRetry("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn);
  }

  Result<void> Backup(const std::string& destination) override {
    return DumpDatabase(url_, destination);
  }

  PoolStats Stats() const override {
    std::lock_guard lock(mu_);
    return PoolStats{open_, in_use_, counters_.statements.load(), counters_.slow.load(),
                     counters_.retries.load()};
  }

 private:
  // A connection on loan; returns it to the pool (or discards it) on destruction, so an
  // exception thrown by a callback cannot leak a connection or leave a transaction open.
  class Lease {
   public:
    Lease(PgDatabase* db, std::unique_ptr<PgConnection> conn) : db_(db), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) db_->Release(std::move(conn_));
    }
    PgConnection& conn() { return *conn_; }

   private:
    PgDatabase* db_;
    std::unique_ptr<PgConnection> conn_;
  };

  Result<std::unique_ptr<PgConnection>> Connect() {
    // Keywords before "dbname" are defaults the URL may override (application_name, timeout);
    // client_encoding comes after it because every string we exchange is UTF-8.
    const char* keys[] = {"application_name", "connect_timeout", "dbname", "client_encoding",
                          nullptr};
    const char* values[] = {"tsunagari", connect_timeout_.c_str(), url_.c_str(), "UTF8", nullptr};
    PGconn* raw = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    if (!raw) {
      spdlog::error("postgres: out of memory while connecting");
      return Error::Unavailable(kDownMessage);
    }
    if (PQstatus(raw) != CONNECTION_OK) {
      std::string_view m = PQerrorMessage(raw);
      while (!m.empty() && m.back() == '\n') m.remove_suffix(1);
      spdlog::warn("postgres: cannot connect: {}", m);
      PQfinish(raw);
      Error e = Error::Unavailable(kDownMessage);
      e.retry_after_seconds = 1;
      return e;
    }
    PQsetNoticeProcessor(raw, &LogNotice, nullptr);
    auto conn = std::make_unique<PgConnection>(raw, options_, counters_);
    // Times are stored as epoch milliseconds, but anything the server formats must be UTC.
    const std::string setup =
        "SET statement_timeout = " + std::to_string(std::max(0, options_.statement_timeout_ms)) +
        "; SET TIME ZONE 'UTC'";
    RETURN_IF_ERROR(conn->Control(setup.c_str()));
    return conn;
  }

  Result<Lease> Acquire() {
    const auto deadline = Clock::now() + std::chrono::milliseconds(options_.busy_timeout_ms);
    std::unique_lock lock(mu_);
    for (;;) {
      if (!idle_.empty()) {
        // Most recently used first: its prepared statements are the warmest.
        std::unique_ptr<PgConnection> conn = std::move(idle_.back());
        idle_.pop_back();
        ++in_use_;
        lock.unlock();
        if (conn->CheckAlive()) return Lease(this, std::move(conn));
        spdlog::info("postgres: replacing a pooled connection the server has closed");
        conn.reset();  // PQfinish outside the lock
        lock.lock();
        --in_use_;
        --open_;
        continue;
      }
      if (open_ < pool_size_) {
        ++open_;
        ++in_use_;
        lock.unlock();
        auto conn = Connect();  // slow; other callers keep using the pool meanwhile
        if (conn.ok()) return Lease(this, std::move(conn).value());
        lock.lock();
        --open_;
        --in_use_;
        lock.unlock();
        cv_.notify_one();  // the slot is free again for a waiter to try
        return std::move(conn).error();
      }
      if (!cv_.wait_until(lock, deadline, [&] { return !idle_.empty() || open_ < pool_size_; })) {
        spdlog::warn("postgres: no pooled connection free within {} ms ({} in use)",
                     options_.busy_timeout_ms, in_use_);
        Error e = Error::Unavailable(kBusyMessage);
        e.retry_after_seconds = 1;
        return e;
      }
    }
  }

  void Release(std::unique_ptr<PgConnection> conn) {
    const bool keep = conn->ResetForPool();
    if (!keep) conn.reset();
    {
      std::lock_guard lock(mu_);
      --in_use_;
      if (keep) {
        idle_.push_back(std::move(conn));
      } else {
        --open_;
      }
    }
    cv_.notify_one();
  }

  std::chrono::milliseconds Backoff(int attempt) {
    // Randomized so that two transactions that deadlocked do not collide again in lockstep.
    thread_local std::minstd_rand rng(std::random_device{}());
    const int ceiling = std::min(200, 10 << std::min(attempt, 5));
    return std::chrono::milliseconds(std::uniform_int_distribution<int>(ceiling / 2, ceiling)(rng));
  }

  Result<void> WithRetry(const char* begin, const Work& fn) {
    for (int attempt = 0;; ++attempt) {
      bool retryable = false;
      Result<void> status = Attempt(begin, fn, retryable);
      if (status.ok() || !retryable) return status;
      if (attempt >= options_.max_retries) {
        spdlog::warn("postgres: transaction gave up after {} retries", attempt);
        Error e = Error::Unavailable(kBusyMessage);
        e.retry_after_seconds = 1;
        return e;
      }
      counters_.retries++;
      std::this_thread::sleep_for(Backoff(attempt));  // with the connection back in the pool
    }
  }

  // One try of a transaction. `retryable` says whether trying again from the start is safe and
  // may succeed: after a serialization failure or deadlock, or when the connection was lost
  // before COMMIT was sent (the server then rolls back by itself). A connection lost during
  // COMMIT leaves the outcome unknown, so that is never retried.
  Result<void> Attempt(const char* begin, const Work& fn, bool& retryable) {
    ASSIGN_OR_RETURN(Lease lease, Acquire());
    PgConnection& c = lease.conn();
    c.ClearFailures();
    bool committing = false;
    Result<void> status = c.Control(begin);
    if (status.ok()) status = fn(c);
    if (status.ok()) {
      if (c.transaction_status() == PQTRANS_INERROR) {
        // fn carried on after a failed statement. PostgreSQL has aborted the transaction and
        // COMMIT would quietly roll back, so this must not be reported as success.
        spdlog::error("postgres: transaction callback returned ok after a failed statement");
        status = c.saw_retryable() ? Error::Unavailable(kBusyMessage)
                                   : Error::Internal("transaction aborted by a failed statement");
      } else {
        committing = true;
        status = c.Control("COMMIT");
      }
    }
    if (status.ok()) return status;
    retryable = c.saw_retryable() || (!c.healthy() && !committing);
    if (c.healthy() && c.transaction_status() != PQTRANS_IDLE) (void)c.Control("ROLLBACK");
    return status;
  }

  const std::string url_;
  const Options options_;
  const int pool_size_;
  const std::string connect_timeout_;
  Counters counters_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mu_
  int open_ = 0;                                     // guarded by mu_; idle + on loan + opening
  int in_use_ = 0;                                   // guarded by mu_
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, const Options& options) {
  // Parse now so that a malformed URL fails at start-up rather than on the first request;
  // connections themselves are opened lazily.
  RETURN_IF_ERROR(SplitPassword(url));
  return std::unique_ptr<Database>(std::make_unique<PgDatabase>(url, options));
}

}  // namespace db::postgres

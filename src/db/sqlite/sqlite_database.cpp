// SQLite backend. Each pooled connection is used by one thread at a time (SQLITE_OPEN_NOMUTEX);
// WAL lets readers run beside the single writer; write transactions start IMMEDIATE so that two
// writers never deadlock on a lock upgrade, and SQLITE_BUSY retries the whole transaction.
#include "db/sqlite/sqlite_database.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

namespace db::sqlite {
namespace {

using Clock = std::chrono::steady_clock;

struct Counters {
  std::atomic<int64_t> statements{0};
  std::atomic<int64_t> slow{0};
  std::atomic<int64_t> retries{0};
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* handle, const Options& options, Counters& counters)
      : db_(handle), options_(options), counters_(counters) {
    sqlite3_progress_handler(db_, 10000, &SqliteConnection::Progress, this);
  }
  ~SqliteConnection() override {
    for (auto& [name, st] : cache_) sqlite3_finalize(st);
    sqlite3_close_v2(db_);
  }

  Backend backend() const override { return Backend::kSqlite; }

  Result<Rows> Query(const Statement& st, Params params) override {
    Rows rows;
    auto status = Run(st, params, &rows);
    if (!status.ok()) return std::move(status).error();
    return rows;
  }

  Result<int64_t> Execute(const Statement& st, Params params) override {
    auto status = Run(st, params, nullptr);
    if (!status.ok()) return std::move(status).error();
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  Result<void> ExecScript(std::string_view sql) override {
    char* message = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      std::string m = message ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      return MapError(rc, "script", m);
    }
    return core::Ok();
  }

  /// True when the last failure was SQLITE_BUSY/LOCKED, so the caller may retry the transaction.
  bool last_error_retryable() const { return retryable_; }
  void ClearRetryable() { retryable_ = false; }
  sqlite3* handle() { return db_; }

 private:
  static int Progress(void* self) {
    auto* c = static_cast<SqliteConnection*>(self);
    return c->deadline_ != Clock::time_point{} && Clock::now() > c->deadline_ ? 1 : 0;
  }

  Result<sqlite3_stmt*> Prepare(const Statement& st) {
    auto it = cache_.find(st.name);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, st.sql.data(), static_cast<int>(st.sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      return MapError(rc, st.name, sqlite3_errmsg(db_));
    }
    cache_.emplace(st.name, stmt);
    return stmt;
  }

  Result<void> Bind(sqlite3_stmt* stmt, const Statement& st, Params params) {
    int count = sqlite3_bind_parameter_count(stmt);
    for (int i = 1; i <= count; ++i) {
      const char* name = sqlite3_bind_parameter_name(stmt, i);
      // Placeholders are "$N"; bound by name so that "$1" may appear several times.
      size_t n = name && name[0] == '$' ? std::strtoul(name + 1, nullptr, 10) : 0;
      if (n == 0 || n > params.size()) {
        spdlog::error("sqlite: statement {} expects parameter {} but got {}", st.name,
                      name ? name : "?", params.size());
        return core::Error::Internal("statement parameter mismatch");
      }
      const Param::Value& v = params[n - 1].value();
      int rc = SQLITE_OK;
      switch (v.index()) {
        case 0:
          rc = sqlite3_bind_null(stmt, i);
          break;
        case 1:
          rc = sqlite3_bind_int64(stmt, i, std::get<1>(v));
          break;
        case 2:
          rc = sqlite3_bind_double(stmt, i, std::get<2>(v));
          break;
        case 3: {
          const std::string& s = std::get<3>(v);
          rc = sqlite3_bind_text64(stmt, i, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
          break;
        }
      }
      if (rc != SQLITE_OK) return MapError(rc, st.name, sqlite3_errmsg(db_));
    }
    return core::Ok();
  }

  Result<void> Run(const Statement& st, Params params, Rows* rows) {
    retryable_ = false;
    ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(st));
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    RETURN_IF_ERROR(Bind(stmt, st, params));
    auto start = Clock::now();
    deadline_ = start + std::chrono::milliseconds(options_.statement_timeout_ms);
    int rc;
    int columns = sqlite3_column_count(stmt);
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (!rows) continue;
      std::vector<Row::Cell> cells;
      cells.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER:
            cells.emplace_back(int64_t{sqlite3_column_int64(stmt, c)});
            break;
          case SQLITE_FLOAT:
            cells.emplace_back(sqlite3_column_double(stmt, c));
            break;
          case SQLITE_NULL:
            cells.emplace_back(std::monostate{});
            break;
          default: {
            auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            cells.emplace_back(std::string(p, sqlite3_column_bytes(stmt, c)));
          }
        }
      }
      rows->emplace_back(std::move(cells));
    }
    deadline_ = {};
    counters_.statements++;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    if (ms >= options_.slow_query_ms) {
      counters_.slow++;
      spdlog::warn("slow query: {} took {} ms", st.name, ms);
    }
    if (rc != SQLITE_DONE) return MapError(rc, st.name, sqlite3_errmsg(db_));
    return core::Ok();
  }

  core::Error MapError(int rc, std::string_view what, std::string_view detail) {
    int primary = rc & 0xFF;
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return core::Error::Conflict("既に登録されています (already exists)");
    }
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
      retryable_ = true;
      return core::Error::Unavailable("データベースが混み合っています (database busy)");
    }
    if (primary == SQLITE_INTERRUPT) {
      return core::Error::Unavailable("処理が時間内に終わりませんでした (statement timeout)");
    }
    spdlog::error("sqlite error in {}: {} ({})", what, detail, rc);
    return core::Error::Internal("database error");
  }

  sqlite3* db_;
  Options options_;
  Counters& counters_;
  std::unordered_map<std::string_view, sqlite3_stmt*> cache_;  // names have static storage
  Clock::time_point deadline_{};
  bool retryable_ = false;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, Options options) : path_(std::move(path)), options_(options) {
    ConfigureLibraryOnce();
  }

  Result<void> Init() {
    int n = path_ == ":memory:" ? 1 : std::max(1, options_.pool_size);
    for (int i = 0; i < n; ++i) {
      ASSIGN_OR_RETURN(auto conn, OpenOne());
      free_.push_back(conn.get());
      all_.push_back(std::move(conn));
    }
    return core::Ok();
  }

  Backend backend() const override { return Backend::kSqlite; }

  Result<void> Run(const Work& fn) override {
    Lease lease(*this);
    if (!lease.conn) return PoolExhausted();
    return fn(*lease.conn);
  }

  Result<void> Transact(const Work& fn) override { return WithRetry("BEGIN IMMEDIATE", fn); }

  Result<void> ReadSnapshot(const Work& fn) override { return WithRetry("BEGIN DEFERRED", fn); }

  Result<void> Backup(const std::string& destination) override {
    sqlite3* dest = nullptr;
    int rc = sqlite3_open(destination.c_str(), &dest);
    if (rc != SQLITE_OK) {
      sqlite3_close(dest);
      return core::Error::Invalid("destination",
                                  "バックアップ先を開けません (cannot open backup file)");
    }
    Lease lease(*this);
    if (!lease.conn) {
      sqlite3_close(dest);
      return PoolExhausted();
    }
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", lease.conn->handle(), "main");
    if (!b) {
      sqlite3_close(dest);
      return core::Error::Internal("backup init failed");
    }
    // Copy in chunks, yielding between them so writers are not starved on a large database.
    do {
      rc = sqlite3_backup_step(b, 1024);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    sqlite3_close(dest);
    if (rc != SQLITE_DONE) return core::Error::Internal("backup failed");
    return core::Ok();
  }

  PoolStats Stats() const override {
    std::lock_guard lock(mu_);
    return PoolStats{static_cast<int>(all_.size()), static_cast<int>(all_.size() - free_.size()),
                     counters_.statements.load(), counters_.slow.load(), counters_.retries.load()};
  }

 private:
  // Memory statistics (on in Debian's build) put one process-wide mutex around every SQLite
  // allocation; with the pool's connections on several worker threads that mutex was a tenth of
  // an authenticated read's cost (perf, bench/care/run). Nothing here reads those statistics.
  // The setting only takes before the library initializes, so it is made once, before any open.
  static void ConfigureLibraryOnce() {
    static std::once_flag once;
    std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  }

  // Returns the connection to the pool; a transaction left open (an exception thrown inside a
  // callback) is rolled back first so the next borrower never sees uncommitted writes.
  struct Lease {
    explicit Lease(SqliteDatabase& d) : db(d), conn(d.Acquire()) {}
    ~Lease() {
      if (!conn) return;
      if (!sqlite3_get_autocommit(conn->handle())) (void)conn->ExecScript("ROLLBACK");
      db.Release(conn);
    }
    SqliteDatabase& db;
    SqliteConnection* conn;  // null when none became free in time
  };

  static core::Error PoolExhausted() {
    return core::Error::Unavailable("データベースが混み合っています (no database connection free)");
  }

  Result<std::unique_ptr<SqliteConnection>> OpenOne() {
    sqlite3* handle = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path_.c_str(), &handle, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string m = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
      sqlite3_close_v2(handle);
      spdlog::error("cannot open sqlite database {}: {}", path_, m);
      return core::Error::Unavailable("データベースを開けません (cannot open database)");
    }
    sqlite3_busy_timeout(handle, options_.busy_timeout_ms);
    sqlite3_extended_result_codes(handle, 1);  // tells a unique violation from other constraints
    auto conn = std::make_unique<SqliteConnection>(handle, options_, counters_);
    // WAL + synchronous=FULL: an acknowledged write survives power loss (clinical data).
    // Reads through a memory map (up to the library's 2 GB limit): every commit by another
    // connection empties this connection's page cache, and refilling it from the map costs no
    // copy and no system call, unlike pread (measured in bench/care/run: the audit writer's
    // commits made a timeline page re-read ~360 pages).
    RETURN_IF_ERROR(
        conn->ExecScript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                         "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;"
                         "PRAGMA mmap_size=2147418112;"));
    return conn;
  }

  SqliteConnection* Acquire() {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::milliseconds(options_.busy_timeout_ms),
                      [&] { return !free_.empty(); })) {
      return nullptr;
    }
    SqliteConnection* c = free_.back();
    free_.pop_back();
    return c;
  }

  void Release(SqliteConnection* c) {
    {
      std::lock_guard lock(mu_);
      free_.push_back(c);
    }
    cv_.notify_one();
  }

  Result<void> WithRetry(const char* begin, const Work& fn) {
    std::minstd_rand rng(std::random_device{}());
    for (int attempt = 0;; ++attempt) {
      Lease lease(*this);
      if (!lease.conn) return PoolExhausted();
      SqliteConnection& c = *lease.conn;
      c.ClearRetryable();
      auto status = c.ExecScript(begin);
      if (status.ok()) {
        status = fn(c);
        if (status.ok()) status = c.ExecScript("COMMIT");
      }
      if (status.ok()) return status;
      bool retryable = c.last_error_retryable();
      if (!sqlite3_get_autocommit(c.handle())) (void)c.ExecScript("ROLLBACK");
      if (!retryable || attempt >= options_.max_retries) return status;
      counters_.retries++;
      int backoff = (5 << attempt) + static_cast<int>(rng() % 10);
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff));
    }
  }

  std::string path_;
  Options options_;
  Counters counters_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<SqliteConnection>> all_;
  std::vector<SqliteConnection*> free_;  // guarded by mu_
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const Options& options) {
  auto db = std::make_unique<SqliteDatabase>(path, options);
  RETURN_IF_ERROR(db->Init());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace db::sqlite

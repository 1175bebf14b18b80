#include "db/migrations.h"

#include <spdlog/spdlog.h>

namespace db {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT "
    "NULL, applied_at BIGINT NOT NULL)";
constexpr Statement kMaxVersion{"migrations_max",
                                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"};
constexpr Statement kRecord{
    "migrations_record",
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)"};

}  // namespace

Result<int> CurrentVersion(Database& db) {
  return db.Get<int>([&](Connection& c) -> Result<int> {
    RETURN_IF_ERROR(c.ExecScript(kCreateTable));
    ASSIGN_OR_RETURN(auto row, c.QueryOne(kMaxVersion));
    return static_cast<int>(row ? row->Int(0) : 0);
  });
}

Result<MigrationReport> Migrate(Database& db, const core::Clock& clock,
                                std::span<const Migration> migrations) {
  MigrationReport report;
  ASSIGN_OR_RETURN(report.from_version, CurrentVersion(db));
  report.to_version = report.from_version;
  for (const Migration& m : migrations) {
    if (m.version <= report.to_version) continue;
    auto status = db.Transact([&](Connection& c) -> Result<void> {
      // Another instance may have applied it meanwhile (PostgreSQL with several servers).
      ASSIGN_OR_RETURN(auto row, c.QueryOne(kMaxVersion));
      if (row && row->Int(0) >= m.version) return core::Ok();
      RETURN_IF_ERROR(c.ExecScript(m.sql));
      std::string_view extra = db.backend() == Backend::kSqlite ? m.sqlite_sql : m.postgres_sql;
      if (!extra.empty()) RETURN_IF_ERROR(c.ExecScript(extra));
      if (m.data_step) RETURN_IF_ERROR(m.data_step(c));
      RETURN_IF_ERROR(c.Execute(kRecord, {m.version, m.name, clock.NowMillis()}));
      return core::Ok();
    });
    if (!status.ok()) {
      spdlog::error("migration {} ({}) failed", m.version, m.name);
      return std::move(status).error();
    }
    spdlog::info("applied migration {} {}", m.version, m.name);
    report.to_version = m.version;
    ++report.applied;
  }
  return report;
}

}  // namespace db

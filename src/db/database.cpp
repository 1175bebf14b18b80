// Backend-neutral parts of the storage interface: row accessors and opening by URL.
#include "db/database.h"

#include <charconv>

#include "db/postgres/pg_database.h"
#include "db/sqlite/sqlite_database.h"

namespace db {
namespace {

template <typename T>
std::optional<T> ParseNumber(const std::string& s) {
  T v{};
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

int64_t Row::Int(size_t i) const { return OptInt(i).value_or(0); }
double Row::Real(size_t i) const { return OptReal(i).value_or(0.0); }

std::optional<int64_t> Row::OptInt(size_t i) const {
  const Cell& c = cells_.at(i);
  switch (c.index()) {
    case 1:
      return std::get<1>(c);
    case 2:
      return static_cast<int64_t>(std::get<2>(c));
    case 3: {
      const std::string& s = std::get<3>(c);
      if (auto v = ParseNumber<int64_t>(s)) return v;
      if (s == "t" || s == "true") return 1;  // PostgreSQL boolean text
      if (s == "f" || s == "false") return 0;
      if (auto d = ParseNumber<double>(s)) return static_cast<int64_t>(*d);
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<double> Row::OptReal(size_t i) const {
  const Cell& c = cells_.at(i);
  switch (c.index()) {
    case 1:
      return static_cast<double>(std::get<1>(c));
    case 2:
      return std::get<2>(c);
    case 3:
      return ParseNumber<double>(std::get<3>(c));
    default:
      return std::nullopt;
  }
}

std::string Row::Text(size_t i) const { return OptText(i).value_or(std::string()); }

std::optional<std::string> Row::OptText(size_t i) const {
  const Cell& c = cells_.at(i);
  switch (c.index()) {
    case 1:
      return std::to_string(std::get<1>(c));
    case 2:
      return std::to_string(std::get<2>(c));
    case 3:
      return std::get<3>(c);
    default:
      return std::nullopt;
  }
}

Result<std::optional<Row>> Connection::QueryOne(const Statement& st,
                                                std::initializer_list<Param> params) {
  return QueryOne(st, Params(params.begin(), params.size()));
}

Result<std::optional<Row>> Connection::QueryOne(const Statement& st, Params params) {
  auto rows = Query(st, params);
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows->front()));
}

Result<std::unique_ptr<Database>> Open(const std::string& url, const Options& options) {
  if (url.starts_with("sqlite:")) return sqlite::OpenSqlite(url.substr(7), options);
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return postgres::OpenPostgres(url, options);
  }
  return Error::Invalid("database", "database URL must start with sqlite: or postgresql://");
}

bool IsUniqueViolation(const Error& e) { return e.code == core::ErrorCode::kConflict; }

}  // namespace db

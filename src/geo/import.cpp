#include "geo/import.h"

#include <charconv>
#include <map>

#include "core/csv.h"
#include "core/text_encoding.h"
#include "geo/address_match.h"
#include "geo/store.h"

namespace geo {
namespace {

int Column(const std::vector<std::string>& header, std::initializer_list<std::string_view> names) {
  for (size_t i = 0; i < header.size(); ++i) {
    for (auto n : names) {
      if (header[i] == n) return static_cast<int>(i);
    }
  }
  return -1;
}

bool ParseDouble(const std::string& s, double lo, double hi, double& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= lo && out <= hi;
}

}  // namespace

core::Result<ImportReport> ImportAddressPoints(db::Database& db, std::string_view bytes,
                                               const std::string& source) {
  ASSIGN_OR_RETURN(auto text, core::DecodeToUtf8(bytes));
  ASSIGN_OR_RETURN(auto table, core::ParseCsv(text.utf8));
  int code_col = Column(table.header, {"市区町村コード", "municipality_code"});
  int town_col = Column(table.header, {"大字町丁目名", "town"});
  int lat_col = Column(table.header, {"緯度", "latitude"});
  int lon_col = Column(table.header, {"経度", "longitude"});
  if (code_col < 0 || town_col < 0 || lat_col < 0 || lon_col < 0) {
    return core::Error::Invalid(
        "file",
        "列 市区町村コード・大字町丁目名・緯度・経度 が必要です (columns municipality_code, town, "
        "latitude, longitude are required)");
  }
  ImportReport report;
  std::vector<std::pair<std::string, AddressPoint>> good;
  std::map<std::string, std::string> known;  // 5-digit code (no check digit) → our code
  RETURN_IF_ERROR(db.Run([&](db::Connection& c) -> core::Result<void> {
    ASSIGN_OR_RETURN(auto list, Store::Municipalities(c));
    for (const auto& m : list) known[m.code.substr(0, 5)] = m.code;
    return core::Ok();
  }));
  for (size_t i = 0; i < table.rows.size() && report.errors.size() < 100; ++i) {
    const auto& row = table.rows[i];
    ++report.rows;
    std::string where = "line " + std::to_string(table.row_lines[i]) + ": ";
    size_t need = static_cast<size_t>(std::max({code_col, town_col, lat_col, lon_col}));
    if (row.size() <= need) {
      report.errors.push_back(where + "列が足りません (too few columns)");
      continue;
    }
    auto it = known.find(row[code_col].substr(0, 5));
    if (row[code_col].size() < 5 || it == known.end()) {
      ++report.skipped_unknown_municipality;
      continue;
    }
    AddressPoint p;
    p.town = row[town_col];
    if (p.town.empty() || p.town.size() > 200) {
      report.errors.push_back(where + "大字町丁目名が不正です (bad town name)");
      continue;
    }
    if (!ParseDouble(row[lat_col], 20, 46, p.latitude) ||
        !ParseDouble(row[lon_col], 122, 154, p.longitude)) {
      report.errors.push_back(where + "緯度・経度が不正です (bad latitude/longitude)");
      continue;
    }
    std::tie(p.base, p.chome) = SplitTown(p.town);
    good.emplace_back(it->second, std::move(p));
  }
  if (!report.errors.empty()) return report;
  RETURN_IF_ERROR(db.Transact([&](db::Connection& c) -> core::Result<void> {
    for (const auto& [code, point] : good) RETURN_IF_ERROR(Store::Upsert(c, code, point, source));
    return core::Ok();
  }));
  report.imported = static_cast<int>(good.size());
  return report;
}

}  // namespace geo

// Loads address reference points from the 位置参照情報 CSV (大字・町丁目レベル, as published by
// MLIT; Shift_JIS or UTF-8) or from a plain CSV with the columns municipality_code, town,
// latitude, longitude. Rows of municipalities the platform does not know are counted and skipped.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"

namespace geo {

struct ImportReport {
  int rows = 0;
  int imported = 0;
  int skipped_unknown_municipality = 0;
  std::vector<std::string> errors;  // "line 12: 緯度 …"; the import stops at the first 100
};

/// Reads `bytes` and writes every good row in one transaction; nothing is written when any row
/// is bad.
core::Result<ImportReport> ImportAddressPoints(db::Database& db, std::string_view bytes,
                                               const std::string& source);

}  // namespace geo

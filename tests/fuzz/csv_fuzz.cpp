// libFuzzer target for the upload path: arbitrary bytes → DecodeToUtf8 → ParseCsv. Besides
// "no crash, no sanitizer report" it checks what importers rely on: decoded text is valid UTF-8,
// row line numbers increase, and a parsed table written back with CsvRow parses to the same
// cells (after CsvRow's formula guard).
//   cmake -DTSUNAGARI_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ … && ./csv_fuzz -max_total_time=60
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/text_encoding.h"
#include "core/utf8.h"

namespace {

// Invariant failures must reach libFuzzer as crashes, in every build type.
void Require(bool condition) {
  if (!condition) std::abort();
}

// What CsvRow is documented to do to a cell that a spreadsheet would run as a formula.
std::string Guarded(const std::string& cell) {
  if (!cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos) {
    return "'" + cell;
  }
  return cell;
}

std::vector<std::string> GuardedRow(const std::vector<std::string>& cells) {
  std::vector<std::string> out;
  out.reserve(cells.size());
  for (const std::string& cell : cells) out.push_back(Guarded(cell));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  core::Result<core::DecodedText> decoded = core::DecodeToUtf8(bytes);
  if (!decoded.ok()) {
    Require(decoded.error().code == core::ErrorCode::kUnprocessable);
    Require(decoded.error().message.find("(byte offset ") != std::string::npos);
    return 0;
  }
  Require(core::IsValidUtf8(decoded->utf8));

  constexpr size_t kMaxRows = 10'000;
  core::Result<core::CsvTable> table = core::ParseCsv(decoded->utf8, kMaxRows);
  if (!table.ok()) {
    Require(table.error().field == "file");
    return 0;
  }
  Require(!table->header.empty());
  Require(table->rows.size() == table->row_lines.size());
  for (size_t i = 0; i < table->row_lines.size(); ++i) {
    Require(table->row_lines[i] >= 2);  // line 1 is at best the header
    Require(i == 0 || table->row_lines[i] > table->row_lines[i - 1]);
    Require(!table->rows[i].empty());
  }

  std::string written = core::CsvRow(table->header);
  for (const std::vector<std::string>& row : table->rows) written += core::CsvRow(row);
  core::Result<core::CsvTable> reparsed = core::ParseCsv(written, kMaxRows);
  Require(reparsed.ok());
  Require(reparsed->header == GuardedRow(table->header));
  Require(reparsed->rows.size() == table->rows.size());
  for (size_t i = 0; i < table->rows.size(); ++i) {
    Require(reparsed->rows[i] == GuardedRow(table->rows[i]));
  }
  return 0;
}

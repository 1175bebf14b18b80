// CSV reading and writing (RFC 4180, plus the line-end and BOM variations that spreadsheet
// exports produce). Reading reports the physical line of every row so that importers can say
// "line 12: birth date is invalid" even when quoted cells contain newlines.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace core {

struct CsvTable {
  std::vector<std::string> header;             // cells of the first row, trimmed
  std::vector<std::vector<std::string>> rows;  // data rows, cells exactly as in the file
  std::vector<size_t> row_lines;               // 1-based physical line where rows[i] starts
};

/// Parses UTF-8 CSV text (decode uploads with DecodeToUtf8 first).
/// - Cells are separated by ','; a cell may be quoted with '"', and a quoted cell may contain
///   ',', '""' (one quote), and line ends. Spaces or tabs around a quoted cell are ignored.
/// - Lines end with CRLF, LF or a lone CR. A leading UTF-8 BOM is ignored, as are blank lines
///   (they carry no row in any spreadsheet export; a row of empty cells is written ",,").
/// - The first row is the header; its cells are trimmed of spaces, tabs and U+3000.
/// - Rows with fewer or more cells than the header are returned as they are; the caller
///   reports them per row.
/// Errors have field "file" and name the line: kInvalid for an unterminated quoted cell, a
/// quote inside an unquoted cell or text after a closing quote, and an empty file; kTooLarge
/// for more than `max_rows` data rows.
Result<CsvTable> ParseCsv(std::string_view utf8, size_t max_rows = 1'000'000);

/// One CSV record ending in CRLF (what Excel writes). Cells containing ',', '"', CR or LF are
/// quoted; a row made of one empty cell is written as "" so that it is not a blank line.
/// Cells that start with '=', '+', '-', '@', a tab or a CR get a leading "'": spreadsheets run
/// such cells as formulas when the file is opened (CSV injection, e.g. =HYPERLINK(...) leaking
/// data or =cmd|... running programs), and exported names or free text come from users. The
/// quote makes them plain text; the cost is a visible quote on values like "-5".
std::string CsvRow(const std::vector<std::string>& cells);

}  // namespace core

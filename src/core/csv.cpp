// RFC 4180 CSV. The reader works on bytes: in UTF-8 the bytes for ',', '"', CR and LF never
// occur inside a multi-byte character, so no decoding is needed. (That is also why uploads must
// be converted from CP932 first: there, 0x5C can be the second byte of ソ or 表.)
#include "core/csv.h"

#include <algorithm>
#include <utility>

namespace core {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

Error FileError(size_t line, std::string japanese, std::string english, std::string code) {
  const std::string l = std::to_string(line);
  return Error::Invalid("file", l + "行目: " + japanese + " (line " + l + ": " + english + ")",
                        std::move(code));
}

std::string_view TrimHeaderCell(std::string_view cell) {
  for (bool changed = true; changed;) {
    changed = false;
    if (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t')) {
      cell.remove_prefix(1);
      changed = true;
    } else if (cell.starts_with(kIdeographicSpace)) {
      cell.remove_prefix(kIdeographicSpace.size());
      changed = true;
    }
    if (!cell.empty() && (cell.back() == ' ' || cell.back() == '\t')) {
      cell.remove_suffix(1);
      changed = true;
    } else if (cell.ends_with(kIdeographicSpace)) {
      cell.remove_suffix(kIdeographicSpace.size());
      changed = true;
    }
  }
  return cell;
}

// Reads records one at a time, keeping count of physical lines.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  size_t line() const { return line_; }

  // Consumes one line end (CRLF, LF or lone CR) if the text is at one.
  bool ConsumeLineEnd() {
    if (AtEnd()) return false;
    if (text_[pos_] == '\r') {
      ++pos_;
      if (!AtEnd() && text_[pos_] == '\n') ++pos_;
    } else if (text_[pos_] == '\n') {
      ++pos_;
    } else {
      return false;
    }
    ++line_;
    return true;
  }

  // Reads the cells of one record and the line end after it. Must not be at the end.
  Result<std::vector<std::string>> ReadRecord() {
    std::vector<std::string> cells;
    while (true) {
      ASSIGN_OR_RETURN(std::string cell, ReadCell());
      cells.push_back(std::move(cell));
      if (AtEnd()) break;
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      ConsumeLineEnd();  // ReadCell stops only at ',', a line end or the end
      break;
    }
    return cells;
  }

 private:
  static bool IsBlank(char c) { return c == ' ' || c == '\t'; }

  Result<std::string> ReadCell() {
    size_t p = pos_;
    while (p < text_.size() && IsBlank(text_[p])) ++p;
    if (p < text_.size() && text_[p] == '"') {
      pos_ = p + 1;
      return ReadQuotedCell();
    }
    const size_t end = std::min(text_.find_first_of(",\r\n\"", pos_), text_.size());
    if (end < text_.size() && text_[end] == '"') {
      return FileError(line_, "引用符 (\") で囲まれていない項目の中に引用符があります",
                       "quote inside an unquoted cell", "csv_stray_quote");
    }
    std::string cell(text_.substr(pos_, end - pos_));
    pos_ = end;
    return cell;
  }

  // Called just after the opening quote.
  Result<std::string> ReadQuotedCell() {
    const size_t start_line = line_;
    std::string cell;
    while (true) {
      if (AtEnd()) {
        return FileError(start_line, "引用符 (\") で始まる項目が閉じられていません",
                         "unterminated quoted cell", "csv_unterminated_quote");
      }
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          cell.push_back('"');
          pos_ += 2;
          continue;
        }
        ++pos_;
        break;
      }
      if (c == '\r' || c == '\n') {
        // Kept as written (CRLF stays CRLF), but counted so later rows get the right line.
        const size_t from = pos_;
        ConsumeLineEnd();
        cell.append(text_.substr(from, pos_ - from));
        continue;
      }
      const size_t end = std::min(text_.find_first_of("\"\r\n", pos_), text_.size());
      cell.append(text_.substr(pos_, end - pos_));
      pos_ = end;
    }
    while (!AtEnd() && IsBlank(text_[pos_])) ++pos_;
    if (!AtEnd() && text_[pos_] != ',' && text_[pos_] != '\r' && text_[pos_] != '\n') {
      return FileError(line_, "引用符 (\") で囲まれた項目の後に余分な文字があります",
                       "text after a closing quote", "csv_text_after_quote");
    }
    return cell;
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

bool NeedsFormulaGuard(std::string_view cell) {
  return !cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos;
}

}  // namespace

Result<CsvTable> ParseCsv(std::string_view utf8, size_t max_rows) {
  if (utf8.starts_with(kUtf8Bom)) utf8.remove_prefix(kUtf8Bom.size());
  Reader reader(utf8);
  CsvTable table;
  bool have_header = false;
  while (!reader.AtEnd()) {
    if (reader.ConsumeLineEnd()) continue;  // blank line
    const size_t line = reader.line();
    if (have_header && table.rows.size() == max_rows) {
      Error error =
          FileError(line, "データ行が上限の " + std::to_string(max_rows) + " 行を超えています",
                    "more than " + std::to_string(max_rows) + " data rows", "csv_too_many_rows");
      error.code = ErrorCode::kTooLarge;
      return error;
    }
    ASSIGN_OR_RETURN(std::vector<std::string> cells, reader.ReadRecord());
    if (!have_header) {
      for (std::string& cell : cells) cell = std::string(TrimHeaderCell(cell));
      table.header = std::move(cells);
      have_header = true;
      continue;
    }
    table.rows.push_back(std::move(cells));
    table.row_lines.push_back(line);
  }
  if (!have_header) {
    return FileError(1, "CSV ファイルが空です。1行目に見出しが必要です",
                     "the file is empty; line 1 must be the header", "csv_empty");
  }
  return table;
}

std::string CsvRow(const std::vector<std::string>& cells) {
  if (cells.size() == 1 && cells.front().empty()) return "\"\"\r\n";
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out.push_back(',');
    const std::string_view cell = cells[i];
    // A cell starting with U+FEFF is quoted too: first in a file, it would be read as a BOM.
    const bool quote =
        cell.find_first_of(",\"\r\n") != std::string_view::npos || cell.starts_with(kUtf8Bom);
    if (quote) out.push_back('"');
    if (NeedsFormulaGuard(cell)) out.push_back('\'');
    for (char c : cell) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    if (quote) out.push_back('"');
  }
  out += "\r\n";
  return out;
}

}  // namespace core

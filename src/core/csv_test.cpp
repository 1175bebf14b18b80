// Tests for the CSV reader and writer, including the shapes Excel and municipal core systems
// export and the errors people need line numbers for.
#include "core/csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace core {
namespace {

using Cells = std::vector<std::string>;

CsvTable Parse(std::string_view text) {
  Result<CsvTable> result = ParseCsv(text);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  return result.ok() ? result.value() : CsvTable{};
}

Error ParseError(std::string_view text, size_t max_rows = 1'000'000) {
  Result<CsvTable> result = ParseCsv(text, max_rows);
  EXPECT_FALSE(result.ok());
  return result.ok() ? Error{} : result.error();
}

std::string CodeOf(const Error& error) {
  return error.details.empty() ? "" : error.details.front().code;
}

TEST(ParseCsvTest, ReadsHeaderAndRows) {
  const CsvTable table = Parse("氏名,生年月日\r\n山田太郎,S11.1.1\r\n鈴木花子,1950-02-03\r\n");
  EXPECT_EQ(table.header, (Cells{"氏名", "生年月日"}));
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0], (Cells{"山田太郎", "S11.1.1"}));
  EXPECT_EQ(table.rows[1], (Cells{"鈴木花子", "1950-02-03"}));
  EXPECT_EQ(table.row_lines, (std::vector<size_t>{2, 3}));
}

TEST(ParseCsvTest, AcceptsLfAndLoneCrLineEnds) {
  EXPECT_EQ(Parse("a,b\n1,2\n3,4").rows, (std::vector<Cells>{{"1", "2"}, {"3", "4"}}));
  const CsvTable table = Parse("a,b\r1,2\r3,4\r");
  EXPECT_EQ(table.rows, (std::vector<Cells>{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(table.row_lines, (std::vector<size_t>{2, 3}));
}

TEST(ParseCsvTest, AcceptsMixedLineEnds) {
  const CsvTable table = Parse("a\r\n1\n2\r3\r\n");
  EXPECT_EQ(table.rows, (std::vector<Cells>{{"1"}, {"2"}, {"3"}}));
  EXPECT_EQ(table.row_lines, (std::vector<size_t>{2, 3, 4}));
}

TEST(ParseCsvTest, ReadsAFileWithoutAFinalLineEnd) {
  EXPECT_EQ(Parse("a,b\r\n1,2").rows, (std::vector<Cells>{{"1", "2"}}));
}

TEST(ParseCsvTest, UnquotesQuotedCellsWithCommasQuotesAndNewlines) {
  const CsvTable table =
      Parse("name,note\r\n\"山田, 太郎\",\"「\"\"要介護\"\"」\r\n車いす\"\r\n次,x\r\n");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0], (Cells{"山田, 太郎", "「\"要介護\"」\r\n車いす"}));
  EXPECT_EQ(table.rows[1], (Cells{"次", "x"}));
  // The second row starts on line 4 because the first one spans lines 2 and 3.
  EXPECT_EQ(table.row_lines, (std::vector<size_t>{2, 4}));
}

TEST(ParseCsvTest, KeepsLineEndsInsideQuotesAsWritten) {
  const CsvTable table = Parse("a\n\"1\n2\r3\r\n4\"\n");
  EXPECT_EQ(table.rows, (std::vector<Cells>{{"1\n2\r3\r\n4"}}));
}

TEST(ParseCsvTest, ReadsEmptyCells) {
  const CsvTable table = Parse("a,b,c\r\n,,\r\n\"\",x,\r\n");
  EXPECT_EQ(table.rows, (std::vector<Cells>{{"", "", ""}, {"", "x", ""}}));
}

TEST(ParseCsvTest, KeepsSpacesInUnquotedDataCells) {
  EXPECT_EQ(Parse("a,b\r\n 山田 , x\r\n").rows, (std::vector<Cells>{{" 山田 ", " x"}}));
}

TEST(ParseCsvTest, IgnoresSpacesAroundQuotedCells) {
  EXPECT_EQ(Parse("a,b\r\n \"x,y\" ,\t\"z\"\r\n").rows, (std::vector<Cells>{{"x,y", "z"}}));
}

TEST(ParseCsvTest, TrimsHeaderCells) {
  EXPECT_EQ(Parse(" 氏名 ,\t生年月日\u3000, \u3000住所\r\n").header,
            (Cells{"氏名", "生年月日", "住所"}));
}

TEST(ParseCsvTest, IgnoresALeadingByteOrderMark) {
  const CsvTable table = Parse("\xEF\xBB\xBF氏名\r\n山田\r\n");
  EXPECT_EQ(table.header, (Cells{"氏名"}));
  EXPECT_EQ(table.row_lines, (std::vector<size_t>{2}));
}

TEST(ParseCsvTest, IgnoresBlankLinesButCountsThem) {
  const CsvTable table = Parse("\r\na,b\r\n\r\n1,2\n\n\r\n3,4\r\n\r\n\r\n");
  EXPECT_EQ(table.header, (Cells{"a", "b"}));
  EXPECT_EQ(table.rows, (std::vector<Cells>{{"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(table.row_lines, (std::vector<size_t>{4, 7}));
}

TEST(ParseCsvTest, KeepsRowsWithTheWrongNumberOfCells) {
  const CsvTable table = Parse("a,b,c\r\n1\r\n1,2,3,4\r\n");
  EXPECT_EQ(table.rows, (std::vector<Cells>{{"1"}, {"1", "2", "3", "4"}}));
}

TEST(ParseCsvTest, AcceptsAHeaderWithoutRows) {
  const CsvTable table = Parse("a,b\r\n");
  EXPECT_EQ(table.header, (Cells{"a", "b"}));
  EXPECT_TRUE(table.rows.empty());
}

TEST(ParseCsvTest, RejectsAnEmptyFile) {
  for (std::string_view text : {"", "\xEF\xBB\xBF", "\r\n\r\n", "\n"}) {
    const Error error = ParseError(text);
    EXPECT_EQ(error.code, ErrorCode::kInvalid);
    EXPECT_EQ(error.field, "file");
    EXPECT_EQ(CodeOf(error), "csv_empty");
    EXPECT_NE(error.message.find("1行目"), std::string::npos);
  }
}

TEST(ParseCsvTest, RejectsAnUnterminatedQuoteNamingTheLineWhereItStarts) {
  const Error error = ParseError("a,b\r\n1,2\r\n3,\"oops\r\n4,5\r\n");
  EXPECT_EQ(error.code, ErrorCode::kInvalid);
  EXPECT_EQ(error.field, "file");
  EXPECT_EQ(CodeOf(error), "csv_unterminated_quote");
  EXPECT_NE(error.message.find("3行目"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("line 3"), std::string::npos) << error.message;
}

TEST(ParseCsvTest, RejectsAQuoteInsideAnUnquotedCell) {
  const Error error = ParseError("a,b\r\n1,2\r\n3,4\"5\r\n");
  EXPECT_EQ(CodeOf(error), "csv_stray_quote");
  EXPECT_NE(error.message.find("line 3"), std::string::npos) << error.message;
}

TEST(ParseCsvTest, RejectsTextAfterAClosingQuote) {
  const Error error = ParseError("a,b\r\n\"1\"x,2\r\n");
  EXPECT_EQ(CodeOf(error), "csv_text_after_quote");
  EXPECT_NE(error.message.find("line 2"), std::string::npos) << error.message;
}

TEST(ParseCsvTest, ErrorLinesCountNewlinesInsideEarlierQuotedCells) {
  const Error error = ParseError("a\r\n\"x\r\ny\r\nz\"\r\nb\"\r\n");
  EXPECT_NE(error.message.find("line 5"), std::string::npos) << error.message;
}

TEST(ParseCsvTest, RejectsMoreThanMaxRowsAsTooLarge) {
  const Error error = ParseError("a\r\n1\r\n2\r\n3\r\n", 2);
  EXPECT_EQ(error.code, ErrorCode::kTooLarge);
  EXPECT_EQ(error.field, "file");
  EXPECT_EQ(CodeOf(error), "csv_too_many_rows");
  EXPECT_NE(error.message.find("line 4"), std::string::npos) << error.message;
}

TEST(ParseCsvTest, AcceptsExactlyMaxRowsAndTrailingBlankLines) {
  Result<CsvTable> result = ParseCsv("a\r\n1\r\n2\r\n\r\n", 2);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->rows.size(), 2u);
}

TEST(ParseCsvTest, MultiByteTextNeverSplitsCells) {
  // ソ and 表 end in 0x5C in CP932; in UTF-8 nothing but ASCII can look like a delimiter.
  EXPECT_EQ(Parse("a,b\nソ表,①㈱髙\n").rows, (std::vector<Cells>{{"ソ表", "①㈱髙"}}));
}

TEST(CsvRowTest, WritesPlainCellsWithCrlf) {
  EXPECT_EQ(CsvRow({"山田太郎", "1936-01-01", ""}), "山田太郎,1936-01-01,\r\n");
}

TEST(CsvRowTest, QuotesCellsWithCommasQuotesAndLineEnds) {
  EXPECT_EQ(CsvRow({"a,b", "say \"hi\"", "1\r\n2", "x\ry"}),
            "\"a,b\",\"say \"\"hi\"\"\",\"1\r\n2\",\"x\ry\"\r\n");
}

TEST(CsvRowTest, WritesALoneEmptyCellSoItIsNotABlankLine) {
  EXPECT_EQ(CsvRow({""}), "\"\"\r\n");
  EXPECT_EQ(CsvRow({"", ""}), ",\r\n");
}

TEST(CsvRowTest, DefusesCellsThatSpreadsheetsWouldRunAsFormulas) {
  EXPECT_EQ(CsvRow({"=1+1"}), "'=1+1\r\n");
  EXPECT_EQ(CsvRow({"+81 90"}), "'+81 90\r\n");
  EXPECT_EQ(CsvRow({"-5"}), "'-5\r\n");
  EXPECT_EQ(CsvRow({"@SUM(A1)"}), "'@SUM(A1)\r\n");
  EXPECT_EQ(CsvRow({"\tx"}), "'\tx\r\n");
  EXPECT_EQ(CsvRow({"=HYPERLINK(\"http://x\",\"y\")"}),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n");
}

TEST(CsvRowTest, QuotesACellStartingWithAByteOrderMarkSoItSurvivesAtTheStartOfAFile) {
  const std::string text = CsvRow({"\xEF\xBB\xBFx"}) + CsvRow({"y"});
  EXPECT_EQ(text, "\"\xEF\xBB\xBFx\"\r\ny\r\n");
  EXPECT_EQ(Parse(text).header, (Cells{"\xEF\xBB\xBFx"}));
}

TEST(CsvRowTest, LeavesSafeCellsAlone) {
  EXPECT_EQ(CsvRow({"a=b", "090-1234", "'quoted"}), "a=b,090-1234,'quoted\r\n");
}

TEST(CsvRowTest, WrittenRowsParseBackToTheSameCells) {
  const std::vector<Cells> rows = {
      {"氏名", "備考"}, {"山田, 太郎", "「\"要\"」\r\n次"}, {"", ""}, {""}, {" spaced ", "x"}};
  std::string text;
  for (const Cells& row : rows) text += CsvRow(row);
  const CsvTable table = Parse(text);
  EXPECT_EQ(table.header, rows[0]);
  EXPECT_EQ(table.rows, (std::vector<Cells>(rows.begin() + 1, rows.end())));
  EXPECT_EQ(table.row_lines, (std::vector<size_t>{2, 4, 5, 6}));
}

}  // namespace
}  // namespace core

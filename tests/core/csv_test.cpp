#include "runnerup/csv.hpp"

#include <gtest/gtest.h>

namespace runnerup {
namespace {

TEST(Csv, CellsThatNeedQuotesAreQuotedAndInnerQuotesDoubled) {
  EXPECT_EQ(csv::write_row({"plain", "a,b", "say \"hi\"", "two\nlines", ""}),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
}

TEST(Csv, FormulaLookingCellsAreNeutralised) {
  for (const char* cell : {"=SUM(A1:A9)", "+44 20 7946 0000", "-1", "@cmd", "\tx", "\rx", "\nnote"})
    EXPECT_EQ(csv::neutralise(cell), std::string("'") + cell) << cell;
  EXPECT_EQ(csv::neutralise("Ana"), "Ana");
  EXPECT_EQ(csv::neutralise("'quoted"), "'quoted");
  EXPECT_EQ(csv::neutralise("'=x"), "''=x");  // looks neutralised: gets one more
}

TEST(Csv, FullWidthFormulaSignsAreNeutralised) {
  // ＝ ＋ － ＠ (U+FF1D, U+FF0B, U+FF0D, U+FF20): spreadsheets in East Asian locales run them.
  for (const char* cell : {"\xEF\xBC\x9D" "1+1", "\xEF\xBC\x8B" "1", "\xEF\xBC\x8D" "2+3", "\xEF\xBC\xA0" "SUM(A1)"})
    EXPECT_EQ(csv::neutralise(cell), std::string("'") + cell) << cell;
  EXPECT_EQ(csv::neutralise("\xEF\xBC\xA1"), "\xEF\xBC\xA1");  // Ａ, a full-width letter, is text
}

TEST(Csv, AFormulaAfterLeadingWhiteSpaceIsNeutralised) {
  for (const char* cell : {" =1+1", "   +1", "  \t x", "\xC2\xA0=1", "\xE3\x80\x80@SUM(A1)", "\xE2\x80\x8B-1",
                           "\xEF\xBB\xBF=1", " \xEF\xBC\x9D" "1", "\v=1", "\f=1"})
    EXPECT_EQ(csv::neutralise(cell), std::string("'") + cell) << cell;
  for (const char* cell : {" plain", "a=1", " ", "  1-2", " 'x", ""}) EXPECT_EQ(csv::neutralise(cell), cell) << cell;
  EXPECT_EQ(csv::neutralise("' =1"), "'' =1");  // looks neutralised: gets one more
  EXPECT_TRUE(csv::looks_like_formula(" =1+1"));
  EXPECT_FALSE(csv::looks_like_formula("' =1+1"));
}

TEST(Csv, EveryShortCellRoundTripsAndNoneIsLeftRunnable) {
  // Every cell of up to 4 characters from an alphabet of quotes, blanks, leads and text.
  const std::vector<std::string> alphabet = {"'", " ", "=", "a", "\xEF\xBC\x9D", "\t", "\xC2\xA0", "-"};
  std::vector<std::string> cells = {""}, level = {""};
  for (int length = 1; length <= 4; ++length) {
    std::vector<std::string> longer;
    for (const std::string& c : level)
      for (const std::string& a : alphabet) longer.push_back(c + a);
    cells.insert(cells.end(), longer.begin(), longer.end());
    level = std::move(longer);
  }
  ASSERT_EQ(cells.size(), 1u + 8 + 64 + 512 + 4096);
  for (const std::string& cell : cells) {
    const std::string out = csv::neutralise(cell);
    EXPECT_EQ(csv::restore(out), cell) << cell;
    EXPECT_FALSE(csv::looks_like_formula(out)) << cell;
    EXPECT_TRUE(out == cell || out == "'" + cell) << cell;
  }
}

TEST(Csv, RestoreUndoesExactlyWhatNeutraliseDid) {
  for (const char* cell : {"", "Ana", "=1+1", "'=1+1", "''=1+1", "'plain", "'", "-", "@", "'-5", "\n\n=x",
                           " =1+1", "' =1+1", "\xEF\xBC\x9D" "1", "'\xEF\xBC\x9D" "1", " ", "' "})
    EXPECT_EQ(csv::restore(csv::neutralise(cell)), cell) << cell;
  EXPECT_EQ(csv::restore("'plain"), "'plain");  // a quote the exporter did not add stays
  EXPECT_EQ(csv::restore("' plain"), "' plain");
}

TEST(Csv, WrittenRowsReadBackExactly) {
  std::vector<csv::Row> rows = {{"Name", "Note"},
                                {"José Müller-García", "=HYPERLINK(\"http://evil\")"},
                                {"Chen, Wei", "line one\r\nline two\n-three"},
                                {"", "'=already"}};
  auto back = csv::read(csv::write(rows, {true}));
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_EQ(back.value().size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j) EXPECT_EQ(csv::restore(back.value()[i][j]), rows[i][j]);
}

TEST(Csv, ReaderStreamsAcrossAnyChunking) {
  const std::string text = "\xEF\xBB\xBF" "a,\"b\"\"c\",d\r\n\"multi\r\nline\",2,3\n\nlast,row,x";
  for (std::size_t size = 1; size <= text.size(); ++size) {
    csv::Reader r;
    for (std::size_t i = 0; i < text.size(); i += size) {
      auto fed = r.feed(text.substr(i, size));
      ASSERT_TRUE(fed) << "chunk " << size << ": " << fed.error().path << ": " << fed.error().message;
    }
    ASSERT_TRUE(r.finish());
    std::vector<std::size_t> lines;
    auto rows = r.take_rows(&lines);
    ASSERT_EQ(rows.size(), 3u) << "chunk " << size;
    EXPECT_EQ(rows[0], (csv::Row{"a", "b\"c", "d"}));
    EXPECT_EQ(rows[1], (csv::Row{"multi\r\nline", "2", "3"}));
    EXPECT_EQ(rows[2], (csv::Row{"last", "row", "x"}));
    EXPECT_EQ(lines, (std::vector<std::size_t>{1, 2, 4}));
  }
}

TEST(Csv, MalformedInputIsRefusedWithRowAndColumn) {
  auto quote = csv::read("a,b\r\nc,d\"e\r\n");
  ASSERT_FALSE(quote);
  EXPECT_EQ(quote.error().path, "row 2, column 2");
  auto open = csv::read("a,\"never closed\r\n");
  ASSERT_FALSE(open);
  EXPECT_NE(open.error().message.find("closing quote"), std::string::npos);
  auto latin1 = csv::read("name\r\nJos\xE9\r\n");
  ASSERT_FALSE(latin1);
  EXPECT_EQ(latin1.error().path, "row 2, column 1");
  EXPECT_NE(latin1.error().message.find("UTF-8"), std::string::npos);
  csv::ReadOptions small;
  small.max_cell = 1000;
  auto big = csv::read(std::string(1 << 20, 'x'), small);
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().message.find("longer than"), std::string::npos);
}

}  // namespace
}  // namespace runnerup

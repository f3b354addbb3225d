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

TEST(Csv, RestoreUndoesExactlyWhatNeutraliseDid) {
  for (const char* cell : {"", "Ana", "=1+1", "'=1+1", "''=1+1", "'plain", "'", "-", "@", "'-5", "\n\n=x"})
    EXPECT_EQ(csv::restore(csv::neutralise(cell)), cell) << cell;
  EXPECT_EQ(csv::restore("'plain"), "'plain");  // a quote the exporter did not add stays
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

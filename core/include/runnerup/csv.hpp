// CSV as RFC 4180 says and spreadsheets expect: CRLF rows, quoted cells where needed, UTF-8,
// an optional byte-order mark for Excel, and cells that cannot run as formulas.
//
//   std::string text = csv::write({{"Name", "Note"}, {"Ana", "=HYPERLINK(...)"}}, {true});  // BOM
//   csv::Reader reader;                           // streams: feed chunks of any size
//   reader.feed(chunk_1); reader.feed(chunk_2);   // rows become available as they complete
//   Status done = reader.finish();
//   for (csv::Row& row : reader.take_rows()) use(row);
//
// Guarantees:
//  - write() quotes a cell that holds `"`, `,`, CR or LF, doubling inner quotes; rows end in CRLF.
//  - neutralise() prefixes `'` to a cell that a spreadsheet could run as a formula: it begins with
//    `=`, `+`, `-`, `@`, their full-width forms `＝ ＋ － ＠` (U+FF1D, U+FF0B, U+FF0D, U+FF20), tab,
//    CR or LF, also after leading blanks (spaces and the other Unicode white space, U+200B, U+FEFF):
//    `=1+1`, ` =1+1`, `＝1+1`. A cell that only looks neutralised (a run of `'`, then such a
//    cell: `'=1`, `' =1`) gets one `'` more, so restore(neutralise(x)) == x for every x: the
//    importer undoes exactly what the exporter did, and nothing else.
//  - Reader accepts CRLF or LF rows, strips a leading BOM, and refuses (with line and column)
//    invalid UTF-8, a quote inside an unquoted cell, an unterminated quoted cell, a cell over
//    `max_cell` bytes and a row over `max_columns` cells. After an error it reads nothing more.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runnerup/error.hpp"

namespace runnerup::csv {

using Row = std::vector<std::string>;

struct WriteOptions {
  bool bom = false;         // a UTF-8 byte-order mark first, so Excel reads UTF-8
  bool neutralise = true;   // neutralise formula-looking cells (see neutralise())
};

// A cell as written: neutralised (when asked) and quoted when it must be.
std::string write_cell(std::string_view cell, bool neutralise = true);
// One row and its CRLF.
std::string write_row(const Row& row, bool neutralise = true);
std::string write(const std::vector<Row>& rows, const WriteOptions& options = {});

// Formula-injection safety and its exact inverse. looks_like_formula: the cell, as it is, could run.
bool looks_like_formula(std::string_view cell);
std::string neutralise(std::string_view cell);
std::string restore(std::string_view cell);

struct ReadOptions {
  std::size_t max_cell = 1 << 20;   // bytes
  std::size_t max_columns = 1000;
};

// A streaming RFC 4180 reader. Errors carry the path "row 3, column 2" (1-based; a row is a
// record, so a quoted cell spanning lines does not move the count; blank lines count).
class Reader {
 public:
  explicit Reader(ReadOptions options = {});

  // Reads a chunk; an error stops the reader (later calls return the same error).
  Status feed(std::string_view chunk);
  // The end of the input: completes the last row.
  Status finish();

  // Rows completed so far, handed over (the reader keeps none); `lines`, when given, receives
  // the row number of each (blank lines are skipped but counted).
  std::vector<Row> take_rows(std::vector<std::size_t>* lines = nullptr);
  std::size_t bytes_read() const { return bytes_; }

 private:
  Status fail(std::string message);
  Status end_cell();
  Status end_row();

  enum class In { start_of_cell, unquoted, quoted, quote_in_quoted };
  ReadOptions options_;
  In in_ = In::start_of_cell;
  std::string cell_;
  Row row_;
  std::vector<Row> rows_;
  std::size_t bytes_ = 0;
  std::size_t line_ = 1;    // the row being read
  std::vector<std::size_t> lines_;
  std::size_t row_line_ = 1;  // the line the current row started on
  std::string bom_buf_;
  bool bom_checked_ = false;
  bool pending_cr_ = false;
  bool row_started_ = false;
  std::optional<Error> error_;
};

// Whole-text convenience over Reader.
Result<std::vector<Row>> read(std::string_view text, ReadOptions options = {});

}  // namespace runnerup::csv

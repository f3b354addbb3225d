#include "runnerup/csv.hpp"

#include "utf8.hpp"

namespace runnerup::csv {

namespace {

bool formula_lead(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\n';
}

// A run of `'` (possibly empty) followed by a formula lead.
bool quotes_then_formula(std::string_view cell) {
  std::size_t i = 0;
  while (i < cell.size() && cell[i] == '\'') ++i;
  return i < cell.size() && formula_lead(cell[i]);
}

}  // namespace

bool looks_like_formula(std::string_view cell) { return !cell.empty() && formula_lead(cell[0]); }

std::string neutralise(std::string_view cell) {
  if (quotes_then_formula(cell)) return "'" + std::string(cell);
  return std::string(cell);
}

std::string restore(std::string_view cell) {
  if (!cell.empty() && cell[0] == '\'' && quotes_then_formula(cell.substr(1)))
    return std::string(cell.substr(1));
  return std::string(cell);
}

std::string write_cell(std::string_view cell, bool neutralise_it) {
  std::string c = neutralise_it ? neutralise(cell) : std::string(cell);
  if (c.find_first_of("\",\r\n") == std::string::npos) return c;
  std::string out;
  out.reserve(c.size() + 2);
  out += '"';
  for (char ch : c) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

std::string write_row(const Row& row, bool neutralise_it) {
  std::string out;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i) out += ',';
    out += write_cell(row[i], neutralise_it);
  }
  out += "\r\n";
  return out;
}

std::string write(const std::vector<Row>& rows, const WriteOptions& options) {
  std::string out = options.bom ? "\xEF\xBB\xBF" : "";
  for (const Row& r : rows) out += write_row(r, options.neutralise);
  return out;
}

Reader::Reader(ReadOptions options) : options_(options) {}

Status Reader::fail(std::string message) {
  error_ = Error{ErrorCode::malformed_json,
                 "row " + std::to_string(row_line_) + ", column " + std::to_string(row_.size() + 1),
                 std::move(message)};
  return *error_;
}

Status Reader::end_cell() {
  if (std::size_t bad = detail::invalid_utf8_at(cell_); bad != std::string_view::npos)
    return fail("the cell is not valid UTF-8 (byte " + std::to_string(bad + 1) +
                " of the cell); save the file as UTF-8");
  if (row_.size() >= options_.max_columns)
    return fail("the row has more than " + std::to_string(options_.max_columns) + " columns");
  row_.push_back(std::move(cell_));
  cell_.clear();
  in_ = In::start_of_cell;
  return ok_status();
}

Status Reader::end_row() {
  if (auto s = end_cell(); !s) return s;
  const bool blank = row_.size() == 1 && row_[0].empty() && !row_started_;
  if (!blank) {
    rows_.push_back(std::move(row_));
    lines_.push_back(row_line_);
  }
  row_.clear();
  row_started_ = false;
  ++line_;
  row_line_ = line_;
  return ok_status();
}

Status Reader::feed(std::string_view chunk) {
  if (error_) return *error_;
  std::size_t i = 0;
  if (!bom_checked_) {
    // The BOM may arrive split over chunks: hold its first bytes until it is whole or is not one.
    static constexpr std::string_view kBom = "\xEF\xBB\xBF";
    bom_buf_.append(chunk.data(), chunk.size());
    if (bom_buf_.size() < 3 && kBom.substr(0, bom_buf_.size()) == bom_buf_) return ok_status();
    bom_checked_ = true;
    std::string held;
    held.swap(bom_buf_);
    if (std::string_view(held).substr(0, 3) == kBom) held.erase(0, 3);
    return feed(held);
  }
  bytes_ += chunk.size();
  for (; i < chunk.size(); ++i) {
    const char c = chunk[i];
    if (pending_cr_) {
      pending_cr_ = false;
      if (c == '\n') continue;
    }
    switch (in_) {
      case In::start_of_cell:
        if (c == '"') { in_ = In::quoted; row_started_ = true; break; }
        [[fallthrough]];
      case In::unquoted:
        if (c == ',') { row_started_ = true; if (auto s = end_cell(); !s) return s; }
        else if (c == '\r' || c == '\n') {
          if (auto s = end_row(); !s) return s;
          pending_cr_ = c == '\r';
        } else if (c == '"') {
          return fail("a quote inside an unquoted cell; quote the whole cell and double the quote");
        } else {
          in_ = In::unquoted;
          row_started_ = true;
          cell_ += c;
        }
        break;
      case In::quoted:
        if (c == '"') in_ = In::quote_in_quoted;
        else cell_ += c;
        break;
      case In::quote_in_quoted:
        if (c == '"') { cell_ += '"'; in_ = In::quoted; }
        else if (c == ',') { if (auto s = end_cell(); !s) return s; }
        else if (c == '\r' || c == '\n') {
          if (auto s = end_row(); !s) return s;
          pending_cr_ = c == '\r';
        } else {
          return fail("text after the closing quote of a cell");
        }
        break;
    }
    if (cell_.size() > options_.max_cell)
      return fail("a cell is longer than " + std::to_string(options_.max_cell) + " bytes");
  }
  return ok_status();
}

Status Reader::finish() {
  if (error_) return *error_;
  if (!bom_checked_) {
    bom_checked_ = true;
    std::string held;
    held.swap(bom_buf_);
    if (auto s = feed(held); !s) return s;
  }
  if (in_ == In::quoted) return fail("the file ends inside a quoted cell (a closing quote is missing)");
  if (in_ != In::start_of_cell || !row_.empty() || row_started_) return end_row();
  return ok_status();
}

std::vector<Row> Reader::take_rows(std::vector<std::size_t>* lines) {
  if (lines) lines->insert(lines->end(), lines_.begin(), lines_.end());
  lines_.clear();
  std::vector<Row> out;
  out.swap(rows_);
  return out;
}

Result<std::vector<Row>> read(std::string_view text, ReadOptions options) {
  Reader r(options);
  if (auto s = r.feed(text); !s) return s.error();
  if (auto s = r.finish(); !s) return s.error();
  return r.take_rows();
}

}  // namespace runnerup::csv

#include "runnerup/csv.hpp"

#include "utf8.hpp"

namespace runnerup::csv {

namespace {

// Whether `s` starts with `prefix`.
bool starts(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The length of the character a spreadsheet may start a formula with, at the start of `s`:
// = + - @, their full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20), tab, CR, LF; 0 for none.
std::size_t formula_lead(std::string_view s) {
  if (s.empty()) return 0;
  switch (s[0]) {
    case '=': case '+': case '-': case '@': case '\t': case '\r': case '\n': return 1;
    default: break;
  }
  static constexpr std::string_view kFullWidth[] = {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"};
  for (std::string_view lead : kFullWidth)
    if (starts(s, lead)) return lead.size();
  return 0;
}

// The length of the blank character at the start of `s` that a spreadsheet may skip before a
// formula: Unicode white space other than tab, CR and LF (those are leads themselves), and the
// invisible U+200B and U+FEFF; 0 for none.
std::size_t leading_blank(std::string_view s) {
  if (s.empty()) return 0;
  if (s[0] == ' ' || s[0] == '\v' || s[0] == '\f') return 1;
  static constexpr std::string_view kBlanks[] = {
      "\xC2\x85",     "\xC2\xA0",     "\xE1\x9A\x80", "\xE2\x80\xA8", "\xE2\x80\xA9",
      "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80", "\xEF\xBB\xBF"};
  for (std::string_view blank : kBlanks)
    if (starts(s, blank)) return blank.size();
  // U+2000..U+200B: the typographic spaces and the zero-width space.
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xE2 && static_cast<unsigned char>(s[1]) == 0x80 &&
      static_cast<unsigned char>(s[2]) >= 0x80 && static_cast<unsigned char>(s[2]) <= 0x8B)
    return 3;
  return 0;
}

// A formula lead, after any blanks.
bool formula_after_blanks(std::string_view s) {
  while (std::size_t n = leading_blank(s)) s.remove_prefix(n);
  return formula_lead(s) > 0;
}

// A run of `'` (possibly empty), then blanks, then a formula lead.
bool quotes_then_formula(std::string_view cell) {
  std::size_t i = 0;
  while (i < cell.size() && cell[i] == '\'') ++i;
  return formula_after_blanks(cell.substr(i));
}

}  // namespace

bool looks_like_formula(std::string_view cell) { return formula_after_blanks(cell); }

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

#include "json_stream.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <cmath>

namespace runnerup::detail {

namespace json = boost::json;
using boost::system::error_code;

// Builds each record (and each other top-level value) on Boost.JSON's value_stack, as
// json::parse does: an object or array is made once, at its end, from its finished elements.
// Records are allocated from one of two arenas that take turns by feed, rather than one malloc
// and free per string, object and array: a feed's records are made in one arena while the other
// is released and reused, unless it still holds a record being read, records not taken yet, or
// records taken less than two feeds ago; then the feed goes on in the same arena. Outside the
// values it builds, it only follows the document's outline: the root, and the arrays of records
// under its keys.
struct JsonRecordStream::Handler {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = kMaxJsonString;
  static constexpr std::size_t max_string_size = kMaxJsonString;

  // Each arena starts in a buffer of its own, kept for the stream's life, and takes more from
  // the heap only past it (a 1 MiB feed's records take 2-3 MB). It is made anew each time it is
  // reused: a monotonic_resource keeps doubling the size of the blocks it asks for, even after
  // release().
  static constexpr std::size_t kArenaBytes = std::size_t{4} << 20;
  std::unique_ptr<unsigned char[]> buffers[2];
  std::unique_ptr<json::monotonic_resource> arenas[2];
  int arena = 0;          // the arena records begin in
  int record_arena = 0;   // the arena of the record being read, if one is
  std::uint64_t feeds = 0;                 // feeds begun
  std::size_t untaken[2] = {0, 0};         // records of each arena in `out`
  std::uint64_t taken_until[2] = {0, 0};   // the feed at which records taken from it may go
  json::value_stack st;   // after the arenas: a record left half read is dropped before them
  json::object top;
  bool root_array = false;
  bool started = false;
  std::vector<JsonRecord> out;

  std::size_t depth = 0;          // containers open
  std::size_t records_at = 0;     // depth whose elements are records (1: the root array; 2: an
                                  // array under a root key); 0 when not inside one
  std::string records_key;        // the root key of the records' array
  std::size_t count = 0;          // records seen in that array
  std::size_t building = 0;       // 1 + the depth at which the value being built began; 0: none
  bool record = false;            // the value being built is a record (else a top-level value)
  std::string key, key_buf;       // the last root key, and one being assembled

  bool in_use(int a) const {
    return (building && record && record_arena == a) || untaken[a] != 0 || taken_until[a] > feeds;
  }
  void new_feed() {
    ++feeds;
    const int other = 1 - arena;
    if (arenas[arena] && in_use(other)) return;  // its records may still be read
    arenas[other].reset();
    if (!buffers[other]) buffers[other].reset(new unsigned char[kArenaBytes]);
    arenas[other] = std::make_unique<json::monotonic_resource>(buffers[other].get(), kArenaBytes);
    arena = other;
  }
  // After take(): the records it returned live until the second feed from now.
  void taken() {
    for (int a = 0; a < 2; ++a)
      if (untaken[a]) untaken[a] = 0, taken_until[a] = feeds + 2;
  }
  // Starts a value at the current depth, before its first token: a record where records are,
  // else a root key's value (kept in top(), made with the default allocator: it outlives the feed).
  void begin_value() {
    record = records_at != 0 && depth == records_at;
    if (record && !arenas[arena]) new_feed();  // finish() without a feed: nothing to read, but safe
    if (record) record_arena = arena;
    st.reset(record ? json::storage_ptr(arenas[arena].get()) : json::storage_ptr());
    building = depth + 1;
  }
  // After a token: when the value it ends is complete, hands it out.
  void value_done() {
    if (building != depth + 1) return;
    building = 0;
    if (record) {
      out.push_back(JsonRecord{records_key, count++, st.release(), top.size()});
      ++untaken[record_arena];
    } else {
      top[key] = st.release();
    }
  }
  // Before a scalar or a string's first part: whether it is kept (a scalar root is not).
  bool scalar() {
    if (building) return true;
    if (depth == 0) return false;
    begin_value();
    return true;
  }
  void open(bool is_array) {
    if (!building) {
      if (depth == 0) {
        started = true;
        root_array = is_array;
        if (is_array) records_at = 1;
        ++depth;
        return;
      }
      if (depth == 1 && !root_array && is_array) {  // the array value of a root key: records
        records_at = 2;
        records_key = key;
        count = 0;
        ++depth;
        return;
      }
      begin_value();
    }
    ++depth;
  }
  void close(bool is_array, std::size_t n) {
    --depth;
    if (building) {
      if (is_array) st.push_array(n);
      else st.push_object(n);
      value_done();
      return;
    }
    if (records_at == 2 && depth == 1) {  // a root key's array of records: kept empty in top()
      records_at = 0;
      top[key] = json::array();
    }
  }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) { open(true); return true; }
  bool on_array_end(std::size_t n, error_code&) { close(true, n); return true; }
  bool on_object_begin(error_code&) { open(false); return true; }
  bool on_object_end(std::size_t n, error_code&) { close(false, n); return true; }
  bool on_string_part(json::string_view s, std::size_t, error_code&) {
    if (scalar()) st.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, error_code&) {
    if (!scalar()) return true;
    st.push_string(s);
    value_done();
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, error_code&) {
    if (building) st.push_chars(s);
    else key_buf.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, error_code&) {
    if (building) {
      st.push_key(s);
    } else {
      key_buf.append(s.data(), s.size());
      key.swap(key_buf);
      key_buf.clear();
    }
    return true;
  }
  bool on_number_part(json::string_view, error_code&) { return true; }
  bool on_int64(std::int64_t i, json::string_view, error_code&) {
    if (scalar()) st.push_int64(i), value_done();
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, error_code&) {
    if (scalar()) st.push_uint64(u), value_done();
    return true;
  }
  bool on_double(double d, json::string_view, error_code&) {
    // Boost.JSON 1.81 reads a zero with an exponent past 308 ("0e888") as 0 x infinity, NaN; the
    // number is zero. (A NaN is no JSON value: it would neither compare equal to itself nor
    // serialize back to JSON.)
    if (std::isnan(d)) d = 0.0;
    if (scalar()) st.push_double(d), value_done();
    return true;
  }
  bool on_bool(bool b, error_code&) {
    if (scalar()) st.push_bool(b), value_done();
    return true;
  }
  bool on_null(error_code&) {
    if (scalar()) st.push_null(), value_done();
    return true;
  }
  bool on_comment_part(json::string_view, error_code&) { return true; }
  bool on_comment(json::string_view, error_code&) { return true; }
};

JsonRecordStream::JsonRecordStream(std::size_t max_depth) {
  json::parse_options opt;
  opt.max_depth = max_depth;
  parser_ = std::make_unique<json::basic_parser<Handler>>(opt);
}

JsonRecordStream::~JsonRecordStream() = default;

namespace {
bool all_space(const char* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n') return false;
  return true;
}
}  // namespace

bool JsonRecordStream::write(const char* data, std::size_t size, bool more, std::string& error) {
  if (done_) {
    error = "the document was already read to its end";
    return false;
  }
  if (parser_->done()) {  // only white space may follow a complete document
    if (size && !all_space(data, size)) {
      error = "text after the end of the document (after byte " + std::to_string(bytes_) + ")";
      done_ = true;
      return false;
    }
    bytes_ += size;
    return true;
  }
  error_code ec;
  const std::size_t n = parser_->write_some(more, data, size, ec);
  if (ec) {
    const std::uint64_t at = bytes_ + n + 1;
    std::string what = ec.message();
    if (ec == json::error::too_deep) what = "nested too deeply";
    else if (ec == json::error::incomplete) what = "the document is truncated (it ends too early)";
    else if (ec == json::error::string_too_large) what = "a string is longer than 4 MiB";
    else if (ec == json::error::key_too_large) what = "a key is longer than 4 MiB";
    else if (ec == json::error::expected_hex_digit || ec == json::error::illegal_leading_surrogate ||
             ec == json::error::illegal_trailing_surrogate || ec == json::error::expected_utf16_escape)
      // One message: Boost.JSON names a lone surrogate differently when the chunk ends near it.
      what = "not valid JSON: a \\u escape needs four hex digits, and a surrogate its pair";
    else if (ec == json::error::syntax && n < size && static_cast<unsigned char>(data[n]) >= 0x80)
      what = "not valid UTF-8";
    else if (ec == json::error::syntax) what = "not valid JSON";
    error = what + " (at byte " + std::to_string(at) + ")";
    done_ = true;
    return false;
  }
  bytes_ += n;
  if (n < size) {
    if (!all_space(data + n, size - n)) {
      error = "text after the end of the document (at byte " + std::to_string(bytes_ + 1) + ")";
      done_ = true;
      return false;
    }
    bytes_ += size - n;
  }
  return true;
}

// Boost.JSON 1.81's parser overflows its 4 KiB buffer for a string's unescaped text (by up to 3
// bytes, onto the buffer's length) when a write starts inside a UTF-8 sequence or a \u escape of
// a string: it resumes with the sequence's bytes already in the buffer, yet reads as much new text
// as if the buffer were empty. Strings longer than 4 KiB cut across chunks at such a point
// crashed the reader or made it report a string over 4 MiB. So no write to the parser ends inside
// one: the last bytes of a feed that may begin an unfinished sequence, escape or pair of escapes
// (at most 11: "\uD83D\uDE0") are held back and written with the next feed, or at the finish.
namespace {
bool all_hex(const char* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const char c = p[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

// How many bytes at the end of [p, p + n) may start a UTF-8 sequence or a \u escape (or a pair of
// them) that the end cuts. It may say so of bytes that are neither (an escaped backslash, text
// outside a string): holding those back changes nothing but where a write ends.
std::size_t unfinished_tail(const char* p, std::size_t n) {
  const auto byte = [p](std::size_t i) { return static_cast<unsigned char>(p[i]); };
  std::size_t k = 0;  // continuation bytes at the end
  while (k < 3 && k < n && (byte(n - 1 - k) & 0xC0) == 0x80) ++k;
  if (k < n) {
    const unsigned char lead = byte(n - 1 - k);
    const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (length > k + 1) return k + 1;
  }
  for (std::size_t back = 1; back <= 5 && back <= n; ++back) {  // "\" .. "\uXXX"
    const std::size_t at = n - back;
    if (p[at] != '\\') continue;
    if (back > 1 && !(p[at + 1] == 'u' && all_hex(p + at + 2, back - 2))) return 0;
    const bool after_escape = at >= 6 && p[at - 6] == '\\' && p[at - 5] == 'u' && all_hex(p + at - 4, 4);
    return after_escape ? back + 6 : back;  // the second half of a surrogate pair takes the first
  }
  return 0;
}
}  // namespace

bool JsonRecordStream::write_holding_tail(const char* data, std::size_t size, std::string& error) {
  const std::size_t tail = unfinished_tail(data, size);
  held_.assign(data + size - tail, tail);
  return size == tail || write(data, size - tail, true, error);
}

bool JsonRecordStream::feed(const char* data, std::size_t size, std::string& error) {
  if (done_) return write(data, size, true, error);  // says the document was read to its end
  parser_->handler().new_feed();
  if (!held_.empty()) {
    // The held bytes and the first 12 of this feed hold the end of what they began; what may
    // begin anew in those 12 (at most 11 bytes) is written with the rest of the feed.
    const std::size_t k = std::min<std::size_t>(size, 12);
    std::string joined = std::move(held_);
    joined.append(data, k);
    held_.clear();
    if (k == size) return write_holding_tail(joined.data(), joined.size(), error);
    const std::size_t tail = unfinished_tail(joined.data(), joined.size());
    if (!write(joined.data(), joined.size() - tail, true, error)) return false;
    data += k - tail;
    size -= k - tail;
  }
  return write_holding_tail(data, size, error);
}

bool JsonRecordStream::finish(std::string& error) {
  std::string rest;
  rest.swap(held_);
  if ((!parser_->done() || !rest.empty()) && !write(rest.data(), rest.size(), false, error)) return false;
  if (!parser_->done()) {
    error = "the document is truncated (it ends too early, at byte " + std::to_string(bytes_) + ")";
    done_ = true;
    return false;
  }
  done_ = true;
  return true;
}

std::vector<JsonRecord> JsonRecordStream::take() {
  std::vector<JsonRecord> out;
  out.swap(parser_->handler().out);
  parser_->handler().taken();
  return out;
}

const json::object& JsonRecordStream::top() const { return parser_->handler().top; }
bool JsonRecordStream::root_is_array() const { return parser_->handler().root_array; }
bool JsonRecordStream::started() const { return parser_->handler().started; }

}  // namespace runnerup::detail

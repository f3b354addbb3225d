#include "json_stream.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/value_stack.hpp>

namespace runnerup::detail {

namespace json = boost::json;
using boost::system::error_code;

// Builds each record (and each other top-level value) on Boost.JSON's value_stack, as
// json::parse does: an object or array is made once, at its end, from its finished elements.
// Records are allocated from one of two arenas that take turns by feed, rather than one malloc
// and free per string, object and array: a feed's records are made in one arena while the other,
// whose records were taken a feed before, is released and reused (a record still being read
// when a feed begins keeps its arena in use). Outside the values it builds, it only follows the
// document's outline: the root, and the arrays of records under its keys.
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

  void new_feed() {
    const int other = 1 - arena;
    if (building && record && record_arena == other) return;  // a long record still needs it
    arenas[other].reset();
    if (!buffers[other]) buffers[other].reset(new unsigned char[kArenaBytes]);
    arenas[other] = std::make_unique<json::monotonic_resource>(buffers[other].get(), kArenaBytes);
    arena = other;
  }
  // Starts a value at the current depth, before its first token: a record where records are,
  // else a root key's value (kept in top(), made with the default allocator: it outlives the feed).
  void begin_value() {
    record = records_at != 0 && depth == records_at;
    if (record && !arenas[arena]) new_feed();
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

bool JsonRecordStream::feed(const char* data, std::size_t size, std::string& error) {
  parser_->handler().new_feed();
  return write(data, size, true, error);
}

bool JsonRecordStream::finish(std::string& error) {
  if (!parser_->done() && !write(nullptr, 0, false, error)) return false;
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
  return out;
}

const json::object& JsonRecordStream::top() const { return parser_->handler().top; }
bool JsonRecordStream::root_is_array() const { return parser_->handler().root_array; }
bool JsonRecordStream::started() const { return parser_->handler().started; }

}  // namespace runnerup::detail

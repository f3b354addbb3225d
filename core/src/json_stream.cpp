#include "json_stream.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse_options.hpp>

namespace runnerup::detail {

namespace json = boost::json;
using boost::system::error_code;

// Builds values with an explicit stack; elements of record arrays are handed out, not kept.
struct JsonRecordStream::Handler {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = kMaxJsonString;
  static constexpr std::size_t max_string_size = kMaxJsonString;

  struct Frame {
    json::value v;
    std::string key;          // pending key (objects)
    bool records = false;     // an array whose elements are records
    std::string records_key;  // its top-level key
    std::size_t count = 0;
  };
  std::vector<Frame> stack;
  json::object top;
  bool root_array = false;
  bool started = false;
  std::vector<JsonRecord> out;
  std::string buf;   // string or key being assembled
  std::string key;   // the last complete key

  void put(json::value v) {
    if (stack.empty()) return;  // a scalar root: nothing to keep
    Frame& f = stack.back();
    if (f.records) {
      out.push_back(JsonRecord{f.records_key, f.count++, std::move(v), top.size()});
    } else if (json::object* o = f.v.if_object()) {
      (*o)[f.key] = std::move(v);
      if (stack.size() == 1) top[f.key] = (*o)[f.key];  // mirror small top-level values
    } else {
      f.v.as_array().push_back(std::move(v));
    }
  }
  void open(json::value v) {
    Frame f;
    const bool is_array = v.is_array();
    f.v = std::move(v);
    if (stack.empty()) {
      started = true;
      root_array = is_array;
      f.records = is_array;
    } else if (stack.size() == 1 && is_array && stack.back().v.is_object()) {
      f.records = true;  // the array value of a top-level key
      f.records_key = stack.back().key;
    }
    stack.push_back(std::move(f));
  }
  void close() {
    Frame f = std::move(stack.back());
    stack.pop_back();
    if (f.records) f.v = json::array();  // its records are out already
    if (stack.empty()) return;
    if (stack.size() == 1 && stack.back().v.is_object() && f.v.is_object()) {
      // A nested object at the top level: keep it in top(), it is not a record array.
    }
    put(std::move(f.v));
  }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) { open(json::array()); return true; }
  bool on_array_end(std::size_t, error_code&) { close(); return true; }
  bool on_object_begin(error_code&) { open(json::object()); return true; }
  bool on_object_end(std::size_t, error_code&) { close(); return true; }
  bool on_string_part(json::string_view s, std::size_t, error_code&) {
    buf.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t, error_code&) {
    buf.append(s.data(), s.size());
    put(json::string(buf));
    buf.clear();
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, error_code&) {
    buf.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, error_code&) {
    buf.append(s.data(), s.size());
    if (!stack.empty()) stack.back().key = buf;
    buf.clear();
    return true;
  }
  bool on_number_part(json::string_view, error_code&) { return true; }
  bool on_int64(std::int64_t i, json::string_view, error_code&) { put(i); return true; }
  bool on_uint64(std::uint64_t u, json::string_view, error_code&) { put(u); return true; }
  bool on_double(double d, json::string_view, error_code&) { put(d); return true; }
  bool on_bool(bool b, error_code&) { put(b); return true; }
  bool on_null(error_code&) { put(nullptr); return true; }
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

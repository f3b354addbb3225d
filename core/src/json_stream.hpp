// Private: splits a JSON document into records as it streams in, so an export of any size is
// never one tree. Records are the elements of the top-level array, or of any array that is the
// value of a top-level key ({"candidates":[...]}, {"data":[...]}, {"events":[...]}); everything
// else at the top level is kept in `top()` (small: format, version, hasNext, ...).
//
//   JsonRecordStream s(64);                 // max depth
//   s.feed(chunk, ec);                      // any chunking
//   for (auto& r : s.take()) use(r.key, r.index, r.value);
//   s.finish(ec);
#pragma once

#include <boost/json/basic_parser.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace runnerup::detail {

// A record's value is allocated by the stream: it lives until the second feed() after the take()
// that returned it (or the stream's end), and a copy of it (value's copy constructor keeps the
// storage) lives no longer. Decode it, or copy it with json::value(v, {}), before then. Records
// not taken yet are kept, however many feeds pass.
struct JsonRecord {
  std::string key;        // the top-level key of its array, "" for a top-level array
  std::size_t index = 0;  // position in that array
  boost::json::value value;
  std::size_t top_keys_before = 0;  // how many top-level keys (in order) came before it
};

constexpr std::size_t kMaxJsonString = 4u << 20;  // bytes of one string or key

class JsonRecordStream {
 public:
  explicit JsonRecordStream(std::size_t max_depth);
  ~JsonRecordStream();
  JsonRecordStream(const JsonRecordStream&) = delete;
  JsonRecordStream& operator=(const JsonRecordStream&) = delete;

  // false with a message (what and at which byte) when the text is not JSON, too deep, has a
  // string over kMaxJsonString, is not UTF-8, ...
  bool feed(const char* data, std::size_t size, std::string& error);
  bool finish(std::string& error);

  std::vector<JsonRecord> take();
  // Top-level scalars and non-record values seen so far.
  const boost::json::object& top() const;
  // Whether the document's root is an array (known after the first byte of it).
  bool root_is_array() const;
  bool started() const;
  // Bytes fed so far.
  std::uint64_t bytes() const { return bytes_ + held_.size(); }

  struct Handler;

 private:
  bool write(const char* data, std::size_t size, bool more, std::string& error);
  bool write_holding_tail(const char* data, std::size_t size, std::string& error);
  std::unique_ptr<boost::json::basic_parser<Handler>> parser_;
  std::uint64_t bytes_ = 0;  // bytes given to the parser
  std::string held_;         // the end of the last feed, held back (see write_holding_tail)
  bool done_ = false;
};

}  // namespace runnerup::detail

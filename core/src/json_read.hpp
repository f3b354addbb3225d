// Private: reads JSON objects field by field, recording the first error with its JSON Pointer.
//
//   Decoder d;
//   ObjectReader r(d, v, "/candidate", "a candidate");
//   c.name = r.text("name", Need::required);
//   r.finish();                               // refuses fields it was not asked for
//   if (d.failed()) return d.error();
//
// After the first error every read returns a default, so decoders read straight through and
// check once at the end.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runnerup/error.hpp"
#include "runnerup/taxonomy.hpp"
#include "runnerup/time.hpp"

namespace runnerup::detail {

enum class Need { optional, required };
enum class Text { line, multiline };

constexpr std::size_t kMaxLine = 500;        // bytes of a one-line field (name, title, ...)
constexpr std::size_t kMaxNote = 20'000;     // bytes of a note
constexpr std::size_t kMaxItems = 200;       // entries of a list field
constexpr std::size_t kMaxQueryIds = 100'000;  // ids a query may ask for at once
constexpr std::size_t kMaxId = 200;          // bytes of an id

class Decoder {
 public:
  bool failed() const { return error_.has_value(); }
  void fail(ErrorCode code, std::string path, std::string message);
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

// A list of strings as a JSON array (the encoders' shared helper).
boost::json::array string_array(const std::vector<std::string>& v);

// Escapes a JSON Pointer token (RFC 6901).
std::string pointer_token(std::string_view key);

// Why a text cannot be stored, or "" when it can: control characters (but tab and newlines in
// multi-line text) and bidirectional overrides are refused.
std::string_view text_problem(std::string_view s, Text kind);

class ObjectReader {
 public:
  ObjectReader(Decoder& d, const boost::json::value& v, std::string path, std::string_view what);

  bool ok() const { return obj_ != nullptr && !d_.failed(); }
  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const { return path_ + "/" + pointer_token(key); }

  // The raw field, marked as read; null when absent (or JSON null).
  const boost::json::value* get(std::string_view key);

  std::string text(std::string_view key, Need need, Text kind = Text::line,
                   std::size_t max = kMaxLine);
  std::string id(std::string_view key, Need need) { return text(key, need, Text::line, kMaxId); }
  std::vector<std::string> texts(std::string_view key, std::size_t max_len = kMaxLine,
                                 std::size_t max_items = kMaxItems);
  long long integer(std::string_view key, Need need, long long min, long long max,
                    long long fallback = 0);
  Instant instant(std::string_view key, Need need);
  // An optional true or false; absent (or null) is false.
  bool boolean(std::string_view key);

  template <class E>
  E code(std::string_view key, Need need, E fallback) {
    std::string c = text(key, need);
    if (c.empty() || d_.failed()) return fallback;
    if (auto e = from_code<E>(c)) return *e;
    std::string allowed;
    for (const CodeLabel& item : Vocabulary<E>::items) {
      if (!allowed.empty()) allowed += ", ";
      allowed += item.code;
    }
    d_.fail(ErrorCode::invalid_field, path_of(key),
            "\"" + std::string(key) + "\" must be one of " + allowed + " (got \"" + c + "\")");
    return fallback;
  }

  // Refuses any field that was not read.
  void finish();

 private:
  Decoder& d_;
  const boost::json::object* obj_ = nullptr;
  std::string path_;
  // the fields read, by their place in the object: a bit each for the first 64, then a list
  std::uint64_t read_mask_ = 0;
  std::vector<std::size_t> read_more_;
};

}  // namespace runnerup::detail

// Private to the importers: reading foreign JSON field by field, and the small text helpers the
// readers share.
//
//   Src src;
//   const json::object* o = src.object(&record, "/3");
//   std::string name = src.text(at(o, "name"), "/3/name");
//   if (src.problem) refuse(src.problem->field, src.problem->reason);   // the first one wins
//
// Unlike the pool's own decoders (json_read.hpp), these read documents other programs wrote:
// unknown fields are expected and skipped, ids may be numbers, times may be milliseconds.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runnerup/time.hpp"

namespace runnerup::import {

std::string lower(std::string_view s);
std::string trim(std::string_view s);
inline bool has(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }
// Appends `item` unless empty or already there (ignoring ASCII case when asked).
void add_unique(std::vector<std::string>& to, const std::string& item, bool ignore_case = false);

struct Problem {
  std::string field;  // JSON Pointer
  std::string reason;
};

class Src {
 public:
  std::optional<Problem> problem;

  void fail(std::string field, std::string reason);
  const boost::json::object* object(const boost::json::value* v, const std::string& path, bool required = false);
  const boost::json::array* array(const boost::json::value* v, const std::string& path);
  std::string text(const boost::json::value* v, const std::string& path, bool required = false);
  // Strings or whole numbers (Greenhouse ids are numbers).
  std::string id(const boost::json::value* v, const std::string& path, bool required = false);
  bool boolean(const boost::json::value* v, const std::string& path);
  // ISO 8601 text, or (Lever) milliseconds since the epoch.
  std::optional<Instant> instant(const boost::json::value* v, const std::string& path);
};

// What became of a value on its way in, for the record's report line.
struct Changes {
  std::vector<std::string>& changed;   // "spaces at the ends of /3/first_name removed"
  std::vector<std::string>& left_out;  // "/3/location (a bidirectional override, U+202E)"
};

// A one-line text as the ATS wrote it, spaces at the ends removed (and said). A text the pool
// cannot store (control characters, bidirectional overrides: text that can disguise what it
// says) is left out, and said, unless `required`, when it refuses the record through `src`.
std::string kept_line(Src& src, const boost::json::value* v, const std::string& path, Changes how,
                      bool required = false);
// The same for a multi-line text (a note): kept exactly, or left out.
std::string kept_text(Src& src, const boost::json::value* v, const std::string& path, Changes how);

inline const boost::json::value* at(const boost::json::object* o, std::string_view key) {
  return o ? o->if_contains(key) : nullptr;
}

}  // namespace runnerup::import

// Errors as values.
//
//   Result<Candidate> r = parse_candidate(json, "/candidate");
//   if (!r) return r.error();            // {code, message, path}
//   use(r.value());
//
// Every fallible core function returns a Result; nothing in the core throws across its API.
// `path` is a JSON Pointer into the input that was refused ("/outcome/reason/code"), empty when
// the error is not about one field.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace runnerup {

enum class ErrorCode {
  malformed_json,       // the text is not JSON, or not the document expected
  invalid_field,        // a field has the wrong type, format or range
  missing_field,        // a required field is absent or empty
  unknown_field,        // a field this version does not know
  unknown_type,         // an unknown command, event or query type
  unknown_reason,       // a reason code outside the shipped taxonomy
  note_required,        // the reason "other" needs a note
  not_found,            // a referenced candidate or requisition does not exist
  conflict,             // the action contradicts the pool (rank taken, ...)
  blocked,              // outreach to a person who must not be contacted
  erased,               // the person's data was erased: nothing more is recorded about them
  unsupported_version,  // a document of a format version this build cannot read
};

// The stable, snake_case name of a code ("invalid_field"); JS sees exactly this string.
std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string path;     // JSON Pointer of the refused field, "" when about no one field
  std::string message;  // a sentence for a person: what is wrong and, where it helps, what would do
};

struct Unit {};

// A value or an Error (after absl::StatusOr).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT
  explicit operator bool() const { return v_.index() == 0; }
  bool ok() const { return v_.index() == 0; }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

}  // namespace runnerup

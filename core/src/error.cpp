#include "runnerup/error.hpp"

namespace runnerup {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::malformed_json: return "malformed_json";
    case ErrorCode::invalid_field: return "invalid_field";
    case ErrorCode::missing_field: return "missing_field";
    case ErrorCode::unknown_field: return "unknown_field";
    case ErrorCode::unknown_type: return "unknown_type";
    case ErrorCode::unknown_reason: return "unknown_reason";
    case ErrorCode::note_required: return "note_required";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::blocked: return "blocked";
    case ErrorCode::erased: return "erased";
    case ErrorCode::unsupported_version: return "unsupported_version";
  }
  return "unknown";
}

}  // namespace runnerup

#include "utf8.hpp"

namespace runnerup::detail {

std::size_t invalid_utf8_at(std::string_view s) {
  const auto* const begin = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = begin + s.size();
  for (const unsigned char* p = begin; p < end;) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    const unsigned char* at = p;
    if (decode_utf8<Utf8::strict>(p, end) == kNotUtf8) return static_cast<std::size_t>(at - begin);
  }
  return std::string_view::npos;
}

}  // namespace runnerup::detail

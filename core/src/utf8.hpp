// Private: UTF-8 checks shared by the formats.
#pragma once

#include <cstddef>
#include <string_view>

namespace runnerup::detail {

// The byte offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no
// overlongs, no surrogates, nothing above U+10FFFF), or npos when all of `s` is well formed.
std::size_t invalid_utf8_at(std::string_view s);

// The length of the UTF-8 sequence a lead byte starts (1 for ASCII and for stray bytes).
inline std::size_t utf8_length(unsigned char lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

}  // namespace runnerup::detail

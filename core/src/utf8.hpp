// Private: the one UTF-8 decoder, and the checks the formats build on it.
//
//   const unsigned char* p = ...;
//   char32_t cp = decode_utf8<Utf8::strict>(p, end);    // kNotUtf8 at a malformed sequence
//   char32_t cp = decode_utf8<Utf8::lenient>(p, end);   // U+FFFD there instead
//
// Well formed means RFC 3629: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
// U+10FFFF, no sequence cut short. A malformed sequence is passed one byte at a time, so a
// lenient reader shows one U+FFFD per byte it could not read and never skips a good character.
#pragma once

#include <cstddef>
#include <string_view>

namespace runnerup::detail {

enum class Utf8 { strict, lenient };
constexpr char32_t kNotUtf8 = 0xFFFFFFFF;
constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes the code point at p (p < end) and moves p past it.
template <Utf8 mode>
inline char32_t decode_utf8(const unsigned char*& p, const unsigned char* end) {
  constexpr char32_t kBad = mode == Utf8::strict ? kNotUtf8 : kReplacementCharacter;
  const unsigned b0 = *p;
  if (b0 < 0x80) return ++p, b0;
  std::ptrdiff_t len;
  char32_t cp;
  unsigned lo = 0x80, hi = 0xBF;  // the second byte's range (narrower after E0, ED, F0, F4)
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    else if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    else if (b0 == 0xF4) hi = 0x8F;
  } else {
    return ++p, kBad;
  }
  if (end - p < len || p[1] < lo || p[1] > hi) return ++p, kBad;
  cp = (cp << 6) | (p[1] & 0x3F);
  for (std::ptrdiff_t k = 2; k < len; ++k) {
    if ((p[k] & 0xC0) != 0x80) return ++p, kBad;
    cp = (cp << 6) | (p[k] & 0x3F);
  }
  p += len;
  return cp;
}

// The byte offset of the first byte that is not part of well-formed UTF-8, or npos when all of
// `s` is well formed.
std::size_t invalid_utf8_at(std::string_view s);

}  // namespace runnerup::detail

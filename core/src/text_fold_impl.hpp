// The folding and tokenizing machinery behind runnerup/text_fold.hpp, for the search index's
// build (core/src/pool_index.cpp), which folds and splits a whole pool's text in one pass.
// Private to the core.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "runnerup/text_fold.hpp"
#include "utf8.hpp"

namespace runnerup::detail {

// The loops below run over every name, title, skill and note of the pool when the search index
// is built (50 MB of text at 100,000 people). The module is built for size (-Os), which does not
// inline std::string::push_back or string_view::operator[]: so they read and write through raw
// pointers, and the output is sized once.

// Folding and tokenizing decode with the core's one UTF-8 decoder (utf8.hpp), in its lenient
// mode: U+FFFD for a byte it cannot read, so search reads any text and never fails.
inline char32_t decode_lenient(const unsigned char*& p, const unsigned char* end) {
  return decode_utf8<Utf8::lenient>(p, end);
}

// Writes the UTF-8 of cp at w (room for four bytes); returns the end.
inline char* put_utf8(char* w, char32_t cp) {
  if (cp < 0x80) {
    *w++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *w++ = static_cast<char>(0xC0 | (cp >> 6));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *w++ = static_cast<char>(0xE0 | (cp >> 12));
    *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *w++ = static_cast<char>(0xF0 | (cp >> 18));
    *w++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return w;
}

inline bool is_combining(char32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
         (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F) ||
         // Devanagari and other Indic signs and vowel marks are part of the word, not separators;
         // they are kept (not combining in the sense of a removable accent).
         false;
}

inline bool is_ideographic(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) ||   // hiragana, katakana
         (cp >= 0x3400 && cp <= 0x4DBF) ||   // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||   // CJK unified ideographs
         (cp >= 0xAC00 && cp <= 0xD7AF) ||   // hangul syllables
         (cp >= 0xF900 && cp <= 0xFAFF) ||   // CJK compatibility
         (cp >= 0x20000 && cp <= 0x2FA1F);   // CJK extensions B..
}

inline bool is_separator(char32_t cp) {
  if (cp < 0x80) return !((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'));
  return (cp >= 0x2000 && cp <= 0x206F) ||  // general punctuation, spaces, bidi controls
         (cp >= 0x3000 && cp <= 0x303F) ||  // CJK punctuation
         (cp >= 0xFF00 && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
         cp == 0x00A0 || cp == 0x00AB || cp == 0x00BB || cp == 0x00B7 || cp == 0x00D7 || cp == 0x00F7 ||
         (cp >= 0x00A1 && cp <= 0x00BF) || cp == 0xFFFD || cp == 0xFEFF ||
         (cp >= 0x1F000 && cp <= 0x1FAFF) ||  // emoji and symbols
         (cp >= 0x2190 && cp <= 0x2BFF) ||    // arrows, symbols, shapes
         (cp >= 0xFE00 && cp <= 0xFE0F) ||    // variation selectors
         cp == 0x200D;                        // zero-width joiner
}

// The fold of one code point from the generated table (its UTF-8), or null when it folds to
// itself.
const char* folded_form(char32_t cp);

// Writes the fold of `s` at w, which has room for three bytes per byte of `s` (a stray byte
// becomes U+FFFD; no entry of the fold table is more than twice its source:
// tests/core/rediscovery_test.cpp checks the table). Returns the end.
char* fold_to(std::string_view s, char* w);

// Appends the fold of `s` to `out`.
void fold_into(std::string_view s, std::string& out);

// A token's hash, eight bytes at a time (ten million tokens in a 100k pool: a byte-at-a-time
// hash is a chain of multiplies through every byte of the pool's text). It reads up to seven
// bytes past the token's end, masked off: for_each_token leaves that slack in its buffer.
__attribute__((always_inline)) inline std::uint32_t token_hash(const char* p, std::size_t n) {
  std::uint64_t h = (n + 1) * 0x9E3779B97F4A7C15ull;
  for (;; p += 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    if (n < 8) {
      if (n > 0) h = (h ^ (v & (~0ull >> (8 * (8 - n))))) * 0xBF58476D1CE4E5B9ull;
      break;
    }
    h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    n -= 8;
  }
  return static_cast<std::uint32_t>(h >> 32);
}

// ASCII in one table lookup: a letter or digit maps to its folded byte, anything else to 0 (a
// separator).
struct AsciiWord {
  unsigned char folded[128] = {};
  constexpr AsciiWord() {
    for (int c = 'a'; c <= 'z'; ++c) folded[c] = static_cast<unsigned char>(c);
    for (int c = 'A'; c <= 'Z'; ++c) folded[c] = static_cast<unsigned char>(c - 'A' + 'a');
    for (int c = '0'; c <= '9'; ++c) folded[c] = static_cast<unsigned char>(c);
  }
};
inline constexpr AsciiWord kAsciiWord{};

// Where for_each_token stands: the next input byte, the end of the folded output and the start
// of the word being read (offsets into the output).
struct TokenCursor {
  const unsigned char* p;
  std::size_t w, word;
};

// Emits the word that ends at c.w, if any, and starts the next one there.
template <class Emit>
__attribute__((always_inline)) inline void end_word(TokenCursor& c, char* out, Emit& emit) {
  if (c.w > c.word) emit(std::string_view(out + c.word, c.w - c.word), token_hash(out + c.word, c.w - c.word));
  c.word = c.w;
}

// One code point of folded text: a word byte, a separator or an ideograph.
template <class Emit>
inline void folded_code_point(char32_t cp, TokenCursor& c, char* out, Emit& emit) {
  if (cp < 0x80) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) out[c.w++] = static_cast<char>(cp);
    else end_word(c, out, emit);
    return;
  }
  const bool separator = is_separator(cp);
  const bool ideograph = !separator && is_ideographic(cp);
  if (separator || ideograph) end_word(c, out, emit);
  if (separator) return;
  c.w = static_cast<std::size_t>(put_utf8(out + c.w, cp) - out);
  if (ideograph) end_word(c, out, emit);
}

// The non-ASCII code point at c.p: decoded, folded (fold_to) and split. Out of line, and taking
// the cursor by value, so that the ASCII loop keeps its cursor in registers.
template <class Emit>
inline TokenCursor non_ascii_step(TokenCursor c, const unsigned char* end, char* out, Emit& emit) {
  const char32_t cp = decode_lenient(c.p, end);
  if (is_combining(cp)) return c;
  const char* const folded = folded_form(cp);
  if (!folded) {
    folded_code_point(cp, c, out, emit);
    return c;
  }
  auto f = reinterpret_cast<const unsigned char*>(folded);
  const auto f_end = f + std::strlen(folded);
  while (f < f_end) folded_code_point(decode_lenient(f, f_end), c, out, emit);
  return c;
}

// Calls emit(std::string_view token, std::uint32_t hash) for each search token of `utf8` (hash:
// token_hash): the tokens of its fold (fold_text), split at separators, each ideograph a token of
// its own. It folds and splits in one pass, writing the folded words into `scratch` (reused
// across calls and only grown, so tokenizing a whole pool allocates next to nothing). The views
// live until the next call.
template <class Emit>
inline void for_each_token(std::string_view utf8, std::string& scratch, Emit&& emit) {
  // three bytes out per byte in at most (fold_to), and token_hash's slack
  if (scratch.size() < utf8.size() * 3 + 8) scratch.resize(utf8.size() * 3 + 8);
  char* const out = &scratch[0];
  TokenCursor c{reinterpret_cast<const unsigned char*>(utf8.data()), 0, 0};
  const auto end = c.p + utf8.size();
  while (c.p < end) {
    if (*c.p >= 0x80) {
      c = non_ascii_step(c, end, out, emit);
      continue;
    }
    // ASCII, most of a pool's text: one table lookup a byte
    const unsigned char f = kAsciiWord.folded[*c.p++];
    if (f) out[c.w++] = static_cast<char>(f);
    else end_word(c, out, emit);
  }
  end_word(c, out, emit);
}

}  // namespace runnerup::detail

// The one UTF-8 decoder (core/src/utf8.hpp): strict for what is stored and imported, lenient for
// text that is only looked at (search folding), both by RFC 3629.
#include "utf8.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace runnerup::detail {
namespace {

template <Utf8 mode>
std::vector<char32_t> decode_all(const std::string& s) {
  std::vector<char32_t> out;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) out.push_back(decode_utf8<mode>(p, end));
  return out;
}

TEST(Utf8, WellFormedTextDecodesToItsCodePoints) {
  const std::string text = "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x91\xA9\xF4\x8F\xBF\xBF";  // A é € 👩 U+10FFFF
  const std::vector<char32_t> expected = {U'A', 0xE9, 0x20AC, 0x1F469, 0x10FFFF};
  EXPECT_EQ(decode_all<Utf8::strict>(text), expected);
  EXPECT_EQ(decode_all<Utf8::lenient>(text), expected);
  EXPECT_EQ(invalid_utf8_at(text), std::string::npos);
  EXPECT_EQ(invalid_utf8_at(""), std::string::npos);
}

// Each malformed sequence is refused by the strict decoder at its first byte, and read by the
// lenient one as one U+FFFD per byte it cannot place, never swallowing the character after it.
TEST(Utf8, MalformedSequencesAreRefusedOrReplacedByteByByte) {
  struct Case {
    const char* what;
    std::string bytes;
    std::size_t replaced;  // U+FFFD the lenient decoder gives before the final "x"
  };
  const std::vector<Case> cases = {
      {"a stray continuation byte", "\x80", 1},
      {"an overlong two-byte form", "\xC0\xAF", 2},
      {"an overlong three-byte form", "\xE0\x80\xAF", 3},
      {"an overlong four-byte form", "\xF0\x80\x80\xAF", 4},
      {"a surrogate", "\xED\xA0\x80", 3},
      {"a code point above U+10FFFF", "\xF4\x90\x80\x80", 4},
      {"a byte that is never UTF-8", "\xFF", 1},
      {"a sequence cut short by ASCII", "\xE2\x82", 2},
  };
  for (const Case& c : cases) {
    const std::string s = "ok" + c.bytes + "x";
    EXPECT_EQ(invalid_utf8_at(s), 2u) << c.what;
    const auto strict = decode_all<Utf8::strict>(s);
    ASSERT_GE(strict.size(), 3u) << c.what;
    EXPECT_EQ(strict[2], kNotUtf8) << c.what;
    const auto lenient = decode_all<Utf8::lenient>(s);
    std::vector<char32_t> expected = {U'o', U'k'};
    expected.insert(expected.end(), c.replaced, kReplacementCharacter);
    expected.push_back(U'x');
    EXPECT_EQ(lenient, expected) << c.what;
  }
  // cut short by the end of the text
  EXPECT_EQ(invalid_utf8_at("ab\xF0\x9F\x91"), 2u);
  EXPECT_EQ(decode_all<Utf8::lenient>("\xF0\x9F\x91").size(), 3u);
}

}  // namespace
}  // namespace runnerup::detail

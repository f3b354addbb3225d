#include "runnerup/error.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <iterator>
#include <set>
#include <string_view>
#include <utility>

namespace runnerup {
namespace {

// Lower-case words joined by single underscores ("invalid_field").
bool snake_case(std::string_view name) {
  if (name.empty() || name.front() == '_' || name.back() == '_') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '_' ? name[i - 1] == '_' : (c < 'a' || c > 'z')) return false;
  }
  return true;
}

// The names JS, the CLI and the widget's catalogues (web/src/i18n/*.js) see: a contract, so each
// is written out here. tests/web/error-messages.test.js checks each has an English and a German
// sentence.
constexpr std::pair<ErrorCode, std::string_view> kNames[] = {
    {ErrorCode::malformed_json, "malformed_json"},
    {ErrorCode::invalid_field, "invalid_field"},
    {ErrorCode::missing_field, "missing_field"},
    {ErrorCode::unknown_field, "unknown_field"},
    {ErrorCode::unknown_type, "unknown_type"},
    {ErrorCode::unknown_reason, "unknown_reason"},
    {ErrorCode::note_required, "note_required"},
    {ErrorCode::not_found, "not_found"},
    {ErrorCode::conflict, "conflict"},
    {ErrorCode::blocked, "blocked"},
    {ErrorCode::erased, "erased"},
    {ErrorCode::unsupported_version, "unsupported_version"},
};

TEST(Error, EveryCodeHasItsStableName) {
  for (const auto& [code, name] : kNames) EXPECT_EQ(to_string(code), name);
}

TEST(Error, NoCodeIsLeftOutAndEveryNameIsDistinctSnakeCase) {
  // The codes are numbered from 0 without gaps, and to_string's switch names every one of them
  // (-Wswitch, an error in CI): the first number past the last code has no name.
  std::set<std::string_view> seen;
  std::size_t codes = 0;
  for (; codes < 1000; ++codes) {
    const std::string_view name = to_string(static_cast<ErrorCode>(codes));
    if (name == "unknown") break;
    EXPECT_TRUE(seen.insert(name).second) << name << " names two codes";
    EXPECT_TRUE(snake_case(name)) << name;
  }
  EXPECT_EQ(codes, std::size(kNames)) << "a code is missing from kNames (and perhaps from the catalogues)";
}

TEST(Error, ResultHoldsEitherAValueOrAnError) {
  Result<int> good = 7;
  ASSERT_TRUE(good);
  EXPECT_EQ(good.value(), 7);
  Result<int> bad = Error{ErrorCode::conflict, "/outcome/rank", "rank taken"};
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::conflict);
  EXPECT_EQ(bad.error().path, "/outcome/rank");
  EXPECT_EQ(bad.error().message, "rank taken");
}

}  // namespace
}  // namespace runnerup

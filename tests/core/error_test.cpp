#include "runnerup/error.hpp"

#include <gtest/gtest.h>

namespace runnerup {
namespace {

TEST(Error, CodesHaveStableSnakeCaseNames) {
  EXPECT_EQ(to_string(ErrorCode::malformed_json), "malformed_json");
  EXPECT_EQ(to_string(ErrorCode::unknown_reason), "unknown_reason");
  EXPECT_EQ(to_string(ErrorCode::note_required), "note_required");
  EXPECT_EQ(to_string(ErrorCode::unsupported_version), "unsupported_version");
}

TEST(Error, ResultHoldsEitherAValueOrAnError) {
  Result<int> good = 7;
  ASSERT_TRUE(good);
  EXPECT_EQ(good.value(), 7);
  Result<int> bad = Error{ErrorCode::conflict, "/outcome/rank", "rank taken"};
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "/outcome/rank");
}

}  // namespace
}  // namespace runnerup

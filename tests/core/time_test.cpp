#include "runnerup/time.hpp"

#include <gtest/gtest.h>

namespace runnerup {
namespace {

TEST(Time, InstantsRoundTripCanonically) {
  EXPECT_EQ(format_instant(*parse_instant("2026-11-22T10:00:00Z")), "2026-11-22T10:00:00Z");
  EXPECT_EQ(format_instant(*parse_instant("2026-11-22T10:00:00.123Z")), "2026-11-22T10:00:00.123Z");
  EXPECT_EQ(format_instant(*parse_instant("2026-11-22T10:00:00.000Z")), "2026-11-22T10:00:00Z");
  EXPECT_EQ(format_instant(0), "1970-01-01T00:00:00Z");
}

TEST(Time, OffsetsAreNormalisedToUtc) {
  EXPECT_EQ(format_instant(*parse_instant("2026-11-22T11:30:00+01:30")), "2026-11-22T10:00:00Z");
  EXPECT_EQ(format_instant(*parse_instant("2026-12-31T23:00:00-02:00")), "2027-01-01T01:00:00Z");
}

TEST(Time, MalformedInstantsAreRefused) {
  for (const char* bad : {"", "2026-11-22", "2026-11-22T10:00:00", "2026-13-01T00:00:00Z",
                          "2026-02-29T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T10:00:00Zjunk",
                          "2026-11-22 10:00:00Z", "２026-11-22T10:00:00Z"})
    EXPECT_FALSE(parse_instant(bad)) << bad;
  EXPECT_TRUE(parse_instant("2028-02-29T00:00:00Z"));
}

TEST(Time, MonthArithmeticClampsToMonthEnds) {
  EXPECT_EQ(format_date(add_months(*parse_date("2026-01-31"), 1)), "2026-02-28");
  EXPECT_EQ(format_date(add_months(*parse_date("2028-01-31"), 1)), "2028-02-29");
  EXPECT_EQ(format_date(add_months(*parse_date("2026-08-31"), 6)), "2027-02-28");
  EXPECT_EQ(format_date(add_months(*parse_date("2026-03-15"), -3)), "2025-12-15");
}

TEST(Time, WeekdaysStartOnMonday) {
  EXPECT_EQ(weekday(*parse_date("2026-11-23")), 0);  // a Monday
  EXPECT_EQ(weekday(*parse_date("2026-11-22")), 6);  // a Sunday
  EXPECT_EQ(weekday(*parse_date("1969-12-31")), 2);  // a Wednesday, before the epoch
}

}  // namespace
}  // namespace runnerup

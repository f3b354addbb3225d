// UTC instants and calendar dates, without the C library's time zone state.
//
//   Instant t = *parse_instant("2026-11-22T10:00:00Z");   // ms since 1970-01-01T00:00:00Z
//   format_instant(t) == "2026-11-22T10:00:00Z";           // milliseconds only when non-zero
//   Date d = *parse_date("2026-02-28");  add_months(d, 1) == *parse_date("2026-03-28")
//
// Parsing accepts `Z` or a numeric offset (`+01:00`) and normalises to UTC; formatting is
// canonical, so a document round-trips exactly after its first import.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace runnerup {

using Instant = std::int64_t;  // milliseconds since the Unix epoch, UTC
using Date = std::int32_t;     // days since 1970-01-01

constexpr Instant kMsPerDay = 86'400'000;

std::optional<Instant> parse_instant(std::string_view text);
std::string format_instant(Instant t);

std::optional<Date> parse_date(std::string_view text);  // "YYYY-MM-DD"
std::string format_date(Date d);

Date days_from_civil(int y, unsigned m, unsigned d);
void civil_from_days(Date z, int& y, unsigned& m, unsigned& d);
inline Date date_of(Instant t) { return static_cast<Date>((t >= 0 ? t : t - kMsPerDay + 1) / kMsPerDay); }
inline Instant start_of(Date d) { return static_cast<Instant>(d) * kMsPerDay; }

// Calendar arithmetic: month ends clamp (Jan 31 + 1 month = Feb 28/29).
Date add_months(Date d, int months);
// 0 = Monday .. 6 = Sunday.
int weekday(Date d);

}  // namespace runnerup

// What the search index's build, its ranking and its search share: the score's weights, the
// packed row and the ranking context. Private to the core (core/src/pool_index.cpp builds the
// index, ranking.cpp scores a row, search.cpp filters and orders).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "interner.hpp"
#include "runnerup/rediscovery.hpp"
#include "text_fold_impl.hpp"

namespace runnerup {

namespace detail {

constexpr double kWeightSkills = 35, kWeightStage = 10, kWeightScores = 15, kWeightFit = 15, kWeightReason = 5,
                 kWeightRecency = 10, kWeightLocation = 5, kWeightEmployment = 5;
constexpr std::uint8_t kNoScore = 255;
constexpr Date kNoDate = std::numeric_limits<Date>::max();

// kNotAFit: every one of the person's outcomes says "not a fit".
enum Flag : std::uint8_t { kContract = 1, kPartTime = 2, kFutureRoles = 4, kPartTimeNow = 8, kNotAFit = 16 };
// gate_ holds the flags in its low four bits, feedback owed and not a fit above them (blocked
// people are left out by starting from open_rows_).
constexpr std::uint8_t kGateFeedbackOwed = 16, kGateNotAFit = 32;
enum Blocked : std::uint8_t { kNotBlocked, kDoNotContact, kConsentWithdrawn, kRetentionEnded };

inline std::uint16_t pack_country(std::string_view c) {
  return c.size() == 2 ? static_cast<std::uint16_t>((static_cast<unsigned char>(c[0]) << 8) | static_cast<unsigned char>(c[1])) : 0;
}

inline double fit_value(FutureFit f) {
  switch (f) {
    case FutureFit::strong: return 1.0;
    case FutureFit::qualified: return 0.6;
    case FutureFit::unknown: return 0.4;
    case FutureFit::not_a_fit: return 0.0;
  }
  return 0.4;
}

inline bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}


// A city as one number: the FNV-1a hash of its fold, folded into `scratch` (reused across rows).
inline std::uint32_t city_hash_of(std::string_view city, std::string& scratch) {
  if (city.empty()) return 0;
  if (scratch.size() < city.size() * 3) scratch.resize(city.size() * 3);
  const char* const end = fold_to(city, &scratch[0]);
  std::uint32_t h = kFnvBasis;
  for (const char* p = scratch.data(); p < end; ++p) h = (h ^ static_cast<unsigned char>(*p)) * kFnvPrime;
  return h == 0 ? 1 : h;  // 0 means no city
}

inline std::uint32_t city_hash_of(std::string_view city) {
  std::string scratch;
  return city_hash_of(city, scratch);
}


}  // namespace detail

// The columns a query's filter pass reads, packed (28 bytes a row); the wider, colder values
// (decision and contact times) live in their own columns.
struct PoolIndex::Row {
  float static_score = 0;  // the factors that do not depend on the requisition, weighted
  std::uint32_t skills_begin = 0;
  std::uint32_t city_hash = 0;
  Date next_follow_up = detail::kNoDate;
  std::uint16_t country = 0;
  std::uint16_t skills_count = 0;
  std::uint8_t stage = 0, initiator = 0, reason = 255, score = detail::kNoScore, flags = 0, blocked = detail::kNotBlocked;
  bool reason_not_about = false, feedback_owed = false;
};

struct PoolIndex::RankContext {
  const Requisition* requisition = nullptr;
  // Per skill id of the index: 2 required, 1 nice to have, 0 neither (a dense table over the
  // vocabulary: one load per skill of a row, no search).
  std::vector<std::uint8_t> skill_weight;
  double denominator = 0;  // 2 * required + nice, all of them
  std::uint16_t country = 0;
  std::uint32_t city_hash = 0;
  bool has_city = false;
};

namespace detail {

// Location against the requisition: no place required, the same city, the same country.
template <class Ctx>
inline double location_value(std::uint16_t country, std::uint32_t city_hash, const Ctx& ctx) {
  if (!ctx.has_city && ctx.country == 0) return 1;
  if (ctx.has_city && city_hash == ctx.city_hash && (ctx.country == 0 || ctx.country == country)) return 1;
  if (ctx.country != 0 && ctx.country == country) return 0.6;
  return 0;
}

// Employment type against the person's flags.
inline double employment_value(std::uint8_t flags, const Requisition* requisition) {
  if (!requisition) return 1;
  switch (requisition->employment_type) {
    case EmploymentType::contract:
    case EmploymentType::temporary: return (flags & kContract) ? 1 : 0;
    case EmploymentType::part_time: return (flags & kPartTimeNow) ? 1 : (flags & kPartTime) ? 0.5 : 0;
    case EmploymentType::full_time: return 1;
  }
  return 1;
}

}  // namespace detail

}  // namespace runnerup

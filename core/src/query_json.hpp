// The JSON projections of the queries, for the dispatcher (query_dispatch.cpp) and the search
// answer (query_search.cpp). Private to the core; run_query() in runnerup/query.hpp is the way in.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <optional>
#include <string>

#include "json_read.hpp"
#include "runnerup/error.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"

namespace runnerup::detail {

// Pieces every answer about people uses.
boost::json::value requisition_ref(const Requisition* q);
boost::json::value instant_or_null(Instant t);
boost::json::value flags_json(const State& s, const std::string& candidate_id);
boost::json::value reason_json(const Outcome& o);
boost::json::value retention_entry(const State& s, const std::string& id, Date today);
// Each policy a recruiter can choose for the person and what choosing it would do (the candidate query's "retentionOptions").
boost::json::value retention_options_json(const State& s, const std::string& id, Date today);

// "today" of a query document, required; an error naming /today when it is not a date.
Result<Date> today_of(ObjectReader& r, Decoder& d);

// The answers, one per query type.
// Which of the pool's entries a listing shows.
inline constexpr std::uint8_t kAnyOutcome = 0xFF;
struct PoolFilter {
  std::string requisition_id;                // of this requisition only, when set
  std::uint8_t outcome_kinds = kAnyOutcome;  // a bit per OutcomeKind: 1 << kind
  bool include_not_a_fit = true;             // false: leave out the outcomes whose future fit is not a fit
  std::size_t limit = static_cast<std::size_t>(-1);
};
// The bit of an outcome kind in PoolFilter::outcome_kinds.
std::uint8_t outcome_bit(OutcomeKind kind);
// An array of outcome codes at `key` as bits (kAnyOutcome when absent or empty); `hired` and
// unknown codes are refused, naming their place.
std::uint8_t read_outcome_kinds(ObjectReader& r, Decoder& d, std::string_view key);

// The pool's entries that pass the filter, the first `limit` of them in full, each with its
// outcome and whether the person was hired elsewhere; `total` counts every match, `leftOut`
// the entries of the scope (all, or the requisition) that the outcome and not-a-fit filters
// left out. A 100k pool's table asks for a page, not for all.
boost::json::value pool_json(const Pool& pool, std::optional<Date> today, const PoolFilter& filter);
Result<boost::json::value> candidate_json(const Pool& pool, const std::string& id, std::optional<Date> today);
boost::json::value next_in_line_json(const State& s, const std::string& requisition_id, Date today);
boost::json::value feedback_owed_json(const State& s, Date today);
boost::json::value follow_ups_json(const State& s, Date today);
boost::json::value insights_json(const State& s, Date today);
boost::json::value retention_json(const State& s, Date today, int within_days);
boost::json::value audit_json(const State& s);
Result<boost::json::value> access_export_json(const Pool& pool, const std::string& id, Date today);
boost::json::value last_action_json(const Pool& pool, const std::string& actor);
// The "candidates" query, read from `r` (after its "type").
Result<boost::json::value> candidates_json(const Pool& pool, ObjectReader& r, Decoder& d);

// The "search" query, read from `r` (after its "type" and "today"). Returns the page as text in
// *text when it is a row page without factors (and then an empty value); otherwise the page as
// a JSON value.
Result<boost::json::value> search_json(const Pool& pool, ObjectReader& r, Decoder& d, Date today,
                                       std::string* text = nullptr);

}  // namespace runnerup::detail

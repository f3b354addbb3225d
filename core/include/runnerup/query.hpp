// Queries: pure functions of a pool.
//
//   for (const PoolEntry& e : pool_entries(pool.state())) show(*e.candidate, *e.outcome);
//   Result<boost::json::value> r = run_query(pool, R"({"type":"pool"})"_json);
//
// Query documents are what the wasm boundary accepts (docs/BOUNDARY.md): taxonomy, pool,
// candidate, candidates, requisitions.
#pragma once

#include <boost/json/value.hpp>

#include <string_view>
#include <vector>

#include "runnerup/error.hpp"
#include "runnerup/pool.hpp"

namespace runnerup {

// The runner-up pool: one entry per person whose latest outcome is runner-up, withdrew or
// offer declined, ordered by requisition id, then rank (unranked last), then name.
struct PoolEntry {
  const Candidate* candidate;
  const Outcome* outcome;
  const Requisition* requisition;  // null when the requisition is not (yet) known
};
std::vector<PoolEntry> pool_entries(const State& state);

// Whether an outcome keeps the person in the pool.
bool keeps_in_pool(OutcomeKind kind);

boost::json::value taxonomy_json();
Result<boost::json::value> run_query(const Pool& pool, const boost::json::value& query);

}  // namespace runnerup

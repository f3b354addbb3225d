// Queries: pure functions of a pool.
//
//   for (const PoolEntry& e : pool_entries(pool.state())) show(*e.candidate, *e.outcome);
//   Result<boost::json::value> r = run_query(pool, R"({"type":"pool"})"_json);
//
// Query documents are what the wasm boundary accepts (docs/BOUNDARY.md has each one's shape):
// taxonomy, pool, candidate, candidates, requisitions, search, nextInLine, feedbackOwed,
// feedbackDraft (runnerup/feedback_draft.hpp), followUps, insights, retention, accessExport, settings, audit, events, eventsAbout,
// lastAction (one table in core/src/query_dispatch.cpp; the answers in query_json.cpp and
// query_search.cpp); the rules' own answers nextRank, limits, today, erasureDue and erased
// (runnerup/rules.hpp); and batch, several of these in one crossing.
#pragma once

#include <boost/json/value.hpp>

#include <string_view>
#include <vector>

#include "runnerup/error.hpp"
#include "runnerup/pool.hpp"

namespace runnerup {

// The pool: everyone the ATS did not hire, at any stage. One entry per (person, requisition)
// outcome that is not `hired` (runner-up, rejected, withdrew, offer declined), of the people
// not erased; a person rejected on one requisition and a runner-up on another has two entries.
// Ordered by requisition id, then rank (unranked last), then name, then id.
struct PoolEntry {
  const Candidate* candidate;
  const Outcome* outcome;
  const Requisition* requisition;  // null when the requisition is not (yet) known
  bool hired_elsewhere = false;    // the person was hired on another requisition
};
std::vector<PoolEntry> pool_entries(const State& state);

// Which of a person's pool outcomes search and ranking show them by (their primary outcome): a
// ranked runner-up over a strong future fit over the latest decision (then the requisition
// id). True when `a` is preferred to `b`.
bool primary_before(const Outcome& a, const Outcome& b);

// Next in line for a requisition: its runner-ups in rank order (ranked first, then unranked by
// name), minus the people who cannot be approached, who are listed in `skipped` with why.
struct NextInLineEntry {
  const Candidate* candidate;
  const Outcome* outcome;
};
struct SkippedEntry {
  const Candidate* candidate;
  const Outcome* outcome;
  std::string_view why;  // "do_not_contact", "consent_withdrawn", "retention_expired" or "hired_elsewhere"
};
struct NextInLine {
  std::vector<NextInLineEntry> entries;
  std::vector<SkippedEntry> skipped;
};
NextInLine next_in_line(const State& state, const std::string& requisition_id, Date today);

// Feedback a candidate asked for and has not been given, oldest request first. `overdue` when
// more business days than the pool's setting (default 5) have passed since the request.
struct OwedFeedback {
  const FeedbackRequest* request;
  const Candidate* candidate;
  int business_days;
  bool overdue;
};
std::vector<OwedFeedback> feedback_owed(const State& state, Date today);

// Open follow-ups by when they are due (a snoozed one is due on its snooze date).
struct DueFollowUp {
  const FollowUp* follow_up;
  const Candidate* candidate;
  Date due;
  std::string blocked;  // why outreach is blocked (State::outreach_blocked; "" when not): it can only be dismissed
};
struct FollowUpsDue {
  std::vector<DueFollowUp> overdue, today, upcoming;
};
FollowUpsDue follow_ups_due(const State& state, Date today);

// Whether an outcome is in the pool: every outcome but `hired`.
bool keeps_in_pool(OutcomeKind kind);

boost::json::value taxonomy_json();
Result<boost::json::value> run_query(const Pool& pool, const boost::json::value& query);
// The same answer, serialised. A page of search rows (`"fields":"row"` without factors, what a
// results list asks for at every keystroke) is written straight to text, without a JSON tree;
// numbers may be spelled differently (67.3, not 6.73E1), never valued differently.
Result<std::string> run_query_text(const Pool& pool, const boost::json::value& query);

}  // namespace runnerup

// The pool's rules that more than one caller applies: a command (Pool::propose), an import
// (the importer's check before it applies a record) and the widget's answers (the next rank it
// offers, the limits it shows, when automatic erasure is due) all ask here.
//
//   int rank = next_free_rank(pool.state(), "req-1");              // offered in the dialog
//   if (auto e = outcome_problem(pool.state(), outcome, now)) ...  // the same refusal everywhere
//
// Guarantees: every function only reads the state; each rule is written once, here.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runnerup/error.hpp"
#include "runnerup/event.hpp"
#include "runnerup/lifecycle.hpp"
#include "runnerup/records.hpp"
#include "runnerup/time.hpp"

namespace runnerup {

struct State;

// Refusals of a command naming someone or something the pool lacks: a person erased (erased)
// or unknown, a requisition unknown (not_found), at `path`.
std::optional<Error> need_candidate(const State& s, const std::string& id, const std::string& path);
std::optional<Error> need_requisition(const State& s, const std::string& id, const std::string& path);

// How far in the future an instant the caller gave may lie (clocks of two machines disagree by
// seconds): a minute. A decision, feedback or touchpoint dated later is refused.
constexpr Instant kClockSkew = 60'000;

// How far an event's Lamport clock may run ahead of the clock of the pool that orders it (the
// sync server, as it admits a push). An honest client's clock is the highest it has seen plus
// the events it proposed since, so a billion is never reached; a clock far past it would drag
// every later event's clock toward the end of its range (2^53), so it is refused there.
constexpr std::uint64_t kMaxClockLead = 1'000'000'000;

// What is wrong with admitting an event whose clock is `event_clock` into a pool whose clock is
// `pool_clock`: a clock more than kMaxClockLead ahead. Path "/clock".
std::optional<Error> clock_lead_problem(std::uint64_t event_clock, std::uint64_t pool_clock);

// What is wrong with admitting `events` (decoded already) into a pool whose clock is
// `pool_clock`, as its ordering point (the sync server) does: the first clock_lead_problem, its
// path under the event's index ("/3/clock").
std::optional<Error> admission_problem(const std::vector<Event>& events, std::uint64_t pool_clock);

// The events that undo `actor`'s last action (the newest of theirs that is neither an undo nor
// undone): one action.undone naming every event of that action. Refused: an erasure (conflict;
// it cannot be undone), an access export (conflict; it stays in the audit trail), nothing to
// undo (not_found). The lastAction query answers with it whether the widget offers Undo.
Result<std::vector<EventData>> undo_last(const std::vector<Event>& log, std::string_view actor,
                                         const std::function<bool(const std::string&)>& is_undone);

// How many days ahead the Retention tab lists people whose retention period is about to end.
constexpr int kExpiringWithinDays = 14;

// The rank a new runner-up of `requisition_id` takes: one more than the runner-ups already
// ranked there, `candidate_id` (the person being recorded, if any) left out. A rank above it
// would skip a place and is refused.
int next_free_rank(const State& s, const std::string& requisition_id, const std::string& candidate_id = {});

// The id of the runner-up of `requisition_id` other than `candidate_id` who holds `rank`;
// null when no one does. Allocates nothing (the fold asks for every outcome it replays).
const std::string* rank_holder(const State& s, const std::string& requisition_id, int rank,
                               const std::string& candidate_id);

// The rank the record-outcome dialog offers for `candidate_id`: the one they hold on that
// requisition, else next_free_rank().
int suggested_rank(const State& s, const std::string& requisition_id, const std::string& candidate_id);

// What is wrong with recording `o` at `at` on this state, beyond its shape (decoded already):
// a decision dated in the future (past kClockSkew), the requisition's hire recorded as anything
// but hired, a rank already held or skipping a place. Paths are under "/outcome". Both
// Pool::propose (recordOutcome) and the importer check every outcome with it.
std::optional<Error> outcome_problem(const State& s, const Outcome& o, Instant at);

// How many days the snooze form offers to move a follow-up by.
constexpr int kSnoozeDays = 7;

// The date the snooze form offers for `f` on `today`: kSnoozeDays after the later of today and
// the date it is due on (due_on), so taking the offer never brings a follow-up forward.
Date snooze_default(const FollowUp& f, Date today);

// What is wrong with snoozing `f` until `until` on `today`: a date not after today, or one
// earlier than the date it is due on (a snooze never moves a follow-up earlier). Path "/until".
std::optional<Error> snooze_problem(const FollowUp& f, Date until, Date today);

// The limits the core enforces on what it is given, for a form to say them before it is sent:
// {"lineBytes", "noteBytes", "idBytes", "listItems", "clockSkewMs", "expiringWithinDays"}.
boost::json::value limits_json();

// Who is due for erasure on `today`: everyone whose retention period ended before it.
struct ErasureDue {
  std::string candidate_id;
  Date until = 0;  // the last day of their retention period
};
std::vector<ErasureDue> erasure_due(const State& s, Date today);

// The answer of the `erasureDue` query: {"automatic": the team chose automatic erasure,
// "run": automatic and someone is due (the facade then records eraseExpired), "due":
// [{"candidateId", "until"}], "expiringWithinDays"}.
boost::json::value erasure_due_json(const State& s, Date today);

class Pool;

// The queries these rules answer (docs/BOUNDARY.md "Queries"), or nothing when `query` is not
// one of them (run_query asks here first):
//   {"type":"nextRank","requisitionId","candidateId"?} -> {"nextRank", "suggestedRank"}
//   {"type":"limits"}                                 -> limits_json()
//   {"type":"erasureDue","today"}                     -> erasure_due_json()
//   {"type":"erased"}                                 -> {"candidateIds": everyone erased}
//   {"type":"today","at"}                             -> {"today": Pool::today(at), "utcOffsetMinutes"}
//   {"type":"batch","queries":[...]}                  -> {"answers":[...]}: one call for a redraw
std::optional<Result<boost::json::value>> rules_query(const Pool& pool, const boost::json::value& query);

}  // namespace runnerup

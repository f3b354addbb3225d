// Closing out a requisition: every finalist's decision in one action, and what the host ATS is
// told afterwards (the write-back).
//
//   auto c = parse_command(R"({"type":"closeOutRequisition","requisitionId":"req-1","finalists":[
//       {"candidateId":"c-1","outcome":"hired"},
//       {"candidateId":"c-2","outcome":"runner_up","rank":1,"reason":{"code":"stronger_candidate"}},
//       {"candidateId":"c-3","outcome":"not_a_fit","reason":{"code":"skills_gap"},"feedbackOwed":true}]})");
//   pool.execute(c.value(), "alice", now, "a1");   // one action: undoLast takes all of it back
//   write_back_json(pool, {"a1.0"});               // the statuses the host stores
//
// A close-out is one command, so its events share one action id: it applies whole or not at
// all, and one undoLast undoes all of it (rules.hpp, undo_last). Its choices map onto the
// core's model:
//   hired         -> outcome hired; the requisition becomes filled with them as its hire
//   runner_up     -> outcome runner_up, ranked (1 = next in line) before the requisition's other
//                    runner-ups; future fit kept from an earlier decision, else strong
//   not_selected  -> outcome rejected, future fit "qualified, not selected"
//   not_a_fit     -> outcome rejected, future fit "not a fit" (left out of searches that ask so)
// Every choice but hired needs a reason (a taxonomy code; "other" with a note). At most one
// finalist is hired, and not while the requisition has another hire (mark them backed out
// first). Ranks, when given, are 1..n over the close-out's runner-ups; when none is given they
// follow the finalists' order. The stage defaults to the one recorded before, else the final
// round (an offer for the hire). "feedbackOwed" records that the person asked for feedback
// (nothing when they are owed it already). The close-out's first event, requisition.closed_out,
// names the requisition and the hire (none: the requisition keeps its status).
#pragma once

#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runnerup/error.hpp"
#include "runnerup/event.hpp"
#include "runnerup/records.hpp"
#include "runnerup/taxonomy.hpp"
#include "runnerup/time.hpp"

namespace runnerup {

struct State;
class Pool;

// What a recruiter decides for a finalist in a close-out (code_of / from_code<CloseOutChoice>).
enum class CloseOutChoice : std::uint8_t { hired, runner_up, not_selected, not_a_fit };
template <> struct Vocabulary<CloseOutChoice> { static const std::array<CodeLabel, 4> items; };

struct CloseOutFinalist {
  CloseOutChoice choice = CloseOutChoice::runner_up;
  // The decision as the finalist gave it (candidate, stage, rank, reason, initiator, note); the
  // rule fills in the requisition, the outcome kind and future fit the choice maps onto.
  Outcome outcome;
  bool stage_given = false;  // false: the stage recorded before, else final (offer for the hire)
  bool feedback_owed = false;
};

struct CloseOutRequisition {
  std::string requisition_id;
  std::vector<CloseOutFinalist> finalists;  // at least one, each person once
};

// The command's "finalists" array, decoded: [{"candidateId", "outcome" (a choice's code),
// "stage"?, "rank"?, "reason"?, "initiator"?, "note"?, "feedbackOwed"?}]. `path` is its pointer.
Result<std::vector<CloseOutFinalist>> decode_close_out_finalists(const boost::json::value& v, const std::string& path);

// The events of a close-out on this state, or why it is refused (paths under /finalists/<i>).
// `event_id(i)` is the id the i-th event will get (a feedback request is named by it).
Result<std::vector<EventData>> close_out_changes(const State& s, const CloseOutRequisition& cmd, Instant at,
                                                 std::string_view actor,
                                                 const std::function<std::string(std::size_t)>& event_id);

// The choice an outcome amounts to, or none for withdrew and offer declined (which a close-out
// leaves as they are).
std::optional<CloseOutChoice> choice_of(const Outcome& o);

// Where a candidate stands on a requisition, in the words the host stores (the write-back):
// hired, backed_out (was the hire, backed out), runner_up, not_selected, not_a_fit, withdrew,
// offer_declined, or undecided (no decision recorded, e.g. after an undo).
std::string_view host_candidate_status(const State& s, const std::string& requisition_id,
                                       const std::string& candidate_id);
// The requisition's status for the host: filled, reopened (open again after its hire backed
// out), open, on_hold or cancelled.
std::string_view host_requisition_status(const State& s, const std::string& requisition_id);

// The "closeOut" query: the close-out form of a requisition. Its finalists are the hire, then
// everyone with a decision on it (runner-ups by rank), then `candidate_ids` (the host's
// candidates) not among them, in the order given; each with the choice, stage, rank, reason and
// feedback owed the form starts from, and the choices with what each needs.
Result<boost::json::value> close_out_json(const State& s, const std::string& requisition_id,
                                          const std::vector<std::string>& candidate_ids, Date today);

// The "writeBack" query: for the events with these ids (an action just recorded), what the
// host is told: one entry per requisition a close-out, a back-out or a reopening among them
// touched (also when those events are undone by one of them), with the requisition's and each
// person's status. Empty when the events touch no such thing.
boost::json::value write_back_json(const Pool& pool, const std::vector<std::string>& event_ids);

}  // namespace runnerup

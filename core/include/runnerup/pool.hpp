// A runner-up pool: an event log and the state folded from it.
//
//   Pool pool;
//   auto events = pool.propose(command, "alice", now, "a1b2");   // validate, do not change
//   if (!events) show(events.error());
//   persist(events.value());                                      // the caller's storage first
//   pool.apply(events.value());                                   // then the state
//
// Or, with the proposal held in the pool between the two steps (nothing re-encoded):
//   auto p = pool.hold(command, "alice", now, "a1b2");            // validate and keep
//   persist(pool.held());                                         // the caller's storage first
//   pool.commit(p.value());                                       // then the state
//
// Guarantees: applying an event whose id is already in the log is a no-op; applying the same
// set of events in any order and any batching gives the same state (the fold runs in the log's
// total order, see order_before); a batch either applies whole or not at all (decode first).
// Ids are meant to be unique; if two different events arrive under one id (corrupt or hostile
// input), the one first by (erasure, clock, actor, content) is kept, whatever arrived first. The
// one case that stays order-dependent: two different erasures under one id (erasure cannot be
// taken back, so both people stay erased on a replica that saw both).
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "runnerup/command.hpp"
#include "runnerup/error.hpp"
#include "runnerup/event.hpp"
#include "runnerup/privacy.hpp"
#include "runnerup/records.hpp"

namespace runnerup {

struct PoolEntry;  // runnerup/query.hpp

class PoolIndex;

// What has happened on a requisition since it was filled.
struct RequisitionProgress {
  std::vector<HireBackOut> back_outs;
  std::string reopened_for;  // the runner-up it was reopened for, if any
};

// An entry of the audit trail; it names people only by id.
struct AuditEntry {
  std::string_view type;  // "access_exported" or "erased"
  std::string by;
  Instant at = 0;
  std::string candidate_id;
  std::string detail;  // the erasure's reason
};

// Where a person's retention clock stands.
struct Retention {
  const RetentionPolicy* policy = nullptr;
  std::string_view chosen_by;  // "person", "requisition", "country" (the person's location) or "team"
  Instant anchor = 0;          // 0: no decision yet, so no clock
  Date until = 0;
  bool consent_valid = false;
  std::string limited_by;  // "storage limit from the ATS: YYYY-MM-DD" when that limit, not the policy, sets `until`
  // The retention period ended before `today`: the person is due for erasure, never contacted.
  bool expired(Date today) const { return anchor != 0 && until < today; }
};

struct State {
  std::map<std::string, Candidate> candidates;
  std::map<std::string, Requisition> requisitions;  // as back-outs and reopenings left them
  std::map<std::string, Requisition> saved_requisitions;  // as last saved (by the host)
  // The latest outcome of each (candidate id, requisition id).
  std::map<std::pair<std::string, std::string>, Outcome> outcomes;
  // Who has an outcome on each requisition (requisition id -> candidate ids): the requisition's
  // side of `outcomes`, so that its ranks are looked up among its own people, not the whole pool
  // (the fold asks for every ranked runner-up it records). Derived, never stored: add_outcome()
  // keeps it, index_outcomes() builds it after a snapshot is read.
  std::map<std::string, std::set<std::string>> outcomes_by_requisition;
  // The ranked runner-ups of each requisition: rank -> candidate ids holding it (more than one
  // only between two concurrent proposals the fold has not yet settled), and how many there are.
  // What rank_holder() and next_free_rank() ask for each outcome the fold or an import records,
  // looked up instead of scanning the requisition's people (10,000 runner-ups on one requisition
  // made a 100,000-person replay quadratic). Derived, never stored: add_outcome() and
  // change_outcome() keep it, index_outcomes() builds it.
  struct Ranks {
    std::map<int, std::set<std::string>> holders;
    std::size_t count = 0;
  };
  std::map<std::string, Ranks> ranks_by_requisition;
  std::map<std::string, Flags> flags;  // by candidate id
  std::map<std::string, std::vector<FeedbackRequest>> feedback_requests;  // by candidate id
  std::map<std::string, std::vector<FeedbackGiven>> feedback;             // by candidate id
  std::map<std::string, std::vector<Touchpoint>> touchpoints;             // by candidate id
  std::map<std::string, FollowUp> follow_ups;                             // by follow-up id
  std::map<std::string, RequisitionProgress> progress;                    // by requisition id
  std::map<std::string, Consent> consents;                                 // by candidate id
  std::map<std::string, std::string> retention_by_candidate;              // policy codes
  std::map<std::string, std::string> retention_by_requisition;
  std::map<std::string, Instant> erased;                                   // candidate id -> when
  std::vector<AuditEntry> audit;
  Settings settings;

  // Records an outcome as the latest of its (candidate, requisition), keeping the index above.
  void add_outcome(Outcome o);
  // Changes a recorded outcome in place (its rank or its kind), keeping ranks_by_requisition.
  template <class Change>
  void change_outcome(Outcome& o, Change&& change) {
    this->unrank(o);
    change(o);
    this->rank(o);
  }
  // Builds outcomes_by_requisition and ranks_by_requisition from `outcomes` (after a snapshot is
  // decoded, or outcomes were rewritten in place).
  void index_outcomes();
  // The requisition's ranked runner-ups (null when none).
  const Ranks* ranks_of(const std::string& requisition_id) const;
  // The candidate ids with an outcome on the requisition (empty when none).
  const std::set<std::string>& people_of(const std::string& requisition_id) const;

  const Flags* flags_of(const std::string& candidate_id) const;
  bool do_not_contact(const std::string& candidate_id) const;
  // The latest touchpoint or feedback given; 0 when there was none.
  Instant last_contact(const std::string& candidate_id) const;
  const Consent& consent_of(const std::string& candidate_id) const;
  bool is_erased(const std::string& candidate_id) const { return erased.count(candidate_id) > 0; }
  Retention retention(const std::string& candidate_id, Date today) const;
  // The same, with the person's latest outcome already found (null: none) as retention() finds
  // it: the latest decision, the first in requisition order on a tie.
  Retention retention(const std::string& candidate_id, Date today, const Outcome* latest) const;
  // Where the clock would stand if the person's own policy were `policy` (what a change of it
  // would do: the date it would keep them until, whether it would queue them for erasure).
  Retention retention_under(const std::string& candidate_id, Date today, const RetentionPolicy& policy) const;
  // The latest feedback given to the person, on any requisition (null: none): what Next in line,
  // the pool, the card and the exports all show as "feedback given".
  const FeedbackGiven* latest_feedback(const std::string& candidate_id) const;
  // The person's future roles as people read them: the families, the departments and the
  // requisitions' titles (the id when a requisition has none), each once ignoring case and
  // accents. The chip, Next in line and the CSV export show this list.
  std::vector<std::string> future_role_names(const std::string& candidate_id) const;
  // That latest outcome of each person with any, in one ordered pass (for a whole-pool index).
  std::vector<std::pair<const std::string*, const Outcome*>> latest_outcomes() const;
  // Why outreach to a person is not allowed on `today` ("" when it is): do not contact,
  // consent withdrawn, retention ended, erased.
  std::string outreach_blocked(const std::string& candidate_id, Date today) const;

 private:
  void rank(const Outcome& o);    // into ranks_by_requisition, when a ranked runner-up
  void unrank(const Outcome& o);  // out of it
  Retention retention_with(const std::string& candidate_id, Date today, const Outcome* latest,
                           const RetentionPolicy* policy, std::string_view chosen_by) const;
};

// A sorted set of event ids in one block of memory: what a snapshot covers (240,000 ids at
// 100,000 people). Built once and never changed; a lookup is a binary search.
class IdSet {
 public:
  // Appends an id greater than every id before it; false (and nothing appended) otherwise.
  bool append(std::string_view id);
  bool contains(std::string_view id) const;
  std::size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](std::size_t i) const {
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(blob_).substr(begin, ends_[i] - begin);
  }
  void reserve(std::size_t ids, std::size_t bytes) {
    ends_.reserve(ids);
    blob_.reserve(bytes);
  }

 private:
  std::string blob_;
  std::vector<std::size_t> ends_;
};

struct ApplyReport {
  std::size_t applied = 0;
  std::size_t skipped = 0;  // already in the log
  std::vector<std::string> erased;  // people these events erased (none of them erased before)
};

// What Pool::commit did: the held events applied, and whether the pool was as they were
// proposed against (`unchanged`); when it was not, they were applied as apply() applies any
// events (in the log's order, refolding if they landed before others).
struct CommitReport {
  ApplyReport applied;
  bool unchanged = false;
};

class Pool;

// A binary snapshot (Pool::snapshot_binary()) restored a step at a time, so that a page can draw
// between steps (at 100,000 people the whole restore is one 0.3 s task in wasm):
//
//   BinaryRestore r(std::move(bytes));
//   while (!r.step(20000)) yield_to_the_page();   // checks the bytes, then decodes
//   Status st = pool.restore_binary(std::move(r));  // the pool becomes the snapshot, or is unchanged
//
// A step is `work` entries of the snapshot (an event id, a person, an outcome, ...) or, first,
// 512 bytes of the checksum per unit. The bytes are checked before any entry is decoded: damage,
// a snapshot cut short or another version ends the restore at once with status() saying so.
// Pool::restore_binary(std::string) is this, in one step.
class BinaryRestore {
 public:
  explicit BinaryRestore(std::string bytes);
  ~BinaryRestore();
  BinaryRestore(BinaryRestore&&) noexcept;
  BinaryRestore& operator=(BinaryRestore&&) noexcept;
  BinaryRestore(const BinaryRestore&) = delete;
  BinaryRestore& operator=(const BinaryRestore&) = delete;

  // Does the next `work` units; true once done (read status() then). Work 0 does nothing.
  bool step(std::size_t work);
  bool done() const;
  // How far it is, 0 to 1 (checking counts as the first tenth).
  double progress() const;
  // ok until the bytes turn out damaged or of another version (then done() is true).
  const Status& status() const;

 private:
  friend class Pool;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A binary snapshot written a step at a time (what compaction stores: at 100,000 people writing it
// in one call is a 0.12 s task in wasm), so that a page can draw between steps:
//
//   BinarySnapshotWriter w(pool);
//   while (!w.step(40000)) yield_to_the_page();
//   if (w.status()) store(w.take());   // the bytes pool.snapshot_binary() gives
//
// A step is `work` entries (an event id, a person, an outcome, ...). The pool must not change
// between steps: a step after a change (Pool::changes()) ends the writer with a conflict, and
// the caller starts again. The pool must outlive the writer. Pool::snapshot_binary() is this, in
// one step.
class BinarySnapshotWriter {
 public:
  explicit BinarySnapshotWriter(const Pool& pool);
  ~BinarySnapshotWriter();
  BinarySnapshotWriter(BinarySnapshotWriter&&) noexcept;
  BinarySnapshotWriter& operator=(BinarySnapshotWriter&&) noexcept;
  BinarySnapshotWriter(const BinarySnapshotWriter&) = delete;
  BinarySnapshotWriter& operator=(const BinarySnapshotWriter&) = delete;

  // Writes the next `work` entries; true once done (read status() then). Work 0 does nothing.
  bool step(std::size_t work);
  bool done() const;
  // How far it is, 0 to 1, by entries written.
  double progress() const;
  // ok unless the pool changed between steps (a conflict; then done() is true).
  const Status& status() const;
  // The snapshot, once done with status ok (else empty); the writer is spent.
  std::string take();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Pool {
 public:
  // The events `command` would append, validated against the current state; the pool is not
  // changed. Event ids are `id_base` + "." + index; clocks continue the pool's Lamport clock.
  Result<std::vector<Event>> propose(const Command& command, std::string_view actor, Instant at,
                                     std::string_view id_base) const;

  // Appends events to the log (skipping ids already there) and folds them into the state.
  ApplyReport apply(std::vector<Event> events);

  // propose, keeping the events in the pool until commit(): the answer is the proposal's number,
  // held() the events (for the caller's storage). A later hold() replaces a held proposal: one
  // is held at a time, which is enough because its one caller, the facade's record()
  // (web/src/pool.js), runs its actions one after another (#enqueue), so a proposal is always
  // committed or dropped before the next hold(). A caller with actions in parallel would need
  // proposals kept by number.
  Result<std::uint64_t> hold(const Command& command, std::string_view actor, Instant at, std::string_view id_base);
  // The events of the held proposal (empty when none is held).
  const std::vector<Event>& held() const { return held_.events; }
  // Applies the held proposal `proposal`, once its events are stored, and lets it go. Refused
  // (conflict, nothing applied) when it is not the one held: committed already, replaced by a
  // later hold(), dropped, or never made.
  Result<CommitReport> commit(std::uint64_t proposal);
  // Lets the held proposal go without applying it (its events could not be stored).
  void drop() { held_ = Held{}; }

  // The recruiter's offset from UTC, in minutes (-840 to +840): "today" for the rules and the
  // views is the calendar date of the action's instant shifted by it (today()). Not part
  // of the pool's state: each session sets it. Out of range: refused, and nothing changes.
  Status set_utc_offset(int minutes);
  int utc_offset() const { return utc_offset_; }
  // The recruiter's date at instant `at`.
  Date today(Instant at) const;

  // Many events applied a step at a time (a pool opening from its stored log, which comes in
  // any order): stage() keeps them (in any number of calls), apply_staged() applies the next
  // `max` of them in the log's fold order (order_before over everything staged), so that each
  // step folds on top of the last and nothing is refolded. Returns what that step applied and
  // how many staged events remain.
  void stage(std::vector<Event> events);
  struct StagedReport {
    ApplyReport applied;
    std::size_t remaining = 0;
  };
  StagedReport apply_staged(std::size_t max);

  // propose + apply, for callers that keep no storage of their own (tests, the CLI).
  Result<std::vector<Event>> execute(const Command& command, std::string_view actor, Instant at,
                                     std::string_view id_base);

  const State& state() const { return state_; }
  const std::vector<Event>& log() const { return log_; }
  std::uint64_t clock() const { return clock_; }

  // The events of the log about a person (after an erasure, their scrubbed form: what storage
  // must write over the originals).
  std::vector<Event> events_about(const std::string& candidate_id) const;

  // The search index of the current state for `today`, built on first use and kept until the
  // state changes (building 100k rows takes about a second natively, two in wasm; queries take
  // a fraction of a millisecond). A build begun by build_index() is finished here.
  const PoolIndex& index(Date today) const;
  // Builds that index a step at a time (the next phase, or the next `rows` rows); returns its
  // progress, 1 when it is ready. With rows 0 it only tells (0 when no build for this state and
  // day has begun).
  double build_index(Date today, std::size_t rows) const;
  // Increases with every change of the state.
  std::uint64_t version() const { return version_; }
  // Increases with every call that may change the pool (apply, the history, a restore, adopt),
  // the log as well as the state.
  std::uint64_t changes() const { return changes_; }
  // Becomes `proposed` (a copy of this pool, changed since: an import's) when no call changed
  // this pool since changes() read `if_changes`; true then. Else false, and nothing changes.
  bool adopt(Pool&& proposed, std::uint64_t if_changes);
  // pool_entries(state()), computed once per version of the state (at 100k people it sorts
  // 100,000 entries: the widget's table, the rank suggestion and the pool query share it).
  const std::vector<PoolEntry>& entries() const;

  // Whether an event of the log has been undone.
  bool is_undone(const std::string& event_id) const { return undone_.count(event_id) > 0; }

  // The versioned snapshot document: the state, the clock and the ids of the events it covers.
  boost::json::value snapshot() const;
  // Replaces this pool by a snapshot's state; on error the pool is unchanged.
  Status restore(const boost::json::value& snapshot);
  // The same content in a compact binary form, for the browser's own storage (restoring 100,000
  // people from it takes a fraction of the JSON's time). Not an exchange format: it is tied to
  // this build's binary version, and restore_binary() refuses any other (and any damage, by a
  // checksum and bounds checks), leaving the pool unchanged.
  std::string snapshot_binary() const;
  Status restore_binary(std::string bytes);
  // Ends a restore done in steps (BinaryRestore): refused (the pool unchanged) unless it is done
  // and its status ok.
  Status restore_binary(BinaryRestore&& restored);

  // After restore(): gives back the events the snapshot covers (read from storage; any order,
  // over any number of calls), so that the log is whole again. The state is not refolded: the
  // snapshot holds it already. Events the snapshot does not cover are applied as by apply().
  ApplyReport attach_history(std::vector<Event> events);
  // Ends attach_history(): merges the given events into the log, after which exports, a
  // person's history, undo and late events are exactly as after replaying the whole log.
  // Returns how many events the snapshot covers never came back (0 when storage is whole).
  std::size_t finish_history();
  // finish_history() a step at a time (at 100,000 people, in one call it was a 0.13 s task in
  // wasm): the first step puts the given events in order, each next one moves `work` of them
  // into place, and the one that places the last ends as finish_history() does (`done`, and
  // `missing` as it counts them). Until then the log, the state and history_complete() are as
  // before the first step; an attach_history() in between puts the events back and the next step
  // starts over.
  struct HistoryStep {
    bool done = false;
    std::size_t missing = 0;
  };
  HistoryStep finish_history_step(std::size_t work);
  // False between restore() and finish_history(): the log holds only what came after the snapshot.
  bool history_complete() const { return !history_pending_; }

 private:
  friend class BinarySnapshotWriter;
  void fold(const Event& e);
  void refold();
  void collect_undone();
  void erase_from_log_and_base(const std::string& candidate_id);
  // restore()'s last step: the pool becomes the snapshot's state, with no log of its own yet.
  // With `bytes` (a binary snapshot of the same state), the base is decoded from them on first use.
  void adopt_snapshot(State s, std::uint64_t clock, IdSet event_ids, std::string bytes = {});
  // The restored snapshot's state (empty without one), decoded from base_bytes_ when first needed.
  State& base();

  // The proposal hold() keeps until commit(): its number, the changes() it was made at.
  struct Held {
    std::uint64_t id = 0;  // 0: none held
    std::uint64_t changes = 0;
    std::vector<Event> events;
  };
  Held held_;
  std::uint64_t proposals_ = 0;  // numbers given so far
  std::vector<Event> staged_;    // stage(): what apply_staged() has yet to apply, from staged_at_
  std::size_t staged_at_ = 0;
  bool staged_sorted_ = true;
  int utc_offset_ = 0;

  std::vector<Event> log_;  // since the last restored snapshot, in order_before order
  std::unordered_set<std::string> ids_;  // every event folded in, but for those of snapshot_ids_
  // The ids of the events the restored snapshot covers (shared, never changed: a copy of the
  // pool, as an import makes, does not copy 240,000 ids).
  std::shared_ptr<const IdSet> snapshot_ids_;
  bool in_snapshot(const std::string& id) const { return snapshot_ids_ && snapshot_ids_->contains(id); }
  // Whether `id` is one of the snapshot's events whose history has not come back yet.
  bool covered(const std::string& id) const { return history_pending_ && in_snapshot(id); }
  // Every known event id, sorted (what a snapshot records).
  std::vector<std::string_view> sorted_ids() const;
  std::unordered_set<std::string> undone_;  // events an action.undone in the log cancels
  std::unordered_set<std::string> erased_ids_;  // people erased: their events are kept scrubbed
  State base_;                           // the restored snapshot's state (empty without one): see base()
  std::string base_bytes_;               // a binary snapshot base_ is still to be decoded from
  bool history_pending_ = false;  // restored from a snapshot whose events are not all back in the log
  std::vector<Event> history_;               // the snapshot's events given back so far
  std::unordered_set<std::string> history_ids_;
  // finish_history_step()'s place: the order of history_ (positions), and its events moved out
  // of history_ in that order so far.
  struct Finishing {
    bool begun = false;
    std::vector<std::uint32_t> order;
    std::vector<Event> sorted;
  };
  Finishing finishing_;
  void unfinish();  // puts the events finish_history_step() moved back into history_
  bool late_since_restore_ = false;          // an event older than the snapshot folded on top of it
  std::uint64_t base_clock_ = 0;
  State state_;
  std::uint64_t clock_ = 0;
  std::uint64_t version_ = 0;
  std::uint64_t changes_ = 0;
  mutable std::shared_ptr<PoolIndex> index_;  // of (state_, index_version_, index_today_)
  mutable std::uint64_t index_version_ = 0;
  mutable Date index_today_ = 0;
  mutable std::shared_ptr<const std::vector<PoolEntry>> entries_;  // of (state_, entries_version_)
  mutable std::uint64_t entries_version_ = 0;
  mutable const State* entries_state_ = nullptr;  // a copied Pool must not use the original's
  // The size of the last binary snapshot made or restored: the next one is written into that
  // much room (and an eighth more), not grown by doubling (86 MB at 100k people, copied over and
  // over as it grew).
  mutable std::size_t snapshot_bytes_ = 0;
};

// For fuzzing the binary snapshot's decoder past its checksum: `body` with a valid header.
std::string seal_binary_snapshot(std::string_view body);

constexpr std::string_view kSnapshotFormat = "runnerup.snapshot";
constexpr int kSnapshotVersion = 1;

}  // namespace runnerup

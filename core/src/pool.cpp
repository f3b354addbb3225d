// The fold of the log into the state (apply, the history, undo, erasure). The rules that decide
// which events a command produces are in rules.cpp; the state's own questions in state.cpp;
// snapshots in pool_snapshot.cpp; what a session holds (proposals, staged events, its UTC
// offset, an adopted import) in pool_session.cpp.
#include "runnerup/pool.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <unordered_map>

#include <boost/json/serialize.hpp>

#include "json_read.hpp"
#include "runnerup/rediscovery.hpp"
#include "runnerup/rules.hpp"

namespace runnerup {

namespace json = boost::json;

namespace {

// What an erasure leaves of one event: the ids, codes and dates insights need; no text a person
// wrote about them and nothing that identifies them.
void scrub(Event& e) {
  std::visit(
      [](auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, CandidateSaved>) {
          Candidate c;
          c.id = d.candidate.id;
          c.name = std::string(kErasedName);
          d.candidate = std::move(c);
        } else if constexpr (std::is_same_v<T, OutcomeRecorded>) {
          Outcome& o = d.outcome;
          o.note.clear();
          o.reason.note = o.reason.code == "other" ? "erased" : "";
          o.scores.clear();
          o.skill_gaps.clear();
        } else if constexpr (std::is_same_v<T, FeedbackLogged>) {
          FeedbackGiven& f = d.feedback;
          f.strengths.clear();
          f.improvements.clear();
          f.summary = "erased";
        } else if constexpr (std::is_same_v<T, FlagsSet>) {
          d.flags.future_roles = {};
          if (d.flags.do_not_contact) d.flags.do_not_contact_reason = "erased";
        } else if constexpr (std::is_same_v<T, TouchpointLogged>) {
          d.touchpoint.note.clear();
        } else if constexpr (std::is_same_v<T, FollowUpScheduled>) {
          d.follow_up.note.clear();
        } else if constexpr (std::is_same_v<T, HireBackedOut>) {
          d.back_out.note.clear();
        }
      },
      e.data);
}

}  // namespace

std::vector<Event> Pool::events_about(const std::string& candidate_id) const {
  std::vector<Event> out;
  for (const Event& e : log_)
    if (subject_candidate(e) == candidate_id) out.push_back(e);
  return out;
}

void Pool::erase_from_log_and_base(const std::string& candidate_id) {
  for (Event& e : log_)
    if (subject_candidate(e) == candidate_id) scrub(e);
  // The snapshot's state, if the pool was restored from one.
  State& b = base();
  if (auto c = b.candidates.find(candidate_id); c != b.candidates.end()) {
    Candidate erased;
    erased.id = candidate_id;
    erased.name = std::string(kErasedName);
    c->second = std::move(erased);
  }
  for (auto& [key, o] : b.outcomes)
    if (key.first == candidate_id) {
      Event e{"", "", 0, 0, OutcomeRecorded{o}};
      scrub(e);
      b.change_outcome(o, [&](Outcome& into) { into = std::get<OutcomeRecorded>(e.data).outcome; });
    }
  b.feedback.erase(candidate_id);
  b.feedback_requests.erase(candidate_id);
  b.touchpoints.erase(candidate_id);
  b.flags.erase(candidate_id);
  for (auto& [id, f] : b.follow_ups)
    if (f.candidate_id == candidate_id) f.note.clear();
  for (Event& e : history_)
    if (subject_candidate(e) == candidate_id) scrub(e);
  for (Event& e : finishing_.sorted)  // the history's events finish_history_step() moved so far
    if (subject_candidate(e) == candidate_id) scrub(e);
}

const PoolIndex& Pool::index(Date today) const {
  if (!index_ || index_version_ != version_ || index_today_ != today || &index_->state() != &state_) {
    index_ = std::make_shared<PoolIndex>(state_, today, entries());
    index_version_ = version_;
    index_today_ = today;
  }
  while (!index_->build_step(std::numeric_limits<std::size_t>::max())) {
  }
  return *index_;
}

double Pool::build_index(Date today, std::size_t rows) const {
  const bool current = index_ && index_version_ == version_ && index_today_ == today && &index_->state() == &state_;
  if (rows == 0) return current ? index_->progress() : 0;
  if (!current) {  // a step of its own: the pool's entries may have to be found and sorted first
    index_ = std::make_shared<PoolIndex>(state_, today, entries(), PoolIndex::Deferred{});
    index_version_ = version_;
    index_today_ = today;
    return index_->progress();
  }
  if (!index_->ready()) index_->build_step(rows);
  return index_->progress();
}

namespace {

// Two different events under one id are corrupt input; so that every replica still agrees, the
// one that sorts first by (clock, actor, content) is kept, whichever arrived first.
bool canonically_before(const Event& a, const Event& b) {
  // An erasure cannot be taken back once applied, so it always wins.
  const bool ea = std::holds_alternative<PersonErased>(a.data), eb = std::holds_alternative<PersonErased>(b.data);
  if (ea != eb) return ea;
  if (a.clock != b.clock) return a.clock < b.clock;
  if (a.actor != b.actor) return a.actor < b.actor;
  return json::serialize(json::value_from(a)) < json::serialize(json::value_from(b));
}

bool same_event(const Event& a, const Event& b) {
  return json::value_from(a) == json::value_from(b);
}

}  // namespace

ApplyReport Pool::apply(std::vector<Event> events) {
  ++changes_;
  ApplyReport report;
  // a batch from a log or a file is in order already: sorting it would move every event
  if (!std::is_sorted(events.begin(), events.end(), order_before))
    std::stable_sort(events.begin(), events.end(), order_before);
  bool refold_needed = false, replaced = false;
  const std::size_t first_new = log_.size();
  // A known event's held copy: searched along the log for the first few, then through a map of
  // the log's ids built once (a host echoing a whole log back would otherwise cost the log's
  // length for every event). No event moves while the map lives: the log has room reserved.
  if (log_.capacity() < log_.size() + events.size())  // growing as push_back would, not by the batch
    log_.reserve(std::max(log_.capacity() * 2, log_.size() + events.size()));
  std::size_t searched = 0;
  bool mapped = false;
  std::unordered_map<std::string_view, std::size_t> where;
  auto held_copy = [&](const std::string& id) -> Event* {
    if (++searched <= 16) {
      auto held = std::find_if(log_.begin(), log_.end(), [&](const Event& x) { return x.id == id; });
      return held == log_.end() ? nullptr : &*held;
    }
    if (!mapped) {
      where.reserve(log_.size());
      for (std::size_t i = 0; i < log_.size(); ++i) where.emplace(log_[i].id, i);
      mapped = true;
    }
    auto it = where.find(id);
    return it == where.end() ? nullptr : &log_[it->second];
  };
  for (Event& e : events) {
    if (!erased_ids_.empty() && erased_ids_.count(std::string(subject_candidate(e)))) scrub(e);
    if (in_snapshot(e.id) || !ids_.insert(e.id).second) {
      ++report.skipped;
      Event* held = held_copy(e.id);
      if (held && !same_event(*held, e) && canonically_before(e, *held)) {
        // the map's key views the held id's bytes, which the move replaces: key it again
        if (mapped) where.erase(held->id);
        *held = std::move(e);
        if (mapped) where.emplace(held->id, static_cast<std::size_t>(held - log_.data()));
        refold_needed = replaced = true;
      }
      continue;
    }
    if (!log_.empty() && order_before(e, log_.back())) refold_needed = true;
    if (history_pending_ && e.clock <= base_clock_) late_since_restore_ = true;
    if (std::holds_alternative<ActionUndone>(e.data) || std::holds_alternative<PersonErased>(e.data)) refold_needed = true;
    log_.push_back(std::move(e));
    if (mapped) where.emplace(log_.back().id, log_.size() - 1);
    ++report.applied;
  }
  // Only a change makes a new version: events that were all known already leave the pool, and
  // the search index built on it, as they were.
  if (report.applied > 0 || replaced) ++version_;
  // Erasures scrub every event about the person, whenever it arrives, and the snapshot's state.
  const std::size_t scan_from = replaced ? 0 : first_new;
  for (std::size_t i = scan_from; i < log_.size(); ++i)
    if (const auto* erased = std::get_if<PersonErased>(&log_[i].data)) {
      if (erased_ids_.insert(erased->candidate_id).second) report.erased.push_back(erased->candidate_id);
      erase_from_log_and_base(erased->candidate_id);
      refold_needed = true;
    }
  if (!erased_ids_.empty())
    for (std::size_t i = scan_from; i < log_.size(); ++i)
      if (erased_ids_.count(std::string(subject_candidate(log_[i])))) scrub(log_[i]);
  if (refold_needed) {
    std::stable_sort(log_.begin(), log_.end(), order_before);
    // on a restored pool, the refold starts from the snapshot (its own events are not in the
    // log yet): finish_history() folds the whole log again once they are back
    if (history_pending_) late_since_restore_ = true;
    refold();
  } else {
    for (std::size_t i = first_new; i < log_.size(); ++i) fold(log_[i]);
  }
  return report;
}

ApplyReport Pool::attach_history(std::vector<Event> events) {
  ++changes_;
  if (finishing_.begun) unfinish();  // more history: the order is made again at the next step
  ApplyReport report;
  std::vector<Event> uncovered;
  for (Event& e : events) {
    if (covered(e.id)) {
      if (!history_ids_.insert(e.id).second) {
        ++report.skipped;
        continue;
      }
      if (erased_ids_.count(std::string(subject_candidate(e)))) scrub(e);
      history_.push_back(std::move(e));
      ++report.applied;
    } else {
      uncovered.push_back(std::move(e));
    }
  }
  if (!uncovered.empty()) {
    ApplyReport more = apply(std::move(uncovered));
    report.applied += more.applied;
    report.skipped += more.skipped;
    report.erased = std::move(more.erased);
  }
  return report;
}

std::size_t Pool::finish_history() { return finish_history_step(std::numeric_limits<std::size_t>::max()).missing; }

void Pool::unfinish() {
  for (std::size_t k = 0; k < finishing_.sorted.size(); ++k) history_[finishing_.order[k]] = std::move(finishing_.sorted[k]);
  finishing_ = Finishing{};
}

Pool::HistoryStep Pool::finish_history_step(std::size_t work) {
  if (!history_pending_) {
    ++changes_;
    return {true, 0};
  }
  Finishing& f = finishing_;
  if (!f.begun) {
    // The history is put in order by sorting positions, not the events (an Event is large, and a
    // merge sort moves each one about log2(n) times): each event then moves once, into its place.
    f.order.resize(history_.size());
    for (std::uint32_t k = 0; k < f.order.size(); ++k) f.order[k] = k;
    std::stable_sort(f.order.begin(), f.order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return order_before(history_[a], history_[b]); });
    f.sorted.reserve(history_.size() + log_.size() + 1024);  // room for the log after it, too
    f.begun = true;
    if (work != std::numeric_limits<std::size_t>::max()) return {false, 0};  // the sort is a step
  }
  for (; f.sorted.size() < f.order.size() && work > 0; --work) f.sorted.push_back(std::move(history_[f.order[f.sorted.size()]]));
  if (f.sorted.size() < f.order.size()) return {false, 0};

  ++changes_;
  const std::size_t missing = snapshot_ids_->size() - history_ids_.size();
  // Merged as std::merge merges (on a tie the history's event comes first). The log since the
  // snapshot comes after its events but for late ones: then it is appended, each event moved once.
  if (log_.empty() || f.sorted.empty() || !order_before(log_.front(), f.sorted.back())) {
    for (Event& e : log_) f.sorted.push_back(std::move(e));
    log_ = std::move(f.sorted);
  } else {
    std::vector<Event> merged;
    merged.reserve(f.sorted.size() + log_.size());
    std::size_t h = 0, l = 0;
    while (h < f.sorted.size() && l < log_.size()) {
      if (order_before(log_[l], f.sorted[h])) merged.push_back(std::move(log_[l++]));
      else merged.push_back(std::move(f.sorted[h++]));
    }
    for (; h < f.sorted.size(); ++h) merged.push_back(std::move(f.sorted[h]));
    for (; l < log_.size(); ++l) merged.push_back(std::move(log_[l]));
    log_ = std::move(merged);
  }
  finishing_ = Finishing{};
  history_.clear();
  history_ids_.clear();
  collect_undone();
  if (missing > 0) {
    // Storage lost some of the snapshot's events: the snapshot stays the base (refold() skips
    // the covered events it holds), and history_complete() stays false.
    late_since_restore_ = false;
    return {true, missing};
  }
  // From here the log is whole: a refold starts from nothing, as a full replay does.
  history_pending_ = false;
  base_ = State{};
  std::string().swap(base_bytes_);
  base_clock_ = 0;
  if (late_since_restore_) {
    // an event older than the snapshot was folded on top of it: fold it in its place now
    refold();
    ++version_;
  }
  late_since_restore_ = false;
  return {true, missing};
}

Result<std::vector<Event>> Pool::execute(const Command& command, std::string_view actor, Instant at,
                                         std::string_view id_base) {
  auto events = propose(command, actor, at, id_base);
  if (events) apply(events.value());
  return events;
}

void Pool::collect_undone() {
  undone_.clear();
  for (const Event& e : log_)
    if (const auto* u = std::get_if<ActionUndone>(&e.data)) undone_.insert(u->event_ids.begin(), u->event_ids.end());
}

void Pool::refold() {
  collect_undone();
  state_ = base();
  clock_ = base_clock_;
  for (const Event& e : log_)
    if (!covered(e.id)) fold(e);  // the base holds what its snapshot covers
}

namespace {

// Two recruiters may record runner-ups of one requisition at the same moment, each offered the
// same free rank. The rules refuse a held rank when an outcome is proposed, but neither proposal
// saw the other; so the fold settles it: applied in the log's order (clock, actor, id), the first
// keeps the rank and a later one takes the first rank above it that no one holds. Every replica
// folds the same log in the same order and so ends with the same distinct ranks.
void record_outcome(State& s, const Outcome& recorded) {
  Outcome o = recorded;
  // The first rank from the recorded one up that no one else holds (what asking rank_holder()
  // rank by rank answers): one walk along the requisition's held ranks, nothing allocated. A
  // requisition whose runner-ups all came ranked 1 meets every held rank once per new one.
  if (o.outcome == OutcomeKind::runner_up && o.rank > 0)
    if (const State::Ranks* ranks = s.ranks_of(o.requisition_id))
      for (auto at = ranks->holders.lower_bound(o.rank); at != ranks->holders.end() && at->first == o.rank; ++at, ++o.rank) {
        const std::set<std::string>& holders = at->second;
        if (holders.empty() || (holders.size() == 1 && *holders.begin() == o.candidate_id)) break;  // free, or this person's
      }
  s.add_outcome(std::move(o));
}

void set_rank_order(State& s, const RunnerUpsRanked& r) {
  std::unordered_map<std::string_view, int> place;  // candidate id -> rank (the first mention wins)
  place.reserve(r.order.size());
  for (std::size_t k = 0; k < r.order.size(); ++k) place.emplace(r.order[k], static_cast<int>(k) + 1);
  for (const std::string& person : s.people_of(r.requisition_id)) {
    auto it = s.outcomes.find({person, r.requisition_id});
    if (it == s.outcomes.end() || it->second.outcome != OutcomeKind::runner_up) continue;
    auto pos = place.find(person);
    s.change_outcome(it->second, [&](Outcome& o) { o.rank = pos == place.end() ? 0 : pos->second; });
  }
}

void back_out(State& s, const HireBackOut& b) {
  auto req = s.requisitions.find(b.requisition_id);
  if (req != s.requisitions.end()) {
    req->second.status = RequisitionStatus::open;
    req->second.hired_candidate_id.clear();
  }
  s.progress[b.requisition_id].back_outs.push_back(b);
  s.progress[b.requisition_id].reopened_for.clear();
  auto out = s.outcomes.find({b.candidate_id, b.requisition_id});
  if (out != s.outcomes.end() && out->second.outcome == OutcomeKind::hired &&
      b.reason == BackOutReason::offer_declined) {
    // Someone who declined our offer is a runner-up worth keeping.
    s.change_outcome(out->second, [&](Outcome& o) {
      o.outcome = OutcomeKind::offer_declined;
      o.stage = Stage::offer;
      o.reason = {"declined_offer", b.note};
      o.initiator = Initiator::candidate_withdrew;
      o.decided_at = b.at;
    });
  }
}

}  // namespace

void Pool::fold(const Event& e) {
  clock_ = std::max(clock_, e.clock);
  if (undone_.count(e.id)) return;
  State& s = state_;
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, CandidateSaved>) {
          s.candidates[d.candidate.id] = d.candidate;
        } else if constexpr (std::is_same_v<T, RequisitionSaved>) {
          s.requisitions[d.requisition.id] = d.requisition;
          s.saved_requisitions[d.requisition.id] = d.requisition;
        } else if constexpr (std::is_same_v<T, OutcomeRecorded>) {
          record_outcome(s, d.outcome);
        } else if constexpr (std::is_same_v<T, FeedbackRequested>) {
          FeedbackRequest r = d.request;
          if (r.id.empty()) r.id = e.id;
          s.feedback_requests[r.candidate_id].push_back(std::move(r));
        } else if constexpr (std::is_same_v<T, FeedbackLogged>) {
          FeedbackGiven f = d.feedback;
          if (f.id.empty()) f.id = e.id;
          s.feedback[f.candidate_id].push_back(std::move(f));
        } else if constexpr (std::is_same_v<T, FlagsSet>) {
          s.flags[d.candidate_id] = d.flags;
        } else if constexpr (std::is_same_v<T, TouchpointLogged>) {
          Touchpoint t = d.touchpoint;
          if (t.id.empty()) t.id = e.id;
          s.touchpoints[t.candidate_id].push_back(std::move(t));
        } else if constexpr (std::is_same_v<T, FollowUpScheduled>) {
          FollowUp f = d.follow_up;
          if (f.id.empty()) f.id = e.id;
          s.follow_ups[f.id] = std::move(f);
        } else if constexpr (std::is_same_v<T, FollowUpClosed>) {
          if (auto it = s.follow_ups.find(d.follow_up_id); it != s.follow_ups.end()) {
            it->second.status = d.status;
            it->second.closed_at = e.at;
            it->second.snoozed_until.reset();
          }
        } else if constexpr (std::is_same_v<T, FollowUpSnoozed>) {
          if (auto it = s.follow_ups.find(d.follow_up_id); it != s.follow_ups.end()) {
            it->second.status = FollowUpStatus::snoozed;
            it->second.snoozed_until = d.until;
          }
        } else if constexpr (std::is_same_v<T, RunnerUpsRanked>) {
          set_rank_order(s, d);
        } else if constexpr (std::is_same_v<T, HireBackedOut>) {
          back_out(s, d.back_out);
        } else if constexpr (std::is_same_v<T, RequisitionReopened>) {
          s.progress[d.requisition_id].reopened_for = d.candidate_id;
          if (auto it = s.requisitions.find(d.requisition_id); it != s.requisitions.end())
            it->second.status = RequisitionStatus::open;
        } else if constexpr (std::is_same_v<T, RequisitionClosedOut>) {
          auto it = s.requisitions.find(d.requisition_id);
          if (it != s.requisitions.end() && !d.hired_candidate_id.empty()) {
            it->second.status = RequisitionStatus::filled;
            it->second.hired_candidate_id = d.hired_candidate_id;
            if (auto p = s.progress.find(d.requisition_id); p != s.progress.end()) p->second.reopened_for.clear();
          }
        } else if constexpr (std::is_same_v<T, ActionUndone>) {
          // Folded by refold(): collect_undone() reads every undo before the fold starts.
        } else if constexpr (std::is_same_v<T, SettingsChanged>) {
          s.settings = d.settings;
        } else if constexpr (std::is_same_v<T, ConsentRecorded>) {
          s.consents[d.candidate_id] = d.consent;
        } else if constexpr (std::is_same_v<T, ConsentRenewalRequested>) {
          Consent& c = s.consents[d.candidate_id];
          c.renewal_requested_at = e.at;
          c.renewal_granted.reset();
        } else if constexpr (std::is_same_v<T, ConsentRenewalAnswered>) {
          Consent& c = s.consents[d.candidate_id];
          c.renewal_granted = d.granted;
          if (d.granted) {
            c.basis = LegalBasis::consent;
            c.given_at = e.at;
            c.expires_at = d.expires_at;
            c.withdrawn_at.reset();
          }
        } else if constexpr (std::is_same_v<T, ConsentWithdrawn>) {
          s.consents[d.candidate_id].withdrawn_at = e.at;
        } else if constexpr (std::is_same_v<T, RetentionPolicySet>) {
          if (!d.candidate_id.empty()) s.retention_by_candidate[d.candidate_id] = d.policy;
          else s.retention_by_requisition[d.requisition_id] = d.policy;
        } else if constexpr (std::is_same_v<T, PersonErased>) {
          s.erased[d.candidate_id] = e.at;
          s.feedback_requests.erase(d.candidate_id);
          for (auto& [id, f] : s.follow_ups)
            if (f.candidate_id == d.candidate_id && (f.status == FollowUpStatus::open || f.status == FollowUpStatus::snoozed)) {
              f.status = FollowUpStatus::dismissed;
              f.closed_at = e.at;
            }
          s.consents.erase(d.candidate_id);
          s.audit.push_back({"erased", e.actor, e.at, d.candidate_id, d.reason});
        } else if constexpr (std::is_same_v<T, AccessExported>) {
          s.audit.push_back({"access_exported", e.actor, e.at, d.candidate_id, ""});
        }
      },
      e.data);
}

}  // namespace runnerup

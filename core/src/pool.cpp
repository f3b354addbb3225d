// The fold of the log into the state, and snapshots. The rules that decide which events a
// command produces are in rules.cpp.
#include "runnerup/pool.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <unordered_map>

#include <boost/json/serialize.hpp>

#include "json_read.hpp"
#include "runnerup/rediscovery.hpp"

namespace runnerup {

namespace json = boost::json;

const Flags* State::flags_of(const std::string& candidate_id) const {
  auto it = flags.find(candidate_id);
  return it == flags.end() ? nullptr : &it->second;
}

bool State::do_not_contact(const std::string& candidate_id) const {
  const Flags* f = flags_of(candidate_id);
  return f && f->do_not_contact;
}

Instant State::last_contact(const std::string& candidate_id) const {
  Instant last = 0;
  if (auto it = touchpoints.find(candidate_id); it != touchpoints.end())
    for (const Touchpoint& t : it->second) last = std::max(last, t.at);
  if (auto it = feedback.find(candidate_id); it != feedback.end())
    for (const FeedbackGiven& f : it->second) last = std::max(last, f.given_at);
  return last;
}

const Consent& State::consent_of(const std::string& candidate_id) const {
  static const Consent kNone;
  auto it = consents.find(candidate_id);
  return it == consents.end() ? kNone : it->second;
}

Retention State::retention(const std::string& candidate_id, Date today) const {
  const Outcome* latest = nullptr;
  for (auto it = outcomes.lower_bound({candidate_id, ""}); it != outcomes.end() && it->first.first == candidate_id; ++it)
    if (!latest || it->second.decided_at > latest->decided_at) latest = &it->second;
  return retention(candidate_id, today, latest);
}

std::vector<std::pair<const std::string*, const Outcome*>> State::latest_outcomes() const {
  std::vector<std::pair<const std::string*, const Outcome*>> out;
  for (auto it = outcomes.begin(); it != outcomes.end();) {
    const std::string& id = it->first.first;
    const Outcome* latest = &it->second;
    for (++it; it != outcomes.end() && it->first.first == id; ++it)
      if (it->second.decided_at > latest->decided_at) latest = &it->second;  // as retention() finds it
    out.emplace_back(&id, latest);
  }
  return out;
}

Retention State::retention(const std::string& candidate_id, Date today, const Outcome* latest) const {
  Retention r;
  const std::string* code = &settings.retention_policy;
  r.chosen_by = "team";
  if (auto p = retention_by_candidate.find(candidate_id); p != retention_by_candidate.end()) {
    code = &p->second;
    r.chosen_by = "person";
  } else if (latest) {
    if (auto q = retention_by_requisition.find(latest->requisition_id); q != retention_by_requisition.end()) {
      code = &q->second;
      r.chosen_by = "requisition";
    }
  }
  r.policy = find_retention_policy(*code);
  if (!r.policy) r.policy = find_retention_policy("default");
  const Consent& consent = consent_of(candidate_id);
  r.consent_valid = consent_valid(consent, today);
  if (!latest) return r;
  r.anchor = latest->decided_at;
  if (r.policy->clock == RetentionClock::from_last_contact) r.anchor = std::max(r.anchor, last_contact(candidate_id));
  r.until = retain_until(*r.policy, settings.default_retention_months, r.anchor, consent);
  return r;
}

std::string State::outreach_blocked(const std::string& candidate_id, Date today) const {
  if (is_erased(candidate_id)) return "this person's data was erased";
  if (const Flags* f = flags_of(candidate_id); f && f->do_not_contact)
    return "must not be contacted (" + f->do_not_contact_reason + ")";
  const Consent& c = consent_of(candidate_id);
  if (c.withdrawn_at) return "withdrew consent on " + format_date(date_of(*c.withdrawn_at));
  const Retention r = retention(candidate_id, today);
  if (r.anchor != 0 && r.until < today)
    return "the retention period ended on " + format_date(r.until) + " (" + std::string(r.policy->label) + ")";
  return {};
}

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
      o = std::get<OutcomeRecorded>(e.data).outcome;
    }
  b.feedback.erase(candidate_id);
  b.feedback_requests.erase(candidate_id);
  b.touchpoints.erase(candidate_id);
  b.flags.erase(candidate_id);
  for (auto& [id, f] : b.follow_ups)
    if (f.candidate_id == candidate_id) f.note.clear();
  for (Event& e : history_)
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

std::size_t Pool::finish_history() {
  ++changes_;
  if (!history_pending_) return 0;
  const std::size_t missing = snapshot_ids_->size() - history_ids_.size();
  // The history is put in order by sorting positions, not the events (an Event is large, and a
  // merge sort moves each one about log2(n) times): each event then moves once, into its place
  // in the merged log. The merge is std::merge's: on a tie the history's event comes first.
  std::vector<std::uint32_t> order(history_.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return order_before(history_[a], history_[b]); });
  std::vector<Event> merged;
  merged.reserve(history_.size() + log_.size());
  std::size_t h = 0, l = 0;
  while (h < order.size() && l < log_.size()) {
    if (order_before(log_[l], history_[order[h]])) merged.push_back(std::move(log_[l++]));
    else merged.push_back(std::move(history_[order[h++]]));
  }
  for (; h < order.size(); ++h) merged.push_back(std::move(history_[order[h]]));
  for (; l < log_.size(); ++l) merged.push_back(std::move(log_[l]));
  log_ = std::move(merged);
  history_.clear();
  history_ids_.clear();
  collect_undone();
  if (missing > 0) {
    // Storage lost some of the snapshot's events: the snapshot stays the base (refold() skips
    // the covered events it holds), and history_complete() stays false.
    late_since_restore_ = false;
    return missing;
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
  return missing;
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

void set_rank_order(State& s, const RunnerUpsRanked& r) {
  for (auto& [key, o] : s.outcomes) {
    if (key.second != r.requisition_id || o.outcome != OutcomeKind::runner_up) continue;
    auto pos = std::find(r.order.begin(), r.order.end(), key.first);
    o.rank = pos == r.order.end() ? 0 : static_cast<int>(pos - r.order.begin()) + 1;
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
    Outcome& o = out->second;
    o.outcome = OutcomeKind::offer_declined;
    o.stage = Stage::offer;
    o.reason = {"declined_offer", b.note};
    o.initiator = Initiator::candidate_withdrew;
    o.decided_at = b.at;
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
          s.outcomes[{d.outcome.candidate_id, d.outcome.requisition_id}] = d.outcome;
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

// ---- snapshots --------------------------------------------------------------------------------

namespace {

template <class Map>
json::array values_of(const Map& m) {
  json::array a;
  for (const auto& kv : m) a.push_back(json::value_from(kv.second));
  return a;
}

template <class Map>
json::array flattened(const Map& m) {
  json::array a;
  for (const auto& kv : m)
    for (const auto& x : kv.second) a.push_back(json::value_from(x));
  return a;
}

}  // namespace

json::value Pool::snapshot() const {
  json::object o;
  o["format"] = kSnapshotFormat;
  o["version"] = kSnapshotVersion;
  o["clock"] = clock_;
  const std::vector<std::string_view> ids = sorted_ids();
  json::array ja;
  ja.reserve(ids.size());
  for (auto& id : ids) ja.emplace_back(id);
  o["eventIds"] = std::move(ja);
  o["candidates"] = values_of(state_.candidates);
  o["requisitions"] = values_of(state_.requisitions);
  json::array saved;
  for (const auto& [id, q] : state_.saved_requisitions) {
    auto now = state_.requisitions.find(id);
    if (now == state_.requisitions.end() || json::value_from(now->second) != json::value_from(q))
      saved.push_back(json::value_from(q));
  }
  o["savedRequisitions"] = std::move(saved);
  o["outcomes"] = values_of(state_.outcomes);
  json::array flags;
  for (const auto& [cid, f] : state_.flags)
    flags.push_back(json::object{{"candidateId", cid}, {"flags", json::value_from(f)}});
  o["flags"] = std::move(flags);
  o["feedbackRequests"] = flattened(state_.feedback_requests);
  o["feedback"] = flattened(state_.feedback);
  o["touchpoints"] = flattened(state_.touchpoints);
  o["followUps"] = values_of(state_.follow_ups);
  json::array progress;
  for (const auto& [rid, p] : state_.progress) {
    json::array backs;
    for (const HireBackOut& b : p.back_outs) backs.push_back(json::value_from(b));
    progress.push_back(json::object{{"requisitionId", rid}, {"backOuts", std::move(backs)}, {"reopenedFor", p.reopened_for}});
  }
  o["progress"] = std::move(progress);
  o["settings"] = json::value_from(state_.settings);
  json::array consents;
  for (const auto& [cid, c] : state_.consents)
    consents.push_back(json::object{{"candidateId", cid}, {"consent", json::value_from(c)}});
  o["consents"] = std::move(consents);
  json::array policies;
  for (const auto& [cid, p] : state_.retention_by_candidate)
    policies.push_back(json::object{{"candidateId", cid}, {"requisitionId", ""}, {"policy", p}});
  for (const auto& [rid, p] : state_.retention_by_requisition)
    policies.push_back(json::object{{"candidateId", ""}, {"requisitionId", rid}, {"policy", p}});
  o["retentionPolicies"] = std::move(policies);
  json::array erased;
  for (const auto& [cid, at] : state_.erased) erased.push_back(json::object{{"candidateId", cid}, {"at", format_instant(at)}});
  o["erased"] = std::move(erased);
  json::array audit;
  for (const AuditEntry& a : state_.audit)
    audit.push_back(json::object{{"type", a.type}, {"by", a.by}, {"at", format_instant(a.at)},
                                 {"candidateId", a.candidate_id}, {"detail", a.detail}});
  o["audit"] = std::move(audit);
  return o;
}

Status Pool::restore(const json::value& v) {
  using detail::Need;
  detail::Decoder d;
  detail::ObjectReader r(d, v, "", "a snapshot");
  const std::string format = r.text("format", Need::required);
  const long long version = r.integer("version", Need::required, 0, 1'000'000);
  if (!d.failed() && format != kSnapshotFormat)
    return Error{ErrorCode::invalid_field, "/format", "not a runnerup snapshot (format \"" + format + "\")"};
  if (!d.failed() && version != kSnapshotVersion)
    return Error{ErrorCode::unsupported_version, "/version",
                 "snapshot version " + std::to_string(version) + " is not supported (this build reads version 1)"};
  const auto clock = static_cast<std::uint64_t>(r.integer("clock", Need::required, 0, (1LL << 53) - 1));
  State s;
  // Each list: decode every element with `take`, stopping at the first error.
  auto each = [&](const char* key, auto&& take) {
    const json::value* list = r.get(key);
    if (!list || d.failed()) return;
    const json::array* a = list->if_array();
    const std::string path = std::string("/") + key;
    if (!a) return d.fail(ErrorCode::invalid_field, path, std::string("\"") + key + "\" must be a list");
    for (std::size_t i = 0; i < a->size() && !d.failed(); ++i) take((*a)[i], path + "/" + std::to_string(i));
  };
  auto check = [&](auto result) {
    if (!result) d.fail(result.error().code, result.error().path, result.error().message);
    return result;
  };
  std::unordered_set<std::string> event_ids;
  each("eventIds", [&](const json::value& x, const std::string& p) {
    if (const json::string* str = x.if_string()) event_ids.emplace(*str);
    else d.fail(ErrorCode::invalid_field, p, "event ids must be strings");
  });
  each("candidates", [&](const json::value& x, const std::string& p) {
    if (auto c = check(decode_candidate(x, p))) s.candidates[c.value().id] = std::move(c).value();
  });
  each("requisitions", [&](const json::value& x, const std::string& p) {
    if (auto q = check(decode_requisition(x, p))) {
      s.saved_requisitions[q.value().id] = q.value();
      s.requisitions[q.value().id] = std::move(q).value();
    }
  });
  each("savedRequisitions", [&](const json::value& x, const std::string& p) {
    if (auto q = check(decode_requisition(x, p))) s.saved_requisitions[q.value().id] = std::move(q).value();
  });
  each("outcomes", [&](const json::value& x, const std::string& p) {
    if (auto o = check(decode_outcome(x, p))) {
      Outcome out = std::move(o).value();
      s.outcomes[{out.candidate_id, out.requisition_id}] = std::move(out);
    }
  });
  each("flags", [&](const json::value& x, const std::string& p) {
    if (auto f = check(decode_payload<FlagsSet>(x, p))) s.flags[f.value().candidate_id] = f.value().flags;
  });
  each("feedbackRequests", [&](const json::value& x, const std::string& p) {
    if (auto f = check(decode_feedback_request(x, p))) s.feedback_requests[f.value().candidate_id].push_back(f.value());
  });
  each("feedback", [&](const json::value& x, const std::string& p) {
    if (auto f = check(decode_feedback_given(x, p))) s.feedback[f.value().candidate_id].push_back(f.value());
  });
  each("touchpoints", [&](const json::value& x, const std::string& p) {
    if (auto t = check(decode_touchpoint(x, p))) s.touchpoints[t.value().candidate_id].push_back(t.value());
  });
  each("followUps", [&](const json::value& x, const std::string& p) {
    if (auto f = check(decode_follow_up(x, p))) s.follow_ups[f.value().id] = f.value();
  });
  each("progress", [&](const json::value& x, const std::string& p) {
    detail::ObjectReader pr(d, x, p, "requisition progress");
    const std::string rid = pr.id("requisitionId", Need::required);
    RequisitionProgress prog;
    prog.reopened_for = pr.id("reopenedFor", Need::optional);
    if (const json::value* backs = pr.get("backOuts"); backs && !d.failed()) {
      const json::array* a = backs->if_array();
      if (!a) return d.fail(ErrorCode::invalid_field, pr.path_of("backOuts"), "\"backOuts\" must be a list");
      for (std::size_t i = 0; i < a->size() && !d.failed(); ++i)
        if (auto b = check(decode_back_out((*a)[i], pr.path_of("backOuts") + "/" + std::to_string(i))))
          prog.back_outs.push_back(b.value());
    }
    pr.finish();
    if (!d.failed()) s.progress[rid] = std::move(prog);
  });
  if (const json::value* settings = r.get("settings"); settings && !d.failed())
    if (auto st = check(decode_settings(*settings, "/settings", Settings{}))) s.settings = st.value();
  each("consents", [&](const json::value& x, const std::string& p) {
    if (auto c = check(decode_payload<ConsentRecorded>(x, p))) s.consents[c.value().candidate_id] = c.value().consent;
  });
  each("retentionPolicies", [&](const json::value& x, const std::string& p) {
    if (auto rp = check(decode_payload<RetentionPolicySet>(x, p))) {
      if (!rp.value().candidate_id.empty()) s.retention_by_candidate[rp.value().candidate_id] = rp.value().policy;
      else s.retention_by_requisition[rp.value().requisition_id] = rp.value().policy;
    }
  });
  each("erased", [&](const json::value& x, const std::string& p) {
    detail::ObjectReader er(d, x, p, "an erasure");
    const std::string cid = er.id("candidateId", Need::required);
    const Instant at = er.instant("at", Need::required);
    er.finish();
    if (!d.failed()) s.erased[cid] = at;
  });
  each("audit", [&](const json::value& x, const std::string& p) {
    detail::ObjectReader ar(d, x, p, "an audit entry");
    const std::string type = ar.text("type", Need::required);
    AuditEntry a;
    a.type = type == "erased" ? "erased" : "access_exported";
    if (!d.failed() && type != "erased" && type != "access_exported")
      d.fail(ErrorCode::invalid_field, ar.path_of("type"), "unknown audit entry type");
    a.by = ar.id("by", Need::required);
    a.at = ar.instant("at", Need::required);
    a.candidate_id = ar.id("candidateId", Need::required);
    a.detail = ar.text("detail", Need::optional);
    ar.finish();
    if (!d.failed()) s.audit.push_back(std::move(a));
  });
  r.finish();
  if (d.failed()) return d.error();
  std::vector<std::string_view> sorted(event_ids.begin(), event_ids.end());
  std::sort(sorted.begin(), sorted.end());
  IdSet ids;
  for (std::string_view id : sorted) ids.append(id);
  adopt_snapshot(std::move(s), clock, std::move(ids));
  return ok_status();
}

bool Pool::adopt(Pool&& proposed, std::uint64_t if_changes) {
  if (changes_ != if_changes) return false;
  const std::uint64_t next = std::max(changes_, proposed.changes_) + 1;
  // The session's own: a proposal held here and the offset stay this pool's, not the copy's.
  Held held = std::move(held_);
  const std::uint64_t proposals = proposals_;
  const int offset = utc_offset_;
  *this = std::move(proposed);
  changes_ = next;
  held_ = std::move(held);
  proposals_ = proposals;
  utc_offset_ = offset;
  return true;
}

Result<std::uint64_t> Pool::hold(const Command& command, std::string_view actor, Instant at,
                                 std::string_view id_base) {
  auto events = propose(command, actor, at, id_base);
  if (!events) return events.error();
  held_ = Held{++proposals_, changes_, std::move(events).value()};
  return held_.id;
}

Result<CommitReport> Pool::commit(std::uint64_t proposal) {
  if (proposal == 0 || proposal != held_.id)
    return Error{ErrorCode::conflict, "/proposal",
                 "proposal " + std::to_string(proposal) +
                     " is not the one held: it was committed already, replaced by a later one, or never made"};
  Held held = std::move(held_);
  held_ = Held{};
  CommitReport report;
  // Unchanged since: the events continue the log and its clock as proposed. Changed (another
  // tab's or the host's events came in while these were stored): they are facts now, stored,
  // and apply() folds them in the log's order like any events.
  report.unchanged = held.changes == changes_;
  report.applied = apply(std::move(held.events));
  return report;
}

void Pool::stage(std::vector<Event> events) {
  if (staged_.empty()) staged_.reserve(events.size());
  for (Event& e : events) staged_.push_back(std::move(e));
  staged_sorted_ = false;
}

Pool::StagedReport Pool::apply_staged(std::size_t max) {
  StagedReport report;
  if (!staged_sorted_) {
    std::stable_sort(staged_.begin() + static_cast<std::ptrdiff_t>(staged_at_), staged_.end(), order_before);
    staged_sorted_ = true;
  }
  const std::size_t n = std::min(max, staged_.size() - staged_at_);
  const auto first = staged_.begin() + static_cast<std::ptrdiff_t>(staged_at_);
  std::vector<Event> step(std::make_move_iterator(first), std::make_move_iterator(first + static_cast<std::ptrdiff_t>(n)));
  staged_at_ += n;
  if (staged_at_ == staged_.size()) {
    std::vector<Event>().swap(staged_);
    staged_at_ = 0;
  }
  report.remaining = staged_.size() - staged_at_;
  if (!step.empty()) report.applied = apply(std::move(step));
  return report;
}

Status Pool::set_utc_offset(int minutes) {
  if (minutes < -840 || minutes > 840)
    return Error{ErrorCode::invalid_field, "/utcOffsetMinutes",
                 "a UTC offset is between -840 and +840 minutes (UTC-14:00 to UTC+14:00)"};
  utc_offset_ = minutes;
  return ok_status();
}

Date Pool::today(Instant at) const { return date_of(at + static_cast<Instant>(utc_offset_) * 60'000); }

std::vector<std::string_view> Pool::sorted_ids() const {
  // The snapshot's ids are sorted already and none of them is in ids_: only the events since
  // (a few hundred, when an opened pool compacts again) are sorted, then merged in.
  std::vector<std::string_view> fresh(ids_.begin(), ids_.end());
  std::sort(fresh.begin(), fresh.end());
  if (!snapshot_ids_ || snapshot_ids_->empty()) return fresh;
  const IdSet& old = *snapshot_ids_;
  std::vector<std::string_view> ids;
  ids.reserve(fresh.size() + old.size());
  std::size_t i = 0;
  for (const std::string_view id : fresh) {
    for (; i < old.size() && old[i] < id; ++i) ids.push_back(old[i]);
    ids.push_back(id);
  }
  for (; i < old.size(); ++i) ids.push_back(old[i]);
  return ids;
}

bool IdSet::append(std::string_view id) {
  if (!ends_.empty() && !((*this)[ends_.size() - 1] < id)) return false;
  blob_.append(id.data(), id.size());
  ends_.push_back(blob_.size());
  return true;
}

bool IdSet::contains(std::string_view id) const {
  std::size_t lo = 0, hi = ends_.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const std::string_view x = (*this)[mid];
    if (x == id) return true;
    if (x < id) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

void Pool::adopt_snapshot(State s, std::uint64_t clock, IdSet event_ids, std::string bytes) {
  ++changes_;
  if (bytes.empty()) {
    base_ = s;
    base_bytes_.clear();
  } else {
    base_ = State{};
    base_bytes_ = std::move(bytes);
  }
  base_clock_ = clock;
  erased_ids_.clear();
  for (const auto& [cid, at] : s.erased) erased_ids_.insert(cid);
  state_ = std::move(s);
  clock_ = clock;
  ++version_;
  log_.clear();
  undone_.clear();
  history_pending_ = !event_ids.empty();
  history_.clear();
  history_ids_.clear();
  late_since_restore_ = false;
  ids_.clear();
  snapshot_ids_ = std::make_shared<const IdSet>(std::move(event_ids));
}

}  // namespace runnerup

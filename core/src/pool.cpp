// The fold of the log into the state, and snapshots. The rules that decide which events a
// command produces are in rules.cpp.
#include "runnerup/pool.hpp"

#include <algorithm>

#include "json_read.hpp"

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

ApplyReport Pool::apply(std::vector<Event> events) {
  ApplyReport report;
  std::stable_sort(events.begin(), events.end(), order_before);
  bool refold_needed = false;
  const std::size_t first_new = log_.size();
  for (Event& e : events) {
    if (!ids_.insert(e.id).second) {
      ++report.skipped;
      continue;
    }
    if (!log_.empty() && order_before(e, log_.back())) refold_needed = true;
    if (std::holds_alternative<ActionUndone>(e.data)) refold_needed = true;
    log_.push_back(std::move(e));
    ++report.applied;
  }
  if (refold_needed) {
    std::stable_sort(log_.begin(), log_.end(), order_before);
    refold();
  } else {
    for (std::size_t i = first_new; i < log_.size(); ++i) fold(log_[i]);
  }
  return report;
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
  state_ = base_;
  clock_ = base_clock_;
  for (const Event& e : log_) fold(e);
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
          s.feedback_due_business_days = d.feedback_due_business_days;
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
  std::vector<std::string> ids(ids_.begin(), ids_.end());
  std::sort(ids.begin(), ids.end());
  json::array ja;
  ja.reserve(ids.size());
  for (auto& id : ids) ja.emplace_back(id);
  o["eventIds"] = std::move(ja);
  o["candidates"] = values_of(state_.candidates);
  o["requisitions"] = values_of(state_.requisitions);
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
  o["settings"] = json::object{{"feedbackDueBusinessDays", state_.feedback_due_business_days}};
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
    if (auto q = check(decode_requisition(x, p))) s.requisitions[q.value().id] = std::move(q).value();
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
  if (const json::value* settings = r.get("settings"); settings && !d.failed()) {
    detail::ObjectReader sr(d, *settings, "/settings", "settings");
    s.feedback_due_business_days = static_cast<int>(sr.integer("feedbackDueBusinessDays", Need::required, 1, 60));
    sr.finish();
  }
  r.finish();
  if (d.failed()) return d.error();
  base_ = s;
  base_clock_ = clock;
  state_ = std::move(s);
  clock_ = clock;
  log_.clear();
  undone_.clear();
  ids_ = std::move(event_ids);
  return ok_status();
}

}  // namespace runnerup

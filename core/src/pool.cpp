#include "runnerup/pool.hpp"

#include <algorithm>

#include "json_read.hpp"
#include "runnerup/query.hpp"

namespace runnerup {

namespace json = boost::json;

namespace {

template <class T>
bool same_json(const T& a, const T& b) {
  return json::value_from(a) == json::value_from(b);
}

Result<std::vector<EventData>> changes_for(const State& s, const SaveCandidate& c) {
  auto it = s.candidates.find(c.candidate.id);
  if (it != s.candidates.end() && same_json(it->second, c.candidate)) return std::vector<EventData>{};
  return std::vector<EventData>{CandidateSaved{c.candidate}};
}

Result<std::vector<EventData>> changes_for(const State& s, const SaveRequisition& c) {
  auto it = s.requisitions.find(c.requisition.id);
  if (it != s.requisitions.end() && same_json(it->second, c.requisition)) return std::vector<EventData>{};
  return std::vector<EventData>{RequisitionSaved{c.requisition}};
}

Result<std::vector<EventData>> changes_for(const State& s, RecordOutcome c, std::string_view actor,
                                           Instant at) {
  Outcome& o = c.outcome;
  if (!s.candidates.count(o.candidate_id))
    return Error{ErrorCode::not_found, "/outcome/candidateId",
                 "no candidate with id \"" + o.candidate_id + "\" in this pool"};
  if (!s.requisitions.count(o.requisition_id))
    return Error{ErrorCode::not_found, "/outcome/requisitionId",
                 "no requisition with id \"" + o.requisition_id + "\" in this pool"};
  if (o.decided_at == 0) o.decided_at = at;
  if (o.decided_at > at + 60'000)
    return Error{ErrorCode::invalid_field, "/outcome/decidedAt",
                 "the decision is dated in the future (" + format_instant(o.decided_at) + ")"};
  if (o.decided_by.empty()) o.decided_by = std::string(actor);
  if (o.outcome == OutcomeKind::runner_up && o.rank > 0) {
    std::vector<int> taken;
    for (const auto& [key, other] : s.outcomes) {
      if (key.second != o.requisition_id || key.first == o.candidate_id) continue;
      if (other.outcome != OutcomeKind::runner_up || other.rank == 0) continue;
      if (other.rank == o.rank) {
        auto cand = s.candidates.find(key.first);
        const std::string who = cand != s.candidates.end() ? cand->second.name : key.first;
        return Error{ErrorCode::conflict, "/outcome/rank",
                     "rank " + std::to_string(o.rank) + " is already held by " + who};
      }
      taken.push_back(other.rank);
    }
    const int next = static_cast<int>(taken.size()) + 1;
    if (o.rank > next)
      return Error{ErrorCode::conflict, "/outcome/rank",
                   "rank " + std::to_string(o.rank) + " would skip a place: the next free rank is " +
                       std::to_string(next)};
  }
  auto it = s.outcomes.find({o.candidate_id, o.requisition_id});
  if (it != s.outcomes.end()) {
    Outcome same = o;
    same.decided_at = it->second.decided_at;
    same.decided_by = it->second.decided_by;
    if (same_json(it->second, same)) return std::vector<EventData>{};
  }
  return std::vector<EventData>{OutcomeRecorded{std::move(o)}};
}

}  // namespace

Result<std::vector<Event>> Pool::propose(const Command& command, std::string_view actor, Instant at,
                                         std::string_view id_base) const {
  if (actor.empty() || actor.size() > detail::kMaxId)
    return Error{ErrorCode::invalid_field, "", "an actor id (1 to 200 bytes) is required"};
  if (id_base.empty() || id_base.size() > detail::kMaxId - 8)
    return Error{ErrorCode::invalid_field, "", "an event id base (1 to 190 bytes) is required"};
  Result<std::vector<EventData>> changes = std::visit(
      [&](const auto& c) -> Result<std::vector<EventData>> {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, RecordOutcome>) return changes_for(state_, c, actor, at);
        else return changes_for(state_, c);
      },
      command);
  if (!changes) return changes.error();
  std::vector<Event> events;
  for (std::size_t i = 0; i < changes.value().size(); ++i) {
    Event e;
    e.id = std::string(id_base) + "." + std::to_string(i);
    e.actor = std::string(actor);
    e.at = at;
    e.clock = clock_ + 1 + i;
    e.data = std::move(changes.value()[i]);
    events.push_back(std::move(e));
  }
  return events;
}

ApplyReport Pool::apply(std::vector<Event> events) {
  ApplyReport report;
  std::stable_sort(events.begin(), events.end(), order_before);
  bool out_of_order = false;
  std::size_t first_new = log_.size();
  for (Event& e : events) {
    if (!ids_.insert(e.id).second) {
      ++report.skipped;
      continue;
    }
    if (!log_.empty() && order_before(e, log_.back())) out_of_order = true;
    log_.push_back(std::move(e));
    ++report.applied;
  }
  if (out_of_order) {
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

void Pool::fold(const Event& e) {
  clock_ = std::max(clock_, e.clock);
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, CandidateSaved>)
          state_.candidates[d.candidate.id] = d.candidate;
        else if constexpr (std::is_same_v<T, RequisitionSaved>)
          state_.requisitions[d.requisition.id] = d.requisition;
        else
          state_.outcomes[{d.outcome.candidate_id, d.outcome.requisition_id}] = d.outcome;
      },
      e.data);
}

void Pool::refold() {
  state_ = base_;
  clock_ = base_clock_;
  for (const Event& e : log_) fold(e);
}

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
  json::array cands, reqs, outs;
  for (const auto& [id, c] : state_.candidates) cands.push_back(json::value_from(c));
  for (const auto& [id, q] : state_.requisitions) reqs.push_back(json::value_from(q));
  for (const auto& [key, out] : state_.outcomes) outs.push_back(json::value_from(out));
  o["candidates"] = std::move(cands);
  o["requisitions"] = std::move(reqs);
  o["outcomes"] = std::move(outs);
  return o;
}

Status Pool::restore(const json::value& v) {
  detail::Decoder d;
  detail::ObjectReader r(d, v, "", "a snapshot");
  const std::string format = r.text("format", detail::Need::required);
  const long long version = r.integer("version", detail::Need::required, 0, 1'000'000);
  const auto clock = static_cast<std::uint64_t>(r.integer("clock", detail::Need::required, 0, (1LL << 53) - 1));
  const std::vector<std::string> ids = [&] {
    const json::value* a = r.get("eventIds");
    std::vector<std::string> out;
    if (!a || d.failed()) return out;
    if (!a->is_array()) {
      d.fail(ErrorCode::invalid_field, "/eventIds", "\"eventIds\" must be a list of strings");
      return out;
    }
    for (std::size_t i = 0; i < a->get_array().size(); ++i) {
      const json::string* s = a->get_array()[i].if_string();
      if (!s) {
        d.fail(ErrorCode::invalid_field, "/eventIds/" + std::to_string(i), "event ids must be strings");
        return out;
      }
      out.emplace_back(*s);
    }
    return out;
  }();
  const json::value* cands = r.get("candidates");
  const json::value* reqs = r.get("requisitions");
  const json::value* outs = r.get("outcomes");
  r.finish();
  if (d.failed()) return d.error();
  if (format != kSnapshotFormat)
    return Error{ErrorCode::invalid_field, "/format", "not a runnerup snapshot (format \"" + format + "\")"};
  if (version != kSnapshotVersion)
    return Error{ErrorCode::unsupported_version, "/version",
                 "snapshot version " + std::to_string(version) + " is not supported (this build reads version 1)"};
  State s;
  auto each = [&](const json::value* list, const char* key, auto&& take) -> Status {
    if (!list) return ok_status();
    const json::array* a = list->if_array();
    const std::string path = std::string("/") + key;
    if (!a) return Error{ErrorCode::invalid_field, path, std::string("\"") + key + "\" must be a list"};
    for (std::size_t i = 0; i < a->size(); ++i) {
      Status st = take((*a)[i], path + "/" + std::to_string(i));
      if (!st) return st;
    }
    return ok_status();
  };
  Status st = each(cands, "candidates", [&](const json::value& x, const std::string& p) -> Status {
    auto c = decode_candidate(x, p);
    if (!c) return c.error();
    s.candidates[c.value().id] = std::move(c).value();
    return ok_status();
  });
  if (!st) return st;
  st = each(reqs, "requisitions", [&](const json::value& x, const std::string& p) -> Status {
    auto q = decode_requisition(x, p);
    if (!q) return q.error();
    s.requisitions[q.value().id] = std::move(q).value();
    return ok_status();
  });
  if (!st) return st;
  st = each(outs, "outcomes", [&](const json::value& x, const std::string& p) -> Status {
    auto o = decode_outcome(x, p);
    if (!o) return o.error();
    Outcome out = std::move(o).value();
    s.outcomes[{out.candidate_id, out.requisition_id}] = std::move(out);
    return ok_status();
  });
  if (!st) return st;
  base_ = s;
  base_clock_ = clock;
  state_ = std::move(s);
  clock_ = clock;
  log_.clear();
  ids_ = std::unordered_set<std::string>(ids.begin(), ids.end());
  return ok_status();
}

}  // namespace runnerup

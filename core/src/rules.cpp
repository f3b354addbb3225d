// The rules of the pool: which events each command produces, validated against the state.
// Every function returns the events' payloads or an error; Pool::propose wraps them in
// envelopes. Nothing here changes the pool.
#include <algorithm>
#include <functional>
#include <set>

#include "json_read.hpp"
#include "query_json.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"
#include "runnerup/rules.hpp"

namespace runnerup {

namespace json = boost::json;

namespace {

using Changes = Result<std::vector<EventData>>;

template <class T>
bool same_json(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, Candidate> || std::is_same_v<T, Requisition> || std::is_same_v<T, Outcome>)
    return a == b;  // field by field, from the record's one description
  else
    return json::value_from(a) == json::value_from(b);
}

// Context every rule needs.
struct Ctx {
  const State& s;
  std::string_view actor;
  Instant at;
  std::string_view id_base;
  Date today;  // the recruiter's date at `at` (Pool::today)

  // The id the event at `index` of this action will get (follow-ups and touchpoints are named by it).
  std::string event_id(std::size_t index) const { return std::string(id_base) + "." + std::to_string(index); }
};

}  // namespace

std::optional<Error> need_candidate(const State& s, const std::string& id, const std::string& path) {
  if (s.is_erased(id))
    return Error{ErrorCode::erased, path, "this person's data was erased on " +
                                                format_date(date_of(s.erased.at(id))) + "; nothing more can be recorded"};
  if (s.candidates.count(id)) return std::nullopt;
  return Error{ErrorCode::not_found, path, "no candidate with id \"" + id + "\" in this pool"};
}

std::optional<Error> need_requisition(const State& s, const std::string& id, const std::string& path) {
  if (s.requisitions.count(id)) return std::nullopt;
  return Error{ErrorCode::not_found, path, "no requisition with id \"" + id + "\" in this pool"};
}

namespace {

const std::string& name_of(const State& s, const std::string& candidate_id) {
  auto it = s.candidates.find(candidate_id);
  return it == s.candidates.end() ? candidate_id : it->second.name;
}

std::optional<Error> outreach_allowed(const State& s, const std::string& candidate_id, const std::string& path,
                                      Date today) {
  const std::string why = s.outreach_blocked(candidate_id, today);
  if (why.empty()) return std::nullopt;
  return Error{ErrorCode::blocked, path, name_of(s, candidate_id) + ": " + why};
}

std::optional<Error> not_in_future(Instant when, Instant now, const std::string& path, const char* what) {
  if (when <= now + kClockSkew) return std::nullopt;
  return Error{ErrorCode::invalid_field, path,
               std::string(what) + " is dated in the future (" + format_instant(when) + ")"};
}

Changes rule(const Ctx& c, const SaveCandidate& cmd) {
  if (c.s.is_erased(cmd.candidate.id))
    return Error{ErrorCode::erased, "/candidate/id",
                 "this person's data was erased on " + format_date(date_of(c.s.erased.at(cmd.candidate.id))) +
                     "; erase them in the ATS too instead of sending them again"};
  auto it = c.s.candidates.find(cmd.candidate.id);
  if (it != c.s.candidates.end() && same_json(it->second, cmd.candidate)) return std::vector<EventData>{};
  return std::vector<EventData>{CandidateSaved{cmd.candidate}};
}

Changes rule(const Ctx& c, const SaveRequisition& cmd) {
  // Compared with what was last saved, not with the requisition as back-outs and reopenings
  // changed it: a host re-sending its unchanged record must not undo a back-out.
  auto saved = c.s.saved_requisitions.find(cmd.requisition.id);
  if (saved != c.s.saved_requisitions.end() && same_json(saved->second, cmd.requisition))
    return std::vector<EventData>{};
  auto it = c.s.requisitions.find(cmd.requisition.id);
  if (saved == c.s.saved_requisitions.end() && it != c.s.requisitions.end() && same_json(it->second, cmd.requisition))
    return std::vector<EventData>{};
  return std::vector<EventData>{RequisitionSaved{cmd.requisition}};
}

Result<FollowUp> checked_follow_up(const Ctx& c, FollowUp f, const std::string& path, std::size_t index) {
  if (auto e = need_candidate(c.s, f.candidate_id, path + "/candidateId")) return *e;
  if (auto e = outreach_allowed(c.s, f.candidate_id, path, c.today)) return *e;
  f.id = c.event_id(index);
  f.status = FollowUpStatus::open;
  f.snoozed_until.reset();
  f.closed_at.reset();
  if (f.owner.empty()) f.owner = std::string(c.actor);
  return f;
}

Changes rule(const Ctx& c, RecordOutcome cmd) {
  Outcome& o = cmd.outcome;
  if (auto e = need_candidate(c.s, o.candidate_id, "/outcome/candidateId")) return *e;
  if (auto e = need_requisition(c.s, o.requisition_id, "/outcome/requisitionId")) return *e;
  if (o.decided_at == 0) o.decided_at = c.at;
  if (auto e = outcome_problem(c.s, o, c.at)) return *e;
  if (o.decided_by.empty()) o.decided_by = std::string(c.actor);
  std::vector<EventData> out;
  auto it = c.s.outcomes.find({o.candidate_id, o.requisition_id});
  Outcome unchanged = o;
  if (it != c.s.outcomes.end()) {
    unchanged.decided_at = it->second.decided_at;
    unchanged.decided_by = it->second.decided_by;
  }
  if (it == c.s.outcomes.end() || !same_json(it->second, unchanged)) out.push_back(OutcomeRecorded{o});
  if (cmd.flags) {
    *cmd.flags = normalized_flags(std::move(*cmd.flags));
    const Flags* now = c.s.flags_of(o.candidate_id);
    if (!now || !same_json(*now, *cmd.flags)) out.push_back(FlagsSet{o.candidate_id, *cmd.flags});
  }
  if (cmd.follow_up) {
    // Flags set in this same action (do not contact) apply to its follow-up too.
    if (cmd.flags && cmd.flags->do_not_contact)
      return Error{ErrorCode::blocked, "/followUp",
                   "a follow-up cannot be scheduled for a person marked do not contact"};
    auto f = checked_follow_up(c, *cmd.follow_up, "/followUp", out.size());
    if (!f) return f.error();
    out.push_back(FollowUpScheduled{std::move(f).value()});
  }
  return out;
}

Changes rule(const Ctx& c, RequestFeedback cmd) {
  FeedbackRequest& r = cmd.request;
  if (auto e = need_candidate(c.s, r.candidate_id, "/request/candidateId")) return *e;
  if (!r.requisition_id.empty())
    if (auto e = need_requisition(c.s, r.requisition_id, "/request/requisitionId")) return *e;
  if (r.requested_at == 0) r.requested_at = c.at;
  if (auto e = not_in_future(r.requested_at, c.at, "/request/requestedAt", "the request")) return *e;
  r.id = c.event_id(0);
  return std::vector<EventData>{FeedbackRequested{r}};
}

Changes rule(const Ctx& c, GiveFeedback cmd) {
  FeedbackGiven& f = cmd.feedback;
  if (auto e = need_candidate(c.s, f.candidate_id, "/feedback/candidateId")) return *e;
  if (!f.requisition_id.empty())
    if (auto e = need_requisition(c.s, f.requisition_id, "/feedback/requisitionId")) return *e;
  if (auto e = outreach_allowed(c.s, f.candidate_id, "/feedback", c.today)) return *e;
  if (f.given_at == 0) f.given_at = c.at;
  if (auto e = not_in_future(f.given_at, c.at, "/feedback/givenAt", "the feedback")) return *e;
  if (f.by.empty()) f.by = std::string(c.actor);
  f.id = c.event_id(0);
  return std::vector<EventData>{FeedbackLogged{f}};
}

Changes rule(const Ctx& c, const SetFlags& cmd) {
  if (auto e = need_candidate(c.s, cmd.candidate_id, "/candidateId")) return *e;
  for (const std::string& rid : cmd.flags.future_roles.requisitions)
    if (auto e = need_requisition(c.s, rid, "/flags/futureRoles/requisitions")) return *e;
  Flags flags = normalized_flags(cmd.flags);
  const Flags* now = c.s.flags_of(cmd.candidate_id);
  if (now && same_json(*now, flags)) return std::vector<EventData>{};
  return std::vector<EventData>{FlagsSet{cmd.candidate_id, std::move(flags)}};
}

Changes rule(const Ctx& c, LogTouchpoint cmd) {
  Touchpoint& t = cmd.touchpoint;
  if (auto e = need_candidate(c.s, t.candidate_id, "/touchpoint/candidateId")) return *e;
  if (t.direction == Direction::outbound)
    if (auto e = outreach_allowed(c.s, t.candidate_id, "/touchpoint", c.today)) return *e;
  if (t.at == 0) t.at = c.at;
  if (auto e = not_in_future(t.at, c.at, "/touchpoint/at", "the touchpoint")) return *e;
  if (t.by.empty()) t.by = std::string(c.actor);
  t.id = c.event_id(0);
  return std::vector<EventData>{TouchpointLogged{t}};
}

Changes rule(const Ctx& c, const ScheduleFollowUp& cmd) {
  auto f = checked_follow_up(c, cmd.follow_up, "/followUp", 0);
  if (!f) return f.error();
  return std::vector<EventData>{FollowUpScheduled{std::move(f).value()}};
}

Result<const FollowUp*> open_follow_up(const State& s, const std::string& id) {
  auto it = s.follow_ups.find(id);
  if (it == s.follow_ups.end())
    return Error{ErrorCode::not_found, "/followUpId", "no follow-up with id \"" + id + "\""};
  const FollowUp& f = it->second;
  if (f.status == FollowUpStatus::done || f.status == FollowUpStatus::dismissed)
    return Error{ErrorCode::conflict, "/followUpId",
                 "this follow-up is already " + std::string(code_of(f.status))};
  return &f;
}

Changes rule(const Ctx& c, const CompleteFollowUp& cmd) {
  auto f = open_follow_up(c.s, cmd.follow_up_id);
  if (!f) return f.error();
  const FollowUp& fu = *f.value();
  if (auto e = outreach_allowed(c.s, fu.candidate_id, "/followUpId", c.today)) return *e;
  std::vector<EventData> out{FollowUpClosed{fu.id, FollowUpStatus::done}};
  if (fu.cadence.every > 0) {
    FollowUp next = fu;
    next.id = c.event_id(1);
    next.due = next_by_cadence(c.today, fu.cadence);
    next.status = FollowUpStatus::open;
    next.snoozed_until.reset();
    next.closed_at.reset();
    out.push_back(FollowUpScheduled{std::move(next)});
  }
  return out;
}

}  // namespace

Date snooze_default(const FollowUp& f, Date today) { return std::max(today, due_on(f)) + kSnoozeDays; }

std::optional<Error> snooze_problem(const FollowUp& f, Date until, Date today) {
  if (until <= today) return Error{ErrorCode::invalid_field, "/until", "snooze until a date after today"};
  if (until < due_on(f))
    return Error{ErrorCode::invalid_field, "/until",
                 "a snooze cannot bring a follow-up forward: it is due on " + format_date(due_on(f)) +
                     ", so snooze until that date or later"};
  return std::nullopt;
}

namespace {

Changes rule(const Ctx& c, const SnoozeFollowUp& cmd) {
  auto f = open_follow_up(c.s, cmd.follow_up_id);
  if (!f) return f.error();
  if (auto e = snooze_problem(*f.value(), cmd.until, c.today)) return *e;
  return std::vector<EventData>{FollowUpSnoozed{cmd.follow_up_id, cmd.until}};
}

Changes rule(const Ctx& c, const DismissFollowUp& cmd) {
  auto f = open_follow_up(c.s, cmd.follow_up_id);
  if (!f) return f.error();
  return std::vector<EventData>{FollowUpClosed{cmd.follow_up_id, FollowUpStatus::dismissed}};
}

Changes rule(const Ctx& c, const RankRunnerUps& cmd) {
  if (auto e = need_requisition(c.s, cmd.requisition_id, "/requisitionId")) return *e;
  std::set<std::string> runner_ups;
  for (const auto& [key, o] : c.s.outcomes)
    if (key.second == cmd.requisition_id && o.outcome == OutcomeKind::runner_up) runner_ups.insert(key.first);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < cmd.order.size(); ++i) {
    const std::string& id = cmd.order[i];
    const std::string path = "/order/" + std::to_string(i);
    if (!runner_ups.count(id))
      return Error{ErrorCode::conflict, path, name_of(c.s, id) + " is not a runner-up of this requisition"};
    if (!seen.insert(id).second)
      return Error{ErrorCode::conflict, path, name_of(c.s, id) + " is ranked twice"};
  }
  if (seen.size() != runner_ups.size()) {
    for (const std::string& id : runner_ups)
      if (!seen.count(id))
        return Error{ErrorCode::conflict, "/order",
                     "the ranking leaves out " + name_of(c.s, id) + ": rank every runner-up of the requisition"};
  }
  bool changed = false;
  for (std::size_t i = 0; i < cmd.order.size(); ++i)
    changed |= c.s.outcomes.at({cmd.order[i], cmd.requisition_id}).rank != static_cast<int>(i + 1);
  if (!changed) return std::vector<EventData>{};
  return std::vector<EventData>{RunnerUpsRanked{cmd.requisition_id, cmd.order}};
}

Changes rule(const Ctx& c, MarkHireBackedOut cmd) {
  HireBackOut& b = cmd.back_out;
  if (auto e = need_requisition(c.s, b.requisition_id, "/backOut/requisitionId")) return *e;
  if (b.candidate_id.empty()) b.candidate_id = c.s.requisitions.at(b.requisition_id).hired_candidate_id;
  if (b.candidate_id.empty())
    for (const auto& [key, o] : c.s.outcomes)
      if (key.second == b.requisition_id && o.outcome == OutcomeKind::hired) b.candidate_id = key.first;
  if (b.candidate_id.empty())
    return Error{ErrorCode::conflict, "/backOut/requisitionId",
                 "this requisition has no hire who could back out"};
  if (b.at == 0) b.at = c.at;
  if (auto e = not_in_future(b.at, c.at, "/backOut/at", "the back-out")) return *e;
  return std::vector<EventData>{HireBackedOut{b}};
}

Changes rule(const Ctx& c, const ReopenForNextInLine& cmd) {
  if (auto e = need_requisition(c.s, cmd.requisition_id, "/requisitionId")) return *e;
  NextInLine line = next_in_line(c.s, cmd.requisition_id, c.today);
  if (!cmd.candidate_id.empty()) {
    if (auto e = outreach_allowed(c.s, cmd.candidate_id, "/candidateId", c.today)) return *e;
    for (const SkippedEntry& s : line.skipped)
      if (s.candidate->id == cmd.candidate_id)
        return Error{ErrorCode::conflict, "/candidateId", s.candidate->name + " cannot be approached (" + std::string(s.why) + ")"};
    const bool listed = std::any_of(line.entries.begin(), line.entries.end(),
                                    [&](const NextInLineEntry& e) { return e.candidate->id == cmd.candidate_id; });
    if (!listed)
      return Error{ErrorCode::conflict, "/candidateId",
                   name_of(c.s, cmd.candidate_id) + " is not a runner-up of this requisition"};
    return std::vector<EventData>{RequisitionReopened{cmd.requisition_id, cmd.candidate_id}};
  }
  if (line.entries.empty())
    return Error{ErrorCode::conflict, "/requisitionId", "no runner-up of this requisition can be approached"};
  return std::vector<EventData>{RequisitionReopened{cmd.requisition_id, line.entries.front().candidate->id}};
}

Changes rule(const Ctx& c, const CloseOutRequisition& cmd) {
  return close_out_changes(c.s, cmd, c.at, c.actor, [&c](std::size_t i) { return c.event_id(i); });
}

Changes rule(const Ctx& c, const ChangeSettings& cmd) {
  auto merged = decode_settings(cmd.settings, "/settings", c.s.settings);
  if (!merged) return merged.error();
  if (same_json(merged.value(), c.s.settings)) return std::vector<EventData>{};
  return std::vector<EventData>{SettingsChanged{merged.value()}};
}

Changes rule(const Ctx& c, const RecordConsent& cmd) {
  if (auto e = need_candidate(c.s, cmd.candidate_id, "/candidateId")) return *e;
  if (cmd.consent.given_at)
    if (auto e = not_in_future(*cmd.consent.given_at, c.at, "/consent/givenAt", "the consent")) return *e;
  auto it = c.s.consents.find(cmd.candidate_id);
  Consent consent = cmd.consent;  // a consent recorded by hand keeps the ATS's storage limit
  if (!consent.store_until && it != c.s.consents.end()) consent.store_until = it->second.store_until;
  if (it != c.s.consents.end() && same_json(it->second, consent)) return std::vector<EventData>{};
  return std::vector<EventData>{ConsentRecorded{cmd.candidate_id, std::move(consent)}};
}

Changes rule(const Ctx& c, const RequestConsentRenewal& cmd) {
  if (auto e = need_candidate(c.s, cmd.candidate_id, "/candidateId")) return *e;
  if (auto e = outreach_allowed(c.s, cmd.candidate_id, "", c.today)) {
    // Asking for renewal is how a lapsed clock is restarted, so only a refusal to be
    // contacted blocks it, not an ended retention period.
    const Flags* f = c.s.flags_of(cmd.candidate_id);
    if ((f && f->do_not_contact) || c.s.consent_of(cmd.candidate_id).withdrawn_at) return *e;
  }
  return std::vector<EventData>{ConsentRenewalRequested{cmd.candidate_id}};
}

Changes rule(const Ctx& c, const AnswerConsentRenewal& cmd) {
  if (auto e = need_candidate(c.s, cmd.candidate_id, "/candidateId")) return *e;
  if (cmd.expires_at && *cmd.expires_at <= c.at)
    return Error{ErrorCode::invalid_field, "/expiresAt", "a renewed consent must expire in the future"};
  return std::vector<EventData>{ConsentRenewalAnswered{cmd.candidate_id, cmd.granted, cmd.expires_at}};
}

Changes rule(const Ctx& c, const WithdrawConsent& cmd) {
  if (auto e = need_candidate(c.s, cmd.candidate_id, "/candidateId")) return *e;
  if (c.s.consent_of(cmd.candidate_id).withdrawn_at)
    return Error{ErrorCode::conflict, "/candidateId", "consent was already withdrawn"};
  return std::vector<EventData>{ConsentWithdrawn{cmd.candidate_id}};
}

Changes rule(const Ctx& c, const SetRetentionPolicy& cmd) {
  if (!cmd.candidate_id.empty()) {
    if (auto e = need_candidate(c.s, cmd.candidate_id, "/candidateId")) return *e;
  } else if (auto e = need_requisition(c.s, cmd.requisition_id, "/requisitionId")) {
    return *e;
  }
  return std::vector<EventData>{RetentionPolicySet{cmd.candidate_id, cmd.requisition_id, cmd.policy}};
}

Changes rule(const Ctx& c, const ErasePerson& cmd) {
  if (c.s.is_erased(cmd.candidate_id))
    return Error{ErrorCode::conflict, "/candidateId", "this person's data was already erased"};
  if (auto e = need_candidate(c.s, cmd.candidate_id, "/candidateId")) return *e;
  return std::vector<EventData>{PersonErased{cmd.candidate_id, "request"}};
}

Changes rule(const Ctx& c, const EraseExpired&) {
  std::vector<EventData> out;
  for (const ErasureDue& due : erasure_due(c.s, c.today)) out.push_back(PersonErased{due.candidate_id, "retention_expired"});
  return out;
}

Changes rule(const Ctx& c, const RecordAccessExport& cmd) {
  if (c.s.is_erased(cmd.candidate_id))
    return Error{ErrorCode::conflict, "/candidateId", "this person's data was erased; nothing is held to export"};
  if (auto e = need_candidate(c.s, cmd.candidate_id, "/candidateId")) return *e;
  return std::vector<EventData>{AccessExported{cmd.candidate_id}};
}

}  // namespace

int next_free_rank(const State& s, const std::string& requisition_id, const std::string& candidate_id) {
  const State::Ranks* ranks = s.ranks_of(requisition_id);
  std::size_t taken = ranks ? ranks->count : 0;
  if (taken > 0 && !candidate_id.empty()) {
    auto own = s.outcomes.find({candidate_id, requisition_id});
    if (own != s.outcomes.end() && own->second.outcome == OutcomeKind::runner_up && own->second.rank > 0) --taken;
  }
  return static_cast<int>(taken) + 1;
}

const std::string* rank_holder(const State& s, const std::string& requisition_id, int rank,
                               const std::string& candidate_id) {
  // the first of the rank's holders in candidate id order (as a scan of `outcomes` would meet them)
  const State::Ranks* ranks = s.ranks_of(requisition_id);
  if (!ranks) return nullptr;
  auto at = ranks->holders.find(rank);
  if (at == ranks->holders.end()) return nullptr;
  for (const std::string& person : at->second) {
    if (person == candidate_id) continue;
    return &s.outcomes.find({person, requisition_id})->first.first;
  }
  return nullptr;
}

int suggested_rank(const State& s, const std::string& requisition_id, const std::string& candidate_id) {
  auto own = s.outcomes.find({candidate_id, requisition_id});
  if (own != s.outcomes.end() && own->second.outcome == OutcomeKind::runner_up && own->second.rank > 0)
    return own->second.rank;
  return next_free_rank(s, requisition_id, candidate_id);
}

std::optional<Error> outcome_problem(const State& s, const Outcome& o, Instant at) {
  if (auto e = not_in_future(o.decided_at, at, "/outcome/decidedAt", "the decision")) return e;
  if (o.outcome != OutcomeKind::hired) {
    auto req = s.requisitions.find(o.requisition_id);
    if (req != s.requisitions.end() && !o.candidate_id.empty() && req->second.hired_candidate_id == o.candidate_id)
      return Error{ErrorCode::conflict, "/outcome/candidateId",
                   name_of(s, o.candidate_id) + " is the person hired for this requisition, not a runner-up: "
                   "mark the hire backed out first"};
  }
  if (o.outcome != OutcomeKind::runner_up || o.rank == 0) return std::nullopt;
  if (const std::string* holder = rank_holder(s, o.requisition_id, o.rank, o.candidate_id))
    return Error{ErrorCode::conflict, "/outcome/rank",
                 "rank " + std::to_string(o.rank) + " is already held by " + name_of(s, *holder)};
  const int next = next_free_rank(s, o.requisition_id, o.candidate_id);
  if (o.rank > next)
    return Error{ErrorCode::conflict, "/outcome/rank",
                 "rank " + std::to_string(o.rank) + " would skip a place: the next free rank is " + std::to_string(next)};
  return std::nullopt;
}

std::optional<Error> clock_lead_problem(std::uint64_t event_clock, std::uint64_t pool_clock) {
  if (event_clock <= pool_clock || event_clock - pool_clock <= kMaxClockLead) return std::nullopt;
  return Error{ErrorCode::invalid_field, "/clock",
               "the event's clock (" + std::to_string(event_clock) + ") is more than " +
                   std::to_string(kMaxClockLead) + " ahead of the pool's (" + std::to_string(pool_clock) +
                   "): an event's clock continues the highest its author has seen"};
}

std::optional<Error> admission_problem(const std::vector<Event>& events, std::uint64_t pool_clock) {
  for (std::size_t i = 0; i < events.size(); ++i)
    if (auto e = clock_lead_problem(events[i].clock, pool_clock)) {
      e->path = "/" + std::to_string(i) + e->path;
      return e;
    }
  return std::nullopt;
}

json::value limits_json() {
  return json::object{{"lineBytes", detail::kMaxLine},          {"noteBytes", detail::kMaxNote},
                      {"idBytes", detail::kMaxId},              {"listItems", detail::kMaxItems},
                      {"clockSkewMs", kClockSkew},              {"expiringWithinDays", kExpiringWithinDays},
                      {"utcOffsetMinutes", json::array{-840, 840}}};
}

std::vector<ErasureDue> erasure_due(const State& s, Date today) {
  std::vector<ErasureDue> out;
  for (const auto& [id, cand] : s.candidates) {
    if (s.is_erased(id)) continue;
    const Retention r = s.retention(id, today);
    if (r.expired(today)) out.push_back({id, r.until});
  }
  return out;
}

json::value erasure_due_json(const State& s, Date today) {
  json::array due;
  for (const ErasureDue& d : erasure_due(s, today))
    due.push_back(json::object{{"candidateId", d.candidate_id}, {"until", format_date(d.until)}});
  const bool automatic = s.settings.auto_erase;
  const bool run = automatic && !due.empty();
  return json::object{{"today", format_date(today)},
                      {"automatic", automatic},
                      {"run", run},
                      {"due", std::move(due)},
                      {"expiringWithinDays", kExpiringWithinDays}};
}

std::optional<Result<json::value>> rules_query(const Pool& pool, const json::value& query) {
  const json::object* o = query.if_object();
  const json::value* t = o ? o->if_contains("type") : nullptr;
  const json::string* type = t ? t->if_string() : nullptr;
  if (!type) return std::nullopt;
  if (*type == "batch") {
    // Several queries answered in one call (a view's redraw): {"queries":[...]} -> {"answers":[...]};
    // the first that fails is the error, its path under /queries/<i>.
    const json::value* qs = o->if_contains("queries");
    if (!qs || !qs->is_array() || o->size() != 2)
      return Result<json::value>(Error{ErrorCode::invalid_field, "/queries", "a batch is {\"type\":\"batch\",\"queries\":[...]}"});
    json::array answers;
    for (std::size_t i = 0; i < qs->as_array().size(); ++i) {
      auto a = run_query(pool, qs->as_array()[i]);
      if (!a) {
        Error e = a.error();
        e.path = "/queries/" + std::to_string(i) + e.path;
        return Result<json::value>(std::move(e));
      }
      answers.push_back(std::move(a).value());
    }
    return Result<json::value>(json::value(json::object{{"answers", std::move(answers)}}));
  }
  const bool ours = *type == "nextRank" || *type == "limits" || *type == "erasureDue" || *type == "erased" || *type == "today";
  if (!ours) return std::nullopt;
  detail::Decoder d;
  detail::ObjectReader r(d, query, "", "a query");
  (void)r.text("type", detail::Need::required);
  const State& s = pool.state();
  if (*type == "nextRank") {
    const std::string req = r.id("requisitionId", detail::Need::required);
    const std::string cand = r.id("candidateId", detail::Need::optional);
    r.finish();
    if (d.failed()) return Result<json::value>(d.error());
    if (!s.requisitions.count(req))
      return Result<json::value>(Error{ErrorCode::not_found, "/requisitionId", "no requisition with id \"" + req + "\" in this pool"});
    return Result<json::value>(json::value(json::object{{"nextRank", next_free_rank(s, req, cand)},
                                                        {"suggestedRank", suggested_rank(s, req, cand)}}));
  }
  if (*type == "today") {
    const Instant at = r.instant("at", detail::Need::required);
    r.finish();
    if (d.failed()) return Result<json::value>(d.error());
    return Result<json::value>(json::value(
        json::object{{"today", format_date(pool.today(at))}, {"utcOffsetMinutes", pool.utc_offset()}}));
  }
  if (*type == "erasureDue") {
    auto day = detail::today_of(r, d);
    r.finish();
    if (d.failed()) return Result<json::value>(d.error());
    if (!day) return Result<json::value>(day.error());
    return Result<json::value>(erasure_due_json(s, day.value()));
  }
  r.finish();
  if (d.failed()) return Result<json::value>(d.error());
  if (*type == "limits") return Result<json::value>(limits_json());
  json::array ids;
  for (const auto& [id, when] : s.erased) ids.push_back(json::value(id));
  return Result<json::value>(json::value(json::object{{"candidateIds", std::move(ids)}}));
}

// Undo needs the log, so it is a member of Pool rather than a rule of the state.
Result<std::vector<EventData>> undo_last(const std::vector<Event>& log, std::string_view actor,
                                         const std::function<bool(const std::string&)>& is_undone) {
  for (auto it = log.rbegin(); it != log.rend(); ++it) {
    if (it->actor != actor || std::holds_alternative<ActionUndone>(it->data) || is_undone(it->id)) continue;
    if (std::holds_alternative<PersonErased>(it->data))
      return Error{ErrorCode::conflict, "", "your last action was an erasure, which cannot be undone"};
    if (std::holds_alternative<AccessExported>(it->data))
      return Error{ErrorCode::conflict, "", "your last action was an access export, which stays in the audit trail"};
    const std::string_view action = action_of(*it);
    ActionUndone undo;
    for (const Event& e : log)
      if (e.actor == actor && action_of(e) == action) undo.event_ids.push_back(e.id);
    return std::vector<EventData>{std::move(undo)};
  }
  return Error{ErrorCode::not_found, "", "there is nothing of yours to undo"};
}

Result<std::vector<Event>> Pool::propose(const Command& command, std::string_view actor, Instant at,
                                         std::string_view id_base) const {
  if (actor.empty() || actor.size() > detail::kMaxId || !detail::text_problem(actor, detail::Text::line).empty())
    return Error{ErrorCode::invalid_field, "", "an actor id (1 to 200 bytes, no control characters) is required"};
  if (id_base.empty() || id_base.size() > detail::kMaxId - 8 || id_base.find('.') != std::string_view::npos)
    return Error{ErrorCode::invalid_field, "", "an event id base (1 to 190 bytes, without '.') is required"};
  const Ctx ctx{state_, actor, at, id_base, today(at)};
  Changes changes = std::visit(
      [&](const auto& c) -> Changes {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, UndoLast>)
          return undo_last(log_, actor, [this](const std::string& id) { return is_undone(id); });
        else
          return rule(ctx, c);
      },
      command);
  if (!changes) return changes.error();
  std::vector<Event> events;
  for (std::size_t i = 0; i < changes.value().size(); ++i) {
    Event e;
    e.id = ctx.event_id(i);
    e.actor = std::string(actor);
    e.at = at;
    e.clock = clock_ + 1 + i;
    e.data = std::move(changes.value()[i]);
    events.push_back(std::move(e));
  }
  return events;
}

}  // namespace runnerup

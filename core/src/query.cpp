#include "runnerup/query.hpp"
#include "runnerup/rules.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <unordered_map>
#include <tuple>
#include <unordered_set>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>

#include "json_read.hpp"
#include "runnerup/rediscovery.hpp"

namespace runnerup {

namespace json = boost::json;
using detail::Decoder;
using detail::Need;
using detail::ObjectReader;

bool keeps_in_pool(OutcomeKind kind) {
  return kind == OutcomeKind::runner_up || kind == OutcomeKind::withdrew ||
         kind == OutcomeKind::offer_declined;
}

const std::vector<PoolEntry>& Pool::entries() const {
  if (!entries_ || entries_version_ != version_ || entries_state_ != &state_) {
    entries_ = std::make_shared<const std::vector<PoolEntry>>(pool_entries(state_));
    entries_version_ = version_;
    entries_state_ = &state_;
  }
  return *entries_;
}

std::vector<PoolEntry> pool_entries(const State& state) {
  // The latest outcome of each candidate (by decision time, then requisition id). Outcomes and
  // candidates are both ordered by candidate id, so one pass over each finds them (a 100k pool
  // is asked for its entries on every change: no map, no lookups).
  std::vector<PoolEntry> out;
  // The distinct requisitions the entries name (a few hundred for 100k entries), each looked up
  // once: per entry, a hash of its requisition id rather than searches in ordered maps.
  std::unordered_map<std::string_view, std::uint32_t> requisition_index;
  std::vector<std::string_view> requisition_ids;
  std::vector<const Requisition*> requisitions;
  std::vector<std::uint32_t> requisition_of;  // per entry: its place in requisition_ids
  auto c = state.candidates.begin();
  for (auto it = state.outcomes.begin(); it != state.outcomes.end();) {
    const std::string& cid = it->first.first;
    const Outcome* latest = &it->second;
    for (++it; it != state.outcomes.end() && it->first.first == cid; ++it)
      if (std::tie(it->second.decided_at, it->second.requisition_id) > std::tie(latest->decided_at, latest->requisition_id))
        latest = &it->second;
    if (!keeps_in_pool(latest->outcome) || state.is_erased(cid)) continue;
    while (c != state.candidates.end() && c->first < cid) ++c;
    if (c == state.candidates.end()) break;
    if (c->first != cid) continue;
    const auto [known, fresh] = requisition_index.try_emplace(latest->requisition_id, static_cast<std::uint32_t>(requisition_ids.size()));
    if (fresh) {
      requisition_ids.push_back(latest->requisition_id);
      auto q = state.requisitions.find(latest->requisition_id);
      requisitions.push_back(q == state.requisitions.end() ? nullptr : &q->second);
    }
    out.push_back({&c->second, latest, requisitions[known->second]});
    requisition_of.push_back(known->second);
  }
  // By requisition, rank (unranked last), name, id. Sorting 100k entries through pointers into
  // the state is bound by cache misses, so each entry carries its keys: the requisition's place
  // among the ids, the rank, and the name's first eight bytes (big-endian, so comparing them
  // as numbers is comparing the bytes); only equal prefixes look at the strings.
  std::vector<std::uint32_t> by_id(requisition_ids.size());
  for (std::uint32_t k = 0; k < by_id.size(); ++k) by_id[k] = k;
  std::sort(by_id.begin(), by_id.end(), [&](std::uint32_t a, std::uint32_t b) { return requisition_ids[a] < requisition_ids[b]; });
  std::vector<std::uint32_t> requisition_order(by_id.size());  // place in requisition_ids -> place in id order
  for (std::uint32_t k = 0; k < by_id.size(); ++k) requisition_order[by_id[k]] = k;
  struct Keyed {
    std::uint32_t requisition;
    int rank;
    std::uint64_t name_prefix;
    PoolEntry entry;
  };
  auto prefix = [](const std::string& name) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i)
      v = (v << 8) | (i < name.size() ? static_cast<unsigned char>(name[i]) : 0u);
    return v;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(out.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const PoolEntry& e = out[i];
    keyed.push_back({requisition_order[requisition_of[i]], e.outcome->rank == 0 ? 1 << 30 : e.outcome->rank,
                     prefix(e.candidate->name), e});
  }
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    if (a.requisition != b.requisition) return a.requisition < b.requisition;
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.name_prefix != b.name_prefix) return a.name_prefix < b.name_prefix;
    return std::tie(a.entry.candidate->name, a.entry.candidate->id) < std::tie(b.entry.candidate->name, b.entry.candidate->id);
  });
  for (std::size_t i = 0; i < keyed.size(); ++i) out[i] = keyed[i].entry;
  return out;
}

namespace {

bool hired_elsewhere(const State& s, const std::string& candidate_id, const std::string& requisition_id) {
  for (auto it = s.outcomes.lower_bound({candidate_id, ""});
       it != s.outcomes.end() && it->first.first == candidate_id; ++it)
    if (it->first.second != requisition_id && it->second.outcome == OutcomeKind::hired) return true;
  return false;
}

}  // namespace

NextInLine next_in_line(const State& state, const std::string& requisition_id, Date today) {
  std::vector<std::pair<const Candidate*, const Outcome*>> runner_ups;
  for (const auto& [key, o] : state.outcomes) {
    if (key.second != requisition_id || o.outcome != OutcomeKind::runner_up || state.is_erased(key.first)) continue;
    auto c = state.candidates.find(key.first);
    if (c != state.candidates.end()) runner_ups.emplace_back(&c->second, &o);
  }
  std::sort(runner_ups.begin(), runner_ups.end(), [](const auto& a, const auto& b) {
    const int ra = a.second->rank == 0 ? 1 << 30 : a.second->rank;
    const int rb = b.second->rank == 0 ? 1 << 30 : b.second->rank;
    return std::tie(ra, a.first->name, a.first->id) < std::tie(rb, b.first->name, b.first->id);
  });
  NextInLine out;
  for (const auto& [c, o] : runner_ups) {
    const Retention r = state.retention(c->id, today);
    if (state.do_not_contact(c->id)) out.skipped.push_back({c, o, "do_not_contact"});
    else if (state.consent_of(c->id).withdrawn_at) out.skipped.push_back({c, o, "consent_withdrawn"});
    else if (r.anchor != 0 && r.until < today) out.skipped.push_back({c, o, "retention_expired"});
    else if (hired_elsewhere(state, c->id, requisition_id)) out.skipped.push_back({c, o, "hired_elsewhere"});
    else out.entries.push_back({c, o});
  }
  return out;
}

std::vector<OwedFeedback> feedback_owed(const State& state, Date today) {
  std::vector<OwedFeedback> out;
  for (const auto& [cid, requests] : state.feedback_requests) {
    auto cand = state.candidates.find(cid);
    if (cand == state.candidates.end() || state.is_erased(cid)) continue;
    auto given = state.feedback.find(cid);
    for (const FeedbackRequest& r : requests) {
      bool answered = false;
      if (given != state.feedback.end())
        for (const FeedbackGiven& f : given->second)
          answered |= f.given_at >= r.requested_at &&
                      (r.requisition_id.empty() || f.requisition_id.empty() || f.requisition_id == r.requisition_id);
      if (answered) continue;
      const int days = business_days_between(date_of(r.requested_at), today);
      out.push_back({&r, &cand->second, days, days > state.settings.feedback_due_business_days});
    }
  }
  std::sort(out.begin(), out.end(), [](const OwedFeedback& a, const OwedFeedback& b) {
    return std::tie(a.request->requested_at, a.request->id) < std::tie(b.request->requested_at, b.request->id);
  });
  return out;
}

FollowUpsDue follow_ups_due(const State& state, Date today) {
  FollowUpsDue out;
  for (const auto& [id, f] : state.follow_ups) {
    if (f.status != FollowUpStatus::open && f.status != FollowUpStatus::snoozed) continue;
    auto cand = state.candidates.find(f.candidate_id);
    if (cand == state.candidates.end()) continue;
    const Date due = f.snoozed_until ? *f.snoozed_until : f.due;
    DueFollowUp d{&f, &cand->second, due, state.outreach_blocked(f.candidate_id, today)};
    (due < today ? out.overdue : due == today ? out.today : out.upcoming).push_back(d);
  }
  for (auto* list : {&out.overdue, &out.today, &out.upcoming})
    std::sort(list->begin(), list->end(), [](const DueFollowUp& a, const DueFollowUp& b) {
      return std::tie(a.due, a.candidate->name, a.follow_up->id) < std::tie(b.due, b.candidate->name, b.follow_up->id);
    });
  return out;
}

namespace {

json::value retention_entry(const State& s, const std::string& id, Date today);

template <class E>
json::array vocabulary() {
  json::array a;
  for (const CodeLabel& item : Vocabulary<E>::items)
    a.push_back(json::object{{"code", item.code}, {"label", item.label}});
  return a;
}

json::value requisition_ref(const Requisition* q) {
  if (!q) return nullptr;
  return json::object{{"id", q->id}, {"title", q->title}, {"status", code_of(q->status)}};
}

json::value instant_or_null(Instant t) {
  if (t == 0) return nullptr;
  return json::value(format_instant(t));
}

json::value flags_json(const State& s, const std::string& candidate_id) {
  const Flags* f = s.flags_of(candidate_id);
  return json::value_from(f ? *f : Flags{});
}

// The earliest open follow-up of a person, as its due date (snoozes counted), or null.
json::value next_follow_up(const State& s, const std::string& candidate_id) {
  std::optional<Date> best;
  for (const auto& [id, f] : s.follow_ups) {
    if (f.candidate_id != candidate_id) continue;
    if (f.status != FollowUpStatus::open && f.status != FollowUpStatus::snoozed) continue;
    const Date due = f.snoozed_until ? *f.snoozed_until : f.due;
    if (!best || due < *best) best = due;
  }
  if (!best) return nullptr;
  return json::value(format_date(*best));
}

json::value latest_feedback(const State& s, const std::string& candidate_id) {
  auto it = s.feedback.find(candidate_id);
  if (it == s.feedback.end() || it->second.empty()) return nullptr;
  const FeedbackGiven* best = &it->second.front();
  for (const FeedbackGiven& f : it->second)
    if (f.given_at >= best->given_at) best = &f;
  return json::value_from(*best);
}

json::value reason_json(const Outcome& o) {
  json::value v = json::value_from(o);
  if (const ReasonInfo* r = find_reason(o.reason.code)) {
    v.as_object()["reasonLabel"] = r->label;
    v.as_object()["reasonAboutCandidate"] = r->about_candidate;
  }
  return v;
}

json::object person_json(const State& s, const Candidate& c) {
  return json::object{{"id", c.id}, {"name", c.name}, {"doNotContact", s.do_not_contact(c.id)}};
}

// The pool's entries (of one requisition when `requisition_id` is set), the first `limit` of
// them in full; `total` counts every match. A 100k pool's table asks for a page, not for all.
json::value pool_json(const Pool& pool, std::optional<Date> today, const std::string& requisition_id = {},
                      std::size_t limit = std::numeric_limits<std::size_t>::max()) {
  const State& s = pool.state();
  json::array entries;
  std::size_t total = 0;
  for (const PoolEntry& e : pool.entries()) {
    if (!requisition_id.empty() && e.outcome->requisition_id != requisition_id) continue;
    if (total++ >= limit) continue;
    entries.push_back(json::object{{"retention", today ? retention_entry(s, e.candidate->id, *today) : json::value(nullptr)},
                                   {"outreachBlocked", today ? json::value(s.outreach_blocked(e.candidate->id, *today)) : json::value(nullptr)},{"candidate", json::value_from(*e.candidate)},
                                   {"outcome", reason_json(*e.outcome)},
                                   {"requisition", requisition_ref(e.requisition)},
                                   {"flags", flags_json(s, e.candidate->id)},
                                   {"lastContact", instant_or_null(s.last_contact(e.candidate->id))},
                                   {"nextFollowUp", next_follow_up(s, e.candidate->id)},
                                   {"feedbackGiven", latest_feedback(s, e.candidate->id)}});
  }
  return json::object{{"total", total}, {"entries", std::move(entries)}};
}

Result<json::value> candidate_json(const Pool& pool, const std::string& id, std::optional<Date> today) {
  const State& s = pool.state();
  auto c = s.candidates.find(id);
  if (c == s.candidates.end())
    return Error{ErrorCode::not_found, "/id", "no candidate with id \"" + id + "\" in this pool"};
  std::vector<const Outcome*> outcomes;
  for (const auto& [key, o] : s.outcomes)
    if (key.first == id) outcomes.push_back(&o);
  std::sort(outcomes.begin(), outcomes.end(),
            [](const Outcome* a, const Outcome* b) { return a->decided_at < b->decided_at; });
  json::array outs, history;
  for (const Outcome* o : outcomes) {
    json::value v = reason_json(*o);
    auto q = s.requisitions.find(o->requisition_id);
    v.as_object()["requisition"] = requisition_ref(q == s.requisitions.end() ? nullptr : &q->second);
    outs.push_back(std::move(v));
  }
  for (const Event& e : pool.log()) {
    bool about = subject_candidate(e) == id;
    if (!about) {
      if (const auto* cl = std::get_if<FollowUpClosed>(&e.data)) {
        auto f = s.follow_ups.find(cl->follow_up_id);
        about = f != s.follow_ups.end() && f->second.candidate_id == id;
      } else if (const auto* sn = std::get_if<FollowUpSnoozed>(&e.data)) {
        auto f = s.follow_ups.find(sn->follow_up_id);
        about = f != s.follow_ups.end() && f->second.candidate_id == id;
      } else if (const auto* rk = std::get_if<RunnerUpsRanked>(&e.data)) {
        about = std::find(rk->order.begin(), rk->order.end(), id) != rk->order.end();
      }
    }
    if (!about) continue;
    json::value v = json::value_from(e);
    v.as_object()["undone"] = pool.is_undone(e.id);
    history.push_back(std::move(v));
  }
  auto list = [&](const auto& map) {
    json::array a;
    if (auto it = map.find(id); it != map.end())
      for (const auto& x : it->second) a.push_back(json::value_from(x));
    return a;
  };
  json::array follow_ups;
  for (const auto& [fid, f] : s.follow_ups)
    if (f.candidate_id == id) follow_ups.push_back(json::value_from(f));
  return json::value(json::object{{"candidate", json::value_from(c->second)},
                                  {"erased", s.is_erased(id)},
                                  {"outcomes", std::move(outs)},
                                  {"consent", json::value_from(s.consent_of(id))},
                                  {"retention", today ? retention_entry(s, id, *today) : json::value(nullptr)},
                                  {"outreachBlocked", today ? json::value(s.outreach_blocked(id, *today)) : json::value(nullptr)},
                                  {"flags", flags_json(s, id)},
                                  {"doNotContact", s.do_not_contact(id)},
                                  {"lastContact", instant_or_null(s.last_contact(id))},
                                  {"feedbackRequests", list(s.feedback_requests)},
                                  {"feedback", list(s.feedback)},
                                  {"touchpoints", list(s.touchpoints)},
                                  {"followUps", std::move(follow_ups)},
                                  {"history", std::move(history)}});
}

Result<Date> today_of(ObjectReader& r, Decoder& d) {
  const std::string t = r.text("today", Need::required);
  if (d.failed()) return d.error();
  if (auto day = parse_date(t)) return *day;
  return Error{ErrorCode::invalid_field, "/today", "\"today\" must be a date such as 2026-11-22"};
}

json::value next_in_line_json(const State& s, const std::string& requisition_id, Date today) {
  NextInLine line = next_in_line(s, requisition_id, today);
  json::array entries, skipped;
  for (const NextInLineEntry& e : line.entries)
    entries.push_back(json::object{{"candidate", json::value_from(*e.candidate)},
                                   {"outcome", reason_json(*e.outcome)},
                                   {"flags", flags_json(s, e.candidate->id)},
                                   {"feedbackGiven", latest_feedback(s, e.candidate->id)}});
  for (const SkippedEntry& e : line.skipped)
    skipped.push_back(json::object{{"candidate", person_json(s, *e.candidate)},
                                   {"outcome", reason_json(*e.outcome)},
                                   {"why", e.why}});
  json::object o;
  auto req = s.requisitions.find(requisition_id);
  o["requisition"] = json::value_from(req->second);
  auto prog = s.progress.find(requisition_id);
  json::array backs;
  if (prog != s.progress.end())
    for (const HireBackOut& b : prog->second.back_outs) backs.push_back(json::value_from(b));
  o["backOuts"] = std::move(backs);
  o["reopenedFor"] = prog != s.progress.end() ? prog->second.reopened_for : "";
  o["entries"] = std::move(entries);
  o["skipped"] = std::move(skipped);
  return o;
}

json::value feedback_owed_json(const State& s, Date today) {
  json::array a;
  std::size_t overdue = 0;
  for (const OwedFeedback& f : feedback_owed(s, today)) {
    overdue += f.overdue;
    auto req = s.requisitions.find(f.request->requisition_id);
    a.push_back(json::object{{"request", json::value_from(*f.request)},
                             {"candidate", person_json(s, *f.candidate)},
                             {"requisition", requisition_ref(req == s.requisitions.end() ? nullptr : &req->second)},
                             {"businessDays", f.business_days},
                             {"overdue", f.overdue}});
  }
  return json::object{{"dueAfterBusinessDays", s.settings.feedback_due_business_days},
                      {"overdue", overdue},
                      {"entries", std::move(a)}};
}

json::value follow_ups_json(const State& s, Date today) {
  FollowUpsDue due = follow_ups_due(s, today);
  auto list = [&](const std::vector<DueFollowUp>& v) {
    json::array a;
    for (const DueFollowUp& d : v)
      a.push_back(json::object{{"followUp", json::value_from(*d.follow_up)},
                               {"candidate", person_json(s, *d.candidate)},
                               {"due", format_date(d.due)},
                               {"blocked", !d.blocked.empty()},
                               {"why", d.blocked}});
    return a;
  };
  return json::object{{"overdue", list(due.overdue)}, {"today", list(due.today)}, {"upcoming", list(due.upcoming)}};
}

template <class E>
json::object zero_counts() {
  json::object o;
  for (const CodeLabel& item : Vocabulary<E>::items) o[item.code] = 0;
  return o;
}

void bump(json::object& o, std::string_view key) { o[key] = o[key].to_number<std::int64_t>() + 1; }

json::value insights_json(const State& s, Date today) {
  // Why runner-ups (and everyone not hired) were not hired: by reason, split by initiator.
  json::array reasons;
  std::map<std::string_view, json::object> by_reason;
  json::object by_initiator = zero_counts<Initiator>();
  for (const auto& [key, o] : s.outcomes) {
    if (o.outcome == OutcomeKind::hired || o.reason.code.empty()) continue;
    auto [it, fresh] = by_reason.try_emplace(o.reason.code);
    if (fresh) it->second = zero_counts<Initiator>();
    bump(it->second, code_of(o.initiator));
    bump(by_initiator, code_of(o.initiator));
  }
  for (const ReasonInfo& r : runnerup::reasons()) {
    auto it = by_reason.find(r.code);
    if (it == by_reason.end()) continue;
    std::int64_t total = 0;
    for (const auto& kv : it->second) total += kv.value().to_number<std::int64_t>();
    reasons.push_back(json::object{{"code", r.code}, {"label", r.label}, {"aboutCandidate", r.about_candidate},
                                   {"count", total}, {"byInitiator", it->second}});
  }
  // How fast feedback is given: days from the request to the first feedback after it.
  std::vector<double> days;
  std::size_t given = 0;
  for (const auto& [cid, list] : s.feedback) given += list.size();
  for (const auto& [cid, requests] : s.feedback_requests) {
    auto fb = s.feedback.find(cid);
    if (fb == s.feedback.end()) continue;
    for (const FeedbackRequest& r : requests) {
      std::optional<Instant> first;
      for (const FeedbackGiven& f : fb->second)
        if (f.given_at >= r.requested_at && (!first || f.given_at < *first)) first = f.given_at;
      if (first) days.push_back(static_cast<double>(*first - r.requested_at) / kMsPerDay);
    }
  }
  std::sort(days.begin(), days.end());
  json::value median = nullptr, average = nullptr;
  if (!days.empty()) {
    const std::size_t n = days.size();
    median = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2;
    double sum = 0;
    for (double d : days) sum += d;
    average = sum / static_cast<double>(n);
  }
  const auto owed = feedback_owed(s, today);
  const auto overdue = static_cast<std::size_t>(
      std::count_if(owed.begin(), owed.end(), [](const OwedFeedback& f) { return f.overdue; }));
  // What the pool holds.
  const auto entries = pool_entries(s);
  json::object by_flag{{"openToContract", 0}, {"openToPartTime", 0}, {"futureRoles", 0}, {"doNotContact", 0}};
  json::object by_stage = zero_counts<Stage>(), by_fit = zero_counts<FutureFit>(), by_outcome = zero_counts<OutcomeKind>();
  for (const PoolEntry& e : entries) {
    bump(by_stage, code_of(e.outcome->stage));
    bump(by_fit, code_of(e.outcome->future_fit));
    bump(by_outcome, code_of(e.outcome->outcome));
    if (const Flags* f = s.flags_of(e.candidate->id)) {
      if (f->open_to_contract) bump(by_flag, "openToContract");
      if (f->open_to_part_time) bump(by_flag, "openToPartTime");
      if (!f->future_roles.families.empty() || !f->future_roles.departments.empty() ||
          !f->future_roles.requisitions.empty())
        bump(by_flag, "futureRoles");
      if (f->do_not_contact) bump(by_flag, "doNotContact");
    }
  }
  return json::object{
      {"reasons", std::move(reasons)},
      {"initiators", std::move(by_initiator)},
      {"feedback", json::object{{"given", given}, {"measured", days.size()}, {"medianDays", median},
                                {"averageDays", average}, {"owed", owed.size()}, {"overdue", overdue}}},
      {"pool", json::object{{"total", entries.size()}, {"byFlag", std::move(by_flag)}, {"byStage", std::move(by_stage)},
                            {"byFutureFit", std::move(by_fit)}, {"byOutcome", std::move(by_outcome)}}}};
}

json::value retention_entry(const State& s, const std::string& id, Date today) {
  const Retention r = s.retention(id, today);
  json::object o;
  o["policy"] = r.policy->code;
  o["policyLabel"] = r.policy->label;
  o["policyBasis"] = r.policy->basis;
  o["chosenBy"] = r.chosen_by;
  o["legalBasis"] = code_of(s.consent_of(id).basis);
  o["consentValid"] = r.consent_valid;
  if (r.anchor == 0) {
    o["retainUntil"] = nullptr;
    o["daysLeft"] = nullptr;
    o["expired"] = false;
  } else {
    o["retainUntil"] = format_date(r.until);
    o["daysLeft"] = r.until - today;
    o["expired"] = r.until < today;
  }
  return o;
}

json::value retention_json(const State& s, Date today, int within_days) {
  struct Row { Date until; const Candidate* c; };
  std::vector<Row> expiring, expired;
  for (const auto& [id, c] : s.candidates) {
    if (s.is_erased(id)) continue;
    const Retention r = s.retention(id, today);
    if (r.anchor == 0) continue;
    if (r.until < today) expired.push_back({r.until, &c});
    else if (r.until - today <= within_days) expiring.push_back({r.until, &c});
  }
  auto list = [&](std::vector<Row>& rows) {
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      return std::tie(a.until, a.c->name, a.c->id) < std::tie(b.until, b.c->name, b.c->id);
    });
    json::array a;
    for (const Row& row : rows)
      a.push_back(json::object{{"candidate", person_json(s, *row.c)}, {"retention", retention_entry(s, row.c->id, today)}});
    return a;
  };
  return json::object{{"withinDays", within_days}, {"autoErase", s.settings.auto_erase},
                      {"expired", list(expired)}, {"expiring", list(expiring)}};
}

json::value audit_json(const State& s) {
  json::array a;
  for (const AuditEntry& e : s.audit)
    a.push_back(json::object{{"type", e.type}, {"by", e.by}, {"at", format_instant(e.at)},
                             {"candidateId", e.candidate_id}, {"detail", e.detail}});
  return json::object{{"entries", std::move(a)}};
}

Result<json::value> access_export_json(const Pool& pool, const std::string& id, Date today) {
  if (pool.state().is_erased(id))
    return Error{ErrorCode::conflict, "/candidateId", "this person's data was erased; nothing is held to export"};
  auto card = candidate_json(pool, id, today);
  if (!card) return card.error();
  json::object o;
  o["format"] = "runnerup.access-export";
  o["version"] = 1;
  o["subject"] = id;
  o["asOf"] = format_date(today);
  for (auto& kv : card.value().as_object()) o[kv.key()] = std::move(kv.value());
  json::array audit;
  for (const AuditEntry& e : pool.state().audit)
    if (e.candidate_id == id)
      audit.push_back(json::object{{"type", e.type}, {"by", e.by}, {"at", format_instant(e.at)}});
  o["audit"] = std::move(audit);
  return json::value(std::move(o));
}

namespace {

// JSON text for the row page, written straight into a buffer sized for the worst case: the
// string's own appends are calls into the library (its members are instantiated there, not
// inlined), which cost more than the writing itself. Strings are escaped as Boost.JSON escapes
// them (quote, backslash, control characters); the pool's text is valid UTF-8, as it was parsed.
class PageWriter {
 public:
  // Room for a string of n bytes, quoted and escaped at worst (\u00XX per byte).
  static std::size_t room(std::size_t n) { return 6 * n + 2; }
  explicit PageWriter(char* at) : p_(at) {}
  char* end() const { return p_; }
  template <std::size_t N>
  void lit(const char (&text)[N]) {  // a literal, without its terminating zero
    std::memcpy(p_, text, N - 1);
    p_ += N - 1;
  }
  void boolean(bool b) {
    if (b) lit("true");
    else lit("false");
  }
  void number(std::size_t v) {
    char digits[24];
    int k = 0;
    do {
      digits[k++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v);
    while (k) *p_++ = digits[--k];
  }
  void tenths(double value) {  // rounded to one decimal, as 67.3
    long long t = std::llround(value * 10);
    if (t < 0) *p_++ = '-', t = -t;
    number(static_cast<std::size_t>(t / 10));
    *p_++ = '.';
    *p_++ = static_cast<char>('0' + t % 10);
  }
  void str(std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    *p_++ = '"';
    for (const char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (c >= 0x20 && c != '"' && c != '\\') {
        *p_++ = ch;
        continue;
      }
      *p_++ = '\\';
      switch (c) {
        case '"': *p_++ = '"'; break;
        case '\\': *p_++ = '\\'; break;
        case '\n': *p_++ = 'n'; break;
        case '\r': *p_++ = 'r'; break;
        case '\t': *p_++ = 't'; break;
        case '\b': *p_++ = 'b'; break;
        case '\f': *p_++ = 'f'; break;
        default: *p_++ = 'u', *p_++ = '0', *p_++ = '0', *p_++ = hex[c >> 4], *p_++ = hex[c & 15];
      }
    }
    *p_++ = '"';
  }

 private:
  char* p_;
};

}  // namespace

// Returns the page as text in *text when it is a row page without factors (and then an empty
// value); otherwise the page as a JSON value.
Result<json::value> search_json(const Pool& pool, ObjectReader& r, Decoder& d, Date today, std::string* text = nullptr) {
  SearchRequest q;
  q.text = r.text("text", Need::optional, detail::Text::line, 1000);
  q.requisition_id = r.id("requisitionId", Need::optional);
  if (const json::value* f = r.get("filters"); f && !d.failed()) {
    ObjectReader fr(d, *f, "/filters", "filters");
    auto flag = [&](std::string_view key) -> std::optional<bool> {
      const json::value* b = fr.get(key);
      if (!b || d.failed()) return std::nullopt;
      if (!b->is_bool()) {
        d.fail(ErrorCode::invalid_field, fr.path_of(key), "\"" + std::string(key) + "\" must be true or false");
        return std::nullopt;
      }
      return b->get_bool();
    };
    q.open_to_contract = flag("openToContract");
    q.open_to_part_time = flag("openToPartTime");
    q.future_roles = flag("futureRoles");
    q.reasons = fr.texts("reasons");
    for (std::size_t i = 0; i < q.reasons.size() && !d.failed(); ++i)
      if (!find_reason(q.reasons[i]))
        d.fail(ErrorCode::unknown_reason, "/filters/reasons/" + std::to_string(i), "\"" + q.reasons[i] + "\" is not a reason code");
    if (fr.get("initiator") && !d.failed()) q.initiator = fr.code("initiator", Need::required, Initiator::we_decided);
    if (fr.get("minStage") && !d.failed()) q.min_stage = fr.code("minStage", Need::required, Stage::applied);
    if (fr.get("minScore") && !d.failed()) q.min_score = fr.code("minScore", Need::required, Score::mixed);
    q.skills = fr.texts("skills");
    q.country = fr.text("country", Need::optional);
    q.city = fr.text("city", Need::optional);
    if (fr.get("followUpDueBy") && !d.failed()) {
      const std::string due = fr.text("followUpDueBy", Need::required);
      if (auto day = parse_date(due)) q.follow_up_due_by = *day;
      else if (!d.failed()) d.fail(ErrorCode::invalid_field, "/filters/followUpDueBy", "\"followUpDueBy\" must be a date");
    }
    q.feedback_owed = flag("feedbackOwed").value_or(false);
    q.include_blocked = flag("includeBlocked").value_or(false);
    fr.finish();
  }
  const std::string sort = r.text("sort", Need::optional);
  if (sort == "name") q.sort = SortBy::name;
  else if (sort == "decided") q.sort = SortBy::decided;
  else if (sort == "lastContact") q.sort = SortBy::last_contact;
  else if (!sort.empty() && sort != "relevance" && !d.failed())
    d.fail(ErrorCode::invalid_field, "/sort", "\"sort\" must be one of relevance, name, decided, lastContact");
  q.offset = static_cast<std::size_t>(r.integer("offset", Need::optional, 0, 100'000'000));
  q.limit = static_cast<std::size_t>(r.integer("limit", Need::optional, 0, 1000, 50));
  const json::value* explain_v = r.get("explain");
  const bool explain = explain_v && explain_v->is_bool() && explain_v->get_bool();
  // "fields": "full" (the default) returns each hit as the candidate card needs it; "row" returns
  // only what a list row shows, which is what a results list asks for at every keystroke.
  const std::string fields = r.text("fields", Need::optional);
  const bool row_only = fields == "row";
  if (!fields.empty() && !row_only && fields != "full" && !d.failed())
    d.fail(ErrorCode::invalid_field, "/fields", "\"fields\" must be \"full\" or \"row\"");
  r.finish();
  if (d.failed()) return d.error();
  if (!q.requisition_id.empty() && !pool.state().requisitions.count(q.requisition_id))
    return Error{ErrorCode::not_found, "/requisitionId", "no requisition with id \"" + q.requisition_id + "\" in this pool"};

  const PoolIndex& index = pool.index(today);
  const SearchResult result = index.search(q);
  const State& s = pool.state();
  if (text && row_only && !explain) {
    struct Row {
      const PoolEntry* entry;
      PoolIndex::RowFlags flags;
      const ReasonInfo* reason;
      std::string_view blocked;
      double score;
    };
    std::vector<Row> rows;
    rows.reserve(result.hits.size());
    std::size_t room = 64;
    for (const SearchHit& h : result.hits) {
      const PoolEntry& e = index.entry(h.entry);
      const ReasonInfo* reason = find_reason(e.outcome->reason.code);
      Row row{&e, index.flags(h.entry), reason, index.blocked(h.entry), h.score};
      room += 400 + PageWriter::room(e.candidate->id.size()) + PageWriter::room(e.candidate->name.size()) +
              PageWriter::room(e.candidate->title.size()) + PageWriter::room(e.outcome->requisition_id.size()) +
              PageWriter::room(e.requisition ? e.requisition->title.size() : 0) +
              PageWriter::room(e.outcome->reason.code.size()) + PageWriter::room(reason ? reason->label.size() : 0);
      rows.push_back(row);
    }
    std::string& out = *text;
    out.resize(room);
    PageWriter w(&out[0]);
    w.lit("{\"total\":");
    w.number(result.total);
    w.lit(",\"offset\":");
    w.number(q.offset);
    w.lit(",\"hits\":[");
    std::size_t position = q.offset;
    for (const Row& row : rows) {
      const Candidate& c = *row.entry->candidate;
      const Outcome& o = *row.entry->outcome;
      if (position != q.offset) w.lit(",");
      w.lit("{\"id\":"), w.str(c.id);
      w.lit(",\"name\":"), w.str(c.name);
      w.lit(",\"title\":"), w.str(c.title);
      w.lit(",\"requisitionId\":"), w.str(o.requisition_id);
      w.lit(",\"requisitionTitle\":");
      if (row.entry->requisition) w.str(row.entry->requisition->title);
      else w.lit("null");
      w.lit(",\"stage\":"), w.str(code_of(o.stage));
      w.lit(",\"outcome\":"), w.str(code_of(o.outcome));
      w.lit(",\"reasonCode\":"), w.str(o.reason.code);
      w.lit(",\"reasonLabel\":");
      if (row.reason) w.str(row.reason->label);
      else w.lit("null");
      w.lit(",\"rank\":"), w.number(++position);
      w.lit(",\"flags\":{\"openToContract\":"), w.boolean(row.flags.open_to_contract);
      w.lit(",\"openToPartTime\":"), w.boolean(row.flags.open_to_part_time);
      w.lit(",\"futureRoles\":"), w.boolean(row.flags.future_roles);
      w.lit("},\"doNotContact\":"), w.boolean(row.flags.do_not_contact);
      w.lit(",\"blocked\":"), w.str(row.blocked);
      if (!q.requisition_id.empty()) w.lit(",\"score\":"), w.tenths(row.score);
      w.lit("}");
    }
    w.lit("]}");
    out.resize(static_cast<std::size_t>(w.end() - out.data()));
    return json::value();
  }
  // One arena for the whole page: the hits are built, serialised once and dropped together.
  const json::storage_ptr sp = json::make_shared_resource<json::monotonic_resource>();
  json::array hits(sp);
  hits.reserve(result.hits.size());
  std::size_t position = q.offset;
  const std::vector<std::vector<Factor>> explained =
      explain && !q.requisition_id.empty() ? index.explain(result.hits, q.requisition_id) : std::vector<std::vector<Factor>>{};
  for (const SearchHit& h : result.hits) {
    const PoolEntry& e = index.entry(h.entry);
    const Candidate& c = *e.candidate;
    const Outcome& o = *e.outcome;
    json::object hit(sp);
    if (row_only) {
      const PoolIndex::RowFlags f = index.flags(h.entry);
      const ReasonInfo* reason = find_reason(o.reason.code);
      hit.reserve(16);
      hit.emplace("id", c.id);
      hit.emplace("name", c.name);
      hit.emplace("title", c.title);
      hit.emplace("requisitionId", o.requisition_id);
      hit.emplace("requisitionTitle", e.requisition ? json::value(e.requisition->title, sp) : json::value(nullptr));
      hit.emplace("stage", code_of(o.stage));
      hit.emplace("outcome", code_of(o.outcome));
      hit.emplace("reasonCode", o.reason.code);
      hit.emplace("reasonLabel", reason ? json::value(reason->label, sp) : json::value(nullptr));
      hit.emplace("rank", ++position);
      hit.emplace("flags", json::object({{"openToContract", f.open_to_contract},
                                         {"openToPartTime", f.open_to_part_time},
                                         {"futureRoles", f.future_roles}}, sp));
      hit.emplace("doNotContact", f.do_not_contact);
      hit.emplace("blocked", index.blocked(h.entry));
    } else {
      hit["candidate"] = json::value_from(c, sp);
      hit["outcome"] = reason_json(o);
      hit["requisition"] = requisition_ref(e.requisition);
      hit["flags"] = flags_json(s, c.id);
      hit["lastContact"] = instant_or_null(index.last_contact(h.entry));
      const std::optional<Date> due = index.next_follow_up(h.entry);
      hit["nextFollowUp"] = due ? json::value(format_date(*due), sp) : json::value(nullptr);
      hit["blocked"] = index.blocked(h.entry);
    }
    if (!q.requisition_id.empty()) {
      hit["score"] = std::round(h.score * 10) / 10;
      if (explain) {
        json::array factors(sp);
        factors.reserve(8);
        for (const Factor& f : explained[static_cast<std::size_t>(&h - result.hits.data())])
          factors.push_back(json::object({{"name", f.name}, {"weight", f.weight}, {"value", std::round(f.value * 1000) / 1000},
                                          {"points", std::round(f.weight * f.value * 10) / 10}, {"detail", f.detail}}, sp));
        hit["factors"] = std::move(factors);
      }
    }
    hits.push_back(std::move(hit));
  }
  return json::value(json::object({{"total", result.total}, {"offset", q.offset}, {"hits", std::move(hits)}}, sp));
}

json::value last_action_json(const Pool& pool, const std::string& actor) {
  const auto& log = pool.log();
  for (auto it = log.rbegin(); it != log.rend(); ++it) {
    if (it->actor != actor || std::holds_alternative<ActionUndone>(it->data) || pool.is_undone(it->id)) continue;
    const std::string_view action = action_of(*it);
    json::array events;
    for (const Event& e : log)
      if (e.actor == actor && action_of(e) == action) events.push_back(json::value_from(e));
    return json::object{{"at", format_instant(it->at)}, {"events", std::move(events)}};
  }
  return nullptr;
}

}  // namespace

json::value taxonomy_json() {
  json::array rs;
  for (const ReasonInfo& r : reasons())
    rs.push_back(json::object{{"code", r.code},
                              {"label", r.label},
                              {"initiator", code_of(r.initiator)},
                              {"aboutCandidate", r.about_candidate},
                              {"noteRequired", r.note_required}});
  json::array policies;
  for (const RetentionPolicy& p : retention_policies())
    policies.push_back(json::object{{"code", p.code}, {"label", p.label}, {"months", p.months},
                                    {"clock", p.clock == RetentionClock::from_decision ? "from_decision" : "from_last_contact"},
                                    {"basis", p.basis}});
  return json::object{{"stages", vocabulary<Stage>()},
                      {"retentionPolicies", std::move(policies)},
                      {"legalBases", vocabulary<LegalBasis>()},
                      {"outcomes", vocabulary<OutcomeKind>()},
                      {"initiators", vocabulary<Initiator>()},
                      {"futureFits", vocabulary<FutureFit>()},
                      {"employmentTypes", vocabulary<EmploymentType>()},
                      {"requisitionStatuses", vocabulary<RequisitionStatus>()},
                      {"openingStatuses", vocabulary<OpeningStatus>()},
                      {"channels", vocabulary<Channel>()},
                      {"directions", vocabulary<Direction>()},
                      {"scores", vocabulary<Score>()},
                      {"cadenceUnits", vocabulary<CadenceUnit>()},
                      {"backOutReasons", vocabulary<BackOutReason>()},
                      {"reasons", std::move(rs)}};
}

namespace {

// Both run_query() and run_query_text(): a row page of a search is written to *text when it is
// given (and an empty value returned); every other answer is a value.
Result<json::value> answer(const Pool& pool, const json::value& query, std::string* text) {
  if (auto ruled = rules_query(pool, query)) return std::move(*ruled);  // core/include/runnerup/rules.hpp
  Decoder d;
  ObjectReader r(d, query, "", "a query");
  const std::string type = r.text("type", Need::required);
  if (d.failed()) return d.error();
  // An optional "today" adds retention clocks to what the pool and candidate queries return.
  auto optional_today = [&]() -> Result<std::optional<Date>> {
    if (!r.get("today") || d.failed()) return std::optional<Date>{};
    auto t = today_of(r, d);
    if (!t) return t.error();
    return std::optional<Date>{t.value()};
  };
  if (type == "candidate") {
    const std::string id = r.id("id", Need::required);
    auto today = optional_today();
    r.finish();
    if (!today) return today.error();
    if (d.failed()) return d.error();
    return candidate_json(pool, id, today.value());
  }
  if (type == "pool") {
    auto today = optional_today();
    const std::string requisition_id = r.id("requisitionId", Need::optional);
    const long long limit = r.integer("limit", Need::optional, 0, std::numeric_limits<std::int32_t>::max(), -1);
    r.finish();
    if (!today) return today.error();
    if (d.failed()) return d.error();
    return pool_json(pool, today.value(), requisition_id,
                     limit < 0 ? std::numeric_limits<std::size_t>::max() : static_cast<std::size_t>(limit));
  }
  if (type == "nextInLine") {
    const std::string id = r.id("requisitionId", Need::required);
    auto today = today_of(r, d);
    r.finish();
    if (!today) return today.error();
    if (d.failed()) return d.error();
    if (!pool.state().requisitions.count(id))
      return Error{ErrorCode::not_found, "/requisitionId", "no requisition with id \"" + id + "\" in this pool"};
    return next_in_line_json(pool.state(), id, today.value());
  }
  if (type == "accessExport") {
    const std::string id = r.id("candidateId", Need::required);
    auto today = today_of(r, d);
    r.finish();
    if (!today) return today.error();
    if (d.failed()) return d.error();
    return access_export_json(pool, id, today.value());
  }
  if (type == "search") {
    auto today = today_of(r, d);
    if (!today) return today.error();
    return search_json(pool, r, d, today.value(), text);
  }
  if (type == "settings") {
    r.finish();
    if (d.failed()) return d.error();
    return json::value_from(pool.state().settings);
  }
  if (type == "audit") {
    r.finish();
    if (d.failed()) return d.error();
    return audit_json(pool.state());
  }
  if (type == "events") {
    // The log's events with these ids, in log order; unknown ids are left out (what a host
    // lacks is sent a chunk of ids at a time).
    const std::vector<std::string> ids = r.texts("ids", detail::kMaxId, detail::kMaxQueryIds);
    r.finish();
    if (d.failed()) return d.error();
    std::unordered_set<std::string_view> wanted(ids.begin(), ids.end());
    json::array events;
    for (const Event& e : pool.log())
      if (wanted.count(e.id)) events.push_back(json::value_from(e));
    return json::value(json::object{{"events", std::move(events)}});
  }
  if (type == "eventsAbout") {
    const std::string id = r.id("candidateId", Need::required);
    r.finish();
    if (d.failed()) return d.error();
    return json::value(json::object{{"events", json::value_from(pool.events_about(id))}});
  }
  if (type == "retention") {
    auto today = today_of(r, d);
    const long long within = r.integer("withinDays", Need::optional, 0, 3650, kExpiringWithinDays);
    r.finish();
    if (!today) return today.error();
    if (d.failed()) return d.error();
    return retention_json(pool.state(), today.value(), static_cast<int>(within));
  }
  if (type == "lastAction") {
    const std::string actor = r.id("actor", Need::required);
    r.finish();
    if (d.failed()) return d.error();
    return last_action_json(pool, actor);
  }
  if (type == "feedbackOwed" || type == "followUps" || type == "insights") {
    auto today = today_of(r, d);
    r.finish();
    if (!today) return today.error();
    if (d.failed()) return d.error();
    if (type == "feedbackOwed") return feedback_owed_json(pool.state(), today.value());
    if (type == "followUps") return follow_ups_json(pool.state(), today.value());
    return insights_json(pool.state(), today.value());
  }
  if (type == "candidates") {
    // "fields":"names" gives only {id, name} of each: what a list of people needs, a tenth of
    // the whole records at 100,000 people. "ids" asks for only those people (unknown ids are
    // left out); "limit" for at most that many, in id order (a widget asks for one more than it
    // would list whole, to learn whether the pool is that small).
    // "text" keeps the people whose name holds it, whatever the case and accents ("jose" finds
    // José); "sort":"name" lists them in the order of their folded names (then ids), so that
    // with a "limit" a picker of people shows the first of them alphabetically. "total" is how
    // many there were before the limit.
    const std::string fields = r.text("fields", Need::optional);
    const bool some = r.get("ids") != nullptr;
    const std::vector<std::string> ids = r.texts("ids", detail::kMaxId, detail::kMaxQueryIds);
    const auto limit = static_cast<std::size_t>(r.integer("limit", Need::optional, 0, 100'000'000, 100'000'000));
    const std::string needle = fold_text(r.text("text", Need::optional));
    const std::string sort = r.text("sort", Need::optional);
    r.finish();
    if (d.failed()) return d.error();
    if (fields != "" && fields != "all" && fields != "names")
      return Error{ErrorCode::invalid_field, "/fields", "fields is \"all\" or \"names\""};
    if (sort != "" && sort != "id" && sort != "name")
      return Error{ErrorCode::invalid_field, "/sort", "sort is \"id\" or \"name\""};
    const auto& all = pool.state().candidates;
    std::vector<const Candidate*> chosen;
    if (some) {
      for (const std::string& id : ids)
        if (auto it = all.find(id); it != all.end()) chosen.push_back(&it->second);
    } else {
      chosen.reserve(all.size());
      for (const auto& [id, c] : all) chosen.push_back(&c);
    }
    std::vector<std::string> folded;  // per chosen person, when a text or the name order needs it
    if (!needle.empty() || sort == "name") {
      std::vector<const Candidate*> kept;
      for (const Candidate* c : chosen) {
        std::string name = fold_text(c->name);
        if (name.find(needle) == std::string::npos) continue;
        kept.push_back(c);
        folded.push_back(std::move(name));
      }
      chosen.swap(kept);
    }
    const std::size_t total = chosen.size();
    const std::size_t shown = std::min(limit, total);
    if (sort == "name") {
      std::vector<std::uint32_t> order(total);
      for (std::uint32_t k = 0; k < total; ++k) order[k] = k;
      std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(),
                        [&](std::uint32_t a, std::uint32_t b) {
                          return std::tie(folded[a], chosen[a]->id) < std::tie(folded[b], chosen[b]->id);
                        });
      std::vector<const Candidate*> sorted(shown);
      for (std::size_t k = 0; k < shown; ++k) sorted[k] = chosen[order[k]];
      chosen.swap(sorted);
    }
    json::array a;
    a.reserve(shown);
    for (std::size_t k = 0; k < shown; ++k) {
      const Candidate& c = *chosen[k];
      if (fields == "names") a.push_back(json::object{{"id", c.id}, {"name", c.name}});
      else a.push_back(json::value_from(c));
    }
    return json::value(json::object{{"candidates", std::move(a)}, {"total", total}});
  }
  r.finish();
  if (d.failed()) return d.error();
  if (type == "taxonomy") return taxonomy_json();
  if (type == "requisitions") {
    json::array a;
    for (const auto& [id, q] : pool.state().requisitions) a.push_back(json::value_from(q));
    return json::value(json::object{{"requisitions", std::move(a)}});
  }
  return Error{ErrorCode::unknown_type, "/type", "unknown query \"" + type + "\""};
}

}  // namespace

Result<json::value> run_query(const Pool& pool, const json::value& query) { return answer(pool, query, nullptr); }

Result<std::string> run_query_text(const Pool& pool, const json::value& query) {
  std::string text;
  auto value = answer(pool, query, &text);
  if (!value) return value.error();
  if (!text.empty()) return text;
  return json::serialize(value.value());
}

}  // namespace runnerup

// The JSON answers of the queries (what run_query() returns for each type but "search").
#include "query_json.hpp"

#include "runnerup/rules.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <tuple>
#include <unordered_set>

#include <boost/json/value_from.hpp>

#include "runnerup/text_fold.hpp"

namespace runnerup {

namespace json = boost::json;

namespace detail {

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

// The flag set, with "futureRoleNames": the future roles as people read them (State::future_role_names).
json::value flags_json(const State& s, const std::string& candidate_id) {
  const Flags* f = s.flags_of(candidate_id);
  json::value v = json::value_from(f ? *f : Flags{});
  json::array names;
  for (std::string& n : s.future_role_names(candidate_id)) names.emplace_back(std::move(n));
  v.as_object()["futureRoleNames"] = std::move(names);
  return v;
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
  const FeedbackGiven* best = s.latest_feedback(candidate_id);
  return best ? json::value_from(*best) : json::value(nullptr);
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
std::uint8_t outcome_bit(OutcomeKind kind) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(kind)); }

std::uint8_t read_outcome_kinds(ObjectReader& r, Decoder& d, std::string_view key) {
  if (!r.get(key) || d.failed()) return kAnyOutcome;
  const std::vector<std::string> codes = r.texts(key);
  std::uint8_t kinds = 0;
  for (std::size_t i = 0; i < codes.size() && !d.failed(); ++i) {
    const std::optional<OutcomeKind> kind = from_code<OutcomeKind>(codes[i]);
    if (!kind || !keeps_in_pool(*kind))
      d.fail(ErrorCode::invalid_field, r.path_of(key) + "/" + std::to_string(i),
             "\"" + codes[i] + "\" is not an outcome in the pool (runner_up, rejected, withdrew, offer_declined)");
    else kinds |= outcome_bit(*kind);
  }
  return codes.empty() ? kAnyOutcome : kinds;
}

json::value pool_json(const Pool& pool, std::optional<Date> today, const PoolFilter& filter) {
  const State& s = pool.state();
  json::array entries;
  std::size_t total = 0, left_out = 0;
  for (const PoolEntry& e : pool.entries()) {
    if (!filter.requisition_id.empty() && e.outcome->requisition_id != filter.requisition_id) continue;
    if (!(filter.outcome_kinds & outcome_bit(e.outcome->outcome)) ||
        (!filter.include_not_a_fit && e.outcome->future_fit == FutureFit::not_a_fit)) {
      ++left_out;
      continue;
    }
    if (total++ >= filter.limit) continue;
    entries.push_back(json::object{{"retention", today ? retention_entry(s, e.candidate->id, *today) : json::value(nullptr)},
                                   {"outreachBlocked", today ? json::value(s.outreach_blocked(e.candidate->id, *today)) : json::value(nullptr)},{"candidate", json::value_from(*e.candidate)},
                                   {"outcome", reason_json(*e.outcome)},
                                   {"hiredElsewhere", e.hired_elsewhere},
                                   {"requisition", requisition_ref(e.requisition)},
                                   {"flags", flags_json(s, e.candidate->id)},
                                   {"lastContact", instant_or_null(s.last_contact(e.candidate->id))},
                                   {"nextFollowUp", next_follow_up(s, e.candidate->id)},
                                   {"feedbackGiven", latest_feedback(s, e.candidate->id)}});
  }
  return json::object{{"total", total}, {"leftOut", left_out}, {"entries", std::move(entries)}};
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
  bool hired = false, in_pool = false;
  for (const Outcome* o : outcomes) {
    hired |= o->outcome == OutcomeKind::hired;
    in_pool |= keeps_in_pool(o->outcome);
  }
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
  for (const auto& [fid, f] : s.follow_ups) {
    if (f.candidate_id != id) continue;
    json::value v = json::value_from(f);
    if (today && (f.status == FollowUpStatus::open || f.status == FollowUpStatus::snoozed))
      v.as_object()["snoozeDefault"] = format_date(snooze_default(f, *today));
    follow_ups.push_back(std::move(v));
  }
  return json::value(json::object{{"candidate", json::value_from(c->second)},
                                  {"erased", s.is_erased(id)},
                                  {"outcomes", std::move(outs)},
                                  {"hiredElsewhere", hired && in_pool},
                                  {"consent", json::value_from(s.consent_of(id))},
                                  {"retention", today ? retention_entry(s, id, *today) : json::value(nullptr)},
                                  {"retentionOptions", today ? retention_options_json(s, id, *today) : json::value(nullptr)},
                                  {"outreachBlocked", today ? json::value(s.outreach_blocked(id, *today)) : json::value(nullptr)},
                                  {"flags", flags_json(s, id)},
                                  {"flagsSet", s.flags_of(id) != nullptr},
                                  {"feedbackGiven", latest_feedback(s, id)},
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
                                   {"flags", flags_json(s, e.candidate->id)},
                                   {"feedbackGiven", latest_feedback(s, e.candidate->id)},
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
                               {"snoozeDefault", format_date(snooze_default(*d.follow_up, today))},
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
  o["months"] = policy_months(*r.policy, s.settings.default_retention_months);
  o["clock"] = r.policy->clock == RetentionClock::from_decision ? "from_decision" : "from_last_contact";
  o["chosenBy"] = r.chosen_by;
  o["legalBasis"] = code_of(s.consent_of(id).basis);
  o["consentValid"] = r.consent_valid;
  o["limitedBy"] = r.limited_by.empty() ? json::value(nullptr) : json::value(r.limited_by);
  if (r.anchor == 0) {
    o["retainUntil"] = nullptr;
    o["daysLeft"] = nullptr;
    o["expired"] = false;
    o["expiringSoon"] = false;
  } else {
    o["retainUntil"] = format_date(r.until);
    o["daysLeft"] = r.until - today;
    o["expired"] = r.expired(today);
    // within the window the Retention tab lists as expiring (kExpiringWithinDays)
    o["expiringSoon"] = !r.expired(today) && r.until - today <= kExpiringWithinDays;
  }
  return o;
}

// Each policy a recruiter can choose for the person, with what choosing it would do: how long it
// keeps data, until when it would keep this person, and whether it would queue them for erasure
// (their retention would have ended) and from which day.
json::value retention_options_json(const State& s, const std::string& id, Date today) {
  json::array out;
  const Retention now = s.retention(id, today);
  for (const RetentionPolicy& p : retention_policies()) {
    const Retention r = s.retention_under(id, today, p);
    json::object o;
    o["policy"] = p.code;
    o["label"] = p.label;
    o["basis"] = p.basis;
    o["months"] = policy_months(p, s.settings.default_retention_months);
    o["clock"] = p.clock == RetentionClock::from_decision ? "from_decision" : "from_last_contact";
    o["current"] = now.policy == &p;
    if (r.anchor == 0) {
      o["retainUntil"] = nullptr;
      o["erasureOn"] = nullptr;
      o["queuesErasure"] = false;
    } else {
      o["retainUntil"] = format_date(r.until);
      // due for erasure the day after the last day kept; already past: from today
      o["erasureOn"] = format_date(std::max(static_cast<Date>(r.until + 1), today));
      o["queuesErasure"] = r.expired(today) && !now.expired(today);
    }
    out.push_back(std::move(o));
  }
  return out;
}

json::value retention_json(const State& s, Date today, int within_days) {
  struct Row { Date until; const Candidate* c; };
  std::vector<Row> expiring, expired;
  for (const auto& [id, c] : s.candidates) {
    if (s.is_erased(id)) continue;
    const Retention r = s.retention(id, today);
    if (r.anchor == 0) continue;
    if (r.expired(today)) expired.push_back({r.until, &c});
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
  o.erase("retentionOptions");  // what other policies would do is not data about the person
  json::array audit;
  for (const AuditEntry& e : pool.state().audit)
    if (e.candidate_id == id)
      audit.push_back(json::object{{"type", e.type}, {"by", e.by}, {"at", format_instant(e.at)}});
  o["audit"] = std::move(audit);
  return json::value(std::move(o));
}

json::value last_action_json(const Pool& pool, const std::string& actor) {
  const auto& log = pool.log();
  for (auto it = log.rbegin(); it != log.rend(); ++it) {
    if (it->actor != actor || std::holds_alternative<ActionUndone>(it->data) || pool.is_undone(it->id)) continue;
    const std::string_view action = action_of(*it);
    json::array events;
    for (const Event& e : log)
      if (e.actor == actor && action_of(e) == action) events.push_back(json::value_from(e));
    // Whether undoLast would succeed now: the rule itself answers (an erasure or an access export cannot be undone).
    const bool undoable = static_cast<bool>(undo_last(log, actor, [&pool](const std::string& id) { return pool.is_undone(id); }));
    return json::object{{"at", format_instant(it->at)}, {"events", std::move(events)}, {"undoable", undoable}};
  }
  return nullptr;
}

// The "candidates" query (after its "type"): people by id, name or text, whole or names only.
Result<json::value> candidates_json(const Pool& pool, ObjectReader& r, Decoder& d) {
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
  const std::vector<std::string> ids = r.texts("ids", kMaxId, kMaxQueryIds);
  const auto limit = static_cast<std::size_t>(r.integer("limit", Need::optional, 0, 100'000'000, 100'000'000));
  const std::string text = fold_text(r.text("text", Need::optional));
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
  if (!text.empty() || sort == "name") {
    std::vector<const Candidate*> kept;
    for (const Candidate* c : chosen) {
      std::string name = fold_text(c->name);
      if (name.find(text) == std::string::npos) continue;
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

}  // namespace detail

namespace {

// The outcome kinds, each saying whether the pool lists it (every one but `hired`), for the
// listings' outcome filters.
json::array outcome_kinds() {
  json::array a = detail::vocabulary<OutcomeKind>();
  for (json::value& item : a) {
    const auto kind = from_code<OutcomeKind>(item.as_object().at("code").as_string());
    item.as_object()["inPool"] = kind && keeps_in_pool(*kind);
  }
  return a;
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
  return json::object{{"stages", detail::vocabulary<Stage>()},
                      {"retentionPolicies", std::move(policies)},
                      {"legalBases", detail::vocabulary<LegalBasis>()},
                      {"outcomes", outcome_kinds()},
                      {"initiators", detail::vocabulary<Initiator>()},
                      {"futureFits", detail::vocabulary<FutureFit>()},
                      {"employmentTypes", detail::vocabulary<EmploymentType>()},
                      {"requisitionStatuses", detail::vocabulary<RequisitionStatus>()},
                      {"openingStatuses", detail::vocabulary<OpeningStatus>()},
                      {"channels", detail::vocabulary<Channel>()},
                      {"directions", detail::vocabulary<Direction>()},
                      {"scores", detail::vocabulary<Score>()},
                      {"cadenceUnits", detail::vocabulary<CadenceUnit>()},
                      {"backOutReasons", detail::vocabulary<BackOutReason>()},
                      {"reasons", std::move(rs)}};
}

}  // namespace runnerup

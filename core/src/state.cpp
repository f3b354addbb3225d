// The state's own questions (runnerup/pool.hpp State): flags, consent, retention, outreach.
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

void State::add_outcome(Outcome o) {
  outcomes_by_requisition[o.requisition_id].insert(o.candidate_id);
  std::pair<std::string, std::string> key{o.candidate_id, o.requisition_id};
  // one search of the map, for the outcome it replaces and for where a new one goes
  auto at = outcomes.lower_bound(key);
  const bool known = at != outcomes.end() && at->first == key;
  if (known) unrank(at->second);
  rank(o);
  if (known)
    at->second = std::move(o);
  else
    outcomes.emplace_hint(at, std::move(key), std::move(o));
}

void State::rank(const Outcome& o) {
  if (o.outcome != OutcomeKind::runner_up || o.rank <= 0) return;
  Ranks& r = ranks_by_requisition[o.requisition_id];
  if (r.holders[o.rank].insert(o.candidate_id).second) ++r.count;
}

void State::unrank(const Outcome& o) {
  if (o.outcome != OutcomeKind::runner_up || o.rank <= 0) return;
  auto r = ranks_by_requisition.find(o.requisition_id);
  if (r == ranks_by_requisition.end()) return;
  auto at = r->second.holders.find(o.rank);
  if (at == r->second.holders.end() || at->second.erase(o.candidate_id) == 0) return;
  --r->second.count;
  if (at->second.empty()) r->second.holders.erase(at);
  if (r->second.count == 0) ranks_by_requisition.erase(r);
}

void State::index_outcomes() {
  outcomes_by_requisition.clear();
  ranks_by_requisition.clear();
  for (const auto& [key, o] : outcomes) {
    outcomes_by_requisition[key.second].insert(key.first);
    rank(o);
  }
}

const State::Ranks* State::ranks_of(const std::string& requisition_id) const {
  auto it = ranks_by_requisition.find(requisition_id);
  return it == ranks_by_requisition.end() ? nullptr : &it->second;
}

const std::set<std::string>& State::people_of(const std::string& requisition_id) const {
  static const std::set<std::string> none;
  auto it = outcomes_by_requisition.find(requisition_id);
  return it == outcomes_by_requisition.end() ? none : it->second;
}

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

const FeedbackGiven* State::latest_feedback(const std::string& candidate_id) const {
  auto it = feedback.find(candidate_id);
  if (it == feedback.end()) return nullptr;
  const FeedbackGiven* best = nullptr;
  for (const FeedbackGiven& f : it->second)
    if (!best || f.given_at >= best->given_at) best = &f;
  return best;
}

std::vector<std::string> State::future_role_names(const std::string& candidate_id) const {
  std::vector<std::string> out;
  const Flags* f = flags_of(candidate_id);
  if (!f) return out;
  auto add = [&out](const std::string& name) {
    for (const std::string& had : out)
      if (same_role(had, name)) return;
    out.push_back(name);
  };
  for (const std::string& x : f->future_roles.families) add(x);
  for (const std::string& x : f->future_roles.departments) add(x);
  for (const std::string& rid : f->future_roles.requisitions) {
    auto r = requisitions.find(rid);
    add(r == requisitions.end() || r->second.title.empty() ? rid : r->second.title);
  }
  return out;
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
  const RetentionPolicy* policy = nullptr;
  std::string_view chosen_by = "team";
  if (auto p = retention_by_candidate.find(candidate_id); p != retention_by_candidate.end()) {
    policy = find_retention_policy(p->second);
    chosen_by = "person";
  } else if (auto q = latest ? retention_by_requisition.find(latest->requisition_id) : retention_by_requisition.end();
             q != retention_by_requisition.end()) {
    policy = find_retention_policy(q->second);
    chosen_by = "requisition";
  } else if (auto c = candidates.find(candidate_id); c != candidates.end() &&
             (policy = country_retention_policy(c->second.location.country, c->second.location.region))) {
    chosen_by = "country";
  } else {
    policy = find_retention_policy(settings.retention_policy);
  }
  return retention_with(candidate_id, today, latest, policy, chosen_by);
}

Retention State::retention_under(const std::string& candidate_id, Date today, const RetentionPolicy& policy) const {
  const Outcome* latest = nullptr;
  for (auto it = outcomes.lower_bound({candidate_id, ""}); it != outcomes.end() && it->first.first == candidate_id; ++it)
    if (!latest || it->second.decided_at > latest->decided_at) latest = &it->second;
  return retention_with(candidate_id, today, latest, &policy, "person");
}

Retention State::retention_with(const std::string& candidate_id, Date today, const Outcome* latest,
                                const RetentionPolicy* policy, std::string_view chosen_by) const {
  Retention r;
  r.chosen_by = chosen_by;
  r.policy = policy ? policy : find_retention_policy("default");
  const Consent& consent = consent_of(candidate_id);
  r.consent_valid = consent_valid(consent, today);
  if (!latest) return r;
  r.anchor = latest->decided_at;
  if (r.policy->clock == RetentionClock::from_last_contact) r.anchor = std::max(r.anchor, last_contact(candidate_id));
  r.until = retain_until(*r.policy, settings.default_retention_months, r.anchor, consent);
  if (store_limit_decides(*r.policy, settings.default_retention_months, r.anchor, consent))
    r.limited_by = store_limit_reason(consent);
  return r;
}

std::string State::outreach_blocked(const std::string& candidate_id, Date today) const {
  if (is_erased(candidate_id)) return "this person's data was erased";
  if (const Flags* f = flags_of(candidate_id); f && f->do_not_contact)
    return "must not be contacted (" + f->do_not_contact_reason + ")";
  const Consent& c = consent_of(candidate_id);
  if (c.withdrawn_at) return "withdrew consent on " + format_date(date_of(*c.withdrawn_at));
  const Retention r = retention(candidate_id, today);
  if (r.expired(today))
    return "the retention period ended on " + format_date(r.until) + " (" +
           (r.limited_by.empty() ? std::string(r.policy->label) : r.limited_by) + ")";
  return {};
}

}  // namespace runnerup

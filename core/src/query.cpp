#include "runnerup/query.hpp"
#include "runnerup/rules.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace runnerup {

bool keeps_in_pool(OutcomeKind kind) { return kind != OutcomeKind::hired; }

bool primary_before(const Outcome& a, const Outcome& b) {
  auto tier = [](const Outcome& o) {
    if (o.outcome == OutcomeKind::runner_up && o.rank > 0) return 2;
    return o.future_fit == FutureFit::strong ? 1 : 0;
  };
  return std::make_tuple(tier(a), a.decided_at, std::string_view(a.requisition_id)) >
         std::make_tuple(tier(b), b.decided_at, std::string_view(b.requisition_id));
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
  // Every outcome but `hired` of each candidate. Outcomes and candidates are both ordered by
  // candidate id, so one pass over each finds them (a 100k pool is asked for its entries on
  // every change: no map, no lookups).
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
    const auto first = it;
    bool hired = false;
    for (; it != state.outcomes.end() && it->first.first == cid; ++it) hired |= it->second.outcome == OutcomeKind::hired;
    if (state.is_erased(cid)) continue;
    while (c != state.candidates.end() && c->first < cid) ++c;
    if (c == state.candidates.end()) break;
    if (c->first != cid) continue;
    for (auto o = first; o != it; ++o) {
      const Outcome& outcome = o->second;
      if (!keeps_in_pool(outcome.outcome)) continue;
      const auto [known, fresh] = requisition_index.try_emplace(outcome.requisition_id, static_cast<std::uint32_t>(requisition_ids.size()));
      if (fresh) {
        requisition_ids.push_back(outcome.requisition_id);
        auto q = state.requisitions.find(outcome.requisition_id);
        requisitions.push_back(q == state.requisitions.end() ? nullptr : &q->second);
      }
      out.push_back({&c->second, &outcome, requisitions[known->second], hired});
      requisition_of.push_back(known->second);
    }
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
    else if (r.expired(today)) out.skipped.push_back({c, o, "retention_expired"});
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
}  // namespace runnerup

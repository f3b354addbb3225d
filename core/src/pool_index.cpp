#include "runnerup/rediscovery.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <unordered_map>

#include "pool_index_detail.hpp"

namespace runnerup {

using namespace detail;


PoolIndex::PoolIndex(const State& state, Date today) : PoolIndex(state, today, pool_entries(state)) {}

// What a build keeps between its steps.
struct PoolIndex::Build {
  enum class Phase { people, rows, names, tokens, postings } phase = Phase::people;
  std::uint32_t next_row = 0;
  Interner reasons;  // reason code -> its place in reasons()
  Interner skills;   // skill name -> skill id (the place in skill_names_)
  Interner tokens;
  std::vector<std::uint32_t> token_last_row;  // token id -> the last row it was seen in (dedup)
  std::vector<std::uint32_t> token_count;     // token id -> rows holding it
  std::vector<std::uint32_t> row_tokens;      // each row's distinct token ids, row after row
  std::vector<std::uint32_t> row_tokens_start;
  std::string scratch, names;
  std::vector<std::uint32_t> name_start;
  std::vector<std::uint32_t> rank_of;         // token id -> its place in sorted order
  std::vector<const Outcome*> outcomes;       // each row's pool outcomes, row after row (their notes are searched)
  std::vector<std::uint32_t> outcome_start;
};

PoolIndex::PoolIndex(const State& state, Date today, std::vector<PoolEntry> entries)
    : PoolIndex(state, today, std::move(entries), Deferred{}) {
  while (!build_step(std::numeric_limits<std::size_t>::max())) {
  }
}

PoolIndex::PoolIndex(const State& state, Date today, std::vector<PoolEntry> entries, Deferred)
    : state_(state), today_(today), entries_(std::move(entries)), build_(std::make_unique<Build>()) {}

double PoolIndex::progress() const {
  if (!build_) return 1;
  // the rows are most of the work; the other phases are counted as a share each
  const double rows = entries_.empty() ? 1 : static_cast<double>(build_->next_row) / static_cast<double>(entries_.size());
  switch (build_->phase) {
    case Build::Phase::people: return 0;
    case Build::Phase::rows: return 0.1 + 0.7 * rows;
    case Build::Phase::names: return 0.8;
    case Build::Phase::tokens: return 0.85;
    case Build::Phase::postings: return 0.95;
  }
  return 1;
}

bool PoolIndex::build_step(std::size_t rows_budget) {
  if (!build_) return true;
  Build& b = *build_;
  switch (b.phase) {
    case Build::Phase::people: people_phase(); b.phase = Build::Phase::rows; return false;
    case Build::Phase::rows: rows_phase(rows_budget); return false;
    case Build::Phase::names: names_phase(); b.phase = Build::Phase::tokens; return false;
    case Build::Phase::tokens: tokens_phase(); b.phase = Build::Phase::postings; return false;
    case Build::Phase::postings:
      postings_phase();
      build_.reset();
      return true;
  }
  return false;
}

void PoolIndex::people_phase() {
  const State& state = state_;
  const Date today = today_;
  Build& b = *build_;

  // One row per person: the pool's entries grouped by candidate id, interned in the order they
  // come (so an id's number is its row). A row keeps the person's primary outcome as its entry,
  // the kinds of all their outcomes, whether every one of them says "not a fit", and (for the
  // text) the outcomes themselves.
  Interner row_of;
  std::vector<PoolEntry> people;
  people.reserve(entries_.size());
  std::vector<std::uint32_t> row_of_entry(entries_.size());
  std::vector<std::uint8_t> some_fit;
  kinds_.clear();
  for (std::size_t k = 0; k < entries_.size(); ++k) {
    const PoolEntry& e = entries_[k];
    const std::uint32_t row = row_of.intern(e.candidate->id, fnv1a(e.candidate->id));
    if (row == people.size()) {
      people.push_back(e);
      kinds_.push_back(0);
      some_fit.push_back(0);
    } else if (primary_before(*e.outcome, *people[row].outcome)) {
      people[row] = e;
    }
    kinds_[row] = static_cast<std::uint8_t>(kinds_[row] | (1u << static_cast<unsigned>(e.outcome->outcome)));
    some_fit[row] = static_cast<std::uint8_t>(some_fit[row] | (e.outcome->future_fit != FutureFit::not_a_fit));
    row_of_entry[k] = row;
  }
  b.outcome_start.assign(people.size() + 1, 0);
  for (const std::uint32_t row : row_of_entry) ++b.outcome_start[row + 1];
  for (std::size_t row = 0; row < people.size(); ++row) b.outcome_start[row + 1] += b.outcome_start[row];
  b.outcomes.resize(entries_.size());
  {
    std::vector<std::uint32_t> fill(b.outcome_start.begin(), b.outcome_start.end() - 1);
    for (std::size_t k = 0; k < entries_.size(); ++k) b.outcomes[fill[row_of_entry[k]]++] = entries_[k].outcome;
  }
  entries_.swap(people);
  outcome_count_.resize(entries_.size());
  for (std::size_t row = 0; row < entries_.size(); ++row)
    outcome_count_[row] = static_cast<std::uint8_t>(std::min<std::uint32_t>(255, b.outcome_start[row + 1] - b.outcome_start[row]));

  const auto n = static_cast<std::uint32_t>(entries_.size());
  rows_.resize(n);
  decided_at_.assign(n, 0);
  last_contact_.assign(n, 0);
  for (std::uint32_t i = 0; i < n; ++i)
    if (!some_fit[i]) rows_[i].flags |= kNotAFit;

  // Everything the rows need from the state's per-person maps, in one pass over each map
  // (sparse: flags, consents, touchpoints, feedback, follow-ups) instead of a lookup per row.
  auto row_id = [&](std::string_view id) { return row_of.find(id, fnv1a(id)); };
  auto find_row = [&](std::string_view id) -> Row* {
    const std::uint32_t row = row_id(id);
    return row == Interner::kNone ? nullptr : &rows_[row];
  };
  for (const auto& [id, f] : state.flags) {
    Row* r = find_row(id);
    if (!r) continue;
    if (f.open_to_contract) r->flags |= kContract;
    if (f.open_to_part_time) r->flags |= kPartTime;
    if (f.open_to_part_time && (!f.available_from || *f.available_from <= today)) r->flags |= kPartTimeNow;
    if (!f.future_roles.families.empty() || !f.future_roles.departments.empty() || !f.future_roles.requisitions.empty())
      r->flags |= kFutureRoles;
    if (f.do_not_contact) r->blocked = kDoNotContact;
  }
  for (const auto& [id, c] : state.consents)
    if (Row* r = find_row(id); r && c.withdrawn_at && r->blocked == kNotBlocked) r->blocked = kConsentWithdrawn;
  auto contact = [&](std::string_view id, Instant at) {
    if (const std::uint32_t row = row_id(id); row != Interner::kNone) last_contact_[row] = std::max(last_contact_[row], at);
  };
  for (const auto& [id, list] : state.touchpoints)
    for (const Touchpoint& t : list) contact(id, t.at);
  for (const auto& [id, list] : state.feedback)
    for (const FeedbackGiven& f : list) contact(id, f.given_at);
  for (const auto& [id, f] : state.follow_ups) {
    if (f.status != FollowUpStatus::open && f.status != FollowUpStatus::snoozed) continue;
    if (Row* r = find_row(f.candidate_id)) r->next_follow_up = std::min(r->next_follow_up, f.snoozed_until ? *f.snoozed_until : f.due);
  }
  for (const OwedFeedback& f : feedback_owed(state, today))
    if (Row* r = find_row(f.candidate->id)) r->feedback_owed = true;
  // Retention, with each person's latest outcome found in one pass rather than searched per row.
  for (const auto& [id, latest] : state.latest_outcomes()) {
    Row* r = find_row(*id);
    if (!r || r->blocked != kNotBlocked) continue;
    const Retention ret = state.retention(*id, today, latest);
    if (ret.expired(today)) r->blocked = kRetentionEnded;
  }

  const auto& all_reasons = reasons();
  for (const auto& reason : all_reasons) b.reasons.intern(reason.code, fnv1a(reason.code));
  b.row_tokens_start.assign(n + 1, 0);
  b.name_start.assign(n + 1, 0);
}

void PoolIndex::rows_phase(std::size_t budget) {
  Build& b = *build_;
  const Date today = today_;
  const auto n = static_cast<std::uint32_t>(entries_.size());
  const auto& all_reasons = reasons();
  const Interner& reason_ids = b.reasons;
  Interner& skill_ids = b.skills;
  auto& tokens = b.tokens;
  auto& token_last_row = b.token_last_row;
  auto& token_count = b.token_count;
  auto& row_tokens = b.row_tokens;
  auto& row_tokens_start = b.row_tokens_start;
  auto& scratch = b.scratch;
  auto& names = b.names;
  auto& name_start = b.name_start;
  const std::uint32_t last = static_cast<std::uint32_t>(std::min<std::size_t>(n, b.next_row + std::min<std::size_t>(budget, n)));
  for (std::uint32_t i = b.next_row; i < last; ++i) {
    const PoolEntry& e = entries_[i];
    const Candidate& c = *e.candidate;
    const Outcome& o = *e.outcome;
    Row& r = rows_[i];
    r.stage = static_cast<std::uint8_t>(o.stage);
    r.initiator = static_cast<std::uint8_t>(o.initiator);
    if (const std::uint32_t k = reason_ids.find(o.reason.code, fnv1a(o.reason.code)); k != Interner::kNone) {
      r.reason = static_cast<std::uint8_t>(k);
      r.reason_not_about = !all_reasons[k].about_candidate;
    }
    if (!o.scores.empty()) {
      double sum = 0;
      for (const InterviewScore& s : o.scores) sum += static_cast<int>(s.score);
      r.score = static_cast<std::uint8_t>(std::lround(sum / static_cast<double>(o.scores.size()) * 25));  // 0..100
    }
    decided_at_[i] = o.decided_at;
    r.country = pack_country(c.location.country);
    r.city_hash = city_hash_of(c.location.city, scratch);

    // Skills, as sorted ids.
    r.skills_begin = static_cast<std::uint32_t>(skill_ids_.size());
    for (const std::string& s : c.skills) {
      const std::uint32_t id = skill_ids.intern(s, fnv1a(s));
      if (id == skill_names_.size()) {
        skill_names_.push_back(s);
        skill_id_.emplace(s, id);
      }
      skill_ids_.push_back(id);
    }
    std::sort(skill_ids_.begin() + r.skills_begin, skill_ids_.end());
    r.skills_count = static_cast<std::uint16_t>(std::min<std::size_t>(0xFFFF, skill_ids_.size() - r.skills_begin));
    skill_ids_.resize(r.skills_begin + r.skills_count);

    // The requisition-independent part of the score.
    const Instant recent = std::max(last_contact_[i], decided_at_[i]);
    const double days = static_cast<double>(std::max<Instant>(0, start_of(today) - recent)) / kMsPerDay;
    r.static_score = static_cast<float>(
        kWeightStage * stage_progress(o.stage) +
        kWeightScores * (r.score == kNoScore ? 0.5 : r.score / 100.0) + kWeightFit * fit_value(o.future_fit) +
        kWeightReason * (r.reason_not_about ? 1.0 : 0.0) + kWeightRecency * std::exp(-days / 365.0));

    // Text: name, title, skills, tags, notes; each distinct token of the row once.
    auto add = [&](std::string_view text) {
      for_each_token(text, scratch, [&](std::string_view t, std::uint32_t h) {
        const std::uint32_t id = tokens.intern(t, h);
        if (id == token_last_row.size()) {
          token_last_row.push_back(i);
          token_count.push_back(1);
        } else if (token_last_row[id] == i) {
          return;
        } else {
          token_last_row[id] = i;
          ++token_count[id];
        }
        row_tokens.push_back(id);
      });
    };
    add(c.name);
    add(c.title);
    for (const std::string& s : c.skills) add(s);
    for (const std::string& t : c.tags) add(t);
    for (std::uint32_t k = b.outcome_start[i]; k < b.outcome_start[i + 1]; ++k) {
      add(b.outcomes[k]->note);
      add(b.outcomes[k]->reason.note);
    }
    row_tokens_start[i + 1] = static_cast<std::uint32_t>(row_tokens.size());
    fold_into(c.name, names);
    name_start[i + 1] = static_cast<std::uint32_t>(names.size());
  }
  b.next_row = last;
  if (last == n) b.phase = Build::Phase::names;
}

void PoolIndex::names_phase() {
  Build& b = *build_;
  const auto n = static_cast<std::uint32_t>(entries_.size());
  const std::string& names = b.names;
  const std::vector<std::uint32_t>& name_start = b.name_start;
  // Name order as one integer per row: (folded name, row) compared once here, never per query.
  auto name = [&](std::uint32_t i) { return std::string_view(names).substr(name_start[i], name_start[i + 1] - name_start[i]); };
  std::vector<std::uint32_t> order(n);
  for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    const int c = name(x).compare(name(y));
    return c != 0 ? c < 0 : x < y;
  });
  name_rank_.resize(n);
  for (std::uint32_t k = 0; k < n; ++k) name_rank_[order[k]] = k;
  std::string().swap(b.names);
  std::vector<std::uint32_t>().swap(b.name_start);
}

void PoolIndex::tokens_phase() {
  Build& b = *build_;
  const Interner& tokens = b.tokens;
  const std::vector<std::uint32_t>& token_count = b.token_count;
  // Postings in sorted token order (CSR), rows ascending within each token.
  const auto distinct = static_cast<std::uint32_t>(tokens.size());
  std::vector<std::uint32_t> order(distinct);
  for (std::uint32_t k = 0; k < distinct; ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) { return tokens.view(x) < tokens.view(y); });
  std::vector<std::uint32_t>& rank_of = b.rank_of;
  rank_of.assign(distinct, 0);
  token_start_.assign(distinct + 1, 0);
  posting_start_.assign(distinct + 1, 0);
  for (std::uint32_t k = 0; k < distinct; ++k) {
    rank_of[order[k]] = k;
    const std::string_view t = tokens.view(order[k]);
    token_text_.append(t);
    token_start_[k + 1] = static_cast<std::uint32_t>(token_text_.size());
    posting_start_[k + 1] = posting_start_[k] + token_count[order[k]];
  }
}

void PoolIndex::postings_phase() {
  Build& b = *build_;
  const auto n = static_cast<std::uint32_t>(entries_.size());
  const std::vector<std::uint32_t>& row_tokens = b.row_tokens;
  const std::vector<std::uint32_t>& row_tokens_start = b.row_tokens_start;
  const std::vector<std::uint32_t>& rank_of = b.rank_of;
  postings_.resize(row_tokens.size());
  std::vector<std::uint32_t> fill(posting_start_.begin(), posting_start_.end() - 1);
  for (std::uint32_t i = 0; i < n; ++i)
    for (std::uint32_t p = row_tokens_start[i]; p < row_tokens_start[i + 1]; ++p) postings_[fill[rank_of[row_tokens[p]]]++] = i;

  // The rows of each skill (CSR, rows ascending): ranking adds up a requisition's skills by
  // walking its few skills' rows, not every row's skills.
  skill_rows_start_.assign(skill_names_.size() + 1, 0);
  for (const std::uint32_t s : skill_ids_) ++skill_rows_start_[s + 1];
  for (std::size_t k = 0; k < skill_names_.size(); ++k) skill_rows_start_[k + 1] += skill_rows_start_[k];
  skill_rows_.resize(skill_ids_.size());
  fill.assign(skill_rows_start_.begin(), skill_rows_start_.end() - 1);
  for (std::uint32_t i = 0; i < n; ++i)
    for (std::uint32_t k = 0; k < rows_[i].skills_count; ++k) skill_rows_[fill[skill_ids_[rows_[i].skills_begin + k]]++] = i;

  gate_.resize(n);
  keys_.resize(n);
  static_score_.resize(n);
  country_.resize(n);
  city_hash_.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const Row& r = rows_[i];
    gate_[i] = static_cast<std::uint8_t>((r.flags & 15) | (r.feedback_owed ? kGateFeedbackOwed : 0) |
                                         ((r.flags & kNotAFit) ? kGateNotAFit : 0));
    keys_[i] = Key{r.stage, r.initiator, r.reason, r.score};
    if (r.blocked == kNotBlocked) open_rows_.push_back(i);
    static_score_[i] = r.static_score;
    country_[i] = r.country;
    city_hash_[i] = r.city_hash;
  }
}

PoolIndex::~PoolIndex() = default;

std::string_view PoolIndex::blocked(std::uint32_t row) const {
  switch (rows_[row].blocked) {
    case kDoNotContact: return "do_not_contact";
    case kConsentWithdrawn: return "consent_withdrawn";
    case kRetentionEnded: return "retention_expired";
    default: return {};
  }
}

PoolIndex::RowFlags PoolIndex::flags(std::uint32_t row) const {
  const Row& r = rows_[row];
  return {(r.flags & kContract) != 0, (r.flags & kPartTime) != 0, (r.flags & kFutureRoles) != 0, r.blocked == kDoNotContact,
          (r.flags & kNotAFit) != 0};
}

std::optional<Date> PoolIndex::next_follow_up(std::uint32_t row) const {
  const Date d = rows_[row].next_follow_up;
  if (d == kNoDate) return std::nullopt;
  return d;
}

std::string_view PoolIndex::token(std::size_t k) const {
  return std::string_view(token_text_).substr(token_start_[k], token_start_[k + 1] - token_start_[k]);
}

std::size_t PoolIndex::memory_bytes() const {
  std::size_t bytes = rows_.capacity() * sizeof(Row) + entries_.capacity() * sizeof(PoolEntry) +
                      gate_.capacity() + kinds_.capacity() + outcome_count_.capacity() + keys_.capacity() * sizeof(Key) + static_score_.capacity() * 4 +
                      open_rows_.capacity() * 4 +
                      country_.capacity() * 2 + city_hash_.capacity() * 4 +
                      (decided_at_.capacity() + last_contact_.capacity()) * sizeof(Instant) + name_rank_.capacity() * 4 +
                      skill_ids_.capacity() * 4 + (skill_rows_.capacity() + skill_rows_start_.capacity()) * 4 +
                      postings_.capacity() * 4 + posting_start_.capacity() * 4 +
                      token_start_.capacity() * 4 + token_text_.capacity();
  for (const std::string& t : skill_names_) bytes += sizeof(std::string) + (t.size() > 15 ? t.capacity() : 0);
  bytes += skill_id_.size() * (sizeof(std::string) + 4 + 2 * sizeof(void*)) + skill_id_.bucket_count() * sizeof(void*);
  return bytes;
}

}  // namespace runnerup

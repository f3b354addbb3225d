#include "runnerup/rediscovery.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include "pool_index_detail.hpp"

namespace runnerup {

using namespace detail;

int PoolIndex::text_matches(const std::vector<std::string>& query, std::uint8_t* mark) const {
  // mark[row] counts the query tokens matched so far; a row matches when it reaches them all.
  std::memset(mark, 0, rows_.size());
  std::uint8_t round = 0;
  const std::size_t count = token_start_.size() - 1;
  const std::uint32_t* postings = postings_.data();
  for (const std::string& q : query) {
    // First token not less than q, then every token q prefixes.
    std::size_t lo = 0, hi = count;
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (token(mid) < q) lo = mid + 1;
      else hi = mid;
    }
    bool any = false;
    for (std::size_t k = lo; k < count && starts_with(token(k), q); ++k) {
      for (std::uint32_t p = posting_start_[k], end = posting_start_[k + 1]; p < end; ++p) {
        std::uint8_t& m = mark[postings[p]];
        if (m == round) m = static_cast<std::uint8_t>(round + 1), any = true;
      }
    }
    if (!any) return 0;
    if (++round == 255) break;
  }
  return round;
}

SearchResult PoolIndex::search(const SearchRequest& q) const {
  SearchResult out;
  const auto n = static_cast<std::uint32_t>(rows_.size());
  const bool ranked = !q.requisition_id.empty();
  // "Not a fit" is listed unless asked otherwise, except in a ranking for a requisition.
  out.include_not_a_fit = q.include_not_a_fit.value_or(!ranked);
  // The per-query arrays are plain buffers, not std::vectors: the module is built for size, and
  // the one copy of vector's fill and clear that the linker keeps (whichever file it came from)
  // goes element by element, which cost more than the passes themselves.
  const std::vector<std::string> query_tokens = search_tokens(q.text);
  std::unique_ptr<std::uint8_t[]> text_mark;
  int text_rounds = 0;  // a row matches the text when its mark reaches this
  if (!query_tokens.empty()) {
    text_mark.reset(new std::uint8_t[n]);
    text_rounds = text_matches(query_tokens, text_mark.get());
    if (text_rounds == 0) return out;
  }
  // When nothing passes the filters: how many rows the text alone finds (everyone, without a
  // text), so that a search which finds no one can say that people match outside its filters.
  auto outside_filters = [&] {
    if (!text_mark) return static_cast<std::size_t>(n);
    std::size_t found = 0;
    for (std::uint32_t i = 0; i < n; ++i) found += text_mark[i] == text_rounds;
    return found;
  };

  // The filters as plain values.
  std::uint8_t reason_wanted[256];
  std::fill(std::begin(reason_wanted), std::end(reason_wanted), q.reasons.empty() ? 1 : 0);
  for (const std::string& code : q.reasons)
    for (std::size_t k = 0; k < reasons().size(); ++k)
      if (reasons()[k].code == code) reason_wanted[k] = 1;
  std::vector<std::uint32_t> wanted_skills;
  for (const std::string& s : q.skills) {
    auto id = skill_id_.find(normalise_skill(s));
    if (id == skill_id_.end()) {  // nobody has it
      out.outside_filters = outside_filters();
      return out;
    }
    wanted_skills.push_back(id->second);
  }
  std::uint8_t flag_mask = 0, flag_want = 0;  // (flags & mask) == want
  auto flag = [&](const std::optional<bool>& wanted, std::uint8_t bit) {
    if (!wanted) return;
    flag_mask |= bit;
    if (*wanted) flag_want |= bit;
  };
  flag(q.open_to_contract, kContract);
  flag(q.open_to_part_time, kPartTime);
  flag(q.future_roles, kFutureRoles);
  const bool include_blocked = q.include_blocked, feedback_owed = q.feedback_owed;
  const int initiator = q.initiator ? static_cast<int>(*q.initiator) : -1;
  const int min_stage = q.min_stage ? static_cast<int>(*q.min_stage) : 0;
  const std::uint16_t country = pack_country(q.country);
  const std::uint32_t city = city_hash_of(q.city);
  const int min_score = q.min_score ? static_cast<int>(*q.min_score) * 25 : -1;
  const Date due_by = q.follow_up_due_by ? *q.follow_up_due_by : kNoDate;  // no follow-up is kNoDate

  // Pass 1: the rows that pass every filter, ascending.
  // - Without blocked people (the usual question) it starts from the rows that are not blocked,
  //   kept ready in the index: in a pool of years, most rows are past their retention.
  // - The flags and feedback owed are one compare on one byte (gate_).
  // - Then one tight loop per other filter asked for, over the rows still in. A loop testing
  //   every filter for every row pays for its branches on every row (four times the time in
  //   wasm). The loops are branch-free (a third of the rows passing at random is what a branch
  //   predictor cannot learn): each row is written at the end of the list and kept by counting.
  const std::uint8_t mask = static_cast<std::uint8_t>(flag_mask | (feedback_owed ? kGateFeedbackOwed : 0));
  const std::uint8_t want = static_cast<std::uint8_t>(flag_want | (feedback_owed ? kGateFeedbackOwed : 0));
  std::unique_ptr<std::uint32_t[]> matched_rows(new std::uint32_t[n]);
  std::uint32_t* const matched = matched_rows.get();
  std::size_t total = 0;
  const Row* rows = rows_.data();
  const std::uint8_t* gate = gate_.data();
  const Key* keys = keys_.data();
  const std::uint16_t* countries = country_.data();
  const std::uint8_t* mark = text_mark.get();
  const std::uint32_t* from = include_blocked ? nullptr : open_rows_.data();
  const std::size_t count = include_blocked ? n : open_rows_.size();
  if (mark) {
    for (std::size_t k = 0; k < count; ++k) {
      const std::uint32_t i = from ? from[k] : static_cast<std::uint32_t>(k);
      matched[total] = i;
      total += ((gate[i] & mask) == want) & (mark[i] == text_rounds);
    }
  } else if (mask == 0 && from) {
    std::memcpy(matched, from, count * sizeof(std::uint32_t));
    total = count;
  } else if (from) {
    for (std::size_t k = 0; k < count; ++k) {
      const std::uint32_t i = from[k];
      matched[total] = i;
      total += (gate[i] & mask) == want;
    }
  } else {
    for (std::uint32_t i = 0; i < n; ++i) {
      matched[total] = i;
      total += (gate[i] & mask) == want;
    }
  }
  auto refine = [&](auto keep_row) {
    std::size_t kept = 0;
    for (std::size_t k = 0; k < total; ++k) {
      const std::uint32_t i = matched[k];
      matched[kept] = i;
      kept += keep_row(i) ? 1 : 0;
    }
    total = kept;
  };
  std::uint8_t kinds_wanted = 0;
  for (const OutcomeKind kind : q.outcomes) kinds_wanted = static_cast<std::uint8_t>(kinds_wanted | (1u << static_cast<unsigned>(kind)));
  if (kinds_wanted) {
    const std::uint8_t* kinds = kinds_.data();
    refine([&](std::uint32_t i) { return (kinds[i] & kinds_wanted) != 0; });
  }
  if (!q.reasons.empty()) refine([&](std::uint32_t i) { return reason_wanted[keys[i].reason] != 0; });
  if (initiator >= 0) refine([&](std::uint32_t i) { return keys[i].initiator == initiator; });
  if (min_stage > 0) refine([&](std::uint32_t i) { return keys[i].stage >= min_stage; });
  if (min_score >= 0) refine([&](std::uint32_t i) { return keys[i].score != kNoScore && keys[i].score >= min_score; });
  if (country) refine([&](std::uint32_t i) { return countries[i] == country; });
  if (city) refine([&](std::uint32_t i) { return city_hash_[i] == city; });
  if (q.follow_up_due_by) refine([&](std::uint32_t i) { return rows[i].next_follow_up <= due_by; });
  if (!wanted_skills.empty())
    refine([&](std::uint32_t i) {
      const auto first = skill_ids_.begin() + rows[i].skills_begin, last = first + rows[i].skills_count;
      for (const std::uint32_t s : wanted_skills)
        if (!std::binary_search(first, last, s)) return false;
      return true;
    });
  // Last, so that what it leaves out is counted among the rows that pass every other filter.
  if (!out.include_not_a_fit) {
    const std::size_t before = total;
    refine([&](std::uint32_t i) { return (gate[i] & kGateNotAFit) == 0; });
    out.not_a_fit_left_out = before - total;
  }
  out.total = total;
  if (total == 0) out.outside_filters = outside_filters();
  const std::size_t keep = q.offset >= out.total ? 0 : q.offset + std::min<std::size_t>(q.limit, out.total - q.offset);
  if (keep == 0) return out;

  // Pass 2: only the best `keep` hits are held, in a bounded heap whose top is the worst of
  // them; `before(a, b)` is the page order, a plain template argument so it inlines.
  std::vector<SearchHit> best;
  best.reserve(keep);
  auto offer = [&](const SearchHit& hit, auto before) {
    if (best.size() < keep) {
      best.push_back(hit);
      std::push_heap(best.begin(), best.end(), before);
    } else if (before(hit, best.front())) {
      std::pop_heap(best.begin(), best.end(), before);
      best.back() = hit;
      std::push_heap(best.begin(), best.end(), before);
    }
  };
  auto collect = [&](auto before) {
    for (std::size_t k = 0; k < total; ++k) offer(SearchHit{matched[k], 0.0}, before);
    std::sort_heap(best.begin(), best.end(), before);
  };
  const Instant* decided = decided_at_.data();
  const std::uint32_t* name_rank = name_rank_.data();
  auto by_name = [name_rank](const SearchHit& a, const SearchHit& b) { return name_rank[a.entry] < name_rank[b.entry]; };
  const SortBy sort = (q.sort == SortBy::relevance && !ranked) ? SortBy::decided : q.sort;
  const RankContext ctx = ranked ? context_for(q.requisition_id) : RankContext{};

  // The score of each matched row, as rank() computes it: the requisition's skills are added up
  // through their rows (a requisition names a few skills; a row holds several), the rest is read
  // from the row.
  std::unique_ptr<double[]> score;
  if (ranked) {
    // Points per row: 2 per required skill held, 1 per nice one; its share of the score is read
    // from a table (the same product rank() computes), so the loop below has no branch.
    std::unique_ptr<std::uint16_t[]> points(new std::uint16_t[n]);
    std::memset(points.get(), 0, n * sizeof(std::uint16_t));
    std::uint16_t most = 0;
    if (ctx.denominator > 0) {
      for (std::size_t s = 0; s < ctx.skill_weight.size(); ++s) {
        const std::uint8_t w = ctx.skill_weight[s];
        if (w == 0) continue;
        for (std::uint32_t p = skill_rows_start_[s]; p < skill_rows_start_[s + 1]; ++p) {
          std::uint16_t& x = points[skill_rows_[p]];
          x = static_cast<std::uint16_t>(x + w);
          most = std::max(most, x);
        }
      }
    }
    std::vector<double> skill_points(most + std::size_t{1});
    for (std::size_t p = 0; p <= most; ++p)
      skill_points[p] = kWeightSkills * (ctx.denominator > 0 ? static_cast<double>(p) / ctx.denominator : 0.5);
    double employment[16];
    for (std::uint8_t f = 0; f < 16; ++f) employment[f] = kWeightEmployment * employment_value(f, ctx.requisition);
    const float* static_score = static_score_.data();
    const std::uint32_t* cities = city_hash_.data();
    const std::uint16_t* held = points.get();
    const double* skill_term = skill_points.data();
    score.reset(new double[total]);
    auto fill = [&](auto location_of) {
      for (std::size_t k = 0; k < total; ++k) {
        const std::uint32_t i = matched[k];
        score[k] = static_score[i] + skill_term[held[i]] + kWeightLocation * location_of(i) + employment[gate[i] & 15];
      }
    };
    if (!ctx.has_city && ctx.country == 0) fill([](std::uint32_t) { return 1.0; });  // no place asked for
    else fill([&](std::uint32_t i) { return location_value(countries[i], cities[i], ctx); });
  }

  switch (sort) {
    case SortBy::relevance: {
      auto before = [&](const SearchHit& a, const SearchHit& b) {
        if (a.score != b.score) return a.score > b.score;
        if (decided[a.entry] != decided[b.entry]) return decided[a.entry] > decided[b.entry];
        return by_name(a, b);
      };
      for (std::size_t k = 0; k < total; ++k) offer(SearchHit{matched[k], score[k]}, before);
      std::sort_heap(best.begin(), best.end(), before);
      break;
    }
    case SortBy::name: collect(by_name); break;
    case SortBy::decided:
      collect([&](const SearchHit& a, const SearchHit& b) {
        if (decided[a.entry] != decided[b.entry]) return decided[a.entry] > decided[b.entry];
        return by_name(a, b);
      });
      break;
    case SortBy::last_contact: {
      const Instant* contact = last_contact_.data();
      collect([&](const SearchHit& a, const SearchHit& b) {
        if (contact[a.entry] != contact[b.entry]) return contact[a.entry] > contact[b.entry];
        return by_name(a, b);
      });
      break;
    }
  }
  if (ranked && sort != SortBy::relevance)  // the score is shown whatever the order
    for (SearchHit& h : best) h.score = score[static_cast<std::size_t>(std::lower_bound(matched, matched + total, h.entry) - matched)];
  if (q.offset < best.size()) out.hits.assign(best.begin() + static_cast<std::ptrdiff_t>(q.offset), best.end());
  return out;
}

}  // namespace runnerup

#include "runnerup/rediscovery.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include "pool_index_detail.hpp"

namespace runnerup {

using namespace detail;

PoolIndex::RankContext PoolIndex::context_for(const std::string& requisition_id) const {
  RankContext ctx;
  auto it = state_.requisitions.find(requisition_id);
  if (it == state_.requisitions.end()) return ctx;
  ctx.requisition = &it->second;
  ctx.skill_weight.assign(skill_names_.size(), 0);
  for (const std::string& s : ctx.requisition->nice_skills)
    if (auto id = skill_id_.find(s); id != skill_id_.end()) ctx.skill_weight[id->second] = 1;
  for (const std::string& s : ctx.requisition->required_skills)
    if (auto id = skill_id_.find(s); id != skill_id_.end()) ctx.skill_weight[id->second] = 2;
  ctx.denominator = 2.0 * static_cast<double>(ctx.requisition->required_skills.size()) +
                    static_cast<double>(ctx.requisition->nice_skills.size());
  ctx.country = pack_country(ctx.requisition->location.country);
  ctx.has_city = !ctx.requisition->location.city.empty();
  if (ctx.has_city) ctx.city_hash = city_hash_of(ctx.requisition->location.city);
  return ctx;
}

double PoolIndex::rank(std::uint32_t row, const RankContext& ctx, std::vector<Factor>* explain) const {
  const Row& r = rows_[row];
  // Skills: required count double.
  int req = 0, nice = 0;
  if (!ctx.skill_weight.empty()) {
    const std::uint32_t* s = skill_ids_.data() + r.skills_begin;
    for (std::uint32_t k = 0; k < r.skills_count; ++k) {
      const std::uint8_t w = ctx.skill_weight[s[k]];
      req += w == 2;
      nice += w == 1;
    }
  }
  const double skills = ctx.denominator > 0 ? (2.0 * req + nice) / ctx.denominator : 0.5;
  const double location = location_value(r.country, r.city_hash, ctx);
  const double employment = employment_value(r.flags, ctx.requisition);
  // search() adds up the same terms in the same order (the page order depends on it).
  const double total = r.static_score + kWeightSkills * skills + kWeightLocation * location + kWeightEmployment * employment;
  if (explain) {
    const Outcome& o = *entries_[row].outcome;
    const Instant recent = std::max(last_contact_[row], decided_at_[row]);
    const double days = static_cast<double>(std::max<Instant>(0, start_of(today_) - recent)) / kMsPerDay;
    auto count = [](int k, std::size_t of, const char* what) {
      return std::to_string(k) + " of " + std::to_string(of) + " " + what;
    };
    const auto* q = ctx.requisition;
    explain->push_back({"skills", kWeightSkills, skills,
                        q ? count(req, q->required_skills.size(), "required") + ", " +
                                count(nice, q->nice_skills.size(), "nice to have")
                          : "no requisition",
                        q ? "" : "no_requisition",
                        q ? std::vector<long long>{req, static_cast<long long>(q->required_skills.size()), nice,
                                                   static_cast<long long>(q->nice_skills.size())}
                          : std::vector<long long>{}});
    explain->push_back({"stage", kWeightStage, stage_progress(o.stage), std::string(code_of(o.stage)), code_of(o.stage), {}});
    explain->push_back({"scores", kWeightScores, r.score == kNoScore ? 0.5 : r.score / 100.0,
                        r.score == kNoScore ? "no interview scores" : std::to_string(o.scores.size()) + " scores",
                        r.score == kNoScore ? "no_scores" : "scores",
                        {static_cast<long long>(r.score == kNoScore ? 0 : o.scores.size())}});
    explain->push_back({"futureFit", kWeightFit, fit_value(o.future_fit), std::string(code_of(o.future_fit)),
                        code_of(o.future_fit), {}});
    explain->push_back({"reason", kWeightReason, r.reason_not_about ? 1.0 : 0.0,
                        r.reason_not_about ? "the reason was not about them" : "the reason was about them",
                        r.reason_not_about ? "not_about_them" : "about_them", {}});
    explain->push_back({"recency", kWeightRecency, std::exp(-days / 365.0),
                        std::to_string(static_cast<long long>(days)) + " days since the last contact or decision", "",
                        {static_cast<long long>(days)}});
    explain->push_back({"location", kWeightLocation, location,
                        location == 1 ? "matches" : location > 0 ? "same country" : "elsewhere",
                        location == 1 ? "matches" : location > 0 ? "same_country" : "elsewhere", {}});
    explain->push_back({"employment", kWeightEmployment, employment,
                        q ? std::string(code_of(q->employment_type)) : "",
                        q ? code_of(q->employment_type) : std::string_view("no_requisition"), {}});
  }
  return total;
}

std::vector<Factor> PoolIndex::explain(std::uint32_t row, const std::string& requisition_id) const {
  std::vector<Factor> factors;
  rank(row, context_for(requisition_id), &factors);
  return factors;
}

std::vector<std::vector<Factor>> PoolIndex::explain(const std::vector<SearchHit>& hits,
                                                    const std::string& requisition_id) const {
  const RankContext ctx = context_for(requisition_id);
  std::vector<std::vector<Factor>> page(hits.size());
  for (std::size_t k = 0; k < hits.size(); ++k) {
    page[k].reserve(8);
    rank(hits[k].entry, ctx, &page[k]);
  }
  return page;
}

}  // namespace runnerup

#include "runnerup/rediscovery.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace runnerup {

// ---- folding and tokens ------------------------------------------------------------------------

namespace {

struct FoldEntry {
  char32_t cp;
  const char* folded;
};
constexpr FoldEntry kFold[] = {
#include "fold_table.inc"
};

// Decodes one UTF-8 sequence at s[i]; returns U+FFFD and advances one byte on invalid input.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) { return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80; };
  if (b0 < 0x80) return ++i, b0;
  if ((b0 & 0xE0) == 0xC0 && cont(1)) {
    char32_t cp = ((b0 & 0x1F) << 6) | (s[i + 1] & 0x3F);
    i += 2;
    return cp >= 0x80 ? cp : 0xFFFD;
  }
  if ((b0 & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    char32_t cp = ((b0 & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
    i += 3;
    return cp >= 0x800 ? cp : 0xFFFD;
  }
  if ((b0 & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    char32_t cp = ((b0 & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
    i += 4;
    return cp >= 0x10000 && cp <= 0x10FFFF ? cp : 0xFFFD;
  }
  ++i;
  return 0xFFFD;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_combining(char32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
         (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F) ||
         // Devanagari and other Indic signs and vowel marks are part of the word, not separators;
         // they are kept (not combining in the sense of a removable accent).
         false;
}

bool is_ideographic(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) ||   // hiragana, katakana
         (cp >= 0x3400 && cp <= 0x4DBF) ||   // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||   // CJK unified ideographs
         (cp >= 0xAC00 && cp <= 0xD7AF) ||   // hangul syllables
         (cp >= 0xF900 && cp <= 0xFAFF) ||   // CJK compatibility
         (cp >= 0x20000 && cp <= 0x2FA1F);   // CJK extensions B..
}

bool is_separator(char32_t cp) {
  if (cp < 0x80) return !((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'));
  return (cp >= 0x2000 && cp <= 0x206F) ||  // general punctuation, spaces, bidi controls
         (cp >= 0x3000 && cp <= 0x303F) ||  // CJK punctuation
         (cp >= 0xFF00 && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
         cp == 0x00A0 || cp == 0x00AB || cp == 0x00BB || cp == 0x00B7 || cp == 0x00D7 || cp == 0x00F7 ||
         (cp >= 0x00A1 && cp <= 0x00BF) || cp == 0xFFFD || cp == 0xFEFF ||
         (cp >= 0x1F000 && cp <= 0x1FAFF) ||  // emoji and symbols
         (cp >= 0x2190 && cp <= 0x2BFF) ||    // arrows, symbols, shapes
         (cp >= 0xFE00 && cp <= 0xFE0F) ||    // variation selectors
         cp == 0x200D;                        // zero-width joiner
}

}  // namespace

std::string fold_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const char32_t cp = next_code_point(s, i);
    if (cp < 0x80) {
      out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
      continue;
    }
    if (is_combining(cp)) continue;
    auto it = std::lower_bound(std::begin(kFold), std::end(kFold), cp,
                               [](const FoldEntry& e, char32_t c) { return e.cp < c; });
    if (it != std::end(kFold) && it->cp == cp) out += it->folded;
    else append_utf8(out, cp);
  }
  return out;
}

std::vector<std::string> search_tokens(std::string_view utf8) {
  const std::string folded = fold_text(utf8);
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) out.push_back(std::move(current));
    current.clear();
  };
  std::size_t i = 0;
  while (i < folded.size()) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(folded, i);
    if (is_separator(cp)) {
      flush();
    } else if (is_ideographic(cp)) {
      flush();
      out.emplace_back(folded.substr(start, i - start));
    } else {
      current.append(folded, start, i - start);
    }
  }
  flush();
  return out;
}

// ---- the index ---------------------------------------------------------------------------------

namespace {

constexpr double kWeightSkills = 35, kWeightStage = 10, kWeightScores = 15, kWeightFit = 15, kWeightReason = 5,
                 kWeightRecency = 10, kWeightLocation = 5, kWeightEmployment = 5;
constexpr std::uint8_t kNoScore = 255;
constexpr Date kNoDate = std::numeric_limits<Date>::max();

enum Flag : std::uint8_t { kContract = 1, kPartTime = 2, kFutureRoles = 4, kPartTimeNow = 8 };
enum Blocked : std::uint8_t { kNotBlocked, kDoNotContact, kConsentWithdrawn, kRetentionEnded };

std::uint16_t pack_country(std::string_view c) {
  return c.size() == 2 ? static_cast<std::uint16_t>((static_cast<unsigned char>(c[0]) << 8) | static_cast<unsigned char>(c[1])) : 0;
}

double fit_value(FutureFit f) {
  switch (f) {
    case FutureFit::strong: return 1.0;
    case FutureFit::qualified: return 0.6;
    case FutureFit::unknown: return 0.4;
    case FutureFit::not_a_fit: return 0.0;
  }
  return 0.4;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

struct PoolIndex::Row {
  std::uint32_t skills_begin = 0, skills_end = 0;
  Instant decided_at = 0, last_contact = 0;
  Date next_follow_up = kNoDate;
  float static_score = 0;  // the factors that do not depend on the requisition, weighted
  std::size_t city_hash = 0;
  std::uint16_t country = 0;
  std::uint8_t stage = 0, initiator = 0, reason = 255, score = kNoScore, flags = 0, blocked = kNotBlocked;
  bool reason_not_about = false, feedback_owed = false;
};

struct PoolIndex::RankContext {
  const Requisition* requisition = nullptr;
  std::vector<std::uint32_t> required, nice;  // skill ids known to the index
  double denominator = 0;                     // 2 * required + nice, all of them
  std::uint16_t country = 0;
  std::size_t city_hash = 0;
  bool has_city = false;
};

PoolIndex::PoolIndex(const State& state, Date today) : state_(state), today_(today) {
  entries_ = pool_entries(state);
  rows_.resize(entries_.size());

  std::unordered_map<std::string, Date> next_follow_up;
  for (const auto& [id, f] : state.follow_ups) {
    if (f.status != FollowUpStatus::open && f.status != FollowUpStatus::snoozed) continue;
    const Date due = f.snoozed_until ? *f.snoozed_until : f.due;
    auto [it, fresh] = next_follow_up.try_emplace(f.candidate_id, due);
    if (!fresh) it->second = std::min(it->second, due);
  }
  std::unordered_set<std::string_view> owed;
  for (const OwedFeedback& f : feedback_owed(state, today)) owed.insert(f.candidate->id);

  std::unordered_map<std::string, std::uint32_t> skill_id;
  std::unordered_map<std::string, std::uint32_t> token_id;
  std::vector<std::uint32_t> token_rows_count;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> token_row;  // (token id, row)
  std::vector<std::string> token_names;
  std::vector<std::uint32_t> row_ids;

  for (std::uint32_t i = 0; i < entries_.size(); ++i) {
    const PoolEntry& e = entries_[i];
    const Candidate& c = *e.candidate;
    const Outcome& o = *e.outcome;
    Row& r = rows_[i];
    r.stage = static_cast<std::uint8_t>(o.stage);
    r.initiator = static_cast<std::uint8_t>(o.initiator);
    const auto& all_reasons = reasons();
    for (std::size_t k = 0; k < all_reasons.size(); ++k)
      if (all_reasons[k].code == o.reason.code) {
        r.reason = static_cast<std::uint8_t>(k);
        r.reason_not_about = !all_reasons[k].about_candidate;
      }
    if (!o.scores.empty()) {
      double sum = 0;
      for (const InterviewScore& s : o.scores) sum += static_cast<int>(s.score);
      r.score = static_cast<std::uint8_t>(std::lround(sum / static_cast<double>(o.scores.size()) * 25));  // 0..100
    }
    if (const Flags* f = state.flags_of(c.id)) {
      if (f->open_to_contract) r.flags |= kContract;
      if (f->open_to_part_time) r.flags |= kPartTime;
      if (f->open_to_part_time && (!f->available_from || *f->available_from <= today)) r.flags |= kPartTimeNow;
      if (!f->future_roles.families.empty() || !f->future_roles.departments.empty() || !f->future_roles.requisitions.empty())
        r.flags |= kFutureRoles;
    }
    if (state.do_not_contact(c.id)) r.blocked = kDoNotContact;
    else if (state.consent_of(c.id).withdrawn_at) r.blocked = kConsentWithdrawn;
    else {
      const Retention ret = state.retention(c.id, today);
      if (ret.anchor != 0 && ret.until < today) r.blocked = kRetentionEnded;
    }
    r.decided_at = o.decided_at;
    r.last_contact = state.last_contact(c.id);
    if (auto it = next_follow_up.find(c.id); it != next_follow_up.end()) r.next_follow_up = it->second;
    r.feedback_owed = owed.count(c.id) > 0;
    r.country = pack_country(c.location.country);
    r.city_hash = c.location.city.empty() ? 0 : std::hash<std::string>{}(fold_text(c.location.city));

    // Skills, as sorted ids.
    r.skills_begin = static_cast<std::uint32_t>(skill_ids_.size());
    for (const std::string& s : c.skills) {
      auto [it, fresh] = skill_id.try_emplace(s, static_cast<std::uint32_t>(skill_names_.size()));
      if (fresh) skill_names_.push_back(s);
      skill_ids_.push_back(it->second);
    }
    std::sort(skill_ids_.begin() + r.skills_begin, skill_ids_.end());
    r.skills_end = static_cast<std::uint32_t>(skill_ids_.size());

    // The requisition-independent part of the score.
    const Instant recent = std::max(r.last_contact, r.decided_at);
    const double days = static_cast<double>(std::max<Instant>(0, start_of(today) - recent)) / kMsPerDay;
    r.static_score = static_cast<float>(
        kWeightStage * static_cast<double>(r.stage) / 4.0 +
        kWeightScores * (r.score == kNoScore ? 0.5 : r.score / 100.0) + kWeightFit * fit_value(o.future_fit) +
        kWeightReason * (r.reason_not_about ? 1.0 : 0.0) + kWeightRecency * std::exp(-days / 365.0));

    // Text: name, title, skills, notes. Tokens are interned as they come and deduplicated per
    // row as ids (sorting integers, not strings: the string sort was a fifth of the build).
    auto add = [&](std::string_view text) {
      for (std::string& t : search_tokens(text)) {
        auto [it, fresh] = token_id.try_emplace(std::move(t), static_cast<std::uint32_t>(token_names.size()));
        if (fresh) {
          token_names.push_back(it->first);
          token_rows_count.push_back(0);
        }
        row_ids.push_back(it->second);
      }
    };
    row_ids.clear();
    add(c.name);
    add(c.title);
    for (const std::string& s : c.skills) add(s);
    for (const std::string& t : c.tags) add(t);
    add(o.note);
    add(o.reason.note);
    std::sort(row_ids.begin(), row_ids.end());
    row_ids.erase(std::unique(row_ids.begin(), row_ids.end()), row_ids.end());
    for (std::uint32_t id : row_ids) {
      ++token_rows_count[id];
      token_row.emplace_back(id, i);
    }
    folded_names_.push_back(fold_text(c.name));
  }

  // Postings in sorted token order (CSR), rows ascending within each token.
  std::vector<std::uint32_t> order(token_names.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return token_names[a] < token_names[b]; });
  std::vector<std::uint32_t> rank_of(order.size());
  tokens_.reserve(order.size());
  posting_start_.assign(order.size() + 1, 0);
  for (std::uint32_t k = 0; k < order.size(); ++k) {
    rank_of[order[k]] = k;
    tokens_.push_back(std::move(token_names[order[k]]));
    posting_start_[k + 1] = posting_start_[k] + token_rows_count[order[k]];
  }
  postings_.resize(token_row.size());
  std::vector<std::uint32_t> fill(posting_start_.begin(), posting_start_.end() - 1);
  for (const auto& [tok, row] : token_row) postings_[fill[rank_of[tok]]++] = row;  // rows arrive ascending
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

PoolIndex::RankContext PoolIndex::context_for(const std::string& requisition_id) const {
  RankContext ctx;
  auto it = state_.requisitions.find(requisition_id);
  if (it == state_.requisitions.end()) return ctx;
  ctx.requisition = &it->second;
  auto id_of = [&](const std::string& skill) -> std::optional<std::uint32_t> {
    auto pos = std::find(skill_names_.begin(), skill_names_.end(), skill);
    if (pos == skill_names_.end()) return std::nullopt;
    return static_cast<std::uint32_t>(pos - skill_names_.begin());
  };
  for (const std::string& s : ctx.requisition->required_skills)
    if (auto id = id_of(s)) ctx.required.push_back(*id);
  for (const std::string& s : ctx.requisition->nice_skills)
    if (auto id = id_of(s)) ctx.nice.push_back(*id);
  std::sort(ctx.required.begin(), ctx.required.end());
  std::sort(ctx.nice.begin(), ctx.nice.end());
  ctx.denominator = 2.0 * static_cast<double>(ctx.requisition->required_skills.size()) +
                    static_cast<double>(ctx.requisition->nice_skills.size());
  ctx.country = pack_country(ctx.requisition->location.country);
  ctx.has_city = !ctx.requisition->location.city.empty();
  if (ctx.has_city) ctx.city_hash = std::hash<std::string>{}(fold_text(ctx.requisition->location.city));
  return ctx;
}

double PoolIndex::rank(std::uint32_t row, const RankContext& ctx, std::vector<Factor>* explain) const {
  const Row& r = rows_[row];
  // Skills: required count double.
  int req = 0, nice = 0;
  for (std::uint32_t k = r.skills_begin; k < r.skills_end; ++k) {
    const std::uint32_t s = skill_ids_[k];
    if (std::binary_search(ctx.required.begin(), ctx.required.end(), s)) ++req;
    else if (std::binary_search(ctx.nice.begin(), ctx.nice.end(), s)) ++nice;
  }
  const double skills = ctx.denominator > 0 ? (2.0 * req + nice) / ctx.denominator : 0.5;
  // Location: no place required, the same city, the same country.
  double location = 0;
  if (!ctx.has_city && ctx.country == 0) location = 1;
  else if (ctx.has_city && r.city_hash == ctx.city_hash && (ctx.country == 0 || ctx.country == r.country)) location = 1;
  else if (ctx.country != 0 && ctx.country == r.country) location = 0.6;
  // Employment type against flags.
  double employment = 1;
  if (ctx.requisition) {
    switch (ctx.requisition->employment_type) {
      case EmploymentType::contract:
      case EmploymentType::temporary: employment = (r.flags & kContract) ? 1 : 0; break;
      case EmploymentType::part_time: employment = (r.flags & kPartTimeNow) ? 1 : (r.flags & kPartTime) ? 0.5 : 0; break;
      case EmploymentType::full_time: employment = 1; break;
    }
  }
  const double total = r.static_score + kWeightSkills * skills + kWeightLocation * location + kWeightEmployment * employment;
  if (explain) {
    const Outcome& o = *entries_[row].outcome;
    const Instant recent = std::max(r.last_contact, r.decided_at);
    const double days = static_cast<double>(std::max<Instant>(0, start_of(today_) - recent)) / kMsPerDay;
    auto count = [](int n, std::size_t of, const char* what) {
      return std::to_string(n) + " of " + std::to_string(of) + " " + what;
    };
    explain->push_back({"skills", kWeightSkills, skills,
                        ctx.requisition ? count(req, ctx.requisition->required_skills.size(), "required") + ", " +
                                              count(nice, ctx.requisition->nice_skills.size(), "nice to have")
                                        : "no requisition"});
    explain->push_back({"stage", kWeightStage, r.stage / 4.0, std::string(code_of(o.stage))});
    explain->push_back({"scores", kWeightScores, r.score == kNoScore ? 0.5 : r.score / 100.0,
                        r.score == kNoScore ? "no interview scores" : std::to_string(o.scores.size()) + " scores"});
    explain->push_back({"futureFit", kWeightFit, fit_value(o.future_fit), std::string(code_of(o.future_fit))});
    explain->push_back({"reason", kWeightReason, r.reason_not_about ? 1.0 : 0.0,
                        r.reason_not_about ? "the reason was not about them" : "the reason was about them"});
    explain->push_back({"recency", kWeightRecency, std::exp(-days / 365.0),
                        std::to_string(static_cast<long long>(days)) + " days since the last contact or decision"});
    explain->push_back({"location", kWeightLocation, location,
                        location == 1 ? "matches" : location > 0 ? "same country" : "elsewhere"});
    explain->push_back({"employment", kWeightEmployment, employment,
                        ctx.requisition ? std::string(code_of(ctx.requisition->employment_type)) : ""});
  }
  return total;
}

std::vector<Factor> PoolIndex::explain(std::uint32_t row, const std::string& requisition_id) const {
  std::vector<Factor> factors;
  rank(row, context_for(requisition_id), &factors);
  return factors;
}

bool PoolIndex::text_matches(const std::vector<std::string>& query, std::vector<std::uint8_t>& mark) const {
  // mark[row] counts the query tokens matched so far; a row matches when it reaches them all.
  mark.assign(rows_.size(), 0);
  std::uint8_t round = 0;
  for (const std::string& q : query) {
    auto it = std::lower_bound(tokens_.begin(), tokens_.end(), q);
    bool any = false;
    for (; it != tokens_.end() && starts_with(*it, q); ++it) {
      const std::size_t k = static_cast<std::size_t>(it - tokens_.begin());
      for (std::uint32_t p = posting_start_[k]; p < posting_start_[k + 1]; ++p) {
        std::uint8_t& m = mark[postings_[p]];
        if (m == round) m = static_cast<std::uint8_t>(round + 1), any = true;
      }
    }
    if (!any) return false;
    if (++round == 255) break;
  }
  for (std::uint8_t& m : mark) m = m == round ? 1 : 0;
  return true;
}

SearchResult PoolIndex::search(const SearchRequest& q) const {
  SearchResult out;
  const std::size_t n = rows_.size();
  std::vector<std::uint8_t> text_mark;
  const std::vector<std::string> query_tokens = search_tokens(q.text);
  if (!query_tokens.empty() && !text_matches(query_tokens, text_mark)) return out;
  const bool by_text = !query_tokens.empty();

  std::vector<std::uint8_t> reasons_wanted(reasons().size() + 1, q.reasons.empty() ? 1 : 0);
  for (const std::string& code : q.reasons)
    for (std::size_t k = 0; k < reasons().size(); ++k)
      if (reasons()[k].code == code) reasons_wanted[k] = 1;
  std::vector<std::uint32_t> wanted_skills;
  for (const std::string& s : q.skills) {
    auto pos = std::find(skill_names_.begin(), skill_names_.end(), normalise_skill(s));
    if (pos == skill_names_.end()) return out;  // nobody has it
    wanted_skills.push_back(static_cast<std::uint32_t>(pos - skill_names_.begin()));
  }
  const std::uint16_t country = pack_country(q.country);
  const std::size_t city = q.city.empty() ? 0 : std::hash<std::string>{}(fold_text(q.city));
  const int min_score = q.min_score ? static_cast<int>(*q.min_score) * 25 : -1;
  const bool ranked = !q.requisition_id.empty();
  const RankContext ctx = ranked ? context_for(q.requisition_id) : RankContext{};

  std::vector<SearchHit> hits;
  hits.reserve(std::min<std::size_t>(n, 1 << 16));
  for (std::uint32_t i = 0; i < n; ++i) {
    const Row& r = rows_[i];
    if (by_text && !text_mark[i]) continue;
    if (r.blocked != kNotBlocked && !q.include_blocked) continue;
    if (q.open_to_contract && static_cast<bool>(r.flags & kContract) != *q.open_to_contract) continue;
    if (q.open_to_part_time && static_cast<bool>(r.flags & kPartTime) != *q.open_to_part_time) continue;
    if (q.future_roles && static_cast<bool>(r.flags & kFutureRoles) != *q.future_roles) continue;
    if (!reasons_wanted[r.reason == 255 ? reasons().size() : r.reason]) continue;
    if (q.initiator && r.initiator != static_cast<std::uint8_t>(*q.initiator)) continue;
    if (q.min_stage && r.stage < static_cast<std::uint8_t>(*q.min_stage)) continue;
    if (min_score >= 0 && (r.score == kNoScore || r.score < min_score)) continue;
    if (country && r.country != country) continue;
    if (city && r.city_hash != city) continue;
    if (q.follow_up_due_by && r.next_follow_up > *q.follow_up_due_by) continue;
    if (q.feedback_owed && !r.feedback_owed) continue;
    if (!wanted_skills.empty()) {
      bool all = true;
      for (std::uint32_t s : wanted_skills)
        all = all && std::binary_search(skill_ids_.begin() + r.skills_begin, skill_ids_.begin() + r.skills_end, s);
      if (!all) continue;
    }
    hits.push_back({i, ranked ? rank(i, ctx, nullptr) : 0.0});
  }
  out.total = hits.size();
  const std::size_t end = std::min(hits.size(), q.offset + q.limit);
  if (q.offset >= hits.size()) {
    hits.clear();
    out.hits = std::move(hits);
    return out;
  }
  auto by_name = [&](const SearchHit& a, const SearchHit& b) {
    return std::tie(folded_names_[a.entry], a.entry) < std::tie(folded_names_[b.entry], b.entry);
  };
  std::function<bool(const SearchHit&, const SearchHit&)> less;
  const SortBy sort = (q.sort == SortBy::relevance && !ranked) ? SortBy::decided : q.sort;
  switch (sort) {
    case SortBy::relevance:
      less = [&](const SearchHit& a, const SearchHit& b) {
        if (a.score != b.score) return a.score > b.score;
        if (rows_[a.entry].decided_at != rows_[b.entry].decided_at) return rows_[a.entry].decided_at > rows_[b.entry].decided_at;
        return by_name(a, b);
      };
      break;
    case SortBy::name: less = by_name; break;
    case SortBy::decided:
      less = [&](const SearchHit& a, const SearchHit& b) {
        if (rows_[a.entry].decided_at != rows_[b.entry].decided_at) return rows_[a.entry].decided_at > rows_[b.entry].decided_at;
        return by_name(a, b);
      };
      break;
    case SortBy::last_contact:
      less = [&](const SearchHit& a, const SearchHit& b) {
        if (rows_[a.entry].last_contact != rows_[b.entry].last_contact) return rows_[a.entry].last_contact > rows_[b.entry].last_contact;
        return by_name(a, b);
      };
      break;
  }
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(end), hits.end(), less);
  out.hits.assign(hits.begin() + static_cast<std::ptrdiff_t>(q.offset), hits.begin() + static_cast<std::ptrdiff_t>(end));
  return out;
}

std::size_t PoolIndex::memory_bytes() const {
  std::size_t bytes = rows_.capacity() * sizeof(Row) + entries_.capacity() * sizeof(PoolEntry) +
                      skill_ids_.capacity() * 4 + postings_.capacity() * 4 + posting_start_.capacity() * 4;
  for (const std::string& t : tokens_) bytes += sizeof(std::string) + (t.size() > 15 ? t.capacity() : 0);
  for (const std::string& t : skill_names_) bytes += sizeof(std::string) + (t.size() > 15 ? t.capacity() : 0);
  for (const std::string& t : folded_names_) bytes += sizeof(std::string) + (t.size() > 15 ? t.capacity() : 0);
  return bytes;
}

}  // namespace runnerup

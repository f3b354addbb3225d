// Rediscovery: find the right runner-ups again, fast, and say why they rank where they do.
//
//   PoolIndex index(pool.state(), today);            // compact columns + a prefix text index
//   SearchRequest q;
//   q.requisition_id = "r-42";                        // rank against this requisition
//   q.text = "muller";                                // finds "Müller"; prefixes as one types
//   q.open_to_contract = true;
//   SearchResult r = index.search(q);                 // total + one page of hits, best first
//   index.explain(r.hits[0].entry, q)                 // the score, factor by factor
//
// The index holds one row per person in the pool (pool_entries(), grouped by person), as small
// integers, bitsets and sorted skill ids, so ranking 100k rows touches a few bytes each. A row
// is shown, filtered and ranked by the person's primary outcome (primary_before()); the outcome
// filter matches when any of the person's outcomes matches, and the text is searched in the
// notes of all of them. People whose every outcome says "not a fit" are a filter of their own:
// left out of a ranking unless asked for, and counted when they are. Ranking: skills (required count
// double), stage reached, interview scores, future fit, reasons that were not about the person,
// recency of contact, location, and employment type against the person's flags. People who must
// not be contacted (do not contact, consent withdrawn, retention ended) are left out unless
// include_blocked is set, and then marked.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"
#include "runnerup/text_fold.hpp"  // fold_text and search_tokens, which search is built on

namespace runnerup {

enum class SortBy : std::uint8_t { relevance, name, decided, last_contact };

struct SearchRequest {
  std::string text;                  // every token must prefix-match a token of the person
  std::string requisition_id;        // rank against it (relevance); empty: no ranking
  std::optional<bool> open_to_contract, open_to_part_time, future_roles;
  std::vector<OutcomeKind> outcomes; // any of the person's outcomes is one of these (empty: any)
  // People whose every outcome's future fit is "not a fit": unset, listed unless ranking against
  // a requisition (SearchResult counts the ones left out).
  std::optional<bool> include_not_a_fit;
  std::vector<std::string> reasons;  // any of these reason codes
  std::optional<Initiator> initiator;
  std::optional<Stage> min_stage;
  std::optional<Score> min_score;    // mean interview score at least this
  std::vector<std::string> skills;   // all of these (normalised)
  std::string country;               // ISO alpha-2
  std::string city;                  // folded comparison
  std::optional<Date> follow_up_due_by;
  bool feedback_owed = false;
  bool include_blocked = false;
  SortBy sort = SortBy::relevance;
  std::size_t offset = 0;
  std::size_t limit = 50;
};

struct SearchHit {
  std::uint32_t entry;  // row of the index
  double score;         // 0..100 when ranked against a requisition, else 0
};

struct SearchResult {
  std::size_t total = 0;  // rows matching the filters
  std::vector<SearchHit> hits;
  bool include_not_a_fit = true;   // whether "not a fit" people were listed (the request's, or the default)
  std::size_t not_a_fit_left_out = 0;  // rows matching every other filter, left out as not a fit
  std::size_t outside_filters = 0;     // when total is 0: the rows the text alone matches (everyone, without a text)
};

struct Factor {
  std::string_view name;  // "skills", "stage", ...
  double weight;          // its share of 100
  double value;           // 0..1
  std::string detail;     // "3 of 4 required, 1 of 2 nice to have" (English)
  // What the detail says, for a widget to put in its own words: a taxonomy code (the stage, the
  // future fit, the requisition's employment type) or one of the factor's cases ("no_requisition",
  // "no_scores", "scores", "about_them", "not_about_them", "matches", "same_country", "elsewhere");
  // and the numbers it names (skills: required held, required, nice to have held, nice to have;
  // scores: how many; recency: days).
  std::string_view code{};
  std::vector<long long> counts{};
};

class PoolIndex {
 public:
  PoolIndex(const State& state, Date today);
  // With the state's pool_entries() already at hand (Pool keeps them per version): the same
  // index, without computing them again.
  PoolIndex(const State& state, Date today, std::vector<PoolEntry> entries);
  // The same index built in steps (a large pool's build takes seconds in wasm; a page runs
  // between the steps): construct with Deferred, then call build_step() until it returns true.
  // Nothing else may be asked of the index before that.
  struct Deferred {};
  PoolIndex(const State& state, Date today, std::vector<PoolEntry> entries, Deferred);
  // One step of the build: the next phase, or the next `rows` rows of the longest phase.
  bool build_step(std::size_t rows);
  bool ready() const { return !build_; }
  double progress() const;  // 0..1
  ~PoolIndex();
  PoolIndex(const PoolIndex&) = delete;
  PoolIndex& operator=(const PoolIndex&) = delete;

  std::size_t size() const { return entries_.size(); }
  const State& state() const { return state_; }
  const PoolEntry& entry(std::uint32_t row) const { return entries_[row]; }
  // Why a row cannot be approached ("" when it can).
  std::string_view blocked(std::uint32_t row) const;
  // What a list row shows besides the entry itself, as the index holds it (no state lookups).
  struct RowFlags {
    bool open_to_contract, open_to_part_time, future_roles, do_not_contact, not_a_fit;
  };
  RowFlags flags(std::uint32_t row) const;
  Instant last_contact(std::uint32_t row) const { return last_contact_[row]; }  // 0: never
  // How many outcomes the row's person has in the pool (at least 1; 255 stands for 255 or more).
  std::size_t outcome_count(std::uint32_t row) const { return outcome_count_[row]; }
  std::optional<Date> next_follow_up(std::uint32_t row) const;                  // open or snoozed

  SearchResult search(const SearchRequest& request) const;
  std::vector<Factor> explain(std::uint32_t row, const std::string& requisition_id) const;
  // The factors of each hit of a page, against one requisition read once for the page.
  std::vector<std::vector<Factor>> explain(const std::vector<SearchHit>& hits, const std::string& requisition_id) const;

  // Bytes held by the index (columns, skill lists, text postings), for the benchmarks.
  std::size_t memory_bytes() const;

 private:
  struct Row;
  struct RankContext;
  struct Build;
  void people_phase();
  void rows_phase(std::size_t budget);
  void names_phase();
  void tokens_phase();
  void postings_phase();
  RankContext context_for(const std::string& requisition_id) const;
  double rank(std::uint32_t row, const RankContext& ctx, std::vector<Factor>* explain) const;
  // Marks the rows holding every token as a prefix (mark: one byte a row); 0 when no row can.
  int text_matches(const std::vector<std::string>& tokens, std::uint8_t* mark) const;
  std::string_view token(std::size_t k) const;  // k-th distinct token in sorted order

  const State& state_;
  Date today_;
  std::vector<PoolEntry> entries_;
  std::vector<Row> rows_;                    // everything the index keeps of a row, packed
  // What a query's passes read, a narrow column each, so a pass over 100k rows reads a few
  // hundred kilobytes instead of the packed rows' 2.8 MB.
  struct Key {
    std::uint8_t stage, initiator, reason, score;
  };
  std::vector<std::uint8_t> gate_;           // flag bits, feedback owed and not a fit: one compare
  std::vector<std::uint8_t> kinds_;          // the person's outcome kinds, a bit each (1 << kind)
  std::vector<std::uint8_t> outcome_count_;  // the person's outcomes in the pool (255: that many or more)
  std::vector<std::uint32_t> open_rows_;     // the rows not blocked, ascending
  std::vector<Key> keys_;                    // the small filters
  std::vector<float> static_score_;          // the requisition-independent part of the score
  std::vector<std::uint16_t> country_;       // for location, in filters and in ranking
  std::vector<std::uint32_t> city_hash_;
  std::vector<Instant> decided_at_, last_contact_;
  std::vector<std::uint32_t> name_rank_;     // row -> position in (folded name, row) order
  std::vector<std::uint32_t> skill_ids_;     // all rows' skills, sorted per row
  std::vector<std::uint32_t> skill_rows_;    // the rows holding each skill, ascending (CSR)
  std::vector<std::uint32_t> skill_rows_start_;  // skills + 1 offsets into skill_rows_
  std::vector<std::string> skill_names_;     // skill id -> name
  std::unordered_map<std::string, std::uint32_t> skill_id_;  // name -> skill id
  std::string token_text_;                   // sorted distinct tokens, back to back
  std::vector<std::uint32_t> token_start_;   // tokens + 1 offsets into token_text_
  std::vector<std::uint32_t> postings_;      // rows of each token, concatenated
  std::vector<std::uint32_t> posting_start_; // tokens + 1 offsets into postings_
  std::unique_ptr<Build> build_;             // while the index is being built in steps
};

}  // namespace runnerup

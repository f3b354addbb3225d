#include "runnerup/rediscovery.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
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

// The loops below run over every name, title, skill and note of the pool when the search index
// is built (50 MB of text at 100,000 people). The module is built for size (-Os), which does not
// inline std::string::push_back or string_view::operator[]: so they read and write through raw
// pointers, and the output is sized once.

// Decodes one UTF-8 sequence at p (p < end); returns U+FFFD and advances one byte on invalid input.
char32_t decode_at(const unsigned char*& p, const unsigned char* end) {
  const unsigned b0 = *p;
  auto cont = [&](std::ptrdiff_t k) { return end - p > k && (p[k] & 0xC0) == 0x80; };
  if (b0 < 0x80) return ++p, b0;
  if ((b0 & 0xE0) == 0xC0 && cont(1)) {
    const char32_t cp = ((b0 & 0x1F) << 6) | (p[1] & 0x3F);
    p += 2;
    return cp >= 0x80 ? cp : 0xFFFD;
  }
  if ((b0 & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    const char32_t cp = ((b0 & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    p += 3;
    return cp >= 0x800 ? cp : 0xFFFD;
  }
  if ((b0 & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    const char32_t cp = ((b0 & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    p += 4;
    return cp >= 0x10000 && cp <= 0x10FFFF ? cp : 0xFFFD;
  }
  ++p;
  return 0xFFFD;
}

// Writes the UTF-8 of cp at w (room for four bytes); returns the end.
char* put_utf8(char* w, char32_t cp) {
  if (cp < 0x80) {
    *w++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *w++ = static_cast<char>(0xC0 | (cp >> 6));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *w++ = static_cast<char>(0xE0 | (cp >> 12));
    *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *w++ = static_cast<char>(0xF0 | (cp >> 18));
    *w++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return w;
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

// Writes the fold of `s` at w, which has room for three bytes per byte of `s` (a stray byte
// becomes U+FFFD; no entry of the fold table is more than twice its source:
// tests/core/rediscovery_test.cpp checks the table). Returns the end.
char* fold_to(std::string_view s, char* w) {
  auto p = reinterpret_cast<const unsigned char*>(s.data());
  const auto end = p + s.size();
  while (p < end) {
    if (*p < 0x80) {
      const unsigned char c = *p++;
      *w++ = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      continue;
    }
    const char32_t cp = decode_at(p, end);
    if (is_combining(cp)) continue;
    auto it = std::lower_bound(std::begin(kFold), std::end(kFold), cp,
                               [](const FoldEntry& e, char32_t c) { return e.cp < c; });
    if (it != std::end(kFold) && it->cp == cp) {
      for (const char* f = it->folded; *f; ++f) *w++ = *f;
    } else {
      w = put_utf8(w, cp);
    }
  }
  return w;
}

// Appends the fold of `s` to `out`.
void fold_into(std::string_view s, std::string& out) {
  const std::size_t base = out.size();
  out.resize(base + s.size() * 3);
  char* const begin = &out[0];
  out.resize(static_cast<std::size_t>(fold_to(s, begin + base) - begin));
}

// FNV-1a, for ids and cities.
constexpr std::uint32_t kFnvBasis = 2166136261u, kFnvPrime = 16777619u;

// A token's hash, eight bytes at a time (ten million tokens in a 100k pool: a byte-at-a-time
// hash is a chain of multiplies through every byte of the pool's text). It reads up to seven
// bytes past the token's end, masked off: for_each_token leaves that slack in its buffer.
__attribute__((always_inline)) inline std::uint32_t token_hash(const char* p, std::size_t n) {
  std::uint64_t h = (n + 1) * 0x9E3779B97F4A7C15ull;
  for (;; p += 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    if (n < 8) {
      if (n > 0) h = (h ^ (v & (~0ull >> (8 * (8 - n))))) * 0xBF58476D1CE4E5B9ull;
      break;
    }
    h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    n -= 8;
  }
  return static_cast<std::uint32_t>(h >> 32);
}

// ASCII in one table lookup: a letter or digit maps to its folded byte, anything else to 0 (a
// separator).
struct AsciiWord {
  unsigned char folded[128] = {};
  constexpr AsciiWord() {
    for (int c = 'a'; c <= 'z'; ++c) folded[c] = static_cast<unsigned char>(c);
    for (int c = 'A'; c <= 'Z'; ++c) folded[c] = static_cast<unsigned char>(c - 'A' + 'a');
    for (int c = '0'; c <= '9'; ++c) folded[c] = static_cast<unsigned char>(c);
  }
};
constexpr AsciiWord kAsciiWord{};

// Where for_each_token stands: the next input byte, the end of the folded output and the start
// of the word being read (offsets into the output).
struct TokenCursor {
  const unsigned char* p;
  std::size_t w, word;
};

// Emits the word that ends at c.w, if any, and starts the next one there.
template <class Emit>
__attribute__((always_inline)) inline void end_word(TokenCursor& c, char* out, Emit& emit) {
  if (c.w > c.word) emit(std::string_view(out + c.word, c.w - c.word), token_hash(out + c.word, c.w - c.word));
  c.word = c.w;
}

// One code point of folded text: a word byte, a separator or an ideograph.
template <class Emit>
void folded_code_point(char32_t cp, TokenCursor& c, char* out, Emit& emit) {
  if (cp < 0x80) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) out[c.w++] = static_cast<char>(cp);
    else end_word(c, out, emit);
    return;
  }
  const bool separator = is_separator(cp);
  const bool ideograph = !separator && is_ideographic(cp);
  if (separator || ideograph) end_word(c, out, emit);
  if (separator) return;
  c.w = static_cast<std::size_t>(put_utf8(out + c.w, cp) - out);
  if (ideograph) end_word(c, out, emit);
}

// The non-ASCII code point at c.p: decoded, folded (fold_to) and split. Out of line, and taking
// the cursor by value, so that the ASCII loop keeps its cursor in registers.
template <class Emit>
TokenCursor non_ascii_step(TokenCursor c, const unsigned char* end, char* out, Emit& emit) {
  const char32_t cp = decode_at(c.p, end);
  if (is_combining(cp)) return c;
  auto it = std::lower_bound(std::begin(kFold), std::end(kFold), cp,
                             [](const FoldEntry& e, char32_t x) { return e.cp < x; });
  if (it == std::end(kFold) || it->cp != cp) {
    folded_code_point(cp, c, out, emit);
    return c;
  }
  auto f = reinterpret_cast<const unsigned char*>(it->folded);
  const auto f_end = f + std::strlen(it->folded);
  while (f < f_end) folded_code_point(decode_at(f, f_end), c, out, emit);
  return c;
}

// Calls emit(std::string_view token, std::uint32_t hash) for each search token of `utf8` (hash:
// token_hash): the tokens of its fold (fold_text), split at separators, each ideograph a token of
// its own. It folds and splits in one pass, writing the folded words into `scratch` (reused
// across calls and only grown, so tokenizing a whole pool allocates next to nothing). The views
// live until the next call.
template <class Emit>
void for_each_token(std::string_view utf8, std::string& scratch, Emit&& emit) {
  // three bytes out per byte in at most (fold_to), and token_hash's slack
  if (scratch.size() < utf8.size() * 3 + 8) scratch.resize(utf8.size() * 3 + 8);
  char* const out = &scratch[0];
  TokenCursor c{reinterpret_cast<const unsigned char*>(utf8.data()), 0, 0};
  const auto end = c.p + utf8.size();
  while (c.p < end) {
    if (*c.p >= 0x80) {
      c = non_ascii_step(c, end, out, emit);
      continue;
    }
    // ASCII, most of a pool's text: one table lookup a byte
    const unsigned char f = kAsciiWord.folded[*c.p++];
    if (f) out[c.w++] = static_cast<char>(f);
    else end_word(c, out, emit);
  }
  end_word(c, out, emit);
}

}  // namespace

std::string fold_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  fold_into(s, out);
  return out;
}

std::vector<std::string> search_tokens(std::string_view utf8) {
  std::vector<std::string> out;
  std::string scratch;
  for_each_token(utf8, scratch, [&](std::string_view t, std::uint32_t) { out.emplace_back(t); });
  return out;
}

// ---- the index ---------------------------------------------------------------------------------

namespace {

constexpr double kWeightSkills = 35, kWeightStage = 10, kWeightScores = 15, kWeightFit = 15, kWeightReason = 5,
                 kWeightRecency = 10, kWeightLocation = 5, kWeightEmployment = 5;
constexpr std::uint8_t kNoScore = 255;
constexpr Date kNoDate = std::numeric_limits<Date>::max();

enum Flag : std::uint8_t { kContract = 1, kPartTime = 2, kFutureRoles = 4, kPartTimeNow = 8 };
// gate_ holds the flags in its low four bits and feedback owed above them (blocked people are
// left out by starting from open_rows_).
constexpr std::uint8_t kGateFeedbackOwed = 16;
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


namespace {

// Distinct strings back to back in one buffer, interned to dense ids through an open-addressing
// table keyed by the bytes themselves: no std::string per token, no rehash of the text on growth.
// A slot holds the token's hash and its id, so a probe reads the text only when the hashes agree.
class Interner {
 public:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  // Returns the id of `t`, whose hash is `h` (any hash, the same for the same bytes), adding it
  // if it is new: ids are given in the order strings are first seen.
  __attribute__((always_inline)) std::uint32_t intern(std::string_view t, std::uint32_t h) {
    if ((start_.size() + 1) * 2 > slots_.size()) grow();
    const std::size_t k = probe(t, h);
    if (slots_[k] != 0) return static_cast<std::uint32_t>(slots_[k]) - 1;
    const auto id = static_cast<std::uint32_t>(start_.size() - 1);
    slots_[k] = (static_cast<std::uint64_t>(h) << 32) | (id + 1);
    text_.append(t);
    start_.push_back(static_cast<std::uint32_t>(text_.size()));
    return id;
  }
  // The id of `t`, or kNone.
  std::uint32_t find(std::string_view t, std::uint32_t h) const {
    if (slots_.empty()) return kNone;
    const std::uint64_t slot = slots_[probe(t, h)];
    return slot == 0 ? kNone : static_cast<std::uint32_t>(slot) - 1;
  }
  std::size_t size() const { return start_.size() - 1; }
  std::string_view view(std::uint32_t id) const {
    return std::string_view(text_.data() + start_[id], start_[id + 1] - start_[id]);
  }

 private:
  void grow() {
    std::vector<std::uint64_t> slots(std::max<std::size_t>(1024, slots_.size() * 2), 0);
    const std::size_t mask = slots.size() - 1;
    for (const std::uint64_t slot : slots_) {
      if (slot == 0) continue;
      std::size_t k = static_cast<std::uint32_t>(slot >> 32) & mask;
      while (slots[k] != 0) k = (k + 1) & mask;
      slots[k] = slot;
    }
    slots_.swap(slots);
  }
  // The slot holding `t`, or the empty slot where it would go.
  __attribute__((always_inline)) std::size_t probe(std::string_view t, std::uint32_t h) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t k = h & mask;; k = (k + 1) & mask) {
      const std::uint64_t slot = slots_[k];
      if (slot == 0) return k;
      if (static_cast<std::uint32_t>(slot >> 32) != h) continue;
      const auto id = static_cast<std::uint32_t>(slot) - 1;
      if (start_[id + 1] - start_[id] != t.size()) continue;
      // a loop, not memcmp: tokens are a few bytes, and memcmp is a call in wasm
      const char* a = text_.data() + start_[id];
      std::size_t i = 0;
      while (i < t.size() && a[i] == t[i]) ++i;
      if (i == t.size()) return k;
    }
  }
  std::string text_;
  std::vector<std::uint32_t> start_{0};  // token id -> where it starts; one more: where the last ends
  std::vector<std::uint64_t> slots_;     // hash << 32 | (id + 1); 0 is empty
};

}  // namespace

// The columns a query's filter pass reads, packed (28 bytes a row); the wider, colder values
// (decision and contact times) live in their own columns.
struct PoolIndex::Row {
  float static_score = 0;  // the factors that do not depend on the requisition, weighted
  std::uint32_t skills_begin = 0;
  std::uint32_t city_hash = 0;
  Date next_follow_up = kNoDate;
  std::uint16_t country = 0;
  std::uint16_t skills_count = 0;
  std::uint8_t stage = 0, initiator = 0, reason = 255, score = kNoScore, flags = 0, blocked = kNotBlocked;
  bool reason_not_about = false, feedback_owed = false;
};

struct PoolIndex::RankContext {
  const Requisition* requisition = nullptr;
  // Per skill id of the index: 2 required, 1 nice to have, 0 neither (a dense table over the
  // vocabulary: one load per skill of a row, no search).
  std::vector<std::uint8_t> skill_weight;
  double denominator = 0;  // 2 * required + nice, all of them
  std::uint16_t country = 0;
  std::uint32_t city_hash = 0;
  bool has_city = false;
};

namespace {

std::uint32_t fnv1a(std::string_view s) {
  std::uint32_t h = kFnvBasis;
  for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * kFnvPrime;
  return h;
}


// A city as one number: the FNV-1a hash of its fold, folded into `scratch` (reused across rows).
std::uint32_t city_hash_of(std::string_view city, std::string& scratch) {
  if (city.empty()) return 0;
  if (scratch.size() < city.size() * 3) scratch.resize(city.size() * 3);
  const char* const end = fold_to(city, &scratch[0]);
  std::uint32_t h = kFnvBasis;
  for (const char* p = scratch.data(); p < end; ++p) h = (h ^ static_cast<unsigned char>(*p)) * kFnvPrime;
  return h == 0 ? 1 : h;  // 0 means no city
}

std::uint32_t city_hash_of(std::string_view city) {
  std::string scratch;
  return city_hash_of(city, scratch);
}


}  // namespace

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
  const auto n = static_cast<std::uint32_t>(entries_.size());
  rows_.resize(n);
  decided_at_.assign(n, 0);
  last_contact_.assign(n, 0);

  // Everything the rows need from the state's per-person maps, in one pass over each map
  // (sparse: flags, consents, touchpoints, feedback, follow-ups) instead of a lookup per row.
  // Candidate id -> row: the ids interned in row order (one entry per candidate), so an id's
  // number is its row.
  Interner row_of;
  for (const PoolEntry& e : entries_) row_of.intern(e.candidate->id, fnv1a(e.candidate->id));
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
    if (ret.anchor != 0 && ret.until < today) r->blocked = kRetentionEnded;
  }

  Build& b = *build_;
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
    add(o.note);
    add(o.reason.note);
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
    gate_[i] = static_cast<std::uint8_t>((r.flags & 15) | (r.feedback_owed ? kGateFeedbackOwed : 0));
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
  return {(r.flags & kContract) != 0, (r.flags & kPartTime) != 0, (r.flags & kFutureRoles) != 0, r.blocked == kDoNotContact};
}

std::optional<Date> PoolIndex::next_follow_up(std::uint32_t row) const {
  const Date d = rows_[row].next_follow_up;
  if (d == kNoDate) return std::nullopt;
  return d;
}

std::string_view PoolIndex::token(std::size_t k) const {
  return std::string_view(token_text_).substr(token_start_[k], token_start_[k + 1] - token_start_[k]);
}

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

namespace {

// Location against the requisition: no place required, the same city, the same country.
template <class Ctx>
inline double location_value(std::uint16_t country, std::uint32_t city_hash, const Ctx& ctx) {
  if (!ctx.has_city && ctx.country == 0) return 1;
  if (ctx.has_city && city_hash == ctx.city_hash && (ctx.country == 0 || ctx.country == country)) return 1;
  if (ctx.country != 0 && ctx.country == country) return 0.6;
  return 0;
}

// Employment type against the person's flags.
inline double employment_value(std::uint8_t flags, const Requisition* requisition) {
  if (!requisition) return 1;
  switch (requisition->employment_type) {
    case EmploymentType::contract:
    case EmploymentType::temporary: return (flags & kContract) ? 1 : 0;
    case EmploymentType::part_time: return (flags & kPartTimeNow) ? 1 : (flags & kPartTime) ? 0.5 : 0;
    case EmploymentType::full_time: return 1;
  }
  return 1;
}

}  // namespace

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
    explain->push_back({"skills", kWeightSkills, skills,
                        ctx.requisition ? count(req, ctx.requisition->required_skills.size(), "required") + ", " +
                                              count(nice, ctx.requisition->nice_skills.size(), "nice to have")
                                        : "no requisition"});
    explain->push_back({"stage", kWeightStage, stage_progress(o.stage), std::string(code_of(o.stage))});
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

  // The filters as plain values.
  std::uint8_t reason_wanted[256];
  std::fill(std::begin(reason_wanted), std::end(reason_wanted), q.reasons.empty() ? 1 : 0);
  for (const std::string& code : q.reasons)
    for (std::size_t k = 0; k < reasons().size(); ++k)
      if (reasons()[k].code == code) reason_wanted[k] = 1;
  std::vector<std::uint32_t> wanted_skills;
  for (const std::string& s : q.skills) {
    auto id = skill_id_.find(normalise_skill(s));
    if (id == skill_id_.end()) return out;  // nobody has it
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
  out.total = total;
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
  const bool ranked = !q.requisition_id.empty();
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

std::size_t PoolIndex::memory_bytes() const {
  std::size_t bytes = rows_.capacity() * sizeof(Row) + entries_.capacity() * sizeof(PoolEntry) +
                      gate_.capacity() + keys_.capacity() * sizeof(Key) + static_score_.capacity() * 4 +
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

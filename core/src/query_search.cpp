// The "search" query: the request decoded into a SearchRequest, and its answer, a page of hits
// as a JSON value or (a row page without factors, asked for at every keystroke) as text.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <tuple>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value_from.hpp>

#include "query_json.hpp"
#include "runnerup/rediscovery.hpp"

namespace runnerup {

namespace json = boost::json;

namespace detail {

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

// The person's outcomes in the pool (all but `hired`), by decision.
std::vector<const Outcome*> pool_outcomes(const State& s, const std::string& candidate_id) {
  std::vector<const Outcome*> out;
  for (auto it = s.outcomes.lower_bound({candidate_id, ""}); it != s.outcomes.end() && it->first.first == candidate_id; ++it)
    if (keeps_in_pool(it->second.outcome)) out.push_back(&it->second);
  std::sort(out.begin(), out.end(), [](const Outcome* a, const Outcome* b) {
    return std::tie(a->decided_at, a->requisition_id) < std::tie(b->decided_at, b->requisition_id);
  });
  return out;
}

// Returns the page as text in *text when it is a row page without factors (and then an empty
// value); otherwise the page as a JSON value.
Result<json::value> search_json(const Pool& pool, ObjectReader& r, Decoder& d, Date today, std::string* text) {
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
    q.include_not_a_fit = flag("includeNotAFit");
    const std::uint8_t kinds = read_outcome_kinds(fr, d, "outcomes");
    if (kinds != kAnyOutcome)
      for (const CodeLabel& item : Vocabulary<OutcomeKind>::items)
        if (const auto kind = from_code<OutcomeKind>(item.code); kind && (kinds & outcome_bit(*kind))) q.outcomes.push_back(*kind);
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
      std::size_t outcomes;
    };
    std::vector<Row> rows;
    rows.reserve(result.hits.size());
    std::size_t room = 256;
    for (const SearchHit& h : result.hits) {
      const PoolEntry& e = index.entry(h.entry);
      const ReasonInfo* reason = find_reason(e.outcome->reason.code);
      Row row{&e, index.flags(h.entry), reason, index.blocked(h.entry), h.score, index.outcome_count(h.entry)};
      room += 512 + PageWriter::room(e.candidate->id.size()) + PageWriter::room(e.candidate->name.size()) +
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
    w.lit(",\"includeNotAFit\":"), w.boolean(result.include_not_a_fit);
    w.lit(",\"notAFitLeftOut\":"), w.number(result.not_a_fit_left_out);
    w.lit(",\"outsideFilters\":"), w.number(result.outside_filters);
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
      w.lit(",\"runnerUpRank\":"), w.number(static_cast<std::size_t>(o.rank > 0 ? o.rank : 0));
      w.lit(",\"outcomeCount\":"), w.number(row.outcomes);
      w.lit(",\"hiredElsewhere\":"), w.boolean(row.entry->hired_elsewhere);
      w.lit(",\"notAFit\":"), w.boolean(row.flags.not_a_fit);
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
      hit.reserve(20);
      hit.emplace("id", c.id);
      hit.emplace("name", c.name);
      hit.emplace("title", c.title);
      hit.emplace("requisitionId", o.requisition_id);
      hit.emplace("requisitionTitle", e.requisition ? json::value(e.requisition->title, sp) : json::value(nullptr));
      hit.emplace("stage", code_of(o.stage));
      hit.emplace("outcome", code_of(o.outcome));
      hit.emplace("runnerUpRank", o.rank > 0 ? o.rank : 0);
      hit.emplace("outcomeCount", index.outcome_count(h.entry));
      hit.emplace("hiredElsewhere", e.hired_elsewhere);
      hit.emplace("notAFit", f.not_a_fit);
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
      json::array outcomes(sp);
      for (const Outcome* other : pool_outcomes(s, c.id)) {
        json::value v = reason_json(*other);
        auto q_it = s.requisitions.find(other->requisition_id);
        v.as_object()["requisition"] = requisition_ref(q_it == s.requisitions.end() ? nullptr : &q_it->second);
        outcomes.push_back(std::move(v));
      }
      hit["outcomes"] = std::move(outcomes);
      hit["hiredElsewhere"] = e.hired_elsewhere;
      hit["notAFit"] = index.flags(h.entry).not_a_fit;
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
        for (const Factor& f : explained[static_cast<std::size_t>(&h - result.hits.data())]) {
          json::array counts(sp);
          for (long long n : f.counts) counts.push_back(n);
          factors.push_back(json::object({{"name", f.name}, {"weight", f.weight}, {"value", std::round(f.value * 1000) / 1000},
                                          {"points", std::round(f.weight * f.value * 10) / 10}, {"detail", f.detail},
                                          {"code", f.code}, {"counts", std::move(counts)}}, sp));
        }
        hit["factors"] = std::move(factors);
      }
    }
    hits.push_back(std::move(hit));
  }
  return json::value(json::object({{"total", result.total}, {"offset", q.offset},
                                   {"includeNotAFit", result.include_not_a_fit},
                                   {"notAFitLeftOut", result.not_a_fit_left_out},
                                   {"outsideFilters", result.outside_filters},
                                   {"hits", std::move(hits)}}, sp));
}

}  // namespace detail

}  // namespace runnerup

// run_query(): a query document's "type" looked up in one table; each entry reads its own
// fields (refusing unknown ones) and returns its answer (query_json.cpp, query_search.cpp).
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <string_view>
#include <unordered_set>

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include "query_json.hpp"
#include "runnerup/close_out.hpp"
#include "runnerup/feedback_draft.hpp"
#include "runnerup/query.hpp"
#include "runnerup/rules.hpp"

namespace runnerup {

namespace json = boost::json;
using detail::Decoder;
using detail::Need;
using detail::ObjectReader;

namespace {

// Answers one query type from the document's reader. A row page of a search is written to *text
// when it is given (and an empty value returned); every other answer is a value.
using Answer = Result<json::value> (*)(const Pool& pool, ObjectReader& r, Decoder& d, std::string* text);

// An optional "today" adds retention clocks to what the pool and candidate queries return.
Result<std::optional<Date>> optional_today(ObjectReader& r, Decoder& d) {
  if (!r.get("today") || d.failed()) return std::optional<Date>{};
  auto t = detail::today_of(r, d);
  if (!t) return t.error();
  return std::optional<Date>{t.value()};
}

// The queries that ask only for "today".
template <json::value (*Project)(const State&, Date)>
Result<json::value> on_today(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  auto today = detail::today_of(r, d);
  r.finish();
  if (!today) return today.error();
  if (d.failed()) return d.error();
  return Project(pool.state(), today.value());
}

// The queries that take no field but "type".
template <json::value (*Project)(const Pool&)>
Result<json::value> on_nothing(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  r.finish();
  if (d.failed()) return d.error();
  return Project(pool);
}

Result<json::value> candidate(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  const std::string id = r.id("id", Need::required);
  auto today = optional_today(r, d);
  r.finish();
  if (!today) return today.error();
  if (d.failed()) return d.error();
  return detail::candidate_json(pool, id, today.value());
}

// "outcomes" keeps the entries of these kinds; "includeNotAFit": false leaves out the outcomes
// whose future fit is "not a fit". Both are the recruiter's choice: by default every entry is
// listed, and the answer counts what the filters left out.
Result<json::value> pool_listing(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  auto today = optional_today(r, d);
  detail::PoolFilter filter;
  filter.requisition_id = r.id("requisitionId", Need::optional);
  const long long limit = r.integer("limit", Need::optional, 0, std::numeric_limits<std::int32_t>::max(), -1);
  if (limit >= 0) filter.limit = static_cast<std::size_t>(limit);
  filter.outcome_kinds = detail::read_outcome_kinds(r, d, "outcomes");
  if (const json::value* b = r.get("includeNotAFit"); b && !d.failed()) {
    if (b->is_bool()) filter.include_not_a_fit = b->get_bool();
    else d.fail(ErrorCode::invalid_field, "/includeNotAFit", "\"includeNotAFit\" must be true or false");
  }
  r.finish();
  if (!today) return today.error();
  if (d.failed()) return d.error();
  return detail::pool_json(pool, today.value(), filter);
}

Result<json::value> next_in_line(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  const std::string id = r.id("requisitionId", Need::required);
  auto today = detail::today_of(r, d);
  r.finish();
  if (!today) return today.error();
  if (d.failed()) return d.error();
  if (!pool.state().requisitions.count(id))
    return Error{ErrorCode::not_found, "/requisitionId", "no requisition with id \"" + id + "\" in this pool"};
  return detail::next_in_line_json(pool.state(), id, today.value());
}

Result<json::value> access_export(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  const std::string id = r.id("candidateId", Need::required);
  auto today = detail::today_of(r, d);
  r.finish();
  if (!today) return today.error();
  if (d.failed()) return d.error();
  return detail::access_export_json(pool, id, today.value());
}

// A feedback message for the person, drafted by the core (runnerup/feedback_draft.hpp).
Result<json::value> feedback_draft(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  FeedbackDraftRequest ask;
  ask.candidate_id = r.id("candidateId", Need::required);
  ask.requisition_id = r.id("requisitionId", Need::optional);
  ask.language = r.text("language", Need::optional);
  ask.locale = r.text("locale", Need::optional);
  auto today = detail::today_of(r, d);
  r.finish();
  if (!today) return today.error();
  if (d.failed()) return d.error();
  auto draft = draft_feedback(pool.state(), ask, today.value());
  if (!draft) return draft.error();
  return json::value_from(draft.value());
}

Result<json::value> search(const Pool& pool, ObjectReader& r, Decoder& d, std::string* text) {
  auto today = detail::today_of(r, d);
  if (!today) return today.error();
  return detail::search_json(pool, r, d, today.value(), text);
}

// The log's events with these ids, in log order; unknown ids are left out (what a host lacks is
// sent a chunk of ids at a time).
Result<json::value> events(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  const std::vector<std::string> ids = r.texts("ids", detail::kMaxId, detail::kMaxQueryIds);
  r.finish();
  if (d.failed()) return d.error();
  std::unordered_set<std::string_view> wanted(ids.begin(), ids.end());
  json::array found;
  for (const Event& e : pool.log())
    if (wanted.count(e.id)) found.push_back(json::value_from(e));
  return json::value(json::object{{"events", std::move(found)}});
}

Result<json::value> events_about(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  const std::string id = r.id("candidateId", Need::required);
  r.finish();
  if (d.failed()) return d.error();
  return json::value(json::object{{"events", json::value_from(pool.events_about(id))}});
}

Result<json::value> retention(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  auto today = detail::today_of(r, d);
  const long long within = r.integer("withinDays", Need::optional, 0, 3650, kExpiringWithinDays);
  r.finish();
  if (!today) return today.error();
  if (d.failed()) return d.error();
  return detail::retention_json(pool.state(), today.value(), static_cast<int>(within));
}

Result<json::value> last_action(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  const std::string actor = r.id("actor", Need::required);
  r.finish();
  if (d.failed()) return d.error();
  return detail::last_action_json(pool, actor);
}

Result<json::value> close_out(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  const std::string id = r.id("requisitionId", Need::required);
  const std::vector<std::string> ids = r.texts("candidateIds", detail::kMaxId, detail::kMaxQueryIds);
  auto today = detail::today_of(r, d);
  r.finish();
  if (!today) return today.error();
  if (d.failed()) return d.error();
  return close_out_json(pool.state(), id, ids, today.value());
}

Result<json::value> write_back(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  const std::vector<std::string> ids = r.texts("eventIds", detail::kMaxId, detail::kMaxQueryIds);
  r.finish();
  if (d.failed()) return d.error();
  return write_back_json(pool, ids);
}

Result<json::value> candidates(const Pool& pool, ObjectReader& r, Decoder& d, std::string*) {
  return detail::candidates_json(pool, r, d);
}

json::value settings_of(const Pool& pool) { return json::value_from(pool.state().settings); }
json::value audit_of(const Pool& pool) { return detail::audit_json(pool.state()); }
json::value taxonomy_of(const Pool&) { return taxonomy_json(); }
json::value requisitions_of(const Pool& pool) {
  json::array a;
  for (const auto& [id, q] : pool.state().requisitions) a.push_back(json::value_from(q));
  return json::value(json::object{{"requisitions", std::move(a)}});
}

struct QueryType {
  std::string_view type;
  Answer answer;
};

// Every query the core answers (docs/BOUNDARY.md describes each).
constexpr QueryType kQueries[] = {
    {"taxonomy", on_nothing<taxonomy_of>},
    {"pool", pool_listing},
    {"candidate", candidate},
    {"candidates", candidates},
    {"requisitions", on_nothing<requisitions_of>},
    {"search", search},
    {"nextInLine", next_in_line},
    {"feedbackOwed", on_today<detail::feedback_owed_json>},
    {"feedbackDraft", feedback_draft},
    {"followUps", on_today<detail::follow_ups_json>},
    {"insights", on_today<detail::insights_json>},
    {"retention", retention},
    {"accessExport", access_export},
    {"settings", on_nothing<settings_of>},
    {"audit", on_nothing<audit_of>},
    {"events", events},
    {"eventsAbout", events_about},
    {"lastAction", last_action},
    {"closeOut", close_out},
    {"writeBack", write_back},
};

Result<json::value> answer(const Pool& pool, const json::value& query, std::string* text) {
  if (auto ruled = rules_query(pool, query)) return std::move(*ruled);  // core/include/runnerup/rules.hpp
  Decoder d;
  ObjectReader r(d, query, "", "a query");
  const std::string type = r.text("type", Need::required);
  if (d.failed()) return d.error();
  const auto* found = std::find_if(std::begin(kQueries), std::end(kQueries),
                                   [&](const QueryType& q) { return q.type == type; });
  if (found != std::end(kQueries)) return found->answer(pool, r, d, text);
  r.finish();
  if (d.failed()) return d.error();
  return Error{ErrorCode::unknown_type, "/type", "unknown query \"" + type + "\""};
}

}  // namespace

Result<json::value> run_query(const Pool& pool, const json::value& query) { return answer(pool, query, nullptr); }

Result<std::string> run_query_text(const Pool& pool, const json::value& query) {
  std::string text;
  auto value = answer(pool, query, &text);
  if (!value) return value.error();
  if (!text.empty()) return text;
  return json::serialize(value.value());
}

}  // namespace runnerup

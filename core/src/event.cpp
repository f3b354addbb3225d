#include "runnerup/event.hpp"

#include <boost/json/parse.hpp>

#include <tuple>
#include <utility>

#include "json_read.hpp"

namespace runnerup {

namespace json = boost::json;
using detail::Decoder;
using detail::Need;
using detail::ObjectReader;

std::string_view Event::type() const {
  return std::visit([](const auto& d) { return std::decay_t<decltype(d)>::type; }, data);
}

bool order_before(const Event& a, const Event& b) {
  return std::tie(a.clock, a.actor, a.id) < std::tie(b.clock, b.actor, b.id);
}

std::string_view action_of(const Event& e) {
  std::string_view id = e.id;
  const auto dot = id.rfind('.');
  return dot == std::string_view::npos ? id : id.substr(0, dot);
}

std::string_view subject_candidate(const Event& e) {
  return std::visit(
      [](const auto& d) -> std::string_view {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, CandidateSaved>) return d.candidate.id;
        else if constexpr (std::is_same_v<T, OutcomeRecorded>) return d.outcome.candidate_id;
        else if constexpr (std::is_same_v<T, FeedbackRequested>) return d.request.candidate_id;
        else if constexpr (std::is_same_v<T, FeedbackLogged>) return d.feedback.candidate_id;
        else if constexpr (std::is_same_v<T, FlagsSet>) return d.candidate_id;
        else if constexpr (std::is_same_v<T, TouchpointLogged>) return d.touchpoint.candidate_id;
        else if constexpr (std::is_same_v<T, FollowUpScheduled>) return d.follow_up.candidate_id;
        else if constexpr (std::is_same_v<T, RequisitionReopened>) return d.candidate_id;
        else if constexpr (std::is_same_v<T, RequisitionClosedOut>) return d.hired_candidate_id;
        else if constexpr (std::is_same_v<T, HireBackedOut>) return d.back_out.candidate_id;
        else if constexpr (std::is_same_v<T, ConsentRecorded> || std::is_same_v<T, ConsentRenewalRequested> ||
                           std::is_same_v<T, ConsentRenewalAnswered> || std::is_same_v<T, ConsentWithdrawn> ||
                           std::is_same_v<T, RetentionPolicySet> || std::is_same_v<T, PersonErased> ||
                           std::is_same_v<T, AccessExported>)
          return d.candidate_id;
        else return {};
      },
      e.data);
}

// ---- payload codecs ---------------------------------------------------------------------------

namespace {

// A payload whose data is {"<key>": record}.
template <class Record, class Decode>
Result<Record> wrapped(const json::value& data, const std::string& path, std::string_view key,
                       Decode decode) {
  Decoder d;
  ObjectReader r(d, data, path, "event data");
  const json::value* v = r.get(key);
  r.finish();
  if (d.failed()) return d.error();
  if (!v) return Error{ErrorCode::missing_field, r.path_of(key), "\"" + std::string(key) + "\" is required"};
  return decode(*v, r.path_of(key));
}

template <class T, class Record>
Result<T> make(Result<Record> r) {
  if (!r) return r.error();
  return T{std::move(r).value()};
}

}  // namespace

template <>
Result<CandidateSaved> decode_payload(const json::value& v, const std::string& p) {
  return make<CandidateSaved>(wrapped<Candidate>(v, p, "candidate", decode_candidate));
}
template <>
json::value encode_payload(const CandidateSaved& x) {
  return json::object{{"candidate", json::value_from(x.candidate)}};
}

template <>
Result<RequisitionSaved> decode_payload(const json::value& v, const std::string& p) {
  return make<RequisitionSaved>(wrapped<Requisition>(v, p, "requisition", decode_requisition));
}
template <>
json::value encode_payload(const RequisitionSaved& x) {
  return json::object{{"requisition", json::value_from(x.requisition)}};
}

template <>
Result<OutcomeRecorded> decode_payload(const json::value& v, const std::string& p) {
  return make<OutcomeRecorded>(wrapped<Outcome>(v, p, "outcome", decode_outcome));
}
template <>
json::value encode_payload(const OutcomeRecorded& x) {
  return json::object{{"outcome", json::value_from(x.outcome)}};
}

template <>
Result<FeedbackRequested> decode_payload(const json::value& v, const std::string& p) {
  return make<FeedbackRequested>(decode_feedback_request(v, p));
}
template <>
json::value encode_payload(const FeedbackRequested& x) { return json::value_from(x.request); }

template <>
Result<FeedbackLogged> decode_payload(const json::value& v, const std::string& p) {
  return make<FeedbackLogged>(decode_feedback_given(v, p));
}
template <>
json::value encode_payload(const FeedbackLogged& x) { return json::value_from(x.feedback); }

template <>
Result<FlagsSet> decode_payload(const json::value& v, const std::string& p) {
  Decoder d;
  ObjectReader r(d, v, p, "event data");
  FlagsSet out;
  out.candidate_id = r.id("candidateId", Need::required);
  const json::value* f = r.get("flags");
  r.finish();
  if (d.failed()) return d.error();
  if (!f) return Error{ErrorCode::missing_field, r.path_of("flags"), "\"flags\" is required"};
  auto flags = decode_flags(*f, r.path_of("flags"));
  if (!flags) return flags.error();
  out.flags = std::move(flags).value();
  return out;
}
template <>
json::value encode_payload(const FlagsSet& x) {
  return json::object{{"candidateId", x.candidate_id}, {"flags", json::value_from(x.flags)}};
}

template <>
Result<TouchpointLogged> decode_payload(const json::value& v, const std::string& p) {
  return make<TouchpointLogged>(decode_touchpoint(v, p));
}
template <>
json::value encode_payload(const TouchpointLogged& x) { return json::value_from(x.touchpoint); }

template <>
Result<FollowUpScheduled> decode_payload(const json::value& v, const std::string& p) {
  return make<FollowUpScheduled>(decode_follow_up(v, p));
}
template <>
json::value encode_payload(const FollowUpScheduled& x) { return json::value_from(x.follow_up); }

template <>
Result<FollowUpClosed> decode_payload(const json::value& v, const std::string& p) {
  Decoder d;
  ObjectReader r(d, v, p, "event data");
  FollowUpClosed out;
  out.follow_up_id = r.id("followUpId", Need::required);
  out.status = r.code("status", Need::required, FollowUpStatus::done);
  r.finish();
  if (!d.failed() && out.status != FollowUpStatus::done && out.status != FollowUpStatus::dismissed)
    d.fail(ErrorCode::invalid_field, r.path_of("status"), "a follow-up closes as done or dismissed");
  if (d.failed()) return d.error();
  return out;
}
template <>
json::value encode_payload(const FollowUpClosed& x) {
  return json::object{{"followUpId", x.follow_up_id}, {"status", code_of(x.status)}};
}

template <>
Result<FollowUpSnoozed> decode_payload(const json::value& v, const std::string& p) {
  Decoder d;
  ObjectReader r(d, v, p, "event data");
  FollowUpSnoozed out;
  out.follow_up_id = r.id("followUpId", Need::required);
  const std::string until = r.text("until", Need::required);
  r.finish();
  if (d.failed()) return d.error();
  auto day = parse_date(until);
  if (!day) return Error{ErrorCode::invalid_field, r.path_of("until"), "\"until\" must be a date such as 2026-12-01"};
  out.until = *day;
  return out;
}
template <>
json::value encode_payload(const FollowUpSnoozed& x) {
  return json::object{{"followUpId", x.follow_up_id}, {"until", format_date(x.until)}};
}

template <>
Result<RunnerUpsRanked> decode_payload(const json::value& v, const std::string& p) {
  Decoder d;
  ObjectReader r(d, v, p, "event data");
  RunnerUpsRanked out;
  out.requisition_id = r.id("requisitionId", Need::required);
  out.order = r.texts("order", detail::kMaxId);
  r.finish();
  if (d.failed()) return d.error();
  return out;
}
template <>
json::value encode_payload(const RunnerUpsRanked& x) {
  return json::object{{"requisitionId", x.requisition_id}, {"order", detail::string_array(x.order)}};
}

template <>
Result<HireBackedOut> decode_payload(const json::value& v, const std::string& p) {
  return make<HireBackedOut>(decode_back_out(v, p));
}
template <>
json::value encode_payload(const HireBackedOut& x) { return json::value_from(x.back_out); }

template <>
Result<RequisitionReopened> decode_payload(const json::value& v, const std::string& p) {
  Decoder d;
  ObjectReader r(d, v, p, "event data");
  RequisitionReopened out;
  out.requisition_id = r.id("requisitionId", Need::required);
  out.candidate_id = r.id("candidateId", Need::required);
  r.finish();
  if (d.failed()) return d.error();
  return out;
}
template <>
json::value encode_payload(const RequisitionReopened& x) {
  return json::object{{"requisitionId", x.requisition_id}, {"candidateId", x.candidate_id}};
}

template <>
Result<RequisitionClosedOut> decode_payload(const json::value& v, const std::string& p) {
  Decoder d;
  ObjectReader r(d, v, p, "event data");
  RequisitionClosedOut out;
  out.requisition_id = r.id("requisitionId", Need::required);
  out.hired_candidate_id = r.id("hiredCandidateId", Need::optional);
  r.finish();
  if (d.failed()) return d.error();
  return out;
}
template <>
json::value encode_payload(const RequisitionClosedOut& x) {
  return json::object{{"requisitionId", x.requisition_id}, {"hiredCandidateId", x.hired_candidate_id}};
}

template <>
Result<ActionUndone> decode_payload(const json::value& v, const std::string& p) {
  Decoder d;
  ObjectReader r(d, v, p, "event data");
  ActionUndone out;
  out.event_ids = r.texts("eventIds", detail::kMaxId);
  r.finish();
  if (!d.failed() && out.event_ids.empty())
    d.fail(ErrorCode::missing_field, r.path_of("eventIds"), "an undo names the events it undoes");
  if (d.failed()) return d.error();
  return out;
}
template <>
json::value encode_payload(const ActionUndone& x) {
  return json::object{{"eventIds", detail::string_array(x.event_ids)}};
}

template <>
Result<SettingsChanged> decode_payload(const json::value& v, const std::string& p) {
  return make<SettingsChanged>(decode_settings(v, p, Settings{}));
}
template <>
json::value encode_payload(const SettingsChanged& x) { return json::value_from(x.settings); }

namespace {

// A payload that names one candidate and nothing else.
template <class T>
Result<T> about_candidate(const json::value& v, const std::string& p) {
  Decoder d;
  ObjectReader r(d, v, p, "event data");
  T out;
  out.candidate_id = r.id("candidateId", Need::required);
  r.finish();
  if (d.failed()) return d.error();
  return out;
}

}  // namespace

template <>
Result<ConsentRecorded> decode_payload(const json::value& v, const std::string& p) {
  Decoder d;
  ObjectReader r(d, v, p, "event data");
  ConsentRecorded out;
  out.candidate_id = r.id("candidateId", Need::required);
  const json::value* c = r.get("consent");
  r.finish();
  if (d.failed()) return d.error();
  if (!c) return Error{ErrorCode::missing_field, r.path_of("consent"), "\"consent\" is required"};
  auto consent = decode_consent(*c, r.path_of("consent"));
  if (!consent) return consent.error();
  out.consent = std::move(consent).value();
  return out;
}
template <>
json::value encode_payload(const ConsentRecorded& x) {
  return json::object{{"candidateId", x.candidate_id}, {"consent", json::value_from(x.consent)}};
}

template <>
Result<ConsentRenewalRequested> decode_payload(const json::value& v, const std::string& p) {
  return about_candidate<ConsentRenewalRequested>(v, p);
}
template <>
json::value encode_payload(const ConsentRenewalRequested& x) { return json::object{{"candidateId", x.candidate_id}}; }

template <>
Result<ConsentRenewalAnswered> decode_payload(const json::value& v, const std::string& p) {
  Decoder d;
  ObjectReader r(d, v, p, "event data");
  ConsentRenewalAnswered out;
  out.candidate_id = r.id("candidateId", Need::required);
  if (const json::value* g = r.get("granted"); !d.failed()) {
    if (!g || !g->is_bool()) d.fail(ErrorCode::invalid_field, r.path_of("granted"), "\"granted\" must be true or false");
    else out.granted = g->get_bool();
  }
  if (r.get("expiresAt") && !d.failed()) out.expires_at = r.instant("expiresAt", Need::required);
  r.finish();
  if (!d.failed() && out.granted && !out.expires_at)
    d.fail(ErrorCode::missing_field, r.path_of("expiresAt"), "a renewed consent needs its new expiry");
  if (d.failed()) return d.error();
  return out;
}
template <>
json::value encode_payload(const ConsentRenewalAnswered& x) {
  return json::object{{"candidateId", x.candidate_id}, {"granted", x.granted},
                      {"expiresAt", x.expires_at ? json::value(format_instant(*x.expires_at)) : json::value(nullptr)}};
}

template <>
Result<ConsentWithdrawn> decode_payload(const json::value& v, const std::string& p) {
  return about_candidate<ConsentWithdrawn>(v, p);
}
template <>
json::value encode_payload(const ConsentWithdrawn& x) { return json::object{{"candidateId", x.candidate_id}}; }

template <>
Result<RetentionPolicySet> decode_payload(const json::value& v, const std::string& p) {
  Decoder d;
  ObjectReader r(d, v, p, "event data");
  RetentionPolicySet out;
  out.candidate_id = r.id("candidateId", Need::optional);
  out.requisition_id = r.id("requisitionId", Need::optional);
  out.policy = r.text("policy", Need::required);
  r.finish();
  if (!d.failed() && out.candidate_id.empty() == out.requisition_id.empty())
    d.fail(ErrorCode::invalid_field, p, "a retention policy is set for one candidate or for one requisition");
  if (!d.failed() && !find_retention_policy(out.policy))
    d.fail(ErrorCode::invalid_field, r.path_of("policy"), "unknown retention policy \"" + out.policy + "\"");
  if (d.failed()) return d.error();
  return out;
}
template <>
json::value encode_payload(const RetentionPolicySet& x) {
  return json::object{{"candidateId", x.candidate_id}, {"requisitionId", x.requisition_id}, {"policy", x.policy}};
}

template <>
Result<PersonErased> decode_payload(const json::value& v, const std::string& p) {
  Decoder d;
  ObjectReader r(d, v, p, "event data");
  PersonErased out;
  out.candidate_id = r.id("candidateId", Need::required);
  out.reason = r.text("reason", Need::required);
  r.finish();
  if (!d.failed() && out.reason != "request" && out.reason != "retention_expired")
    d.fail(ErrorCode::invalid_field, r.path_of("reason"), "an erasure's reason is request or retention_expired");
  if (d.failed()) return d.error();
  return out;
}
template <>
json::value encode_payload(const PersonErased& x) {
  return json::object{{"candidateId", x.candidate_id}, {"reason", x.reason}};
}

template <>
Result<AccessExported> decode_payload(const json::value& v, const std::string& p) {
  return about_candidate<AccessExported>(v, p);
}
template <>
json::value encode_payload(const AccessExported& x) { return json::object{{"candidateId", x.candidate_id}}; }

// ---- envelope ---------------------------------------------------------------------------------

namespace {

template <std::size_t... I>
Result<EventData> decode_data(std::string_view type, const json::value& data, const std::string& path,
                              std::index_sequence<I...>) {
  Result<EventData> out = Error{ErrorCode::unknown_type, "", ""};
  bool found = false;
  auto try_one = [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (found || T::type != type) return;
    found = true;
    auto r = decode_payload<T>(data, path);
    if (r) out = EventData{std::move(r).value()};
    else out = r.error();
  };
  (try_one(std::common_type<std::variant_alternative_t<I, EventData>>{}), ...);
  return out;
}

template <std::size_t... I>
std::string type_names(std::index_sequence<I...>) {
  std::string s;
  ((s += (s.empty() ? "" : ", "), s += std::variant_alternative_t<I, EventData>::type), ...);
  return s;
}

std::string known_types() {
  return type_names(std::make_index_sequence<std::variant_size_v<EventData>>{});
}

}  // namespace

Result<Event> decode_event(const json::value& v, const std::string& path) {
  Decoder d;
  Event e;
  ObjectReader r(d, v, path, "an event");
  e.id = r.id("id", Need::required);
  e.actor = r.id("actor", Need::required);
  e.at = r.instant("at", Need::required);
  e.clock = static_cast<std::uint64_t>(r.integer("clock", Need::required, 1, (1LL << 53) - 1));
  const std::string type = r.text("type", Need::required);
  const json::value* data = r.get("data");
  r.finish();
  if (d.failed()) return d.error();
  if (!data) return Error{ErrorCode::missing_field, r.path_of("data"), "\"data\" is required"};
  auto payload = decode_data(type, *data, r.path_of("data"),
                             std::make_index_sequence<std::variant_size_v<EventData>>{});
  if (!payload) {
    if (payload.error().path.empty() && payload.error().code == ErrorCode::unknown_type)
      return Error{ErrorCode::unknown_type, r.path_of("type"),
                   "unknown event type \"" + type + "\" (this build knows " + known_types() + ")"};
    return payload.error();
  }
  e.data = std::move(payload).value();
  return e;
}

Result<std::vector<Event>> decode_events(const json::value& v, const std::string& path) {
  const json::array* a = v.if_array();
  if (!a) return Error{ErrorCode::invalid_field, path, "events must be a JSON array"};
  std::vector<Event> out;
  out.reserve(a->size());
  for (std::size_t i = 0; i < a->size(); ++i) {
    auto e = decode_event((*a)[i], path + "/" + std::to_string(i));
    if (!e) return e.error();
    out.push_back(std::move(e).value());
  }
  return out;
}

void tag_invoke(json::value_from_tag, json::value& jv, const Event& e) {
  json::object o;
  o["id"] = e.id;
  o["actor"] = e.actor;
  o["at"] = format_instant(e.at);
  o["clock"] = e.clock;
  o["type"] = e.type();
  o["data"] = std::visit([](const auto& d) { return encode_payload(d); }, e.data);
  jv = std::move(o);
}

json::value encode_log(const std::vector<Event>& events) {
  json::array a;
  a.reserve(events.size());
  for (const Event& e : events) a.push_back(json::value_from(e));
  return json::object{{"format", kLogFormat}, {"version", kLogVersion}, {"events", std::move(a)}};
}

Result<std::vector<Event>> decode_log(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Error{ErrorCode::malformed_json, "", "the log is not valid JSON: " + ec.message()};
  Decoder d;
  ObjectReader r(d, v, "", "a log document");
  const std::string format = r.text("format", Need::required);
  const long long version = r.integer("version", Need::required, 0, 1'000'000);
  const json::value* events = r.get("events");
  r.finish();
  if (d.failed()) return d.error();
  if (format != kLogFormat)
    return Error{ErrorCode::invalid_field, "/format", "not a runnerup log (format \"" + format + "\")"};
  if (version != kLogVersion)
    return Error{ErrorCode::unsupported_version, "/version",
                 "log version " + std::to_string(version) + " is not supported (this build reads version 1)"};
  if (!events) return Error{ErrorCode::missing_field, "/events", "\"events\" is required"};
  return decode_events(*events, "/events");
}

}  // namespace runnerup

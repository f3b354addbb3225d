#include "runnerup/event.hpp"

#include <boost/json/parse.hpp>

#include <tuple>

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

std::string_view subject_candidate(const Event& e) {
  if (auto* c = std::get_if<CandidateSaved>(&e.data)) return c->candidate.id;
  if (auto* o = std::get_if<OutcomeRecorded>(&e.data)) return o->outcome.candidate_id;
  return {};
}

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
  const std::string data_path = r.path_of("data");
  if (type == CandidateSaved::type || type == RequisitionSaved::type || type == OutcomeRecorded::type) {
    ObjectReader dr(d, *data, data_path, "event data");
    if (type == CandidateSaved::type) {
      const json::value* c = dr.get("candidate");
      dr.finish();
      if (d.failed()) return d.error();
      if (!c) return Error{ErrorCode::missing_field, data_path + "/candidate", "\"candidate\" is required"};
      auto cand = decode_candidate(*c, data_path + "/candidate");
      if (!cand) return cand.error();
      e.data = CandidateSaved{std::move(cand).value()};
    } else if (type == RequisitionSaved::type) {
      const json::value* q = dr.get("requisition");
      dr.finish();
      if (d.failed()) return d.error();
      if (!q) return Error{ErrorCode::missing_field, data_path + "/requisition", "\"requisition\" is required"};
      auto req = decode_requisition(*q, data_path + "/requisition");
      if (!req) return req.error();
      e.data = RequisitionSaved{std::move(req).value()};
    } else {
      const json::value* o = dr.get("outcome");
      dr.finish();
      if (d.failed()) return d.error();
      if (!o) return Error{ErrorCode::missing_field, data_path + "/outcome", "\"outcome\" is required"};
      auto out = decode_outcome(*o, data_path + "/outcome");
      if (!out) return out.error();
      e.data = OutcomeRecorded{std::move(out).value()};
    }
    return e;
  }
  return Error{ErrorCode::unknown_type, r.path_of("type"),
               "unknown event type \"" + type + "\" (this build knows candidate.saved, "
               "requisition.saved, outcome.recorded)"};
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
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, CandidateSaved>)
          o["data"] = json::object{{"candidate", json::value_from(d.candidate)}};
        else if constexpr (std::is_same_v<T, RequisitionSaved>)
          o["data"] = json::object{{"requisition", json::value_from(d.requisition)}};
        else
          o["data"] = json::object{{"outcome", json::value_from(d.outcome)}};
      },
      e.data);
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

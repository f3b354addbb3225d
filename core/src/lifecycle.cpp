#include "runnerup/lifecycle.hpp"

#include "json_read.hpp"
#include "record_fields.hpp"
#include "runnerup/taxonomy.hpp"

namespace runnerup {

namespace json = boost::json;
using detail::Decoder;
using detail::Need;
using detail::ObjectReader;
using detail::Text;

int business_days_between(Date from, Date to) {
  if (to <= from) return 0;
  // Whole weeks contribute five; walk the remainder.
  const int span = to - from;
  int days = (span / 7) * 5;
  for (Date d = from + (span / 7) * 7 + 1; d <= to; ++d)
    if (weekday(d) < 5) ++days;
  return days;
}

Date next_by_cadence(Date from, const Cadence& c) {
  return c.unit == CadenceUnit::months ? add_months(from, c.every) : from + c.every;
}

namespace {

std::optional<Date> read_date(Decoder& d, ObjectReader& r, std::string_view key, Need need) {
  std::string s = r.text(key, need);
  if (s.empty() || d.failed()) return std::nullopt;
  if (auto day = parse_date(s)) return day;
  d.fail(ErrorCode::invalid_field, r.path_of(key),
         "\"" + std::string(key) + "\" must be a date such as 2026-11-30 (got \"" + s + "\")");
  return std::nullopt;
}

json::value date_or_null(const std::optional<Date>& d) {
  if (!d) return nullptr;
  return json::value(format_date(*d));
}

}  // namespace

Result<InterviewScore> decode_score(const json::value& v, const std::string& path) {
  return detail::decode_record<InterviewScore>(v, path, "an interview score");
}

Result<FeedbackRequest> decode_feedback_request(const json::value& v, const std::string& path) {
  Decoder d;
  FeedbackRequest f;
  ObjectReader r(d, v, path, "a feedback request");
  f.id = r.id("id", Need::optional);
  f.candidate_id = r.id("candidateId", Need::required);
  f.requisition_id = r.id("requisitionId", Need::optional);
  f.requested_at = r.instant("requestedAt", Need::optional);
  r.finish();
  if (d.failed()) return d.error();
  return f;
}

Result<FeedbackGiven> decode_feedback_given(const json::value& v, const std::string& path) {
  Decoder d;
  FeedbackGiven f;
  ObjectReader r(d, v, path, "feedback");
  f.id = r.id("id", Need::optional);
  f.candidate_id = r.id("candidateId", Need::required);
  f.requisition_id = r.id("requisitionId", Need::optional);
  f.given_at = r.instant("givenAt", Need::optional);
  f.by = r.text("by", Need::optional);
  f.channel = r.code("channel", Need::required, Channel::email);
  f.strengths = r.text("strengths", Need::optional, Text::multiline, detail::kMaxNote);
  f.improvements = r.text("improvements", Need::optional, Text::multiline, detail::kMaxNote);
  f.summary = r.text("summary", Need::optional, Text::multiline, detail::kMaxNote);
  r.finish();
  if (!d.failed() && f.strengths.empty() && f.improvements.empty() && f.summary.empty())
    d.fail(ErrorCode::missing_field, r.path_of("summary"),
           "feedback needs at least a summary, strengths or improvements");
  if (d.failed()) return d.error();
  return f;
}

Result<Flags> decode_flags(const json::value& v, const std::string& path) {
  Decoder d;
  Flags f;
  ObjectReader r(d, v, path, "flags");
  auto boolean = [&](std::string_view key) {
    const json::value* b = r.get(key);
    if (!b || d.failed()) return false;
    if (!b->is_bool()) {
      d.fail(ErrorCode::invalid_field, r.path_of(key), "\"" + std::string(key) + "\" must be true or false");
      return false;
    }
    return b->get_bool();
  };
  f.open_to_contract = boolean("openToContract");
  f.open_to_part_time = boolean("openToPartTime");
  f.available_from = read_date(d, r, "availableFrom", Need::optional);
  if (const json::value* fr = r.get("futureRoles")) {
    ObjectReader rr(d, *fr, r.path_of("futureRoles"), "future roles");
    f.future_roles.families = rr.texts("families");
    f.future_roles.departments = rr.texts("departments");
    f.future_roles.requisitions = rr.texts("requisitions", detail::kMaxId);
    rr.finish();
  }
  f.do_not_contact = boolean("doNotContact");
  f.do_not_contact_reason = r.text("doNotContactReason", Need::optional, Text::multiline, 2000);
  r.finish();
  if (!d.failed() && f.do_not_contact && f.do_not_contact_reason.empty())
    d.fail(ErrorCode::missing_field, r.path_of("doNotContactReason"),
           "do not contact needs a reason (for example: the candidate asked not to be contacted)");
  if (!d.failed() && !f.do_not_contact && !f.do_not_contact_reason.empty())
    f.do_not_contact_reason.clear();
  if (d.failed()) return d.error();
  return f;
}

Result<Touchpoint> decode_touchpoint(const json::value& v, const std::string& path) {
  Decoder d;
  Touchpoint t;
  ObjectReader r(d, v, path, "a touchpoint");
  t.id = r.id("id", Need::optional);
  t.candidate_id = r.id("candidateId", Need::required);
  t.at = r.instant("at", Need::optional);
  t.channel = r.code("channel", Need::required, Channel::email);
  t.direction = r.code("direction", Need::optional, Direction::outbound);
  t.note = r.text("note", Need::optional, Text::multiline, detail::kMaxNote);
  t.by = r.text("by", Need::optional);
  r.finish();
  if (d.failed()) return d.error();
  return t;
}

Result<FollowUp> decode_follow_up(const json::value& v, const std::string& path) {
  Decoder d;
  FollowUp f;
  ObjectReader r(d, v, path, "a follow-up");
  f.id = r.id("id", Need::optional);
  f.candidate_id = r.id("candidateId", Need::required);
  if (auto due = read_date(d, r, "due", Need::required)) f.due = *due;
  f.owner = r.text("owner", Need::optional);
  f.note = r.text("note", Need::optional, Text::multiline, detail::kMaxNote);
  if (const json::value* c = r.get("cadence")) {
    ObjectReader cr(d, *c, r.path_of("cadence"), "a cadence");
    f.cadence.every = static_cast<int>(cr.integer("every", Need::required, 1, 3650));
    f.cadence.unit = cr.code("unit", Need::required, CadenceUnit::days);
    cr.finish();
  }
  f.status = r.code("status", Need::optional, FollowUpStatus::open);
  f.snoozed_until = read_date(d, r, "snoozedUntil", Need::optional);
  if (r.get("closedAt") && !d.failed()) f.closed_at = r.instant("closedAt", Need::required);
  r.finish();
  if (d.failed()) return d.error();
  return f;
}

Result<HireBackOut> decode_back_out(const json::value& v, const std::string& path) {
  Decoder d;
  HireBackOut b;
  ObjectReader r(d, v, path, "a hire back-out");
  b.requisition_id = r.id("requisitionId", Need::required);
  b.candidate_id = r.id("candidateId", Need::optional);
  b.reason = r.code("reason", Need::required, BackOutReason::offer_declined);
  b.note = r.text("note", Need::optional, Text::multiline, detail::kMaxNote);
  b.at = r.instant("at", Need::optional);
  r.finish();
  if (d.failed()) return d.error();
  return b;
}

void tag_invoke(json::value_from_tag, json::value& jv, const InterviewScore& x) { detail::encode_record(jv, x); }

void tag_invoke(json::value_from_tag, json::value& jv, const FeedbackRequest& x) {
  jv = json::object{{"id", x.id},
                    {"candidateId", x.candidate_id},
                    {"requisitionId", x.requisition_id},
                    {"requestedAt", format_instant(x.requested_at)}};
}

void tag_invoke(json::value_from_tag, json::value& jv, const FeedbackGiven& x) {
  json::object o;
  o["id"] = x.id;
  o["candidateId"] = x.candidate_id;
  o["requisitionId"] = x.requisition_id;
  o["givenAt"] = format_instant(x.given_at);
  o["by"] = x.by;
  o["channel"] = code_of(x.channel);
  o["strengths"] = x.strengths;
  o["improvements"] = x.improvements;
  o["summary"] = x.summary;
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const Flags& x) {
  json::object o;
  o["openToContract"] = x.open_to_contract;
  o["openToPartTime"] = x.open_to_part_time;
  o["availableFrom"] = date_or_null(x.available_from);
  o["futureRoles"] = json::object{{"families", detail::string_array(x.future_roles.families)},
                                  {"departments", detail::string_array(x.future_roles.departments)},
                                  {"requisitions", detail::string_array(x.future_roles.requisitions)}};
  o["doNotContact"] = x.do_not_contact;
  o["doNotContactReason"] = x.do_not_contact_reason;
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const Touchpoint& x) {
  json::object o;
  o["id"] = x.id;
  o["candidateId"] = x.candidate_id;
  o["at"] = format_instant(x.at);
  o["channel"] = code_of(x.channel);
  o["direction"] = code_of(x.direction);
  o["note"] = x.note;
  o["by"] = x.by;
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const FollowUp& x) {
  json::object o;
  o["id"] = x.id;
  o["candidateId"] = x.candidate_id;
  o["due"] = format_date(x.due);
  o["owner"] = x.owner;
  o["note"] = x.note;
  if (x.cadence.every > 0)
    o["cadence"] = json::object{{"every", x.cadence.every}, {"unit", code_of(x.cadence.unit)}};
  else
    o["cadence"] = nullptr;
  o["status"] = code_of(x.status);
  o["snoozedUntil"] = date_or_null(x.snoozed_until);
  o["closedAt"] = x.closed_at ? json::value(format_instant(*x.closed_at)) : json::value(nullptr);
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const HireBackOut& x) {
  jv = json::object{{"requisitionId", x.requisition_id},
                    {"candidateId", x.candidate_id},
                    {"reason", code_of(x.reason)},
                    {"note", x.note},
                    {"at", format_instant(x.at)}};
}

}  // namespace runnerup

#include "runnerup/lifecycle.hpp"

#include <algorithm>

#include "json_read.hpp"
#include "record_fields.hpp"
#include "runnerup/taxonomy.hpp"
#include "runnerup/text_fold.hpp"

namespace runnerup {

namespace json = boost::json;

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

using detail::decode_record;
using detail::encode_record;

Result<InterviewScore> decode_score(const json::value& v, const std::string& path) {
  return decode_record<InterviewScore>(v, path, "an interview score");
}

Result<FeedbackRequest> decode_feedback_request(const json::value& v, const std::string& path) {
  return decode_record<FeedbackRequest>(v, path, "a feedback request");
}

Result<FeedbackGiven> decode_feedback_given(const json::value& v, const std::string& path) {
  Result<FeedbackGiven> r = decode_record<FeedbackGiven>(v, path, "feedback");
  if (r && r.value().strengths.empty() && r.value().improvements.empty() && r.value().summary.empty())
    return Error{ErrorCode::missing_field, path + "/summary", "feedback needs at least a summary, strengths or improvements"};
  return r;
}

Result<Flags> decode_flags(const json::value& v, const std::string& path) {
  Result<Flags> r = decode_record<Flags>(v, path, "flags");
  if (!r) return r;
  Flags& f = r.value();
  if (f.do_not_contact && f.do_not_contact_reason.empty())
    return Error{ErrorCode::missing_field, path + "/doNotContactReason",
                 "do not contact needs a reason (for example: the candidate asked not to be contacted)"};
  if (!f.do_not_contact) f.do_not_contact_reason.clear();
  return r;
}

Result<Touchpoint> decode_touchpoint(const json::value& v, const std::string& path) {
  return decode_record<Touchpoint>(v, path, "a touchpoint");
}

Result<FollowUp> decode_follow_up(const json::value& v, const std::string& path) {
  return decode_record<FollowUp>(v, path, "a follow-up");
}

Result<HireBackOut> decode_back_out(const json::value& v, const std::string& path) {
  return decode_record<HireBackOut>(v, path, "a hire back-out");
}

void tag_invoke(json::value_from_tag, json::value& jv, const InterviewScore& x) { encode_record(jv, x); }
void tag_invoke(json::value_from_tag, json::value& jv, const FeedbackRequest& x) { encode_record(jv, x); }
void tag_invoke(json::value_from_tag, json::value& jv, const FeedbackGiven& x) { encode_record(jv, x); }
void tag_invoke(json::value_from_tag, json::value& jv, const Flags& x) { encode_record(jv, x); }
void tag_invoke(json::value_from_tag, json::value& jv, const Touchpoint& x) { encode_record(jv, x); }
void tag_invoke(json::value_from_tag, json::value& jv, const FollowUp& x) { encode_record(jv, x); }
void tag_invoke(json::value_from_tag, json::value& jv, const HireBackOut& x) { encode_record(jv, x); }

bool same_role(std::string_view a, std::string_view b) { return fold_text(a) == fold_text(b); }

namespace {
std::vector<std::string> distinct_roles(const std::vector<std::string>& items) {
  std::vector<std::string> out, folded;
  for (const std::string& item : items) {
    const std::size_t from = item.find_first_not_of(" \t");
    if (from == std::string::npos) continue;
    const std::string text = item.substr(from, item.find_last_not_of(" \t") - from + 1);
    std::string key = fold_text(text);
    if (std::find(folded.begin(), folded.end(), key) != folded.end()) continue;
    folded.push_back(std::move(key));
    out.push_back(text);
  }
  return out;
}
}  // namespace

Flags normalized_flags(Flags flags) {
  flags.future_roles.families = distinct_roles(flags.future_roles.families);
  flags.future_roles.departments = distinct_roles(flags.future_roles.departments);
  flags.future_roles.requisitions = distinct_roles(flags.future_roles.requisitions);
  // "available from" says when contract or part-time work could start: without either, nothing
  if (!flags.open_to_contract && !flags.open_to_part_time) flags.available_from.reset();
  return flags;
}

}  // namespace runnerup

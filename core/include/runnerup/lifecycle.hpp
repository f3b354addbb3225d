// What happens to a runner-up after the decision: feedback asked for and given, flags
// (contract, part-time, future roles, do not contact), touchpoints and follow-ups, interview
// scores, and the back-out of a hire that sends a requisition to its next in line.
//
//   Result<FeedbackGiven> f = decode_feedback_given(json, "/feedback");
//   business_days_between(*parse_date("2026-11-20"), *parse_date("2026-11-23")) == 1  // Fri→Mon
//
// Like records.hpp: decoding checks structure and formats; the rules that need the pool
// (is this person do-not-contact, does the follow-up exist) live in the pool's commands.
#pragma once

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include <string>
#include <vector>

#include "runnerup/error.hpp"
#include "runnerup/time.hpp"

namespace runnerup {

enum class Channel : std::uint8_t { email, phone, video, in_person, ats_message, other };
enum class Direction : std::uint8_t { outbound, inbound };
enum class Score : std::uint8_t { strong_no, no, mixed, yes, strong_yes };
enum class CadenceUnit : std::uint8_t { days, months };
enum class FollowUpStatus : std::uint8_t { open, done, snoozed, dismissed };
enum class BackOutReason : std::uint8_t { offer_declined, left_early, offer_rescinded };

struct InterviewScore {
  std::string by;  // an interviewer or a criterion ("System design")
  Score score = Score::mixed;
};

struct FeedbackRequest {
  std::string id;  // the event that recorded it
  std::string candidate_id;
  std::string requisition_id;  // may be empty
  Instant requested_at = 0;
};

struct FeedbackGiven {
  std::string id;
  std::string candidate_id;
  std::string requisition_id;
  Instant given_at = 0;
  std::string by;
  Channel channel = Channel::email;
  std::string strengths;
  std::string improvements;
  std::string summary;
};

struct FutureRoles {
  std::vector<std::string> families;      // "backend engineering"
  std::vector<std::string> departments;   // "Platform"
  std::vector<std::string> requisitions;  // requisition ids
};

struct Flags {
  bool open_to_contract = false;
  bool open_to_part_time = false;
  std::optional<Date> available_from;
  FutureRoles future_roles;
  bool do_not_contact = false;
  std::string do_not_contact_reason;
};

struct Touchpoint {
  std::string id;
  std::string candidate_id;
  Instant at = 0;
  Channel channel = Channel::email;
  Direction direction = Direction::outbound;
  std::string note;
  std::string by;
};

struct Cadence {
  int every = 0;  // 0: no cadence
  CadenceUnit unit = CadenceUnit::days;
};

struct FollowUp {
  std::string id;
  std::string candidate_id;
  Date due = 0;
  std::string owner;
  std::string note;
  Cadence cadence;
  FollowUpStatus status = FollowUpStatus::open;
  std::optional<Date> snoozed_until;
  std::optional<Instant> closed_at;  // done or dismissed
};

// The date an open follow-up is due on: its snooze date when snoozed, else its due date.
inline Date due_on(const FollowUp& f) { return f.snoozed_until ? *f.snoozed_until : f.due; }

struct HireBackOut {
  std::string requisition_id;
  std::string candidate_id;  // the hire who backed out
  BackOutReason reason = BackOutReason::offer_declined;
  std::string note;
  Instant at = 0;
};

// Monday..Friday days after `from`, up to and including `to` (0 when to <= from).
int business_days_between(Date from, Date to);
// The date a cadence lands on after `from`.
Date next_by_cadence(Date from, const Cadence& c);

// Decoders: `path` is the JSON Pointer of `v`. Fields the pool assigns (ids, candidate of a
// follow-up being closed, ...) are read when present and left empty otherwise.
Result<InterviewScore> decode_score(const boost::json::value& v, const std::string& path);
Result<FeedbackRequest> decode_feedback_request(const boost::json::value& v, const std::string& path);
Result<FeedbackGiven> decode_feedback_given(const boost::json::value& v, const std::string& path);
Result<Flags> decode_flags(const boost::json::value& v, const std::string& path);

// The flag set as it is kept: each future-role list trimmed, without empty items and without an
// item that repeats an earlier one ignoring case and accents ("platform", "Platform": the first
// spelling stays), and "available from" only for a person open to contract or part-time work
// (the date either may start). setFlags and recordOutcome keep flags this way.
Flags normalized_flags(Flags flags);
// Whether two future roles name the same thing (ignoring case and accents).
bool same_role(std::string_view a, std::string_view b);
Result<Touchpoint> decode_touchpoint(const boost::json::value& v, const std::string& path);
Result<FollowUp> decode_follow_up(const boost::json::value& v, const std::string& path);
Result<HireBackOut> decode_back_out(const boost::json::value& v, const std::string& path);

void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const InterviewScore& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const FeedbackRequest& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const FeedbackGiven& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Flags& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Touchpoint& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const FollowUp& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const HireBackOut& x);

}  // namespace runnerup

// The event log: every change to a pool is an event; the pool's state is the fold of its log.
//
//   Result<Event> e = decode_event(json_value, "/events/3");
//   order_before(a, b)   // the total order of a log: clock, then actor, then id
//
// Envelope: id (unique), actor, at (UTC), clock (Lamport), type, data. The data is decoded into
// a typed payload, so a log that decodes is a log that folds.
#pragma once

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "runnerup/error.hpp"
#include "runnerup/privacy.hpp"
#include "runnerup/records.hpp"
#include "runnerup/time.hpp"

namespace runnerup {

struct CandidateSaved {
  static constexpr std::string_view type = "candidate.saved";
  Candidate candidate;
};
struct RequisitionSaved {
  static constexpr std::string_view type = "requisition.saved";
  Requisition requisition;
};
struct OutcomeRecorded {
  static constexpr std::string_view type = "outcome.recorded";
  Outcome outcome;
};

struct FeedbackRequested {
  static constexpr std::string_view type = "feedback.requested";
  FeedbackRequest request;
};
struct FeedbackLogged {
  static constexpr std::string_view type = "feedback.given";
  FeedbackGiven feedback;
};
struct FlagsSet {
  static constexpr std::string_view type = "flags.set";
  std::string candidate_id;
  Flags flags;
};
struct TouchpointLogged {
  static constexpr std::string_view type = "touchpoint.logged";
  Touchpoint touchpoint;
};
struct FollowUpScheduled {
  static constexpr std::string_view type = "followup.scheduled";
  FollowUp follow_up;
};
struct FollowUpClosed {  // done or dismissed
  static constexpr std::string_view type = "followup.closed";
  std::string follow_up_id;
  FollowUpStatus status = FollowUpStatus::done;
};
struct FollowUpSnoozed {
  static constexpr std::string_view type = "followup.snoozed";
  std::string follow_up_id;
  Date until = 0;
};
struct RunnerUpsRanked {
  static constexpr std::string_view type = "runnerups.ranked";
  std::string requisition_id;
  std::vector<std::string> order;  // candidate ids, next in line first
};
struct HireBackedOut {
  static constexpr std::string_view type = "hire.backed_out";
  HireBackOut back_out;
};
struct RequisitionReopened {
  static constexpr std::string_view type = "requisition.reopened";
  std::string requisition_id;
  std::string candidate_id;  // the runner-up it was reopened for
};
// The first event of a close-out (runnerup/close_out.hpp): the requisition and its hire ("" when
// the close-out hired no one: the requisition keeps its status).
struct RequisitionClosedOut {
  static constexpr std::string_view type = "requisition.closed_out";
  std::string requisition_id;
  std::string hired_candidate_id;
};
struct ActionUndone {
  static constexpr std::string_view type = "action.undone";
  std::vector<std::string> event_ids;
};
struct SettingsChanged {
  static constexpr std::string_view type = "settings.changed";
  Settings settings;
};
struct ConsentRecorded {
  static constexpr std::string_view type = "consent.recorded";
  std::string candidate_id;
  Consent consent;
};
struct ConsentRenewalRequested {
  static constexpr std::string_view type = "consent.renewal_requested";
  std::string candidate_id;
};
struct ConsentRenewalAnswered {
  static constexpr std::string_view type = "consent.renewal_answered";
  std::string candidate_id;
  bool granted = false;
  std::optional<Instant> expires_at;  // the new expiry when granted
};
struct ConsentWithdrawn {
  static constexpr std::string_view type = "consent.withdrawn";
  std::string candidate_id;
};
struct RetentionPolicySet {  // for one person, or for everyone decided on one requisition
  static constexpr std::string_view type = "retention.policy_set";
  std::string candidate_id;
  std::string requisition_id;
  std::string policy;
};
struct PersonErased {
  static constexpr std::string_view type = "person.erased";
  std::string candidate_id;
  std::string reason;  // "request" or "retention_expired"
};
struct AccessExported {
  static constexpr std::string_view type = "access.exported";
  std::string candidate_id;
};

using EventData = std::variant<CandidateSaved, RequisitionSaved, OutcomeRecorded, FeedbackRequested,
                               FeedbackLogged, FlagsSet, TouchpointLogged, FollowUpScheduled,
                               FollowUpClosed, FollowUpSnoozed, RunnerUpsRanked, HireBackedOut,
                               RequisitionReopened, ActionUndone, SettingsChanged, ConsentRecorded,
                               ConsentRenewalRequested, ConsentRenewalAnswered, ConsentWithdrawn,
                               RetentionPolicySet, PersonErased, AccessExported, RequisitionClosedOut>;

// The data object of a payload, and back.
template <class T>
Result<T> decode_payload(const boost::json::value& data, const std::string& path);
template <class T>
boost::json::value encode_payload(const T& payload);

struct Event {
  std::string id;
  std::string actor;
  Instant at = 0;
  std::uint64_t clock = 0;
  EventData data;

  std::string_view type() const;
};

// The log's total order: by clock, then actor, then id. Merging two logs in either order and
// folding in this order gives the same state.
bool order_before(const Event& a, const Event& b);

// The candidate an event is about, or "" when it is about none (or about several).
std::string_view subject_candidate(const Event& e);
// The id of the action an event belongs to: every event one command proposes shares it.
std::string_view action_of(const Event& e);

Result<Event> decode_event(const boost::json::value& v, const std::string& path);
Result<std::vector<Event>> decode_events(const boost::json::value& v, const std::string& path);

void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Event& e);

// The log document: {"format":"runnerup.log","version":1,"events":[...]}.
constexpr std::string_view kLogFormat = "runnerup.log";
constexpr int kLogVersion = 1;
boost::json::value encode_log(const std::vector<Event>& events);
Result<std::vector<Event>> decode_log(std::string_view text);

}  // namespace runnerup

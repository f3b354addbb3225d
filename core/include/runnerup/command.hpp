// Commands: what a recruiter (or the host ATS) asks the pool to do.
//
//   Result<Command> c = parse_command(R"({"type":"recordOutcome","outcome":{...}})");
//   Result<std::vector<Event>> events = pool.propose(c.value(), "alice", now, "7f3c...");
//
// A command is decoded (structure, codes, formats) here and validated against the pool's state
// by Pool::propose, which either returns the events to append or an error; never half of them.
// The JSON shape of every command is in docs/BOUNDARY.md.
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "runnerup/close_out.hpp"
#include "runnerup/error.hpp"
#include "runnerup/lifecycle.hpp"
#include "runnerup/privacy.hpp"
#include "runnerup/records.hpp"

namespace runnerup {

struct SaveCandidate {
  Candidate candidate;
};
struct SaveRequisition {
  Requisition requisition;
};
// Rejects into the pool in one step: the outcome, and optionally the flags and a first follow-up.
struct RecordOutcome {
  Outcome outcome;
  std::optional<Flags> flags;
  std::optional<FollowUp> follow_up;
};
struct RequestFeedback {
  FeedbackRequest request;
};
struct GiveFeedback {
  FeedbackGiven feedback;
};
struct SetFlags {
  std::string candidate_id;
  Flags flags;
};
struct LogTouchpoint {
  Touchpoint touchpoint;
};
struct ScheduleFollowUp {
  FollowUp follow_up;
};
struct CompleteFollowUp {
  std::string follow_up_id;
};
struct SnoozeFollowUp {
  std::string follow_up_id;
  Date until = 0;
};
struct DismissFollowUp {
  std::string follow_up_id;
};
struct RankRunnerUps {
  std::string requisition_id;
  std::vector<std::string> order;  // every runner-up of the requisition, next in line first
};
struct MarkHireBackedOut {
  HireBackOut back_out;
};
struct ReopenForNextInLine {
  std::string requisition_id;
  std::string candidate_id;  // empty: the first eligible runner-up
};
struct UndoLast {};
struct ChangeSettings {
  boost::json::value settings;  // the fields to change; merged over the current settings
};
struct RecordConsent {
  std::string candidate_id;
  Consent consent;
};
struct RequestConsentRenewal {
  std::string candidate_id;
};
struct AnswerConsentRenewal {
  std::string candidate_id;
  bool granted = false;
  std::optional<Instant> expires_at;
};
struct WithdrawConsent {
  std::string candidate_id;
};
struct SetRetentionPolicy {
  std::string candidate_id;
  std::string requisition_id;
  std::string policy;
};
// Erases a person's personal data everywhere; cannot be undone.
struct ErasePerson {
  std::string candidate_id;
};
// Erases everyone past their retention date (the action's date is "today").
struct EraseExpired {};
// Records, for the audit, that someone took an access export of a person's data.
struct RecordAccessExport {
  std::string candidate_id;
};

using Command = std::variant<SaveCandidate, SaveRequisition, RecordOutcome, RequestFeedback,
                             GiveFeedback, SetFlags, LogTouchpoint, ScheduleFollowUp,
                             CompleteFollowUp, SnoozeFollowUp, DismissFollowUp, RankRunnerUps,
                             MarkHireBackedOut, ReopenForNextInLine, UndoLast, ChangeSettings,
                             RecordConsent, RequestConsentRenewal, AnswerConsentRenewal,
                             WithdrawConsent, SetRetentionPolicy, ErasePerson, EraseExpired,
                             RecordAccessExport, CloseOutRequisition>;

Result<Command> decode_command(const boost::json::value& v);
Result<Command> parse_command(std::string_view json_text);

}  // namespace runnerup

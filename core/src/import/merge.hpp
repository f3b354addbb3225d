// Private to the importers: the intake, where every reader sends what it drafted. It tells
// whether a drafted person is someone the pool or this import already knows (same ATS id, or
// one of the e-mails, ignoring case), merges them, checks the result as the pool's decoders
// would, and turns it into commands with one report line per record.
//
//   Intake intake(&pool.state());
//   std::size_t s = intake.slot(index, "");          // the record's report line
//   Draft d; ...                                       // a reader fills it from its source
//   intake.submit(s, std::move(d), field_of);          // accepted, merged or refused
//
// Memory: the people and requisitions this import produced (the pool's own are looked up in it).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runnerup/import.hpp"
#include "runnerup/lifecycle.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/records.hpp"

namespace runnerup::import {

// One decision a record holds: a requisition and the person's outcome on it.
struct Decision {
  Requisition requisition;
  Outcome outcome;
  std::string field;  // where in the source, for refusals
};

// Flags an ATS record sets; the person's other flags stay as they are.
struct FlagsFromAts {
  bool open_to_contract = false;
  bool open_to_part_time = false;
  std::string do_not_contact_reason;  // non-empty: do not contact, and why (from the ATS)
  bool any() const { return open_to_contract || open_to_part_time || !do_not_contact_reason.empty(); }
};

// A drafted record: a person and their decisions.
struct Draft {
  std::string source_id;
  Candidate candidate;
  std::vector<Decision> decisions;
  std::optional<Flags> flags;  // CSV: the flags as the file gives them
  FlagsFromAts ats_flags;      // Greenhouse, Lever: flags set from the record
  std::optional<Consent> consent;          // a consent (and its expiry) the ATS recorded
  std::vector<FeedbackGiven> feedback;     // feedback the ATS says was given
  std::vector<FollowUp> follow_ups;        // (snoozed until): never for a do-not-contact person
  std::vector<std::string> left_out;       // parts not imported, and why
  std::vector<std::string> changed;        // values changed on the way in, and how
};

// Maps a JSON Pointer inside the drafted candidate ("/emails/0") to the source's field.
using FieldOf = std::function<std::string(const std::string&)>;

class Intake {
 public:
  explicit Intake(const State* existing);

  ImportReport report;
  std::vector<ImportedRecord> out;  // the records accepted since take_records()
  std::string document;             // the kind of the document being read, for the report lines

  // A new report line for the record at `index` (RecordReport::index), numbered `number` (from 1); its slot.
  std::size_t slot(std::size_t index, std::size_t number, std::string id);
  void refuse(std::size_t slot, std::string field, std::string reason);
  // A record read as it is (the pool's log): accepted with its events.
  void accept_events(std::size_t slot, std::vector<Event> events);

  // A person by id or by any of their ATS ids (Candidate::ats_ids), this import's or the pool's.
  const Candidate* known_candidate(const std::string& id) const;
  bool known_requisition(const std::string& id) const;
  // An outcome this import recorded, else the pool's; by (candidate id, requisition id).
  const Outcome* known_outcome(const std::string& candidate_id, const std::string& requisition_id) const;
  // The outcome of an ATS application or opportunity (Outcome::ats_id).
  const Outcome* outcome_by_ats_id(const std::string& ats_id) const;
  // Every outcome of a person (this import's over the pool's).
  std::vector<const Outcome*> outcomes_of(const std::string& candidate_id) const;

  // Validates a draft and turns it into commands; reports it.
  void submit(std::size_t slot, Draft d, const FieldOf& field_of);
  // A note for an outcome (an activity-feed or Lever note): appended to the outcome's note, as
  // the ATS wrote it; refused when the note would pass the pool's limit.
  void add_note(std::size_t slot, const Outcome& to, const std::string& text, const std::string& field,
                const std::string& how);

 private:
  void remember_outcome(const Outcome& o);
  // The pool holds this feedback (all but its id) or this follow-up (person, due, note, and the
  // owner when the import names one: the pool fills in the importer otherwise).
  bool holds_feedback(const std::string& candidate_id, const FeedbackGiven& f) const;
  bool holds_follow_up(const FollowUp& f) const;
  const State* existing_;
  std::map<std::pair<std::string, std::string>, Outcome> outcomes_;  // this import's
  std::unordered_map<std::string, std::pair<std::string, std::string>> outcome_of_ats_;  // ats id -> key
  std::unordered_map<std::string, std::string> ats_owner_;  // ATS id -> candidate id
  std::unordered_map<std::string, Candidate> people_;
  std::unordered_map<std::string, Flags> flags_;
  std::unordered_map<std::string, std::string> email_owner_;  // lower-case e-mail -> candidate id
  std::unordered_set<std::string> requisitions_;
};

}  // namespace runnerup::import

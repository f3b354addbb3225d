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

// A drafted record: a person and their decisions.
struct Draft {
  std::string source_id;
  Candidate candidate;
  std::vector<Decision> decisions;
  std::optional<Flags> flags;  // CSV: the flags as the file gives them
  std::vector<std::string> left_out;
};

// Maps a JSON Pointer inside the drafted candidate ("/emails/0") to the source's field.
using FieldOf = std::function<std::string(const std::string&)>;

class Intake {
 public:
  explicit Intake(const State* existing);

  ImportReport report;
  std::vector<ImportedRecord> out;  // the records accepted since take_records()
  std::string document;             // the kind of the document being read, for the report lines

  // A new report line for the record at `index`; its slot.
  std::size_t slot(std::size_t index, std::string id);
  void refuse(std::size_t slot, std::string field, std::string reason);
  // A record read as it is (the pool's log): accepted with its events.
  void accept_events(std::size_t slot, std::vector<Event> events);

  const Candidate* known_candidate(const std::string& id) const;
  bool known_requisition(const std::string& id) const;

  // Validates a draft and turns it into commands; reports it.
  void submit(std::size_t slot, Draft d, const FieldOf& field_of);

 private:
  const State* existing_;
  std::unordered_map<std::string, Candidate> people_;
  std::unordered_map<std::string, Flags> flags_;
  std::unordered_map<std::string, std::string> email_owner_;  // lower-case e-mail -> candidate id
  std::unordered_set<std::string> requisitions_;
};

}  // namespace runnerup::import

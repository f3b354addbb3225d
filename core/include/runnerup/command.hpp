// Commands: what a recruiter (or the host ATS) asks the pool to do.
//
//   Result<Command> c = parse_command(R"({"type":"recordOutcome","outcome":{...}})");
//   Result<std::vector<Event>> events = pool.propose(c.value(), "alice", now, "7f3c...");
//
// A command is decoded (structure, codes, formats) here and validated against the pool's state
// by Pool::propose, which either returns the events to append or an error; never half of them.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <variant>

#include "runnerup/error.hpp"
#include "runnerup/records.hpp"

namespace runnerup {

struct SaveCandidate {
  Candidate candidate;
};
struct SaveRequisition {
  Requisition requisition;
};
struct RecordOutcome {
  Outcome outcome;
};

using Command = std::variant<SaveCandidate, SaveRequisition, RecordOutcome>;

Result<Command> decode_command(const boost::json::value& v);
Result<Command> parse_command(std::string_view json_text);

}  // namespace runnerup

// The records of the pool: candidates, requisitions and outcomes (candidate x requisition).
//
//   Result<Candidate> c = decode_candidate(json_value, "/candidate");
//   boost::json::value v = boost::json::value_from(c.value());   // canonical JSON
//
// Decoding validates structure and format (types, codes, lengths, link schemes, normalised
// skills) and refuses unknown fields; rules that need the rest of the pool (does the
// requisition exist, is the rank free) are the commands' business (command.hpp).
// The original fields are always encoded; the ATS's own words and ids (stage name, reason text,
// ATS ids, requisition code, openings, company, confidential, ATS update time) only when they
// hold something, so records written before them keep their exact bytes. Either way
// encode(decode(encode(x))) == encode(x) exactly.
#pragma once

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runnerup/error.hpp"
#include "runnerup/lifecycle.hpp"
#include "runnerup/taxonomy.hpp"
#include "runnerup/time.hpp"

namespace runnerup {

struct Location {
  std::string city;
  std::string region;
  std::string country;  // ISO 3166-1 alpha-2, upper case, or empty
};

struct Candidate {
  std::string id;  // the host ATS id when there is one
  std::vector<std::string> ats_ids;  // every ATS id of a person merged from several ATS records
  std::string name;
  std::vector<std::string> emails;
  std::vector<std::string> phones;
  std::vector<std::string> links;  // http and https only
  Location location;
  std::string title;
  std::vector<std::string> skills;  // normalised: trimmed, lower case, single spaces, unique
  std::string seniority;
  std::string source;
  std::vector<std::string> tags;
  std::string company;        // the current employer, as the ATS gives it
  bool confidential = false;  // the ATS marked the record private or confidential
  Instant ats_updated_at = 0;  // when the ATS last changed the record; 0: not known
};

// One opening (head count) of a requisition, as the ATS reports it.
struct Opening {
  std::string id;
  OpeningStatus status = OpeningStatus::open;
  std::string close_reason;  // the ATS's words, for a filled or closed opening
};

struct Requisition {
  std::string id;
  std::string code;  // the requisition code the ATS shows (Greenhouse requisition_id, Lever reqCode)
  std::string title;
  std::string department;
  Location location;
  std::string level;
  EmploymentType employment_type = EmploymentType::full_time;
  std::vector<std::string> required_skills;
  std::vector<std::string> nice_skills;
  RequisitionStatus status = RequisitionStatus::open;
  std::string hired_candidate_id;
  std::vector<Opening> openings;
};

struct Reason {
  Reason() = default;
  Reason(std::string code_, std::string note_, std::string text_ = {})
      : code(std::move(code_)), note(std::move(note_)), text(std::move(text_)) {}

  std::string code;  // a code of the shipped taxonomy
  std::string note;
  std::string text;  // the ATS's reason, verbatim, when the record came from one
};

struct Outcome {
  std::string candidate_id;
  std::string requisition_id;
  std::string ats_id;  // the ATS's application (or opportunity) id
  Stage stage = Stage::applied;
  std::string stage_name;  // the stage as the ATS wrote it ("Face to Face")
  OutcomeKind outcome = OutcomeKind::runner_up;
  int rank = 0;  // runner-ups only: 1 = next in line; 0 = unranked
  Reason reason;
  Initiator initiator = Initiator::we_decided;
  FutureFit future_fit = FutureFit::unknown;
  std::vector<InterviewScore> scores;   // per interviewer or criterion
  std::vector<std::string> skill_gaps;  // normalised like skills
  std::string note;
  Instant decided_at = 0;
  std::string decided_by;
};

// Decoders. `path` is the JSON Pointer of `v` in the enclosing document, for error messages.
// For outcomes, an absent `initiator` takes the reason's usual initiator, and absent
// `decidedAt` / `decidedBy` stay 0 / "" for the command to fill in.
Result<Candidate> decode_candidate(const boost::json::value& v, const std::string& path);
Result<Requisition> decode_requisition(const boost::json::value& v, const std::string& path);
Result<Outcome> decode_outcome(const boost::json::value& v, const std::string& path);

// Skill normalisation: trims, lower-cases ASCII, folds runs of white space; "" when nothing is left.
std::string normalise_skill(std::string_view skill);

void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Location& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Candidate& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Opening& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Requisition& x);
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Outcome& x);

}  // namespace runnerup

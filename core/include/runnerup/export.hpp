// Exports of a pool for the tools recruiters already use: CSV for spreadsheets, JSON Resume for
// one person, iCalendar to-dos for follow-ups. (The pool itself exports as its log: encode_log.)
//
//   std::string sheet = export_pool_csv(pool.state(), CsvExportOptions{true});   // with a BOM
//   std::string pseudonymous = export_pool_csv(pool.state(), CsvExportOptions{false, false});
//   Result<boost::json::value> resume = export_json_resume(pool.state(), "c-1");
//   std::string ics = export_follow_ups_ics(pool.state(), IcsOptions{now, false});  // no names
//
// Guarantees: output is deterministic (same state and options, same bytes), so golden files
// hold; CSV is RFC 4180 with formula-looking cells neutralised (csv.hpp) and its imported
// columns read back through the CSV importer (import.hpp) into the same values; JSON Resume is
// valid against the v1.0.0 schema, with the pipeline under meta.runnerup; iCalendar is RFC 5545 (CRLF, TEXT escaping, 75-octet folding that
// never splits a UTF-8 sequence).
#pragma once

#include <boost/json/value.hpp>

#include <array>
#include <cstddef>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "runnerup/csv.hpp"
#include "runnerup/error.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"

namespace runnerup {

// ---- CSV -------------------------------------------------------------------------------------

// The pool's columns, in order: the one list both the exporter and the CSV importer read.
// `field` is the importer's field for the header (import.hpp, csv_fields()); a column that is
// not `imported` is exported for reading only: the importer recognises it, says so in a note and
// skips it. New columns go at the end, so the columns of earlier exports keep their places.
struct PoolCsvColumn {
  std::string_view header;
  std::string_view field;
  bool imported;
};
inline constexpr std::array<PoolCsvColumn, 31> kPoolCsv = {{
    {"Candidate ID", "candidateId", true},       {"Name", "name", true},
    {"Email", "email", true},                    {"Phone", "phone", true},
    {"Links", "links", true},                    {"City", "city", true},
    {"Region", "region", true},                  {"Country", "country", true},
    {"Title", "title", true},                    {"Skills", "skills", true},
    {"Tags", "tags", true},                      {"Requisition ID", "requisitionId", true},
    {"Requisition", "requisition", true},        {"Stage reached", "stage", true},
    {"Outcome", "outcome", true},                {"Rank", "rank", true},
    {"Reason", "reason", true},                  {"Reason note", "reasonNote", true},
    {"Initiator", "initiator", true},            {"Future fit", "futureFit", true},
    {"Flags", "flags", true},                    {"Available from", "availableFrom", true},
    {"Last contact", "lastContact", false},      {"Next follow-up", "nextFollowUp", false},
    {"Feedback given on", "feedbackGivenOn", false}, {"Feedback given by", "feedbackGivenBy", false},
    {"Feedback channel", "feedbackChannel", false},  {"Consent until", "consentUntil", false},
    {"Interview scores", "interviewScores", false},  {"Skill gaps", "skillGaps", false},
    {"Future roles", "futureRoles", false},
}};

namespace detail {
template <std::size_t... I>
constexpr std::array<std::string_view, sizeof...(I)> pool_csv_headers(std::index_sequence<I...>) {
  return {kPoolCsv[I].header...};
}
}  // namespace detail

// The headers alone, in order.
inline constexpr std::array<std::string_view, kPoolCsv.size()> kPoolCsvColumns =
    detail::pool_csv_headers(std::make_index_sequence<kPoolCsv.size()>{});

// Lists of the imported columns (emails, phones, links, skills, tags, flags) are one item per
// line: items never hold a line break, so the cell splits back exactly. Lists of the columns
// for reading only (interview scores, skill gaps, future roles) are joined with "; ", easier to
// read in a spreadsheet. Codes are written as their labels ("Final round"); the importer reads
// labels or codes.
struct CsvExportOptions {
  bool bom = false;    // a UTF-8 byte-order mark first, so Excel reads UTF-8
  // false: a pseudonymous file. Each person is "Runner-up N" (the same N for the same person
  // throughout the file, numbered in the order of the rows); the candidate id, e-mails, phones,
  // links and the free-text notes (the reason note, the do-not-contact reason) are left out.
  // Such a file is for reading: importing it refuses every row (no id, no e-mail).
  bool names = true;
};

// One row per pool entry (query.hpp): the whole pool or the view the recruiter is looking at.
// `pseudonym` (options.names false): the number of the person in the file.
csv::Row pool_csv_row(const State& state, const PoolEntry& entry, const CsvExportOptions& options = {},
                      std::size_t pseudonym = 0);
// The pool entries of the given people, in the order given (the view a recruiter is looking
// at); not_found, with the path "/ids/<i>", for an id that is not in the pool. A person has an
// entry per outcome that is not a hire: each listing of an id brings that person's next entry
// in pool order (past their last, the last again), the last listing all that remain (the ids of
// the whole pool's entries give those entries back, in their order).
Result<std::vector<PoolEntry>> pool_view(const State& state, const std::vector<std::string>& candidate_ids);
std::string export_pool_csv(const State& state, const std::vector<PoolEntry>& view,
                            const CsvExportOptions& options = {});
std::string export_pool_csv(const State& state, const CsvExportOptions& options = {});

// ---- JSON Resume -----------------------------------------------------------------------------

constexpr std::string_view kJsonResumeSchema =
    "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json";

// basics (name, label = title, email, phone, url, location with countryCode, profiles from
// links), skills, and meta.runnerup: outcomes with reasons, feedback asked for and given, flags,
// touchpoints and follow-ups. not_found when the pool has no such candidate.
// The document is always valid against the schema: an e-mail or a link the schema's `email` or
// `uri` format refuses (the pool keeps what the ATS gave: "a@b@c", a link holding `"` or "ü")
// stays out of basics and is listed in meta.runnerup.setAside as {path, value, reason}; the
// first acceptable e-mail and link fill basics.email and basics.url.
Result<boost::json::value> export_json_resume(const State& state, const std::string& candidate_id);

// What the schema's formats accept (ajv-formats' "full" email and uri, a subset of each, so a
// value accepted here is accepted there): an ASCII dot-atom address at a domain with a dot; an
// absolute `scheme://` URI of RFC 3986 characters with valid %-escapes (no IPv6 literal).
bool json_resume_email(std::string_view email);
bool json_resume_uri(std::string_view uri);

// ---- iCalendar -------------------------------------------------------------------------------

struct IcsOptions {
  Instant stamp = 0;   // DTSTAMP of every item: when the file was made
  bool names = true;   // false: SUMMARY "Follow up with a runner-up", no notes
};

// A VCALENDAR with one VTODO per open or snoozed follow-up (due on its snooze date), in due
// order. Follow-ups of people marked do-not-contact are left out: they can only be dismissed.
std::string export_follow_ups_ics(const State& state, const IcsOptions& options);

// RFC 5545 TEXT escaping (backslash, semicolon, comma, newline) and content-line folding.
std::string ics_escape_text(std::string_view text);
std::string ics_fold(std::string_view line);  // with the final CRLF

}  // namespace runnerup

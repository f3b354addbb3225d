// Exports of a pool for the tools recruiters already use: CSV for spreadsheets, JSON Resume for
// one person, iCalendar to-dos for follow-ups. (The pool itself exports as its log: encode_log.)
//
//   std::string sheet = export_pool_csv(pool.state(), CsvExportOptions{true});   // with a BOM
//   Result<boost::json::value> resume = export_json_resume(pool.state(), "c-1");
//   std::string ics = export_follow_ups_ics(pool.state(), IcsOptions{now, false});  // no names
//
// Guarantees: output is deterministic (same state and options, same bytes), so golden files
// hold; CSV is RFC 4180 with formula-looking cells neutralised (csv.hpp) and reads back through
// import_pool_csv (import.hpp) into the same rows; JSON Resume follows the v1.0.0 schema with the
// pipeline under meta.runnerup; iCalendar is RFC 5545 (CRLF, TEXT escaping, 75-octet folding that
// never splits a UTF-8 sequence).
#pragma once

#include <boost/json/value.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "runnerup/csv.hpp"
#include "runnerup/error.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"

namespace runnerup {

// ---- CSV -------------------------------------------------------------------------------------

// The pool's columns, in order; these headers are also what the CSV importer recognises.
inline constexpr std::array<std::string_view, 28> kPoolCsvColumns = {
    "Candidate ID", "Name", "Email", "Phone", "Links", "City", "Region", "Country", "Title",
    "Skills", "Tags", "Requisition ID", "Requisition", "Stage reached", "Outcome", "Rank",
    "Reason", "Reason note", "Initiator", "Future fit", "Flags", "Available from", "Last contact",
    "Next follow-up", "Feedback given on", "Feedback given by", "Feedback channel", "Consent until"};

// Lists in one cell (emails, phones, links, skills, tags, flags) are one item per line: items
// never hold a line break, so the cell splits back exactly. Codes are written as their labels
// ("Final round"); the importer reads labels or codes.
struct CsvExportOptions {
  bool bom = false;
};

// One row per pool entry (query.hpp): the whole pool or the view the recruiter is looking at.
csv::Row pool_csv_row(const State& state, const PoolEntry& entry);
// The pool entries of the given people, in the order given (the view a recruiter is looking
// at); not_found, with the path "/ids/<i>", for an id that is not in the pool. A person has an
// entry per outcome that is not a hire: each listing of an id brings that person's next entry
// in pool order, the last listing all that remain (the ids of the whole pool's entries give
// those entries back, in their order).
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
Result<boost::json::value> export_json_resume(const State& state, const std::string& candidate_id);

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

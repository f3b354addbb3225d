// A streamed import as a session holds it (the widget's: one at a time per pool): begun, fed a
// chunk at a time, finished, then adopted or aborted. The order of the steps is checked here,
// so that every caller gets the same refusals.
//
//   ImportSession session;
//   if (auto st = session.begin(pool, "csv", options_json, "alice", now, "a1b2"); !st) report(st.error());
//   for (chunk : file) { auto p = session.feed(chunk); store(p.value()->take_events()); }
//   auto last = session.finish();                 // the last events and the report
//   bool adopted = session.adopt_into(pool).value();  // once every event is stored; else apply them
//
// Guarantees: a step out of order is refused (conflict, saying which step is missing) and
// changes nothing; begin() replaces an import in progress; a malformed file is in the report,
// not a refused step.
#pragma once

#include <boost/json/value.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "runnerup/error.hpp"
#include "runnerup/import.hpp"

namespace runnerup {

class ImportSession {
 public:
  // format: "greenhouse", "lever", "csv" or "pool"; options as decode_import_options reads them.
  Status begin(const Pool& pool, std::string_view format, const boost::json::value& options, std::string actor,
               Instant at, std::string id_base);
  // Reads a chunk: the proposal, to read its counts and take its events. Refused before begin()
  // and after finish().
  Result<ImportProposal*> feed(std::string_view chunk);
  // The end of the input. Refused before begin(). The import stays for adopt_into() or abort().
  Result<ImportProposal*> finish();
  // ImportProposal::adopt_into, and the import ends. Refused unless finish() was called.
  Result<bool> adopt_into(Pool& pool);
  // Drops the import in progress, if any.
  void abort() { proposal_.reset(); }

 private:
  std::unique_ptr<ImportProposal> proposal_;
};

}  // namespace runnerup

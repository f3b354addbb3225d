// The export options callers hand the core as JSON (the widget through wasm/, the CLI from its
// flags), decoded here once, with the same errors for every caller. Import options are decoded
// in importer.cpp: decode_import_options (runnerup/import.hpp).
//
//   auto csv = export_view_csv(pool, json::parse(R"({"view":{"requisitionId":"req-1"},"bom":true})"));
//
// Guarantees: unknown fields are refused (unknown_field, with their path), fields of the wrong
// type are refused (invalid_field); nothing is read from anywhere but the value given.
#pragma once

#include <boost/json/value.hpp>

#include <string>

#include "runnerup/error.hpp"
#include "runnerup/export.hpp"
#include "runnerup/import.hpp"

namespace runnerup {

class Pool;

// Import options: decode_import_options (runnerup/import.hpp), beside ImportOptions.

// The pool as CSV: {"bom": bool, "view": the pool table's request ({} or {"requisitionId"}:
// the entries the `pool` query lists, in its order), "ids": [candidate ids, in order]}; without
// "view" or "ids", the whole pool. The view is read in the core: no list of ids is built by
// the caller to be sent back.
Result<std::string> export_view_csv(const Pool& pool, const boost::json::value& options);

// The follow-ups calendar's options: {"names": bool} (default true); `stamp` is when the file is
// made (each item's DTSTAMP).
Result<IcsOptions> decode_ics_options(const boost::json::value& options, Instant stamp);

}  // namespace runnerup

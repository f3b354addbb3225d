// The fuzz targets: each takes arbitrary bytes and must never crash, hang, leak or trip a
// sanitizer, and must keep the core's promises on whatever it accepts (decode -> encode is
// stable; replaying a log in any order gives the same state).
//
// Built two ways (tests/fuzz/CMakeLists.txt): with clang + libFuzzer + ASan/UBSan when
// RUNNERUP_FUZZ=ON (`npm run fuzz`, and a short run in `npm test`), and as plain replay
// programs in every native build, which run the seed corpora and every crash ever found
// (tests/fuzz/corpus/<target>/, tests/fuzz/crashes/<target>/) as part of the test suite.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace runnerup::fuzz {

// Aborts (so the fuzzer reports it) when a promise is broken.
void require(bool condition, const char* what);

int log_replay(std::string_view data);       // decode_log, apply, reorder, snapshot round trip
int command(std::string_view data);          // parse_command against a small pool, then queries
int snapshot_restore(std::string_view data); // Pool::restore of arbitrary JSON
int snapshot_binary(std::string_view data); // Pool::restore_binary of any body (header made valid)
int query(std::string_view data);            // run_query of arbitrary JSON, search included
int import_greenhouse(std::string_view data);
int import_lever(std::string_view data);
int import_csv(std::string_view data);
int import_pool(std::string_view data);
int json_stream(std::string_view data);      // the streaming reader: any chunking reads what the whole does

}  // namespace runnerup::fuzz

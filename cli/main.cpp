// runnerup: the core on the command line, for batch jobs and exports handled outside a browser.
//
//   runnerup validate pool-log.json     exit 0 when the log decodes and folds, else the error
//   runnerup stats pool-log.json        counts of candidates, requisitions, outcomes, pool size
#include <boost/json/serialize.hpp>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "runnerup/event.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"

namespace {

int usage() {
  std::cerr << "usage: runnerup validate|stats FILE\n"
               "  validate  check that FILE is a runnerup log that replays cleanly\n"
               "  stats     print what FILE holds\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return usage();
  const std::string verb = argv[1], file = argv[2];
  if (verb != "validate" && verb != "stats") return usage();
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "runnerup: cannot read " << file << "\n";
    return 1;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  auto events = runnerup::decode_log(buf.str());
  if (!events) {
    const auto& e = events.error();
    std::cerr << "runnerup: " << file << (e.path.empty() ? "" : " at " + e.path) << ": "
              << runnerup::to_string(e.code) << ": " << e.message << "\n";
    return 1;
  }
  runnerup::Pool pool;
  auto report = pool.apply(std::move(events).value());
  if (verb == "validate") {
    std::cout << file << ": ok, " << report.applied << " events (" << report.skipped
              << " duplicates skipped)\n";
    return 0;
  }
  const auto& s = pool.state();
  std::cout << "events        " << pool.log().size() << "\n"
            << "candidates    " << s.candidates.size() << "\n"
            << "requisitions  " << s.requisitions.size() << "\n"
            << "outcomes      " << s.outcomes.size() << "\n"
            << "pool          " << runnerup::pool_entries(s).size() << "\n";
  return 0;
}

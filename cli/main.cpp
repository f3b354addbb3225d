// runnerup: the core on the command line, for batch jobs and exports handled outside a browser.
//
//   runnerup import --format greenhouse|lever|csv|pool FILE [--mapping M.json]
//                   [--archive-reasons R.json] [--id-prefix P] [--actor NAME] --into POOL.json
//   runnerup export --format csv|jsonresume|ics|pool POOL.json [--candidate ID] [--no-names] [--bom]
//   runnerup validate FILE [--format greenhouse|lever|csv|pool]     (default: a pool log)
//   runnerup stats POOL.json
//
// export --no-names (csv, ics) leaves out who the people are: the CSV names each person
// "Runner-up N" and has no candidate id, contact details or free-text notes; the .ics has no
// names and no notes.
//
// POOL.json is a pool log ({"format":"runnerup.log",...}); import creates it when absent and
// replaces it atomically. An import reads FILE in 1 MiB chunks (memory: one record at a time);
// a malformed FILE changes nothing. The import report (JSON) goes to stdout, errors to stderr
// naming the file and where. Exit codes: 0 done, 1 the data was refused (in whole or in part),
// 2 the command line was wrong.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "runnerup/event.hpp"
#include "runnerup/export.hpp"
#include "runnerup/import.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"

namespace {

namespace json = boost::json;
using namespace runnerup;

int usage(const std::string& why = "") {
  if (!why.empty()) std::cerr << "runnerup: " << why << "\n";
  std::cerr
      << "usage:\n"
         "  runnerup import --format greenhouse|lever|csv|pool FILE [--mapping M.json]\n"
         "                  [--archive-reasons R.json] [--id-prefix P] [--actor NAME] --into POOL.json\n"
         "  runnerup export --format csv|jsonresume|ics|pool POOL.json [--candidate ID] [--no-names] [--bom]\n"
         "  runnerup validate FILE [--format greenhouse|lever|csv|pool]\n"
         "  runnerup stats POOL.json\n";
  return 2;
}

void report_error(const std::string& file, const Error& e) {
  std::cerr << "runnerup: " << file << (e.path.empty() ? "" : " at " + e.path) << ": "
            << to_string(e.code) << ": " << e.message << "\n";
}

bool read_file(const std::string& file, std::string& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::stringstream buf;
  buf << in.rdbuf();
  out = buf.str();
  return true;
}

Instant now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Loads a pool log; a missing file is an empty pool when `may_be_absent`.
bool load_pool(const std::string& file, Pool& pool, bool may_be_absent) {
  std::string text;
  if (!read_file(file, text)) {
    if (may_be_absent) {
      std::ifstream probe(file);
      if (!probe) return true;
    }
    std::cerr << "runnerup: cannot read " << file << "\n";
    return false;
  }
  auto events = decode_log(text);
  if (!events) {
    report_error(file, events.error());
    return false;
  }
  pool.apply(std::move(events).value());
  return true;
}

bool write_atomically(const std::string& file, const std::string& text) {
  const std::string tmp = file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text) || !out.flush()) {
      std::cerr << "runnerup: cannot write " << tmp << "\n";
      return false;
    }
  }
  if (std::rename(tmp.c_str(), file.c_str()) != 0) {
    std::cerr << "runnerup: cannot replace " << file << "\n";
    return false;
  }
  return true;
}

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // --name value
  std::map<std::string, bool> switches;        // --no-names, --bom
};

// Every option any command takes: those followed by a value, and the switches.
const std::set<std::string> kValueOptions = {"--format", "--into", "--mapping", "--archive-reasons",
                                             "--id-prefix", "--actor", "--candidate"};
const std::set<std::string> kSwitches = {"--no-names", "--bom"};

bool parse_args(int argc, char** argv, Args& a, std::string& why) {
  for (int i = 2; i < argc; ++i) {
    std::string s = argv[i];
    if (kSwitches.count(s)) {
      a.switches[s] = true;
    } else if (s.rfind("--", 0) == 0) {
      if (!kValueOptions.count(s)) {
        why = "unknown option " + s;
        return false;
      }
      if (i + 1 >= argc) {
        why = s + " needs a value";
        return false;
      }
      a.options[s] = argv[++i];
    } else {
      a.positional.push_back(s);
    }
  }
  return true;
}

// Reads an import file in chunks through an Importer; prints the error when malformed.
bool read_import(const std::string& file, Importer& importer, std::vector<ImportedRecord>& records) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "runnerup: cannot read " << file << "\n";
    return false;
  }
  std::vector<char> buf(1 << 20);
  Status s = ok_status();
  while (s && in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const std::streamsize n = in.gcount();
    if (n > 0) s = importer.feed(std::string_view(buf.data(), static_cast<std::size_t>(n)));
    for (ImportedRecord& r : importer.take_records()) records.push_back(std::move(r));
  }
  if (s) s = importer.finish();
  for (ImportedRecord& r : importer.take_records()) records.push_back(std::move(r));
  if (!s) {
    report_error(file, s.error());
    return false;
  }
  return true;
}

bool import_options(const Args& a, ImportOptions& o) {
  if (auto m = a.options.find("--mapping"); m != a.options.end()) {
    std::string text;
    if (!read_file(m->second, text)) {
      std::cerr << "runnerup: cannot read " << m->second << "\n";
      return false;
    }
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) {
      std::cerr << "runnerup: " << m->second << ": a mapping is a JSON object {\"header\":\"field\"}\n";
      return false;
    }
    o.csv_mapping = v.as_object();
  }
  if (auto r = a.options.find("--archive-reasons"); r != a.options.end()) {
    std::string text;
    boost::system::error_code ec;
    if (!read_file(r->second, text) || (o.lever_archive_reasons = json::parse(text, ec), ec)) {
      std::cerr << "runnerup: " << r->second << ": not readable JSON\n";
      return false;
    }
  }
  if (auto p = a.options.find("--id-prefix"); p != a.options.end()) o.id_prefix = p->second;
  return true;
}

void print_summary(const std::string& file, const ImportReport& r) {
  std::cerr << file << ": " << r.accepted << " accepted, " << r.merged << " merged, " << r.refused
            << " refused\n";
  for (const RecordReport& rec : r.records)
    if (rec.status == RecordStatus::refused)
      std::cerr << "runnerup: " << file << " record " << rec.index << (rec.id.empty() ? "" : " (" + rec.id + ")")
                << (rec.field.empty() ? "" : " at " + rec.field) << ": " << rec.reason << "\n";
}

int run_import(const Args& a) {
  auto f = a.options.find("--format");
  auto into = a.options.find("--into");
  if (f == a.options.end() || into == a.options.end() || a.positional.size() != 1)
    return usage("import needs --format, one FILE and --into");
  auto format = import_format_from(f->second);
  if (!format) return usage("unknown import format \"" + f->second + "\"");
  ImportOptions options;
  if (!import_options(a, options)) return 1;
  Pool pool;
  if (!load_pool(into->second, pool, true)) return 1;
  const std::string& file = a.positional[0];
  Importer importer(*format, options, &pool.state());
  std::vector<ImportedRecord> records;
  const bool well_formed = read_import(file, importer, records);
  ImportReport& report = importer.report();
  if (!well_formed) {
    std::cout << json::serialize(json::value_from(report)) << "\n";
    std::cerr << "runnerup: nothing imported: " << into->second << " is unchanged\n";
    return 1;
  }
  const std::string actor = a.options.count("--actor") ? a.options.at("--actor") : "runnerup-cli";
  const Instant at = now();
  auto appended = apply_import(pool, std::move(records), actor, at, "import-" + std::to_string(at), report);
  if (!appended.empty() && !write_atomically(into->second, json::serialize(encode_log(pool.log())) + "\n"))
    return 1;
  std::cout << json::serialize(json::value_from(report)) << "\n";
  print_summary(file, report);
  return report.refused ? 1 : 0;
}

int run_export(const Args& a) {
  auto f = a.options.find("--format");
  if (f == a.options.end() || a.positional.size() != 1) return usage("export needs --format and one POOL.json");
  Pool pool;
  if (!load_pool(a.positional[0], pool, false)) return 1;
  const std::string& fmt = f->second;
  const bool no_names = a.switches.count("--no-names") > 0;
  if (no_names && fmt != "csv" && fmt != "ics")
    return usage("--no-names works with --format csv or ics (a JSON Resume or a pool log is the whole record)");
  if (a.switches.count("--bom") && fmt != "csv") return usage("--bom works with --format csv");
  if (fmt == "csv") {
    CsvExportOptions o;
    o.bom = a.switches.count("--bom") > 0;
    o.names = !no_names;
    std::cout << export_pool_csv(pool.state(), o);
  } else if (fmt == "jsonresume") {
    auto c = a.options.find("--candidate");
    if (c == a.options.end()) return usage("jsonresume needs --candidate ID");
    auto doc = export_json_resume(pool.state(), c->second);
    if (!doc) {
      report_error(a.positional[0], doc.error());
      return 1;
    }
    std::cout << json::serialize(doc.value()) << "\n";
  } else if (fmt == "ics") {
    IcsOptions o;
    o.stamp = now();
    o.names = !no_names;
    std::cout << export_follow_ups_ics(pool.state(), o);
  } else if (fmt == "pool") {
    std::cout << json::serialize(encode_log(pool.log())) << "\n";
  } else {
    return usage("unknown export format \"" + fmt + "\"");
  }
  return std::cout.good() ? 0 : 1;
}

int run_validate(const Args& a) {
  if (a.positional.size() != 1) return usage("validate needs one FILE");
  const std::string& file = a.positional[0];
  auto f = a.options.find("--format");
  if (f == a.options.end() || f->second == "pool") {
    Pool pool;
    if (!load_pool(file, pool, false)) return 1;
    std::cout << file << ": ok, " << pool.log().size() << " events\n";
    return 0;
  }
  auto format = import_format_from(f->second);
  if (!format) return usage("unknown format \"" + f->second + "\"");
  ImportOptions options;
  if (!import_options(a, options)) return 1;
  Importer importer(*format, options, nullptr);
  std::vector<ImportedRecord> records;
  const bool ok = read_import(file, importer, records);
  std::cout << json::serialize(json::value_from(importer.report())) << "\n";
  if (!ok) return 1;
  print_summary(file, importer.report());
  return importer.report().refused ? 1 : 0;
}

int run_stats(const Args& a) {
  if (a.positional.size() != 1) return usage("stats needs one POOL.json");
  Pool pool;
  if (!load_pool(a.positional[0], pool, false)) return 1;
  const auto& s = pool.state();
  std::size_t open_follow_ups = 0;
  for (const auto& [id, fu] : s.follow_ups)
    if (fu.status == FollowUpStatus::open || fu.status == FollowUpStatus::snoozed) ++open_follow_ups;
  std::cout << "events        " << pool.log().size() << "\n"
            << "candidates    " << s.candidates.size() << "\n"
            << "requisitions  " << s.requisitions.size() << "\n"
            << "outcomes      " << s.outcomes.size() << "\n"
            << "pool          " << pool_entries(s).size() << "\n"
            << "follow-ups    " << open_follow_ups << " open\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  const std::string verb = argv[1];
  Args a;
  std::string why;
  if (!parse_args(argc, argv, a, why)) return usage(why);
  if (verb == "import") return run_import(a);
  if (verb == "export") return run_export(a);
  if (verb == "validate") return run_validate(a);
  if (verb == "stats") return run_stats(a);
  return usage("unknown command \"" + verb + "\"");
}

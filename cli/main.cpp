// runnerup: the core on the command line, for batch jobs and exports handled outside a browser.
//
//   runnerup import --format greenhouse|lever DIR|FILE... --into POOL.json [--report R.jsonl]
//                   [--id-prefix P] [--actor NAME] [--initiators M.json] [--archive-reasons A.json]
//   runnerup import --format csv|pool FILE --into POOL.json [--mapping M.json] [--report R.jsonl]
//   runnerup export --format csv|jsonresume|ics|pool POOL.json [--candidate ID] [--no-names] [--bom]
//   runnerup validate FILE|DIR [--format greenhouse|lever|csv|pool] [--report R.jsonl]
//   runnerup stats POOL.json
//
// export --no-names (csv, ics) leaves out who the people are: the CSV names each person
// "Runner-up N" and has no candidate id, contact details or free-text notes; the .ics has no
// names and no notes.
//
// POOL.json is a pool log ({"format":"runnerup.log",...}); import creates it when absent and
// replaces it atomically. A Greenhouse or Lever import reads a whole export: a directory (or
// its files), driven through the core's ImportSession, which tells each file apart and says
// the order: the reference documents first (jobs, job_stages, rejection_reasons, users;
// archive_reasons, postings, users), then the streamed ones in 1 MiB chunks (memory: one
// record at a time). A file that is none of the export's is refused, naming it, and nothing
// is imported (give the export's files, not a folder holding others). A summary goes to stdout, one
// JSON line per record to --report, errors to stderr naming the file and where.
// --initiators (reason text -> initiator code), --mapping (CSV header -> field) and
// --archive-reasons (Lever's archive reasons, for an export without archive_reasons.json) are
// JSON files, decoded by the core's decode_import_options as the widget's options are.
// Exit codes: 0 every record imported, 1 some records were refused (the others are imported),
// 2 the input is unusable (nothing is imported: a malformed or empty file, a wrong format, a
// Lever export without archive reasons) or the command line is wrong.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
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
#include "runnerup/import_session.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"

namespace {

namespace json = boost::json;
using namespace runnerup;

int usage(const std::string& why = "") {
  if (!why.empty()) std::cerr << "runnerup: " << why << "\n";
  std::cerr
      << "usage:\n"
         "  runnerup import --format greenhouse|lever DIR|FILE... --into POOL.json [--report R.jsonl]\n"
         "                  [--id-prefix P] [--actor NAME] [--initiators M.json] [--archive-reasons A.json]\n"
         "  runnerup import --format csv|pool FILE --into POOL.json [--mapping M.json] [--report R.jsonl]\n"
         "  runnerup export --format csv|jsonresume|ics|pool POOL.json [--candidate ID] [--no-names] [--bom]\n"
         "  runnerup validate FILE|DIR [--format greenhouse|lever|csv|pool] [--report R.jsonl]\n"
         "  runnerup stats POOL.json\n"
         "exit codes: 0 all imported, 1 some records refused, 2 the input is unusable or the command line wrong\n";
  return 2;
}

void report_error(const std::string& file, const Error& e, const std::string& after = "") {
  std::cerr << "runnerup: " << file << (e.path.empty() ? "" : " at " + e.path) << ": "
            << to_string(e.code) << ": " << e.message << after << "\n";
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
                                             "--id-prefix", "--actor", "--candidate", "--report",
                                             "--initiators"};
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

namespace fs = std::filesystem;

// The files an import or validate reads: each FILE given, every .json file under each DIR
// (an export's). A csv or pool import reads one file. 0, or 2 with the error printed.
int list_files(const Args& a, ImportFormat format, std::vector<std::string>& files) {
  if (a.positional.empty()) {
    std::cerr << "runnerup: give the file (or the export's directory) to read\n";
    return 2;
  }
  const bool export_format = format == ImportFormat::greenhouse || format == ImportFormat::lever;
  for (const std::string& p : a.positional) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      if (!export_format) {
        std::cerr << "runnerup: " << p << " is a directory: a " << to_string(format) << " import reads one file\n";
        return 2;
      }
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".json") found.push_back(it->path().string());
      std::sort(found.begin(), found.end());
      if (found.empty()) {
        std::cerr << "runnerup: " << p << " holds no .json file\n";
        return 2;
      }
      files.insert(files.end(), found.begin(), found.end());
    } else if (!fs::is_regular_file(p, ec)) {
      std::cerr << "runnerup: cannot read " << p << "\n";
      return 2;
    } else {
      files.push_back(p);
    }
  }
  if (!export_format) {
    if (files.size() != 1) {
      std::cerr << "runnerup: a " << to_string(format) << " import reads one file\n";
      return 2;
    }
    std::error_code ec;
    if (fs::file_size(files[0], ec) == 0) {
      std::cerr << "runnerup: " << files[0] << " is empty\n";
      return 2;
    }
  }
  return 0;
}

// Reads a whole Greenhouse or Lever export through the core's ImportSession, which places
// each file and says the order (the references whole, then the documents streamed in 1 MiB
// chunks); the CLI only walks and reads the files. `documents` counts the streamed ones,
// `report` is the import's. The session is left finished, for adopt_into(). 0, or 2 with the
// error printed.
int read_export(ImportSession& session, const std::vector<std::string>& files, std::size_t& documents,
                ImportReport& report, const std::string& after = "") {
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string head(ImportSession::kHeadBytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (Status s = session.add_file(file, head); !s) {
      report_error(file, s.error());
      return 2;
    }
  }
  auto plan = session.plan();
  if (!plan) {
    std::cerr << "runnerup: " << plan.error().message << "\n";
    return 2;
  }
  std::vector<char> buf(1 << 20);
  for (const PlannedFile& f : plan.value().files) {
    if (f.reference) {
      std::string text;
      if (!read_file(f.name, text)) {
        std::cerr << "runnerup: cannot read " << f.name << "\n";
        return 2;
      }
      if (Status s = session.read_reference(f.index, text); !s) {
        std::cerr << "runnerup: " << s.error().message << "\n";
        return 2;
      }
      continue;
    }
    ++documents;
    if (Status s = session.begin_document(f.index); !s) {
      report_error(f.name, s.error(), after);
      return 2;
    }
    std::ifstream in(f.name, std::ios::binary);
    if (!in) {
      std::cerr << "runnerup: cannot read " << f.name << "\n";
      return 2;
    }
    ImportProposal* proposal = nullptr;
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      const std::streamsize n = in.gcount();
      if (n <= 0) continue;
      auto fed = session.feed(std::string_view(buf.data(), static_cast<std::size_t>(n)));
      if (!fed) {
        report_error(f.name, fed.error(), after);
        return 2;
      }
      proposal = fed.value();
      (void)proposal->take_events();  // kept in the proposal's pool, adopted at the end
      if (proposal->report().error) break;
    }
    auto ended = session.end_document();
    if (!ended) {
      report_error(f.name, ended.error(), after);
      return 2;
    }
    proposal = ended.value();
    (void)proposal->take_events();
    if (proposal->report().error) {
      report_error(f.name, *proposal->report().error, after);
      return 2;
    }
  }
  auto finished = session.finish();
  if (!finished) {
    std::cerr << "runnerup: " << finished.error().message << "\n";
    return 2;
  }
  (void)finished.value()->take_events();
  report = finished.value()->report();
  return 0;
}

// The import options from the flags, decoded by the core as the widget's are
// (decode_import_options): each file flag's JSON under its option's name. False, with the
// error printed (the flag's file and the path in it), when one is unreadable or refused.
// `given` is that JSON, for ImportSession::begin_export.
bool import_options(const Args& a, json::object& given, ImportOptions& o) {
  struct FileFlag {
    const char* flag;
    const char* key;  // in decode_import_options' object
  };
  static const FileFlag kFiles[] = {
      {"--mapping", "mapping"}, {"--initiators", "initiatorByReason"}, {"--archive-reasons", "archiveReasons"}};
  for (const FileFlag& f : kFiles) {
    auto m = a.options.find(f.flag);
    if (m == a.options.end()) continue;
    std::string text;
    boost::system::error_code ec;
    json::value v;
    if (!read_file(m->second, text) || (v = json::parse(text, ec), ec)) {
      std::cerr << "runnerup: " << m->second << ": not readable JSON\n";
      return false;
    }
    given[f.key] = std::move(v);
  }
  if (auto p = a.options.find("--id-prefix"); p != a.options.end()) given["idPrefix"] = p->second;
  auto decoded = decode_import_options(given);
  if (!decoded) {
    Error e = decoded.error();
    std::string where = "the import options";
    for (const FileFlag& f : kFiles) {
      const std::string key = "/" + std::string(f.key);
      if (e.path == key || e.path.rfind(key + "/", 0) == 0) {
        where = a.options.at(f.flag) + " (" + f.flag + ")";
        e.path = e.path.substr(key.size());
      }
    }
    report_error(where, e);
    return false;
  }
  o = std::move(decoded).value();
  return true;
}

// Streams a csv or pool file through the proposal; false (the error printed) when it is unusable.
bool read_single(ImportProposal& proposal, const std::string& file, const std::string& after = "") {
  std::vector<char> buf(1 << 20);
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << "runnerup: cannot read " << file << "\n";
    return false;
  }
  Status s = ok_status();
  while (s && in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const std::streamsize n = in.gcount();
    if (n > 0) s = proposal.feed(std::string_view(buf.data(), static_cast<std::size_t>(n)));
    (void)proposal.take_events();  // kept in the proposal's pool, adopted at the end
  }
  if (s) s = proposal.finish();
  (void)proposal.take_events();
  if (!s) {
    report_error(file, s.error(), after);
    return false;
  }
  return true;
}

// Loads a pool log; a missing file is an empty pool when `may_be_absent`. The file is streamed
// through the core's reader of its own log (the import of format "pool", read_single), so that
// neither its text nor one tree of it is ever whole in memory (a 100k-person pool file is 163 MB
// of text; read whole and parsed into one tree it took 1 GB to print six counts). The file must
// be whole: one event that does not decode, or a malformed document, and nothing loads.
bool load_pool(const std::string& file, Pool& pool, bool may_be_absent) {
  if (may_be_absent && !std::filesystem::exists(file)) return true;
  ImportProposal proposal(pool, ImportFormat::pool, ImportOptions{}, "", 0, "");
  if (!read_single(proposal, file)) return false;
  for (const RecordReport& r : proposal.report().records)
    if (r.status == RecordStatus::refused) {
      report_error(file, Error{ErrorCode::invalid_field, r.field, r.reason});
      return false;
    }
  if (!std::move(proposal).adopt_into(pool)) {
    std::cerr << "runnerup: " << file << ": the pool changed while it was read\n";
    return false;
  }
  return true;
}

// The summary on stdout; the per-record lines to --report. `into`: an import into a pool (not
// validate), which then also says how many records changed it, or that nothing was new.
bool write_report(const Args& a, const ImportReport& r, std::size_t documents, bool into) {
  std::map<std::string, std::size_t> per_document;
  for (const RecordReport& rec : r.records) ++per_document[rec.document];
  std::cout << documents << (documents == 1 ? " document" : " documents") << ", " << r.records.size()
            << " records: " << r.accepted << " accepted, " << r.merged << " merged, " << r.refused << " refused"
            << (r.anonymised ? " (" + std::to_string(r.anonymised) + " of them anonymised in the ATS)" : "") << "\n";
  if (per_document.size() > 1)
    for (const auto& [doc, n] : per_document) std::cout << "  " << doc << ": " << n << " records\n";
  if (const std::size_t read = r.accepted + r.merged; into && read > 0) {
    if (r.changed == 0) std::cout << "nothing new: the pool held all " << read << " records accepted or merged already\n";
    else std::cout << r.changed << " changed the pool, " << read - r.changed << " it held already\n";
  }
  for (const std::string& n : r.notes) std::cout << "note: " << n << "\n";
  auto report = a.options.find("--report");
  if (report == a.options.end()) {
    if (r.refused) std::cout << "the refused records and why: --report FILE (one JSON line per record)\n";
    return true;
  }
  std::ofstream out(report->second, std::ios::binary | std::ios::trunc);
  for (const RecordReport& rec : r.records) out << json::serialize(json::value_from(rec)) << "\n";
  if (!out.flush()) {
    std::cerr << "runnerup: cannot write " << report->second << "\n";
    return false;
  }
  std::cout << "report: " << report->second << "\n";
  return true;
}

std::optional<ImportFormat> format_of(const Args& a, const char* verb, int& code) {
  auto f = a.options.find("--format");
  if (f == a.options.end()) {
    code = usage(std::string(verb) + " needs --format");
    return std::nullopt;
  }
  auto format = import_format_from(f->second);
  if (!format) code = usage("unknown format \"" + f->second + "\" (greenhouse, lever, csv or pool)");
  return format;
}

int run_import(const Args& a) {
  int code = 0;
  auto format = format_of(a, "import", code);
  if (!format) return code;
  auto into = a.options.find("--into");
  if (into == a.options.end()) return usage("import needs --into POOL.json");
  if (std::error_code ec; fs::is_directory(into->second, ec)) {
    std::cerr << "runnerup: " << into->second << " is a directory: --into names the pool's log file\n";
    return 2;
  }
  json::object given;
  ImportOptions options;
  if (!import_options(a, given, options)) return 2;
  std::vector<std::string> files;
  if (int c = list_files(a, *format, files)) return c;
  Pool pool;
  if (!load_pool(into->second, pool, true)) return 2;
  const std::string actor = a.options.count("--actor") ? a.options.at("--actor") : "runnerup-cli";
  const Instant at = now();
  const std::string id_base = "import-" + std::to_string(at);
  const std::string after = " (nothing imported: " + into->second + " is unchanged)";
  const std::size_t before = pool.log().size();
  ImportReport report;
  std::size_t documents = 0;
  bool adopted = false;
  if (format == ImportFormat::greenhouse || format == ImportFormat::lever) {
    ImportSession session;
    if (Status s = session.begin_export(pool, to_string(*format), given, actor, at, id_base); !s) {
      report_error("the import options", s.error());
      return 2;
    }
    if (int c = read_export(session, files, documents, report, after)) return c;
    auto done = session.adopt_into(pool);
    adopted = done && done.value();
  } else {
    ImportProposal proposal(pool, *format, std::move(options), actor, at, id_base);
    if (!read_single(proposal, files[0], after)) return 2;
    documents = 1;
    report = proposal.report();
    adopted = std::move(proposal).adopt_into(pool);
  }
  if (!adopted) {
    std::cerr << "runnerup: the pool changed while importing; nothing imported\n";
    return 2;
  }
  if (pool.log().size() != before && !write_atomically(into->second, json::serialize(encode_log(pool.log())) + "\n"))
    return 2;
  if (!write_report(a, report, documents, true)) return 2;
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
  if (a.options.find("--format") == a.options.end() || a.options.at("--format") == "pool") {
    if (a.positional.size() != 1) return usage("validate needs one FILE");
    const std::string& file = a.positional[0];
    if (std::error_code ec; fs::is_directory(file, ec)) {
      std::cerr << "runnerup: " << file << " is a directory: a pool log is one file\n";
      return 2;
    }
    Pool pool;
    if (!load_pool(file, pool, false)) return 2;
    std::cout << file << ": ok, " << pool.log().size() << " events\n";
    return 0;
  }
  int code = 0;
  auto format = format_of(a, "validate", code);
  if (!format) return code;
  json::object given;
  ImportOptions options;
  if (!import_options(a, given, options)) return 2;
  std::vector<std::string> files;
  if (int c = list_files(a, *format, files)) return c;
  Pool pool;  // every rule checked as an import into an empty pool would
  ImportReport report;
  std::size_t documents = 0;
  if (format == ImportFormat::greenhouse || format == ImportFormat::lever) {
    ImportSession session;
    if (Status s = session.begin_export(pool, to_string(*format), given, "runnerup-cli", now(), "validate"); !s) {
      report_error("the import options", s.error());
      return 2;
    }
    if (int c = read_export(session, files, documents, report)) return c;
  } else {
    ImportProposal proposal(pool, *format, std::move(options), "runnerup-cli", now(), "validate");
    if (!read_single(proposal, files[0])) return 2;
    documents = 1;
    report = proposal.report();
  }
  if (!write_report(a, report, documents, false)) return 2;
  return report.refused ? 1 : 0;
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

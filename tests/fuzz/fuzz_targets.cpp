#include "fuzz_targets.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "runnerup/command.hpp"
#include "runnerup/event.hpp"
#include "runnerup/import.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"
#include "json_stream.hpp"

namespace runnerup::fuzz {

namespace json = boost::json;

void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "broken promise: %s\n", what);
  std::abort();
}

namespace {

const Instant kNow = 1'795'000'000'000;  // 2026-11-18

std::string state_text(const Pool& p) { return json::serialize(p.snapshot()); }

Pool small_pool() {
  Pool pool;
  const char* commands[] = {
      R"({"type":"saveRequisition","requisition":{"id":"r-1","title":"Backend","requiredSkills":["go"],"niceSkills":["sql"],"employmentType":"contract"}})",
      R"({"type":"saveCandidate","candidate":{"id":"c-1","name":"Ana Núñez","skills":["go"],"emails":["a@example.com"]}})",
      R"({"type":"saveCandidate","candidate":{"id":"c-2","name":"陈伟","skills":["sql"]}})",
      R"({"type":"recordOutcome","outcome":{"candidateId":"c-1","requisitionId":"r-1","stage":"final","outcome":"runner_up","rank":1,"reason":{"code":"timing"}}})",
      R"({"type":"recordOutcome","outcome":{"candidateId":"c-2","requisitionId":"r-1","stage":"interview","outcome":"runner_up","rank":2,"reason":{"code":"other","note":"x"}}})",
      R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","due":"2026-12-01","cadence":{"every":1,"unit":"months"}}})",
  };
  int i = 0;
  for (const char* c : commands) {
    auto cmd = parse_command(c);
    require(cmd.ok(), "the fuzz pool's commands are valid");
    auto events = pool.execute(cmd.value(), "fuzzer", kNow, "seed" + std::to_string(i++));
    require(events.ok(), "the fuzz pool's commands apply");
  }
  return pool;
}

int import_as(ImportFormat format, std::string_view data) {
  static const Pool seed = small_pool();
  Pool pool = seed;
  const std::string before = state_text(pool);
  ImportOptions options;
  if (format == ImportFormat::lever) {
    // A Lever export is judged only with its archive reasons (without them the importer refuses
    // the export at its first opportunity): the seed's two, and one of each type.
    static const boost::json::value kArchiveReasons = boost::json::parse(R"({"data":[
      {"id":"63dd55b2-a99f-4e7b-985f-22c7bf80ab42","text":"Underqualified","type":"non-hired"},
      {"id":"hired-reason-id","text":"Hired","type":"hired"},
      {"id":"ar-runner","text":"+1 – Strong runner-up","type":"non-hired"},
      {"id":"ar-withdrew","text":"Withdrew – relocation","type":"non-hired"}]})");
    options.references["archive_reasons"] = kArchiveReasons;
  }
  // Feed in uneven chunks: streaming must not depend on where chunks end.
  Importer importer(format, options, &pool.state());
  std::size_t pos = 0, step = 1;
  Status st = ok_status();
  while (pos < data.size() && st.ok()) {
    const std::size_t n = std::min(step, data.size() - pos);
    st = importer.feed(data.substr(pos, n));
    pos += n;
    step = step * 3 + 1;
  }
  if (st.ok()) st = importer.finish();
  ImportReport& report = importer.report();
  if (!st.ok() || report.error) {
    require(state_text(pool) == before, "a malformed import changes nothing");
    return 0;
  }
  auto records = importer.take_records();
  apply_import(pool, std::move(records), "fuzzer", kNow, "imp", report);
  require(report.accepted + report.merged + report.refused <= report.records.size() + 1, "report counts add up");
  // Whatever was imported replays to the same state from its log.
  Pool replay;
  replay.apply(pool.log());
  require(state_text(replay) == state_text(pool), "an imported pool replays from its log");
  return 0;
}

}  // namespace

int log_replay(std::string_view data) {
  auto events = decode_log(data);
  if (!events) return 0;
  Pool forward;
  forward.apply(events.value());
  // Encoding what was decoded is stable.
  const std::string once = json::serialize(encode_log(forward.log()));
  auto again = decode_log(once);
  require(again.ok(), "an encoded log decodes");
  require(json::serialize(encode_log(again.value())) == once, "decode(encode(log)) is stable");
  // Any order, any batching, the same state; except for two different erasures under one id,
  // the one documented exception (pool.hpp).
  std::map<std::string, std::string> erasure_ids;
  for (const Event& e : events.value())
    if (std::holds_alternative<PersonErased>(e.data)) {
      const std::string body = json::serialize(json::value_from(e));
      auto [it, fresh] = erasure_ids.try_emplace(e.id, body);
      if (!fresh && it->second != body) return 0;
    }
  Pool backward;
  std::vector<Event> reversed(events.value().rbegin(), events.value().rend());
  for (std::size_t i = 0; i < reversed.size(); i += 2)
    backward.apply(std::vector<Event>(reversed.begin() + i, reversed.begin() + std::min(reversed.size(), i + 2)));
  require(state_text(backward) == state_text(forward), "replay order does not matter");
  // The snapshot round-trips.
  Pool restored;
  require(restored.restore(forward.snapshot()).ok(), "a snapshot restores");
  require(state_text(restored) == state_text(forward), "a snapshot round-trips");
  return 0;
}

int command(std::string_view data) {
  static const Pool seed = small_pool();
  Pool pool = seed;
  auto cmd = parse_command(data);
  if (!cmd) return 0;
  const std::string before = state_text(pool);
  auto events = pool.propose(cmd.value(), "fuzzer", kNow + 1000, "f");
  require(state_text(pool) == before, "propose changes nothing");
  if (!events) return 0;
  pool.apply(events.value());
  for (const char* q : {R"({"type":"pool","today":"2026-11-22"})", R"({"type":"insights","today":"2026-11-22"})",
                        R"({"type":"followUps","today":"2026-11-22"})", R"({"type":"nextInLine","requisitionId":"r-1","today":"2026-11-22"})",
                        R"({"type":"search","today":"2026-11-22","requisitionId":"r-1","text":"an","explain":true})"}) {
    auto r = run_query(pool, json::parse(q));
    (void)r;
  }
  return 0;
}

int snapshot_restore(std::string_view data) {
  boost::system::error_code ec;
  json::value v = json::parse(data, ec);
  if (ec) return 0;
  static const Pool seed = small_pool();
  Pool pool = seed;
  const std::string before = state_text(pool);
  Status st = pool.restore(v);
  if (!st) {
    require(state_text(pool) == before, "a refused snapshot changes nothing");
    return 0;
  }
  Pool again;
  require(again.restore(pool.snapshot()).ok(), "a restored snapshot re-restores");
  require(state_text(again) == state_text(pool), "snapshots are stable");
  return 0;
}

// The binary snapshot's decoder, past its checksum (the input is the body; the header is made
// valid): anything is refused cleanly and changes nothing, or restores a pool whose own binary
// snapshot restores to the same state; restored and written in steps (of a size the input
// picks), it is refused, restored and written alike.
int snapshot_binary(std::string_view data) {
  static const Pool seed = small_pool();
  Pool pool = seed;
  const std::string before = pool.snapshot_binary();
  const std::string sealed = seal_binary_snapshot(data);
  Status st = pool.restore_binary(sealed);
  BinaryRestore stepped(sealed);
  const std::size_t work = data.empty() ? 1 : 1 + static_cast<unsigned char>(data.back()) % 9;
  for (std::size_t steps = 0; !stepped.step(work); ++steps) require(steps <= sealed.size() + 8, "a restore in steps ends");
  Pool in_steps = seed;
  const Status st2 = in_steps.restore_binary(std::move(stepped));
  require(st.ok() == st2.ok(), "a snapshot restored in steps is refused or restored as in one go");
  if (!st) {
    require(pool.snapshot_binary() == before, "a refused binary snapshot changes nothing");
    require(in_steps.snapshot_binary() == before, "a refused binary snapshot changes nothing, in steps");
    return 0;
  }
  const std::string bytes = pool.snapshot_binary();
  require(in_steps.snapshot_binary() == bytes, "restored in steps, the same pool");
  BinarySnapshotWriter writer(pool);
  for (std::size_t steps = 0; !writer.step(work); ++steps) require(steps <= bytes.size() + 8, "a snapshot in steps ends");
  require(writer.take() == bytes, "written in steps, the same snapshot");
  Pool again;
  require(again.restore_binary(bytes).ok(), "a restored binary snapshot re-restores");
  require(again.snapshot_binary() == bytes, "binary snapshots are stable");
  return 0;
}

int query(std::string_view data) {
  static const Pool seed = small_pool();
  boost::system::error_code ec;
  json::value v = json::parse(data, ec);
  if (ec) return 0;
  auto r = run_query(seed, v);
  if (r) (void)json::serialize(r.value());
  return 0;
}

namespace {

struct StreamRead {
  std::vector<std::pair<std::string, std::size_t>> places;  // key and index of each record
  std::vector<json::value> records;                         // copied when taken
  std::string error;                                        // without its byte
  json::object top;
  bool root_array = false;
};

// Reads `data` through a JsonRecordStream in chunks of next_chunk() bytes, taking records every feed.
template <class NextChunk>
StreamRead stream_read(std::string_view data, NextChunk next_chunk) {
  detail::JsonRecordStream stream(64);
  StreamRead r;
  auto take = [&] {
    for (detail::JsonRecord& rec : stream.take()) {
      r.places.emplace_back(rec.key, rec.index);
      r.records.emplace_back(rec.value, json::storage_ptr());
    }
  };
  bool ok = true;
  for (std::size_t at = 0; ok && at < data.size();) {
    const std::size_t n = std::min(next_chunk(), data.size() - at);
    ok = stream.feed(data.data() + at, n, r.error);
    at += n;
    take();
  }
  if (ok) ok = stream.finish(r.error);
  take();
  // Where an error is found may depend on the chunks, and so may its name when the text is not
  // JSON: Boost.JSON stops at a literal's first byte or at the bad byte after it ("f\xFD") as the
  // buffer allows, and the byte it stops at says whether the cause is called UTF-8 or JSON.
  r.error = r.error.substr(0, r.error.find(" ("));
  if (r.error.rfind("not valid", 0) == 0) r.error = "not valid";
  r.top = stream.top();
  r.root_array = stream.root_is_array();
  return r;
}

// Whether the stream read `read` where json::parse read `parsed`: equal, except that json::parse
// reads a zero with an exponent past 308 ("0e888") as NaN, and the stream as the zero it is.
bool same(const json::value& parsed, const json::value& read) {
  if (parsed.is_double() && std::isnan(parsed.get_double())) return read.is_double() && read.get_double() == 0.0;
  if (parsed.is_array() && read.is_array()) {
    const json::array &a = parsed.get_array(), &b = read.get_array();
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same(a[i], b[i])) return false;
    return true;
  }
  if (parsed.is_object() && read.is_object()) {
    const json::object &a = parsed.get_object(), &b = read.get_object();
    if (a.size() != b.size()) return false;
    for (const auto& kv : a) {
      const json::value* other = b.if_contains(kv.key());
      if (!other || !same(kv.value(), *other)) return false;
    }
    return true;
  }
  return parsed == read;
}

}  // namespace

int json_stream(std::string_view data) {
  const StreamRead whole = stream_read(data, [&] { return data.size(); });
  std::size_t step = 1;
  const StreamRead growing = stream_read(data, [&] { return std::exchange(step, step * 3 + 1); });
  static const std::size_t kCuts[] = {4093, 1, 4099, 7, 4096, 2, 65537, 3};
  std::size_t i = static_cast<std::size_t>(data.empty() ? 0 : static_cast<unsigned char>(data[0]));
  const StreamRead cut = stream_read(data, [&] { return kCuts[i++ % (sizeof kCuts / sizeof kCuts[0])]; });
  for (const StreamRead* r : {&growing, &cut}) {
    require(r->error == whole.error, "any chunking fails as the whole document does");
    require(r->places == whole.places && r->records == whole.records, "any chunking reads the same records");
    require(r->top == whole.top, "any chunking keeps the same top-level values");
  }
  if (!whole.error.empty() || !whole.root_array) return 0;
  // What it reads is what Boost.JSON's own parser reads.
  json::parse_options options;
  options.max_depth = 64;
  boost::system::error_code ec;
  const json::value parsed = json::parse(data, ec, {}, options);
  require(!ec, "a document the stream reads parses");
  const json::array& all = parsed.as_array();
  require(all.size() == whole.records.size(), "every element of the root is a record");
  for (std::size_t k = 0; k < all.size(); ++k) require(same(all[k], whole.records[k]), "a record is its element");
  return 0;
}

int import_greenhouse(std::string_view data) { return import_as(ImportFormat::greenhouse, data); }
int import_lever(std::string_view data) { return import_as(ImportFormat::lever, data); }
int import_csv(std::string_view data) { return import_as(ImportFormat::csv, data); }
int import_pool(std::string_view data) { return import_as(ImportFormat::pool, data); }

}  // namespace runnerup::fuzz

// The native contender of `npm run bench`: the runnerup core on a generated pool, measured the
// way the wasm contenders are, plus the core alone (PoolIndex::search, no JSON) for comparison.
//
//   runnerup-bench bench/data/pool-100k.json bench/data/queries-100k.json [--min-seconds 2]
//
// Prints one JSON object: import (the streaming importer, format "pool", 1 MiB chunks: parse,
// validate, fold, never the whole document in memory), whole-text import (decode_log + apply,
// skipped with --stream-only), index build and bytes, rank and search p50/p99 through the
// `search` query (JSON in, JSON out, as the wasm boundary does) and through PoolIndex::search,
// snapshot save/load, and resident memory.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "runnerup/event.hpp"
#include "runnerup/import.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"
#include "runnerup/rediscovery.hpp"

namespace json = boost::json;
using namespace runnerup;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double rss_mb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

double peak_rss_mb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

struct Stats {
  double p50 = 0, p99 = 0, mean = 0;
  std::size_t n = 0;
};

Stats stats(std::vector<double> v) {
  Stats s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
  s.p50 = at(0.5);
  s.p99 = at(0.99);
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  s.n = v.size();
  return s;
}

json::object to_json(const Stats& s) { return {{"p50", s.p50}, {"p99", s.p99}, {"mean", s.mean}, {"n", s.n}}; }

// Runs every query once as warm-up, then passes over all of them until min_seconds have gone by
// (at least 3 passes); one sample per query run.
template <class F>
Stats measure(std::size_t queries, double min_seconds, F&& run) {
  for (std::size_t i = 0; i < queries; ++i) run(i);
  std::vector<double> samples;
  const auto start = Clock::now();
  for (int pass = 0; pass < 3 || ms_since(start) < min_seconds * 1000; ++pass)
    for (std::size_t i = 0; i < queries; ++i) {
      const auto t0 = Clock::now();
      run(i);
      samples.push_back(ms_since(t0));
    }
  return stats(std::move(samples));
}

SearchRequest request_of(const json::object& q, std::size_t limit) {
  SearchRequest r;
  if (auto* t = q.if_contains("text")) r.text = std::string(t->as_string());
  if (auto* id = q.if_contains("requisitionId")) r.requisition_id = std::string(id->as_string());
  r.limit = limit;
  if (auto* fv = q.if_contains("filters")) {
    const json::object& f = fv->as_object();
    if (auto* v = f.if_contains("minStage")) r.min_stage = from_code<Stage>(std::string(v->as_string()));
    if (auto* v = f.if_contains("openToContract")) r.open_to_contract = v->as_bool();
    if (auto* v = f.if_contains("futureRoles")) r.future_roles = v->as_bool();
    if (auto* v = f.if_contains("reasons"))
      for (const auto& x : v->as_array()) r.reasons.emplace_back(x.as_string());
    if (auto* v = f.if_contains("country")) r.country = std::string(v->as_string());
    if (auto* v = f.if_contains("minScore")) r.min_score = from_code<Score>(std::string(v->as_string()));
    if (auto* v = f.if_contains("initiator")) r.initiator = from_code<Initiator>(std::string(v->as_string()));
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: runnerup-bench POOL.json QUERIES.json [--min-seconds S] [--stream-only]\n";
    return 2;
  }
  const std::string pool_file = argv[1], queries_file = argv[2];
  double min_seconds = 2;
  bool stream_only = false;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--min-seconds" && i + 1 < argc) min_seconds = std::stod(argv[++i]);
    else if (a == "--stream-only") stream_only = true;
  }

  std::string qtext;
  {
    std::ifstream in(queries_file, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    qtext = buf.str();
  }
  const json::object queries = json::parse(qtext).as_object();
  const std::string today_text(queries.at("today").as_string());
  const Date today = *parse_date(today_text);
  const std::size_t limit = static_cast<std::size_t>(queries.at("limit").as_int64());
  const json::array& rank_q = queries.at("rank").as_array();
  const json::array& search_q = queries.at("search").as_array();

  json::object out;
  out["contender"] = "runnerup native";
  const double rss_start = rss_mb();

  // Import, streaming: 1 MiB chunks through the importer, applied record by record.
  Pool pool;
  std::uint64_t bytes = 0;
  std::size_t refused = 0;
  {
    const auto t0 = Clock::now();
    Importer importer(ImportFormat::pool, ImportOptions{}, &pool.state());
    std::ifstream in(pool_file, std::ios::binary);
    std::vector<char> chunk(1 << 20);
    const Instant now = start_of(today);
    int batch = 0;
    while (in) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      const auto got = static_cast<std::size_t>(in.gcount());
      if (got == 0) break;
      bytes += got;
      if (Status st = importer.feed(std::string_view(chunk.data(), got)); !st) {
        std::cerr << "import failed: " << st.error().message << " at " << st.error().path << "\n";
        return 1;
      }
      (void)apply_import(pool, importer.take_records(), "bench", now, "imp" + std::to_string(batch++), importer.report());
    }
    if (Status st = importer.finish(); !st) {
      std::cerr << "import failed: " << st.error().message << "\n";
      return 1;
    }
    (void)apply_import(pool, importer.take_records(), "bench", now, "imp-last", importer.report());
    refused = importer.report().refused;
    const double ms = ms_since(t0);
    out["importMs"] = ms;
    out["importMBps"] = static_cast<double>(bytes) / 1e6 / (ms / 1000);
    out["events"] = pool.log().size();
    out["refused"] = refused;
    out["bytes"] = bytes;
  }
  out["rssAfterImportMB"] = rss_mb() - rss_start;

  // Import, whole text: read, decode_log, apply (what a small pool does).
  if (!stream_only) {
    std::string text;
    {
      std::ifstream in(pool_file, std::ios::binary);
      std::stringstream buf;
      buf << in.rdbuf();
      text = buf.str();
    }
    const auto t0 = Clock::now();
    auto events = decode_log(text);
    if (!events) {
      std::cerr << "decode_log failed: " << events.error().message << "\n";
      return 1;
    }
    Pool whole;
    whole.apply(std::move(events).value());
    out["importWholeMs"] = ms_since(t0);
  }

  // Index build (the first search builds it; here built directly, the median of 3).
  {
    std::vector<double> builds;
    std::size_t mem = 0, rows = 0;
    for (int i = 0; i < 3; ++i) {
      const auto t0 = Clock::now();
      PoolIndex index(pool.state(), today);
      builds.push_back(ms_since(t0));
      mem = index.memory_bytes();
      rows = index.size();
    }
    std::sort(builds.begin(), builds.end());
    out["indexMs"] = builds[1];
    out["indexMB"] = static_cast<double>(mem) / 1e6;
    out["rows"] = rows;
  }
  const PoolIndex& index = pool.index(today);  // the pool's cached index, as queries use it

  // Rank and search through PoolIndex::search (the core alone).
  std::vector<SearchRequest> rank_r, search_r;
  for (const auto& q : rank_q) rank_r.push_back(request_of(q.as_object(), limit));
  for (const auto& q : search_q) search_r.push_back(request_of(q.as_object(), limit));
  std::size_t sink = 0;
  out["rankCore"] = to_json(measure(rank_r.size(), min_seconds, [&](std::size_t i) { sink += index.search(rank_r[i]).total; }));
  out["searchCore"] = to_json(measure(search_r.size(), min_seconds, [&](std::size_t i) { sink += index.search(search_r[i]).total; }));
  json::array rank_totals, search_totals;
  for (const auto& r : rank_r) rank_totals.push_back(index.search(r).total);
  for (const auto& r : search_r) search_totals.push_back(index.search(r).total);
  out["rankTotals"] = std::move(rank_totals);
  out["searchTotals"] = std::move(search_totals);

  // The same through the `search` query: query text parsed, result page serialised.
  auto query_text = [&](const json::value& q) {
    json::object o = q.as_object();
    o["type"] = "search";
    o["today"] = today_text;
    o["limit"] = limit;
    o["fields"] = "row";  // the page the widget's result list asks for
    return json::serialize(o);
  };
  std::vector<std::string> rank_json, search_json;
  for (const auto& q : rank_q) rank_json.push_back(query_text(q));
  for (const auto& q : search_q) search_json.push_back(query_text(q));
  auto run = [&](const std::string& text) {
    auto result = run_query_text(pool, json::parse(text));  // as the wasm binding answers
    if (!result) {
      std::cerr << "query failed: " << result.error().message << "\n";
      std::exit(1);
    }
    sink += result.value().size();
  };
  out["rank"] = to_json(measure(rank_json.size(), min_seconds, [&](std::size_t i) { run(rank_json[i]); }));
  out["search"] = to_json(measure(search_json.size(), min_seconds, [&](std::size_t i) { run(search_json[i]); }));

  // Snapshot: save (state -> JSON text) and load (text -> parse -> restore).
  {
    auto t0 = Clock::now();
    std::string snap = json::serialize(pool.snapshot());
    out["snapshotSaveMs"] = ms_since(t0);
    out["snapshotMB"] = static_cast<double>(snap.size()) / 1e6;
    t0 = Clock::now();
    Pool restored;
    boost::system::error_code ec;
    json::value v = json::parse(snap, ec);
    Status st = ec ? Status(Error{ErrorCode::malformed_json, "", ec.message()}) : restored.restore(v);
    if (!st) {
      std::cerr << "restore failed: " << st.error().message << "\n";
      return 1;
    }
    out["snapshotLoadMs"] = ms_since(t0);
    // the binary form the browser stores (state -> bytes, bytes -> state)
    t0 = Clock::now();
    const std::string binary = pool.snapshot_binary();
    out["binarySnapshotSaveMs"] = ms_since(t0);
    out["binarySnapshotMB"] = static_cast<double>(binary.size()) / 1e6;
    t0 = Clock::now();
    Pool from_bytes;
    if (Status b = from_bytes.restore_binary(binary); !b) {
      std::cerr << "binary restore failed: " << b.error().message << "\n";
      return 1;
    }
    out["binarySnapshotLoadMs"] = ms_since(t0);
  }
  out["rssMB"] = rss_mb();
  out["peakRssMB"] = peak_rss_mb();
  out["sink"] = sink;
  std::cout << json::serialize(out) << std::endl;
  return 0;
}

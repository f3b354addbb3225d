// The streaming reader (core/src/json_stream.hpp) against Boost.JSON's own whole-document parse:
// the same records whatever the chunks (1 B to whole), with strings of 1 to 5 MiB around the
// 4 MiB limit, cut inside UTF-8 sequences, \u escapes and surrogate pairs; records taken every
// feed or every third feed; and the real limit reported at the string that passes it.
#include "json_stream.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace runnerup::detail {
namespace {

namespace json = boost::json;

constexpr std::size_t kMiB = std::size_t{1} << 20;
constexpr std::size_t kWhole = std::size_t(-1);

// A JSON string's text (without its quotes) that decodes to exactly `bytes` bytes, made of the
// pieces a chunk may cut badly: raw 2-, 3- and 4-byte UTF-8, \u escapes, surrogate pairs and
// short escapes, each followed by a run of ASCII longer or shorter than the parser's 4 KiB buffer.
std::string string_text(std::size_t bytes, std::uint32_t seed) {
  struct Piece {
    const char* text;
    std::size_t decoded;
  };
  static const Piece kPieces[] = {
      {"\xC3\xA9", 2},     {"\xE4\xB8\xAD", 3}, {"\xF0\x9F\x98\x80", 4}, {"\\u00e9", 2},
      {"\\u4E2D", 3},      {"\\ud83d\\ude00", 4}, {"\\n", 1},            {"\\\\", 1},
      {"\\\"", 1},         {"\\/", 1},
  };
  std::string out;
  std::size_t decoded = 0;
  std::uint32_t x = seed * 2654435761u + 1;
  auto next = [&x] { return x = x * 1664525u + 1013904223u, x >> 8; };
  while (decoded < bytes) {
    const Piece& p = kPieces[next() % (sizeof kPieces / sizeof kPieces[0])];
    if (decoded + p.decoded <= bytes) {
      out += p.text;
      decoded += p.decoded;
    }
    const std::size_t run = std::min<std::size_t>(bytes - decoded, next() % 4 == 0 ? 7 : 4100 + next() % 1100);
    for (std::size_t i = 0; i < run; ++i) out += static_cast<char>('a' + (decoded + i) % 26);
    decoded += run;
  }
  return out;
}

// A Greenhouse candidates list: one record per title length, each title `string_text`.
std::string candidates(const std::vector<std::size_t>& title_bytes) {
  std::string doc = "[";
  for (std::size_t i = 0; i < title_bytes.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    if (i) doc += ",\n";
    doc += R"({"id":)" + n + R"(,"first_name":"A","last_name":"B","email_addresses":[{"value":"a)" + n +
           R"(@b.c","type":"personal"}],"applications":[],"title":")" +
           string_text(title_bytes[i], static_cast<std::uint32_t>(i)) + R"(","company":"C"})";
  }
  return doc + "]";
}

struct Read {
  std::vector<json::value> records;  // copies made when taken
  std::string error;
};

// Feeds `doc` in chunks of `chunk` bytes, taking the records after every `take_every`-th feed.
Read read(const std::string& doc, std::size_t chunk, int take_every = 1) {
  JsonRecordStream stream(64);
  Read r;
  auto take = [&] {
    for (JsonRecord& rec : stream.take()) r.records.emplace_back(rec.value, json::storage_ptr());
  };
  int feeds = 0;
  bool ok = true;
  for (std::size_t at = 0; ok && at < doc.size(); at += std::min(chunk, doc.size() - at)) {
    ok = stream.feed(doc.data() + at, std::min(chunk, doc.size() - at), r.error);
    if (++feeds % take_every == 0) take();
  }
  if (ok) stream.finish(r.error);
  take();
  return r;
}

void expect_same_records(const std::string& doc, const Read& r, const std::string& what) {
  const json::array whole = json::parse(doc).as_array();
  EXPECT_EQ(r.error, "") << what;
  ASSERT_EQ(r.records.size(), whole.size()) << what;
  for (std::size_t i = 0; i < whole.size(); ++i)
    EXPECT_TRUE(r.records[i] == whole[i]) << what << ": record " << i << " differs";
}

std::string name(std::size_t chunk, int take_every) {
  return (chunk == kWhole ? std::string("whole") : std::to_string(chunk) + " B chunks") +
         ", records taken every " + std::to_string(take_every) + " feed(s)";
}

TEST(JsonStream, ReadsAGreenhouseFileOfMebibyteStringsTheSameInAnyChunks) {
  // The shape that crashed the CLI (exit 139) and made the widget report a string over 4 MiB.
  const std::string doc = candidates({kMiB, kMiB, kMiB, kMiB, kMiB, kMiB});
  ASSERT_GT(doc.size(), 6 * kMiB);
  for (std::size_t chunk : {std::size_t{7}, std::size_t{4096}, std::size_t{65536}, kMiB, kWhole})
    for (int take_every : {1, 3}) expect_same_records(doc, read(doc, chunk, take_every), name(chunk, take_every));
}

TEST(JsonStream, ReadsAMebibyteStringFedOneByteAtATime) {
  const std::string doc = candidates({kMiB});
  expect_same_records(doc, read(doc, 1), name(1, 1));
}

TEST(JsonStream, ReadsStringsCutAtEveryByteOfTheirEscapesAndSequences) {
  // Chunk sizes around 4 KiB put the cuts at every position of every piece in turn, each
  // followed by more than 4 KiB of the same string.
  const std::string doc = candidates({64 * 1024, 40 * 1024});
  for (std::size_t chunk = 4085; chunk <= 4107; ++chunk) expect_same_records(doc, read(doc, chunk), name(chunk, 1));
  for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{5}, std::size_t{11},
                            std::size_t{13}})
    expect_same_records(doc, read(doc, chunk), name(chunk, 1));
}

TEST(JsonStream, ReadsStringsUpToTheLimitInAnyChunks) {
  // 3 MiB, and exactly kMaxJsonString bytes once decoded (some of them escaped).
  const std::string doc = candidates({3 * kMiB, kMaxJsonString, 10});
  for (std::size_t chunk : {std::size_t{7}, std::size_t{4096}, std::size_t{65536}, kWhole})
    for (int take_every : {1, 3}) expect_same_records(doc, read(doc, chunk, take_every), name(chunk, take_every));
}

// The byte the error names, and where the over-long string's text begins and ends.
std::uint64_t error_byte(const std::string& error) {
  const std::size_t at = error.rfind("at byte ");
  return at == std::string::npos ? 0 : std::stoull(error.substr(at + 8));
}

TEST(JsonStream, ReportsAStringOverTheLimitAtThatStringInAnyChunks) {
  for (std::size_t over : {kMaxJsonString + 1, 5 * kMiB}) {
    const std::string doc = candidates({kMiB, over, kMiB});
    const std::string before = candidates({kMiB});
    // The second record's title: from after its opening quote to its closing quote (1-based).
    const std::size_t title = doc.find("\"title\":\"", before.size()) + 9;
    const std::size_t end = doc.find("\",\"company\"", title) + 1;
    for (std::size_t chunk : {std::size_t{7}, std::size_t{4096}, std::size_t{65536}, kWhole}) {
      const Read r = read(doc, chunk);
      const std::string what = std::to_string(over) + " bytes, " + name(chunk, 1);
      EXPECT_EQ(r.error.rfind("a string is longer than 4 MiB (at byte ", 0), 0u) << what << ": " << r.error;
      EXPECT_GT(error_byte(r.error), title) << what << ": " << r.error;
      EXPECT_LE(error_byte(r.error), end) << what << ": " << r.error;
      ASSERT_EQ(r.records.size(), 1u) << what;  // the record before it, whole
      EXPECT_TRUE(r.records[0] == json::parse(doc.substr(0, doc.find(",\n")) + "]").as_array()[0]) << what;
    }
  }
}

TEST(JsonStream, KeepsTakenRecordsWholeUntilTheSecondFeedAfter) {
  // Records that began in one feed and ended in another, held without copying across the next
  // feed, which builds records of its own.
  const std::string doc = candidates({300 * 1024, 10, 700 * 1024, 20, 500 * 1024, 30, 900 * 1024});
  const json::array whole = json::parse(doc).as_array();
  for (std::size_t chunk : {std::size_t{4096}, std::size_t{100000}, std::size_t{400000}}) {
    JsonRecordStream stream(64);
    std::string error;
    std::vector<JsonRecord> held;
    std::size_t seen = 0;
    for (std::size_t at = 0; at < doc.size(); at += chunk) {
      ASSERT_TRUE(stream.feed(doc.data() + at, std::min(chunk, doc.size() - at), error)) << error;
      for (const JsonRecord& r : held) EXPECT_TRUE(r.value == whole[r.index]) << name(chunk, 1) << ": record " << r.index;
      held = stream.take();
      seen += held.size();
    }
    ASSERT_TRUE(stream.finish(error)) << error;
    for (const JsonRecord& r : held) EXPECT_TRUE(r.value == whole[r.index]) << name(chunk, 1) << ": record " << r.index;
    EXPECT_EQ(seen + stream.take().size(), whole.size());
  }
}

TEST(JsonStream, ReadsLongKeysCutAnywhere) {
  // A 1 MiB key inside a record, and a 1 MiB key at the root (kept in top()).
  const std::string key = string_text(kMiB, 7);
  const std::string doc = "{\"" + key + "\":\"root\",\"candidates\":[{\"id\":1,\"" + key + "\":{\"" + key + "\":2}}]}";
  const json::value whole = json::parse(doc);
  for (std::size_t chunk : {std::size_t{7}, std::size_t{4096}, std::size_t{65536}, kWhole}) {
    JsonRecordStream stream(64);
    std::string error;
    std::vector<json::value> records;
    for (std::size_t at = 0; at < doc.size(); at += std::min(chunk, doc.size() - at)) {
      ASSERT_TRUE(stream.feed(doc.data() + at, std::min(chunk, doc.size() - at), error)) << error;
      for (JsonRecord& r : stream.take()) records.emplace_back(r.value, json::storage_ptr());
    }
    ASSERT_TRUE(stream.finish(error)) << error;
    for (JsonRecord& r : stream.take()) records.emplace_back(r.value, json::storage_ptr());
    ASSERT_EQ(records.size(), 1u) << name(chunk, 1);
    EXPECT_TRUE(records[0] == whole.at("candidates").at(0)) << name(chunk, 1);
    const json::object& top = stream.top();
    ASSERT_EQ(top.size(), 2u) << name(chunk, 1);
    EXPECT_TRUE(top.begin()->key() == whole.as_object().begin()->key()) << name(chunk, 1);
  }
}

TEST(JsonStream, ReportsAnEscapeCutByTheEndOfTheDocumentAsTruncated) {
  // Bytes held back at a chunk's end still reach the parser at the finish.
  for (const char* doc : {R"([{"a":"\u00)", R"([{"a":"\ud83d\ude0)", "[{\"a\":\"\xE4\xB8", R"([{"a":"x\)"}) {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, kWhole}) {
      const Read r = read(doc, chunk);
      EXPECT_EQ(r.error.rfind("the document is truncated", 0), 0u) << doc << ", " << name(chunk, 1) << ": " << r.error;
      EXPECT_TRUE(r.records.empty());
    }
  }
  // And a complete document that ends with what might begin an escape is read whole.
  const Read r = read(R"([{"a":"\\"},{"b":"\u00e9\ud83d\ude00"}])", 1);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.records.size(), 2u);
}

TEST(JsonStream, ReportsABadEscapeWithOneMessageInAnyChunks) {
  // Boost.JSON names these differently when a chunk ends within 10 bytes of them (a lone low
  // surrogate is an "illegal leading surrogate" or an "illegal trailing surrogate").
  for (const char* doc : {R"(["\u00e93d\ude00 and more text after it"])", R"(["\ud83d\u0041 and more text"])",
                          R"(["\u00g0 and more text after it"])"}) {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, std::size_t{7}, kWhole}) {
      const Read r = read(doc, chunk);
      EXPECT_EQ(r.error.rfind("not valid JSON: a \\u escape needs four hex digits, and a surrogate its pair (at byte ", 0), 0u)
          << doc << ", " << name(chunk, 1) << ": " << r.error;
    }
  }
}

TEST(JsonStream, ReadsAZeroWithAHugeExponentAsZeroInAnyChunks) {
  // Boost.JSON 1.81 computes 0 x 10^888 as 0 x infinity: NaN, which equals nothing, not even
  // itself, and serializes as no JSON. The fuzzer found it as "[0e888+8888...". The number is 0.
  const std::string doc = R"([0e888,{"rank":-0.0E+999,"n":[0.000e400]},1e2])";
  for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{5}, kWhole}) {
    const Read r = read(doc, chunk);
    EXPECT_EQ(r.error, "") << name(chunk, 1);
    ASSERT_EQ(r.records.size(), 3u) << name(chunk, 1);
    EXPECT_TRUE(r.records[0] == json::value(0.0)) << name(chunk, 1) << ": " << json::serialize(r.records[0]);
    EXPECT_EQ(json::serialize(r.records[1]), R"({"rank":0E0,"n":[0E0]})") << name(chunk, 1);
    EXPECT_TRUE(r.records[2] == json::value(100.0));
  }
}

}  // namespace
}  // namespace runnerup::detail

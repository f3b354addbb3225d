// The pool's own log ({"format":"runnerup.log","version":1,"events":[...]}): imported as events,
// so that re-importing it gives the identical pool (same ids, actors, clocks).
#include "import/reader.hpp"
#include "runnerup/event.hpp"

namespace runnerup::import {

namespace json = boost::json;

namespace {

class PoolLogReader final : public JsonReader {
 public:
  PoolLogReader(const ImportOptions& options, Intake& intake) : JsonReader(intake, options.max_depth) {}

 protected:
  bool knows_document(std::string_view) const override { return false; }
  bool wanted(const std::string&) const override { return true; }

  void record(std::size_t s, const detail::JsonRecord& r, const std::string& path) override {
    if (r.key != "events") return intake_.refuse(s, path, "a runnerup log keeps its events under \"events\"");
    // Only the keys that came before the events count: a stream cannot wait for the end.
    const json::value* format = nullptr;
    const json::value* version = nullptr;
    std::size_t k = 0;
    for (const auto& kv : stream_->top()) {
      if (k++ >= r.top_keys_before) break;
      if (kv.key() == "format") format = &kv.value();
      if (kv.key() == "version") version = &kv.value();
    }
    if (!format || !format->is_string() || format->as_string() != kLogFormat)
      return stop(Error{ErrorCode::invalid_field, "/format",
                        "not a runnerup log: \"format\":\"runnerup.log\" must come before the events"});
    if (!version || !version->is_int64() || version->as_int64() != kLogVersion)
      return stop(Error{ErrorCode::unsupported_version, "/version",
                        "this build reads log version 1 (\"version\" must come before the events)"});
    auto e = decode_event(r.value, path);
    if (!e) return intake_.refuse(s, e.error().path, e.error().message);
    intake_.report.records[s].id = e.value().id;
    std::vector<Event> events;
    events.push_back(std::move(e).value());
    intake_.accept_events(s, std::move(events));
  }

  void check_end() override {
    const json::object& top = stream_->top();
    if (stream_->root_is_array() || !top.contains("events")) {
      intake_.report.error = Error{ErrorCode::missing_field, "/events",
                                   "not a runnerup log: {\"format\":\"runnerup.log\",\"version\":1,\"events\":[...]}"};
      return;
    }
    const json::value* version = top.if_contains("version");
    if (!top.contains("format") || !top.at("format").is_string() || top.at("format").as_string() != kLogFormat)
      intake_.report.error = Error{ErrorCode::invalid_field, "/format", "not a runnerup log"};
    else if (!version || !version->is_int64() || version->as_int64() != kLogVersion)
      intake_.report.error = Error{ErrorCode::unsupported_version, "/version", "this build reads log version 1"};
  }
};

}  // namespace

std::unique_ptr<FormatReader> make_pool_log_reader(const ImportOptions& options, Intake& intake) {
  return std::make_unique<PoolLogReader>(options, intake);
}

}  // namespace runnerup::import

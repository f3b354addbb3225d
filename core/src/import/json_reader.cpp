#include "import/reader.hpp"
#include "json_read.hpp"

namespace runnerup::import {

namespace json = boost::json;

std::optional<Error> FormatReader::begin_document(std::string_view kind, const std::string&) {
  return Error{ErrorCode::invalid_field, "", "this format is one document; \"" + std::string(kind) + "\" is none of it"};
}

JsonReader::JsonReader(Intake& intake, std::size_t max_depth)
    : FormatReader(intake), stream_(std::make_unique<detail::JsonRecordStream>(max_depth)), max_depth_(max_depth) {}

std::optional<Error> JsonReader::begin_document(std::string_view kind, const std::string& subject) {
  if (!knows_document(kind))
    return Error{ErrorCode::invalid_field, "", "\"" + std::string(kind) + "\" is not a document of this export"};
  if (stream_->started() && !document_done_)
    return Error{ErrorCode::invalid_field, "", "finish the document \"" + (kind_.empty() ? std::string("before") : kind_) +
                                                    "\" before beginning \"" + std::string(kind) + "\""};
  document_done_ = false;
  bytes_before_ += stream_->bytes();
  stream_ = std::make_unique<detail::JsonRecordStream>(max_depth_);
  kind_ = std::string(kind);
  subject_ = subject;
  intake_.document = kind_;
  return std::nullopt;
}

void JsonReader::stop(Error e) {
  intake_.report.error = std::move(e);
  stopped_ = true;
}

void JsonReader::drain() {
  for (detail::JsonRecord& r : stream_->take()) {
    if (stopped_) break;
    if (!wanted(r.key)) continue;  // other lists ({"jobs":[...]}) are not records; named at the end
    const std::string path =
        (r.key.empty() ? "" : "/" + detail::pointer_token(r.key)) + "/" + std::to_string(r.index);
    record(intake_.slot(r.index, ""), r, path);
  }
}

void JsonReader::feed(std::string_view chunk) {
  std::string error;
  const bool ok = stream_->feed(chunk.data(), chunk.size(), error);
  drain();
  if (!ok) intake_.report.error = Error{ErrorCode::malformed_json, "", error};
}

void JsonReader::finish() {
  document_done_ = true;
  std::string error;
  const bool ok = stream_->finish(error);
  drain();
  if (!ok) intake_.report.error = Error{ErrorCode::malformed_json, "", error};
  else if (!intake_.report.error) check_end();
}

void JsonReader::expect_lists(const char* k1, const char* k2) {
  if (stream_->root_is_array()) return;
  const json::object& top = stream_->top();
  if (!top.contains(k1) && !top.contains(k2))
    intake_.report.error = Error{ErrorCode::missing_field, "",
                                 std::string("no records: expected a list, or an object with \"") + k1 +
                                     "\" or \"" + k2 + "\""};
  for (const auto& [k, v] : top)
    if (v.is_array() && k != k1 && k != k2)
      intake_.report.notes.push_back("the list \"" + std::string(k) + "\" is not imported");
}

}  // namespace runnerup::import

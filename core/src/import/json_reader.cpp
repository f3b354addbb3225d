#include "import/reader.hpp"
#include "json_read.hpp"

namespace runnerup::import {

namespace json = boost::json;

namespace {

int hex4(std::string_view s) {
  int v = 0;
  for (char c : s) {
    v <<= 4;
    if (c >= '0' && c <= '9') v |= c - '0';
    else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
    else return -1;
  }
  return v;
}

}  // namespace

std::string_view SurrogateGuard::pass(std::string_view chunk, bool last) {
  out_.assign(carry_);
  out_.append(chunk.data(), chunk.size());
  carry_.clear();
  const std::size_t n = out_.size();
  std::size_t i = 0;
  auto wait_from = [&](std::size_t at) {
    carry_.assign(out_, at, std::string::npos);
    out_.resize(at);
  };
  while (i < n) {
    const char c = out_[i];
    if (!in_string_) {
      in_string_ = c == '"';
      ++i;
      continue;
    }
    if (c == '"') {
      in_string_ = false;
      ++i;
      continue;
    }
    if (c != '\\') {
      ++i;
      continue;
    }
    if (i + 1 >= n) {
      if (!last) wait_from(i);
      break;
    }
    if (out_[i + 1] != 'u') {
      i += 2;
      continue;
    }
    if (i + 6 > n) {
      if (!last) wait_from(i);
      break;
    }
    const int code = hex4(std::string_view(out_).substr(i + 2, 4));
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (i + 12 > n && !last) {
        wait_from(i);
        break;
      }
      const bool paired = i + 12 <= n && out_[i + 6] == '\\' && out_[i + 7] == 'u' &&
                          hex4(std::string_view(out_).substr(i + 8, 4)) >= 0xDC00 &&
                          hex4(std::string_view(out_).substr(i + 8, 4)) <= 0xDFFF;
      if (paired) {
        i += 12;
        continue;
      }
    }
    if (code >= 0xD800 && code <= 0xDFFF) {
      out_.replace(i + 2, 4, "0000");
      ++replaced_;
    }
    i += 6;
  }
  return out_;
}

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
  bytes_before_ += stream_->bytes() + guard_.waiting();
  guard_ = SurrogateGuard{};
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
    record(intake_.slot(r.index, r.index + 1, ""), r, path);
  }
}

void JsonReader::feed(std::string_view chunk) {
  std::string error;
  const std::string_view text = guard_.pass(chunk, false);
  const bool ok = stream_->feed(text.data(), text.size(), error);
  drain();
  if (!ok) intake_.report.error = Error{ErrorCode::malformed_json, "", error};
}

void JsonReader::finish() {
  document_done_ = true;
  std::string error;
  const std::string_view rest = guard_.pass({}, true);
  bool ok = rest.empty() || stream_->feed(rest.data(), rest.size(), error);
  ok = ok && stream_->finish(error);
  drain();
  if (!ok) intake_.report.error = Error{ErrorCode::malformed_json, "", error};
  else if (!intake_.report.error) check_end();
  if (guard_.replaced() && !intake_.report.error)
    intake_.report.notes.push_back(std::to_string(guard_.replaced()) +
                                   " lone UTF-16 surrogates (\\ud800-\\udfff without their pair) were read as NUL: "
                                   "each field holding one is refused, with its pointer");
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

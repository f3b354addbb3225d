// Private to the importers: one reader per source format. A reader parses its format as the
// chunks come, drafts each record and hands it to the intake (merge.hpp), which the Importer
// (importer.cpp) owns. A malformed document sets the intake's report.error and stops the read.
//
//   Intake intake(&pool.state());
//   auto reader = make_reader(ImportFormat::lever, options, intake);
//   reader->feed(chunk); ...; reader->finish();
//   intake.out, intake.report                        // the records and their report lines
//
// The JSON formats share JsonReader: a document streamed record by record (json_stream.hpp),
// records being the elements of the top-level array or of a top-level key's array.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "import/merge.hpp"
#include "json_stream.hpp"
#include "runnerup/import.hpp"

namespace runnerup::import {

class FormatReader {
 public:
  explicit FormatReader(Intake& intake) : intake_(intake) {}
  virtual ~FormatReader() = default;
  FormatReader(const FormatReader&) = delete;
  FormatReader& operator=(const FormatReader&) = delete;

  // The next document of a multi-file export; an Error when the format has no such document.
  virtual std::optional<Error> begin_document(std::string_view kind, const std::string& subject);
  virtual void feed(std::string_view chunk) = 0;
  virtual void finish() = 0;
  virtual std::uint64_t bytes_read() const = 0;

 protected:
  Intake& intake_;
};

// Boost.JSON refuses a lone UTF-16 surrogate escape ("\ud800" without its pair), which would
// stop the whole document at one bad value. The guard turns each one into "\u0000" (the same
// six bytes, so every offset holds) before the parser sees it: the field holding it is then
// refused as the pool refuses a control character, with its pointer, and the rest reads.
class SurrogateGuard {
 public:
  // The bytes to parse now; an escape cut by the chunk's end waits for the next (unless `last`).
  std::string_view pass(std::string_view chunk, bool last);
  std::size_t replaced() const { return replaced_; }
  std::size_t waiting() const { return carry_.size(); }

 private:
  std::string out_, carry_;
  bool in_string_ = false;
  std::size_t replaced_ = 0;
};

class JsonReader : public FormatReader {
 public:
  JsonReader(Intake& intake, std::size_t max_depth);
  void feed(std::string_view chunk) override;
  void finish() override;
  std::uint64_t bytes_read() const override { return bytes_before_ + stream_->bytes() + guard_.waiting(); }
  std::optional<Error> begin_document(std::string_view kind, const std::string& subject) override;

 protected:
  // The documents this format streams (document_kinds()); the first is the default.
  virtual bool knows_document(std::string_view kind) const = 0;
  // Whether the array under this top-level key holds records ("" for a top-level array).
  virtual bool wanted(const std::string& key) const = 0;
  // One record; `slot` is its report line, `path` its JSON Pointer.
  virtual void record(std::size_t slot, const detail::JsonRecord& r, const std::string& path) = 0;
  // After a well-formed document: what its top level must hold.
  virtual void check_end() = 0;
  // check_end() for the ATS formats: an array, or an object with one of these two lists; the
  // other lists are named in the notes.
  void expect_lists(const char* k1, const char* k2);
  void stop(Error e);

  std::unique_ptr<detail::JsonRecordStream> stream_;
  bool stopped_ = false;
  std::string kind_;     // the current document's kind; "" for a single-file import
  std::string subject_;  // the candidate or opportunity it is about, if any
  bool document_done_ = false;  // finish() was called on the current document

 private:
  void drain();
  std::size_t max_depth_;
  SurrogateGuard guard_;
  std::uint64_t bytes_before_ = 0;  // read in the documents before this one
};

std::unique_ptr<FormatReader> make_greenhouse_reader(const ImportOptions& options, Intake& intake);
std::unique_ptr<FormatReader> make_lever_reader(const ImportOptions& options, Intake& intake);
std::unique_ptr<FormatReader> make_csv_reader(const ImportOptions& options, Intake& intake);
std::unique_ptr<FormatReader> make_pool_log_reader(const ImportOptions& options, Intake& intake);

}  // namespace runnerup::import

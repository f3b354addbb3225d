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

  virtual void feed(std::string_view chunk) = 0;
  virtual void finish() = 0;
  virtual std::uint64_t bytes_read() const = 0;

 protected:
  Intake& intake_;
};

class JsonReader : public FormatReader {
 public:
  JsonReader(Intake& intake, std::size_t max_depth);
  void feed(std::string_view chunk) override;
  void finish() override;
  std::uint64_t bytes_read() const override { return stream_->bytes(); }

 protected:
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

 private:
  void drain();
};

std::unique_ptr<FormatReader> make_greenhouse_reader(const ImportOptions& options, Intake& intake);
std::unique_ptr<FormatReader> make_lever_reader(const ImportOptions& options, Intake& intake);
std::unique_ptr<FormatReader> make_csv_reader(const ImportOptions& options, Intake& intake);
std::unique_ptr<FormatReader> make_pool_log_reader(const ImportOptions& options, Intake& intake);

}  // namespace runnerup::import

// CSV: any spreadsheet of finalists, with an adjustable column mapping; the exporter's own CSV
// reads back with the default mapping, with or without its header row.
#include <boost/json/value_from.hpp>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <unordered_map>

#include "import/reader.hpp"
#include "import/source.hpp"
#include "import/vocabulary.hpp"
#include "json_read.hpp"
#include "runnerup/csv.hpp"
#include "runnerup/export.hpp"

namespace runnerup {

namespace json = boost::json;
using import::lower;
using import::trim;

const std::vector<std::string_view>& csv_fields() {
  static const std::vector<std::string_view> kFields = {
      "candidateId", "name", "firstName", "lastName", "email", "phone", "links", "location",
      "city", "region", "country", "title", "skills", "tags", "requisitionId", "requisition",
      "stage", "outcome", "rank", "reason", "reasonNote", "initiator", "futureFit", "flags",
      "availableFrom", "lastContact", "nextFollowUp", "feedbackGivenOn", "feedbackGivenBy",
      "feedbackChannel", "consentUntil", "interviewScores", "skillGaps", "futureRoles", "ignore"};
  return kFields;
}

namespace {
// The exporter's columns for reading only (export.hpp, kPoolCsv).
const std::vector<std::string_view>& read_only_fields() {
  static const std::vector<std::string_view> k = [] {
    std::vector<std::string_view> fields;
    for (const PoolCsvColumn& c : kPoolCsv)
      if (!c.imported) fields.push_back(c.field);
    return fields;
  }();
  return k;
}
bool read_only(const std::string& field) {
  return std::find(read_only_fields().begin(), read_only_fields().end(), field) != read_only_fields().end();
}
}  // namespace

json::object default_csv_mapping() {
  json::object m;
  for (const PoolCsvColumn& c : kPoolCsv) m[c.header] = c.field;
  const std::pair<std::string_view, std::string_view> kAliases[] = {
      {"Id", "candidateId"}, {"Full name", "name"}, {"Candidate", "name"}, {"Candidate name", "name"},
      {"First name", "firstName"}, {"Last name", "lastName"}, {"E-mail", "email"},
      {"Email address", "email"}, {"Emails", "email"}, {"Phone number", "phone"}, {"Phones", "phone"},
      {"Location", "location"}, {"Job title", "title"}, {"Headline", "title"}, {"Job", "requisition"},
      {"Job ID", "requisitionId"}, {"Position", "requisition"}, {"Stage", "stage"},
      {"Rejection reason", "reason"}, {"Archive reason", "reason"}, {"Notes", "ignore"}};
  for (const auto& [h, f] : kAliases) m[h] = f;
  return m;
}

std::string csv_field_for_header(std::string_view header, const json::object& mapping) {
  const std::string h = lower(trim(header));
  for (const auto& [k, v] : mapping)
    if (lower(trim(std::string_view(k.data(), k.size()))) == h && v.is_string()) return std::string(v.as_string());
  static const json::object kDefault = default_csv_mapping();
  for (const auto& [k, v] : kDefault)
    if (lower(std::string_view(k.data(), k.size())) == h) return std::string(v.as_string());
  return "";
}

Result<CsvHeaderPreview> preview_csv_header(std::string_view head, const json::object& mapping) {
  csv::Reader reader;
  Status s = reader.feed(head);
  std::vector<csv::Row> rows = s ? reader.take_rows() : std::vector<csv::Row>{};
  if (s && rows.empty()) {
    s = reader.finish();
    if (s) rows = reader.take_rows();
  }
  if (!s) return s.error();
  CsvHeaderPreview preview;
  if (rows.empty()) return preview;
  std::size_t recognised = 0;
  for (const std::string& cell : rows.front()) {
    CsvColumn c{csv::restore(cell), csv_field_for_header(csv::restore(cell), mapping)};
    if (!c.field.empty()) ++recognised;
    preview.columns.push_back(std::move(c));
  }
  preview.is_header = recognised > 0 && recognised * 2 >= preview.columns.size();
  return preview;
}

void tag_invoke(json::value_from_tag, json::value& jv, const CsvHeaderPreview& p) {
  json::array columns;
  for (const CsvColumn& c : p.columns) columns.push_back({{"header", c.header}, {"field", c.field}});
  json::array fields;
  for (std::string_view f : csv_fields()) fields.emplace_back(f);
  jv = {{"columns", std::move(columns)}, {"isHeader", p.is_header}, {"fields", std::move(fields)}};
}

namespace import {

namespace {

// The reason a cell names by code or label, ignoring case; the first in reasons() when two
// would match. Looked up, not compared with every reason on every row.
const ReasonInfo* reason_by_code_or_label(const std::string& text) {
  static const std::unordered_map<std::string, const ReasonInfo*> k = [] {
    std::unordered_map<std::string, const ReasonInfo*> m;
    for (const ReasonInfo& ri : reasons()) {
      m.emplace(lower(ri.code), &ri);  // emplace keeps an earlier reason's entry
      m.emplace(lower(ri.label), &ri);
    }
    return m;
  }();
  auto it = k.find(lower(text));
  return it == k.end() ? nullptr : it->second;
}

class CsvReader final : public FormatReader {
 public:
  CsvReader(const ImportOptions& options, Intake& intake) : FormatReader(intake), options_(options) {
    csv::ReadOptions ro;
    ro.max_cell = options.max_cell;
    reader_ = std::make_unique<csv::Reader>(ro);
  }

  void feed(std::string_view chunk) override {
    auto s = reader_->feed(chunk);
    drain();
    if (!s) intake_.report.error = s.error();
  }

  void finish() override {
    auto s = reader_->finish();
    drain();
    if (!s) intake_.report.error = s.error();
    else if (!header_done_ && !intake_.report.error) intake_.report.notes.push_back("the file holds no rows");
  }

  std::uint64_t bytes_read() const override { return reader_->bytes_read(); }

 private:
  void stop(Error e) {
    intake_.report.error = std::move(e);
    stopped_ = true;
  }

  // The first row: a header when at least half of its cells name a field; else the exporter's
  // columns in order. True when the row is a record.
  bool header(const csv::Row& row, std::size_t line) {
    ImportReport& report = intake_.report;
    std::size_t recognised = 0;
    std::vector<std::string> fields;
    for (const std::string& cell : row) {
      fields.push_back(csv_field_for_header(csv::restore(cell), options_.csv_mapping));
      if (!fields.back().empty()) ++recognised;
    }
    header_done_ = true;
    if (recognised > 0 && recognised * 2 >= row.size()) {
      columns_ = fields;
      headers_ = row;
      std::vector<std::string> unknown, ignored;
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (columns_[i].empty()) {
          unknown.push_back(row[i]);
          columns_[i] = "ignore";
        } else if (read_only(columns_[i])) {
          if (!row[i].empty()) ignored.push_back(row[i]);
          columns_[i] = "ignore";
        }
      }
      report.notes.push_back("row " + std::to_string(line) + " is a header row");
      if (!ignored.empty()) {
        std::string n = "columns exported for reading only, not imported:";
        for (const std::string& c : ignored) n += " \"" + c + "\"";
        report.notes.push_back(n);
      }
      if (!unknown.empty()) {
        std::string n = "columns not in the mapping, not imported (map them to import them):";
        for (const std::string& c : unknown) n += " \"" + c + "\"";
        report.notes.push_back(n);
      }
      // A mapping naming a field that does not exist is the caller's mistake: say so.
      for (const auto& [k, v] : options_.csv_mapping) {
        const std::string f = v.is_string() ? std::string(v.as_string()) : "";
        if (std::find(csv_fields().begin(), csv_fields().end(), f) == csv_fields().end())
          stop(Error{ErrorCode::invalid_field, "/mapping/" + detail::pointer_token(std::string(k)),
                     "\"" + std::string(k) + "\" maps to \"" + f + "\", which is not a field"});
      }
      return false;  // the header is not a record
    }
    if (row.size() != kPoolCsvColumns.size()) {
      stop(Error{ErrorCode::missing_field, "row " + std::to_string(line),
                 "no header row recognised and the columns are not the exporter's " +
                     std::to_string(kPoolCsvColumns.size()) + ": add a header row or a mapping"});
      return false;
    }
    const json::object def = default_csv_mapping();
    for (std::string_view col : kPoolCsvColumns) {
      columns_.push_back(std::string(def.at(col).as_string()));
      headers_.push_back(std::string(col));
    }
    for (std::string& c : columns_)
      if (read_only(c)) c = "ignore";
    report.notes.push_back("no header row: columns read in the exporter's order");
    return true;
  }

  static std::vector<std::string> split_lines(const std::string& cell, bool also_separators) {
    std::vector<std::string> out;
    std::string cur;
    auto push = [&] {
      std::string t = trim(cur);
      if (!t.empty()) out.push_back(t);
      cur.clear();
    };
    for (char c : cell) {
      if (c == '\n' || c == '\r' || (also_separators && (c == ';' || c == ','))) push();
      else cur += c;
    }
    push();
    return out;
  }

  void row(const csv::Row& raw, std::size_t line) {
    const std::size_t s = intake_.slot(line, line, "");
    if (raw.size() > columns_.size())
      return intake_.refuse(s, "column " + std::to_string(columns_.size() + 1),
                            "the row has " + std::to_string(raw.size()) + " cells, the header " +
                                std::to_string(columns_.size()));
    std::unordered_map<std::string, std::string> v;
    std::unordered_map<std::string, std::string> header_of;
    bool flags_given = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (columns_[i] == "ignore") continue;
      v[columns_[i]] = csv::restore(raw[i]);
      header_of[columns_[i]] = headers_[i];
      if (columns_[i] == "flags" || columns_[i] == "availableFrom") flags_given = true;
    }
    auto col = [&](const std::string& field) {
      auto h = header_of.find(field);
      return h == header_of.end() ? field : h->second;
    };
    Draft d;
    Candidate& c = d.candidate;
    // Every value as the cell holds it; what had to change on the way is said in the report.
    auto one = [&](const std::string& field) {
      const std::string& cell = v[field];
      std::string t = trim(cell);
      if (t != cell && !t.empty()) d.changed.push_back("spaces at the ends of " + col(field) + " removed");
      return t;
    };
    auto many = [&](const std::string& field, bool separators) {
      std::vector<std::string> items = split_lines(v[field], separators);
      if (items.size() > 1)
        d.changed.push_back(col(field) + " read as " + std::to_string(items.size()) + " values (one a line" +
                            (separators ? ", or separated by , or ;" : "") + ")");
      return items;
    };
    c.id = one("candidateId");
    c.name = one("name");
    if (c.name.empty()) c.name = trim(trim(v["firstName"]) + " " + trim(v["lastName"]));
    c.emails = many("email", true);
    c.phones = many("phone", false);
    c.links = many("links", false);
    c.skills = many("skills", false);
    for (const std::string& k : c.skills)
      if (normalise_skill(k) != k) d.changed.push_back("skill \"" + k + "\" kept as \"" + normalise_skill(k) + "\"");
    c.tags = many("tags", false);
    c.title = one("title");
    if (v.count("location")) {
      c.location = location_from_text(v["location"]);
      if (v["location"].find(',') != std::string::npos)
        d.changed.push_back(col("location") + " \"" + v["location"].substr(0, 80) + "\" read as city \"" +
                            c.location.city + "\", region \"" + c.location.region + "\", country \"" +
                            c.location.country + "\"");
    }
    if (v.count("city")) c.location.city = one("city");
    if (v.count("region")) c.location.region = one("region");
    if (v.count("country")) {
      const std::string given = one("country");
      c.location.country = given.size() > 2 ? country_code(given) : given;
      if (given.size() > 2 && c.location.country.empty()) {
        // Not a country this table knows: kept where a place's words go, not dropped.
        c.location.region = c.location.region.empty() ? given : c.location.region + ", " + given;
        d.changed.push_back(col("country") + " \"" + given + "\" is no country code this import knows: kept in the region");
      } else if (given.size() > 2) {
        d.changed.push_back(col("country") + " \"" + given + "\" kept as " + c.location.country);
      }
    }
    if (c.id.empty() && !c.emails.empty()) c.id = lower(c.emails.front());
    if (c.id.empty()) return intake_.refuse(s, col("email"), "a row needs a candidate id or an e-mail to tell who it is");
    intake_.report.records[s].id = c.id;
    if (c.name.empty()) return intake_.refuse(s, col("name"), "the name is empty");

    std::string req_id = trim(v["requisitionId"]);
    const std::string req_title = trim(v["requisition"]);
    if (req_id.empty() && !req_title.empty()) {
      req_id = "csv-";
      for (char ch : lower(req_title)) req_id += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-';
    }
    if (!req_id.empty()) {
      Decision dec;
      dec.requisition.id = req_id;
      dec.requisition.title = req_title.empty() ? req_id : req_title;
      Outcome& o = dec.outcome;
      o.requisition_id = req_id;
      auto stage = code_or_label<Stage>(trim(v["stage"]).empty() ? "unknown" : v["stage"]);
      if (!stage) return intake_.refuse(s, col("stage"), "unknown stage \"" + v["stage"] + "\"");
      o.stage = *stage;
      auto kind = code_or_label<OutcomeKind>(v["outcome"].empty() ? "runner_up" : v["outcome"]);
      if (!kind) return intake_.refuse(s, col("outcome"), "unknown outcome \"" + v["outcome"] + "\"");
      o.outcome = *kind;
      const std::string rank = trim(v["rank"]);
      if (!rank.empty()) {
        if (rank.size() > 5 || !std::all_of(rank.begin(), rank.end(), [](unsigned char ch) { return std::isdigit(ch); }))
          return intake_.refuse(s, col("rank"), "the rank must be a whole number (1 = next in line)");
        o.rank = std::stoi(rank);
      }
      const std::string reason = trim(v["reason"]);
      if (!reason.empty() || o.outcome != OutcomeKind::hired) {
        const ReasonInfo* info = reason_by_code_or_label(reason);
        if (!info && !reason.empty()) {
          MappedReason m = reason_from_name(reason);
          o.reason = Reason{m.code, m.mapped ? v["reasonNote"] : reason, reason};
        } else if (!info) {
          return intake_.refuse(s, col("reason"), "a reason is needed for a person who was not hired");
        } else {
          o.reason = Reason{std::string(info->code), v["reasonNote"], ""};
        }
        // Who ended it only from the file's own initiator column (or the recruiter's mapping).
        o.initiator = Initiator::not_specified;
        if (!info && trim(v["initiator"]).empty())
          if (auto mapped = initiator_from_mapping(options_.initiator_by_reason, reason)) {
            o.initiator = *mapped;
            d.changed.push_back("initiator " + std::string(code_of(*mapped)) + " from your mapping of \"" + reason + "\"");
          }
      }
      if (!trim(v["initiator"]).empty()) {
        auto ini = code_or_label<Initiator>(v["initiator"]);
        if (!ini) return intake_.refuse(s, col("initiator"), "unknown initiator \"" + v["initiator"] + "\"");
        o.initiator = *ini;
      }
      if (!trim(v["futureFit"]).empty()) {
        auto fit = code_or_label<FutureFit>(v["futureFit"]);
        if (!fit) return intake_.refuse(s, col("futureFit"), "unknown future fit \"" + v["futureFit"] + "\"");
        o.future_fit = *fit;
      }
      dec.field = col("reason");
      d.decisions.push_back(std::move(dec));
    } else if (!trim(v["stage"]).empty() || !trim(v["outcome"]).empty() || !trim(v["reason"]).empty()) {
      return intake_.refuse(s, col("requisitionId"), "an outcome needs a requisition (id or title)");
    }
    if (flags_given) {
      Flags f;
      for (const std::string& item : split_lines(v["flags"], false)) {
        const std::string l = lower(item);
        if (l == "open to contract" || l == "contract") f.open_to_contract = true;
        else if (l == "open to part-time" || l == "part-time" || l == "open to part time") f.open_to_part_time = true;
        else if (l == "open to future roles" || l == "future roles") continue;  // the roles themselves are not in a CSV
        else if (l.rfind("do not contact", 0) == 0) {
          f.do_not_contact = true;
          std::string why = item.substr(std::string("do not contact").size());
          if (!why.empty() && why[0] == ':') why.erase(0, 1);
          f.do_not_contact_reason = trim(why);
          if (f.do_not_contact_reason.empty())
            return intake_.refuse(s, col("flags"), "\"Do not contact\" needs a reason: \"Do not contact: why\"");
        } else {
          return intake_.refuse(s, col("flags"),
                                "unknown flag \"" + item + "\" (Open to contract, Open to part-time, Open to future roles, Do not contact: why)");
        }
      }
      const std::string af = trim(v["availableFrom"]);
      if (!af.empty()) {
        auto date = parse_date(af);
        if (!date) return intake_.refuse(s, col("availableFrom"), "not a date (YYYY-MM-DD): \"" + af + "\"");
        f.available_from = date;
      }
      d.flags = f;
    }
    intake_.submit(s, std::move(d), [&](const std::string& p) {
      static const std::pair<std::string_view, std::string_view> kMap[] = {
          {"/name", "name"}, {"/emails", "email"}, {"/phones", "phone"}, {"/links", "links"},
          {"/location/country", "country"}, {"/location/city", "city"}, {"/location/region", "region"},
          {"/title", "title"}, {"/skills", "skills"}, {"/tags", "tags"}, {"/id", "candidateId"},
          {"/flags", "flags"}};
      for (const auto& [from, to] : kMap)
        if (p.rfind(from, 0) == 0) return col(std::string(to));
      return p;
    });
  }

  void drain() {
    std::vector<std::size_t> lines;
    std::vector<csv::Row> rows = reader_->take_rows(&lines);
    for (std::size_t i = 0; i < rows.size() && !stopped_; ++i) {
      if (!header_done_ && !header(rows[i], lines[i])) continue;
      if (stopped_) break;
      row(rows[i], lines[i]);
    }
  }

  const ImportOptions& options_;
  std::unique_ptr<csv::Reader> reader_;
  bool header_done_ = false;
  bool stopped_ = false;
  std::vector<std::string> columns_;  // field of each column
  std::vector<std::string> headers_;
};

}  // namespace

std::unique_ptr<FormatReader> make_csv_reader(const ImportOptions& options, Intake& intake) {
  return std::make_unique<CsvReader>(options, intake);
}

}  // namespace import
}  // namespace runnerup

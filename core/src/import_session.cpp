// The order of a streamed import's steps (runnerup/import_session.hpp).
#include "runnerup/import_session.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>

#include <algorithm>

#include "runnerup/options.hpp"
#include "runnerup/pool.hpp"

namespace runnerup {

namespace json = boost::json;

void tag_invoke(json::value_from_tag, json::value& jv, const ExportPlan& p) {
  json::array files;
  for (const PlannedFile& f : p.files)
    files.push_back(json::object{{"index", f.index}, {"name", f.name}, {"kind", f.kind}, {"subject", f.subject},
                                 {"reference", f.reference}});
  jv = json::object{{"format", to_string(p.format)}, {"files", std::move(files)}};
}

// An export between begin_export() and the end of the import.
struct ImportSession::Export {
  const Pool* pool = nullptr;
  std::optional<ImportFormat> format;  // nullopt: told from the files at plan()
  ImportOptions options;
  std::string actor;
  Instant at{};
  std::string id_base;
  std::vector<std::pair<std::string, std::string>> files;  // name, head
  std::optional<ExportPlan> plan;
  std::size_t references_read = 0, references = 0;
  std::size_t next = 0;        // the plan's position of the next document
  bool in_document = false;
};

ImportSession::ImportSession() = default;
ImportSession::~ImportSession() = default;

void ImportSession::abort() {
  proposal_.reset();
  export_.reset();
}

Status ImportSession::begin(const Pool& pool, std::string_view format, const boost::json::value& options,
                            std::string actor, Instant at, std::string id_base) {
  auto f = import_format_from(format);
  if (!f)
    return Error{ErrorCode::invalid_field, "/format",
                 "unknown import format \"" + std::string(format) + "\" (greenhouse, lever, csv or pool)"};
  auto decoded = decode_import_options(options);
  if (!decoded) return decoded.error();
  export_.reset();
  proposal_ = std::make_unique<ImportProposal>(pool, *f, std::move(decoded).value(), std::move(actor), at,
                                               std::move(id_base));
  return ok_status();
}

Result<ImportProposal*> ImportSession::feed(std::string_view chunk) {
  if (export_ && !export_->in_document)
    return Error{ErrorCode::conflict, "", "importFeed() of an export needs a document begun with importBeginDocument()"};
  if (!proposal_) return Error{ErrorCode::conflict, "", "importFeed() needs an import begun with importBegin()"};
  if (proposal_->finished())
    return Error{ErrorCode::conflict, "",
                 "importFeed() after importFinish(): that import has ended; begin another with importBegin()"};
  (void)proposal_->feed(chunk);  // a malformed document is in the report, not a refused step
  return proposal_.get();
}

Result<ImportProposal*> ImportSession::finish() {
  const bool failed = proposal_ && proposal_->report().error;
  if (export_ && !failed && (!export_->plan || export_->in_document || export_->next < export_->plan->files.size()))
    return Error{ErrorCode::conflict, "", "importFinish() of an export needs every document of its plan read"};
  if (!proposal_) return Error{ErrorCode::conflict, "", "importFinish() needs an import begun with importBegin()"};
  (void)proposal_->finish();
  return proposal_.get();
}

Result<bool> ImportSession::adopt_into(Pool& pool) {
  if (!proposal_ || !proposal_->finished())
    return Error{ErrorCode::conflict, "", "importAdopt() needs an import ended with importFinish()"};
  export_.reset();
  std::unique_ptr<ImportProposal> spent = std::move(proposal_);
  return std::move(*spent).adopt_into(pool);
}

Status ImportSession::begin_export(const Pool& pool, std::string_view format, const json::value& options,
                                   std::string actor, Instant at, std::string id_base) {
  auto e = std::make_unique<Export>();
  if (format != "auto") {
    e->format = import_format_from(format);
    if (!e->format || (*e->format != ImportFormat::greenhouse && *e->format != ImportFormat::lever))
      return Error{ErrorCode::invalid_field, "/format",
                   "an export of several files is \"greenhouse\", \"lever\" or \"auto\", not \"" +
                       std::string(format) + "\""};
  }
  auto decoded = decode_import_options(options);
  if (!decoded) return decoded.error();
  e->pool = &pool;
  e->options = std::move(decoded).value();
  e->actor = std::move(actor);
  e->at = at;
  e->id_base = std::move(id_base);
  proposal_.reset();
  export_ = std::move(e);
  return ok_status();
}

Status ImportSession::add_file(std::string_view name, std::string_view head) {
  if (!export_ || export_->plan)
    return Error{ErrorCode::conflict, "", "importAddFile() needs an export begun with importBeginExport() and not yet planned"};
  export_->files.emplace_back(std::string(name), std::string(head.substr(0, kHeadBytes)));
  return ok_status();
}

Result<ExportPlan> ImportSession::plan() {
  if (!export_ || export_->plan)
    return Error{ErrorCode::conflict, "", "importPlan() needs an export begun with importBeginExport() and not yet planned"};
  Export& e = *export_;
  if (e.files.empty()) return Error{ErrorCode::missing_field, "/files", "no file was given: nothing was imported"};
  if (!e.format) {
    for (const auto& [name, head] : e.files)
      if (auto f = detect_import_format(head); f == ImportFormat::greenhouse || f == ImportFormat::lever) {
        e.format = f;
        break;
      }
    if (!e.format)
      return Error{ErrorCode::invalid_field, "/format",
                   "none of these files looks like a Greenhouse export (candidates.json, applications.json) or a "
                   "Lever export (opportunities.json): choose the format; nothing was imported"};
  }
  ExportPlan plan;
  plan.format = *e.format;
  std::vector<PlannedFile> references, documents;
  bool has_reasons = e.options.references.count("archive_reasons") > 0;
  for (std::size_t i = 0; i < e.files.size(); ++i) {
    const auto& [name, head] = e.files[i];
    std::string why;
    auto c = classify_export_file(*e.format, name, head, &why);
    if (!c)
      return Error{ErrorCode::invalid_field, "/files/" + std::to_string(i),
                   why + ": remove it from the files and try again; nothing was imported"};
    PlannedFile f{i, name, c->kind, c->subject, c->reference};
    if (f.kind == "archive_reasons") has_reasons = true;
    (f.reference ? references : documents).push_back(std::move(f));
  }
  if (*e.format == ImportFormat::lever && !has_reasons)
    return Error{ErrorCode::missing_field, "/files/archive_reasons",
                 "this Lever export has no archive_reasons.json: without its archive reasons a hire cannot be told "
                 "from a rejection, so nothing was imported. Add archive_reasons.json (GET /archive_reasons) to the "
                 "files and try again"};
  if (documents.empty())
    return Error{ErrorCode::missing_field, "/files",
                 std::string("only reference documents were given: a ") + (*e.format == ImportFormat::greenhouse
                     ? "Greenhouse export needs its candidates.json or applications.json"
                     : "Lever export needs its opportunities.json") + "; nothing was imported"};
  const auto& order = document_kinds(*e.format);
  auto by_name = [](const PlannedFile& x, const PlannedFile& y) { return x.name < y.name; };
  std::stable_sort(references.begin(), references.end(), by_name);
  std::stable_sort(documents.begin(), documents.end(), by_name);
  std::stable_sort(documents.begin(), documents.end(), [&](const PlannedFile& x, const PlannedFile& y) {
    return std::find(order.begin(), order.end(), x.kind) < std::find(order.begin(), order.end(), y.kind);
  });
  const auto& reference_order = reference_kinds(*e.format);
  std::stable_sort(references.begin(), references.end(), [&](const PlannedFile& x, const PlannedFile& y) {
    return std::find(reference_order.begin(), reference_order.end(), x.kind) <
           std::find(reference_order.begin(), reference_order.end(), y.kind);
  });
  e.references = references.size();
  e.next = references.size();
  plan.files = std::move(references);
  plan.files.insert(plan.files.end(), documents.begin(), documents.end());
  e.files.clear();
  e.files.shrink_to_fit();
  e.plan = plan;
  return plan;
}

Status ImportSession::read_reference(std::size_t index, std::string_view text) {
  if (!export_ || !export_->plan) return Error{ErrorCode::conflict, "", "importReference() needs an export planned with importPlan()"};
  Export& e = *export_;
  auto f = std::find_if(e.plan->files.begin(), e.plan->files.end(), [&](const PlannedFile& p) { return p.index == index; });
  if (f == e.plan->files.end() || !f->reference)
    return Error{ErrorCode::conflict, "", "importReference(): file " + std::to_string(index) + " is not a reference document of the plan"};
  if (proposal_)
    return Error{ErrorCode::conflict, "", "importReference(): the references are read before the first document"};
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec)
    return Error{ErrorCode::malformed_json, "/files/" + std::to_string(index),
                 f->name + ": the " + f->kind + " document is not readable JSON (" + ec.message() + "); nothing was imported"};
  // Pages of one kind ("jobs-1.json", "jobs-2.json") are one list.
  auto list = [](json::value& x) -> json::array* {
    if (json::object* o = x.if_object())
      if (json::value* d = o->if_contains("data")) return d->if_array();
    return x.if_array();
  };
  json::value& into = e.options.references[f->kind];
  if (into.is_null()) into = std::move(v);
  else if (json::array* to = list(into); to && list(v))
    for (json::value& x : *list(v)) to->push_back(std::move(x));
  ++e.references_read;
  return ok_status();
}

Status ImportSession::begin_document(std::size_t index) {
  if (!export_ || !export_->plan) return Error{ErrorCode::conflict, "", "importBeginDocument() needs an export planned with importPlan()"};
  Export& e = *export_;
  if (e.in_document)
    return Error{ErrorCode::conflict, "", "importBeginDocument(): the document before was not ended with importEndDocument()"};
  if (e.references_read < e.references)
    return Error{ErrorCode::conflict, "", "importBeginDocument(): every reference document is read first (importReference())"};
  if (e.next >= e.plan->files.size() || e.plan->files[e.next].index != index)
    return Error{ErrorCode::conflict, "",
                 "importBeginDocument(): file " + std::to_string(index) + " is not the next document of the plan"};
  const PlannedFile& f = e.plan->files[e.next];
  if (!proposal_)
    proposal_ = std::make_unique<ImportProposal>(*e.pool, *e.format, std::move(e.options), e.actor, e.at, e.id_base);
  if (Status s = proposal_->begin_document(f.kind, f.subject); !s) return s;
  e.in_document = true;
  ++e.next;
  return ok_status();
}

Result<ImportProposal*> ImportSession::end_document() {
  if (!export_ || !export_->in_document || !proposal_)
    return Error{ErrorCode::conflict, "", "importEndDocument() needs a document begun with importBeginDocument()"};
  export_->in_document = false;
  (void)proposal_->finish();  // a malformed document is in the report
  return proposal_.get();
}

}  // namespace runnerup

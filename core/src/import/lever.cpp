// Lever: GET /v1/opportunities, with the archive reasons (GET /v1/archive_reasons) to read them by.
#include <boost/json/object.hpp>

#include <tuple>
#include <unordered_map>
#include <utility>

#include "import/reader.hpp"
#include "import/source.hpp"
#include "import/vocabulary.hpp"

namespace runnerup::import {

namespace json = boost::json;

namespace {

class LeverReader final : public JsonReader {
 public:
  LeverReader(const ImportOptions& options, Intake& intake)
      : JsonReader(intake, options.max_depth), options_(options) {
    auto given = options.references.find("archive_reasons");
    const json::value& lr = given != options.references.end() ? given->second : options.lever_archive_reasons;
    has_reasons_ = !lr.is_null();
    const json::array* list = lr.if_array();
    if (const json::object* o = lr.if_object())
      if (const json::value* d = o->if_contains("data")) list = d->if_array();
    if (list)
      for (const json::value& r : *list)
        if (const json::object* ro = r.if_object()) {
          Src s;
          std::string id = s.id(ro->if_contains("id"), "");
          if (!id.empty())
            reasons_[id] = {s.text(ro->if_contains("text"), ""), s.text(ro->if_contains("type"), "")};
        }
  }

 protected:
  bool knows_document(std::string_view kind) const override { return kind == "opportunities"; }
  bool wanted(const std::string& key) const override {
    return key.empty() || key == "data" || key == "opportunities";
  }
  void record(std::size_t s, const detail::JsonRecord& r, const std::string& path) override {
    if (!has_reasons_)
      return stop(Error{ErrorCode::missing_field, "archive_reasons",
                        "a Lever export needs its archive reasons (GET /archive_reasons, archive_reasons.json): "
                        "without them a hire cannot be told from a rejection, so nothing is imported"});
    opportunity(s, r.value, path);
  }
  void check_end() override { expect_lists("data", "opportunities"); }

 private:
  void opportunity(std::size_t s, const json::value& v, const std::string& path) {
    Src src;
    const json::object* o = src.object(&v, path);
    Draft d;
    Candidate& c = d.candidate;
    const std::string opp_id = src.text(at(o, "id"), path + "/id", true);
    std::string contact = src.text(at(o, "contact"), path + "/contact");
    c.id = options_.id_prefix + (contact.empty() ? opp_id : contact);
    intake_.report.records[s].id = opp_id;
    c.name = trim(src.text(at(o, "name"), path + "/name"));
    if (c.name.empty() && !src.problem) src.fail(path + "/name", "the opportunity has no name");
    c.title = src.text(at(o, "headline"), path + "/headline");
    c.location = location_from_text(src.text(at(o, "location"), path + "/location"));
    auto strings = [&](std::string_view key, std::vector<std::string>& into, bool links, bool objects) {
      const json::array* a = src.array(at(o, key), path + "/" + std::string(key));
      if (!a) return;
      for (std::size_t i = 0; i < a->size(); ++i) {
        const std::string p = path + "/" + std::string(key) + "/" + std::to_string(i);
        std::string value = objects ? src.text(at(src.object(&(*a)[i], p), "value"), p + "/value")
                                    : src.text(&(*a)[i], p);
        value = trim(value);
        if (links && !value.empty() && lower(value).rfind("http://", 0) != 0 &&
            lower(value).rfind("https://", 0) != 0) {
          d.left_out.push_back("link \"" + value.substr(0, 80) + "\" (only http and https links are kept)");
          continue;
        }
        add_unique(into, value, !links);
      }
    };
    strings("emails", c.emails, false, false);
    strings("phones", c.phones, false, true);
    strings("links", c.links, true, false);
    strings("tags", c.tags, false, false);
    if (const json::array* sources = src.array(at(o, "sources"), path + "/sources"); sources && !sources->empty())
      c.source = src.text(&(*sources)[0], path + "/sources/0");

    // Stage: an id, or {id, text} with expand=stage.
    std::string stage_text;
    if (const json::value* st = at(o, "stage"); st && st->is_object())
      stage_text = src.text(at(&st->as_object(), "text"), path + "/stage/text");
    else if (st && !st->is_null() && !st->is_string())
      src.fail(path + "/stage", "must be a stage id or a stage object");

    // Posting: from expanded applications, or a posting field.
    Decision dec;
    dec.field = path;
    if (const json::array* apps = src.array(at(o, "applications"), path + "/applications"); apps && !apps->empty()) {
      if (const json::object* a0 = (*apps)[0].if_object()) {
        const json::value* posting = at(a0, "posting");
        if (posting && posting->is_object()) {
          dec.requisition.id =
              options_.id_prefix + src.text(at(&posting->as_object(), "id"), path + "/applications/0/posting/id");
          dec.requisition.title = src.text(at(&posting->as_object(), "text"), path + "/applications/0/posting/text");
        } else {
          dec.requisition.id = options_.id_prefix + src.text(posting, path + "/applications/0/posting");
        }
      }
    }
    if (dec.requisition.id == options_.id_prefix) dec.requisition.id.clear();
    if (dec.requisition.id.empty()) {
      dec.requisition.id = options_.id_prefix + "lever-no-posting";
      dec.requisition.title = "Lever: no posting";
    }
    if (dec.requisition.title.empty()) dec.requisition.title = "Lever posting " + dec.requisition.id;

    const json::object* archived = src.object(at(o, "archived"), path + "/archived");
    if (src.problem) return intake_.refuse(s, src.problem->field, src.problem->reason);
    if (!archived) {
      d.left_out.push_back("opportunity " + opp_id + " is not archived (still in process)");
    } else {
      std::string reason_id, reason_text, reason_type;
      const json::value* rv = at(archived, "reason");
      if (rv && rv->is_object()) {
        reason_id = src.text(at(&rv->as_object(), "id"), path + "/archived/reason/id");
        reason_text = src.text(at(&rv->as_object(), "text"), path + "/archived/reason/text");
        reason_type = src.text(at(&rv->as_object(), "type"), path + "/archived/reason/type");
      } else {
        reason_id = src.text(rv, path + "/archived/reason");
        auto known = reasons_.find(reason_id);
        if (known != reasons_.end()) std::tie(reason_text, reason_type) = known->second;
      }
      auto decided = src.instant(at(archived, "archivedAt"), path + "/archived/archivedAt");
      if (src.problem) return intake_.refuse(s, src.problem->field, src.problem->reason);
      Outcome& out = dec.outcome;
      out.requisition_id = dec.requisition.id;
      out.stage = stage_from_name(stage_text);
      out.decided_at = decided.value_or(0);
      if (lower(reason_type) == "hired" || (reason_type.empty() && lower(trim(reason_text)) == "hired")) {
        out.outcome = OutcomeKind::hired;
        out.note = "Lever: hired";
      } else {
        MappedReason m = reason_text.empty() ? MappedReason{"other", "Lever archive reason " + reason_id, false}
                                             : reason_from_name(reason_text);
        out.reason = Reason{m.code, m.note};
        out.initiator = candidate_side_name(reason_text) ? Initiator::candidate_withdrew
                                                         : find_reason(m.code)->initiator;
        out.outcome = not_hired_kind(out.stage, out.initiator, m.code);
        out.note = "Lever: " + (reason_text.empty() ? "archive reason " + reason_id : reason_text);
      }
      d.decisions.push_back(std::move(dec));
    }
    intake_.submit(s, std::move(d), [&](const std::string& p) {
      static const std::pair<std::string_view, std::string_view> kMap[] = {
          {"/title", "/headline"}, {"/location", "/location"}, {"/source", "/sources"}, {"/id", "/contact"}};
      for (const auto& [from, to] : kMap)
        if (p.rfind(from, 0) == 0) return path + std::string(to);
      return path + p;
    });
  }

  const ImportOptions& options_;
  bool has_reasons_ = false;
  std::unordered_map<std::string, std::pair<std::string, std::string>> reasons_;  // id -> text, type
};

}  // namespace

std::unique_ptr<FormatReader> make_lever_reader(const ImportOptions& options, Intake& intake) {
  return std::make_unique<LeverReader>(options, intake);
}

}  // namespace runnerup::import

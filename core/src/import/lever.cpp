// Lever: GET /v1/opportunities and each opportunity's GET /v1/opportunities/{id}/notes, read
// with the export's archive reasons (required), postings and users.
#include <boost/json/object.hpp>

#include <tuple>
#include <unordered_map>
#include <utility>

#include "import/reader.hpp"
#include "import/source.hpp"
#include "import/vocabulary.hpp"
#include "json_read.hpp"

namespace runnerup::import {

namespace json = boost::json;

namespace {

const json::array* listed(const json::value& v) {
  if (const json::object* o = v.if_object())
    if (const json::value* d = o->if_contains("data")) return d->if_array();
  return v.if_array();
}

struct ArchiveReason {
  std::string text, type;
};
struct Posting {
  std::string title, code, department;
};

class LeverReader final : public JsonReader {
 public:
  LeverReader(const ImportOptions& options, Intake& intake)
      : JsonReader(intake, options.max_depth), options_(options) {
    Src s;
    auto given = options.references.find("archive_reasons");
    static const json::value none;
    const json::value& lr = given != options.references.end() ? given->second : none;
    has_reasons_ = !lr.is_null();
    if (const json::array* list = listed(lr))
      for (const json::value& r : *list) {
        const json::object* ro = r.if_object();
        const std::string id = s.id(at(ro, "id"), "");
        if (!id.empty()) reasons_[id] = {trim(s.text(at(ro, "text"), "")), lower(s.text(at(ro, "type"), ""))};
        s.problem.reset();
      }
    auto postings = options.references.find("postings");
    has_postings_ = postings != options.references.end();
    if (has_postings_)
      if (const json::array* list = listed(postings->second))
        for (const json::value& p : *list) {
          const json::object* po = p.if_object();
          const std::string id = s.id(at(po, "id"), "");
          Posting posting;
          posting.title = trim(s.text(at(po, "text"), ""));
          posting.code = trim(s.text(at(po, "reqCode"), ""));
          if (posting.code.empty())
            if (const json::array* codes = s.array(at(po, "requisitionCodes"), ""); codes && !codes->empty())
              posting.code = trim(s.text(&(*codes)[0], ""));
          posting.department = trim(s.text(at(s.object(at(po, "categories"), ""), "team"), ""));
          s.problem.reset();
          if (!id.empty()) postings_[options_.id_prefix + id] = std::move(posting);
        }
  }

 protected:
  bool knows_document(std::string_view kind) const override { return kind == "opportunities" || kind == "notes"; }
  bool wanted(const std::string& key) const override {
    if (kind_ == "notes") return !subject_.empty() ? (key.empty() || key == "data") : !key.empty();
    return key.empty() || key == "data" || key == "opportunities";
  }
  void record(std::size_t s, const detail::JsonRecord& r, const std::string& path) override {
    if (kind_ == "notes") return note(s, r.value, path, subject_.empty() ? r.key : subject_);
    if (!has_reasons_)
      return stop(Error{ErrorCode::missing_field, "archive_reasons",
                        "a Lever export needs its archive reasons (GET /archive_reasons, archive_reasons.json): "
                        "without them a hire cannot be told from a rejection, so nothing is imported"});
    opportunity(s, r.value, path);
  }
  void check_end() override {
    if (kind_ == "notes") return;
    expect_lists("data", "opportunities");
    if (!has_postings_ && !untitled_.empty())
      intake_.report.notes.push_back("postings.json was not given: " + std::to_string(untitled_.size()) +
                                     " requisitions are titled by their posting id (give GET /postings to name them)");
  }

 private:
  void requisition_of(Src& src, const json::object* o, const std::string& path, Draft& d, Requisition& r) {
    // The posting: from expanded applications ({"posting": id or {id, text}}).
    if (const json::array* apps = src.array(at(o, "applications"), path + "/applications"); apps && !apps->empty()) {
      if (const json::object* a0 = (*apps)[0].if_object()) {
        const json::value* posting = at(a0, "posting");
        if (posting && posting->is_object()) {
          r.id = src.text(at(&posting->as_object(), "id"), path + "/applications/0/posting/id");
          r.title = trim(src.text(at(&posting->as_object(), "text"), path + "/applications/0/posting/text"));
        } else {
          r.id = src.text(posting, path + "/applications/0/posting");
        }
      }
    }
    if (r.id.empty()) {
      r.id = options_.id_prefix + "lever-no-posting";
      r.title = "Lever: no posting";
      return;
    }
    r.id = options_.id_prefix + r.id;
    auto known = postings_.find(r.id);
    if (known != postings_.end()) {
      if (!known->second.title.empty()) r.title = known->second.title;
      r.code = known->second.code;
      r.department = known->second.department;
    } else if (has_postings_) {
      d.left_out.push_back("the posting " + r.id + " is not in postings.json (titled by its id)");
    }
    if (r.title.empty()) {
      r.title = "Lever posting " + r.id;
      untitled_.emplace(r.id, true);
    }
  }

  void opportunity(std::size_t s, const json::value& v, const std::string& path) {
    Src src;
    const json::object* o = src.object(&v, path);
    Draft d;
    Changes how{d.changed, d.left_out};
    Candidate& c = d.candidate;
    const std::string opp_id = src.text(at(o, "id"), path + "/id", true);
    const std::string contact = src.text(at(o, "contact"), path + "/contact");
    c.id = options_.id_prefix + (contact.empty() ? opp_id : contact);
    c.ats_ids.push_back(c.id);
    intake_.report.records[s].id = opp_id;
    if (src.boolean(at(o, "isAnonymized"), path + "/isAnonymized")) {
      ++intake_.report.anonymised;
      return intake_.refuse(s, path + "/isAnonymized", "anonymised in Lever: counted, never imported as a person");
    }
    const json::object* protection = src.object(at(o, "dataProtection"), path + "/dataProtection");
    const json::object* store = src.object(at(protection, "store"), path + "/dataProtection/store");
    const json::object* reach = src.object(at(protection, "contact"), path + "/dataProtection/contact");
    if (const json::value* allowed = at(store, "allowed"); allowed && allowed->is_bool() && !allowed->get_bool())
      return intake_.refuse(s, path + "/dataProtection/store/allowed",
                            "the candidate did not allow their data to be stored: not imported");
    if (const json::value* allowed = at(reach, "allowed"); allowed && allowed->is_bool() && !allowed->get_bool())
      d.ats_flags.do_not_contact_reason = "Lever: the candidate did not allow contact (dataProtection), imported from the ATS";
    c.name = kept_line(src, at(o, "name"), path + "/name", how, true);
    if (c.name.empty() && !src.problem) src.fail(path + "/name", "the opportunity has no name");
    c.title = kept_line(src, at(o, "headline"), path + "/headline", how);
    const std::string place = kept_line(src, at(o, "location"), path + "/location", how);
    c.location = location_from_text(place);
    if (place.find(',') != std::string::npos)
      d.changed.push_back("location \"" + place.substr(0, 80) + "\" read as city \"" + c.location.city + "\", region \"" +
                          c.location.region + "\", country \"" + c.location.country + "\"");
    c.confidential = src.text(at(o, "confidentiality"), path + "/confidentiality") == "confidential" ||
                     src.boolean(at(o, "confidential"), path + "/confidential");
    if (auto updated = src.instant(at(o, "updatedAt"), path + "/updatedAt")) c.ats_updated_at = *updated;
    auto strings = [&](std::string_view key, std::vector<std::string>& into, bool links, bool objects) {
      const json::array* a = src.array(at(o, key), path + "/" + std::string(key));
      if (!a) return;
      for (std::size_t i = 0; i < a->size(); ++i) {
        const std::string p = path + "/" + std::string(key) + "/" + std::to_string(i);
        const std::string value = objects ? kept_line(src, at(src.object(&(*a)[i], p), "value"), p + "/value", how)
                                          : kept_line(src, &(*a)[i], p, how);
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
    for (const std::string& t : c.tags) {
      const std::string l = lower(t);
      if (l == "open to contract") d.ats_flags.open_to_contract = true;
      if (l == "open to part-time" || l == "open to part time") d.ats_flags.open_to_part_time = true;
    }
    if (const json::array* sources = src.array(at(o, "sources"), path + "/sources"); sources && !sources->empty())
      c.source = kept_line(src, &(*sources)[0], path + "/sources/0", how);

    // Storage allowed until a date: Lever computes it from the candidate's consent and the
    // company's retention policy, so it is a hard limit on retention (Consent::store_until). With
    // a createdAt before it, it is also a consent to keep the data until then.
    const auto created = src.instant(at(o, "createdAt"), path + "/createdAt");
    if (const auto until = src.instant(at(store, "expiresAt"), path + "/dataProtection/store/expiresAt")) {
      Consent consent;
      if (created && *created < *until) {
        consent.basis = LegalBasis::consent;
        consent.given_at = *created;
        consent.expires_at = *until;
        consent.wording_version = "Lever dataProtection.store";
      } else {
        d.left_out.push_back(path + "/dataProtection/store/expiresAt as a consent (no createdAt before it to date the consent; kept as the storage limit)");
      }
      consent.store_until = *until;
      d.consent = consent;
    }
    if (const auto snoozed = src.instant(at(o, "snoozedUntil"), path + "/snoozedUntil")) {
      FollowUp f;
      f.due = date_of(*snoozed);
      f.note = "Snoozed in Lever until " + format_date(f.due);
      d.follow_ups.push_back(std::move(f));
    }

    // Stage: an id, or {id, text} with expand=stage.
    std::string stage_text;
    if (const json::value* st = at(o, "stage"); st && st->is_object())
      stage_text = kept_line(src, at(&st->as_object(), "text"), path + "/stage/text", how);
    else if (st && !st->is_null() && !st->is_string())
      src.fail(path + "/stage", "must be a stage id or a stage object");
    else if (st && st->is_string())
      d.left_out.push_back("the stage's name (" + path + "/stage is an id: export with expand=stage)");

    Decision dec;
    dec.field = path;
    requisition_of(src, o, path, d, dec.requisition);
    const json::object* archived = src.object(at(o, "archived"), path + "/archived");
    if (src.problem) return intake_.refuse(s, src.problem->field, src.problem->reason);
    if (!archived) {
      d.left_out.push_back("opportunity " + opp_id + " is not archived (still in process)");
    } else {
      std::string reason_id, reason_text, reason_type;
      const json::value* rv = at(archived, "reason");
      if (rv && rv->is_object()) {
        reason_id = src.text(at(&rv->as_object(), "id"), path + "/archived/reason/id");
        reason_text = trim(src.text(at(&rv->as_object(), "text"), path + "/archived/reason/text"));
        reason_type = lower(src.text(at(&rv->as_object(), "type"), path + "/archived/reason/type"));
      } else {
        reason_id = src.text(rv, path + "/archived/reason");
        auto known = reasons_.find(reason_id);
        if (known == reasons_.end() && !src.problem)
          return intake_.refuse(s, path + "/archived/reason",
                                "archive reason \"" + reason_id + "\" is not in the export's archive reasons: "
                                "hired or not cannot be told");
        if (known != reasons_.end()) std::tie(reason_text, reason_type) = std::pair(known->second.text, known->second.type);
      }
      auto decided = src.instant(at(archived, "archivedAt"), path + "/archived/archivedAt");
      if (src.problem) return intake_.refuse(s, src.problem->field, src.problem->reason);
      Outcome& out = dec.outcome;
      out.ats_id = options_.id_prefix + opp_id;
      out.requisition_id = dec.requisition.id;
      out.stage_name = stage_text;
      out.stage = stage_from_name(stage_text);
      out.decided_at = decided.value_or(0);
      out.initiator = Initiator::not_specified;  // Lever records no initiator
      if (reason_type == "hired") {
        out.outcome = OutcomeKind::hired;
        out.stage = Stage::offer;
      } else {
        const MappedReason m = reason_from_name(reason_text);
        out.reason.code = m.code;
        out.reason.text = reason_text;
        if (m.code == "other") out.reason.note = reason_text.empty() ? "No reason given in Lever" : reason_text;
        out.outcome = m.outcome.value_or(OutcomeKind::rejected);
        if (auto mapped = initiator_from_mapping(options_.initiator_by_reason, reason_text)) {
          out.initiator = *mapped;
          d.changed.push_back("initiator " + std::string(code_of(*mapped)) + " from your mapping of \"" + reason_text + "\"");
        }
      }
      d.decisions.push_back(std::move(dec));
    }
    intake_.submit(s, std::move(d), [&](const std::string& p) {
      static const std::pair<std::string_view, std::string_view> kMap[] = {
          {"/title", "/headline"}, {"/location", "/location"}, {"/source", "/sources"}, {"/id", "/contact"}};
      for (const auto& [from, to] : kMap)
        if (p.rfind(from, 0) == 0) return path + std::string(to) + p.substr(from.size());
      return path + p;
    });
  }

  // A note of an opportunity: kept with its outcome, exactly as written.
  void note(std::size_t s, const json::value& v, const std::string& path, const std::string& opportunity) {
    Src src;
    const json::object* o = src.object(&v, path);
    intake_.report.records[s].id = src.text(at(o, "id"), path + "/id");
    const std::string text = src.text(at(o, "text"), path + "/text");
    const bool secret = src.boolean(at(o, "secret"), path + "/secret");
    const json::value* deleted = at(o, "deletedAt");
    const json::array* fields = src.array(at(o, "fields"), path + "/fields");
    if (src.problem) return intake_.refuse(s, src.problem->field, src.problem->reason);
    if (secret) return intake_.refuse(s, path + "/secret", "a secret note in Lever: not imported");
    if (deleted && !deleted->is_null()) return intake_.refuse(s, path + "/deletedAt", "deleted in Lever: not imported");
    if (text.empty()) return intake_.refuse(s, path + "/text", "the note is empty");
    if (const std::string_view why = detail::text_problem(text, detail::Text::multiline); !why.empty())
      return intake_.refuse(s, path + "/text", "cannot be stored: " + std::string(why));
    const Outcome* outcome = intake_.outcome_by_ats_id(options_.id_prefix + opportunity);
    if (!outcome)
      return intake_.refuse(s, path, "opportunity " + opportunity + " has no outcome in this export or the pool "
                                      "(not archived, refused, or not given)");
    std::string how = "kept with the outcome on " + outcome->requisition_id;
    if (fields && !fields->empty()) how += "; not imported: the note's " + std::to_string(fields->size()) + " form fields";
    intake_.add_note(s, *outcome, text, path + "/text", how);
  }

  const ImportOptions& options_;
  bool has_reasons_ = false;
  bool has_postings_ = false;
  std::unordered_map<std::string, ArchiveReason> reasons_;  // by archive reason id
  std::unordered_map<std::string, Posting> postings_;       // by requisition id (prefixed posting id)
  std::unordered_map<std::string, bool> untitled_;          // requisitions titled by their id
};

}  // namespace

std::unique_ptr<FormatReader> make_lever_reader(const ImportOptions& options, Intake& intake) {
  return std::make_unique<LeverReader>(options, intake);
}

}  // namespace runnerup::import

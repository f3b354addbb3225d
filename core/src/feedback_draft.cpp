// draft_feedback() (runnerup/feedback_draft.hpp): the draft put together from the pool's records
// and the templates of its language (feedback_templates.cpp).
#include "runnerup/feedback_draft.hpp"

#include <algorithm>
#include <array>

#include <boost/json/value_from.hpp>

#include "feedback_templates.hpp"
#include "json_read.hpp"
#include "runnerup/pool.hpp"

namespace runnerup {

namespace json = boost::json;
using detail::DraftTemplates;
using detail::fill;

namespace {

// Countries whose people are written to in one of the draft's languages.
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kCountryLanguage = {{
    {"DE", "de"}, {"AT", "de"}, {"LI", "de"},
    {"GB", "en"}, {"IE", "en"}, {"US", "en"}, {"CA", "en"}, {"AU", "en"}, {"NZ", "en"},
}};

bool known_language(std::string_view language) {
  return std::find(std::begin(kDraftLanguages), std::end(kDraftLanguages), language) != std::end(kDraftLanguages);
}

// "de-AT" -> "de"; "" when the tag's language has no templates.
std::string_view language_of_locale(std::string_view locale) {
  std::string lang(locale.substr(0, locale.find_first_of("-_")));
  for (char& c : lang) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (std::string_view known : kDraftLanguages)
    if (known == lang) return known;
  return {};
}

// The person's latest decision that is not a hire ("" requisition: the latest of all).
const Outcome* decision_of(const State& s, const std::string& candidate_id) {
  const Outcome* latest = nullptr;
  for (auto it = s.outcomes.lower_bound({candidate_id, ""}); it != s.outcomes.end() && it->first.first == candidate_id; ++it)
    if (it->second.outcome != OutcomeKind::hired && (!latest || it->second.decided_at > latest->decided_at))
      latest = &it->second;
  return latest;
}

// The latest text of one kind (strengths or improvements) recorded as feedback on the requisition.
std::string latest_feedback_text(const State& s, const std::string& candidate_id, const std::string& requisition_id,
                                 std::string FeedbackGiven::*field) {
  auto it = s.feedback.find(candidate_id);
  if (it == s.feedback.end()) return {};
  const FeedbackGiven* best = nullptr;
  for (const FeedbackGiven& f : it->second)
    if (f.requisition_id == requisition_id && !(f.*field).empty() && (!best || f.given_at >= best->given_at)) best = &f;
  return best ? best->*field : std::string{};
}

// The recorded lines of a text, without bullet marks and blank lines.
std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    auto strip = [&line]() {
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t' || line.front() == '\r')) line.remove_prefix(1);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    };
    strip();
    for (std::string_view mark : {"- ", "* ", "• ", "– ", "-", "*", "•", "–"})
      if (line.substr(0, mark.size()) == mark) {
        line.remove_prefix(mark.size());
        break;
      }
    strip();
    if (!line.empty()) out.emplace_back(line);
  }
  return out;
}

// Keeps the items that mention no protected characteristic; records the others in `left_out`.
std::vector<std::string> screened(std::vector<std::string> items, std::string_view field, std::vector<LeftOut>& left_out) {
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (auto mention = find_protected_characteristic(items[i]))
      left_out.push_back(LeftOut{std::string(field), static_cast<int>(i + 1), items[i], std::move(*mention)});
    else
      kept.push_back(std::move(items[i]));
  }
  return kept;
}

std::string joined(const std::vector<std::string>& items, std::string_view and_word) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " " + std::string(and_word) + " " : ", ";
    out += items[i];
  }
  return out;
}

std::string spelled_date(const DraftTemplates& t, Date d) {
  int y = 0;
  unsigned m = 0, day = 0;
  civil_from_days(d, y, m, day);
  return fill(t.date, {{"day", std::to_string(day)}, {"month", t.months[m - 1]}, {"year", std::to_string(y)}});
}

// The person ended the process themselves (an unresponsive person did not decide anything).
bool own_decision(const Outcome& o) {
  if (o.reason.code == "unresponsive") return false;
  return o.outcome == OutcomeKind::withdrew || o.outcome == OutcomeKind::offer_declined ||
         o.initiator == Initiator::candidate_withdrew || o.reason.code == "accepted_other_offer" ||
         o.reason.code == "declined_offer" || o.reason.code == "not_interested";
}

// The draft's paragraphs, in order, each with the section it belongs to.
struct Paragraphs {
  std::vector<std::string_view> sections;
  std::vector<std::string> texts;
  void add(std::string_view section, std::string text) {
    if (sections.empty() || sections.back() != section) sections.push_back(section);
    texts.push_back(std::move(text));
  }
};

void add_list(Paragraphs& p, std::string_view section, std::string_view heading, const std::vector<std::string>& items) {
  if (items.empty()) return;
  std::string text(heading);
  for (const std::string& item : items) text += "\n- " + item;
  p.add(section, std::move(text));
}

}  // namespace

Result<FeedbackDraft> draft_feedback(const State& s, const FeedbackDraftRequest& request, Date today) {
  if (s.is_erased(request.candidate_id))
    return Error{ErrorCode::erased, "/candidateId", "this person's data was erased"};
  auto who = s.candidates.find(request.candidate_id);
  if (who == s.candidates.end())
    return Error{ErrorCode::not_found, "/candidateId", "no candidate with id \"" + request.candidate_id + "\" in this pool"};
  const Candidate& c = who->second;

  const Outcome* outcome = nullptr;
  if (!request.requisition_id.empty()) {
    auto o = s.outcomes.find({c.id, request.requisition_id});
    if (o == s.outcomes.end())
      return Error{ErrorCode::not_found, "/requisitionId",
                   "no decision about this person on requisition \"" + request.requisition_id + "\""};
    if (o->second.outcome == OutcomeKind::hired)
      return Error{ErrorCode::conflict, "/requisitionId", "this person was hired on that requisition: no feedback to draft"};
    outcome = &o->second;
  } else {
    outcome = decision_of(s, c.id);
  }

  FeedbackDraft d;
  d.candidate_id = c.id;
  d.requisition_id = outcome ? outcome->requisition_id : std::string{};
  if (!request.language.empty()) {
    if (!known_language(request.language))
      return Error{ErrorCode::invalid_field, "/language", "\"language\" must be en or de (got \"" + request.language + "\")"};
    d.language = request.language;
    d.language_from = "chosen";
  } else {
    for (const auto& [country, language] : kCountryLanguage)
      if (c.location.country == country) {
        d.language = std::string(language);
        d.language_from = "country";
      }
    if (d.language.empty()) {
      const std::string_view from_locale = language_of_locale(request.locale);
      d.language = std::string(from_locale.empty() ? "en" : from_locale);
      d.language_from = from_locale.empty() ? "default" : "locale";
    }
  }
  const DraftTemplates& t = *detail::templates_for(d.language);
  d.to = c.emails.empty() ? std::string{} : c.emails.front();
  d.blocked = s.outreach_blocked(c.id, today);

  const Requisition* requisition = nullptr;
  if (outcome)
    if (auto q = s.requisitions.find(outcome->requisition_id); q != s.requisitions.end()) requisition = &q->second;
  const std::string title = requisition ? requisition->title : std::string{};
  d.subject = title.empty() ? std::string(t.subject) : fill(t.subject_for, {{"title", title}});

  Paragraphs p;
  p.add("greeting", fill(t.greeting, {{"name", c.name}}));
  const bool theirs = outcome && own_decision(*outcome);
  std::string thanks = title.empty() ? std::string(t.thanks) : fill(t.thanks_for, {{"title", title}});
  if (outcome && !theirs && outcome->stage >= Stage::final_round)
    thanks += " " + std::string(outcome->stage == Stage::offer ? t.reached_offer : t.reached_final);
  p.add("thanks", std::move(thanks));

  if (outcome) {
    const ReasonInfo* info = find_reason(outcome->reason.code);
    if (theirs) {
      p.add("reason", std::string(t.own_decision));
    } else if (outcome->reason.code == "unresponsive") {
      d.reason_about_person = true;
      p.add("reason", std::string(t.unresponsive));
    } else if (info && !info->about_candidate) {
      const std::string_view said = detail::reason_sentence(d.language, info->code);
      p.add("reason", std::string(said.empty() ? t.decided : said) + " " + std::string(t.not_about_you));
    } else {
      d.reason_about_person = true;
      const std::string_view said = detail::reason_sentence(d.language, outcome->reason.code);
      p.add("reason", std::string(t.decided) + (said.empty() ? "" : " " + std::string(said)));
    }
  }

  const std::string req_id = d.requisition_id;
  add_list(p, "strengths", t.strengths,
           screened(lines_of(latest_feedback_text(s, c.id, req_id, &FeedbackGiven::strengths)), "strengths", d.left_out));
  add_list(p, "improvements", t.improvements,
           screened(lines_of(latest_feedback_text(s, c.id, req_id, &FeedbackGiven::improvements)), "improvements",
                    d.left_out));
  if (outcome) {
    const std::vector<std::string> gaps = screened(outcome->skill_gaps, "skillGaps", d.left_out);
    if (!gaps.empty()) p.add("skillGaps", fill(t.skill_gaps, {{"gaps", joined(gaps, t.and_word)}}));
  }

  const Flags* flags = s.flags_of(c.id);
  const bool may_contact = d.blocked.empty();
  if (flags && may_contact && (flags->open_to_contract || flags->open_to_part_time)) {
    const std::string_view kind = flags->open_to_contract && flags->open_to_part_time ? t.contract_or_part_time
                                  : flags->open_to_contract                          ? t.contract
                                                                                     : t.part_time;
    p.add("otherWork", flags->available_from && *flags->available_from > today
                           ? fill(t.other_work_from, {{"kind", kind}, {"date", spelled_date(t, *flags->available_from)}})
                           : fill(t.other_work, {{"kind", kind}}));
  }
  const std::vector<std::string> roles = screened(s.future_role_names(c.id), "futureRoles", d.left_out);
  const bool future_fit = outcome && (outcome->future_fit == FutureFit::strong || outcome->future_fit == FutureFit::qualified);
  if (may_contact && (!roles.empty() || future_fit))
    p.add("stayInTouch", roles.empty() ? std::string(t.stay_in_touch) : fill(t.stay_in_touch_for, {{"roles", joined(roles, t.and_word)}}));
  p.add("closing", std::string(t.closing) + "\n\n" + std::string(t.sign_off));

  for (std::size_t i = 0; i < p.texts.size(); ++i) {
    if (i > 0) d.body += "\n\n";
    d.body += p.texts[i];
  }
  d.body += "\n";
  d.sections = std::move(p.sections);
  return d;
}

void tag_invoke(json::value_from_tag, json::value& jv, const FeedbackDraft& d) {
  json::array sections;
  for (std::string_view s : d.sections) sections.emplace_back(s);
  json::array left_out;
  for (const LeftOut& x : d.left_out)
    left_out.push_back(json::object{{"field", x.field},
                                    {"item", x.item},
                                    {"text", x.text},
                                    {"characteristic", x.mention.characteristic},
                                    {"label", x.mention.label},
                                    {"term", x.mention.term}});
  json::array languages;
  for (std::string_view l : kDraftLanguages) languages.emplace_back(l);
  jv = json::object{{"candidateId", d.candidate_id},
                    {"requisitionId", d.requisition_id.empty() ? json::value(nullptr) : json::value(d.requisition_id)},
                    {"language", d.language},
                    {"languageFrom", d.language_from},
                    {"languages", std::move(languages)},
                    {"to", d.to.empty() ? json::value(nullptr) : json::value(d.to)},
                    {"subject", d.subject},
                    {"body", d.body},
                    {"sections", std::move(sections)},
                    {"reasonAboutPerson", d.reason_about_person},
                    {"blocked", d.blocked},
                    {"leftOut", std::move(left_out)}};
}

}  // namespace runnerup

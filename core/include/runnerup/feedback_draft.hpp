// A feedback message a recruiter can send someone who was not hired, drafted from what the pool
// recorded about them for a requisition: templates and the recorded facts, no network, no AI.
//
//   FeedbackDraftRequest ask;
//   ask.candidate_id = "c-2";
//   ask.requisition_id = "r-1";          // empty: the person's latest decision
//   ask.locale = "de-AT";                // the widget's language, when the person's is not known
//   Result<FeedbackDraft> d = draft_feedback(pool.state(), ask, today);
//   send(d.value().subject, d.value().body);   // after the recruiter has read and edited it
//   for (const LeftOut& x : d.value().left_out) tell_recruiter(x.field, x.characteristic);
//
// What the draft says, in this order, each part only when it has something to say (never an
// empty heading or a blank bullet):
//   - thanks, and the stage the person reached when it was the final round or the offer;
//   - the reason, in the taxonomy's words for the candidate: a reason that is not about the
//     person (internal candidate, another finalist's closer match, scope changed, on hold,
//     cancelled, timing) says so ("not about you or your abilities"); a reason about the person
//     never claims that; the person's own decision (withdrew, declined) is thanked for, not
//     explained; internal notes (the outcome's and the reason's) are never used;
//   - strengths and what to improve: the lines of the feedback recorded for that requisition
//     (the latest that has each), one bullet per line;
//   - the skill gaps recorded on the outcome, as something to build;
//   - contract or part-time work, only when the person is flagged open to it (with the date
//     they could start, when recorded);
//   - staying in touch, only when future roles are recorded or the future fit is strong or
//     qualified, and the person may be contacted (not do-not-contact, consent not withdrawn,
//     retention not ended);
//   - a closing.
// Nothing about a protected characteristic: every recorded text the draft would use (each line
// of strengths and improvements, each skill gap, each future role) that mentions age,
// gender or sex, pregnancy or parenthood, religion, ethnicity, race or national origin,
// disability or health, sexual orientation or marital status (English and German words) is left
// out, and `left_out` says which and why, so the widget can tell the recruiter.
//
// Language: `language` when given ("en" or "de": the recruiter's choice); else the person's
// country (DE, AT, LI: German; GB, IE, US, CA, AU, NZ: English); else the widget's `locale` when
// a template speaks it; else English. `language_from` says which.
#pragma once

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runnerup/error.hpp"
#include "runnerup/time.hpp"

namespace runnerup {

struct State;

// A protected characteristic a text mentions, and the words that gave it away.
struct ProtectedMention {
  std::string_view characteristic;  // "age", "gender", "pregnancy_parenthood", "religion",
                                    // "ethnicity_origin", "disability_health",
                                    // "sexual_orientation", "marital_status"
  std::string_view label;           // English, for a person: "age"
  std::string term;                 // the words of the text that matched, folded ("years old", "schwangerschaft")
};

// The first protected characteristic `text` mentions (English and German, whole words, case and
// accents ignored; "pregnan..." and "schwanger..." also as the start of a word), or none.
std::optional<ProtectedMention> find_protected_characteristic(std::string_view text);

// A recorded text the draft left out.
struct LeftOut {
  std::string field;  // "strengths", "improvements", "skillGaps" or "futureRoles"
  int item = 0;       // which line (strengths, improvements) or entry, from 1
  std::string text;   // the text left out, for the recruiter who wrote it
  ProtectedMention mention;
};

struct FeedbackDraftRequest {
  std::string candidate_id;
  std::string requisition_id;  // empty: the person's latest decision (or none)
  std::string language;        // "en", "de" or empty
  std::string locale;          // a BCP 47 tag ("de-AT"), the fallback for the language
};

struct FeedbackDraft {
  std::string candidate_id;
  std::string requisition_id;   // empty when the person has no decision recorded
  std::string language;         // "en" or "de"
  std::string_view language_from;  // "chosen", "country", "locale" or "default"
  std::string to;               // the person's first e-mail address ("" when none)
  std::string subject;
  std::string body;
  std::vector<std::string_view> sections;  // the parts the body holds, in order (above)
  bool reason_about_person = false;  // the reason is about the person (no "not about you")
  std::string blocked;  // why the person may not be contacted ("" when they may): nothing can be sent
  std::vector<LeftOut> left_out;
};

// The languages a draft can be written in.
inline constexpr std::string_view kDraftLanguages[] = {"en", "de"};

// Refused: an unknown or erased person (`not_found`, `erased`), a requisition they have no
// decision on (`not_found`), a hire (`conflict`: nothing to give feedback on), a language
// without templates (`invalid_field`, /language).
[[nodiscard]] Result<FeedbackDraft> draft_feedback(const State& state, const FeedbackDraftRequest& request, Date today);

// {"candidateId","requisitionId"|null,"language","languageFrom","languages":["en","de"],"to"|null,
//  "subject","body","sections":[...],"reasonAboutPerson","blocked","leftOut":[{"field","item","text",
//  "characteristic","label","term"}]}: the feedbackDraft query's answer (docs/BOUNDARY.md).
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const FeedbackDraft& d);

}  // namespace runnerup

// Private: the words of a feedback draft, one set per language (feedback_templates.cpp), filled
// in by draft_feedback() (feedback_draft.cpp). `{name}`-style placeholders are replaced by fill().
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace runnerup::detail {

struct DraftTemplates {
  std::string_view subject_for;   // {title}
  std::string_view subject;
  std::string_view greeting;      // {name}
  std::string_view thanks_for;    // {title}
  std::string_view thanks;
  std::string_view reached_final;
  std::string_view reached_offer;
  std::string_view own_decision;  // the person withdrew, declined or took another offer
  std::string_view decided;       // "we have decided not to move forward", before a reason about the person
  std::string_view not_about_you;
  std::string_view unresponsive;
  std::string_view strengths;     // the headings of the bullet lists
  std::string_view improvements;
  std::string_view skill_gaps;    // {gaps}
  std::string_view contract;      // the kinds of other work
  std::string_view part_time;
  std::string_view contract_or_part_time;
  std::string_view other_work;       // {kind}
  std::string_view other_work_from;  // {kind}, {date}
  std::string_view stay_in_touch;
  std::string_view stay_in_touch_for;  // {roles}
  std::string_view closing;
  std::string_view sign_off;
  std::string_view and_word;         // "a, b and c"
  std::string_view months[12];
  std::string_view date;             // {day}, {month}, {year}
};

// The reason's sentence for the candidate, by taxonomy code ("" when the code has none: the
// decision alone is said).
std::string_view reason_sentence(std::string_view language, std::string_view code);

// The templates of a language ("en" or "de"); null for any other.
const DraftTemplates* templates_for(std::string_view language);

// The text with each {key} replaced by its value.
std::string fill(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string_view>> values);

}  // namespace runnerup::detail

// The shipped vocabulary of the pipeline: stages, outcomes, initiators, future fit, employment
// types, requisition and opening statuses and the reasons a runner-up was not hired.
//
//   const ReasonInfo* r = find_reason("internal_candidate");
//   r->about_candidate == false;   // counts in the person's favour when ranking
//   find_reason("other")->note_required == true;
//
// Codes are stable snake_case strings; they are what crosses the wasm boundary and what files
// hold. Labels are English defaults; the widget's catalogue may translate them by code.
//
// Stages sort from earliest to latest, with `unknown` (the ATS did not say) before `applied`:
// an unknown stage satisfies no "reached at least" rule (`stage >= Stage::final_round` is false
// for it, and so is `stage >= Stage::applied`). `Initiator::not_specified` is what an ATS that
// did not say who ended the process records.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace runnerup {

enum class Stage : std::uint8_t { unknown, applied, screen, interview, final_round, offer };
enum class OutcomeKind : std::uint8_t { hired, runner_up, rejected, withdrew, offer_declined };
enum class Initiator : std::uint8_t { we_decided, candidate_withdrew, circumstances, not_specified };
enum class FutureFit : std::uint8_t { unknown, strong, qualified, not_a_fit };
enum class EmploymentType : std::uint8_t { full_time, part_time, contract, temporary };
enum class RequisitionStatus : std::uint8_t { open, filled, on_hold, cancelled };
enum class OpeningStatus : std::uint8_t { open, filled, closed };
enum class Channel : std::uint8_t;
enum class Direction : std::uint8_t;
enum class Score : std::uint8_t;
enum class CadenceUnit : std::uint8_t;
enum class FollowUpStatus : std::uint8_t;
enum class BackOutReason : std::uint8_t;
enum class LegalBasis : std::uint8_t;

struct CodeLabel {
  std::string_view code;
  std::string_view label;
};

// Code/label tables, in their natural order (stages from earliest to latest).
template <class E>
struct Vocabulary;
template <> struct Vocabulary<Stage> { static const std::array<CodeLabel, 6> items; };
template <> struct Vocabulary<OutcomeKind> { static const std::array<CodeLabel, 5> items; };
template <> struct Vocabulary<Initiator> { static const std::array<CodeLabel, 4> items; };
template <> struct Vocabulary<FutureFit> { static const std::array<CodeLabel, 4> items; };
template <> struct Vocabulary<EmploymentType> { static const std::array<CodeLabel, 4> items; };
template <> struct Vocabulary<RequisitionStatus> { static const std::array<CodeLabel, 4> items; };
template <> struct Vocabulary<OpeningStatus> { static const std::array<CodeLabel, 3> items; };
template <> struct Vocabulary<Channel> { static const std::array<CodeLabel, 6> items; };
template <> struct Vocabulary<Direction> { static const std::array<CodeLabel, 2> items; };
template <> struct Vocabulary<Score> { static const std::array<CodeLabel, 5> items; };
template <> struct Vocabulary<CadenceUnit> { static const std::array<CodeLabel, 2> items; };
template <> struct Vocabulary<FollowUpStatus> { static const std::array<CodeLabel, 4> items; };
template <> struct Vocabulary<BackOutReason> { static const std::array<CodeLabel, 3> items; };
template <> struct Vocabulary<LegalBasis> { static const std::array<CodeLabel, 2> items; };

template <class E>
std::string_view code_of(E e) {
  return Vocabulary<E>::items[static_cast<std::size_t>(e)].code;
}

template <class E>
std::optional<E> from_code(std::string_view code) {
  const auto& items = Vocabulary<E>::items;
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].code == code) return static_cast<E>(i);
  return std::nullopt;
}

// How far along the pipeline a stage is, for ranking: 0 at applied to 1 at offer; an unknown
// stage counts as nothing reached.
constexpr double stage_progress(Stage s) {
  return s == Stage::unknown ? 0.0 : (static_cast<int>(s) - static_cast<int>(Stage::applied)) / 4.0;
}

struct ReasonInfo {
  std::string_view code;
  std::string_view label;
  Initiator initiator;   // the usual initiator, used when a recruiter gives none
  bool about_candidate;  // false: the reason says nothing against the person
  bool note_required;    // "other" must say what happened
};

const std::vector<ReasonInfo>& reasons();
const ReasonInfo* find_reason(std::string_view code);

}  // namespace runnerup

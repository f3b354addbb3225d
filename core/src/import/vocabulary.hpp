// Private to the importers: the ATSs' words mapped to the pool's codes (stage names, reason
// names, country names), shared by the Greenhouse, Lever and CSV readers.
//
//   stage_from_name("Onsite Interview") == Stage::final_round
//   reason_from_name("Hired another candidate").code == "stronger_candidate"
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "import/source.hpp"
#include "runnerup/records.hpp"
#include "runnerup/taxonomy.hpp"

namespace runnerup::import {

// The stage reached, from an ATS stage name.
Stage stage_from_name(std::string_view name);

struct MappedReason {
  std::string code;
  std::string note;
  bool mapped = false;
};

// A reason code from an ATS reason name (Greenhouse rejection reasons, Lever archive reasons).
MappedReason reason_from_name(std::string_view name);

// Whether a reason name says the candidate ended the process.
bool candidate_side_name(std::string_view name);

// The outcome of a decision that was not a hire.
OutcomeKind not_hired_kind(Stage stage, Initiator initiator, const std::string& code);

// An ISO 3166-1 alpha-2 code from a code or an English name; "" when it names none.
std::string country_code(std::string_view name);

// "City, Region, Country": the last part becomes the country code when it names one.
Location location_from_text(std::string_view text);

// A vocabulary item by its code or its label, ignoring case.
template <class E>
std::optional<E> code_or_label(const std::string& text) {
  const std::string t = lower(trim(text));
  for (std::size_t i = 0; i < Vocabulary<E>::items.size(); ++i)
    if (lower(Vocabulary<E>::items[i].code) == t || lower(Vocabulary<E>::items[i].label) == t)
      return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace runnerup::import

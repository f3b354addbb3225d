// Private to the importers: the ATSs' words mapped to the pool's codes (stage names, reason
// names, country names), shared by the Greenhouse, Lever and CSV readers.
//
//   stage_from_name("Onsite Interview") == Stage::final_round
//   reason_from_name("Hired another candidate").code == "stronger_candidate"
#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "import/source.hpp"
#include "runnerup/records.hpp"
#include "runnerup/taxonomy.hpp"

namespace runnerup::import {

// The stage bucket of an ATS stage name, for ordering ("Face to Face" and "Case Study" are
// interviews); Stage::unknown when the name is empty or says nothing this table knows. The
// name itself is kept verbatim beside it (Outcome::stage_name).
Stage stage_from_name(std::string_view name);

struct MappedReason {
  std::string code;  // "other" when unmapped
  bool mapped = false;
  // The outcome the reason's words name ("+1 - Strong runner-up": runner_up; "Withdrew -
  // relocation": withdrew; "Offer declined": offer_declined); nullopt: they name none.
  std::optional<OutcomeKind> outcome;
};

// A reason code from an ATS reason name (Greenhouse rejection reasons, Lever archive reasons).
MappedReason reason_from_name(std::string_view name);

// The initiator the recruiter's own mapping gives a reason text (ImportOptions::
// initiator_by_reason, compared ignoring case and spaces at the ends); nullopt when it has none.
std::optional<Initiator> initiator_from_mapping(const boost::json::object& mapping, std::string_view reason_text);

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

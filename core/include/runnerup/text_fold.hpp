// Text folding for search: one spelling of a text to compare, whatever its case and accents.
//
//   fold_text("José Müller-García")            // "jose muller-garcia"
//   search_tokens("Müller-García, Go/SQL 🚀")   // {"muller", "garcia", "go", "sql"}
//
// Folding lower-cases, removes diacritics and combining marks, and maps full-width forms and
// ligatures to their plain letters (a table generated from Unicode data); other scripts are kept
// as they are. Invalid UTF-8 never fails: each stray byte becomes U+FFFD.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace runnerup {

// Lower case, without diacritics, for search: "José Müller-García" -> "jose muller-garcia".
std::string fold_text(std::string_view utf8);
// The search tokens of a text: runs of letters and digits after folding; each CJK ideograph,
// kana or hangul syllable is a token of its own.
std::vector<std::string> search_tokens(std::string_view utf8);

}  // namespace runnerup

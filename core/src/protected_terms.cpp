// find_protected_characteristic() (runnerup/feedback_draft.hpp): the words, in English and German,
// that mention a protected characteristic, matched on a text's search tokens (folded: lower case,
// no accents, "ß" as "ss"; runnerup/text_fold.hpp).
//
// A term is one or more words; a last word ending in '*' also matches as the start of a word
// ("schwanger*": "Schwangerschaft"). The lists lean towards caution: a recruiter told that a line
// was left out can put it back in the draft by hand, whereas a line about someone's age that
// reaches a candidate cannot be taken back. Words that are common in other senses in either
// language are left out or only matched in a phrase ("kind" is German for child and English for
// kind; "Frau" is a German form of address; "alt" also means old code).
#include "runnerup/feedback_draft.hpp"

#include <string>
#include <vector>

#include "runnerup/text_fold.hpp"

namespace runnerup {

namespace {

struct TermList {
  std::string_view characteristic;
  std::string_view label;
  std::vector<std::string_view> terms;
};

const std::vector<TermList>& term_lists() {
  static const std::vector<TermList> kLists = {
      {"age", "age",
       {"age", "aged", "years old", "year old", "too old", "old age", "young", "younger", "youngest", "older",
        "elderly", "retire*", "pension*", "millennial*", "boomer*", "gen z", "date of birth", "born in", "birth year",
        // German
        "alter", "alters*", "jahre alt", "zu alt", "zu jung", "jung", "junge", "jungen", "junger", "junges",
        "rente", "rentner*", "ruhestand", "geburtsjahr*", "geburtsdatum", "jahrgang"}},
      {"gender", "gender or sex",
       {"gender*", "sex", "male", "female", "woman", "women", "man", "men", "girl", "girls", "boy", "boys", "lady",
        "ladies", "transgender", "trans", "non binary", "nonbinary",
        // German
        "geschlecht*", "frauen", "manner", "mannlich*", "weiblich*", "madchen", "nichtbinar*"}},
      {"pregnancy_parenthood", "pregnancy or parenthood",
       {"pregnan*", "maternity", "paternity", "parental leave", "baby", "babies", "child", "children", "childcare",
        "kid", "kids", "mother*", "mom", "mum", "father*", "dad", "parent", "parents", "parenthood", "family planning",
        // German
        "schwanger*", "mutterschutz", "mutterschaft", "elternzeit", "eltern*", "kinder*", "kita", "mutter", "vater",
        "familienplanung", "stillzeit"}},
      {"religion", "religion or belief",
       {"religio*", "church*", "mosque*", "synagogue*", "temple", "muslim*", "islam*", "christian*", "catholic*",
        "protestant*", "jewish", "jew", "jews", "judaism", "hindu*", "buddhis*", "sikh*", "atheis*", "prayer*",
        "pray", "praying", "ramadan", "hijab", "headscarf", "head scarf", "kippah", "turban", "sabbath",
        // German
        "kirche*", "kirchlich*", "moschee*", "synagoge*", "jude", "juden", "judisch*", "christlich*",
        "katholisch*", "evangelisch*", "gebet*", "beten", "kopftuch*"}},
      {"ethnicity_origin", "ethnicity, race or national origin",
       {"race", "races", "racial*", "ethnic*", "skin colour", "skin color", "nationality", "nationalities",
        "national origin", "immigrant*", "immigration", "foreigner*", "accent", "native speaker*", "non native",
        "mother tongue", "asian", "african", "hispanic", "latino", "latina", "arab*", "caucasian", "gypsy",
        // German
        "rasse", "rassisch*", "ethnisch*", "herkunft", "hautfarbe", "nationalitat*", "staatsangehorigkeit",
        "auslander*", "auslandisch*", "migrationshintergrund", "migrant*", "akzent", "muttersprach*"}},
      {"disability_health", "disability or health",
       {"disab*", "handicap*", "wheelchair*", "ill", "illness*", "sick*", "health", "mental health", "medical*",
        "diagnos*", "cancer", "depress*", "anxiety", "anxious", "autis*", "adhd", "dyslexi*", "blind", "deaf*",
        "chronic*", "therap*", "medication*", "injur*", "surgery", "burnout", "burn out", "burned out", "burnt out",
        // German
        "behinder*", "schwerbehinder*", "rollstuhl*", "krank*", "gesundheit*", "diagnose*", "depression*",
        "therapie*", "legasthen*", "chronisch*", "gehorlos*", "taub"}},
      {"sexual_orientation", "sexual orientation",
       {"gay", "lesbian*", "bisexual*", "homosexual*", "heterosexual*", "queer", "lgbt*", "sexual orientation",
        "sexuality",
        // German
        "schwul*", "lesbisch*", "bisexuell*", "homosexuell*", "heterosexuell*", "sexuelle orientierung",
        "sexuelle identitat"}},
      {"marital_status", "marital status",
       {"married", "marriage", "marital", "divorce*", "widow*", "spouse*", "husband*", "wife", "wives", "fiance*",
        // German
        "verheiratet", "ehe", "ehefrau", "ehemann", "ehepartner*", "heirat*", "hochzeit*", "geschieden", "verwitwet",
        "ledig", "familienstand", "verlobt*"}},
  };
  return kLists;
}

// How many tokens from `at` the term's words match (0: it does not match there).
std::size_t matches_at(std::string_view term, const std::vector<std::string>& tokens, std::size_t at) {
  std::size_t k = at;
  while (!term.empty()) {
    const std::size_t space = term.find(' ');
    std::string_view word = term.substr(0, space);
    term = space == std::string_view::npos ? std::string_view{} : term.substr(space + 1);
    if (k >= tokens.size()) return 0;
    const std::string& token = tokens[k++];
    if (!word.empty() && word.back() == '*') {
      word.remove_suffix(1);
      if (std::string_view(token).substr(0, word.size()) != word) return 0;
    } else if (token != word) {
      return 0;
    }
  }
  return k - at;
}

}  // namespace

std::optional<ProtectedMention> find_protected_characteristic(std::string_view text) {
  const std::vector<std::string> tokens = search_tokens(text);
  for (std::size_t at = 0; at < tokens.size(); ++at)
    for (const TermList& list : term_lists())
      for (std::string_view term : list.terms)
        if (const std::size_t n = matches_at(term, tokens, at)) {
          std::string words = tokens[at];
          for (std::size_t k = at + 1; k < at + n; ++k) words += " " + tokens[k];
          return ProtectedMention{list.characteristic, list.label, std::move(words)};
        }
  return std::nullopt;
}

}  // namespace runnerup

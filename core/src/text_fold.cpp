#include "runnerup/text_fold.hpp"

#include <algorithm>
#include <iterator>

#include "text_fold_impl.hpp"

namespace runnerup {

namespace detail {

namespace {

struct FoldEntry {
  char32_t cp;
  const char* folded;
};
constexpr FoldEntry kFold[] = {
#include "fold_table.inc"
};

}  // namespace

const char* folded_form(char32_t cp) {
  auto it = std::lower_bound(std::begin(kFold), std::end(kFold), cp,
                             [](const FoldEntry& e, char32_t c) { return e.cp < c; });
  return it != std::end(kFold) && it->cp == cp ? it->folded : nullptr;
}

char* fold_to(std::string_view s, char* w) {
  auto p = reinterpret_cast<const unsigned char*>(s.data());
  const auto end = p + s.size();
  while (p < end) {
    if (*p < 0x80) {
      const unsigned char c = *p++;
      *w++ = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      continue;
    }
    const char32_t cp = decode_lenient(p, end);
    if (is_combining(cp)) continue;
    if (const char* const folded = folded_form(cp)) {
      for (const char* f = folded; *f; ++f) *w++ = *f;
    } else {
      w = put_utf8(w, cp);
    }
  }
  return w;
}

void fold_into(std::string_view s, std::string& out) {
  const std::size_t base = out.size();
  out.resize(base + s.size() * 3);
  char* const begin = &out[0];
  out.resize(static_cast<std::size_t>(fold_to(s, begin + base) - begin));
}

}  // namespace detail

std::string fold_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  detail::fold_into(s, out);
  return out;
}

std::vector<std::string> search_tokens(std::string_view utf8) {
  std::vector<std::string> out;
  std::string scratch;
  detail::for_each_token(utf8, scratch, [&](std::string_view t, std::uint32_t) { out.emplace_back(t); });
  return out;
}

}  // namespace runnerup

#include "import/source.hpp"

#include <cctype>

#include "json_read.hpp"

namespace runnerup::import {

namespace json = boost::json;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

void add_unique(std::vector<std::string>& to, const std::string& item, bool ignore_case) {
  if (item.empty()) return;
  for (const std::string& x : to)
    if (ignore_case ? lower(x) == lower(item) : x == item) return;
  to.push_back(item);
}

void Src::fail(std::string field, std::string reason) {
  if (!problem) problem = Problem{std::move(field), std::move(reason)};
}

const json::object* Src::object(const json::value* v, const std::string& path, bool required) {
  if (!v || v->is_null()) {
    if (required) fail(path, "is required");
    return nullptr;
  }
  if (!v->is_object()) fail(path, "must be an object");
  return v->if_object();
}

const json::array* Src::array(const json::value* v, const std::string& path) {
  if (!v || v->is_null()) return nullptr;
  if (!v->is_array()) fail(path, "must be a list");
  return v->if_array();
}

std::string Src::text(const json::value* v, const std::string& path, bool required) {
  if (!v || v->is_null()) {
    if (required) fail(path, "is required");
    return "";
  }
  if (const json::string* s = v->if_string()) return std::string(s->data(), s->size());
  fail(path, "must be a string");
  return "";
}

std::string Src::id(const json::value* v, const std::string& path, bool required) {
  if (v && v->is_int64()) return std::to_string(v->get_int64());
  if (v && v->is_uint64()) return std::to_string(v->get_uint64());
  return text(v, path, required);
}

bool Src::boolean(const json::value* v, const std::string& path) {
  if (!v || v->is_null()) return false;
  if (!v->is_bool()) fail(path, "must be true or false");
  return v->is_bool() && v->get_bool();
}

std::optional<Instant> Src::instant(const json::value* v, const std::string& path) {
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_int64() || v->is_uint64()) {  // Lever: milliseconds since the epoch
    const long long ms = v->is_int64() ? v->get_int64() : static_cast<long long>(v->get_uint64());
    if (ms < 0 || ms > 253'402'300'799'000LL) fail(path, "is not a time");
    return ms;
  }
  const std::string t = text(v, path);
  if (problem) return std::nullopt;
  auto i = parse_instant(t);
  if (!i) fail(path, "is not an ISO 8601 time (got \"" + t.substr(0, 40) + "\")");
  return i;
}

namespace {

std::string problem_of(std::string_view text, detail::Text kind) {
  if (text.find('\0') != std::string_view::npos) return "holds a NUL or a lone UTF-16 surrogate";
  std::string why(detail::text_problem(text, kind));
  if (why.empty() && kind == detail::Text::line && text.size() > detail::kMaxLine)
    why = "longer than " + std::to_string(detail::kMaxLine) + " bytes";
  return why;
}

}  // namespace

std::string kept_line(Src& src, const json::value* v, const std::string& path, Changes how, bool required) {
  const std::string raw = src.text(v, path, required);
  if (src.problem) return "";
  std::string t = trim(raw);
  if (t != raw && !t.empty()) how.changed.push_back("spaces at the ends of " + path + " removed");
  if (const std::string why = problem_of(t, detail::Text::line); !why.empty()) {
    if (required) src.fail(path, "cannot be stored: " + why);
    else how.left_out.push_back(path + " (" + why + ")");
    return "";
  }
  return t;
}

std::string kept_text(Src& src, const json::value* v, const std::string& path, Changes how) {
  const std::string raw = src.text(v, path);
  if (src.problem) return "";
  if (const std::string why = problem_of(raw, detail::Text::multiline); !why.empty()) {
    how.left_out.push_back(path + " (" + why + ")");
    return "";
  }
  return raw;
}

}  // namespace runnerup::import

#include "json_read.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace runnerup::detail {

void Decoder::fail(ErrorCode code, std::string path, std::string message) {
  if (!error_) error_ = Error{code, std::move(path), std::move(message)};
}

boost::json::array string_array(const std::vector<std::string>& v) {
  boost::json::array a;
  a.reserve(v.size());
  for (const std::string& s : v) a.emplace_back(s);
  return a;
}

std::string pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string_view text_problem(std::string_view s, Text kind) {
  auto problem_at = [&](std::size_t i) -> std::string_view {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) {
      if (kind == Text::multiline && (c == '\n' || c == '\t' || c == '\r')) return {};
      return "contains a control character";
    }
    // U+202A..U+202E (embeddings, overrides) and U+2066..U+2069 (isolates) are E2 80 AA..AE and
    // E2 81 A6..A9 in UTF-8: they can reorder what a recruiter sees around the text.
    if (c == 0xE2 && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
      if ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9))
        return "contains a bidirectional override character";
    }
    return {};
  };
  // Eight bytes at a time: only a chunk holding a byte below 0x20, 0x7F or 0xE2 (the first byte
  // of the bidirectional controls) is looked at byte by byte. A note of hundreds of bytes is
  // mostly checked a word at a time.
  constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has_zero_byte = [](std::uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    // (b & 0xE0) == 0 exactly when b < 0x20
    if (!has_zero_byte(x & (0xE0 * kOnes)) && !has_zero_byte(x ^ (0x7F * kOnes)) && !has_zero_byte(x ^ (0xE2 * kOnes)))
      continue;
    for (std::size_t j = i; j < i + 8; ++j)
      if (std::string_view why = problem_at(j); !why.empty()) return why;
  }
  for (; i < s.size(); ++i)
    if (std::string_view why = problem_at(i); !why.empty()) return why;
  return {};
}

ObjectReader::ObjectReader(Decoder& d, const boost::json::value& v, std::string path,
                           std::string_view what)
    : d_(d), path_(std::move(path)) {
  if (d_.failed()) return;
  obj_ = v.if_object();
  if (!obj_) d_.fail(ErrorCode::invalid_field, path_, std::string(what) + " must be a JSON object");
}

const boost::json::value* ObjectReader::get(std::string_view key) {
  if (!ok()) return nullptr;
  const auto it = obj_->find(key);
  if (it == obj_->end()) return nullptr;
  const auto at = static_cast<std::size_t>(it - obj_->begin());
  if (at < 64) read_mask_ |= std::uint64_t{1} << at;
  else read_more_.push_back(at);
  return it->value().is_null() ? nullptr : &it->value();
}

std::string ObjectReader::text(std::string_view key, Need need, Text kind, std::size_t max) {
  const boost::json::value* v = get(key);
  if (!ok()) return {};
  if (!v) {
    if (need == Need::required)
      d_.fail(ErrorCode::missing_field, path_of(key), "\"" + std::string(key) + "\" is required");
    return {};
  }
  const boost::json::string* s = v->if_string();
  if (!s) {
    d_.fail(ErrorCode::invalid_field, path_of(key), "\"" + std::string(key) + "\" must be a string");
    return {};
  }
  if (s->size() > max) {
    d_.fail(ErrorCode::invalid_field, path_of(key),
            "\"" + std::string(key) + "\" is too long (" + std::to_string(s->size()) +
                " bytes; at most " + std::to_string(max) + ")");
    return {};
  }
  if (std::string_view why = text_problem(*s, kind); !why.empty()) {
    d_.fail(ErrorCode::invalid_field, path_of(key), "\"" + std::string(key) + "\" " + std::string(why));
    return {};
  }
  if (need == Need::required && std::all_of(s->begin(), s->end(), [](char c) { return c == ' '; })) {
    d_.fail(ErrorCode::missing_field, path_of(key), "\"" + std::string(key) + "\" must not be empty");
    return {};
  }
  return std::string(*s);
}

std::vector<std::string> ObjectReader::texts(std::string_view key, std::size_t max_len, std::size_t max_items) {
  std::vector<std::string> out;
  const boost::json::value* v = get(key);
  if (!ok() || !v) return out;
  const boost::json::array* a = v->if_array();
  if (!a) {
    d_.fail(ErrorCode::invalid_field, path_of(key),
            "\"" + std::string(key) + "\" must be a list of strings");
    return out;
  }
  if (a->size() > max_items) {
    d_.fail(ErrorCode::invalid_field, path_of(key),
            "\"" + std::string(key) + "\" has too many entries (at most " +
                std::to_string(max_items) + ")");
    return out;
  }
  for (std::size_t i = 0; i < a->size(); ++i) {
    auto at = [&] { return path_of(key) + "/" + std::to_string(i); };
    const boost::json::string* s = (*a)[i].if_string();
    if (!s) {
      d_.fail(ErrorCode::invalid_field, at(), "\"" + std::string(key) + "\" must hold only strings");
      return out;
    }
    if (s->size() > max_len) {
      d_.fail(ErrorCode::invalid_field, at(), "an entry of \"" + std::string(key) + "\" is too long");
      return out;
    }
    if (std::string_view why = text_problem(*s, Text::line); !why.empty()) {
      d_.fail(ErrorCode::invalid_field, at(),
              "an entry of \"" + std::string(key) + "\" " + std::string(why));
      return out;
    }
    out.emplace_back(*s);
  }
  return out;
}

long long ObjectReader::integer(std::string_view key, Need need, long long min, long long max,
                                long long fallback) {
  const boost::json::value* v = get(key);
  if (!ok()) return fallback;
  if (!v) {
    if (need == Need::required)
      d_.fail(ErrorCode::missing_field, path_of(key), "\"" + std::string(key) + "\" is required");
    return fallback;
  }
  long long n = 0;
  if (v->is_int64()) n = v->get_int64();
  else if (v->is_uint64() && v->get_uint64() <= 0x7fffffffffffffffULL) n = static_cast<long long>(v->get_uint64());
  else if (v->is_double() && std::isfinite(v->get_double()) && v->get_double() >= -9e15 &&
           v->get_double() <= 9e15 && v->get_double() == std::floor(v->get_double()))
    n = static_cast<long long>(v->get_double());  // 3.0 is a whole number; the range is checked first
  else {
    d_.fail(ErrorCode::invalid_field, path_of(key),
            "\"" + std::string(key) + "\" must be a whole number");
    return fallback;
  }
  if (n < min || n > max) {
    d_.fail(ErrorCode::invalid_field, path_of(key),
            "\"" + std::string(key) + "\" must be from " + std::to_string(min) + " to " +
                std::to_string(max) + " (got " + std::to_string(n) + ")");
    return fallback;
  }
  return n;
}

Instant ObjectReader::instant(std::string_view key, Need need) {
  std::string s = text(key, need);
  if (s.empty() || d_.failed()) return 0;
  if (auto t = parse_instant(s)) return *t;
  d_.fail(ErrorCode::invalid_field, path_of(key),
          "\"" + std::string(key) + "\" must be a UTC date and time such as 2026-11-22T10:00:00Z (got \"" +
              s + "\")");
  return 0;
}

bool ObjectReader::boolean(std::string_view key) {
  const boost::json::value* v = get(key);
  if (!ok() || !v) return false;
  if (!v->is_bool()) {
    d_.fail(ErrorCode::invalid_field, path_of(key), "\"" + std::string(key) + "\" must be true or false");
    return false;
  }
  return v->get_bool();
}

void ObjectReader::finish() {
  if (!ok()) return;
  std::size_t at = 0;
  for (const auto& kv : *obj_) {
    const bool read = at < 64 ? (read_mask_ >> at & 1) != 0
                              : std::find(read_more_.begin(), read_more_.end(), at) != read_more_.end();
    ++at;
    if (!read) {
      d_.fail(ErrorCode::unknown_field, path_of(kv.key()),
              "unknown field \"" + std::string(kv.key()) + "\"");
      return;
    }
  }
}

}  // namespace runnerup::detail

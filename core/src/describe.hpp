// Private: one description per record type, the single list of its fields that drives its JSON
// decoding and encoding, its binary snapshot form (snapshot_binary.cpp) and its comparison.
//
//   template <> struct Fields<Opening> {
//     static constexpr auto list = std::make_tuple(
//         field("id", &Opening::id, AsId{Need::required}),
//         field("status", &Opening::status, AsCode<OpeningStatus>{}),
//         field("closeReason", &Opening::close_reason, AsText{}));
//   };
//
//   Opening o;
//   decode_fields(d, reader, o);       // reads each field in list order: the first error wins
//   encode_fields(object, o);          // writes each field in list order
//   equal_fields(a, b);                // compares each field
//
// A field names its JSON key, its member and its kind: how it is read and validated (a kind's
// read() gets the record decoded so far, for defaults and rules that depend on earlier fields)
// and how it is written. A field absent from the JSON keeps what the record holds: its default,
// or the base a patch is read over (the team's settings). A field `added` after records were first stored is left out of the JSON
// while it is empty (old records keep their exact bytes) and is in the binary snapshot from the
// version that added it.
#pragma once

#include <boost/json/value_from.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "json_read.hpp"
#include "runnerup/time.hpp"

namespace runnerup::detail {

template <class R, class M, class K>
struct Field {
  std::string_view key;
  M R::*member;
  K kind;
  bool omit_when_empty = false;
  std::uint32_t since = 1;  // the binary snapshot version that added it
};

template <class R, class M, class K>
constexpr Field<R, M, K> field(std::string_view key, M R::*member, K kind) {
  return {key, member, kind, false, 1};
}

// A field added in binary snapshot version `since`: written to JSON only when it holds something.
template <class R, class M, class K>
constexpr Field<R, M, K> added(std::uint32_t since, std::string_view key, M R::*member, K kind) {
  return {key, member, kind, true, since};
}

// Specialised per record type with `static constexpr auto list` (a tuple of fields).
template <class R>
struct Fields;

template <class R, class = void>
struct is_described : std::false_type {};
template <class R>
struct is_described<R, std::void_t<decltype(Fields<R>::list)>> : std::true_type {};
template <class R>
constexpr bool is_described_v = is_described<R>::value;

template <class R, class F>
void for_each_field(F&& f) {
  std::apply([&](const auto&... each) { (f(each), ...); }, Fields<R>::list);
}

// ---- kinds -----------------------------------------------------------------------------------

// A list of described records.
template <class T>
struct is_described_list : std::false_type {};
template <class T, class A>
struct is_described_list<std::vector<T, A>> : is_described<T> {};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

// What an `added` field holds when it holds nothing.
template <class T>
bool is_empty(const T& v) {
  if constexpr (is_optional<T>::value) return !v.has_value();
  else if constexpr (std::is_same_v<T, bool>) return !v;
  else if constexpr (std::is_arithmetic_v<T>) return v == 0;
  else if constexpr (std::is_enum_v<T> || is_described_v<T>) return false;
  else return v.empty();
}

struct AsText {
  Need need = Need::optional;
  Text lines = Text::line;
  std::size_t max = kMaxLine;
  template <class R>
  void read(Decoder&, ObjectReader& r, std::string_view key, std::string& out, const R&) const {
    out = r.text(key, need, lines, max);
  }
  void write(boost::json::object& o, std::string_view key, const std::string& v) const { o[key] = v; }
};

struct AsId {
  Need need = Need::optional;
  template <class R>
  void read(Decoder&, ObjectReader& r, std::string_view key, std::string& out, const R&) const {
    out = r.id(key, need);
  }
  void write(boost::json::object& o, std::string_view key, const std::string& v) const { o[key] = v; }
};

// A list of one-line texts; `check` (when given) validates it after it is read, `transform`
// (when given) rewrites it (skills are normalised).
using TextsCheck = void (*)(Decoder&, const std::string& path, const std::vector<std::string>&);
using TextsTransform = std::vector<std::string> (*)(const std::vector<std::string>&);
struct AsTexts {
  std::size_t max_len = kMaxLine;
  TextsCheck check = nullptr;
  TextsTransform transform = nullptr;
  template <class R>
  void read(Decoder& d, ObjectReader& r, std::string_view key, std::vector<std::string>& out, const R&) const {
    out = r.texts(key, max_len);
    if (check) check(d, r.path_of(key), out);
    if (transform) out = transform(out);
  }
  void write(boost::json::object& o, std::string_view key, const std::vector<std::string>& v) const {
    o[key] = string_array(v);
  }
};

template <class E>
struct AsCode {
  Need need = Need::optional;
  E fallback{};
  template <class R>
  void read(Decoder&, ObjectReader& r, std::string_view key, E& out, const R&) const {
    out = r.code(key, need, fallback);
  }
  void write(boost::json::object& o, std::string_view key, E v) const { o[key] = code_of(v); }
};

struct AsInt {
  long long min = 0, max = 0;
  Need need = Need::optional;
  template <class R>
  void read(Decoder&, ObjectReader& r, std::string_view key, int& out, const R&) const {
    out = static_cast<int>(r.integer(key, need, min, max, out));  // absent: what it holds
  }
  void write(boost::json::object& o, std::string_view key, int v) const { o[key] = v; }
};

struct AsInstant {
  Need need = Need::optional;
  template <class R>
  void read(Decoder&, ObjectReader& r, std::string_view key, Instant& out, const R&) const {
    out = r.instant(key, need);
  }
  void write(boost::json::object& o, std::string_view key, Instant v) const { o[key] = format_instant(v); }
};

// A time that may be absent, written as null then ("closedAt").
struct AsOptionalInstant {
  template <class R>
  void read(Decoder& d, ObjectReader& r, std::string_view key, std::optional<Instant>& out, const R&) const {
    if (r.get(key) && !d.failed()) out = r.instant(key, Need::required);
  }
  void write(boost::json::object& o, std::string_view key, const std::optional<Instant>& v) const {
    if (v) o[key] = format_instant(*v);
    else o[key] = nullptr;
  }
};

struct AsDate {
  Need need = Need::required;
  template <class R>
  void read(Decoder&, ObjectReader& r, std::string_view key, Date& out, const R&) const {
    if (auto day = r.date(key, need)) out = *day;
  }
  void write(boost::json::object& o, std::string_view key, Date v) const { o[key] = format_date(v); }
};

// A date that may be absent, written as null then.
struct AsOptionalDate {
  template <class R>
  void read(Decoder&, ObjectReader& r, std::string_view key, std::optional<Date>& out, const R&) const {
    out = r.date(key, Need::optional);
  }
  void write(boost::json::object& o, std::string_view key, const std::optional<Date>& v) const {
    if (v) o[key] = format_date(*v);
    else o[key] = nullptr;
  }
};

struct AsBool {
  template <class R>
  void read(Decoder&, ObjectReader& r, std::string_view key, bool& out, const R&) const {
    if (r.get(key)) out = r.boolean(key);  // absent: what it holds
  }
  void write(boost::json::object& o, std::string_view key, bool v) const { o[key] = v; }
};

// A yes or no that may be unanswered, written as null then ("renewalGranted").
struct AsOptionalBool {
  template <class R>
  void read(Decoder& d, ObjectReader& r, std::string_view key, std::optional<bool>& out, const R&) const {
    const boost::json::value* v = r.get(key);
    if (!v || d.failed()) return;
    if (!v->is_bool()) d.fail(ErrorCode::invalid_field, r.path_of(key), "\"" + std::string(key) + "\" must be true, false or null");
    else out = v->get_bool();
  }
  void write(boost::json::object& o, std::string_view key, const std::optional<bool>& v) const {
    if (v) o[key] = *v;
    else o[key] = nullptr;
  }
};

// ---- decode, encode, compare -----------------------------------------------------------------

template <class R>
void decode_fields(Decoder& d, ObjectReader& r, R& x) {
  for_each_field<R>([&](const auto& f) { f.kind.read(d, r, f.key, x.*f.member, x); });
}

template <class R>
void encode_fields(boost::json::object& o, const R& x) {
  for_each_field<R>([&](const auto& f) {
    if (!f.omit_when_empty || !is_empty(x.*f.member)) f.kind.write(o, f.key, x.*f.member);
  });
}

template <class T>
bool equal_values(const T& a, const T& b);

template <class R>
bool equal_fields(const R& a, const R& b) {
  bool same = true;
  for_each_field<R>([&](const auto& f) { same = same && equal_values(a.*f.member, b.*f.member); });
  return same;
}

template <class T>
bool equal_values(const T& a, const T& b) {
  if constexpr (is_described_v<T>) {
    return equal_fields(a, b);
  } else if constexpr (is_described_list<T>::value) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!equal_fields(a[i], b[i])) return false;
    return true;
  } else {
    return a == b;
  }
}

// Reads a whole object of type R by its description; `what` names it in errors ("a candidate").
template <class R>
Result<R> decode_record(const boost::json::value& v, const std::string& path, std::string_view what) {
  Decoder d;
  R x;
  ObjectReader r(d, v, path, what);
  decode_fields(d, r, x);
  r.finish();
  if (d.failed()) return d.error();
  return x;
}

template <class R>
void encode_record(boost::json::value& jv, const R& x) {
  boost::json::object o;
  encode_fields(o, x);
  jv = std::move(o);
}

// A check a description may add, run before the object's unknown fields are refused.
template <class R, class = void>
struct has_check : std::false_type {};
template <class R>
struct has_check<R, std::void_t<decltype(&Fields<R>::check)>> : std::true_type {};

// A nested object described by its own fields (`what` names it in errors: "a location").
template <class T>
struct AsObject {
  std::string_view what;
  template <class R>
  void read(Decoder& d, ObjectReader& r, std::string_view key, T& out, const R&) const {
    const boost::json::value* v = r.get(key);
    if (!v || d.failed()) return;
    ObjectReader nested(d, *v, r.path_of(key), what);
    decode_fields(d, nested, out);
    if constexpr (has_check<T>::value) Fields<T>::check(d, nested, out);
    nested.finish();
  }
  void write(boost::json::object& o, std::string_view key, const T& v) const {
    boost::json::object nested;
    encode_fields(nested, v);
    o[key] = std::move(nested);
  }
};

// A list of objects described by their own fields: "\"scores\" must be a list of up to 200 scores".
// With `UniqueIds`, two elements with the same "id" are refused at the second.
template <class T, bool UniqueIds = false>
struct AsObjects {
  std::string_view plural;  // "scores"
  std::string_view what;    // "an interview score"
  template <class R>
  void read(Decoder& d, ObjectReader& r, std::string_view key, std::vector<T>& out, const R&) const {
    const boost::json::value* v = r.get(key);
    if (!v || d.failed()) return;
    const boost::json::array* a = v->if_array();
    const std::string path = r.path_of(key);
    if (!a || a->size() > kMaxItems) {
      d.fail(ErrorCode::invalid_field, path,
             "\"" + std::string(key) + "\" must be a list of up to 200 " + std::string(plural));
      return;
    }
    for (std::size_t i = 0; i < a->size() && !d.failed(); ++i) {
      ObjectReader nested(d, (*a)[i], path + "/" + std::to_string(i), what);
      T x;
      decode_fields(d, nested, x);
      nested.finish();
      if constexpr (UniqueIds) {
        if (!d.failed())
          for (const T& earlier : out)
            if (earlier.id == x.id) {
              d.fail(ErrorCode::invalid_field, nested.path_of("id"),
                     "the " + std::string(what.substr(what.find(' ') + 1)) + " \"" + x.id + "\" appears twice");
              break;
            }
      }
      out.push_back(std::move(x));
    }
  }
  void write(boost::json::object& o, std::string_view key, const std::vector<T>& v) const {
    boost::json::array a;
    for (const T& x : v) a.push_back(boost::json::value_from(x));
    o[key] = std::move(a);
  }
};

}  // namespace runnerup::detail

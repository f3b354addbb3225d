// The binary snapshot: the same content as Pool::snapshot()'s JSON, for the browser's own
// storage, where the pool is restored on every open. At 100,000 people the JSON is 136 MB and
// parsing and validating it took ten seconds in wasm; this format is read field by field with a
// bounds check on every read and no parsing. It is not an exchange format (the JSON snapshot and
// the event log are). A snapshot of an older version still reads (the fields added since take
// their defaults); one of a newer version is refused, and the caller replays the log instead.
//
// Versions: 1 the first; 2 adds the unknown stage (stored as 0: version 1's stage bytes 0..4
// are applied..offer) and the ATS's own words and ids (the fields record_fields.hpp marks
// `added(2, ...)`); 3 adds the consent's storage limit from the ATS.
//
// Layout: "RUSNAPB\n", u32 format version, u64 checksum of the body, u64 body length, body.
// The body: varints (LEB128; signed values zigzag-encoded), strings as length + bytes, lists and
// maps as count + elements, records as their fields in the order of their description.
#include <algorithm>
#include <any>
#include <cstring>
#include <limits>
#include <optional>
#include <tuple>
#include <type_traits>

#include "record_fields.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/taxonomy.hpp"

namespace runnerup {

namespace {

constexpr char kMagic[8] = {'R', 'U', 'S', 'N', 'A', 'P', 'B', '\n'};
constexpr std::uint32_t kBinaryVersion = 3;
constexpr std::uint32_t kOldestBinaryVersion = 1;
constexpr std::size_t kHeader = 8 + 4 + 8 + 8;

// A 64-bit checksum of the body, eight bytes at a time (a damaged store must not restore as
// garbage). Taken in pieces by a restore in steps: words() over whole words, then finish().
class Checksum {
 public:
  explicit Checksum(std::size_t n) : h_(0x9E3779B97F4A7C15ull ^ n) {}
  // Whole words from `p` (n a multiple of 8).
  void words(const char* p, std::size_t n) {
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      h_ = (h_ ^ w) * 0xff51afd7ed558ccdull;
      h_ ^= h_ >> 29;
    }
  }
  // The bytes after the last whole word (fewer than 8).
  std::uint64_t finish(const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) h_ = (h_ ^ static_cast<unsigned char>(p[i])) * 0x100000001b3ull;
    return h_ ^ (h_ >> 32);
  }

 private:
  std::uint64_t h_;
};

std::uint64_t checksum(const char* p, std::size_t n) {
  Checksum c(n);
  const std::size_t whole = n / 8 * 8;
  c.words(p, whole);
  return c.finish(p + whole, n - whole);
}

// The largest value of each enum the snapshot holds, from its vocabulary (taxonomy.hpp): a
// stored byte beyond it is damage.
template <class E>
constexpr unsigned enum_max() {
  return static_cast<unsigned>(std::tuple_size_v<std::remove_const_t<decltype(Vocabulary<E>::items)>>) - 1;
}

// A field added in format `version`: always written, read only from snapshots that have it.
template <class T>
struct Since {
  std::uint32_t version;
  T& field;
};
template <class T>
Since<T> since(std::uint32_t version, T& field) {
  return {version, field};
}

// The records of records.hpp, lifecycle.hpp and privacy.hpp: their fields in the order of their one
// description (record_fields.hpp), for both directions (`X` is the record or const record).
template <class A, class X>
std::enable_if_t<detail::is_described_v<std::remove_const_t<X>>> each_field(A& a, X& x) {
  detail::for_each_field<std::remove_const_t<X>>([&](const auto& f) {
    if (f.since > 1) a(since(f.since, x.*f.member));
    else a(x.*f.member);
  });
}

// The other records' fields, once, for both directions.
#define RUNNERUP_FIELDS(T, ...)                                      \
  template <class A, class X>                                        \
  std::enable_if_t<std::is_same_v<std::remove_const_t<X>, T>> each_field(A& a, X& x) { \
    a(__VA_ARGS__);                                                  \
  }
RUNNERUP_FIELDS(RequisitionProgress, x.back_outs, x.reopened_for)
RUNNERUP_FIELDS(AuditEntry, x.type, x.by, x.at, x.candidate_id, x.detail)
#undef RUNNERUP_FIELDS

template <class T> struct is_map : std::false_type {};
template <class K, class V, class C, class Al> struct is_map<std::map<K, V, C, Al>> : std::true_type {};
template <class T> struct is_vector : std::false_type {};
template <class T, class Al> struct is_vector<std::vector<T, Al>> : std::true_type {};

class Writer {
 public:
  std::string out;

  template <class... T>
  void operator()(const T&... x) {
    (put(x), ...);
  }
  // The count before a list's or a map's elements (written one by one after it).
  void count(std::size_t n) { varint(n); }

 private:
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      out.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out.push_back(static_cast<char>(v));
  }
  void put(const std::string& s) {
    varint(s.size());
    out.append(s);
  }
  void put(std::string_view s) {  // the audit entry's type
    varint(s.size());
    out.append(s.data(), s.size());
  }
  void put(bool b) { out.push_back(b ? 1 : 0); }
  template <class T>
  void put(const std::optional<T>& o) {
    put(o.has_value());
    if (o) put(*o);
  }
  template <class T>
  void put(const std::vector<T>& v) {
    varint(v.size());
    for (const T& x : v) put(x);
  }
  template <class K, class V>
  void put(const std::pair<K, V>& p) {
    put(p.first);
    put(p.second);
  }
  template <class T>
  void put(const Since<T>& s) {
    put(s.field);
  }
  template <class T>
  void put(const T& x) {
    if constexpr (std::is_enum_v<T>) {
      out.push_back(static_cast<char>(static_cast<std::uint8_t>(x)));
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      const auto v = static_cast<std::int64_t>(x);
      varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
    } else if constexpr (std::is_integral_v<T>) {
      varint(static_cast<std::uint64_t>(x));
    } else {
      each_field(*this, x);
    }
  }
};

class Reader {
 public:
  Reader(const char* p, const char* end, std::uint32_t version) : p_(p), end_(end), version_(version) {}
  bool ok() const { return ok_; }
  bool at_end() const { return p_ == end_; }
  const char* at() const { return p_; }

  template <class... T>
  void operator()(T&&... x) {
    (get(x), ...);
  }
  template <class T>
  void get(T& x) {
    if (!ok_) return;
    if constexpr (std::is_same_v<T, Stage>) {
      unsigned b = byte();
      if (version_ < 2) ++b;  // version 1 had no unknown stage: its 0 is applied
      if (b > enum_max<T>()) return fail();
      x = static_cast<T>(b);
    } else if constexpr (std::is_enum_v<T>) {
      const unsigned b = byte();
      if (b > enum_max<T>()) return fail();
      x = static_cast<T>(b);
    } else if constexpr (std::is_same_v<T, bool>) {
      const unsigned b = byte();
      if (b > 1) return fail();
      x = b == 1;
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      const std::uint64_t z = varint();
      const auto v = static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1));
      if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
          v > static_cast<std::int64_t>(std::numeric_limits<T>::max()))
        return fail();
      x = static_cast<T>(v);
    } else if constexpr (std::is_integral_v<T>) {
      const std::uint64_t v = varint();
      if (v > std::numeric_limits<T>::max()) return fail();
      x = static_cast<T>(v);
    } else {
      each_field(*this, x);
    }
  }
  void get(std::string& s) {
    const std::size_t n = count(1);
    if (!ok_) return;
    s.assign(p_, n);
    p_ += n;
  }
  void get(std::string_view& type) {  // the audit entry's type: one of two literals
    std::string s;
    get(s);
    if (s == "erased") type = "erased";
    else if (s == "access_exported") type = "access_exported";
    else fail();
  }
  template <class T>
  void get(std::optional<T>& o) {
    bool has = false;
    get(has);
    if (!ok_ || !has) return;
    T x{};
    get(x);
    o = std::move(x);
  }
  template <class T>
  void get(std::vector<T>& v) {
    const std::size_t n = count(1);
    v.clear();
    v.reserve(n);
    for (std::size_t i = 0; i < n && ok_; ++i) {
      v.emplace_back();
      get(v.back());
    }
  }
  template <class K, class V>
  void get(std::pair<K, V>& p) {
    get(p.first);
    get(p.second);
  }
  template <class T>
  void get(Since<T>& s) {
    if (version_ >= s.version) get(s.field);
  }
  // A count of elements of at least `min_bytes` each: more than the bytes left is damage.
  std::size_t count(std::size_t min_bytes) {
    const std::uint64_t n = varint();
    if (!ok_ || n > static_cast<std::uint64_t>(end_ - p_) / min_bytes) {
      fail();
      return 0;
    }
    return static_cast<std::size_t>(n);
  }

 private:
  unsigned byte() {
    if (p_ == end_) {
      fail();
      return 0;
    }
    return static_cast<unsigned char>(*p_++);
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const unsigned b = byte();
      if (!ok_) return 0;
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    fail();
    return 0;
  }
  void fail() {
    ok_ = false;
    p_ = end_;
  }

  const char* p_;
  const char* end_;
  std::uint32_t version_;
  bool ok_ = true;
};

void put_u64(std::string& out, std::size_t at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

// The header before the body: magic and version now, checksum and length once the body is there.
std::string open_header() {
  std::string out(kHeader, '\0');
  std::memcpy(out.data(), kMagic, 8);
  for (int i = 0; i < 4; ++i) out[8 + i] = static_cast<char>((kBinaryVersion >> (8 * i)) & 0xff);
  return out;
}
void close_header(std::string& out) {
  const std::size_t body = out.size() - kHeader;
  put_u64(out, 12, checksum(out.data() + kHeader, body));
  put_u64(out, 20, body);
}
std::uint64_t get_u64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

// The State's fields in the order the body holds them (written and read through this one list).
template <class S>
auto fields_of(S& s) {
  return std::tie(s.candidates, s.requisitions, s.saved_requisitions, s.outcomes, s.flags, s.feedback_requests,
                  s.feedback, s.touchpoints, s.follow_ups, s.progress, s.consents, s.retention_by_candidate,
                  s.retention_by_requisition, s.erased, s.audit, s.settings);
}
constexpr std::size_t kFields = std::tuple_size_v<decltype(fields_of(std::declval<State&>()))>;

// Calls f with the k-th element of the tuple.
template <class Tuple, class F, std::size_t... I>
void visit_field(Tuple&& t, std::size_t k, F&& f, std::index_sequence<I...>) {
  ((k == I ? f(std::get<I>(t)) : void()), ...);
}

}  // namespace

// The writer's place: the ids (sorted once, at the first step), then the State's fields one entry
// at a time (the field, whether its count is written, where in it the next entry is).
struct BinarySnapshotWriter::Impl {
  enum class Phase { ids, fields, done };

  explicit Impl(const Pool& p) : pool(&p), changes(p.changes()) {
    w.out.reserve(kHeader + p.snapshot_bytes_ + p.snapshot_bytes_ / 8);
    w.out.append(open_header());
    const State& s = p.state_;
    std::apply([&](const auto&... f) { ((total += entries_of(f)), ...); }, fields_of(s));
  }

  template <class T>
  static std::size_t entries_of(const T& x) {
    if constexpr (is_map<T>::value || is_vector<T>::value) return x.size();
    else return 1;
  }

  void fail(Error e) {
    status = std::move(e);
    phase = Phase::done;
    std::string().swap(w.out);
  }

  void write_ids(std::size_t& budget) {
    if (!ids_sorted) {
      ids = pool->sorted_ids();
      total += ids.size();
      ids_sorted = true;
      w(pool->clock_);
      w.count(ids.size());
    }
    for (; at < ids.size() && budget > 0; ++at, --budget, ++written) w(ids[at]);
    if (at < ids.size()) return;
    std::vector<std::string_view>().swap(ids);
    phase = Phase::fields;
  }

  template <class T>
  void write_field(const T& x, std::size_t& budget) {
    if constexpr (is_map<T>::value || is_vector<T>::value) {
      if (!counted) {
        w.count(x.size());
        position = x.begin();
        counted = true;
      }
      auto& it = std::any_cast<typename T::const_iterator&>(position);
      for (; it != x.end() && budget > 0; ++it, --budget, ++written) w(*it);
      if (it != x.end()) return;
    } else {
      w(x);
      budget -= std::min<std::size_t>(budget, 1);
      ++written;
    }
    ++field;
    counted = false;
    position.reset();
  }

  void write_fields(std::size_t& budget) {
    while (budget > 0 && field < kFields)
      visit_field(fields_of(pool->state_), field, [&](const auto& x) { write_field(x, budget); },
                  std::make_index_sequence<kFields>{});
    if (field < kFields) return;
    close_header(w.out);
    pool->snapshot_bytes_ = w.out.size();
    phase = Phase::done;
  }

  void step(std::size_t budget) {
    if (phase == Phase::done) return;
    if (pool->changes() != changes)
      return fail({ErrorCode::conflict, "", "the pool changed while its snapshot was being written: start again"});
    while (budget > 0 && phase != Phase::done) {
      if (phase == Phase::ids) write_ids(budget);
      else write_fields(budget);
    }
  }

  const Pool* pool;
  std::uint64_t changes;
  Status status = ok_status();
  Phase phase = Phase::ids;
  Writer w;
  bool ids_sorted = false;
  std::vector<std::string_view> ids;
  std::size_t at = 0;
  std::size_t field = 0;
  bool counted = false;
  std::any position;  // the field's const_iterator
  std::size_t written = 0, total = 0;
};

BinarySnapshotWriter::BinarySnapshotWriter(const Pool& pool) : impl_(std::make_unique<Impl>(pool)) {}
BinarySnapshotWriter::~BinarySnapshotWriter() = default;
BinarySnapshotWriter::BinarySnapshotWriter(BinarySnapshotWriter&&) noexcept = default;
BinarySnapshotWriter& BinarySnapshotWriter::operator=(BinarySnapshotWriter&&) noexcept = default;

bool BinarySnapshotWriter::step(std::size_t work) {
  if (!impl_) return true;
  impl_->step(work);
  return done();
}
bool BinarySnapshotWriter::done() const { return !impl_ || impl_->phase == Impl::Phase::done; }
double BinarySnapshotWriter::progress() const {
  if (done()) return 1;
  return impl_->total == 0 ? 0 : std::min(0.99, static_cast<double>(impl_->written) / static_cast<double>(impl_->total));
}
const Status& BinarySnapshotWriter::status() const {
  static const Status spent = Error{ErrorCode::conflict, "", "this snapshot was taken already"};
  return impl_ ? impl_->status : spent;
}
std::string BinarySnapshotWriter::take() {
  if (!impl_ || impl_->phase != Impl::Phase::done || !impl_->status) return {};
  std::string out = std::move(impl_->w.out);
  impl_.reset();
  return out;
}

std::string Pool::snapshot_binary() const {
  BinarySnapshotWriter w(*this);
  w.step(std::numeric_limits<std::size_t>::max());
  return w.take();
}

namespace {

std::uint32_t version_of(std::string_view bytes) {
  std::uint32_t version = 0;
  for (int i = 0; i < 4; ++i) version |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
  return version;
}


Error damaged(const std::string& why) {
  return Error{ErrorCode::invalid_field, "", "the stored snapshot cannot be read (" + why + ")"};
}

}  // namespace

// The restore's place: checking (the checksum so far), the event ids, the State's fields one
// entry at a time (the field, whether its count is read, how many entries it has left).
struct BinaryRestore::Impl {
  enum class Phase { check, ids, fields, done };

  // `trusted`: bytes a restore has checked already (a base decoded again): no check, no ids kept.
  Impl(std::string b, bool trusted) : bytes(std::move(b)), keep_ids(!trusted), sum(body_size()) {
    if (trusted) begin_decoding();
  }

  std::size_t body_size() const { return bytes.size() < kHeader ? 0 : bytes.size() - kHeader; }

  void fail(Error e) {
    status = std::move(e);
    phase = Phase::done;
  }

  void begin_decoding() {
    r.emplace(bytes.data() + kHeader, bytes.data() + bytes.size(), version_of(bytes));
    r->get(clock);
    left = r->count(1);
    if (keep_ids) ids.reserve(left, std::min(bytes.size(), left * 24));
    phase = Phase::ids;
  }

  // The header, then the checksum `budget` units of 512 bytes at a time.
  void check(std::size_t& budget) {
    if (checked == 0) {
      if (Status st = check_header(); !st) return fail(st.error());
    }
    const char* body = bytes.data() + kHeader;
    const std::size_t whole = body_size() / 8 * 8;
    const std::size_t room = budget > std::numeric_limits<std::size_t>::max() / 512 ? whole : budget * 512;
    const std::size_t n = std::min(room, whole - checked);
    sum.words(body + checked, n);
    checked += n;
    budget -= std::min(budget, (n + 511) / 512);
    if (checked < whole) return;
    if (sum.finish(body + whole, body_size() - whole) != get_u64(bytes.data() + 12))
      return fail(damaged("its checksum does not match"));
    begin_decoding();
  }

  Status check_header() const {
    if (bytes.size() < kHeader || std::memcmp(bytes.data(), kMagic, 8) != 0) return damaged("not a binary snapshot");
    const std::uint32_t version = version_of(bytes);
    if (version < kOldestBinaryVersion || version > kBinaryVersion)
      return Error{ErrorCode::unsupported_version, "",
                   "binary snapshot version " + std::to_string(version) + " is not supported (this build reads versions " +
                       std::to_string(kOldestBinaryVersion) + " to " + std::to_string(kBinaryVersion) + ")"};
    if (get_u64(bytes.data() + 20) != body_size()) return damaged("it is cut short");
    return ok_status();
  }

  void read_ids(std::size_t& budget) {
    for (; left > 0 && budget > 0 && r->ok(); --left, --budget) {
      r->get(id);
      if (keep_ids && r->ok() && !ids.append(id)) return fail(damaged("its content does not match its layout"));  // written sorted and unique
    }
    if (left == 0 || !r->ok()) phase = Phase::fields;
  }

  // The next entries of the field being read: a map's or a list's `budget` next, or a record whole.
  template <class T>
  void read_field(T& x, std::size_t& budget) {
    if constexpr (is_map<T>::value) {
      if (!counted) left = r->count(2);
      counted = true;
      for (; left > 0 && budget > 0 && r->ok(); --left, --budget) {
        std::pair<typename T::key_type, typename T::mapped_type> kv;
        r->get(kv.first);
        r->get(kv.second);
        if (r->ok()) x.emplace_hint(x.end(), std::move(kv));  // written in order: each goes at the end
      }
    } else if constexpr (is_vector<T>::value) {
      if (!counted) {
        left = r->count(1);
        x.clear();
        x.reserve(left);
      }
      counted = true;
      for (; left > 0 && budget > 0 && r->ok(); --left, --budget) {
        x.emplace_back();
        r->get(x.back());
      }
    } else {
      r->get(x);
      left = 0;
      budget -= std::min<std::size_t>(budget, 1);
    }
    if (left == 0 || !r->ok()) {
      ++field;
      counted = false;
    }
  }

  void read_fields(std::size_t& budget) {
    while (budget > 0 && field < kFields && r->ok())
      visit_field(fields_of(s), field, [&](auto& x) { read_field(x, budget); }, std::make_index_sequence<kFields>{});
    if (field < kFields && r->ok()) return;
    if (!r->ok() || !r->at_end()) return fail(damaged("its content does not match its layout"));
    s.index_outcomes();
    phase = Phase::done;
  }

  void step(std::size_t budget) {
    while (budget > 0 && phase != Phase::done) {
      switch (phase) {
        case Phase::check: check(budget); break;
        case Phase::ids: read_ids(budget); break;
        case Phase::fields: read_fields(budget); break;
        case Phase::done: break;
      }
    }
  }

  double progress() const {
    if (phase == Phase::done) return 1;
    if (!r) return body_size() == 0 ? 0 : 0.1 * static_cast<double>(checked) / static_cast<double>(body_size());
    const double read = static_cast<double>(r->at() - (bytes.data() + kHeader)) / static_cast<double>(std::max<std::size_t>(1, body_size()));
    return std::min(0.99, 0.1 + 0.9 * read);
  }

  std::string bytes;
  bool keep_ids;
  Status status = ok_status();
  Phase phase = Phase::check;
  Checksum sum;
  std::size_t checked = 0;  // body bytes checksummed
  std::optional<Reader> r;
  std::uint64_t clock = 0;
  IdSet ids;
  std::string id;
  State s;
  std::size_t field = 0;  // which of the State's fields is being read
  bool counted = false;   // whether its count is read
  std::size_t left = 0;   // the ids, or the field's entries, still to read
};

BinaryRestore::BinaryRestore(std::string bytes) : impl_(std::make_unique<Impl>(std::move(bytes), false)) {}
BinaryRestore::~BinaryRestore() = default;
BinaryRestore::BinaryRestore(BinaryRestore&&) noexcept = default;
BinaryRestore& BinaryRestore::operator=(BinaryRestore&&) noexcept = default;

bool BinaryRestore::step(std::size_t work) {
  if (!impl_) return true;
  impl_->step(work);
  return done();
}
bool BinaryRestore::done() const { return !impl_ || impl_->phase == Impl::Phase::done; }
double BinaryRestore::progress() const { return impl_ ? impl_->progress() : 1; }
const Status& BinaryRestore::status() const {
  static const Status moved = Error{ErrorCode::conflict, "", "this restore was handed over already"};
  return impl_ ? impl_->status : moved;
}

std::string seal_binary_snapshot(std::string_view body) {
  std::string out = open_header();
  out.append(body.data(), body.size());
  close_header(out);
  return out;
}

Status Pool::restore_binary(std::string bytes) {
  BinaryRestore r(std::move(bytes));
  r.step(std::numeric_limits<std::size_t>::max());
  return restore_binary(std::move(r));
}

Status Pool::restore_binary(BinaryRestore&& restored) {
  if (!restored.done())
    return Error{ErrorCode::conflict, "", "the binary snapshot is not restored yet (it is restored in steps: step() until done)"};
  if (!restored.status()) return restored.status();
  BinaryRestore::Impl& m = *restored.impl_;
  snapshot_bytes_ = m.bytes.size();
  // The base (what a refold starts from) is the same state: decoded again from the bytes only
  // if a late event or an erasure needs it, instead of copying 100,000 people on every open.
  adopt_snapshot(std::move(m.s), m.clock, std::move(m.ids), std::move(m.bytes));
  restored.impl_.reset();
  return ok_status();
}

State& Pool::base() {
  if (!base_bytes_.empty()) {
    // checked when restored: it decodes
    BinaryRestore::Impl m(std::move(base_bytes_), true);
    m.step(std::numeric_limits<std::size_t>::max());
    base_ = std::move(m.s);
    std::string().swap(base_bytes_);
  }
  return base_;
}

}  // namespace runnerup
